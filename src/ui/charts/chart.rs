//! The `<Chart>` component: draws a reactive `charming::Chart` with ECharts into its own
//! element, redraws (replacing, not merging, paced by [`DrawPacer`]) when the chart changes,
//! follows the element's size and the colour scheme (the system's, or the one a page fixes),
//! and disposes the instance when unmounted. ECharts itself is loaded by the first chart's
//! mount ([`echarts::load`]) or earlier by a page that will chart ([`echarts::prefetch`]),
//! never with the app.

use super::dom::{ForcedScheme, SchemeWatch, SizeWatch, prefers_dark};
use super::echarts::{self, ChartError};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::Element;

/// Source of element ids, unique per page load, so several charts can share a page.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// Paces redraws of one chart. A chart fed page by page (the 180-day usage: 24 pages, five
/// charts) would otherwise rebuild and re-render every chart for every page, which cost more
/// than fetching and decoding all the data (#8). Redraws come at most once per
/// [`MIN_REDRAW_GAP_MS`] or three times the last draw's duration, whichever is longer; the
/// last change is always drawn, at most one gap late. Every draw is a task of its own.
#[derive(Default)]
struct DrawPacer {
    /// When the last draw ended and how long it took (ms since the epoch / ms).
    last: Cell<Option<(f64, f64)>>,
    /// A timer will draw the latest option.
    scheduled: Cell<bool>,
}

/// The shortest time between two draws of one chart.
const MIN_REDRAW_GAP_MS: f64 = 120.0;

impl DrawPacer {
    /// `None` to draw now, else how long to wait.
    fn wait_before_next(&self, now: f64) -> Option<Duration> {
        let (ended, took) = self.last.get()?;
        let gap = MIN_REDRAW_GAP_MS.max(3.0 * took);
        let wait = ended + gap - now;
        (wait > 0.0).then(|| Duration::from_millis(wait.ceil() as u64))
    }

    /// Claims the one pending timer; false if a draw is already scheduled.
    fn schedule(&self) -> bool {
        !self.scheduled.replace(true)
    }

    fn scheduled_ran(&self) {
        self.scheduled.set(false);
    }

    fn drawn(&self, started: f64, ended: f64) {
        self.last.set(Some((ended, (ended - started).max(0.0))));
    }
}

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
    /// While true the chart is not drawn (its space stays): for data still on its way. The
    /// first draw is ECharts' costliest, and taken early it holds up the code that would
    /// put the next requests on the wire (#8).
    #[prop(optional, into)]
    wait: Signal<bool>,
    /// Called with the index of the data item clicked (a bar), e.g. to open what it shows.
    #[prop(default = None)]
    on_click: Option<Callback<usize>>,
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

    // Lives as long as the chart's closures; the instance is disposed before it is dropped.
    let click = on_click.map(|on_click| {
        Rc::new(Closure::<dyn FnMut(JsValue)>::new(
            move |params: JsValue| {
                let index = js_sys::Reflect::get(&params, &JsValue::from_str("dataIndex"))
                    .ok()
                    .and_then(|i| i.as_f64());
                if let Some(index) = index.filter(|i| *i >= 0.0) {
                    on_click.run(index as usize);
                }
            },
        ))
    });
    let pacer = Rc::new(DrawPacer::default());
    let draw = {
        let slot = mounted.clone();
        let pacer = pacer.clone();
        let click = click.clone();
        move || {
            let Some(element) = slot.borrow().as_ref().map(|m| m.element.clone()) else {
                return;
            };
            let (Some(is_dark), Some(true)) = (dark.try_get_untracked(), ready.try_get_untracked())
            else {
                return;
            };
            let started = js_sys::Date::now();
            let handler = click.as_ref().map(|c| c.as_ref().as_ref().unchecked_ref());
            let Some(result) =
                option.try_with_untracked(|chart| echarts::draw(&element, chart, is_dark, handler))
            else {
                return;
            };
            pacer.drawn(started, js_sys::Date::now());
            if result.is_ok() {
                crate::marks::mark(crate::marks::CHART_DRAWN);
            }
            failure.try_set(result.err());
        }
    };
    let draw = Rc::new(draw);

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
                element,
            });
        }
        // Subscribe to everything a draw reads; the draw itself may come later.
        dark.track();
        option.track();
        if !ready.get() || wait.get() {
            return;
        }
        // Even a draw due now runs in a task of its own: the charts of a page change in one
        // reactive update (a page of usage records feeds five), and drawn there, in one task,
        // they held the main thread for 270-430 ms on the 180-day load.
        let wait = pacer
            .wait_before_next(js_sys::Date::now())
            .unwrap_or_default();
        // A draw already scheduled reads the option as it is when it runs.
        if pacer.schedule() {
            let (draw, pacer) = (draw.clone(), pacer.clone());
            set_timeout(
                move || {
                    pacer.scheduled_ran();
                    draw();
                },
                wait,
            );
        }
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
