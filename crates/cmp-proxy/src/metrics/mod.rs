//! What operators watch: the proxy's own counters, latency histograms and gauges, served in
//! Prometheus' text format at `GET /metrics` to an admin token ([`endpoint`]). Hand-rolled on
//! atomics and small maps rather than a metrics crate: the proxy needs a dozen families, and
//! every dependency costs build time on small machines.
//!
//! ## Layout
//! - this module: [`Metrics`], the families, and their text exposition.
//! - [`family`]: counters, histograms and gauges by label values.
//! - [`endpoint`]: the `/metrics` handler.
//! - [`requests`]: the middleware that counts and times every request by route.
//! - [`store`]: the store's families (fan-out lag, listener reconnects, database pool).

pub mod endpoint;
pub mod family;
pub mod requests;
pub mod store;

use family::{Counters, Gauge, Histograms, LATENCY_BUCKETS, Observed};
use std::fmt::Write;

/// Every metric of one proxy process (replicas each have their own; Prometheus sums them).
#[derive(Debug, Default)]
pub struct Metrics {
    /// Requests answered, by route template, method and status.
    pub requests: Counters,
    /// Time to answer, by route template (streams: until the headers went out).
    pub request_seconds: Histograms,
    /// Upstream calls by operation and outcome (`ok`, `refused`, or the proxy's error code).
    pub upstream_calls: Counters,
    /// Upstream attempts repeated after trouble that may pass, by operation.
    pub upstream_retries: Counters,
    /// Time of whole upstream calls (retries included), by operation.
    pub upstream_seconds: Histograms,
    /// Read-cache lookups by result (`hit`, `miss`).
    pub cache_lookups: Counters,
    /// Requests refused by a per-token budget, by reason.
    pub budget_refusals: Counters,
    /// Live event streams open now.
    pub open_streams: Gauge,
    /// Order-status pushes received, by result (`stored`, `redelivery`, `dead_letter`,
    /// `store_failed`).
    pub pushes: Counters,
    /// Scheduled alert evaluations, by result (`ok`, `partial`: a list could not be read,
    /// `failed`).
    pub alert_runs: Counters,
    /// Time of a scheduled alert evaluation.
    pub alert_run_seconds: Histograms,
    /// Alerts fired, by the kind of rule.
    pub alerts_fired: Counters,
    /// Alerts resolved, by the kind of subject.
    pub alerts_resolved: Counters,
    /// Outbound webhook attempts, by outcome (`delivered`, `failed`, `refused`, `gave_up`).
    pub alert_deliveries: Counters,
}

