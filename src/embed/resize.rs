//! Height reporting: the frame tells its parent page how tall its content is, on load and
//! whenever that changes, with `postMessage` (target origin `*`: a height is not secret):
//! `{"type":"cmp-embed:resize","height":<CSS px>,"path":"<location.pathname>"}`.

use crate::ui::charts::dom::SizeWatch;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

/// The `type` of every resize message, so a parent can tell them from other messages.
pub const RESIZE_TYPE: &str = "cmp-embed:resize";

/// The message for content `height` (rounded up to whole CSS pixels) at `path`.
pub fn resize_message(height: f64, path: &str) -> serde_json::Value {
    let height = if height.is_finite() && height > 0.0 {
        height.ceil() as u64
    } else {
        0
    };
    serde_json::json!({ "type": RESIZE_TYPE, "height": height, "path": path })
}

/// Posts the height of `root` to the parent window. Does nothing outside a frame.
pub fn report_height(root: &HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    // Outside a frame the parent is the window itself: nobody to tell.
    if JsValue::from(&parent) == JsValue::from(&window) {
        return;
    }
    let path = window.location().pathname().unwrap_or_default();
    // The fractional height, rounded up: a frame even 0.4 px short would scroll.
    let height = root.get_bounding_client_rect().height();
    let message = resize_message(height, &path);
    if let Ok(value) = js_sys::JSON::parse(&message.to_string()) {
        // A parent that went away meanwhile is not an error worth showing.
        let _ = parent.post_message(&value, "*");
    }
}

/// Reports the height of `root` now and after every size change, until dropped.
pub struct HeightReporter {
    _watch: Option<SizeWatch>,
}

impl HeightReporter {
    /// Starts reporting for `root` (the frame's content element, not stretched to the viewport).
    pub fn start(root: HtmlElement) -> HeightReporter {
        report_height(&root);
        let observed = root.clone();
        HeightReporter {
            _watch: SizeWatch::new(&root, move || report_height(&observed)),
        }
    }
}
