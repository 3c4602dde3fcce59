//! Browser tests of the live events: decoding the proxy's event JSON, labels, the stream
//! address on reconnection, the bounded newest-first list, the table and the indicator
//! (also whether this tab holds the stream).
#![cfg(target_arch = "wasm32")]

use cmp_api::{Envelope, PushOperation};
use cmp_dashboard::api::events::{EventPage, OrderEvent, decode_event, stream_url};
use cmp_dashboard::events::EventTable;
use cmp_dashboard::events::LiveIndicator;
use cmp_dashboard::events::ToastList;
use cmp_dashboard::events::{
    Backoff, EventsQuery, LiveEvents, LiveStatus, MAX_TOASTS, Toasts, merge_newest, record,
};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An event as the proxy's SSE `data:` line carries it.
fn event_json(seq: u64, operation: &str, order: &str) -> String {
    format!(
        r#"{{"seq":{seq},"received_at":"2026-11-29T23:00:00Z","assetid":"89852420180910344720","imsi":"204046990912345,204046990912346","operation":"{operation}","operation_label":"x","orderid":"{order}","time":"2026-11-20 08:15:00"}}"#
    )
}

fn event(seq: u64, operation: &str, order: &str) -> OrderEvent {
    decode_event(&event_json(seq, operation, order)).unwrap()
}

fn seqs(events: &[OrderEvent]) -> Vec<u64> {
    events.iter().map(|e| e.seq).collect()
}

#[wasm_bindgen_test]
fn decodes_the_proxys_event_json() {
    let e = event(12, "1001", "L201901290000000533");
    assert_eq!(e.seq, 12);
    assert_eq!(e.operation, PushOperation::TerminatedEarly);
    assert_eq!(e.operation_label(), "terminated early");
    assert_eq!(e.imsis(), ["204046990912345", "204046990912346"]);
    assert_eq!(
        e.sentence(),
        "Order L201901290000000533 was terminated early"
    );
}

#[wasm_bindgen_test]
fn unknown_operations_keep_their_number() {
    let e = event(3, "1099", "O1");
    assert_eq!(e.operation, PushOperation::Unknown("1099".into()));
    assert_eq!(e.operation_label(), "operation 1099");
    assert!(e.sentence().contains("1099"), "{}", e.sentence());
    // Numbers may arrive as strings.
    let text = event_json(5, "1005", "O2").replace(r#""seq":5"#, r#""seq":"5""#);
    assert_eq!(decode_event(&text).unwrap().seq, 5);
    assert!(decode_event("{not json").is_err());
}

#[wasm_bindgen_test]
fn decodes_a_history_page() {
    let body = format!(
        r#"{{"code":"0000","message":"success","success":true,"data":{{"page":{{"cur_page_no":1,"page_size":2,"total_count":9,"total_pages":5}},"events":[{},{}]}}}}"#,
        event_json(9, "1005", "A"),
        event_json(8, "1002", "B")
    );
    let page = cmp_api::decode::<Envelope<EventPage>>(&body)
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap();
    assert_eq!(page.page.total_count, 9);
    assert_eq!(seqs(&page.events), [9, 8]);
    assert_eq!(page.events[1].operation.label(), "cancelled");
}

#[wasm_bindgen_test]
fn reconnection_resumes_after_the_last_event() {
    assert_eq!(stream_url("abc", None), "/api/events?token=abc");
    assert_eq!(
        stream_url("a b&c=d", Some(42)),
        "/api/events?token=a%20b%26c%3Dd&since=42"
    );
}

#[wasm_bindgen_test]
fn backoff_doubles_to_thirty_seconds_and_resets() {
    let mut backoff = Backoff::default();
    let delays: Vec<u64> = (0..8).map(|_| backoff.next_delay().as_secs()).collect();
    assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30, 30]);
    assert_eq!(backoff.status(), LiveStatus::Offline);
    backoff.reset();
    assert_eq!(backoff.next_delay(), Duration::from_secs(1));
    assert_eq!(backoff.status(), LiveStatus::Reconnecting);
}

#[wasm_bindgen_test]
fn keeps_events_newest_first_once_each_and_bounded() {
    let mut events = Vec::new();
    for seq in [1, 2, 4, 3] {
        assert!(record(&mut events, event(seq, "1005", "O"), 3));
    }
    assert_eq!(seqs(&events), [4, 3, 2]);
    assert!(!record(&mut events, event(3, "1005", "O"), 3));
    assert_eq!(seqs(&events), [4, 3, 2]);
}

#[wasm_bindgen_test]
fn live_events_announce_only_new_ones() {
    let live = LiveEvents::new(LiveStatus::Connected);
    live.receive(event(7, "1005", "A"));
    live.receive(event(8, "1003", "B"));
    live.receive(event(7, "1005", "A"));
    assert_eq!(seqs(&live.events.get_untracked()), [8, 7]);
    assert_eq!(live.last_event.get_untracked().map(|e| e.seq), Some(8));
}

