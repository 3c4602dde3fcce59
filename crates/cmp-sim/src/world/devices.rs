//! Device identities (Luhn-valid ICCIDs, IMSIs, MSISDNs), flags, lifecycle stages and
//! usage profiles, one device at a time from (seed, index).

use super::{DAY, Device, HEAVY_DEVICE_ID};
use crate::rng::{Rng, luhn_digit};

/// A mobile network: MCC, MNC, the catalogue country it belongs to and its dialling code.
pub struct Operator {
    /// Mobile country code.
    pub mcc: &'static str,
    /// Mobile network code.
    pub mnc: &'static str,
    /// Index into [`crate::world::catalogue::COUNTRIES`].
    pub country: usize,
    /// International dialling prefix for MSISDNs.
    pub dial: &'static str,
}

/// The heavy device's home network (520-03, Thailand): a router on a country whose
/// catalogue sells a monthly plan big enough for its traffic, so its usage bar is sensible.
pub const HEAVY_HOME: usize = 9;

/// Networks devices live on and roam to.
pub const OPERATORS: &[Operator] = &[
    Operator {
        mcc: "460",
        mnc: "00",
        country: 0,
        dial: "86",
    },
    Operator {
        mcc: "460",
        mnc: "01",
        country: 0,
        dial: "86",
    },
    Operator {
        mcc: "404",
        mnc: "45",
        country: 1,
        dial: "91",
    },
    Operator {
        mcc: "440",
        mnc: "10",
        country: 2,
        dial: "81",
    },
    Operator {
        mcc: "262",
        mnc: "01",
        country: 3,
        dial: "49",
    },
    Operator {
        mcc: "234",
        mnc: "15",
        country: 4,
        dial: "44",
    },
    Operator {
        mcc: "310",
        mnc: "260",
        country: 5,
        dial: "1",
    },
    Operator {
        mcc: "454",
        mnc: "00",
        country: 6,
        dial: "852",
    },
    Operator {
        mcc: "232",
        mnc: "01",
        country: 7,
        dial: "43",
    },
    Operator {
        mcc: "520",
        mnc: "03",
        country: 9,
        dial: "66",
    },
];

fn iccid(seed: u64, index: usize) -> String {
    if index == 0 {
        return HEAVY_DEVICE_ID.into();
    }
    let mut r = Rng::for_parts(&[seed, 1, index as u64]);
    // Twenty digits either way: devices from 10,000 on (large worlds only) take a fifth
    // digit of device number from the random part, under an issuer digit of their own so
    // they can never repeat a smaller device's ICCID.
    let body = if index < 10_000 {
        format!(
            "898523{:03}{:06}{:04}",
            seed % 1000,
            r.below(1_000_000),
            index
        )
    } else {
        format!(
            "898524{:03}{:05}{:05}",
            seed % 1000,
            r.below(100_000),
            index
        )
    };
    let check = luhn_digit(&body);
    format!("{body}{check}")
}

pub(super) fn device(seed: u64, origin: i64, index: usize, pool_count: usize) -> Device {
    let mut r = Rng::for_parts(&[seed, 2, index as u64]);
    let heavy = index == 0;
    let home = if heavy {
        HEAVY_HOME
    } else {
        r.below(OPERATORS.len() as u64) as usize
    };
    let op = &OPERATORS[home];
    let multi = !heavy && r.chance(0.2);
    let imsi = |r: &mut Rng| {
        format!(
            "{}{}{}",
            op.mcc,
            op.mnc,
            r.digits(15 - op.mcc.len() - op.mnc.len())
        )
    };
    let mut imsis = vec![imsi(&mut r)];
    if multi {
        for _ in 0..r.range(1, 2) {
            let other = &OPERATORS[r.below(OPERATORS.len() as u64) as usize];
            imsis.push(format!(
                "{}{}{}",
                other.mcc,
                other.mnc,
                r.digits(15 - other.mcc.len() - other.mnc.len())
            ));
        }
    }
    let msisdn = if r.chance(0.1) {
        "FFFFFFFFFF".into()
    } else {
        format!("{}{}", op.dial, r.digits(11))
    };
    // Weighted so most devices are in use, yet every stage appears.
    let lifecycle = if heavy {
        2
    } else {
        r.weighted(&[10, 10, 60, 8, 5, 7]) as u8
    };
    let stage_age = r.range(1, 200) as i64;
    let lifecycle_start = (origin / DAY - stage_age) * DAY;
    let months = match lifecycle {
        1 => 6,
        3 => 2,
        _ => 12,
    };
    let lifecycle_end = cmp_api::CmpTime::from_seconds(lifecycle_start)
        .add_months(months)
        .seconds_since_epoch();
    let (cdr_rate, cdr_until_day) = match lifecycle {
        2 if heavy => (125, None),
        2 => (r.range(1, 24) as u32, None),
        3 | 4 => (r.range(1, 10) as u32, Some(lifecycle_start / DAY)),
        _ => (0, None),
    };
    Device {
        index,
        iccid: iccid(seed, index),
        imsis,
        msisdn,
        device_type: r.range(1, 5) as u8,
        ota: !heavy && r.chance(0.3),
        bip: r.chance(0.4),
        lifecycle,
        lifecycle_start,
        lifecycle_end,
        home,
        cdr_rate,
        cdr_until_day,
        plan_id: String::new(),
        pool: (pool_count > 0 && cdr_rate > 0 && index % 5 == 1).then(|| (index / 5) % pool_count),
    }
}
