//! `GET /cmp-api/sims/{sim_id}/cdr`: a SIM's CDRs for a date range, newest first, with the
//! answer's inner status (`data.status`) a success, or a failure when a
//! `cdr_inner_failure` fault marked the request.

use crate::error::{self, ApiError, paging};
use crate::faults::inject::CdrInnerFailure;
use crate::faults::rules::CDR_INNER_SUCCESS;
use crate::state::SimState;
use crate::world::cdr;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use cmp_api::time::TimeFormat;
use cmp_api::validate::{CDR_HISTORY_DAYS, cdr_earliest};
use cmp_api::{CdrPage, CdrStatus, CmpTime, Envelope};
use serde_json::{Map, Value};

/// Largest `page_size` the CDR endpoint accepts (above the spec's usual 100, so a long
/// range can be fetched in fewer pages).
pub const CDR_MAX_PAGE: u64 = 1000;

fn date(params: &Map<String, Value>, name: &str) -> Result<CmpTime, ApiError> {
    let text = params
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let text = text.ok_or_else(|| ApiError::missing(name))?;
    match text.parse::<CmpTime>() {
        Ok(t) if t.format == TimeFormat::Date => Ok(t),
        _ => Err(ApiError::new(
            error::BAD_DATE,
            format!("{name} {text:?} is not a date: use YYYY-MM-DD, e.g. 2024-05-09"),
        )),
    }
}

/// `GET /cmp-api/sims/{sim_id}/cdr`.
pub async fn sim_cdr(
    State(state): State<SimState>,
    Path(sim_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    inner_failure: Option<Extension<CdrInnerFailure>>,
) -> Result<Json<Envelope<CdrPage>>, ApiError> {
    let params: Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let device = state
        .world()
        .device(sim_id.trim())
        .ok_or_else(|| ApiError::unknown_device(&sim_id))?;
    let start = date(&params, "received_start_time")?;
    let end = date(&params, "received_end_by")?;
    let (no, size) = paging(&Value::Object(params), CDR_MAX_PAGE)?;
    if end < start {
        return Err(ApiError::new(
            error::RANGE_REVERSED,
            "received_end_by is before received_start_time; swap them",
        ));
    }
    let now_ms = state.now_ms();
    let now = now_ms.div_euclid(1000);
    // The platform's "current date" is its own zone's (`--utc-offset`).
    let today = state.config().utc_offset.today(now_ms);
    let first = cdr_earliest(today);
    if start < first {
        return Err(ApiError::new(
            error::RANGE_TOO_OLD,
            format!(
                "CDRs are kept for {CDR_HISTORY_DAYS} days: received_start_time must be {first} or later"
            ),
        ));
    }
    if let Some(Extension(failure)) = inner_failure {
        return Ok(Json(Envelope::ok(inner_failure_page(failure.inner_code))));
    }
    let (records, total) = cdr::page(
        state.world(),
        device,
        start.days_since_epoch(),
        end.days_since_epoch(),
        now,
        no,
        size,
    );
    Ok(Json(Envelope::ok(CdrPage {
        data: records,
        status: Some(CdrStatus {
            code: CDR_INNER_SUCCESS.into(),
            detail: None,
            message: "Success".into(),
        }),
        total_count: total,
    })))
}

/// The page of a CDR query that failed inside the platform: no records, a count of 0, and
/// the inner status saying why in words a person can act on. Without a look at
/// `data.status` it reads as "no usage", which is what a receiver must not conclude.
fn inner_failure_page(inner_code: String) -> CdrPage {
    CdrPage {
        data: Vec::new(),
        status: Some(CdrStatus {
            code: inner_code,
            detail: Some("injected fault: cdr_inner_failure".into()),
            message: "The CDR query failed: the billing system did not return this SIM's records. Try again later.".into(),
        }),
        total_count: 0,
    }
}
