//! The token requests carry, and where it is read from: the dashboard's, kept in this tab's
//! sessionStorage; an embed frame's, kept in the frame's memory only (never in
//! sessionStorage, so a dashboard tab of the same origin keeps its own session); and the
//! `#token=` fragment either arrives in, removed from the address bar once read.

use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// sessionStorage key of the dashboard's token.
const TOKEN_KEY: &str = "cmp-dashboard.token";

thread_local! {
    /// The token of this embed frame; the SPA is single-threaded, so one slot per page load.
    static FRAME_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The token requests carry: an embed frame's own token, else the dashboard session's.
pub fn bearer_token() -> Option<String> {
    frame_token().or_else(stored_token)
}

/// The dashboard's token as stored in this tab, if any.
pub fn stored_token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Keeps the dashboard's token in this tab (`None` forgets it).
pub fn store_token(token: Option<&str>) {
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

/// The embed token in use by this frame, if one was given.
pub fn frame_token() -> Option<String> {
    FRAME_TOKEN.with(|slot| slot.borrow().clone())
}

/// Keeps `token` for this frame's requests (tests and the embed frame's start use it).
pub fn set_frame_token(token: Option<String>) {
    FRAME_TOKEN.with(|slot| *slot.borrow_mut() = token);
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
