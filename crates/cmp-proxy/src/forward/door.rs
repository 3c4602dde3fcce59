//! The door of `/cmp-api`: a POST body is read into cmp-api's typed request for its
//! operation ([`cmp_api::requests`]) and replaced by that request's canonical body, so the
//! access checks, the signature and the platform all see exactly the same members; a body
//! that does not read is refused with its field named ([`ApiError::InvalidRequest`]) before
//! anything is signed or sent. The CDR query's parameters are strings in a query string and
//! pass as they are, less any signing members or `token`.

use crate::error::ApiError;
use crate::upstream::UpstreamRequest;
use axum::http::Uri;
use cmp_api::Operation;
use cmp_api::sign::{ACCESS_CODE, SIGN, TIMESTAMP};

/// The upstream request for `op` from what the caller sent: for the CDR (`sim_id` from the
/// path) the query pairs, else the canonical body of the typed request read from `body`.
pub fn admit(
    op: Operation,
    sim_id: Option<&str>,
    uri: &Uri,
    body: &[u8],
) -> Result<UpstreamRequest, ApiError> {
    Ok(match sim_id {
        Some(sim) => UpstreamRequest::Cdr {
            sim_id: sim.to_owned(),
            query: query_pairs(uri),
        },
        None => UpstreamRequest::Post(cmp_api::requests::read(op, body)?.body()),
    })
}

/// The query pairs without signing fields or a `token`, decoded as `application/x-www-form-urlencoded`
/// (what `Url::query_pairs` does, without parsing a whole URL around the query).
fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    let query = uri.query().unwrap_or("");
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| ![ACCESS_CODE, TIMESTAMP, SIGN, "token"].contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn post(op: Operation, body: &str) -> Result<serde_json::Value, ApiError> {
        let uri: Uri = op.path().parse().unwrap();
        match admit(op, None, &uri, body.as_bytes())? {
            UpstreamRequest::Post(map) => Ok(serde_json::Value::Object(map)),
            UpstreamRequest::Cdr { .. } => unreachable!("a POST operation"),
        }
    }

    #[test]
    fn bodies_are_replaced_by_their_typed_requests() {
        let sent = r#"{"orderId":" ORD-1 ","sign":"theirs","access_code":"theirs"}"#;
        assert_eq!(
            post(Operation::OpenPackage, sent).unwrap(),
            json!({"order_id":"ORD-1"})
        );
        let e = post(Operation::OpenPackage, r#"{"order_id":1}"#).unwrap_err();
        assert!(
            matches!(&e, ApiError::InvalidRequest(r) if r.field == "order_id"),
            "{e}"
        );
    }

    #[test]
    fn cdr_queries_lose_signing_members_and_the_token() {
        let uri: Uri = "/cmp-api/sims/89/cdr?page_no=1&sign=x&token=t&timestamp=1&a=%20b"
            .parse()
            .unwrap();
        let request = admit(Operation::SimCdr, Some("89"), &uri, b"ignored").unwrap();
        let UpstreamRequest::Cdr { sim_id, query } = request else {
            unreachable!("the CDR operation")
        };
        assert_eq!(sim_id, "89");
        assert_eq!(
            query,
            [("page_no".into(), "1".into()), ("a".into(), " b".into())]
        );
    }
}
