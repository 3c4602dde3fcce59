//! Configuration: defaults, file under environment, and bad settings named in the error.

use cmp_proxy::config::{Config, ConfigError};
use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn error_name(e: ConfigError) -> &'static str {
    match e {
        ConfigError::Invalid { name, .. } | ConfigError::Missing { name, .. } => name,
        ConfigError::File(_) => "file",
    }
}

#[test]
fn defaults_start_the_embedded_simulator() {
    let c = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert!(c.upstream.is_none());
    assert_eq!(c.data_dir.to_str(), Some("./data"));
    assert_eq!(c.dist_dir.to_str(), Some("dist"));
    assert_eq!(c.upstream_timeout.as_millis(), 10_000);
    assert_eq!(c.sim_seed, 7);
    assert_eq!(c.sim_devices, 600, "the world every test knows");
    let largest = cmp_sim::world::MAX_DEVICE_COUNT.to_string();
    let large = Config::from_sources(&env(&[("CMP_SIM_DEVICES", &largest)]), None).unwrap();
    assert_eq!(large.sim_devices, cmp_sim::world::MAX_DEVICE_COUNT);
    assert!(!c.sim_frozen_clock);
    assert!(c.allowed_origins.is_empty());
    assert!(
        c.embed_secret.is_none(),
        "embed tokens are off until a secret is set"
    );
    assert_eq!(c.frame_ancestors, "'self'");
}

#[test]
fn embed_settings_come_from_the_file_or_the_environment() {
    let secret = "0123456789abcdef0123456789abcdef";
    let file = format!(
        "embed_secret = \"{secret}\"\nframe_ancestors = [\"https://a.example\", \"'self'\"]\n"
    );
    let c = Config::from_sources(&HashMap::new(), Some(&file)).unwrap();
    assert_eq!(c.embed_secret.as_ref().unwrap().expose(), secret);
    assert_eq!(c.frame_ancestors, "https://a.example 'self'");
    assert!(
        !format!("{c:?}").contains(secret),
        "Debug must redact the embed secret"
    );
    let c = Config::from_sources(
        &env(&[(
            "CMP_FRAME_ANCESTORS",
            "  https://b.example   https://*.c.example:8443 ",
        )]),
        Some(&file),
    )
    .unwrap();
    assert_eq!(
        c.frame_ancestors,
        "https://b.example https://*.c.example:8443"
    );
}

#[test]
fn bad_embed_settings_are_named() {
    for (name, value) in [
        ("CMP_EMBED_SECRET", "too-short"),
        ("CMP_FRAME_ANCESTORS", "'self' 'unsafe-inline'"),
        ("CMP_FRAME_ANCESTORS", "'none' https://a.example"),
        ("CMP_FRAME_ANCESTORS", "https://a.example\"><script>"),
    ] {
        let e = Config::from_sources(&env(&[(name, value)]), None).unwrap_err();
        assert!(e.to_string().starts_with(name), "{name}={value}: {e}");
    }
    let e = Config::from_sources(&env(&[("CMP_EMBED_SECRET", "x".repeat(31).as_str())]), None)
        .unwrap_err();
    assert!(e.to_string().contains("at least 32 characters"), "{e}");
}

#[test]
fn environment_overrides_the_file() {
    let file = "listen = \"127.0.0.1:9000\"\nsim_seed = 11\nallowed_origins = [\"https://a.example\", \"https://b.example:8443\"]\n";
    let c = Config::from_sources(&env(&[("CMP_SIM_SEED", "12")]), Some(file)).unwrap();
    assert_eq!(c.listen.port(), 9000);
    assert_eq!(c.sim_seed, 12);
    assert_eq!(
        c.allowed_origins,
        vec!["https://a.example", "https://b.example:8443"]
    );
}

#[test]
fn an_upstream_needs_credentials() {
    let e = Config::from_sources(&env(&[("CMP_UPSTREAM_URL", "https://cmp.example")]), None)
        .unwrap_err();
    assert_eq!(error_name(e), "CMP_ACCESS_CODE");
    let e = Config::from_sources(
        &env(&[
            ("CMP_UPSTREAM_URL", "https://cmp.example"),
            ("CMP_ACCESS_CODE", "AC"),
        ]),
        None,
    )
    .unwrap_err();
    assert_eq!(error_name(e), "CMP_SECRET");
    let ok = Config::from_sources(
        &env(&[
            ("CMP_UPSTREAM_URL", "https://cmp.example"),
            ("CMP_ACCESS_CODE", "AC"),
            ("CMP_SECRET", "topsecret"),
        ]),
        None,
    )
    .unwrap();
    let up = ok.upstream.as_ref().unwrap();
    assert_eq!(up.secret.expose(), "topsecret");
    assert!(
        !format!("{ok:?}").contains("topsecret"),
        "Debug must redact the secret"
    );
}

