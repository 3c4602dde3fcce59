//! Leaves the tab's live group when the page is hidden for navigation or frozen, and joins
//! again when it comes back from the back/forward cache or is resumed. A leader that stays
//! in the cache or frozen would hold the lock and relay nothing; one that leaves hands the
//! stream to another tab within moments. (Browsers allow six HTTP/1.1 connections per
//! host: a stream left open by each cached page once used them all up.)

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::PageTransitionEvent;

/// Calls `on_leave` on every `pagehide` and `freeze`, and `on_return` on a `pageshow` of a
/// cached page and on `resume` (a restored page may have both: `on_return` must allow it).
/// Registered once for the app's lifetime, so the handlers are deliberately never freed.
pub fn on_page_leave_and_return(on_leave: impl Fn() + 'static, on_return: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_return = std::rc::Rc::new(on_return);
    let leave = Closure::<dyn Fn()>::new(on_leave);
    let show = Closure::<dyn Fn(PageTransitionEvent)>::new({
        let on_return = std::rc::Rc::clone(&on_return);
        move |event: PageTransitionEvent| {
            if event.persisted() {
                on_return();
            }
        }
    });
    let resume = Closure::<dyn Fn()>::new(move || on_return());
    let leave_ref = leave.as_ref().unchecked_ref();
    let _ = window.add_event_listener_with_callback("pagehide", leave_ref);
    let _ = window.add_event_listener_with_callback("pageshow", show.as_ref().unchecked_ref());
    // The Page Lifecycle events are the document's (only Chromium fires them).
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("freeze", leave_ref);
        let _ =
            document.add_event_listener_with_callback("resume", resume.as_ref().unchecked_ref());
    }
    leave.forget();
    show.forget();
    resume.forget();
}
