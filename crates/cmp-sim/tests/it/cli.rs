//! The `cmp-sim` binary's command line: `--help` is an answer (stdout, exit 0), a bad flag
//! is an error (stderr, exit 2).

use std::process::{Command, Output};

fn cmp_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cmp-sim"))
        .args(args)
        .env_remove("CMP_SIM_SEED")
        .output()
        .expect("the cmp-sim binary runs")
}

#[test]
fn help_prints_usage_on_stdout_and_exits_0() {
    for flag in ["--help", "-h"] {
        let out = cmp_sim(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("usage: cmp-sim"), "{flag}: {stdout}");
        assert!(stdout.contains("--fault ROUTE:KIND"), "{flag}: {stdout}");
        assert!(out.stderr.is_empty(), "{flag}: nothing on stderr");
    }
}

#[test]
fn a_bad_flag_says_why_on_stderr_and_exits_2() {
    let out = cmp_sim(&["--bogus", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --bogus"));
    assert!(out.stdout.is_empty());
}
