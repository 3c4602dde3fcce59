//! The orders that exist when the world starts: history, running and paused plans (with
//! refuelling packages on some prepaid ones), and plans waiting to start, some unpaid and
//! some OTA secondary plans.

use super::{DAY, Device, OPERATORS};
use crate::orders::record::{Order, Refuel, Status, Window, expiry};
use crate::rng::Rng;
use crate::world::catalogue::{self, COUNTRIES};
use cmp_api::{BuyType, Package, PackageType};

/// An order code from a seed and a sequence number (unique per world).
pub fn order_code(seed: u64, seq: u64) -> String {
    let base = 1_595_320_587_633_311_744u64 + (crate::rng::mix(&[seed]) % 1_000_000) * 1_000_000;
    format!("ORDER_{}", base + seq * 7 + 3)
}

/// Per operator, the packages that cover its country: (any, fit for a running order).
pub(super) type Fits = Vec<(Vec<usize>, Vec<usize>)>;

pub(super) fn package_fits(packages: &[Package]) -> Fits {
    OPERATORS
        .iter()
        .map(|op| {
            let country = &COUNTRIES[op.country];
            let any: Vec<usize> = (0..packages.len())
                .filter(|i| {
                    let p = &packages[*i];
                    p.country_codes().contains(&op.mcc)
                        || p.cover_countrys.as_deref() == Some(country.name)
                })
                .collect();
            // A running order is on a package still sold, and not a day package (which would
            // need hundreds of cycles to have run this long).
            let live = any
                .iter()
                .copied()
                .filter(|i| {
                    catalogue::is_available(&packages[*i])
                        && packages[*i].package_type != Some(PackageType::Day)
                })
                .collect();
            (any, live)
        })
        .collect()
}

fn pick_package<'a>(
    r: &mut Rng,
    packages: &'a [Package],
    fits: &Fits,
    device: &Device,
    live: bool,
) -> &'a Package {
    let (any, running) = &fits[device.home];
    let list = if live { running } else { any };
    if list.is_empty() {
        r.pick(packages)
    } else {
        &packages[*r.pick(list)]
    }
}

/// The heavy device's running plan: of the postpaid plans that may run at its home, the
/// one allowing the most data per day, so a cycle of its traffic fits the plan's flow.
/// (Prepaid usage counts from the start of the order, which months of traffic outgrow.)
fn roomiest_postpaid<'a>(
    packages: &'a [Package],
    fits: &Fits,
    device: &Device,
) -> Option<&'a Package> {
    let per_day = |p: &Package| {
        let days = match p.package_type {
            Some(PackageType::Day) => 1,
            Some(PackageType::Quarter) => 91,
            Some(PackageType::HalfYear) => 182,
            Some(PackageType::Year) => 365,
            _ => 30,
        };
        p.flow.map_or(0, |f| f.0) / days
    };
    fits[device.home]
        .1
        .iter()
        .map(|i| &packages[*i])
        .filter(|p| p.buy_type == Some(BuyType::Postpaid))
        .max_by_key(|p| (per_day(p), p.package_code.clone()))
}

/// Builds an order for `package` (not started), copying the package's facts in.
pub fn new_order(id: String, device: &Device, package: &Package, cycles: u32, at: i64) -> Order {
    let prepaid = package.buy_type == Some(BuyType::Prepaid);
    let max = package
        .max_order_period
        .filter(|m| *m > 0)
        .map(|m| m as u32);
    Order {
        id,
        device_id: device.iccid.clone(),
        package_code: package.package_code.clone(),
        status: Status::NotStarted,
        cycles,
        period_type: package
            .package_type
            .as_ref()
            .and_then(|t| t.code().parse().ok())
            .unwrap_or(2),
        prepaid,
        max_cycles: max,
        min_cycles: package
            .min_order_period
            .filter(|m| *m > 0)
            .map_or(1, |m| m as u32),
        paid: true,
        ota: device.ota,
        secondary: false,
        ordered_at: at,
        active_at: None,
        expire_at: None,
        ended_at: None,
        windows: Vec::new(),
        refuels: Vec::new(),
    }
}

