//! `/api/alerts/rules`: admins add, replace and remove usage alert rules; every dashboard
//! token may read them (webhook URLs cut to their host for non-admins, see
//! [`super::scope::redacted`]); a token limited to some devices or pools sees and changes
//! only rules within them. Every draft goes through cmp-api's [`RuleDraft::check`], the
//! check the SPA's form runs, so a refusal names the same field (`data.field`) in the same
//! words. Every change, and every refused change, is written to the audit log. Removing or
//! switching off a rule, or changing what kind of thing it watches, resolves its open alerts.

use super::allow;
use super::firing::{kind, resolve};
use super::scope::{check_names, redacted, visible_to};
use crate::access::caller::{Caller, dashboard_only};
use crate::access::identity::{Identity, Role};
use crate::error::ApiError;
use crate::forward::audit_trail::{self, REFUSED};
use crate::state::AppState;
use crate::store::alert_rules::{RuleOwner, StoredRule};
use crate::store::audit::AuditEntry;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use cmp_api::Envelope;
use cmp_api::proxy_api::alert_rule::{AlertRule, RuleDraft, RuleList};
use serde_json::{Value, json};

/// What the audit log calls each change.
const CREATE: &str = "createAlertRule";
const UPDATE: &str = "updateAlertRule";
const DELETE: &str = "deleteAlertRule";

/// `GET /api/alerts/rules`: the rules the caller may see, oldest first.
pub async fn list(
    State(state): State<AppState>,
    Caller(who): Caller,
) -> Result<Json<Envelope<RuleList>>, ApiError> {
    dashboard_only(&who, "reading alert rules")?;
    let rules = state
        .store
        .alert_rules()
        .await?
        .into_iter()
        .filter(|r| visible_to(&who, r))
        .map(|r| shown_to(&who, r.rule))
        .collect();
    Ok(Json(Envelope::ok(RuleList { rules })))
}

/// `POST /api/alerts/rules` (admins): adds the rule in the body.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<Envelope<AlertRule>>, ApiError> {
    let who = may_change(&caller)?;
    let draft = admit(&state, who, CREATE, &body).await?;
    let stored = state
        .store
        .insert_alert_rule(draft, RuleOwner::of(who))
        .await?;
    let id = stored.rule.id;
    audit(
        &state,
        who,
        CREATE,
        json!(stored.rule),
        format!("alert rule {id} added"),
    )
    .await;
    Ok(Json(Envelope::ok(stored.rule)))
}

/// `PUT /api/alerts/rules/{id}` (admins): replaces the rule with the one in the body.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Envelope<AlertRule>>, ApiError> {
    let who = may_change(&caller)?;
    let before = existing(&state, who, &id).await?;
    let id = before.rule.id;
    let draft = admit(&state, who, UPDATE, &body).await?;
    let stored = state
        .store
        .update_alert_rule(id, draft, RuleOwner::of(who))
        .await?
        .ok_or_else(|| no_rule(id))?;
    let (was, is) = (&before.rule.rule, &stored.rule.rule);
    if !is.enabled || kind(&was.condition) != kind(&is.condition) {
        // Nothing will evaluate these alerts again as they were: they end here.
        resolve_all(&state, id).await?;
    }
    audit(
        &state,
        who,
        UPDATE,
        json!(stored.rule),
        format!("alert rule {id} replaced"),
    )
    .await;
    Ok(Json(Envelope::ok(stored.rule)))
}

/// `DELETE /api/alerts/rules/{id}` (admins): removes the rule.
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Envelope<()>>, ApiError> {
    let who = may_change(&caller)?;
    let stored = existing(&state, who, &id).await?;
    let id = stored.rule.id;
    if !state.store.delete_alert_rule(id).await? {
        return Err(no_rule(id));
    }
    resolve_all(&state, id).await?;
    audit(
        &state,
        who,
        DELETE,
        json!(stored.rule),
        format!("alert rule {id} removed"),
    )
    .await;
    Ok(Json(Envelope::ok_empty()))
}

