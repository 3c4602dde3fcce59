//! The sessions as a CSV file: one line per record, cells written by `cmp_api::csv` (quoted
//! where needed, guarded against formula injection).

use cmp_api::CdrRecord;
use cmp_api::aggregate::country_label;

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
            r.network.to_string(),
            r.mcc.to_string(),
            r.mnc.to_string(),
            country_label(&r.mcc),
            r.imsi.to_string(),
            r.msisdn.as_deref().unwrap_or_default().to_owned(),
            r.plan_id.as_deref().unwrap_or_default().to_owned(),
        ];
        out.push_str(&cmp_api::csv::line(&fields));
    }
    out
}
