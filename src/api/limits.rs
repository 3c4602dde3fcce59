//! The limits the proxy announces in `GET /api/session` (`"limits":{"max_bulk_devices":N}`),
//! so a form can say what will be refused before anything is sent.

use super::{ApiError, get_json};
use serde::Deserialize;

/// What the proxy refuses beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Limits {
    /// Most devices one bulk order may list.
    pub max_bulk_devices: usize,
}

#[derive(Deserialize)]
struct WithLimits {
    #[serde(default)]
    limits: Option<Limits>,
}

/// The proxy's limits; `None` when it announces none (an older proxy).
pub async fn limits() -> Result<Option<Limits>, ApiError> {
    get_json::<WithLimits>("/api/session")
        .await
        .map(|s| s.limits)
}
