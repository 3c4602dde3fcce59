//! Browser tests of a token's group of tabs with the real Web Locks and `BroadcastChannel`
//! (two groups in one page meet like two tabs: the channel reaches every other object of
//! the name, the lock queues every request) and a stand-in stream: the first to join
//! leads and opens after the newest stored event, the other shows what it relays once;
//! when the leader leaves the other takes over and resumes after the last event it saw;
//! a different token's group shares nothing.
#![cfg(target_arch = "wasm32")]

mod support;

use cmp_dashboard::api::alerts::decode_alert;
use cmp_dashboard::api::events::{OrderEvent, decode_event};
use cmp_dashboard::events::tabs::{LiveStream, Report, Streams, TabGroup};
use cmp_dashboard::events::{LiveStatus, Sink};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use support::wait_until;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn event(seq: u64) -> OrderEvent {
    decode_event(&format!(
        r#"{{"seq":{seq},"assetid":"D1","imsi":"1","operation":"1003","orderid":"O{seq}"}}"#
    ))
    .unwrap()
}

/// The stand-in proxy of one tab: where its streams were opened, and the open one's sink.
#[derive(Default)]
struct FakeStreams {
    opened: RefCell<Vec<Option<u64>>>,
    sink: RefCell<Option<Sink>>,
    closed: Rc<Cell<bool>>,
}

struct FakeStream(Rc<Cell<bool>>);

impl LiveStream for FakeStream {
    fn close(&self) {
        self.0.set(true);
    }
}

impl FakeStreams {
    fn send(&self, seq: u64) {
        let sink = self.sink.borrow();
        (sink.as_ref().expect("a stream is open").on_event)(event(seq));
    }

    fn alert(&self, id: u64) {
        let sink = self.sink.borrow();
        let alert = decode_alert(&format!(
            r#"{{"id":{id},"rule_id":1,"rule_name":"R","subject":{{"kind":"pool","pool_id":"P1"}},"cycle":"2026-05-01","state":"open","fired_at":"2026-05-09T10:00:00Z","sentence":"Pool P1 has used 90 %"}}"#
        ))
        .unwrap();
        (sink.as_ref().expect("a stream is open").on_alert)(alert);
    }

    fn state(&self, status: LiveStatus) {
        let sink = self.sink.borrow();
        (sink.as_ref().expect("a stream is open").on_status)(status);
    }
}

/// What one tab showed.
#[derive(Default)]
struct Shown {
    events: RefCell<Vec<u64>>,
    alerts: RefCell<Vec<u64>>,
    status: Cell<Option<LiveStatus>>,
    leads: Cell<bool>,
}

/// A tab of `token` whose proxy holds events up to `newest`.
fn tab(token: &str, newest: u64) -> (TabGroup, Rc<FakeStreams>, Rc<Shown>) {
    let fake = Rc::new(FakeStreams::default());
    let shown = Rc::new(Shown::default());
    let streams = Streams {
        open: Box::new({
            let fake = Rc::clone(&fake);
            move |since, sink| {
                fake.opened.borrow_mut().push(since);
                *fake.sink.borrow_mut() = Some(sink);
                Box::new(FakeStream(Rc::clone(&fake.closed)))
            }
        }),
        newest: Box::new(move || Box::pin(async move { Some(newest) })),
    };
    let report = Report {
        on_event: Box::new({
            let shown = Rc::clone(&shown);
            move |e| shown.events.borrow_mut().push(e.seq)
        }),
        on_alert: Box::new({
            let shown = Rc::clone(&shown);
            move |a| shown.alerts.borrow_mut().push(a.id)
        }),
        on_status: Box::new({
            let shown = Rc::clone(&shown);
            move |s| shown.status.set(Some(s))
        }),
        on_lead: Box::new({
            let shown = Rc::clone(&shown);
            move |l| shown.leads.set(l)
        }),
    };
    (TabGroup::join(token, streams, report), fake, shown)
}

#[wasm_bindgen_test]
async fn one_tab_holds_the_stream_the_other_follows_and_takes_over_where_it_stopped() {
    let (a, a_proxy, a_shown) = tab("group-test-token-1", 5);
    wait_until("the first tab opens the stream", || {
        a_proxy.opened.borrow().len() == 1
    })
    .await;
    assert_eq!(
        *a_proxy.opened.borrow(),
        [Some(5)],
        "after the newest stored"
    );
    assert!(a_shown.leads.get());

    let (b, b_proxy, b_shown) = tab("group-test-token-1", 5);
    a_proxy.state(LiveStatus::Connected);
    wait_until("the second tab shows the leader's state", || {
        b_shown.status.get() == Some(LiveStatus::Connected)
    })
    .await;
    assert!(!b_shown.leads.get(), "the second tab follows");
    assert!(b_proxy.opened.borrow().is_empty(), "and opens no stream");

    a_proxy.send(6);
    a_proxy.send(7);
    a_proxy.send(7);
    wait_until("the follower shows the relayed events", || {
        b_shown.events.borrow().len() == 2
    })
    .await;
    assert_eq!(*a_shown.events.borrow(), [6, 7]);
    a_proxy.alert(41);
    wait_until("the follower shows the relayed alert", || {
        b_shown.alerts.borrow().len() == 1
    })
    .await;
    assert_eq!(*a_shown.alerts.borrow(), [41]);
    assert_eq!(*b_shown.alerts.borrow(), [41]);

    // The leader leaves (closed, frozen, hidden): the follower takes over after 7.
    drop(a);
    assert!(a_proxy.closed.get(), "the leader's stream is closed");
    wait_until("the follower opens the stream", || {
        b_proxy.opened.borrow().len() == 1
    })
    .await;
    assert_eq!(*b_proxy.opened.borrow(), [Some(7)], "after the last it saw");
    assert!(b_shown.leads.get());
    b_proxy.send(7);
    b_proxy.send(8);
    assert_eq!(*b_shown.events.borrow(), [6, 7, 8], "each event once");
    drop(b);
}

#[wasm_bindgen_test]
async fn tabs_of_different_tokens_share_nothing() {
    let (a, a_proxy, _) = tab("group-test-token-2", 1);
    let (c, c_proxy, c_shown) = tab("group-test-token-3", 1);
    wait_until("each token's tab opens its own stream", || {
        a_proxy.opened.borrow().len() == 1 && c_proxy.opened.borrow().len() == 1
    })
    .await;
    a_proxy.send(2);
    support::sleep(100).await;
    assert!(c_shown.events.borrow().is_empty(), "another token's events");
    drop((a, c));
}

#[wasm_bindgen_test]
async fn a_tab_that_leaves_before_it_leads_never_opens_a_stream() {
    let (a, a_proxy, _) = tab("group-test-token-4", 1);
    wait_until("the first tab leads", || a_proxy.opened.borrow().len() == 1).await;
    let (b, b_proxy, b_shown) = tab("group-test-token-4", 1);
    drop(b);
    drop(a);
    support::sleep(200).await;
    assert!(b_proxy.opened.borrow().is_empty(), "it gave up its place");
    assert_eq!(b_shown.status.get(), Some(LiveStatus::Offline));
    // The lock is free again: a new tab leads at once.
    let (d, d_proxy, _) = tab("group-test-token-4", 1);
    wait_until("a new tab leads", || d_proxy.opened.borrow().len() == 1).await;
    drop(d);
}
