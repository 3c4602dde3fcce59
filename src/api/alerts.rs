//! Usage alerts (`/api/alerts...`): the rules admins write, the alerts they fire, paged and
//! filtered, acknowledging one, and an alert's webhook deliveries. The types are cmp-api's,
//! the ones the proxy writes. Mutations are sent once; a rule the proxy refuses comes back
//! as a [`FieldError`] naming the member at fault.

use super::{ApiError, FieldError, get_json, send_empty, send_json_naming_field};
use cmp_api::Envelope;
pub use cmp_api::proxy_api::alert::ALERT_SSE_EVENT;
use cmp_api::proxy_api::alert::{
    ALERTS_PATH, MAX_ALERT_PAGE_SIZE, alert_ack_path, alert_deliveries_path,
};
pub use cmp_api::proxy_api::alert::{
    Alert, AlertDeliveries, AlertDelivery, AlertFigures, AlertPage, AlertState, AlertSubject,
    AttemptOutcome, DeliveryAttempt, DeliveryState,
};
use cmp_api::proxy_api::alert_rule::{ALERT_RULES_PATH, alert_rule_path};
pub use cmp_api::proxy_api::alert_rule::{AlertRule, RuleDraft, RuleList};
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};

/// What the live notices need of an alert: which one, its rule's name and sentence, and
/// whether it is firing now. The stream's `event: alert` is read into this, and tabs relay
/// it to each other as this; the whole [`Alert`] is read only by the Alerts page. Every tab
/// runs the stream and the relay, so their decoder is part of the app's shell, and a few
/// fields there cost a fraction of the whole alert's (its subject and figures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertNotice {
    /// The store's id.
    pub id: u64,
    /// The rule's name when it fired.
    pub rule_name: String,
    /// Open or resolved.
    pub state: AlertState,
    /// When someone acknowledged it.
    #[serde(default)]
    pub acknowledged_at: Option<String>,
    /// What happened, in a sentence.
    pub sentence: String,
}

/// Reads one alert's notice from the JSON of an SSE `event: alert`'s `data:` line (the
/// alert's other fields are skipped).
pub fn decode_alert(text: &str) -> Result<AlertNotice, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Every rule the token may see, oldest first.
pub async fn list_rules() -> Result<Vec<AlertRule>, ApiError> {
    let envelope: Envelope<RuleList> = get_json(ALERT_RULES_PATH).await?;
    Ok(envelope.into_result()?.unwrap_or_default().rules)
}

/// Adds a rule (admins); the stored rule comes back.
pub async fn create_rule(draft: &RuleDraft) -> Result<AlertRule, FieldError> {
    let envelope: Envelope<AlertRule> =
        send_json_naming_field(Request::post(ALERT_RULES_PATH), draft).await?;
    stored(envelope)
}

/// Replaces rule `id` (admins); the stored rule comes back.
pub async fn update_rule(id: u64, draft: &RuleDraft) -> Result<AlertRule, FieldError> {
    let envelope: Envelope<AlertRule> =
        send_json_naming_field(Request::put(&alert_rule_path(id)), draft).await?;
    stored(envelope)
}

fn stored(envelope: Envelope<AlertRule>) -> Result<AlertRule, FieldError> {
    envelope
        .into_result()
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::Decode("the answer holds no rule".into()).into())
}

/// Removes rule `id` (admins); its open alerts resolve.
pub async fn delete_rule(id: u64) -> Result<(), ApiError> {
    let envelope: Envelope<serde_json::Value> =
        send_empty(Request::delete(&alert_rule_path(id))).await?;
    envelope.into_result()?;
    Ok(())
}

/// Page `page_no` (from 1) of the alerts, newest first; only the open ones with `open_only`.
/// The page also says how many are open in all (the bell's count).
pub async fn list_alerts(
    open_only: bool,
    page_no: u64,
    page_size: u64,
) -> Result<AlertPage, ApiError> {
    let state = if open_only { "open" } else { "all" };
    let size = page_size.clamp(1, MAX_ALERT_PAGE_SIZE);
    let path = format!("{ALERTS_PATH}?state={state}&page_no={page_no}&page_size={size}");
    let envelope: Envelope<AlertPage> = get_json(&path).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// How many alerts the token may see are open (the bell's count): a page of one open
/// alert, of which only the count is read.
pub async fn open_alert_count() -> Result<u64, ApiError> {
    /// The one field of an [`AlertPage`] the bell reads.
    #[derive(Debug, Default, Deserialize)]
    struct OpenCount {
        #[serde(default)]
        open: u64,
    }
    let path = format!("{ALERTS_PATH}?state=open&page_no=1&page_size=1");
    let envelope: Envelope<OpenCount> = get_json(&path).await?;
    Ok(envelope.into_result()?.unwrap_or_default().open)
}

/// Acknowledges alert `id` (admins); the alert as it now stands comes back.
pub async fn acknowledge(id: u64) -> Result<Alert, ApiError> {
    let envelope: Envelope<Alert> = send_empty(Request::post(&alert_ack_path(id))).await?;
    envelope
        .into_result()?
        .ok_or_else(|| ApiError::Decode("the answer holds no alert".into()))
}

/// Alert `id`'s webhook deliveries, each with every attempt.
pub async fn deliveries(id: u64) -> Result<AlertDeliveries, ApiError> {
    let envelope: Envelope<AlertDeliveries> = get_json(&alert_deliveries_path(id)).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}
