//! The readers of setting values, one per kind of value a setting holds (addresses, numbers
//! in a range, durations, flags, lists, origins, CSP sources, secrets). Each says in words
//! what to use instead of a bad value; [`super::settings`] adds the setting's name.

use super::database::DatabaseUrl;
use crate::access::secret::Secret;
use cmp_api::time::UtcOffset;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::time::Duration;

/// A whole number within `range`, or `why`.
fn whole_in(text: &str, range: RangeInclusive<u64>, why: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| why.to_owned())
}

/// A whole number of `unit` within `range`, saying so when it is not.
fn whole(text: &str, range: RangeInclusive<u64>, unit: &str) -> Result<u64, String> {
    let why = format!(
        "use a whole number of {unit} from {} to {}",
        range.start(),
        range.end()
    );
    whole_in(text, range, &why)
}

/// Text as it is (already trimmed, never empty).
pub(super) fn text(text: &str) -> Result<String, String> {
    Ok(text.to_owned())
}

/// A file or directory.
pub(super) fn path(text: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(text))
}

/// An address and port to listen on.
pub(super) fn address(text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| "use an address and port such as 127.0.0.1:8080".into())
}

/// A seed: any whole number.
pub(super) fn seed(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| "use a whole number such as 7".into())
}

/// The embedded simulator's world size: 1 to 99999 devices (cmp-sim's
/// `MAX_DEVICE_COUNT`; the proxy builds without cmp-sim too, so the number is written here).
pub(super) fn sim_devices(text: &str) -> Result<usize, String> {
    let why = "use a number of devices from 1 to 99999, e.g. 20000 for a large world";
    whole_in(text, 1..=99_999, why).map(|n| n as usize)
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, in any case).
pub(super) fn flag(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err("use true or false".into()),
    }
}

/// The non-empty items of a comma-separated list, trimmed.
pub(super) fn list(text: &str) -> Result<Vec<String>, String> {
    Ok(items(text).map(str::to_owned).collect())
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A span of time written with its unit (`24h`, `90m`, `30s`), from 1 second to 30 days.
pub(super) fn dedup_window(text: &str) -> Result<Duration, String> {
    span(
        text,
        720 * 3600,
        "use a number with a unit: s, m or h, from 1s to 720h (for example 24h)",
    )
}

/// How often alert rules are evaluated (`10m`, `30s`, `1h`), from 1 second to 24 hours.
pub(super) fn alert_interval(text: &str) -> Result<Duration, String> {
    span(
        text,
        24 * 3600,
        "use a number with a unit: s, m or h, from 1s to 24h (for example 10m)",
    )
}

/// A number with a unit (`s`, `m`, `h`) of 1 to `max_secs` seconds, else `why`.
fn span(text: &str, max_secs: u64, why: &str) -> Result<Duration, String> {
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let scale = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(why.into()),
    };
    let seconds = number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale));
    seconds
        .filter(|s| (1..=max_secs).contains(s))
        .map(Duration::from_secs)
        .ok_or_else(|| why.into())
}

/// A number of worker threads, 1 to 256.
pub(super) fn threads(text: &str) -> Result<usize, String> {
    let why = "use a number of threads from 1 to 256";
    whole_in(text, 1..=256, why).map(|n| n as usize)
}

/// The timeout of one upstream attempt, 1 ms to 10 minutes.
pub(super) fn attempt_timeout(text: &str) -> Result<Duration, String> {
    let why = "use milliseconds between 1 and 600000";
    whole_in(text, 1..=600_000, why).map(Duration::from_millis)
}

/// How long a client may take to send its headers or body, 1 ms to an hour.
pub(super) fn client_timeout(text: &str) -> Result<Duration, String> {
    whole(text, 1..=3_600_000, "milliseconds").map(Duration::from_millis)
}

/// The largest request body, 1 KiB to 64 MiB.
pub(super) fn body_bytes(text: &str) -> Result<usize, String> {
    whole(text, 1024..=64 * 1024 * 1024, "bytes").map(|n| n as usize)
}

/// Devices in one bulk order, 1 to 100000.
pub(super) fn bulk_devices(text: &str) -> Result<usize, String> {
    whole(text, 1..=100_000, "devices").map(|n| n as usize)
}

/// Requests per second, 0 (no limit) to 100000, decimals allowed.
pub(super) fn rate(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|r| r.is_finite() && (0.0..=100_000.0).contains(r))
        .ok_or_else(|| "use requests per second from 0 (no limit) to 100000, e.g. 20 or 0.5".into())
}

/// Requests at once above the rate, 1 to 1000000.
pub(super) fn burst(text: &str) -> Result<u32, String> {
    whole(text, 1..=1_000_000, "requests").map(|n| n as u32)
}

/// Live streams per token, 1 to 100000.
pub(super) fn streams(text: &str) -> Result<usize, String> {
    whole(text, 1..=100_000, "streams").map(|n| n as usize)
}

/// How long a read answer is reused, 0 (no cache) to 10 minutes.
pub(super) fn cache_ttl(text: &str) -> Result<Duration, String> {
    let why = "use milliseconds from 0 (no cache) to 600000, e.g. 2000";
    whole_in(text, 0..=600_000, why).map(Duration::from_millis)
}

/// Room for cached answers, 64 KiB to 4 GiB.
pub(super) fn cache_bytes(text: &str) -> Result<usize, String> {
    let why = "use a whole number of bytes from 65536 to 4294967296, e.g. 33554432";
    whole_in(text, 64 * 1024..=4 * 1024 * 1024 * 1024, why).map(|n| n as usize)
}

