//! The order book: the mutable part of the world (orders, clock offset, the outbox of
//! [`Pending`] pushes), which is what the state file holds. Saved as JSON through a temp
//! file and a rename, so a crash never leaves half a file.

use crate::config::SimError;
use crate::orders::record::Order;
use cmp_api::OrderStatusPush;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::path::Path;

/// How many recent pushes `GET /_sim/pushes` keeps.
pub const RECENT_PUSHES: usize = 500;

/// A push waiting for acknowledgement, or acknowledged and waiting to be delivered again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The body to POST.
    pub push: OrderStatusPush,
    /// Attempts made so far.
    pub attempts: u32,
    /// Wall-clock Unix milliseconds before which it is not retried.
    pub not_before_ms: i64,
    /// Acknowledged once already: what is sent now is a redelivery.
    #[serde(default)]
    pub acknowledged: bool,
    /// Redeliveries still to make after the acknowledgement.
    #[serde(default)]
    pub redeliveries_left: u32,
}

impl Pending {
    /// A push to send at once.
    pub fn new(push: OrderStatusPush) -> Pending {
        Pending {
            push,
            attempts: 0,
            not_before_ms: 0,
            acknowledged: false,
            redeliveries_left: 0,
        }
    }
}

/// The mutable part of the world: what the state file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Book {
    /// The simulated time the world was built at, Unix milliseconds.
    pub origin_ms: i64,
    /// Simulated now = (origin when frozen, else wall now) + this.
    pub offset_ms: i64,
    /// Sequence for new order codes.
    pub next_seq: u64,
    /// Every order, in creation order.
    pub orders: Vec<Order>,
    /// Pushes not yet acknowledged, or acknowledged with redeliveries still due.
    pub outbox: VecDeque<Pending>,
    /// Pushes acknowledged so far (each push once, however often it was redelivered).
    pub delivered: u64,
    /// Redeliveries acknowledged so far (deliveries of a push already acknowledged).
    #[serde(default)]
    pub redelivered: u64,
    /// The latest pushes produced (delivered or not), newest last, at most [`RECENT_PUSHES`].
    #[serde(default)]
    pub recent: VecDeque<OrderStatusPush>,
    /// Bumped on every change, so callers know when to save.
    #[serde(default)]
    pub version: u64,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Book {
    /// An empty book for a world built at `origin_ms` with the clock at `offset_ms`.
    pub fn fresh(origin_ms: i64, offset_ms: i64) -> Book {
        Book {
            origin_ms,
            offset_ms,
            next_seq: 0,
            orders: Vec::new(),
            outbox: VecDeque::new(),
            delivered: 0,
            redelivered: 0,
            recent: VecDeque::new(),
            version: 0,
            index: HashMap::new(),
        }
    }

    /// Reads a saved book; `None` when the file does not exist yet.
    pub fn load(path: &Path) -> Result<Option<Book>, SimError> {
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read(path).map_err(|source| SimError::ReadState {
            path: path.into(),
            source,
        })?;
        let mut book: Book =
            serde_json::from_slice(&text).map_err(|source| SimError::BadState {
                path: path.into(),
                source,
            })?;
        book.reindex();
        Ok(Some(book))
    }

    /// Writes the book to `path` (temp file, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let tmp = path.with_extension("tmp");
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    }

    /// Where order `id` sits in [`Book::orders`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Adds a new order at the end.
    pub fn push_order(&mut self, order: Order) -> usize {
        self.index.insert(order.id.clone(), self.orders.len());
        self.orders.push(order);
        self.orders.len() - 1
    }

    /// Rebuilds the id index after the orders were replaced.
    pub fn reindex(&mut self) {
        self.index = self
            .orders
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
    }

    /// An order by code.
    pub fn order(&self, id: &str) -> Option<&Order> {
        self.index.get(id).map(|i| &self.orders[*i])
    }
}
