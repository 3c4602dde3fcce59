//! `GET /cmp-api/sims/{sim_id}/cdr`: a SIM's usage records for a date range.

use crate::time::CmpTime;
use crate::units::Bytes;
use serde::{Deserialize, Serialize};

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

/// One usage record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CdrRecord {
    /// Bytes used in this portion.
    pub data: Bytes,
    /// IMSI in use.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub imsi: String,
    /// Mobile country code of the network.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub mcc: String,
    /// Mobile network code.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub mnc: String,
    /// MSISDN.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub msisdn: Option<String>,
    /// Radio technology, e.g. `4G`.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub network: String,
    /// The package (bundle) id.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub plan_id: Option<String>,
    /// When the portion ended; `null` while open.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub session_ended_at: Option<CmpTime>,
    /// When the portion started.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub session_started_at: Option<CmpTime>,
    /// The SIM.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub sim_id: String,
    /// Seconds between start and end, when the upstream sends it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::lenient::opt_num"
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
