//! `/packages`: the catalogue, paged by the upstream, or searched and filtered here over
//! every package when a search or filter is active. All state lives in the URL query.

use super::filters::PackageFilters;
use super::table::PackagesTable;
use crate::api::{self, ApiError};
use crate::packages::query::PackagesQuery;
use crate::packages::search::{country_names, filtered_page};
use crate::session::auth::Auth;
use crate::ui::PageNoun;
use crate::ui::{ErrorView, LoadingTable, Pager};
use cmp_api::{Package, PackagePage};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;

/// What the page needs from the proxy for the current query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// One upstream page: `(page_no, page_size)`.
    Page(u64, u64),
    /// The whole catalogue, to search and filter here.
    All,
}

/// What came back for a [`Need`].
#[derive(Debug, Clone)]
enum Fetched {
    Page(PackagePage),
    All(Arc<Vec<Package>>),
}

/// The Packages page.
#[component]
pub fn PackagesPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let can_order = crate::session::role::use_is_admin();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| PackagesQuery::from_lookup(|k| p.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |(next, replace): (PackagesQuery, bool)| {
        let url = format!("/packages{}", next.to_query_string());
        navigate(
            &url,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let need = Memo::new(move |_| {
        let q = query.get();
        if q.is_filtered() {
            Need::All
        } else {
            Need::Page(q.page, q.size)
        }
    });
    // The whole catalogue, kept for the visit so typing in the search box fetches once.
    let catalogue: StoredValue<Option<Arc<Vec<Package>>>> = StoredValue::new(None);
    let data = LocalResource::new(move || {
        let need = need.get();
        async move {
            let result = match need.clone() {
                Need::Page(page_no, size) => match super::prefetch::take(page_no, size) {
                    Some(early) => early.await,
                    None => api::sync_packages(page_no, size).await,
                }
                .map(Fetched::Page),
                Need::All => match catalogue.get_value() {
                    Some(all) => Ok(Fetched::All(all)),
                    None => api::all_packages().await.map(|all| {
                        let all = Arc::new(all);
                        catalogue.set_value(Some(all.clone()));
                        Fetched::All(all)
                    }),
                },
            };
            if let Err(error) = &result {
                auth.note_error(error);
            }
            (need, result)
        }
    });
    let retry = Callback::new(move |()| {
        catalogue.set_value(None);
        data.refetch();
    });
    let countries = Signal::derive(move || match data.get() {
        Some((_, Ok(Fetched::All(all)))) => country_names(&all),
        Some((_, Ok(Fetched::Page(page)))) => country_names(&page.package),
        _ => Vec::new(),
    });
    let body = move || {
        let Some((fetched_for, result)) = data.get() else {
            return view! { <LoadingTable /> }.into_any();
        };
        // A stale answer (or the cancelled request behind it) is not the page asked for.
        if fetched_for != need.get() || matches!(result, Err(ApiError::Aborted)) {
            return view! { <LoadingTable /> }.into_any();
        }
        let query = query.get();
        let page = match result {
            Err(error) => return view! { <ErrorView error on_retry=retry /> }.into_any(),
            Ok(Fetched::Page(page)) => page,
            Ok(Fetched::All(all)) => filtered_page(&all, &query),
        };
        if page.package.is_empty() {
            return empty_state(&query, &page, go).into_any();
        }
        let info = page.page;
        let on_page = Callback::new(move |page_no| {
            go.run((
                PackagesQuery {
                    page: page_no,
                    ..query.clone()
                },
                false,
            ))
        });
        view! {
            <PackagesTable page can_order={can_order.get() == Some(true)} />
            <Pager info noun=PageNoun::PACKAGES on_page />
        }
        .into_any()
    };
    view! {
        <section class="page" aria-labelledby="packages-title">
            <div class="page-head">
                <h1 id="packages-title">"Packages"</h1>
                <p class="muted">"The data plans in the platform's catalogue. Volumes are per service cycle."</p>
            </div>
            <PackageFilters query countries on_change=go />
            <div class="page-body">{body}</div>
        </section>
    }
}

/// The empty state, saying what to change to see packages.
fn empty_state(
    query: &PackagesQuery,
    page: &PackagePage,
    go: Callback<(PackagesQuery, bool)>,
) -> impl IntoView {
    let (text, action) = if query.is_filtered() {
        (
            "No packages match this search and these filters. Change the search words or clear the filters.",
            "Clear filters",
        )
    } else if query.page > 1 && query.page > page.page.total_pages {
        (
            "This page is past the end of the catalogue. Go back to the first page.",
            "Go to page 1",
        )
    } else {
        (
            "The platform's catalogue has no packages yet. Ask your platform contact to publish some.",
            "",
        )
    };
    let reset = query.with_filters("", "", None);
    view! {
        <div class="notice notice-empty" data-testid="empty" role="status">
            <p class="notice-title">"No packages to show"</p>
            <p class="notice-text">{text}</p>
            {(!action.is_empty()).then(|| view! {
                <button type="button" class="button" on:click=move |_| go.run((reset.clone(), false))>{action}</button>
            })}
        </div>
    }
}
