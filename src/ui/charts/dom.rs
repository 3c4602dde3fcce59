//! Browser pieces a chart needs that the app's `web-sys` features do not cover: watching an
//! element's size (`ResizeObserver`) and the system colour scheme (`matchMedia`). Each
//! watcher stops when dropped, so dropping it in `on_cleanup` leaves nothing behind.

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    type ResizeObserver;

    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &js_sys::Function) -> Result<ResizeObserver, JsValue>;

    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &Element);

    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);

    type MediaQueryList;

    #[wasm_bindgen(js_name = matchMedia, catch)]
    fn match_media(query: &str) -> Result<MediaQueryList, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn matches(this: &MediaQueryList) -> bool;

    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &MediaQueryList, kind: &str, listener: &js_sys::Function);

    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &MediaQueryList, kind: &str, listener: &js_sys::Function);
}

/// The media query that says the system prefers dark colours.
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// Calls a function whenever an element changes size, until dropped.
pub struct SizeWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl SizeWatch {
    /// Starts watching `element`; `None` in browsers without `ResizeObserver`.
    pub fn new(element: &Element, on_resize: impl FnMut() + 'static) -> Option<SizeWatch> {
        let callback = Closure::<dyn FnMut()>::new(on_resize);
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(SizeWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Provided as context by a page that fixes its colour scheme (an embed frame with
/// `theme=light` or `theme=dark`): charts below it then ignore the system setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForcedScheme {
    /// Whether the page is dark.
    pub dark: bool,
}

/// Whether the system prefers dark colours now.
pub fn prefers_dark() -> bool {
    match_media(DARK_QUERY).is_ok_and(|list| list.matches())
}

/// Calls a function with the new preference whenever the colour scheme changes, until dropped.
pub struct SchemeWatch {
    list: MediaQueryList,
    callback: Closure<dyn FnMut()>,
}

impl SchemeWatch {
    /// Starts watching; `None` where `matchMedia` is missing.
    pub fn new(mut on_change: impl FnMut(bool) + 'static) -> Option<SchemeWatch> {
        let list = match_media(DARK_QUERY).ok()?;
        let reader: MediaQueryList = list.clone().unchecked_into();
        let callback = Closure::<dyn FnMut()>::new(move || on_change(reader.matches()));
        list.add_event_listener("change", callback.as_ref().unchecked_ref());
        Some(SchemeWatch { list, callback })
    }
}

impl Drop for SchemeWatch {
    fn drop(&mut self) {
        self.list
            .remove_event_listener("change", self.callback.as_ref().unchecked_ref());
    }
}
