//! The session's live-events service: started once in `App`, following the sign-in
//! state (a new token opens a new stream, signing out closes it), and shared by context.

use super::client::{Connection, Sink};
use super::log::{MAX_EVENTS, record};
use super::status::LiveStatus;
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
/// event concerns one of its orders.
#[derive(Debug, Clone, Copy)]
pub struct LiveEvents {
    /// Where the connection stands.
    pub status: ReadSignal<LiveStatus>,
    /// Events received live this session, newest first, at most [`MAX_EVENTS`].
    pub events: ReadSignal<Vec<OrderEvent>>,
    /// The most recent new event (replays of already-seen ones are not repeated).
    pub last_event: ReadSignal<Option<OrderEvent>>,
    set_status: WriteSignal<LiveStatus>,
    set_events: WriteSignal<Vec<OrderEvent>>,
    set_last: WriteSignal<Option<OrderEvent>>,
}

impl LiveEvents {
    /// A fresh state, not connected to anything (views and tests build on it).
    pub fn new(status: LiveStatus) -> LiveEvents {
        let (status, set_status) = signal(status);
        let (events, set_events) = signal(Vec::new());
        let (last_event, set_last) = signal(None);
        LiveEvents {
            status,
            events,
            last_event,
            set_status,
            set_events,
            set_last,
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

    /// Sets the connection's state.
    pub fn set_status(&self, status: LiveStatus) {
        self.set_status.set(status);
    }
}

/// Starts the live-events service for the session in `auth` and provides it as context.
pub fn provide_live_events(auth: Auth) -> LiveEvents {
    let live = LiveEvents::new(LiveStatus::Offline);
    provide_context(live);
    let current: Rc<RefCell<Option<Connection>>> = Rc::default();
    Effect::new({
        let current = Rc::clone(&current);
        move |_| {
            let token = auth.token.get();
            if let Some(old) = current.borrow_mut().take() {
                old.close();
            }
            live.set_events.set(Vec::new());
            if let Some(token) = token {
                start(live, auth, token, Rc::clone(&current));
            }
        }
    });
    super::page_lifecycle::on_page_hide_and_restore(
        {
            let current = Rc::clone(&current);
            move || {
                if let Some(old) = current.borrow_mut().take() {
                    old.close();
                }
            }
        },
        {
            let current = Rc::clone(&current);
            move || {
                if let Some(token) = auth.token.get_untracked() {
                    start(live, auth, token, Rc::clone(&current));
                }
            }
        },
    );
    // The app's owner lives as long as the page; this closes the stream if it is unmounted.
    let current = SendWrapper::new(current);
    on_cleanup(move || {
        if let Some(old) = current.take().borrow_mut().take() {
            old.close();
        }
    });
    live
}

/// Opens the stream after the newest stored event, so nothing committed between this
/// session's start and a later reconnection is missed.
fn start(live: LiveEvents, auth: Auth, token: String, current: Rc<RefCell<Option<Connection>>>) {
    live.set_status(LiveStatus::Connecting);
    spawn_local(async move {
        // Without the newest number the stream starts from "now", which is still right.
        let since = event_history(1, 1)
            .await
            .ok()
            .map(|page| page.events.first().map_or(0, |e| e.seq));
        // The token may have changed while the history was being asked.
        let still_current = crate::api::token::stored_token().as_deref() == Some(token.as_str());
        if !still_current || current.borrow().is_some() {
            return;
        }
        let token_for_check = token.clone();
        let sink = Sink {
            on_event: Box::new(move |event| live.receive(event)),
            on_status: Box::new(move |status| {
                live.set_status(status);
                if status == LiveStatus::Reconnecting {
                    check_token(auth, token_for_check.clone());
                }
            }),
        };
        *current.borrow_mut() = Some(Connection::open(token, since, sink));
    });
}

/// An `EventSource` cannot tell a refused token from a dropped connection, so after an
/// error the session is asked directly; a refused token brings back the sign-in form.
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
