//! Embed tokens: minted tokens verify, and every way a token can be wrong is refused with
//! the right reason — tampering, another secret, expiry, `nbf`, foreign algorithms,
//! malformed parts, missing `exp`, no scope. Properties: `verify` never panics on any
//! string, and any single-character change to a valid token is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cmp_api::embed_token::{Claims, EmbedTokenError, encode, looks_like_jwt, verify};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::Sha256;

const SECRET: &[u8] = b"partner-embed-secret-0123456789abcdef";
const NOW: i64 = 1_795_000_000;
const D1: &str = "89852202310161621656";

fn claims() -> Claims {
    Claims {
        exp: NOW + 3600,
        sub: Some("Acme customer 42".into()),
        devices: vec![D1.into()],
        pools: vec!["CTP20251030APY9JB".into()],
        iat: Some(NOW),
        nbf: None,
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with any header and payload text, signed correctly with HS256 and `secret`,
/// as a careless or hostile minting library might make it.
fn raw_token(header: &str, payload: &str, secret: &[u8]) -> String {
    let signing_input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&mac.finalize().into_bytes()))
}

fn hs256(payload: &str) -> String {
    raw_token(r#"{"alg":"HS256","typ":"JWT"}"#, payload, SECRET)
}

#[test]
fn a_minted_token_verifies_to_the_same_claims() {
    let token = encode(&claims(), SECRET);
    assert_eq!(token.split('.').count(), 3);
    assert!(looks_like_jwt(&token));
    assert_eq!(verify(&token, SECRET, NOW), Ok(claims()));
}

#[test]
fn the_header_is_the_standard_one() {
    let token = encode(&claims(), SECRET);
    let header = URL_SAFE_NO_PAD
        .decode(token.split('.').next().unwrap())
        .unwrap();
    assert_eq!(header, br#"{"alg":"HS256","typ":"JWT"}"#);
}

#[test]
fn a_token_from_another_library_verifies() {
    // Fractional seconds, claims in another order and extra claims, as PyJWT or jose may write them.
    let payload = format!(
        r#"{{"iss":"portal","pools":["P1"],"exp":{}.5,"sub":"acme","aud":"x"}}"#,
        NOW + 60
    );
    let got = verify(&hs256(&payload), SECRET, NOW).unwrap();
    assert_eq!(got.exp, NOW + 60);
    assert_eq!(got.pools, ["P1"]);
    assert!(got.devices.is_empty());
    assert_eq!(got.sub.as_deref(), Some("acme"));
}

#[test]
fn a_tampered_payload_is_refused() {
    let token = encode(&claims(), SECRET);
    let parts: Vec<&str> = token.split('.').collect();
    let mut wider = claims();
    wider.devices.push("89852000000000000099".into());
    let other = encode(&wider, SECRET);
    let forged_payload = other.split('.').nth(1).unwrap();
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        verify(&forged, SECRET, NOW),
        Err(EmbedTokenError::BadSignature)
    );
}

#[test]
fn a_tampered_signature_is_refused() {
    let token = encode(&claims(), SECRET);
    let (head, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap();
    bytes[0] ^= 1;
    let forged = format!("{head}.{}", b64(&bytes));
    assert_eq!(
        verify(&forged, SECRET, NOW),
        Err(EmbedTokenError::BadSignature)
    );
    let truncated = format!("{head}.{}", b64(&bytes[..16]));
    assert_eq!(
        verify(&truncated, SECRET, NOW),
        Err(EmbedTokenError::BadSignature)
    );
    assert_eq!(
        verify(&format!("{head}."), SECRET, NOW),
        Err(EmbedTokenError::BadSignature)
    );
}

#[test]
fn a_token_signed_with_another_secret_is_refused() {
    let token = encode(&claims(), b"some-other-secret-0123456789abcdef");
    assert_eq!(
        verify(&token, SECRET, NOW),
        Err(EmbedTokenError::BadSignature)
    );
}

#[test]
fn expiry_is_checked_against_now_to_the_second() {
    let token = encode(&claims(), SECRET);
    let exp = claims().exp;
    assert!(verify(&token, SECRET, exp - 1).is_ok());
    assert_eq!(
        verify(&token, SECRET, exp),
        Err(EmbedTokenError::Expired { at: exp })
    );
    let err = verify(&token, SECRET, exp + 86_400).unwrap_err();
    assert_eq!(err, EmbedTokenError::Expired { at: exp });
    assert!(err.to_string().contains("UTC"), "{err}");
}

#[test]
fn a_forged_expired_token_is_reported_as_forged_not_expired() {
    let token = encode(&claims(), b"not-our-secret-0123456789abcdefgh");
    assert_eq!(
        verify(&token, SECRET, claims().exp + 10),
        Err(EmbedTokenError::BadSignature)
    );
}

#[test]
fn nbf_in_the_future_is_refused_beyond_the_leeway() {
    let mut c = claims();
    c.nbf = Some(NOW + 3000);
    let token = encode(&c, SECRET);
    assert_eq!(
        verify(&token, SECRET, NOW),
        Err(EmbedTokenError::NotYetValid { at: NOW + 3000 })
    );
    assert!(verify(&token, SECRET, NOW + 3000).is_ok());
    // A partner clock a little ahead of ours is tolerated.
    c.nbf = Some(NOW + 30);
    assert!(verify(&encode(&c, SECRET), SECRET, NOW).is_ok());
}

#[test]
fn alg_none_and_rs256_are_refused_even_when_otherwise_valid() {
    let payload = format!(r#"{{"exp":{},"devices":["{D1}"]}}"#, NOW + 60);
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(payload.as_bytes())
    );
    assert_eq!(
        verify(&none, SECRET, NOW),
        Err(EmbedTokenError::UnsupportedAlg("none".into()))
    );
    // An RS256 header over an HMAC signature: the classic algorithm-confusion attack.
    let rs = raw_token(r#"{"alg":"RS256","typ":"JWT"}"#, &payload, SECRET);
    assert_eq!(
        verify(&rs, SECRET, NOW),
        Err(EmbedTokenError::UnsupportedAlg("RS256".into()))
    );
    let lower = raw_token(r#"{"alg":"hs256"}"#, &payload, SECRET);
    assert!(matches!(
        verify(&lower, SECRET, NOW),
        Err(EmbedTokenError::UnsupportedAlg(_))
    ));
    let crit = raw_token(
        r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
        &payload,
        SECRET,
    );
    assert!(matches!(
        verify(&crit, SECRET, NOW),
        Err(EmbedTokenError::Malformed(_))
    ));
}

#[test]
fn malformed_tokens_are_refused_as_malformed() {
    let good = encode(&claims(), SECRET);
    let parts: Vec<&str> = good.split('.').collect();
    let cases = [
        String::new(),
        "abc".into(),
        "a.b".into(),
        format!("{good}.extra"),
        format!(".{}.{}", parts[1], parts[2]),
        format!("{}..{}", parts[0], parts[2]),
        // Not base64url: standard-alphabet characters and padding.
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}+/", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}", b64(b"not json"), parts[1], parts[2]),
        format!("{}.{}.{}", b64(b"[1,2]"), parts[1], parts[2]),
        format!("{}.{}.{}", b64(br#"{"typ":"JWT"}"#), parts[1], parts[2]),
        format!("{}.{}.{}", b64(br#"{"alg":7}"#), parts[1], parts[2]),
    ];
    for token in cases {
        assert!(
            matches!(
                verify(&token, SECRET, NOW),
                Err(EmbedTokenError::Malformed(_))
            ),
            "{token:?}: {:?}",
            verify(&token, SECRET, NOW)
        );
    }
}

#[test]
fn claims_of_the_wrong_type_are_malformed_even_when_signed() {
    let exp = NOW + 60;
    for payload in [
        "\"just a string\"".to_owned(),
        "not json".to_owned(),
        format!(r#"{{"exp":"{exp}","devices":["{D1}"]}}"#),
        format!(r#"{{"exp":-5,"devices":["{D1}"]}}"#),
        format!(r#"{{"exp":1e300,"devices":["{D1}"]}}"#),
        format!(r#"{{"exp":{exp},"devices":"{D1}"}}"#),
        format!(r#"{{"exp":{exp},"devices":[42]}}"#),
        format!(r#"{{"exp":{exp},"devices":[""]}}"#),
        format!(r#"{{"exp":{exp},"pools":[null]}}"#),
        format!(r#"{{"exp":{exp},"devices":["{D1}"],"sub":7}}"#),
        format!(r#"{{"exp":{exp},"devices":["{D1}"],"nbf":"soon"}}"#),
    ] {
        assert!(
            matches!(
                verify(&hs256(&payload), SECRET, NOW),
                Err(EmbedTokenError::Malformed(_))
            ),
            "{payload}: {:?}",
            verify(&hs256(&payload), SECRET, NOW)
        );
    }
}

#[test]
fn a_token_without_exp_is_refused() {
    let payload = format!(r#"{{"sub":"acme","devices":["{D1}"]}}"#);
    assert_eq!(
        verify(&hs256(&payload), SECRET, NOW),
        Err(EmbedTokenError::MissingExpiry)
    );
    let null_exp = format!(r#"{{"exp":null,"devices":["{D1}"]}}"#);
    assert_eq!(
        verify(&hs256(&null_exp), SECRET, NOW),
        Err(EmbedTokenError::MissingExpiry)
    );
}

#[test]
fn a_token_that_covers_nothing_is_refused() {
    let mut c = claims();
    c.devices.clear();
    c.pools.clear();
    assert_eq!(
        verify(&encode(&c, SECRET), SECRET, NOW),
        Err(EmbedTokenError::NoScope)
    );
    let explicit_empty = format!(r#"{{"exp":{},"devices":[],"pools":[]}}"#, NOW + 60);
    assert_eq!(
        verify(&hs256(&explicit_empty), SECRET, NOW),
        Err(EmbedTokenError::NoScope)
    );
}

#[test]
fn only_jwt_shaped_strings_look_like_jwts() {
    assert!(looks_like_jwt(&encode(&claims(), SECRET)));
    // Dashboard tokens: 64 hex digits, or anything an operator wrote in the tokens file.
    for other in [
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "admin-token",
        "a.b.c",
        "",
        "..",
    ] {
        assert!(!looks_like_jwt(other), "{other}");
    }
}

#[test]
fn times_read_as_utc() {
    // 2026-11-30 10:00:00 UTC
    let t = 1_796_032_800;
    assert_eq!(cmp_api::embed_token::utc_minutes(t), "2026-11-30 10:00 UTC");
    assert_eq!(cmp_api::embed_token::rfc3339(t), "2026-11-30T10:00:00Z");
}

proptest! {
    #[test]
    fn verify_never_panics_on_any_string(s in ".*", now in any::<i64>()) {
        let _ = verify(&s, SECRET, now);
        let _ = looks_like_jwt(&s);
    }

    #[test]
    fn verify_never_panics_on_jwt_shaped_noise(
        a in "[A-Za-z0-9_-]{0,40}",
        b in "[A-Za-z0-9_-]{0,200}",
        c in "[A-Za-z0-9_-]{0,60}",
        now in any::<i64>(),
    ) {
        let _ = verify(&format!("{a}.{b}.{c}"), SECRET, now);
    }

    #[test]
    fn verify_never_panics_on_signed_arbitrary_claims(payload in ".*", now in any::<i64>()) {
        let _ = verify(&hs256(&payload), SECRET, now);
    }

    #[test]
    fn any_single_character_change_is_refused(
        devices in prop::collection::vec("[0-9]{19,20}", 1..3),
        pools in prop::collection::vec("[A-Z0-9]{6,17}", 0..3),
        sub in proptest::option::of("[a-zA-Z ]{0,20}"),
        ttl in 1i64..10_000_000,
        at in any::<prop::sample::Index>(),
        replacement in any::<char>(),
    ) {
        let c = Claims { exp: NOW + ttl, sub, devices, pools, iat: Some(NOW), nbf: None };
        let token = encode(&c, SECRET);
        let chars: Vec<char> = token.chars().collect();
        let i = at.index(chars.len());
        prop_assume!(chars[i] != replacement);
        let mut changed = chars.clone();
        changed[i] = replacement;
        let changed: String = changed.into_iter().collect();
        prop_assert!(verify(&changed, SECRET, NOW).is_err(), "{} accepted", changed);
    }
}
