//! Bindings to the ECharts 5 global, loaded on the first chart's demand ([`load`]) from the
//! app's own build (`/echarts.custom.min.js`, see `scripts/post-build.sh`), and the few
//! operations the app needs. Pages without charts never download it; on those with charts
//! `index.html` starts it before the app runs, and [`load`] takes that load over. Options
//! are always replaced (`notMerge`), never merged, so a series that disappears from the
//! data disappears from the chart.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    /// One ECharts instance, bound to one element.
    pub type EChartsInstance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init, catch)]
    fn init(element: &Element, theme: &JsValue, opts: &JsValue)
    -> Result<EChartsInstance, JsValue>;

    #[wasm_bindgen(js_namespace = echarts, js_name = getInstanceByDom)]
    fn get_instance_by_dom(element: &Element) -> Option<EChartsInstance>;

    #[wasm_bindgen(method, js_name = setOption, catch)]
    fn set_option(this: &EChartsInstance, option: &JsValue, opts: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn resize(this: &EChartsInstance);

    /// Listens to `event` (e.g. `click` on a data item) on the instance.
    #[wasm_bindgen(method)]
    fn on(this: &EChartsInstance, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method)]
    fn dispose(this: &EChartsInstance);

    /// The options the instance holds now (after merging, if any happened).
    #[wasm_bindgen(method, js_name = getOption)]
    pub fn get_option(this: &EChartsInstance) -> JsValue;
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// The ECharts script did not load, so there is nothing to draw with.
    #[error("the charting library did not load; reload the page to try again")]
    NotLoaded,
    /// ECharts refused the element or the options.
    #[error("the chart could not be drawn ({0})")]
    Rejected(String),
}

/// The attribute that remembers which theme an element's instance was created with.
const THEME_ATTR: &str = "data-chart-theme";

/// Where the app's ECharts build is served from (absolute, so deep links work).
pub const SCRIPT_URL: &str = "/echarts.custom.min.js";

/// The global through which `index.html` hands over the load it started.
const INDEX_LOAD_KEY: &str = "cmpEchartsLoad";

thread_local! {
    /// The one load in progress or done, shared by every chart that waits for it.
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Makes sure ECharts is there: on first use injects its script once and waits for it;
/// charts mounted meanwhile wait for the same load. A failed load is forgotten (and its
/// script removed), so the next chart tries again.
pub async fn load() -> Result<(), ChartError> {
    if is_loaded() {
        return Ok(());
    }
    let promise = LOADING.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| started_by_index().unwrap_or_else(inject))
            .clone()
    });
    let loaded = JsFuture::from(promise).await.is_ok() && is_loaded();
    if !loaded {
        LOADING.with(|slot| slot.borrow_mut().take());
        if let Some(script) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("script[data-echarts]").ok().flatten())
        {
            script.remove();
        }
        return Err(ChartError::NotLoaded);
    }
    Ok(())
}

/// Starts loading ECharts without waiting for it, so a page whose charts need data first has
/// the script ready (downloaded and compiled) by the time the data arrives; a failed
/// prefetch is forgotten like any failed [`load`].
pub fn prefetch() {
    if !is_loaded() {
        leptos::task::spawn_local(async {
            let _ = load().await;
        });
    }
}

/// The load `index.html` started for a page with charts (`window.cmpEchartsLoad`), taken
/// once: should it fail, the next [`load`] injects the script anew.
fn started_by_index() -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(INDEX_LOAD_KEY);
    let started = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    started.dyn_into().ok()
}

/// Appends `<script src=SCRIPT_URL>` to the document; the promise settles on its
/// `load` or `error` event.
fn inject() -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let appended = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|document| {
                let script = document.create_element("script").ok()?;
                script.set_attribute("src", SCRIPT_URL).ok()?;
                script.set_attribute("data-echarts", "").ok()?;
                script
                    .add_event_listener_with_callback("load", &resolve)
                    .ok()?;
                script
                    .add_event_listener_with_callback("error", &reject)
                    .ok()?;
                let parent = document.query_selector("head").ok().flatten()?;
                parent.append_child(&script).ok()
            });
        if appended.is_none() {
            let _ = reject.call0(&JsValue::NULL);
        }
    })
}

/// Whether the ECharts global is present.
pub fn is_loaded() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("echarts"))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false)
}

/// The instance drawn into `element`, if there is one.
pub fn instance(element: &Element) -> Option<EChartsInstance> {
    if is_loaded() {
        get_instance_by_dom(element)
    } else {
        None
    }
}

/// Draws `chart` into `element`, replacing whatever it showed, without animation. ECharts cannot switch an instance's theme, so a theme change
/// disposes the instance and starts a new one; `on_click`, when given, hears clicks on the
/// data items of every instance the element gets.
pub fn draw(
    element: &Element,
    chart: &charming::Chart,
    dark: bool,
    on_click: Option<&js_sys::Function>,
) -> Result<(), ChartError> {
    if !is_loaded() {
        return Err(ChartError::NotLoaded);
    }
    let theme = if dark { "dark" } else { "light" };
    let current = get_instance_by_dom(element)
        .filter(|_| element.get_attribute(THEME_ATTR).as_deref() == Some(theme));
    let instance = match current {
        Some(instance) => instance,
        None => {
            dispose(element);
            let theme_value = if dark {
                JsValue::from_str("dark")
            } else {
                JsValue::NULL
            };
            let instance = init(element, &theme_value, &JsValue::UNDEFINED).map_err(rejected)?;
            // Losing the attribute only costs a re-init on the next draw.
            let _ = element.set_attribute(THEME_ATTR, theme);
            if let Some(handler) = on_click {
                instance.on("click", handler);
            }
            instance
        }
    };
    let option = to_js(chart)?;
    // No animation: on a page fed page by page (the usage charts) it kept five canvases
    // repainting for the whole load, the biggest single cost of showing 180 days (#8).
    let _ = js_sys::Reflect::set(&option, &"animation".into(), &JsValue::FALSE);
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"notMerge".into(), &JsValue::TRUE);
    instance.set_option(&option, &opts).map_err(rejected)
}

/// Fits the instance in `element` (if any) to the element's current size.
pub fn resize(element: &Element) {
    if let Some(instance) = instance(element) {
        instance.resize();
    }
}

/// Frees the instance in `element` (if any): its canvas, listeners and timers.
pub fn dispose(element: &Element) {
    if let Some(instance) = instance(element) {
        instance.dispose();
    }
}

/// The chart as a plain JS object, through JSON so ECharts sees exactly what serde wrote.
pub fn to_js(chart: &charming::Chart) -> Result<JsValue, ChartError> {
    let json = serde_json::to_string(chart).map_err(|e| ChartError::Rejected(e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(rejected)
}

fn rejected(error: JsValue) -> ChartError {
    let text = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    ChartError::Rejected(text)
}
