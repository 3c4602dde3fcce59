//! The rule form's state as typed (text stays text until saved, so nothing typed is lost on
//! a refusal), turned into a [`RuleDraft`] checked by cmp-api's `RuleDraft::check`, the
//! check the proxy runs; and which input a refused member belongs to. Pure: tested natively.

use crate::api::alerts::RuleDraft;
use cmp_api::PushOperation;
use cmp_api::proxy_api::alert_rule::{Condition, Delivery, RuleProblem, Webhook, WebhookFormat};

/// What a rule watches, as the form's kind selector names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleKind {
    /// A device's plan use this cycle ≥ X %.
    #[default]
    DeviceUse,
    /// A pool's use ≥ X %.
    PoolUse,
    /// A pool projected to run out before its period ends.
    PoolExhaustion,
    /// Order pushes of chosen operations.
    OrderPush,
}

impl RuleKind {
    /// Every kind, in the selector's order.
    pub const ALL: [RuleKind; 4] = [
        RuleKind::DeviceUse,
        RuleKind::PoolUse,
        RuleKind::PoolExhaustion,
        RuleKind::OrderPush,
    ];

    /// The selector's value (the JSON `kind`).
    pub fn value(self) -> &'static str {
        match self {
            RuleKind::DeviceUse => "device_use",
            RuleKind::PoolUse => "pool_use",
            RuleKind::PoolExhaustion => "pool_exhaustion",
            RuleKind::OrderPush => "order_push",
        }
    }

    /// Reads a selector value; anything else is the default kind.
    pub fn from_value(value: &str) -> RuleKind {
        RuleKind::ALL
            .into_iter()
            .find(|k| k.value() == value)
            .unwrap_or_default()
    }

    /// The selector's words.
    pub fn label(self) -> &'static str {
        match self {
            RuleKind::DeviceUse => "A device's plan use this cycle reaches a threshold",
            RuleKind::PoolUse => "A pool's use reaches a threshold",
            RuleKind::PoolExhaustion => "A pool is projected to run out before its period ends",
            RuleKind::OrderPush => "The platform pushes an order change",
        }
    }

    /// Whether the kind has a threshold.
    pub fn has_percent(self) -> bool {
        matches!(self, RuleKind::DeviceUse | RuleKind::PoolUse)
    }

    /// Whether the kind watches devices (else pools), when it watches a list at all.
    pub fn watches_devices(self) -> bool {
        self == RuleKind::DeviceUse
    }
}

/// One webhook row of the form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebhookRow {
    /// The URL as typed.
    pub url: String,
    /// The body's shape.
    pub format: WebhookFormat,
}

/// The form, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleForm {
    /// The rule's name.
    pub name: String,
    /// What it watches.
    pub kind: RuleKind,
    /// The threshold, as typed.
    pub percent: String,
    /// Watch every device (or pool) rather than a list.
    pub watch_all: bool,
    /// The listed devices or pools, one per line (commas and spaces separate too).
    pub subjects: String,
    /// The order operations that fire an order-push rule.
    pub operations: Vec<PushOperation>,
    /// The outbound webhooks.
    pub webhooks: Vec<WebhookRow>,
    /// On or off.
    pub enabled: bool,
}

impl Default for RuleForm {
    fn default() -> Self {
        RuleForm {
            name: String::new(),
            kind: RuleKind::DeviceUse,
            percent: "80".into(),
            watch_all: true,
            subjects: String::new(),
            operations: Vec::new(),
            webhooks: Vec::new(),
            enabled: true,
        }
    }
}

