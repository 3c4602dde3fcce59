//! Every setting in one table, [`SETTINGS`]: its environment name (the file key is the same
//! in lower case without `CMP_`), its default, the reader of its value ([`super::values`]),
//! and the field it goes to. Adding a setting is a field of [`Config`] and one row here.

use super::upstream::UpstreamSettings;
use super::values::{
    address, alert_interval, attempt_timeout, auth_codes, body_bytes, bulk_devices, burst,
    cache_bytes, cache_ttl, client_timeout, database_url, dedup_window, embed_secret, flag,
    frame_ancestors, hook_secret, list, origins, path, rate, seed, sim_devices, streams, text,
    threads, upstream_url, utc_offset, webhook_hosts, webhook_secret,
};
use super::{Config, DEFAULT_FRAME_ANCESTORS, Limits};
use crate::upstream::read_cache::{CacheLimits, MAX_ENTRIES};
use cmp_api::time::UtcOffset;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Reads a setting's text into the configuration (or the upstream's settings, checked
/// together later), or says in words what to use instead.
type Read = fn(&mut Config, &mut UpstreamSettings, &str) -> Result<(), String>;

/// One setting.
pub struct Setting {
    /// Its environment name, e.g. `CMP_LISTEN`.
    pub env: &'static str,
    /// The text used when neither the environment nor the file sets it; `None`: unset.
    pub default: Option<&'static str>,
    read: Read,
}

const fn row(env: &'static str, default: Option<&'static str>, read: Read) -> Setting {
    Setting { env, default, read }
}

/// Stores a value read by one of [`super::values`] in its field.
fn set<T, V: Into<T>>(field: &mut T, value: Result<V, String>) -> Result<(), String> {
    *field = value?.into();
    Ok(())
}

