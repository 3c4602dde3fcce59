//! Reading an order-status push's body. The spec names no content type ("parameters in the
//! request Body"), so both spellings a platform may use are read: a JSON object, and form
//! fields (`application/x-www-form-urlencoded`). Which one comes from the content type, or
//! from the body itself when the type is missing or generic.

use cmp_api::OrderStatusPush;
use serde_json::{Map, Value};

/// How the body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushEncoding {
    /// A JSON object.
    Json,
    /// `assetid=…&imsi=…&operation=…&orderid=…&time=…`.
    Form,
}

/// The encoding `content_type` names, else the one `body` looks like.
pub fn encoding(content_type: Option<&str>, body: &[u8]) -> PushEncoding {
    let media = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase());
    match media.as_deref() {
        Some("application/x-www-form-urlencoded") => PushEncoding::Form,
        Some(t) if t == "application/json" || t.ends_with("+json") => PushEncoding::Json,
        _ => match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') | None => PushEncoding::Json,
            Some(_) => PushEncoding::Form,
        },
    }
}

/// The push in `body`, or why it is not one, in words.
pub fn read_push(content_type: Option<&str>, body: &[u8]) -> Result<OrderStatusPush, String> {
    match encoding(content_type, body) {
        PushEncoding::Json => cmp_api::decode_slice(body).map_err(|e| e.to_string()),
        PushEncoding::Form => {
            let fields: Map<String, Value> = form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect();
            serde_json::from_value(Value::Object(fields)).map_err(|e| format!("form fields: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmp_api::PushOperation;

    const FORM: &[u8] = b"assetid=89852420180910344720&imsi=204046990912345%2C204046990912346&operation=1001&orderid=L201901290000000533&time=2019-10-16+12%3A34%3A54";

    #[test]
    fn form_fields_read_like_the_json_body() {
        let push = read_push(Some("application/x-www-form-urlencoded"), FORM).unwrap();
        let json = read_push(
            Some("application/json"),
            br#"{"assetid":"89852420180910344720","imsi":"204046990912345,204046990912346","operation":"1001","orderid":"L201901290000000533","time":"2019-10-16 12:34:54"}"#,
        )
        .unwrap();
        assert_eq!(push, json);
        assert_eq!(push.operation, PushOperation::TerminatedEarly);
        assert_eq!(push.imsis().len(), 2);
    }

    #[test]
    fn without_a_content_type_the_body_says_which() {
        assert_eq!(encoding(None, FORM), PushEncoding::Form);
        assert_eq!(
            encoding(Some("text/plain"), b" {\"a\":1}"),
            PushEncoding::Json
        );
        assert_eq!(
            encoding(
                Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
                b"{"
            ),
            PushEncoding::Form
        );
        assert!(read_push(None, FORM).is_ok());
    }

    #[test]
    fn a_form_without_the_fields_says_what_is_missing() {
        let e = read_push(None, b"assetid=1&imsi=2").unwrap_err();
        assert!(e.contains("operation") || e.contains("orderid"), "{e}");
    }
}
