//! SQLite: storing and reading order-status events and dead letters.

use super::Sqlite;
use crate::store::live::Fanout;
use crate::store::{Inserted, OrderEvent, Receipt, StoreError, now_utc, sequence, signed};
use cmp_api::{OrderStatusPush, PushOperation};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params, params_from_iter};

const EVENT_COLUMNS: &str =
    "seq, received_at, assetid, imsi, operation, operation_label, orderid, time";

impl Sqlite {
    /// Stores `push` unless it repeats its order's latest event (see
    /// [`crate::store::Store::insert_event`]); publishes a new one to `live`.
    pub(in crate::store) async fn insert_event(
        &self,
        push: OrderStatusPush,
        receipt: Receipt,
        live: &Fanout,
    ) -> Result<Inserted, StoreError> {
        let live = live.clone();
        self.with(move |conn| {
            // The connection's mutex and the file's write lock are held from this read to
            // the commit, so two deliveries of one push that arrive together (here, or at
            // another process on the same file) cannot both be stored.
            let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let latest: Option<(String, String)> = tx
                .query_row(
                    "SELECT dedup_key, received_at FROM events WHERE orderid = ?1 ORDER BY seq DESC LIMIT 1",
                    params![push.orderid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if receipt.is_redelivery(latest) {
                return Ok(Inserted::Duplicate);
            }
            tx.execute(
                "INSERT INTO events (received_at, dedup_key, assetid, imsi, operation, operation_label, orderid, time, stored_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                params![
                    receipt.received_at,
                    receipt.key,
                    push.assetid,
                    push.imsi,
                    push.operation.code(),
                    push.operation_words(),
                    push.orderid,
                    push.time.to_string()
                ],
            )?;
            let event = receipt.event(sequence(tx.last_insert_rowid()), &push);
            tx.commit()?;
            // Sent while the connection is held, so listeners see events in sequence order.
            live.publish(event.clone());
            Ok(Inserted::New(event))
        })
        .await
    }

    /// Keeps a push that could not be read, with the reason.
    pub(in crate::store) async fn dead_letter(
        &self,
        body: Vec<u8>,
        reason: String,
    ) -> Result<(), StoreError> {
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO dead_letters (received_at, reason, body) VALUES (?1, ?2, ?3)",
                params![now_utc(), reason, body],
            )?;
            Ok(())
        })
        .await
    }

    /// Number of dead letters kept.
    pub(in crate::store) async fn dead_letter_count(&self) -> Result<u64, StoreError> {
        self.with(|conn| {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM dead_letters", [], |r| r.get(0))?;
            Ok(sequence(n))
        })
        .await
    }

    /// Events after `seq` in order (at most `limit`), only `devices`' when given.
    pub(in crate::store) async fn events_after(
        &self,
        seq: u64,
        devices: Option<Vec<String>>,
        limit: u64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        self.with(move |conn| {
            let (filter, mut args) = device_filter(devices.as_deref());
            args.insert(0, seq.to_string());
            let limit = signed(limit);
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 {filter} ORDER BY seq LIMIT {limit}");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), read_event)?;
            Ok(rows.collect::<Result<_, _>>()?)
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
        self.with(move |conn| {
            let (filter, args) = device_filter(devices.as_deref());
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM events WHERE 1=1 {filter}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let (limit, offset) = (signed(page_size), signed(offset));
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE 1=1 {filter} ORDER BY seq DESC LIMIT {limit} OFFSET {offset}");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args.iter()), read_event)?;
            Ok((rows.collect::<Result<_, _>>()?, sequence(total)))
        })
        .await
    }

    /// The newest sequence number stored (0 when empty).
    pub(in crate::store) async fn last_seq(&self) -> Result<u64, StoreError> {
        self.with(|conn| {
            let max: Option<i64> = conn
                .query_row("SELECT MAX(seq) FROM events", [], |r| r.get(0))
                .optional()?
                .flatten();
            Ok(sequence(max.unwrap_or(0)))
        })
        .await
    }
}

/// `AND assetid IN (...)` and its arguments; numbered placeholders follow any earlier `?1`.
fn device_filter(devices: Option<&[String]>) -> (String, Vec<String>) {
    match devices {
        None => (String::new(), Vec::new()),
        Some(list) => {
            let marks = vec!["?"; list.len().max(1)].join(",");
            let mut args = list.to_vec();
            if args.is_empty() {
                args.push(String::new());
            }
            (format!("AND assetid IN ({marks})"), args)
        }
    }
}

fn read_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<OrderEvent> {
    Ok(OrderEvent {
        seq: sequence(row.get(0)?),
        received_at: row.get(1)?,
        assetid: row.get(2)?,
        imsi: row.get(3)?,
        operation: PushOperation::from_code(&row.get::<_, String>(4)?),
        operation_label: row.get(5)?,
        orderid: row.get(6)?,
        time: row.get(7)?,
    })
}