/// The settings, in the order they are read.
#[rustfmt::skip]
pub const SETTINGS: [Setting; 37] = [
    row("CMP_LISTEN", Some("127.0.0.1:8080"), |c, _, v| set(&mut c.listen, address(v))),
    // Read as paths here; the files are loaded when the server starts (crate::http::tls).
    row("CMP_TLS_CERT", None, |c, _, v| set(&mut c.tls_cert, path(v))),
    row("CMP_TLS_KEY", None, |c, _, v| set(&mut c.tls_key, path(v))),
    row("CMP_UPSTREAM_URL", None, |_, u, v| set(&mut u.url, upstream_url(v))),
    row("CMP_ACCESS_CODE", None, |_, u, v| set(&mut u.access_code, text(v))),
    row("CMP_SECRET", None, |_, u, v| set(&mut u.secret, text(v))),
    row("CMP_SECRET_FILE", None, |_, u, v| set(&mut u.secret_file, text(v))),
    row("CMP_ALLOWED_ORIGINS", None, |c, _, v| set(&mut c.allowed_origins, origins(v))),
    row("CMP_TOKENS_FILE", None, |c, _, v| set(&mut c.tokens_file, path(v))),
    row("CMP_EMBED_SECRET", None, |c, _, v| set(&mut c.embed_secret, embed_secret(v))),
    row("CMP_HOOK_SECRET", None, |c, _, v| set(&mut c.hook_secret, hook_secret(v))),
    row("CMP_DATA_DIR", Some("./data"), |c, _, v| set(&mut c.data_dir, path(v))),
    row("CMP_DATABASE_URL", None, |c, _, v| set(&mut c.database_url, database_url(v))),
    row("CMP_UPSTREAM_TIMEOUT_MS", Some("10000"), |c, _, v| set(&mut c.upstream_timeout, attempt_timeout(v))),
    // `1001` is the simulator's documented refusal; a real platform may use other codes.
    row("CMP_UPSTREAM_AUTH_CODES", Some("1001"), |c, _, v| set(&mut c.upstream_auth_codes, auth_codes(v))),
    // The platform's "current date", from which the CDR history's 180 days count.
    row("CMP_UPSTREAM_TZ", Some("UTC"), |c, _, v| set(&mut c.upstream_tz, utc_offset(v))),
    row("CMP_FRAME_ANCESTORS", Some(DEFAULT_FRAME_ANCESTORS), |c, _, v| set(&mut c.frame_ancestors, frame_ancestors(v))),
    row("CMP_DIST_DIR", Some("dist"), |c, _, v| set(&mut c.dist_dir, path(v))),
    row("CMP_SIM_SEED", Some("7"), |c, _, v| set(&mut c.sim_seed, seed(v))),
    row("CMP_SIM_DEVICES", Some("600"), |c, _, v| set(&mut c.sim_devices, sim_devices(v))),
    row("CMP_SIM_FAULTS", None, |c, _, v| set(&mut c.sim_faults, list(v))),
    row("CMP_SIM_FROZEN_CLOCK", Some("false"), |c, _, v| set(&mut c.sim_frozen_clock, flag(v))),
    // Checked by the embedded simulator when it starts (cmp-sim's `--base-path` rules).
    row("CMP_SIM_BASE_PATH", None, |c, _, v| set(&mut c.sim_base_path, text(v))),
    row("CMP_WORKER_THREADS", None, |c, _, v| set(&mut c.worker_threads, threads(v))),
    row("CMP_MAX_BODY_BYTES", Some("262144"), |c, _, v| set(&mut c.limits.max_body_bytes, body_bytes(v))),
    row("CMP_MAX_BULK_DEVICES", Some("1000"), |c, _, v| set(&mut c.limits.max_bulk_devices, bulk_devices(v))),
    row("CMP_RATE_LIMIT_PER_SEC", Some("20"), |c, _, v| set(&mut c.limits.rate_per_sec, rate(v))),
    row("CMP_RATE_LIMIT_BURST", Some("100"), |c, _, v| set(&mut c.limits.rate_burst, burst(v))),
    row("CMP_MAX_STREAMS_PER_TOKEN", Some("8"), |c, _, v| set(&mut c.limits.max_streams_per_token, streams(v))),
    row("CMP_HEADER_TIMEOUT_MS", Some("10000"), |c, _, v| set(&mut c.limits.header_timeout, client_timeout(v))),
    row("CMP_BODY_TIMEOUT_MS", Some("30000"), |c, _, v| set(&mut c.limits.body_timeout, client_timeout(v))),
    // Two seconds covers what repeats in practice (a reload, the same page open in several
    // tabs or by several people, a scoped token's per-device order queries) while no answer
    // is older than a glance: changes made through this proxy and order-status pushes empty
    // the cache at once, so only changes made elsewhere can show up to 2 s late.
    row("CMP_CACHE_TTL_MS", Some("2000"), |c, _, v| set(&mut c.cache.ttl, cache_ttl(v))),
    // A 1,000-record CDR page is a few hundred KB.
    row("CMP_CACHE_MAX_BYTES", Some("33554432"), |c, _, v| set(&mut c.cache.max_bytes, cache_bytes(v))),
    // The platform retries a push it saw no answer to within minutes; a day covers a proxy
    // that was down for hours while a genuine repeat of the same operation takes at least a
    // different operation in between (a resume between two pauses) or a billing period.
    row("CMP_PUSH_DEDUP_WINDOW", Some("24h"), |c, _, v| set(&mut c.push_dedup_window, dedup_window(v))),
    // Usage climbs slowly: ten minutes is soon enough to warn before a plan runs out, and
    // costs one read of the started orders and pools per interval across all replicas.
    row("CMP_ALERT_INTERVAL", Some("10m"), |c, _, v| set(&mut c.alert_interval, alert_interval(v))),
    row("CMP_ALERT_WEBHOOK_SECRET", None, |c, _, v| set(&mut c.alert_webhook_secret, webhook_secret(v))),
    // Empty: outbound webhooks reach only this machine (localhost), never anything inside
    // the operator's network that a rule's writer could point them at.
    row("CMP_ALERT_WEBHOOK_ALLOW", None, |c, _, v| set(&mut c.alert_webhook_allow, webhook_hosts(v))),
];

impl Setting {
    /// Reads `text` (this setting's value, or else its default) into `config` or `upstream`.
    pub(super) fn read(
        &self,
        config: &mut Config,
        upstream: &mut UpstreamSettings,
        text: &str,
    ) -> Result<(), String> {
        (self.read)(config, upstream, text)
    }
}

/// The configuration before any setting is read: every field as an unset setting without a
/// default leaves it (the rows with a default overwrite theirs).
pub(super) fn unset() -> Config {
    Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        tls_cert: None,
        tls_key: None,
        upstream: None,
        allowed_origins: Vec::new(),
        tokens_file: None,
        embed_secret: None,
        hook_secret: None,
        data_dir: PathBuf::new(),
        database_url: None,
        upstream_timeout: Duration::ZERO,
        upstream_auth_codes: Vec::new(),
        upstream_tz: UtcOffset::UTC,
        frame_ancestors: String::new(),
        dist_dir: PathBuf::new(),
        sim_seed: 0,
        sim_devices: 0,
        sim_faults: Vec::new(),
        limits: Limits {
            max_body_bytes: 0,
            max_bulk_devices: 0,
            rate_per_sec: 0.0,
            rate_burst: 0,
            max_streams_per_token: 0,
            header_timeout: Duration::ZERO,
            body_timeout: Duration::ZERO,
        },
        sim_frozen_clock: false,
        sim_base_path: String::new(),
        cache: CacheLimits {
            max_entries: MAX_ENTRIES,
            ..CacheLimits::disabled()
        },
        worker_threads: None,
        push_dedup_window: Duration::ZERO,
        alert_interval: Duration::ZERO,
        alert_webhook_secret: None,
        alert_webhook_allow: Vec::new(),
    }
}
