//! A readable upstream answer: the body exactly as the upstream sent it, plus the two
//! envelope fields the proxy itself looks at (`code`, `message`). Only those are decoded on
//! the forwarding path; serde skips `data` without building it, which for a 1,000-record
//! CDR page is most of the proxy's work. The few callers that rebuild an answer (merged
//! orders, filtered pools, an order's device) read its `data` as a cmp-api model on demand.
//! Passed back to the caller, it is the body unchanged.

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cmp_api::Envelope;
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

/// A readable upstream answer (cheap to clone: the body is shared).
#[derive(Debug, Clone)]
pub struct UpstreamReply {
    /// The body as the upstream sent it.
    pub body: Bytes,
    code: String,
    message: String,
}

/// The envelope fields the proxy reads; everything else is skipped unparsed into values.
#[derive(Deserialize)]
struct Head {
    code: Scalar,
    #[serde(default)]
    message: Option<Scalar>,
}

/// A `code` or `message`: text is kept, a number is accepted (as the upstream sometimes
/// sends codes) but reads as no text, as before; anything else is skipped.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    #[allow(dead_code, reason = "only told apart from other values, never read")]
    Number(serde_json::Number),
    Other(IgnoredAny),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Number(_) | Scalar::Other(_) => String::new(),
        }
    }
}

impl UpstreamReply {
    /// Reads `body` as a CMP envelope: a JSON object whose `code` is a string or a number.
    /// `None` when it is not one.
    pub fn parse(body: Bytes) -> Option<UpstreamReply> {
        // Serde would also read a struct from a JSON array; an envelope is an object.
        if body.trim_ascii_start().first() != Some(&b'{') {
            return None;
        }
        let head: Head = serde_json::from_slice(&body).ok()?;
        if matches!(head.code, Scalar::Other(_)) {
            return None;
        }
        Some(UpstreamReply {
            code: head.code.into_text(),
            message: head.message.map(Scalar::into_text).unwrap_or_default(),
            body,
        })
    }

    /// The envelope's `code` (`"0000"` on success; empty when it was a number).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The envelope's `message` (empty when missing or not text).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the upstream said the call succeeded.
    pub fn is_success(&self) -> bool {
        self.code == cmp_api::envelope::SUCCESS_CODE
    }

    /// The whole envelope, parsed.
    pub fn envelope(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The envelope's `data` as the cmp-api model `T`, read as leniently as the SPA reads it
    /// (every spelling of a field); `T::default()` when it is missing, `null` or unreadable,
    /// so a list that cannot be read counts as empty.
    pub fn data<T: DeserializeOwned + Default>(&self) -> T {
        cmp_api::decode_slice::<Envelope<T>>(&self.body)
            .ok()
            .and_then(|envelope| envelope.data)
            .unwrap_or_default()
    }
}

/// The answer passed back as the upstream sent it (HTTP 200, whatever its `code`).
impl IntoResponse for UpstreamReply {
    fn into_response(self) -> Response {
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(self.body))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<UpstreamReply> {
        UpstreamReply::parse(Bytes::from(text.to_owned()))
    }

    #[test]
    fn code_and_message_are_read_and_the_body_kept_as_sent() {
        let text =
            r#"{"code":"0000","data":{"rows":[1,2,{"a":[]}]},"message":"success","success":true}"#;
        let reply = parse(text).unwrap();
        assert_eq!((reply.code(), reply.message()), ("0000", "success"));
        assert!(reply.is_success());
        assert_eq!(reply.body, text.as_bytes());
        assert_eq!(reply.envelope()["data"]["rows"][1], 2);
    }

    #[test]
    fn odd_but_readable_envelopes_are_accepted() {
        let numeric = parse(r#" {"code":1001,"message":null}"#).unwrap();
        assert_eq!((numeric.code(), numeric.message()), ("", ""));
        assert!(!numeric.is_success());
        let no_message = parse(r#"{"data":null,"code":"2001"}"#).unwrap();
        assert_eq!((no_message.code(), no_message.message()), ("2001", ""));
        let odd_message = parse(r#"{"code":"3","message":{"zh":"x"}}"#).unwrap();
        assert_eq!(odd_message.message(), "");
    }

    #[test]
    fn what_is_not_an_envelope_is_refused() {
        for text in [
            "",
            "not json",
            r#"{"code":"0000","data":"#,
            r#"{"data":[],"message":"no code"}"#,
            r#"{"code":null}"#,
            r#"{"code":["0000"]}"#,
            r#"["0000","success"]"#,
            "42",
        ] {
            assert!(parse(text).is_none(), "{text:?} is not an envelope");
        }
    }
}
