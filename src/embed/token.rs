//! The embed frame's token: read once from the `#token=` fragment, kept in this frame's
//! memory only (never in sessionStorage, so a dashboard tab of the same origin keeps its own
//! session), and removed from the address bar so it is not left in the frame's history.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The token of this frame; the SPA is single-threaded, so one slot per page load.
    static FRAME_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The embed token in use by this frame, if one was given.
pub fn frame_token() -> Option<String> {
    FRAME_TOKEN.with(|slot| slot.borrow().clone())
}

/// Keeps `token` for this frame's requests (tests and [`take_from_fragment`] use it).
pub fn set_frame_token(token: Option<String>) {
    FRAME_TOKEN.with(|slot| *slot.borrow_mut() = token);
}

/// Moves a `#token=...` fragment into memory and replaces the address with the same path
/// and query without it. Returns whether a token was found.
pub fn take_from_fragment() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let Some(token) = crate::auth::token_from_fragment(&hash) else {
        return frame_token().is_some();
    };
    set_frame_token(Some(token));
    crate::auth::drop_fragment(&window);
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
            && crate::auth::token_from_fragment(&window.location().hash().unwrap_or_default())
                .is_some()
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
