//! Where outbound alert webhooks may go (`CMP_ALERT_WEBHOOK_ALLOW`), checked when a rule is
//! saved and again before every attempt, since the list may have changed and a name may
//! now resolve elsewhere. A rule's writer chooses the URL, so without this the proxy could
//! be pointed at anything its network reaches (a metadata service, an admin port).
//!
//! - `localhost`, `127.0.0.1` and `::1` are always allowed, and must resolve to loopback.
//! - A host the list names exactly (`hooks.slack.com`, `10.0.0.7`) is allowed wherever it
//!   resolves: the operator named it.
//! - A host under a `*.example.com` entry is allowed only while every address it resolves
//!   to is public: a wildcard names someone else's zone, which may point inside.
//! - Anything else is refused.
//!
//! The addresses checked are the ones connected to ([`Target::addrs`], pinned in the
//! client), so a name cannot resolve to one address for the check and another for the send.

use cmp_api::proxy_api::alert_rule::webhook_host;
use std::net::{IpAddr, SocketAddr};

/// How a host is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// This machine.
    Loopback,
    /// Named in the list.
    Named,
    /// Under a `*.` entry of the list: public addresses only.
    Wildcard,
}

/// A webhook URL checked against the list and resolved.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL's host.
    pub host: String,
    /// The addresses to connect to.
    pub addrs: Vec<SocketAddr>,
}

/// How `host` (lower-case, as [`webhook_host`] gives it) is allowed by `list`, or why not.
pub fn allowed(list: &[String], host: &str) -> Result<Allowed, String> {
    if matches!(host, "localhost" | "127.0.0.1" | "::1") {
        return Ok(Allowed::Loopback);
    }
    if list.iter().any(|entry| entry == host) {
        return Ok(Allowed::Named);
    }
    let under = |entry: &String| {
        entry
            .strip_prefix("*.")
            .is_some_and(|zone| host.ends_with(&format!(".{zone}")))
    };
    if list.iter().any(under) {
        return Ok(Allowed::Wildcard);
    }
    Err(format!(
        "{host} is not a host alert webhooks may reach; the operator can add it to CMP_ALERT_WEBHOOK_ALLOW"
    ))
}

/// The host of `url`, if `list` allows it (the check made when a rule is saved).
pub fn check_url(list: &[String], url: &str) -> Result<Allowed, String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = webhook_host(rest).ok_or("the URL names no host")?;
    allowed(list, &host)
}

/// Whether `addrs`, the addresses a host `allowed` so resolved to, may be connected to.
pub fn judge(allowed: Allowed, host: &str, addrs: &[SocketAddr]) -> Result<(), String> {
    if addrs.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    let bad = |ok: fn(IpAddr) -> bool, what: &str| match addrs.iter().find(|a| !ok(a.ip())) {
        Some(a) => Err(format!("{host} resolves to {}, {what}", a.ip())),
        None => Ok(()),
    };
    match allowed {
        Allowed::Named => Ok(()),
        Allowed::Loopback => bad(|ip| ip.is_loopback(), "which is not this machine"),
        Allowed::Wildcard => bad(
            is_public,
            "an internal address; name the host itself in CMP_ALERT_WEBHOOK_ALLOW if it is meant",
        ),
    }
}

/// Checks `url` against `list` and resolves it: where to connect, or why not.
pub async fn resolve(list: &[String], url: &str) -> Result<Target, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("the URL cannot be read: {e}"))?;
    let host = webhook_host(url.split_once("://").map_or(url, |(_, r)| r))
        .ok_or("the URL names no host")?;
    let how = allowed(list, &host)?;
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| format!("{host} cannot be resolved: {e}"))?
            .collect(),
    };
    judge(how, &host, &addrs)?;
    Ok(Target { host, addrs })
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared
/// (100.64/10), unique-local, multicast, unspecified, broadcast or documentation space.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn at(ip: &str) -> Vec<SocketAddr> {
        vec![SocketAddr::new(ip.parse().unwrap(), 443)]
    }

    #[test]
    fn only_localhost_unless_listed() {
        let none = list(&[]);
        assert_eq!(allowed(&none, "localhost"), Ok(Allowed::Loopback));
        assert_eq!(allowed(&none, "::1"), Ok(Allowed::Loopback));
        let e = allowed(&none, "hooks.slack.com").unwrap_err();
        assert!(e.contains("CMP_ALERT_WEBHOOK_ALLOW"), "{e}");
        let some = list(&["hooks.slack.com", "*.example.com", "10.0.0.7"]);
        assert_eq!(allowed(&some, "hooks.slack.com"), Ok(Allowed::Named));
        assert_eq!(allowed(&some, "a.b.example.com"), Ok(Allowed::Wildcard));
        assert!(
            allowed(&some, "example.com").is_err(),
            "the zone itself is not under it"
        );
        assert!(allowed(&some, "evil-example.com").is_err());
        assert_eq!(allowed(&some, "10.0.0.7"), Ok(Allowed::Named));
        assert!(allowed(&some, "10.0.0.8").is_err());
        assert_eq!(
            check_url(&some, "https://user@HOOKS.slack.com:443/x"),
            Ok(Allowed::Named)
        );
    }

    #[test]
    fn wildcards_reach_public_addresses_only_and_localhost_only_loopback() {
        assert!(judge(Allowed::Wildcard, "h", &at("93.184.216.34")).is_ok());
        for internal in [
            "10.1.2.3",
            "127.0.0.1",
            "169.254.169.254",
            "192.168.1.1",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
        ] {
            let e = judge(Allowed::Wildcard, "h", &at(internal)).unwrap_err();
            assert!(e.contains("internal address"), "{internal}: {e}");
        }
        assert!(
            judge(Allowed::Named, "h", &at("10.1.2.3")).is_ok(),
            "named by the operator"
        );
        assert!(judge(Allowed::Loopback, "localhost", &at("127.0.0.1")).is_ok());
        assert!(judge(Allowed::Loopback, "localhost", &at("10.0.0.1")).is_err());
        assert!(judge(Allowed::Named, "h", &[]).is_err());
    }
}
