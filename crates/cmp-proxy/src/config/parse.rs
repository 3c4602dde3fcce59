//! Reading single settings: the TOML file's keys, the upstream and its credentials, origins.

use super::{ConfigError, SETTINGS, UpstreamConfig, invalid};
use crate::secret::Secret;
use std::collections::HashMap;

pub(super) fn file_values(text: &str) -> Result<HashMap<&'static str, String>, ConfigError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File(e.message().to_owned()))?;
    let mut out = HashMap::new();
    for (key, value) in table {
        let name = SETTINGS
            .into_iter()
            .find(|n| n[4..].eq_ignore_ascii_case(&key))
            .ok_or_else(|| ConfigError::File(format!("unknown setting `{key}`")))?;
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
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
