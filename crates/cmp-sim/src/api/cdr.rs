//! `GET /cmp-api/sims/{sim_id}/cdr`: a SIM's CDRs for a date range, newest first.

use crate::error::{self, ApiError, paging};
use crate::state::SimState;
use crate::world::cdr::{self, DAY};
use axum::Json;
use axum::extract::{Path, Query, State};
use cmp_api::time::TimeFormat;
use cmp_api::{CdrPage, CdrStatus, CmpTime, Envelope};
use serde_json::{Map, Value};

/// Largest `page_size` the CDR endpoint accepts (above the spec's usual 100, so a long
/// range can be fetched in fewer pages).
pub const CDR_MAX_PAGE: u64 = 1000;
/// How far back a range may start, in days (today counts as day 1).
pub const HISTORY_DAYS: i64 = 180;

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
    let now = state.now();
    let oldest = now.div_euclid(DAY) - (HISTORY_DAYS - 1);
    if start.days_since_epoch() < oldest {
        let first = CmpTime::from_seconds(oldest * DAY).iso_date();
        return Err(ApiError::new(
            error::RANGE_TOO_OLD,
            format!(
                "CDRs are kept for {HISTORY_DAYS} days: received_start_time must be {first} or later"
            ),
        ));
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
            code: "CB-00-0000".into(),
            detail: None,
            message: "Success".into(),
        }),
        total_count: total,
    })))
}
