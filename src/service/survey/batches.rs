//! Code batches (chain of custody): the admin generates one-time codes for a project of a round
//! and hands each batch to a named distributor — never a company that serves the project.
//! The codes are shown once, in the answer; only their hashes are kept.

use serde::Serialize;

use crate::domain::access::{Action, Principal, authorize};
use crate::domain::survey::code::InvitationCode;
use crate::domain::survey::round::{
    BatchRoom, DEFAULT_RESERVE_PERCENT, DistributorKind, Window, batch_size, window,
};
use crate::domain::text::{self, Lines};
use crate::service::{Actor, AppState, ServiceError, new_id};
use crate::store::survey::codes::{BatchRow, CodeRow};
use crate::store::{self, Tx};

/// A batch as the admin asks for it.
#[derive(Debug, Clone, Default)]
pub struct NewBatch {
    pub project_id: String,
    /// 发放人 (a name, e.g. 张三（网格员）).
    pub distributor: String,
    /// `grid_worker`, `town_office`, `third_party` or `other`.
    pub distributor_kind: String,
    /// The distributor's company, when it is one (refused if it serves the project).
    pub company_id: Option<String>,
    /// Codes in the batch; default the project's required sample plus the reserve share.
    pub codes: Option<u32>,
    /// Reserve share in percent for the default size (default 20).
    pub reserve_percent: Option<u32>,
}

/// A generated batch with its codes (shown this once).
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedBatch {
    pub batch: BatchRow,
    /// The codes as printed, `K7QM3-XPAZ9`.
    pub codes: Vec<String>,
    /// The project as officials know it: `项目名称（项目编号）`.
    pub project_name: String,
}

/// Generates a batch of codes for one project of an open or future round (admin).
#[tracing::instrument(skip(state, who))]
pub async fn generate(
    state: &AppState,
    who: &Principal,
    round_id: &str,
    input: &NewBatch,
) -> Result<GeneratedBatch, ServiceError> {
    authorize(who, Action::ManageSurveys)?;
    let info = super::round_info(state, round_id).await?;
    if window(info.opens, info.closes, state.db.clock.now()) == Window::Closed {
        return Err(ServiceError::Conflict(
            "调查已结束，不能再生成邀请码 (the round has closed)".into(),
        ));
    }
    let distributor = text::required("distributor", &input.distributor, 100, Lines::Single)?;
    let kind: DistributorKind =
        input
            .distributor_kind
            .parse()
            .map_err(|e: crate::domain::FieldError| {
                ServiceError::invalid("distributor_kind", e.message)
            })?;
    let mut tx = state.db.begin().await?;
    let count = size_of(state, round_id, input).await?;
    if let Some(company) = &input.company_id {
        refuse_own_company(&mut tx, &input.project_id, company).await?;
    }
    let batch = BatchRow {
        id: new_id(),
        round_id: round_id.into(),
        project_id: input.project_id.clone(),
        distributor,
        distributor_kind: kind.code().into(),
        company_id: input.company_id.clone(),
        codes: i64::from(count),
        created_at: state.db.clock.stamp(),
    };
    let codes = write_codes(&mut tx, &batch, count, state.surveys.key()).await?;
    crate::service::ledger::append_audit::<BatchRow>(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        "survey_batch.create",
        &batch.id,
        None,
        &batch,
    )
    .await?;
    let project = store::ledger::projects::lock_tx(&mut tx, &input.project_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    let project_name = project.map_or_else(
        || input.project_id.clone(),
        |p| format!("{}（{}）", p.name, p.code),
    );
    Ok(GeneratedBatch {
        batch,
        codes,
        project_name,
    })
}

/// The batch's size from the project's required sample, households and codes already issued.
async fn size_of(state: &AppState, round_id: &str, input: &NewBatch) -> Result<u32, ServiceError> {
    let (households, required) = required_of(state, round_id, &input.project_id).await?;
    let issued: i64 = store::survey::codes::batches(&state.db.pool, round_id)
        .await?
        .iter()
        .filter(|b| b.project_id == input.project_id)
        .map(|b| b.codes)
        .sum();
    let room = BatchRoom {
        households,
        issued: u32::try_from(issued).unwrap_or(u32::MAX),
    };
    let reserve = input
        .reserve_percent
        .unwrap_or(DEFAULT_RESERVE_PERCENT)
        .min(100);
    Ok(batch_size(input.codes, required, reserve, room)?)
}

/// The project's households and required sample in the round (422 on `project_id` when not
/// in it).
async fn required_of(
    state: &AppState,
    round_id: &str,
    project_id: &str,
) -> Result<(u32, u32), ServiceError> {
    let int = |n: i64| u32::try_from(n).unwrap_or(0);
    store::survey::rounds::projects(&state.db.pool, round_id)
        .await?
        .into_iter()
        .find(|p| p.project_id == project_id)
        .map(|p| (int(p.households), int(p.required)))
        .ok_or_else(|| {
            ServiceError::invalid(
                "project_id",
                "该项目不在本轮调查中 (project not in the round)",
            )
        })
}

/// A company that serves or served the project may not hand out its codes.
async fn refuse_own_company(
    tx: &mut Tx,
    project_id: &str,
    company_id: &str,
) -> Result<(), ServiceError> {
    let periods = store::ledger::service_periods::for_project_tx(tx, project_id).await?;
    if periods.iter().any(|p| p.period.company_id == company_id) {
        return Err(ServiceError::invalid(
            "company_id",
            "被测评的物业服务企业不能发放本项目的邀请码 (a company may not distribute its own projects' codes)",
        ));
    }
    Ok(())
}

/// Generates `count` distinct codes and stores their hashes.
async fn write_codes(
    tx: &mut Tx,
    batch: &BatchRow,
    count: u32,
    key: &[u8],
) -> Result<Vec<String>, ServiceError> {
    let (rows, shown) = make_codes(batch, count, key);
    store::insert(tx, batch).await?;
    // A clash with an earlier batch's code (2⁻⁴⁵ per pair) fails the whole batch: try again.
    store::insert_many(tx, &rows).await?;
    Ok(shown)
}

/// `count` distinct new codes of `batch`: their rows (hashes) and their printed forms.
/// Hashed with `key` (the server secret) whatever the round's scheme: a legacy round's new
/// codes are as strong as any.
fn make_codes(batch: &BatchRow, count: u32, key: &[u8]) -> (Vec<CodeRow>, Vec<String>) {
    let mut rng = rand::rng();
    let mut shown = Vec::with_capacity(count as usize);
    let mut rows: Vec<CodeRow> = Vec::with_capacity(count as usize);
    let mut seen = std::collections::HashSet::new();
    while rows.len() < count as usize {
        let code = InvitationCode::generate(&mut rng);
        let hash = code.keyed_hash(key);
        if !seen.insert(hash.clone()) {
            continue;
        }
        rows.push(CodeRow {
            code_hash: hash,
            round_id: batch.round_id.clone(),
            project_id: batch.project_id.clone(),
            batch_id: batch.id.clone(),
            spent: false,
        });
        shown.push(code.shown());
    }
    (rows, shown)
}
