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
    })
}

/// What is published: every company's grade and score, reasons only for the black-list grade
/// and the black list.
async fn content(
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

/// The publication of `as_of`, or the latest; 404 when there is none.
pub async fn published(
    state: &AppState,
    as_of: Option<Date>,
) -> Result<PublicationView, ServiceError> {
    let row = store::publication(&state.db.pool, as_of)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(match as_of {
                Some(d) => format!("{d} 的信用评价公示"),
                None => "信用评价公示".to_owned(),
            })
        })?;
    let content: PublishedRatings = serde_json::from_str(&row.content_json)
        .map_err(|e| anyhow::anyhow!("publication {}: {e}", row.id))?;
    Ok(PublicationView {
        content,
        content_hash: row.content_hash,
        published_at: row.published_at,
    })
}
