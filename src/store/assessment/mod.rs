//! Queries for self-assessment and re-check: periods, self scores, evidence, review teams,
//! reviews and reports, supervision items, appeals, stored final results.

pub mod appeals;
pub mod evidence;
pub mod finals;
pub mod periods;
pub mod reviews;
pub mod self_scores;
pub mod supervision;
pub mod teams;
