//! Several handles on one store at once, as replicas (or one replica's concurrent requests)
//! use it: migrations, the redelivery rule and the order of sequence numbers under races.

use super::*;
use std::sync::Arc;
use tokio::sync::Barrier;

pub async fn replicas_starting_at_once_migrate_once(place: Place) {
    let place = Arc::new(place);
    let gate = Arc::new(Barrier::new(6));
    let starts: Vec<_> = (0..6)
        .map(|_| {
            let (place, gate) = (place.clone(), gate.clone());
            tokio::spawn(async move {
                gate.wait().await;
                place.open().await
            })
        })
        .collect();
    let mut stores = Vec::new();
    for start in starts {
        stores.push(
            start
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("a replica did not start: {e}")),
        );
    }
    for (n, store) in stores.iter().enumerate() {
        assert_eq!(
            store.schema_version().await.unwrap(),
            cmp_proxy::store::migrations::CURRENT
        );
        stored(
            store
                .insert_event(push(&format!("ORD-{n}"), "1005"), DAY)
                .await
                .unwrap(),
        );
    }
    assert_eq!(all_seqs(&stores[0]).await, [1, 2, 3, 4, 5, 6]);
}

pub async fn the_same_push_at_two_replicas_at_once_is_stored_once(place: Place) {
    let replicas = [place.store().await, place.store().await];
    for round in 0..10 {
        let order = format!("ORD-{round}");
        let gate = Arc::new(Barrier::new(8));
        let deliveries: Vec<_> = (0..8)
            .map(|n| {
                let (store, gate, push) =
                    (replicas[n % 2].clone(), gate.clone(), push(&order, "1009"));
                tokio::spawn(async move {
                    gate.wait().await;
                    store.insert_event(push, DAY).await
                })
            })
            .collect();
        let mut new = 0;
        for d in deliveries {
            if let Inserted::New(_) = d.await.unwrap().unwrap() {
                new += 1;
            }
        }
        assert_eq!(
            new, 1,
            "round {round}: 8 simultaneous deliveries of one push"
        );
    }
    assert_eq!(replicas[1].events_page(1, 1, None).await.unwrap().1, 10);
}

pub async fn live_listeners_get_events_in_sequence_order(place: Place) {
    let store = place.store().await;
    let mut live = store.subscribe();
    let inserts: Vec<_> = (0..30)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .insert_event(push(&format!("ORD-{n}"), "1005"), DAY)
                    .await
            })
        })
        .collect();
    for insert in inserts {
        stored(insert.await.unwrap().unwrap());
    }
    let mut heard = Vec::new();
    while heard.len() < 30 {
        let event = tokio::time::timeout(Duration::from_secs(5), live.recv())
            .await
            .expect("every stored event is published")
            .unwrap();
        heard.push(event.seq);
    }
    assert_eq!(
        heard,
        all_seqs(&store).await,
        "published in sequence order, each once"
    );
}

pub async fn a_reader_following_other_replicas_misses_nothing(place: Place) {
    // A reader that resumes after the highest number it saw (as an SSE client's
    // Last-Event-ID does) must never find a smaller number committed later.
    let writers = [place.store().await, place.store().await];
    let reader = place.store().await;
    let inserts: Vec<_> = (0..80)
        .map(|n| {
            let store = writers[n % 2].clone();
            tokio::spawn(async move {
                store
                    .insert_event(push(&format!("ORD-{n}"), "1005"), DAY)
                    .await
            })
        })
        .collect();
    let mut seen = Vec::new();
    let mut last = 0;
    loop {
        let done = inserts.iter().all(|i| i.is_finished());
        for e in reader.events_after(last, None, 500).await.unwrap() {
            assert!(e.seq > last);
            last = e.seq;
            seen.push(e.seq);
        }
        if done {
            break;
        }
        tokio::task::yield_now().await;
    }
    for insert in inserts {
        stored(insert.await.unwrap().unwrap());
    }
    assert_eq!(
        seen.len(),
        80,
        "the reader skipped events committed after a larger number"
    );
    assert_eq!(seen, all_seqs(&reader).await);
}
