//! The Orders page's state as it lives in the URL query
//! (`?page=2&size=50&device=8985&order=ORDER_1&status=2&usage=80`), and the request it
//! stands for. `usage` (at least that percent of the cycle's volume used) is not a filter
//! the platform has: the page reads every page of the other filters' orders and keeps those.

use crate::ui::paging::DEFAULT_PAGE_SIZE;
use cmp_api::{OrderStatus, QueryOrderRequest};

/// Which orders the Orders page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersQuery {
    /// Page number, from 1.
    pub page: u64,
    /// Orders a page, one of [`PAGE_SIZES`](crate::ui::paging::PAGE_SIZES) (the upstream allows at most 100).
    pub size: u64,
    /// Device id (matched fuzzily by the platform); empty for any.
    pub device: String,
    /// Order code; empty for any.
    pub order: String,
    /// Status filter; `None` for any.
    pub status: Option<OrderStatus>,
    /// Only orders that used at least this percent of their cycle's volume; `None` for any.
    pub usage: Option<u32>,
}

/// The "Used this cycle" choices of the filter bar, in percent.
pub const USAGE_CHOICES: [u32; 3] = [50, 80, 100];

/// The largest `usage` a URL may ask for (a plan can be used well beyond its volume).
pub const MAX_USAGE_PERCENT: u32 = 1000;

impl Default for OrdersQuery {
    fn default() -> Self {
        OrdersQuery {
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            device: String::new(),
            order: String::new(),
            status: None,
            usage: None,
        }
    }
}

impl OrdersQuery {
    /// Reads the state from query parameters looked up by `get`; bad values fall back to
    /// the defaults, since URLs are edited by hand.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> OrdersQuery {
        let (page, size) = crate::ui::paging::paging_from(&get);
        let status = get("status")
            .map(|s| OrderStatus::from_code(&s))
            .filter(|s| !matches!(s, OrderStatus::Unknown(_)));
        let usage = get("usage")
            .and_then(|u| u.trim().parse().ok())
            .filter(|u| (1..=MAX_USAGE_PERCENT).contains(u));
        OrdersQuery {
            page,
            size,
            device: get("device").unwrap_or_default(),
            order: get("order").unwrap_or_default(),
            status,
            usage,
        }
    }

    /// The query string (with a leading `?`, or empty), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<String> = Vec::new();
        if self.page != 1 {
            pairs.push(format!("page={}", self.page));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            pairs.push(format!("size={}", self.size));
        }
        for (key, value) in [("device", &self.device), ("order", &self.order)] {
            if !value.is_empty() {
                let encoded: String = js_sys::encode_uri_component(value).into();
                pairs.push(format!("{key}={encoded}"));
            }
        }
        if let Some(status) = &self.status {
            pairs.push(format!("status={}", status.code()));
        }
        if let Some(usage) = self.usage {
            pairs.push(format!("usage={usage}"));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    /// Whether a filter is set (for the empty state's wording).
    pub fn is_filtered(&self) -> bool {
        !self.device.trim().is_empty()
            || !self.order.trim().is_empty()
            || self.status.is_some()
            || self.usage.is_some()
    }

    /// This state with different filters, back on page 1 (the usage filter is kept).
    pub fn with_filters(&self, device: &str, order: &str, status: Option<OrderStatus>) -> Self {
        OrdersQuery {
            page: 1,
            device: device.to_owned(),
            order: order.to_owned(),
            status,
            ..self.clone()
        }
    }

    /// This state with another usage filter, back on page 1.
    pub fn with_usage(&self, usage: Option<u32>) -> Self {
        OrdersQuery {
            page: 1,
            usage,
            ..self.clone()
        }
    }

    /// The same filters with no paging: what a load of every page matching them is keyed
    /// by, so moving through its pages does not read them again.
    pub fn filters_only(&self) -> OrdersQuery {
        OrdersQuery {
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            ..self.clone()
        }
    }

    /// The queryOrder body for this state; blank filters are left out.
    pub fn to_request(&self) -> QueryOrderRequest {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        QueryOrderRequest {
            device_id: text(&self.device),
            order_id: text(&self.order),
            order_status: self.status.clone(),
            page_no: Some(self.page),
            page_size: Some(self.size),
        }
    }
}
