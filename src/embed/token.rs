//! The embed frame's token: read once from the `#token=` fragment into the frame's memory
//! ([`crate::api::token::frame_token`], never sessionStorage), removed from the address bar
//! so it is not left in the frame's history, and a later `#token=` reloads the frame.

use crate::api::token::{drop_fragment, frame_token, set_frame_token, token_from_fragment};
use wasm_bindgen::prelude::*;

/// Moves a `#token=...` fragment into memory and replaces the address with the same path
/// and query without it. Returns whether a token was found.
pub fn take_from_fragment() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let Some(token) = token_from_fragment(&hash) else {
        return frame_token().is_some();
    };
    set_frame_token(Some(token));
    drop_fragment(&window);
    true
}

/// Reloads the frame when its fragment later brings a new token (a portal refreshing an
/// expiring link by changing only the iframe's `#token=`): a fragment change alone does not
/// load the page again, so the old token would stay in use. Lasts as long as the page.
pub fn reload_on_new_token() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(|| {
        if let Some(window) = web_sys::window()
            && token_from_fragment(&window.location().hash().unwrap_or_default()).is_some()
        {
            // A refused reload leaves the old token in use; nothing better can be done.
            let _ = window.location().reload();
        }
    });
    let _ =
        window.add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    // The listener is wanted for the page's whole life, so its closure is never freed.
    on_change.forget();
}
