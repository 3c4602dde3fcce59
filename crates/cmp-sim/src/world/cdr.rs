//! CDRs, generated lazily and deterministically per (device, day) from a hash of
//! (seed, device, day): nothing is stored, so memory stays small, and a page of the heavy
//! device's 180 days only generates the days that page touches.

use crate::rng::Rng;
use crate::world::{Device, OPERATORS, World};
use cmp_api::{Bytes, CdrRecord, CmpTime, ShortText};
use std::collections::HashMap;
use std::sync::Mutex;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Sessions by hour of day: quiet nights, a working-day plateau, an evening peak.
const HOUR_WEIGHTS: [u32; 24] = [
    2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 10, 9, 9, 9, 9, 10, 12, 13, 12, 9, 6, 4,
];
const NETWORKS: [&str; 3] = ["3G", "4G", "5G"];
/// The heavy device's largest session: a router whose month of traffic stays well inside
/// its 30 GB monthly plan (about half of it), while its session count stays heavy.
const HEAVY_MAX_BYTES: f64 = 1.5e8;

/// One generated session, before it is dressed as a [`CdrRecord`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// Start, simulated seconds.
    pub start: i64,
    /// End; `None` while open (or when the platform never closed it).
    pub end: Option<i64>,
    /// Bytes used.
    pub bytes: u64,
    /// Index into the network list: 0 = 3G, 1 = 4G, 2 = 5G.
    pub network: u8,
    /// Index into [`OPERATORS`].
    pub operator: u8,
    /// Which of the device's IMSIs was in use.
    pub imsi: u8,
}

/// How many sessions started on `day` (days since epoch), ignoring the clock.
fn day_count(world: &World, dev: &Device, day: i64) -> u64 {
    if dev.cdr_rate == 0 || dev.cdr_until_day.is_some_and(|last| day > last) {
        return 0;
    }
    let mut r = Rng::for_parts(&[world.seed, 5, dev.index as u64, day as u64]);
    if dev.index == 0 {
        return 115 + r.below(30);
    }
    if r.chance(0.08) {
        return 0;
    }
    // 1970-01-01 was a Thursday: days 2 and 3 mod 7 are the weekend.
    let weekend = matches!(day.rem_euclid(7), 2 | 3);
    let factor = if weekend { 0.7 } else { 1.0 } * (0.5 + r.unit());
    (f64::from(dev.cdr_rate) * factor).round() as u64
}

/// Every session of `day` that started by `now`, newest first.
pub fn day_sessions(world: &World, dev: &Device, day: i64, now: i64) -> Vec<Session> {
    let n = day_count(world, dev, day);
    if n == 0 || day * DAY > now {
        return Vec::new();
    }
    let mut r = Rng::for_parts(&[world.seed, 6, dev.index as u64, day as u64]);
    let traits = Rng::for_parts(&[world.seed, 7, dev.index as u64]).next_u64();
    let net_weights: &[u32] = if dev.index == 0 || traits % 10 < 3 {
        &[10, 50, 40]
    } else {
        &[25, 75, 0]
    };
    // Volume class: most devices are small trackers, a few are routers moving hundreds of MB.
    let max_bytes = match (dev.index, (traits >> 8) % 20) {
        (0, _) => HEAVY_MAX_BYTES,
        (_, 0..=10) => 2.0e6,
        (_, 11..=17) => 5.0e7,
        _ => 5.0e8,
    };
    let mut out: Vec<Session> = (0..n)
        .map(|_| {
            let hour = r.weighted(&HOUR_WEIGHTS) as i64;
            let start = day * DAY + hour * 3600 + r.below(3600) as i64;
            // Log-scale sizes from tens of bytes up to the class maximum, most of them small.
            let bytes = (20.0 * (max_bytes / 20.0f64).powf(r.unit().powf(2.5))) as u64;
            let duration = 5 + (r.unit() * ((bytes / 10_000) as f64 + 60.0).min(7200.0)) as i64;
            let roaming = r.chance(0.12);
            let operator = if roaming {
                r.below(OPERATORS.len() as u64) as usize
            } else {
                dev.home
            };
            let quirk_open = r.chance(0.004);
            let end = start + duration;
            Session {
                start,
                end: (!quirk_open && end <= now).then_some(end),
                bytes,
                network: r.weighted(net_weights) as u8,
                operator: operator as u8,
                imsi: if roaming && dev.imsis.len() > 1 { 1 } else { 0 },
            }
        })
        .filter(|s| s.start <= now)
        .collect();
    out.sort_by(|a, b| b.start.cmp(&a.start).then(b.bytes.cmp(&a.bytes)));
    out
}

