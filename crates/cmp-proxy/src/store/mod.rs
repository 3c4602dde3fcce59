//! The durable store: order-status events, dead letters of malformed pushes, and the audit
//! log, in one of two engines behind one [`Store`]:
//! - **SQLite** (the default, one machine): `CMP_DATA_DIR/events.db` in WAL mode with
//!   synchronous=FULL, one connection, its work on `spawn_blocking`;
//! - **PostgreSQL** (`CMP_DATABASE_URL`, several stateless replicas sharing one database):
//!   a pool of tokio-postgres connections.
//!
//! Both keep the same rules ([`Store::insert_event`]: a push is a redelivery only when it
//! equals its order's latest event and came within the window), hand out sequence numbers
//! in one global order that matches the order of commits, migrate their schema from the same
//! numbered SQL files ([`migrations`]) and fail with the same [`StoreError`]s.
//!
//! **Why an enum and not a trait object.** The engines are a closed set of two that this
//! crate owns; an enum dispatches without boxing every future (async trait methods are not
//! object-safe without `async-trait` or hand-written boxing), a `match` makes the compiler
//! check that each operation exists for both, and the handlers keep the one cheap-to-clone
//! `Store` they had. A third engine would be a third variant, not a plug-in.
//!
//! **Live events** go to this process's listeners through [`live::Fanout`], in sequence
//! order, once each: SQLite publishes at the insert's commit; with PostgreSQL each replica
//! runs a listener (LISTEN/NOTIFY, then a read from the table) that publishes the events
//! every replica stores, so a push acknowledged by one reaches the streams of all.
//!
//! ## Layout
//! - this module: [`Store`], what both engines share (the redelivery rule, time stamps).
//! - `error.rs`: [`StoreError`], the same for both engines.
//! - [`audit`]: [`audit::AuditEntry`], written for every mutation and read a page at a time.
//! - [`alert_rules`]: usage alert rules with the scope of the token that wrote them.
//! - [`alerts`]: the alerts they fire (once per rule, subject and cycle), their live
//!   fan-out, and the evaluator's bookkeeping (one scheduled run at a time).
//! - [`outbox`]: the alerts' webhook deliveries, claimed under a lease, and their log.
//! - [`live`]: the in-process fan-out of new events and its figures.
//! - [`migrations`]: the numbered schema files of both engines and the rule they follow.
//! - `sqlite/`, `postgres/`: each engine's connection, schema runner, events and audit.

pub mod alert_rules;
pub mod alerts;
pub mod audit;
mod error;
pub mod live;
pub mod migrations;
pub mod outbox;
mod postgres;
mod sqlite;

pub use error::StoreError;

use crate::config::DatabaseUrl;
use alert_rules::{RuleOwner, StoredRule};
use alerts::{AlertFanout, AlertRun, AlertScope, NewAlert};
use audit::AuditEntry;
use cmp_api::OrderStatusPush;
use cmp_api::proxy_api::alert::{Alert, AlertDelivery};
use cmp_api::proxy_api::alert_rule::RuleDraft;
use cmp_api::proxy_api::alert_rule::Webhook;
use live::{Fanout, FanoutStats};
use outbox::{Attempt, Claimed};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::broadcast;

/// A stored order-status event, as `/api/events` sends it (cmp-api's type, which the SPA reads).
pub use cmp_api::proxy_api::OrderEvent;

/// Whether a push was new or already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, with its sequence number.
    New(OrderEvent),
    /// A redelivery: the order's most recent event has the same operation and time and was
    /// received within the window.
    Duplicate,
}

/// A connection pool's state, as operators watch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// The most connections it may hold.
    pub max_size: usize,
    /// Connections it holds now, in use or idle.
    pub size: usize,
    /// Idle connections, ready for a request.
    pub available: usize,
    /// Requests waiting for a connection.
    pub waiting: usize,
}

/// Handle on the store; cheap to clone.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
    live: Fanout,
    alerts: AlertFanout,
}

#[derive(Clone)]
enum Engine {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// Runs the same call on whichever engine the store has.
macro_rules! on_engine {
    ($store:expr, $db:ident => $call:expr) => {
        match &$store.engine {
            Engine::Sqlite($db) => $call,
            Engine::Postgres($db) => $call,
        }
    };
}

impl Store {
    /// Opens (creating if needed) `dir/events.db`, bringing its schema up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Ok(Store::with(Engine::Sqlite(sqlite::Sqlite::open(dir)?)))
    }

