//! CSV cells and lines: RFC 4180 quoting and the guard against formula injection.

use cmp_api::csv::{cell, line};

#[test]
fn plain_values_stay_as_they_are() {
    assert_eq!(cell("plain"), "plain");
    assert_eq!(cell(""), "");
    assert_eq!(cell("89852022018041800192"), "89852022018041800192");
    assert_eq!(cell("2026-11-01 10:00:00"), "2026-11-01 10:00:00");
    assert_eq!(
        cell("a=b+c-d@e"),
        "a=b+c-d@e",
        "only a leading sign is a formula"
    );
}

#[test]
fn commas_quotes_and_line_breaks_are_quoted() {
    assert_eq!(cell("a,b"), "\"a,b\"");
    assert_eq!(
        cell("Device is \"locked\", try later"),
        "\"Device is \"\"locked\"\", try later\""
    );
    assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(cell("two\r\nlines"), "\"two\r\nlines\"");
}

#[test]
fn a_leading_formula_sign_gets_an_apostrophe() {
    assert_eq!(cell("=1+2"), "'=1+2");
    assert_eq!(cell("+31 6 1234"), "'+31 6 1234");
    assert_eq!(cell("-3"), "'-3");
    assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(cell("\t=1"), "'\t=1");
}

#[test]
fn a_guarded_value_is_still_quoted_when_it_must_be() {
    assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(cell("=a,b"), "\"'=a,b\"");
    assert_eq!(cell("\r=1"), "\"'\r=1\"");
}

#[test]
fn a_line_joins_its_cells_and_ends_with_crlf() {
    assert_eq!(line(&["a", "b,c", "=d"]), "a,\"b,c\",'=d\r\n");
    assert_eq!(line(&[String::new(), String::new()]), ",\r\n");
    assert_eq!(line::<&str>(&[]), "\r\n");
}
