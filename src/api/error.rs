//! What can go wrong talking to the proxy, each case worded so a person knows what to do.

use cmp_api::UpstreamRefusal;

/// A failed call to the proxy. `Clone` so resources can hand it to several views.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer: the proxy is down or the network is gone.
    #[error(
        "The dashboard server could not be reached ({0}). Check your connection and try again."
    )]
    Network(String),
    /// The proxy refused the token (HTTP 401).
    #[error("Your access token was not accepted: {0} Sign in again with a valid token.")]
    Unauthorized(String),
    /// The proxy answered with an error status and its own message.
    #[error("{message} (HTTP {status})")]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The proxy's sentence from its error envelope, or a generic one.
        message: String,
    },
    /// The connectivity platform answered but refused the request.
    #[error("The connectivity platform refused the request: {message} (code {code}).")]
    Refused {
        /// The upstream's code.
        code: String,
        /// The upstream's message.
        message: String,
    },
    /// The answer could not be read as the expected data.
    #[error(
        "The platform's answer could not be read ({0}). Try again; if it keeps happening, report it."
    )]
    Decode(String),
    /// The request was cancelled because the page was left.
    #[error("The request was cancelled.")]
    Aborted,
}

impl ApiError {
    /// Whether signing in again could fix this error.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_))
    }

    /// Builds the error for a non-success HTTP status from the proxy's envelope message.
    pub fn from_status(status: u16, envelope_message: Option<String>) -> ApiError {
        let message = envelope_message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| generic_status_message(status).to_owned());
        if status == 401 {
            ApiError::Unauthorized(message)
        } else {
            ApiError::Status { status, message }
        }
    }
}

impl From<UpstreamRefusal> for ApiError {
    fn from(refusal: UpstreamRefusal) -> Self {
        ApiError::Refused {
            code: refusal.code,
            message: refusal.message,
        }
    }
}

/// A fallback sentence when the proxy's answer carries no message of its own.
fn generic_status_message(status: u16) -> &'static str {
    match status {
        401 => "The request needs a valid access token.",
        403 => "Your role does not allow this.",
        404 => "The dashboard server does not know this address.",
        429 => "Too many requests; wait a moment and try again.",
        502..=504 => "The connectivity platform is not answering properly; try again shortly.",
        500..=599 => "The dashboard server failed; try again shortly.",
        _ => "The dashboard server rejected the request.",
    }
}

/// A refused mutation and the member of its body the refusal names (the proxy's 400
/// `data.field`, e.g. `condition.percent`), so a form can show it next to that field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct FieldError {
    /// What went wrong.
    pub error: ApiError,
    /// The member at fault, when the proxy named one.
    pub field: Option<String>,
}

impl From<ApiError> for FieldError {
    fn from(error: ApiError) -> Self {
        FieldError { error, field: None }
    }
}
