//! The `cmp-proxy` binary's arguments: `--help` (also `-h`, and `embed-token --help`) prints
//! the usage on stdout and exits 0; an unknown argument is refused on stderr with status 2,
//! before anything starts.

use std::process::{Command, Output};

fn cmp_proxy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cmp-proxy"))
        // Only what the test sets: the developer's own CMP_* settings must not leak in.
        .env_clear()
        .args(args)
        .output()
        .expect("the cmp-proxy binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_the_usage_on_stdout_and_succeeds() {
    for flag in ["--help", "-h"] {
        let out = cmp_proxy(&[flag]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", text(&out.stderr));
        assert!(
            stdout.starts_with("usage: cmp-proxy [--config FILE]"),
            "{flag}: {stdout}"
        );
        assert!(stdout.contains("CMP_*"), "{flag}: {stdout}");
    }
    let out = cmp_proxy(&["embed-token", "--help"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("usage: cmp-proxy embed-token --device ID"),
        "{stdout}"
    );
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn an_unknown_argument_is_refused_on_stderr() {
    let out = cmp_proxy(&["--colour", "red"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown argument `--colour`"), "{stderr}");
    assert!(stderr.contains("usage: cmp-proxy"), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

#[test]
fn json_logs_are_one_object_per_line_and_a_bad_format_is_named() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"))
        .env_clear()
        .env("CMP_LOG_FORMAT", "json")
        .env("CMP_LISTEN", "127.0.0.1:0")
        .env("CMP_DATA_DIR", dir.path())
        .env("CMP_DIST_DIR", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the cmp-proxy binary runs");
    let stderr = child.stderr.take().unwrap();
    let first = BufReader::new(stderr).lines().next();
    child.kill().unwrap();
    child.wait().unwrap();
    let line = first.expect("a log line").unwrap();
    let record: serde_json::Value = serde_json::from_str(&line).expect(&line);
    assert_eq!(record["level"], "INFO", "{line}");
    assert!(record["fields"]["message"].is_string(), "{line}");

    let out = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"))
        .env_clear()
        .env("CMP_LOG_FORMAT", "yaml")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("CMP_LOG_FORMAT"), "{stderr}");
}