#[test]
fn the_secret_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret");
    std::fs::write(&path, "from-file\n").unwrap();
    let p = path.display().to_string();
    let c = Config::from_sources(
        &env(&[
            ("CMP_UPSTREAM_URL", "http://127.0.0.1:1"),
            ("CMP_ACCESS_CODE", "AC"),
            ("CMP_SECRET_FILE", &p),
        ]),
        None,
    )
    .unwrap();
    assert_eq!(c.upstream.unwrap().secret.expose(), "from-file");
    let both = env(&[
        ("CMP_UPSTREAM_URL", "http://127.0.0.1:1"),
        ("CMP_ACCESS_CODE", "AC"),
        ("CMP_SECRET", "x"),
        ("CMP_SECRET_FILE", &p),
    ]);
    assert_eq!(
        error_name(Config::from_sources(&both, None).unwrap_err()),
        "CMP_SECRET_FILE"
    );
}

#[test]
fn bad_settings_are_named() {
    for (name, value) in [
        ("CMP_LISTEN", "localhost"),
        ("CMP_UPSTREAM_URL", "ftp://x"),
        ("CMP_UPSTREAM_TIMEOUT_MS", "0"),
        ("CMP_UPSTREAM_TIMEOUT_MS", "soon"),
        ("CMP_SIM_SEED", "-1"),
        ("CMP_SIM_DEVICES", "0"),
        ("CMP_SIM_DEVICES", "100000"),
        (
            "CMP_ALLOWED_ORIGINS",
            "https://ok.example,https://bad.example/path",
        ),
        ("CMP_FRAME_ANCESTORS", "'self'; script-src *"),
        ("CMP_HOOK_SECRET", "a/b"),
        ("CMP_CACHE_TTL_MS", "-1"),
        ("CMP_CACHE_TTL_MS", "600001"),
        ("CMP_CACHE_MAX_BYTES", "1000"),
    ] {
        let e = Config::from_sources(&env(&[(name, value)]), None).unwrap_err();
        assert!(e.to_string().starts_with(name), "{name}={value}: {e}");
    }
    let e = Config::from_sources(&HashMap::new(), Some("nonsense = 1")).unwrap_err();
    assert!(e.to_string().contains("nonsense"));
}

#[test]
fn frozen_clock_from_the_environment_or_the_file() {
    let on = |v: &str| Config::from_sources(&env(&[("CMP_SIM_FROZEN_CLOCK", v)]), None);
    assert!(on("true").unwrap().sim_frozen_clock);
    assert!(on("1").unwrap().sim_frozen_clock);
    assert!(!on("no").unwrap().sim_frozen_clock);
    let err = on("sometimes").unwrap_err().to_string();
    assert!(err.contains("CMP_SIM_FROZEN_CLOCK"), "{err}");
    let file = Config::from_sources(&HashMap::new(), Some("sim_frozen_clock = true\n")).unwrap();
    assert!(file.sim_frozen_clock);
}

#[test]
fn the_read_cache_is_on_by_default_and_can_be_turned_off() {
    let d = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(d.cache.ttl.as_millis(), 2000);
    assert_eq!(d.cache.max_bytes, 32 * 1024 * 1024);
    let off = Config::from_sources(&env(&[("CMP_CACHE_TTL_MS", "0")]), None).unwrap();
    assert!(off.cache.ttl.is_zero());
    let file = "cache_ttl_ms = 500\ncache_max_bytes = 1048576\n";
    let c = Config::from_sources(&HashMap::new(), Some(file)).unwrap();
    assert_eq!((c.cache.ttl.as_millis(), c.cache.max_bytes), (500, 1 << 20));
}

