//! Rows grouped into visits: every line of one project on one day makes one evaluation's
//! sheets. Each line remembers its row, so an error the domain checks name by request field
//! (`findings[2].count`, `inspectors[1]`, `sheets[0].items.6.2`) lands on the row and column
//! it came from.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::rows::{Entry, Line};
use crate::domain::FieldError;
use crate::domain::credit::evaluation::Sheets;
use crate::sheet::evaluation::{
    COUNT, FINDING, INSPECTORS, ITEM, LOCATION, NOTE, PROJECT, SHEET, VALUE, VISIT_ON,
};
use crate::sheet::paper::PaperSheet;
use crate::sheet::{CellProblem, RawRow};

/// One project's visit on one day, as the file gives it.
#[derive(Debug, Clone)]
pub struct Visit {
    pub project_id: String,
    pub day: Date,
    pub sheets: Sheets,
    /// The table rows of the visit, in file order (the first is where visit-wide problems go).
    pub rows: Vec<usize>,
    /// The row of each line, by list (`findings`, `measures`, `vetoes`, `not_applicable`).
    origin: BTreeMap<&'static str, Vec<usize>>,
}

/// The lines grouped by (project, day), in the order visits first appear in the file; the
/// inspectors of each visit gathered from its rows (a problem when two rows disagree).
pub fn group(sheet: &PaperSheet, lines: Vec<Line>) -> (Vec<Visit>, Vec<CellProblem>) {
    let mut visits: Vec<Visit> = Vec::new();
    let mut names: Vec<BTreeMap<u32, (String, usize)>> = Vec::new();
    let mut problems = Vec::new();
    let mut index: HashMap<(String, Date), usize> = HashMap::new();
    for line in lines {
        let key = (line.project_id.clone(), line.day);
        let i = *index.entry(key).or_insert_with(|| {
            visits.push(Visit::new(&line));
            names.push(BTreeMap::new());
            visits.len() - 1
        });
        let row = &sheet.table.rows[line.at];
        if let Err(e) = inspectors(&mut names[i], &line, sheet) {
            problems.push(sheet.problem(row, INSPECTORS, e));
        }
        visits[i].add(line);
    }
    for (visit, names) in visits.iter_mut().zip(names) {
        if !names
            .keys()
            .copied()
            .eq(1..=u32::try_from(names.len()).unwrap_or(0))
        {
            let message = "检查人员须按检查表序号从 1 起依次填写 (a sheet number has no inspector)";
            problems.push(visit.on_first(sheet, INSPECTORS, message.into()));
        }
        visit.sheets.inspectors = names.into_values().map(|(n, _)| n).collect();
    }
    (visits, problems)
}

/// Records the names `line` gives: all of them in sheet order, or the one of its own sheet.
fn inspectors(
    names: &mut BTreeMap<u32, (String, usize)>,
    line: &Line,
    sheet: &PaperSheet,
) -> Result<(), String> {
    let given: Vec<(u32, &String)> = match line.inspectors.as_slice() {
        [one] => vec![(line.sheet, one)],
        all => (1..).zip(all).collect(),
    };
    for (n, name) in given {
        match names.get(&n) {
            Some((earlier, at)) if earlier != name => {
                let first = sheet.table.rows[*at].number;
                return Err(format!(
                    "检查表 {n} 的检查人员与第 {first} 行（“{earlier}”）不一致 (inspectors disagree)"
                ));
            }
            Some(_) => {}
            None => {
                names.insert(n, (name.clone(), line.at));
            }
        }
    }
    Ok(())
}

impl Visit {
    fn new(line: &Line) -> Self {
        Self {
            project_id: line.project_id.clone(),
            day: line.day,
            sheets: Sheets::default(),
            rows: Vec::new(),
            origin: BTreeMap::new(),
        }
    }

    fn add(&mut self, line: Line) {
        self.rows.push(line.at);
        let s = &mut self.sheets;
        let list = match line.entry {
            Entry::Finding(f) => {
                s.findings.push(f);
                "findings"
            }
            Entry::Measure(m) => {
                s.measures.push(m);
                "measures"
            }
            Entry::Veto(v) => {
                s.vetoes.push(v);
                "vetoes"
            }
            Entry::Exemption(e) => {
                s.exemptions.push(e);
                "not_applicable"
            }
        };
        self.origin.entry(list).or_default().push(line.at);
    }

    /// `e` (named by request field) as a problem on the row and column it came from.
    pub fn problem(&self, sheet: &PaperSheet, e: &FieldError) -> CellProblem {
        let (at, key, prefix) = self.place(&e.field);
        let row: &RawRow = &sheet.table.rows[at];
        sheet.problem(row, key, format!("{prefix}{}", e.message))
    }

    /// Problem `message` on the visit's first row, in column `key`.
    pub fn on_first(&self, sheet: &PaperSheet, key: &str, message: String) -> CellProblem {
        sheet.problem(&sheet.table.rows[self.rows[0]], key, message)
    }

    /// Row index, column key and message prefix of request field `field`.
    fn place(&self, field: &str) -> (usize, &'static str, String) {
        let first = self.rows[0];
        if let Some(rest) = field.strip_prefix("sheets[") {
            // A sheet lacks an input its rubric needs: `sheets[0].items.6.2`.
            let n: u32 = rest
                .split(']')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            return (first, ITEM, format!("检查表 {}：", n + 1));
        }
        if field.starts_with("inspectors") {
            return (first, INSPECTORS, String::new());
        }
        let (list, rest) = field.split_once('[').unwrap_or((field, ""));
        let index: Option<usize> = rest.split(']').next().and_then(|i| i.parse().ok());
        let at = index
            .and_then(|i| self.origin.get(list).and_then(|rows| rows.get(i)))
            .copied()
            .unwrap_or(first);
        (
            at,
            column(rest.rsplit('.').next().unwrap_or("")),
            String::new(),
        )
    }
}

/// The column of a line's field.
fn column(field: &str) -> &'static str {
    match field {
        "finding" => FINDING,
        "count" => COUNT,
        "value" => VALUE,
        "note" | "reason" => NOTE,
        "location" => LOCATION,
        "sheet" => SHEET,
        "visit_on" => VISIT_ON,
        "project_id" => PROJECT,
        _ => ITEM,
    }
}
