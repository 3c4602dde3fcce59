//! A rule's condition and delivery in words, for the rules list.

use cmp_api::proxy_api::alert_rule::{Condition, Delivery, WebhookFormat};

/// E.g. "Device plan use ≥ 80 % · all devices".
pub fn condition_text(condition: &Condition) -> String {
    match condition {
        Condition::DeviceUse { percent, devices } => format!(
            "Device plan use ≥ {percent} % this cycle · {}",
            listed(devices, "device")
        ),
        Condition::PoolUse { percent, pools } => {
            format!("Pool use ≥ {percent} % · {}", listed(pools, "pool"))
        }
        Condition::PoolExhaustion { pools } => format!(
            "Pool projected to run out before its period ends · {}",
            listed(pools, "pool")
        ),
        Condition::OrderPush { operations } => {
            let ops: Vec<String> = operations
                .iter()
                .map(|op| format!("{} ({})", op.label(), op.code()))
                .collect();
            format!("Order pushes: {}", ops.join(", "))
        }
    }
}

fn listed(list: &Option<Vec<String>>, what: &str) -> String {
    match list.as_deref() {
        None => format!("all {what}s"),
        Some([one]) => one.clone(),
        Some(many) => format!("{} {what}s", many.len()),
    }
}

/// E.g. "No webhooks" or "2 webhooks: hooks.example.com (JSON), …".
pub fn delivery_text(delivery: &Delivery) -> String {
    if delivery.webhooks.is_empty() {
        return "Dashboard only, no webhooks".into();
    }
    let hooks: Vec<String> = delivery
        .webhooks
        .iter()
        .map(|w| {
            let format = match w.format {
                WebhookFormat::Json => "JSON",
                WebhookFormat::Slack => "Slack",
            };
            format!("{} ({format})", w.url)
        })
        .collect();
    format!("Webhooks: {}", hooks.join(", "))
}
