//! `/embed/overview`: the Overview for a partner's customer, limited to the devices and pools
//! the embed token names (its scope, as `/api/session` reports it): the same tiles, top
//! devices and closest to the limit, without links into the dashboard and without the
//! events tile (embed tokens do not read the proxy's stored events). An embed token's
//! queryOrder must name one of its devices, so each device's orders are read in turn.

use super::frame::EmbedTitle;
use super::refusal::{Refusal, RefusalView};
use crate::api::{ApiError, Session};
use crate::overview::handle::use_overview;
use crate::overview::load::Scope;
use crate::overview::page::{OverviewProgress, OverviewSections};
use crate::session::platform_clock;
use leptos::prelude::*;

/// What an embed token's Overview reads: its devices one by one, its pools if it names any.
pub fn embed_scope(session: &Session) -> Scope {
    let names_pools = session.pools.as_ref().is_some_and(|p| !p.is_empty());
    Scope {
        devices: Some(session.devices.clone().unwrap_or_default()),
        pools_off: (!names_pools).then_some("This link covers no traffic pools."),
        events_off: Some("Order events are not part of embedded views."),
    }
}

/// The embedded Overview.
#[component]
pub fn OverviewEmbed() -> impl IntoView {
    // The chart waits for the orders; ECharts can arrive meanwhile.
    crate::ui::charts::echarts::prefetch();
    let session = LocalResource::new(|| async {
        let answer = crate::api::session().await;
        if let Ok(session) = &answer {
            platform_clock::learn_from(session);
        }
        answer
    });
    let scope = Memo::new(move |_| match session.get() {
        Some(Ok(session)) => Some(embed_scope(&session)),
        _ => None,
    });
    let retry = Callback::new(move |()| session.refetch());
    let body = move || match session.get() {
        Some(Err(error)) if error != ApiError::Aborted => {
            let refusal = Refusal::from_error(error, "this fleet");
            view! { <RefusalView refusal on_retry=retry /> }.into_any()
        }
        _ => ().into_any(),
    };
    let (data, tied) = use_overview(scope.into());
    view! {
        <section class="embed-page embed-overview overview" data-testid="embed-overview">
            <EmbedTitle text="Fleet overview".to_owned() />
            <p class="muted embed-caption">
                {move || format!(
                    "The devices and pools of this link. Cycles and dates are platform time ({}).",
                    platform_clock::offset()
                )}
            </p>
            {body}
            <Show when=move || scope.with(Option::is_some)>
                <OverviewProgress data tied />
                <OverviewSections data links=false />
            </Show>
        </section>
    }
}
