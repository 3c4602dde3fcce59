//! Why an embed frame shows nothing, in words a partner's customer can act on: an expired
//! link, a link that is not valid, a link that does not cover what the frame asks for, or
//! another failure. The proxy's own sentence, which says what to do, is kept as the detail.

use crate::api::ApiError;
use leptos::prelude::*;

/// Why an embed frame cannot show its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The URL carried no `#token=`.
    NoToken,
    /// The proxy said the token expired (401 naming an expiry).
    Expired(String),
    /// The proxy refused the token otherwise (401: forged, malformed, wrong secret, disabled).
    NotValid(String),
    /// The token is valid but does not cover what was asked (403).
    OutOfScope {
        /// What the frame asked for, e.g. "device 8985…".
        subject: String,
        /// The proxy's sentence.
        detail: String,
    },
    /// Anything else: network, platform or decoding trouble; a retry may help.
    Failed(ApiError),
}

impl Refusal {
    /// Classifies `error` for a frame showing `subject` (e.g. "device 898600…").
    pub fn from_error(error: ApiError, subject: &str) -> Refusal {
        match error {
            ApiError::Unauthorized(detail) if detail.to_ascii_lowercase().contains("expired") => {
                Refusal::Expired(detail)
            }
            ApiError::Unauthorized(detail) => Refusal::NotValid(detail),
            ApiError::Status {
                status: 403,
                message,
            } => Refusal::OutOfScope {
                subject: subject.to_owned(),
                detail: message,
            },
            other => Refusal::Failed(other),
        }
    }

    /// The headline shown in the frame.
    pub fn title(&self) -> String {
        match self {
            Refusal::NoToken => "This embed link is incomplete".to_owned(),
            Refusal::Expired(_) => "This embed link has expired".to_owned(),
            Refusal::NotValid(_) => "This embed link is not valid".to_owned(),
            Refusal::OutOfScope { subject, .. } => format!("This link does not cover {subject}"),
            Refusal::Failed(_) => "This view could not be loaded".to_owned(),
        }
    }

    /// What happened and what to do about it.
    pub fn detail(&self) -> String {
        match self {
            Refusal::NoToken => "The address has no access token. Ask the site that showed \
                                 you this page to reload it."
                .to_owned(),
            // The proxy's sentences already say what to do (reload, ask for a new link).
            Refusal::Expired(detail)
            | Refusal::NotValid(detail)
            | Refusal::OutOfScope { detail, .. } => sentence(detail),
            Refusal::Failed(error) => error.to_string(),
        }
    }

    /// Whether trying again could help (only for failures that are not refusals).
    pub fn can_retry(&self) -> bool {
        matches!(self, Refusal::Failed(_))
    }
}

/// The proxy's lower-case message as a sentence: capitalised, ending in a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The refusal as a panel; a Retry button when retrying could help.
#[component]
pub fn RefusalView(
    /// Why nothing is shown.
    refusal: Refusal,
    /// Called by the Retry button.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let retry = refusal.can_retry().then(|| {
        view! {
            <button type="button" class="button" on:click=move |_| on_retry.run(())>"Retry"</button>
        }
    });
    view! {
        <div class="notice notice-error embed-refusal" role="alert" data-testid="embed-refusal">
            <p class="notice-title">{refusal.title()}</p>
            <p class="notice-text">{refusal.detail()}</p>
            {retry}
        </div>
    }
}
