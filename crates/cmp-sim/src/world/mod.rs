//! The deterministic world built from a seed and an origin time: devices with their
//! identities, flags and lifecycle, traffic pools, the package catalogue, the orders that
//! exist at start, and the CDRs the devices produce. The same `(seed, origin)` always
//! builds the same world.
//!
//! ## Layout
//! - this file: [`World`], [`Device`], [`PoolDef`] and [`HEAVY_DEVICE_ID`].
//! - [`catalogue`]: the fixed package catalogue and the countries it covers.
//! - [`cdr`]: CDRs generated lazily per (device, day), and the per-day byte totals cache.
//! - `devices`: one device from (seed, index); its home operators ([`OPERATORS`]).
//! - `pools`: the four traffic pools.
//! - `initial_orders`: the orders at start; order codes ([`order_code`]) and new orders
//!   ([`new_order`]).

pub mod catalogue;
pub mod cdr;
mod devices;
mod initial_orders;
mod pools;

pub use devices::{OPERATORS, Operator};
pub use initial_orders::{new_order, order_code};

use crate::orders::record::{Order, Status};
use cmp_api::Package;
use std::collections::HashMap;

/// A fixed device (Luhn-valid ICCID, the same for every seed) with at least 20,000 CDRs
/// in the last 180 days.
pub const HEAVY_DEVICE_ID: &str = "89852202310161621658";

/// How many devices the world holds unless told otherwise (`--devices`): the world every
/// test and journey knows.
pub const DEVICE_COUNT: usize = 600;

/// The most devices a world may hold (`--devices`): the ICCIDs' layout counts five digits
/// of device number.
pub const MAX_DEVICE_COUNT: usize = 99_999;

const DAY: i64 = 86_400;
/// A SIM device.
#[derive(Debug, Clone)]
pub struct Device {
    /// Position in the world (stable for a seed).
    pub index: usize,
    /// ICCID, the device id.
    pub iccid: String,
    /// IMSIs; more than one for multi-IMSI devices.
    pub imsis: Vec<String>,
    /// MSISDN (or the `FFFFFFFFFF` placeholder).
    pub msisdn: String,
    /// Device type 1..=5.
    pub device_type: u8,
    /// Has OTA.
    pub ota: bool,
    /// Has BIP.
    pub bip: bool,
    /// Lifecycle stage 0..=5.
    pub lifecycle: u8,
    /// Start of the current stage (simulated seconds).
    pub lifecycle_start: i64,
    /// End of the current stage.
    pub lifecycle_end: i64,
    /// Home network, index into [`OPERATORS`].
    pub home: usize,
    /// Average sessions per day; 0 means the device produces no CDRs.
    pub cdr_rate: u32,
    /// Last day (days since epoch) with CDRs, for devices that stopped using data.
    pub cdr_until_day: Option<i64>,
    /// The plan CDRs are booked against.
    pub plan_id: String,
    /// The traffic pool it draws from, if any.
    pub pool: Option<usize>,
}

/// A traffic pool's fixed facts; its usage is computed from its members' CDRs.
#[derive(Debug, Clone)]
pub struct PoolDef {
    /// Pool id.
    pub id: String,
    /// Pool name.
    pub name: String,
    /// Quota, bytes.
    pub quota: u64,
    /// Period start (simulated seconds).
    pub start: i64,
    /// Period end.
    pub end: i64,
    /// The most orders one bulk request may subscribe against it.
    pub order_limit: u64,
}

/// Everything fixed about the world.
#[derive(Debug)]
pub struct World {
    /// The seed it was built from.
    pub seed: u64,
    /// The simulated time it was built at (seconds).
    pub origin: i64,
    /// The package catalogue.
    pub packages: Vec<Package>,
    /// Every device, heavy device first.
    pub devices: Vec<Device>,
    /// Device index by ICCID.
    pub by_id: HashMap<String, usize>,
    /// Traffic pools.
    pub pools: Vec<PoolDef>,
    /// Orders that exist at start.
    pub initial_orders: Vec<Order>,
}

impl World {
    /// Builds the world of [`DEVICE_COUNT`] devices for `seed` as it stands at `origin`
    /// (simulated seconds).
    pub fn generate(seed: u64, origin: i64) -> World {
        World::with_devices(seed, origin, DEVICE_COUNT)
    }

    /// Builds a world of `count` devices (1 to [`MAX_DEVICE_COUNT`]; the heavy device is
    /// always the first). Device `i` and its orders are the same in every world that holds
    /// it, so the first 600 of a large world are the default world's devices; only order
    /// codes after the default world's are new.
    pub fn with_devices(seed: u64, origin: i64, count: usize) -> World {
        let count = count.clamp(1, MAX_DEVICE_COUNT);
        let packages = catalogue::catalogue();
        let pools = pools::pools(seed, origin);
        let mut devices = Vec::with_capacity(count);
        let mut orders = Vec::new();
        let mut order_seq = 0u64;
        let fits = initial_orders::package_fits(&packages);
        for index in 0..count {
            let mut device = devices::device(seed, origin, index, pools.len());
            let device_orders = initial_orders::initial_orders(
                seed,
                origin,
                &device,
                &packages,
                &fits,
                &mut order_seq,
            );
            if let Some(o) = device_orders
                .iter()
                .rev()
                .find(|o| o.status != Status::NotStarted)
            {
                device.plan_id = o.package_code.clone();
            }
            orders.extend(device_orders);
            devices.push(device);
        }
        let by_id = devices.iter().map(|d| (d.iccid.clone(), d.index)).collect();
        World {
            seed,
            origin,
            packages,
            devices,
            by_id,
            pools,
            initial_orders: orders,
        }
    }

    /// A device by ICCID.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.by_id.get(id).map(|i| &self.devices[*i])
    }

    /// A package by code.
    pub fn package(&self, code: &str) -> Option<&Package> {
        catalogue::find(&self.packages, code)
    }

    /// The largest `subscribed_count` one bulk order may ask for.
    pub fn order_limit(&self) -> u64 {
        self.pools.iter().map(|p| p.order_limit).max().unwrap_or(0)
    }
}
