//! The order state machine, exhaustively: every event from every state and flag
//! combination, against an independent table of the spec's rules; and through the
//! simulator, a refused event changes nothing and pushes nothing.

use crate::common::{self, code, find_order, post};
use cmp_api::PushOperation;
use cmp_sim::orders::lifecycle::{Event, apply};
use cmp_sim::orders::record::{Order, Status, Window, expiry};
use serde_json::json;

const NOW: i64 = 1_795_991_084;
const DAY: i64 = 86_400;

#[derive(Clone, Copy, Debug)]
struct Flags {
    paid: bool,
    ota: bool,
    secondary: bool,
    prepaid: bool,
    due: bool,
    cycles: u32,
}

fn order(status: Status, f: Flags) -> Order {
    let started = status != Status::NotStarted;
    let active = NOW - 40 * DAY;
    Order {
        id: "ORDER_1".into(),
        device_id: "89852202310161621658".into(),
        package_code: "DP1".into(),
        status,
        cycles: f.cycles,
        period_type: 2,
        prepaid: f.prepaid,
        max_cycles: Some(5),
        min_cycles: 1,
        paid: f.paid,
        ota: f.ota,
        secondary: f.secondary,
        ordered_at: active - DAY,
        active_at: started.then_some(active),
        expire_at: started.then_some(if f.due { NOW - 1 } else { NOW + 10 * DAY }),
        ended_at: (status == Status::Ended).then_some(NOW - DAY),
        windows: if started {
            vec![Window {
                from: active,
                to: (status != Status::Started).then_some(NOW - 2 * DAY),
            }]
        } else {
            vec![]
        },
        refuels: vec![],
    }
}

/// The spec's rules, written independently of the implementation.
fn expected(status: Status, f: Flags, event: Event) -> Option<(Status, PushOperation)> {
    use Status::*;
    let live = matches!(status, Started | Paused);
    match (event, status) {
        (_, Ended) => None,
        (Event::TerminateEarly, _) if live => Some((Ended, PushOperation::TerminatedEarly)),
        (Event::Cancel, NotStarted) => Some((Ended, PushOperation::Cancelled)),
        (Event::Pause, Started) => Some((Paused, PushOperation::Paused)),
        (Event::Restart, Paused) => Some((Started, PushOperation::Restarted)),
        (Event::Enable, NotStarted) if f.paid && !f.secondary => {
            Some((Started, PushOperation::Enabled))
        }
        (Event::OtaEnable, NotStarted) if f.paid && f.ota => {
            Some((Started, PushOperation::OtaEnabled))
        }
        (Event::Expire, _) if live && f.due => Some((Ended, PushOperation::Expired)),
        (Event::Renew(n), s) if !f.prepaid && f.cycles + n <= 5 => {
            Some((s, PushOperation::Renewed))
        }
        (Event::Reduce(n), s) if f.cycles > n => Some((s, PushOperation::CyclesReduced)),
        _ => None,
    }
}

#[test]
fn every_event_from_every_state() {
    let mut allowed = 0;
    let mut refused = 0;
    for status in Status::ALL {
        for bits in 0..32u32 {
            for cycles in [1, 3, 5] {
                let f = Flags {
                    paid: bits & 1 != 0,
                    ota: bits & 2 != 0,
                    secondary: bits & 4 != 0,
                    prepaid: bits & 8 != 0,
                    due: bits & 16 != 0,
                    cycles,
                };
                let before = order(status, f);
                for event in Event::ALL {
                    let got = apply(&before, event, NOW);
                    match (expected(status, f, event), got) {
                        (Some((want_status, want_push)), Ok(t)) => {
                            allowed += 1;
                            assert_eq!(t.order.status, want_status, "{status:?} {f:?} {event:?}");
                            assert_eq!(t.push, want_push, "{status:?} {f:?} {event:?}");
                            check_effects(&before, &t.order, event);
                        }
                        (None, Err(_)) => refused += 1,
                        (want, got) => {
                            panic!("{status:?} {f:?} {event:?}: expected {want:?}, got {got:?}")
                        }
                    }
                }
            }
        }
    }
    assert!(
        allowed > 100 && refused > 100,
        "{allowed} allowed, {refused} refused"
    );
}

fn check_effects(before: &Order, after: &Order, event: Event) {
    match event {
        Event::Enable | Event::OtaEnable => {
            assert_eq!(after.active_at, Some(NOW));
            assert_eq!(after.expire_at, Some(expiry(NOW, 2, before.cycles)));
            assert_eq!(after.windows.last().unwrap().to, None);
        }
        Event::Pause | Event::TerminateEarly => {
            assert!(after.windows.iter().all(|w| w.to.is_some()));
        }
        Event::Restart => assert_eq!(after.windows.len(), before.windows.len() + 1),
        Event::Renew(n) => assert_eq!(after.cycles, before.cycles + n),
        Event::Reduce(n) => assert_eq!(after.cycles, before.cycles - n),
        Event::Expire => assert_eq!(after.ended_at, before.expire_at),
        Event::Cancel => assert_eq!(after.ended_at, Some(NOW)),
    }
    if let (Some(active), Event::Renew(_) | Event::Reduce(_)) = (before.active_at, event) {
        assert_eq!(after.expire_at, Some(expiry(active, 2, after.cycles)));
    }
}

