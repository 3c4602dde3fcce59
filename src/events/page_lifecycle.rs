//! Closes the live stream when the page is hidden for navigation and reopens it when a page
//! comes back from the back/forward cache. Browsers allow six HTTP/1.1 connections per
//! host: a stream left open by each page kept in that cache used them all up, and the
//! next request (an admin's mutation) waited forever.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::PageTransitionEvent;

/// Calls `on_hide` on every `pagehide` and `on_restore` on a `pageshow` of a cached page.
/// Registered once for the app's lifetime, so the handlers are deliberately never freed.
pub fn on_page_hide_and_restore(on_hide: impl Fn() + 'static, on_restore: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hide = Closure::<dyn Fn()>::new(on_hide);
    let show = Closure::<dyn Fn(PageTransitionEvent)>::new(move |event: PageTransitionEvent| {
        if event.persisted() {
            on_restore();
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", hide.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("pageshow", show.as_ref().unchecked_ref());
    hide.forget();
    show.forget();
}
