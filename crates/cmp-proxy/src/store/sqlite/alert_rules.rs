//! SQLite: alert rules.

use super::Sqlite;
use crate::store::alert_rules::{RuleOwner, RuleRow, StoredRule, rule_json, scope_json};
use crate::store::{StoreError, signed};
use cmp_api::proxy_api::alert_rule::RuleDraft;
use rusqlite::{OptionalExtension, params};

const RULE_COLUMNS: &str = "id, rule, owner, owner_devices, owner_pools, created_at, updated_at";

fn read_rule(r: &rusqlite::Row<'_>) -> rusqlite::Result<RuleRow> {
    Ok(RuleRow {
        id: r.get(0)?,
        rule: r.get(1)?,
        owner: r.get(2)?,
        owner_devices: r.get(3)?,
        owner_pools: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// The rule `id` on `conn`, if there is one.
pub(super) fn rule_by_id(
    conn: &rusqlite::Connection,
    id: u64,
) -> Result<Option<StoredRule>, StoreError> {
    conn.query_row(
        &format!("SELECT {RULE_COLUMNS} FROM alert_rules WHERE id = ?1"),
        params![signed(id)],
        read_rule,
    )
    .optional()?
    .map(RuleRow::read)
    .transpose()
}

impl Sqlite {
    /// Every rule, oldest first.
    pub(in crate::store) async fn alert_rules(&self) -> Result<Vec<StoredRule>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {RULE_COLUMNS} FROM alert_rules ORDER BY id"
            ))?;
            let rows = stmt.query_map([], read_rule)?;
            rows.map(|r| r.map_err(StoreError::from).and_then(RuleRow::read))
                .collect()
        })
        .await
    }

    /// The rule `id`, if there is one.
    pub(in crate::store) async fn alert_rule(
        &self,
        id: u64,
    ) -> Result<Option<StoredRule>, StoreError> {
        self.with(move |conn| rule_by_id(conn, id)).await
    }

    /// Stores a new rule written at `at` by `owner`.
    pub(in crate::store) async fn insert_alert_rule(
        &self,
        draft: RuleDraft,
        owner: RuleOwner,
        at: String,
    ) -> Result<StoredRule, StoreError> {
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO alert_rules (name, rule, enabled, owner, owner_devices, owner_pools, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    draft.name,
                    rule_json(&draft),
                    draft.enabled,
                    owner.name,
                    scope_json(&owner.devices),
                    scope_json(&owner.pools),
                    at
                ],
            )?;
            let id = super::super::sequence(conn.last_insert_rowid());
            rule_by_id(conn, id)?
                .ok_or_else(|| StoreError::Failed(format!("alert rule {id} vanished")))
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
        self.with(move |conn| {
            let changed = conn.execute(
                "UPDATE alert_rules SET name = ?2, rule = ?3, enabled = ?4, owner = ?5,
                        owner_devices = ?6, owner_pools = ?7, updated_at = ?8
                 WHERE id = ?1",
                params![
                    signed(id),
                    draft.name,
                    rule_json(&draft),
                    draft.enabled,
                    owner.name,
                    scope_json(&owner.devices),
                    scope_json(&owner.pools),
                    at
                ],
            )?;
            if changed == 0 {
                return Ok(None);
            }
            rule_by_id(conn, id)
        })
        .await
    }

    /// Removes rule `id`; whether there was one.
    pub(in crate::store) async fn delete_alert_rule(&self, id: u64) -> Result<bool, StoreError> {
        self.with(move |conn| {
            Ok(conn.execute("DELETE FROM alert_rules WHERE id = ?1", params![signed(id)])? > 0)
        })
        .await
    }
}
