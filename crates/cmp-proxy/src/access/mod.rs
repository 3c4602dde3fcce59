//! Who is asking and what they may do: dashboard tokens (kept as hashes) and partner-portal
//! embed tokens become an identity; `/api/session` tells the SPA about it; every `/cmp-api`
//! call is checked against the identity's role and devices.
//!
//! ## Layout
//! - [`secret`]: secrets kept out of logs, random generation, hashing, constant-time equality.
//! - [`identity`]: who is asking: role, devices, an embed token's pools.
//! - [`tokens`]: the dashboard tokens file, kept as hashes and re-read when it changes.
//! - [`caller`]: the bearer token of a request resolved to an identity.
//! - [`session`]: `GET /api/session`, what a token may do and the limits the SPA checks.
//! - [`plan`]: [`plan::Plan`], what the checks decide for an allowed call.
//! - [`scope`]: which `/cmp-api` calls a dashboard token may make, and how they are answered.
//! - [`named_ids`]: the devices and orders a request body names, in every spelling.
//! - [`order_owner`]: the device an order belongs to, looked up upstream.
//! - [`embed`]: embed tokens (JWTs): verification, their stricter scope, and the
//!   `cmp-proxy embed-token` command that mints them.
//! - [`clock`]: the time embed tokens are judged by (frozen in tests).

pub mod caller;
pub mod clock;
pub mod embed;
pub mod identity;
pub mod named_ids;
pub mod order_owner;
pub mod plan;
pub mod scope;
pub mod secret;
pub mod session;
pub mod tokens;
