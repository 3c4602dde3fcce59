//! Turns the simulator's records into the upstream's response models: orders with their
//! usage (computed from CDRs inside the order's started windows), devices and pools.

use crate::orders::record::{Order, Status, expiry};
use crate::state::SimState;
use crate::world::{Device, PoolDef};
use cmp_api::time::TimeFormat;
use cmp_api::{
    BuyType, Bytes, CmpTime, DeviceInfo, FeatureFlag, Kilobytes, Lifecycle, Megabytes,
    MultiImsiFlag, PackageOrder, Profile, RefuelingPackage, RefuelingStatus, TrafficPool,
};

/// Bytes a device used inside `order`'s started windows that also fall in `[from, to)`,
/// data used on demand included ([`crate::orders::bursts`]).
fn used_bytes(
    state: &SimState,
    device: &Device,
    order: &Order,
    from: i64,
    to: i64,
    now: i64,
) -> u64 {
    order
        .windows
        .iter()
        .map(|w| {
            let (a, b) = (w.from.max(from), w.to.unwrap_or(now + 1).min(to));
            state
                .0
                .totals
                .bytes_between(&state.0.world, device, a, b, now)
                + state.0.bursts.between(&order.id, a, b)
        })
        .sum()
}

/// Start of the order's current cycle (the cycle `now` falls in).
fn cycle_start(order: &Order, now: i64) -> i64 {
    let Some(active) = order.active_at else {
        return now;
    };
    let mut start = CmpTime::from_seconds(active)
        .start_of_day()
        .seconds_since_epoch();
    for c in 1..order.cycles {
        let end = expiry(active, order.period_type, c);
        if end >= now {
            break;
        }
        start = end + 1;
    }
    start
}

/// An order as queryOrder (`order_date` compact) or queryDevice (`order_date` with dashes)
/// shows it.
pub fn package_order(
    state: &SimState,
    order: &Order,
    now: i64,
    order_date_format: TimeFormat,
) -> PackageOrder {
    let world = state.world();
    let package = world.package(&order.package_code);
    let device = world.device(&order.device_id);
    let (total_kb, cycle_kb) = match device {
        Some(d) => {
            let total = used_bytes(state, d, order, i64::MIN / 4, i64::MAX / 4, now);
            let cycle = if order.prepaid {
                total
            } else {
                used_bytes(state, d, order, cycle_start(order, now), i64::MAX / 4, now)
            };
            (Bytes(total).to_kb(), Bytes(cycle).to_kb())
        }
        None => (Kilobytes(0), Kilobytes(0)),
    };
    let flow_mb = package.and_then(|p| p.flow).unwrap_or(Megabytes(0));
    let refuel_mb: u64 = order
        .refuels
        .iter()
        .filter(|r| r.status != 4)
        .map(|r| r.flow_mb)
        .sum();
    let allowance_kb = (flow_mb.0 + refuel_mb) * 1024;
    let rate = (allowance_kb > 0)
        .then(|| format!("{:.2}%", cycle_kb.0 as f64 * 100.0 / allowance_kb as f64));
    let date =
        |t: Option<i64>| t.map(|s| CmpTime::from_seconds(s).with_format(TimeFormat::CompactDate));
    PackageOrder {
        buy_type: Some(if order.prepaid {
            BuyType::Prepaid
        } else {
            BuyType::Postpaid
        }),
        expire_date: date(order.expire_at),
        flow: Some(flow_mb),
        order_code: order.id.clone(),
        order_status: Some(order.status.to_api()),
        order_date: Some(CmpTime::from_seconds(order.ordered_at).with_format(order_date_format)),
        order_period: Some(order.cycles),
        package_code: Some(order.package_code.clone()),
        package_name: package.map(|p| p.package_name.clone()),
        package_type: Some(order.package_type()),
        used_flow: Some(cycle_kb),
        flow_use_rate: rate,
        order_used_flow: Some(total_kb),
        supplier_code: None,
        refueling_package_list: order
            .refuels
            .iter()
            .map(|r| RefuelingPackage {
                ref_order_id: r.id.clone(),
                refpackage_flow: Some(Megabytes(r.flow_mb)),
                refpackage_order_date: Some(CmpTime::from_seconds(r.ordered_at)),
                refpackage_status: Some(RefuelingStatus::from_code(&r.status.to_string())),
            })
            .collect(),
        has_test_flow: Some("0".into()),
        profile_list: device.map(profiles).unwrap_or_default(),
        is_flow_plus: None,
        device_id: Some(order.device_id.clone()),
        active_date: date(order.active_at),
        main_iccid: None,
    }
}

fn profiles(device: &Device) -> Vec<Profile> {
    device
        .imsis
        .iter()
        .map(|imsi| Profile {
            iccid: device.iccid.clone(),
            imsi: imsi.clone(),
            msisdn: device.msisdn.clone(),
        })
        .collect()
}

/// A device as queryDevice shows it, with its started (else paused) order.
pub fn device_info(state: &SimState, device: &Device, orders: &[&Order], now: i64) -> DeviceInfo {
    let live = orders
        .iter()
        .filter(|o| o.status == Status::Started)
        .chain(orders.iter().filter(|o| o.status == Status::Paused))
        .max_by_key(|o| (o.status == Status::Started, o.active_at));
    let flag = |on: bool| {
        Some(if on {
            FeatureFlag::Yes
        } else {
            FeatureFlag::No
        })
    };
    let compact = |s: i64| Some(CmpTime::from_seconds(s).with_format(TimeFormat::CompactDate));
    DeviceInfo {
        device_id: device.iccid.clone(),
        ota_flag: flag(device.ota),
        bip_flag: flag(device.bip),
        multi_imsi_flag: Some(if device.imsis.len() > 1 {
            MultiImsiFlag::Yes
        } else {
            MultiImsiFlag::No
        }),
        lifecycle: Some(Lifecycle::from_code(&device.lifecycle.to_string())),
        lifecycle_start_time: compact(device.lifecycle_start),
        lifecycle_end_time: compact(device.lifecycle_end),
        lifecycle_silent_period: Some(6),
        lifecycle_shutdown_period: Some(2),
        package_order: live.map(|o| package_order(state, o, now, TimeFormat::DateTime)),
    }
}

/// A pool with its usage so far: its members' CDR bytes since the period began.
pub fn pool(state: &SimState, pool_index: usize, def: &PoolDef, now: i64) -> TrafficPool {
    let world = state.world();
    let used: u64 = world
        .devices
        .iter()
        .filter(|d| d.pool == Some(pool_index))
        .map(|d| {
            state
                .0
                .totals
                .bytes_between(world, d, def.start, def.end + 1, now)
        })
        .sum();
    TrafficPool {
        total_quota_byte: Some(Bytes(def.quota)),
        used_byte: Some(Bytes(used)),
        traffic_pool_start_time: Some(CmpTime::from_seconds(def.start)),
        traffic_pool_end_time: Some(CmpTime::from_seconds(def.end)),
        traffic_pool_id: def.id.clone(),
        traffic_pool_name: def.name.clone(),
    }
}
