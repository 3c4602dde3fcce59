//! The CDR pipeline measured in wasm inside Chromium — a benchmark, not a test: it prints
//! timings and asserts only that the work was done. It compiles to nothing unless the
//! `bench-wasm` feature is on, so `make test` never runs it; `bench/cdr-wasm.sh` does, in
//! the release profile the app ships with. Same input as the native criterion bench
//! (`crates/cmp-api/benches/cdr_pipeline.rs`): 100,000 records in 100 JSON pages.
#![cfg(all(target_arch = "wasm32", feature = "bench-wasm"))]

use cmp_api::{CdrPage, CmpTime};
use cmp_dashboard::devices::usage::chart_options::{
    country_entries, cumulative_chart, daily_chart, network_entries, share_chart,
};
use cmp_dashboard::devices::usage::state::UsageState;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
#[path = "../crates/cmp-api/benches/cdr_input.rs"]
mod cdr_input;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;

    /// The browser's own JSON parser, on text already in JS (no copy from wasm timed).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn js_json_parse(text: &js_sys::JsString) -> JsValue;
}

const PAGES: usize = 100;
const PER_PAGE: usize = 1000;
const RUNS: usize = 7;

fn range() -> (CmpTime, CmpTime) {
    let (y, m, d) = cdr_input::RANGE_START;
    let start = CmpTime::date(y, m, d).unwrap();
    (start, start.add_days(cdr_input::RANGE_DAYS as i64 - 1))
}

/// As the app decodes a CDR answer: from its bytes, in one pass for the usual shapes
/// (`src/api/cdr.rs`).
fn decode(body: &str) -> CdrPage {
    cmp_api::decode_cdr_answer(body.as_bytes())
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap_or_default()
}

/// Median milliseconds of `RUNS` calls of `work`.
fn median_ms(mut work: impl FnMut() -> usize) -> (f64, usize) {
    median_ms_of(|| (), |()| work())
}

/// Median milliseconds of `RUNS` calls of `work`, each on a fresh input from `prepare`
/// (not timed).
fn median_ms_of<I>(
    mut prepare: impl FnMut() -> I,
    mut work: impl FnMut(I) -> usize,
) -> (f64, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut out = 0;
    for _ in 0..RUNS {
        let input = prepare();
        let start = now();
        out = work(input);
        times.push(now() - start);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], out)
}

/// Pairs timed for [`paired_ratio`].
const PAIRS: usize = 15;

/// The median over [`PAIRS`] pairs of `work`'s time over `floor`'s, the two timed back to
/// back, `floor` first in even pairs and second in odd ones.
fn paired_ratio(floor: &dyn Fn() -> usize, work: &dyn Fn() -> usize) -> f64 {
    let time = |f: &dyn Fn() -> usize| {
        let start = now();
        std::hint::black_box(f());
        now() - start
    };
    let mut ratios: Vec<f64> = (0..PAIRS)
        .map(|i| {
            let (floor_ms, work_ms) = if i % 2 == 0 {
                let f = time(floor);
                (f, time(work))
            } else {
                let w = time(work);
                (time(floor), w)
            };
            work_ms / floor_ms
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[PAIRS / 2]
}

#[wasm_bindgen_test]
fn cdr_pipeline_100k_records() {
    let bodies = cdr_input::cdr_pages(PAGES, PER_PAGE);
    let (start, end) = range();

    let megabytes = bodies.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    // Floors for any decoder of this text: serde_json only checking it is well-formed JSON
    // (no values built), and the browser's JSON.parse building JS objects.
    let scan = || {
        bodies
            .iter()
            .map(|b| {
                serde_json::from_str::<serde::de::IgnoredAny>(b).unwrap();
                1
            })
            .sum::<usize>()
    };
    let (scan_ms, _) = median_ms(scan);
    let js_bodies: Vec<js_sys::JsString> = bodies
        .iter()
        .map(|b| js_sys::JsString::from(b.as_str()))
        .collect();
    let (js_parse_ms, _) = median_ms(|| {
        js_bodies
            .iter()
            .map(|b| usize::from(!js_json_parse(b).is_undefined()))
            .sum()
    });
    let (decode_ms, decoded) = median_ms(|| bodies.iter().map(|b| decode(b).data.len()).sum());
    let pages: Vec<CdrPage> = bodies.iter().map(|b| decode(b)).collect();
    // What the usage page does with each arriving page (sum it, keep its records); the
    // copy of the decoded pages each run consumes is made before the clock starts.
    let (fold_ms, folded) = median_ms_of(
        || pages.clone(),
        |pages| {
            let mut state = UsageState::starting((start, end));
            for page in pages {
                state.add_page(page);
            }
            state.records.len()
        },
    );
    // Everything from JSON text to the four charts' options, as ECharts receives them.
    let all = || {
        let mut state = UsageState::starting((start, end));
        for body in &bodies {
            state.add_page(decode(body));
        }
        let charts = [
            daily_chart(&state.summary, start, end),
            cumulative_chart(&state.summary, start, end),
            share_chart("Network", &network_entries(&state.summary)),
            share_chart("Country", &country_entries(&state.summary)),
        ];
        charts
            .iter()
            .map(|c| serde_json::to_string(c).unwrap().len())
            .sum::<usize>()
    };
    let (all_ms, _) = median_ms(all);
    // The ratios to the scan, each from a scan and a decode timed back to back (in
    // alternating order), so a machine whose speed moves between minutes still gives them.
    let decode_all = || bodies.iter().map(|b| decode(b).data.len()).sum::<usize>();
    // Decode + fold: #22's "decode + aggregate", what the usage page does with each page.
    let decode_fold = || {
        let mut state = UsageState::starting((start, end));
        for body in &bodies {
            state.add_page(decode(body));
        }
        state.records.len()
    };
    let (decode_fold_ms, _) = median_ms(decode_fold);
    let decode_ratio = paired_ratio(&scan, &decode_all);
    let decode_fold_ratio = paired_ratio(&scan, &decode_fold);
    let all_ratio = paired_ratio(&scan, &all);
    assert_eq!(decoded, PAGES * PER_PAGE);
    assert_eq!(folded, PAGES * PER_PAGE);
    console_log!(
        "cdr-wasm: 100,000 records, median of {RUNS}: decode {decode_ms:.1} ms; fold into the usage state {fold_ms:.1} ms; decode + fold {decode_fold_ms:.1} ms; decode + fold + four chart options {all_ms:.1} ms"
    );
    console_log!(
        "cdr-wasm: floors for the same {megabytes:.1} MB of JSON: serde_json only checking it (IgnoredAny) {scan_ms:.1} ms; the browser's JSON.parse {js_parse_ms:.1} ms"
    );
    console_log!(
        "cdr-wasm: to the scan, median of {PAIRS} back-to-back pairs: decode {decode_ratio:.2}x; decode + fold {decode_fold_ratio:.2}x; decode + fold + four chart options {all_ratio:.2}x"
    );
}
