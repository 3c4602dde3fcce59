//! Starts the Packages page's first catalogue request while the page's code is still
//! downloading. The release build fetches each group of pages' wasm when a page of the group
//! first opens (`src/split.rs`), so on a cold `/packages` the request would otherwise wait
//! for that chunk; the lazy route's `data()`, which runs before the chunk arrives, calls
//! [`start`], and the page takes the answer with [`take`] if it asks for the same page.

use crate::api::{self, ApiError};
use crate::early::EarlySlot;
use crate::packages::query::PackagesQuery;
use cmp_api::PackagePage;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};

type Answer = Result<PackagePage, ApiError>;
type EarlyAnswer = Shared<LocalBoxFuture<'static, Answer>>;

thread_local! {
    /// The early answer, keyed by `(page_no, page_size)`.
    static EARLY: EarlySlot<(u64, u64), EarlyAnswer> = const { EarlySlot::new() };
}

/// Asks for the catalogue page the address names, once per app start
/// ([`EarlySlot::address_on_first_call`]), when the address is a plain (unfiltered)
/// `/packages` page.
pub fn start() {
    let Some(url) = EARLY.with(EarlySlot::address_on_first_call) else {
        return;
    };
    if url.path() != "/packages" {
        return;
    }
    let query = PackagesQuery::from_lookup(|key| url.search_params().get(key));
    if query.is_filtered() {
        // The page then fetches the whole catalogue; not worth guessing here.
        return;
    }
    let key = (query.page, query.size);
    let answer = api::sync_packages(key.0, key.1).boxed_local().shared();
    leptos::task::spawn_local(answer.clone().map(|_| ()));
    EARLY.with(|early| early.offer(key, answer));
}

/// The early answer for page `page_no` of `page_size`, if one was started for exactly that
/// page. Taken once: whatever the page asks for first, the early request is then forgotten.
pub fn take(page_no: u64, page_size: u64) -> Option<EarlyAnswer> {
    EARLY.with(|early| early.take_for(&(page_no, page_size), drop))
}
