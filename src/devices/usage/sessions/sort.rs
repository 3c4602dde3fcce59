//! The sessions table's logic: sort order, paging and the CSV export, as pure functions
//! so the table stays a thin view and tens of thousands of rows cost one sort.

use cmp_api::CdrRecord;
use cmp_api::aggregate::country_label;
use std::cmp::Ordering;

/// Rows per page of the sessions table.
pub const SESSIONS_PAGE_SIZE: usize = 100;

/// How the sessions table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionSort {
    /// Latest start first (records without a start last).
    #[default]
    NewestFirst,
    /// Earliest start first (records without a start last).
    OldestFirst,
    /// Most bytes first.
    LargestFirst,
}

impl SessionSort {
    /// The order after clicking the start-time heading.
    pub fn toggle_start(self) -> SessionSort {
        match self {
            SessionSort::NewestFirst => SessionSort::OldestFirst,
            _ => SessionSort::NewestFirst,
        }
    }
}

/// Indices of `records` in the order `sort` asks for (ties keep arrival order).
pub fn sorted_indices(records: &[CdrRecord], sort: SessionSort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    let by_start = |a: &CdrRecord, b: &CdrRecord| match (a.session_started_at, b.session_started_at)
    {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match sort {
        SessionSort::OldestFirst => order.sort_by(|&a, &b| by_start(&records[a], &records[b])),
        SessionSort::NewestFirst => order.sort_by(|&a, &b| {
            let (x, y) = (&records[a], &records[b]);
            match (x.session_started_at, y.session_started_at) {
                (Some(_), Some(_)) => by_start(y, x),
                _ => by_start(x, y),
            }
        }),
        SessionSort::LargestFirst => order.sort_by(|&a, &b| records[b].data.cmp(&records[a].data)),
    }
    order
}

/// Pages of the sessions table for `rows` rows (at least 1).
pub fn session_pages(rows: usize) -> usize {
    rows.div_ceil(SESSIONS_PAGE_SIZE).max(1)
}

/// The CSV header of [`sessions_csv`].
pub const CSV_HEADER: &str = "session_started_at,session_ended_at,duration_seconds,bytes,network,mcc,mnc,country,imsi,msisdn,plan_id";

/// The sessions as CSV (RFC 4180, CRLF line ends), one line per record, in the order given.
/// Times are written as the upstream sent them (platform local time), bytes as integers.
pub fn sessions_csv<'a>(records: impl IntoIterator<Item = &'a CdrRecord>) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for r in records {
        let fields = [
            r.session_started_at
                .map(|t| t.to_string())
                .unwrap_or_default(),
            r.session_ended_at
                .map(|t| t.to_string())
                .unwrap_or_default(),
            r.duration_secs().map(|d| d.to_string()).unwrap_or_default(),
            r.data.0.to_string(),
            r.network.clone(),
            r.mcc.clone(),
            r.mnc.clone(),
            country_label(&r.mcc),
            r.imsi.clone(),
            r.msisdn.clone().unwrap_or_default(),
            r.plan_id.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`,
/// `-` or `@` is prefixed with `'` so a spreadsheet does not run it as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}