#[wasm_bindgen_test]
fn live_events_go_on_top_of_the_first_page_without_repeats() {
    let stored = vec![event(5, "1005", "A"), event(4, "1005", "B")];
    let live = vec![
        event(7, "1003", "C"),
        event(6, "1004", "D"),
        event(5, "1005", "A"),
    ];
    assert_eq!(seqs(&merge_newest(&live, &stored)), [7, 6, 5, 4]);
}

#[wasm_bindgen_test]
fn the_filter_lives_in_the_url_and_matches_orders_and_devices() {
    let q = EventsQuery::from_lookup(|k| match k {
        "page" => Some("2".into()),
        "q" => Some("l2019 x".into()),
        _ => None,
    });
    assert_eq!(q.page, 2);
    assert_eq!(q.to_query_string(), "?page=2&q=l2019%20x");
    let by_order = EventsQuery {
        page: 1,
        q: "l2019".into(),
    };
    assert!(by_order.matches(&event(1, "1005", "L201901290000000533")));
    assert!(!by_order.matches(&event(1, "1005", "ORDER_9")));
    let by_device = EventsQuery {
        page: 1,
        q: "0344720".into(),
    };
    assert!(by_device.matches(&event(1, "1005", "ORDER_9")));
    assert_eq!(EventsQuery::from_lookup(|_| None).to_query_string(), "");
}

#[wasm_bindgen_test]
fn toasts_drop_the_oldest_and_can_be_dismissed() {
    let toasts = Toasts::default();
    let ids: Vec<u64> = (0..MAX_TOASTS + 1)
        .map(|n| toasts.announce(&event(n as u64 + 1, "1005", &format!("O{n}"))))
        .collect();
    let shown = toasts.items.get_untracked();
    assert_eq!(shown.len(), MAX_TOASTS);
    assert_eq!(shown[0].id, ids[1]);
    assert_eq!(shown[0].text, "Order O1 was enabled");
    toasts.dismiss(ids[2]);
    assert!(toasts.items.get_untracked().iter().all(|t| t.id != ids[2]));
}

/// Mounts `view` in a fresh container and returns the container.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_table_renders_one_row_per_event() {
    let events = vec![
        event(9, "1001", "L1"),
        event(8, "1012", "L2"),
        event(7, "1099", "L3"),
    ];
    let host = mount(move || view! { <EventTable events=Signal::stored(events) /> });
    assert_eq!(
        texts(&host, "[data-testid=event-order]"),
        ["L1", "L2", "L3"]
    );
    assert_eq!(
        texts(&host, "[data-testid=event-operation]"),
        ["terminated early", "OTA re-downloaded", "operation 1099"]
    );
    assert_eq!(texts(&host, "[data-testid=event-seq]"), ["9", "8", "7"]);
    // The receipt time beside the platform's (the order's creation time).
    assert_eq!(
        texts(&host, "[data-testid=event-received]")[0],
        "2026-11-29 23:00:00"
    );
    assert_eq!(
        texts(&host, "[data-testid=event-platform-time]")[0],
        "2026-11-20 08:15:00"
    );
}

#[wasm_bindgen_test]
fn the_indicator_says_where_the_connection_stands() {
    for (status, text) in [
        (LiveStatus::Connected, "Live"),
        (LiveStatus::Reconnecting, "Reconnecting…"),
        (LiveStatus::Offline, "Offline"),
    ] {
        let host = mount(move || view! { <LiveIndicator status=Signal::stored(status) /> });
        let indicator = host
            .query_selector("[data-testid=live-indicator][role=status]")
            .unwrap()
            .unwrap();
        assert_eq!(indicator.text_content().unwrap().trim(), text);
        assert!(indicator.class_name().contains(status.class()));
        assert_eq!(indicator.get_attribute("data-holds-stream"), None);
    }
}

#[wasm_bindgen_test]
fn the_indicator_tells_whether_this_tab_holds_the_stream() {
    for holds in [true, false] {
        let host = mount(move || {
            view! {
                <LiveIndicator
                    status=Signal::stored(LiveStatus::Connected)
                    holds_stream=Signal::stored(holds)
                />
            }
        });
        let indicator = host
            .query_selector("[data-testid=live-indicator]")
            .unwrap()
            .unwrap();
        assert_eq!(
            indicator.get_attribute("data-holds-stream"),
            Some(holds.to_string())
        );
        // Held here or by another tab, people see the same.
        assert_eq!(indicator.text_content().unwrap().trim(), "Live");
    }
}

#[wasm_bindgen_test]
fn toasts_render_with_a_dismiss_button() {
    let toasts = Toasts::default();
    toasts.announce(&event(1, "1005", "ORDER_1"));
    let host = mount(move || view! { <ToastList toasts /> });
    assert_eq!(texts(&host, ".toast-text"), ["Order ORDER_1 was enabled"]);
    assert!(
        host.query_selector("[aria-live=polite] button[aria-label]")
            .unwrap()
            .is_some()
    );
}
