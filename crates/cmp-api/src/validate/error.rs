//! The one error type of the input checks. Every message is a sentence the person can act
//! on: it names the rule, quotes what they typed and says what is wrong with it.

use super::CodeField;

/// A digits-only identifier people type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitField {
    /// A device id (ICCID).
    DeviceId,
    /// An IMSI.
    Imsi,
}

impl std::fmt::Display for DigitField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DigitField::DeviceId => "A device id is 18 to 22 digits",
            DigitField::Imsi => "An IMSI is 14 or 15 digits",
        })
    }
}

/// Why typed input was refused; the message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// Nothing was typed where an identifier is needed.
    #[error("{0}; nothing was entered.")]
    Empty(DigitField),
    /// A character other than a digit.
    #[error("{field}; “{input}” has {what} at position {position}.")]
    NotDigit {
        /// Which identifier.
        field: DigitField,
        /// What was typed (shortened when long).
        input: String,
        /// The offending character in words, e.g. "a letter".
        what: String,
        /// Its position, counting from 1.
        position: usize,
    },
    /// Too few or too many digits.
    #[error("{field}; “{input}” has {digits} digit{}.", if *.digits == 1 { "" } else { "s" })]
    Length {
        /// Which identifier.
        field: DigitField,
        /// What was typed (shortened when long).
        input: String,
        /// How many digits it has.
        digits: usize,
    },
    /// A date box is empty.
    #[error("Enter a date as YYYY-MM-DD (for example 2024-05-09).")]
    DateEmpty,
    /// A date not written YYYY-MM-DD.
    #[error("“{0}” is not a date: use YYYY-MM-DD (for example 2024-05-09).")]
    DateFormat(String),
    /// A month outside 01..=12.
    #[error("“{input}” has month {month}; months run from 01 to 12.")]
    DateMonth {
        /// What was typed.
        input: String,
        /// The month given.
        month: u8,
    },
    /// A day the month does not have.
    #[error("“{input}” does not exist: {month_name} {year} has {days} days.")]
    DateDay {
        /// What was typed.
        input: String,
        /// The month's name, e.g. "February".
        month_name: &'static str,
        /// The year.
        year: i32,
        /// Days that month has.
        days: u8,
    },
    /// The start date of a range is wrong.
    #[error("Start date: {0}")]
    StartDate(Box<ValidationError>),
    /// The end date of a range is wrong.
    #[error("End date: {0}")]
    EndDate(Box<ValidationError>),
    /// A range that ends before it starts.
    #[error("The end date {end} is before the start date {start}; swap them or pick a later end.")]
    EndBeforeStart {
        /// The start, `YYYY-MM-DD`.
        start: String,
        /// The end, `YYYY-MM-DD`.
        end: String,
    },
    /// A start date older than the upstream keeps.
    #[error(
        "Usage records go back 180 days, today included: the start date {start} is before {earliest}, the earliest you can ask for."
    )]
    StartTooOld {
        /// The start, `YYYY-MM-DD`.
        start: String,
        /// The earliest allowed start, `YYYY-MM-DD`.
        earliest: String,
    },
    /// An end date in the future.
    #[error("The end date {end} is after today ({today}); pick today or an earlier day.")]
    EndInFuture {
        /// The end, `YYYY-MM-DD`.
        end: String,
        /// Today, `YYYY-MM-DD`.
        today: String,
    },
    /// Page 0.
    #[error("Page numbers start at 1; there is no page 0.")]
    PageNo,
    /// A page size outside 1..=100.
    #[error("A page holds 1 to 100 items; {0} is outside that range.")]
    PageSize(u64),
    /// An empty reason.
    #[error("Give a reason (up to 200 characters); it is sent to the platform with the request.")]
    ReasonEmpty,
    /// A reason over the limit.
    #[error("A reason is at most 200 characters; this one has {0}. Shorten it.")]
    ReasonTooLong(usize),
    /// A device id listed twice in a bulk list.
    #[error("“{id}” is already listed on line {first_line}; remove the repeat.")]
    Duplicate {
        /// The repeated id.
        id: String,
        /// The line of its first occurrence, counting from 1.
        first_line: usize,
    },
    /// An identifier ([`CodeField`]) with nothing in it.
    #[error("{0}; nothing was entered.")]
    CodeEmpty(CodeField),
    /// An identifier with a character it may not hold.
    #[error("{field}; “{input}” has {what} at position {position}.")]
    CodeChar {
        /// Which identifier.
        field: CodeField,
        /// What was typed (shortened when long).
        input: String,
        /// The offending character in words, e.g. "a space".
        what: String,
        /// Its position, counting from 1.
        position: usize,
    },
    /// An identifier longer than [`super::MAX_CODE_CHARS`].
    #[error("{field}; “{input}” has {chars} characters.")]
    CodeLength {
        /// Which identifier.
        field: CodeField,
        /// What was typed (shortened).
        input: String,
        /// How many characters it has.
        chars: usize,
    },
    /// A subscribed count that is not a whole number in range.
    #[error(
        "The subscribed count is a whole number from 1 to {max}; “{0}” is not. Leave it empty to not send one.",
        max = super::MAX_SUBSCRIBED_COUNT
    )]
    SubscribedCount(String),
    /// A CSV row whose device id cell is empty.
    #[error("This row has no device id in the {column}; fill it in or delete the row.")]
    EmptyCell {
        /// Which column, e.g. "“iccid” column" or "first column".
        column: String,
    },
}
