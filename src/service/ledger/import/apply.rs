//! Writing an import's plan: multi-row inserts for new records, versioned updates for changed
//! ones, and one audit entry per record written plus a summary entry.

use super::ImportOutcome;
use super::plan::Plan;
use crate::service::audit::{self, Change};
use crate::service::{Actor, ServiceError};
use crate::store::{Tx, Versioned, insert_many, update_if_version};

async fn update_all<R: Versioned + serde::Serialize>(
    tx: &mut Tx,
    pairs: &[(R, R)],
    version: impl Fn(&R) -> i64,
) -> Result<(), ServiceError> {
    for (before, after) in pairs {
        if !update_if_version(tx, after, version(before)).await? {
            return Err(ServiceError::Conflict(
                "导入期间台账被他人修改，请重新导入 (the ledger changed during the import)".into(),
            ));
        }
    }
    Ok(())
}

fn changes<'a, R: serde::Serialize>(
    out: &mut Vec<Change<'a>>,
    kind: &'a str,
    new: &'a [R],
    changed: &'a [(R, R)],
    id: impl Fn(&'a R) -> &'a str,
) -> Result<(), ServiceError> {
    let (create, update) = match kind {
        "company" => ("company.create", "company.update"),
        "project" => ("project.create", "project.update"),
        "region" => ("region.create", "region.update"),
        "handover_inspection" => ("handover_inspection.create", "handover_inspection.update"),
        _ => ("project_service.create", "project_service.update"),
    };
    for r in new {
        out.push(Change {
            action: create,
            subject_type: kind,
            subject_id: id(r),
            before: None,
            after: Some(audit::snapshot(r)?),
            reason: Some("导入 (import)"),
        });
    }
    for (b, a) in changed {
        out.push(Change {
            action: update,
            subject_type: kind,
            subject_id: id(a),
            before: Some(audit::snapshot(b)?),
            after: Some(audit::snapshot(a)?),
            reason: Some("导入 (import)"),
        });
    }
    Ok(())
}

/// Writes `plan` (nothing at all when nothing changed).
pub async fn apply(
    tx: &mut Tx,
    clock: &crate::clock::Clock,
    actor: &Actor,
    plan: &Plan,
    outcome: &ImportOutcome,
) -> Result<(), ServiceError> {
    insert_many(tx, &plan.communities).await?;
    insert_many(tx, &plan.companies.new).await?;
    update_all(tx, &plan.companies.changed, |r| r.version).await?;
    insert_many(tx, &plan.projects.new).await?;
    update_all(tx, &plan.projects.changed, |r| r.version).await?;
    update_all(tx, &plan.service_periods.changed, |r| r.version).await?;
    insert_many(tx, &plan.service_periods.new).await?;
    update_all(tx, &plan.handovers.changed, |r| r.version).await?;
    insert_many(tx, &plan.handovers.new).await?;
    let mut entries = Vec::new();
    changes(&mut entries, "region", &plan.communities, &[], |r| &r.id)?;
    changes(
        &mut entries,
        "company",
        &plan.companies.new,
        &plan.companies.changed,
        |r| &r.id,
    )?;
    changes(
        &mut entries,
        "project",
        &plan.projects.new,
        &plan.projects.changed,
        |r| &r.id,
    )?;
    changes(
        &mut entries,
        "project_service",
        &plan.service_periods.new,
        &plan.service_periods.changed,
        |r| &r.id,
    )?;
    changes(
        &mut entries,
        "handover_inspection",
        &plan.handovers.new,
        &plan.handovers.changed,
        |r| &r.id,
    )?;
    if entries.is_empty() {
        return Ok(());
    }
    entries.push(Change {
        action: "ledger.import",
        subject_type: "ledger_import",
        subject_id: &outcome.file_sha256,
        before: None,
        after: Some(audit::snapshot(outcome)?),
        reason: None,
    });
    audit::append_many(tx, clock, actor, entries).await
}
