//! The access token: taken from the `#token=` fragment once, kept in sessionStorage, and
//! shared with the views through [`Auth`] so a 401 anywhere brings back the sign-in form.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// sessionStorage key of the token.
const TOKEN_KEY: &str = "cmp-dashboard.token";

/// The token as stored in this tab, if any.
pub fn stored_token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

fn store_token(token: Option<&str>) {
    if let Some(storage) = storage() {
        // A failing storage (private mode quota) only costs a sign-in after reload.
        let _ = match token {
            Some(token) => storage.set_item(TOKEN_KEY, token),
            None => storage.remove_item(TOKEN_KEY),
        };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

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

/// Replaces the address with itself minus its fragment, without a navigation, so a token
/// that came in `#token=` is neither bookmarked nor kept in the history. A history that
/// refuses only leaves the fragment visible; the token still works.
pub fn drop_fragment(window: &web_sys::Window) {
    let location = window.location();
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_else(|_| "/".into()),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
}

/// The token in a fragment such as `#token=abc` or `#a=1&token=abc`, decoded.
pub fn token_from_fragment(hash: &str) -> Option<String> {
    let raw = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))?;
    let token = js_sys::decode_uri_component(raw).ok()?.as_string()?;
    (!token.trim().is_empty()).then(|| token.trim().to_owned())
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
