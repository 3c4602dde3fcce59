//! Alerts as the store keeps them: fired once per rule, subject and cycle (a UNIQUE key, so
//! two evaluators, or one evaluation and a push, can never fire one twice), resolved,
//! acknowledged, paged newest first within a token's scope, and published live to this
//! process's streams after every change ([`AlertFanout`]: SQLite at the commit; PostgreSQL
//! through each replica's listener, from `NOTIFY cmp_alerts`). Also the evaluator's
//! bookkeeping: one scheduled run per interval across processes ([`AlertRun`]), and the
//! last event whose order-push rules were evaluated. Each engine implements them
//! (`sqlite/alerts.rs`, `postgres/alerts.rs`).

use super::StoreError;
use crate::access::identity::Identity;
use cmp_api::proxy_api::alert::{Alert, AlertFigures, AlertState, AlertSubject};
use std::sync::Arc;
use tokio::sync::broadcast;

/// An alert about to fire.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    /// The rule.
    pub rule_id: u64,
    /// The rule's name now.
    pub rule_name: String,
    /// What it is about.
    pub subject: AlertSubject,
    /// The cycle it fires in (see [`Alert::cycle`]).
    pub cycle: String,
    /// What happened, in a sentence.
    pub sentence: String,
    /// The numbers behind it.
    pub figures: AlertFigures,
}

/// Which alerts a token sees: those of its devices and pools (`None`: every one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertScope {
    /// The devices whose alerts it sees.
    pub devices: Option<Vec<String>>,
    /// The pools whose alerts it sees.
    pub pools: Option<Vec<String>>,
}

impl AlertScope {
    /// What `who` may see.
    pub fn of(who: &Identity) -> AlertScope {
        AlertScope {
            devices: who.devices.clone(),
            pools: who.pools.clone(),
        }
    }

    /// Whether `alert` is within it.
    pub fn covers(&self, alert: &Alert) -> bool {
        let within = |list: &Option<Vec<String>>, id: &str| {
            list.as_ref().is_none_or(|l| l.iter().any(|x| x == id))
        };
        match (alert.subject.device(), alert.subject.pool()) {
            (Some(device), _) => within(&self.devices, device),
            (None, Some(pool)) => within(&self.pools, pool),
            (None, None) => false,
        }
    }
}

/// A scheduled evaluation this process may run now; for as long as it is held no other
/// process runs one (PostgreSQL: a session advisory lock on a connection of its own, which
/// the database releases if the process dies; SQLite: one process).
pub struct AlertRun {
    pub(super) _hold: Option<Box<dyn Send + Sync>>,
}

/// The live alerts of this process: every fired, resolved or acknowledged alert, once.
#[derive(Clone)]
pub struct AlertFanout {
    sender: broadcast::Sender<Arc<Alert>>,
}

impl AlertFanout {
    /// A publisher without listeners.
    pub fn new() -> AlertFanout {
        let (sender, _) = broadcast::channel(1024);
        AlertFanout { sender }
    }

    /// Sends `alert` to every listener.
    pub fn publish(&self, alert: Alert) {
        let _ = self.sender.send(Arc::new(alert));
    }

    /// Listens to alerts published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Alert>> {
        self.sender.subscribe()
    }
}

impl Default for AlertFanout {
    fn default() -> Self {
        AlertFanout::new()
    }
}

/// JSON text of a value the store keeps whole.
pub(super) fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The columns of one alert, read back.
pub(super) struct AlertRow {
    pub id: i64,
    pub rule_id: i64,
    pub rule_name: String,
    pub subject: String,
    pub cycle: String,
    pub state: String,
    pub fired_at: String,
    pub resolved_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
    pub sentence: String,
    pub figures: String,
}

impl AlertRow {
    /// The alert this row holds; a row this build cannot read is a failure, not a guess.
    pub(super) fn read(self) -> Result<Alert, StoreError> {
        let id = self.id;
        let unreadable = |what: &str, e: serde_json::Error| {
            StoreError::Failed(format!("alert {id}: unreadable {what}: {e}"))
        };
        Ok(Alert {
            id: super::sequence(self.id),
            rule_id: super::sequence(self.rule_id),
            rule_name: self.rule_name,
            subject: serde_json::from_str(&self.subject).map_err(|e| unreadable("subject", e))?,
            cycle: self.cycle,
            state: if self.state == "open" {
                AlertState::Open
            } else {
                AlertState::Resolved
            },
            fired_at: self.fired_at,
            resolved_at: self.resolved_at,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by: self.acknowledged_by,
            sentence: self.sentence,
            figures: serde_json::from_str(&self.figures).map_err(|e| unreadable("figures", e))?,
        })
    }
}
