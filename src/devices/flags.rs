//! A device's feature flags (OTA, BIP, multi-IMSI) in words.

use cmp_api::{DeviceInfo, FeatureFlag, MultiImsiFlag};
use leptos::prelude::*;

/// "Has OTA", "No BIP", ...: one line per flag; a flag the platform did not send says so.
pub fn flag_text(feature: &str, flag: Option<bool>) -> String {
    match flag {
        Some(true) => format!("Has {feature}"),
        Some(false) => format!("No {feature}"),
        None => format!("{feature}: not reported"),
    }
}

fn feature(flag: &Option<FeatureFlag>) -> Option<bool> {
    match flag {
        Some(FeatureFlag::Yes) => Some(true),
        Some(FeatureFlag::No) => Some(false),
        _ => None,
    }
}

/// The device's flags as a short list.
#[component]
pub fn DeviceFlags(
    /// The device.
    device: DeviceInfo,
) -> impl IntoView {
    let multi = match device.multi_imsi_flag {
        Some(MultiImsiFlag::Yes) => Some(true),
        Some(MultiImsiFlag::No) => Some(false),
        _ => None,
    };
    let items = [
        flag_text("OTA (over-the-air updates)", feature(&device.ota_flag)),
        flag_text(
            "BIP (bearer independent protocol)",
            feature(&device.bip_flag),
        ),
        match multi {
            Some(true) => "Multi-IMSI device".to_owned(),
            Some(false) => "Single-IMSI device".to_owned(),
            None => "Multi-IMSI: not reported".to_owned(),
        },
    ];
    view! {
        <ul class="device-flags" data-testid="device-flags">
            {items.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
        </ul>
    }
}
