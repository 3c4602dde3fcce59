//! Partner-portal embed tokens in the proxy: a JWT bearer token (see
//! [`cmp_api::embed_token`]) becomes a read-only [`Identity`] limited to the token's devices
//! and traffic pools. The token is verified on every request, so it stops working the second
//! it expires, whatever page is open.
//!
//! ## Layout
//! - this module: the identity an embed token stands for, and what it covers in words.
//! - [`scope`]: which `/cmp-api` calls an embed token may make.
//! - [`mint_command`]: `cmp-proxy embed-token`, which mints a token with the server's secret.

pub mod mint_command;
pub mod scope;

use crate::access::identity::{EmbedGrant, Identity, Role};
use crate::error::ApiError;
use crate::state::AppState;
use cmp_api::embed_token::{EmbedTokenError, utc_minutes, verify};

/// The name shown for an embed token without a `sub` claim.
pub const DEFAULT_NAME: &str = "embed";

/// The identity an embed token stands for, or why it is refused.
pub fn identity(state: &AppState, token: &str) -> Result<Identity, ApiError> {
    let secret = state
        .config
        .embed_secret
        .as_ref()
        .ok_or(ApiError::EmbedNotEnabled)?;
    let claims = verify(token, secret.expose().as_bytes(), state.clock.now()).map_err(refusal)?;
    let name = claims
        .sub
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_NAME.to_owned());
    Ok(Identity {
        name,
        role: Role::Viewer,
        devices: Some(claims.devices),
        pools: Some(claims.pools),
        embed: Some(EmbedGrant {
            expires_at: claims.exp,
        }),
    })
}

/// The answer to a refused token: words for the person looking at the frame; the
/// technical reason goes to the log only, for the operator.
fn refusal(e: EmbedTokenError) -> ApiError {
    match e {
        EmbedTokenError::Expired { at } => ApiError::EmbedExpired(utc_minutes(at)),
        EmbedTokenError::NotYetValid { at } => ApiError::EmbedNotYetValid(utc_minutes(at)),
        EmbedTokenError::NoScope => ApiError::Forbidden(
            "this embed token covers nothing: it names no devices and no traffic pools".into(),
        ),
        other => {
            tracing::info!(reason = %other, "embed token refused");
            ApiError::EmbedInvalid
        }
    }
}

/// "devices A and B" / "device A" / "traffic pool P": what an embed token covers, in words.
pub fn covers(who: &Identity) -> String {
    let devices = who.devices.as_deref().unwrap_or_default();
    let pools = who.pools.as_deref().unwrap_or_default();
    let mut parts = Vec::new();
    if !devices.is_empty() {
        parts.push(named("device", "devices", devices));
    }
    if !pools.is_empty() {
        parts.push(named("traffic pool", "traffic pools", pools));
    }
    parts.join(" and ")
}

/// Most ids spelled out in a message before "and N more".
const NAMED_IDS: usize = 3;

fn named(one: &str, many: &str, ids: &[String]) -> String {
    let shown = ids
        .iter()
        .take(NAMED_IDS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    match ids.len() {
        1 => format!("{one} {shown}"),
        n if n <= NAMED_IDS => format!("{many} {shown}"),
        n => format!("{many} {shown} and {} more", n - NAMED_IDS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(devices: &[&str], pools: &[&str]) -> Identity {
        Identity {
            name: "x".into(),
            role: Role::Viewer,
            devices: Some(devices.iter().map(|d| d.to_string()).collect()),
            pools: Some(pools.iter().map(|p| p.to_string()).collect()),
            embed: Some(EmbedGrant { expires_at: 0 }),
        }
    }

    #[test]
    fn the_scope_is_said_in_words() {
        assert_eq!(covers(&who(&["D1"], &[])), "device D1");
        assert_eq!(
            covers(&who(&["D1", "D2"], &["P1"])),
            "devices D1, D2 and traffic pool P1"
        );
        assert_eq!(
            covers(&who(&[], &["P1", "P2", "P3", "P4", "P5"])),
            "traffic pools P1, P2, P3 and 2 more"
        );
    }
}
