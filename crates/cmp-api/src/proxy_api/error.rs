//! The envelope the proxy answers its own errors in: the upstream's
//! `{"code","data":null,"message","success":false}`, so a client reads one shape whether the
//! platform or the proxy said no. `code` is the proxy's name for the failure (for example
//! `UPSTREAM_TIMEOUT`); `message` is a sentence a person can act on.

use crate::Envelope;

/// The error envelope with the proxy's `code` and `message`.
pub fn error_envelope(code: &str, message: &str) -> Envelope<()> {
    Envelope::fail(code, message)
}

/// `data` of a request refused for one of its members: which one, so a client can point at
/// it (the message names it too).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefusedField {
    /// The member, as the spec spells it, with an index for a list's item (`deviceList[3]`).
    pub field: String,
}

/// The error envelope of a request refused for its member `field`.
pub fn field_refusal(code: &str, message: &str, field: &str) -> Envelope<RefusedField> {
    let mut envelope = Envelope::fail(code, message);
    envelope.data = Some(RefusedField {
        field: field.to_owned(),
    });
    envelope
}
