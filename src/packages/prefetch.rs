//! Starts the Packages page's first catalogue request while the page's code is still
//! downloading. The release build fetches each group of pages' wasm when a page of the group
//! first opens (`src/split.rs`), so on a cold `/packages` the request would otherwise wait
//! for that chunk; the lazy route's `data()`, which runs before the chunk arrives, calls
//! [`start`], and the page takes the answer with [`take`] if it asks for the same page.
//! Sooner still, `index.html` starts a cold default `/packages` page's request before the
//! wasm has even compiled; [`start`] adopts that one when it is for the same page.

use crate::api::{self, ApiError};
use crate::early::EarlySlot;
use crate::packages::query::PackagesQuery;
use cmp_api::PackagePage;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

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
    let answer = match started_by_index_html(key) {
        Some(fetch) => api::sync_packages_started(fetch).boxed_local().shared(),
        None => api::sync_packages(key.0, key.1).boxed_local().shared(),
    };
    leptos::task::spawn_local(answer.clone().map(|_| ()));
    EARLY.with(|early| early.offer(key, answer));
}

/// The request `index.html` started (`window.cmpEarlyCatalogue`), if it asked for page
/// `key`; taken once, so a later start never adopts a stale answer.
fn started_by_index_html(key: (u64, u64)) -> Option<js_sys::Promise> {
    let window: JsValue = web_sys::window()?.into();
    let name = JsValue::from_str("cmpEarlyCatalogue");
    let early = Reflect::get(&window, &name)
        .ok()
        .filter(JsValue::is_object)?;
    let _ = Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &name);
    let number = |field: &str| {
        Reflect::get(&early, &JsValue::from_str(field))
            .ok()
            .and_then(|v| v.as_f64())
    };
    let asked = (number("pageNo")?, number("pageSize")?);
    if asked != (key.0 as f64, key.1 as f64) {
        return None;
    }
    Reflect::get(&early, &JsValue::from_str("response"))
        .ok()?
        .dyn_into()
        .ok()
}

/// The early answer for page `page_no` of `page_size`, if one was started for exactly that
/// page. Taken once: whatever the page asks for first, the early request is then forgotten.
pub fn take(page_no: u64, page_size: u64) -> Option<EarlyAnswer> {
    EARLY.with(|early| early.take_for(&(page_no, page_size), drop))
}
