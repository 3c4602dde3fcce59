//! What a scheduled rule calls for now, from what was read upstream: pure functions of the
//! rule, the started orders and the pools, and the platform's time, so they are tested
//! without a network or a clock. Each finding carries its subject and cycle; the evaluator
//! fires the new ones and resolves the open alerts no finding repeats.
//!
//! The figures come from cmp-api's one definition of each: [`PackageOrder::usage_percent`]
//! and [`PackageOrder::cycle_start`] for a device's plan, [`PoolFigures`] and
//! [`project_pool`] (the Pools page's projection) for a pool.

use super::scope::watched;
use crate::store::alert_rules::StoredRule;
use crate::store::alerts::NewAlert;
use cmp_api::pool_figures::{PoolFigures, Projection, project_pool};
use cmp_api::proxy_api::OrderEvent;
use cmp_api::proxy_api::alert::{AlertFigures, AlertSubject};
use cmp_api::proxy_api::alert_rule::Condition;
use cmp_api::{CmpTime, OrderStatus, PackageOrder, TrafficPool, format_bytes};

/// What one evaluation read: the started orders and the pools (`None`: not read, or the
/// platform could not be asked), and the platform's time.
pub struct Observed<'a> {
    /// Orders the platform reports started.
    pub orders: Option<&'a [PackageOrder]>,
    /// Every traffic pool.
    pub pools: Option<&'a [TrafficPool]>,
    /// Now, in the platform's zone.
    pub now: CmpTime,
}

/// Whether a rule is evaluated on the schedule (order pushes are evaluated as they come).
pub fn scheduled(condition: &Condition) -> bool {
    !matches!(condition, Condition::OrderPush { .. })
}

/// The alerts `rule` calls for now; `None` when what it watches was not read, so its open
/// alerts are left as they are.
pub fn findings(rule: &StoredRule, seen: &Observed) -> Option<Vec<NewAlert>> {
    let watches = watched(&rule.rule.rule, &rule.owner);
    let name = &rule.rule.rule.name;
    let alert = |subject, cycle, sentence, figures| NewAlert {
        rule_id: rule.rule.id,
        rule_name: name.clone(),
        subject,
        cycle,
        sentence,
        figures,
    };
    Some(match &rule.rule.rule.condition {
        Condition::DeviceUse { percent, .. } => seen
            .orders?
            .iter()
            .filter(|o| o.order_status == Some(OrderStatus::Started))
            .filter_map(|o| {
                let device = o.device_id.as_deref().filter(|d| !d.is_empty())?;
                let share = o.usage_percent()?;
                if !watches.covers(device) || share < f64::from(*percent) {
                    return None;
                }
                let cycle = o
                    .cycle_start(seen.now)
                    .map_or_else(|| "not started".to_owned(), |c| c.iso_date());
                let used = o.used_flow.unwrap_or_default().bytes().0;
                let volume = o.flow.map(|f| f.bytes().0);
                let sentence = format!(
                    "Device {device} has used {share:.1} % of its plan this cycle ({} of {}, order {}); “{name}” warns at {percent} %",
                    format_bytes(used),
                    format_bytes(volume.unwrap_or_default()),
                    o.order_code
                );
                let figures = AlertFigures {
                    percent: Some(tenths(share)),
                    threshold: Some(*percent),
                    used_bytes: Some(used),
                    total_bytes: volume,
                    ..Default::default()
                };
                let subject = AlertSubject::Device {
                    device_id: device.to_owned(),
                    order_code: o.order_code.clone(),
                };
                Some(alert(subject, cycle, sentence, figures))
            })
            .collect(),
        Condition::PoolUse { percent, .. } => seen
            .pools?
            .iter()
            .filter(|p| !p.traffic_pool_id.is_empty() && watches.covers(&p.traffic_pool_id))
            .filter_map(|p| {
                let figures = PoolFigures::of(p);
                if figures.total.0 == 0 || figures.share < f64::from(*percent) {
                    return None;
                }
                let sentence = format!(
                    "Pool {} has used {:.1} % of its quota ({} of {}); “{name}” warns at {percent} %",
                    pool_words(p),
                    figures.share,
                    format_bytes(figures.used.0),
                    format_bytes(figures.total.0)
                );
                let numbers = AlertFigures {
                    percent: Some(tenths(figures.share)),
                    threshold: Some(*percent),
                    used_bytes: Some(figures.used.0),
                    total_bytes: Some(figures.total.0),
                    period_ends_on: p.traffic_pool_end_time.map(|t| t.iso_date()),
                    ..Default::default()
                };
                Some(alert(pool_subject(p), period(p), sentence, numbers))
            })
            .collect(),
        Condition::PoolExhaustion { .. } => seen
            .pools?
            .iter()
            .filter(|p| !p.traffic_pool_id.is_empty() && watches.covers(&p.traffic_pool_id))
            .filter_map(|p| {
                let ends = p.traffic_pool_end_time?.iso_date();
                let (runs_out, sentence) = match project_pool(p, seen.now) {
                    Projection::On(at) => (
                        Some(at.iso_date()),
                        format!(
                            "Pool {} is projected to run out around {} at its rate so far, before its period ends on {ends}",
                            pool_words(p),
                            at.iso_date()
                        ),
                    ),
                    // Already run out, within the period: the projection came true.
                    Projection::Exhausted if p.traffic_pool_end_time.is_some_and(|e| seen.now <= e) => (
                        None,
                        format!("Pool {} has used up its quota before its period ends on {ends}", pool_words(p)),
                    ),
                    _ => return None,
                };
                let figures = PoolFigures::of(p);
                let numbers = AlertFigures {
                    percent: Some(tenths(figures.share)),
                    used_bytes: Some(figures.used.0),
                    total_bytes: Some(figures.total.0),
                    runs_out_on: runs_out,
                    period_ends_on: Some(ends),
                    ..Default::default()
                };
                Some(alert(pool_subject(p), period(p), sentence, numbers))
            })
            .collect(),
        Condition::OrderPush { .. } => return None,
    })
}

