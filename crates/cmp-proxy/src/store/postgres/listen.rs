//! Live events across replicas: one listener task per replica, on a connection of its own
//! (outside the pool: a pooled connection would drop notifications between checkouts).
//!
//! Every insert sends `NOTIFY cmp_events, '<seq>'` inside its transaction (see [`super::events`]),
//! which PostgreSQL delivers to every listening session at the commit, in commit order, and
//! drops if the transaction rolls back. The listener never trusts a notification's content
//! beyond "something new": on each one it reads the events after the last sequence number it
//! published, from the table, and publishes them through [`Fanout`] in order. So:
//! - **nothing twice**: it publishes only numbers above the last one it published;
//! - **nothing missed**: numbers commit in order (the sequence lock of [`super::events`]), so
//!   reading "after the last one" never skips a number that commits later; notifications
//!   lost while disconnected do not matter, because after every (re)connect it `LISTEN`s
//!   first and then catches up from the table; and a read every [`SAFETY_NET`] covers
//!   anything else (a notification lost in transit, a stalled connection, found dead by
//!   the read's deadline).
//! - **one global order**: every replica publishes the table's order of sequence numbers.
//!
//! A lost connection (the server restarted, the network dropped, the session terminated) is
//! made again with a backoff from [`FIRST_BACKOFF`] doubling to [`MAX_BACKOFF`]; the
//! listener then catches up from where it was. It measures the fan-out lag of each event
//! (from its `stored_at`, the database's clock at the insert, to now by the same clock) and
//! counts reconnects in [`crate::store::live::FanoutStats`].
//!
//! **Alerts** ride on the same connection: it also `LISTEN`s on `cmp_alerts`, whose payload
//! is an alert's id, reads that alert and publishes it to the replica's [`AlertFanout`].
//! It publishes the alert as it is when read, which may already be a later state than the
//! change notified (one publication per change all the same). Alerts carry no sequence, so
//! one changed while the connection is down is not published live (the Alerts page reads
//! `GET /api/alerts` whenever its stream reconnects).

use super::alerts::{ALERT_CHANNEL, alert_columns, read_alert};
use super::events::{CHANNEL, event_columns, read_event};
use super::{OPERATION_TIMEOUT, describe};
use crate::store::alerts::AlertFanout;
use crate::store::live::Fanout;
use crate::store::signed;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_postgres::tls::NoTlsStream;
use tokio_postgres::{AsyncMessage, Client, Config, Connection, NoTls, Socket, Statement};

/// How often the listener reads the table without being notified.
pub(super) const SAFETY_NET: Duration = Duration::from_secs(2);
/// The first pause before connecting again; it doubles on each failure up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// The longest pause between two connection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Events read per query while catching up.
const BATCH: u64 = 1000;

/// What the connection's driver passes on: a notification (an event's `seq` or an alert's
/// id, when the payload reads as one) or why the connection ended.
enum Heard {
    Event(Option<u64>),
    Alert(Option<u64>),
    Lost(String),
}

/// The listener task of one replica; stopped when dropped (with the last handle on its store).
pub(super) struct Listener(JoinHandle<()>);

impl Drop for Listener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Listener {
    /// Starts listening on the database of `config`, publishing to `live` every event after
    /// `last` (the newest sequence number when the store was opened).
    pub(super) fn spawn(
        config: &Config,
        database: Arc<str>,
        last: u64,
        live: Fanout,
        alerts: AlertFanout,
    ) -> Listener {
        let mut config = config.clone();
        // Its own name, so an operator tells it apart in pg_stat_activity.
        let name = format!(
            "{} events listener",
            config.get_application_name().unwrap_or("cmp-proxy")
        );
        config.application_name(&name);
        Listener(tokio::spawn(listen(config, database, last, live, alerts)))
    }
}

/// Follows the database until the task is aborted, connecting again after every loss.
async fn listen(
    config: Config,
    database: Arc<str>,
    mut last: u64,
    live: Fanout,
    alerts: AlertFanout,
) {
    let mut session = Session {
        config,
        live,
        alerts,
        connections: 0,
        backoff: FIRST_BACKOFF,
    };
    loop {
        let lost = session.follow(&mut last).await;
        session.live.stats().listening.set(0);
        tracing::warn!(
            database = %database,
            reason = %lost,
            last_seq = last,
            retry_in_ms = session.backoff.as_millis() as u64,
            "the events listener has no database connection; live events from other replicas wait until it is back"
        );
        tokio::time::sleep(session.backoff).await;
        session.backoff = (session.backoff * 2).min(MAX_BACKOFF);
    }
}

struct Session {
    config: Config,
    live: Fanout,
    alerts: AlertFanout,
    /// Connections made so far (the first is not a reconnect).
    connections: u64,
    backoff: Duration,
}

