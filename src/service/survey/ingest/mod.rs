//! The group-commit writer: one task per instance takes concurrent submissions from a channel,
//! writes as many as are waiting in one transaction ([`batch::apply`]) and answers each only
//! after that transaction commits — so a 2xx always means the answer is durable, and the
//! database sees one commit (one fsync) per batch instead of one per resident. The same code
//! runs on SQLite and PostgreSQL.

pub mod batch;
pub mod settle;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::domain::survey::submission::RawSubmission;
use crate::service::ServiceError;
use crate::service::rubrics::RubricRegistry;
use crate::store::Db;

/// How often an idle writer looks whether an hour has ended.
const IDLE_CHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// Most submissions written in one transaction.
pub const MAX_BATCH: usize = 1024;
/// Submissions waiting for the writer before senders wait too (back-pressure).
const QUEUE: usize = 16 * 1024;

/// The channel of an answer given on the answer page or through the API.
pub const ONLINE: &str = "online";
/// The channel of a paper sheet (入户调查) typed into an imported workbook.
pub const PAPER: &str = "paper";

/// A checked submission on its way to the writer.
#[derive(Debug, Clone)]
pub struct Item {
    /// The code's keyed hash (HMAC-SHA256 under the server secret).
    pub code_hash: String,
    /// Its plain SHA-256, matched only in rounds made before the server secret.
    pub legacy_hash: String,
    /// The submission as sent: checked against its round's questionnaire by the writer, which
    /// reads the code's round anyway (one read per batch instead of one per request).
    pub raw: RawSubmission,
    /// [`ONLINE`] or [`PAPER`].
    pub channel: &'static str,
    /// SHA-256 of the `Idempotency-Key` and of the request, when a key was sent.
    pub idempotency: Option<(String, String)>,
}

impl Item {
    /// Both hashes the code may be stored under.
    pub fn hashes(&self) -> [&str; 2] {
        [&self.code_hash, &self.legacy_hash]
    }
}

/// What an accepted submission returns (and a replay returns again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// The receipt code the resident may keep (`7QM3-XPAZ`); none for a paper sheet, whose
    /// resident is not there when it is imported.
    pub receipt: Option<String>,
    /// True when this is the replay of an earlier identical request.
    #[serde(default)]
    pub replayed: bool,
}

/// One submission's result.
pub type Outcome = Result<Accepted, ServiceError>;

struct Pending {
    item: Item,
    reply: oneshot::Sender<Outcome>,
}

/// The handle submissions are sent through.
#[derive(Debug, Clone)]
pub struct Ingest {
    queue: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl Ingest {
    /// Starts the writer task on the current runtime, on a connection of its own
    /// ([`Db::dedicated_writer`]: its page cache stays warm from one batch to the next).
    pub fn start(db: Db, rubrics: Arc<RubricRegistry>) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(rx, db.dedicated_writer(), rubrics));
        Self { queue }
    }

    /// Sends `item` to the writer and waits until its batch has committed.
    pub async fn submit(&self, item: Item) -> Outcome {
        let (reply, answer) = oneshot::channel();
        let gone = || ServiceError::Internal(anyhow::anyhow!("the survey writer has stopped"));
        self.queue
            .send(Pending { item, reply })
            .await
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// The writer loop: wait for one submission, take every other one already waiting (up to
/// [`MAX_BATCH`]), write them in one transaction, answer each.
async fn run(mut rx: mpsc::Receiver<Pending>, db: Db, rubrics: Arc<RubricRegistry>) {
    let mut checked_hour = String::new();
    loop {
        // Idle, the writer still wakes each minute: an ended hour is settled without waiting
        // for the next answer.
        let first = match tokio::time::timeout(IDLE_CHECK, rx.recv()).await {
            Ok(Some(first)) => Some(first),
            Ok(None) => return,
            Err(_) => None,
        };
        let hour = settle::hour_of(db.clock.now());
        if hour != checked_hour {
            match settle::settle_due(&db).await {
                Ok(()) => checked_hour = hour,
                Err(e) => {
                    tracing::error!(error = %e, "settling the survey hour failed; retried later")
                }
            }
        }
        let Some(first) = first else { continue };
        let mut pending = vec![first];
        while pending.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(p) => pending.push(p),
                Err(_) => break,
            }
        }
        let (items, replies): (Vec<Item>, Vec<_>) =
            pending.into_iter().map(|p| (p.item, p.reply)).unzip();
        match write(&db, &rubrics, &items).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(outcome);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, n = items.len(), "a survey batch failed; none written");
                for reply in replies {
                    let _ = reply.send(Err(ServiceError::Internal(anyhow::anyhow!(
                        "survey batch failed"
                    ))));
                }
            }
        }
    }
}

/// One batch in one transaction.
async fn write(
    db: &Db,
    rubrics: &RubricRegistry,
    items: &[Item],
) -> Result<Vec<Outcome>, ServiceError> {
    let mut tx = db.begin().await?;
    let outcomes = batch::apply(&mut tx, rubrics, &db.clock, &batch::resident(), items).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(outcomes)
}