    /// Connects to the PostgreSQL database at `url`, bringing its schema up to date (under
    /// a lock, so replicas starting at once migrate it once), and starts listening for the
    /// events every replica stores from now on (stopped when the last handle is dropped).
    pub async fn connect(url: &DatabaseUrl) -> Result<Store, StoreError> {
        let live = Fanout::new();
        let alerts = AlertFanout::new();
        let db = postgres::Postgres::connect(url, &live, &alerts).await?;
        Ok(Store {
            engine: Engine::Postgres(db),
            live,
            alerts,
        })
    }

    fn with(engine: Engine) -> Store {
        Store {
            engine,
            live: Fanout::new(),
            alerts: AlertFanout::new(),
        }
    }

    /// What holds the data, for logs: the SQLite file or the database's name (never a password).
    pub fn describe(&self) -> String {
        match &self.engine {
            Engine::Sqlite(db) => format!("SQLite file {}", db.file().display()),
            Engine::Postgres(db) => format!("PostgreSQL database {}", db.name()),
        }
    }

    /// Whether the store answers now (for `/readyz`).
    pub async fn check(&self) -> Result<(), StoreError> {
        on_engine!(self, db => db.check().await)
    }

    /// The schema version the store has (after opening: [`migrations::CURRENT`]).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        on_engine!(self, db => db.schema_version().await)
    }

    /// Listens to events stored from now on, in sequence order, each once: those this
    /// process stores (SQLite), those every replica stores (PostgreSQL).
    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.live.subscribe()
    }

    /// The fan-out's figures (lag, listener reconnects, events published).
    pub fn fanout_stats(&self) -> &FanoutStats {
        self.live.stats()
    }

    /// The connection pool's state (PostgreSQL; SQLite has one connection and no pool).
    pub fn pool_state(&self) -> Option<PoolState> {
        match &self.engine {
            Engine::Sqlite(_) => None,
            Engine::Postgres(db) => Some(db.pool_state()),
        }
    }

    /// Stores a push durably (committed before this returns) unless it is a redelivery:
    /// the same order, operation and time as that order's most recent event, received
    /// less than `window` ago. Anything else is a new event, even with a key seen before:
    /// the platform's `time` is the order's creation time, so a pause, a resume and a pause
    /// again, or two renewals, repeat it. Two deliveries of one push arriving at once (at
    /// one replica or two) store it once: the check and the insert hold the order's lock.
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
        let receipt = Receipt::new(&push, window, now);
        match &self.engine {
            Engine::Sqlite(db) => db.insert_event(push, receipt, &self.live).await,
            // Published by the listener, from the table (see `live`).
            Engine::Postgres(db) => db.insert_event(push, receipt).await,
        }
    }

    /// Keeps a push that could not be read, with the reason.
    pub async fn dead_letter(&self, body: Vec<u8>, reason: String) -> Result<(), StoreError> {
        on_engine!(self, db => db.dead_letter(body, reason).await)
    }

    /// Number of dead letters kept.
    pub async fn dead_letter_count(&self) -> Result<u64, StoreError> {
        on_engine!(self, db => db.dead_letter_count().await)
    }

    /// Events after `seq` in order (at most `limit`), only `devices`' when given.
    pub async fn events_after(
        &self,
        seq: u64,
        devices: Option<Vec<String>>,
        limit: u64,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        on_engine!(self, db => db.events_after(seq, devices, limit).await)
    }

    /// Page `page_no` (from 1) of events, newest first, and the total count.
    pub async fn events_page(
        &self,
        page_no: u64,
        page_size: u64,
        devices: Option<Vec<String>>,
    ) -> Result<(Vec<OrderEvent>, u64), StoreError> {
        let offset = offset(page_no, page_size);
        on_engine!(self, db => db.events_page(offset, page_size, devices).await)
    }

    /// The newest sequence number stored (0 when empty).
    pub async fn last_seq(&self) -> Result<u64, StoreError> {
        on_engine!(self, db => db.last_seq().await)
    }

    /// Appends an entry to the audit log.
    pub async fn record_audit(&self, e: AuditEntry) -> Result<(), StoreError> {
        on_engine!(self, db => db.record_audit(e).await)
    }

    /// Page `page_no` of the audit log, newest first, and the total count.
    pub async fn audit_page(
        &self,
        page_no: u64,
        page_size: u64,
    ) -> Result<(Vec<AuditEntry>, u64), StoreError> {
        let offset = offset(page_no, page_size);
        on_engine!(self, db => db.audit_page(offset, page_size).await)
    }
}

