//! The scheduled evaluation: every `CMP_ALERT_INTERVAL` one process (one replica at a time,
//! see [`crate::store::Store::try_alert_run`]) reads what the enabled rules watch from the
//! platform — every started order's page of queryOrder, every page of getTrafficPoolInfo —
//! through the proxy's upstream client (its retries and backoff, a pause between pages),
//! fires what [`super::conditions::findings`] calls for (once per rule, subject and cycle:
//! the store's unique key) and resolves each open alert no finding repeats. A list the
//! platform would not give leaves its rules' alerts as they are. Then it catches up on
//! order-status pushes whose rules were not evaluated when they came (a process that died
//! between storing a push and evaluating it).

use super::conditions::{Observed, findings, push_finding, scheduled};
use super::firing::{fire, resolve};
use crate::error::ApiError;
use crate::forward::whole_list::{Reading, read_with};
use crate::state::AppState;
use crate::store::alert_rules::StoredRule;
use cmp_api::proxy_api::alert::Alert;
use cmp_api::proxy_api::alert_rule::Condition;
use cmp_api::{OrderPage, OrderStatus, PackageOrder, TrafficPool, TrafficPoolPage};
use serde_json::{Map, json};
use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime};

/// How the evaluation reads a whole list: up to 1,000 pages of 100, 100 ms apart, so a
/// large fleet is read without crowding out the dashboard's own calls.
pub const READING: Reading = Reading {
    max_pages: 1000,
    pause: Duration::from_millis(100),
};

/// Events read per batch when catching up on pushes.
const EVENT_BATCH: u64 = 500;

/// What one evaluation did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Alerts fired.
    pub fired: Vec<Alert>,
    /// Alerts resolved.
    pub resolved: Vec<Alert>,
    /// Lists that could not be read (their rules were left as they were).
    pub unread: Vec<&'static str>,
}

/// Runs the schedule until the task is aborted: wakes every tenth of the interval (1 s to
/// 1 min) and evaluates when the store says this process's turn has come.
pub async fn schedule(state: AppState) {
    let interval = state.config.alert_interval;
    let wake = (interval / 10).clamp(Duration::from_secs(1), Duration::from_secs(60));
    let mut tick = tokio::time::interval(wake);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let run = match state.store.try_alert_run(interval, now_ms).await {
            Ok(Some(run)) => run,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "alert evaluation skipped: the store cannot be asked");
                continue;
            }
        };
        let started = Instant::now();
        let result = run_once(&state).await;
        drop(run);
        let outcome = match &result {
            Ok(report) if report.unread.is_empty() => "ok",
            Ok(_) => "partial",
            Err(_) => "failed",
        };
        state.metrics.alert_runs.inc(&[outcome]);
        state
            .metrics
            .alert_run_seconds
            .observe(&[], started.elapsed().as_secs_f64());
        match result {
            Ok(r) => tracing::info!(
                fired = r.fired.len(),
                resolved = r.resolved.len(),
                unread = ?r.unread,
                ms = started.elapsed().as_millis() as u64,
                "alert evaluation done"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "alert evaluation failed; the next one tries again")
            }
        }
    }
}

/// One evaluation now, of every enabled rule (tests call it directly).
pub async fn run_once(state: &AppState) -> Result<RunReport, ApiError> {
    let rules = state.store.alert_rules().await?;
    let due: Vec<&StoredRule> = rules
        .iter()
        .filter(|r| r.rule.rule.enabled && scheduled(&r.rule.rule.condition))
        .collect();
    let wants = |f: fn(&Condition) -> bool| due.iter().any(|r| f(&r.rule.rule.condition));
    let mut report = RunReport::default();
    let orders = if wants(|c| matches!(c, Condition::DeviceUse { .. })) {
        started_orders(state).await.or_else(|| {
            report.unread.push("queryOrder");
            None
        })
    } else {
        None
    };
    let pools = if wants(|c| !matches!(c, Condition::DeviceUse { .. })) {
        all_pools(state).await.or_else(|| {
            report.unread.push("getTrafficPoolInfo");
            None
        })
    } else {
        None
    };
    let seen = Observed {
        orders: orders.as_deref(),
        pools: pools.as_deref(),
        now: state.config.upstream_tz.local(state.clock.now() * 1000),
    };
    for rule in due {
        let Some(found) = findings(rule, &seen) else {
            continue;
        };
        let holding: HashSet<(String, String)> = found
            .iter()
            .map(|a| (a.subject.key(), a.cycle.clone()))
            .collect();
        for new in found {
            report.fired.extend(fire(state, rule, new).await?);
        }
        let cleared: Vec<Alert> = state
            .store
            .open_alerts(rule.rule.id)
            .await?
            .into_iter()
            .filter(|a| !holding.contains(&(a.subject.key(), a.cycle.clone())))
            .collect();
        report.resolved.extend(resolve(state, &cleared).await?);
    }
    catch_up_on_pushes(state, &rules, &mut report).await?;
    Ok(report)
}

/// Fires the order-push alerts of events after the store's cursor, and moves it on. The
/// first run only sets the cursor: rules do not fire for pushes before they were evaluated.
async fn catch_up_on_pushes(
    state: &AppState,
    rules: &[StoredRule],
    report: &mut RunReport,
) -> Result<(), ApiError> {
    let push_rules: Vec<&StoredRule> = rules
        .iter()
        .filter(|r| r.rule.rule.enabled && !scheduled(&r.rule.rule.condition))
        .collect();
    let store = &state.store;
    let Some(mut cursor) = store.alert_event_cursor().await? else {
        return Ok(store
            .set_alert_event_cursor(store.last_seq().await?)
            .await?);
    };
    if push_rules.is_empty() {
        return Ok(store
            .set_alert_event_cursor(store.last_seq().await?)
            .await?);
    }
    loop {
        let events = store.events_after(cursor, None, EVENT_BATCH).await?;
        for event in &events {
            for rule in &push_rules {
                if let Some(new) = push_finding(rule, event) {
                    report.fired.extend(fire(state, rule, new).await?);
                }
            }
            cursor = event.seq;
        }
        store.set_alert_event_cursor(cursor).await?;
        if (events.len() as u64) < EVENT_BATCH {
            return Ok(());
        }
    }
}

/// Every started order, or `None` (logged) when the platform would not give them.
async fn started_orders(state: &AppState) -> Option<Vec<PackageOrder>> {
    let query = Map::from_iter([("order_status".to_owned(), json!("2"))]);
    let started = |o: &PackageOrder| o.order_status == Some(OrderStatus::Started);
    read_list::<OrderPage>(state, &query, started).await
}

/// Every traffic pool, or `None` (logged).
async fn all_pools(state: &AppState) -> Option<Vec<TrafficPool>> {
    read_list::<TrafficPoolPage>(state, &Map::new(), |_| true).await
}

async fn read_list<L: crate::forward::whole_list::UpstreamList>(
    state: &AppState,
    query: &Map<String, serde_json::Value>,
    keep: impl Fn(&L::Item) -> bool,
) -> Option<Vec<L::Item>> {
    let op = L::OPERATION.name();
    match read_with::<L>(&state.upstream, query, keep, |_| false, &READING).await {
        Ok(Ok(items)) => Some(items),
        Ok(Err(refusal)) => {
            tracing::warn!(
                op,
                code = refusal.code(),
                message = refusal.message(),
                "alert evaluation: the platform refused the list"
            );
            None
        }
        Err(e) => {
            tracing::warn!(op, error = %e, "alert evaluation: the list could not be read");
            None
        }
    }
}
