//! SQLite: alerts and the evaluator's bookkeeping. Changes publish the alert to this
//! process's streams right after their commit, while the connection is still held.

use super::Sqlite;
use crate::store::alerts::{AlertFanout, AlertRow, AlertRun, AlertScope, NewAlert, json_text};
use crate::store::outbox::format_name;
use crate::store::{StoreError, sequence, signed};
use cmp_api::proxy_api::alert::Alert;
use cmp_api::proxy_api::alert_rule::Webhook;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

const ALERT_COLUMNS: &str = "id, rule_id, rule_name, subject, cycle, state, fired_at, resolved_at, acknowledged_at, acknowledged_by, sentence, figures";

fn read_alert(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlertRow> {
    Ok(AlertRow {
        id: r.get(0)?,
        rule_id: r.get(1)?,
        rule_name: r.get(2)?,
        subject: r.get(3)?,
        cycle: r.get(4)?,
        state: r.get(5)?,
        fired_at: r.get(6)?,
        resolved_at: r.get(7)?,
        acknowledged_at: r.get(8)?,
        acknowledged_by: r.get(9)?,
        sentence: r.get(10)?,
        figures: r.get(11)?,
    })
}

pub(super) fn alert_by_id(conn: &Connection, id: u64) -> Result<Option<Alert>, StoreError> {
    conn.query_row(
        &format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?1"),
        params![signed(id)],
        read_alert,
    )
    .optional()?
    .map(AlertRow::read)
    .transpose()
}

/// `WHERE` of a scope: `?2` the devices, `?3` the pools, each a JSON list or NULL for all.
const SCOPE: &str =
    "((device_id IS NOT NULL AND (?2 IS NULL OR device_id IN (SELECT value FROM json_each(?2))))
     OR (pool_id IS NOT NULL AND (?3 IS NULL OR pool_id IN (SELECT value FROM json_each(?3)))))";

fn scope_args(scope: &AlertScope) -> (Option<String>, Option<String>) {
    (
        scope.devices.as_ref().map(json_text),
        scope.pools.as_ref().map(json_text),
    )
}

impl Sqlite {
    /// Fires `new` at `at` unless its rule, subject and cycle fired before; the new alert.
    pub(in crate::store) async fn fire_alert(
        &self,
        new: NewAlert,
        webhooks: Vec<Webhook>,
        at: String,
        now_ms: i64,
        live: &AlertFanout,
    ) -> Result<Option<Alert>, StoreError> {
        let live = live.clone();
        self.with(move |conn| {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let inserted = tx.execute(
                "INSERT INTO alerts (rule_id, rule_name, subject_key, cycle, subject, device_id, pool_id, state, fired_at, sentence, figures)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10)
                 ON CONFLICT (rule_id, subject_key, cycle) DO NOTHING",
                params![
                    signed(new.rule_id),
                    new.rule_name,
                    new.subject.key(),
                    new.cycle,
                    json_text(&new.subject),
                    new.subject.device(),
                    new.subject.pool(),
                    at,
                    new.sentence,
                    json_text(&new.figures),
                ],
            )?;
            if inserted == 0 {
                return Ok(None);
            }
            let alert = alert_by_id(&tx, sequence(tx.last_insert_rowid()))?;
            if let Some(a) = &alert {
                for hook in &webhooks {
                    tx.execute(
                        "INSERT INTO alert_outbox (alert_id, url, format, body, state, created_ms, next_try_ms)
                         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
                        params![
                            signed(a.id),
                            hook.url,
                            format_name(hook.format),
                            a.webhook_body(hook.format),
                            now_ms
                        ],
                    )?;
                }
            }
            tx.commit()?;
            if let Some(a) = &alert {
                live.publish(a.clone());
            }
            Ok(alert)
        })
        .await
    }