/// Dresses a session as the upstream's record.
pub fn record(dev: &Device, s: &Session) -> CdrRecord {
    let op = &OPERATORS[s.operator as usize];
    CdrRecord {
        data: Bytes(s.bytes),
        imsi: (&dev.imsis[usize::from(s.imsi).min(dev.imsis.len() - 1)]).into(),
        mcc: op.mcc.into(),
        mnc: op.mnc.into(),
        msisdn: Some((&dev.msisdn).into()),
        network: NETWORKS[s.network as usize].into(),
        plan_id: Some(ShortText::from(&dev.plan_id)).filter(|p| !p.is_empty()),
        session_ended_at: s.end.map(CmpTime::from_seconds),
        session_started_at: Some(CmpTime::from_seconds(s.start)),
        sim_id: (&dev.iccid).into(),
        duration: s.end.map(|e| (e - s.start) as u64),
    }
}

/// One page of a device's records from `first_day` to `last_day` (inclusive, days since
/// epoch), newest first, and the total across pages.
pub fn page(
    world: &World,
    dev: &Device,
    first_day: i64,
    last_day: i64,
    now: i64,
    page_no: u64,
    page_size: u64,
) -> (Vec<CdrRecord>, u64) {
    let today = now.div_euclid(DAY);
    let last_day = last_day.min(today);
    let count = |day: i64| {
        if day == today {
            day_sessions(world, dev, day, now).len() as u64
        } else {
            day_count(world, dev, day)
        }
    };
    let counts: Vec<(i64, u64)> = (first_day..=last_day)
        .rev()
        .map(|d| (d, count(d)))
        .collect();
    let total = counts.iter().map(|(_, n)| n).sum();
    let mut skip = (page_no - 1).saturating_mul(page_size);
    let mut out = Vec::new();
    for (day, n) in counts {
        if out.len() as u64 >= page_size {
            break;
        }
        if skip >= n {
            skip -= n;
            continue;
        }
        let sessions = day_sessions(world, dev, day, now);
        let take = (page_size - out.len() as u64) as usize;
        out.extend(
            sessions
                .iter()
                .skip(skip as usize)
                .take(take)
                .map(|s| record(dev, s)),
        );
        skip = 0;
    }
    (out, total)
}

/// Per-(device, day) byte totals of days that are over, so usage sums stay cheap.
#[derive(Debug, Default)]
pub struct DayTotals(Mutex<HashMap<(usize, i64), u64>>);

impl DayTotals {
    /// Bytes of sessions of `dev` that started in `[from, to)` and by `now`.
    pub fn bytes_between(&self, world: &World, dev: &Device, from: i64, to: i64, now: i64) -> u64 {
        let to = to.min(now + 1);
        if dev.cdr_rate == 0 || from >= to {
            return 0;
        }
        let mut sum = 0;
        for day in from.div_euclid(DAY)..=(to - 1).div_euclid(DAY) {
            let (start, end) = (day * DAY, day * DAY + DAY);
            if start >= from && end <= to && end <= now {
                sum += self.full_day(world, dev, day, now);
            } else {
                sum += day_sessions(world, dev, day, now)
                    .iter()
                    .filter(|s| s.start >= from && s.start < to)
                    .map(|s| s.bytes)
                    .sum::<u64>();
            }
        }
        sum
    }

    fn full_day(&self, world: &World, dev: &Device, day: i64, now: i64) -> u64 {
        let key = (dev.index, day);
        if let Some(v) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return *v;
        }
        let v = day_sessions(world, dev, day, now)
            .iter()
            .map(|s| s.bytes)
            .sum();
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, v);
        v
    }
}