#[test]
fn zero_cycles_are_refused() {
    let f = Flags {
        paid: true,
        ota: false,
        secondary: false,
        prepaid: false,
        due: false,
        cycles: 3,
    };
    assert!(apply(&order(Status::Started, f), Event::Renew(0), NOW).is_err());
    assert!(apply(&order(Status::Started, f), Event::Reduce(0), NOW).is_err());
}

#[tokio::test]
async fn refused_event_changes_nothing_and_pushes_nothing() {
    let sim = common::sim();
    let started = find_order(&sim, |o| o["status"] == "2").await;
    let id = started["order_id"].as_str().unwrap();
    let before_order = common::get(&sim, &format!("/_sim/orders/{id}")).await;
    let before_pushes = common::get(&sim, "/_sim/pushes").await["data"]["recent"]
        .as_array()
        .unwrap()
        .len();
    let refused = post(
        &sim,
        "/cmp-api/package/cancelPackage",
        json!({"order_id": id}),
    )
    .await;
    assert_eq!(code(&refused), "3001");
    let restart = post(&sim, &format!("/_sim/orders/{id}/restart"), json!({})).await;
    assert_eq!(code(&restart), "3001");
    assert_eq!(
        common::get(&sim, &format!("/_sim/orders/{id}")).await,
        before_order
    );
    let after_pushes = common::get(&sim, "/_sim/pushes").await["data"]["recent"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before_pushes, after_pushes);
}

#[tokio::test]
async fn admin_events_drive_the_machine_and_push() {
    let sim = common::sim();
    let started = find_order(&sim, |o| o["status"] == "2" && o["prepaid"] == false).await;
    let id = started["order_id"].as_str().unwrap().to_owned();
    for (path, body, op, status) in [
        ("pause", json!({}), "1003", "5"),
        ("restart", json!({}), "1004", "2"),
        ("renew", json!({"cycles": 1}), "1009", "2"),
        ("reduce", json!({"cycles": 1}), "1010", "2"),
    ] {
        let v = post(&sim, &format!("/_sim/orders/{id}/{path}"), body).await;
        assert_eq!(code(&v), "0000", "{path}: {v}");
        let last = common::get(&sim, "/_sim/pushes").await["data"]["recent"]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .unwrap();
        assert_eq!(last["operation"], op);
        assert_eq!(last["orderid"], id.as_str());
        let o = common::get(&sim, &format!("/_sim/orders/{id}")).await;
        assert_eq!(o["data"]["orderStatus"], status);
    }
}

#[tokio::test]
async fn clock_expires_orders_with_a_push() {
    let sim = common::sim();
    let started = find_order(&sim, |o| o["status"] == "2").await;
    let id = started["order_id"].as_str().unwrap().to_owned();
    let o = common::get(&sim, &format!("/_sim/orders/{id}")).await;
    let expire: cmp_api::CmpTime = o["data"]["expireDate"].as_str().unwrap().parse().unwrap();
    let now = cmp_api::CmpTime::from_unix_millis(common::START_MS);
    let secs = expire.seconds_since_epoch() + 86_400 - now.seconds_since_epoch();
    post(&sim, "/_sim/clock/advance", json!({"seconds": secs})).await;
    let o = common::get(&sim, &format!("/_sim/orders/{id}")).await;
    assert_eq!(o["data"]["orderStatus"], "3");
    let pushes = common::get(&sim, "/_sim/pushes").await;
    let expired = pushes["data"]["recent"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["orderid"] == id.as_str() && p["operation"] == "1008")
        .cloned()
        .expect("an expiry push");
    // Stamped with the order's creation time (the spec's "Order creation time"), neither
    // the expiry instant nor the time the clock jump noticed it.
    let ordered: cmp_api::CmpTime = o["data"]["orderDate"].as_str().unwrap().parse().unwrap();
    let ordered = ordered.with_format(cmp_api::time::TimeFormat::DateTime);
    assert_eq!(expired["time"], ordered.to_string());
    assert_ne!(ordered.days_since_epoch(), expire.days_since_epoch());
}

#[tokio::test]
async fn location_report_enables_ota_orders() {
    let sim = common::sim();
    let waiting = find_order(&sim, |o| {
        o["status"] == "1" && o["ota"] == true && o["paid"] == true
    })
    .await;
    let id = waiting["order_id"].as_str().unwrap();
    let device = waiting["device_id"].as_str().unwrap();
    let q = post(&sim, common::QUERY, json!({"order_id": id})).await;
    let code_ = q["data"]["package_order"][0]["packageCode"]
        .as_str()
        .unwrap();
    let package = cmp_sim::world::catalogue::catalogue()
        .into_iter()
        .find(|p| p.package_code == code_)
        .unwrap();
    let mcc = package.country_codes()[0].to_owned();
    let path = format!("/_sim/devices/{device}/location");
    let elsewhere = post(&sim, &path, json!({"mcc": "001"})).await;
    assert_eq!(elsewhere["data"]["enabled"], json!([]));
    let v = post(&sim, &path, json!({"mcc": mcc})).await;
    assert_eq!(v["data"]["enabled"], json!([id]));
    let last = common::get(&sim, "/_sim/pushes").await["data"]["recent"]
        .as_array()
        .unwrap()
        .last()
        .cloned()
        .unwrap();
    assert_eq!(
        (last["operation"].as_str(), last["orderid"].as_str()),
        (Some("1007"), Some(id))
    );
    assert_eq!(
        code(&post(&sim, "/_sim/devices/8900/location", json!({"mcc": mcc})).await),
        "2001"
    );
}
