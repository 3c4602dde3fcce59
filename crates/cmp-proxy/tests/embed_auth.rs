//! Embed tokens at the door: `/api/session` describes one, and a tampered, forged,
//! malformed, expired, not-yet-valid or empty one is refused in words, on every request.

mod common;

use axum::http::StatusCode;
use cmp_api::embed_token::{Claims, encode};
use common::*;
use serde_json::{Value, json};

/// A CDR request within the history of the tests' frozen clocks (late November 2026).
fn cdr(device: &str) -> String {
    format!(
        "/cmp-api/sims/{device}/cdr?received_start_time=2026-11-01&received_end_by=2026-11-02&page_no=1&page_size=10"
    )
}

async fn session(state: &cmp_proxy::AppState, token: &str) -> (StatusCode, Value) {
    send_json(state, request("GET", "/api/session", Some(token), None)).await
}

#[tokio::test]
async fn the_session_of_an_embed_token_names_its_scope_and_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    // 2026-11-30 10:00:00 UTC, on a clock frozen just before.
    let exp = 1_796_032_800;
    state.clock.freeze_at(exp - 600);
    let claims = Claims {
        exp,
        sub: Some("Acme customer 42".into()),
        devices: vec![D1.into()],
        pools: vec!["P2".into()],
        iat: None,
        nbf: None,
    };
    let (status, body) = session(&state, &encode(&claims, EMBED_SECRET.as_bytes())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({
            "name": "Acme customer 42",
            "role": "viewer",
            "kind": "embed",
            "devices": [D1],
            "pools": ["P2"],
            "expires_at": "2026-11-30T10:00:00Z",
            "limits": {"max_bulk_devices": 1000, "platform_utc_offset_minutes": 0}
        })
    );
    let anonymous = Claims {
        sub: None,
        ..claims
    };
    let (_, body) = session(&state, &encode(&anonymous, EMBED_SECRET.as_bytes())).await;
    assert_eq!(body["name"], "embed");
}

#[tokio::test]
async fn tampered_forged_and_malformed_tokens_are_not_valid() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let good = embed_token(&[D1], &[], 3600);
    let (head, sig) = good.rsplit_once('.').unwrap();
    // The same header and signature over a payload that also grants D2.
    let wider = embed_token(&[D1, D2], &[], 3600);
    let wider_payload = wider.split('.').nth(1).unwrap();
    let header = head.split('.').next().unwrap();
    let tampered_payload = format!("{header}.{wider_payload}.{sig}");
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    let tampered_signature = format!("{head}.{flipped}{}", &sig[1..]);
    let other_secret = encode(
        &Claims {
            exp: now_secs() + 3600,
            devices: vec![D2.into()],
            ..Claims::default()
        },
        b"a-different-secret-0123456789abcdefgh",
    );
    let malformed = format!("{header}.bm90IGpzb24.{sig}");
    for token in [
        tampered_payload,
        tampered_signature,
        other_secret,
        malformed,
    ] {
        for uri in ["/api/session".to_owned(), cdr(D2)] {
            let (status, body) = send_json(&state, request("GET", &uri, Some(&token), None)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri} with {token}");
            assert_eq!(body["code"], "TOKEN_INVALID");
            let message = body["message"].as_str().unwrap();
            assert!(
                message.starts_with("this embed link is not valid"),
                "{message}"
            );
            assert!(!message.contains(EMBED_SECRET), "the secret never appears");
        }
    }
    assert!(seen.paths().is_empty(), "nothing reached the upstream");
}

#[tokio::test]
async fn an_expired_token_says_when_it_expired() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let exp = 1_796_032_800;
    state.clock.freeze_at(exp + 5);
    let token = encode(
        &Claims {
            exp,
            devices: vec![D1.into()],
            ..Claims::default()
        },
        EMBED_SECRET.as_bytes(),
    );
    let (status, body) = send_json(&state, request("GET", &cdr(D1), Some(&token), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "TOKEN_EXPIRED");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("this embed link expired at 2026-11-30 10:00 UTC"),
        "{body}"
    );
    assert!(seen.paths().is_empty());
}

#[tokio::test]
async fn expiry_is_checked_on_every_request_not_only_at_session_time() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let start = 1_796_000_000;
    state.clock.freeze_at(start);
    let token = encode(
        &Claims {
            exp: start + 60,
            devices: vec![D1.into()],
            ..Claims::default()
        },
        EMBED_SECRET.as_bytes(),
    );
    assert_eq!(session(&state, &token).await.0, StatusCode::OK);
    let (status, _) = send_json(&state, request("GET", &cdr(D1), Some(&token), None)).await;
    assert_eq!(status, StatusCode::OK);
    state.clock.freeze_at(start + 60);
    let (status, body) = send_json(&state, request("GET", &cdr(D1), Some(&token), None)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("TOKEN_EXPIRED"))
    );
    assert_eq!(
        seen.paths().len(),
        1,
        "only the request before expiry was forwarded"
    );
}

#[tokio::test]
async fn a_token_not_yet_valid_is_refused_until_its_nbf() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let start = 1_796_000_000;
    state.clock.freeze_at(start);
    let token = encode(
        &Claims {
            exp: start + 7200,
            nbf: Some(start + 3600),
            devices: vec![D1.into()],
            ..Claims::default()
        },
        EMBED_SECRET.as_bytes(),
    );
    let (status, body) = session(&state, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("not valid before")
    );
    state.clock.freeze_at(start + 3600);
    assert_eq!(session(&state, &token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_token_that_covers_nothing_is_forbidden() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = session(&state, &embed_token(&[], &[], 3600)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("this embed token covers nothing")
    );
}

#[tokio::test]
async fn without_an_embed_secret_jwts_are_refused_and_dashboard_tokens_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state_with(dir.path(), &[("CMP_EMBED_SECRET", "")]).await;
    let (status, body) = session(&state, &embed_token(&[D1], &[], 3600)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("embed tokens are not enabled on this server"),
        "{body}"
    );
    let (status, body) = session(&state, VIEWER).await;
    assert_eq!(
        (status, body["kind"].clone()),
        (StatusCode::OK, json!("dashboard"))
    );
}
