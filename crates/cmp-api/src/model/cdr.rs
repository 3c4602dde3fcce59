//! `GET /cmp-api/sims/{sim_id}/cdr`: a SIM's usage records for a date range.

use crate::short_text::ShortText;
use crate::time::CmpTime;
use crate::units::Bytes;
use serde::{Deserialize, Serialize};

mod decode;
mod fast;

pub use fast::{decode_cdr_answer, read_cdr_answer};

/// Query parameters of the CDR request (`sim_id` is the path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdrQuery {
    /// First day, `YYYY-MM-DD`.
    pub received_start_time: String,
    /// Last day, `YYYY-MM-DD`.
    pub received_end_by: String,
    /// Page, from 1.
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_no: Option<u64>,
    /// Records per page.
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_size: Option<u64>,
}

impl CdrQuery {
    /// The query string, in the order the spec's example uses.
    pub fn to_query_string(&self) -> String {
        let mut q = format!(
            "received_start_time={}&received_end_by={}",
            self.received_start_time, self.received_end_by
        );
        if let Some(p) = self.page_no {
            q.push_str(&format!("&page_no={p}"));
        }
        if let Some(s) = self.page_size {
            q.push_str(&format!("&page_size={s}"));
        }
        q
    }
}

/// `data` of the CDR answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CdrPage {
    /// This page's records.
    #[serde(default, with = "crate::lenient::list")]
    pub data: Vec<CdrRecord>,
    /// The inner status block.
    #[serde(default)]
    pub status: Option<CdrStatus>,
    /// Records across all pages.
    #[serde(default, with = "crate::lenient::num")]
    pub total_count: u64,
}

/// The inner status block of a CDR answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CdrStatus {
    /// E.g. `CB-00-0000`.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub code: String,
    /// Detail, often null.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub detail: Option<String>,
    /// E.g. `Success`.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub message: String,
}

/// The inner status code of a CDR answer that succeeded (the spec's example).
pub const CDR_SUCCESS_CODE: &str = "CB-00-0000";

impl CdrStatus {
    /// Whether the inner status says the records were read. The spec shows only
    /// `CB-00-0000` ("Success"); an empty code (a platform that leaves it out) counts as
    /// success too, any other code as a failure whose message the caller must see.
    pub fn is_success(&self) -> bool {
        let code = self.code.trim();
        code.is_empty() || code == CDR_SUCCESS_CODE
    }

    /// What the platform said about a failure, in its words: the message, with the detail
    /// when it adds something, or the code alone when both are empty.
    pub fn words(&self) -> String {
        let message = self.message.trim();
        let detail = self.detail.as_deref().map(str::trim).unwrap_or_default();
        match (message.is_empty(), detail.is_empty() || detail == message) {
            (false, true) => message.to_owned(),
            (false, false) if message.ends_with(['.', '!', '?']) => {
                let mut chars = detail.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                format!("{message} {}{}", first.unwrap_or_default(), chars.as_str())
            }
            (false, false) => format!("{message}: {detail}"),
            (true, false) => detail.to_owned(),
            (true, true) => format!(
                "the usage records could not be read (status {})",
                self.code.trim()
            ),
        }
    }
}

impl CdrPage {
    /// The inner status when it reports a failure: the outer envelope said success, but
    /// the records were not read, so this page's (empty) list is not "no usage".
    pub fn failed_status(&self) -> Option<&CdrStatus> {
        self.status.as_ref().filter(|s| !s.is_success())
    }
}

/// One usage record.
/// Its `Deserialize` is written by hand (`cdr/decode.rs`): each field is read by the
/// `crate::lenient` module it is written with (numbers as strings, `null`, `""`, missing);
/// text fields read as `opt_text_required` / `opt_text` read them. Its codes are
/// [`ShortText`]s: a long range holds a hundred thousand records, and seven `String`s each
/// were a quarter of decoding them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CdrRecord {
    /// Bytes used in this portion.
    pub data: Bytes,
    /// IMSI in use.
    pub imsi: ShortText,
    /// Mobile country code of the network.
    pub mcc: ShortText,
    /// Mobile network code.
    pub mnc: ShortText,
    /// MSISDN.
    pub msisdn: Option<ShortText>,
    /// Radio technology, e.g. `4G`.
    pub network: ShortText,
    /// The package (bundle) id.
    pub plan_id: Option<ShortText>,
    /// When the portion ended; `null` while open.
    #[serde(serialize_with = "crate::lenient::opt_str::serialize")]
    pub session_ended_at: Option<CmpTime>,
    /// When the portion started.
    #[serde(serialize_with = "crate::lenient::opt_str::serialize")]
    pub session_started_at: Option<CmpTime>,
    /// The SIM.
    pub sim_id: ShortText,
    /// Seconds between start and end, when the upstream sends it.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::lenient::opt_num::serialize"
    )]
    pub duration: Option<u64>,
}

impl CdrRecord {
    /// The session's length in seconds: the upstream's `duration` when given, else end − start;
    /// `None` while the session is open.
    pub fn duration_secs(&self) -> Option<u64> {
        if let Some(d) = self.duration {
            return Some(d);
        }
        let (start, end) = (self.session_started_at?, self.session_ended_at?);
        u64::try_from(start.seconds_until(&end)).ok()
    }

    /// `mcc` and `mnc` together, the operator's key (e.g. `460-00`).
    pub fn operator(&self) -> String {
        format!("{}-{}", self.mcc, self.mnc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(json: &str) -> CdrPage {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn only_the_spec_success_code_or_none_is_success() {
        let ok = page(
            r#"{"data":[],"status":{"code":"CB-00-0000","detail":null,"message":"Success"},"total_count":0}"#,
        );
        assert!(ok.failed_status().is_none());
        assert!(
            page(r#"{"data":[],"total_count":0}"#)
                .failed_status()
                .is_none()
        );
        let failed = page(
            r#"{"data":[],"status":{"code":"CB-01-0003","detail":"sim not found","message":"Query failed"},"total_count":0}"#,
        );
        let status = failed.failed_status().unwrap();
        assert_eq!(status.code, "CB-01-0003");
        assert_eq!(status.words(), "Query failed: sim not found");
        let sentence = CdrStatus {
            code: "CB-01-0001".into(),
            detail: Some("billing system busy".into()),
            message: "The CDR query failed.".into(),
        };
        assert_eq!(
            sentence.words(),
            "The CDR query failed. Billing system busy"
        );
    }

    #[test]
    fn a_failure_without_words_names_its_code() {
        let s = CdrStatus {
            code: "CB-09-0001".into(),
            detail: None,
            message: String::new(),
        };
        assert_eq!(
            s.words(),
            "the usage records could not be read (status CB-09-0001)"
        );
    }
}
