//! The audit log and dead letters.

use super::*;
use cmp_proxy::store::audit::AuditEntry;
use cmp_proxy::{Identity, Role};
use serde_json::{Value, json};

fn entry(name: &str, role: Role, params: Value, code: &str) -> AuditEntry {
    let who = Identity {
        name: name.into(),
        role,
        devices: None,
        pools: None,
        embed: None,
    };
    AuditEntry::new(
        &who,
        "openPackage",
        params,
        code.into(),
        format!("answer {code}"),
    )
}

pub async fn the_audit_log_keeps_entries_as_written_newest_first(place: Place) {
    let store = place.store().await;
    let entries = [
        entry(
            "ops",
            Role::Admin,
            json!({"device_id": D1, "package_code": "DP1", "quota": 18_446_744_073_709_551_615_u64}),
            "0000",
        ),
        // A refused body is kept as received, as text: it may not even be JSON.
        entry(
            "ops",
            Role::Admin,
            Value::String("{\"order_id\": 1e400,".into()),
            "REFUSED",
        ),
        entry(
            "watcher",
            Role::Viewer,
            json!([1, "two", null, {"nested": true}]),
            "1001",
        ),
    ];
    for e in &entries {
        store.record_audit(e.clone()).await.unwrap();
    }
    let (page, total) = store.audit_page(1, 2).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(page.len(), 2);
    assert!(page[0].id > page[1].id, "newest first");
    let without_id = |e: &AuditEntry| AuditEntry { id: 0, ..e.clone() };
    assert_eq!(without_id(&page[0]), entries[2]);
    assert_eq!(without_id(&page[1]), entries[1]);
    let (rest, _) = store.audit_page(2, 2).await.unwrap();
    assert_eq!(
        rest.iter().map(without_id).collect::<Vec<_>>(),
        [entries[0].clone()]
    );
    assert!(store.audit_page(3, 2).await.unwrap().0.is_empty());
}

pub async fn dead_letters_are_kept_and_counted(place: Place) {
    let store = place.store().await;
    assert_eq!(store.dead_letter_count().await.unwrap(), 0);
    store
        .dead_letter(
            b"assetid=1&imsi=2".to_vec(),
            "form fields: missing field `operation`".into(),
        )
        .await
        .unwrap();
    // Bodies are bytes: not necessarily text.
    store
        .dead_letter(vec![0xff, 0x00, b'{'], "not JSON".into())
        .await
        .unwrap();
    assert_eq!(store.dead_letter_count().await.unwrap(), 2);
    assert_eq!(
        store.last_seq().await.unwrap(),
        0,
        "dead letters are not events"
    );
}
