//! Entry point of the wasm binary: mounts the embed pages for `/embed/...` addresses and
//! [`cmp_dashboard::App`] for everything else, on the page body.

fn main() {
    console_error_panic_hook::set_once();
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    if cmp_dashboard::embed::is_embed_path(&path) {
        leptos::mount::mount_to_body(cmp_dashboard::embed::EmbedApp);
    } else {
        leptos::mount::mount_to_body(cmp_dashboard::App);
    }
}
