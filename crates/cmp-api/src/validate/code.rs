//! Identifiers the platform issues and people paste back: order ids, package codes, and the
//! device ids a lookup or an order search names (which need not be ICCIDs: the spec also
//! lists MiFi, module and SoC devices). The spec gives no grammar for them; its examples
//! (`ORDER_1595320587633311744`, `L201901290000000533`, `202107061625560742397`,
//! `DP20190726001274`) are letters, digits and `_`. The rule allows those plus `-`, `.` and
//! `:`, at most [`MAX_CODE_CHARS`] of them: enough for any id seen, and it keeps spaces,
//! quotes, control characters and pasted paragraphs from ever reaching the platform.

use super::{ValidationError, describe_char, shorten};

/// The longest identifier accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64;

/// Which identifier a [`code`] check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeField {
    /// An order id (`order_id`).
    OrderId,
    /// A package code (`package_code`).
    PackageCode,
    /// A device id to look up or search orders by (not only ICCIDs).
    DeviceLookup,
    /// A traffic pool id (`trafficPoolId`).
    PoolId,
}

impl std::fmt::Display for CodeField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self {
            CodeField::OrderId => "An order id",
            CodeField::PackageCode => "A package code",
            CodeField::DeviceLookup => "A device id",
            CodeField::PoolId => "A traffic pool id",
        };
        write!(
            f,
            "{what} is 1 to {MAX_CODE_CHARS} letters, digits, “-”, “_”, “.” or “:”"
        )
    }
}

/// Checks an identifier: surrounding spaces are dropped, then it must be 1 to
/// [`MAX_CODE_CHARS`] ASCII letters, digits, `-`, `_`, `.` or `:`. Returns the trimmed text.
pub fn code(field: CodeField, input: &str) -> Result<String, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ValidationError::CodeEmpty(field));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(ValidationError::CodeChar {
            field,
            input: shorten(s),
            what: describe_char(c),
            position: i + 1,
        });
    }
    let chars = s.chars().count();
    if chars > MAX_CODE_CHARS {
        return Err(ValidationError::CodeLength {
            field,
            input: shorten(s),
            chars,
        });
    }
    Ok(s.to_owned())
}

/// A device id as looked up: the cleaned id, and whether it is an ICCID (18 to 22 digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupId {
    /// The trimmed id, as the platform is asked for it.
    pub id: String,
    /// Whether it is an ICCID: only a SIM's ICCID has CDRs (`/sims/{sim_id}/cdr`).
    pub iccid: bool,
}

/// Checks a device id to look up ([`CodeField::DeviceLookup`]): any sane identifier, not
/// only an ICCID, as MiFi, module and SoC devices have other ids. Says whether it is one.
pub fn device_lookup(input: &str) -> Result<LookupId, ValidationError> {
    let id = code(CodeField::DeviceLookup, input)?;
    let iccid = super::device_id(&id).is_ok();
    Ok(LookupId { id, iccid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_ids_pass_and_junk_is_named() {
        for id in [
            "ORDER_1595320587633311744",
            "L201901290000000533",
            "202107061625560742397",
            "DP20190726001274",
            "ORD-1",
            "AA:BB:CC:00:11:22",
        ] {
            assert_eq!(code(CodeField::OrderId, &format!(" {id} ")), Ok(id.into()));
        }
        let e = code(CodeField::OrderId, "ORDER 1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "An order id is 1 to 64 letters, digits, “-”, “_”, “.” or “:”; “ORDER 1” has a space at position 6."
        );
        assert_eq!(
            code(CodeField::PackageCode, "  "),
            Err(ValidationError::CodeEmpty(CodeField::PackageCode))
        );
        let long = "A".repeat(65);
        assert!(matches!(
            code(CodeField::DeviceLookup, &long),
            Err(ValidationError::CodeLength { chars: 65, .. })
        ));
        assert!(code(CodeField::OrderId, "a\"b").is_err());
        assert!(code(CodeField::OrderId, "a\u{7}b").is_err());
    }
}
