//! Performance marks (`performance.mark`) at the moments people wait for, so the browser
//! benchmarks in `bench/` read them through the Performance API instead of guessing from
//! the DOM. A mark costs next to nothing and is ignored where the API is missing.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
}

/// The wasm app's `main` began (its code has been downloaded, compiled and instantiated).
pub const APP_START: &str = "app-start";

/// The app's first render is in the document (requests it started are now under way).
pub const APP_MOUNTED: &str = "app-mounted";

/// The first rows of the packages table are in the document.
pub const DATA_VISIBLE: &str = "data-visible";

/// The Overview's first tile has all its data (every page of its source is in).
pub const OVERVIEW_FIRST_TILE: &str = "overview-first-tile";

/// Every source of the Overview is done (read, failed or cancelled).
pub const OVERVIEW_ALL_TILES: &str = "overview-all-tiles";

/// A chart finished a draw (each redraw sets the mark again).
pub const CHART_DRAWN: &str = "chart-drawn";

/// Sets the mark `name` at the current time.
pub fn mark(name: &str) {
    // A browser without the Performance API only loses the measurement.
    let _ = performance_mark(name);
}
