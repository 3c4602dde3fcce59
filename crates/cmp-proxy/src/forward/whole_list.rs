//! Reading an upstream list whole and paging it again in the proxy, for callers who may see
//! only part of it: every page is read (at most [`MAX_PAGES`]), the items the caller may see
//! are kept, and the page asked for is cut from those with its totals recomputed. Written
//! once over the typed cmp-api pages ([`OrderPage`], [`TrafficPoolPage`]), so each list only
//! says which operation reads it, how it says where it ends, and how its answer is built.

use crate::error::ApiError;
use crate::upstream::{Upstream, UpstreamReply};
use cmp_api::{
    Envelope, Operation, OrderPage, PackageOrder, PageInfo, TrafficPool, TrafficPoolPage,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The upstream's largest page of queryOrder and getTrafficPoolInfo: what is asked for when
/// reading a list whole, and the largest page the proxy cuts from one.
pub const UPSTREAM_PAGE: u64 = 100;
/// Most upstream pages read for one list, so one request stays bounded.
pub const MAX_PAGES: u64 = 50;

/// How a page of an upstream list says where the list ends.
pub enum Extent {
    /// The list has this many pages.
    Pages(u64),
    /// The list has this many items.
    Items(u64),
}

/// The `data` of one page of an upstream list that the proxy reads whole and rebuilds.
pub trait UpstreamList: DeserializeOwned + Default {
    /// One item of the list.
    type Item;
    /// The operation that reads a page.
    const OPERATION: Operation;
    /// This page's items, and where the list ends.
    fn split(self) -> (Vec<Self::Item>, Extent);
    /// The answer holding `items`: page `page_no` (of `page_size`) of `total` items.
    fn rebuilt(items: Vec<Self::Item>, page_no: u64, page_size: u64, total: u64) -> Self;
}

impl UpstreamList for OrderPage {
    type Item = PackageOrder;
    const OPERATION: Operation = Operation::QueryOrder;

    fn split(self) -> (Vec<PackageOrder>, Extent) {
        (self.package_order, Extent::Pages(self.page.total_pages))
    }

    fn rebuilt(items: Vec<PackageOrder>, page_no: u64, page_size: u64, total: u64) -> OrderPage {
        OrderPage {
            page: PageInfo::new(page_no, page_size, total),
            sign: None,
            package_order_num: items.len() as u64,
            package_order: items,
        }
    }
}

impl UpstreamList for TrafficPoolPage {
    type Item = TrafficPool;
    const OPERATION: Operation = Operation::GetTrafficPoolInfo;

    fn split(self) -> (Vec<TrafficPool>, Extent) {
        (self.rows, Extent::Items(self.total))
    }

    fn rebuilt(items: Vec<TrafficPool>, _page_no: u64, _page_size: u64, total: u64) -> Self {
        TrafficPoolPage { rows: items, total }
    }
}

/// How a whole list is read: at most `max_pages`, with `pause` between two pages.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Most pages read.
    pub max_pages: u64,
    /// The wait between two pages (the alert evaluation's, so it does not crowd out callers).
    pub pause: Duration,
}

/// A caller's request: at most [`MAX_PAGES`], no pause.
pub const FOR_A_REQUEST: Reading = Reading {
    max_pages: MAX_PAGES,
    pause: Duration::ZERO,
};

/// Reads every page of the list `L` for `query` (its paging replaced), keeping the items
/// `keep` accepts, until the list ends, [`MAX_PAGES`] were read, or `enough` says the kept
/// items are all there is to find. An upstream refusal is passed back as it came.
pub async fn read_whole<L: UpstreamList>(
    upstream: &Upstream,
    query: &Map<String, Value>,
    keep: impl Fn(&L::Item) -> bool,
    enough: impl Fn(&[L::Item]) -> bool,
) -> Result<Result<Vec<L::Item>, UpstreamReply>, ApiError> {
    read_with::<L>(upstream, query, keep, enough, &FOR_A_REQUEST).await
}

/// [`read_whole`], reading as `reading` says.
pub async fn read_with<L: UpstreamList>(
    upstream: &Upstream,
    query: &Map<String, Value>,
    keep: impl Fn(&L::Item) -> bool,
    enough: impl Fn(&[L::Item]) -> bool,
    reading: &Reading,
) -> Result<Result<Vec<L::Item>, UpstreamReply>, ApiError> {
    let mut kept = Vec::new();
    let mut read = 0u64;
    for page in 1..=reading.max_pages {
        if page > 1 && !reading.pause.is_zero() {
            tokio::time::sleep(reading.pause).await;
        }
        let mut query = query.clone();
        query.insert("page_no".into(), json!(page));
        query.insert("page_size".into(), json!(UPSTREAM_PAGE));
        let reply = upstream.post(L::OPERATION, query).await?;
        if !reply.is_success() {
            return Ok(Err(reply));
        }
        let (items, extent) = reply.data::<L>().split();
        let empty = items.is_empty();
        read += items.len() as u64;
        let last = match extent {
            Extent::Pages(pages) => page >= pages,
            Extent::Items(total) => read >= total,
        };
        kept.extend(items.into_iter().filter(|item| keep(item)));
        if empty || last || enough(&kept) {
            break;
        }
    }
    Ok(Ok(kept))
}

/// The success envelope holding page `page_no` (of `page_size`) of `items`, with totals
/// counted over all of them.
pub fn repaged<L: UpstreamList>(items: Vec<L::Item>, page_no: u64, page_size: u64) -> Envelope<L> {
    let total = items.len() as u64;
    let start = ((page_no - 1).saturating_mul(page_size) as usize).min(items.len());
    let page = items
        .into_iter()
        .skip(start)
        .take(page_size as usize)
        .collect();
    Envelope::ok(L::rebuilt(page, page_no, page_size, total))
}

/// The page the caller asked for in `body`: `page_no` (default 1) and `page_size` (default
/// 20, at most [`UPSTREAM_PAGE`]), each a positive number or numeric string.
pub fn requested_page(body: &Map<String, Value>) -> (u64, u64) {
    let positive = |key: &str, default: u64| {
        let v = body.get(key);
        v.and_then(Value::as_u64)
            .or_else(|| {
                v.and_then(Value::as_str)
                    .and_then(|s| s.trim().parse().ok())
            })
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    (
        positive("page_no", 1),
        positive("page_size", 20).min(UPSTREAM_PAGE),
    )
}
