//! Authentication: the `Authorization: Bearer <token>` header (or `?token=` where a browser
//! cannot set headers) resolved to an [`Identity`], and `GET /api/session`.

use crate::error::ApiError;
use crate::state::AppState;
use crate::tokens::{Identity, Role};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, header, request::Parts};

/// The authenticated caller of a request (from the `Authorization` header only).
#[derive(Debug, Clone)]
pub struct Caller(pub Identity);

/// Resolves the bearer token in `headers`, else `query_token`, to an identity.
pub fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    query_token: Option<&str>,
) -> Result<Identity, ApiError> {
    let from_header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(v) => {
            let text = v.to_str().map_err(|_| ApiError::TokenInvalid)?;
            let (scheme, token) = text.split_once(' ').ok_or(ApiError::TokenInvalid)?;
            if !scheme.eq_ignore_ascii_case("bearer") {
                return Err(ApiError::BadRequest(
                    "use the Bearer scheme: Authorization: Bearer <token>".into(),
                ));
            }
            Some(token.trim())
        }
    };
    let token = from_header
        .or(query_token)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::AuthRequired)?;
    state.tokens.lookup(token).ok_or(ApiError::TokenInvalid)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(state, &parts.headers, None).map(Caller)
    }
}

impl Caller {
    /// Fails with 403 unless the caller is an admin; `what` names the refused action.
    pub fn require_admin(&self, what: &str) -> Result<(), ApiError> {
        match self.0.role {
            Role::Admin => Ok(()),
            Role::Viewer => Err(ApiError::Forbidden(format!(
                "{what} needs an admin token; yours (\"{}\") is a viewer token",
                self.0.name
            ))),
        }
    }
}

/// `GET /api/session`: who the token belongs to, and the limits the SPA checks before sending.
pub async fn session(State(state): State<AppState>, Caller(who): Caller) -> Json<Session> {
    let limits = SessionLimits {
        max_bulk_devices: state.config.limits.max_bulk_devices,
    };
    Json(Session { who, limits })
}

/// The answer of `GET /api/session`: the identity's fields, plus `limits`.
#[derive(Debug, serde::Serialize)]
pub struct Session {
    /// Who the token belongs to.
    #[serde(flatten)]
    pub who: Identity,
    /// Limits worth checking in the browser before sending.
    pub limits: SessionLimits,
}

/// The limits `GET /api/session` tells the SPA about.
#[derive(Debug, serde::Serialize)]
pub struct SessionLimits {
    /// Most devices in one bulk order (`CMP_MAX_BULK_DEVICES`).
    pub max_bulk_devices: usize,
}
