//! A small county: 濉溪县 with 濉溪镇 (town: 南关社区, 东关社区) and 濉溪经济开发区 (park: 开发区社区),
//! their units, a county department, two companies; plus workbook builders.

use kaoping::domain::ledger::credit_code::check_char;
use kaoping::sheet::columns::{COMPANY_COLUMNS, PROJECT_COLUMNS};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// A valid credit code numbered `n`.
pub fn code(n: u32) -> String {
    let first = format!("91340621{n:09}");
    format!("{first}{}", check_char(&first).unwrap())
}

/// Ids of the seeded ledger.
pub struct Ledger {
    pub county: String,
    pub town: String,
    pub park: String,
    pub nanguan: String,
    pub dongguan: String,
    pub park_community: String,
    pub unit_town: String,
    pub unit_park: String,
    pub unit_dept: String,
    pub company_a: String,
    pub company_b: String,
}

async fn region(app: &TestApp, name: &str, level: &str, parent: Option<&str>) -> String {
    let v = app
        .admin_post(
            "/api/v1/regions",
            json!({"name": name, "level": level, "parent_id": parent}),
        )
        .await;
    v["id"].as_str().unwrap().to_owned()
}

async fn unit(app: &TestApp, name: &str, unit_type: &str, region: Option<&str>) -> String {
    let v = app
        .admin_post(
            "/api/v1/units",
            json!({"name": name, "unit_type": unit_type, "region_id": region}),
        )
        .await;
    v["id"].as_str().unwrap().to_owned()
}

/// Company JSON.
pub fn company_json(n: u32, name: &str, party: bool) -> Value {
    json!({"credit_code": code(n), "name": name, "contact_person": "张三", "contact_phone": "0561-6012345", "qualification": "二级", "has_party_org": party})
}

/// Seeds the small county over the API.
pub async fn seed(app: &TestApp) -> Ledger {
    let county = region(app, "濉溪县", "county", None).await;
    let town = region(app, "濉溪镇", "town", Some(&county)).await;
    let park = region(app, "濉溪经济开发区", "园区", Some(&county)).await;
    let nanguan = region(app, "南关社区", "community", Some(&town)).await;
    let dongguan = region(app, "东关社区", "community", Some(&town)).await;
    let park_community = region(app, "开发区社区", "社区", Some(&park)).await;
    let unit_town = unit(app, "濉溪镇人民政府", "town", Some(&town)).await;
    let unit_park = unit(app, "濉溪经济开发区管委会", "park", Some(&park)).await;
    let unit_dept = unit(app, "县住建局", "department", None).await;
    let a = app
        .admin_post("/api/v1/companies", company_json(1, "甲物业", true))
        .await;
    let b = app
        .admin_post("/api/v1/companies", company_json(2, "乙物业", false))
        .await;
    Ledger {
        county,
        town,
        park,
        nanguan,
        dongguan,
        park_community,
        unit_town,
        unit_park,
        unit_dept,
        company_a: a["id"].as_str().unwrap().into(),
        company_b: b["id"].as_str().unwrap().into(),
    }
}

/// Project JSON in `community` with a committee of `members`/`party` formed on `formed_on`.
pub fn project_json(code: &str, community: &str, committee: Option<(&str, i64, i64)>) -> Value {
    let mut v = json!({
        "code": code, "name": format!("小区{code}"), "address": "淮海路 1 号", "community_id": community,
        "management_type": "专业化物业服务", "households": 100, "floor_area": "10000.5", "fee_standard": "1.2",
        "staff_count": 5, "committee_formed": committee.is_some(),
    });
    if let Some((on, m, p)) = committee {
        v["committee_formed_on"] = json!(on);
        v["committee_members"] = json!(m);
        v["committee_party_members"] = json!(p);
    }
    v
}

/// Creates a project and returns its id.
pub async fn project(
    app: &TestApp,
    code: &str,
    community: &str,
    committee: Option<(&str, i64, i64)>,
) -> String {
    let v = app
        .admin_post("/api/v1/projects", project_json(code, community, committee))
        .await;
    v["id"].as_str().unwrap().to_owned()
}

/// Adds a service period and returns its id.
pub async fn serve(
    app: &TestApp,
    project: &str,
    company: &str,
    start: &str,
    end: Option<&str>,
) -> String {
    let v = app
        .admin_post(
            &format!("/api/v1/projects/{project}/services"),
            json!({"company_id": company, "start_date": start, "end_date": end}),
        )
        .await;
    v["id"].as_str().unwrap().to_owned()
}

/// A company row in column order.
pub fn company_row(n: u32, name: &str, party: &str) -> Vec<String> {
    [code(n).as_str(), name, "李四", "13800000000", "一级", party]
        .map(String::from)
        .to_vec()
}

/// A project row in column order: professional, served by company `company` since 2021-01-01,
/// committee formed with 7 members of whom 4 are Party members.
pub fn project_row(code_: &str, town: &str, community: &str, company: u32) -> Vec<String> {
    [
        code_,
        &format!("小区{code_}"),
        "淮海路",
        town,
        community,
        "专业化物业服务",
        "820",
        "96500.5",
        "1.2",
        "15",
        &code(company),
        "2021-01-01",
        "",
        "是",
        "2022-06-01",
        "7",
        "4",
    ]
    .map(String::from)
    .to_vec()
}

/// A workbook with a 物业企业 and a 物业项目 sheet; numeric-looking cells are written as numbers.
pub fn workbook(companies: &[Vec<String>], projects: &[Vec<String>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, headers, rows) in [
        ("物业企业", COMPANY_COLUMNS, companies),
        ("物业项目", PROJECT_COLUMNS, projects),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, col) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, col.header).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let numeric = matches!(
                    headers[c].key,
                    "households"
                        | "floor_area"
                        | "staff_count"
                        | "committee_members"
                        | "committee_party_members"
                );
                match cell.parse::<f64>() {
                    Ok(n) if numeric => ws.write_number(r as u32 + 1, c as u16, n).unwrap(),
                    _ => ws.write_string(r as u32 + 1, c as u16, cell).unwrap(),
                };
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The projects sheet as CSV text (header plus rows).
pub fn project_csv(rows: &[Vec<String>]) -> String {
    let mut out = PROJECT_COLUMNS
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

/// Creates a token bound as `role` and returns the secret.
pub async fn token(app: &TestApp, role: &str, binding: Value) -> String {
    let mut body = json!({"name": role, "role": role});
    body.as_object_mut()
        .unwrap()
        .extend(binding.as_object().unwrap().clone());
    app.create_token(body).await.1
}

/// The audit head's sequence number.
pub async fn audit_seq(app: &TestApp) -> i64 {
    let (seq,): (i64,) = sqlx::query_as("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    seq
}

/// The audit actions recorded about `id`, in order.
pub async fn audit_actions(app: &TestApp, id: &str) -> Vec<String> {
    sqlx::query_as::<_, (String,)>(
        "SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(a,)| a)
    .collect()
}

/// Rows in `table`.
pub async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}
