//! Order-push rules, evaluated as each push is stored (the webhook hands the new event over
//! once its 200 is decided): an alert per rule and event, fired once (its cycle is the
//! event's sequence number). A push whose evaluation did not happen (the process died, the
//! store failed) is caught up by the next scheduled run ([`super::evaluate`]).

use super::conditions::push_finding;
use super::firing::fire;
use crate::state::AppState;
use crate::store::StoreError;
use cmp_api::proxy_api::OrderEvent;
use cmp_api::proxy_api::alert_rule::Condition;

/// Evaluates every enabled order-push rule for `event`; failures are logged.
pub async fn on_event(state: AppState, event: OrderEvent) {
    if let Err(e) = evaluate(&state, &event).await {
        tracing::warn!(seq = event.seq, error = %e, "order-push rules not evaluated now; the next scheduled run catches up");
    }
}

async fn evaluate(state: &AppState, event: &OrderEvent) -> Result<(), StoreError> {
    for rule in state.store.alert_rules().await? {
        let push_rule = matches!(rule.rule.rule.condition, Condition::OrderPush { .. });
        if !push_rule || !rule.rule.rule.enabled {
            continue;
        }
        if let Some(new) = push_finding(&rule, event) {
            fire(state, &rule, new).await?;
        }
    }
    Ok(())
}
