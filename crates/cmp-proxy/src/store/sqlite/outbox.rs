//! SQLite: the webhook outbox and its delivery log.

use super::Sqlite;
use crate::store::outbox::{
    Attempt, Claimed, RowOfLog, RowOfOutbox, deliveries, format_named, outcome_name,
};
use crate::store::{StoreError, sequence, signed};
use cmp_api::proxy_api::alert::AlertDelivery;
use rusqlite::{Transaction, TransactionBehavior, params};

impl Sqlite {
    /// Claims up to `limit` due, unleased deliveries for `worker` until `now_ms + lease_ms`.
    pub(in crate::store) async fn claim_deliveries(
        &self,
        now_ms: i64,
        lease_ms: i64,
        worker: String,
        limit: u64,
    ) -> Result<Vec<Claimed>, StoreError> {
        self.with(move |conn| {
            let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let claimed: Vec<Claimed> = {
                let mut stmt = tx.prepare(
                    "SELECT id, alert_id, url, format, body, attempts, created_ms FROM alert_outbox
                     WHERE state = 'pending' AND next_try_ms <= ?1 AND (lease_until_ms IS NULL OR lease_until_ms < ?1)
                     ORDER BY next_try_ms, id LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![now_ms, signed(limit)], |r| {
                    Ok(Claimed {
                        id: sequence(r.get(0)?),
                        alert_id: sequence(r.get(1)?),
                        url: r.get(2)?,
                        format: format_named(&r.get::<_, String>(3)?),
                        body: r.get(4)?,
                        attempts: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                        created_ms: r.get(6)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            };
            for c in &claimed {
                tx.execute(
                    "UPDATE alert_outbox SET lease_until_ms = ?2, leased_by = ?3 WHERE id = ?1",
                    params![signed(c.id), now_ms.saturating_add(lease_ms), worker],
                )?;
            }
            tx.commit()?;
            Ok(claimed)
        })
        .await
    }

    /// Writes `attempt` and its log entry (at `at`) in one transaction.
    pub(in crate::store) async fn record_attempt(
        &self,
        attempt: Attempt,
        at: String,
    ) -> Result<bool, StoreError> {
        self.with(move |conn| {
            let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let delivered_at = (attempt.state() == "delivered").then(|| at.clone());
            let held = tx.execute(
                "UPDATE alert_outbox SET attempts = ?3, state = ?4, next_try_ms = ?5, delivered_at = ?6,
                        lease_until_ms = NULL, leased_by = NULL
                 WHERE id = ?1 AND leased_by = ?2 AND state = 'pending'",
                params![
                    signed(attempt.outbox_id),
                    attempt.worker,
                    attempt.attempt,
                    attempt.state(),
                    attempt.next_ms(),
                    delivered_at
                ],
            )?;
            tx.execute(
                "INSERT INTO alert_deliveries (outbox_id, alert_id, attempt, at, status, outcome, detail, next_try_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    signed(attempt.outbox_id),
                    signed(attempt.alert_id),
                    attempt.attempt,
                    at,
                    attempt.status,
                    outcome_name(attempt.outcome),
                    attempt.detail,
                    attempt.next_at()
                ],
            )?;
            tx.commit()?;
            Ok(held > 0)
        })
        .await
    }

    /// Alert `alert_id`'s deliveries with their logs.
    pub(in crate::store) async fn alert_deliveries(
        &self,
        alert_id: u64,
    ) -> Result<Vec<AlertDelivery>, StoreError> {
        self.with(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT id, url, format, state, attempts, next_try_ms, delivered_at FROM alert_outbox
                 WHERE alert_id = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map(params![signed(alert_id)], |r| {
                    Ok(RowOfOutbox {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        format: r.get(2)?,
                        state: r.get(3)?,
                        attempts: r.get(4)?,
                        next_try_ms: r.get(5)?,
                        delivered_at: r.get(6)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut stmt = conn.prepare(
                "SELECT outbox_id, attempt, at, status, outcome, detail, next_try_at FROM alert_deliveries
                 WHERE alert_id = ?1 ORDER BY id",
            )?;
            let log = stmt
                .query_map(params![signed(alert_id)], |r| {
                    Ok(RowOfLog {
                        outbox_id: r.get(0)?,
                        attempt: r.get(1)?,
                        at: r.get(2)?,
                        status: r.get(3)?,
                        outcome: r.get(4)?,
                        detail: r.get(5)?,
                        next_try_at: r.get(6)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            deliveries(rows, log)
        })
        .await
    }
}
