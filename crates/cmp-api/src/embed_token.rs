//! Embed tokens: standard JWTs (HS256) that let a partner portal show a few devices or
//! traffic pools in an iframe without a dashboard account.
//!
//! A token is `base64url(header) . base64url(claims) . base64url(HMAC-SHA256(secret, first two
//! parts))`, header `{"alg":"HS256","typ":"JWT"}`, base64url without padding (RFC 7515/7519),
//! so any JWT library can mint one. Claims: `exp` (required, Unix seconds), `sub` (who it is
//! for), `devices` and `pools` (the scope; at least one of them non-empty), optional `iat`
//! and `nbf`. Other claims are ignored.
//!
//! [`verify`] checks, in this order: the shape, the header's `alg`, the signature (compared in
//! constant time), then the claims against an explicit `now`, so a forged token is never
//! reported as merely expired. It never panics, whatever the input.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The only signing algorithm accepted.
pub const ALG: &str = "HS256";

/// The header every token is minted with.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// The latest `exp`/`nbf`/`iat` accepted: 9999-12-31 23:59:59 UTC (keeps date arithmetic exact).
pub const MAX_TIME: i64 = 253_402_300_799;

/// How far `nbf` may lie in the future, so a partner clock slightly ahead of ours still works.
pub const NBF_LEEWAY_SECS: i64 = 60;

/// What an embed token grants, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Claims {
    /// Expiry, Unix seconds (UTC); the token is refused from this second on.
    pub exp: i64,
    /// Who the token is for, shown to people (e.g. a customer's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Device ids (ICCIDs) the token may read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<String>,
    /// Traffic pool ids the token may read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<String>,
    /// When it was issued, Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not valid before, Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
}

/// Why a token was refused. The messages are for operators and logs; the proxy words what
/// the embedding page shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedTokenError {
    /// Not three base64url parts of JSON objects, or a claim has the wrong type.
    #[error("the embed token is malformed: {0}")]
    Malformed(&'static str),
    /// The header names an algorithm other than HS256 (e.g. `none` or `RS256`).
    #[error("the embed token is signed with `{0}`; only HS256 is accepted")]
    UnsupportedAlg(String),
    /// The signature does not match: tampered with, or signed with another secret.
    #[error("the embed token's signature does not match this server's embed secret")]
    BadSignature,
    /// The token has no `exp` claim; embed tokens must expire.
    #[error(
        "the embed token has no `exp` claim (expiry in Unix seconds); embed tokens must expire"
    )]
    MissingExpiry,
    /// `exp` has passed.
    #[error("the embed token expired at {}", utc_minutes(*at))]
    Expired {
        /// The `exp` claim, Unix seconds.
        at: i64,
    },
    /// `nbf` is still in the future.
    #[error("the embed token is not valid before {}", utc_minutes(*at))]
    NotYetValid {
        /// The `nbf` claim, Unix seconds.
        at: i64,
    },
    /// Neither `devices` nor `pools` names anything.
    #[error("the embed token covers nothing: list `devices` and/or `pools`")]
    NoScope,
}

/// Mints a token for `claims`, signed with `secret`.
pub fn encode(claims: &Claims, secret: &[u8]) -> String {
    // Serialising a struct of strings and integers cannot fail.
    let payload = serde_json::to_vec(claims).unwrap_or_default();
    let mut token = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = mac(secret, token.as_bytes()).finalize().into_bytes();
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(signature));
    token
}

/// Checks `token` against `secret` at `now` (Unix seconds) and returns its claims.
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Claims, EmbedTokenError> {
    let (header, payload, signature) = split(token)?;
    check_header(&decode_json(header, "the header is not base64url JSON")?)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| EmbedTokenError::Malformed("the signature is not base64url"))?;
    let signed = &token[..header.len() + 1 + payload.len()];
    mac(secret, signed.as_bytes())
        .verify_slice(&signature)
        .map_err(|_| EmbedTokenError::BadSignature)?;
    let claims = claims_of(decode_json(payload, "the claims are not base64url JSON")?)?;
    if now >= claims.exp {
        return Err(EmbedTokenError::Expired { at: claims.exp });
    }
    if let Some(nbf) = claims.nbf
        && nbf > now.saturating_add(NBF_LEEWAY_SECS)
    {
        return Err(EmbedTokenError::NotYetValid { at: nbf });
    }
    if claims.devices.is_empty() && claims.pools.is_empty() {
        return Err(EmbedTokenError::NoScope);
    }
    Ok(claims)
}

