//! The envelope the proxy answers its own errors in: the upstream's
//! `{"code","data":null,"message","success":false}`, so a client reads one shape whether the
//! platform or the proxy said no. `code` is the proxy's name for the failure (for example
//! `UPSTREAM_TIMEOUT`); `message` is a sentence a person can act on.

use crate::Envelope;

/// The error envelope with the proxy's `code` and `message`.
pub fn error_envelope(code: &str, message: &str) -> Envelope<()> {
    Envelope::fail(code, message)
}
