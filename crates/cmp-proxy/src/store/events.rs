//! Storing and reading order-status events and dead letters.

use super::{EVENT_COLUMNS, Inserted, OrderEvent, Store, StoreError, now_utc, utc_at};
use cmp_api::{OrderStatusPush, PushOperation};
use rusqlite::{OptionalExtension, params, params_from_iter};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

impl Store {
    /// Stores a push durably (committed before this returns) unless it is a redelivery:
    /// the same order, operation and time as that order's most recent event, received
    /// less than `window` ago. Anything else is a new event, even with a key seen before:
    /// the platform's `time` is the order's creation time, so a pause, a resume and a pause
    /// again, or two renewals, repeat it.
    pub async fn insert_event(
        &self,
        push: OrderStatusPush,
        window: Duration,
    ) -> Result<Inserted, StoreError> {
        self.insert_event_at(push, window, SystemTime::now()).await
    }

    /// [`Store::insert_event`] for a push received at `now`.
    pub async fn insert_event_at(
        &self,
        push: OrderStatusPush,
        window: Duration,
        now: SystemTime,
    ) -> Result<Inserted, StoreError> {
        self.with(move |conn, live| {
            let received_at = utc_at(now);
            let since = utc_at(now.checked_sub(window).unwrap_or(UNIX_EPOCH));
            let key = push.delivery_key();
            // The connection's mutex is held from this read to the commit, so two deliveries
            // of one push that arrive together cannot both be stored.
            let tx = conn.unchecked_transaction()?;
            let latest: Option<(String, String)> = tx
                .query_row(
                    "SELECT dedup_key, received_at FROM events WHERE orderid = ?1 ORDER BY seq DESC LIMIT 1",
                    params![push.orderid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if latest.is_some_and(|(k, at)| k == key && at >= since) {
                return Ok(Inserted::Duplicate);
            }
            tx.execute(
                "INSERT INTO events (received_at, dedup_key, assetid, imsi, operation, operation_label, orderid, time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    received_at,
                    key,
                    push.assetid,
                    push.imsi,
                    push.operation.code(),
                    push.operation_words(),
                    push.orderid,
                    push.time.to_string()
                ],
            )?;
            let event = OrderEvent {
                seq: sequence(tx.last_insert_rowid()),
                received_at,
                assetid: push.assetid.clone(),
                imsi: push.imsi.clone(),
                operation: push.operation.clone(),
                operation_label: push.operation_words(),
                orderid: push.orderid.clone(),
                time: push.time.to_string(),
            };
            tx.commit()?;
            // Sent while the connection is held, so listeners see events in sequence order.
            let _ = live.send(event.clone());
            Ok(Inserted::New(event))
        })
        .await
    }

    /// Keeps a push that could not be read, with the reason.
    pub async fn dead_letter(&self, body: Vec<u8>, reason: String) -> Result<(), StoreError> {
        self.with(move |conn, _| {
            conn.execute(
                "INSERT INTO dead_letters (received_at, reason, body) VALUES (?1, ?2, ?3)",
                params![now_utc(), reason, body],
            )?;
            Ok(())
        })
        .await
    }

    /// Number of dead letters kept.
    pub async fn dead_letter_count(&self) -> Result<u64, StoreError> {
        self.with(|conn, _| {
            Ok(
                conn.query_row("SELECT COUNT(*) FROM dead_letters", [], |r| {
                    r.get::<_, i64>(0)
                })? as u64,
            )
        })
        .await
    }

    /// Events after `seq` in order (at most `limit`), only `devices`' when given.
    pub async fn events_after(
        &self,
        seq: u64,
        devices: Option<Vec<String>>,
        limit: u64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        self.with(move |conn, _| {
            let (filter, mut args) = device_filter(devices.as_deref());
            args.insert(0, seq.to_string());
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 {filter} ORDER BY seq LIMIT {limit}");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), read_event)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Page `page_no` (from 1) of events, newest first, and the total count.
    pub async fn events_page(
        &self,
        page_no: u64,
        page_size: u64,
        devices: Option<Vec<String>>,
    ) -> Result<(Vec<OrderEvent>, u64), StoreError> {
        self.with(move |conn, _| {
            let (filter, args) = device_filter(devices.as_deref());
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM events WHERE 1=1 {filter}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let offset = page_no.saturating_sub(1).saturating_mul(page_size);
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE 1=1 {filter} ORDER BY seq DESC LIMIT {page_size} OFFSET {offset}");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args.iter()), read_event)?;
            Ok((rows.collect::<Result<_, _>>()?, total as u64))
        })
        .await
    }

    /// The newest sequence number stored (0 when empty).
    pub async fn last_seq(&self) -> Result<u64, StoreError> {
        self.with(|conn, _| {
            Ok(sequence(
                conn.query_row("SELECT MAX(seq) FROM events", [], |r| {
                    r.get::<_, Option<i64>>(0)
                })
                .optional()?
                .flatten()
                .unwrap_or(0),
            ))
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

/// SQLite's rowids start at 1 and only grow, so a negative one cannot occur.
fn sequence(rowid: i64) -> u64 {
    u64::try_from(rowid).unwrap_or(0)
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
