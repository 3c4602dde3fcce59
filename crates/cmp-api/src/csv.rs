//! CSV for files people open in a spreadsheet (RFC 4180, CRLF line ends): one cell, quoted
//! when it must be, and guarded against formula injection, so a text that came from the
//! platform (a device's message, a plan name) is shown as text and never run as a formula.

/// What a cell may start with that a spreadsheet would run as a formula (or, for tab and
/// carriage return, read past to a formula behind them).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV cell: a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
/// a leading `'`; a value holding a comma, a quote or a line break is then quoted, its
/// quotes doubled.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line: the values as [`cell`]s separated by commas, ended by CRLF.
pub fn line<S: AsRef<str>>(values: &[S]) -> String {
    let cells: Vec<String> = values.iter().map(|v| cell(v.as_ref())).collect();
    let mut out = cells.join(",");
    out.push_str("\r\n");
    out
}
