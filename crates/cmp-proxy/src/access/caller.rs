//! Authentication: the `Authorization: Bearer <token>` header (or `?token=` where a browser
//! cannot set headers) resolved to an [`Identity`]. A token shaped like a JWT is a
//! partner-portal embed token ([`crate::access::embed`]); any other is looked up among the
//! dashboard tokens.

use crate::access::identity::{Identity, Role};
use crate::access::secret::sha256_hex;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, header, request::Parts};
use cmp_api::embed_token::looks_like_jwt;

/// The authenticated caller of a request (from the `Authorization` header only).
#[derive(Debug, Clone)]
pub struct Caller(pub Identity);

/// The identity [`crate::http::per_identity::per_identity`] already resolved from the `Authorization`
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
    authenticate_with_budget(state, headers, query_token).map(|(who, _)| who)
}

/// What one caller's request and stream budgets are kept under: the token's kind and its
/// SHA-256, never its display name. Names are for people and repeat: every embed token
/// without `sub` is called "embed", and an embed `sub` may equal a dashboard token's name;
/// keyed by name, they would spend one another's budget.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BudgetKey(String);

impl BudgetKey {
    /// The key as text, for the budgets' maps.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// [`authenticate`], with the key the caller's budgets are kept under.
pub fn authenticate_with_budget(
    state: &AppState,
    headers: &HeaderMap,
    query_token: Option<&str>,
) -> Result<(Identity, BudgetKey), ApiError> {
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
    let hash = sha256_hex(token);
    if looks_like_jwt(token) {
        let who = crate::access::embed::identity(state, token)?;
        return Ok((who, BudgetKey(format!("embed:{hash}"))));
    }
    let who = state
        .tokens
        .lookup_hash(&hash)
        .ok_or(ApiError::TokenInvalid)?;
    Ok((who, BudgetKey(format!("dashboard:{hash}"))))
}

/// Fails with 403 for embed tokens, which only read their own devices and pools; `what`
/// names the refused action, e.g. "following live events".
pub fn dashboard_only(who: &Identity, what: &str) -> Result<(), ApiError> {
    match &who.embed {
        None => Ok(()),
        Some(_) => Err(ApiError::Forbidden(format!(
            "this embed token is for {} only; {what} needs a dashboard token",
            crate::access::embed::covers(who)
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
