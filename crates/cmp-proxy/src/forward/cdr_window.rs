//! The CDR GET's dates checked before anything is sent: `received_start_time` and
//! `received_end_by` once each, as `YYYY-MM-DD`, with the range inside the platform's
//! history ([`cmp_api::validate::cdr_range`]: 180 days, today included) and not past today,
//! where today is the platform's date in `CMP_UPSTREAM_TZ`, the same count the SPA and the
//! simulator make. A refusal names the field, as the door does for bodies.

use crate::error::ApiError;
use crate::upstream::UpstreamRequest;
use cmp_api::CmpTime;
use cmp_api::requests::{Problem, RequestError};
use cmp_api::validate::{ValidationError, cdr_range};

/// The start of a CDR range.
pub const START: &str = "received_start_time";
/// The end of a CDR range.
pub const END: &str = "received_end_by";

/// Checks a CDR request's dates against `today` (the platform's date); other requests pass.
pub fn check(request: &UpstreamRequest, today: CmpTime) -> Result<(), ApiError> {
    let UpstreamRequest::Cdr { query, .. } = request else {
        return Ok(());
    };
    let start = once(query, START)?;
    let end = once(query, END)?;
    cdr_range(start, end, today).map_err(|e| {
        let (field, problem) = match e {
            ValidationError::StartDate(inner) => (START, *inner),
            ValidationError::EndDate(inner) => (END, *inner),
            e @ ValidationError::StartTooOld { .. } => (START, e),
            other => (END, other),
        };
        ApiError::InvalidRequest(RequestError::new(field, Problem::Invalid(problem)))
    })?;
    Ok(())
}

/// The value of `name` in the query ("" when absent, which the date check calls empty);
/// refused when it is given twice, as the platform might read either.
fn once<'q>(query: &'q [(String, String)], name: &str) -> Result<&'q str, ApiError> {
    let mut values = query.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
    let first = values.next().map_or("", String::as_str);
    if values.next().is_some() {
        return Err(ApiError::InvalidRequest(RequestError::new(
            name,
            Problem::Repeated {
                other: name.to_owned(),
            },
        )));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdr(pairs: &[(&str, &str)]) -> UpstreamRequest {
        UpstreamRequest::Cdr {
            sim_id: "89852202310161621658".into(),
            query: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn refusal(request: &UpstreamRequest, today: CmpTime) -> (String, String) {
        match check(request, today).unwrap_err() {
            ApiError::InvalidRequest(r) => (r.field.clone(), r.to_string()),
            other => panic!("not a field refusal: {other}"),
        }
    }

    #[test]
    fn the_range_is_checked_against_the_platforms_today() {
        let today: CmpTime = "2026-11-30".parse().unwrap();
        let ok = cdr(&[(START, "2026-06-04"), (END, "2026-11-30"), ("page_no", "1")]);
        assert!(check(&ok, today).is_ok());
        let (field, text) = refusal(&cdr(&[(START, "2026-06-03"), (END, "2026-11-30")]), today);
        assert_eq!(field, START);
        assert!(
            text.starts_with("received_start_time: Usage records go back 180 days"),
            "{text}"
        );
        let (field, text) = refusal(&cdr(&[(START, "2026-11-01"), (END, "2026-12-01")]), today);
        assert_eq!(field, END);
        assert!(text.contains("after today (2026-11-30)"), "{text}");
        let (field, _) = refusal(&cdr(&[(START, "2026-11-02"), (END, "2026-11-01")]), today);
        assert_eq!(field, END);
    }

    #[test]
    fn missing_malformed_and_repeated_dates_name_their_field() {
        let today: CmpTime = "2026-11-30".parse().unwrap();
        let (field, text) = refusal(&cdr(&[("page_no", "1")]), today);
        assert_eq!(
            (field.as_str(), text.as_str()),
            (
                START,
                "received_start_time: Enter a date as YYYY-MM-DD (for example 2024-05-09)."
            )
        );
        let (field, text) = refusal(&cdr(&[(START, "2026-11-01"), (END, "2026/11/02")]), today);
        assert_eq!(field, END);
        assert!(text.contains("is not a date"), "{text}");
        let twice = cdr(&[
            (START, "2026-11-01"),
            (END, "2026-11-02"),
            (START, "2026-01-01"),
        ]);
        let (field, text) = refusal(&twice, today);
        assert_eq!(field, START);
        assert!(text.contains("given twice"), "{text}");
        let post = UpstreamRequest::Post(serde_json::Map::new());
        assert!(check(&post, today).is_ok(), "only the CDR GET has dates");
    }
}
