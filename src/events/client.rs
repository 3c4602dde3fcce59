//! The `EventSource` on `/api/events`. The browser's own retry is not used: on any error
//! the source is closed and a new one opened after a [`Backoff`] delay with
//! `?since=<last sequence seen>`, so nothing is missed and the state shown stays honest.
//! Besides order events (the default `message` type) the stream sends alerts as named
//! `alert` events, which are listened to separately.

use super::status::{Backoff, LiveStatus};
use crate::api::alerts::{ALERT_SSE_EVENT, AlertNotice, decode_alert};
use crate::api::events::{OrderEvent, decode_event, stream_url};
use leptos::prelude::{TimeoutHandle, set_timeout_with_handle};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

/// Where a connection reports what happens.
pub struct Sink {
    /// Called with each event received.
    pub on_event: Box<dyn Fn(OrderEvent)>,
    /// Called with each alert received (fired, resolved or acknowledged).
    pub on_alert: Box<dyn Fn(AlertNotice)>,
    /// Called when the connection's state changes.
    pub on_status: Box<dyn Fn(LiveStatus)>,
}

type Handler = Closure<dyn FnMut(JsValue)>;
type MessageHandler = Closure<dyn FnMut(MessageEvent)>;

struct Inner {
    token: String,
    last_seq: Option<u64>,
    backoff: Backoff,
    source: Option<EventSource>,
    // Kept alive while their source may call them; replaced only outside their own calls.
    handlers: Option<(Handler, MessageHandler, MessageHandler, Handler)>,
    timer: Option<TimeoutHandle>,
    closed: bool,
    sink: Sink,
}

/// One live connection for one token; [`Connection::close`] ends it for good.
pub struct Connection {
    inner: Rc<RefCell<Inner>>,
}

impl Connection {
    /// Opens the stream for `token`, resuming after `since` when given.
    pub fn open(token: String, since: Option<u64>, sink: Sink) -> Connection {
        let inner = Rc::new(RefCell::new(Inner {
            token,
            last_seq: since,
            backoff: Backoff::default(),
            source: None,
            handlers: None,
            timer: None,
            closed: false,
            sink,
        }));
        connect(&inner);
        Connection { inner }
    }

    /// Closes the stream and stops reconnecting.
    pub fn close(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.closed = true;
        if let Some(timer) = inner.timer.take() {
            timer.clear();
        }
        if let Some(source) = inner.source.take() {
            source.close();
        }
        inner.handlers = None;
        (inner.sink.on_status)(LiveStatus::Offline);
    }
}

fn connect(cell: &Rc<RefCell<Inner>>) {
    let mut inner = cell.borrow_mut();
    inner.timer = None;
    if inner.closed {
        return;
    }
    let url = stream_url(&inner.token, inner.last_seq);
    let Ok(source) = EventSource::new(&url) else {
        drop(inner);
        retry_later(cell);
        return;
    };
    let weak = Rc::downgrade(cell);
    let on_open = Handler::new({
        let weak = weak.clone();
        move |_: JsValue| {
            with_inner(&weak, |inner| {
                inner.backoff.reset();
                (inner.sink.on_status)(LiveStatus::Connected);
            })
        }
    });
    let on_message = MessageHandler::new({
        let weak = weak.clone();
        move |message: MessageEvent| {
            let Some(text) = message.data().as_string() else {
                return;
            };
            // A malformed event is skipped rather than ending the stream.
            let Ok(event) = decode_event(&text) else {
                return;
            };
            with_inner(&weak, |inner| {
                inner.last_seq = Some(inner.last_seq.unwrap_or(0).max(event.seq));
                (inner.sink.on_event)(event);
            })
        }
    });
    let on_alert = MessageHandler::new({
        let weak = weak.clone();
        move |message: MessageEvent| {
            let Some(alert) = message
                .data()
                .as_string()
                .and_then(|t| decode_alert(&t).ok())
            else {
                return;
            };
            with_inner(&weak, |inner| (inner.sink.on_alert)(alert))
        }
    });
    let on_error = Handler::new(move |_: JsValue| {
        if let Some(cell) = weak.upgrade() {
            retry_later(&cell);
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Named events reach only their own listeners, never `onmessage`.
    let _ =
        source.add_event_listener_with_callback(ALERT_SSE_EVENT, on_alert.as_ref().unchecked_ref());
    inner.source = Some(source);
    inner.handlers = Some((on_open, on_message, on_alert, on_error));
}

/// Closes the current source and schedules a new one after the next backoff delay.
fn retry_later(cell: &Rc<RefCell<Inner>>) {
    let mut inner = cell.borrow_mut();
    if inner.closed || inner.timer.is_some() {
        return;
    }
    if let Some(source) = inner.source.take() {
        source.close();
    }
    let delay = inner.backoff.next_delay();
    (inner.sink.on_status)(inner.backoff.status());
    let weak = Rc::downgrade(cell);
    let timer = set_timeout_with_handle(
        move || {
            if let Some(cell) = weak.upgrade() {
                connect(&cell);
            }
        },
        delay,
    );
    inner.timer = timer.ok();
}

fn with_inner(weak: &Weak<RefCell<Inner>>, f: impl FnOnce(&mut Inner)) {
    if let Some(cell) = weak.upgrade()
        && let Ok(mut inner) = cell.try_borrow_mut()
    {
        f(&mut inner);
    }
}
