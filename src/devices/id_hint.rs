//! What is said about a device id that is not an ICCID: the spec lists MiFi, module and
//! SoC devices, whose ids are looked up as typed, but CDRs are kept per SIM
//! (`/sims/{sim_id}/cdr`), so usage needs the SIM's ICCID.

use leptos::prelude::*;

/// The hint beside a looked-up id that is not an ICCID.
pub const NOT_AN_ICCID: &str =
    "Not an ICCID (18–22 digits): looked up as typed, as MiFi, module and SoC ids are.";

/// Why a device that is not a SIM shows no usage.
pub const USAGE_NEEDS_ICCID: &str = "Usage records are kept per SIM, so they need the SIM's ICCID.";

/// The hint and why no usage shows, in one sentence pair (usage sections and views).
pub fn no_usage_text() -> String {
    format!("{NOT_AN_ICCID} {USAGE_NEEDS_ICCID}")
}

/// The hint under a looked-up id that is not an ICCID.
#[component]
pub fn NotIccidHint() -> impl IntoView {
    view! { <p class="notice notice-hint" role="note" data-testid="not-iccid">{NOT_AN_ICCID}</p> }
}

/// In place of usage for a device that is not a SIM: the hint and why no usage shows.
#[component]
pub fn NoUsageForNonSim() -> impl IntoView {
    view! { <p class="notice notice-hint" role="note" data-testid="usage-not-iccid">{no_usage_text()}</p> }
}
