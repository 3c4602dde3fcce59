//! Loads a page starts before its code arrives. With the `split` feature each group of
//! pages is a wasm chunk fetched when a page of the group first opens (`src/split.rs`); a
//! lazy route's `data()`, which runs before the chunk arrives, can put the page's first
//! request on the wire meanwhile and leave it in an [`EarlySlot`], and the page adopts it
//! with [`EarlySlot::take_for`] when it asks for the same thing.
//!
//! Nothing here knows a page: this module imports nothing from the app, so every page's
//! early start can use it without importing the route table back.

use leptos_router::location::{BrowserUrl, LocationProvider, Url};
use std::cell::{Cell, RefCell};

/// One early load waiting for its page, keyed by what it asked for (`K`), and whether the
/// route has looked at the address yet. Meant for a `thread_local!`: `const` to build.
pub struct EarlySlot<K, V> {
    started: Cell<bool>,
    waiting: RefCell<Option<(K, V)>>,
}

impl<K, V> Default for EarlySlot<K, V> {
    fn default() -> Self {
        EarlySlot::new()
    }
}

impl<K, V> EarlySlot<K, V> {
    /// An empty slot whose address has not been looked at.
    pub const fn new() -> Self {
        EarlySlot {
            started: Cell::new(false),
            waiting: RefCell::new(None),
        }
    }

    /// The address, for a lazy route's `data()` that starts the page's first request before
    /// the page's code arrives: only on the first call (one slot per page). Later visits
    /// have the page's code already, and during an in-app navigation the address bar may
    /// still show the previous page.
    pub fn address_on_first_call(&self) -> Option<Url> {
        if self.started.replace(true) {
            return None;
        }
        let href = web_sys::window()?.location().href().ok()?;
        BrowserUrl::parse(&href).ok()
    }

    /// Leaves `value`, started for `key`, for the page; returns the load it replaces, which
    /// no page adopted.
    pub fn offer(&self, key: K, value: V) -> Option<V> {
        self.waiting
            .borrow_mut()
            .replace((key, value))
            .map(|(_, replaced)| replaced)
    }

    /// Takes the waiting load if `still_wanted` says so (e.g. it is still the one a timer
    /// was set for).
    pub fn take_if(&self, still_wanted: impl FnOnce(&V) -> bool) -> Option<V> {
        let mut waiting = self.waiting.borrow_mut();
        if waiting
            .as_ref()
            .is_some_and(|(_, value)| still_wanted(value))
        {
            waiting.take().map(|(_, value)| value)
        } else {
            None
        }
    }
}

impl<K: PartialEq, V> EarlySlot<K, V> {
    /// The waiting load if it was started for exactly `key`. Taken once: whatever the page
    /// asks for first, the early load is then no longer offered, and one started for
    /// something else is handed to `unwanted` (to stop it, or drop it).
    pub fn take_for(&self, key: &K, unwanted: impl FnOnce(V)) -> Option<V> {
        let (asked, value) = self.waiting.borrow_mut().take()?;
        if asked == *key {
            Some(value)
        } else {
            unwanted(value);
            None
        }
    }
}