/// Whether `token` has the shape of a JWT: three base64url parts separated by dots, the first
/// decoding to a JSON object with an `alg`. Says nothing about its validity.
pub fn looks_like_jwt(token: &str) -> bool {
    split(token)
        .ok()
        .and_then(|(header, _, _)| decode_json(header, "").ok())
        .is_some_and(|h| h.contains_key("alg"))
}

/// `secs` as `2026-11-30 10:00 UTC`, for messages people read.
pub fn utc_minutes(secs: i64) -> String {
    let t = crate::CmpTime::from_seconds(secs.clamp(0, MAX_TIME));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// `secs` as RFC 3339 in UTC, e.g. `2026-11-30T10:00:00Z`.
pub fn rfc3339(secs: i64) -> String {
    let t = crate::CmpTime::from_seconds(secs.clamp(0, MAX_TIME));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

fn mac(secret: &[u8], message: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length (long ones are hashed), so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message);
    mac
}

fn split(token: &str) -> Result<(&str, &str, &str), EmbedTokenError> {
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) if !h.is_empty() && !p.is_empty() => Ok((h, p, s)),
        _ => Err(EmbedTokenError::Malformed(
            "a JWT has three parts separated by dots",
        )),
    }
}

fn decode_json(part: &str, why: &'static str) -> Result<Map<String, Value>, EmbedTokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| EmbedTokenError::Malformed(why))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(EmbedTokenError::Malformed(why)),
    }
}

fn check_header(header: &Map<String, Value>) -> Result<(), EmbedTokenError> {
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or(EmbedTokenError::Malformed("the header has no `alg`"))?;
    if alg != ALG {
        // The value is the caller's; keep it short for logs.
        return Err(EmbedTokenError::UnsupportedAlg(
            alg.chars().take(16).collect(),
        ));
    }
    // RFC 7515 §4.1.11: extensions a verifier does not understand must be refused.
    if header.contains_key("crit") {
        return Err(EmbedTokenError::Malformed(
            "the header asks for extensions (`crit`) this server does not support",
        ));
    }
    Ok(())
}

fn claims_of(payload: Map<String, Value>) -> Result<Claims, EmbedTokenError> {
    let exp = match payload.get("exp") {
        None | Some(Value::Null) => return Err(EmbedTokenError::MissingExpiry),
        Some(v) => numeric_date(v, "`exp` must be Unix seconds")?,
    };
    let optional_date = |key: &str, why: &'static str| match payload.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => numeric_date(v, why).map(Some),
    };
    let sub = match payload.get("sub") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(EmbedTokenError::Malformed("`sub` must be a string")),
    };
    Ok(Claims {
        exp,
        sub,
        devices: id_list(
            &payload,
            "devices",
            "`devices` must be a list of device ids",
        )?,
        pools: id_list(&payload, "pools", "`pools` must be a list of pool ids")?,
        iat: optional_date("iat", "`iat` must be Unix seconds")?,
        nbf: optional_date("nbf", "`nbf` must be Unix seconds")?,
    })
}

/// A JWT NumericDate: whole or fractional seconds (fractions are dropped), 0..=[`MAX_TIME`].
fn numeric_date(v: &Value, why: &'static str) -> Result<i64, EmbedTokenError> {
    let secs = match v.as_i64() {
        Some(n) => Some(n),
        None => v
            .as_f64()
            .filter(|f| f.is_finite() && (0.0..=MAX_TIME as f64).contains(f))
            .map(|f| f.floor() as i64),
    };
    secs.filter(|s| (0..=MAX_TIME).contains(s))
        .ok_or(EmbedTokenError::Malformed(why))
}

fn id_list(
    payload: &Map<String, Value>,
    key: &str,
    why: &'static str,
) -> Result<Vec<String>, EmbedTokenError> {
    match payload.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item.as_str().map(str::trim) {
                Some(id) if !id.is_empty() => Ok(id.to_owned()),
                _ => Err(EmbedTokenError::Malformed(why)),
            })
            .collect(),
        Some(_) => Err(EmbedTokenError::Malformed(why)),
    }
}
