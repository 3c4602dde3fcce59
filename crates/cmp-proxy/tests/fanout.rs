//! Live events across replicas on PostgreSQL: each replica's listener publishes the events
//! every replica stores, once each, in the table's order; it catches up after losing its
//! connection and after a notification that never came; an SSE stream resumed with
//! `Last-Event-ID` against another replica has no gap and no duplicate; `/metrics` shows
//! the fan-out and the pool. (SQLite is one process: its live events are in `sse.rs` and the
//! store suite.) The storm of three real replicas is `replica_storm.rs`.

mod common;
mod storm_support;

use cmp_proxy::store::{Inserted, OrderEvent, Store};
use cmp_proxy::upstream::Upstream;
use cmp_proxy::{AppState, Secret, TokenStore};
use common::postgres::{PgDatabase, client, database_url, fresh_database};
use common::*;
use serde_json::json;
use std::time::Duration;
use storm_support::sse::Follower;
use tokio::sync::broadcast;

const DAY: Duration = Duration::from_secs(86_400);

fn push(order: &str) -> cmp_api::OrderStatusPush {
    serde_json::from_value(json!({
        "assetid": D1, "imsi": "204046990912345", "operation": "1005",
        "orderid": order, "time": "2024-05-01 10:00:00"
    }))
    .unwrap()
}

/// Receives `n` events from `live`, each within `limit`.
async fn hear(live: &mut broadcast::Receiver<OrderEvent>, n: usize, limit: Duration) -> Vec<u64> {
    let mut seqs = Vec::new();
    while seqs.len() < n {
        let event = tokio::time::timeout(limit, live.recv())
            .await
            .unwrap_or_else(|_| panic!("only {} of {n} events published: {seqs:?}", seqs.len()))
            .unwrap();
        seqs.push(event.seq);
    }
    seqs
}

/// Nothing more is published within `wait`.
async fn silent(live: &mut broadcast::Receiver<OrderEvent>, wait: Duration) {
    if let Ok(extra) = tokio::time::timeout(wait, live.recv()).await {
        panic!("published once too often: {extra:?}");
    }
}

