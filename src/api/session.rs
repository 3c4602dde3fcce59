//! `GET /api/session`: who the token belongs to.

use super::{ApiError, get_json};
use serde::Deserialize;

/// The signed-in session as the proxy describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Session {
    /// The token's display name.
    pub name: String,
    /// `admin` or `viewer`.
    pub role: String,
    /// The devices this token may see; `None` means all.
    #[serde(default)]
    pub devices: Option<Vec<String>>,
}

/// Asks the proxy whose token is in use.
pub async fn session() -> Result<Session, ApiError> {
    get_json("/api/session").await
}
