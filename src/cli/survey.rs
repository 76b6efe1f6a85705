//! `kaoping survey …`: survey tools for the operator.

use std::process::ExitCode;

use clap::Subcommand;

use crate::service::AppState;

/// `kaoping survey …`
#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Recompute a round's sufficient statistics from its raw responses and report every
    /// difference from the stored ones (and projects whose spent codes and responses differ in
    /// number); exit 0 when none, 1 when any, 2 when the round is unknown.
    Verify {
        /// The round's id.
        round: String,
    },
}

/// Runs a survey command.
pub(super) async fn run(command: SurveyCommand, state: &AppState) -> anyhow::Result<ExitCode> {
    match command {
        SurveyCommand::Verify { round } => verify(state, &round).await,
    }
}

async fn verify(state: &AppState, round: &str) -> anyhow::Result<ExitCode> {
    // An unknown round is the operator's mistake (exit 2), not a difference found (exit 1).
    let v = match crate::service::survey::verify::verify(state, round).await {
        Ok(v) => v,
        Err(e) => return super::refused(e),
    };
    if v.differences.is_empty() {
        println!(
            "survey round {round}: {} responses; statistics agree (统计量与原始答卷一致)",
            v.responses
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "survey round {round}: {} responses; {} DIFFERENCES (统计量与原始答卷不一致):",
        v.responses,
        v.differences.len()
    );
    for d in &v.differences {
        let show = |m: Option<crate::domain::survey::aggregate::Moments>| {
            m.map_or("absent".to_owned(), |m| {
                format!("n={} sum={} sumsq={}", m.n, m.total, m.total_sq)
            })
        };
        println!(
            "  project {} {}: stored {} / recomputed {}",
            d.project_id,
            d.stat,
            show(d.stored),
            show(d.recomputed)
        );
    }
    Ok(ExitCode::from(1))
}
