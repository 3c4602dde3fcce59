//! The input of the CDR pipeline benchmarks: `pages` upstream CDR responses of `per_page`
//! records each, as JSON text shaped like the platform's (and cmp-sim's) answers: 180 days
//! of sessions over several networks and operators, some still open. Deterministic, so
//! every run and target measures the same bytes. Shared with the wasm benchmark
//! (`tests/cdr_pipeline_bench.rs` in the SPA) through `#[path]`.

/// First day of the generated range, as the SPA would ask for it.
pub const RANGE_START: (i32, u8, u8) = (2026, 6, 3);

/// Days the generated sessions span.
pub const RANGE_DAYS: u64 = 180;

/// `pages` JSON bodies of `per_page` records each.
pub fn cdr_pages(pages: usize, per_page: usize) -> Vec<String> {
    const NETWORKS: [&str; 4] = ["4G", "4G", "5G", "3G"];
    const OPERATORS: [(&str, &str); 6] = [
        ("460", "00"),
        ("460", "01"),
        ("232", "01"),
        ("262", "02"),
        ("310", "260"),
        ("454", "00"),
    ];
    let total = pages * per_page;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // xorshift64: cheap, deterministic, good enough to spread values.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..pages)
        .map(|page| {
            let mut body = String::with_capacity(per_page * 260);
            body.push_str(r#"{"code":"0000","message":"成功","success":true,"data":{"data":["#);
            for i in 0..per_page {
                let n = page * per_page + i;
                // Newest first, as the platform sends them.
                let age_secs = (n as u64 * RANGE_DAYS * 86_400) / total as u64;
                let start = 180 * 86_400 - age_secs - 1;
                let (day, rest) = (start / 86_400, start % 86_400);
                let (month, dom) = month_day(day);
                let (h, m, s) = (rest / 3600, rest / 60 % 60, rest % 60);
                let (mcc, mnc) = OPERATORS[(next() % 6) as usize];
                let ended = if next() % 50 == 0 {
                    "null".to_owned()
                } else {
                    let len = 30 + next() % 3000;
                    let end = (rest + len).min(86_399);
                    format!(
                        r#""2026-{month:02}-{dom:02} {:02}:{:02}:{:02}""#,
                        end / 3600,
                        end / 60 % 60,
                        end % 60
                    )
                };
                if i > 0 {
                    body.push(',');
                }
                body.push_str(&format!(
                    r#"{{"data":{},"imsi":"232010879771943","mcc":"{mcc}","mnc":"{mnc}","msisdn":"43688877771943","network":"{}","plan_id":"LP14240410004345","session_ended_at":{ended},"session_started_at":"2026-{month:02}-{dom:02} {h:02}:{m:02}:{s:02}","sim_id":"89852202310161621658"}}"#,
                    next() % 5_000_000,
                    NETWORKS[(next() % 4) as usize],
                ));
            }
            body.push_str(&format!(
                r#"],"status":{{"code":"0000","detail":null,"message":"OK"}},"total_count":{total}}}}}"#
            ));
            body
        })
        .collect()
}

/// Month and day of month of `day` days after `RANGE_START` (2026-06-03; no leap day in range).
fn month_day(day: u64) -> (u64, u64) {
    const LENGTHS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut month, mut dom) = (RANGE_START.1 as u64, RANGE_START.2 as u64 + day);
    while dom > LENGTHS[month as usize - 1] {
        dom -= LENGTHS[month as usize - 1];
        month += 1;
    }
    (month, dom)
}
