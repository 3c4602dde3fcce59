//! The proxy's UTC instants (`YYYY-MM-DDThh:mm:ssZ`) as the Alerts page shows them.

/// `2026-05-09T10:00:00Z` → `2026-05-09 10:00:00 UTC`; anything else as given.
pub fn utc_text(instant: &str) -> String {
    match instant.strip_suffix('Z') {
        Some(rest) if rest.len() == 19 && rest.as_bytes()[10] == b'T' => {
            format!("{} {} UTC", &rest[..10], &rest[11..])
        }
        _ => instant.to_owned(),
    }
}
