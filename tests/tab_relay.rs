//! The rules of a token's group of tabs, pure: who leads, what the leader relays, where a
//! new leader resumes, that no tab shows an event twice or misses one across a change of
//! leader; alerts relayed as they come; the messages' wire text; the group's name. No browser API is involved, so these
//! run natively (`cargo test -p cmp-dashboard --test tab_relay`) and in the browser with
//! the other component tests.

use cmp_dashboard::api::alerts::{AlertNotice, decode_alert};
use cmp_dashboard::api::events::{OrderEvent, decode_event};
use cmp_dashboard::events::tabs::{Action, Input, Message, Relay, Role, group_name};
use cmp_dashboard::events::{LiveStatus, is_firing};
use std::collections::VecDeque;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn event(seq: u64) -> OrderEvent {
    decode_event(&format!(
        r#"{{"seq":{seq},"received_at":"2026-11-29T23:00:00Z","assetid":"D1","imsi":"1","operation":"1003","orderid":"O{seq}","time":"2026-11-20 08:15:00"}}"#
    ))
    .unwrap()
}

fn status(status: LiveStatus, cursor: Option<u64>) -> Message {
    Message::Status { status, cursor }
}

fn relayed(seq: u64) -> Input {
    Input::Received(Message::Event { event: event(seq) })
}

/// A tab that joined and was granted the lock at once.
fn leader_after(since: u64) -> Relay {
    let (mut relay, _) = Relay::join();
    relay.step(Input::Granted);
    relay.step(Input::StartFound(Some(since)));
    relay
}

#[test]
fn a_joining_tab_shows_connecting_and_asks_the_leader() {
    let (relay, actions) = Relay::join();
    assert_eq!(relay.role(), Role::Follower);
    assert_eq!(
        actions,
        [
            Action::SetStatus(LiveStatus::Connecting),
            Action::Post(Message::Hello)
        ]
    );
}

#[test]
fn a_first_leader_opens_after_the_newest_stored_event() {
    let (mut relay, _) = Relay::join();
    assert_eq!(
        relay.step(Input::Granted),
        [
            Action::SetStatus(LiveStatus::Connecting),
            Action::Post(status(LiveStatus::Connecting, None)),
            Action::FindStart,
        ]
    );
    assert_eq!(
        relay.step(Input::StartFound(Some(7))),
        [Action::OpenStream { since: Some(7) }]
    );
    assert_eq!(relay.role(), Role::Leader { streaming: true });
    assert_eq!(
        relay.step(Input::StreamStatus(LiveStatus::Connected)),
        [
            Action::SetStatus(LiveStatus::Connected),
            Action::Post(status(LiveStatus::Connected, Some(7))),
        ]
    );
}

#[test]
fn without_a_stored_number_the_leader_opens_from_now() {
    let (mut relay, _) = Relay::join();
    relay.step(Input::Granted);
    assert_eq!(
        relay.step(Input::StartFound(None)),
        [Action::OpenStream { since: None }]
    );
}

#[test]
fn the_leader_shows_and_relays_each_event_once() {
    let mut relay = leader_after(7);
    assert_eq!(
        relay.step(Input::StreamEvent(event(8))),
        [
            Action::Show(event(8)),
            Action::Post(Message::Event { event: event(8) })
        ]
    );
    // Already shown (8), or before the start (7): neither shown nor relayed again.
    assert_eq!(relay.step(Input::StreamEvent(event(8))), []);
    assert_eq!(relay.step(Input::StreamEvent(event(7))), []);
    assert_eq!(relay.cursor(), Some(8));
}

#[test]
fn the_leader_answers_a_joining_tab_with_its_state_and_cursor() {
    let mut relay = leader_after(7);
    relay.step(Input::StreamStatus(LiveStatus::Connected));
    relay.step(Input::StreamEvent(event(9)));
    assert_eq!(
        relay.step(Input::Received(Message::Hello)),
        [Action::Post(status(LiveStatus::Connected, Some(9)))]
    );
}

#[test]
fn a_follower_shows_the_leaders_state_and_each_relayed_event_once() {
    let (mut relay, _) = Relay::join();
    assert_eq!(
        relay.step(Input::Received(status(LiveStatus::Connected, Some(7)))),
        [Action::SetStatus(LiveStatus::Connected)]
    );
    assert_eq!(relay.status(), LiveStatus::Connected);
    assert_eq!(relay.step(relayed(7)), [], "before it joined: not shown");
    assert_eq!(relay.step(relayed(8)), [Action::Show(event(8))]);
    assert_eq!(relay.step(relayed(8)), []);
    // A follower never answers a joining tab, nor relays.
    assert_eq!(relay.step(Input::Received(Message::Hello)), []);
    assert_eq!(relay.cursor(), Some(8));
}