/// Resolves every open alert of rule `id`.
async fn resolve_all(state: &AppState, id: u64) -> Result<(), ApiError> {
    let open = state.store.open_alerts(id).await?;
    resolve(state, &open).await?;
    Ok(())
}

/// The caller, if it may change rules: an admin dashboard token.
fn may_change(caller: &Caller) -> Result<&Identity, ApiError> {
    dashboard_only(&caller.0, "changing alert rules")?;
    caller.require_admin("changing alert rules")?;
    Ok(&caller.0)
}

/// The rule the path names, if `who` may see it; 404 otherwise (a rule beyond a token's
/// scope is not shown to exist).
async fn existing(state: &AppState, who: &Identity, id: &str) -> Result<StoredRule, ApiError> {
    let missing = || ApiError::NotFound(format!("there is no alert rule {id}"));
    let id: u64 = id.trim().parse().map_err(|_| missing())?;
    match state.store.alert_rule(id).await? {
        Some(stored) if visible_to(who, &stored) => Ok(stored),
        _ => Err(no_rule(id)),
    }
}

fn no_rule(id: u64) -> ApiError {
    ApiError::NotFound(format!(
        "there is no alert rule {id}; it may have been removed (reload the rules)"
    ))
}

/// The checked draft in `body`, or the refusal (already written to the audit log).
async fn admit(
    state: &AppState,
    who: &Identity,
    operation: &str,
    body: &[u8],
) -> Result<RuleDraft, ApiError> {
    let checked = read_draft(body).and_then(|draft| {
        let draft = draft.check()?;
        check_names(who, &draft)?;
        check_webhooks(state, &draft)?;
        Ok(draft)
    });
    if let Err(refused) = &checked {
        let text = String::from_utf8_lossy(body).into_owned();
        let message = format!("refused by the proxy: {refused}");
        let entry = AuditEntry::new(who, operation, Value::String(text), REFUSED.into(), message);
        audit_trail::write(state, entry).await;
    }
    checked
}

/// Refuses webhooks this server would not send: a host outside `CMP_ALERT_WEBHOOK_ALLOW`,
/// or any webhook at all without `CMP_ALERT_WEBHOOK_SECRET` to sign it.
fn check_webhooks(state: &AppState, draft: &RuleDraft) -> Result<(), ApiError> {
    let hooks = &draft.delivery.webhooks;
    if !hooks.is_empty() && state.config.alert_webhook_secret.is_none() {
        return Err(ApiError::RefusedField {
            field: "delivery.webhooks".into(),
            message: "this server cannot sign webhooks yet: the operator must set CMP_ALERT_WEBHOOK_SECRET first (leave the webhooks out meanwhile)".into(),
        });
    }
    for (i, hook) in hooks.iter().enumerate() {
        allow::check_url(&state.config.alert_webhook_allow, &hook.url).map_err(|message| {
            ApiError::RefusedField {
                field: format!("delivery.webhooks[{i}].url"),
                message,
            }
        })?;
    }
    Ok(())
}

/// The body read as a rule; a body that is not one is refused as a whole (`body`).
fn read_draft(body: &[u8]) -> Result<RuleDraft, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::RefusedField {
        field: "body".into(),
        message: format!(
            "the body is not an alert rule ({e}); send {{\"name\":…,\"condition\":{{\"kind\":\"device_use\",\"percent\":80}},\"delivery\":{{\"webhooks\":[]}},\"enabled\":true}}"
        ),
    })
}

async fn audit(state: &AppState, who: &Identity, operation: &str, params: Value, message: String) {
    let entry = AuditEntry::new(who, operation, params, "0000".into(), message);
    audit_trail::write(state, entry).await;
}

/// `rule` as `who` may see it.
fn shown_to(who: &Identity, rule: AlertRule) -> AlertRule {
    match who.role {
        Role::Admin => rule,
        Role::Viewer => redacted(rule),
    }
}
