//! Alert rules: stored, read back, replaced and removed as written, with their writer.

use super::*;
use cmp_api::proxy_api::alert_rule::{Condition, Delivery, RuleDraft, Webhook, WebhookFormat};
use cmp_proxy::store::alert_rules::RuleOwner;

fn draft(name: &str, percent: u8) -> RuleDraft {
    RuleDraft {
        name: name.into(),
        condition: Condition::DeviceUse {
            percent,
            devices: Some(vec![D1.into()]),
        },
        delivery: Delivery {
            webhooks: vec![Webhook {
                url: "http://localhost:9000/alerts".into(),
                format: WebhookFormat::Slack,
            }],
        },
        enabled: true,
    }
}

fn owner(name: &str, devices: Option<Vec<String>>) -> RuleOwner {
    RuleOwner {
        name: name.into(),
        devices,
        pools: Some(vec![]),
    }
}

pub async fn alert_rules_are_kept_as_written_with_their_writer(place: Place) {
    let store = place.store().await;
    assert!(store.alert_rules().await.unwrap().is_empty());
    let first = store
        .insert_alert_rule(draft("Almost out", 80), owner("ops", None))
        .await
        .unwrap();
    let second = store
        .insert_alert_rule(
            RuleDraft {
                condition: Condition::OrderPush {
                    operations: vec![cmp_api::PushOperation::Cancelled],
                },
                enabled: false,
                ..draft("Cancelled", 1)
            },
            owner("customer-admin", Some(vec![D1.into()])),
        )
        .await
        .unwrap();
    assert!(second.rule.id > first.rule.id);
    assert_eq!(first.rule.rule, draft("Almost out", 80));
    assert_eq!(first.rule.updated_by, "ops");
    assert_eq!(first.rule.created_at, first.rule.updated_at);
    assert!(
        first.rule.created_at.ends_with('Z'),
        "{}",
        first.rule.created_at
    );
    let all = store.alert_rules().await.unwrap();
    assert_eq!(all, vec![first.clone(), second.clone()], "oldest first");
    assert_eq!(all[1].owner, owner("customer-admin", Some(vec![D1.into()])));
    // A restart reads the same.
    drop(store);
    let store = place.store().await;
    assert_eq!(
        store.alert_rule(second.rule.id).await.unwrap(),
        Some(second.clone())
    );

    let replaced = store
        .update_alert_rule(first.rule.id, draft("Nearly out", 90), owner("lead", None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(replaced.rule.id, first.rule.id);
    assert_eq!(replaced.rule.rule.name, "Nearly out");
    assert_eq!(replaced.rule.created_at, first.rule.created_at);
    assert_eq!(replaced.rule.updated_by, "lead");
    assert_eq!(
        store
            .update_alert_rule(999, draft("x", 1), owner("o", None))
            .await
            .unwrap(),
        None
    );

    assert!(store.delete_alert_rule(first.rule.id).await.unwrap());
    assert!(!store.delete_alert_rule(first.rule.id).await.unwrap());
    assert_eq!(store.alert_rule(first.rule.id).await.unwrap(), None);
    assert_eq!(store.alert_rules().await.unwrap(), vec![second]);
}
