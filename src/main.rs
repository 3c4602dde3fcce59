//! Entry point of the wasm binary: mounts the embed pages for `/embed/...` addresses and
//! [`cmp_dashboard::App`] for everything else, on the page body.

fn main() {
    console_error_panic_hook::set_once();
    cmp_dashboard::marks::mark(cmp_dashboard::marks::APP_START);
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    cmp_dashboard::start_page_early(&path);
    // The first render runs as a task of its own, after this one (the wasm's instantiation)
    // has ended: the early starts' fetches go out first, and neither task alone holds the
    // main thread as long as both did (`bench/browser.sh`, longest task).
    leptos::prelude::set_timeout(
        move || {
            remove_boot_notice();
            if cmp_dashboard::embed::is_embed_path(&path) {
                leptos::mount::mount_to_body(cmp_dashboard::embed::EmbedApp);
            } else {
                leptos::mount::mount_to_body(cmp_dashboard::App);
            }
            cmp_dashboard::marks::mark(cmp_dashboard::marks::APP_MOUNTED);
        },
        std::time::Duration::ZERO,
    );
}

/// Removes index.html's "Loading…" notice, which stands in until the app mounts.
fn remove_boot_notice() {
    if let Some(notice) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        notice.remove();
    }
}
