//! Reading lists: the `WHERE` builder, paging and built `SELECT`s.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, FromRow};

use super::bind::{Bind, bind_qa};
use super::write::TableRow;
use crate::store::Tx;

/// A list filter being built: `WHERE` clauses with `$n` placeholders and their values.
#[derive(Debug, Default, Clone)]
pub(in crate::store) struct Filter {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds a clause in which `?` stands for the next placeholder(s), with their values.
    pub(in crate::store) fn push(&mut self, clause: &str, values: Vec<Bind>) -> &mut Self {
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
    pub(in crate::store) fn eq(
        &mut self,
        column: &str,
        value: Option<impl Into<Bind>>,
    ) -> &mut Self {
        if let Some(v) = value {
            self.push(&format!("{column} = ?"), vec![v.into()]);
        }
        self
    }

    /// Adds `column IN (values)` when `values` is not empty.
    pub(in crate::store) fn any_of(&mut self, column: &str, values: Vec<Bind>) -> &mut Self {
        if !values.is_empty() {
            let marks = vec!["?"; values.len()].join(", ");
            self.push(&format!("{column} IN ({marks})"), values);
        }
        self
    }

    /// Adds a clause no row matches.
    pub(in crate::store) fn none(&mut self) -> &mut Self {
        self.push("1 = 0", vec![])
    }

    /// The `WHERE …` text (empty when there is no clause).
    pub(in crate::store) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The values of the placeholders, in order.
    pub(in crate::store) fn binds(&self) -> &[Bind] {
        &self.binds
    }

    /// The next placeholder number.
    pub(in crate::store) fn next_param(&self) -> usize {
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
pub(in crate::store) struct Listing<'a> {
    /// The `SELECT` list.
    pub columns: &'a str,
    /// The `FROM` clause (a table with its alias).
    pub from: &'a str,
    /// The `ORDER BY` list.
    pub order: &'a str,
}

/// Runs `SELECT … FROM … WHERE … ORDER BY … LIMIT/OFFSET` and its count.
pub(in crate::store) async fn page<T>(
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
pub(in crate::store) async fn fetch_all<T>(
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
pub(in crate::store) async fn fetch_all_tx<T>(
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
pub(in crate::store) fn contains_pattern(text: &str) -> String {
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
pub(in crate::store) fn columns<R: TableRow>(alias: &str) -> String {
    R::COLUMNS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
