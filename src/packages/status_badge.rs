//! A coloured badge for a package's catalogue status.

use cmp_api::PackageStatus;
use leptos::prelude::*;

/// `available` in green, `obsolete` in grey, anything else in amber.
#[component]
pub fn StatusBadge(
    /// The package's status, if the upstream gave one.
    status: Option<PackageStatus>,
) -> impl IntoView {
    let (class, label) = match &status {
        Some(PackageStatus::Available) => ("badge badge-ok", PackageStatus::Available.label()),
        Some(PackageStatus::Obsolete) => ("badge badge-muted", PackageStatus::Obsolete.label()),
        Some(other) => ("badge badge-warn", other.label()),
        None => ("badge badge-muted", "not stated".to_owned()),
    };
    view! { <span class=class>{label}</span> }
}
