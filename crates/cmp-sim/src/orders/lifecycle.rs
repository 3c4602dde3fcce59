//! The order lifecycle as a pure state machine: `(order, event, now) → (new order, push)`
//! or a [`RuleError`] that leaves the order untouched. Every push operation of the spec
//! (1000–1010) is produced here and only here.

use crate::orders::record::{Order, Status, Transition, Window, expiry};
use cmp_api::PushOperation;

/// Something that happens to an existing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// aheadFinishDeviceOrder (1001).
    TerminateEarly,
    /// cancelPackage (1002).
    Cancel,
    /// The platform pauses the order (1003).
    Pause,
    /// The platform restarts a paused order (1004).
    Restart,
    /// openPackage or `is_open = "1"` on a non-OTA-secondary order (1005).
    Enable,
    /// A location report in a covered country enables an OTA order (1007).
    OtaEnable,
    /// The clock passed the expiry time (1008).
    Expire,
    /// Cycles added (1009).
    Renew(u32),
    /// Cycles removed (1010).
    Reduce(u32),
}

impl Event {
    /// One of each kind, for exhaustive tests.
    pub const ALL: [Event; 9] = [
        Event::TerminateEarly,
        Event::Cancel,
        Event::Pause,
        Event::Restart,
        Event::Enable,
        Event::OtaEnable,
        Event::Expire,
        Event::Renew(1),
        Event::Reduce(1),
    ];
}

/// Why an event is not allowed on an order. Each message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The order has ended; nothing more can happen to it.
    #[error("order {0} has already ended or been cancelled; order a new package instead")]
    AlreadyEnded(String),
    /// Cancelling needs an order that has not started.
    #[error(
        "order {0} has started, so it cannot be cancelled; end it early with aheadFinishDeviceOrder instead"
    )]
    CancelStarted(String),
    /// Ending early needs a started (or paused) order.
    #[error(
        "order {0} has not started, so it cannot be ended early; cancel it with cancelPackage instead"
    )]
    NotStarted(String),
    /// Opening needs an order that has not started yet.
    #[error(
        "order {0} is already started or paused; only orders that have not started can be opened"
    )]
    AlreadyStarted(String),
    /// Opening needs a paid order.
    #[error("order {0} is not paid, so it cannot be opened; pay for it first")]
    Unpaid(String),
    /// The secondary plan of an OTA device is enabled by the device, not by request.
    #[error(
        "order {0} is the secondary plan of an OTA device; it starts by itself when the device reports a location in a covered country"
    )]
    OtaSecondary(String),
    /// OTA enabling applies to OTA orders only.
    #[error("order {0} is not an OTA order; open it with openPackage instead")]
    NotOta(String),
    /// Pausing needs a started order.
    #[error("order {0} is not started, so it cannot be paused")]
    NotRunning(String),
    /// Restarting needs a paused order.
    #[error("order {0} is not paused, so it cannot be restarted")]
    NotPaused(String),
    /// Expiry needs a started or paused order whose time is up.
    #[error("order {0} does not expire until its expiry date")]
    NotDue(String),
    /// Renewal is for postpaid packages.
    #[error(
        "order {0} is for a prepaid package, which cannot be renewed; order a refuelling package instead"
    )]
    PrepaidRenewal(String),
    /// The cycle count must be at least one.
    #[error("the number of cycles must be at least 1")]
    ZeroCycles,
    /// Too many cycles for the package.
    #[error("order {order} would have {wanted} cycles, more than the package allows ({max})")]
    TooManyCycles {
        /// The order.
        order: String,
        /// The cycles it would have.
        wanted: u32,
        /// The package's limit.
        max: u32,
    },
    /// Too few cycles left, or the order would already be over.
    #[error(
        "order {0} cannot lose that many cycles: it would fall below the package minimum or end in the past"
    )]
    TooFewCycles(String),
}

/// A new order and its creation push (1000).
pub fn create(order: Order) -> Transition {
    Transition {
        order,
        push: PushOperation::Created,
    }
}

