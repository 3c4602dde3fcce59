//! The redelivery rule, sequence numbers, replay and history.

use super::*;
use cmp_api::PushOperation;
use cmp_proxy::store::utc_at;
use std::time::SystemTime;

pub async fn a_redelivery_is_stored_once(place: Place) {
    let store = place.store().await;
    let renewal = push("ORD-1", "1009");
    assert_eq!(
        stored(store.insert_event(renewal.clone(), DAY).await.unwrap()),
        1
    );
    for _ in 0..2 {
        assert_eq!(
            store.insert_event(renewal.clone(), DAY).await.unwrap(),
            Inserted::Duplicate
        );
    }
    // Another order's identical push is that order's own event.
    assert_eq!(
        stored(
            store
                .insert_event(push("ORD-2", "1009"), DAY)
                .await
                .unwrap()
        ),
        2
    );
    assert_eq!(store.last_seq().await.unwrap(), 2);
    assert_eq!(store.events_page(1, 100, None).await.unwrap().1, 2);
}

pub async fn genuine_repeats_of_an_operation_are_stored(place: Place) {
    let store = place.store().await;
    // Pause, resume, pause: the same time each, since it is the order's creation time.
    for op in ["1003", "1004", "1003"] {
        stored(store.insert_event(push("ORD-1", op), DAY).await.unwrap());
    }
    let events = store.events_after(0, None, 100).await.unwrap();
    let ops: Vec<&str> = events.iter().map(|e| e.operation.code()).collect();
    assert_eq!(ops, ["1003", "1004", "1003"]);
    assert!(events.iter().all(|e| e.time == CREATED), "{events:?}");
}

pub async fn the_same_push_after_the_window_is_a_new_event(place: Place) {
    let store = place.store().await;
    let first = SystemTime::now() - 2 * DAY;
    let renewal = || push("ORD-1", "1009");
    let event = match store.insert_event_at(renewal(), DAY, first).await.unwrap() {
        Inserted::New(e) => e,
        Inserted::Duplicate => panic!("the first push is new"),
    };
    assert_eq!(event.received_at, utc_at(first));
    // A month's renewal repeats order, operation and time: a day later it is genuine.
    let later = first + DAY + Duration::from_secs(1);
    stored(store.insert_event_at(renewal(), DAY, later).await.unwrap());
    // Within the window of the latest one it is a redelivery, up to its last second.
    for after in [60, 24 * 3600] {
        let at = later + Duration::from_secs(after);
        assert_eq!(
            store.insert_event_at(renewal(), DAY, at).await.unwrap(),
            Inserted::Duplicate,
            "{after} s after the latest"
        );
    }
    assert_eq!(store.last_seq().await.unwrap(), 2);
}

pub async fn sequence_numbers_follow_the_order_of_storing(place: Place) {
    let store = place.store().await;
    assert_eq!(store.last_seq().await.unwrap(), 0);
    let mut seqs = Vec::new();
    for n in 0..5 {
        let op = if n == 4 { "1099" } else { "1005" };
        seqs.push(stored(
            store
                .insert_event(push(&format!("ORD-{n}"), op), DAY)
                .await
                .unwrap(),
        ));
    }
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(store.last_seq().await.unwrap(), 5);
    assert_eq!(all_seqs(&store).await, seqs);
    // What is read back is what was stored, field by field.
    let events = store.events_after(3, None, 10).await.unwrap();
    let last = &events[1];
    assert_eq!(
        (
            last.assetid.as_str(),
            last.imsi.as_str(),
            last.orderid.as_str(),
            last.time.as_str()
        ),
        (D1, "204046990912345", "ORD-4", CREATED)
    );
    assert_eq!(last.operation, PushOperation::Unknown("1099".into()));
    assert_eq!(last.operation_label, "operation 1099");
    assert_eq!(events[0].operation_label, "enabled");
    let stamp = &last.received_at;
    assert!(
        stamp.len() == 20 && stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
        "{stamp}"
    );
}

pub async fn events_after_replays_in_order_for_the_devices_asked(place: Place) {
    let store = place.store().await;
    for (n, device) in [D1, D2, D1, D2, D1].iter().enumerate() {
        stored(
            store
                .insert_event(push_for(device, &format!("ORD-{n}"), "1005"), DAY)
                .await
                .unwrap(),
        );
    }
    let seqs = |events: Vec<cmp_proxy::store::OrderEvent>| {
        events.iter().map(|e| e.seq).collect::<Vec<_>>()
    };
    assert_eq!(
        seqs(store.events_after(0, None, 100).await.unwrap()),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(seqs(store.events_after(2, None, 2).await.unwrap()), [3, 4]);
    let d1 = Some(vec![D1.to_owned()]);
    assert_eq!(
        seqs(store.events_after(0, d1.clone(), 100).await.unwrap()),
        [1, 3, 5]
    );
    assert_eq!(seqs(store.events_after(3, d1, 100).await.unwrap()), [5]);
    assert!(
        store
            .events_after(0, Some(Vec::new()), 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.events_after(5, None, 100).await.unwrap().is_empty());
}

pub async fn history_pages_newest_first_with_the_total(place: Place) {
    let store = place.store().await;
    for n in 0..7 {
        let device = if n % 2 == 0 { D1 } else { D2 };
        stored(
            store
                .insert_event(push_for(device, &format!("ORD-{n}"), "1005"), DAY)
                .await
                .unwrap(),
        );
    }
    let page = |no, size, devices: Option<Vec<String>>| {
        let store = store.clone();
        async move {
            let (events, total) = store.events_page(no, size, devices).await.unwrap();
            (events.iter().map(|e| e.seq).collect::<Vec<_>>(), total)
        }
    };
    assert_eq!(page(1, 3, None).await, (vec![7, 6, 5], 7));
    assert_eq!(page(3, 3, None).await, (vec![1], 7));
    assert_eq!(page(4, 3, None).await, (vec![], 7));
    assert_eq!(page(1, 3, Some(vec![D2.into()])).await, (vec![6, 4, 2], 3));
    assert_eq!(page(1, 3, Some(Vec::new())).await, (vec![], 0));
}
