//! `GET /api/session`: who the token belongs to, its role and the limits the proxy
//! announces. The answer's type is cmp-api's, the one the proxy writes.

use super::{ApiError, get_json};
use cmp_api::proxy_api::SESSION_PATH;
pub use cmp_api::proxy_api::Session;

/// Asks the proxy whose token is in use.
pub async fn session() -> Result<Session, ApiError> {
    get_json(SESSION_PATH).await
}