/// Applies `event` at `now` (simulated seconds). On error the caller keeps the old order.
pub fn apply(order: &Order, event: Event, now: i64) -> Result<Transition, RuleError> {
    let id = || order.id.clone();
    if order.status == Status::Ended {
        return Err(RuleError::AlreadyEnded(id()));
    }
    let mut next = order.clone();
    let push = match event {
        Event::TerminateEarly => {
            if order.status == Status::NotStarted {
                return Err(RuleError::NotStarted(id()));
            }
            end(&mut next, now);
            PushOperation::TerminatedEarly
        }
        Event::Cancel => {
            if order.status != Status::NotStarted {
                return Err(RuleError::CancelStarted(id()));
            }
            end(&mut next, now);
            PushOperation::Cancelled
        }
        Event::Pause => {
            if order.status != Status::Started {
                return Err(RuleError::NotRunning(id()));
            }
            close_window(&mut next, now);
            next.status = Status::Paused;
            PushOperation::Paused
        }
        Event::Restart => {
            if order.status != Status::Paused {
                return Err(RuleError::NotPaused(id()));
            }
            next.windows.push(Window {
                from: now,
                to: None,
            });
            next.status = Status::Started;
            PushOperation::Restarted
        }
        Event::Enable | Event::OtaEnable => {
            if order.status != Status::NotStarted {
                return Err(RuleError::AlreadyStarted(id()));
            }
            if !order.paid {
                return Err(RuleError::Unpaid(id()));
            }
            let op = if event == Event::Enable {
                if order.secondary {
                    return Err(RuleError::OtaSecondary(id()));
                }
                PushOperation::Enabled
            } else {
                if !order.ota {
                    return Err(RuleError::NotOta(id()));
                }
                PushOperation::OtaEnabled
            };
            next.status = Status::Started;
            next.active_at = Some(now);
            next.expire_at = Some(expiry(now, order.period_type, order.cycles));
            next.windows.push(Window {
                from: now,
                to: None,
            });
            op
        }
        Event::Expire => {
            match (order.status, order.expire_at) {
                (Status::Started | Status::Paused, Some(at)) if at <= now => end(&mut next, at),
                _ => return Err(RuleError::NotDue(id())),
            }
            PushOperation::Expired
        }
        Event::Renew(n) => {
            if n == 0 {
                return Err(RuleError::ZeroCycles);
            }
            if order.prepaid {
                return Err(RuleError::PrepaidRenewal(id()));
            }
            let wanted = order.cycles.saturating_add(n);
            if let Some(max) = order.max_cycles.filter(|max| wanted > *max) {
                return Err(RuleError::TooManyCycles {
                    order: id(),
                    wanted,
                    max,
                });
            }
            set_cycles(&mut next, wanted);
            PushOperation::Renewed
        }
        Event::Reduce(n) => {
            if n == 0 {
                return Err(RuleError::ZeroCycles);
            }
            let left = order
                .cycles
                .checked_sub(n)
                .filter(|c| *c >= order.min_cycles.max(1));
            let Some(left) = left else {
                return Err(RuleError::TooFewCycles(id()));
            };
            set_cycles(&mut next, left);
            if next.expire_at.is_some_and(|at| at <= now) {
                return Err(RuleError::TooFewCycles(id()));
            }
            PushOperation::CyclesReduced
        }
    };
    Ok(Transition { order: next, push })
}

fn set_cycles(order: &mut Order, cycles: u32) {
    order.cycles = cycles;
    if let Some(active) = order.active_at {
        order.expire_at = Some(expiry(active, order.period_type, cycles));
    }
}

fn close_window(order: &mut Order, at: i64) {
    if let Some(w) = order.windows.last_mut().filter(|w| w.to.is_none()) {
        w.to = Some(at.max(w.from));
    }
}

fn end(order: &mut Order, at: i64) {
    close_window(order, at);
    order.status = Status::Ended;
    order.ended_at = Some(at);
}
