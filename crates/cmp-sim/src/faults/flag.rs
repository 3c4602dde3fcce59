//! `--fault ROUTE:KIND[:ARG][@N]` read into a [`FaultRule`] (the syntax is in the module
//! docs of `faults`).

use crate::faults::rules::{FaultKind, FaultRule, inner_failure_code};

/// Why a `--fault` flag could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--fault {0:?} is not valid: use ROUTE:KIND[:ARG][@N], e.g. queryOrder:http429:3@2 or *:latency:200"
)]
pub struct FaultParseError(pub String);

impl std::str::FromStr for FaultRule {
    type Err = FaultParseError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let bad = || FaultParseError(raw.to_owned());
        let (spec, count) = match raw.rsplit_once('@') {
            Some((s, n)) => (s, Some(n.parse::<u64>().map_err(|_| bad())?)),
            None => (raw, None),
        };
        let mut parts = spec.split(':');
        let route = parts
            .next()
            .filter(|r| !r.is_empty())
            .ok_or_else(bad)?
            .to_owned();
        let kind = parts.next().ok_or_else(bad)?;
        let arg = parts.next();
        let num = |a: Option<&str>| a.and_then(|a| a.parse::<u64>().ok()).ok_or_else(bad);
        let kind = match kind {
            "latency" => FaultKind::Latency { ms: num(arg)? },
            "error-rate" | "error_rate" => {
                let rate = arg
                    .and_then(|a| a.parse::<f64>().ok())
                    .filter(|r| (0.0..=1.0).contains(r))
                    .ok_or_else(bad)?;
                FaultKind::ErrorRate { rate }
            }
            "http500" => FaultKind::Http500,
            "http429" => FaultKind::Http429 {
                retry_after: arg.map_or(Ok(1), |a| num(Some(a)))?,
            },
            "malformed" => FaultKind::Malformed,
            "drop" => FaultKind::Drop,
            "cdr-inner-failure" | "cdr_inner_failure" => FaultKind::CdrInnerFailure {
                inner_code: arg.map_or_else(inner_failure_code, str::to_owned),
            },
            _ => return Err(bad()),
        };
        if kind.problem().is_some() {
            return Err(bad());
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(FaultRule { route, kind, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse() {
        let r: FaultRule = "queryOrder:http429:3@2".parse().unwrap();
        assert_eq!(
            r,
            FaultRule {
                route: "queryOrder".into(),
                kind: FaultKind::Http429 { retry_after: 3 },
                count: Some(2)
            }
        );
        assert_eq!(
            "*:latency:200".parse::<FaultRule>().unwrap().kind,
            FaultKind::Latency { ms: 200 }
        );
        assert!("x:boom".parse::<FaultRule>().is_err());
        assert!("x:error-rate:2".parse::<FaultRule>().is_err());
    }

    #[test]
    fn cdr_inner_failures_parse_with_a_code_that_is_not_success() {
        let r: FaultRule = "simCdr:cdr-inner-failure@1".parse().unwrap();
        assert_eq!(
            r.kind,
            FaultKind::CdrInnerFailure {
                inner_code: "CB-01-0001".into()
            }
        );
        let r: FaultRule = "*:cdr_inner_failure:CB-02-0007".parse().unwrap();
        assert_eq!(
            r.kind,
            FaultKind::CdrInnerFailure {
                inner_code: "CB-02-0007".into()
            }
        );
        assert!(
            "simCdr:cdr-inner-failure:CB-00-0000"
                .parse::<FaultRule>()
                .is_err()
        );
        let json: FaultRule =
            serde_json::from_value(serde_json::json!({"kind": "cdr_inner_failure"})).unwrap();
        assert_eq!(json.route, "*");
        assert_eq!(
            json.kind,
            FaultKind::CdrInnerFailure {
                inner_code: "CB-01-0001".into()
            }
        );
    }
}