#[test]
fn a_follower_that_takes_over_resumes_after_the_last_event_it_saw() {
    let (mut relay, _) = Relay::join();
    relay.step(Input::Received(status(LiveStatus::Connected, Some(10))));
    relay.step(relayed(11));
    relay.step(relayed(12));
    relay.step(Input::Received(status(LiveStatus::Connecting, Some(12))));
    assert_eq!(
        relay.step(Input::Granted),
        [
            Action::SetStatus(LiveStatus::Connecting),
            Action::Post(status(LiveStatus::Connecting, Some(12))),
            Action::OpenStream { since: Some(12) },
        ],
        "it knows where to resume: no need to ask the proxy"
    );
    // The proxy replays from 12 on; 12 was shown already.
    assert_eq!(relay.step(Input::StreamEvent(event(12))), []);
    assert_eq!(relay.step(Input::StreamEvent(event(13))).len(), 2);
}

#[test]
fn a_leaving_leader_closes_its_stream_hands_over_and_releases_the_lock() {
    let mut relay = leader_after(7);
    relay.step(Input::StreamEvent(event(8)));
    assert_eq!(
        relay.step(Input::Leave),
        [
            Action::CloseStream,
            Action::Post(status(LiveStatus::Connecting, Some(8))),
            Action::ReleaseLock,
            Action::SetStatus(LiveStatus::Offline),
        ]
    );
    assert_eq!(relay.role(), Role::Left);
    // Nothing reaches a tab that left: not its stream's last words, nor the others.
    assert_eq!(relay.step(Input::StreamStatus(LiveStatus::Offline)), []);
    assert_eq!(relay.step(Input::StreamEvent(event(9))), []);
    assert_eq!(relay.step(relayed(9)), []);
    assert_eq!(relay.step(Input::Granted), []);
    assert_eq!(relay.step(Input::Leave), []);
}

#[test]
fn a_leader_that_leaves_before_its_stream_opened_has_none_to_close() {
    let (mut relay, _) = Relay::join();
    relay.step(Input::Granted);
    assert_eq!(
        relay.step(Input::Leave),
        [
            Action::Post(status(LiveStatus::Connecting, None)),
            Action::ReleaseLock,
            Action::SetStatus(LiveStatus::Offline),
        ]
    );
    assert_eq!(relay.step(Input::StartFound(Some(3))), [], "a late answer");
}

#[test]
fn a_follower_that_leaves_only_gives_up_its_place_in_line() {
    let (mut relay, _) = Relay::join();
    assert_eq!(
        relay.step(Input::Leave),
        [Action::ReleaseLock, Action::SetStatus(LiveStatus::Offline)]
    );
}

#[test]
fn inputs_that_do_not_fit_the_role_are_ignored() {
    let (mut follower, _) = Relay::join();
    assert_eq!(follower.step(Input::StreamEvent(event(3))), []);
    assert_eq!(
        follower.step(Input::StreamStatus(LiveStatus::Connected)),
        []
    );
    assert_eq!(follower.step(Input::StartFound(Some(3))), []);
    let mut leader = leader_after(5);
    assert_eq!(leader.step(Input::Granted), [], "granted twice");
    assert_eq!(leader.step(Input::StartFound(Some(9))), [], "started twice");
    assert_eq!(
        leader.step(Input::Received(status(LiveStatus::Offline, Some(99)))),
        [],
        "a leader keeps its own state and cursor"
    );
    assert_eq!(leader.cursor(), Some(5));
}

/// A proxy holding events 1..=`last` that replays after `since` like `/api/events`.
fn replay(last: u64, since: Option<u64>) -> VecDeque<u64> {
    (since.unwrap_or(last) + 1..=last).collect()
}

/// A browser with `tabs` tabs of one token: a message posted by one reaches every other in
/// order; the lock goes to the longest-waiting tab when its holder leaves. Events are
/// committed in rounds; the leader leaves after some rounds, before reading everything the
/// proxy has, so the next leader must resume on its own.
struct Browser {
    relays: Vec<Relay>,
    shown: Vec<Vec<u64>>,
    queue: VecDeque<(usize, Input)>,
    stream: Option<(usize, VecDeque<u64>)>,
    waiting: VecDeque<usize>,
    holder: Option<usize>,
    committed: u64,
}

