//! Reading single settings: the TOML file's keys, the upstream and its credentials, origins,
//! the embed secret and the `frame-ancestors` sources.

use super::{CACHE_SETTINGS, ConfigError, LIMIT_SETTINGS, SETTINGS, UpstreamConfig, invalid};
use crate::access::secret::Secret;
use std::collections::HashMap;

pub(super) fn file_values(text: &str) -> Result<HashMap<&'static str, String>, ConfigError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File(e.message().to_owned()))?;
    let mut out = HashMap::new();
    for (key, value) in table {
        let name = SETTINGS
            .into_iter()
            .chain(LIMIT_SETTINGS)
            .chain(CACHE_SETTINGS)
            .find(|n| n[4..].eq_ignore_ascii_case(&key))
            .ok_or_else(|| ConfigError::File(format!("unknown setting `{key}`")))?;
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| ConfigError::File(format!("`{key}` must list strings")))
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            _ => {
                return Err(ConfigError::File(format!(
                    "`{key}` must be a string, a number or true/false"
                )));
            }
        };
        out.insert(name, text);
    }
    Ok(out)
}

pub(super) fn upstream_config(
    url: &str,
    access_code: Option<&str>,
    secret: Option<&str>,
    secret_file: Option<&str>,
) -> Result<UpstreamConfig, ConfigError> {
    let url = reqwest::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or_else(|| {
            invalid(
                "CMP_UPSTREAM_URL",
                "use an http:// or https:// URL such as https://cmp.example.com",
            )
        })?;
    let why = "signing requests to CMP_UPSTREAM_URL needs it";
    let access_code = access_code.ok_or(ConfigError::Missing {
        name: "CMP_ACCESS_CODE",
        reason: why.into(),
    })?;
    let secret = match (secret, secret_file) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "CMP_SECRET_FILE",
                "set CMP_SECRET or CMP_SECRET_FILE, not both",
            ));
        }
        (Some(s), None) => Secret::new(s),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                invalid(
                    "CMP_SECRET_FILE",
                    format!("cannot read {path}: {}", e.kind()),
                )
            })?;
            let text = text.trim();
            if text.is_empty() {
                return Err(invalid("CMP_SECRET_FILE", format!("{path} is empty")));
            }
            Secret::new(text)
        }
        (None, None) => {
            return Err(ConfigError::Missing {
                name: "CMP_SECRET",
                reason: format!("{why} (or set CMP_SECRET_FILE)"),
            });
        }
    };
    Ok(UpstreamConfig {
        url,
        access_code: access_code.to_owned(),
        secret,
    })
}

pub(super) fn origin(text: &str) -> Result<String, ConfigError> {
    let bad = || {
        invalid(
            "CMP_ALLOWED_ORIGINS",
            format!("`{text}` is not an origin such as https://portal.example"),
        )
    };
    let url = reqwest::Url::parse(text).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host().is_none()
        || !matches!(url.path(), "" | "/")
    {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

/// Shortest embed secret accepted: RFC 7518 asks for an HS256 key of at least 256 bits.
pub const MIN_EMBED_SECRET_LEN: usize = 32;

pub(super) fn embed_secret(text: &str) -> Result<Secret, ConfigError> {
    if text.len() < MIN_EMBED_SECRET_LEN {
        return Err(invalid(
            "CMP_EMBED_SECRET",
            format!(
                "use at least {MIN_EMBED_SECRET_LEN} characters, e.g. the output of `openssl rand -hex 32`"
            ),
        ));
    }
    Ok(Secret::new(text))
}

/// CSP sources separated by spaces (or commas, as a TOML list is joined), checked one by
/// one so nothing can end the directive and add another; returned space-separated.
pub(super) fn frame_ancestors(text: &str) -> Result<String, ConfigError> {
    let sources: Vec<&str> = text.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    let bad = |why: String| invalid("CMP_FRAME_ANCESTORS", why);
    if sources.is_empty() {
        return Err(bad(
            "list sources such as 'self' https://portal.example".into()
        ));
    }
    for source in &sources {
        let keyword = matches!(*source, "'self'" | "'none'");
        let host_source = source
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:/*-_".contains(c));
        if !keyword && !host_source {
            return Err(bad(format!(
                "`{source}` is not a source such as 'self' or https://portal.example"
            )));
        }
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err(bad("'none' cannot be combined with other sources".into()));
    }
    Ok(sources.join(" "))
}
