//! The frame around every embed page: applies the theme and accent to `<html>`, provides
//! the options to the page, shows the page's title unless `hide_title=1`, refuses politely
//! when the URL carried no token, and reports the content height to the parent page.

use super::options::EmbedOptions;
use super::refusal::{Refusal, RefusalView};
use super::resize::HeightReporter;
use crate::ui::charts::dom::ForcedScheme;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// Sets `data-theme` and the accent custom properties on `<html>`, which the stylesheets honour.
pub fn apply_to_document(options: &EmbedOptions) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    // Failing to set an attribute only leaves the default look.
    let _ = root.set_attribute("data-theme", options.theme.attribute());
    let _ = root.class_list().add_1("embed");
    if let Some(accent) = &options.accent {
        let style = format!(
            "--accent: {0}; --focus: {0}; --accent-text: {1};",
            accent.css(),
            accent.text_colour()
        );
        let _ = root.set_attribute("style", &style);
    }
}

/// The frame of an embed page; `has_token` says whether the URL carried one.
#[component]
pub fn EmbedFrame(
    /// Whether a `#token=` was found (without one, nothing can be fetched).
    has_token: bool,
    /// The routed page.
    children: Children,
) -> impl IntoView {
    let query = use_query_map();
    let options = query.with_untracked(|q| EmbedOptions::from_lookup(|k| q.get(k)));
    apply_to_document(&options);
    if let Some(dark) = options.theme.forced_dark() {
        provide_context(ForcedScheme { dark });
    }
    provide_context(options);

    let root = NodeRef::<Div>::new();
    let reporter: Rc<RefCell<Option<HeightReporter>>> = Rc::default();
    let slot = reporter.clone();
    Effect::new(move |_| {
        if let Some(element) = root.get()
            && slot.borrow().is_none()
        {
            *slot.borrow_mut() = Some(HeightReporter::start(element.into()));
        }
    });
    // Single-threaded wasm: the wrapper is only touched on the thread that made it.
    let reporter = SendWrapper::new(reporter);
    on_cleanup(move || drop(reporter.take().borrow_mut().take()));

    let content = if has_token {
        children().into_any()
    } else {
        view! { <RefusalView refusal=Refusal::NoToken on_retry=|()| {} /> }.into_any()
    };
    view! {
        <div class="embed-root" node_ref=root data-testid="embed-root">
            <main class="embed-main">{content}</main>
        </div>
    }
}

/// The page's heading, left out when the partner asked for `hide_title=1`. The text stays
/// available to screen readers either way.
#[component]
pub fn EmbedTitle(
    /// The heading.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let hidden = use_context::<EmbedOptions>().is_some_and(|o| o.hide_title);
    view! {
        <h1 class="embed-title" class:visually-hidden=hidden data-testid="embed-title">
            {move || text.get()}
        </h1>
    }
}
