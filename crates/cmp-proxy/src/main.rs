//! The `cmp-proxy` binary: reads the configuration (environment, optionally over
//! `--config FILE`), binds, prints where the dashboard is, serves until Ctrl-C or SIGTERM.
//! `cmp-proxy embed-token ...` instead prints an embed token and exits. `--help` (also
//! `embed-token --help`) prints the usage on stdout and exits 0.

use cmp_proxy::access::embed::mint_command::{self, CliError};
use cmp_proxy::config::Config;
use cmp_proxy::startup::local_url_addr;
use std::collections::HashMap;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: faster for the many small, short-lived
/// allocations of each forwarded request (bench/HISTORY.md §5, round 3).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cmp-proxy [--config FILE]\n       cmp-proxy embed-token --help\nSettings come from CMP_* environment variables (see crates/cmp-proxy/README.md); they override the file.";

/// What the server's arguments ask for.
enum Asked {
    /// Serve, with the settings from the environment over this optional config file.
    Serve(Option<String>),
    /// Print the usage.
    Help,
}

fn server_args(mut args: impl Iterator<Item = String>) -> Result<Asked, String> {
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => file = Some(args.next().ok_or("--config needs a file name")?),
            "-h" | "--help" => return Ok(Asked::Help),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(Asked::Serve(file))
}

/// The settings from the environment over the optional config `file`.
fn load_config(file: Option<&str>) -> Result<Config, String> {
    let text = match file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the config file {path}: {e}"))?,
        ),
        None => None,
    };
    let env: HashMap<String, String> = std::env::vars().collect();
    Config::from_sources(&env, text.as_deref()).map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// `cmp-proxy embed-token ...`: prints a token (or the usage, for `--help`) on stdout, or
/// the reason on stderr.
fn embed_token(args: impl Iterator<Item = String>) -> ExitCode {
    let minted = match mint_command::parse_args(args) {
        Err(help @ CliError::Help) => {
            println!("{help}");
            return ExitCode::SUCCESS;
        }
        Err(e) => Err(e.to_string()),
        Ok(args) => load_config(args.config_file.as_deref()).and_then(|config| {
            let now = cmp_proxy::access::clock::Clock::default().now();
            mint_command::mint(&args, &config, now).map_err(|e| e.to_string())
        }),
    };
    match minted {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cmp-proxy embed-token: {e}");
            ExitCode::from(2)
        }
    }
}

/// Logs to stderr as text (the default, coloured on a terminal) or, with
/// `CMP_LOG_FORMAT=json`, one JSON object per line for a log collector.
fn init_logging(format: Option<&str>) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.map(str::trim).unwrap_or("") {
        "" | "text" => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        "json" => builder.json().with_ansi(false).init(),
        other => {
            return Err(format!(
                "CMP_LOG_FORMAT: \"{other}\" is not a log format; use text (the default) or json"
            ));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("embed-token") {
        return embed_token(args.skip(1));
    }
    if let Err(message) = init_logging(std::env::var("CMP_LOG_FORMAT").ok().as_deref()) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let config = match server_args(args) {
        Ok(Asked::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Asked::Serve(file)) => load_config(file.as_deref()),
        Err(e) => Err(e),
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cmp-proxy: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime(config.runtime_threads()) {
        Ok(runtime) => runtime.block_on(serve(config)),
        Err(e) => {
            eprintln!("cmp-proxy: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The async runtime for `threads` worker threads (`0`: one per core). One thread gets
/// tokio's single-threaded scheduler: a request, its upstream call and both connections'
/// tasks then wake each other without crossing threads.
fn runtime(threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    match threads {
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        0 => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        n => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
    }
}

async fn serve(config: Config) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "cmp-proxy: CMP_LISTEN: cannot listen on {}: {e}",
                config.listen
            );
            return ExitCode::from(2);
        }
    };
    let addr = listener.local_addr().unwrap_or(config.listen);
    let prepared = match cmp_proxy::prepare(config, addr).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cmp-proxy: {e}");
            return ExitCode::from(2);
        }
    };
    let scheme = if prepared.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let base = format!("{scheme}://{}/", local_url_addr(addr));
    println!("cmp-dashboard is running at {base}");
    if let Some(t) = &prepared.generated {
        println!("Admin:  {base}#token={}", t.admin);
        println!("Viewer: {base}#token={}", t.viewer);
    }
    let served =
        cmp_proxy::run_with_tls(listener, prepared.state, prepared.tls, shutdown_signal()).await;
    #[cfg(feature = "embedded-sim")]
    if let Some(sim) = prepared.sim {
        sim.stop().await;
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cmp-proxy: the server failed: {e}");
            ExitCode::FAILURE
        }
    }
}
