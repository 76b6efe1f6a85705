//! The store's edge against a real database (a temporary SQLite file, or PostgreSQL with
//! `KAOPING_TEST_DATABASE_URL`): stored values that do not decode, and versioned updates built
//! from named columns.

#![allow(clippy::unwrap_used)]

use super::ledger::{companies, regions, units};
use super::sql::update_columns_if_version;
use super::{Db, update_if_version};
use crate::domain::ledger::UnitType;

/// A fresh database: a new one on the PostgreSQL server `KAOPING_TEST_DATABASE_URL` names
/// (its admin URL), else a SQLite file in `dir`.
async fn db(dir: &tempfile::TempDir) -> Db {
    let url = match std::env::var("KAOPING_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let admin_db = Db::connect(&admin).await.unwrap();
            let name = format!("kaoping_store_{}", uuid::Uuid::now_v7().simple());
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin_db.pool)
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/store.db", dir.path().display()),
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    db
}

#[tokio::test]
async fn a_stored_value_that_does_not_decode_names_its_table_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(&dir).await;
    sqlx::query(
        "INSERT INTO regions (id, name, level, parent_id, version, created_at, updated_at)
         VALUES ('r1', '某地', 'planet', NULL, 1, 't', 't')",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO companies (id, credit_code, name, has_party_org, version, created_at, updated_at)
         VALUES ('c1', 'X', '某公司', 2, 1, 't', 't')",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let region = regions::find_tx(&mut tx, "r1")
        .await
        .unwrap_err()
        .to_string();
    assert!(region.contains("regions.level"), "{region}");
    assert!(region.contains("\"planet\""), "{region}");
    let company = companies::find_tx(&mut tx, "c1")
        .await
        .unwrap_err()
        .to_string();
    assert!(company.contains("companies.has_party_org"), "{company}");
}

fn department(name: &str) -> units::UnitRow {
    units::UnitRow {
        id: "u1".into(),
        name: name.into(),
        unit_type: UnitType::Department,
        region_id: None,
        version: 1,
        created_at: "t0".into(),
        updated_at: "t0".into(),
    }
}

#[tokio::test]
async fn a_versioned_update_writes_its_named_columns_once_per_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(&dir).await;
    let mut tx = db.begin().await.unwrap();
    super::insert(&mut tx, &department("县住建局"))
        .await
        .unwrap();
    let renamed = units::UnitRow {
        updated_at: "t1".into(),
        ..department("县城管局")
    };
    assert!(update_if_version(&mut tx, &renamed, 1).await.unwrap());
    // The same expected version again is stale: nothing is written.
    assert!(
        !update_if_version(&mut tx, &department("别名"), 1)
            .await
            .unwrap()
    );
    let stored = units::find_tx(&mut tx, "u1").await.unwrap().unwrap();
    assert_eq!(
        (
            stored.name.as_str(),
            stored.version,
            stored.updated_at.as_str()
        ),
        ("县城管局", 2, "t1")
    );
    // Only the columns named are written.
    let named_only = units::UnitRow {
        name: "不写".into(),
        unit_type: UnitType::Town,
        ..stored.clone()
    };
    assert!(
        update_columns_if_version(&mut tx, &named_only, 2, &["unit_type"])
            .await
            .unwrap()
    );
    let stored = units::find_tx(&mut tx, "u1").await.unwrap().unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.unit_type, stored.version),
        ("县城管局", UnitType::Town, 3)
    );
    let unknown = update_columns_if_version(&mut tx, &stored, 3, &["nmae"]).await;
    assert!(
        matches!(&unknown, Err(sqlx::Error::ColumnNotFound(c)) if c == "units.nmae"),
        "{unknown:?}"
    );
}

/// Audit entries record ledger rows as stored: 0/1 flags, codes, ISO dates.
#[test]
fn ledger_rows_serialise_in_their_stored_shape() {
    use jiff::civil::Date;

    use super::ledger::{handover, service_periods};

    let company = companies::CompanyRow {
        id: "c".into(),
        credit_code: "X".into(),
        name: "公司".into(),
        contact_person: None,
        contact_phone: None,
        qualification: None,
        has_party_org: true,
        version: 1,
        created_at: "t".into(),
        updated_at: "t".into(),
    };
    let json = serde_json::to_value(&company).unwrap();
    assert_eq!(json["has_party_org"], 1);
    let period = service_periods::ServicePeriodRow {
        id: "s".into(),
        project_id: "p".into(),
        company_id: "c".into(),
        start_date: Date::constant(2021, 1, 1),
        end_date: None,
        version: 1,
        created_at: "t".into(),
        updated_at: "t".into(),
    };
    let json = serde_json::to_value(&period).unwrap();
    assert_eq!(
        (json["start_date"].as_str(), json["end_date"].is_null()),
        (Some("2021-01-01"), true)
    );
    let inspection = handover::HandoverRow {
        id: "h".into(),
        project_id: "p".into(),
        inspected_on: Date::constant(2024, 3, 9),
        group_size: 6,
        owner_representatives: 2,
        note: None,
        version: 1,
        created_at: "t".into(),
        updated_at: "t".into(),
    };
    assert_eq!(
        serde_json::to_value(&inspection).unwrap()["inspected_on"],
        "2024-03-09"
    );
    assert_eq!(
        serde_json::to_value(department("局")).unwrap()["unit_type"],
        "department"
    );
}
