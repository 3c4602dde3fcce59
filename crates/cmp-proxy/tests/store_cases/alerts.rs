//! Alerts: fired once per rule, subject and cycle, resolved, acknowledged, paged within a
//! token's scope, published live; one scheduled evaluation at a time; the push cursor.

use super::*;
use cmp_api::proxy_api::alert::{Alert, AlertFigures, AlertState, AlertSubject};
use cmp_proxy::store::alerts::{AlertScope, NewAlert};

fn device_alert(rule: u64, device: &str, cycle: &str) -> NewAlert {
    NewAlert {
        rule_id: rule,
        rule_name: "Almost out".into(),
        subject: AlertSubject::Device {
            device_id: device.into(),
            order_code: format!("ORD-{device}"),
        },
        cycle: cycle.into(),
        sentence: format!("Device {device} has used 85.0 % of its plan"),
        figures: AlertFigures {
            percent: Some(85.0),
            threshold: Some(80),
            ..Default::default()
        },
    }
}

fn pool_alert(rule: u64, pool: &str) -> NewAlert {
    NewAlert {
        subject: AlertSubject::Pool {
            pool_id: pool.into(),
            pool_name: format!("pool {pool}"),
        },
        ..device_alert(rule, "", "2026-05-01")
    }
}

fn scope(devices: Option<&[&str]>, pools: Option<&[&str]>) -> AlertScope {
    let list = |l: Option<&[&str]>| l.map(|l| l.iter().map(|s| s.to_string()).collect());
    AlertScope {
        devices: list(devices),
        pools: list(pools),
    }
}

pub async fn an_alert_fires_once_per_rule_subject_and_cycle(place: Place) {
    let store = place.store().await;
    let first = store
        .fire_alert(device_alert(1, D1, "2026-05-01"), vec![])
        .await
        .unwrap()
        .expect("a new alert");
    assert_eq!(first.state, AlertState::Open);
    assert_eq!(first.figures.percent, Some(85.0));
    assert!(first.fired_at.ends_with('Z'));
    assert_eq!(first.resolved_at, None);
    // Again in the same cycle: nothing new, even after it resolved.
    assert_eq!(
        store
            .fire_alert(device_alert(1, D1, "2026-05-01"), vec![])
            .await
            .unwrap(),
        None
    );
    // Another cycle, device or rule is another alert.
    for new in [
        device_alert(1, D1, "2026-06-01"),
        device_alert(1, D2, "2026-05-01"),
        device_alert(2, D1, "2026-05-01"),
    ] {
        assert!(store.fire_alert(new, vec![]).await.unwrap().is_some());
    }
    let open = store.open_alerts(1).await.unwrap();
    assert_eq!(open.len(), 3);
    assert_eq!(open[0], first);
    let resolved = store.resolve_alerts(vec![first.id, 999]).await.unwrap();
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0].state, AlertState::Resolved);
    assert!(resolved[0].resolved_at.is_some());
    assert!(
        store
            .resolve_alerts(vec![first.id])
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
    assert_eq!(
        store
            .fire_alert(device_alert(1, D1, "2026-05-01"), vec![])
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.open_alerts(1).await.unwrap().len(), 2);
    // A restart reads the same.
    drop(store);
    let store = place.store().await;
    assert_eq!(
        store.alert(first.id).await.unwrap(),
        Some(resolved[0].clone())
    );
}

