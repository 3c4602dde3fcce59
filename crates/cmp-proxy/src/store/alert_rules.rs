//! Alert rules as the store keeps them: cmp-api's [`AlertRule`] and who last wrote it
//! ([`RuleOwner`]), since a rule watches only what its writer's token may see. Each engine
//! writes and reads them (`sqlite/alert_rules.rs`, `postgres/alert_rules.rs`).

use super::StoreError;
use crate::access::identity::Identity;
use cmp_api::proxy_api::alert_rule::{AlertRule, RuleDraft};

/// The token that last wrote a rule: its name and what it may see (`None`: every one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOwner {
    /// The token's name, as the audit log shows it.
    pub name: String,
    /// The only devices it may see.
    pub devices: Option<Vec<String>>,
    /// The only traffic pools it may see.
    pub pools: Option<Vec<String>>,
}

impl RuleOwner {
    /// `who` as the writer of a rule.
    pub fn of(who: &Identity) -> RuleOwner {
        RuleOwner {
            name: who.name.clone(),
            devices: who.devices.clone(),
            pools: who.pools.clone(),
        }
    }
}

/// A stored rule and its writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    /// The rule as the API shows it.
    pub rule: AlertRule,
    /// Who last wrote it, and their scope.
    pub owner: RuleOwner,
}

/// The rule's JSON as stored.
pub(super) fn rule_json(draft: &RuleDraft) -> String {
    serde_json::to_string(draft).unwrap_or_default()
}

/// A scope list as stored: JSON, or NULL for "every one".
pub(super) fn scope_json(list: &Option<Vec<String>>) -> Option<String> {
    list.as_ref()
        .map(|l| serde_json::to_string(l).unwrap_or_default())
}

/// The columns of one stored rule, read back.
pub(super) struct RuleRow {
    pub id: i64,
    pub rule: String,
    pub owner: String,
    pub owner_devices: Option<String>,
    pub owner_pools: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl RuleRow {
    /// The rule this row holds; a row this build cannot read is a failure, not a guess.
    pub(super) fn read(self) -> Result<StoredRule, StoreError> {
        let unreadable = |what: &str, e: serde_json::Error| {
            StoreError::Failed(format!("alert rule {}: unreadable {what}: {e}", self.id))
        };
        let draft: RuleDraft =
            serde_json::from_str(&self.rule).map_err(|e| unreadable("rule", e))?;
        let list = |text: &Option<String>, what: &str| {
            text.as_deref()
                .map(serde_json::from_str::<Vec<String>>)
                .transpose()
                .map_err(|e| unreadable(what, e))
        };
        let owner = RuleOwner {
            name: self.owner.clone(),
            devices: list(&self.owner_devices, "owner devices")?,
            pools: list(&self.owner_pools, "owner pools")?,
        };
        Ok(StoredRule {
            rule: AlertRule {
                id: super::sequence(self.id),
                rule: draft,
                created_at: self.created_at,
                updated_at: self.updated_at,
                updated_by: owner.name.clone(),
            },
            owner,
        })
    }
}
