//! The webhook outbox: deliveries written with their alert, claimed under a lease, their
//! outcome and log written together, never claimed again once delivered.

use super::*;
use cmp_api::proxy_api::alert::{
    AlertFigures, AlertNotice, AlertSubject, AttemptOutcome, DeliveryState,
};
use cmp_api::proxy_api::alert_rule::{Webhook, WebhookFormat};
use cmp_proxy::store::alerts::NewAlert;
use cmp_proxy::store::outbox::{Attempt, Next};

fn alert(cycle: &str) -> NewAlert {
    NewAlert {
        rule_id: 1,
        rule_name: "Cancelled".into(),
        subject: AlertSubject::Order {
            order_code: "ORD-1".into(),
            device_id: D1.into(),
        },
        cycle: cycle.into(),
        sentence: "Order ORD-1 was cancelled".into(),
        figures: AlertFigures::default(),
    }
}

fn hooks() -> Vec<Webhook> {
    vec![
        Webhook {
            url: "http://localhost:9000/a".into(),
            format: WebhookFormat::Json,
        },
        Webhook {
            url: "http://localhost:9000/b".into(),
            format: WebhookFormat::Slack,
        },
    ]
}

fn attempt(outbox_id: u64, alert_id: u64, worker: &str, next: Next) -> Attempt {
    Attempt {
        outbox_id,
        alert_id,
        worker: worker.into(),
        attempt: 1,
        status: Some(if next == Next::Delivered { 200 } else { 503 }),
        outcome: if next == Next::Delivered {
            AttemptOutcome::Delivered
        } else {
            AttemptOutcome::Failed
        },
        detail: "the receiver answered".into(),
        next,
    }
}

pub async fn webhook_deliveries_are_leased_and_never_sent_again_once_delivered(place: Place) {
    let store = place.store().await;
    let fired = store
        .fire_alert(alert("event 1"), hooks())
        .await
        .unwrap()
        .unwrap();
    // A repeat fires nothing and queues nothing.
    assert!(
        store
            .fire_alert(alert("event 1"), hooks())
            .await
            .unwrap()
            .is_none()
    );
    let now = cmp_proxy::store::now_ms();
    let lease = Duration::from_secs(60);
    let claimed = store.claim_deliveries(now, lease, "w1", 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(
        claimed
            .iter()
            .all(|c| c.alert_id == fired.id && c.attempts == 0)
    );
    let notice: AlertNotice = serde_json::from_str(&claimed[0].body).unwrap();
    assert_eq!(
        (notice.event.as_str(), notice.alert.id),
        ("alert.fired", fired.id)
    );
    assert_eq!(
        claimed[1].body,
        format!("{{\"text\":\"Alert “Cancelled”: {}\"}}", fired.sentence)
    );
    // Leased: another worker finds nothing, even when it is due.
    assert!(
        store
            .claim_deliveries(now + 1_000, lease, "w2", 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The first failed: due again in a second; the second was delivered.
    let (a, b) = (&claimed[0], &claimed[1]);
    assert!(
        store
            .record_attempt(attempt(a.id, fired.id, "w1", Next::Retry(now + 1_000)))
            .await
            .unwrap()
    );
    assert!(
        store
            .record_attempt(attempt(b.id, fired.id, "w1", Next::Delivered))
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_deliveries(now + 500, lease, "w2", 10)
            .await
            .unwrap()
            .is_empty(),
        "not due yet"
    );
    let again = store
        .claim_deliveries(now + 1_000, lease, "w2", 10)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|c| (c.id, c.attempts)).collect::<Vec<_>>(),
        [(a.id, 1)]
    );
    // A worker whose lease was taken over writes its log entry but not the outcome.
    assert!(
        !store
            .record_attempt(attempt(a.id, fired.id, "w1", Next::Delivered))
            .await
            .unwrap()
    );
    // A lease that runs out (its worker died) is claimed again.
    let taken = store
        .claim_deliveries(now + 62_000, lease, "w3", 10)
        .await
        .unwrap();
    assert_eq!(taken.iter().map(|c| c.id).collect::<Vec<_>>(), [a.id]);
    assert!(
        store
            .record_attempt(Attempt {
                attempt: 2,
                ..attempt(a.id, fired.id, "w3", Next::Delivered)
            })
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_deliveries(now + 10_000_000, lease, "w4", 10)
            .await
            .unwrap()
            .is_empty(),
        "both delivered: never again"
    );

    let log = store.alert_deliveries(fired.id).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].state, DeliveryState::Delivered);
    assert_eq!(log[0].attempts, 2);
    assert!(log[0].delivered_at.is_some() && log[0].next_try_at.is_none());
    let outcomes: Vec<(u32, AttemptOutcome, Option<u16>)> = log[0]
        .log
        .iter()
        .map(|l| (l.attempt, l.outcome, l.status))
        .collect();
    assert_eq!(
        outcomes,
        [
            (1, AttemptOutcome::Failed, Some(503)),
            (1, AttemptOutcome::Delivered, Some(200)),
            (2, AttemptOutcome::Delivered, Some(200)),
        ]
    );
    assert!(log[0].log[0].next_try_at.is_some());
    assert_eq!((log[1].format, log[1].log.len()), (WebhookFormat::Slack, 1));
}
