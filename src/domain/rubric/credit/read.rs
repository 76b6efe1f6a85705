//! Reading a credit computation's inputs: the floor-area-weighted quality of the projects and
//! each conduct record's window on the day, every bad value named by its field.

use jiff::ToSpan;
use rust_decimal::Decimal;

use super::score::{CreditInputs, RecordLine};
use super::{Conduct, CreditSpec};
use crate::domain::FieldError;
use crate::domain::rubric::exact::Frac;

/// Largest floor area of one project (m²), as in the ledger: 100 million m².
const MAX_FLOOR_AREA: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

/// Σ quality × area / Σ area, exact (one division, last).
pub(super) fn quality(
    spec: &CreditSpec,
    inputs: &CreditInputs,
    errors: &mut Vec<FieldError>,
) -> Frac {
    let mut area = Decimal::ZERO;
    let mut weighted = Decimal::ZERO;
    for (i, p) in inputs.projects.iter().enumerate() {
        let area_ok = p.floor_area > Decimal::ZERO && p.floor_area <= MAX_FLOOR_AREA;
        if !area_ok {
            errors.push(FieldError::new(
                format!("projects[{i}].floor_area"),
                format!("建筑面积须大于 0 且不超过 {MAX_FLOOR_AREA} m² (floor area out of range)"),
            ));
        }
        let quality_ok = p.quality >= Decimal::ZERO && p.quality <= Decimal::ONE_HUNDRED;
        if !quality_ok {
            errors.push(FieldError::new(
                format!("projects[{i}].quality"),
                "质量得分须在 0–100 之间 (quality must be 0..100)",
            ));
        }
        if !(area_ok && quality_ok) {
            continue;
        }
        // Bounded inputs: Σ area ≤ n × 1e8 and Σ quality × area ≤ n × 1e10, far inside Decimal.
        area = area.saturating_add(p.floor_area);
        weighted = weighted.saturating_add(p.quality * p.floor_area);
    }
    if area > Decimal::ZERO {
        Frac::ratio(weighted, area)
    } else {
        Frac::from(spec.base)
    }
}

pub(super) fn record_lines(
    spec: &CreditSpec,
    inputs: &CreditInputs,
    errors: &mut Vec<FieldError>,
) -> Vec<RecordLine> {
    let mut out = Vec::new();
    for (i, r) in inputs.records.iter().enumerate() {
        let Some(t) = spec.records.iter().find(|t| t.code == r.kind) else {
            errors.push(FieldError::new(
                format!("records[{i}].kind"),
                format!("未知记录类型 {} (unknown record type)", r.kind),
            ));
            continue;
        };
        // The window is [date, end): the kind's months unless the record names its last day.
        let end = match r.valid_until {
            Some(last) => last.tomorrow().unwrap_or(last),
            None => r.date.saturating_add(i64::from(t.validity_months).months()),
        };
        if end <= r.date {
            errors.push(FieldError::new(
                format!("records[{i}].valid_until"),
                "有效期截止日不得早于记录日期 (validity ends before the record date)",
            ));
            continue;
        }
        let stopped = r.ended.is_some_and(|e| e <= inputs.as_of);
        let in_window = r.date <= inputs.as_of && inputs.as_of < end && !stopped;
        let sign = if t.conduct == Conduct::Good {
            Decimal::ONE
        } else {
            Decimal::NEGATIVE_ONE
        };
        out.push(RecordLine {
            kind: crate::domain::labelled::RubricCode {
                code: t.code.clone(),
                label: t.title.clone(),
            },
            title: t.title.clone(),
            date: r.date,
            reference: r.reference.clone(),
            valid_until: end.yesterday().unwrap_or(end),
            ended: r.ended,
            in_window,
            points: if in_window {
                sign * t.points
            } else {
                Decimal::ZERO
            },
            blacklist: t.blacklist,
        });
    }
    out
}