/// Every event's sequence number in the table, in order.
async fn table_seqs(store: &Store) -> Vec<u64> {
    let events = store.events_after(0, None, 100_000).await.unwrap();
    events.iter().map(|e| e.seq).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_replica_publishes_every_replicas_events_once_in_order() {
    let db = fresh_database().await;
    let replicas = [
        Store::connect(&database_url(&db)).await.unwrap(),
        Store::connect(&database_url(&db)).await.unwrap(),
        Store::connect(&database_url(&db)).await.unwrap(),
    ];
    let mut lives: Vec<_> = replicas.iter().map(Store::subscribe).collect();
    let inserts: Vec<_> = (0..60)
        .map(|n| {
            let store = replicas[n % 3].clone();
            tokio::spawn(async move { store.insert_event(push(&format!("ORD-{n}")), DAY).await })
        })
        .collect();
    for insert in inserts {
        assert!(matches!(insert.await.unwrap().unwrap(), Inserted::New(_)));
    }
    let all = table_seqs(&replicas[0]).await;
    assert_eq!(all.len(), 60);
    for live in &mut lives {
        assert_eq!(hear(live, 60, Duration::from_secs(10)).await, all);
        silent(live, Duration::from_millis(300)).await;
    }
    for r in &replicas {
        assert_eq!(r.fanout_stats().published.snapshot()[0].1, 60);
        let lag = &r.fanout_stats().lag.snapshot()[0].1;
        assert_eq!(lag.count, 60, "every event's lag is measured");
    }
}

/// Ends the listeners' sessions on `db` the way an administrator (or a failover) would.
async fn terminate_listeners(db: &PgDatabase) -> i64 {
    client(db)
        .await
        .query_one(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name LIKE '%events listener'",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_that_loses_its_connection_catches_up_without_doubles() {
    let db = fresh_database().await;
    let writer = Store::connect(&database_url(&db)).await.unwrap();
    let reader = Store::connect(&database_url(&db)).await.unwrap();
    let mut live = reader.subscribe();
    for n in 0..5 {
        writer
            .insert_event(push(&format!("ORD-{n}")), DAY)
            .await
            .unwrap();
    }
    hear(&mut live, 5, Duration::from_secs(10)).await;

    // Both replicas' listeners lose their connection; events stored meanwhile are missed
    // by NOTIFY and must come from the table.
    let mut terminated = 0;
    for _ in 0..50 {
        terminated = terminate_listeners(&db).await;
        if terminated > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(terminated, 2, "one listener per replica");
    for n in 5..15 {
        writer
            .insert_event(push(&format!("ORD-{n}")), DAY)
            .await
            .unwrap();
    }
    let heard = hear(&mut live, 10, Duration::from_secs(10)).await;
    assert_eq!(heard, table_seqs(&reader).await[5..]);
    silent(&mut live, Duration::from_millis(300)).await;
    let reconnects = reader.fanout_stats().reconnects.snapshot();
    assert_eq!(reconnects[0].1, 1, "{reconnects:?}");
    assert_eq!(reader.fanout_stats().listening.get(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_whose_notification_never_came_is_published_by_the_safety_net() {
    let db = fresh_database().await;
    let store = Store::connect(&database_url(&db)).await.unwrap();
    let mut live = store.subscribe();
    // A row committed without NOTIFY, as if its notification had been lost.
    client(&db)
        .await
        .execute(
            "INSERT INTO events (received_at, dedup_key, assetid, imsi, operation, operation_label, orderid, time)
             VALUES (now(), 'ORD-X|1005|t', $1, 'I', '1005', 'started', 'ORD-X', 't')",
            &[&D1],
        )
        .await
        .unwrap();
    // The listener reads the table every 2 s without being told.
    assert_eq!(hear(&mut live, 1, Duration::from_secs(5)).await, [1]);
}

/// A replica serving on loopback on `db`, in front of the fake upstream at `upstream`,
/// with the tests' tokens; it shuts down (ending its streams) when `stop` is sent.
async fn serve_replica(
    db: &PgDatabase,
    upstream: std::net::SocketAddr,
    dir: &std::path::Path,
) -> (String, tokio::sync::oneshot::Sender<()>, AppState) {
    let url = db.url();
    let config = config(dir, &[("CMP_DATABASE_URL", url.as_str())]);
    let store = Store::connect(&database_url(db)).await.unwrap();
    let up = Upstream::new(
        reqwest::Url::parse(&format!("http://{upstream}")).unwrap(),
        ACCESS.into(),
        Secret::new(SECRET),
        Duration::from_secs(5),
    )
    .unwrap();
    let state = AppState::new(
        config,
        up,
        TokenStore::fixed(token_set()),
        store,
        Some(Secret::new(HOOK)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(cmp_proxy::run(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    (base, stop, state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_on_one_replica_shows_pushes_to_another_and_resumes_on_it_without_gap() {
    let db = fresh_database().await;
    let dir = tempfile::tempdir().unwrap();
    let upstream = spawn(fake_upstream(Seen::default())).await;
    let (a, _stop_a, state_a) = serve_replica(&db, upstream, dir.path()).await;
    let (b, stop_b, _) = serve_replica(&db, upstream, dir.path()).await;
    let http = reqwest::Client::new();
    let deliver = |base: &str, n: u32| {
        let request = http
            .post(format!("{base}/hooks/order-status/{HOOK}"))
            .json(&json!({"assetid":D1,"imsi":"204046990912345","operation":"1005","orderid":format!("ORD-{n}"),"time":"2024-05-01 10:00:00"}));
        async move { request.send().await.unwrap().status() }
    };

    // A browser on B, pushes to A.
    let follower = Follower::start(vec![b.clone(), a.clone()], 0, 0, VIEWER);
    assert!(follower.wait_connected(Duration::from_secs(5)).await);
    for n in 1..=3 {
        assert_eq!(deliver(&a, n).await, 200);
    }
    assert!(follower.wait_for(3, Duration::from_secs(10)).await);

    // B goes away; the browser resumes on A with Last-Event-ID 3 while pushes go on.
    let _ = stop_b.send(());
    for n in 4..=6 {
        assert_eq!(deliver(&a, n).await, 200);
    }
    assert!(follower.wait_for(6, Duration::from_secs(10)).await);
    let log = follower.stop().await;
    let heard: Vec<(u64, usize)> = log.heard.iter().map(|h| (h.seq, h.replica)).collect();
    assert_eq!(
        heard.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6],
        "{log:?}"
    );
    assert_eq!(
        heard[..3].iter().map(|(_, r)| *r).collect::<Vec<_>>(),
        [0, 0, 0],
        "the first three came through B"
    );
    assert_eq!(heard[5].1, 1, "the last through A: {heard:?}");
    assert_eq!(log.streams, 2);

    // What operators see on A.
    let (status, headers, body) =
        send(&state_a, request("GET", "/metrics", Some(ADMIN), None)).await;
    assert_eq!(status, 200, "{headers:?}");
    let text = String::from_utf8(body).unwrap();
    for line in [
        "cmp_proxy_fanout_published_total 6\n",
        "cmp_proxy_fanout_lag_seconds_count 6\n",
        "cmp_proxy_fanout_listener_reconnects_total 0\n",
        "cmp_proxy_fanout_listener_up 1\n",
        "cmp_proxy_db_pool_max_size 16\n",
        "cmp_proxy_db_pool_waiting 0\n",
        "# TYPE cmp_proxy_db_pool_available gauge\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
}