#[test]
fn worker_threads_default_to_one_per_core_and_bad_counts_are_named() {
    let embedded = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(embedded.worker_threads, None);
    assert_eq!(embedded.runtime_threads(), 0, "one per core");
    let upstream = [
        ("CMP_UPSTREAM_URL", "https://cmp.example"),
        ("CMP_ACCESS_CODE", "AC"),
        ("CMP_SECRET", "s3cret"),
    ];
    let real = Config::from_sources(&env(&upstream), None).unwrap();
    assert_eq!(
        real.runtime_threads(),
        0,
        "one per core before a real upstream too"
    );
    let mut one = upstream.to_vec();
    one.push(("CMP_WORKER_THREADS", "1"));
    let c = Config::from_sources(&env(&one), None).unwrap();
    assert_eq!((c.worker_threads, c.runtime_threads()), (Some(1), 1));
    let c = Config::from_sources(&HashMap::new(), Some("worker_threads = 2\n")).unwrap();
    assert_eq!(c.runtime_threads(), 2);
    for bad in ["0", "257", "two", "-1"] {
        let e = Config::from_sources(&env(&[("CMP_WORKER_THREADS", bad)]), None).unwrap_err();
        assert!(
            e.to_string().starts_with("CMP_WORKER_THREADS"),
            "CMP_WORKER_THREADS={bad}: {e}"
        );
    }
}

#[test]
fn an_upstream_url_may_carry_a_base_path_but_no_query() {
    let with = |url: &str| {
        Config::from_sources(
            &env(&[
                ("CMP_UPSTREAM_URL", url),
                ("CMP_ACCESS_CODE", "AC"),
                ("CMP_SECRET", "s3cret"),
            ]),
            None,
        )
    };
    let c = with("https://cmp.example/gw/").unwrap();
    assert_eq!(c.upstream.unwrap().url.path(), "/gw/");
    for bad in [
        "https://cmp.example/gw?tenant=1",
        "https://cmp.example/gw#x",
    ] {
        let e = with(bad).unwrap_err();
        assert_eq!(error_name(e.clone()), "CMP_UPSTREAM_URL", "{bad}");
        assert!(e.to_string().contains("?query"), "{e}");
    }
}

#[test]
fn signature_refusal_codes_default_to_1001_and_can_be_listed() {
    let d = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(d.upstream_auth_codes, ["1001"]);
    let c = Config::from_sources(
        &env(&[("CMP_UPSTREAM_AUTH_CODES", " 1001, AUTH-9 ,")]),
        None,
    )
    .unwrap();
    assert_eq!(c.upstream_auth_codes, ["1001", "AUTH-9"]);
    let file = Config::from_sources(
        &HashMap::new(),
        Some("upstream_auth_codes = [\"4010\", \"4011\"]\n"),
    )
    .unwrap();
    assert_eq!(file.upstream_auth_codes, ["4010", "4011"]);
    for bad in [",", " , ,"] {
        let e = Config::from_sources(&env(&[("CMP_UPSTREAM_AUTH_CODES", bad)]), None).unwrap_err();
        assert_eq!(error_name(e), "CMP_UPSTREAM_AUTH_CODES", "{bad:?}");
    }
}

#[test]
fn the_platforms_zone_is_a_utc_offset_not_a_name() {
    let d = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(d.upstream_tz.minutes, 0, "UTC by default");
    for (text, minutes) in [
        ("UTC", 0),
        ("Z", 0),
        ("UTC+8", 480),
        ("UTC-05:30", -330),
        ("+08:00", 480),
        ("-0530", -330),
    ] {
        let c = Config::from_sources(&env(&[("CMP_UPSTREAM_TZ", text)]), None).unwrap();
        assert_eq!(c.upstream_tz.minutes, minutes, "{text}");
    }
    let file =
        Config::from_sources(&HashMap::new(), Some("upstream_tz = \"UTC+09:30\"\n")).unwrap();
    assert_eq!(file.upstream_tz.minutes, 570);
    for bad in ["Asia/Shanghai", "CST", "GMT+8", "8", "+15:00", "UTC+8:3"] {
        let e = Config::from_sources(&env(&[("CMP_UPSTREAM_TZ", bad)]), None).unwrap_err();
        let text = e.to_string();
        assert_eq!(error_name(e), "CMP_UPSTREAM_TZ", "{bad}");
        assert!(
            text.starts_with("CMP_UPSTREAM_TZ is invalid: ")
                && text.contains("give the platform's offset"),
            "{bad}: {text}"
        );
    }
}

#[test]
fn the_embedded_simulator_can_serve_under_a_base_path() {
    let d = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(d.sim_base_path, "");
    let c = Config::from_sources(&env(&[("CMP_SIM_BASE_PATH", "/gw")]), None).unwrap();
    assert_eq!(c.sim_base_path, "/gw");
}

