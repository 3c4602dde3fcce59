//! Who is asking: the identity a valid token (dashboard or embed) stands for, its role and
//! the devices and pools it may see. A leaf every access check and handler reads.

pub use cmp_api::proxy_api::Role;

/// The holder of a valid token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// A name for people and the audit log.
    pub name: String,
    /// What the token may do.
    pub role: Role,
    /// The only devices the token may see; `None` means all.
    pub devices: Option<Vec<String>>,
    /// The only traffic pools the token may see; `None` means all. A pool's quota is shared
    /// by many devices, in a partner's setup often other customers' ones, so a token limited
    /// to devices sees no pool unless it names some (see [`crate::access::tokens`]).
    pub pools: Option<Vec<String>>,
    /// Set when the token is a partner-portal embed token (see [`crate::access::embed`]).
    pub embed: Option<EmbedGrant>,
}

/// What makes a token an embed token: until when it is valid (its devices and pools are
/// the identity's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedGrant {
    /// Its `exp`, Unix seconds.
    pub expires_at: i64,
}

impl Identity {
    /// Whether this identity may see `device`.
    pub fn may_see(&self, device: &str) -> bool {
        self.devices
            .as_ref()
            .is_none_or(|list| list.iter().any(|d| d == device))
    }

    /// Whether this identity may see the traffic pool `pool`.
    pub fn may_see_pool(&self, pool: &str) -> bool {
        self.pools
            .as_ref()
            .is_none_or(|list| list.iter().any(|p| p == pool))
    }
}
