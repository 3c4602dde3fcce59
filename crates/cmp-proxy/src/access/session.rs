//! `GET /api/session`: who the token belongs to (name, role, devices; an embed token's
//! pools and expiry), and the limits the SPA checks before sending.

use crate::access::caller::Caller;
use crate::access::identity::{Identity, Role};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use cmp_api::embed_token::rfc3339;
use serde::Serialize;

/// The answer of `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The token's name (an embed token's `sub`).
    pub name: String,
    /// `admin` or `viewer` (embed tokens are viewers).
    pub role: Role,
    /// `dashboard` or `embed`.
    pub kind: &'static str,
    /// The only devices the token may see; `null` means all.
    pub devices: Option<Vec<String>>,
    /// Embed tokens: the traffic pools they may see.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pools: Option<Vec<String>>,
    /// Embed tokens: when they expire, RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Limits worth checking in the browser before sending.
    pub limits: SessionLimits,
}

/// The limits `GET /api/session` tells the SPA about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionLimits {
    /// Most devices in one bulk order (`CMP_MAX_BULK_DEVICES`).
    pub max_bulk_devices: usize,
}

impl Session {
    /// What `who` is told about itself, with the server's `limits`.
    pub fn new(who: Identity, limits: SessionLimits) -> Session {
        Session {
            name: who.name,
            role: who.role,
            kind: if who.embed.is_some() {
                "embed"
            } else {
                "dashboard"
            },
            devices: who.devices,
            pools: who.embed.as_ref().map(|g| g.pools.clone()),
            expires_at: who.embed.as_ref().map(|g| rfc3339(g.expires_at)),
            limits,
        }
    }
}

/// `GET /api/session`: who the token belongs to, and the limits the SPA checks before sending.
pub async fn session(State(state): State<AppState>, Caller(who): Caller) -> Json<Session> {
    let limits = SessionLimits {
        max_bulk_devices: state.config.limits.max_bulk_devices,
    };
    Json(Session::new(who, limits))
}
