//! A load tied to the component that starts it: started when the component mounts, started
//! again (the last one cancelled) when its key changes or Reload is pressed, stopped by
//! Cancel or when the component is unmounted. The usage load, the Overview and the orders
//! list's usage filter run their loads this way.

use super::limiter::CancelToken;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// The controls of a tied load.
#[derive(Debug, Clone, Copy)]
pub struct TiedLoad {
    /// Stops the running load (what arrived stays).
    pub cancel: Callback<()>,
    /// Starts the load again with the same key.
    pub reload: Callback<()>,
}

/// Runs `start(key, token)` for as long as the current reactive owner lives: once now, and
/// again whenever `key()` changes or [`TiedLoad::reload`] is called, each time with a fresh
/// token after cancelling the last. `adopted`, a load already running for the first key (one
/// started before the page's code arrived), is taken over instead of a first start.
pub fn tied_load<K: 'static>(
    adopted: Option<CancelToken>,
    key: impl Fn() -> K + 'static,
    start: impl Fn(K, CancelToken) + 'static,
) -> TiedLoad {
    let reload = RwSignal::new(0u32);
    let mut adopting = adopted.is_some();
    let current = Rc::new(RefCell::new(adopted));
    let slot = current.clone();
    Effect::new(move |_| {
        reload.track();
        let key = key();
        // The first run would start what the adopted load is already doing.
        if std::mem::take(&mut adopting) {
            return;
        }
        if let Some(old) = slot.borrow_mut().take() {
            old.cancel();
        }
        let token = CancelToken::new();
        *slot.borrow_mut() = Some(token.clone());
        start(key, token);
    });
    // Single-threaded wasm: the wrappers are only touched on the thread that made them.
    let on_leave = SendWrapper::new(current.clone());
    on_cleanup(move || {
        if let Some(token) = on_leave.borrow_mut().take() {
            token.cancel();
        }
    });
    let on_cancel = SendWrapper::new(current);
    TiedLoad {
        cancel: Callback::new(move |()| {
            if let Some(token) = on_cancel.borrow().as_ref() {
                token.cancel();
            }
        }),
        reload: Callback::new(move |()| reload.update(|n| *n += 1)),
    }
}