impl Store {
    /// Every alert rule, oldest first.
    pub async fn alert_rules(&self) -> Result<Vec<StoredRule>, StoreError> {
        on_engine!(self, db => db.alert_rules().await)
    }

    /// The alert rule `id`, if there is one.
    pub async fn alert_rule(&self, id: u64) -> Result<Option<StoredRule>, StoreError> {
        on_engine!(self, db => db.alert_rule(id).await)
    }

    /// Stores a new alert rule (already checked) written by `owner` now.
    pub async fn insert_alert_rule(
        &self,
        draft: RuleDraft,
        owner: RuleOwner,
    ) -> Result<StoredRule, StoreError> {
        on_engine!(self, db => db.insert_alert_rule(draft, owner, now_utc()).await)
    }

    /// Replaces alert rule `id` with `draft` (already checked), written by `owner` now;
    /// `None` when there is no such rule.
    pub async fn update_alert_rule(
        &self,
        id: u64,
        draft: RuleDraft,
        owner: RuleOwner,
    ) -> Result<Option<StoredRule>, StoreError> {
        on_engine!(self, db => db.update_alert_rule(id, draft, owner, now_utc()).await)
    }

    /// Removes alert rule `id`; whether there was one.
    pub async fn delete_alert_rule(&self, id: u64) -> Result<bool, StoreError> {
        on_engine!(self, db => db.delete_alert_rule(id).await)
    }
}

impl Store {
    /// Fires `new` now unless its rule, subject and cycle fired before: the new alert, or
    /// `None`. In the same transaction each of `webhooks` gets its delivery in the outbox,
    /// its body rendered from the alert. Published to every process's live alerts once
    /// committed.
    pub async fn fire_alert(
        &self,
        new: NewAlert,
        webhooks: Vec<Webhook>,
    ) -> Result<Option<Alert>, StoreError> {
        let (at, ms) = (now_utc(), now_ms());
        match &self.engine {
            Engine::Sqlite(db) => db.fire_alert(new, webhooks, at, ms, &self.alerts).await,
            Engine::Postgres(db) => db.fire_alert(new, webhooks, at, ms).await,
        }
    }

    /// Claims up to `limit` deliveries due at `now_ms` and not leased, for `worker`, for
    /// `lease` (after which another worker may claim them again).
    pub async fn claim_deliveries(
        &self,
        now_ms: i64,
        lease: Duration,
        worker: &str,
        limit: u64,
    ) -> Result<Vec<Claimed>, StoreError> {
        let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
        let worker = worker.to_owned();
        on_engine!(self, db => db.claim_deliveries(now_ms, lease_ms, worker, limit).await)
    }

    /// Writes an attempt's outcome and its log entry in one transaction; whether the worker
    /// still held the delivery's lease (if not, only the log entry is written).
    pub async fn record_attempt(&self, attempt: Attempt) -> Result<bool, StoreError> {
        on_engine!(self, db => db.record_attempt(attempt, now_utc()).await)
    }

    /// Alert `alert_id`'s deliveries with their logs.
    pub async fn alert_deliveries(&self, alert_id: u64) -> Result<Vec<AlertDelivery>, StoreError> {
        on_engine!(self, db => db.alert_deliveries(alert_id).await)
    }

    /// The open alerts of rule `rule_id`, oldest first.
    pub async fn open_alerts(&self, rule_id: u64) -> Result<Vec<Alert>, StoreError> {
        on_engine!(self, db => db.open_alerts(rule_id).await)
    }

