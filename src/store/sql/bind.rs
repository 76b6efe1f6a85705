//! Values bound to run-time statements: typed values become their stored form here.

use jiff::civil::Date;
use rust_decimal::Decimal;
use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};

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
pub(in crate::store) fn json_text<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
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

/// Binds every value in order: the same steps for a plain query and a typed one.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::Text(v) => q.bind(v.clone()),
                Bind::Int(v) => q.bind(*v),
            };
        }
        q
    }};
}

/// A statement with `binds` bound in order.
pub(super) fn bind_q<'q>(
    q: Query<'q, Any, AnyArguments>,
    binds: &[Bind],
) -> Query<'q, Any, AnyArguments> {
    bind_all!(q, binds)
}

/// A typed query with `binds` bound in order.
pub(super) fn bind_qa<'q, O>(
    q: QueryAs<'q, Any, O, AnyArguments>,
    binds: &[Bind],
) -> QueryAs<'q, Any, O, AnyArguments> {
    bind_all!(q, binds)
}
