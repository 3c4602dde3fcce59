//! PostgreSQL: storing and reading order-status events and dead letters.
//!
//! **The redelivery rule across replicas.** Storing a push is one READ COMMITTED
//! transaction that first takes a transaction lock on its order
//! (`pg_advisory_xact_lock(ORDER_LOCKS, hash of the order id)`), then reads the order's
//! latest event, then inserts or not. Two replicas (or two requests of one) receiving the
//! same push at once queue on that lock, and the second reads the first's committed row and
//! stores nothing. An advisory lock rather than `SELECT … FOR UPDATE`: an order's first push
//! has no row to lock yet. READ COMMITTED is asked for explicitly: under REPEATABLE READ
//! the snapshot would predate the wait and miss the row.
//!
//! **One global order of sequence numbers.** A sequence hands out numbers at insert, not at
//! commit, so two concurrent inserts may commit 6 before 5: a reader resuming after 6 would
//! never see 5. So a new event also takes `pg_advisory_xact_lock(SEQUENCE_LOCK)` before
//! drawing its number and keeps it to the commit: numbers commit in order on every replica,
//! as SQLite's single writer does. Only new events queue there (redeliveries return before),
//! always after their order's lock, so no two transactions wait for each other in a circle.
//!
//! **Live events.** A new event's transaction also sends `NOTIFY cmp_events, '<seq>'`, which
//! PostgreSQL delivers at the commit (and drops on a rollback). The insert does not publish:
//! every replica's listener ([`super::listen`]) reads the committed event from the table and
//! publishes it, this replica's included, so all of them publish the same events in the same
//! order.

use super::Postgres;
use crate::store::{Inserted, OrderEvent, Receipt, StoreError, sequence, signed};
use cmp_api::{OrderStatusPush, PushOperation};
use sha2::{Digest, Sha256};
use tokio_postgres::IsolationLevel;
use tokio_postgres::Row;

/// The channel inserts notify and listeners listen on; the payload is the event's `seq`.
pub(super) const CHANNEL: &str = "cmp_events";

/// Lock class of the per-order locks (key: [`order_key`]).
const ORDER_LOCKS: i32 = 0x636d_7001;
/// The lock new events hold from drawing a sequence number to the commit.
const SEQUENCE_LOCK: (i32, i32) = (0x636d_7002, 0);

/// `received_at` as SQLite stores it: UTC, whole seconds.
const RECEIVED_AT: &str =
    r#"to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#;

/// The columns of [`read_event`], in its order.
pub(super) fn event_columns() -> String {
    format!("seq, {RECEIVED_AT}, assetid, imsi, operation, operation_label, orderid, time")
}

impl Postgres {
    /// Stores `push` unless it repeats its order's latest event (see
    /// [`crate::store::Store::insert_event`]), notifying every replica's listener of a new one.
    pub(in crate::store) async fn insert_event(
        &self,
        push: OrderStatusPush,
        receipt: Receipt,
    ) -> Result<Inserted, StoreError> {
        self.run(self.insert(push, receipt)).await
    }

