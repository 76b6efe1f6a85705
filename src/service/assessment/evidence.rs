//! Evidence (佐证材料): upload (type checked by content, stored once by SHA-256) and download
//! by those who may see the item. Reviewers' files are re-check work: hidden from the unit
//! until the notice, and audited under their own action.

use anyhow::Context;
use serde::Serialize;

use super::{Standing, load_period_tx, standing, subject};
use crate::domain::access::Principal;
use crate::domain::evidence::AttachedTo;
use crate::domain::review::{Recheck, SelfStatus};
use crate::domain::text::{self, Lines};
use crate::domain::workflow;
use crate::domain::{assessment, evidence};
use crate::service::audit::{self, Change};
use crate::service::names::Names;
use crate::service::{Actor, AppState, ServiceError, shown_at};
use crate::store::{self, Tx, assessment::evidence::EvidenceLinkRow, blobs::BlobStore};

/// An attached file as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvidenceView {
    pub id: String,
    pub item_code: String,
    pub attached_to: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    /// The uploader's token id.
    pub uploaded_by: String,
    /// The uploader's name.
    pub uploaded_by_name: String,
    /// Beijing time with the offset.
    pub uploaded_at: String,
}

impl EvidenceView {
    /// The view of a stored link, its uploader named by `names`.
    fn new(l: EvidenceLinkRow, names: &Names) -> Self {
        Self {
            uploaded_by_name: names.token(&l.uploaded_by),
            uploaded_at: shown_at(&l.uploaded_at),
            id: l.id,
            item_code: l.item_code,
            attached_to: l.attached_to,
            file_name: l.file_name,
            mime: l.mime,
            size: l.size,
            sha256: l.sha256,
            uploaded_by: l.uploaded_by,
        }
    }
}

/// The blob store under the configured data folder.
pub fn blobs(state: &AppState) -> BlobStore {
    BlobStore::local(&state.settings.data_dir)
}

/// Attaches a file to an item of a unit's assessment: the unit for its self score, an assigned
/// reviewer for their review. Wrong types are refused by content (415).
#[tracing::instrument(skip(state, who, bytes), fields(size = bytes.len()))]
pub async fn upload(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    item_code: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<EvidenceView, ServiceError> {
    let attached_to = match standing(&state.db, who, period_id, unit_id).await? {
        Standing::OwnUnit => AttachedTo::SelfScore,
        Standing::Reviewer { .. } => AttachedTo::Review,
        Standing::Admin => AttachedTo::Bureau,
    };
    let item_code = text::required("item_code", item_code, 64, Lines::Single)?;
    let item_code = item_code.as_str();
    let file_name = text::required("file_name", file_name, 255, Lines::Single)?;
    let kind = evidence::classify(bytes).map_err(ServiceError::Unsupported)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let submitted = store::assessment::self_scores::find(&mut tx, period_id, unit_id)
        .await?
        .is_some_and(|a| a.status == SelfStatus::Submitted);
    workflow::evidence_open(attached_to, ctx.phase, submitted)?;
    if assessment::item(ctx.assessment()?, item_code).is_none() {
        return Err(ServiceError::invalid(
            "item_code",
            format!("考核标准中没有评分项 {item_code} (unknown item)"),
        ));
    }
    let file = NewFile {
        period_id,
        unit_id,
        item_code,
        attached_to,
        file_name,
        bytes,
        mime: kind.mime(),
    };
    let view = attach(state, &mut tx, who, file).await?;
    tx.commit().await?;
    Ok(view)
}

/// A checked upload.
struct NewFile<'a> {
    period_id: &'a str,
    unit_id: &'a str,
    item_code: &'a str,
    attached_to: AttachedTo,
    file_name: String,
    bytes: &'a [u8],
    mime: &'static str,
}

