//! The Alerts page's state in the URL query: `?state=open&page=2`, so a filtered view can be
//! bookmarked and restored with Back.

/// Alerts a page holds.
pub const ALERTS_PAGE_SIZE: u64 = 20;

/// Which alerts, and which page of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsQuery {
    /// Only the open ones (`state=open`); else every alert (`state=all`, the default).
    pub open_only: bool,
    /// Page, from 1.
    pub page: u64,
}

impl Default for AlertsQuery {
    fn default() -> Self {
        AlertsQuery {
            open_only: false,
            page: 1,
        }
    }
}

impl AlertsQuery {
    /// Reads the state; bad values fall back to defaults, since URLs are edited by hand.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> AlertsQuery {
        let page = get("page")
            .and_then(|p| p.trim().parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        let open_only = get("state").is_some_and(|s| s.trim() == "open");
        AlertsQuery { open_only, page }
    }

    /// The query string (with a leading `?`, or empty), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if self.open_only {
            pairs.push("state=open".to_owned());
        }
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}
