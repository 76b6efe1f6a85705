//! Settings: built-in defaults, then an optional `kaoping.toml`, then `KAOPING_*` environment
//! variables. A bad value stops start-up with one line naming the key and the problem.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::store::Backend;

/// Every setting, with its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on (`KAOPING_LISTEN`).
    pub listen: String,
    /// `sqlite://…` (default, embedded) or `postgres://…` (`KAOPING_DATABASE_URL`).
    pub database_url: String,
    /// Where evidence files and generated reports go (`KAOPING_DATA_DIR`).
    pub data_dir: PathBuf,
    /// Folder of rubric files (`KAOPING_RUBRICS_DIR`).
    pub rubrics_dir: PathBuf,
    /// Working-day calendar: public holidays and make-up working days (`KAOPING_CALENDAR`).
    pub calendar: PathBuf,
    /// Largest accepted request body for JSON operations, in bytes (`KAOPING_JSON_BODY_LIMIT`).
    pub json_body_limit: u64,
    /// Largest accepted spreadsheet upload, in bytes (`KAOPING_UPLOAD_LIMIT`).
    pub upload_limit: u64,
    /// Seconds in-flight requests get to finish after SIGTERM/Ctrl-C (`KAOPING_SHUTDOWN_TIMEOUT`).
    pub shutdown_timeout: u64,
    /// Log filter, e.g. `info` or `kaoping=debug` (`KAOPING_LOG`).
    pub log: String,
    /// Where residents reach the answer page, as printed in the QR codes
    /// (`{public_base_url}/s/{code}`; `KAOPING_PUBLIC_BASE_URL`).
    pub public_base_url: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client, as addresses or CIDR blocks
    /// (`KAOPING_TRUSTED_PROXIES='["10.0.0.1", "10.1.0.0/16"]'`); empty: none, the socket's
    /// peer is the client.
    pub trusted_proxies: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/kaoping.db".into(),
            data_dir: "data".into(),
            rubrics_dir: "rubrics".into(),
            calendar: "calendars/cn-workdays.toml".into(),
            json_body_limit: 1024 * 1024,
            upload_limit: 20 * 1024 * 1024,
            shutdown_timeout: 30,
            log: "info".into(),
            public_base_url: "http://127.0.0.1:8080".into(),
            trusted_proxies: Vec::new(),
        }
    }
}

const KEYS: [&str; 11] = [
    "listen",
    "database_url",
    "data_dir",
    "rubrics_dir",
    "calendar",
    "json_body_limit",
    "upload_limit",
    "shutdown_timeout",
    "log",
    "public_base_url",
    "trusted_proxies",
];

/// A configuration problem, printed as one line.
#[derive(Debug, thiserror::Error)]
#[error("配置错误 (configuration error): key `{key}`: {problem}")]
pub struct ConfigError {
    /// The offending key.
    pub key: String,
    /// What is wrong with it, and where the value came from.
    pub problem: String,
}

impl Settings {
    /// Loads settings from defaults, `file` (if it exists) and the environment.
    pub fn load(file: &Path) -> Result<Self, ConfigError> {
        let figment = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("KAOPING_").only(&KEYS));
        let settings: Settings = figment.extract().map_err(|e| {
            let source = e
                .metadata
                .as_ref()
                .map(|m| format!(" (from {})", m.name))
                .unwrap_or_default();
            ConfigError {
                key: if e.path.is_empty() {
                    "(file)".into()
                } else {
                    e.path.join(".")
                },
                problem: format!("{}{source}", e.kind),
            }
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, problem: String| {
            Err(ConfigError {
                key: key.into(),
                problem,
            })
        };
        if self.listen.parse::<SocketAddr>().is_err() {
            return bad(
                "listen",
                format!("{:?} is not an address like 127.0.0.1:8080", self.listen),
            );
        }
        if Backend::from_url(&self.database_url).is_none() {
            return bad(
                "database_url",
                format!(
                    "{:?} must start with sqlite:// or postgres://",
                    self.database_url
                ),
            );
        }
        if self.json_body_limit < 1024 {
            return bad(
                "json_body_limit",
                format!(
                    "{} bytes is below the 1024-byte minimum",
                    self.json_body_limit
                ),
            );
        }
        let base = self.public_base_url.as_str();
        let scheme_ok = base.starts_with("http://") || base.starts_with("https://");
        if !scheme_ok
            || base.ends_with('/')
            || base.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return bad(
                "public_base_url",
                format!(
                    "{base:?} must be an http(s) address without a trailing /, like https://survey.example.gov.cn"
                ),
            );
        }
        if let Some(bad_proxy) = self.trusted_proxies.iter().find(|p| net(p).is_none()) {
            return bad(
                "trusted_proxies",
                format!("{bad_proxy:?} is not an address or CIDR block like 10.0.0.0/8"),
            );
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log).is_err() {
            return bad("log", format!("{:?} is not a valid log filter", self.log));
        }
        Ok(())
    }

