//! The embedded simulator: with no `CMP_UPSTREAM_URL`, cmp-sim runs in this process on a
//! loopback port with a random access code and secret (so signing is exercised for real)
//! and pushes to this proxy's own webhook. The proxy talks to it over HTTP like any upstream,
//! under `CMP_SIM_BASE_PATH` when set (its URL then ends with that path, as a real
//! platform's behind a gateway does), in the platform's zone `CMP_UPSTREAM_TZ`.

use crate::access::secret::{Secret, random_hex};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running embedded simulator.
pub struct EmbeddedSim {
    /// Its base URL, e.g. `http://127.0.0.1:41234`, or `http://127.0.0.1:41234/gw` under a
    /// base path.
    pub url: reqwest::Url,
    /// The access code it expects.
    pub access_code: String,
    /// The secret it verifies signatures with.
    pub secret: Secret,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// The simulator could not start.
#[derive(Debug, thiserror::Error)]
#[error("the embedded simulator could not start: {0}")]
pub struct EmbedError(String);

/// How to start the embedded simulator (from the `CMP_SIM_*` settings).
pub struct EmbedSettings<'a> {
    /// The world seed (`CMP_SIM_SEED`).
    pub seed: u64,
    /// Devices in its world (`CMP_SIM_DEVICES`).
    pub devices: usize,
    /// Whether its clock stands still (`CMP_SIM_FROZEN_CLOCK`).
    pub frozen_clock: bool,
    /// Where it pushes order-status changes: this proxy's webhook.
    pub push_url: String,
    /// Faults in cmp-sim's `--fault` syntax (`CMP_SIM_FAULTS`), injected from the start.
    pub faults: &'a [String],
    /// The path it serves the API under (`CMP_SIM_BASE_PATH`); empty for the root.
    pub base_path: &'a str,
    /// The platform's time zone (`CMP_UPSTREAM_TZ`), so the simulator's date is the one
    /// the proxy checks CDR ranges against.
    pub utc_offset: cmp_api::time::UtcOffset,
}

/// Starts a simulator as `settings` say.
pub async fn start(settings: EmbedSettings<'_>) -> Result<EmbeddedSim, EmbedError> {
    let EmbedSettings {
        seed,
        devices,
        frozen_clock,
        push_url,
        faults,
        base_path,
        utc_offset,
    } = settings;
    let faults = faults
        .iter()
        .map(|f| {
            f.parse::<cmp_sim::faults::FaultRule>()
                .map_err(|e| EmbedError(format!("CMP_SIM_FAULTS: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !faults.is_empty() {
        tracing::warn!(
            rules = faults.len(),
            "the embedded simulator injects faults (CMP_SIM_FAULTS)"
        );
    }
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| EmbedError(e.to_string()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| EmbedError(e.to_string()))?;
    let access_code = format!("embedded-{}", random_hex(6));
    let secret = Secret::random();
    let config = cmp_sim::SimConfig {
        seed,
        devices,
        access_code: Some(access_code.clone()),
        secret: Some(secret.expose().to_owned()),
        push_url: Some(push_url),
        faults,
        frozen_clock,
        utc_offset,
        base_path: base_path.to_owned(),
        ..Default::default()
    };
    let state = cmp_sim::SimState::new(config).map_err(|e| match e {
        cmp_sim::SimError::BadBasePath(_) => EmbedError(format!("CMP_SIM_BASE_PATH: {e}")),
        other => EmbedError(other.to_string()),
    })?;
    // The path as the simulator normalised it (`gw/` → `/gw`).
    let base = state.config().base_path.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(cmp_sim::run(listener, state, async move {
        let _ = stopped.await;
    }));
    let url = reqwest::Url::parse(&format!("http://{addr}{base}"))
        .map_err(|e| EmbedError(e.to_string()))?;
    tracing::info!(%url, "embedded simulator started");
    Ok(EmbeddedSim {
        url,
        access_code,
        secret,
        stop,
        task,
    })
}

impl EmbeddedSim {
    /// Stops the simulator and waits for it to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Err(e)) => tracing::warn!(error = %e, "embedded simulator ended with an error"),
            Err(e) => tracing::warn!(error = %e, "embedded simulator task failed"),
            Ok(Ok(())) => {}
        }
    }
}