#[test]
fn the_push_redelivery_window_is_a_day_unless_set_with_a_unit() {
    let c = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(c.push_dedup_window.as_secs(), 24 * 3600);
    for (text, secs) in [("90m", 5400), ("30s", 30), ("2h", 7200)] {
        let c = Config::from_sources(&env(&[("CMP_PUSH_DEDUP_WINDOW", text)]), None).unwrap();
        assert_eq!(c.push_dedup_window.as_secs(), secs, "{text}");
    }
    for bad in ["24", "0s", "1d", "h", "9999h"] {
        let e = Config::from_sources(&env(&[("CMP_PUSH_DEDUP_WINDOW", bad)]), None).unwrap_err();
        assert_eq!(error_name(e), "CMP_PUSH_DEDUP_WINDOW", "{bad}");
    }
}

#[test]
fn a_database_url_moves_the_store_to_postgres_and_its_password_never_shows() {
    let d = Config::from_sources(&HashMap::new(), None).unwrap();
    assert!(
        d.database_url.is_none(),
        "SQLite in CMP_DATA_DIR by default"
    );
    for url in [
        "postgres://cmp:pa55-w0rd@db.example:6543/cmp",
        "postgresql://cmp:pa55-w0rd@db.example:6543/cmp?connect_timeout=3",
    ] {
        let c = Config::from_sources(&env(&[("CMP_DATABASE_URL", url)]), None).unwrap();
        let db = c.database_url.as_ref().unwrap();
        assert_eq!(db.name(), "cmp@db.example:6543/cmp");
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("pa55-w0rd"),
            "Debug of Config must not show the database password: {debug}"
        );
        assert!(debug.contains("cmp@db.example:6543/cmp"), "{debug}");
    }
    let file = "database_url = \"postgres://cmp:pa55-w0rd@db.example/cmp\"\n";
    let c = Config::from_sources(&HashMap::new(), Some(file)).unwrap();
    assert_eq!(c.database_url.unwrap().name(), "cmp@db.example:5432/cmp");
}

#[test]
fn a_bad_database_url_is_named_without_its_password() {
    for bad in [
        "mysql://cmp:pa55-w0rd@db.example/cmp",
        "db.example:5432",
        "postgres://cmp:pa55-w0rd@db.example:port/cmp",
        "postgres://cmp:pa55-w0rd@db.example/cmp?sslmode=require",
        "postgres://cmp:pa55-w0rd@db.example/cmp?no_such_option=1",
    ] {
        let e = Config::from_sources(&env(&[("CMP_DATABASE_URL", bad)]), None).unwrap_err();
        let text = e.to_string();
        assert_eq!(error_name(e), "CMP_DATABASE_URL", "{bad}");
        assert!(!text.contains("pa55-w0rd"), "{bad}: {text}");
    }
    let e = Config::from_sources(&env(&[("CMP_DATABASE_URL", "mysql://x")]), None).unwrap_err();
    assert!(e.to_string().contains("postgres://"), "{e}");
}

#[test]
fn the_deployment_guides_config_file_is_read_as_written() {
    let guide = include_str!("../../../docs/deploy.md");
    let start = guide.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let text = &guide[start..start + guide[start..].find("```").unwrap()];
    // Only the secret file must exist while the configuration is read.
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("signing-secret");
    std::fs::write(&secret, "s3cret\n").unwrap();
    let text = text.replace(
        "/etc/cmp-dashboard/signing-secret",
        &secret.display().to_string(),
    );
    let c = Config::from_sources(&HashMap::new(), Some(&text)).unwrap();
    let upstream = c.upstream.unwrap();
    assert_eq!(upstream.url.path(), "/gw");
    assert!(c.database_url.is_some());
    assert_eq!(c.upstream_tz.to_string(), "UTC+08:00");
    assert_eq!(c.allowed_origins, ["https://portal.partner.example"]);
}

#[test]
fn alert_rules_are_evaluated_every_ten_minutes_unless_set_with_a_unit() {
    let c = Config::from_sources(&HashMap::new(), None).unwrap();
    assert_eq!(c.alert_interval.as_secs(), 600);
    for (text, secs) in [("30s", 30), ("1m", 60), ("24h", 86_400)] {
        let c = Config::from_sources(&env(&[("CMP_ALERT_INTERVAL", text)]), None).unwrap();
        assert_eq!(c.alert_interval.as_secs(), secs, "{text}");
    }
    for bad in ["10", "0s", "25h", "1d", "soon"] {
        let e = Config::from_sources(&env(&[("CMP_ALERT_INTERVAL", bad)]), None).unwrap_err();
        assert_eq!(error_name(e), "CMP_ALERT_INTERVAL", "{bad}");
    }
}
