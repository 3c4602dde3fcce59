//! The `cmp-sim` binary's command line: `--help` is an answer (stdout, exit 0), a bad flag
//! is an error (stderr, exit 2), and the push habits come from flags or the environment.

use serde_json::Value;
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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
        for documented in [
            "--fault ROUTE:KIND",
            "cdr-inner-failure",
            "--push-encoding json|form",
            "CMP_SIM_PUSH_ENCODING",
            "--push-redeliver N",
            "CMP_SIM_PUSH_REDELIVER",
            "/_sim/pushes/settings",
            "--utc-offset OFFSET",
            "CMP_SIM_UTC_OFFSET",
        ] {
            assert!(stdout.contains(documented), "{flag} {documented}: {stdout}");
        }
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

#[test]
fn a_zone_name_is_refused_asking_for_the_offset() {
    let out = cmp_sim(&["--utc-offset", "Asia/Shanghai"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--utc-offset") && stderr.contains("give the platform's offset"),
        "{stderr}"
    );
}

#[test]
fn bad_push_settings_say_why() {
    let out = cmp_sim(&["--push-encoding", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use json or form"));
    // A simulator that ignored the variable would start serving: stop it, and fail.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmp-sim"))
        .args(["--listen", "127.0.0.1:0"])
        .env("CMP_SIM_PUSH_REDELIVER", "many")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cmp-sim started despite CMP_SIM_PUSH_REDELIVER=many");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CMP_SIM_PUSH_REDELIVER"), "{stderr}");
}

/// `GET path` on a local server, the body of the answer (`Connection: close`).
fn get(addr: &str, path: &str) -> std::io::Result<String> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer
        .split_once("\r\n\r\n")
        .map_or(answer.clone(), |(_, body)| body.to_owned()))
}

/// The push settings a `cmp-sim` started with these flags and environment reports.
fn settings_of(args: &[&str], env: &[(&str, &str)]) -> Value {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmp-sim"))
        .args(["--listen", &addr])
        .args(args)
        .env_remove("CMP_SIM_PUSH_ENCODING")
        .env_remove("CMP_SIM_PUSH_REDELIVER")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the cmp-sim binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let answer = loop {
        match get(&addr, "/_sim/pushes/settings") {
            Ok(body) => break body,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                let _ = child.kill();
                panic!("cmp-sim never answered on {addr}: {e}");
            }
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let v: Value = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
    v["data"].clone()
}

#[test]
fn push_settings_come_from_flags_or_the_environment() {
    let from_env = settings_of(
        &[],
        &[
            ("CMP_SIM_PUSH_ENCODING", "form"),
            ("CMP_SIM_PUSH_REDELIVER", "2"),
        ],
    );
    assert_eq!(
        from_env,
        serde_json::json!({"encoding": "form", "redeliveries": 2})
    );
    // A flag wins over the environment.
    let from_flags = settings_of(
        &["--push-encoding", "json", "--push-redeliver", "3"],
        &[
            ("CMP_SIM_PUSH_ENCODING", "form"),
            ("CMP_SIM_PUSH_REDELIVER", "2"),
        ],
    );
    assert_eq!(
        from_flags,
        serde_json::json!({"encoding": "json", "redeliveries": 3})
    );
}
