//! Fault rules: what a rule does ([`FaultKind`]), which requests it matches and for how
//! many ([`FaultRule`], read from JSON here and from `--fault` flags in `flag`), and the
//! deciding of each request's fate ([`Faults::decide`]) with a seeded generator for the
//! error rate.

use crate::rng::Rng;
use cmp_api::Operation;
use serde::{Deserialize, Serialize};

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Delay the answer by `ms` milliseconds, then answer normally.
    Latency {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Answer a business error (code 9001) with probability `rate`.
    ErrorRate {
        /// Probability, 0..=1.
        rate: f64,
    },
    /// Answer HTTP 500.
    Http500,
    /// Answer HTTP 429 with `Retry-After: retry_after`.
    Http429 {
        /// Seconds for the Retry-After header.
        #[serde(default = "one")]
        retry_after: u64,
    },
    /// Answer HTTP 200 with a body that is not valid JSON.
    Malformed,
    /// Close the connection without a complete answer.
    Drop,
    /// simCdr only: answer a valid request with the outer envelope a success (`0000`) but
    /// the inner `data.status` a failure with this code and a readable message, and no
    /// records, as the platform does when its own CDR query fails. A rule for `*` waits for
    /// a simCdr request; other operations do not use it up.
    CdrInnerFailure {
        /// The inner status code; anything but the success code `CB-00-0000`.
        #[serde(default = "inner_failure_code")]
        inner_code: String,
    },
}

fn one() -> u64 {
    1
}

/// The inner status code of a CDR answer that succeeded.
pub const CDR_INNER_SUCCESS: &str = "CB-00-0000";

/// The inner code a `cdr_inner_failure` rule answers unless it names one.
pub fn inner_failure_code() -> String {
    "CB-01-0001".into()
}

impl FaultKind {
    /// Why this fault cannot be injected, if it cannot: a `cdr_inner_failure` whose code is
    /// empty or the success code would not be a failure.
    pub fn problem(&self) -> Option<String> {
        match self {
            FaultKind::CdrInnerFailure { inner_code }
                if inner_code.trim().is_empty() || inner_code.trim() == CDR_INNER_SUCCESS =>
            {
                Some(format!(
                    "inner_code {inner_code:?} is not a failure: use a code other than {CDR_INNER_SUCCESS}, e.g. CB-01-0001"
                ))
            }
            _ => None,
        }
    }
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// Operation name or `*`.
    #[serde(default = "star")]
    pub route: String,
    /// What happens.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many more matching requests it applies to; `None` = until removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

fn star() -> String {
    "*".into()
}

/// What to do to one request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decision {
    /// Delay before answering, milliseconds.
    pub delay_ms: u64,
    /// The fault that replaces the answer, if any.
    pub fault: Option<FaultKind>,
}

/// The active rules and the generator the error rate draws from.
#[derive(Debug)]
pub struct Faults {
    rules: Vec<FaultRule>,
    rng: Rng,
}

impl Faults {
    /// Rules active from the start; `seed` fixes the error-rate draws.
    pub fn new(rules: Vec<FaultRule>, seed: u64) -> Faults {
        Faults {
            rules,
            rng: Rng::for_parts(&[seed, 99]),
        }
    }

    /// The active rules.
    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    /// Adds rules.
    pub fn add(&mut self, rules: Vec<FaultRule>) {
        self.rules.extend(rules);
    }

    /// Removes every rule.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// Decides the fate of one request to `route`, using up counted rules that fire.
    pub fn decide(&mut self, route: &str) -> Decision {
        let mut decision = Decision::default();
        for rule in &mut self.rules {
            if rule.route != "*" && rule.route != route || rule.count == Some(0) {
                continue;
            }
            let fired = match &rule.kind {
                FaultKind::Latency { ms } => {
                    decision.delay_ms += ms;
                    true
                }
                FaultKind::ErrorRate { rate } => decision.fault.is_none() && self.rng.chance(*rate),
                // Only the CDR answer has an inner status to fail.
                FaultKind::CdrInnerFailure { .. } => {
                    decision.fault.is_none() && route == Operation::SimCdr.name()
                }
                _ => decision.fault.is_none(),
            };
            if fired {
                if !matches!(rule.kind, FaultKind::Latency { .. }) {
                    decision.fault = Some(rule.kind.clone());
                }
                if let Some(n) = rule.count.as_mut() {
                    *n -= 1;
                }
            }
        }
        self.rules.retain(|r| r.count != Some(0));
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdr_inner_failures_wait_for_a_cdr_request() {
        let mut f = Faults::new(vec!["*:cdr-inner-failure@1".parse().unwrap()], 1);
        assert_eq!(f.decide("queryOrder").fault, None);
        assert_eq!(f.decide("syncPackages").fault, None);
        assert!(matches!(
            f.decide("simCdr").fault,
            Some(FaultKind::CdrInnerFailure { .. })
        ));
        assert_eq!(f.decide("simCdr").fault, None);
    }

    #[test]
    fn counted_rules_run_out() {
        let mut f = Faults::new(vec!["simCdr:http500@2".parse().unwrap()], 1);
        assert_eq!(f.decide("queryOrder").fault, None);
        assert_eq!(f.decide("simCdr").fault, Some(FaultKind::Http500));
        assert_eq!(f.decide("simCdr").fault, Some(FaultKind::Http500));
        assert_eq!(f.decide("simCdr").fault, None);
        assert!(f.rules().is_empty());
    }

    #[test]
    fn error_rate_is_reproducible() {
        let draw = || {
            let mut f = Faults::new(vec!["*:error-rate:0.5".parse().unwrap()], 3);
            (0..32)
                .map(|_| f.decide("x").fault.is_some())
                .collect::<Vec<_>>()
        };
        let a = draw();
        assert_eq!(a, draw());
        assert!(a.contains(&true) && a.contains(&false));
    }
}
