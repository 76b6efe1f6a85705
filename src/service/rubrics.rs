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

/// Longest text in a dry run's input, in characters: the longest text those inputs carry is
/// a not-applicable reason ([`crate::domain::assessment::NOT_APPLICABLE_REASON_MAX`]).
pub const DRY_RUN_TEXT_MAX: usize = crate::domain::assessment::NOT_APPLICABLE_REASON_MAX;

/// Scores posted inputs against a rubric without storing anything, returning the result with
/// its full trace. The input shape follows the rubric's kind:
/// `unit-assessment`/`service-quality` → `SubjectInputs`; `satisfaction` →
/// `{responses, households?}`; `credit` → `CreditInputs`; `composite` → `{values}`.
/// Every text in the input (subjects, codes, labels, not-applicable reasons, titles) is one
/// line of at most [`DRY_RUN_TEXT_MAX`] characters.
pub fn dry_run(
    rubric: &Rubric,
    input: serde_json::Value,
) -> Result<serde_json::Value, ServiceError> {
    crate::domain::text::json_strings(
        "",
        &input,
        DRY_RUN_TEXT_MAX,
        crate::domain::text::Lines::Single,
    )?;
    use crate::domain::number;
    use crate::domain::rubric::{Kind, composite_score, credit_score, satisfaction_index, score};
    fn parse<T: serde::de::DeserializeOwned>(input: serde_json::Value) -> Result<T, ServiceError> {
        serde_path_to_error::deserialize(input).map_err(|e| {
            let error = crate::domain::read_error::field_error(
                "",
                &e.path().to_string(),
                &e.inner().to_string(),
            );
            ServiceError::Invalid(vec![error])
        })
    }
    // Decimals are checked as written, against their declared bounds, before serde reads
    // (and would round) them.
    match rubric.kind() {
        Kind::UnitAssessment | Kind::ServiceQuality => number::check_subject_inputs(&input),
        Kind::Credit => number::check_credit_inputs(&input),
        Kind::Composite => number::check_composite_inputs(&input),
        Kind::Satisfaction => Ok(()),
    }
    .map_err(ServiceError::Invalid)?;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Survey {
        responses: Vec<crate::domain::rubric::SurveyResponse>,
        #[serde(default)]
        households: Option<u32>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Composite {
        values: BTreeMap<String, rust_decimal::Decimal>,
    }
    let out = match rubric.kind() {
        Kind::UnitAssessment | Kind::ServiceQuality => {
            serde_json::to_value(score(rubric, &parse(input)?)?)
        }
        Kind::Satisfaction => {
            let s: Survey = parse(input)?;
            serde_json::to_value(satisfaction_index(rubric, &s.responses, s.households)?)
        }
        Kind::Credit => serde_json::to_value(credit_score(rubric, &parse(input)?)?),
        Kind::Composite => {
            let c: Composite = parse(input)?;
            serde_json::to_value(composite_score(rubric, &c.values)?)
        }
    };
    out.map_err(|e| ServiceError::Internal(anyhow::Error::new(e).context("serialising a score")))
}