    /// The open alerts of rule `rule_id`.
    pub(in crate::store) async fn open_alerts(
        &self,
        rule_id: u64,
    ) -> Result<Vec<Alert>, StoreError> {
        self.with(move |conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {ALERT_COLUMNS} FROM alerts WHERE rule_id = ?1 AND state = 'open' ORDER BY id"
            ))?;
            let rows = stmt.query_map(params![signed(rule_id)], read_alert)?;
            rows.map(|r| r.map_err(StoreError::from).and_then(AlertRow::read))
                .collect()
        })
        .await
    }

    /// Resolves those of `ids` still open, at `at`; the alerts resolved now.
    pub(in crate::store) async fn resolve_alerts(
        &self,
        ids: Vec<u64>,
        at: String,
        live: &AlertFanout,
    ) -> Result<Vec<Alert>, StoreError> {
        let live = live.clone();
        self.with(move |conn| {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let mut resolved = Vec::new();
            for id in ids {
                let n = tx.execute(
                    "UPDATE alerts SET state = 'resolved', resolved_at = ?2 WHERE id = ?1 AND state = 'open'",
                    params![signed(id), at],
                )?;
                if n > 0 {
                    resolved.extend(alert_by_id(&tx, id)?);
                }
            }
            tx.commit()?;
            for a in &resolved {
                live.publish(a.clone());
            }
            Ok(resolved)
        })
        .await
    }

    /// Marks alert `id` acknowledged by `who` at `at` (once: a second time changes
    /// nothing), resolving it too when `resolve`; the alert as it is now.
    pub(in crate::store) async fn acknowledge_alert(
        &self,
        id: u64,
        who: String,
        at: String,
        resolve: bool,
        live: &AlertFanout,
    ) -> Result<Option<Alert>, StoreError> {
        let live = live.clone();
        self.with(move |conn| {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let mut changed = tx.execute(
                "UPDATE alerts SET acknowledged_at = ?2, acknowledged_by = ?3 WHERE id = ?1 AND acknowledged_at IS NULL",
                params![signed(id), at, who],
            )?;
            if resolve {
                changed += tx.execute(
                    "UPDATE alerts SET state = 'resolved', resolved_at = ?2 WHERE id = ?1 AND state = 'open'",
                    params![signed(id), at],
                )?;
            }
            let alert = alert_by_id(&tx, id)?;
            tx.commit()?;
            if changed > 0
                && let Some(a) = &alert
            {
                live.publish(a.clone());
            }
            Ok(alert)
        })
        .await
    }

    /// Alert `id`, if there is one.
    pub(in crate::store) async fn alert(&self, id: u64) -> Result<Option<Alert>, StoreError> {
        self.with(move |conn| alert_by_id(conn, id)).await
    }

    /// `page_size` alerts within `scope` after the newest `offset` (open ones only when
    /// `open_only`), newest first; how many the filter keeps, and how many are open.
    pub(in crate::store) async fn alerts_page(
        &self,
        offset: u64,
        page_size: u64,
        open_only: bool,
        scope: AlertScope,
    ) -> Result<(Vec<Alert>, u64, u64), StoreError> {
        self.with(move |conn| {
            let (devices, pools) = scope_args(&scope);
            let count = |only_open: bool| -> Result<i64, StoreError> {
                Ok(conn.query_row(
                    &format!(
                        "SELECT COUNT(*) FROM alerts WHERE (?1 = 0 OR state = 'open') AND {SCOPE}"
                    ),
                    params![only_open, devices, pools],
                    |r| r.get(0),
                )?)
            };
            let (total, open) = (count(open_only)?, count(true)?);
            let mut stmt = conn.prepare(&format!(
                "SELECT {ALERT_COLUMNS} FROM alerts WHERE (?1 = 0 OR state = 'open') AND {SCOPE}
                 ORDER BY id DESC LIMIT ?4 OFFSET ?5"
            ))?;
            let rows = stmt.query_map(
                params![open_only, devices, pools, signed(page_size), signed(offset)],
                read_alert,
            )?;
            let alerts = rows
                .map(|r| r.map_err(StoreError::from).and_then(AlertRow::read))
                .collect::<Result<_, _>>()?;
            Ok((alerts, sequence(total), sequence(open)))
        })
        .await
    }

    /// Claims the scheduled evaluation when none started within `interval_ms` of `now_ms`.
    pub(in crate::store) async fn try_alert_run(
        &self,
        interval_ms: i64,
        now_ms: i64,
    ) -> Result<Option<AlertRun>, StoreError> {
        self.with(move |conn| {
            let claimed = conn.execute(
                "UPDATE alert_evaluator SET last_run_ms = ?1 WHERE id = 1 AND last_run_ms <= ?1 - ?2",
                params![now_ms, interval_ms],
            )?;
            Ok((claimed > 0).then_some(AlertRun { _hold: None }))
        })
        .await
    }

    /// The last event whose order-push rules were evaluated (`None`: none yet).
    pub(in crate::store) async fn alert_event_cursor(&self) -> Result<Option<u64>, StoreError> {
        self.with(|conn| {
            let seq: Option<i64> = conn.query_row(
                "SELECT event_cursor FROM alert_evaluator WHERE id = 1",
                [],
                |r| r.get(0),
            )?;
            Ok(seq.map(sequence))
        })
        .await
    }

    /// Moves the cursor to `seq` (never back).
    pub(in crate::store) async fn set_alert_event_cursor(
        &self,
        seq: u64,
    ) -> Result<(), StoreError> {
        self.with(move |conn| {
            conn.execute(
                "UPDATE alert_evaluator SET event_cursor = ?1 WHERE id = 1 AND (event_cursor IS NULL OR event_cursor < ?1)",
                params![signed(seq)],
            )?;
            Ok(())
        })
        .await
    }
}
