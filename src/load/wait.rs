//! Waiting in the browser without holding its main thread: a timer's promise, awaited.

use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds (at once where there is no window).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    // The promise never rejects.
    let _ = JsFuture::from(promise).await;
}