impl Browser {
    fn open(tabs: usize, stored: u64) -> Browser {
        let mut b = Browser {
            relays: Vec::new(),
            shown: vec![Vec::new(); tabs],
            queue: VecDeque::new(),
            stream: None,
            waiting: VecDeque::new(),
            holder: None,
            committed: stored,
        };
        for tab in 0..tabs {
            let (relay, actions) = Relay::join();
            b.relays.push(relay);
            b.perform(tab, actions);
            b.waiting.push_back(tab);
        }
        b.grant_next();
        b.settle();
        b
    }

    fn grant_next(&mut self) {
        self.holder = self.waiting.pop_front();
        if let Some(tab) = self.holder {
            self.queue.push_back((tab, Input::Granted));
        }
    }

    fn perform(&mut self, tab: usize, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Show(e) => self.shown[tab].push(e.seq),
                Action::Post(m) => {
                    for other in (0..self.relays.len()).filter(|&o| o != tab) {
                        self.queue.push_back((other, Input::Received(m.clone())));
                    }
                }
                Action::FindStart => self
                    .queue
                    .push_back((tab, Input::StartFound(Some(self.committed)))),
                Action::OpenStream { since } => {
                    self.stream = Some((tab, replay(self.committed, since)));
                }
                Action::CloseStream => self.stream = None,
                Action::ReleaseLock => {
                    self.waiting.retain(|&w| w != tab);
                    if self.holder == Some(tab) {
                        self.grant_next();
                    }
                }
                Action::SetStatus(_) | Action::ShowAlert(_) => {}
            }
        }
    }

    fn leader(&self) -> Option<usize> {
        self.relays
            .iter()
            .position(|r| matches!(r.role(), Role::Leader { .. }))
    }

    /// Delivers every pending input (messages, grants, answers) in order.
    fn settle(&mut self) {
        while let Some((tab, input)) = self.queue.pop_front() {
            let actions = self.relays[tab].step(input);
            self.perform(tab, actions);
        }
    }

    fn commit(&mut self, n: u64) {
        for _ in 0..n {
            self.committed += 1;
            if let Some((_, pending)) = &mut self.stream {
                pending.push_back(self.committed);
            }
        }
    }

    /// The stream delivers up to `n` of what it has to its tab.
    fn read(&mut self, n: usize) {
        for _ in 0..n {
            let Some((tab, seq)) = self
                .stream
                .as_mut()
                .and_then(|(tab, pending)| pending.pop_front().map(|s| (*tab, s)))
            else {
                break;
            };
            let actions = self.relays[tab].step(Input::StreamEvent(event(seq)));
            self.perform(tab, actions);
            self.settle();
        }
    }

    fn leave(&mut self, tab: usize) {
        let actions = self.relays[tab].step(Input::Leave);
        self.perform(tab, actions);
        self.settle();
    }
}

#[test]
fn changes_of_leader_lose_no_event_and_repeat_none_in_any_tab() {
    let mut browser = Browser::open(4, 20);
    assert_eq!(browser.leader(), Some(0));
    browser.commit(3);
    browser.read(3);
    // Committed while the leader is going: it reads one, leaves with two unread.
    browser.commit(3);
    browser.read(1);
    browser.leave(0);
    assert_eq!(browser.leader(), Some(1), "the next tab in line leads");
    browser.commit(2);
    browser.read(10);
    // The new leader leaves too; the one after resumes.
    browser.commit(1);
    browser.leave(1);
    browser.commit(1);
    browser.read(10);
    assert_eq!(browser.leader(), Some(2));
    let all: Vec<u64> = (21..=30).collect();
    assert_eq!(browser.shown[0], [21, 22, 23, 24], "tab 0 until it left");
    assert_eq!(browser.shown[1], all[..8], "tab 1 until it left");
    assert_eq!(browser.shown[2], all, "tab 2: all, once, in order");
    assert_eq!(browser.shown[3], all, "tab 3: all, once, in order");
}

