//! Scope of rules: a rule watches only what the token that last wrote it may see, so a
//! token limited to some devices cannot watch (or send webhooks about) anyone else's. A
//! token limited to some devices or pools sees and changes only the rules that watch
//! nothing beyond them.

use crate::access::identity::Identity;
use crate::error::ApiError;
use crate::store::alert_rules::{RuleOwner, StoredRule};
use cmp_api::proxy_api::alert_rule::{AlertRule, Condition, RuleDraft};

/// What a rule watches at most: devices or pools, `None` meaning every one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// Devices (device use, order pushes).
    Devices(Option<Vec<String>>),
    /// Traffic pools (pool use, pool exhaustion).
    Pools(Option<Vec<String>>),
}

impl Watched {
    /// Whether `id` (a device or a pool, as the rule watches) is watched.
    pub fn covers(&self, id: &str) -> bool {
        let list = match self {
            Watched::Devices(l) | Watched::Pools(l) => l,
        };
        list.as_ref().is_none_or(|l| l.iter().any(|x| x == id))
    }
}

/// `list` within `scope`: the ids of the list the scope allows (`None` for either: no limit).
fn within(list: Option<&Vec<String>>, scope: Option<&Vec<String>>) -> Option<Vec<String>> {
    match (list, scope) {
        (None, None) => None,
        (Some(l), None) => Some(l.clone()),
        (None, Some(s)) => Some(s.clone()),
        (Some(l), Some(s)) => Some(l.iter().filter(|x| s.contains(x)).cloned().collect()),
    }
}

/// What `rule`, written by `owner`, watches at most.
pub fn watched(rule: &RuleDraft, owner: &RuleOwner) -> Watched {
    match &rule.condition {
        Condition::DeviceUse { devices, .. } => {
            Watched::Devices(within(devices.as_ref(), owner.devices.as_ref()))
        }
        Condition::OrderPush { .. } => Watched::Devices(owner.devices.clone()),
        Condition::PoolUse { pools, .. } | Condition::PoolExhaustion { pools } => {
            Watched::Pools(within(pools.as_ref(), owner.pools.as_ref()))
        }
    }
}

/// Whether `who` may see (and, as an admin, change) `stored`: everything it watches is
/// within `who`'s devices or pools.
pub fn visible_to(who: &Identity, stored: &StoredRule) -> bool {
    let (watched, mine) = match watched(&stored.rule.rule, &stored.owner) {
        Watched::Devices(w) => (w, &who.devices),
        Watched::Pools(w) => (w, &who.pools),
    };
    match (mine, watched) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(mine), Some(w)) => w.iter().all(|x| mine.contains(x)),
    }
}

/// Refuses a draft that names a device or pool `who` may not see, naming the list item.
pub fn check_names(who: &Identity, draft: &RuleDraft) -> Result<(), ApiError> {
    let (list, field, what) = match &draft.condition {
        Condition::DeviceUse { devices, .. } => (devices, "condition.devices", "device"),
        Condition::PoolUse { pools, .. } | Condition::PoolExhaustion { pools } => {
            (pools, "condition.pools", "pool")
        }
        Condition::OrderPush { .. } => return Ok(()),
    };
    for (i, id) in list.iter().flatten().enumerate() {
        let allowed = if what == "device" {
            who.may_see(id)
        } else {
            who.may_see_pool(id)
        };
        if !allowed {
            return Err(ApiError::RefusedField {
                field: format!("{field}[{i}]"),
                message: format!("{what} {id} is not one your token may see; list only your own"),
            });
        }
    }
    Ok(())
}

/// `rule` as a non-admin sees it: webhook URLs cut to their scheme and host, since their
/// paths often carry the receiver's secret (Slack's do).
pub fn redacted(mut rule: AlertRule) -> AlertRule {
    for hook in &mut rule.rule.delivery.webhooks {
        hook.url = redact_url(&hook.url);
    }
    rule
}

/// `https://host/…` for any URL with a path, query or user info.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "…".into();
    };
    match cmp_api::proxy_api::alert_rule::webhook_host(rest) {
        Some(host) if host.contains(':') => format!("{scheme}://[{host}]/…"),
        Some(host) => format!("{scheme}://{host}/…"),
        None => "…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::identity::Role;

    fn owner(devices: Option<&[&str]>) -> RuleOwner {
        RuleOwner {
            name: "o".into(),
            devices: devices.map(|d| d.iter().map(|s| s.to_string()).collect()),
            pools: None,
        }
    }

    fn device_rule(devices: Option<&[&str]>) -> RuleDraft {
        RuleDraft {
            name: "r".into(),
            condition: Condition::DeviceUse {
                percent: 80,
                devices: devices.map(|d| d.iter().map(|s| s.to_string()).collect()),
            },
            delivery: Default::default(),
            enabled: true,
        }
    }

    #[test]
    fn a_rule_watches_its_list_within_its_writers_scope() {
        let w = watched(&device_rule(Some(&["A", "B"])), &owner(Some(&["B", "C"])));
        assert_eq!(w, Watched::Devices(Some(vec!["B".into()])));
        assert!(w.covers("B") && !w.covers("A"));
        let all = watched(&device_rule(None), &owner(None));
        assert!(all.covers("anything"));
        let theirs = watched(&device_rule(None), &owner(Some(&["C"])));
        assert!(theirs.covers("C") && !theirs.covers("A"));
    }

    #[test]
    fn a_scoped_token_sees_only_rules_within_its_devices() {
        let who = Identity {
            name: "c".into(),
            role: Role::Viewer,
            devices: Some(vec!["A".into()]),
            pools: Some(vec![]),
            embed: None,
        };
        let stored = |rule, o| StoredRule {
            rule: AlertRule {
                id: 1,
                rule,
                created_at: String::new(),
                updated_at: String::new(),
                updated_by: String::new(),
            },
            owner: o,
        };
        assert!(visible_to(
            &who,
            &stored(device_rule(Some(&["A"])), owner(None))
        ));
        assert!(!visible_to(&who, &stored(device_rule(None), owner(None))));
        assert!(visible_to(
            &who,
            &stored(device_rule(None), owner(Some(&["A"])))
        ));
        assert!(!visible_to(
            &who,
            &stored(device_rule(Some(&["A", "B"])), owner(None))
        ));
    }

    #[test]
    fn urls_lose_their_paths_for_viewers() {
        assert_eq!(
            redact_url("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(redact_url("http://[::1]:9000/x"), "http://[::1]/…");
        assert_eq!(redact_url("nonsense"), "…");
    }
}
