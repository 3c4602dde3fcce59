//! A throwaway PostgreSQL server for the tests that need one: the `cmp-testpg` crate (shared
//! with the end-to-end journeys), plus what only these tests use: the URL as the proxy reads
//! it and a client on a database.
#![allow(dead_code)]

pub use cmp_testpg::{PgDatabase, PgServer};

use cmp_proxy::config::DatabaseUrl;

/// A fresh database on the shared server (made off the async threads: `createdb` blocks).
pub async fn fresh_database() -> PgDatabase {
    tokio::task::spawn_blocking(cmp_testpg::fresh_database)
        .await
        .expect("create a test database")
}

/// A fresh database on `server`.
pub async fn database_on(server: &std::sync::Arc<PgServer>) -> PgDatabase {
    let server = server.clone();
    tokio::task::spawn_blocking(move || server.create_database())
        .await
        .expect("create a test database")
}

/// `db`'s URL as the proxy reads `CMP_DATABASE_URL`.
pub fn database_url(db: &PgDatabase) -> DatabaseUrl {
    DatabaseUrl::parse(&db.url()).expect("a valid test URL")
}

/// A client on `db` (its connection runs on the current runtime).
pub async fn client(db: &PgDatabase) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(&db.url(), tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect to the test server: {e}\n{}", db.server().log()));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}
