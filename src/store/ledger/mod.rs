//! Queries on the ledger tables. Rows are plain text/integers as stored; the service turns them
//! into domain types. Shared here: typed bind values, a small `WHERE` builder for list filters,
//! and chunked multi-row inserts for imports.

pub mod companies;
pub mod handover;
pub mod projects;
pub mod regions;
pub mod services;
pub mod units;

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, AnyPool};

use super::Tx;

/// Largest number of bind parameters put in one statement (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;

/// A value to bind, so statements can be built at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<String> for Bind {
    fn from(v: String) -> Self {
        Bind::Text(Some(v))
    }
}
impl From<&str> for Bind {
    fn from(v: &str) -> Self {
        Bind::Text(Some(v.to_owned()))
    }
}
impl From<Option<String>> for Bind {
    fn from(v: Option<String>) -> Self {
        Bind::Text(v)
    }
}
impl From<i64> for Bind {
    fn from(v: i64) -> Self {
        Bind::Int(Some(v))
    }
}
impl From<Option<i64>> for Bind {
    fn from(v: Option<i64>) -> Self {
        Bind::Int(v)
    }
}

fn bind_q<'q>(mut q: Query<'q, Any, AnyArguments>, binds: &[Bind]) -> Query<'q, Any, AnyArguments> {
    for b in binds {
        q = match b {
            Bind::Text(v) => q.bind(v.clone()),
            Bind::Int(v) => q.bind(*v),
        };
    }
    q
}

fn bind_qa<'q, O>(
    mut q: QueryAs<'q, Any, O, AnyArguments>,
    binds: &[Bind],
) -> QueryAs<'q, Any, O, AnyArguments> {
    for b in binds {
        q = match b {
            Bind::Text(v) => q.bind(v.clone()),
            Bind::Int(v) => q.bind(*v),
        };
    }
    q
}

/// A row type stored in one table, with its columns in bind order.
pub trait TableRow {
    /// The table.
    const TABLE: &'static str;
    /// Every column, `id` first and `version`, `created_at`, `updated_at` last.
    const COLUMNS: &'static [&'static str];
    /// The values of [`TableRow::COLUMNS`], in order.
    fn binds(&self) -> Vec<Bind>;
}

/// Inserts rows, as many per statement as the parameter limit allows.
///
/// SQLite gets anonymous `?` placeholders: sqlx maps every named or numbered placeholder
/// (`$N`, `?N`) through `sqlite3_bind_parameter_name`, a linear search, which makes a statement
/// with thousands of them quadratic (measured: 0.5 ms per 18-column row at 1,000 rows per
/// statement). Anonymous ones bind by position in constant time.
pub async fn insert_many<R: TableRow>(tx: &mut Tx, rows: &[R]) -> sqlx::Result<()> {
    let width = R::COLUMNS.len();
    let per_statement = (MAX_PARAMS / width).clamp(1, 1000);
    let numbered = tx.backend_name() != "SQLite";
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            R::TABLE,
            R::COLUMNS.join(", ")
        );
        let mut n = 0;
        for i in 0..chunk.len() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for c in 0..width {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                if numbered {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                } else {
                    sql.push('?');
                }
            }
            sql.push(')');
        }
        let binds: Vec<Bind> = chunk.iter().flat_map(TableRow::binds).collect();
        bind_q(sqlx::query(sqlx::AssertSqlSafe(sql)), &binds)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts one row.
pub async fn insert<R: TableRow>(tx: &mut Tx, row: &R) -> sqlx::Result<()> {
    insert_many(tx, std::slice::from_ref(row)).await
}

/// Overwrites a row's content if its version is still `expected_version`, bumping the version.
/// Returns false when nothing matched (gone, or changed by someone else meanwhile).
pub async fn update_if_version<R: TableRow>(
    tx: &mut Tx,
    row: &R,
    expected_version: i64,
) -> sqlx::Result<bool> {
    let cols = R::COLUMNS;
    let content = &cols[1..cols.len() - 3]; // not id, version, created_at, updated_at
    let mut sets: Vec<String> = content
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let n = content.len();
    sets.push(format!("updated_at = ${}", n + 1));
    sets.push("version = version + 1".into());
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ${} AND version = ${}",
        R::TABLE,
        sets.join(", "),
        n + 2,
        n + 3
    );
    let all = row.binds();
    let mut binds: Vec<Bind> = all[1..=n].to_vec();
    binds.push(all[all.len() - 1].clone());
    binds.push(all[0].clone());
    binds.push(Bind::Int(Some(expected_version)));
    let done = bind_q(sqlx::query(sqlx::AssertSqlSafe(sql)), &binds)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A list filter being built: `WHERE` clauses with `$n` placeholders and their values.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds a clause in which `?` stands for the next placeholder(s), with their values.
    pub fn push(&mut self, clause: &str, values: Vec<Bind>) -> &mut Self {
        let mut out = String::new();
        let mut next = self.binds.len();
        for part in clause.split('?').enumerate() {
            if part.0 > 0 {
                next += 1;
                out.push_str(&format!("${next}"));
            }
            out.push_str(part.1);
        }
        self.clauses.push(out);
        self.binds.extend(values);
        self
    }

    /// Adds `column = value` when `value` is given.
    pub fn eq(&mut self, column: &str, value: Option<Bind>) -> &mut Self {
        if let Some(v) = value {
            self.push(&format!("{column} = ?"), vec![v]);
        }
        self
    }

    /// The `WHERE …` text (empty when there is no clause).
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The next placeholder number.
    pub fn next_param(&self) -> usize {
        self.binds.len() + 1
    }
}

/// One page of a list, with the total before paging.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// Runs `SELECT {columns} FROM {from}{filter} ORDER BY {order} LIMIT/OFFSET` and its count.
pub async fn page<T>(
    pool: &AnyPool,
    columns: &str,
    from: &str,
    filter: &Filter,
    order: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let count_sql = format!("SELECT COUNT(*) FROM {from}{}", filter.sql());
    let (total,): (i64,) = bind_qa(
        sqlx::query_as(sqlx::AssertSqlSafe(count_sql)),
        &filter.binds,
    )
    .fetch_one(pool)
    .await?;
    let n = filter.next_param();
    let sql = format!(
        "SELECT {columns} FROM {from}{} ORDER BY {order} LIMIT ${n} OFFSET ${}",
        filter.sql(),
        n + 1
    );
    let mut binds = filter.binds.clone();
    binds.push(Bind::Int(Some(limit)));
    binds.push(Bind::Int(Some(offset)));
    let items = bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds)
        .fetch_all(pool)
        .await?;
    Ok(Page { items, total })
}

/// Runs a built `SELECT` with binds and returns every row.
pub async fn fetch_all<T>(pool: &AnyPool, sql: String, binds: &[Bind]) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_all(pool)
        .await
}

/// Runs a built `SELECT` with binds in a transaction and returns every row.
pub async fn fetch_all_tx<T>(tx: &mut Tx, sql: String, binds: &[Bind]) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_all(&mut **tx)
        .await
}

/// The `SELECT` column list of a row type.
pub fn columns<R: TableRow>(alias: &str) -> String {
    R::COLUMNS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