impl RuleForm {
    /// The form showing a stored rule, to edit it.
    pub fn from_draft(draft: &RuleDraft) -> RuleForm {
        let mut form = RuleForm {
            name: draft.name.clone(),
            enabled: draft.enabled,
            webhooks: draft
                .delivery
                .webhooks
                .iter()
                .map(|w| WebhookRow {
                    url: w.url.clone(),
                    format: w.format,
                })
                .collect(),
            ..RuleForm::default()
        };
        let list = match &draft.condition {
            Condition::DeviceUse { percent, devices } => {
                form.kind = RuleKind::DeviceUse;
                form.percent = percent.to_string();
                devices
            }
            Condition::PoolUse { percent, pools } => {
                form.kind = RuleKind::PoolUse;
                form.percent = percent.to_string();
                pools
            }
            Condition::PoolExhaustion { pools } => {
                form.kind = RuleKind::PoolExhaustion;
                pools
            }
            Condition::OrderPush { operations } => {
                form.kind = RuleKind::OrderPush;
                form.operations = operations.clone();
                &None
            }
        };
        if let Some(list) = list {
            form.watch_all = false;
            form.subjects = list.join("\n");
        }
        form
    }

    /// The rule to send, checked as the proxy checks it, or the first problem found.
    pub fn draft(&self) -> Result<RuleDraft, RuleProblem> {
        let draft = RuleDraft {
            name: self.name.clone(),
            condition: self.condition()?,
            delivery: Delivery {
                webhooks: self
                    .webhooks
                    .iter()
                    .map(|row| Webhook {
                        url: row.url.clone(),
                        format: row.format,
                    })
                    .collect(),
            },
            enabled: self.enabled,
        };
        draft.check()
    }

    fn condition(&self) -> Result<Condition, RuleProblem> {
        let list = (!self.watch_all).then(|| split_list(&self.subjects));
        Ok(match self.kind {
            RuleKind::DeviceUse => Condition::DeviceUse {
                percent: self.percent()?,
                devices: list,
            },
            RuleKind::PoolUse => Condition::PoolUse {
                percent: self.percent()?,
                pools: list,
            },
            RuleKind::PoolExhaustion => Condition::PoolExhaustion { pools: list },
            RuleKind::OrderPush => Condition::OrderPush {
                operations: self.operations.clone(),
            },
        })
    }

    /// The threshold typed; a number out of 1–100 is left to `check`, which says why.
    fn percent(&self) -> Result<u8, RuleProblem> {
        let text = self.percent.trim().trim_end_matches('%').trim();
        match text.parse::<u64>() {
            Ok(n) => Ok(u8::try_from(n).unwrap_or(u8::MAX).min(101)),
            Err(_) => Err(RuleProblem {
                field: "condition.percent".into(),
                message: "write the threshold as a whole number from 1 to 100".into(),
            }),
        }
    }

    /// Ticks or unticks operation `op`.
    pub fn toggle_operation(&mut self, op: &PushOperation) {
        if let Some(i) = self.operations.iter().position(|o| o == op) {
            self.operations.remove(i);
        } else {
            self.operations.push(op.clone());
        }
    }
}

/// The ids of a list typed one per line (commas, semicolons and spaces also separate).
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Which input of the form a refused member (`RuleProblem::field`, or the proxy's
/// `data.field`) belongs to; `None` for a problem of the whole rule.
pub fn input_for(field: &str) -> Option<String> {
    let field = field.trim();
    if field == "name" {
        return Some("rule-name".into());
    }
    if field == "condition.percent" {
        return Some("rule-percent".into());
    }
    if field.starts_with("condition.devices") || field.starts_with("condition.pools") {
        return Some("rule-subjects".into());
    }
    if field.starts_with("condition.operations") {
        return Some("rule-operations".into());
    }
    if let Some(rest) = field.strip_prefix("delivery.webhooks[") {
        let index = rest.split(']').next()?.parse::<usize>().ok()?;
        return Some(format!("rule-webhook-{index}"));
    }
    if field.starts_with("delivery.webhooks") {
        return Some("rule-webhooks".into());
    }
    None
}

/// The proxy's message without the member it starts with (`condition.percent: …`).
pub fn message_without_field(field: &str, message: &str) -> String {
    message
        .strip_prefix(field)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::trim)
        .unwrap_or(message)
        .to_owned()
}
