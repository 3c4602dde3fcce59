//! PostgreSQL: alert rules.

use super::Postgres;
use crate::store::alert_rules::{RuleOwner, RuleRow, StoredRule, rule_json, scope_json};
use crate::store::{StoreError, signed};
use cmp_api::proxy_api::alert_rule::RuleDraft;
use tokio_postgres::Row;

/// A TIMESTAMPTZ column as `YYYY-MM-DDThh:mm:ssZ` in UTC, as SQLite keeps it.
pub(super) fn utc(column: &str) -> String {
    format!(r#"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#)
}

fn rule_columns() -> String {
    format!(
        "id, rule, owner, owner_devices, owner_pools, {}, {}",
        utc("created_at"),
        utc("updated_at")
    )
}

fn read_rule(r: &Row) -> Result<StoredRule, StoreError> {
    RuleRow {
        id: r.get(0),
        rule: r.get(1),
        owner: r.get(2),
        owner_devices: r.get(3),
        owner_pools: r.get(4),
        created_at: r.get(5),
        updated_at: r.get(6),
    }
    .read()
}

impl Postgres {
    /// Every rule, oldest first.
    pub(in crate::store) async fn alert_rules(&self) -> Result<Vec<StoredRule>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    &format!("SELECT {} FROM alert_rules ORDER BY id", rule_columns()),
                    &[],
                )
                .await
                .map_err(|e| self.error(e))?;
            rows.iter().map(read_rule).collect()
        })
        .await
    }

    /// The rule `id`, if there is one.
    pub(in crate::store) async fn alert_rule(
        &self,
        id: u64,
    ) -> Result<Option<StoredRule>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    &format!("SELECT {} FROM alert_rules WHERE id = $1", rule_columns()),
                    &[&signed(id)],
                )
                .await
                .map_err(|e| self.error(e))?;
            row.as_ref().map(read_rule).transpose()
        })
        .await
    }

    /// Stores a new rule written at `at` by `owner`.
    pub(in crate::store) async fn insert_alert_rule(
        &self,
        draft: RuleDraft,
        owner: RuleOwner,
        at: String,
    ) -> Result<StoredRule, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let row = client
                .query_one(
                    &format!(
                        "INSERT INTO alert_rules (name, rule, enabled, owner, owner_devices, owner_pools, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7::text::timestamptz, $7::text::timestamptz)
                         RETURNING {}",
                        rule_columns()
                    ),
                    &[
                        &draft.name,
                        &rule_json(&draft),
                        &draft.enabled,
                        &owner.name,
                        &scope_json(&owner.devices),
                        &scope_json(&owner.pools),
                        &at,
                    ],
                )
                .await
                .map_err(|e| self.error(e))?;
            read_rule(&row)
        })
        .await
    }

    /// Replaces rule `id` (written at `at` by `owner`); `None` when there is none.
    pub(in crate::store) async fn update_alert_rule(
        &self,
        id: u64,
        draft: RuleDraft,
        owner: RuleOwner,
        at: String,
    ) -> Result<Option<StoredRule>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    &format!(
                        "UPDATE alert_rules SET name = $2, rule = $3, enabled = $4, owner = $5,
                                owner_devices = $6, owner_pools = $7, updated_at = $8::text::timestamptz
                         WHERE id = $1 RETURNING {}",
                        rule_columns()
                    ),
                    &[
                        &signed(id),
                        &draft.name,
                        &rule_json(&draft),
                        &draft.enabled,
                        &owner.name,
                        &scope_json(&owner.devices),
                        &scope_json(&owner.pools),
                        &at,
                    ],
                )
                .await
                .map_err(|e| self.error(e))?;
            row.as_ref().map(read_rule).transpose()
        })
        .await
    }

    /// Removes rule `id`; whether there was one.
    pub(in crate::store) async fn delete_alert_rule(&self, id: u64) -> Result<bool, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let n = client
                .execute("DELETE FROM alert_rules WHERE id = $1", &[&signed(id)])
                .await
                .map_err(|e| self.error(e))?;
            Ok(n > 0)
        })
        .await
    }
}