#[test]
fn messages_are_tagged_json_and_foreign_text_is_ignored() {
    let m = status(LiveStatus::Reconnecting, Some(3));
    assert_eq!(
        m.encode(),
        r#"{"status":{"status":"reconnecting","cursor":3}}"#
    );
    assert_eq!(Message::decode(&m.encode()), Some(m));
    assert_eq!(Message::Hello.encode(), r#""hello""#);
    assert_eq!(Message::decode(r#""hello""#), Some(Message::Hello));
    let e = Message::Event { event: event(4) };
    assert_eq!(Message::decode(&e.encode()), Some(e));
    assert_eq!(Message::decode(r#""shout""#), None);
    assert_eq!(Message::decode(r#"{"status":{"status":"asleep"}}"#), None);
    assert_eq!(Message::decode("not json"), None);
}

#[test]
fn a_groups_name_is_a_hash_of_its_token_never_the_token() {
    let a = group_name("e2e-admin-token");
    assert_eq!(a, group_name("e2e-admin-token"), "the same for every tab");
    assert_ne!(a, group_name("e2e-viewer-token"), "one group per token");
    assert!(!a.contains("e2e-admin-token"));
    // SHA-256("abc") begins ba7816bf8f01cfea414140de5dae2223.
    assert_eq!(
        group_name("abc"),
        "cmp-dashboard.live.ba7816bf8f01cfea414140de5dae2223"
    );
}

fn alert(state: &str) -> AlertNotice {
    decode_alert(&alert_json(state, "")).unwrap()
}

/// An alert as the proxy writes it (cmp-api's `Alert`), `extra` members added at the end.
fn alert_json(state: &str, extra: &str) -> String {
    format!(
        r#"{{"id":7,"rule_id":2,"rule_name":"Almost out",
            "subject":{{"kind":"device","device_id":"8985","order_code":"ORD-1"}},
            "cycle":"2026-05-01","state":"{state}","fired_at":"2026-05-09T10:00:00Z",
            "sentence":"Device 8985 has used 95.0 % of its plan this cycle",
            "figures":{{"percent":95.0,"threshold":80}}{extra}}}"#
    )
}

#[test]
fn a_notice_is_read_from_the_whole_alert_the_proxy_writes() {
    let text = alert_json(
        "open",
        r#","acknowledged_at":"2026-05-09T11:00:00Z","acknowledged_by":"ops""#,
    );
    let whole: cmp_dashboard::api::alerts::Alert = serde_json::from_str(&text).unwrap();
    let notice = decode_alert(&text).unwrap();
    assert_eq!(notice.id, whole.id);
    assert_eq!(notice.rule_name, whole.rule_name);
    assert_eq!(notice.state, whole.state);
    assert_eq!(notice.acknowledged_at, whole.acknowledged_at);
    assert_eq!(notice.sentence, whole.sentence);
    // Acknowledged: news for the bell and the Alerts page, not a notice that it fired.
    assert!(!is_firing(&notice));
    assert!(
        decode_alert(r#"{"id":7}"#).is_err(),
        "a notice needs its words"
    );
}

#[test]
fn the_leader_shows_and_relays_each_alert_and_followers_show_what_it_posts() {
    let mut leader = leader_after(7);
    let fired = alert("open");
    assert_eq!(
        leader.step(Input::StreamAlert(fired.clone())),
        [
            Action::ShowAlert(fired.clone()),
            Action::Post(Message::Alert {
                alert: fired.clone()
            }),
        ]
    );
    assert_eq!(leader.cursor(), Some(7), "alerts have no event number");
    let (mut follower, _) = Relay::join();
    assert_eq!(
        follower.step(Input::Received(Message::Alert {
            alert: fired.clone()
        })),
        [Action::ShowAlert(fired.clone())]
    );
    // The resolution of the same alert is news too.
    let resolved = alert("resolved");
    assert_eq!(
        follower.step(Input::Received(Message::Alert {
            alert: resolved.clone()
        })),
        [Action::ShowAlert(resolved)]
    );
    // Only a leader's own stream is believed; a tab that left shows nothing.
    assert_eq!(follower.step(Input::StreamAlert(fired.clone())), []);
    follower.step(Input::Leave);
    assert_eq!(
        follower.step(Input::Received(Message::Alert { alert: fired })),
        []
    );
}

#[test]
fn an_alert_message_reads_back_as_written() {
    let m = Message::Alert {
        alert: alert("open"),
    };
    let text = m.encode();
    assert!(text.starts_with(r#"{"alert":{"alert":{"id":7,"#), "{text}");
    assert_eq!(Message::decode(&text), Some(m));
    assert!(is_firing(&alert("open")));
    assert!(!is_firing(&alert("resolved")));
}
