//! A readable upstream answer: the body exactly as the upstream sent it, plus the two
//! envelope fields the proxy itself looks at (`code`, `message`). Only those are decoded on
//! the forwarding path ([`super::envelope_scan`] checks the rest is well formed without
//! building it, which for a 1,000-record CDR page is most of the proxy's work). In the same pass the position of `data.status` is
//! noted (the CDR answer's inner status, [`super::inner_status`]), so no answer is read twice
//! on the forwarding path. The few callers that rebuild an answer (merged orders, filtered
//! pools, an order's device) read its `data` as a cmp-api model on demand. Passed back to
//! the caller, it is the body unchanged.

use crate::upstream::envelope_scan::scan;
use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cmp_api::Envelope;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::ops::Range;

/// A readable upstream answer (cheap to clone: the body is shared).
#[derive(Debug, Clone)]
pub struct UpstreamReply {
    /// The body as the upstream sent it.
    pub body: Bytes,
    code: String,
    message: String,
    /// Where `data.status` lies in `body`, when `data` is an object with a non-null `status`.
    data_status: Option<Range<usize>>,
}

impl UpstreamReply {
    /// Reads `body` as a CMP envelope: a JSON object whose `code` is a string or a number.
    /// `None` when it is not one.
    pub fn parse(body: Bytes) -> Option<UpstreamReply> {
        // Serde would also read a struct from a JSON array; an envelope is an object.
        if body.trim_ascii_start().first() != Some(&b'{') {
            return None;
        }
        let head = scan(&body)?;
        Some(UpstreamReply {
            code: head.code,
            message: head.message,
            data_status: head.data_status,
            body,
        })
    }

    /// The text of `data.status` as the upstream sent it, if `data` is an object with one.
    pub fn data_status(&self) -> Option<&[u8]> {
        self.data_status.clone().and_then(|r| self.body.get(r))
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
        assert_eq!(reply.data_status(), None);
    }

    #[test]
    fn the_data_status_is_found_in_the_same_pass_whatever_data_is() {
        let text = r#"{"code":"0000","data":{"data":[{"status":1}],"status":{"code":"CB-01-0003","message":"x\"y"},"total_count":0},"message":"ok"}"#;
        let reply = parse(text).unwrap();
        assert_eq!(
            reply.data_status(),
            Some(&br#"{"code":"CB-01-0003","message":"x\"y"}"#[..])
        );
        for (text, status) in [
            (r#"{"code":"0000","data":{"status":null}}"#, None),
            (
                r#"{"code":"0000","data":{"stat\u0075s":7}}"#,
                Some(&b"7"[..]),
            ),
            (r#"{"code":"0000","data":[{"status":1}]}"#, None),
            (r#"{"code":"0000","data":"text"}"#, None),
            (r#"{"code":"0000","data":-1.5e3}"#, None),
            (r#"{"code":"0000","data":true}"#, None),
            (r#"{"code":"0000","data":null}"#, None),
        ] {
            assert_eq!(parse(text).unwrap().data_status(), status, "{text}");
        }
        assert!(parse(r#"{"code":"0000","data":{"status":}}"#).is_none());
        assert!(parse(r#"{"code":"0000","data":[1,}"#).is_none());
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
