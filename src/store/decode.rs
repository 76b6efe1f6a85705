//! Reading stored values into typed ones at the store's edge: codes into enums, decimal text
//! into `Decimal`, ISO text into dates, 0/1 into `bool`, JSON text into its type. A stored value
//! that does not read is an error naming its table, column and value — never a default.

use std::fmt::Display;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};

/// The columns of one fetched row of `table`.
pub(super) struct Columns<'r> {
    row: &'r AnyRow,
    table: &'static str,
}

impl<'r> Columns<'r> {
    /// Reads `row`, fetched from `table` (named in errors).
    pub(super) fn new(row: &'r AnyRow, table: &'static str) -> Self {
        Self { row, table }
    }

    /// A column as the driver decodes it (text, integers, and their options).
    pub(super) fn get<T>(&self, column: &str) -> sqlx::Result<T>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        self.row.try_get(column)
    }

    /// A text column read into `T` (an enum's code, a decimal, a date).
    pub(super) fn parse<T>(&self, column: &str) -> sqlx::Result<T>
    where
        T: FromStr,
        T::Err: Display,
    {
        let text: String = self.get(column)?;
        text.parse()
            .map_err(|e| self.bad(column, &text, format!("{} ({e})", short::<T>())))
    }

    /// A nullable text column read into `T`.
    pub(super) fn parse_opt<T>(&self, column: &str) -> sqlx::Result<Option<T>>
    where
        T: FromStr,
        T::Err: Display,
    {
        let text: Option<String> = self.get(column)?;
        text.map(|t| {
            t.parse()
                .map_err(|e| self.bad(column, &t, format!("{} ({e})", short::<T>())))
        })
        .transpose()
    }

    /// A 0/1 integer column.
    pub(super) fn flag(&self, column: &str) -> sqlx::Result<bool> {
        match self.get::<i64>(column)? {
            0 => Ok(false),
            1 => Ok(true),
            n => Err(self.bad(column, &n, "a 0/1 flag".into())),
        }
    }

    /// An integer column that must fit `T` (a count that cannot be negative).
    pub(super) fn int<T>(&self, column: &str) -> sqlx::Result<T>
    where
        T: TryFrom<i64>,
    {
        let n: i64 = self.get(column)?;
        T::try_from(n).map_err(|_| self.bad(column, &n, short::<T>()))
    }

    /// A JSON text column read into `T`.
    pub(super) fn json<T: DeserializeOwned>(&self, column: &str) -> sqlx::Result<T> {
        let text: String = self.get(column)?;
        serde_json::from_str(&text)
            .map_err(|e| self.bad(column, &text, format!("JSON of {} ({e})", short::<T>())))
    }

    /// A nullable JSON text column read into `T`.
    pub(super) fn json_opt<T: DeserializeOwned>(&self, column: &str) -> sqlx::Result<Option<T>> {
        let text: Option<String> = self.get(column)?;
        text.map(|t| {
            serde_json::from_str(&t)
                .map_err(|e| self.bad(column, &t, format!("JSON of {} ({e})", short::<T>())))
        })
        .transpose()
    }

    fn bad(&self, column: &str, value: &dyn std::fmt::Debug, want: String) -> sqlx::Error {
        sqlx::Error::ColumnDecode {
            index: format!("{}.{column}", self.table),
            source: format!("stored value {value:?} is not a valid {want}").into(),
        }
    }
}

/// The last path segment of a type's name (`Decimal`, not `rust_decimal::decimal::Decimal`).
fn short<T>() -> String {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base).to_owned()
}

/// Serialises a `bool` as the 0/1 it is stored as, so a row's audit snapshot keeps the stored
/// shape.
pub(crate) fn as_flag<S: serde::Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(i64::from(*value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_short() {
        assert_eq!(short::<rust_decimal::Decimal>(), "Decimal");
        assert_eq!(short::<jiff::civil::Date>(), "Date");
        assert_eq!(short::<u32>(), "u32");
    }
}
