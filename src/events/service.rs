//! The session's live-events service: started once in `App`, following the sign-in
//! state (a new token joins that token's group of tabs, signing out leaves it), and shared
//! by context. The group (`tabs/`) decides whether this tab holds the stream or follows
//! the tab that does; either way the events, the toasts and the indicator are the same.

use super::client::Connection;
use super::log::{MAX_EVENTS, record};
use super::status::LiveStatus;
use super::tabs::{Report, Streams, TabGroup};
use crate::api::alerts::{AlertNotice, AlertState};
use crate::api::events::{OrderEvent, event_history};
use crate::session::auth::Auth;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// The live-events state every view can read; cheap to copy.
///
/// Subscribe to `last_event` to react to each new event, e.g. to refetch a list when an
/// event concerns one of its orders, and to `last_alert` (or `alert_changes`) for alerts.
#[derive(Debug, Clone, Copy)]
pub struct LiveEvents {
    /// Where the connection stands.
    pub status: ReadSignal<LiveStatus>,
    /// Events received live this session, newest first, at most [`MAX_EVENTS`].
    pub events: ReadSignal<Vec<OrderEvent>>,
    /// The most recent new event (replays of already-seen ones are not repeated).
    pub last_event: ReadSignal<Option<OrderEvent>>,
    /// Whether this tab holds the stream (the other tabs of its token follow it).
    pub holds_stream: ReadSignal<bool>,
    /// The most recent alert received (fired, resolved or acknowledged).
    pub last_alert: ReadSignal<Option<AlertNotice>>,
    /// How many alerts were received this session: a change means alerts changed.
    pub alert_changes: ReadSignal<u64>,
    set_status: WriteSignal<LiveStatus>,
    set_events: WriteSignal<Vec<OrderEvent>>,
    set_last: WriteSignal<Option<OrderEvent>>,
    set_holds: WriteSignal<bool>,
    set_last_alert: WriteSignal<Option<AlertNotice>>,
    set_alert_changes: WriteSignal<u64>,
}

impl LiveEvents {
    /// A fresh state, not connected to anything (views and tests build on it).
    pub fn new(status: LiveStatus) -> LiveEvents {
        let (status, set_status) = signal(status);
        let (events, set_events) = signal(Vec::new());
        let (last_event, set_last) = signal(None);
        let (holds_stream, set_holds) = signal(false);
        let (last_alert, set_last_alert) = signal(None);
        let (alert_changes, set_alert_changes) = signal(0);
        LiveEvents {
            last_alert,
            alert_changes,
            set_last_alert,
            set_alert_changes,
            status,
            events,
            last_event,
            holds_stream,
            set_status,
            set_events,
            set_last,
            set_holds,
        }
    }

    /// Records an event received from the stream; announces it unless already seen.
    pub fn receive(&self, event: OrderEvent) {
        let mut fresh = false;
        self.set_events
            .update(|events| fresh = record(events, event.clone(), MAX_EVENTS));
        if fresh {
            self.set_last.set(Some(event));
        }
    }

    /// Records an alert received from the stream (fired, resolved or acknowledged).
    pub fn receive_alert(&self, alert: AlertNotice) {
        self.set_last_alert.set(Some(alert));
        self.set_alert_changes.update(|n| *n += 1);
    }

    /// Sets the connection's state.
    pub fn set_status(&self, status: LiveStatus) {
        self.set_status.set(status);
    }

    /// Notes whether this tab holds the stream.
    pub fn set_holds_stream(&self, holds: bool) {
        if self.holds_stream.get_untracked() != holds {
            self.set_holds.set(holds);
        }
    }
}

type Membership = Rc<RefCell<Option<TabGroup>>>;

/// Starts the live-events service for the session in `auth` and provides it as context.
pub fn provide_live_events(auth: Auth) -> LiveEvents {
    let live = LiveEvents::new(LiveStatus::Offline);
    provide_context(live);
    let current: Membership = Rc::default();
    Effect::new({
        let current = Rc::clone(&current);
        move |_| {
            let token = auth.token.get();
            // Leave the old group before joining the new one: a tab is in one at a time.
            let old = current.borrow_mut().take();
            drop(old);
            live.set_events.set(Vec::new());
            if let Some(token) = token {
                *current.borrow_mut() = Some(join(live, auth, &token));
            }
        }
    });
    super::page_lifecycle::on_page_leave_and_return(
        {
            let current = Rc::clone(&current);
            move || {
                let old = current.borrow_mut().take();
                drop(old);
            }
        },
        {
            let current = Rc::clone(&current);
            move || {
                // A restored page may be told twice (`resume`, then `pageshow`).
                let joined = current.borrow().is_some();
                if !joined && let Some(token) = auth.token.get_untracked() {
                    let group = join(live, auth, &token);
                    *current.borrow_mut() = Some(group);
                }
            }
        },
    );
    // The app's owner lives as long as the page; this leaves the group if it is unmounted.
    let current = SendWrapper::new(current);
    on_cleanup(move || {
        let old = current.take().borrow_mut().take();
        drop(old);
    });
    live
}

/// Joins the group of `token`'s tabs, showing what it relays in `live`.
fn join(live: LiveEvents, auth: Auth, token: &str) -> TabGroup {
    let streams = Streams {
        open: Box::new({
            let token = token.to_owned();
            move |since, sink| Box::new(Connection::open(token.clone(), since, sink))
        }),
        // Opening after the newest stored event means nothing committed between this
        // start and a later reconnection is missed; without it the stream starts from now.
        newest: Box::new(|| {
            Box::pin(async {
                event_history(1, 1)
                    .await
                    .ok()
                    .map(|page| page.events.first().map_or(0, |e| e.seq))
            })
        }),
    };
    let token_for_check = token.to_owned();
    let report = Report {
        on_event: Box::new(move |event| live.receive(event)),
        on_alert: Box::new(move |alert| live.receive_alert(alert)),
        on_status: Box::new(move |status| {
            live.set_status(status);
            if status == LiveStatus::Reconnecting {
                check_token(auth, token_for_check.clone());
            }
        }),
        on_lead: Box::new(move |leads| live.set_holds_stream(leads)),
    };
    TabGroup::join(token, streams, report)
}

/// An `EventSource` cannot tell a refused token from a dropped connection, so after an
/// error (this tab's stream's, or its leader's) the session is asked directly; a refused
/// token brings back the sign-in form.
fn check_token(auth: Auth, token: String) {
    spawn_local(async move {
        if crate::api::token::stored_token().as_deref() != Some(token.as_str()) {
            return;
        }
        if let Err(error) = crate::api::session().await {
            auth.note_error(&error);
        }
    });
}

/// The session's live events; needs [`provide_live_events`] above (it is in `App`).
pub fn use_live_events() -> LiveEvents {
    expect_context::<LiveEvents>()
}

/// Whether `alert`, as the stream sent it, is one firing now (not a resolution or an
/// acknowledgement of an earlier one): what a notice announces.
pub fn is_firing(alert: &AlertNotice) -> bool {
    alert.state == AlertState::Open && alert.acknowledged_at.is_none()
}
