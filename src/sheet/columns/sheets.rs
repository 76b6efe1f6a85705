//! The column tables of the three ledger sheets, in template order.

use super::{Choices, Column};

/// A free-text column.
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

/// The same column with a dropdown.
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
