//! Entry point of the wasm binary: mounts [`cmp_dashboard::App`] on the page body.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cmp_dashboard::App);
}
