//! Corrections (更正) of a published credit list: the bureau publishes a day's ratings again,
//! as computed now, with a reason — when an objection was upheld or a record withdrawn after
//! the day was published. The original and every earlier correction stay unchanged, each with
//! its SHA-256; a correction that would change nothing is refused.

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::publish::{self, PublicationView};
use crate::domain::access::Principal;
use crate::domain::text::{self, Lines};
use crate::service::{Actor, AppState, ServiceError, audit, new_id};
use crate::store::credit::CorrectionRow;

/// Longest reason, in characters.
pub const MAX_REASON: usize = 1000;

/// Publishes `as_of` again as its ratings now stand, because of `reason`.
#[tracing::instrument(skip(state, who, reason))]
pub async fn correct(
    state: &AppState,
    who: &Principal,
    as_of: Date,
    reason: &str,
) -> Result<PublicationView, ServiceError> {
    let reason = text::required("reason", reason, MAX_REASON, Lines::Multi)
        .map_err(|e| ServiceError::Invalid(vec![e]))?;
    let current = match publish::published(state, Some(as_of), None).await {
        Err(ServiceError::NotFound(_)) => {
            return Err(ServiceError::Absent(crate::domain::FieldError::new(
                "as_of",
                format!("{as_of} 的信用评价尚未公示，无可更正 (not published)"),
            )));
        }
        other => other?,
    };
    let content = publish::content(state, who, as_of).await?;
    let json = serde_json::to_string(&content).map_err(anyhow::Error::from)?;
    let hash = hex::encode(Sha256::digest(json.as_bytes()));
    if hash == current.content_hash {
        return Err(ServiceError::Conflict(format!(
            "{as_of} 的评价结果与现行公示（第 {} 版）相同，无需更正 (nothing to correct)",
            current.revision
        )));
    }
    let row = CorrectionRow {
        id: new_id(),
        as_of,
        revision: current.revision + 1,
        content_json: json,
        content_hash: hash,
        corrects_hash: current.content_hash.clone(),
        reason,
        published_by: who.name.clone(),
        published_at: state.db.clock.stamp(),
    };
    let mut tx = state.db.begin().await?;
    crate::store::insert(&mut tx, &row).await.map_err(|e| {
        if crate::store::is_unique_violation(&e) {
            ServiceError::Conflict(
                "同时有另一更正在发布，请刷新后重试 (corrected meanwhile)".into(),
            )
        } else {
            e.into()
        }
    })?;
    let change = audit::Change {
        action: "credit_publication.correct",
        subject_type: "credit_publication",
        subject_id: &row.id,
        before: Some(audit::snapshot(&(&row.as_of, &row.corrects_hash))?),
        after: Some(audit::snapshot(&(
            &row.as_of,
            row.revision,
            &row.content_hash,
            &row.reason,
        ))?),
        reason: Some(&row.reason),
    };
    audit::append(&mut tx, &state.db.clock, &Actor::from(who), change).await?;
    tx.commit().await?;
    publish::published(state, Some(as_of), None).await
}
