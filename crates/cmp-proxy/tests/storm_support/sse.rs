//! A follower of live events, as a browser's `EventSource` is: it reads `GET /api/events`
//! of one replica and, whenever that stream ends or fails (the replica was killed, the
//! replay hit a database that is down), connects again with `Last-Event-ID` set to the
//! last event it got, to the next replica in the list. It records every event it hears
//! (sequence number, order id, when, through which replica), so a storm can check that it
//! heard each stored event once, in the table's order.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Longest silence on a stream (the proxy sends a comment every 15 s) before the follower
/// takes it for dead and connects again.
const SILENCE: Duration = Duration::from_secs(40);
/// Pause before connecting again.
const RECONNECT_PAUSE: Duration = Duration::from_millis(50);

/// One event as a follower heard it.
#[derive(Debug, Clone)]
pub struct Heard {
    /// The event's sequence number (its SSE id).
    pub seq: u64,
    /// Its order id.
    pub orderid: String,
    /// When it arrived.
    pub at: Instant,
    /// The replica (index into the base URLs) whose stream carried it.
    pub replica: usize,
}

/// What a follower has heard so far, and how often it connected.
#[derive(Debug, Default)]
pub struct Log {
    /// Every event, in the order heard.
    pub heard: Vec<Heard>,
    /// Streams opened (200 answers).
    pub streams: usize,
    /// Attempts that were refused, failed or ended (each followed by a new connection).
    pub breaks: usize,
}

/// A follower running in the background; stopped by [`Follower::stop`] or when dropped.
pub struct Follower {
    log: Arc<Mutex<Log>>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Follower {
    /// Follows the replicas at `bases` (`http://127.0.0.1:PORT`), starting with `first`,
    /// from event `since` on, with the dashboard `token`.
    pub fn start(bases: Vec<String>, first: usize, since: u64, token: &str) -> Follower {
        let log = Arc::new(Mutex::new(Log::default()));
        let (stop, stopped) = watch::channel(false);
        // No overall timeout: a stream lasts as long as the storm.
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("build the SSE client");
        let task = tokio::spawn(follow(
            client,
            bases,
            first,
            since,
            token.to_owned(),
            log.clone(),
            stopped,
        ));
        Follower { log, stop, task }
    }

    /// The highest sequence number heard so far (0 before any).
    pub fn last_seq(&self) -> u64 {
        let log = self.log.lock().unwrap();
        log.heard.last().map_or(0, |h| h.seq)
    }

    /// Waits until the follower heard `seq` (or later), up to `limit`; whether it did.
    pub async fn wait_for(&self, seq: u64, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.last_seq() >= seq {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.last_seq() >= seq
    }

    /// Waits until the follower has a stream open, up to `limit`.
    pub async fn wait_connected(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.log.lock().unwrap().streams > 0 {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    /// Stops following and returns what it heard.
    pub async fn stop(mut self) -> Log {
        let _ = self.stop.send(true);
        let _ = (&mut self.task).await;
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn follow(
    client: reqwest::Client,
    bases: Vec<String>,
    first: usize,
    mut since: u64,
    token: String,
    log: Arc<Mutex<Log>>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut replica = first % bases.len();
    loop {
        tokio::select! {
            _ = stopped.changed() => return,
            _ = read_stream(&client, &bases[replica], replica, &token, &mut since, &log) => {}
        }
        log.lock().unwrap().breaks += 1;
        replica = (replica + 1) % bases.len();
        tokio::select! {
            _ = stopped.changed() => return,
            _ = tokio::time::sleep(RECONNECT_PAUSE) => {}
        }
    }
}

/// Reads one stream until it ends or fails, recording its events and advancing `since`.
async fn read_stream(
    client: &reqwest::Client,
    base: &str,
    replica: usize,
    token: &str,
    since: &mut u64,
    log: &Mutex<Log>,
) {
    let answer = client
        .get(format!("{base}/api/events"))
        .bearer_auth(token)
        .header("accept", "text/event-stream")
        .header("last-event-id", since.to_string())
        .send()
        .await;
    let mut response = match answer {
        Ok(r) if r.status() == reqwest::StatusCode::OK => r,
        _ => return,
    };
    log.lock().unwrap().streams += 1;
    let mut pending = String::new();
    let mut event = Event::default();
    loop {
        let chunk = match tokio::time::timeout(SILENCE, response.chunk()).await {
            Ok(Ok(Some(chunk))) => chunk,
            // Ended, failed, or silent too long.
            _ => return,
        };
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find('\n') {
            let line: String = pending.drain(..=end).collect();
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if let Some(heard) = event.take(replica) {
                    // A stream resumed after `since` never repeats it; keep the check
                    // honest anyway: record what came, the test judges it.
                    *since = (*since).max(heard.seq);
                    log.lock().unwrap().heard.push(heard);
                }
            } else if let Some(id) = field(line, "id") {
                event.id = id.parse().ok();
            } else if let Some(data) = field(line, "data") {
                event.data.push_str(data);
            }
        }
    }
}

/// The value of `name: value` (one optional space after the colon).
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(name)?.strip_prefix(':')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// An event being read, line by line.
#[derive(Default)]
struct Event {
    id: Option<u64>,
    data: String,
}

impl Event {
    /// The event read so far (when it has an id), leaving an empty one.
    fn take(&mut self, replica: usize) -> Option<Heard> {
        let Event { id, data } = std::mem::take(self);
        let seq = id?;
        let json: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        Some(Heard {
            seq,
            orderid: json["orderid"].as_str().unwrap_or_default().to_owned(),
            at: Instant::now(),
            replica,
        })
    }
}
