//! Why the door refused a request body: the field (as the spec spells it, with a list index
//! or a nested member when it is inside one, or `body` for the body as a whole) and what is
//! wrong with it, as a sentence the caller can act on.

use crate::validate::ValidationError;

/// A refused request body: `field` and the [`Problem`] with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct RequestError {
    /// The field, e.g. `order_id`, `deviceList[2]`, `filter.ids[0]`, or `body`.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl RequestError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, problem: Problem) -> RequestError {
        RequestError {
            field: field.into(),
            problem,
        }
    }

    /// A problem with the body as a whole.
    pub fn body(problem: Problem) -> RequestError {
        RequestError::new(BODY, problem)
    }
}

/// The field name given to problems with the body as a whole.
pub const BODY: &str = "body";

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The body is not UTF-8 JSON; the text is the parser's own account.
    #[error("the request body is not valid JSON ({0}); send a JSON object")]
    NotJson(String),
    /// The body is JSON but not an object.
    #[error("the request body must be a JSON object, not {0}")]
    NotObject(String),
    /// A required field is missing or `null`.
    #[error("is required; {hint}")]
    Missing {
        /// What to send, with an example.
        hint: &'static str,
    },
    /// A value of the wrong JSON kind.
    #[error("must be {expected}, not {sent}")]
    WrongKind {
        /// What the field takes, e.g. "text in quotes".
        expected: &'static str,
        /// What was sent, in words.
        sent: String,
    },
    /// A number serde_json would change on its way to the platform.
    #[error(
        "the number {0} cannot be passed on exactly as sent (an integer must fit in 64 bits, any other number in a double's precision); send it as text in quotes, or as a number that fits"
    )]
    Inexact(String),
    /// The same field twice, possibly under two spellings.
    #[error("is given twice (also as “{other}”); send it once")]
    Repeated {
        /// The other spelling (or the same) it was given under.
        other: String,
    },
    /// A field the operation does not take.
    #[error("is not a field of {operation}; it takes {takes}")]
    Unknown {
        /// The operation, e.g. `cancelPackage`.
        operation: &'static str,
        /// The fields it takes, in words.
        takes: &'static str,
    },
    /// An empty device list.
    #[error("is empty; list at least one device id, e.g. [\"89852022018041800192\"]")]
    EmptyList,
    /// A device listed twice in one bulk order.
    #[error("repeats “{id}”, already {first}; list each device once")]
    RepeatedDevice {
        /// The repeated id.
        id: String,
        /// Where it first appears, e.g. `deviceList[0]`.
        first: String,
    },
    /// A code outside the spec's list.
    #[error("must be {allowed}, not {sent}")]
    NotOneOf {
        /// The allowed values in words.
        allowed: String,
        /// What was sent, in words.
        sent: String,
    },
    /// Not a whole number of at least `min`.
    #[error("must be a whole number from {min} up, not {sent}")]
    NotWhole {
        /// The smallest allowed.
        min: u64,
        /// What was sent, in words.
        sent: String,
    },
    /// A value the shared input checks refused (the same checks the dashboard runs).
    #[error("{0}")]
    Invalid(ValidationError),
}
