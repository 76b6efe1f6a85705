//! The rubric registry: every rubric file loaded and validated at start-up, and the record of
//! which versions the database has seen (a scored version's content is frozen).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use super::audit::{self, Change};
use super::{Actor, ServiceError};
use crate::domain::rubric::{self, Diagnostic, Rubric};
use crate::store::{self, Db, Tx, rubrics::RubricVersionRow};

mod dry_run;

pub use dry_run::{
    CompositeInputs, DRY_RUN_SUBJECTS_MAX, DRY_RUN_TEXT_MAX, DryRunInput, DryRunOutput, SubjectSet,
    SubjectSetResult, SurveyInputs, dry_run,
};

/// Every loaded rubric, by id and version.
#[derive(Debug, Default)]
pub struct RubricRegistry {
    by_key: BTreeMap<(String, u32), Arc<Rubric>>,
}

/// Why the rubric folder could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or a file could not be read.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
    /// One or more files are invalid; each diagnostic is `file:line:col: message`.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

/// Lists the `*.toml` files of `dir`, sorted.
fn rubric_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("reading rubric folder {}", dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and validates one file, naming it as given on the command line.
pub fn check_file(path: &Path) -> Result<Rubric, LoadError> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    rubric::parse(&path.display().to_string(), &text).map_err(LoadError::Invalid)
}

impl RubricRegistry {
    /// Loads every `*.toml` in `dir`; any invalid file (or two files with the same id and
    /// version) fails the whole load with every problem found.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let mut registry = Self::default();
        let mut problems = Vec::new();
        for path in rubric_files(dir)? {
            match check_file(&path) {
                Ok(r) => {
                    let key = (r.id().to_owned(), r.version());
                    if let Some(other) = registry.by_key.get(&key) {
                        problems.push(Diagnostic {
                            file: path.display().to_string(),
                            line: 1,
                            col: 1,
                            message: format!(
                                "rubric {} version {} is also defined in {}",
                                key.0,
                                key.1,
                                other.header().file_name
                            ),
                        });
                    }
                    registry.by_key.insert(key, Arc::new(r));
                }
                Err(LoadError::Invalid(d)) => problems.extend(d),
                Err(e) => return Err(e),
            }
        }
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(LoadError::Invalid(problems))
        }
    }

    /// One rubric version.
    pub fn get(&self, id: &str, version: u32) -> Option<Arc<Rubric>> {
        self.by_key.get(&(id.to_owned(), version)).cloned()
    }

    /// Every loaded rubric, by id then version.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Rubric>> {
        self.by_key.values()
    }

    /// Number of loaded rubrics.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// True when no rubric is loaded.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// Records each loaded version in the database. A version seen before with different content
/// is accepted only while no score uses it; otherwise start-up is refused.
pub async fn sync_versions(db: &Db, registry: &RubricRegistry) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    let now = db.clock.stamp();
    for r in registry.all() {
        sync_one(db, &mut tx, r.header(), &now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The JSON an audit entry keeps of a rubric version.
fn version_json(version: i64, hash: &str) -> Result<Option<String>, ServiceError> {
    audit::snapshot(&serde_json::json!({"version": version, "hash": hash})).map(Some)
}

/// Records one loaded version: new, unchanged, changed while unscored (re-recorded), or changed
/// after scoring (refused).
async fn sync_one(
    db: &Db,
    tx: &mut Tx,
    h: &crate::domain::rubric::Header,
    now: &str,
) -> Result<(), ServiceError> {
    let row = RubricVersionRow {
        rubric_id: h.id.clone(),
        version: i64::from(h.version),
        kind: h.kind.as_str().into(),
        title: h.title.clone(),
        content_hash: h.content_hash.clone(),
        loaded_at: now.to_owned(),
        scored_at: None,
    };
    let change = |action, before: Option<&RubricVersionRow>| -> Result<Change<'_>, ServiceError> {
        Ok(Change {
            action,
            subject_type: "rubric",
            subject_id: &h.id,
            before: match before {
                Some(b) => version_json(b.version, &b.content_hash)?,
                None => None,
            },
            after: version_json(row.version, &h.content_hash)?,
            reason: None,
        })
    };
    let system = Actor::system();
    match store::rubrics::find(tx, &h.id, row.version).await? {
        None => {
            store::rubrics::insert(tx, &row).await?;
            audit::append(tx, &db.clock, &system, change("rubric.load", None)?).await?;
        }
        Some(old) if old.content_hash == h.content_hash => {}
        Some(old) if old.scored_at.is_some() => {
            return Err(ServiceError::Conflict(format!(
                "{}: rubric {} version {} has changed (hash {} → {}) but scores already use it; \
                 publish a new version instead (已有评分使用该版本，请发布新版本)",
                h.file_name, h.id, h.version, old.content_hash, h.content_hash
            )));
        }
        Some(old) => {
            store::rubrics::update_content(tx, &row).await?;
            let reload = change("rubric.reload", Some(&old))?;
            audit::append(tx, &db.clock, &system, reload).await?;
        }
    }
    Ok(())
}
