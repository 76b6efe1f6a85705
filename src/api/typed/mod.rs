//! [`Typed<T>`]: a service view or domain input in a request or response, with the OpenAPI
//! schema derived (by `schemars`) from the same serde attributes that serialise it.
//!
//! Why not `poem_openapi::Object` on the views: the views are built from domain types (the
//! rubric tree, score traces, method inputs), and `domain/` must not import poem; and an
//! `Object` derive writes its own JSON, ignoring the serde attributes (`tag`, `rename_all`,
//! `skip_serializing_if`) that decide what a client actually receives. `schemars` reads exactly
//! those attributes, so the schema is the shape of the bytes on the wire; the integration
//! tests' client checks every 2xx body against it (`tests/api/contract.rs`).
//!
//! One generator holds every schema (so two types with one name are told apart once, for the
//! whole spec); its definitions are converted ([`convert`]) into poem-openapi's registry.

mod choice;
mod convert;
mod text;
mod versioned;

pub use choice::{Choice, QueryChoice};
pub use text::{DateText, DeadlineText, InstantText, LineText, ReasonText};
pub use versioned::Versioned;

use std::borrow::Cow;
use std::sync::{LazyLock, Mutex, MutexGuard};

use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use schemars::generate::{Contract, SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};

/// A value whose schema comes from its serde shape; see the module docs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Typed<T>(pub T);

/// The one generator: OpenAPI 3.0 settings, schemas of what is serialised (responses are the
/// views; request inputs are read with the same attributes).
static GENERATOR: LazyLock<Mutex<SchemaGenerator>> = LazyLock::new(|| {
    let mut settings = SchemaSettings::openapi3();
    settings.contract = Contract::Serialize;
    Mutex::new(settings.into_generator())
});

fn generator() -> MutexGuard<'static, SchemaGenerator> {
    // A panic while holding the lock leaves the generator as it was (it only grows).
    GENERATOR.lock().unwrap_or_else(|e| e.into_inner())
}

/// Applies the OpenAPI 3.0 transforms (nullable, no boolean schemas, …) to one schema.
fn openapi3(mut schema: Schema) -> Schema {
    for mut t in SchemaSettings::openapi3().transforms {
        t.transform(&mut schema);
    }
    schema
}

/// Marks every schema registered from the generator, so poem-openapi sees one owner for them
/// (and refuses a clash with an `Object` of the same name).
struct FromSerde;

impl<T: JsonSchema + Serialize + Send + Sync> Type for Typed<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = T;
    type RawElementValueType = T;

    fn name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_ref() -> MetaSchemaRef {
        root_ref::<T>()
    }

    fn register(registry: &mut Registry) {
        register::<T>(registry);
    }

    fn as_raw_value(&self) -> Option<&T> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a T> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl<T: JsonSchema + Serialize + Send + Sync> ToJSON for Typed<T> {
    fn to_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(&self.0).ok()
    }
}

impl<T> ParseFromJSON for Typed<T>
where
    T: JsonSchema + Serialize + serde::de::DeserializeOwned + Send + Sync,
{
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        let value = value.unwrap_or_default();
        serde_json::from_value(value)
            .map(Typed)
            .map_err(|e| ParseError::custom(e.to_string()))
    }
}

/// A JSON value in a request, declared with `T`'s schema but kept as JSON, so the handler can
/// check it as written (exact decimals, field paths in messages) before reading it as `T`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Raw<T> {
    /// The value as sent.
    pub value: serde_json::Value,
    #[serde(skip)]
    shape: std::marker::PhantomData<fn() -> T>,
}

impl<T: JsonSchema> Type for Raw<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = serde_json::Value;
    type RawElementValueType = serde_json::Value;

    fn name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_ref() -> MetaSchemaRef {
        root_ref::<T>()
    }

    fn register(registry: &mut Registry) {
        register::<T>(registry);
    }

    fn as_raw_value(&self) -> Option<&serde_json::Value> {
        Some(&self.value)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a serde_json::Value> + 'a> {
        Box::new(std::iter::once(&self.value))
    }
}

impl<T: JsonSchema> ToJSON for Raw<T> {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(self.value.clone())
    }
}

impl<T: JsonSchema> ParseFromJSON for Raw<T> {
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        Ok(Raw {
            value: value.unwrap_or_default(),
            shape: std::marker::PhantomData,
        })
    }
}

/// `T`'s schema as a property or body refers to it (usually a `$ref`).
fn root_ref<T: JsonSchema>() -> MetaSchemaRef {
    let root = generator().subschema_for::<T>();
    convert::schema_ref(&openapi3(root))
}

/// Registers `T`'s schema and every schema it refers to.
fn register<T: JsonSchema>(registry: &mut Registry) {
    let definitions = {
        let mut g = generator();
        g.subschema_for::<T>();
        g.definitions().clone()
    };
    for (name, def) in definitions {
        let Ok(schema) = Schema::try_from(def) else {
            continue;
        };
        let schema = openapi3(schema);
        registry.create_schema::<FromSerde, _>(name, |_| convert::schema(&schema));
    }
}

/// A service view as a typed response body.
pub fn typed<T: Serialize>(
    view: T,
) -> super::error::ApiResult<poem_openapi::payload::Json<Typed<T>>> {
    Ok(poem_openapi::payload::Json(Typed(view)))
}

#[cfg(test)]
mod tests;
