//! Inserts and versioned updates, built from a row's *named* columns.

use super::bind::{Bind, bind_q};
use crate::store::Tx;

/// Largest number of bind parameters put in one statement (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;

/// A column's name with the value to write to it.
pub type Column = (&'static str, Bind);

/// A row type stored in one table.
pub trait TableRow {
    /// The table.
    const TABLE: &'static str;
    /// Every column, as a `SELECT` reads them (rows decode by column name).
    const COLUMNS: &'static [&'static str];
    /// Every column with its value, for inserts; the same names for every row.
    fn values(&self) -> sqlx::Result<Vec<Column>>;
}

/// A row updated under optimistic concurrency: it has `id`, `version` (starting at 1, one more
/// on every update) and `updated_at` columns.
pub trait Versioned: TableRow {
    /// The columns an update writes (besides `updated_at` and `version`), by name.
    const UPDATABLE: &'static [&'static str];
}

/// Inserts rows, as many per statement as the parameter limit allows.
///
/// SQLite gets anonymous `?` placeholders: sqlx maps every named or numbered placeholder
/// (`$N`, `?N`) through `sqlite3_bind_parameter_name`, a linear search, which makes a statement
/// with thousands of them quadratic (measured: 0.5 ms per 18-column row at 1,000 rows per
/// statement). Anonymous ones bind by position in constant time.
pub async fn insert_many<R: TableRow>(tx: &mut Tx, rows: &[R]) -> sqlx::Result<()> {
    let width = R::COLUMNS.len();
    let per_statement = (MAX_PARAMS / width.max(1)).clamp(1, 1000);
    let numbered = tx.backend_name() != "SQLite";
    for chunk in rows.chunks(per_statement) {
        let mut names: Option<Vec<&'static str>> = None;
        let mut binds = Vec::with_capacity(chunk.len() * width);
        for row in chunk {
            let (these, values): (Vec<_>, Vec<_>) = row.values()?.into_iter().unzip();
            match &names {
                None => names = Some(these),
                Some(first) if *first == these => {}
                Some(_) => {
                    return Err(sqlx::Error::Encode(
                        format!("rows of {} name different columns", R::TABLE).into(),
                    ));
                }
            }
            binds.extend(values);
        }
        let Some(names) = names else { continue };
        let sql = insert_sql(R::TABLE, &names, chunk.len(), numbered);
        bind_q(sqlx::query(sqlx::AssertSqlSafe(sql)), &binds)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `INSERT INTO table (names) VALUES (…), …` for `rows` rows: `$n` placeholders when
/// `numbered` (PostgreSQL), anonymous `?` otherwise (see [`insert_many`]).
pub(super) fn insert_sql(table: &str, names: &[&str], rows: usize, numbered: bool) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
    let mut n = 0;
    for i in 0..rows {
        sql.push_str(if i == 0 { "(" } else { ", (" });
        for c in 0..names.len() {
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
    sql
}

/// Inserts one row.
pub async fn insert<R: TableRow>(tx: &mut Tx, row: &R) -> sqlx::Result<()> {
    insert_many(tx, std::slice::from_ref(row)).await
}

/// Writes the row's [`Versioned::UPDATABLE`] columns and `updated_at` if its stored version is
/// still `expected`, and bumps the version. False when nothing matched (gone, or changed by
/// someone else meanwhile).
pub async fn update_if_version<R: Versioned>(
    tx: &mut Tx,
    row: &R,
    expected: i64,
) -> sqlx::Result<bool> {
    update_columns_if_version(tx, row, expected, R::UPDATABLE).await
}

/// [`update_if_version`] writing only `columns` (by name) and `updated_at`, for a table with
/// more than one kind of update.
pub async fn update_columns_if_version<R: Versioned>(
    tx: &mut Tx,
    row: &R,
    expected: i64,
    columns: &[&str],
) -> sqlx::Result<bool> {
    let mut values = row.values()?;
    let mut take = |name: &str| {
        values
            .iter()
            .position(|(n, _)| *n == name)
            .map(|i| values.swap_remove(i).1)
            .ok_or_else(|| sqlx::Error::ColumnNotFound(format!("{}.{name}", R::TABLE)))
    };
    let mut sets = Vec::with_capacity(columns.len() + 2);
    let mut binds = Vec::with_capacity(columns.len() + 3);
    for name in columns.iter().copied().chain(["updated_at"]) {
        binds.push(take(name)?);
        sets.push(format!("{name} = ${}", binds.len()));
    }
    sets.push("version = version + 1".into());
    binds.push(take("id")?);
    binds.push(expected.into());
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ${} AND version = ${}",
        R::TABLE,
        sets.join(", "),
        binds.len() - 1,
        binds.len()
    );
    let done = bind_q(sqlx::query(sqlx::AssertSqlSafe(sql)), &binds)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
