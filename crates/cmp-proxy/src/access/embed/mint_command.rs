//! `cmp-proxy embed-token`: mints an embed token for a partner portal with the server's own
//! `CMP_EMBED_SECRET` (from the environment or `--config FILE`, as the server reads it) and
//! prints it. Argument parsing is by hand: the binary has no other subcommands. The binary
//! (`main.rs`) prints the token, or the usage for [`CliError::Help`].

use crate::config::Config;
use cmp_api::embed_token::{Claims, encode};

/// How to call the subcommand.
pub const USAGE: &str = "usage: cmp-proxy embed-token --device ID [--device ID ...] [--pool ID ...] [--sub NAME] --ttl 1h [--config FILE]
  --device ID   a device the token may show (a SIM's ICCID, or a MiFi, module or SoC id); repeat for more
  --pool ID     a traffic pool the token may show; repeat for more
  --sub NAME    who the token is for, shown in the embedded page's session
  --ttl N{s,m,h,d}  how long the token is valid, e.g. 30m, 12h, 7d (at most 365d)
  --config FILE the server's config file; CMP_EMBED_SECRET in the environment wins";

/// The longest validity the command mints, in seconds (365 days): an embed token cannot be
/// revoked except by changing `CMP_EMBED_SECRET`, which revokes every token.
pub const MAX_TTL_SECS: i64 = 365 * 86_400;

/// What `embed-token` was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedTokenArgs {
    /// Device ids (ICCIDs, or other devices' ids), in order given.
    pub devices: Vec<String>,
    /// Traffic pool ids, in order given.
    pub pools: Vec<String>,
    /// Who the token is for.
    pub sub: Option<String>,
    /// Validity, seconds.
    pub ttl_secs: i64,
    /// The config file to read the secret from, if any.
    pub config_file: Option<String>,
}

/// Why no token was printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// The arguments are wrong; the message says which and shows the usage.
    #[error("{0}\n{USAGE}")]
    Usage(String),
    /// `--help` was asked for: the text is what the command does and its usage.
    #[error("embed-token mints a token for a partner portal's embed pages.\n{USAGE}")]
    Help,
    /// No embed secret is configured.
    #[error(
        "CMP_EMBED_SECRET is not set: set it in the environment or as embed_secret in the --config file, the same secret the server uses"
    )]
    NoSecret,
}

fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
}

/// Reads the arguments after `embed-token`.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<EmbedTokenArgs, CliError> {
    let mut out = EmbedTokenArgs::default();
    let mut ttl = None;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if matches!(flag.as_str(), "-h" | "--help") {
            return Err(CliError::Help);
        }
        let value = match flag.as_str() {
            "--device" | "--pool" | "--sub" | "--ttl" | "--config" => args
                .next()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| usage(format!("{flag} needs a value")))?,
            other => return Err(usage(format!("unknown argument `{other}`"))),
        };
        match flag.as_str() {
            // Any device id a lookup takes: MiFi, module and SoC ids are not ICCIDs.
            "--device" => out.devices.push(
                cmp_api::validate::code(cmp_api::validate::CodeField::DeviceLookup, &value)
                    .map_err(|e| usage(format!("--device: {e}")))?,
            ),
            "--pool" if value.contains(char::is_whitespace) => {
                return Err(usage(format!("--pool: `{value}` is not a pool id")));
            }
            "--pool" => out.pools.push(value),
            "--sub" => out.sub = Some(value),
            "--ttl" => ttl = Some(parse_ttl(&value)?),
            _ => out.config_file = Some(value),
        }
    }
    if out.devices.is_empty() && out.pools.is_empty() {
        return Err(usage(
            "name at least one --device or --pool: a token that covers nothing is refused",
        ));
    }
    out.ttl_secs = ttl.ok_or_else(|| usage("--ttl is required, e.g. --ttl 1h"))?;
    Ok(out)
}

/// A validity such as `90s`, `30m`, `12h` or `7d`, in seconds (1 s to 365 days).
pub fn parse_ttl(text: &str) -> Result<i64, CliError> {
    let bad = || {
        usage(format!(
            "--ttl `{text}`: use a whole number and a unit s, m, h or d (e.g. 1h), at most 365d"
        ))
    };
    let split = text.len().saturating_sub(1);
    let (number, unit) = (text.get(..split).ok_or_else(bad)?, text.get(split..));
    let per_unit = match unit {
        Some("s") => 1,
        Some("m") => 60,
        Some("h") => 3600,
        Some("d") => 86_400,
        _ => return Err(bad()),
    };
    let n: i64 = number.parse().map_err(|_| bad())?;
    n.checked_mul(per_unit)
        .filter(|secs| (1..=MAX_TTL_SECS).contains(secs))
        .ok_or_else(bad)
}

/// The token for `args`, issued at `now` (Unix seconds), signed with the config's secret.
pub fn mint(args: &EmbedTokenArgs, config: &Config, now: i64) -> Result<String, CliError> {
    let secret = config.embed_secret.as_ref().ok_or(CliError::NoSecret)?;
    let claims = Claims {
        exp: now + args.ttl_secs,
        sub: args.sub.clone(),
        devices: args.devices.clone(),
        pools: args.pools.clone(),
        iat: Some(now),
        nbf: None,
    };
    Ok(encode(&claims, secret.expose().as_bytes()))
}