/// Stores the file once by its hash, links it to the item and audits the attachment.
async fn attach(
    state: &AppState,
    tx: &mut Tx,
    who: &Principal,
    f: NewFile<'_>,
) -> Result<EvidenceView, ServiceError> {
    let link = store_file(state, tx, who, &f).await?;
    let stored_at = link.uploaded_at.clone();
    let mut view = EvidenceView::new(link, &Names::default());
    view.uploaded_by_name = who.name.clone();
    // The audit entry keeps the instant as stored (UTC); the response shows it in Beijing time.
    let record = EvidenceView {
        uploaded_at: stored_at,
        ..view.clone()
    };
    audit::append(
        tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            // A reviewer's file is re-check work, audited as such so every read path hides it.
            action: match f.attached_to {
                AttachedTo::Review => Recheck::ReviewerEvidence.action(),
                AttachedTo::SelfScore | AttachedTo::Bureau => "evidence.attach",
            },
            subject_type: "assessment",
            subject_id: &subject(f.period_id, f.unit_id, Some(f.item_code)),
            before: None,
            after: Some(audit::snapshot(&record)?),
            reason: None,
        },
    )
    .await?;
    Ok(view)
}

/// Writes the blob and its row, then the link of the item to it.
async fn store_file(
    state: &AppState,
    tx: &mut Tx,
    who: &Principal,
    f: &NewFile<'_>,
) -> Result<EvidenceLinkRow, ServiceError> {
    // The blob is written before the rows: a crash in between leaves an unreferenced file,
    // never a row pointing at nothing.
    let sha256 = blobs(state).put(f.bytes).await?;
    let at = state.db.clock.stamp();
    let size = i64::try_from(f.bytes.len()).context("evidence file size")?;
    store::assessment::evidence::insert_file(tx, &sha256, f.mime, size, &at).await?;
    let link = EvidenceLinkRow {
        id: crate::service::new_id(),
        sha256,
        period_id: f.period_id.into(),
        unit_id: f.unit_id.into(),
        item_code: f.item_code.into(),
        attached_to: f.attached_to.as_str().into(),
        file_name: f.file_name.clone(),
        uploaded_by: who.token_id.clone(),
        uploaded_at: at,
        mime: f.mime.into(),
        size,
    };
    store::assessment::evidence::insert_link(tx, &link).await?;
    Ok(link)
}

/// Evidence attached to a unit's items, as far as the caller may see it.
pub async fn list(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<Vec<EvidenceView>, ServiceError> {
    let (sight, ctx) = super::sight_in(state, who, period_id, unit_id).await?;
    let mut links: Vec<EvidenceLinkRow> =
        store::assessment::evidence::for_unit(&state.db.pool, period_id, unit_id)
            .await?
            .into_iter()
            .filter(|l| sight.shows_evidence(&l.attached_to))
            .collect();
    // Listed by item in the rubric's order (2.2 before 2.10), each item's files as uploaded.
    assessment::ItemOrder::of(ctx.assessment()?).sort(&mut links, |l| &l.item_code);
    let uploaders: Vec<&str> = links.iter().map(|l| l.uploaded_by.as_str()).collect();
    let names = Names::of(state, &uploaders, &[]).await?;
    Ok(links
        .into_iter()
        .map(|l| EvidenceView::new(l, &names))
        .collect())
}

/// A file and its description, for download. A file the caller may not see is not found,
/// so its existence does not leak.
pub async fn download(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<(EvidenceView, Vec<u8>), ServiceError> {
    let not_found = || ServiceError::NotFound(format!("佐证材料 {id}"));
    let link = store::assessment::evidence::get(&state.db.pool, id)
        .await?
        .ok_or_else(not_found)?;
    let sight = match super::sight(state, who, &link.period_id, &link.unit_id).await {
        Ok(sight) => sight,
        Err(ServiceError::Internal(e)) => return Err(ServiceError::Internal(e)),
        Err(_) => return Err(not_found()),
    };
    if !sight.shows_evidence(&link.attached_to) {
        return Err(not_found());
    }
    let bytes = blobs(state).get(&link.sha256).await?;
    let names = Names::of(state, &[link.uploaded_by.as_str()], &[]).await?;
    Ok((EvidenceView::new(link, &names), bytes))
}
