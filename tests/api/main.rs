//! Integration tests: the real app on port 0, a fresh database per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod assessment;
mod assessment_access;
mod assessment_ledger;
mod assessment_recheck;
mod assessment_rules;
mod assessment_support;
mod audit;
mod browser;
mod complaint_import;
mod complaints;
mod contract;
mod credit;
mod credit_lists;
mod credit_quality;
mod credit_repair;
mod edge_messages;
mod errors;
mod evaluation_import;
mod evaluations;
mod health;
mod helpers;
mod ledger;
mod plan_fidelity;
mod plan_review;
mod published_figures;
mod reliability;
mod rubrics;
mod spec_rules;
mod strict_edge;
mod supervision;
mod surveys;
mod text_limits;
mod tokens;
mod traces;