/// Cross-origin callers, comma-separated (see [`origin`]).
pub(super) fn origins(text: &str) -> Result<Vec<String>, String> {
    items(text).map(origin).collect()
}

/// A cross-origin caller such as `https://portal.example`, in its serialised form.
fn origin(text: &str) -> Result<String, String> {
    let bad = || format!("`{text}` is not an origin such as https://portal.example");
    let url = reqwest::Url::parse(text).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host().is_none()
        || !matches!(url.path(), "" | "/")
    {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

/// The upstream's base URL: `http://` or `https://` with a host, and optionally a path
/// the API lives under (`https://cmp.example.com/gw`). No query or fragment: a query would
/// travel unsigned beside the signed parameters.
pub(super) fn upstream_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or("use an http:// or https:// URL such as https://cmp.example.com (or https://cmp.example.com/gw when the API lives under a path)")?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "leave out the ?query and #fragment: use the API's base address such as https://cmp.example.com/gw".into(),
        );
    }
    Ok(url)
}

/// The envelope codes that mean a refused signature, comma-separated, at least one; each
/// a word without spaces as the platform writes it (`1001`, `AUTH_FAILED`).
pub(super) fn auth_codes(text: &str) -> Result<Vec<String>, String> {
    let codes: Vec<String> = items(text).map(str::to_owned).collect();
    if codes.is_empty() {
        return Err("list at least one code, e.g. 1001 or 1001,4010".into());
    }
    if let Some(bad) = codes
        .iter()
        .find(|c| !c.chars().all(|ch| ch.is_ascii_graphic()))
    {
        return Err(format!(
            "`{bad}` is not a code: use the codes as the platform sends them, comma-separated, e.g. 1001,4010"
        ));
    }
    Ok(codes)
}

/// The PostgreSQL database's URL (see [`DatabaseUrl::parse`]).
pub(super) fn database_url(text: &str) -> Result<DatabaseUrl, String> {
    DatabaseUrl::parse(text)
}

/// The platform's time zone as a fixed offset from UTC (`UTC`, `UTC+8`, `UTC-05:30`,
/// `+08:00`, `-0530`). A zone name is refused: no time-zone database is shipped, and the
/// spec's platform has no daylight saving time, so its offset is all that is needed.
pub(super) fn utc_offset(text: &str) -> Result<UtcOffset, String> {
    text.parse()
        .map_err(|e: cmp_api::time::OffsetError| e.to_string())
}

/// Shortest embed secret accepted: RFC 7518 asks for an HS256 key of at least 256 bits.
pub const MIN_EMBED_SECRET_LEN: usize = 32;

/// The secret that signs embed tokens, long enough for HS256.
pub(super) fn embed_secret(text: &str) -> Result<Secret, String> {
    if text.len() < MIN_EMBED_SECRET_LEN {
        return Err(format!(
            "use at least {MIN_EMBED_SECRET_LEN} characters, e.g. the output of `openssl rand -hex 32`"
        ));
    }
    Ok(Secret::new(text))
}

/// Shortest secret that signs outbound alert webhooks.
pub const MIN_WEBHOOK_SECRET_LEN: usize = 16;

/// The secret that signs outbound alert webhooks (HMAC-SHA256), at least 16 characters.
pub(super) fn webhook_secret(text: &str) -> Result<Secret, String> {
    if text.len() < MIN_WEBHOOK_SECRET_LEN {
        return Err(format!(
            "use at least {MIN_WEBHOOK_SECRET_LEN} characters, e.g. the output of `openssl rand -hex 32`"
        ));
    }
    Ok(Secret::new(text))
}

/// Hosts outbound alert webhooks may reach, comma-separated: names or IP addresses
/// (`hooks.slack.com`, `10.0.0.7`, `::1`) or `*.example.com` for any name under
/// example.com; lower-cased. No scheme, port or path.
pub(super) fn webhook_hosts(text: &str) -> Result<Vec<String>, String> {
    items(text)
        .map(|item| {
            let host = item.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
            let name = host.strip_prefix("*.").unwrap_or(&host);
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
                && !name.starts_with('.');
            if plain {
                Ok(host)
            } else {
                Err(format!(
                    "`{item}` is not a host: list names such as hooks.slack.com or *.example.com, without https:// or a path"
                ))
            }
        })
        .collect()
}

/// The webhook's path secret: letters, digits, `-` and `_` only.
pub(super) fn hook_secret(text: &str) -> Result<Secret, String> {
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("use only letters, digits, '-' and '_' (it is part of a URL path)".into());
    }
    Ok(Secret::new(text))
}

/// CSP sources separated by spaces (or commas, as a TOML list is joined), checked one by
/// one so nothing can end the directive and add another; returned space-separated.
pub(super) fn frame_ancestors(text: &str) -> Result<String, String> {
    let sources: Vec<&str> = text.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    if sources.is_empty() {
        return Err("list sources such as 'self' https://portal.example".into());
    }
    for source in &sources {
        let keyword = matches!(*source, "'self'" | "'none'");
        let host_source = source
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:/*-_".contains(c));
        if !keyword && !host_source {
            return Err(format!(
                "`{source}` is not a source such as 'self' or https://portal.example"
            ));
        }
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err("'none' cannot be combined with other sources".into());
    }
    Ok(sources.join(" "))
}