impl Metrics {
    /// The text exposition (Prometheus format 0.0.4) of every family.
    pub fn render(&self) -> String {
        let mut out = String::new();
        counters(
            &mut out,
            "cmp_proxy_requests_total",
            "Requests answered, by route template, method and status.",
            &["route", "method", "status"],
            &self.requests,
        );
        histograms(
            &mut out,
            "cmp_proxy_request_duration_seconds",
            "Time to answer a request, by route template.",
            &["route"],
            &self.request_seconds,
        );
        counters(
            &mut out,
            "cmp_proxy_upstream_calls_total",
            "Calls to the platform by operation and outcome (ok, refused, or the proxy's error code).",
            &["operation", "outcome"],
            &self.upstream_calls,
        );
        counters(
            &mut out,
            "cmp_proxy_upstream_retries_total",
            "Upstream attempts repeated after trouble that may pass, by operation.",
            &["operation"],
            &self.upstream_retries,
        );
        histograms(
            &mut out,
            "cmp_proxy_upstream_duration_seconds",
            "Time of a whole upstream call, retries included, by operation.",
            &["operation"],
            &self.upstream_seconds,
        );
        counters(
            &mut out,
            "cmp_proxy_cache_lookups_total",
            "Read-cache lookups by result.",
            &["result"],
            &self.cache_lookups,
        );
        counters(
            &mut out,
            "cmp_proxy_budget_refusals_total",
            "Requests refused by a per-token budget (HTTP 429), by reason.",
            &["reason"],
            &self.budget_refusals,
        );
        gauge(
            &mut out,
            "cmp_proxy_open_streams",
            "Live event streams open now.",
            self.open_streams.get(),
        );
        counters(
            &mut out,
            "cmp_proxy_pushes_total",
            "Order-status pushes received, by result.",
            &["result"],
            &self.pushes,
        );
        counters(
            &mut out,
            "cmp_proxy_alert_runs_total",
            "Scheduled alert evaluations run by this replica, by result (ok, partial, failed).",
            &["result"],
            &self.alert_runs,
        );
        histograms(
            &mut out,
            "cmp_proxy_alert_run_duration_seconds",
            "Time of a scheduled alert evaluation (reading the platform's lists included).",
            &[],
            &self.alert_run_seconds,
        );
        counters(
            &mut out,
            "cmp_proxy_alerts_fired_total",
            "Alerts fired by this replica, by the kind of rule.",
            &["kind"],
            &self.alerts_fired,
        );
        counters(
            &mut out,
            "cmp_proxy_alerts_resolved_total",
            "Alerts resolved by this replica, by the kind of subject.",
            &["kind"],
            &self.alerts_resolved,
        );
        counters(
            &mut out,
            "cmp_proxy_alert_webhook_attempts_total",
            "Outbound alert webhook attempts by this replica, by outcome (delivered, failed, refused, gave_up).",
            &["outcome"],
            &self.alert_deliveries,
        );
        out
    }
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn gauge(out: &mut String, name: &str, help: &str, value: i64) {
    header(out, name, help, "gauge");
    let _ = writeln!(out, "{name} {value}");
}

fn counters(out: &mut String, name: &str, help: &str, labels: &[&str], family: &Counters) {
    header(out, name, help, "counter");
    for (values, n) in family.snapshot() {
        let _ = writeln!(out, "{name}{} {n}", label_set(labels, &values, None));
    }
}

fn histograms(out: &mut String, name: &str, help: &str, labels: &[&str], family: &Histograms) {
    header(out, name, help, "histogram");
    for (values, observed) in family.snapshot() {
        let Observed {
            buckets,
            above,
            sum,
            count,
        } = observed;
        let mut cumulative = 0;
        for (bound, n) in LATENCY_BUCKETS.iter().zip(buckets) {
            cumulative += n;
            let le = bound.to_string();
            let _ = writeln!(
                out,
                "{name}_bucket{} {cumulative}",
                label_set(labels, &values, Some(&le))
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{} {}",
            label_set(labels, &values, Some("+Inf")),
            cumulative + above
        );
        let _ = writeln!(out, "{name}_sum{} {sum}", label_set(labels, &values, None));
        let _ = writeln!(
            out,
            "{name}_count{} {count}",
            label_set(labels, &values, None)
        );
    }
}

/// `{a="x",b="y"}` (with `le` last when given), values escaped as the format says.
fn label_set(names: &[&str], values: &[String], le: Option<&str>) -> String {
    let mut pairs: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n}=\"{}\"", escape(v)))
        .collect();
    if let Some(le) = le {
        pairs.push(format!("le=\"{le}\""));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", pairs.join(","))
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_has_types_labels_and_cumulative_buckets() {
        let m = Metrics::default();
        m.requests.inc(&["/api/session", "GET", "200"]);
        m.request_seconds.observe(&["/api/session"], 0.002);
        m.request_seconds.observe(&["/api/session"], 0.2);
        m.pushes.inc(&["stored"]);
        m.open_streams.add(2);
        let text = m.render();
        assert!(text.contains("# TYPE cmp_proxy_requests_total counter\n"));
        assert!(text.contains(
            "cmp_proxy_requests_total{route=\"/api/session\",method=\"GET\",status=\"200\"} 1\n"
        ));
        assert!(text.contains(
            "cmp_proxy_request_duration_seconds_bucket{route=\"/api/session\",le=\"0.001\"} 0\n"
        ));
        assert!(text.contains(
            "cmp_proxy_request_duration_seconds_bucket{route=\"/api/session\",le=\"0.0025\"} 1\n"
        ));
        assert!(text.contains(
            "cmp_proxy_request_duration_seconds_bucket{route=\"/api/session\",le=\"+Inf\"} 2\n"
        ));
        assert!(
            text.contains("cmp_proxy_request_duration_seconds_count{route=\"/api/session\"} 2\n")
        );
        assert!(text.contains("cmp_proxy_open_streams 2\n"));
        assert!(text.contains("cmp_proxy_pushes_total{result=\"stored\"} 1\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
