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
//!   labelled enumerations (one code and one Chinese label each, `domain::labelled`), the
//!   workflow's windows as functions of state and time (`domain::workflow`: when a unit, a
//!   reviewer, an appeal or a decision may act), plan roles and duties (`domain::roles`,
//!   `domain::form`), the working-day calendar that refuses years it does not know,
//!   the rubric engine (`domain::rubric`: `load` reads files — an item's keys in `load::item`,
//!   its method in `load::method`; `model` holds the tree and the methods; `methods` scores
//!   one item; `score` scores a subject — `walk` down the tree, each category's `line`, the
//!   `total`; `exact` holds the fractions; plus combination, grades, ranking, surveys and
//!   credit), the ledger (credit codes, projects, service periods, handover inspections and
//!   their 1/3 rule, visibility, campaign metrics), assessment periods and phases, review
//!   reasons and appeals, supervision items, evidence types, reviewer reliability (ICC(A,1),
//!   ICC(C,1), Krippendorff's α, leniency), and the guards every statistic goes through
//!   (`domain::stats`: no silent fallback from a decimal or a non-finite result) and the places
//!   they are published with (`domain::rubric::statistic`, a rubric's `[statistics]`); numeric inputs'
//!   declared bounds, read exactly or refused (`domain::number`); the declared field rules of
//!   records that arrive without an OpenAPI schema — sheet rows, command lines
//!   (`domain::field_rules`, the `validator` crate); Chinese wording of serde's refusals
//!   (`domain::read_error`); satisfaction surveys (`domain::survey`: invitation codes with their
//!   check symbol and receipts, a submission's checks, rounds' windows and batches, the
//!   sufficient statistics an index is computed from, per-batch anomaly flags); a period's
//!   results across its units (`domain::results`: standings with the quota, award
//!   eligibility, the explanation whose adding steps sum to the total).
//! - [`service`] — one function per use case, all of one shape: `f(state: &AppState, who:
//!   &Principal, input) -> Result<View, ServiceError>` (the command line calls them as
//!   `service::operator()`). Each authorises, applies domain rules, writes in one transaction
//!   with its audit entry (`service::audit::append`; a snapshot that cannot be written is an
//!   error), reads "now" from the state's clock, and returns views (never stored rows). Shared
//!   helpers: `service::new_id`, `service::stale` (one message for every stale edit). Tokens, rubrics
//!   registry, the ledger (`service::ledger`: regions, units, companies, projects, their
//!   service periods (服务期, `service_periods`) and handover inspections, each written one
//!   way through `service::ledger::edit`; the import as `parse` → `plan` → `apply`; metrics),
//!   self-assessment and re-check (`service::assessment`, with its assessment periods
//!   (考核周期); a unit's result gathers what is known, then chooses each item's input); names beside ids (`service::names`) and instants in Beijing time
//!   (`service::shown_at`) for every view; satisfaction surveys (`service::survey`: rounds,
//!   code batches, `submit` → the group-commit writer `ingest` (one transaction per batch of
//!   concurrent submissions; its hourly `settle` writes the hour's audit entry and rewrites
//!   the hour's answers out of arrival order), indices from sufficient statistics, flags,
//!   `verify`, the bureau's `lists`, and the
//!   paper-survey import `paper` — rows parsed, then through the same batch decisions in one
//!   transaction, all or nothing); a period's results (`service::results`: `compute_results`
//!   gathers each unit's result and the companies' ratings, then the award lists, published
//!   snapshots with their diff, and the public notice).
//! - [`store`] — plain async functions, one per query, over sqlx's `AnyPool` (SQLite or
//!   PostgreSQL), and the content-addressed evidence store. The only place with SQL: lists take
//!   typed queries (`ProjectQuery`, `CompanyQuery`, …, visibility included); rows decode into
//!   enums, decimals, dates and booleans at this edge (instants stay the stored RFC 3339 UTC text
//!   and are shown in Beijing time by `service::shown_at`); inserts and versioned updates are built
//!   from a row's named columns in one place (`store::sql`: `bind` typed values, `write`
//!   inserts and versioned updates, `read` the `WHERE` builder and paging).
//! - [`api`] — poem-openapi resources, bearer auth, the problem+json error edge (strict JSON
//!   bodies, `Allow` on 405, parameters by name, uploads by their own limit and every accepted
//!   media type declared); the served spec's rules (`api::spec`: edge rules on parameters, closed
//!   bodies, the formats of times in responses); converts ledger
//!   views to its objects, and returns assessment and rubric views as they serialise, with
//!   schemas derived by `schemars` from the same serde attributes (`api::typed`).
//! - [`sheet`] — spreadsheets in and out: reading `.xlsx`/`.csv` (`sheet::read`), the column
//!   tables (`sheet::columns`), the import template and the annotated copy of a rejected
//!   import (`sheet::write`), the paper-survey and evaluation-results sheets (`sheet::paper`,
//!   `sheet::evaluation`; pure: bytes in, bytes out).
//! - [`clock`] — the service's clock (system time, or settable in tests); the day is Beijing's.
//! - [`config`] — settings from defaults, `kaoping.toml` and `KAOPING_*` variables.
//! - [`secret`] — the server secret (`KAOPING_SECRET` or `secret.key` in the data folder, never
//!   in the database): the key of the invitation codes' stored hashes and the answer page's
//!   signed start time.
//! - [`startup`] — builds the application, binds, serves, shuts down gracefully.
//! - [`cli`] — the `kaoping` command line, one module per command group (`token`, `audit`,
//!   `rubric`, `import`, `survey`), each calling the same use cases as the API; checks
//!   (`audit verify`, `survey verify`) open the database read-only and never migrate.
//! - [`telemetry`] — logging.
//! - [`web`] — server-rendered pages for people (maud templates and assets compiled in): the
//!   residents' survey answer page `/s/{code}`.

pub mod api;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod secret;
pub mod service;
pub mod sheet;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
