//! Bindings to the ECharts 5 global loaded by `index.html` (`/echarts.min.js`), and the
//! few operations the app needs. Options are always replaced (`notMerge`), never merged, so
//! a series that disappears from the data disappears from the chart.

use wasm_bindgen::prelude::*;
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

    #[wasm_bindgen(method)]
    fn dispose(this: &EChartsInstance);

    /// The options the instance holds now (after merging, if any happened).
    #[wasm_bindgen(method, js_name = getOption)]
    pub fn get_option(this: &EChartsInstance) -> JsValue;
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// `/echarts.min.js` did not load, so there is nothing to draw with.
    #[error("the charting library did not load; reload the page to try again")]
    NotLoaded,
    /// ECharts refused the element or the options.
    #[error("the chart could not be drawn ({0})")]
    Rejected(String),
}

/// The attribute that remembers which theme an element's instance was created with.
const THEME_ATTR: &str = "data-chart-theme";

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

/// Draws `chart` into `element`, replacing whatever it showed. ECharts cannot switch an
/// instance's theme, so a theme change disposes the instance and starts a new one.
pub fn draw(element: &Element, chart: &charming::Chart, dark: bool) -> Result<(), ChartError> {
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
            instance
        }
    };
    let option = to_js(chart)?;
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