pub async fn alerts_are_acknowledged_once_and_paged_within_a_scope(place: Place) {
    let store = place.store().await;
    let mut fired: Vec<Alert> = Vec::new();
    for new in [
        device_alert(1, D1, "c"),
        device_alert(1, D2, "c"),
        pool_alert(2, "P1"),
        pool_alert(2, "P3"),
    ] {
        fired.push(store.fire_alert(new, vec![]).await.unwrap().unwrap());
    }
    store.resolve_alerts(vec![fired[1].id]).await.unwrap();
    let acked = store
        .acknowledge_alert(fired[0].id, "ops", false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(acked.acknowledged_by.as_deref(), Some("ops"));
    assert_eq!(acked.state, AlertState::Open, "acknowledged, still open");
    let again = store
        .acknowledge_alert(fired[0].id, "lead", true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.acknowledged_by.as_deref(),
        Some("ops"),
        "the first stays"
    );
    assert_eq!(again.acknowledged_at, acked.acknowledged_at);
    assert_eq!(again.state, AlertState::Resolved, "resolved when asked");
    assert_eq!(
        store.acknowledge_alert(999, "ops", false).await.unwrap(),
        None
    );

    let ids = |page: &[Alert]| page.iter().map(|a| a.id).collect::<Vec<_>>();
    let (all, total, open) = store
        .alerts_page(1, 10, false, AlertScope::default())
        .await
        .unwrap();
    assert_eq!((total, open), (4, 2));
    assert_eq!(
        ids(&all),
        [fired[3].id, fired[2].id, fired[1].id, fired[0].id]
    );
    let (open_only, total, _) = store
        .alerts_page(1, 10, true, AlertScope::default())
        .await
        .unwrap();
    assert_eq!(
        (ids(&open_only), total),
        (vec![fired[3].id, fired[2].id], 2)
    );
    let (page2, _, _) = store
        .alerts_page(2, 3, false, AlertScope::default())
        .await
        .unwrap();
    assert_eq!(ids(&page2), [fired[0].id]);
    // A token limited to D1 and no pools; one with D1 and pool P3.
    let (mine, total, open) = store
        .alerts_page(1, 10, false, scope(Some(&[D1]), Some(&[])))
        .await
        .unwrap();
    assert_eq!((ids(&mine), total, open), (vec![fired[0].id], 1, 0));
    let (mine, total, open) = store
        .alerts_page(1, 10, false, scope(Some(&[D1]), Some(&["P3"])))
        .await
        .unwrap();
    assert_eq!(
        (ids(&mine), total, open),
        (vec![fired[3].id, fired[0].id], 2, 1)
    );
    assert!(scope(Some(&[D1]), Some(&["P3"])).covers(&fired[3]));
    assert!(!scope(Some(&[D1]), Some(&["P3"])).covers(&fired[2]));
}

pub async fn alert_changes_reach_live_listeners(place: Place) {
    let store = place.store().await;
    let mut live = store.subscribe_alerts();
    let fired = store
        .fire_alert(device_alert(1, D1, "c"), vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store
            .fire_alert(device_alert(1, D1, "c"), vec![])
            .await
            .unwrap(),
        None
    );
    store
        .acknowledge_alert(fired.id, "ops", false)
        .await
        .unwrap();
    store.resolve_alerts(vec![fired.id]).await.unwrap();
    let mut heard = Vec::new();
    while heard.len() < 3 {
        let a = tokio::time::timeout(Duration::from_secs(10), live.recv())
            .await
            .expect("alerts published")
            .unwrap();
        heard.push(a);
    }
    // Once per change. PostgreSQL's listeners read the alert when notified, so they may
    // publish a later state than the change's; the last is the alert as it ends.
    assert!(heard.iter().all(|a| a.id == fired.id));
    assert_eq!(heard[2].state, AlertState::Resolved);
    assert!(heard[2].acknowledged_at.is_some());
    if let Place::Sqlite(_) = place {
        assert_eq!(heard[0].state, AlertState::Open);
        assert!(heard[0].acknowledged_at.is_none());
        assert!(heard[1].acknowledged_at.is_some());
    }
    // Nothing more: the refused second firing published nothing.
    assert!(
        tokio::time::timeout(Duration::from_millis(300), live.recv())
            .await
            .is_err()
    );
}

pub async fn one_scheduled_evaluation_runs_at_a_time(place: Place) {
    let minute = Duration::from_secs(60);
    let now = 1_800_000_000_000_i64;
    let a = place.store().await;
    let b = place.store().await;
    let run = a
        .try_alert_run(minute, now)
        .await
        .unwrap()
        .expect("the first claims it");
    // Within the interval nobody runs again, whoever asks.
    assert!(
        b.try_alert_run(minute, now + 59_000)
            .await
            .unwrap()
            .is_none()
    );
    drop(run);
    assert!(
        a.try_alert_run(minute, now + 30_000)
            .await
            .unwrap()
            .is_none()
    );
    // Dropping a run gives its lock back when its connection closes, which PostgreSQL
    // notices a moment later: ask again for a while rather than once.
    let mut later = None;
    for _ in 0..50 {
        later = b.try_alert_run(minute, now + 60_000).await.unwrap();
        if later.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(later.is_some(), "the next interval's run");
    if let Place::Postgres(_) = place {
        // While a run is held, another replica cannot start one even when its interval has
        // come; when the holder's connection goes (the replica died), it can.
        assert!(
            a.try_alert_run(Duration::ZERO, now + 600_000)
                .await
                .unwrap()
                .is_none()
        );
        drop(later);
        // The database releases it when it sees the connection go, a moment later.
        let mut taken = None;
        for _ in 0..100 {
            taken = a
                .try_alert_run(Duration::ZERO, now + 600_000)
                .await
                .unwrap();
            if taken.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            taken.is_some(),
            "released by the database with its connection"
        );
    }
}

pub async fn the_push_cursor_only_moves_forward(place: Place) {
    let store = place.store().await;
    assert_eq!(store.alert_event_cursor().await.unwrap(), None);
    store.set_alert_event_cursor(5).await.unwrap();
    store.set_alert_event_cursor(3).await.unwrap();
    assert_eq!(store.alert_event_cursor().await.unwrap(), Some(5));
    store.set_alert_event_cursor(9).await.unwrap();
    assert_eq!(store.alert_event_cursor().await.unwrap(), Some(9));
}
