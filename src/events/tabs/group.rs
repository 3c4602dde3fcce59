//! The browser side of a tab's group (thin glue around [`Relay`]): the channel, the lock,
//! the stream a leader opens, and what the tab shows. Each input is stepped through the
//! relay and its actions carried out in order, with no borrow held while they run (a
//! stream may report back at once).
//!
//! Without Web Locks or `BroadcastChannel` the tab is a group of its own: it leads at once
//! and keeps its own stream, as every tab did before groups.

use super::channel::Channel;
use super::group_name::group_name;
use super::relay::{Action, Input, Relay, Role};
use super::web_lock::LockRequest;
use crate::api::alerts::AlertNotice;
use crate::api::events::OrderEvent;
use crate::events::client::{Connection, Sink};
use crate::events::status::LiveStatus;
use futures::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// A live stream a leader opened; closed when the leader leaves.
pub trait LiveStream {
    /// Closes it for good.
    fn close(&self);
}

impl LiveStream for Connection {
    fn close(&self) {
        Connection::close(self);
    }
}

/// How a leader reaches the proxy.
pub struct Streams {
    /// Opens the stream after `since` (`None`: from now), reporting to the sink.
    pub open: Box<dyn Fn(Option<u64>, Sink) -> Box<dyn LiveStream>>,
    /// The newest stored event number (`None` if the proxy did not say): where a leader
    /// that has seen nothing starts.
    pub newest: Box<dyn Fn() -> LocalBoxFuture<'static, Option<u64>>>,
}

/// What the tab shows.
pub struct Report {
    /// Each event new to this tab.
    pub on_event: Box<dyn Fn(OrderEvent)>,
    /// Each alert (fired, resolved or acknowledged) the leader received.
    pub on_alert: Box<dyn Fn(AlertNotice)>,
    /// The connection state (the leader's, wherever it is).
    pub on_status: Box<dyn Fn(LiveStatus)>,
    /// Whether this tab holds the stream now.
    pub on_lead: Box<dyn Fn(bool)>,
}

struct Inner {
    relay: Relay,
    channel: Option<Channel>,
    lock: Option<LockRequest>,
    stream: Option<Box<dyn LiveStream>>,
    streams: Rc<Streams>,
    report: Rc<Report>,
}

/// This tab's membership in its token's group; leaves it when dropped.
pub struct TabGroup {
    inner: Rc<RefCell<Inner>>,
}

impl TabGroup {
    /// Joins the group of `token`: follows its leader, and leads when granted the lock.
    pub fn join(token: &str, streams: Streams, report: Report) -> TabGroup {
        let (relay, actions) = Relay::join();
        let inner = Rc::new(RefCell::new(Inner {
            relay,
            channel: None,
            lock: None,
            stream: None,
            streams: Rc::new(streams),
            report: Rc::new(report),
        }));
        let name = group_name(token);
        let weak = Rc::downgrade(&inner);
        let channel = super::web_lock::available()
            .then(|| Channel::open(&name, move |m| dispatch(&weak, Input::Received(m))))
            .flatten();
        let shared = channel.is_some();
        inner.borrow_mut().channel = channel;
        run(&inner, actions);
        let weak = Rc::downgrade(&inner);
        let lock = shared
            .then(|| LockRequest::ask(&name, move || dispatch(&weak, Input::Granted)))
            .flatten();
        let alone = lock.is_none();
        {
            let mut inner = inner.borrow_mut();
            inner.lock = lock;
            if alone {
                inner.channel = None;
            }
        }
        if alone {
            // On its own: there is no one to follow, so it leads (and needs no channel).
            dispatch(&Rc::downgrade(&inner), Input::Granted);
        }
        TabGroup { inner }
    }
}

impl Drop for TabGroup {
    fn drop(&mut self) {
        dispatch(&Rc::downgrade(&self.inner), Input::Leave);
        // After the leave's last post: the others hear of the handover first.
        self.inner.borrow_mut().channel = None;
    }
}

/// Steps `input` through the relay of a group still alive, then carries out the actions.
fn dispatch(weak: &Weak<RefCell<Inner>>, input: Input) {
    let Some(cell) = weak.upgrade() else {
        return;
    };
    let actions = match cell.try_borrow_mut() {
        Ok(mut inner) => inner.relay.step(input),
        // Only reachable if an action's own callback reports synchronously while the
        // relay steps, which none does; dropping the input beats a panic.
        Err(_) => return,
    };
    run(&cell, actions);
}

fn run(cell: &Rc<RefCell<Inner>>, actions: Vec<Action>) {
    for action in actions {
        perform(cell, action);
    }
}

fn perform(cell: &Rc<RefCell<Inner>>, action: Action) {
    let (streams, report) = {
        let inner = cell.borrow();
        (Rc::clone(&inner.streams), Rc::clone(&inner.report))
    };
    match action {
        Action::Show(event) => (report.on_event)(event),
        Action::ShowAlert(alert) => (report.on_alert)(alert),
        Action::SetStatus(status) => {
            (report.on_status)(status);
            let leads = matches!(cell.borrow().relay.role(), Role::Leader { .. });
            (report.on_lead)(leads);
        }
        Action::Post(message) => {
            if let Some(channel) = &cell.borrow().channel {
                channel.post(&message);
            }
        }
        Action::FindStart => {
            let weak = Rc::downgrade(cell);
            let newest = (streams.newest)();
            wasm_bindgen_futures::spawn_local(async move {
                let seq = newest.await;
                dispatch(&weak, Input::StartFound(seq));
            });
        }
        Action::OpenStream { since } => {
            let stream = (streams.open)(since, sink(Rc::downgrade(cell)));
            cell.borrow_mut().stream = Some(stream);
        }
        Action::CloseStream => {
            let stream = cell.borrow_mut().stream.take();
            if let Some(stream) = stream {
                stream.close();
            }
        }
        Action::ReleaseLock => {
            if let Some(lock) = cell.borrow_mut().lock.take() {
                lock.release();
            }
        }
    }
}

/// Where the leader's stream reports: back into the relay.
fn sink(weak: Weak<RefCell<Inner>>) -> Sink {
    let for_status = weak.clone();
    let for_alert = weak.clone();
    Sink {
        on_event: Box::new(move |event| dispatch(&weak, Input::StreamEvent(event))),
        on_alert: Box::new(move |alert| dispatch(&for_alert, Input::StreamAlert(alert))),
        on_status: Box::new(move |status| dispatch(&for_status, Input::StreamStatus(status))),
    }
}
