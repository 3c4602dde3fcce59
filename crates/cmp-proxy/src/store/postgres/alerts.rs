//! PostgreSQL: alerts and the evaluator's bookkeeping. Every change sends
//! `NOTIFY cmp_alerts, '<id>'` inside its transaction; each replica's listener
//! ([`super::listen`]) reads the alert and publishes it to its streams, so a browser on any
//! replica hears of an alert whichever replica fired, resolved or acknowledged it.
//!
//! **One evaluation at a time.** [`Postgres::try_alert_run`] opens a connection of its own
//! and takes `pg_try_advisory_lock(ALERT_RUN_LOCK)` on it for the whole run: another replica
//! trying meanwhile gets nothing and waits for its next turn. The lock is the session's, so
//! if the replica dies (or its connection drops) the database releases it at once. Under the
//! lock it also claims the run in `alert_evaluator`, so N replicas evaluate once per
//! interval between them, not N times.

use super::Postgres;
use super::alert_rules::utc;
use crate::store::alerts::{AlertRow, AlertRun, AlertScope, NewAlert, json_text};
use crate::store::outbox::format_name;
use crate::store::{StoreError, sequence, signed};
use cmp_api::proxy_api::alert::Alert;
use cmp_api::proxy_api::alert_rule::Webhook;
use tokio_postgres::{GenericClient, NoTls, Row};

/// The channel alert changes notify; the payload is the alert's id.
pub(super) const ALERT_CHANNEL: &str = "cmp_alerts";
/// The advisory lock a scheduled evaluation holds (class, key), see the schema's locks.
const ALERT_RUN_LOCK: (i32, i32) = (0x636d_7003, 0);

pub(super) fn alert_columns() -> String {
    format!(
        "id, rule_id, rule_name, subject, cycle, state, {}, {}, {}, acknowledged_by, sentence, figures",
        utc("fired_at"),
        utc("resolved_at"),
        utc("acknowledged_at")
    )
}

pub(super) fn read_alert(r: &Row) -> Result<Alert, StoreError> {
    AlertRow {
        id: r.get(0),
        rule_id: r.get(1),
        rule_name: r.get(2),
        subject: r.get(3),
        cycle: r.get(4),
        state: r.get(5),
        fired_at: r.get(6),
        resolved_at: r.get(7),
        acknowledged_at: r.get(8),
        acknowledged_by: r.get(9),
        sentence: r.get(10),
        figures: r.get(11),
    }
    .read()
}

/// Alert `id` read with `client`.
pub(super) async fn alert_by_id(
    client: &impl GenericClient,
    id: i64,
) -> Result<Option<Row>, tokio_postgres::Error> {
    client
        .query_opt(
            &format!("SELECT {} FROM alerts WHERE id = $1", alert_columns()),
            &[&id],
        )
        .await
}

const SCOPE: &str = "((device_id IS NOT NULL AND ($2::text[] IS NULL OR device_id = ANY($2)))
     OR (pool_id IS NOT NULL AND ($3::text[] IS NULL OR pool_id = ANY($3))))";

