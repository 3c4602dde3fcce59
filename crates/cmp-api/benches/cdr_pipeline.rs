//! The SPA's CDR pipeline, natively: decode 100,000 CDR records from 100 JSON pages of
//! 1,000 (as the usage page receives them) and sum them into the chart series (bytes per
//! day and running total over 180 days, shares by network and by country). The wasm twin
//! runs in Chromium: `bench/cdr-wasm.sh`. `scan_100k` is the floor of any decoder of this
//! text: serde_json only checking the same bytes are well-formed (`IgnoredAny`, nothing
//! built); `decode_bytes_100k` decodes from bytes through serde, `decode_answer_100k` as the
//! app does (`decode_cdr_answer`: one pass for the usual shapes, serde for the rest), and
//! `decode_and_fold_100k` decodes and folds each page as the usage page does; the ratio of
//! the last to the scan is the figure issue #22 sets for decode + aggregate (≤ 1.5×).

use cmp_api::aggregate::{UsageSummary, aggregate, top_n};
use cmp_api::{CdrPage, CmpTime, Envelope};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

mod cdr_input;
use cdr_input::{RANGE_DAYS, RANGE_START, cdr_pages};

const PAGES: usize = 100;
const PER_PAGE: usize = 1000;

fn range() -> (CmpTime, CmpTime) {
    let (y, m, d) = RANGE_START;
    let start = CmpTime::date(y, m, d).unwrap();
    (start, start.add_days(RANGE_DAYS as i64 - 1))
}

fn decode(body: &str) -> CdrPage {
    cmp_api::decode::<Envelope<CdrPage>>(body)
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap_or_default()
}

/// As the app decodes an answer: from its bytes (`src/api/mod.rs` reads bodies as bytes).
fn decode_bytes(body: &[u8]) -> CdrPage {
    cmp_api::decode_slice::<Envelope<CdrPage>>(body)
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap_or_default()
}

/// As the app decodes a CDR answer since round 6: the one-pass reading, the serde path
/// for anything else.
fn decode_answer(body: &[u8]) -> CdrPage {
    cmp_api::decode_cdr_answer(body)
        .unwrap()
        .into_result()
        .unwrap()
        .unwrap_or_default()
}

/// What the usage page does with every page, then what its four charts read.
fn pipeline(bodies: &[String]) -> usize {
    let (start, end) = range();
    let mut summary = UsageSummary::default();
    for body in bodies {
        let page = decode(body);
        summary.merge(&aggregate(&page.data));
    }
    let daily = summary.daily_series(start, end);
    let cumulative = summary.cumulative_series(start, end);
    let networks = top_n(&summary.per_network, 6);
    let countries = top_n(&summary.per_country_name(), 6);
    assert_eq!(summary.records, (PAGES * PER_PAGE) as u64);
    daily.len() + cumulative.len() + networks.len() + countries.len()
}

fn benches(c: &mut Criterion) {
    let bodies = cdr_pages(PAGES, PER_PAGE);
    let mut group = c.benchmark_group("cdr_pipeline");
    group.sample_size(20);
    group.throughput(Throughput::Elements((PAGES * PER_PAGE) as u64));
    group.bench_function("scan_100k", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| {
                    serde_json::from_slice::<serde::de::IgnoredAny>(black_box(body.as_bytes()))
                        .unwrap();
                    1
                })
                .sum::<usize>()
        })
    });
    group.bench_function("decode_bytes_100k", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| decode_bytes(black_box(body.as_bytes())).data.len())
                .sum::<usize>()
        })
    });
    group.bench_function("decode_answer_100k", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| decode_answer(black_box(body.as_bytes())).data.len())
                .sum::<usize>()
        })
    });
    // As the usage page folds each page (`UsageState::add_page` in the SPA): summed into
    // the summary, then its records moved to the end of the sessions table's list. Its
    // ratio to `scan_100k` is #22's "decode + aggregate" figure.
    group.bench_function("decode_and_fold_100k", |b| {
        b.iter(|| {
            let mut summary = UsageSummary::default();
            let mut records = Vec::new();
            for body in &bodies {
                let page = decode_answer(black_box(body.as_bytes()));
                summary.extend(&page.data);
                records.extend(page.data);
            }
            assert_eq!(summary.records, (PAGES * PER_PAGE) as u64);
            records.len()
        })
    });
    group.bench_function("decode_100k", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| decode(black_box(body)).data.len())
                .sum::<usize>()
        })
    });
    let decoded: Vec<CdrPage> = bodies.iter().map(|b| decode(b)).collect();
    group.bench_function("aggregate_100k", |b| {
        b.iter(|| {
            let mut summary = UsageSummary::default();
            for page in black_box(&decoded) {
                summary.merge(&aggregate(&page.data));
            }
            summary.records
        })
    });
    group.bench_function("decode_and_aggregate_100k_into_series", |b| {
        b.iter(|| pipeline(black_box(&bodies)))
    });
    group.finish();
}

criterion_group!(cdr, benches);
criterion_main!(cdr);