/// The alert an order-status push calls for under an order-push `rule`: when its operation is
/// one the rule lists, its device one the rule watches, and it came after the rule was last
/// written (a rule does not fire for what happened before it said so).
pub fn push_finding(rule: &StoredRule, event: &OrderEvent) -> Option<NewAlert> {
    let Condition::OrderPush { operations } = &rule.rule.rule.condition else {
        return None;
    };
    let watches = watched(&rule.rule.rule, &rule.owner);
    if !operations.contains(&event.operation)
        || !watches.covers(&event.assetid)
        || event.received_at < rule.rule.updated_at
    {
        return None;
    }
    let name = &rule.rule.rule.name;
    Some(NewAlert {
        rule_id: rule.rule.id,
        rule_name: name.clone(),
        subject: AlertSubject::Order {
            order_code: event.orderid.clone(),
            device_id: event.assetid.clone(),
        },
        cycle: format!("event {}", event.seq),
        sentence: format!("{} (device {}); “{name}”", event.sentence(), event.assetid),
        figures: AlertFigures {
            operation: Some(event.operation.clone()),
            event_seq: Some(event.seq),
            ..Default::default()
        },
    })
}

/// `x` to one decimal.
fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn pool_subject(p: &TrafficPool) -> AlertSubject {
    AlertSubject::Pool {
        pool_id: p.traffic_pool_id.clone(),
        pool_name: p.traffic_pool_name.clone(),
    }
}

/// “Name” (id), or the id alone.
fn pool_words(p: &TrafficPool) -> String {
    if p.traffic_pool_name.is_empty() {
        p.traffic_pool_id.clone()
    } else {
        format!("“{}” ({})", p.traffic_pool_name, p.traffic_pool_id)
    }
}

