//! Whether a JSON number comes out of serde_json as it went in. serde_json (without
//! `arbitrary_precision`, which cannot be used here: it would unify into the wasm SPA and
//! break its untagged and flattened numbers) keeps integers that fit `i64`/`u64` exactly and
//! reads every other number as an `f64`, so `898520220180418001920000` is written back as
//! `8.985202201804181e23` and `0.10000000000000000001` as `0.1`. The door compares the text
//! sent with the text serde_json would write: the same decimal value, and an integer still
//! written as an integer, or the number is refused (`-0` too: serde_json reads it as the
//! double `-0.0`). A leaf: it imports nothing of the crate.

/// A decimal value: sign, significant digits (no leading or trailing zeros), and the power
/// of ten of the last digit. Zero is `(false, "", 0)`.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

/// The decimal value of JSON number text, or `None` when it is not a number or its exponent
/// does not fit an `i64` (no such number survives anyway).
fn decimal(text: &str) -> Option<Decimal> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let joined = format!("{int}{frac}");
    let significant = joined.trim_start_matches('0');
    let digits = significant.trim_end_matches('0');
    if digits.is_empty() {
        return Some(Decimal {
            negative: false,
            digits: String::new(),
            exponent: 0,
        });
    }
    let trailing = i64::try_from(significant.len() - digits.len()).ok()?;
    let frac_len = i64::try_from(frac.len()).ok()?;
    Some(Decimal {
        negative,
        digits: digits.to_owned(),
        exponent: exponent.checked_sub(frac_len)?.checked_add(trailing)?,
    })
}

/// Whether number text is written as an integer (no fraction, no exponent).
pub fn is_integer_text(text: &str) -> bool {
    !text.contains(['.', 'e', 'E'])
}

/// Whether `written` stands for exactly the number `sent` does, written as an integer if
/// and only if `sent` was.
pub fn same_number(sent: &str, written: &str) -> bool {
    is_integer_text(sent) == is_integer_text(written)
        && matches!((decimal(sent), decimal(written)), (Some(a), Some(b)) if a == b)
}

/// The number `sent` as serde_json holds it, when serde_json writes it back unchanged in
/// value and kind; `None` when it would be rounded, overflow, or change from an integer.
pub fn exact(sent: &str) -> Option<serde_json::Number> {
    let n: serde_json::Number = serde_json::from_str(sent).ok()?;
    same_number(sent, &n.to_string()).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_survive_only_within_64_bits() {
        for ok in [
            "0",
            "12",
            "-12",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            assert_eq!(exact(ok).map(|n| n.to_string()).as_deref(), Some(ok));
        }
        for rounded in [
            "18446744073709551616",
            "-9223372036854775809",
            "898520220180418001920000",
            "220120801162781674139",
        ] {
            assert_eq!(exact(rounded), None, "{rounded}");
        }
    }

    #[test]
    fn fractions_survive_when_their_value_does() {
        for ok in ["1.0", "0.1", "1.50", "1e2", "1E+2", "-2.5e-3", "1e-300"] {
            assert!(exact(ok).is_some(), "{ok}");
        }
        for altered in ["0.10000000000000000001", "1e400", "123456789012345678901.5"] {
            assert_eq!(exact(altered), None, "{altered}");
        }
    }

    #[test]
    fn decimals_compare_by_value() {
        assert!(same_number("1.50", "1.5"));
        assert!(same_number("100.0", "1e2"));
        assert!(same_number("0.00", "0.0"));
        assert!(
            !same_number("100", "1e2"),
            "an integer must stay an integer"
        );
        assert!(!same_number("1.5", "1.6"));
        assert!(!same_number(
            "1e99999999999999999999",
            "1e99999999999999999999"
        ));
        assert_eq!(exact("-0"), None, "serde_json makes it -0.0");
    }
}
