//! The CDR answer's own status. simCdr nests a second status in its data
//! (`data.status.code`, `CB-00-0000` on success), which can fail while the envelope says
//! `0000`. Such an answer is passed on unchanged (the SPA reads the inner status and shows
//! the platform's words), but it is logged and never kept in the read cache: it says
//! nothing about the SIM's usage, and the next try may read it. The status's place in the
//! answer is found as the envelope is read ([`UpstreamReply::data_status`]).

use super::reply::UpstreamReply;
use cmp_api::{CdrStatus, Operation};

/// The failed inner status of a successful simCdr answer, or `None` (any other operation,
/// an outer refusal, a success, or data that is not the CDR page's object).
pub fn failed_cdr_status(op: Operation, reply: &UpstreamReply) -> Option<CdrStatus> {
    if op != Operation::SimCdr || !reply.is_success() {
        return None;
    }
    // Found while the envelope was read ([`UpstreamReply::parse`]): only the status is read.
    let status: CdrStatus = serde_json::from_slice(reply.data_status()?).ok()?;
    Some(status).filter(|s| !s.is_success())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    fn reply(text: &str) -> UpstreamReply {
        UpstreamReply::parse(Bytes::from(text.to_owned())).unwrap()
    }

    #[test]
    fn a_failed_inner_status_under_an_outer_success_is_found() {
        let failed = reply(
            r#"{"code":"0000","message":"success","data":{"data":[],"status":{"code":"CB-01-0003","detail":null,"message":"Query failed"},"total_count":0}}"#,
        );
        let status = failed_cdr_status(Operation::SimCdr, &failed).unwrap();
        assert_eq!(
            (status.code.as_str(), status.message.as_str()),
            ("CB-01-0003", "Query failed")
        );
        assert!(failed_cdr_status(Operation::QueryDevice, &failed).is_none());
    }

    #[test]
    fn successes_and_other_shapes_are_not_failures() {
        for text in [
            r#"{"code":"0000","data":{"data":[{"data":1}],"status":{"code":"CB-00-0000","message":"Success"},"total_count":1}}"#,
            r#"{"code":"0000","data":{"data":[],"total_count":0}}"#,
            r#"{"code":"0000","data":null}"#,
            r#"{"code":"0000","data":[1,2]}"#,
            r#"{"code":"2001","message":"no","data":{"status":{"code":"CB-01-0003"}}}"#,
        ] {
            assert!(
                failed_cdr_status(Operation::SimCdr, &reply(text)).is_none(),
                "{text}"
            );
        }
    }
}
