//! `/orders/new` (admins only): order one package for many devices. The package comes from
//! the catalogue (`?package=CODE` preselects it), the device list is checked line by line
//! before sending (against the proxy's `max_bulk_devices` too), the request goes out once,
//! and each device's result can be downloaded.

use super::devices::BulkDevices;
use super::options::{BulkOptions, parse_count};
use super::package_picker::BulkPackagePicker;
use super::results::BulkResults;
use crate::api::{ApiError, limits, orders};
use crate::session::role::use_is_admin;
use cmp_api::{BatchOrderRequest, BatchOrderResult, OpenFlag};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The Bulk order page: the form for admins, an explanation for everyone else.
#[component]
pub fn BulkOrderPage() -> impl IntoView {
    let is_admin = use_is_admin();
    let params = use_query_map();
    let package = params
        .with_untracked(|p| p.get("package"))
        .unwrap_or_default();
    // The proxy refuses longer lists; when its limit cannot be read, the proxy still checks.
    let announced = LocalResource::new(limits::limits);
    let max_devices = Signal::derive(move || {
        announced
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|l| l.max_bulk_devices)
    });
    view! {
        <section class="page" aria-labelledby="bulk-title">
            <div class="page-head">
                <h1 id="bulk-title">"Bulk order"</h1>
                <p class="muted">"Order one package for many devices at once."</p>
            </div>
            {move || match is_admin.get() {
                None => view! { <p class="muted" data-testid="loading">"Checking your role…"</p> }.into_any(),
                Some(false) => view! {
                    <div class="notice" data-testid="bulk-forbidden" role="status">
                        <p class="notice-title">"Only admins can order packages"</p>
                        <p class="notice-text">
                            "Your access token is for viewing. Ask an admin of your account to place the order, "
                            "or to give you an admin token."
                        </p>
                        <A href="/orders" attr:class="button button-quiet">"See orders"</A>
                    </div>
                }.into_any(),
                Some(true) => view! { <BulkOrderForm package=package.clone() max_devices /> }.into_any(),
            }}
        </section>
    }
}

/// The form itself, with its one submission and the results.
#[component]
pub fn BulkOrderForm(
    /// The package code chosen to start with (empty: none).
    #[prop(into)]
    package: String,
    /// Most devices one order may list, as the proxy announces it (`None`: not known).
    #[prop(optional, into)]
    max_devices: Signal<Option<usize>>,
) -> impl IntoView {
    let package = RwSignal::new(package);
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(OpenFlag::No);
    let count = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<BatchOrderResult, ApiError>>);
    let report = Memo::new(move |_| text.with(|t| cmp_api::validate::device_list(t)));
    let done = move || matches!(result.get(), Some(Ok(_)));
    let locked = Signal::derive(move || busy.get() || done());
    let blocker = move || {
        if package.with(String::is_empty) {
            Some("Choose a package.".to_owned())
        } else if report.with(|r| r.valid.is_empty()) {
            Some("Enter at least one valid device id.".to_owned())
        } else if let Some(message) =
            too_many_devices(report.with(|r| r.valid.len()), max_devices.get())
        {
            Some(message)
        } else if parse_count(&count.get()).is_err() {
            Some("Fix the subscribed count.".to_owned())
        } else {
            None
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Checked and set before sending, so a double click or Enter sends one request.
        if busy.get_untracked() || done() || blocker().is_some() {
            return;
        }
        let Ok(subscribed_count) = parse_count(&count.get_untracked()) else {
            return;
        };
        let request = BatchOrderRequest {
            device_list: report.get_untracked().valid,
            is_open: open.get_untracked(),
            package_code: package.get_untracked(),
            subscribed_count,
        };
        busy.set(true);
        result.set(None);
        leptos::task::spawn_local(async move {
            let answer = orders::batch_order(&request).await;
            busy.try_set(false);
            result.try_set(Some(answer));
        });
    };
    let start_over = move |_| {
        text.set(String::new());
        count.set(String::new());
        result.set(None);
    };
    let label = move || {
        let n = report.with(|r| r.valid.len());
        match (busy.get(), n) {
            (true, _) => "Ordering…".to_owned(),
            (false, 1) => "Order for 1 device".to_owned(),
            (false, n) => format!("Order for {n} devices"),
        }
    };
    let outcome = move || {
        match result.get() {
        None => None,
        Some(Ok(answer)) => Some(view! {
            <BulkResults results=answer.device_order package_code=package.get_untracked() />
            <button type="button" class="button button-quiet" on:click=start_over>"Start a new order"</button>
        }.into_any()),
        Some(Err(error)) => Some(view! {
            <div class="notice notice-error" data-testid="error" role="alert">
                <p class="notice-title">"The order was not placed"</p>
                <p class="notice-text">{error.to_string()}</p>
                <p class="notice-text">
                    "If the connection failed, check the Orders page before sending again: the platform may have received it."
                </p>
            </div>
        }.into_any()),
    }
    };
    view! {
        <form class="bulk-form" on:submit=submit novalidate>
            <BulkPackagePicker selected=package locked />
            <BulkDevices text report locked />
            <BulkOptions open count locked />
            <div class="bulk-submit">
                <button type="submit" class="button" data-testid="bulk-submit"
                    disabled=move || locked.get() || blocker().is_some()
                    aria-describedby="bulk-blocker">
                    {label}
                </button>
                <span id="bulk-blocker" class="muted">{move || if done() { None } else { blocker() }}</span>
            </div>
        </form>
        <div aria-live="polite">{outcome}</div>
    }
}

/// The reason a list of `valid` devices cannot be sent when one order may list at most `max`.
pub fn too_many_devices(valid: usize, max: Option<usize>) -> Option<String> {
    let max = max?;
    (valid > max).then(|| {
        format!(
            "This list has {valid} devices; one order may list at most {max}. Split it into several orders."
        )
    })
}
