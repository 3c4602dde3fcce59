//! Inputs the fuzzers once crashed on, re-checked on stable with the very properties the
//! fuzz targets check (`fuzz/src/properties.rs`, included by path). Each file in
//! `tests/fuzz-regressions/<target>/` is one raw fuzzer input for that target. The spec's
//! fixtures run through the same properties, so every target is exercised even before it
//! has found anything.

#[path = "../fuzz/src/properties.rs"]
mod properties;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// The kept inputs of `target`, sorted by name.
fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            (format!("{target}/{}", name.unwrap_or_default()), bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Runs `property` on every input and fails naming each input it panicked on.
fn check_all(inputs: &[(String, Vec<u8>)], property: fn(&[u8])) {
    let failed: Vec<&str> = inputs
        .iter()
        .filter(|(_, bytes)| catch_unwind(AssertUnwindSafe(|| property(bytes))).is_err())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(failed.is_empty(), "property failed on: {failed:#?}");
}

#[test]
fn decode_kinds_match_their_fixtures() {
    // bench/fuzz.sh seeds the decode target by these indexes: each fixture must decode as
    // the type its index selects, or the seeds would exercise the wrong decoder.
    for (index, kind) in properties::DECODE_KINDS.iter().enumerate() {
        let Some(name) = kind.fixture else { continue };
        assert!(
            (kind.check)(&fixture(name)).is_some(),
            "fixture {name} does not decode as {} (index {index})",
            kind.name
        );
    }
}

#[test]
fn decode_regressions_and_fixtures() {
    let mut inputs = regressions("decode");
    for (index, kind) in properties::DECODE_KINDS.iter().enumerate() {
        if let Some(name) = kind.fixture {
            let mut input = vec![u8::try_from(index).expect("fewer than 256 kinds")];
            input.extend(fixture(name));
            inputs.push((format!("fixture {name} as {}", kind.name), input));
        }
    }
    check_all(&inputs, properties::decode);
}

#[test]
fn push_regressions_and_fixture() {
    let mut inputs = regressions("push");
    inputs.push(("fixture push".into(), fixture("push")));
    check_all(&inputs, properties::push);
}

#[test]
fn sign_regressions_and_fixtures() {
    let mut inputs = regressions("sign");
    for name in [
        "batch_order_request",
        "query_order_request",
        "sync_packages_request",
    ] {
        inputs.push((format!("fixture {name}"), fixture(name)));
    }
    check_all(&inputs, properties::sign);
}

#[test]
fn device_list_regressions() {
    let mut inputs = regressions("device_list");
    inputs.push((
        "a list with a repeat and a typo".into(),
        b"89852022018041800193\n89852022018041800192\n89852022018041800193\n898520x\n".to_vec(),
    ));
    check_all(&inputs, properties::device_list);
}

#[test]
fn embed_token_regressions_and_samples() {
    let mut inputs = regressions("embed_token");
    let mut claims = 3600_i32.to_le_bytes().to_vec();
    claims.extend(1_i32.to_le_bytes());
    claims.extend(b"Acme portal\n89852022018041800193\npool:CTP20251030APY9JB\n");
    inputs.push(("claims for a device and a pool".into(), claims));
    inputs.push(("not a token".into(), b"a.b.c".to_vec()));
    check_all(&inputs, properties::embed_token);
}

#[test]
fn decode_checks_say_whether_the_body_decoded() {
    // decode_kinds_match_their_fixtures relies on `check` answering None for an unreadable
    // body, so that test can fail.
    let envelope = &properties::DECODE_KINDS[0];
    assert!((envelope.check)(br#"{"code":"0000","data":{"x":1.5}}"#).is_some());
    assert!((envelope.check)(b"not json").is_none());
    let cdr = &properties::DECODE_KINDS[4];
    assert!((cdr.check)(br#"{"code":"0000","data":[1,2]}"#).is_none());
}
