//! `GET /api/session`: who the bearer token belongs to, what it may do and see, and the
//! limits a form can check before anything is sent.

use crate::time::UtcOffset;
use serde::{Deserialize, Serialize};

/// Path of the session call.
pub const SESSION_PATH: &str = "/api/session";

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Queries and mutations.
    Admin,
    /// Queries only.
    Viewer,
}

impl Role {
    /// The role as the wire and the audit log spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Viewer => "viewer",
        }
    }
}

/// Where a token comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A dashboard token from the tokens file.
    #[default]
    Dashboard,
    /// A partner-portal embed token (a JWT).
    Embed,
}

/// The answer of `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The token's name (an embed token's `sub`).
    pub name: String,
    /// What the token may do (embed tokens are viewers).
    pub role: Role,
    /// Where the token comes from.
    #[serde(default)]
    pub kind: TokenKind,
    /// The only devices the token may see; `None` (`null`) means all.
    #[serde(default)]
    pub devices: Option<Vec<String>>,
    /// Embed tokens: the traffic pools they may see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pools: Option<Vec<String>>,
    /// Embed tokens: when they expire, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Limits worth checking in the browser before sending; `None` from a proxy that
    /// announces none.
    #[serde(default)]
    pub limits: Option<SessionLimits>,
}

impl Session {
    /// Whether the token may make changes.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The limits `GET /api/session` tells the SPA about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLimits {
    /// Most devices in one bulk order (`CMP_MAX_BULK_DEVICES`).
    pub max_bulk_devices: usize,
    /// The platform's time zone as minutes east of UTC (`CMP_UPSTREAM_TZ`), so the SPA
    /// counts the CDR history's days from the platform's date; 0 from an older proxy.
    #[serde(default)]
    pub platform_utc_offset_minutes: i32,
}

impl SessionLimits {
    /// The platform's zone; UTC when the proxy announced none or an impossible one.
    pub fn platform_offset(&self) -> UtcOffset {
        UtcOffset::from_minutes(self.platform_utc_offset_minutes).unwrap_or_default()
    }
}
