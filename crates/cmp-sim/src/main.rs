//! The `cmp-sim` binary: `cmp-sim --seed 7 [--devices N] --listen 127.0.0.1:8090 [--push-url URL]
//! [--access-code AC --secret S] [--state FILE] [--start-time-ms MS] [--frozen-clock]
//! [--push-encoding json|form] [--push-redeliver N] [--base-path PATH] [--utc-offset OFFSET]
//! [--fault ROUTE:KIND[:ARG][@N]]...`, with env fallbacks `CMP_SIM_SEED`, `CMP_SIM_LISTEN`,
//! `CMP_SIM_DEVICES`, `CMP_SIM_PUSH_URL`, `CMP_SIM_ACCESS_CODE`, `CMP_SIM_SECRET`, `CMP_SIM_STATE`,
//! `CMP_SIM_PUSH_ENCODING`, `CMP_SIM_PUSH_REDELIVER`, `CMP_SIM_BASE_PATH`,
//! `CMP_SIM_UTC_OFFSET`. `--help`
//! prints the usage on stdout and exits 0; a bad flag prints why on stderr and exits 2.

use cmp_sim::{SimConfig, SimState};
use std::process::ExitCode;

const USAGE: &str = "usage: cmp-sim [--seed N] [--devices N] [--listen ADDR] [--push-url URL] [--access-code AC --secret S] [--state FILE] [--start-time-ms MS] [--frozen-clock] [--push-encoding json|form] [--push-redeliver N] [--base-path PATH] [--utc-offset OFFSET] [--fault ROUTE:KIND[:ARG][@N]]...";

/// What `--help` prints: the usage line and one line per flag.
const HELP: &str = "\
A stateful simulator of the CMP partner API (see crates/cmp-sim/README.md).

  --seed N                      world seed (default 7; env CMP_SIM_SEED)
  --devices N                   devices in the world (default 600, at most 99999; env
                                CMP_SIM_DEVICES): 20000 make ~25,000 orders, for measuring
  --listen ADDR                 where to serve (default 127.0.0.1:8090; env CMP_SIM_LISTEN)
  --push-url URL                where order-status pushes are POSTed (env CMP_SIM_PUSH_URL)
  --push-encoding json|form     push bodies as JSON (default) or application/x-www-form-urlencoded
                                (env CMP_SIM_PUSH_ENCODING; at run time: POST /_sim/pushes/settings)
  --push-redeliver N            deliver each acknowledged push N more times, as a platform whose
                                ack got lost (default 0, at most 1000; env CMP_SIM_PUSH_REDELIVER)
  --access-code AC --secret S   check request signatures (env CMP_SIM_ACCESS_CODE, CMP_SIM_SECRET)
  --state FILE                  save and restore orders, clock and push outbox (env CMP_SIM_STATE)
  --start-time-ms MS            the simulated clock's start, Unix milliseconds (default: now)
  --frozen-clock                time moves only through POST /_sim/clock/advance
  --base-path PATH              serve the API under PATH, e.g. /gw for /gw/cmp-api/... (env CMP_SIM_BASE_PATH)
  --utc-offset OFFSET           the platform's time zone as an offset from UTC, e.g. UTC+8, +08:00 or
                                -0530 (default UTC; env CMP_SIM_UTC_OFFSET): the CDR history's 180
                                days are counted from its date
  --fault ROUTE:KIND[:ARG][@N]  inject a fault from the start (repeatable); KIND is latency:MS,
                                error-rate:P, http500, http429[:SECS], malformed, drop or
                                cdr-inner-failure[:CODE] (simCdr only; at run time:
                                POST /_sim/faults)
  -h, --help                    print this help and exit
";

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    /// Serve a simulator with this configuration on this address (boxed: the config is
    /// large next to `Help`).
    Run(Box<SimConfig>, String),
    /// Print the help and exit.
    Help,
}

fn parse(args: Vec<String>) -> Result<Command, String> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut config = SimConfig {
        push_url: env("CMP_SIM_PUSH_URL"),
        access_code: env("CMP_SIM_ACCESS_CODE"),
        secret: env("CMP_SIM_SECRET"),
        state_file: env("CMP_SIM_STATE").map(Into::into),
        base_path: env("CMP_SIM_BASE_PATH").unwrap_or_default(),
        ..SimConfig::default()
    };
    if let Some(seed) = env("CMP_SIM_SEED") {
        config.seed = seed
            .parse()
            .map_err(|_| format!("CMP_SIM_SEED {seed:?} is not a whole number"))?;
    }
    if let Some(n) = env("CMP_SIM_DEVICES") {
        config.devices = device_count(&n).map_err(|e| format!("CMP_SIM_DEVICES {e}"))?;
    }
    if let Some(encoding) = env("CMP_SIM_PUSH_ENCODING") {
        config.push_encoding = encoding
            .parse()
            .map_err(|e| format!("CMP_SIM_PUSH_ENCODING: {e}"))?;
    }
    if let Some(offset) = env("CMP_SIM_UTC_OFFSET") {
        config.utc_offset = offset
            .parse()
            .map_err(|e| format!("CMP_SIM_UTC_OFFSET: {e}"))?;
    }
    if let Some(n) = env("CMP_SIM_PUSH_REDELIVER") {
        config.push_redeliveries =
            redeliveries(&n).map_err(|e| format!("CMP_SIM_PUSH_REDELIVER {e}"))?;
    }
    let mut listen = env("CMP_SIM_LISTEN").unwrap_or_else(|| "127.0.0.1:8090".into());
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        if flag == "--frozen-clock" {
            config.frozen_clock = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Ok(Command::Help);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--seed" => {
                config.seed = value
                    .parse()
                    .map_err(|_| format!("--seed {value:?} is not a whole number"))?
            }
            "--devices" => {
                config.devices = device_count(&value).map_err(|e| format!("--devices {e}"))?
            }
            "--listen" => listen = value,
            "--push-url" => config.push_url = Some(value),
            "--push-encoding" => {
                config.push_encoding = value.parse().map_err(|e| format!("--push-encoding: {e}"))?
            }
            "--push-redeliver" => {
                config.push_redeliveries =
                    redeliveries(&value).map_err(|e| format!("--push-redeliver {e}"))?
            }
            "--access-code" => config.access_code = Some(value),
            "--secret" => config.secret = Some(value),
            "--state" => config.state_file = Some(value.into()),
            "--base-path" => {
                config.base_path =
                    cmp_sim::config::base_path(&value).map_err(|e| format!("--base-path: {e}"))?
            }
            "--utc-offset" => {
                config.utc_offset = value.parse().map_err(|e| format!("--utc-offset: {e}"))?
            }
            "--start-time-ms" => {
                config.start_time_ms = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--start-time-ms {value:?} is not a number"))?,
                )
            }
            "--fault" => config
                .faults
                .push(value.parse().map_err(|e| format!("{e}"))?),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(Command::Run(Box::new(config), listen))
}

