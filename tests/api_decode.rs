//! Browser tests of how the API client reads an answer's bytes.
#![cfg(target_arch = "wasm32")]

use cmp_api::{CdrPage, Envelope};
use cmp_dashboard::api::{ApiError, decode_answer};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = r#"{"code":"0000","message":"Success","success":true,"data":{"total_count":1,
  "data":[{"data":2048,"imsi":"440039980621656","mcc":"440","mnc":"10","network":"NAME",
  "session_started_at":"2026-11-01 00:00:00","session_ended_at":null,
  "sim_id":"89852202310161621658"}]}}"#;

#[wasm_bindgen_test]
fn an_answer_decodes_from_its_bytes() {
    let page: Envelope<CdrPage> = decode_answer(PAGE.as_bytes()).unwrap();
    let page = page.into_result().unwrap().unwrap();
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].network, "NAME");
}

#[wasm_bindgen_test]
fn a_bad_byte_in_a_text_costs_that_text_not_the_page() {
    let mut body = PAGE.as_bytes().to_vec();
    let at = PAGE.find("NAME").unwrap();
    body[at + 1] = 0xff;
    let page: Envelope<CdrPage> = decode_answer(&body).unwrap();
    let page = page.into_result().unwrap().unwrap();
    assert_eq!(page.data[0].network, "N\u{fffd}ME");
    assert_eq!(page.data[0].mcc, "440");
}

#[wasm_bindgen_test]
fn an_answer_that_is_not_json_is_a_decode_error() {
    let result: Result<Envelope<CdrPage>, ApiError> = decode_answer(b"<html>502</html>");
    assert!(matches!(result, Err(ApiError::Decode(_))));
}

#[wasm_bindgen_test]
fn a_failed_inner_cdr_status_is_the_platforms_refusal_not_an_empty_page() {
    use cmp_dashboard::api::cdr::checked_page;
    let failed = r#"{"code":"0000","message":"success","success":true,"data":{"data":[],
      "status":{"code":"CB-01-0003","detail":null,"message":"SIM not in this enterprise"},
      "total_count":0}}"#;
    let envelope: Envelope<CdrPage> = decode_answer(failed.as_bytes()).unwrap();
    let error = checked_page(envelope).unwrap_err();
    assert!(
        matches!(&error, ApiError::Refused { code, message }
            if code == "CB-01-0003" && message == "SIM not in this enterprise"),
        "{error:?}"
    );
    assert!(error.to_string().contains("SIM not in this enterprise"));
    let fine = PAGE.replace(
        r#""total_count":1,"#,
        r#""total_count":1,"status":{"code":"CB-00-0000","detail":null,"message":"Success"},"#,
    );
    let envelope: Envelope<CdrPage> = decode_answer(fine.as_bytes()).unwrap();
    assert_eq!(checked_page(envelope).unwrap().data.len(), 1);
}
