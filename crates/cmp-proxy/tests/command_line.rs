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
