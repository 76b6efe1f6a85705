//! What a unit (self-assessment) or a reviewer (re-check) may enter for an item: the one rule
//! both edges share.

use std::collections::BTreeSet;

use super::{is_claim, is_criticism_veto, is_ledger_item, is_supervision_item, is_survey_item};
use crate::domain::FieldError;
use crate::domain::rubric::ItemInput;
use crate::domain::rubric::model::{Duty, Item};
use crate::domain::text::{self, Lines};

/// Checks an input a unit or a reviewer enters for an item of a unit whose duty it is `duty`:
/// the `score` input is refused (it bypasses a method's own rules and exists only for decided
/// scores); an item that is not the unit's duty takes no input; an item the plan assigns the
/// unit by name cannot be claimed not applicable; a claim needs a reason.
pub fn check_entered_input(field: &str, duty: Duty, input: &ItemInput) -> Result<(), FieldError> {
    match (input, duty) {
        (ItemInput::Score(_), _) => Err(FieldError::new(
            field,
            "不能直接填写 score，请按该项的计分方法填写 (enter the method's input, not a decided score)",
        )),
        (_, Duty::NotAssigned) => Err(FieldError::new(
            field,
            "方案未将此项任务分配给该单位，无需填写 (not this unit's duty under the plan)",
        )),
        (ItemInput::NotApplicable { .. }, Duty::Named { lead }) => Err(FieldError::new(
            field,
            format!(
                "方案附件2将此项任务点名分配给该单位{}，不能申报不适用 (a named duty cannot be claimed away)",
                if lead { "（牵头单位）" } else { "" }
            ),
        )),
        (ItemInput::NotApplicable { reason }, Duty::ByType) => {
            text::required(field, reason, NOT_APPLICABLE_REASON_MAX, Lines::Single)
                .map(drop)
                .map_err(|e| FieldError::new(field, format!("不适用理由{}", e.message)))
        }
        _ => Ok(()),
    }
}

/// What a period knows about one item of one unit when a unit or a reviewer enters it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The item.
    pub item: &'a Item,
    /// Whose duty it is for the unit.
    pub duty: Duty,
    /// The optional rules the period enabled.
    pub options: &'a BTreeSet<String>,
    /// Entered by a reviewer (re-check) rather than the unit itself.
    pub by_reviewer: bool,
}

/// Checks an entry by a unit (self-assessment) or a reviewer (re-check), the one rule both
/// edges share: items priced from supervision records take no input; an item measured from
/// the ledger takes no figure from the unit (it may only claim the item does not apply; when
/// the ledger has nothing to count, the reviewers score it); an optional rule the period did
/// not enable takes no input; then [`check_entered_input`] (field `items.<code>.input`).
pub fn check_entry(field: &str, e: Entry<'_>, input: &ItemInput) -> Result<(), FieldError> {
    if is_supervision_item(e.item) || is_criticism_veto(e.item) {
        return Err(FieldError::new(
            field,
            "该项由督查督办记录计算，不由单位或复核人员填写 (computed from supervision records)",
        ));
    }
    if is_ledger_item(e.item) && !e.by_reviewer && !is_claim(input) {
        return Err(FieldError::new(
            format!("{field}.input"),
            "该项由台账数据计算，单位不填写数值；台账中没有可计算的数据时由复核人员评定 (measured from the ledger)",
        ));
    }
    if is_survey_item(e.item) && !e.by_reviewer && !is_claim(input) {
        return Err(FieldError::new(
            format!("{field}.input"),
            "该项取自满意度调查结果，单位不填写数值 (read from the satisfaction survey)",
        ));
    }
    check_enabled(field, e.item, e.options)?;
    check_entered_input(&format!("{field}.input"), e.duty, input)
}

/// Refuses input for an optional rule the period has not enabled: it is not scored there.
pub fn check_enabled(
    field: &str,
    item: &Item,
    options: &BTreeSet<String>,
) -> Result<(), FieldError> {
    if item.optional && !options.contains(&item.code) {
        return Err(FieldError::new(
            field,
            format!(
                "评分项 {} 是可选规则，本考核周期未启用，无需填写 (optional rule not enabled)",
                item.code
            ),
        ));
    }
    Ok(())
}

/// Longest reason a unit or reviewer may give for marking an item not applicable, in
/// characters: a sentence or two, shown on one line of the result's trace.
pub const NOT_APPLICABLE_REASON_MAX: usize = 500;