    /// Whether `public_base_url` names this machine only (the default `http://127.0.0.1:8080`,
    /// `localhost`, `[::1]`): QR codes printed with it open nothing on a resident's phone.
    pub fn public_base_url_is_local(&self) -> bool {
        let rest = self
            .public_base_url
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let host = rest.split('/').next().unwrap_or(rest);
        let host = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(v6),
            None => host.rsplit_once(':').map_or(host, |(h, _)| h),
        };
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
    }

    /// The trusted proxies as networks (validated at load; an address is a /32 or /128).
    pub fn trusted_nets(&self) -> Vec<ipnet::IpNet> {
        self.trusted_proxies.iter().filter_map(|p| net(p)).collect()
    }

    /// The listen address (validated at load).
    pub fn listen_addr(&self) -> SocketAddr {
        self.listen
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8080)))
    }
}

/// An address or CIDR block.
fn net(text: &str) -> Option<ipnet::IpNet> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>().ok().or_else(|| {
        text.parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_base_url_on_this_machine_only_is_told_apart() {
        let local = |url: &str| {
            Settings {
                public_base_url: url.into(),
                ..Settings::default()
            }
            .public_base_url_is_local()
        };
        assert!(local(&Settings::default().public_base_url));
        assert!(
            local("http://localhost:8080") && local("https://[::1]") && local("http://0.0.0.0")
        );
        assert!(!local("https://dc.example.gov.cn") && !local("http://10.2.3.4:8080/survey"));
        assert!(!local("http://[2001:db8::1]:8080"));
    }

    #[test]
    fn defaults_are_valid() {
        assert!(Settings::default().validate().is_ok());
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API fixes the closure's error type
    fn file_and_environment_override_defaults_and_errors_name_the_key() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("kaoping.toml", "listen = \"0.0.0.0:9000\"\nlog = \"debug\"")?;
            jail.set_env("KAOPING_LOG", "warn");
            let s = Settings::load(Path::new("kaoping.toml")).expect("loads");
            assert_eq!(s.listen, "0.0.0.0:9000");
            assert_eq!(s.log, "warn");

            jail.set_env("KAOPING_JSON_BODY_LIMIT", "lots");
            let e = Settings::load(Path::new("kaoping.toml")).unwrap_err();
            assert_eq!(e.key, "json_body_limit");
            assert!(e.to_string().contains("KAOPING_"), "{e}");

            jail.set_env("KAOPING_JSON_BODY_LIMIT", "2048");
            jail.set_env("KAOPING_TRUSTED_PROXIES", r#"["10.0.0.1", "fd00::/8"]"#);
            let s = Settings::load(Path::new("kaoping.toml")).expect("loads");
            assert_eq!(s.trusted_nets().len(), 2);
            jail.set_env("KAOPING_TRUSTED_PROXIES", r#"["10.0.0.300"]"#);
            let e = Settings::load(Path::new("kaoping.toml")).unwrap_err();
            assert_eq!(e.key, "trusted_proxies");
            jail.set_env("KAOPING_TRUSTED_PROXIES", "[]");

            jail.set_env("KAOPING_DATABASE_URL", "mysql://x");
            let e = Settings::load(Path::new("kaoping.toml")).unwrap_err();
            assert_eq!(e.key, "database_url");
            Ok(())
        });
    }
}
