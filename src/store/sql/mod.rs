//! Statements built at run time, in one place for every table: typed bind values, inserts and
//! versioned updates from a row's *named* columns (a column is always written by its name, never
//! by its position in a list), the `WHERE` builder behind list queries, and paging.
//!
//! - [`bind`] — typed values and how a statement takes them;
//! - [`write`] — inserts and versioned updates from a row's named columns;
//! - [`read`] — the `WHERE` builder, pages and built `SELECT`s.

mod bind;
mod read;
mod write;

pub use bind::Bind;
pub(super) use bind::json_text;
pub use read::Page;
pub(super) use read::{Filter, Listing, columns, contains_pattern, fetch_all, fetch_all_tx, page};
pub use write::{
    Column, TableRow, Versioned, insert, insert_many, update_columns_if_version, update_if_version,
};

#[cfg(test)]
mod tests;
