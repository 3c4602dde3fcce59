//! The limits the proxy announces in `GET /api/session` (`"limits":{"max_bulk_devices":N}`),
//! so a form can say what will be refused before anything is sent.

use super::ApiError;
pub use cmp_api::proxy_api::SessionLimits as Limits;

/// The proxy's limits; `None` when it announces none (an older proxy).
pub async fn limits() -> Result<Option<Limits>, ApiError> {
    super::session().await.map(|s| s.limits)
}
