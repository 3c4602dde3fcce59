//! `GET /cmp-api/sims/{sim_id}/cdr`: one page of a SIM's usage records. Unlike the other
//! calls, the caller passes the abort signal: a usage load fetches many pages under one
//! controller, so its Cancel button (not only leaving the page) stops them all.

use super::{ApiError, decode_answer, network_error, prepare_under, read_bytes};
use cmp_api::{CdrPage, CdrQuery, Envelope, Operation};
use gloo_net::http::Request;
use web_sys::AbortSignal;

/// The largest CDR page the platform serves, so a long range takes the fewest requests.
pub const CDR_PAGE_SIZE: u64 = 1000;

/// The request path for `sim_id` and `query` (the id is digits, validated before).
pub fn cdr_url(sim_id: &str, query: &CdrQuery) -> String {
    format!(
        "{}?{}",
        Operation::SimCdr.path().replace("{sim_id}", sim_id),
        query.to_query_string()
    )
}

/// Fetches one page of CDRs; aborting `signal` ends the request with [`ApiError::Aborted`].
pub async fn cdr_page(
    sim_id: &str,
    query: &CdrQuery,
    signal: Option<&AbortSignal>,
) -> Result<CdrPage, ApiError> {
    let request = Request::get(&cdr_url(sim_id, query)).header("Accept", "application/json");
    let response = prepare_under(request, signal)
        .send()
        .await
        .map_err(network_error)?;
    let body = read_bytes(response).await?;
    // One pass over the shapes the platform sends; any other answer through the generic
    // path (`cmp_api::read_cdr_answer` reads exactly what that path reads, or gives up).
    let envelope: Envelope<CdrPage> = match cmp_api::read_cdr_answer(&body) {
        Some(envelope) => envelope,
        None => decode_answer(&body)?,
    };
    checked_page(envelope)
}

/// The page of a successful answer, or the platform's refusal: the outer code, or the CDR
/// answer's own inner status (`data.status.code`), which can fail under an outer success.
/// A failed inner status with an empty list must not read as "no usage".
pub fn checked_page(envelope: Envelope<CdrPage>) -> Result<CdrPage, ApiError> {
    let page = envelope.into_result()?.unwrap_or_default();
    match page.failed_status() {
        Some(status) => Err(ApiError::Refused {
            code: status.code.trim().to_owned(),
            message: status.words(),
        }),
        None => Ok(page),
    }
}
