//! Scoring methods: how an item turns its input into points, with the parameters each takes.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scoring method of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Method {
    /// 0..max in steps of `step`.
    Points {
        /// Granularity of allowed scores, e.g. 0.5.
        step: Decimal,
    },
    /// Named findings deducted per occurrence, never below zero (扣完为止).
    Deduction {
        /// The findings that may be recorded.
        findings: Vec<Finding>,
    },
    /// From a measured value against a target and a floor.
    Threshold {
        /// What is measured, e.g. 业委会组建率.
        measure: String,
        /// How the measured value, `target` and `floor` are written (share 0–1 or percent).
        #[serde(default)]
        measured_in: ShareUnit,
        /// Full points at or above this value.
        target: Decimal,
        /// The curve starts here; below it see `below_floor`.
        floor: Decimal,
        /// Interpolation between floor and target.
        curve: Curve,
        /// Percent of the points at the floor (efficacy: 60; linear: 0).
        base: Decimal,
        /// Percent added across floor → target (efficacy: 40; linear: 100); base + span = 100.
        span: Decimal,
        /// What a value below the floor earns.
        #[serde(default)]
        below_floor: BelowFloor,
    },
    /// Full when done by the deadline, less per late day/week, zero when not done.
    Deadline {
        /// Unit of lateness.
        per: LatePer,
        /// Points off per late unit.
        points: Decimal,
        /// Most that lateness can take off.
        cap: Decimal,
    },
    /// max × satisfaction index / 100.
    Survey,
    /// Named achievements added, capped by the item max and the rubric bonus cap.
    Bonus {
        /// The achievements that may be recorded.
        awards: Vec<Finding>,
    },
    /// One-vote veto: forces the lowest grade, or caps the grade at `max_grade`.
    Veto {
        /// Highest grade still possible when triggered (None: the lowest grade).
        max_grade: Option<String>,
    },
}

impl Method {
    /// The file spelling of the method.
    pub fn name(&self) -> &'static str {
        self.kind().code()
    }

    /// The method's kind, with its Chinese label.
    pub fn kind(&self) -> MethodKind {
        match self {
            Method::Points { .. } => MethodKind::Points,
            Method::Deduction { .. } => MethodKind::Deduction,
            Method::Threshold { .. } => MethodKind::Threshold,
            Method::Deadline { .. } => MethodKind::Deadline,
            Method::Survey => MethodKind::Survey,
            Method::Bonus { .. } => MethodKind::Bonus,
            Method::Veto { .. } => MethodKind::Veto,
        }
    }

    /// Whether the item counts toward category and rubric full points.
    pub fn counts_toward_total(&self) -> bool {
        !matches!(self, Method::Bonus { .. } | Method::Veto { .. })
    }
}

/// A finding (deduction) or award (bonus) worth points per occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// Code used in inputs.
    pub code: String,
    /// Chinese description.
    pub title: String,
    /// Points per occurrence.
    pub points: Decimal,
}

crate::domain::labelled::labelled_enum!(
    /// Interpolation between floor and target: max × (base + span × (x − floor)/(target −
    /// floor)) / 100.
    Curve, "插值方式" {
        /// Base 0, span 100: max × (x − floor)/(target − floor).
        Linear = ("linear", "线性插值"),
        /// 功效系数: base + span, by default 60 + 40.
        Efficacy = ("efficacy", "功效系数法"),
    }
);

crate::domain::labelled::labelled_enum!(
    /// How a threshold item's measured value, target and floor are written (`measured_in = …`).
    #[derive(Default)]
    ShareUnit, "实测值单位" {
        /// `share`: a proportion in 0–1 (92% is 0.92).
        #[default]
        Share = ("share", "比例（0–1）"),
        /// `percent`: a percentage in 0–100 (92% is 92).
        Percent = ("percent", "百分数（0–100）"),
    }
);

impl ShareUnit {
    /// The largest value a measurement can take (1 or 100).
    pub fn whole(self) -> Decimal {
        match self {
            ShareUnit::Share => Decimal::ONE,
            ShareUnit::Percent => Decimal::ONE_HUNDRED,
        }
    }

    /// Every unit with its file spelling.
    pub const SPELLINGS: [(&'static str, ShareUnit); 2] =
        [("share", ShareUnit::Share), ("percent", ShareUnit::Percent)];
}

crate::domain::labelled::labelled_enum!(
    /// What a threshold item scores below its floor (`below_floor = …`).
    #[derive(Default)]
    BelowFloor, "低于下限时" {
        /// `zero`: nothing.
        #[default]
        Zero = ("zero", "得 0 分"),
        /// `base`: the curve's base percentage, as at the floor.
        Base = ("base", "得基础分（同下限）"),
    }
);

crate::domain::labelled::labelled_enum!(
    /// Unit of lateness for deadline items.
    LatePer, "逾期计算单位" {
        /// Each calendar day late.
        Day = ("day", "每逾期一天"),
        /// Each started week (7 calendar days) late.
        Week = ("week", "每逾期一周（不足一周按一周）"),
    }
);

crate::domain::labelled::labelled_enum!(
    /// The scoring method's kind, as people read it (the file spells it `method = "…"`).
    MethodKind, "计分方法" {
        /// `points`.
        Points = ("points", "直接评分"),
        /// `deduction`.
        Deduction = ("deduction", "扣分（扣完为止）"),
        /// `threshold`.
        Threshold = ("threshold", "按实测值计分"),
        /// `deadline`.
        Deadline = ("deadline", "按期完成"),
        /// `survey`.
        Survey = ("survey", "满意度折算"),
        /// `bonus`.
        Bonus = ("bonus", "加分"),
        /// `veto`.
        Veto = ("veto", "一票否决"),
    }
);