impl Session {
    /// Connects, listens, catches up, then publishes what every notification and safety-net
    /// read finds, until the connection is lost: returns why.
    async fn follow(&mut self, last: &mut u64) -> String {
        let (client, connection) = match within(self.config.connect(NoTls)).await {
            Ok(pair) => pair,
            Err(why) => return why,
        };
        let (notes, mut heard) = mpsc::unbounded_channel();
        let _driver = AbortOnDrop(tokio::spawn(drive(connection, notes)));
        let listen = format!("LISTEN {CHANNEL}; LISTEN {ALERT_CHANNEL}");
        if let Err(why) = within(client.batch_execute(&listen)).await {
            return why;
        }
        let read_alert_by_id = format!("SELECT {} FROM alerts WHERE id = $1", alert_columns());
        let read_alert_by_id = match within(client.prepare(&read_alert_by_id)).await {
            Ok(statement) => statement,
            Err(why) => return why,
        };
        let read = format!(
            "SELECT {}, EXTRACT(EPOCH FROM clock_timestamp() - stored_at)::float8 FROM events
             WHERE seq > $1 ORDER BY seq LIMIT $2",
            event_columns()
        );
        let read = match within(client.prepare(&read)).await {
            Ok(statement) => statement,
            Err(why) => return why,
        };
        self.connections += 1;
        if self.connections > 1 {
            self.live.stats().reconnects.inc(&[]);
            tracing::info!(
                last_seq = *last,
                "the events listener is connected again; catching up from the table"
            );
        }
        self.live.stats().listening.set(1);
        self.backoff = FIRST_BACKOFF;
        let mut tick = tokio::time::interval(SAFETY_NET);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is immediate: the catch-up after listening.
        loop {
            let read_now = tokio::select! {
                note = heard.recv() => {
                    let Some(first) = note else {
                        return "the connection closed".into();
                    };
                    // A burst of notifications is one read of the events.
                    let (mut events, mut newest, mut alerts) = (false, None, Vec::new());
                    let mut next = Some(first);
                    while let Some(note) = next {
                        match note {
                            Heard::Event(seq) => {
                                events = true;
                                newest = newest.max(seq);
                            }
                            Heard::Alert(id) => alerts.extend(id),
                            Heard::Lost(why) => return why,
                        }
                        next = heard.try_recv().ok();
                    }
                    for id in alerts {
                        if let Err(why) =
                            publish_alert(&client, &read_alert_by_id, id, &self.alerts).await
                        {
                            return why;
                        }
                    }
                    events && newest.is_none_or(|seq| seq > *last)
                },
                _ = tick.tick() => true,
            };
            if read_now && let Err(why) = catch_up(&client, &read, last, &self.live).await {
                return why;
            }
        }
    }
}

/// Publishes every event after `last` in order, advancing `last`.
async fn catch_up(
    client: &Client,
    read: &Statement,
    last: &mut u64,
    live: &Fanout,
) -> Result<(), String> {
    loop {
        let rows = within(client.query(read, &[&signed(*last), &signed(BATCH)])).await?;
        for row in &rows {
            let event = read_event(row);
            if event.seq <= *last {
                continue;
            }
            if let Some(lag) = row.get::<_, Option<f64>>(8) {
                live.stats().lag.observe(&[], lag.max(0.0));
            }
            *last = event.seq;
            live.publish(event);
        }
        if (rows.len() as u64) < BATCH {
            return Ok(());
        }
    }
}

/// Reads alert `id` and publishes it (an alert this build cannot read is logged and skipped).
async fn publish_alert(
    client: &Client,
    read: &Statement,
    id: u64,
    alerts: &AlertFanout,
) -> Result<(), String> {
    let Some(row) = within(client.query_opt(read, &[&signed(id)])).await? else {
        return Ok(());
    };
    match read_alert(&row) {
        Ok(alert) => alerts.publish(alert),
        Err(e) => tracing::error!(alert = id, error = %e, "an alert could not be read"),
    }
    Ok(())
}

/// Drives the connection (`poll_message`, which also carries the client's queries) and
/// passes notifications on; ends with the connection, saying why when it failed.
async fn drive(
    mut connection: Connection<Socket, NoTlsStream>,
    notes: mpsc::UnboundedSender<Heard>,
) {
    loop {
        match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            Some(Ok(AsyncMessage::Notification(n))) => {
                let id = n.payload().trim().parse().ok();
                let heard = if n.channel() == ALERT_CHANNEL {
                    Heard::Alert(id)
                } else {
                    Heard::Event(id)
                };
                if notes.send(heard).is_err() {
                    return;
                }
            }
            // Notices (warnings from the server) need nothing.
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                let _ = notes.send(Heard::Lost(describe(&e)));
                return;
            }
            None => return,
        }
    }
}

/// `operation` within the store's deadline, its error in words.
async fn within<T>(
    operation: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(OPERATION_TIMEOUT, operation).await {
        Ok(done) => done.map_err(|e| describe(&e)),
        Err(_) => Err(format!(
            "no answer within {} s",
            OPERATION_TIMEOUT.as_secs()
        )),
    }
}

/// Stops the connection's driver when the session ends.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
