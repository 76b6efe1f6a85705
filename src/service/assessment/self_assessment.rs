//! A unit's self-assessment (自评计分): drafts, submission, and 退回补正 (send back for correction).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    Member, PeriodContext, Standing, load_period, load_period_tx, stale, standing, subject,
    wrong_phase,
};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::form::FormItem;
use crate::domain::period::{self, Phase};
use crate::domain::review::SelfStatus;
use crate::domain::rubric::{ItemInput, score_item};
use crate::domain::text::{self, Lines};
use crate::domain::workflow::{self, SelfWindow};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError, shown_at_opt};
use crate::store::{
    self, Tx,
    assessment::self_scores::{AssessmentRow, SelfScoreRow},
};

/// One item as the unit enters it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemEntry {
    /// The method's input, e.g. `{"points": "3.5"}` or `{"findings": {"overdue": 1}}`.
    pub input: ItemInput,
    /// The unit's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// One item of a self-assessment as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SelfItemView {
    pub code: String,
    pub input: ItemInput,
    pub score: Decimal,
    pub note: Option<String>,
}

/// A unit's self-assessment as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SelfAssessmentView {
    pub period_id: String,
    /// The period's name.
    pub period_name: String,
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    pub status: SelfStatus,
    /// 0 until the first save.
    pub version: i64,
    /// Beijing time with the offset.
    pub submitted_at: Option<String>,
    pub returned_reason: Option<String>,
    /// This unit's deadline (with any extension), Beijing time with the offset, e.g.
    /// `2023-06-30T23:59:59+08:00`.
    pub deadline: String,
    /// Every item that is the unit's duty in this period, with the input it takes.
    pub form: Vec<FormItem>,
    /// The items entered so far, in the rubric's order (2.2 before 2.10).
    pub items: Vec<SelfItemView>,
}

/// The unit's self-assessment deadline — the later of its extension and the period's (an
/// extension never ends up shorter once the period's deadline is amended) — and whether it is
/// the extension.
async fn deadline<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    ctx: &PeriodContext,
    unit_id: &str,
) -> Result<(jiff::Timestamp, bool), ServiceError> {
    let pu = store::assessment::periods::find_unit(exec, &ctx.period.id, unit_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("考核周期中的单位 {unit_id}")))?;
    let period = store::parse_ts(&ctx.period.self_deadline)?;
    match pu
        .self_deadline
        .as_deref()
        .map(store::parse_ts)
        .transpose()?
    {
        Some(own) if own > period => Ok((own, true)),
        _ => Ok((period, false)),
    }
}

/// Checks the unit may change its self-assessment now; returns the current row (if any).
async fn editable(
    tx: &mut Tx,
    ctx: &PeriodContext,
    unit_id: &str,
    version: i64,
    now: jiff::Timestamp,
) -> Result<Option<AssessmentRow>, ServiceError> {
    let current = store::assessment::self_scores::find(tx, &ctx.period.id, unit_id).await?;
    let status = match &current {
        Some(a) => a.status,
        None => SelfStatus::Draft,
    };
    let (due, extended) = deadline(&mut **tx, ctx, unit_id).await?;
    let window = SelfWindow {
        status,
        due,
        extended,
    };
    workflow::self_assessment_open(ctx.phase, window, now)?;
    let current_version = current.as_ref().map_or(0, |a| a.version);
    if current_version != version {
        return Err(stale("自评", current_version, version));
    }
    Ok(current)
}

