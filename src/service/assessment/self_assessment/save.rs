//! Saving drafts: who may, when (the workflow's window), which entries are valid for the
//! unit's duties, and writing only what changed, each change audited.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{ItemEntry, SelfAssessmentView, deadline, view};
use crate::domain::FieldError;
use crate::domain::access::Principal;
use crate::domain::assessment;
use crate::domain::review::SelfStatus;
use crate::domain::rubric::score_item;
use crate::domain::text::{self, Lines};
use crate::domain::workflow::{self, SelfWindow};
use crate::service::assessment::{
    Member, PeriodContext, Standing, load_period_tx, stale, standing, subject,
};
use crate::service::audit::{self, Change};
use crate::service::{Actor, AppState, ServiceError};
use crate::store::{
    self, Tx,
    assessment::self_scores::{AssessmentRow, SelfScoreRow},
};

/// Checks the unit may change its self-assessment now; returns the current row (if any).
pub(super) async fn editable(
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
        id: crate::service::new_id(),
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

pub(super) async fn bump(
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
    let unit = crate::service::assessment::member(&mut *tx, period_id, unit_id).await?;
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
                .map(|(o, json)| snap(json, o))
                .transpose()?,
            after: Some(snap(&input_json, &s)?),
            reason: None,
        };
        audit::append(tx, &state.db.clock, &actor, change).await?;
    }
    Ok(())
}
