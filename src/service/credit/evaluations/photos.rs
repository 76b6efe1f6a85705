//! Photos (现场照片) of an on-site evaluation: the inspector uploads them while the evaluation
//! is a draft, each under the rubric item it documents (images only, judged by content, stored
//! once by SHA-256 in the blob store with an audit entry); a finding names its photos by id,
//! and only photos of the same evaluation and item ([`named_exist`]). Whoever may read the
//! evaluation may see its photos.

use anyhow::Context;

use super::{readable, rubric_of, writable};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::assessment::items;
use crate::domain::credit::evaluation::{EvaluationStatus, Sheets};
use crate::domain::evidence::{EvidenceType, classify};
use crate::domain::rubric::model::Body;
use crate::domain::text::{self, Lines};
use crate::service::assessment::evidence::blobs;
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::Tx;
use crate::store::credit::evaluation_photos::{self as store, PhotoRow};
use crate::store::credit::evaluations;

/// Uploads a photo of evaluation `id` documenting item `item_code`.
#[tracing::instrument(skip(state, who, bytes), fields(size = bytes.len()))]
pub async fn upload(
    state: &AppState,
    who: &Principal,
    id: &str,
    item_code: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<PhotoRow, ServiceError> {
    let item_code = text::required("item_code", item_code, 64, Lines::Single)?;
    let file_name = text::required("file_name", file_name, 255, Lines::Single)?;
    let kind = classify(bytes).map_err(ServiceError::Unsupported)?;
    if !matches!(
        kind,
        EvidenceType::Jpeg | EvidenceType::Png | EvidenceType::Webp
    ) {
        return Err(ServiceError::Unsupported(
            "现场照片只接受 JPEG、PNG、WebP 图片 (photos must be images)".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let row = crate::service::ledger::edit::found(evaluations::find_tx(&mut tx, id).await?, id)?;
    writable(who, &row)?;
    if row.status != EvaluationStatus::Draft {
        return Err(ServiceError::Conflict(format!(
            "现场测评当前为“{}”，只有草稿可以添加照片 (not a draft)",
            row.status.label()
        )));
    }
    documented(state, &row, &item_code)?;
    // The blob is written before the rows: a crash in between leaves an unreferenced file,
    // never a row pointing at nothing.
    let sha256 = blobs(state).put(bytes).await?;
    let at = state.db.clock.stamp();
    let size = i64::try_from(bytes.len()).context("photo size")?;
    crate::store::assessment::evidence::insert_file(&mut tx, &sha256, kind.mime(), size, &at)
        .await?;
    let photo = PhotoRow {
        id: new_id(),
        evaluation_id: row.id.clone(),
        item_code,
        sha256,
        file_name,
        mime: kind.mime().to_owned(),
        size,
        uploaded_by: who.has_token().then(|| who.token_id.clone()),
        uploaded_at: at,
    };
    crate::store::insert_many(&mut tx, std::slice::from_ref(&photo)).await?;
    let change = Change {
        action: "evaluation.photo",
        subject_type: "evaluation",
        subject_id: &row.id,
        before: None,
        after: Some(audit::snapshot(&photo)?),
        reason: None,
    };
    audit::append(&mut tx, &state.db.clock, &Actor::from(who), change).await?;
    tx.commit().await?;
    Ok(photo)
}

/// 422 unless `item_code` is an item of the evaluation's rubric.
fn documented(
    state: &AppState,
    row: &crate::store::credit::evaluations::EvaluationRow,
    item_code: &str,
) -> Result<(), ServiceError> {
    let rubric = rubric_of(state, row)?;
    let known = match &rubric.body {
        Body::Assessment(a) => items(a).iter().any(|i| i.code == item_code),
        _ => false,
    };
    if known {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "item_code",
            format!("评分标准中没有检查项 {item_code} (unknown item)"),
        ))
    }
}

/// Refuses sheets naming a photo that is not one of evaluation `id`'s under the finding's item.
pub(super) async fn named_exist(
    tx: &mut Tx,
    id: &str,
    sheets: &Sheets,
) -> Result<(), ServiceError> {
    if sheets.findings.iter().all(|f| f.photos.is_empty()) {
        return Ok(());
    }
    let photos = store::for_evaluation_tx(tx, id).await?;
    let mut errors = Vec::new();
    for (i, f) in sheets.findings.iter().enumerate() {
        for (j, p) in f.photos.iter().enumerate() {
            match photos.iter().find(|row| &row.id == p) {
                Some(row) if row.item_code == f.item => {}
                Some(row) => errors.push(FieldError::new(
                    format!("findings[{i}].photos[{j}]"),
                    format!(
                        "照片 {p} 拍的是检查项 {}，不是 {} (photo of another item)",
                        row.item_code, f.item
                    ),
                )),
                None => errors.push(FieldError::new(
                    format!("findings[{i}].photos[{j}]"),
                    format!("本次测评没有照片 {p}，请先上传 (no such photo)"),
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

/// An evaluation's photos, for those who may read it.
pub async fn list(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<Vec<PhotoRow>, ServiceError> {
    let row = super::get_row(state, who, id).await?;
    Ok(store::for_evaluation(&state.db.pool, &row.id).await?)
}

/// One photo and its bytes, for those who may read its evaluation (others: 404).
pub async fn download(
    state: &AppState,
    who: &Principal,
    photo_id: &str,
) -> Result<(PhotoRow, Vec<u8>), ServiceError> {
    let gone = || ServiceError::NotFound(format!("现场照片 {photo_id}"));
    let photo = store::find(&state.db.pool, photo_id)
        .await?
        .ok_or_else(gone)?;
    let row = evaluations::find(&state.db.pool, &photo.evaluation_id)
        .await?
        .ok_or_else(gone)?;
    if readable(state, who, &row).await.is_err() {
        return Err(gone());
    }
    let bytes = blobs(state).get(&photo.sha256).await?;
    Ok((photo, bytes))
}
