//! The name a token's tabs share for their lock and their channel: derived from a SHA-256
//! hash of the token, never the token itself (lock and channel names are readable by any
//! page of the origin, e.g. through `navigator.locks.query()`), so tabs signed in with
//! different tokens never meet and no name gives a token away.

use sha2::{Digest, Sha256};

/// What every group name starts with.
pub const PREFIX: &str = "cmp-dashboard.live.";

/// The lock and channel name of `token`'s tabs: [`PREFIX`] and the first 128 bits of the
/// token's SHA-256 hash, in hex.
pub fn group_name(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{PREFIX}{hex}")
}
