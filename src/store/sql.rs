//! Statements built at run time, in one place for every table: typed bind values, inserts and
//! versioned updates from a row's *named* columns (a column is always written by its name, never
//! by its position in a list), the `WHERE` builder behind list queries, and paging.

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, AnyPool, FromRow};

use super::Tx;

/// Largest number of bind parameters put in one statement (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;

/// A value to bind, so statements can be built at run time. Typed values become their stored
/// form here: decimals and dates as text, booleans as 0/1.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    /// A text column.
    Text(Option<String>),
    /// An integer column.
    Int(Option<i64>),
}

impl Bind {
    /// The JSON text of `value`, for a `…_json` column.
    pub fn json<T: serde::Serialize>(value: &T) -> sqlx::Result<Self> {
        json_text(value).map(|s| Bind::Text(Some(s)))
    }
}

/// The JSON text of `value`, as a `…_json` column stores it (an encoding error names the
/// value's type).
pub(super) fn json_text<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value)
        .map_err(|e| sqlx::Error::Encode(format!("{}: {e}", std::any::type_name::<T>()).into()))
}

macro_rules! bind_from {
    ($($t:ty => $variant:ident($conv:expr)),+ $(,)?) => {$(
        impl From<$t> for Bind {
            fn from(v: $t) -> Self {
                Bind::$variant(Some($conv(v)))
            }
        }
        impl From<Option<$t>> for Bind {
            fn from(v: Option<$t>) -> Self {
                Bind::$variant(v.map($conv))
            }
        }
    )+};
}

bind_from!(
    String => Text(|v| v),
    &str => Text(str::to_owned),
    &String => Text(String::clone),
    i64 => Int(|v| v),
    bool => Int(i64::from),
    Decimal => Text(|v: Decimal| v.to_string()),
    Date => Text(|v: Date| v.to_string()),
);

impl From<u32> for Bind {
    fn from(v: u32) -> Self {
        Bind::Int(Some(i64::from(v)))
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

fn insert_sql(table: &str, names: &[&str], rows: usize, numbered: bool) -> String {
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

/// A list filter being built: `WHERE` clauses with `$n` placeholders and their values.
#[derive(Debug, Default, Clone)]
pub(super) struct Filter {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds a clause in which `?` stands for the next placeholder(s), with their values.
    pub(super) fn push(&mut self, clause: &str, values: Vec<Bind>) -> &mut Self {
        let mut out = String::new();
        let mut next = self.binds.len();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                next += 1;
                out.push_str(&format!("${next}"));
            }
            out.push_str(part);
        }
        self.clauses.push(out);
        self.binds.extend(values);
        self
    }

    /// Adds `column = value` when `value` is given.
    pub(super) fn eq(&mut self, column: &str, value: Option<impl Into<Bind>>) -> &mut Self {
        if let Some(v) = value {
            self.push(&format!("{column} = ?"), vec![v.into()]);
        }
        self
    }

    /// Adds `column IN (values)` when `values` is not empty.
    pub(super) fn any_of(&mut self, column: &str, values: Vec<Bind>) -> &mut Self {
        if !values.is_empty() {
            let marks = vec!["?"; values.len()].join(", ");
            self.push(&format!("{column} IN ({marks})"), values);
        }
        self
    }

    /// Adds a clause no row matches.
    pub(super) fn none(&mut self) -> &mut Self {
        self.push("1 = 0", vec![])
    }

    /// The `WHERE …` text (empty when there is no clause).
    pub(super) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The values of the placeholders, in order.
    pub(super) fn binds(&self) -> &[Bind] {
        &self.binds
    }

    /// The next placeholder number.
    pub(super) fn next_param(&self) -> usize {
        self.binds.len() + 1
    }
}

/// One page of a list, with the total before paging.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows matching the filter, all pages.
    pub total: i64,
}

impl<T> Page<T> {
    /// The same page with every item converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
        }
    }
}

/// Where rows are read from, and in which order, for [`page`].
pub(super) struct Listing<'a> {
    /// The `SELECT` list.
    pub columns: &'a str,
    /// The `FROM` clause (a table with its alias).
    pub from: &'a str,
    /// The `ORDER BY` list.
    pub order: &'a str,
}

/// Runs `SELECT … FROM … WHERE … ORDER BY … LIMIT/OFFSET` and its count.
pub(super) async fn page<T>(
    pool: &AnyPool,
    listing: &Listing<'_>,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Page<T>>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    let count_sql = format!("SELECT COUNT(*) FROM {}{}", listing.from, filter.sql());
    let (total,): (i64,) = bind_qa(
        sqlx::query_as(sqlx::AssertSqlSafe(count_sql)),
        filter.binds(),
    )
    .fetch_one(pool)
    .await?;
    let n = filter.next_param();
    let sql = format!(
        "SELECT {} FROM {}{} ORDER BY {} LIMIT ${n} OFFSET ${}",
        listing.columns,
        listing.from,
        filter.sql(),
        listing.order,
        n + 1
    );
    let mut binds = filter.binds().to_vec();
    binds.push(limit.into());
    binds.push(offset.into());
    let items = bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds)
        .fetch_all(pool)
        .await?;
    Ok(Page { items, total })
}

/// Runs a built `SELECT` with binds and returns every row.
pub(super) async fn fetch_all<T>(
    pool: &AnyPool,
    sql: String,
    binds: &[Bind],
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_all(pool)
        .await
}

/// Runs a built `SELECT` with binds in a transaction and returns every row.
pub(super) async fn fetch_all_tx<T>(
    tx: &mut Tx,
    sql: String,
    binds: &[Bind],
) -> sqlx::Result<Vec<T>>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    bind_qa(sqlx::query_as(sqlx::AssertSqlSafe(sql)), binds)
        .fetch_all(&mut **tx)
        .await
}

/// A `LIKE` pattern matching `text` anywhere, with `\`, `%` and `_` escaped by `\` (use with
/// `ESCAPE '\'`), so a search for `SX_001` finds exactly that and a lone `\` is not an error.
pub(super) fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The `SELECT` list of a row type, each column prefixed with `alias`.
pub(super) fn columns<R: TableRow>(alias: &str) -> String {
    R::COLUMNS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_numbers_placeholders_in_order() {
        let mut f = Filter::default();
        f.eq("p.town_id", Some("t"))
            .eq("p.x", None::<i64>)
            .any_of("p.management_type", vec!["a".into(), "b".into()])
            .push(
                "(p.code LIKE ? OR p.name LIKE ?)",
                vec!["%".into(), "%".into()],
            );
        assert_eq!(
            f.sql(),
            " WHERE p.town_id = $1 AND p.management_type IN ($2, $3) AND \
             (p.code LIKE $4 OR p.name LIKE $5)"
        );
        assert_eq!(f.next_param(), 6);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("SX_001"), "%SX\\_001%");
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("\\"), "%\\\\%");
    }

    #[test]
    fn typed_values_bind_in_their_stored_form() {
        assert_eq!(Bind::from(true), Bind::Int(Some(1)));
        assert_eq!(
            Bind::from(rust_decimal_macros::dec!(120.50)),
            Bind::Text(Some("120.50".into()))
        );
        assert_eq!(
            Bind::from(Some(Date::constant(2023, 1, 5))),
            Bind::Text(Some("2023-01-05".into()))
        );
        assert_eq!(Bind::from(None::<Date>), Bind::Text(None));
    }

    #[test]
    fn inserts_number_placeholders_only_on_postgres() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 2, true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            insert_sql("t", &["a"], 2, false),
            "INSERT INTO t (a) VALUES (?), (?)"
        );
    }
}