fn check_items(
    ctx: &PeriodContext,
    unit: &Member,
    items: &BTreeMap<String, ItemEntry>,
) -> Result<Vec<(String, Decimal, Option<String>)>, ServiceError> {
    let assessment = ctx.assessment()?;
    let mut errors = Vec::new();
    let mut scored = Vec::new();
    // Checked (and reported, and audited) in the rubric's order: 2.2 before 2.10.
    let mut entries: Vec<(&String, &ItemEntry)> = items.iter().collect();
    assessment::ItemOrder::of(assessment).sort(&mut entries, |(code, _)| code.as_str());
    for (code, entry) in entries {
        let field = format!("items.{code}");
        let Some(item) = assessment::item(assessment, code) else {
            errors.push(FieldError::new(
                field,
                format!("考核标准中没有评分项 {code} (unknown item)"),
            ));
            continue;
        };
        let entry_rule = assessment::Entry {
            item,
            duty: unit.duty(item),
            options: &ctx.options,
            by_reviewer: false,
        };
        let checked = assessment::check_entry(&field, entry_rule, &entry.input);
        if let Err(e) = checked {
            errors.push(e);
            continue;
        }
        let note = text::optional(
            &format!("{field}.note"),
            entry.note.as_deref(),
            2000,
            Lines::Multi,
        );
        match (score_item(item, Some(&entry.input)), note) {
            (Ok(outcome), Ok(note)) => scored.push((code.clone(), outcome.score, note)),
            (Err(e), _) | (_, Err(e)) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(scored)
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

fn new_row(period_id: &str, unit_id: &str, at: String) -> AssessmentRow {
    AssessmentRow {
        id: uuid::Uuid::now_v7().to_string(),
        period_id: period_id.into(),
        unit_id: unit_id.into(),
        status: SelfStatus::Draft,
        submitted_at: None,
        returned_reason: None,
        version: 0,
        created_at: at.clone(),
        updated_at: at,
    }
}

async fn bump(
    tx: &mut Tx,
    row: &mut AssessmentRow,
    expected: i64,
    at: String,
) -> Result<(), ServiceError> {
    row.version = expected + 1;
    row.updated_at = at;
    if expected == 0 {
        row.version = 1;
        store::assessment::self_scores::insert(tx, row).await?;
    } else if !store::assessment::self_scores::update(tx, row, expected).await? {
        return Err(stale("自评", expected + 1, expected));
    }
    Ok(())
}

/// Saves draft scores for some items (all or nothing), each change audited.
#[tracing::instrument(skip(state, who, items))]
pub async fn save(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    version: i64,
    items: &BTreeMap<String, ItemEntry>,
) -> Result<SelfAssessmentView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "只有被考核单位本身可以填写自评 (only the unit itself)".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let current = editable(&mut tx, &ctx, unit_id, version, state.db.clock.now()).await?;
    let unit = super::member(&mut *tx, period_id, unit_id).await?;
    let scored = check_items(&ctx, &unit, items)?;
    let mut row = current.unwrap_or_else(|| new_row(period_id, unit_id, state.db.clock.stamp()));
    bump(&mut tx, &mut row, version, state.db.clock.stamp()).await?;
    write_scores(state, &mut tx, who, &row, items, scored).await?;
    store::rubrics::mark_scored(
        &mut tx,
        &ctx.period.rubric_id,
        ctx.period.rubric_version,
        &row.updated_at,
    )
    .await?;
    tx.commit().await?;
    view(state, who, period_id, unit_id).await
}

/// Writes the changed item scores of `row` (unchanged ones are left alone), each with its
/// audit entry.
async fn write_scores(
    state: &AppState,
    tx: &mut Tx,
    who: &Principal,
    row: &AssessmentRow,
    items: &BTreeMap<String, ItemEntry>,
    scored: Vec<(String, Decimal, Option<String>)>,
) -> Result<(), ServiceError> {
    let before: BTreeMap<String, SelfScoreRow> =
        store::assessment::self_scores::scores_tx(tx, &row.id)
            .await?
            .into_iter()
            .map(|s| (s.item_code.clone(), s))
            .collect();
    let actor = Actor::from(who);
    // Audit entries keep the input as its stored JSON text.
    let snap = |json: &String, r: &SelfScoreRow| audit::snapshot(&(json, &r.score, &r.note));
    for (code, score, note) in scored {
        let s = SelfScoreRow {
            assessment_id: row.id.clone(),
            item_code: code.clone(),
            input: items[&code].input.clone(),
            score,
            note,
            updated_at: row.updated_at.clone(),
        };
        let old = before.get(&code);
        let input_json = s.input_json()?;
        let old_json = old.map(|o| o.input_json()).transpose()?;
        if old.is_some_and(|o| old_json.as_ref() == Some(&input_json) && o.note == s.note) {
            continue;
        }
        store::assessment::self_scores::upsert(tx, &s).await?;
        let change = Change {
            action: "self_score.save",
            subject_type: "assessment",
            subject_id: &subject(&row.period_id, &row.unit_id, Some(&code)),
            before: old
                .zip(old_json.as_ref())
                .and_then(|(o, json)| snap(json, o)),
            after: snap(&input_json, &s),
            reason: None,
        };
        audit::append(tx, &state.db.clock, &actor, change).await?;
    }
    Ok(())
}

/// Submits the self-assessment; after this only a send-back reopens it.
#[tracing::instrument(skip(state, who))]
pub async fn submit(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    version: i64,
) -> Result<SelfAssessmentView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? != Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "只有被考核单位本身可以提交自评 (only the unit itself)".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    let Some(mut row) = editable(&mut tx, &ctx, unit_id, version, state.db.clock.now()).await?
    else {
        return Err(ServiceError::Conflict(
            "尚未填写任何自评项，不能提交 (nothing to submit)".into(),
        ));
    };
    let before = row.status;
    row.status = SelfStatus::Submitted;
    row.submitted_at = Some(state.db.clock.stamp());
    bump(&mut tx, &mut row, version, state.db.clock.stamp()).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "self_assessment.submit",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: audit::snapshot(&before),
            after: audit::snapshot(&row.status),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    view(state, who, period_id, unit_id).await
}

/// Sends a submitted self-assessment back for correction (退回补正), with the reason.
#[tracing::instrument(skip(state, who, reason))]
pub async fn send_back(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
    reason: &str,
) -> Result<SelfAssessmentView, ServiceError> {
    if standing(&state.db, who, period_id, unit_id).await? == Standing::OwnUnit {
        return Err(ServiceError::Refused(
            "单位不能退回自己的自评 (only the bureau or the review team)".into(),
        ));
    }
    let reason = text::required("reason", reason, 2000, Lines::Multi)?;
    let mut tx = state.db.begin().await?;
    let ctx = load_period_tx(state, &mut tx, period_id).await?;
    if !matches!(ctx.phase, Phase::SelfAssessment | Phase::Review) {
        return Err(wrong_phase("退回补正", ctx.phase));
    }
    let mut row = store::assessment::self_scores::find(&mut tx, period_id, unit_id)
        .await?
        .filter(|a| a.status == SelfStatus::Submitted)
        .ok_or_else(|| {
            ServiceError::Conflict(
                "只有已提交的自评可以退回 (only a submitted self-assessment)".into(),
            )
        })?;
    let expected = row.version;
    row.status = SelfStatus::Returned;
    row.returned_reason = Some(reason.clone());
    bump(&mut tx, &mut row, expected, state.db.clock.stamp()).await?;
    audit::append(
        &mut tx,
        &state.db.clock,
        &Actor::from(who),
        Change {
            action: "self_assessment.send_back",
            subject_type: "assessment",
            subject_id: &subject(period_id, unit_id, None),
            before: audit::snapshot(&SelfStatus::Submitted),
            after: audit::snapshot(&SelfStatus::Returned),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    view(state, who, period_id, unit_id).await
}

/// The self-assessment as the caller may see it.
pub async fn view(
    state: &AppState,
    who: &Principal,
    period_id: &str,
    unit_id: &str,
) -> Result<SelfAssessmentView, ServiceError> {
    standing(&state.db, who, period_id, unit_id).await?;
    let ctx = load_period(state, period_id).await?;
    let (due, _) = deadline(&state.db.pool, &ctx, unit_id).await?;
    let unit = super::member(&state.db.pool, period_id, unit_id).await?;
    let form = crate::domain::form::form(
        ctx.assessment()?,
        &unit.unit_type,
        unit.plan_role.as_deref(),
        &ctx.options,
    );
    let row = store::assessment::self_scores::get(&state.db.pool, period_id, unit_id).await?;
    let mut items = match &row {
        Some(row) => stored_items(state, &row.id).await?,
        None => Vec::new(),
    };
    assessment::ItemOrder::of(ctx.assessment()?).sort(&mut items, |i| &i.code);
    Ok(SelfAssessmentView {
        period_id: period_id.into(),
        period_name: ctx.period.name.clone(),
        unit_id: unit_id.into(),
        unit_name: unit.name,
        status: row.as_ref().map_or(SelfStatus::Draft, |r| r.status),
        version: row.as_ref().map_or(0, |r| r.version),
        submitted_at: row
            .as_ref()
            .and_then(|r| shown_at_opt(r.submitted_at.as_deref())),
        returned_reason: row.and_then(|r| r.returned_reason),
        deadline: period::beijing_rfc3339(due),
        form,
        items,
    })
}

/// The stored item scores of a self-assessment.
pub async fn stored_items(
    state: &AppState,
    assessment_id: &str,
) -> Result<Vec<SelfItemView>, ServiceError> {
    let mut out = Vec::new();
    for s in store::assessment::self_scores::scores(&state.db.pool, assessment_id).await? {
        out.push(SelfItemView {
            code: s.item_code,
            input: s.input,
            score: s.score,
            note: s.note,
        });
    }
    Ok(out)
}
