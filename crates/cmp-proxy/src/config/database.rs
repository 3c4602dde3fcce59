//! `CMP_DATABASE_URL`: the PostgreSQL database that holds the store when several replicas
//! share it. The URL carries a password, so it is held as a [`DatabaseUrl`] whose `Debug`
//! shows only the database's name ([`DatabaseUrl::name`]), and a bad value is refused
//! without ever echoing the text.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::config::{Host, SslMode};

/// How long connecting may take when the URL does not say (`connect_timeout=`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A checked `postgres://` URL. `Debug` shows `user@host:port/dbname`, never the password.
#[derive(Clone)]
pub struct DatabaseUrl {
    config: tokio_postgres::Config,
    name: String,
}

impl DatabaseUrl {
    /// Reads `text`: `postgres://` or `postgresql://`, with a host, and no TLS demand this
    /// build cannot meet; the reason in words otherwise (never containing `text`).
    pub fn parse(text: &str) -> Result<DatabaseUrl, String> {
        let example = "postgres://user:password@host:5432/dbname";
        if !(text.starts_with("postgres://") || text.starts_with("postgresql://")) {
            return Err(format!("use a URL such as {example}"));
        }
        let mut config = tokio_postgres::Config::from_str(text).map_err(|e| {
            // Only the parser's messages that name an option are shown: others may quote a
            // character of the URL, which could be the password's.
            let cause = std::error::Error::source(&e).map(ToString::to_string);
            match cause.filter(|c| c.starts_with("unknown option") || c.starts_with("invalid value for option")) {
                Some(c) => format!("{c}; use a URL such as {example}"),
                None => format!("it cannot be read as a URL such as {example} (percent-encode special characters in the password)"),
            }
        })?;
        if config.get_hosts().is_empty() {
            return Err(format!("name the database's host, as in {example}"));
        }
        if config.get_ssl_mode() == SslMode::Require {
            return Err(
                "sslmode=require asks for TLS, which this build does not speak to the database yet: use sslmode=disable (or prefer) over a private network or a local TLS tunnel".into(),
            );
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("cmp-proxy");
        }
        let name = name_of(&config);
        Ok(DatabaseUrl { config, name })
    }

    /// The database as operators name it, `user@host:port/dbname`, without the password:
    /// safe for logs and `/readyz`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The client's connection settings (with the password: never log them).
    pub fn client_config(&self) -> &tokio_postgres::Config {
        &self.config
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({}, password [redacted])", self.name)
    }
}

/// `user@host:port,host:port/dbname`, with PostgreSQL's defaults where the URL is silent.
fn name_of(config: &tokio_postgres::Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match host {
                Host::Tcp(h) => format!("{h}:{port}"),
                #[cfg(unix)]
                Host::Unix(path) => format!("{}:{port}", path.display()),
            }
        })
        .collect();
    let user = config.get_user().unwrap_or("(login user)");
    let dbname = config.get_dbname().unwrap_or(user);
    format!("{user}@{}/{dbname}", hosts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_and_debug_leave_the_password_out() {
        for text in [
            "postgres://cmp:hunter2@db.example:6543/events",
            "postgresql://cmp@db.example:6543/events?password=hunter2",
        ] {
            let url = DatabaseUrl::parse(text).unwrap();
            assert_eq!(url.name(), "cmp@db.example:6543/events");
            let debug = format!("{url:?}");
            assert!(
                !debug.contains("hunter2") && debug.contains("redacted"),
                "{debug}"
            );
        }
        let url = DatabaseUrl::parse("postgres://a,b:5433/x?user=u").unwrap();
        assert_eq!(url.name(), "u@a:5432,b:5433/x");
    }

    #[test]
    fn refusals_never_echo_the_url() {
        for text in [
            "mysql://cmp:hunter2@db/x",
            "postgres://cmp:hunter2@db/x?sslmode=require",
            "postgres://cmp:hunter2@db/x?colour=blue",
            "postgres://cmp:hunter2@db:port/x",
            "postgres://cmp:hunter2@db/x?connect_timeout=soon",
        ] {
            let e = DatabaseUrl::parse(text).unwrap_err();
            assert!(!e.contains("hunter2"), "{text}: {e}");
        }
        assert!(
            DatabaseUrl::parse("postgres://u:p@db/x?colour=blue")
                .unwrap_err()
                .contains("unknown option `colour`")
        );
    }
}
