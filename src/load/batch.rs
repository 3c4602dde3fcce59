//! Pages that arrived but are not shown yet. Every view of a load is rebuilt on each write of
//! its state, so arriving pages are handed over at most once per interval, in arrival
//! order; the last ones are taken when the load ends, to be written with its final status in
//! one update. Once the load's [`CancelToken`] is cancelled, waiting pages are dropped rather
//! than written: the state may already hold a new load (new dates, Retry), and after Cancel
//! the figures stay those of the pages already shown.

use super::limiter::CancelToken;
use leptos::prelude::set_timeout;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// Waiting pages of type `P`, and where they go. Clones share the same pages.
pub struct Batched<P> {
    inner: Rc<RefCell<Pending<P>>>,
    sink: Rc<dyn Fn(Vec<P>)>,
    cancel: CancelToken,
    interval: Duration,
}

impl<P> Clone for Batched<P> {
    fn clone(&self) -> Self {
        Batched {
            inner: self.inner.clone(),
            sink: self.sink.clone(),
            cancel: self.cancel.clone(),
            interval: self.interval,
        }
    }
}

struct Pending<P> {
    pages: Vec<P>,
    scheduled: bool,
}

impl<P: 'static> Batched<P> {
    /// Pages handed to `sink` at most once per `interval`, until `cancel` is cancelled.
    pub fn new(interval: Duration, cancel: CancelToken, sink: impl Fn(Vec<P>) + 'static) -> Self {
        Batched {
            inner: Rc::new(RefCell::new(Pending {
                pages: Vec::new(),
                scheduled: false,
            })),
            sink: Rc::new(sink),
            cancel,
            interval,
        }
    }

    /// Keeps `page` for the next hand-over, scheduling one if none is.
    pub fn push(&self, page: P) {
        let mut pending = self.inner.borrow_mut();
        pending.pages.push(page);
        if !pending.scheduled {
            pending.scheduled = true;
            let later = self.clone();
            set_timeout(move || later.flush(), self.interval);
        }
    }

    /// Hands the waiting pages to the sink now (nothing when none wait or the load was
    /// cancelled).
    pub fn flush(&self) {
        self.inner.borrow_mut().scheduled = false;
        let pages = self.take();
        if !pages.is_empty() {
            (self.sink)(pages);
        }
    }

    /// The waiting pages, in arrival order (none once cancelled), for the load's last write.
    pub fn take(&self) -> Vec<P> {
        let pages = std::mem::take(&mut self.inner.borrow_mut().pages);
        if self.cancel.is_cancelled() {
            Vec::new()
        } else {
            pages
        }
    }
}
