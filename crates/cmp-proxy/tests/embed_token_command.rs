//! `cmp-proxy embed-token`: arguments and validity read as documented, and the token the
//! built binary prints is accepted by a server with the same secret; without a secret it
//! says what to set.

mod common;

use axum::http::StatusCode;
use cmp_proxy::access::embed::mint_command::{CliError, MAX_TTL_SECS, mint, parse_args, parse_ttl};
use common::*;
use serde_json::json;
use std::process::Command;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn validities_read_in_seconds_minutes_hours_and_days() {
    assert_eq!(parse_ttl("90s"), Ok(90));
    assert_eq!(parse_ttl("30m"), Ok(1800));
    assert_eq!(parse_ttl("1h"), Ok(3600));
    assert_eq!(parse_ttl("7d"), Ok(7 * 86_400));
    assert_eq!(parse_ttl("365d"), Ok(MAX_TTL_SECS));
    for bad in [
        "",
        "h",
        "1",
        "1w",
        "0s",
        "-1h",
        "366d",
        "1.5h",
        "1 h",
        "99999999999999999999d",
        "1é",
    ] {
        assert!(matches!(parse_ttl(bad), Err(CliError::Usage(_))), "{bad:?}");
    }
}

#[test]
fn arguments_are_collected_and_checked() {
    let got = parse_args(args(&[
        "--device",
        D1,
        "--device",
        D2,
        "--pool",
        "P1",
        "--sub",
        "Acme",
        "--ttl",
        "2h",
        "--config",
        "proxy.toml",
    ]))
    .unwrap();
    assert_eq!(got.devices, [D1, D2]);
    // A MiFi's or a module's id is a device id too, not only a SIM's ICCID.
    let mifi = parse_args(args(&["--device", "MIFI-0042", "--ttl", "1h"])).unwrap();
    assert_eq!(mifi.devices, ["MIFI-0042"]);
    assert_eq!(got.pools, ["P1"]);
    assert_eq!(got.sub.as_deref(), Some("Acme"));
    assert_eq!(got.ttl_secs, 7200);
    assert_eq!(got.config_file.as_deref(), Some("proxy.toml"));
    for (bad, says) in [
        (args(&["--ttl", "1h"]), "--device or --pool"),
        (args(&["--device", D1]), "--ttl is required"),
        (args(&["--device", "12 ab", "--ttl", "1h"]), "--device"),
        (args(&["--device"]), "--device needs a value"),
        (
            args(&["--pool", "P1", "--ttl", "1h", "--colour", "red"]),
            "unknown argument `--colour`",
        ),
    ] {
        let e = parse_args(bad.clone()).unwrap_err().to_string();
        assert!(e.contains(says), "{bad:?}: {e}");
        assert!(e.contains("usage: cmp-proxy embed-token"), "{e}");
    }
}

#[tokio::test]
async fn a_minted_token_is_accepted_by_the_server_with_the_same_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let wanted = parse_args(args(&["--device", D1, "--pool", "P2", "--ttl", "1h"])).unwrap();
    let token = mint(&wanted, &state.config, now_secs()).unwrap();
    let (status, body) =
        send_json(&state, request("GET", "/api/session", Some(&token), None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["devices"].clone(), body["pools"].clone()),
        (json!([D1]), json!(["P2"]))
    );
    let no_secret = config(dir.path(), &[("CMP_EMBED_SECRET", "")]);
    assert_eq!(
        mint(&wanted, &no_secret, now_secs()),
        Err(CliError::NoSecret)
    );
}

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"));
    // Only what the test sets: the developer's own CMP_* settings must not leak in.
    c.env_clear();
    c
}

#[tokio::test]
async fn the_binary_prints_a_token_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let file = dir.path().join("proxy.toml");
    std::fs::write(&file, format!("embed_secret = \"{EMBED_SECRET}\"\n")).unwrap();
    let out = binary()
        .args([
            "embed-token",
            "--device",
            D1,
            "--sub",
            "Acme",
            "--ttl",
            "10m",
            "--config",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.trim();
    assert_eq!(stdout.lines().count(), 1, "just the token on stdout");
    let (status, body) = send_json(&state, request("GET", "/api/session", Some(token), None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["name"].clone(), body["kind"].clone()),
        (json!("Acme"), json!("embed"))
    );
}

#[test]
fn the_binary_says_what_to_set_without_a_secret() {
    let out = binary()
        .args(["embed-token", "--device", D1, "--ttl", "1h"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("CMP_EMBED_SECRET is not set"), "{stderr}");
}
