//! The checks on what inspectors write: each error names the request field
//! (`findings[2].count`, `measures[0].item`, …) and says the rule in Chinese.

use std::collections::BTreeSet;

use super::{
    Exemption, Finding, MAX_COUNT, MAX_INSPECTOR, MAX_LINES, MAX_NOTE, MAX_PHOTOS, Measure, Sheets,
    Veto,
};
use crate::domain::FieldError;
use crate::domain::assessment::items;
use crate::domain::rubric::model::{Assessment, Item, Method};
use crate::domain::text::{self, Lines};

/// Checks `inspectors`: one to `most` names, each non-blank and distinct; returns them trimmed.
pub fn check_inspectors(inspectors: &[String], most: u32) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let most_len = usize::try_from(most).unwrap_or(1);
    if inspectors.is_empty() || inspectors.len() > most_len {
        errors.push(FieldError::new(
            "inspectors",
            format!("检查人员须为 1 至 {most} 人（评分标准的规定）(1 to {most} inspectors)"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, name) in inspectors.iter().enumerate() {
        let field = format!("inspectors[{i}]");
        match text::required(&field, name, MAX_INSPECTOR, Lines::Single) {
            Err(e) => errors.push(e),
            Ok(n) if out.contains(&n) => {
                errors.push(FieldError::new(
                    field,
                    format!("检查人员“{n}”重复 (named twice)"),
                ));
            }
            Ok(n) => out.push(n),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// What each line may say, checked against the rubric's items; texts come back trimmed.
///
/// - a finding names a deduction item and one of its findings, once per sheet, 1–999 times;
/// - a measure names a threshold item, a veto a veto item (with what happened), once per sheet;
/// - an exempted (不适用) item carries nothing else on the same sheet;
/// - sheet numbers are those of the inspectors (1 or 2).
pub fn check_sheets(assessment: &Assessment, sheets: &Sheets) -> Result<Sheets, Vec<FieldError>> {
    let mut c = Checker {
        assessment,
        sheets: u32::try_from(sheets.inspectors.len()).unwrap_or(u32::MAX),
        errors: Vec::new(),
        taken: BTreeSet::new(),
    };
    if sheets.lines() > MAX_LINES {
        c.errors.push(FieldError::new(
            "findings",
            format!("一次测评最多 {MAX_LINES} 行（问题、测量值、否决、不适用合计）(at most {MAX_LINES} lines)"),
        ));
    }
    // Exemptions first, so a finding on an exempted item is reported on the finding.
    let exemptions = c.all("not_applicable", &sheets.exemptions, Checker::exemption);
    let findings = c.all("findings", &sheets.findings, Checker::finding);
    let measures = c.all("measures", &sheets.measures, Checker::measure);
    let vetoes = c.all("vetoes", &sheets.vetoes, Checker::veto);
    if c.errors.is_empty() {
        Ok(Sheets {
            inspectors: sheets.inspectors.clone(),
            findings,
            measures,
            vetoes,
            exemptions,
        })
    } else {
        Err(c.errors)
    }
}

struct Checker<'a> {
    assessment: &'a Assessment,
    sheets: u32,
    errors: Vec<FieldError>,
    /// `(sheet, item, finding)` already written; `finding` is empty for a whole-item line.
    taken: BTreeSet<(u32, String, String)>,
}

type Check<'a, T> = fn(&mut Checker<'a>, &T, &str) -> Option<T>;

impl<'a> Checker<'a> {
    fn all<T>(&mut self, list: &str, lines: &[T], check: Check<'a, T>) -> Vec<T> {
        lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| check(self, line, &format!("{list}[{i}]")))
            .collect()
    }

    fn fail(&mut self, field: String, message: String) {
        self.errors.push(FieldError::new(field, message));
    }

    fn sheet(&mut self, field: &str, sheet: u32) -> bool {
        let ok = sheet >= 1 && sheet <= self.sheets;
        if !ok {
            let n = self.sheets;
            self.fail(
                format!("{field}.sheet"),
                format!("检查表序号须为 1 至 {n}（每位检查人员一张）(sheet 1 to {n})"),
            );
        }
        ok
    }

    /// The item `code`, if the rubric has it with a method `wanted` accepts.
    fn item(
        &mut self,
        field: &str,
        code: &str,
        wanted: &str,
        fits: fn(&Method) -> bool,
    ) -> Option<&'a Item> {
        let Some(item) = items(self.assessment).into_iter().find(|i| i.code == code) else {
            self.fail(
                format!("{field}.item"),
                format!("评分标准中没有检查项“{code}” (no such item in the rubric)"),
            );
            return None;
        };
        if !fits(&item.method) {
            self.fail(
                format!("{field}.item"),
                format!(
                    "检查项 {code}（{}）按“{}”计分，不能记{wanted} (wrong kind of line for this item)",
                    item.title,
                    item.method.kind().label()
                ),
            );
            return None;
        }
        Some(item)
    }

    /// Records the line's place; false (with the error) when the sheet already has it, or the
    /// item is exempted there.
    fn take(&mut self, field: &str, sheet: u32, item: &str, finding: &str) -> bool {
        if self
            .taken
            .contains(&(sheet, item.to_owned(), String::new()))
            && !finding.is_empty()
            || !self
                .taken
                .insert((sheet, item.to_owned(), finding.to_owned()))
        {
            self.fail(
                format!("{field}.item"),
                format!(
                    "第 {sheet} 张检查表已有检查项 {item} 的这一行（或已标为不适用），同一内容只记一行 (line repeated on the sheet)"
                ),
            );
            return false;
        }
        true
    }

    fn text(&mut self, field: String, value: Option<&str>, lines: Lines) -> Option<Option<String>> {
        text::optional(&field, value, MAX_NOTE, lines)
            .map_err(|e| self.errors.push(e))
            .ok()
    }

    fn finding(&mut self, f: &Finding, field: &str) -> Option<Finding> {
        let sheet_ok = self.sheet(field, f.sheet);
        let item = self.item(field, &f.item, "扣分问题", |m| {
            matches!(m, Method::Deduction { .. })
        });
        if let Some(Method::Deduction { findings }) = item.map(|i| &i.method)
            && !findings.iter().any(|k| k.code == f.finding)
        {
            let codes: Vec<String> = findings
                .iter()
                .map(|k| format!("{}（{}）", k.code, k.title))
                .collect();
            self.fail(
                format!("{field}.finding"),
                format!(
                    "检查项 {} 没有问题代码“{}”，可用：{} (unknown finding)",
                    f.item,
                    f.finding,
                    codes.join("、")
                ),
            );
        }
        if f.count == 0 || f.count > MAX_COUNT {
            self.fail(
                format!("{field}.count"),
                format!("次数须为 1 至 {MAX_COUNT} (count 1 to {MAX_COUNT})"),
            );
        }
        let unique: BTreeSet<&String> = f.photos.iter().collect();
        if f.photos.len() > MAX_PHOTOS || unique.len() < f.photos.len() {
            self.fail(
                format!("{field}.photos"),
                format!("每个问题最多 {MAX_PHOTOS} 张照片，且不得重复 (at most {MAX_PHOTOS} distinct photos)"),
            );
        }
        let note = self.text(format!("{field}.note"), f.note.as_deref(), Lines::Multi);
        let location = self.text(
            format!("{field}.location"),
            f.location.as_deref(),
            Lines::Single,
        );
        let placed = sheet_ok && item.is_some() && self.take(field, f.sheet, &f.item, &f.finding);
        Some(Finding {
            note: note?,
            location: location?,
            ..f.clone()
        })
        .filter(|_| placed)
    }

    fn measure(&mut self, m: &Measure, field: &str) -> Option<Measure> {
        let sheet_ok = self.sheet(field, m.sheet);
        let item = self.item(field, &m.item, "测量值", |m| {
            matches!(m, Method::Threshold { .. })
        });
        if let Some(Method::Threshold {
            measure,
            measured_in,
            ..
        }) = item.map(|i| &i.method)
            && let Err(message) =
                crate::domain::rubric::methods::check_measured(measure, m.value, *measured_in)
        {
            // Refused here, at the value, rather than later as a missing measure.
            self.fail(format!("{field}.value"), message);
        }
        let note = self.text(format!("{field}.note"), m.note.as_deref(), Lines::Multi);
        let placed = sheet_ok && item.is_some() && self.take(field, m.sheet, &m.item, "");
        Some(Measure {
            note: note?,
            ..m.clone()
        })
        .filter(|_| placed)
    }

    fn veto(&mut self, v: &Veto, field: &str) -> Option<Veto> {
        let sheet_ok = self.sheet(field, v.sheet);
        let item = self.item(field, &v.item, "否决事项", |m| {
            matches!(m, Method::Veto { .. })
        });
        let note = text::required(&format!("{field}.note"), &v.note, MAX_NOTE, Lines::Multi)
            .map_err(|e| self.errors.push(e))
            .ok();
        let placed = sheet_ok && item.is_some() && self.take(field, v.sheet, &v.item, "");
        Some(Veto {
            note: note?,
            ..v.clone()
        })
        .filter(|_| placed)
    }

    fn exemption(&mut self, x: &Exemption, field: &str) -> Option<Exemption> {
        let sheet_ok = self.sheet(field, x.sheet);
        let item = self.item(field, &x.item, "不适用", |_| true);
        let reason = text::required(
            &format!("{field}.reason"),
            &x.reason,
            MAX_NOTE,
            Lines::Multi,
        )
        .map_err(|e| self.errors.push(e))
        .ok();
        let placed = sheet_ok && item.is_some() && self.take(field, x.sheet, &x.item, "");
        Some(Exemption {
            reason: reason?,
            ..x.clone()
        })
        .filter(|_| placed)
    }
}