impl Postgres {
    /// Fires `new` at `at` unless its rule, subject and cycle fired before; the new alert.
    pub(in crate::store) async fn fire_alert(
        &self,
        new: NewAlert,
        webhooks: Vec<Webhook>,
        at: String,
        now_ms: i64,
    ) -> Result<Option<Alert>, StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(fail)?;
            let row = tx
                .query_opt(
                    &format!(
                        "INSERT INTO alerts (rule_id, rule_name, subject_key, cycle, subject, device_id, pool_id, state, fired_at, sentence, figures)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8::text::timestamptz, $9, $10)
                         ON CONFLICT (rule_id, subject_key, cycle) DO NOTHING RETURNING {}",
                        alert_columns()
                    ),
                    &[
                        &signed(new.rule_id),
                        &new.rule_name,
                        &new.subject.key(),
                        &new.cycle,
                        &json_text(&new.subject),
                        &new.subject.device(),
                        &new.subject.pool(),
                        &at,
                        &new.sentence,
                        &json_text(&new.figures),
                    ],
                )
                .await
                .map_err(fail)?;
            let Some(row) = row else {
                tx.rollback().await.map_err(fail)?;
                return Ok(None);
            };
            let alert = read_alert(&row)?;
            for hook in &webhooks {
                tx.execute(
                    "INSERT INTO alert_outbox (alert_id, url, format, body, state, created_ms, next_try_ms)
                     VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
                    &[
                        &signed(alert.id),
                        &hook.url,
                        &format_name(hook.format),
                        &alert.webhook_body(hook.format),
                        &now_ms,
                    ],
                )
                .await
                .map_err(fail)?;
            }
            notify(&*tx, alert.id).await.map_err(fail)?;
            tx.commit().await.map_err(fail)?;
            Ok(Some(alert))
        })
        .await
    }

    /// The open alerts of rule `rule_id`.
    pub(in crate::store) async fn open_alerts(
        &self,
        rule_id: u64,
    ) -> Result<Vec<Alert>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    &format!(
                        "SELECT {} FROM alerts WHERE rule_id = $1 AND state = 'open' ORDER BY id",
                        alert_columns()
                    ),
                    &[&signed(rule_id)],
                )
                .await
                .map_err(|e| self.error(e))?;
            rows.iter().map(read_alert).collect()
        })
        .await
    }

    /// Resolves those of `ids` still open, at `at`; the alerts resolved now.
    pub(in crate::store) async fn resolve_alerts(
        &self,
        ids: Vec<u64>,
        at: String,
    ) -> Result<Vec<Alert>, StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(fail)?;
            let ids: Vec<i64> = ids.into_iter().map(signed).collect();
            let rows = tx
                .query(
                    &format!(
                        "UPDATE alerts SET state = 'resolved', resolved_at = $2::text::timestamptz
                         WHERE id = ANY($1) AND state = 'open' RETURNING {}",
                        alert_columns()
                    ),
                    &[&ids, &at],
                )
                .await
                .map_err(fail)?;
            let resolved = rows.iter().map(read_alert).collect::<Result<Vec<_>, _>>()?;
            for a in &resolved {
                notify(&*tx, a.id).await.map_err(fail)?;
            }
            tx.commit().await.map_err(fail)?;
            Ok(resolved)
        })
        .await
    }

    /// Marks alert `id` acknowledged by `who` at `at` (once), resolving it too when
    /// `resolve`; the alert as it is now.
    pub(in crate::store) async fn acknowledge_alert(
        &self,
        id: u64,
        who: String,
        at: String,
        resolve: bool,
    ) -> Result<Option<Alert>, StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(fail)?;
            let mut changed = tx
                .execute(
                    "UPDATE alerts SET acknowledged_at = $2::text::timestamptz, acknowledged_by = $3
                     WHERE id = $1 AND acknowledged_at IS NULL",
                    &[&signed(id), &at, &who],
                )
                .await
                .map_err(fail)?;
            if resolve {
                changed += tx
                    .execute(
                        "UPDATE alerts SET state = 'resolved', resolved_at = $2::text::timestamptz
                         WHERE id = $1 AND state = 'open'",
                        &[&signed(id), &at],
                    )
                    .await
                    .map_err(fail)?;
            }
            let alert = alert_by_id(&*tx, signed(id))
                .await
                .map_err(fail)?
                .as_ref()
                .map(read_alert)
                .transpose()?;
            if changed > 0 {
                notify(&*tx, id).await.map_err(fail)?;
            }
            tx.commit().await.map_err(fail)?;
            Ok(alert)
        })
        .await
    }

    /// Alert `id`, if there is one.
    pub(in crate::store) async fn alert(&self, id: u64) -> Result<Option<Alert>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let row = alert_by_id(&**client, signed(id))
                .await
                .map_err(|e| self.error(e))?;
            row.as_ref().map(read_alert).transpose()
        })
        .await
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
        self.run(async {
            let fail = |e| self.error(e);
            let client = self.client().await?;
            let count =
                format!("SELECT COUNT(*) FROM alerts WHERE (NOT $1 OR state = 'open') AND {SCOPE}");
            let total: i64 = client
                .query_one(&count, &[&open_only, &scope.devices, &scope.pools])
                .await
                .map_err(fail)?
                .get(0);
            let open: i64 = client
                .query_one(&count, &[&true, &scope.devices, &scope.pools])
                .await
                .map_err(fail)?
                .get(0);
            let rows = client
                .query(
                    &format!(
                        "SELECT {} FROM alerts WHERE (NOT $1 OR state = 'open') AND {SCOPE}
                         ORDER BY id DESC LIMIT $4 OFFSET $5",
                        alert_columns()
                    ),
                    &[
                        &open_only,
                        &scope.devices,
                        &scope.pools,
                        &signed(page_size),
                        &signed(offset),
                    ],
                )
                .await
                .map_err(fail)?;
            let alerts = rows.iter().map(read_alert).collect::<Result<_, _>>()?;
            Ok((alerts, sequence(total), sequence(open)))
        })
        .await
    }

    /// The scheduled evaluation, when no other replica runs one and none started within
    /// `interval_ms` of `now_ms`: held on a connection of its own until dropped.
    pub(in crate::store) async fn try_alert_run(
        &self,
        interval_ms: i64,
        now_ms: i64,
    ) -> Result<Option<AlertRun>, StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            // Most wakes find the interval not over: ask the pool before opening a connection.
            let due: bool = self
                .client()
                .await?
                .query_one(
                    "SELECT last_run_ms <= $1::BIGINT - $2::BIGINT FROM alert_evaluator WHERE id = 1",
                    &[&now_ms, &interval_ms],
                )
                .await
                .map_err(fail)?
                .get(0);
            if !due {
                return Ok(None);
            }
            let mut config = (*self.config).clone();
            config.application_name(format!(
                "{} alert evaluation",
                self.config.get_application_name().unwrap_or("cmp-proxy")
            ));
            let (client, connection) = config.connect(NoTls).await.map_err(fail)?;
            let driver = tokio::spawn(async move {
                let _ = connection.await;
            });
            let held = RunLock { client, driver };
            let (class, key) = ALERT_RUN_LOCK;
            let locked: bool = held
                .client
                .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&class, &key])
                .await
                .map_err(fail)?
                .get(0);
            if !locked {
                return Ok(None);
            }
            let claimed = held
                .client
                .execute(
                    "UPDATE alert_evaluator SET last_run_ms = $1 WHERE id = 1 AND last_run_ms <= $1::BIGINT - $2::BIGINT",
                    &[&now_ms, &interval_ms],
                )
                .await
                .map_err(fail)?;
            Ok((claimed > 0).then(|| AlertRun {
                _hold: Some(Box::new(held)),
            }))
        })
        .await
    }

    /// The last event whose order-push rules were evaluated (`None`: none yet).
    pub(in crate::store) async fn alert_event_cursor(&self) -> Result<Option<u64>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let seq: Option<i64> = client
                .query_one("SELECT event_cursor FROM alert_evaluator WHERE id = 1", &[])
                .await
                .map_err(|e| self.error(e))?
                .get(0);
            Ok(seq.map(sequence))
        })
        .await
    }

    /// Moves the cursor to `seq` (never back).
    pub(in crate::store) async fn set_alert_event_cursor(
        &self,
        seq: u64,
    ) -> Result<(), StoreError> {
        self.run(async {
            let client = self.client().await?;
            client
                .execute(
                    "UPDATE alert_evaluator SET event_cursor = $1 WHERE id = 1 AND (event_cursor IS NULL OR event_cursor < $1)",
                    &[&signed(seq)],
                )
                .await
                .map_err(|e| self.error(e))?;
            Ok(())
        })
        .await
    }
}

/// `NOTIFY cmp_alerts, '<id>'`, delivered to every replica's listener at the commit.
async fn notify(client: &impl GenericClient, id: u64) -> Result<(), tokio_postgres::Error> {
    client
        .execute(
            "SELECT pg_notify($1, $2)",
            &[&ALERT_CHANNEL, &id.to_string()],
        )
        .await
        .map(|_| ())
}

/// The run's own connection: closing it (when the run is dropped) releases the lock.
struct RunLock {
    client: tokio_postgres::Client,
    driver: tokio::task::JoinHandle<()>,
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Stopping the driver drops the connection: the session ends and with it the lock.
        self.driver.abort();
    }
}
