//! Building and running the application: bind (port 0 in tests), serve, shut down gracefully.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use poem::Server;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::WorkCalendar;
use crate::secret::ServerSecret;
use crate::service::AppState;
use crate::service::rubrics::{self, RubricRegistry};
use crate::store::Db;

/// A bound, ready-to-run application.
pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies migrations, and binds the listen address.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// [`Application::build`] reading time from `clock` (tests use a settable one).
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let state = load_state(settings, clock).await?;
        let addr = state.settings.listen_addr();
        let acceptor = TcpListener::bind(addr)
            .into_acceptor()
            .await
            .with_context(|| format!("binding {addr}"))?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().map(|s| s.port()))
            .context("reading the bound port")?;
        Ok(Self {
            acceptor,
            port,
            state,
        })
    }

    /// The bound port (useful when listening on port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application's shared state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let grace = Duration::from_secs(self.state.settings.shutdown_timeout);
        // Handlers are installed before the server says it is listening, so a SIGTERM that
        // arrives right after can never take the default action (kill without draining).
        let stop = shutdown_signal()?;
        tracing::info!(port = self.port, "listening; docs at /docs");
        if self.state.settings.public_base_url_is_local() {
            tracing::warn!(
                public_base_url = %self.state.settings.public_base_url,
                "public_base_url names this machine only: QR codes printed now will not open on \
                 residents' phones; set KAOPING_PUBLIC_BASE_URL (public_base_url 仍为本机地址，\
                 打印的二维码在居民手机上无法打开)"
            );
        }
        Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(crate::api::app(self.state), stop, Some(grace))
            .await
            .context("serving HTTP")
    }
}

/// Everything the use cases need, as the server and the command line both build it: rubrics
/// first (an invalid file stops everything before anything else happens), the working-day
/// calendar, the database (migrated, rubric versions recorded) and the data folder.
pub async fn load_state(settings: Settings, clock: Clock) -> anyhow::Result<AppState> {
    let rubrics = load_rubrics(&settings)?;
    let db = Db::connect(&settings.database_url).await?.with_clock(clock);
    db.migrate().await?;
    rubrics::sync_versions(&db, &rubrics)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating the data folder {}", settings.data_dir.display()))?;
    let secret = ServerSecret::load_or_create(&settings.data_dir)?;
    let state = state_of(settings, db, rubrics, secret)?;
    // Evaluations accepted before their scores were kept get one now, so ratings read them.
    crate::service::credit::evaluations::kept::fill_missing(&state)
        .await
        .map_err(|e| anyhow::anyhow!("keeping evaluation scores: {e}"))?;
    Ok(state)
}

/// The use cases' state over `db` as opened by the caller — read-only and never migrated for
/// checks such as `survey verify`: nothing is synchronised or created.
pub fn read_only_state(settings: Settings, db: Db) -> anyhow::Result<AppState> {
    let rubrics = load_rubrics(&settings)?;
    let secret = ServerSecret::load_or_throwaway(&settings.data_dir)?;
    state_of(settings, db, rubrics, secret)
}

fn load_rubrics(settings: &Settings) -> anyhow::Result<RubricRegistry> {
    RubricRegistry::load_dir(&settings.rubrics_dir).map_err(|e| {
        anyhow::anyhow!(
            "invalid rubrics in {}:\n{e}",
            settings.rubrics_dir.display()
        )
    })
}

fn state_of(
    settings: Settings,
    db: Db,
    rubrics: RubricRegistry,
    secret: ServerSecret,
) -> anyhow::Result<AppState> {
    let calendar = load_calendar(&settings.calendar)?;
    let rubrics = Arc::new(rubrics);
    let surveys =
        crate::service::survey::submit::Surveys::start(db.clone(), rubrics.clone(), secret);
    Ok(AppState {
        db,
        settings: Arc::new(settings),
        rubrics,
        calendar: Arc::new(calendar),
        surveys: Arc::new(surveys),
    })
}

/// Reads the working-day calendar; a missing or invalid file stops start-up naming it.
fn load_calendar(path: &std::path::Path) -> anyhow::Result<WorkCalendar> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "reading the working-day calendar {} (key `calendar`)",
            path.display()
        )
    })?;
    WorkCalendar::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Installs the SIGTERM and Ctrl-C handlers now and returns the future that completes on either.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the Ctrl-C handler")?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::info!("shutdown requested; finishing in-flight requests");
    })
}

/// Installs the Ctrl-C handler and returns the future that completes on it.
#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown requested; finishing in-flight requests");
    })
}
