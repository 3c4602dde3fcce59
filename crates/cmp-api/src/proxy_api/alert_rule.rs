//! Usage alert rules (`/api/alerts/rules`), as admins write them in the Alerts page and the
//! proxy stores and evaluates them: what to watch ([`Condition`]), who hears of it
//! ([`Delivery`]), a name and an on/off switch. [`RuleDraft::check`] is the one validation
//! the SPA's form and the proxy's API both run, so a rule refused in the browser is refused
//! for the same reason, in the same words, when a script sends it.

use crate::codes::PushOperation;
use crate::validate::{CodeField, code};
use serde::{Deserialize, Serialize};

/// Path of the rules: `GET` lists them, `POST` adds one.
pub const ALERT_RULES_PATH: &str = "/api/alerts/rules";

/// Path of one rule (`PUT` replaces it, `DELETE` removes it).
pub fn alert_rule_path(id: u64) -> String {
    format!("{ALERT_RULES_PATH}/{id}")
}

/// Longest rule name, in characters.
pub const MAX_RULE_NAME_CHARS: usize = 80;
/// Most devices or pools one rule may list (more: leave the list out to watch all).
pub const MAX_RULE_SUBJECTS: usize = 1000;
/// Most outbound webhooks per rule.
pub const MAX_RULE_WEBHOOKS: usize = 5;
/// Longest webhook URL, in characters.
pub const MAX_WEBHOOK_URL_CHARS: usize = 2000;

/// What a rule watches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// A device's plan use this cycle at or above `percent` of the cycle's volume.
    DeviceUse {
        /// Threshold, 1–100 (100 = the plan is used up).
        percent: u8,
        /// Only these devices; `None` watches every device the rule's owner may see.
        #[serde(default)]
        devices: Option<Vec<String>>,
    },
    /// A pool's use at or above `percent` of its quota.
    PoolUse {
        /// Threshold, 1–100.
        percent: u8,
        /// Only these pools; `None` watches every pool.
        #[serde(default)]
        pools: Option<Vec<String>>,
    },
    /// A pool projected to run out before its period ends, at its average rate so far
    /// ([`crate::pool_figures::project_pool`], as the Pools page shows it).
    PoolExhaustion {
        /// Only these pools; `None` watches every pool.
        #[serde(default)]
        pools: Option<Vec<String>>,
    },
    /// An order-status push of one of these operations (e.g. 1001 ended early, 1002
    /// cancelled, 1008 expired).
    OrderPush {
        /// The operations that fire the rule.
        operations: Vec<PushOperation>,
    },
}

/// How an outbound webhook's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// The alert as JSON.
    #[default]
    Json,
    /// `{"text": "…"}`, which Slack's and compatible incoming webhooks post as a message.
    Slack,
}

/// One outbound webhook of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    /// An `https://` (or, for a receiver on the same host, `http://localhost`) URL; its host
    /// must be in the proxy's `CMP_ALERT_WEBHOOK_ALLOW`.
    pub url: String,
    /// The body's shape.
    #[serde(default)]
    pub format: WebhookFormat,
}

/// Who hears of a rule's alerts besides the dashboard (which always shows them).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delivery {
    /// Outbound webhooks, each sent every alert once.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

/// A rule as written in the form or sent to `POST`/`PUT /api/alerts/rules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    /// A name people recognise in the bell and in messages.
    pub name: String,
    /// What to watch.
    pub condition: Condition,
    /// Where alerts go besides the dashboard.
    #[serde(default)]
    pub delivery: Delivery,
    /// Off: kept, not evaluated.
    #[serde(default = "on")]
    pub enabled: bool,
}

fn on() -> bool {
    true
}

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRule {
    /// The store's id.
    pub id: u64,
    /// The rule as last written.
    #[serde(flatten)]
    pub rule: RuleDraft,
    /// When it was created and last changed, UTC, `YYYY-MM-DDThh:mm:ssZ`.
    pub created_at: String,
    /// See `created_at`.
    pub updated_at: String,
    /// The name of the token that last wrote it (as the audit log names it).
    #[serde(default)]
    pub updated_by: String,
}

/// The `data` of `GET /api/alerts/rules`: every rule the caller may see, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleList {
    /// The rules.
    #[serde(default)]
    pub rules: Vec<AlertRule>,
}

/// Why a draft is refused: the member at fault (as the JSON names it, with an index for a
/// list's item) and a sentence saying what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleProblem {
    /// E.g. `condition.percent` or `delivery.webhooks[1].url`.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> RuleProblem {
    RuleProblem {
        field: field.into(),
        message: message.into(),
    }
}

