//! Bounded concurrency with a cancel switch. At most `limit` fetches run at once; once the
//! [`CancelToken`] is cancelled no new fetch starts and the in-flight requests are aborted
//! through the token's `AbortController`. A load made of several reads (the Overview's
//! sources) gives each a [`CancelToken::child`]: one read failing stops only itself, while
//! Cancel stops them all.

use futures::StreamExt;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal};

/// Shared cancel state of one load; clones see the same state.
#[derive(Clone)]
pub struct CancelToken {
    cancelled: Rc<Cell<bool>>,
    controller: Option<AbortController>,
    children: Rc<RefCell<Vec<CancelToken>>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken::new()
    }
}

impl CancelToken {
    /// A fresh, not cancelled token with its own `AbortController`.
    pub fn new() -> CancelToken {
        CancelToken {
            cancelled: Rc::default(),
            controller: AbortController::new().ok(),
            children: Rc::default(),
        }
    }

    /// A token of its own that this one's [`CancelToken::cancel`] cancels too (at once if
    /// this one is already cancelled); cancelling the child leaves this one running.
    pub fn child(&self) -> CancelToken {
        let child = CancelToken::new();
        if self.is_cancelled() {
            child.cancel();
        } else {
            self.children.borrow_mut().push(child.clone());
        }
        child
    }

    /// Stops new work and aborts the requests carrying [`CancelToken::signal`], and those of
    /// its children.
    pub fn cancel(&self) {
        if self.cancelled.replace(true) {
            return;
        }
        if let Some(controller) = &self.controller {
            controller.abort();
        }
        let children = std::mem::take(&mut *self.children.borrow_mut());
        for child in children {
            child.cancel();
        }
    }

    /// Whether [`CancelToken::cancel`] has been called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    /// Whether `other` is a clone of this token (the same load's), not another load's.
    pub fn same_as(&self, other: &CancelToken) -> bool {
        Rc::ptr_eq(&self.cancelled, &other.cancelled)
    }

    /// The signal to hand to requests, so cancelling aborts them.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }
}

/// Runs `fetch` for each item, at most `limit` at a time, calling `done` with each result as
/// it completes (in completion order). Once `cancel` is cancelled no item starts (its
/// future is dropped unpolled); results of fetches already running still reach `done`.
pub async fn run_bounded<I, T, Fut>(
    items: Vec<I>,
    limit: usize,
    cancel: &CancelToken,
    mut fetch: impl FnMut(I) -> Fut,
    mut done: impl FnMut(I, T),
) where
    I: Clone,
    Fut: Future<Output = T>,
{
    let gate = cancel.clone();
    let mut running = futures::stream::iter(items)
        .take_while(move |_| std::future::ready(!gate.is_cancelled()))
        .map(|item| {
            // An item can be taken into the buffer just before a cancel and first polled
            // after it; checking again at its start keeps it from running at all.
            let gate = cancel.clone();
            let work = fetch(item.clone());
            async move {
                if gate.is_cancelled() {
                    None
                } else {
                    Some((item, work.await))
                }
            }
        })
        .buffer_unordered(limit.max(1));
    while let Some(finished) = running.next().await {
        if let Some((item, result)) = finished {
            done(item, result);
        }
    }
}
