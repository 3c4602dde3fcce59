//! The Packages page's state as it lives in the URL query, so a view can be bookmarked,
//! shared and restored with Back: `?page=2&size=50&q=iot&country=India&type=2`.

use crate::ui::paging::{DEFAULT_PAGE_SIZE, paging_from};
use cmp_api::{Package, PackageType};

/// What the Packages page shows: which page, how big, and which filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagesQuery {
    /// Page number, from 1.
    pub page: u64,
    /// Packages a page, one of [`PAGE_SIZES`](crate::ui::paging::PAGE_SIZES).
    pub size: u64,
    /// Text searched in names and codes (empty: no search).
    pub q: String,
    /// Country name or MCC that must be covered (empty: any).
    pub country: String,
    /// Package type that must match (`None`: any).
    pub package_type: Option<PackageType>,
}

impl Default for PackagesQuery {
    fn default() -> Self {
        PackagesQuery {
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            q: String::new(),
            country: String::new(),
            package_type: None,
        }
    }
}

impl PackagesQuery {
    /// Reads the state from query parameters looked up by `get`; bad values fall back to
    /// the defaults rather than failing, since URLs are typed and edited by hand.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> PackagesQuery {
        let (page, size) = paging_from(&get);
        // Text stays as typed (spaces too) so the search box does not fight the typist.
        let text = |key| get(key).unwrap_or_default();
        let package_type = get("type")
            .map(|t| PackageType::from_code(&t))
            .filter(|t| !matches!(t, PackageType::Unknown(_)));
        PackagesQuery {
            page,
            size,
            q: text("q"),
            country: text("country"),
            package_type,
        }
    }

    /// The query string for this state (with a leading `?`, or empty), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            pairs.push(("size", self.size.to_string()));
        }
        for (key, value) in [("q", &self.q), ("country", &self.country)] {
            if !value.is_empty() {
                pairs.push((key, value.clone()));
            }
        }
        if let Some(t) = &self.package_type {
            pairs.push(("type", t.code().to_owned()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let joined: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_component(&v)))
            .collect();
        format!("?{}", joined.join("&"))
    }

    /// Whether a search or filter is active, which needs the whole catalogue.
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty() || !self.country.trim().is_empty() || self.package_type.is_some()
    }

    /// This state with different filters, back on page 1.
    pub fn with_filters(&self, q: &str, country: &str, package_type: Option<PackageType>) -> Self {
        PackagesQuery {
            page: 1,
            q: q.to_owned(),
            country: country.to_owned(),
            package_type,
            ..self.clone()
        }
    }

    /// Whether `package` passes the search and filters (case-insensitive).
    pub fn matches(&self, package: &Package) -> bool {
        let q = self.q.trim().to_lowercase();
        let text_ok = q.is_empty()
            || package.package_name.to_lowercase().contains(&q)
            || package.package_code.to_lowercase().contains(&q);
        let country = self.country.trim().to_lowercase();
        let country_ok = country.is_empty()
            || package
                .countries()
                .iter()
                .any(|c| c.to_lowercase().contains(&country))
            || package.country_codes().iter().any(|mcc| *mcc == country);
        let type_ok = self.package_type.is_none() || package.package_type == self.package_type;
        text_ok && country_ok && type_ok
    }
}

/// Percent-encodes everything but unreserved characters, as `encodeURIComponent` does.
fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
