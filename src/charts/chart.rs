//! The `<Chart>` component: draws a reactive `charming::Chart` with ECharts into its own
//! element, redraws (replacing, not merging) when the chart changes, follows the element's
//! size and the colour scheme (the system's, or the one a page fixes), and disposes the
//! instance when unmounted. ECharts itself is loaded on the first chart's mount
//! ([`echarts::load`]), not with the app.

use super::dom::{ForcedScheme, SchemeWatch, SizeWatch, prefers_dark};
use super::echarts::{self, ChartError};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use web_sys::Element;

/// Source of element ids, unique per page load, so several charts can share a page.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// What lives as long as the chart is mounted; dropping it stops the watchers.
struct Mounted {
    element: Element,
    _size: Option<SizeWatch>,
    _scheme: Option<SchemeWatch>,
}

/// A chart drawn by ECharts. The canvas is hidden from assistive technology, which reads
/// `summary` instead; when ECharts is missing the summary is shown as text.
#[component]
pub fn Chart(
    /// The chart to draw; every change replaces the previous options entirely.
    #[prop(into)]
    option: Signal<charming::Chart>,
    /// A sentence or two saying what the chart shows, for people who cannot see it.
    #[prop(into)]
    summary: Signal<String>,
    /// CSS height of the drawing area.
    #[prop(default = "260px")]
    height: &'static str,
) -> impl IntoView {
    let id = format!("chart-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let node = NodeRef::<Div>::new();
    // A page with a fixed scheme (an embed frame) wins over the system setting.
    let forced = use_context::<ForcedScheme>();
    let dark = RwSignal::new(forced.map_or_else(prefers_dark, |f| f.dark));
    let failure = RwSignal::new(None::<ChartError>);
    let mounted: Rc<RefCell<Option<Mounted>>> = Rc::default();
    let ready = RwSignal::new(echarts::is_loaded());
    if !ready.get_untracked() {
        leptos::task::spawn_local(async move {
            // The chart may be gone by the time the script arrives: then these do nothing.
            match echarts::load().await {
                Ok(()) => {
                    ready.try_set(true);
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    }

    let slot = mounted.clone();
    Effect::new(move |_| {
        let Some(div) = node.get() else { return };
        let element: Element = div.into();
        if slot.borrow().is_none() {
            let resized = element.clone();
            *slot.borrow_mut() = Some(Mounted {
                _size: SizeWatch::new(&element, move || echarts::resize(&resized)),
                _scheme: forced
                    .is_none()
                    .then(|| SchemeWatch::new(move |is_dark| dark.set(is_dark)))
                    .flatten(),
                element: element.clone(),
            });
        }
        let is_dark = dark.get();
        if !ready.get() {
            return;
        }
        let result = option.with(|chart| echarts::draw(&element, chart, is_dark));
        if result.is_ok() {
            crate::marks::mark(crate::marks::CHART_DRAWN);
        }
        failure.set(result.err());
    });

    // Single-threaded wasm: the wrapper is only ever touched on the thread that made it.
    let cleanup = SendWrapper::new(mounted);
    on_cleanup(move || {
        let taken = cleanup.take().borrow_mut().take();
        if let Some(mounted) = taken {
            echarts::dispose(&mounted.element);
        }
    });

    let fallback = move || {
        failure.get().map(|error| {
            view! {
                <p class="chart-unavailable" data-testid="chart-unavailable">
                    {format!("Chart unavailable: {error}. ")}
                    {move || summary.get()}
                </p>
            }
        })
    };
    view! {
        <figure class="chart">
            <div
                id=id
                node_ref=node
                class="chart-canvas"
                data-testid="chart"
                role="img"
                aria-label=move || summary.get()
                style:height=height
                style:display=move || if failure.get().is_some() { "none" } else { "block" }
            ></div>
            {fallback}
        </figure>
    }
}
