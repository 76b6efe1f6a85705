//! The ledger's sheets (companies, projects, handover inspections) and columns: header text (Chinese), the API field each maps to, whether
//! it is required, the choices offered in a dropdown, and an example value. Import, template and
//! annotated copy all read this one table.
//! The three tables themselves are in `sheets`.

mod sheets;

use crate::domain::ledger::ManagementType;

pub use sheets::{COMPANY_COLUMNS, HANDOVER_COLUMNS, PROJECT_COLUMNS};

/// Which sheet: companies, projects or handover inspections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// 物业企业.
    Companies,
    /// 物业项目.
    Projects,
    /// 承接查验.
    Handovers,
}

/// One column of a ledger sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The API field name the column fills (also used in field errors).
    pub key: &'static str,
    /// The header text.
    pub header: &'static str,
    /// Whether the column must be present in an uploaded sheet.
    pub required: bool,
    /// What to write, shown as a note on the header in the template.
    pub hint: &'static str,
    /// An example value.
    pub example: &'static str,
    /// Dropdown choices.
    pub choices: Choices,
}

/// The dropdown of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// Free text.
    None,
    /// 是 / 否.
    YesNo,
    /// The management types.
    ManagementType,
    /// The towns and parks in the ledger (filled in when the template is built).
    Towns,
}

impl Choices {
    /// The fixed choices (towns come from the database).
    pub fn fixed(self) -> Vec<&'static str> {
        match self {
            Choices::None | Choices::Towns => vec![],
            Choices::YesNo => vec!["是", "否"],
            Choices::ManagementType => ManagementType::labels(),
        }
    }
}

impl Kind {
    /// Every kind, in template order.
    pub const ALL: [Kind; 3] = [Kind::Companies, Kind::Projects, Kind::Handovers];

    /// The worksheet name.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Kind::Companies => "物业企业",
            Kind::Projects => "物业项目",
            Kind::Handovers => "承接查验",
        }
    }

    /// The columns.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Companies => COMPANY_COLUMNS,
            Kind::Projects => PROJECT_COLUMNS,
            Kind::Handovers => HANDOVER_COLUMNS,
        }
    }

    /// The kind whose sheet is named `name` (after normalising blanks).
    pub fn from_sheet_name(name: &str) -> Option<Kind> {
        let n = normalise(name);
        Kind::ALL
            .into_iter()
            .find(|k| normalise(k.sheet_name()) == n)
    }

    /// The kind a CSV file holds, judged from its headers.
    pub fn from_headers(headers: &[String]) -> Option<Kind> {
        let has = |h: &str| headers.iter().any(|x| normalise(x) == normalise(h));
        // An inspection sheet names its project by 项目编号 too: look for its own column first.
        if has("查验日期") && has("业主代表人数") {
            Some(Kind::Handovers)
        } else if has("项目编号") {
            Some(Kind::Projects)
        } else if has("统一社会信用代码") && has("企业名称") {
            Some(Kind::Companies)
        } else {
            None
        }
    }
}

/// Normalises header text for matching: no blanks, no `*` marks, ASCII parentheses.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '㎡' => 'm',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