/// A pool's cycle: its period's first day.
fn period(p: &TrafficPool) -> String {
    p.traffic_pool_start_time
        .map_or_else(|| "no period".to_owned(), |t| t.iso_date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::alert_rules::RuleOwner;
    use cmp_api::proxy_api::alert_rule::{AlertRule, RuleDraft};
    use cmp_api::{BuyType, Bytes, Kilobytes, Megabytes, PackageType};

    fn rule(condition: Condition) -> StoredRule {
        StoredRule {
            rule: AlertRule {
                id: 3,
                rule: RuleDraft {
                    name: "Almost out".into(),
                    condition,
                    delivery: Default::default(),
                    enabled: true,
                },
                created_at: String::new(),
                updated_at: String::new(),
                updated_by: "ops".into(),
            },
            owner: RuleOwner {
                name: "ops".into(),
                devices: None,
                pools: None,
            },
        }
    }

    fn order(device: &str, code: &str, used_mb: u64, status: OrderStatus) -> PackageOrder {
        PackageOrder {
            order_code: code.into(),
            device_id: Some(device.into()),
            order_status: Some(status),
            flow: Some(Megabytes(1000)),
            used_flow: Some(Kilobytes(used_mb * 1024)),
            buy_type: Some(BuyType::Postpaid),
            package_type: Some(PackageType::Month),
            order_period: Some(12),
            active_date: Some("20240115".parse().unwrap()),
            ..Default::default()
        }
    }

    fn now() -> CmpTime {
        "2024-03-20 10:00:00".parse().unwrap()
    }

    #[test]
    fn devices_at_or_over_the_threshold_fire_in_their_cycle() {
        let orders = [
            order("D1", "O1", 800, OrderStatus::Started),
            order("D2", "O2", 799, OrderStatus::Started),
            order("D3", "O3", 950, OrderStatus::Paused),
        ];
        let seen = Observed {
            orders: Some(&orders),
            pools: None,
            now: now(),
        };
        let found = findings(
            &rule(Condition::DeviceUse {
                percent: 80,
                devices: None,
            }),
            &seen,
        )
        .unwrap();
        assert_eq!(found.len(), 1);
        let a = &found[0];
        assert_eq!(a.subject.key(), "device:D1|O1");
        assert_eq!(a.cycle, "2024-03-15");
        assert_eq!(a.figures.percent, Some(80.0));
        assert!(
            a.sentence.starts_with("Device D1 has used 80.0 %"),
            "{}",
            a.sentence
        );
        // A list narrows it; pools unread leave pool rules undecided.
        let listed = rule(Condition::DeviceUse {
            percent: 50,
            devices: Some(vec!["D2".into()]),
        });
        let found = findings(&listed, &seen).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject.device(), Some("D2"));
        let pools = rule(Condition::PoolUse {
            percent: 50,
            pools: None,
        });
        assert!(findings(&pools, &seen).is_none());
    }

    fn pool(id: &str, used: u64) -> TrafficPool {
        TrafficPool {
            total_quota_byte: Some(Bytes(1000)),
            used_byte: Some(Bytes(used)),
            traffic_pool_start_time: Some("2024-03-01 00:00:00".parse().unwrap()),
            traffic_pool_end_time: Some("2024-03-31 23:59:59".parse().unwrap()),
            traffic_pool_id: id.into(),
            traffic_pool_name: format!("pool {id}"),
        }
    }

    #[test]
    fn pools_fire_on_use_and_on_the_shared_projection() {
        // 19 days and 10 hours in: 600 used runs out around day 32 (after the end), 700
        // around day 28 (before it).
        let pools = [pool("P1", 600), pool("P2", 700), pool("P3", 1000)];
        let seen = Observed {
            orders: None,
            pools: Some(&pools),
            now: now(),
        };
        let used = findings(
            &rule(Condition::PoolUse {
                percent: 65,
                pools: None,
            }),
            &seen,
        )
        .unwrap();
        let keys: Vec<String> = used.iter().map(|a| a.subject.key()).collect();
        assert_eq!(keys, ["pool:P2", "pool:P3"]);
        assert_eq!(used[0].cycle, "2024-03-01");
        let out = findings(&rule(Condition::PoolExhaustion { pools: None }), &seen).unwrap();
        let keys: Vec<String> = out.iter().map(|a| a.subject.key()).collect();
        assert_eq!(keys, ["pool:P2", "pool:P3"]);
        assert_eq!(out[0].figures.runs_out_on.as_deref(), Some("2024-03-28"));
        assert_eq!(
            project_pool(&pools[1], now()),
            Projection::On("2024-03-28 17:42:52".parse().unwrap()),
            "the Pools page's projection, one definition"
        );
    }

    #[test]
    fn a_push_fires_once_per_event_for_the_operations_listed() {
        let mut r = rule(Condition::OrderPush {
            operations: vec![cmp_api::PushOperation::Cancelled],
        });
        r.rule.updated_at = "2024-03-20T10:00:00Z".into();
        let event = |seq, op: &str, at: &str| OrderEvent {
            seq,
            received_at: at.into(),
            assetid: "D1".into(),
            imsi: String::new(),
            operation: cmp_api::PushOperation::from_code(op),
            operation_label: String::new(),
            orderid: "O1".into(),
            time: String::new(),
        };
        let a = push_finding(&r, &event(7, "1002", "2024-03-20T10:00:01Z")).unwrap();
        assert_eq!(
            (a.subject.key(), a.cycle.as_str()),
            ("order:O1".into(), "event 7")
        );
        assert!(
            a.sentence.starts_with("Order O1 was cancelled (device D1)"),
            "{}",
            a.sentence
        );
        assert!(push_finding(&r, &event(8, "1003", "2024-03-20T10:00:01Z")).is_none());
        assert!(
            push_finding(&r, &event(6, "1002", "2024-03-20T09:59:59Z")).is_none(),
            "before the rule was written"
        );
    }
}
