//! The one way a ledger row is written: a new record with its `.create` audit entry, and an
//! edit made against the version the client read, with its `.update` audit entry.
//!
//! Every ledger record (region, unit, company, project, service period, handover inspection)
//! is edited the same way — refuse a stale version, return an unchanged record as it is, write
//! `WHERE version = $v`, bump the version, audit before and after — so the steps live here once
//! and each use case only says how its record is built.

use serde::Serialize;

use super::append_audit;
use crate::clock::Clock;
use crate::service::{Actor, ServiceError, stale};
use crate::store::credit::ConductRow;
use crate::store::credit::complaints::ComplaintRow;
use crate::store::credit::evaluations::{EvaluationRow, ObjectionRow};
use crate::store::credit::record_objections::RecordObjectionRow;
use crate::store::credit::repairs::RepairRow;
use crate::store::ledger::companies::CompanyRow;
use crate::store::ledger::handover::HandoverRow;
use crate::store::ledger::projects::ProjectRow;
use crate::store::ledger::regions::RegionRow;
use crate::store::ledger::service_periods::ServicePeriodRow;
use crate::store::ledger::units::UnitRow;
use crate::store::{Tx, Versioned, insert, update_if_version};

/// A stored ledger row as an edit sees it ("record" in this codebase means the parsed domain
/// value, `domain::ledger::records`; what is stored is a row).
pub trait EditableRow: Versioned + Serialize + PartialEq + Clone {
    /// Its name in messages (企业, 项目, …).
    const NOUN: &'static str;
    /// The subject of its audit actions (`company` in `company.update`).
    const SUBJECT: &'static str;
    /// Its id.
    fn id(&self) -> &str;
    /// The version it was read at.
    fn version(&self) -> i64;
    /// The record as written at `version`, last changed at `at`.
    fn stamped(self, version: i64, at: String) -> Self;
}

macro_rules! editable_row {
    ($($row:ty => ($noun:literal, $subject:literal)),+ $(,)?) => {$(
        impl EditableRow for $row {
            const NOUN: &'static str = $noun;
            const SUBJECT: &'static str = $subject;
            fn id(&self) -> &str {
                &self.id
            }
            fn version(&self) -> i64 {
                self.version
            }
            fn stamped(self, version: i64, at: String) -> Self {
                Self { version, updated_at: at, ..self }
            }
        }
    )+};
}

editable_row!(
    RegionRow => ("区域", "region"),
    UnitRow => ("单位", "unit"),
    CompanyRow => ("企业", "company"),
    ProjectRow => ("项目", "project"),
    ServicePeriodRow => ("服务期", "project_service"),
    HandoverRow => ("承接查验记录", "handover_inspection"),
    // Not a ledger row, but written the same way: created, then changed only by ending it.
    ConductRow => ("信用记录", "conduct_record"),
    // Sheets are written whole while a draft; then only the status moves.
    EvaluationRow => ("现场测评", "evaluation"),
    ObjectionRow => ("测评异议", "evaluation_objection"),
    // Received once; then only resolved or withdrawn.
    ComplaintRow => ("信访投诉", "complaint"),
    // Filed once; then only decided.
    RepairRow => ("信用修复申请", "credit_repair"),
    RecordObjectionRow => ("信用记录异议", "conduct_objection"),
);

/// The record `id` as read for an edit, or 404 naming it.
pub fn found<R: EditableRow>(row: Option<R>, id: &str) -> Result<R, ServiceError> {
    row.ok_or_else(|| ServiceError::NotFound(format!("{} {id}", R::NOUN)))
}

/// Refuses an edit made against a version other than the current one (409).
pub fn current<R: EditableRow>(before: &R, version: i64) -> Result<(), ServiceError> {
    if before.version() == version {
        Ok(())
    } else {
        Err(stale(R::NOUN, before.version(), version))
    }
}

/// Who writes and when: the clock stamps the record and its audit entry.
pub struct Writer<'a> {
    /// The state's clock.
    pub clock: &'a Clock,
    /// Who makes the change.
    pub actor: &'a Actor,
}

impl Writer<'_> {
    /// Inserts a new record with its `.create` audit entry; `clash` reads a refused insert
    /// (e.g. a code already taken).
    pub async fn create<R: EditableRow>(
        &self,
        tx: &mut Tx,
        row: &R,
        clash: impl FnOnce(sqlx::Error) -> ServiceError,
    ) -> Result<(), ServiceError> {
        insert(tx, row).await.map_err(clash)?;
        let action = format!("{}.create", R::SUBJECT);
        append_audit(tx, self.clock, self.actor, &action, row.id(), None, row).await
    }

    /// Writes `after` over `before` (read at `version`, see [`current`]) with its `.update`
    /// audit entry and returns it at its new version; an unchanged record is returned as it
    /// is, writing nothing. `clash` reads a refused update.
    pub async fn update<R: EditableRow>(
        &self,
        tx: &mut Tx,
        before: R,
        after: R,
        version: i64,
        clash: impl FnOnce(sqlx::Error) -> ServiceError,
    ) -> Result<R, ServiceError> {
        if after == before {
            return Ok(before);
        }
        let at = self.clock.stamp();
        let written = after.stamped(version, at.clone());
        if !update_if_version(tx, &written, version)
            .await
            .map_err(clash)?
        {
            // Someone else's edit committed between the read and this write.
            return Err(stale(R::NOUN, version + 1, version));
        }
        let after = written.stamped(version + 1, at);
        let action = format!("{}.update", R::SUBJECT);
        append_audit(
            tx,
            self.clock,
            self.actor,
            &action,
            after.id(),
            Some(&before),
            &after,
        )
        .await?;
        Ok(after)
    }
}
