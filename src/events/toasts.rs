//! Short notices for new live events: at most a few at a time, each dismissed after
//! [`TOAST_LIFETIME`] or by its button.

use crate::api::alerts::AlertNotice;
use crate::api::events::OrderEvent;
use leptos::prelude::*;
use std::time::Duration;

/// How long a notice stays up.
pub const TOAST_LIFETIME: Duration = Duration::from_secs(6);

/// Notices shown at once; older ones make room, so a burst of events cannot fill the page.
pub const MAX_TOASTS: usize = 4;

/// One notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Identifies the notice for dismissing it.
    pub id: u64,
    /// What it says.
    pub text: String,
}

/// The notices on screen, oldest first; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    /// The notices.
    pub items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }
}

impl Toasts {
    /// Shows a notice for `event` and returns its id.
    pub fn announce(&self, event: &OrderEvent) -> u64 {
        self.push(event.sentence())
    }

    /// Shows a notice for an alert that fired and returns its id.
    pub fn announce_alert(&self, alert: &AlertNotice) -> u64 {
        self.push(format!("Alert “{}”: {}", alert.rule_name, alert.sentence))
    }

    /// Shows `text`, dropping the oldest notice past [`MAX_TOASTS`].
    pub fn push(&self, text: String) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast { id, text });
            let extra = items.len().saturating_sub(MAX_TOASTS);
            items.drain(..extra);
        });
        id
    }

    /// Removes the notice `id`, if it is still shown.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}
