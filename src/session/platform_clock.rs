//! The platform's time zone as the SPA last heard it from `/api/session`
//! (`limits.platform_utc_offset_minutes`, the proxy's `CMP_UPSTREAM_TZ`), and "today" on the
//! platform from it. The CDR history's 180 days count from the platform's date, not the
//! browser's, so a range the browser picks is one the proxy accepts.
//!
//! The offset is kept in localStorage too: the early usage load of a cold device page starts
//! before the session answers, and uses the last offset known. Until a session has ever
//! answered, the platform is taken to be on UTC. Reading [`offset`] or [`today`] inside a
//! reactive scope tracks it, so a range recomputes when the session brings another offset.

use cmp_api::CmpTime;
use cmp_api::proxy_api::Session;
use cmp_api::time::UtcOffset;
use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

/// The localStorage key of the last known offset, in minutes east of UTC.
pub const STORAGE_KEY: &str = "cmp.platform_utc_offset_minutes";

thread_local! {
    static OFFSET: ArcRwSignal<UtcOffset> = ArcRwSignal::new(stored().unwrap_or_default());
}

/// The platform's zone as last known (tracked in a reactive scope).
pub fn offset() -> UtcOffset {
    OFFSET.with(|o| o.get())
}

/// Today on the platform, midnight, `YYYY-MM-DD` (tracked in a reactive scope).
pub fn today() -> CmpTime {
    offset().today(js_sys::Date::now() as i64)
}

/// Keeps `offset` as the platform's zone, here and in localStorage.
pub fn remember(offset: UtcOffset) {
    OFFSET.with(|o| {
        if o.get_untracked() != offset {
            o.set(offset);
        }
    });
    if let Some(storage) = storage() {
        // A failing storage (private mode quota) only costs the next cold start the offset.
        let _ = storage.set_item(STORAGE_KEY, &offset.minutes.to_string());
    }
}

/// Keeps the zone a session announces; a session from a proxy that announces no limits
/// leaves the last known one.
pub fn learn_from(session: &Session) {
    if let Some(limits) = &session.limits {
        remember(limits.platform_offset());
    }
}

/// The offset localStorage holds, if any and valid.
pub fn stored() -> Option<UtcOffset> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    UtcOffset::from_minutes(text.trim().parse().ok()?)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
