//! Signing in: the access token is taken from the `#token=` fragment once (or pasted into
//! the sign-in form), kept in sessionStorage ([`crate::api::token`]), and shared with the
//! views through [`Auth`] so a 401 anywhere brings back the sign-in form.

use crate::api::token::{drop_fragment, store_token, stored_token, token_from_fragment};
use leptos::prelude::*;

/// Moves a `#token=...` fragment into sessionStorage and removes it from the address bar,
/// so the token is neither bookmarked nor left in the history.
pub fn take_token_from_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let Some(token) = token_from_fragment(&hash) else {
        return;
    };
    store_token(Some(&token));
    drop_fragment(&window);
}

/// Signs in with the token of a `#token=` link opened while the app is already running (a
/// link to the page already shown changes only the fragment, so no reload reads it). The
/// listener lives as long as the page.
pub fn follow_token_links(auth: Auth) {
    let _listener = leptos::prelude::window_event_listener_untyped("hashchange", move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let hash = window.location().hash().unwrap_or_default();
        if let Some(token) = token_from_fragment(&hash) {
            auth.sign_in(&token);
            drop_fragment(&window);
        }
    });
}

/// Shared sign-in state; cheap to copy into any closure.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    /// The token in use, `None` when signed out.
    pub token: RwSignal<Option<String>>,
    /// Why the sign-in form is shown again (an expired token), if it is.
    pub notice: RwSignal<Option<String>>,
}

impl Auth {
    /// Reads the stored token; call after [`take_token_from_fragment`].
    pub fn from_storage() -> Auth {
        Auth {
            token: RwSignal::new(stored_token()),
            notice: RwSignal::new(None),
        }
    }

    /// Stores a pasted token and signs in with it.
    pub fn sign_in(&self, token: &str) {
        let token = token.trim();
        store_token(Some(token));
        self.notice.set(None);
        self.token.set(Some(token.to_owned()));
    }

    /// Forgets the token.
    pub fn sign_out(&self) {
        store_token(None);
        self.notice.set(None);
        self.token.set(None);
    }

    /// Signs out with a reason when `error` says the token was refused.
    pub fn note_error(&self, error: &crate::api::ApiError) {
        if let crate::api::ApiError::Unauthorized(message) = error {
            store_token(None);
            self.notice.set(Some(message.clone()));
            self.token.set(None);
        }
    }
}
