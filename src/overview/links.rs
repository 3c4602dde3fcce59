//! Where the Overview's tiles, bars and rows lead: the orders list filtered to match (its
//! filters are URL state, [`OrdersQuery`]), a device's page, the pools and the events. An
//! embed frame has no such pages, so there nothing links.

use crate::orders::query::OrdersQuery;
use cmp_api::OrderStatus;

/// `/orders` filtered by `status` and, when given, at least `usage` percent used this cycle.
pub fn orders_href(status: Option<OrderStatus>, usage: Option<u32>) -> String {
    let query = OrdersQuery {
        status,
        usage,
        ..OrdersQuery::default()
    };
    format!("/orders{}", query.to_query_string())
}

/// The running orders, optionally only those at `usage` percent or more.
pub fn running_orders_href(usage: Option<u32>) -> String {
    orders_href(Some(OrderStatus::Started), usage)
}

/// The page of device `id`.
pub fn device_href(id: &str) -> String {
    format!(
        "/devices/{}",
        String::from(js_sys::encode_uri_component(id))
    )
}

/// The traffic pools.
pub const POOLS_HREF: &str = "/pools";

/// The stored order events.
pub const EVENTS_HREF: &str = "/events";
