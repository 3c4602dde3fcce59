//! Authentication: the `Authorization: Bearer <token>` header (or `?token=` where a browser
//! cannot set headers) resolved to an [`Identity`], and `GET /api/session`. A token shaped
//! like a JWT is a partner-portal embed token ([`crate::access::embed`]); any other is looked up
//! among the dashboard tokens.

use crate::access::tokens::{Identity, Role};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, header, request::Parts};
use cmp_api::embed_token::{looks_like_jwt, rfc3339};
use serde::Serialize;

/// The authenticated caller of a request (from the `Authorization` header only).
#[derive(Debug, Clone)]
pub struct Caller(pub Identity);

/// The identity [`crate::http::guard::per_identity`] already resolved from the `Authorization`
/// header, handed to [`Caller`] in the request's extensions so the token is hashed and looked
/// up once per request, not twice.
#[derive(Debug, Clone)]
pub(crate) struct Authenticated(pub(crate) Identity);

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
    if looks_like_jwt(token) {
        return crate::access::embed::identity(state, token);
    }
    state.tokens.lookup(token).ok_or(ApiError::TokenInvalid)
}

/// Fails with 403 for embed tokens, which only read their own devices and pools; `what`
/// names the refused action, e.g. "following live events".
pub fn dashboard_only(who: &Identity, what: &str) -> Result<(), ApiError> {
    match &who.embed {
        None => Ok(()),
        Some(grant) => Err(ApiError::Forbidden(format!(
            "this embed token is for {} only; {what} needs a dashboard token",
            crate::access::embed::covers(who, grant)
        ))),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(Authenticated(who)) = parts.extensions.remove::<Authenticated>() {
            return Ok(Caller(who));
        }
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