impl RuleDraft {
    /// The draft with its name trimmed and its lists cleaned (ids trimmed, repeats dropped),
    /// or the first problem found.
    pub fn check(mut self) -> Result<RuleDraft, RuleProblem> {
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            return Err(problem(
                "name",
                "give the rule a name people will recognise",
            ));
        }
        if self.name.chars().count() > MAX_RULE_NAME_CHARS {
            return Err(problem(
                "name",
                format!("keep the name to {MAX_RULE_NAME_CHARS} characters"),
            ));
        }
        self.condition = check_condition(self.condition)?;
        self.delivery = check_delivery(self.delivery)?;
        Ok(self)
    }
}

fn check_condition(condition: Condition) -> Result<Condition, RuleProblem> {
    Ok(match condition {
        Condition::DeviceUse { percent, devices } => Condition::DeviceUse {
            percent: check_percent(percent)?,
            devices: devices
                .map(|list| subjects(list, "condition.devices", "device", check_device))
                .transpose()?,
        },
        Condition::PoolUse { percent, pools } => Condition::PoolUse {
            percent: check_percent(percent)?,
            pools: pools
                .map(|list| subjects(list, "condition.pools", "pool", check_pool))
                .transpose()?,
        },
        Condition::PoolExhaustion { pools } => Condition::PoolExhaustion {
            pools: pools
                .map(|list| subjects(list, "condition.pools", "pool", check_pool))
                .transpose()?,
        },
        Condition::OrderPush { mut operations } => {
            if operations.is_empty() {
                return Err(problem(
                    "condition.operations",
                    "choose at least one order operation, e.g. 1002 (cancelled)",
                ));
            }
            let mut seen = Vec::new();
            operations.retain(|op| {
                let fresh = !seen.contains(op);
                seen.push(op.clone());
                fresh
            });
            Condition::OrderPush { operations }
        }
    })
}

fn check_percent(percent: u8) -> Result<u8, RuleProblem> {
    if (1..=100).contains(&percent) {
        Ok(percent)
    } else {
        Err(problem(
            "condition.percent",
            format!("{percent} % is not a threshold: use 1 to 100 (100 = used up)"),
        ))
    }
}

/// Any device id the lookup accepts: MiFi, module and SoC devices are not ICCIDs.
fn check_device(id: &str) -> Result<String, String> {
    code(CodeField::DeviceLookup, id).map_err(|e| e.to_string())
}

fn check_pool(id: &str) -> Result<String, String> {
    code(CodeField::PoolId, id).map_err(|e| e.to_string())
}

