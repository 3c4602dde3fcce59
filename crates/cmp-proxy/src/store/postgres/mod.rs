//! The PostgreSQL engine (`CMP_DATABASE_URL`): a pool of tokio-postgres connections shared
//! by the handlers of this replica, while other replicas use the same database. What makes
//! replicas safe together lives in the statements, not in this process: the per-order and
//! sequence locks of [`events`], and the migration lock of [`schema`]. Live events reach
//! this replica's streams through its [`listen`]er, whichever replica stored them; so do
//! alerts, whichever replica fired, resolved or acknowledged them ([`alerts`]).
//!
//! Every operation has a deadline ([`OPERATION_TIMEOUT`]); a database that is down, refuses
//! connections or stops answering is [`StoreError::Unavailable`] (the webhook answers 503
//! and the platform retries), anything else [`StoreError::Failed`].
//!
//! ## Layout
//! - this module: the pool, deadlines, and sorting errors into unavailable and failed.
//! - [`schema`]: the migration runner (`cmp_schema` table, `pg_advisory_lock`).
//! - [`events`]: events and dead letters, with the locks of the redelivery rule.
//! - [`listen`]: the listener that publishes every replica's new events to this one's streams.
//! - [`audit`]: the audit log.
//! - [`alerts`]: alerts (with `NOTIFY cmp_alerts`) and the evaluation lock.
//! - [`outbox`]: the webhook outbox and its delivery log.
//! - [`alert_rules`]: usage alert rules.

mod alert_rules;
mod alerts;
mod audit;
mod events;
mod listen;
mod outbox;
mod schema;

use crate::config::DatabaseUrl;
use crate::store::alerts::AlertFanout;
use crate::store::live::Fanout;
use crate::store::{PoolState, StoreError};
use deadpool_postgres::{
    Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod, Runtime,
};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;

/// Connections this replica holds at most.
const POOL_SIZE: usize = 16;
/// How long one store operation (getting a connection included) may take.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request waits for a free connection, or for a new one to be made.
const CONNECTION_WAIT: Duration = Duration::from_secs(5);

/// A pool on one database; cheap to clone.
#[derive(Clone)]
pub(super) struct Postgres {
    pool: Pool,
    name: Arc<str>,
    /// How to connect, for connections outside the pool (the evaluation lock's).
    config: Arc<tokio_postgres::Config>,
    /// Publishes new events to this replica's streams; stops when the last handle is
    /// dropped. `None` only while [`Postgres::connect`] reads where it starts.
    _listener: Option<Arc<listen::Listener>>,
}

impl Postgres {
    /// Migrates the database at `url` (see [`schema`]), opens a pool on it, and starts the
    /// listener that publishes to `live` every event stored from now on, by any replica.
    pub(super) async fn connect(
        url: &DatabaseUrl,
        live: &Fanout,
        alerts: &AlertFanout,
    ) -> Result<Postgres, StoreError> {
        let name: Arc<str> = url.name().into();
        schema::bring_up_to_date(url).await?;
        let manager = Manager::from_config(
            url.client_config().clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(CONNECTION_WAIT))
            .create_timeout(Some(CONNECTION_WAIT))
            .recycle_timeout(Some(CONNECTION_WAIT))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| StoreError::Failed(format!("cannot set up the connection pool: {e}")))?;
        let opening = Postgres {
            pool,
            name,
            config: Arc::new(url.client_config().clone()),
            _listener: None,
        };
        // Read before any stream can subscribe: every later event is published.
        let last = opening.last_seq().await?;
        let listener = listen::Listener::spawn(
            url.client_config(),
            opening.name.clone(),
            last,
            live.clone(),
            alerts.clone(),
        );
        // Alerts have no sequence to catch up by: a replica is ready once it listens.
        let listening = async {
            while live.stats().listening.get() == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        if tokio::time::timeout(OPERATION_TIMEOUT, listening)
            .await
            .is_err()
        {
            tracing::warn!(database = %opening.name, "the listener is not listening yet; starting anyway");
        }
        Ok(Postgres {
            _listener: Some(Arc::new(listener)),
            ..opening
        })
    }

    /// The pool's connections now.
    pub(super) fn pool_state(&self) -> PoolState {
        let status = self.pool.status();
        PoolState {
            max_size: status.max_size,
            size: status.size,
            available: status.available,
            waiting: status.waiting,
        }
    }

    /// The database's name, `user@host:port/dbname`.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// Whether the database answers a query now.
    pub(super) async fn check(&self) -> Result<(), StoreError> {
        self.run(async {
            let client = self.client().await?;
            client
                .simple_query("SELECT 1")
                .await
                .map_err(|e| self.error(e))?;
            Ok(())
        })
        .await
    }

    /// The newest version in `cmp_schema`.
    pub(super) async fn schema_version(&self) -> Result<i64, StoreError> {
        self.run(async {
            let client = self.client().await?;
            schema::version(&**client).await.map_err(|e| self.error(e))
        })
        .await
    }

    /// `operation` within [`OPERATION_TIMEOUT`]. A transaction cut short is rolled back by
    /// the server (its connection sends ROLLBACK or closes); its outcome, if the deadline hit
    /// the commit, is unknown to the caller, who answers 503 so the platform sends it again.
    async fn run<T>(
        &self,
        operation: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(OPERATION_TIMEOUT, operation)
            .await
            .unwrap_or_else(|_| {
                Err(self.unavailable(format!(
                    "no answer within {} s",
                    OPERATION_TIMEOUT.as_secs()
                )))
            })
    }

    /// A connection from the pool.
    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| match e {
            PoolError::Backend(e) => self.error(e),
            PoolError::Timeout(_) => self.unavailable(format!(
                "no connection within {} s",
                CONNECTION_WAIT.as_secs()
            )),
            PoolError::Closed => self.unavailable("the connection pool is closed".into()),
            other => StoreError::Failed(other.to_string()),
        })
    }

    fn unavailable(&self, reason: String) -> StoreError {
        StoreError::Unavailable {
            database: self.name.to_string(),
            reason,
        }
    }

    /// Sorts a client error into unavailable (worth retrying) and failed.
    fn error(&self, e: tokio_postgres::Error) -> StoreError {
        sort_error(&self.name, e)
    }
}

/// `e` as [`StoreError::Unavailable`] when the database could not be reached or went away
/// (connection errors, shutdown, too many connections), else [`StoreError::Failed`].
fn sort_error(database: &str, e: tokio_postgres::Error) -> StoreError {
    let reason = describe(&e);
    let gone = e.is_closed()
        || e.code().is_some_and(unreachable_state)
        || (e.code().is_none()
            && (reason.starts_with("error connecting")
                || reason.starts_with("error communicating")
                || reason.starts_with("timeout")));
    if gone {
        StoreError::Unavailable {
            database: database.to_owned(),
            reason,
        }
    } else {
        StoreError::Failed(reason)
    }
}

/// Connection exceptions (class 08), an administrator's or crash shutdown, a server still
/// starting, and a full server: states a retry can outlast.
fn unreachable_state(state: &SqlState) -> bool {
    state.code().starts_with("08")
        || [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
        ]
        .contains(state)
}

/// The error and its causes in one line (tokio-postgres puts the server's message in the
/// source: `db error: ERROR: relation "x" does not exist`).
fn describe(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
