//! The proxy's own API messages keep the wire shapes both sides already speak.

use cmp_api::PushOperation;
use cmp_api::proxy_api::{
    EventPage, OrderEvent, Role, Session, SessionLimits, TokenKind, error_envelope,
};
use serde_json::json;

#[test]
fn a_dashboard_session_is_written_without_embed_fields() {
    let session = Session {
        name: "ops".into(),
        role: Role::Admin,
        kind: TokenKind::Dashboard,
        devices: None,
        pools: None,
        expires_at: None,
        limits: Some(SessionLimits {
            max_bulk_devices: 500,
            platform_utc_offset_minutes: 480,
        }),
    };
    assert_eq!(
        serde_json::to_value(&session).unwrap(),
        json!({"name": "ops", "role": "admin", "kind": "dashboard", "devices": null,
               "limits": {"max_bulk_devices": 500, "platform_utc_offset_minutes": 480}})
    );
    assert!(session.is_admin());
}

#[test]
fn an_embed_session_reads_back_with_its_grant() {
    let text = r#"{"name":"Acme 42","role":"viewer","kind":"embed","devices":["8985"],
        "pools":["CTP1"],"expires_at":"2026-11-30T10:00:00Z","limits":{"max_bulk_devices":10}}"#;
    let session: Session = serde_json::from_str(text).unwrap();
    assert_eq!(session.role, Role::Viewer);
    assert_eq!(session.kind, TokenKind::Embed);
    assert_eq!(session.pools.as_deref(), Some(&["CTP1".to_owned()][..]));
    assert!(!session.is_admin());
    assert_eq!(
        serde_json::from_value::<Session>(serde_json::to_value(&session).unwrap()).unwrap(),
        session
    );
}

#[test]
fn a_session_from_an_older_proxy_has_no_limits() {
    let session: Session = serde_json::from_str(r#"{"name":"v","role":"viewer"}"#).unwrap();
    assert_eq!(session.limits, None);
    assert_eq!(session.kind, TokenKind::Dashboard);
    // Limits from a proxy that does not announce the platform's zone: UTC.
    let limits: SessionLimits = serde_json::from_str(r#"{"max_bulk_devices":10}"#).unwrap();
    assert_eq!(limits.platform_utc_offset_minutes, 0);
    assert_eq!(limits.platform_offset().to_string(), "UTC");
    let east = SessionLimits {
        platform_utc_offset_minutes: -330,
        ..limits
    };
    assert_eq!(east.platform_offset().to_string(), "UTC-05:30");
    let impossible = SessionLimits {
        platform_utc_offset_minutes: 100_000,
        ..limits
    };
    assert_eq!(impossible.platform_offset(), cmp_api::time::UtcOffset::UTC);
    assert!(serde_json::from_str::<Session>(r#"{"name":"v","role":"root"}"#).is_err());
}

#[test]
fn an_event_keeps_its_operation_code_as_text_and_unknown_codes_readable() {
    let text = r#"{"seq":"7","received_at":"2026-01-02T03:04:05Z","assetid":"8985","imsi":"1, 2",
        "operation":"1099","operation_label":"unknown (1099)","orderid":"O1","time":"2026-01-02 11:04:05"}"#;
    let event: OrderEvent = serde_json::from_str(text).unwrap();
    assert_eq!(event.seq, 7);
    assert_eq!(event.operation, PushOperation::Unknown("1099".into()));
    assert_eq!(event.imsis(), ["1", "2"]);
    assert_eq!(event.sentence(), "Order O1 changed (operation 1099)");
    let written = serde_json::to_value(&event).unwrap();
    assert_eq!(written["operation"], "1099");
    assert_eq!(written["seq"], 7);
}

#[test]
fn an_event_page_defaults_to_empty() {
    let page: EventPage = serde_json::from_str("{}").unwrap();
    assert!(page.events.is_empty());
    let page: EventPage = serde_json::from_value(json!({
        "page": {"cur_page_no": 1, "page_size": 20, "total_count": 1},
        "events": [{"seq": 1, "operation": "1005", "orderid": "O"}]
    }))
    .unwrap();
    assert_eq!(page.events[0].sentence(), "Order O was enabled");
}

#[test]
fn the_error_envelope_is_the_upstream_shape() {
    assert_eq!(
        serde_json::to_value(error_envelope(
            "UPSTREAM_TIMEOUT",
            "The platform did not answer."
        ))
        .unwrap(),
        json!({"code": "UPSTREAM_TIMEOUT", "data": null, "message": "The platform did not answer.", "success": false})
    );
}