/// A list of ids, each checked, trimmed and kept once; an empty list is refused (leave the
/// list out to watch every one).
fn subjects(
    list: Vec<String>,
    field: &str,
    what: &str,
    check: fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, RuleProblem> {
    if list.is_empty() {
        return Err(problem(
            field,
            format!("list at least one {what}, or leave the list out to watch every {what}"),
        ));
    }
    if list.len() > MAX_RULE_SUBJECTS {
        return Err(problem(
            field,
            format!(
                "{} {what}s listed; a rule may list at most {MAX_RULE_SUBJECTS} (leave the list out to watch every {what})",
                list.len()
            ),
        ));
    }
    let mut kept: Vec<String> = Vec::with_capacity(list.len());
    for (i, id) in list.iter().enumerate() {
        let id = check(id).map_err(|e| problem(format!("{field}[{i}]"), e))?;
        if !kept.contains(&id) {
            kept.push(id);
        }
    }
    Ok(kept)
}

fn check_delivery(delivery: Delivery) -> Result<Delivery, RuleProblem> {
    if delivery.webhooks.len() > MAX_RULE_WEBHOOKS {
        return Err(problem(
            "delivery.webhooks",
            format!("a rule may send to at most {MAX_RULE_WEBHOOKS} webhooks"),
        ));
    }
    let mut webhooks = Vec::with_capacity(delivery.webhooks.len());
    for (i, hook) in delivery.webhooks.into_iter().enumerate() {
        let field = format!("delivery.webhooks[{i}].url");
        let url = hook.url.trim().to_owned();
        webhooks.push(Webhook {
            url: check_webhook_url(&url).map_err(|m| problem(field, m))?,
            format: hook.format,
        });
    }
    Ok(Delivery { webhooks })
}

/// An outbound URL: `https://host…`, or `http://` only to localhost (a receiver on the
/// proxy's own machine). Whether the host is allowed is the proxy's decision
/// (`CMP_ALERT_WEBHOOK_ALLOW`); this checks only the shape.
pub fn check_webhook_url(url: &str) -> Result<String, String> {
    if url.is_empty() {
        return Err("give the URL the alerts are posted to".into());
    }
    if url.chars().count() > MAX_WEBHOOK_URL_CHARS {
        return Err(format!(
            "the URL is longer than {MAX_WEBHOOK_URL_CHARS} characters"
        ));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or("write the whole URL, starting with https://")?;
    let host = webhook_host(rest).ok_or("the URL names no host")?;
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_localhost(&host) => {}
        "http" => {
            return Err(
                "use https:// (plain http:// is only for a receiver on this machine, localhost)"
                    .into(),
            );
        }
        other => return Err(format!("{other}:// is not a web address; use https://")),
    }
    if rest.contains(char::is_whitespace) {
        return Err("the URL contains spaces".into());
    }
    Ok(url.to_owned())
}

/// The host of `rest` (what follows `scheme://`), lower-case, without user info or port.
pub fn webhook_host(rest: &str) -> Option<String> {
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn is_localhost(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(condition: Condition) -> RuleDraft {
        RuleDraft {
            name: " Almost out ".into(),
            condition,
            delivery: Delivery::default(),
            enabled: true,
        }
    }

    #[test]
    fn a_good_rule_is_cleaned() {
        let rule = draft(Condition::DeviceUse {
            percent: 80,
            devices: Some(vec![
                " 89852202310161621658".into(),
                "89852202310161621658".into(),
            ]),
        })
        .check()
        .unwrap();
        assert_eq!(rule.name, "Almost out");
        assert_eq!(
            rule.condition,
            Condition::DeviceUse {
                percent: 80,
                devices: Some(vec!["89852202310161621658".into()])
            }
        );
    }

    #[test]
    fn problems_name_the_field_and_say_what_to_do() {
        let cases = [
            (
                RuleDraft {
                    name: "  ".into(),
                    ..draft(Condition::PoolExhaustion { pools: None })
                },
                "name",
            ),
            (
                draft(Condition::PoolUse {
                    percent: 0,
                    pools: None,
                }),
                "condition.percent",
            ),
            (
                draft(Condition::DeviceUse {
                    percent: 101,
                    devices: None,
                }),
                "condition.percent",
            ),
            (
                draft(Condition::DeviceUse {
                    percent: 90,
                    devices: Some(vec![]),
                }),
                "condition.devices",
            ),
            (
                draft(Condition::DeviceUse {
                    percent: 90,
                    devices: Some(vec!["89852202310161621658".into(), "12 ab".into()]),
                }),
                "condition.devices[1]",
            ),
            (
                draft(Condition::OrderPush { operations: vec![] }),
                "condition.operations",
            ),
        ];
        for (draft, field) in cases {
            let e = draft.clone().check().unwrap_err();
            assert_eq!(e.field, field, "{draft:?}: {e}");
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn webhook_urls_are_https_or_local_http() {
        assert!(check_webhook_url("https://hooks.slack.com/services/T0/B0/x").is_ok());
        assert!(check_webhook_url("http://localhost:9000/alerts").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000/alerts").is_ok());
        for bad in [
            "",
            "hooks.example.com/x",
            "http://hooks.example.com/x",
            "ftp://hooks.example.com/x",
            "https:///x",
            "https://a b.example/x",
        ] {
            assert!(check_webhook_url(bad).is_err(), "{bad}");
        }
        assert_eq!(
            webhook_host("user:pw@Hooks.Example.com:8443/a?b").as_deref(),
            Some("hooks.example.com")
        );
        assert_eq!(webhook_host("[::1]:9000/x").as_deref(), Some("::1"));
    }

    #[test]
    fn rules_read_and_write_as_tagged_json() {
        let json = r#"{"name":"Pool","condition":{"kind":"pool_use","percent":90},"delivery":{"webhooks":[{"url":"https://h.example/a","format":"slack"}]}}"#;
        let draft: RuleDraft = serde_json::from_str(json).unwrap();
        assert!(draft.enabled, "on unless switched off");
        assert_eq!(
            draft.condition,
            Condition::PoolUse {
                percent: 90,
                pools: None
            }
        );
        assert_eq!(draft.delivery.webhooks[0].format, WebhookFormat::Slack);
        let again: RuleDraft =
            serde_json::from_str(&serde_json::to_string(&draft).unwrap()).unwrap();
        assert_eq!(again, draft);
    }
}
