//! The ledger's sheets (companies, projects, handover inspections) and columns: header text (Chinese), the API field each maps to, whether
//! it is required, the choices offered in a dropdown, and an example value. Import, template and
//! annotated copy all read this one table.

use crate::domain::ledger::ManagementType;

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

const fn col(
    key: &'static str,
    header: &'static str,
    required: bool,
    hint: &'static str,
    example: &'static str,
) -> Column {
    Column {
        key,
        header,
        required,
        hint,
        example,
        choices: Choices::None,
    }
}

const fn pick(c: Column, choices: Choices) -> Column {
    Column { choices, ..c }
}

/// Columns of the 物业企业 sheet.
pub const COMPANY_COLUMNS: &[Column] = &[
    col(
        "credit_code",
        "统一社会信用代码",
        true,
        "18 位，末位校验码按 GB 32100-2015 核验",
        "91350100M000100Y43",
    ),
    col(
        "name",
        "企业名称",
        true,
        "营业执照上的全称",
        "濉溪县示例物业服务有限公司",
    ),
    col("contact_person", "联系人", false, "", "张三"),
    col(
        "contact_phone",
        "联系电话",
        false,
        "数字、空格、+、-、括号",
        "0561-6012345",
    ),
    col(
        "qualification",
        "资质等级",
        false,
        "如 一级、二级、无",
        "二级",
    ),
    pick(
        col("has_party_org", "是否建立党组织", true, "是 / 否", "是"),
        Choices::YesNo,
    ),
];

/// Columns of the 物业项目 sheet.
pub const PROJECT_COLUMNS: &[Column] = &[
    col(
        "code",
        "项目编号",
        true,
        "全县唯一，重复导入按编号更新",
        "SX-0001",
    ),
    col("name", "项目名称", true, "小区名称", "翡翠城"),
    col("address", "地址", false, "", "濉溪镇淮海路 1 号"),
    pick(
        col(
            "town",
            "镇（园区）",
            true,
            "须为台账中已有的镇或园区",
            "濉溪镇",
        ),
        Choices::Towns,
    ),
    col(
        "community",
        "社区",
        true,
        "该镇（园区）下的社区，新社区导入时自动建立",
        "南关社区",
    ),
    pick(
        col(
            "management_type",
            "管理类型",
            true,
            "专业化物业服务 / 社区代管 / 单位自管 / 居民自治 / 无物管",
            "专业化物业服务",
        ),
        Choices::ManagementType,
    ),
    col("households", "户数", true, "非负整数", "820"),
    col(
        "floor_area",
        "建筑面积（平方米）",
        true,
        "最多 2 位小数",
        "96500.5",
    ),
    col(
        "fee_standard",
        "收费标准（元/平方米·月）",
        false,
        "最多 4 位小数",
        "1.2",
    ),
    col("staff_count", "从业人员数", false, "非负整数", "15"),
    col(
        "company_credit_code",
        "物业服务企业统一社会信用代码",
        false,
        "专业化物业服务必填；企业须在台账或本文件“物业企业”表中",
        "91350100M000100Y43",
    ),
    col(
        "service_start",
        "服务开始日期",
        false,
        "填写企业时必填，如 2023-01-01",
        "2021-01-01",
    ),
    col(
        "service_end",
        "服务结束日期",
        false,
        "合同仍在履行时留空",
        "",
    ),
    pick(
        col("committee_formed", "是否成立业委会", true, "是 / 否", "是"),
        Choices::YesNo,
    ),
    col(
        "committee_formed_on",
        "业委会成立日期",
        false,
        "成立业委会时必填",
        "2022-06-01",
    ),
    col(
        "committee_members",
        "业委会成员数",
        false,
        "成立业委会时必填",
        "7",
    ),
    col(
        "committee_party_members",
        "业委会党员数",
        false,
        "成立业委会时必填，不超过成员数",
        "4",
    ),
];

/// Columns of the 承接查验 sheet. A project has at most one inspection a day, so project code
/// and date identify a row: re-importing updates it instead of counting it twice.
pub const HANDOVER_COLUMNS: &[Column] = &[
    col(
        "project_code",
        "项目编号",
        true,
        "须为台账或本文件“物业项目”表中的项目",
        "SX-0001",
    ),
    col(
        "inspected_on",
        "查验日期",
        true,
        "不晚于今天；同一项目同一天只登记一次",
        "2023-03-01",
    ),
    col(
        "group_size",
        "查验组人数",
        true,
        "查验组全部成员（含业主代表），1–200",
        "9",
    ),
    col(
        "owner_representatives",
        "业主代表人数",
        true,
        "不超过查验组人数；方案要求不少于查验组人数的 1/3",
        "3",
    ),
    col(
        "note",
        "备注",
        false,
        "最多 500 字",
        "社区牵头，县住建局、镇、业主代表、企业参加",
    ),
];

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
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely() {
        assert_eq!(
            normalise(" 建筑面积(平方米) *"),
            normalise("建筑面积（平方米）")
        );
        assert_eq!(Kind::from_sheet_name(" 物业项目"), Some(Kind::Projects));
        assert_eq!(
            Kind::from_headers(&["项目编号".into()]),
            Some(Kind::Projects)
        );
        let inspections: Vec<String> = HANDOVER_COLUMNS.iter().map(|c| c.header.into()).collect();
        assert_eq!(Kind::from_headers(&inspections), Some(Kind::Handovers));
    }

    #[test]
    fn keys_and_headers_are_unique() {
        for kind in Kind::ALL {
            let cols = kind.columns();
            for (i, a) in cols.iter().enumerate() {
                for b in &cols[i + 1..] {
                    assert_ne!(a.key, b.key);
                    assert_ne!(normalise(a.header), normalise(b.header));
                }
            }
        }
    }
}
