//! Waiting helpers shared by the browser tests that watch timers and spawned tasks run.

/// Waits `ms` milliseconds, letting timers and spawned tasks run.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Polls `done` every 20 ms for up to five seconds; panics naming `what` if it never holds.
pub async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        sleep(20).await;
    }
    panic!("{what} did not happen within five seconds");
}
