//! The deterministic world: same seed and start → same world; different seed → different;
//! identities valid; every lifecycle stage and order status present.

use crate::common::{self, START_MS};
use cmp_sim::rng::luhn_valid;
use cmp_sim::world::World;
use cmp_sim::{HEAVY_DEVICE_ID, SimConfig, SimState};
use std::collections::HashSet;

fn fingerprint(w: &World) -> String {
    let devices: Vec<String> = w
        .devices
        .iter()
        .map(|d| {
            format!(
                "{}|{:?}|{}|{}|{}",
                d.iccid, d.imsis, d.msisdn, d.lifecycle, d.ota
            )
        })
        .collect();
    let orders: Vec<String> = w.initial_orders.iter().map(|o| format!("{o:?}")).collect();
    let pools: Vec<String> = w.pools.iter().map(|p| format!("{p:?}")).collect();
    format!("{devices:?}{orders:?}{pools:?}")
}

#[test]
fn same_seed_same_world() {
    let origin = START_MS / 1000;
    assert_eq!(
        fingerprint(&World::generate(7, origin)),
        fingerprint(&World::generate(7, origin))
    );
    assert_ne!(
        fingerprint(&World::generate(7, origin)),
        fingerprint(&World::generate(8, origin))
    );
}

#[tokio::test]
async fn same_seed_same_answers() {
    let a = common::sim();
    let b = common::sim();
    let path = format!(
        "/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time=2026-11-01&received_end_by=2026-11-29&page_size=50"
    );
    assert_eq!(common::get(&a, &path).await, common::get(&b, &path).await);
    let q = serde_json::json!({"page_no": 2, "page_size": 100});
    let orders = "/cmp-api/package/queryOrder";
    assert_eq!(
        common::post(&a, orders, q.clone()).await,
        common::post(&b, orders, q).await
    );
    let other = SimState::new(SimConfig {
        seed: 8,
        ..common::config()
    })
    .unwrap();
    assert_ne!(
        common::get(&a, &path).await,
        common::get(&other, &path).await
    );
}

#[test]
fn devices_are_valid_and_varied() {
    let w = World::generate(7, START_MS / 1000);
    assert!(w.devices.len() >= 500);
    assert_eq!(w.devices[0].iccid, HEAVY_DEVICE_ID);
    assert!(luhn_valid(HEAVY_DEVICE_ID));
    let ids: HashSet<_> = w.devices.iter().map(|d| d.iccid.clone()).collect();
    assert_eq!(ids.len(), w.devices.len(), "ICCIDs are unique");
    for d in &w.devices {
        assert!(luhn_valid(&d.iccid) && d.iccid.len() == 20, "{}", d.iccid);
        assert!(
            d.imsis
                .iter()
                .all(|i| i.len() == 15 && i.bytes().all(|b| b.is_ascii_digit()))
        );
    }
    let stages: HashSet<_> = w.devices.iter().map(|d| d.lifecycle).collect();
    assert_eq!(stages.len(), 6);
    assert!(
        w.devices.iter().any(|d| d.ota)
            && w.devices.iter().any(|d| d.bip)
            && w.devices.iter().any(|d| d.imsis.len() > 1)
    );
    let statuses: HashSet<_> = w.initial_orders.iter().map(|o| o.status).collect();
    assert_eq!(statuses.len(), 4);
    assert!(
        w.initial_orders
            .iter()
            .any(|o| o.prepaid && !o.refuels.is_empty())
    );
    assert!(w.initial_orders.iter().any(|o| !o.paid));
    assert!(w.pools.len() >= 3);
    let heavy = World::generate(8, START_MS / 1000);
    assert_eq!(heavy.devices[0].iccid, HEAVY_DEVICE_ID);
}

#[test]
fn a_large_world_keeps_the_default_worlds_devices_and_orders() {
    let origin = START_MS / 1000;
    let small = World::generate(7, origin);
    let large = World::with_devices(7, origin, 20_000);
    assert_eq!(large.devices.len(), 20_000);
    // About 1.6 orders a device, as in the default world: at least the 25,000.
    let orders = large.initial_orders.len();
    assert!((25_000..=40_000).contains(&orders), "{orders} orders");
    let ids: HashSet<_> = large.devices.iter().map(|d| d.iccid.as_str()).collect();
    assert_eq!(ids.len(), large.devices.len(), "ICCIDs are unique");
    for d in &large.devices {
        assert!(luhn_valid(&d.iccid) && d.iccid.len() == 20, "{}", d.iccid);
    }
    let head = World {
        devices: large.devices[..small.devices.len()].to_vec(),
        initial_orders: large.initial_orders[..small.initial_orders.len()].to_vec(),
        ..World::generate(7, origin)
    };
    assert_eq!(fingerprint(&head), fingerprint(&small));
}

#[test]
fn world_sizes_outside_the_limit_are_refused() {
    for devices in [0, cmp_sim::world::MAX_DEVICE_COUNT + 1] {
        let refused = SimState::new(SimConfig {
            devices,
            ..common::config()
        });
        let error = refused.err().expect("refused").to_string();
        assert!(error.contains("not a world size"), "{error}");
    }
}
