//! A real upstream: its URL and the credentials to sign for it, which only make sense
//! together, so they are checked together once every setting has been read.

use super::ConfigError;
use crate::access::secret::Secret;

/// A real upstream and the credentials to sign for it.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    /// Base URL, e.g. `https://cmp.example.com` (paths `/cmp-api/...` are appended).
    pub url: reqwest::Url,
    /// The partner access code.
    pub access_code: String,
    /// The signing secret.
    pub secret: Secret,
}

/// The upstream's four settings as read, before they are checked together.
#[derive(Debug, Default)]
pub(super) struct UpstreamSettings {
    /// `CMP_UPSTREAM_URL`; `None` starts the embedded simulator.
    pub url: Option<reqwest::Url>,
    /// `CMP_ACCESS_CODE`.
    pub access_code: Option<String>,
    /// `CMP_SECRET`.
    pub secret: Option<String>,
    /// `CMP_SECRET_FILE`.
    pub secret_file: Option<String>,
}

impl UpstreamSettings {
    /// The upstream, if a URL is set: with an access code, and the secret either given
    /// (`CMP_SECRET`) or read from a file (`CMP_SECRET_FILE`), not both.
    pub(super) fn combine(self) -> Result<Option<UpstreamConfig>, ConfigError> {
        let Some(url) = self.url else {
            return Ok(None);
        };
        let invalid = |reason: String| ConfigError::Invalid {
            name: "CMP_SECRET_FILE",
            reason,
        };
        let why = "signing requests to CMP_UPSTREAM_URL needs it";
        let access_code = self.access_code.ok_or(ConfigError::Missing {
            name: "CMP_ACCESS_CODE",
            reason: why.into(),
        })?;
        let secret = match (self.secret, self.secret_file) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "set CMP_SECRET or CMP_SECRET_FILE, not both".into(),
                ));
            }
            (Some(s), None) => Secret::new(s),
            (None, Some(path)) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| invalid(format!("cannot read {path}: {}", e.kind())))?;
                let text = text.trim();
                if text.is_empty() {
                    return Err(invalid(format!("{path} is empty")));
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
        Ok(Some(UpstreamConfig {
            url,
            access_code,
            secret,
        }))
    }
}
