//! # cmp-api
//!
//! The vocabulary of the CMP partner API, shared by the SPA (wasm), the proxy and the
//! simulator. No I/O here: only types and pure functions, so everything is tested natively
//! and fast.
//!
//! ## Layout
//! - [`envelope`]: the `{code, data, message, success}` envelope, paging, [`decode`].
//! - [`model`]: requests and responses of every operation, and the order-status push.
//! - [`codes`]: the upstream's numeric codes as enums with an `Unknown(code)` fallback.
//! - [`units`]: MB / KB / byte volumes as types and the one human formatter (and its
//!   companions for counts and shares, [`units::format_count`], [`units::format_percent`]).
//! - [`time`]: the upstream's date formats, and the platform's zone as a UTC offset.
//! - [`lenient`]: serde helpers for numbers-as-strings, `null`, `""` and missing fields.
//! - [`operation`]: paths, methods and which operations mutate.
//! - [`validate`]: checks of what people type, each error a sentence they can act on.
//! - [`requests`]: the proxy's door: a caller's request body read strictly into its typed
//!   request with those checks, or refused naming the field.
//! - [`aggregate`]: CDR totals per day, network, country and operator.
//! - [`fleet`]: the Overview's figures: orders by status, devices' use of their running
//!   plans this cycle, days left in a cycle, pools by share used, the last day's events.
//! - [`short_text`]: [`ShortText`], text kept inline when short (a CDR's codes).
//! - [`sign`]: the request-signing scheme (HMAC-SHA1 over canonical JSON).
//! - [`csv`]: CSV cells and lines with the formula-injection guard.
//! - [`pool_figures`]: a pool's volumes, share, days left, burn rate and projection.
//! - [`embed_token`]: partner-portal embed tokens (HS256 JWTs): minting and verifying.
//! - [`proxy_api`]: the proxy's own API (`/api/session`, `/api/events`, its error envelope),
//!   written by cmp-proxy and read by the SPA.

pub mod aggregate;
pub mod codes;
pub mod csv;
pub mod embed_token;
pub mod envelope;
pub mod fleet;
pub mod lenient;
pub mod model;
pub mod operation;
pub mod pool_figures;
pub mod proxy_api;
pub mod requests;
pub mod short_text;
pub mod sign;
pub mod time;
pub mod units;
pub mod validate;

pub use codes::*;
pub use envelope::{DecodeError, Envelope, PageInfo, UpstreamRefusal, decode, decode_slice};
pub use model::cdr::*;
pub use model::device::*;
pub use model::order::*;
pub use model::package::*;
pub use model::pool::*;
pub use model::push::*;
pub use operation::Operation;
pub use short_text::ShortText;
pub use time::CmpTime;
pub use units::{Bytes, Kilobytes, Megabytes, format_bytes, format_count, format_percent};
