//! Publication of credit ratings (信用评价结果公示): the bureau publishes the ratings of a day
//! once, as an immutable snapshot with its SHA-256; anyone reads it without a token. What is
//! published is what the public may see: company, grade, score and, for grade C and the black
//! list, the reasons naming the records — never residents' data or objection texts.

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::lists::{ListEntry, entry};
use super::rating;
use crate::domain::access::Principal;
use crate::service::{Actor, AppState, ServiceError, audit, new_id};
use crate::store::credit::{self as store, PublicationRow};

/// The published content.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishedRatings {
    pub as_of: Date,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Every company, by name: grade and score; reasons only for C and the black list.
    pub companies: Vec<ListEntry>,
    /// Companies on the black list that day.
    pub black_list: Vec<String>,
}

/// A publication as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicationView {
    pub content: PublishedRatings,
    /// SHA-256 of the published JSON.
    pub content_hash: String,
    pub published_at: String,
    /// 1 for the original publication, 2… for its corrections.
    pub revision: i64,
    /// Every correction of the day, oldest first (empty when never corrected).
    pub corrections: Vec<CorrectionNote>,
}

/// One correction of a publication, as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionNote {
    pub revision: i64,
    /// 更正原因, as the bureau gave it.
    pub reason: String,
    pub content_hash: String,
    /// The hash of what it replaced.
    pub corrects_hash: String,
    pub published_at: String,
}

/// Publishes the ratings of `as_of` (once per day).
pub async fn publish(
    state: &AppState,
    who: &Principal,
    as_of: Date,
) -> Result<PublicationView, ServiceError> {
    let content = content(state, who, as_of).await?;
    let json = serde_json::to_string(&content).map_err(anyhow::Error::from)?;
    let row = PublicationRow {
        id: new_id(),
        as_of,
        content_hash: hex::encode(Sha256::digest(json.as_bytes())),
        content_json: json,
        published_by: who.name.clone(),
        published_at: state.db.clock.stamp(),
    };
    let mut tx = state.db.begin().await?;
    crate::store::insert(&mut tx, &row).await.map_err(|e| {
        if crate::store::is_unique_violation(&e) {
            ServiceError::Conflict(format!(
                "{as_of} 的信用评价已公示，公示内容不可更改 (already published)"
            ))
        } else {
            e.into()
        }
    })?;
    let change = audit::Change {
        action: "credit_publication.create",
        subject_type: "credit_publication",
        subject_id: &row.id,
        before: None,
        after: Some(audit::snapshot(&(&row.as_of, &row.content_hash))?),
        reason: None,
    };
    audit::append(&mut tx, &state.db.clock, &Actor::from(who), change).await?;
    tx.commit().await?;
    Ok(PublicationView {
        content,
        content_hash: row.content_hash,
        published_at: row.published_at,
        revision: 1,
        corrections: Vec::new(),
    })
}

/// What is published: every company's grade and score, reasons only for the black-list grade
/// and the black list.
pub(crate) async fn content(
    state: &AppState,
    who: &Principal,
    as_of: Date,
) -> Result<PublishedRatings, ServiceError> {
    let all = rating::all(state, who, as_of).await?;
    let Some(first) = all.first() else {
        return Err(ServiceError::Conflict(
            "台账中没有物业服务企业，无可公示的评价 (no companies)".into(),
        ));
    };
    let (rubric_id, rubric_version) = (first.rubric_id.clone(), first.rubric_version);
    let blacklist_grade = super::rubric_on(state, as_of, "as_of")?.1.blacklist_grade;
    let companies = all
        .iter()
        .map(|r| {
            let mut e = entry(r);
            if !(r.result.blacklisted || e.grade == blacklist_grade) {
                e.reasons.clear();
            }
            e
        })
        .collect();
    let black_list = all
        .iter()
        .filter(|r| r.result.blacklisted)
        .map(|r| r.company_name.clone())
        .collect();
    Ok(PublishedRatings {
        as_of,
        rubric_id,
        rubric_version,
        companies,
        black_list,
    })
}

/// The publication of `as_of`, or the latest, at `revision` (default its latest correction);
/// 404 when there is none.
pub async fn published(
    state: &AppState,
    as_of: Option<Date>,
    revision: Option<i64>,
) -> Result<PublicationView, ServiceError> {
    let gone = || {
        ServiceError::NotFound(match as_of {
            Some(d) => format!("{d} 的信用评价公示"),
            None => "信用评价公示".to_owned(),
        })
    };
    let row = store::publication(&state.db.pool, as_of)
        .await?
        .ok_or_else(gone)?;
    let corrections = store::corrections(&state.db.pool, row.as_of).await?;
    let notes: Vec<CorrectionNote> = corrections.iter().map(note).collect();
    let (json, content_hash, published_at, shown) =
        match revision.unwrap_or_else(|| notes.last().map_or(1, |n| n.revision)) {
            1 => (row.content_json, row.content_hash, row.published_at, 1),
            r => {
                let c = corrections
                    .into_iter()
                    .find(|c| c.revision == r)
                    .ok_or_else(|| {
                        ServiceError::Absent(crate::domain::FieldError::new(
                            "revision",
                            format!("{} 的公示没有第 {r} 版 (no such revision)", row.as_of),
                        ))
                    })?;
                (c.content_json, c.content_hash, c.published_at, r)
            }
        };
    let content: PublishedRatings = serde_json::from_str(&json)
        .map_err(|e| anyhow::anyhow!("publication {} revision {shown}: {e}", row.id))?;
    Ok(PublicationView {
        content,
        content_hash,
        published_at,
        revision: shown,
        corrections: notes,
    })
}

fn note(c: &store::CorrectionRow) -> CorrectionNote {
    CorrectionNote {
        revision: c.revision,
        reason: c.reason.clone(),
        content_hash: c.content_hash.clone(),
        corrects_hash: c.corrects_hash.clone(),
        published_at: c.published_at.clone(),
    }
}
