//! Fault injection: per-route latency, business-error rate, HTTP 500, HTTP 429 with
//! Retry-After, malformed JSON, dropped connections, and CDR answers whose inner status
//! failed. Rules are set with `--fault` at
//! start and changed at run time through `/_sim/faults`. A rule may be limited to the next
//! N matching requests, and the error rate draws from a seeded generator, so tests are
//! deterministic.
//!
//! Flag syntax: `--fault ROUTE:KIND[:ARG][@N]` where ROUTE is an operation name
//! (`syncPackages`, `queryOrder`, `batchOrderPackages`, `openPackage`, `cancelPackage`,
//! `aheadFinishDeviceOrder`, `queryDevice`, `getTrafficPoolInfo`, `simCdr`) or `*`, KIND is
//! `latency:MS`, `error-rate:RATE` (0..1), `http500`, `http429[:SECS]`, `malformed`,
//! `drop` or `cdr-inner-failure[:CODE]` (simCdr only), and `@N` limits the rule to the
//! next N requests.
//! JSON (`POST /_sim/faults`, a rule or a list): `{"route":"queryOrder","kind":"http429",
//! "retry_after":3,"count":2}`, `{"route":"*","kind":"latency","ms":200}`,
//! `{"route":"simCdr","kind":"error_rate","rate":0.5}`,
//! `{"route":"simCdr","kind":"cdr_inner_failure","inner_code":"CB-01-0001"}`.
//!
//! ## Layout
//! - [`rules`]: [`FaultRule`], [`FaultKind`] and [`Faults::decide`].
//! - [`flag`]: `--fault` flags read into rules.
//! - [`inject`]: the middleware on the `/cmp-api` routes that applies the decision.

pub mod flag;
pub mod inject;
pub mod rules;

pub use flag::FaultParseError;
pub use rules::{Decision, FaultKind, FaultRule, Faults};