    async fn insert(
        &self,
        push: OrderStatusPush,
        receipt: Receipt,
    ) -> Result<Inserted, StoreError> {
        let fail = |e| self.error(e);
        let mut client = self.client().await?;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::ReadCommitted)
            .start()
            .await
            .map_err(fail)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, $2)",
            &[&ORDER_LOCKS, &order_key(&push.orderid)],
        )
        .await
        .map_err(fail)?;
        let latest = tx
            .query_opt(
                &format!("SELECT dedup_key, {RECEIVED_AT} FROM events WHERE orderid = $1 ORDER BY seq DESC LIMIT 1"),
                &[&push.orderid],
            )
            .await
            .map_err(fail)?
            .map(|row| (row.get(0), row.get(1)));
        if receipt.is_redelivery(latest) {
            tx.rollback().await.map_err(fail)?;
            return Ok(Inserted::Duplicate);
        }
        let (class, key) = SEQUENCE_LOCK;
        tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&class, &key])
            .await
            .map_err(fail)?;
        let row = tx
            .query_one(
                "INSERT INTO events (received_at, dedup_key, assetid, imsi, operation, operation_label, orderid, time)
                 VALUES ($1::text::timestamptz, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
                &[
                    &receipt.received_at,
                    &receipt.key,
                    &push.assetid,
                    &push.imsi,
                    &push.operation.code(),
                    &push.operation_words(),
                    &push.orderid,
                    &push.time.to_string(),
                ],
            )
            .await
            .map_err(fail)?;
        let event = receipt.event(sequence(row.get(0)), &push);
        tx.execute(
            "SELECT pg_notify($1, $2)",
            &[&CHANNEL, &event.seq.to_string()],
        )
        .await
        .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        Ok(Inserted::New(event))
    }

    /// Keeps a push that could not be read, with the reason.
    pub(in crate::store) async fn dead_letter(
        &self,
        body: Vec<u8>,
        reason: String,
    ) -> Result<(), StoreError> {
        self.run(async {
            let client = self.client().await?;
            client
                .execute(
                    "INSERT INTO dead_letters (received_at, reason, body) VALUES (date_trunc('second', now()), $1, $2)",
                    &[&reason, &body],
                )
                .await
                .map_err(|e| self.error(e))?;
            Ok(())
        })
        .await
    }

    /// Number of dead letters kept.
    pub(in crate::store) async fn dead_letter_count(&self) -> Result<u64, StoreError> {
        self.count("SELECT COUNT(*) FROM dead_letters").await
    }

    /// Events after `seq` in order (at most `limit`), only `devices`' when given.
    pub(in crate::store) async fn events_after(
        &self,
        seq: u64,
        devices: Option<Vec<String>>,
        limit: u64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let sql = format!(
                "SELECT {} FROM events WHERE seq > $1 AND ($2::text[] IS NULL OR assetid = ANY($2))
                 ORDER BY seq LIMIT $3",
                event_columns()
            );
            let stmt = client
                .prepare_cached(&sql)
                .await
                .map_err(|e| self.error(e))?;
            let rows = client
                .query(&stmt, &[&signed(seq), &devices, &signed(limit)])
                .await
                .map_err(|e| self.error(e))?;
            Ok(rows.iter().map(read_event).collect())
        })
        .await
    }

    /// `page_size` events after the newest `offset`, newest first, and the total count.
    pub(in crate::store) async fn events_page(
        &self,
        offset: u64,
        page_size: u64,
        devices: Option<Vec<String>>,
    ) -> Result<(Vec<OrderEvent>, u64), StoreError> {
        self.run(async {
            let fail = |e| self.error(e);
            let client = self.client().await?;
            let filter = "$1::text[] IS NULL OR assetid = ANY($1)";
            let total: i64 = client
                .query_one(
                    &format!("SELECT COUNT(*) FROM events WHERE {filter}"),
                    &[&devices],
                )
                .await
                .map_err(fail)?
                .get(0);
            let sql = format!(
                "SELECT {} FROM events WHERE {filter} ORDER BY seq DESC LIMIT $2 OFFSET $3",
                event_columns()
            );
            let rows = client
                .query(&sql, &[&devices, &signed(page_size), &signed(offset)])
                .await
                .map_err(fail)?;
            Ok((rows.iter().map(read_event).collect(), sequence(total)))
        })
        .await
    }

    /// The newest sequence number stored (0 when empty).
    pub(in crate::store) async fn last_seq(&self) -> Result<u64, StoreError> {
        self.count("SELECT COALESCE(MAX(seq), 0) FROM events").await
    }

    /// The one number `sql` answers.
    async fn count(&self, sql: &str) -> Result<u64, StoreError> {
        self.run(async {
            let client = self.client().await?;
            let row = client
                .query_one(sql, &[])
                .await
                .map_err(|e| self.error(e))?;
            Ok(sequence(row.get(0)))
        })
        .await
    }
}

/// The per-order lock's key: the first four bytes of the order id's SHA-256. Two orders
/// sharing a key only wait for each other.
fn order_key(orderid: &str) -> i32 {
    let digest = Sha256::digest(orderid.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// An event from a row of [`event_columns`].
pub(super) fn read_event(row: &Row) -> OrderEvent {
    OrderEvent {
        seq: sequence(row.get(0)),
        received_at: row.get(1),
        assetid: row.get(2),
        imsi: row.get(3),
        operation: PushOperation::from_code(row.get(4)),
        operation_label: row.get(5),
        orderid: row.get(6),
        time: row.get(7),
    }
}
