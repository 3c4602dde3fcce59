//! Migrations: from empty, again on every start, and a newer schema refused.

use super::*;
use cmp_proxy::store::migrations::CURRENT;

pub async fn an_empty_store_is_migrated_to_the_current_schema_once(place: Place) {
    let store = place.store().await;
    assert_eq!(store.schema_version().await.unwrap(), CURRENT);
    stored(
        store
            .insert_event(push("ORD-1", "1005"), DAY)
            .await
            .unwrap(),
    );
    drop(store);
    // A restart finds the schema current, changes nothing and keeps the events.
    let again = place.store().await;
    assert_eq!(again.schema_version().await.unwrap(), CURRENT);
    assert_eq!(again.last_seq().await.unwrap(), 1);
    assert_eq!(
        stored(
            again
                .insert_event(push("ORD-2", "1005"), DAY)
                .await
                .unwrap()
        ),
        2
    );
    again.check().await.unwrap();
}

pub async fn a_newer_schema_is_refused_with_a_sentence(place: Place) {
    drop(place.store().await);
    place.claim_schema(CURRENT + 8).await;
    let e = place.open().await.err().expect("a newer schema is refused");
    assert!(
        matches!(e, StoreError::NewerSchema { found, known, .. } if found == CURRENT + 8 && known == CURRENT),
        "{e:?}"
    );
    let text = e.to_string();
    for words in [
        format!(
            "schema {}, newer than this build knows ({CURRENT})",
            CURRENT + 8
        ),
        "run the newer cmp-proxy".into(),
        place.setting().into(),
    ] {
        assert!(text.contains(&words), "{words:?} missing from: {text}");
    }
    assert!(!text.contains("never-shown-pw"), "{text}");
}