pub(super) fn initial_orders(
    seed: u64,
    origin: i64,
    device: &Device,
    packages: &[Package],
    fits: &Fits,
    seq: &mut u64,
) -> Vec<Order> {
    let mut r = Rng::for_parts(&[seed, 4, device.index as u64]);
    let mut out = Vec::new();
    let next_id = |seq: &mut u64| {
        *seq += 1;
        order_code(seed, *seq)
    };
    let heavy = device.index == 0;
    // Past orders that ran and ended, for history.
    if device.cdr_rate > 0 || device.lifecycle == 4 {
        for _ in 0..r.below(3) {
            let pkg = pick_package(&mut r, packages, fits, device, false);
            let started = origin - r.range(200, 400) as i64 * DAY;
            let mut o = new_order(next_id(seq), device, pkg, 1, started - 3600);
            o.status = Status::Ended;
            o.active_at = Some(started);
            let exp = expiry(started, o.period_type, 1).min(origin - 190 * DAY);
            o.expire_at = Some(exp);
            o.ended_at = Some(exp);
            o.windows.push(Window {
                from: started,
                to: Some(exp),
            });
            if r.chance(0.2) {
                // Cancelled before it ever started.
                o.active_at = None;
                o.expire_at = None;
                o.windows.clear();
                o.ended_at = Some(started);
            }
            out.push(o);
        }
    }
    // The live order of a device in use (or paused for a suspended one).
    if device.lifecycle == 2 || device.lifecycle == 3 {
        let pkg = match heavy
            .then(|| roomiest_postpaid(packages, fits, device))
            .flatten()
        {
            Some(pkg) => pkg,
            None => pick_package(&mut r, packages, fits, device, true),
        };
        let started = if heavy {
            origin - 200 * DAY
        } else {
            origin - r.range(1, 150) as i64 * DAY
        };
        let mut o = new_order(
            next_id(seq),
            device,
            pkg,
            1,
            started - r.range(60, 86_400) as i64,
        );
        // Long enough to still run at origin.
        let mut cycles = 1;
        while expiry(started, o.period_type, cycles) <= origin + DAY {
            cycles += 1;
        }
        o.cycles = cycles;
        o.max_cycles = o.max_cycles.map(|m| m.max(cycles));
        o.status = Status::Started;
        o.active_at = Some(started);
        o.expire_at = Some(expiry(started, o.period_type, cycles));
        o.windows.push(Window {
            from: started,
            to: None,
        });
        if device.lifecycle == 3 || (!heavy && r.chance(0.12)) {
            let paused_at = origin - r.range(1, 20) as i64 * DAY;
            o.windows[0].to = Some(paused_at.max(started));
            o.status = Status::Paused;
        }
        if o.prepaid && r.chance(0.5) {
            for k in 0..r.range(1, 3) {
                o.refuels.push(Refuel {
                    id: format!("{}R{k}", o.id),
                    flow_mb: *r.pick(&[100, 500, 1024]),
                    ordered_at: started + r.range(1, 20) as i64 * DAY,
                    status: r.range(1, 4) as u8,
                });
            }
        }
        out.push(o);
    }
    // Orders waiting to start: a first order in inventory, a second plan elsewhere.
    let waiting = match device.lifecycle {
        0 | 5 => r.chance(0.4),
        2 => !heavy && r.chance(0.2),
        _ => false,
    };
    if waiting {
        let pkg = pick_package(&mut r, packages, fits, device, true);
        let mut o = new_order(
            next_id(seq),
            device,
            pkg,
            r.range(1, 3) as u32,
            origin - r.range(60, 30 * 86_400) as i64,
        );
        o.cycles = o.max_cycles.map_or(o.cycles, |m| o.cycles.min(m));
        o.secondary = device.ota && !out.is_empty();
        o.paid = r.chance(0.85);
        out.push(o);
    }
    out
}
