//! Firing and resolving, with what every path does alike: the store's once-per-cycle insert
//! (with the rule's webhook deliveries in the same transaction), the counters operators
//! watch, and a log line per alert.

use crate::state::AppState;
use crate::store::StoreError;
use crate::store::alert_rules::StoredRule;
use crate::store::alerts::NewAlert;
use cmp_api::proxy_api::alert::{Alert, AlertSubject};
use cmp_api::proxy_api::alert_rule::Condition;

/// The metric label of a rule's condition.
pub fn kind(condition: &Condition) -> &'static str {
    match condition {
        Condition::DeviceUse { .. } => "device_use",
        Condition::PoolUse { .. } => "pool_use",
        Condition::PoolExhaustion { .. } => "pool_exhaustion",
        Condition::OrderPush { .. } => "order_push",
    }
}

/// Fires `new` for `rule` unless it fired before in its cycle: the new alert, or `None`.
pub async fn fire(
    state: &AppState,
    rule: &StoredRule,
    new: NewAlert,
) -> Result<Option<Alert>, StoreError> {
    let webhooks = rule.rule.rule.delivery.webhooks.clone();
    let fired = state.store.fire_alert(new, webhooks).await?;
    if let Some(alert) = &fired {
        state
            .metrics
            .alerts_fired
            .inc(&[kind(&rule.rule.rule.condition)]);
        tracing::info!(alert = alert.id, rule = alert.rule_id, cycle = %alert.cycle, "alert fired: {}", alert.sentence);
    }
    Ok(fired)
}

/// Resolves those of `alerts` still open: the ones resolved now.
pub async fn resolve(state: &AppState, alerts: &[Alert]) -> Result<Vec<Alert>, StoreError> {
    let resolved = state
        .store
        .resolve_alerts(alerts.iter().map(|a| a.id).collect())
        .await?;
    for alert in &resolved {
        let kind = match alert.subject {
            AlertSubject::Device { .. } => "device",
            AlertSubject::Pool { .. } => "pool",
            AlertSubject::Order { .. } => "order",
        };
        state.metrics.alerts_resolved.inc(&[kind]);
        tracing::info!(alert = alert.id, rule = alert.rule_id, "alert resolved");
    }
    Ok(resolved)
}
