//! A unit's self-assessment form: every item of the rubric that is the unit's duty in a
//! period, with what it takes as input, so a unit never has to read the rubric file to learn
//! what to fill.

use std::collections::BTreeSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::assessment::items;
use super::rubric::model::{
    Assessment, BelowFloor, Curve, Duty, Finding, Item, ItemSource, LatePer, Method, MethodKind,
    ShareUnit,
};

/// One item of a unit's form.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FormItem {
    /// Item code, e.g. `2.3`.
    pub code: String,
    pub title: String,
    /// Full points (0 for a veto).
    pub max: Decimal,
    /// The scoring method with its parameters (step, findings, target and floor, …), each
    /// kind as `{code, label}`: the input to give is `points`, `findings`, `measured`,
    /// `done`/`not_done`, `index`, `awards` or `veto` accordingly.
    pub method: FormMethod,
    /// Whose duty it is: named by the plan (cannot be claimed not applicable) or by unit type
    /// (may be claimed, with a reason, pending a reviewer's confirmation).
    pub duty: Duty,
    /// Where the score comes from when the unit does not fill it in (`ledger`, `supervision`,
    /// `supervision.criticism`); absent: the unit fills it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ItemSource>,
    /// Whether the unit enters a figure for this item itself (items fed by the ledger or the
    /// supervision records take none; a by-type ledger item may still be claimed not
    /// applicable).
    pub entered_by_unit: bool,
    /// The task's deadline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    /// 长期推进: no deadline.
    pub ongoing: bool,
    /// The plan clause the item comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The responsible units as the plan writes them.
    pub responsible: Vec<String>,
    /// Evidence to attach.
    pub evidence: Vec<String>,
}

/// The items that are the duty of a unit of `unit_type` bound to `role`, in rubric order;
/// optional items only when `options` enables them.
pub fn form(
    rubric: &Assessment,
    unit_type: &str,
    role: Option<&str>,
    options: &BTreeSet<String>,
) -> Vec<FormItem> {
    items(rubric)
        .into_iter()
        .filter(|i| !i.optional || options.contains(&i.code))
        .filter_map(|i| {
            let duty = i.duty(Some(unit_type), role);
            (duty != Duty::NotAssigned).then(|| entry(i, duty))
        })
        .collect()
}

fn entry(i: &Item, duty: Duty) -> FormItem {
    FormItem {
        code: i.code.clone(),
        title: i.title.clone(),
        max: i.max,
        method: FormMethod::from(&i.method),
        duty,
        source: i.source,
        entered_by_unit: i.source.is_none(),
        deadline: i.deadline,
        ongoing: i.ongoing,
        basis: i.basis.clone(),
        responsible: i.responsible.clone(),
        evidence: i.evidence.clone(),
    }
}

/// A scoring method as the form shows it: the method's kind and every kind among its
/// parameters as `{code, label}`, so a unit reads 按实测值计分 and 功效系数法, not codes.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FormMethod {
    /// `points`: 0..max in steps of `step`.
    Points {
        /// The method.
        method: MethodKind,
        /// Granularity of allowed scores.
        step: Decimal,
    },
    /// `deduction`: named findings deducted per occurrence.
    Deduction {
        /// The method.
        method: MethodKind,
        /// The findings that may be recorded.
        findings: Vec<Finding>,
    },
    /// `bonus`: named achievements added per occurrence.
    Bonus {
        /// The method.
        method: MethodKind,
        /// The achievements that may be recorded.
        awards: Vec<Finding>,
    },
    /// `threshold`: a measured value against a target and a floor.
    Threshold {
        /// The method.
        method: MethodKind,
        /// What is measured.
        measure: String,
        /// How the measured value, target and floor are written.
        measured_in: ShareUnit,
        /// Full points at or above this value.
        target: Decimal,
        /// The curve starts here.
        floor: Decimal,
        /// Interpolation between floor and target.
        curve: Curve,
        /// Percent of the points at the floor.
        base: Decimal,
        /// Percent added across floor → target.
        span: Decimal,
        /// What a value below the floor earns.
        below_floor: BelowFloor,
    },
    /// `deadline`: full when done by the deadline, less per late day or week.
    Deadline {
        /// The method.
        method: MethodKind,
        /// Unit of lateness.
        per: LatePer,
        /// Points off per late unit.
        points: Decimal,
        /// Most that lateness can take off.
        cap: Decimal,
    },
    /// `survey` or `veto`: no parameters but the highest grade a veto leaves.
    Plain {
        /// The method.
        method: MethodKind,
        /// A veto's highest grade still possible (absent: the lowest grade).
        #[serde(skip_serializing_if = "Option::is_none")]
        max_grade: Option<String>,
    },
}

impl From<&Method> for FormMethod {
    fn from(m: &Method) -> Self {
        let method = m.kind();
        match m.clone() {
            Method::Points { step } => Self::Points { method, step },
            Method::Deduction { findings } => Self::Deduction { method, findings },
            Method::Bonus { awards } => Self::Bonus { method, awards },
            Method::Threshold {
                measure,
                measured_in,
                target,
                floor,
                curve,
                base,
                span,
                below_floor,
            } => Self::Threshold {
                method,
                measure,
                measured_in,
                target,
                floor,
                curve,
                base,
                span,
                below_floor,
            },
            Method::Deadline { per, points, cap } => Self::Deadline {
                method,
                per,
                points,
                cap,
            },
            Method::Survey => Self::Plain {
                method,
                max_grade: None,
            },
            Method::Veto { max_grade } => Self::Plain { method, max_grade },
        }
    }
}
