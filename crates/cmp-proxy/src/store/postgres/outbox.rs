//! PostgreSQL: the webhook outbox and its delivery log. Replicas claim due deliveries with
//! `FOR UPDATE SKIP LOCKED`, so two never claim one row at once.

use super::Postgres;
use super::alert_rules::utc;
use crate::store::outbox::{
    Attempt, Claimed, RowOfLog, RowOfOutbox, deliveries, format_named, outcome_name,
};
use crate::store::{StoreError, sequence, signed};
use cmp_api::proxy_api::alert::AlertDelivery;

impl Postgres {
    /// Claims up to `limit` due, unleased deliveries for `worker` until `now_ms + lease_ms`.
    pub(in crate::store) async fn claim_deliveries(
        &self,
        now_ms: i64,
        lease_ms: i64,
        worker: String,
        limit: u64,
    ) -> Result<Vec<Claimed>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    "UPDATE alert_outbox SET lease_until_ms = $1::BIGINT + $2::BIGINT, leased_by = $3
                     WHERE id IN (
                         SELECT id FROM alert_outbox
                         WHERE state = 'pending' AND next_try_ms <= $1
                           AND (lease_until_ms IS NULL OR lease_until_ms < $1)
                         ORDER BY next_try_ms, id LIMIT $4 FOR UPDATE SKIP LOCKED)
                     RETURNING id, alert_id, url, format, body, attempts, created_ms",
                    &[&now_ms, &lease_ms, &worker, &signed(limit)],
                )
                .await
                .map_err(|e| self.error(e))?;
            let mut claimed: Vec<Claimed> = rows
                .iter()
                .map(|r| Claimed {
                    id: sequence(r.get(0)),
                    alert_id: sequence(r.get(1)),
                    url: r.get(2),
                    format: format_named(r.get(3)),
                    body: r.get(4),
                    attempts: u32::try_from(r.get::<_, i32>(5)).unwrap_or(0),
                    created_ms: r.get(6),
                })
                .collect();
            claimed.sort_by_key(|c| c.id);
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
        self.run(async {
            let fail = |e| self.error(e);
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(fail)?;
            let number = i32::try_from(attempt.attempt).unwrap_or(i32::MAX);
            let delivered_at = (attempt.state() == "delivered").then(|| at.clone());
            let held = tx
                .execute(
                    "UPDATE alert_outbox SET attempts = $3, state = $4, next_try_ms = $5,
                            delivered_at = $6::text::timestamptz, lease_until_ms = NULL, leased_by = NULL
                     WHERE id = $1 AND leased_by = $2 AND state = 'pending'",
                    &[
                        &signed(attempt.outbox_id),
                        &attempt.worker,
                        &number,
                        &attempt.state(),
                        &attempt.next_ms(),
                        &delivered_at,
                    ],
                )
                .await
                .map_err(fail)?;
            let status = attempt.status.map(i32::from);
            tx.execute(
                "INSERT INTO alert_deliveries (outbox_id, alert_id, attempt, at, status, outcome, detail, next_try_at)
                 VALUES ($1, $2, $3, $4::text::timestamptz, $5, $6, $7, $8::text::timestamptz)",
                &[
                    &signed(attempt.outbox_id),
                    &signed(attempt.alert_id),
                    &number,
                    &at,
                    &status,
                    &outcome_name(attempt.outcome),
                    &attempt.detail,
                    &attempt.next_at(),
                ],
            )
            .await
            .map_err(fail)?;
            tx.commit().await.map_err(fail)?;
            Ok(held > 0)
        })
        .await
    }

    /// Alert `alert_id`'s deliveries with their logs.
    pub(in crate::store) async fn alert_deliveries(
        &self,
        alert_id: u64,
    ) -> Result<Vec<AlertDelivery>, StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            let client = self.client().await?;
            let rows = client
                .query(
                    &format!(
                        "SELECT id, url, format, state, attempts, next_try_ms, {} FROM alert_outbox
                         WHERE alert_id = $1 ORDER BY id",
                        utc("delivered_at")
                    ),
                    &[&signed(alert_id)],
                )
                .await
                .map_err(fail)?
                .iter()
                .map(|r| RowOfOutbox {
                    id: r.get(0),
                    url: r.get(1),
                    format: r.get(2),
                    state: r.get(3),
                    attempts: i64::from(r.get::<_, i32>(4)),
                    next_try_ms: r.get(5),
                    delivered_at: r.get(6),
                })
                .collect();
            let log = client
                .query(
                    &format!(
                        "SELECT outbox_id, attempt, {}, status, outcome, detail, {} FROM alert_deliveries
                         WHERE alert_id = $1 ORDER BY id",
                        utc("at"),
                        utc("next_try_at")
                    ),
                    &[&signed(alert_id)],
                )
                .await
                .map_err(fail)?
                .iter()
                .map(|r| RowOfLog {
                    outbox_id: r.get(0),
                    attempt: i64::from(r.get::<_, i32>(1)),
                    at: r.get(2),
                    status: r.get::<_, Option<i32>>(3).map(i64::from),
                    outcome: r.get(4),
                    detail: r.get(5),
                    next_try_at: r.get(6),
                })
                .collect();
            deliveries(rows, log)
        })
        .await
    }
}
