//! The simulator's shared state: the fixed world, the mutable order book with its clock and
//! push outbox, and fault rules. Every change to the order book goes through
//! [`SimState::transition`] or [`SimState::create_order`], which run the pure state machine,
//! queue the push, and save the state file. The push settings (encoding, redeliveries)
//! start from the config and may change while it runs; they are not part of the state file.

use crate::config::{SimConfig, SimError};
use crate::error::ApiError;
use crate::faults::Faults;
use crate::orders::book::{Book, Pending, RECENT_PUSHES};
use crate::orders::lifecycle::{self, Event};
use crate::orders::push_settings::{MAX_REDELIVERIES, PushSettings, PushSettingsChange};
use crate::orders::record::{Order, Status, Transition};
use crate::world::World;
use crate::world::cdr::DayTotals;
use cmp_api::{CmpTime, OrderStatusPush};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Shared simulator state; cheap to clone.
#[derive(Clone)]
pub struct SimState(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub config: SimConfig,
    pub world: World,
    pub totals: DayTotals,
    pub book: Mutex<Book>,
    pub faults: Mutex<Faults>,
    pub push_settings: Mutex<PushSettings>,
    pub push_ready: Notify,
    pub bursts: crate::orders::bursts::Bursts,
}

/// Wall-clock Unix milliseconds.
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl SimState {
    /// Builds the world for the config's seed, restoring the state file when there is one.
    pub fn new(mut config: SimConfig) -> Result<SimState, SimError> {
        config.base_path = crate::config::base_path(&config.base_path)?;
        if config.access_code.is_some() != config.secret.is_some() {
            return Err(SimError::HalfSigning);
        }
        if !(1..=crate::world::MAX_DEVICE_COUNT).contains(&config.devices) {
            return Err(SimError::BadDeviceCount(config.devices));
        }
        if config.push_redeliveries > MAX_REDELIVERIES {
            return Err(SimError::TooManyRedeliveries(config.push_redeliveries));
        }
        if let Some(url) = &config.push_url
            && (!url.starts_with("http://") || url.parse::<hyper::Uri>().is_err())
        {
            return Err(SimError::BadPushUrl(url.clone()));
        }
        let restored = match &config.state_file {
            Some(path) => Book::load(path)?,
            None => None,
        };
        let mut book = restored.unwrap_or_else(|| {
            let now = wall_ms();
            let origin_ms = config.start_time_ms.unwrap_or(now);
            // Frozen: now = origin + offset. Following the wall: now = wall + offset.
            Book::fresh(
                origin_ms,
                if config.frozen_clock {
                    0
                } else {
                    origin_ms - now
                },
            )
        });
        let world =
            World::with_devices(config.seed, book.origin_ms.div_euclid(1000), config.devices);
        if book.orders.is_empty() && book.next_seq == 0 {
            book.orders = world.initial_orders.clone();
            book.next_seq = book.orders.len() as u64;
        }
        book.reindex();
        let faults = Faults::new(config.faults.clone(), config.seed);
        let push_settings = PushSettings {
            encoding: config.push_encoding,
            redeliveries: config.push_redeliveries,
        };
        let state = SimState(Arc::new(Inner {
            config,
            world,
            totals: DayTotals::default(),
            book: Mutex::new(book),
            faults: Mutex::new(faults),
            push_settings: Mutex::new(push_settings),
            push_ready: Notify::new(),
            bursts: Default::default(),
        }));
        state.with_book(|_, _| ());
        Ok(state)
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &SimConfig {
        &self.0.config
    }

    /// The fixed world.
    pub fn world(&self) -> &World {
        &self.0.world
    }

    /// Simulated now, Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        let offset = self.lock().offset_ms;
        self.clock_ms(offset)
    }

    fn clock_ms(&self, offset: i64) -> i64 {
        let base = if self.0.config.frozen_clock {
            self.lock_origin()
        } else {
            wall_ms()
        };
        base + offset
    }

    fn lock_origin(&self) -> i64 {
        self.0.world.origin * 1000
    }

    /// Simulated now, seconds.
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Book> {
        self.0.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        self.0.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The push settings in force now.
    pub fn push_settings(&self) -> PushSettings {
        *self
            .0
            .push_settings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Applies `change` to the push settings and returns them; more than
    /// [`MAX_REDELIVERIES`] is refused and changes nothing.
    pub fn change_push_settings(
        &self,
        change: PushSettingsChange,
    ) -> Result<PushSettings, SimError> {
        let mut settings = self
            .0
            .push_settings
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let next = settings.with(change);
        if next.redeliveries > MAX_REDELIVERIES {
            return Err(SimError::TooManyRedeliveries(next.redeliveries));
        }
        *settings = next;
        Ok(next)
    }

    /// Runs `f` on the order book after expiring every order whose time is up; saves and
    /// wakes the push sender when anything changed.
    pub fn with_book<R>(&self, f: impl FnOnce(&mut Book, i64) -> R) -> R {
        let mut book = self.lock();
        let now = self.clock_ms(book.offset_ms).div_euclid(1000);
        let before = book.version;
        self.expire_due(&mut book, now);
        let out = f(&mut book, now);
        if book.version != before {
            self.save(&book);
            self.0.push_ready.notify_one();
        }
        out
    }

    fn expire_due(&self, book: &mut Book, now: i64) {
        let due: Vec<usize> = (0..book.orders.len())
            .filter(|i| {
                let o = &book.orders[*i];
                matches!(o.status, Status::Started | Status::Paused)
                    && o.expire_at.is_some_and(|at| at <= now)
            })
            .collect();
        for i in &due {
            if let Ok(t) = lifecycle::apply(&book.orders[*i], Event::Expire, now) {
                self.commit(book, *i, t);
            }
        }
    }

    fn commit(&self, book: &mut Book, index: usize, t: Transition) {
        let push = self.push_for(&t.order, t.push);
        book.orders[index] = t.order;
        self.enqueue(book, push);
    }

    fn enqueue(&self, book: &mut Book, push: OrderStatusPush) {
        book.version += 1;
        if book.recent.len() >= RECENT_PUSHES {
            book.recent.pop_front();
        }
        book.recent.push_back(push.clone());
        // Without a push URL there is nobody to deliver to; the recent list still shows them.
        if self.0.config.push_url.is_some() {
            book.outbox.push_back(Pending::new(push));
        }
    }

    /// The push for `operation` on `order`. Its `time` is the order's creation time, as the
    /// spec's field table says ("Order creation time"), whatever the operation and whenever
    /// it happens: so pause, restart, pause of one order sends two pushes that are
    /// byte-for-byte the same, and receivers must not take `orderid|operation|time` alone
    /// as proof of a redelivery.
    fn push_for(&self, order: &Order, operation: cmp_api::PushOperation) -> OrderStatusPush {
        let imsi = self
            .0
            .world
            .device(&order.device_id)
            .map(|d| d.imsis.join(","))
            .unwrap_or_default();
        OrderStatusPush {
            assetid: order.device_id.clone(),
            imsi,
            operation,
            orderid: order.id.clone(),
            time: CmpTime::from_seconds(order.ordered_at),
        }
    }

    /// Applies `event` to order `id`: the new order on success, the rule's error otherwise.
    pub fn transition(&self, id: &str, event: Event) -> Result<Order, ApiError> {
        self.with_book(|book, now| {
            let index = book
                .position(id)
                .ok_or_else(|| ApiError::unknown_order(id))?;
            let t = lifecycle::apply(&book.orders[index], event, now)?;
            let order = t.order.clone();
            self.commit(book, index, t);
            Ok(order)
        })
    }

    /// Adds a new order (push 1000), optionally enabling it at once (push 1005).
    pub fn create_order(
        &self,
        make: impl FnOnce(String, i64) -> Order,
        open: bool,
    ) -> Result<Order, ApiError> {
        self.with_book(|book, now| {
            let seq = book.next_seq + 1;
            let order = make(crate::world::order_code(self.0.world.seed, seq), now);
            let opened = if open {
                Some(lifecycle::apply(&order, Event::Enable, now)?)
            } else {
                None
            };
            book.next_seq = seq;
            let created = lifecycle::create(order);
            let index = book.push_order(created.order.clone());
            let push = self.push_for(&created.order, created.push);
            self.enqueue(book, push);
            let last = match opened {
                Some(t) => {
                    let o = t.order.clone();
                    self.commit(book, index, t);
                    o
                }
                None => created.order,
            };
            Ok(last)
        })
    }

    /// Moves the simulated clock forward by `seconds` (expiring what falls due).
    pub fn advance(&self, seconds: i64) -> i64 {
        self.with_book(|book, _| {
            book.offset_ms += seconds.max(0) * 1000;
            book.version += 1;
        });
        // A second pass so orders due at the new time expire now, not on the next request.
        self.with_book(|_, now| now)
    }

    /// Marks an order paid (admin).
    pub fn mark_paid(&self, id: &str) -> Result<Order, ApiError> {
        self.with_book(|book, _| {
            let index = book
                .position(id)
                .ok_or_else(|| ApiError::unknown_order(id))?;
            book.orders[index].paid = true;
            book.version += 1;
            Ok(book.orders[index].clone())
        })
    }

    /// Saves the book now (used after the push sender changes the outbox).
    pub(crate) fn save_now(&self, book: &Book) {
        self.save(book);
    }

    fn save(&self, book: &Book) {
        if let Some(path) = &self.0.config.state_file
            && let Err(e) = book.save(path)
        {
            tracing::error!(
                "could not save the simulator state to {}: {e}",
                path.display()
            );
        }
    }
}