/// A world size: a whole number of devices from 1 to the simulator's limit.
fn device_count(text: &str) -> Result<usize, String> {
    let max = cmp_sim::world::MAX_DEVICE_COUNT;
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| format!("{text:?} is not a whole number from 1 to {max}"))
}

/// A redelivery count: a whole number from 0 to the simulator's limit.
fn redeliveries(text: &str) -> Result<u32, String> {
    let max = cmp_sim::orders::push_settings::MAX_REDELIVERIES;
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("{text:?} is not a whole number from 0 to {max}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let (config, listen) = match parse(std::env::args().skip(1).collect()) {
        Ok(Command::Run(config, listen)) => (config, listen),
        Ok(Command::Help) => {
            println!("{USAGE}\n\n{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let state = match SimState::new(*config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cmp-sim: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cmp-sim: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "cmp-sim listening on http://{listen}{} (seed {})",
        state.config().base_path,
        state.config().seed
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match cmp_sim::run(listener, state, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cmp-sim: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Command, parse};
    use cmp_sim::orders::push_settings::PushEncoding;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_fill_the_config() {
        let Command::Run(c, listen) = parse(args(
            "--seed 9 --devices 20000 --listen 127.0.0.1:9 --push-url http://127.0.0.1:1/h --access-code AC --secret S --frozen-clock --base-path /gw/ --fault *:http500@1 --fault simCdr:cdr-inner-failure@2 --push-encoding form --push-redeliver 3 --utc-offset UTC-05:30",
        ))
        .unwrap() else {
            panic!("flags without --help run the simulator");
        };
        assert_eq!((c.seed, listen.as_str()), (9, "127.0.0.1:9"));
        assert_eq!(c.devices, 20000);
        assert_eq!(c.push_url.as_deref(), Some("http://127.0.0.1:1/h"));
        assert_eq!(
            (c.access_code.as_deref(), c.secret.as_deref()),
            (Some("AC"), Some("S"))
        );
        assert!(c.frozen_clock);
        assert_eq!(c.base_path, "/gw");
        assert_eq!(c.faults.len(), 2);
        assert_eq!(c.push_encoding, PushEncoding::Form);
        assert_eq!(c.push_redeliveries, 3);
        assert_eq!(c.utc_offset.minutes, -330);
    }

    #[test]
    fn push_habits_default_to_json_delivered_once() {
        // `parse` reads the environment: nothing to check when the runner's sets either.
        if std::env::var_os("CMP_SIM_PUSH_ENCODING").is_some()
            || std::env::var_os("CMP_SIM_PUSH_REDELIVER").is_some()
        {
            return;
        }
        let Command::Run(c, _) = parse(args("")).unwrap() else {
            panic!("no flags run the simulator");
        };
        assert_eq!(
            (c.push_encoding, c.push_redeliveries),
            (PushEncoding::Json, 0)
        );
    }

    #[test]
    fn bad_flags_say_why() {
        assert!(parse(args("--seed x")).unwrap_err().contains("--seed"));
        assert!(
            parse(args("--bogus 1"))
                .unwrap_err()
                .contains("unknown option")
        );
        assert!(parse(args("--seed")).unwrap_err().contains("needs a value"));
        assert!(parse(args("--fault nope")).is_err());
        assert!(
            parse(args("--base-path /{x}"))
                .unwrap_err()
                .contains("--base-path")
        );
        let bad = parse(args("--utc-offset Asia/Shanghai")).unwrap_err();
        assert!(
            bad.starts_with("--utc-offset: “Asia/Shanghai” is not an offset from UTC"),
            "{bad}"
        );
        let bad = parse(args("--push-encoding xml")).unwrap_err();
        assert!(
            bad.contains("--push-encoding") && bad.contains("json or form"),
            "{bad}"
        );
        for n in ["0", "x", "100000"] {
            let bad = parse(args(&format!("--devices {n}"))).unwrap_err();
            assert!(
                bad.contains("--devices") && bad.contains("1 to 99999"),
                "{bad}"
            );
        }
        for n in ["-1", "x", "1001"] {
            let bad = parse(args(&format!("--push-redeliver {n}"))).unwrap_err();
            assert!(
                bad.contains("--push-redeliver") && bad.contains("0 to 1000"),
                "{bad}"
            );
        }
    }

    #[test]
    fn help_is_asked_for_not_an_error() {
        assert!(matches!(parse(args("--help")), Ok(Command::Help)));
        assert!(matches!(parse(args("--seed 9 -h")), Ok(Command::Help)));
    }
}