    /// Resolves those of `ids` still open, now; the alerts resolved by this call.
    pub async fn resolve_alerts(&self, ids: Vec<u64>) -> Result<Vec<Alert>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        match &self.engine {
            Engine::Sqlite(db) => db.resolve_alerts(ids, now_utc(), &self.alerts).await,
            Engine::Postgres(db) => db.resolve_alerts(ids, now_utc()).await,
        }
    }

    /// Marks alert `id` acknowledged by `who` now (the first acknowledgement stays),
    /// resolving it too when `resolve`; the alert as it is now, `None` when there is none.
    pub async fn acknowledge_alert(
        &self,
        id: u64,
        who: &str,
        resolve: bool,
    ) -> Result<Option<Alert>, StoreError> {
        let (who, at) = (who.to_owned(), now_utc());
        match &self.engine {
            Engine::Sqlite(db) => {
                db.acknowledge_alert(id, who, at, resolve, &self.alerts)
                    .await
            }
            Engine::Postgres(db) => db.acknowledge_alert(id, who, at, resolve).await,
        }
    }

    /// Alert `id`, if there is one.
    pub async fn alert(&self, id: u64) -> Result<Option<Alert>, StoreError> {
        on_engine!(self, db => db.alert(id).await)
    }

    /// Page `page_no` (from 1) of the alerts within `scope`, newest first, open ones only
    /// when `open_only`; how many the filter keeps, and how many are open.
    pub async fn alerts_page(
        &self,
        page_no: u64,
        page_size: u64,
        open_only: bool,
        scope: AlertScope,
    ) -> Result<(Vec<Alert>, u64, u64), StoreError> {
        let offset = offset(page_no, page_size);
        on_engine!(self, db => db.alerts_page(offset, page_size, open_only, scope).await)
    }

    /// Listens to alerts fired, resolved or acknowledged from now on (by any replica).
    pub fn subscribe_alerts(&self) -> broadcast::Receiver<std::sync::Arc<Alert>> {
        self.alerts.subscribe()
    }

    /// The scheduled evaluation, if this process may run it now: no other runs one and none
    /// started within `interval` of `now` (Unix ms). Held until dropped.
    pub async fn try_alert_run(
        &self,
        interval: Duration,
        now_ms: i64,
    ) -> Result<Option<AlertRun>, StoreError> {
        let interval_ms = i64::try_from(interval.as_millis()).unwrap_or(i64::MAX);
        on_engine!(self, db => db.try_alert_run(interval_ms, now_ms).await)
    }

    /// The last event whose order-push rules were evaluated (`None`: none yet).
    pub async fn alert_event_cursor(&self) -> Result<Option<u64>, StoreError> {
        on_engine!(self, db => db.alert_event_cursor().await)
    }

    /// Moves that cursor forward to `seq`.
    pub async fn set_alert_event_cursor(&self, seq: u64) -> Result<(), StoreError> {
        on_engine!(self, db => db.set_alert_event_cursor(seq).await)
    }
}

/// A push as received: its redelivery key, when it came, and since when an equal latest
/// event makes it a redelivery. Both engines decide with [`Receipt::is_redelivery`].
pub(crate) struct Receipt {
    key: String,
    received_at: String,
    since: String,
}

impl Receipt {
    fn new(push: &OrderStatusPush, window: Duration, now: SystemTime) -> Receipt {
        Receipt {
            key: push.delivery_key(),
            received_at: utc_at(now),
            since: utc_at(now.checked_sub(window).unwrap_or(UNIX_EPOCH)),
        }
    }

    /// Whether the push repeats `latest`, its order's newest event as (key, received at).
    fn is_redelivery(&self, latest: Option<(String, String)>) -> bool {
        latest.is_some_and(|(key, at)| key == self.key && at >= self.since)
    }

    /// The event the push becomes when stored as `seq`.
    fn event(&self, seq: u64, push: &OrderStatusPush) -> OrderEvent {
        OrderEvent {
            seq,
            received_at: self.received_at.clone(),
            assetid: push.assetid.clone(),
            imsi: push.imsi.clone(),
            operation: push.operation.clone(),
            operation_label: push.operation_words(),
            orderid: push.orderid.clone(),
            time: push.time.to_string(),
        }
    }
}

/// Rows before page `page_no` of `page_size`.
fn offset(page_no: u64, page_size: u64) -> u64 {
    page_no.saturating_sub(1).saturating_mul(page_size)
}

/// A sequence number or row id as stored (both engines count from 1 and only grow).
fn sequence(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

/// A count, limit or offset as the engines take it.
fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Unix milliseconds now (the outbox schedules by them).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ssZ`.
pub fn now_utc() -> String {
    utc_at(std::time::SystemTime::now())
}

/// `at` in UTC as `YYYY-MM-DDThh:mm:ssZ`; these compare as text in time order. Both engines
/// store whole seconds, so the redelivery window ends at the same second on both.
pub fn utc_at(at: std::time::SystemTime) -> String {
    let ms = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let t = cmp_api::CmpTime::from_unix_millis(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}
