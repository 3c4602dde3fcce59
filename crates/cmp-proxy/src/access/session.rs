//! `GET /api/session`: who the token belongs to (name, role, devices; an embed token's
//! pools and expiry), and the limits the SPA checks before sending, with the platform's
//! time zone (`CMP_UPSTREAM_TZ`) so it counts the CDR history's days from the same date. The answer's type is
//! cmp-api's [`Session`], the one the SPA reads.

use crate::access::caller::Caller;
use crate::access::identity::Identity;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use cmp_api::embed_token::rfc3339;
use cmp_api::proxy_api::{Session, SessionLimits, TokenKind};

/// What `who` is told about itself, with the server's `limits`.
pub fn describe(who: Identity, limits: SessionLimits) -> Session {
    Session {
        name: who.name,
        role: who.role,
        kind: if who.embed.is_some() {
            TokenKind::Embed
        } else {
            TokenKind::Dashboard
        },
        devices: who.devices,
        pools: who.pools,
        expires_at: who.embed.as_ref().map(|g| rfc3339(g.expires_at)),
        limits: Some(limits),
    }
}

/// `GET /api/session`: who the token belongs to, and the limits the SPA checks before sending.
pub async fn session(State(state): State<AppState>, Caller(who): Caller) -> Json<Session> {
    let limits = SessionLimits {
        max_bulk_devices: state.config.limits.max_bulk_devices,
        platform_utc_offset_minutes: state.config.upstream_tz.minutes,
    };
    Json(describe(who, limits))
}
