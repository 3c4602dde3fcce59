//! HTTPS with HTTP/2 from `CMP_TLS_CERT`/`CMP_TLS_KEY`: the real binary with a throwaway
//! self-signed certificate (made with the `openssl` command), asked by curl over HTTP/2 and
//! HTTP/1.1; plain HTTP only from loopback; a missing or unmatched file stops the start with
//! the setting named.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A self-signed certificate and key for 127.0.0.1 in `dir`.
fn certificate(dir: &Path) -> (String, String) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(made.success(), "openssl made a certificate");
    (cert.display().to_string(), key.display().to_string())
}

/// The proxy with `env`, and the URL it prints.
fn start(dir: &Path, env: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"))
        .env_clear()
        .env("CMP_LISTEN", "127.0.0.1:0")
        .env("CMP_DATA_DIR", dir)
        .env("CMP_DIST_DIR", dir)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cmp-proxy runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("cmp-dashboard is running at "))
        .expect("the proxy prints its URL");
    // Keep reading: the proxy prints its tokens next, and a closed pipe would end it.
    std::thread::spawn(move || lines.for_each(drop));
    let url = line["cmp-dashboard is running at ".len()..]
        .trim()
        .to_owned();
    (child, url)
}

/// curl's `http_version` and status for `url`, with `flags`.
fn curl(url: &str, flags: &[&str]) -> (String, String) {
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_version} %{http_code}",
        ])
        .args(flags)
        .arg(url)
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (version, status) = text.split_once(' ').unwrap_or(("", ""));
    (version.to_owned(), status.to_owned())
}

#[test]
fn https_speaks_http2_and_http1_and_plain_http_only_from_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(dir.path());
    let (mut proxy, url) = start(
        dir.path(),
        &[("CMP_TLS_CERT", &cert), ("CMP_TLS_KEY", &key)],
    );
    let healthz = format!("{url}healthz");
    let trusted = ["--cacert", cert.as_str()];
    let h2 = curl(&healthz, &[&trusted[..], &["--http2"]].concat());
    let h1 = curl(&healthz, &[&trusted[..], &["--http1.1"]].concat());
    let plain = curl(&healthz.replacen("https://", "http://", 1), &[]);
    proxy.kill().unwrap();
    proxy.wait().unwrap();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert_eq!(h2, ("2".into(), "200".into()), "HTTP/2 by ALPN");
    assert_eq!(h1, ("1.1".into(), "200".into()), "HTTP/1.1 still offered");
    assert_eq!(
        plain,
        ("1.1".into(), "200".into()),
        "plain HTTP from loopback (the embedded simulator's pushes)"
    );
}

#[test]
fn unusable_certificate_settings_stop_the_start_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(dir.path());
    let other = tempfile::tempdir().unwrap();
    let (_, other_key) = certificate(other.path());
    let missing = dir.path().join("none.pem").display().to_string();
    for (env, named) in [
        (vec![("CMP_TLS_CERT", cert.as_str())], "CMP_TLS_KEY"),
        (
            vec![
                ("CMP_TLS_CERT", missing.as_str()),
                ("CMP_TLS_KEY", key.as_str()),
            ],
            "CMP_TLS_CERT",
        ),
        (
            vec![
                ("CMP_TLS_CERT", cert.as_str()),
                ("CMP_TLS_KEY", cert.as_str()),
            ],
            "CMP_TLS_KEY",
        ),
        (
            vec![
                ("CMP_TLS_CERT", cert.as_str()),
                ("CMP_TLS_KEY", other_key.as_str()),
            ],
            "CMP_TLS_CERT and CMP_TLS_KEY",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"))
            .env_clear()
            .env("CMP_LISTEN", "127.0.0.1:0")
            .env("CMP_DATA_DIR", dir.path())
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{env:?}: {stderr}");
        assert!(stderr.contains(named), "{env:?} names {named}: {stderr}");
    }
}
