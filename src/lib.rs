//! # kaoping (考评)
//!
//! Scoring service for a county housing bureau's residential property-management campaign:
//! self-assessments and re-checks of assessed units, satisfaction surveys, inspections, company
//! credit ratings and the annual target-assessment report — exact, explainable, reproducible
//! and tamper-evident.
//!
//! ## Layout
//!
//! Dependencies point one way: `api`/`cli` → `service` → `domain` and `store`.
//!
//! - [`domain`] — pure rules, no I/O: access decisions, text rules, the audit chain's hashing,
//!   the rubric engine (files, scoring methods, trace, combination, grades, ranking, surveys,
//!   credit), the ledger (credit codes, projects, service periods, handover inspections and
//!   their 1/3 rule, visibility, campaign metrics), assessment periods and phases, review
//!   reasons and appeals, supervision items, evidence types, reviewer reliability (ICC(A,1),
//!   ICC(C,1), Krippendorff's α, leniency), and the guards every statistic goes through
//!   (`domain::stats`: no silent fallback from a decimal or a non-finite result).
//! - [`service`] — one function per use case; authorises, applies domain rules, writes in one
//!   transaction with its audit entry: tokens, rubrics registry, ledger and import,
//!   self-assessment and re-check (`service::assessment`).
//! - [`store`] — plain async functions, one per query, over sqlx's `AnyPool` (SQLite or
//!   PostgreSQL), and the content-addressed evidence store.
//! - [`api`] — poem-openapi resources, bearer auth, the problem+json error edge.
//! - [`sheet`] — spreadsheets in and out: reading `.xlsx`/`.csv`, the import template, the
//!   annotated copy of a rejected import (pure: bytes in, bytes out).
//! - [`clock`] — the service's clock (system time, or settable in tests); the day is Beijing's.
//! - [`config`] — settings from defaults, `kaoping.toml` and `KAOPING_*` variables.
//! - [`startup`] — builds the application, binds, serves, shuts down gracefully.
//! - [`cli`] — the `kaoping` command line.
//! - [`telemetry`] — logging.

pub mod api;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod service;
pub mod sheet;
pub mod startup;
pub mod store;
pub mod telemetry;
