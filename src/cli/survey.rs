//! `kaoping survey …`: survey tools for the operator — `verify` (read-only), and the paper
//! survey's template and import.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use crate::config::Settings;
use crate::service::survey::paper;
use crate::service::{AppState, ServiceError};

/// `kaoping survey …`
#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Recompute a round's sufficient statistics from its raw responses and report every
    /// difference from the stored ones (and projects whose spent codes and responses differ in
    /// number); exit 0 when none, 1 when any, 2 when the round is unknown.
    /// It opens the database read-only and never migrates it (exit 2 when not migrated).
    Verify {
        /// The round's id.
        round: String,
    },
    /// Write a round's paper-survey import template (.xlsx): one column per question, the
    /// option codes explained.
    PaperTemplate {
        /// The round's id.
        round: String,
        /// Where to write it.
        out: PathBuf,
    },
    /// Import paper sheets (入户调查) from an .xlsx or .csv file into a round, all or nothing.
    /// Prints each problem as `sheet!row:column: message` and exits 2 when there are any
    /// (nothing is written).
    PaperImport {
        /// The round's id.
        round: String,
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// Check and count only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also write an annotated copy (problem cells marked, a 问题 sheet) to this file.
        #[arg(long)]
        annotated: Option<PathBuf>,
    },
}

/// Runs a survey command.
pub(super) async fn run(command: SurveyCommand, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        SurveyCommand::Verify { round } => {
            let db = match super::read_only_db(&settings, "survey verify").await? {
                Ok(db) => db,
                Err(code) => return Ok(code),
            };
            verify(&crate::startup::read_only_state(settings, db)?, &round).await
        }
        SurveyCommand::PaperTemplate { round, out } => {
            let state = super::open_state(settings).await?;
            let bytes = match paper::template(&state, &crate::service::operator(), &round).await {
                Ok(b) => b,
                Err(e) => return super::refused(e),
            };
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("template written to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        SurveyCommand::PaperImport {
            round,
            file,
            dry_run,
            annotated,
        } => {
            let state = super::open_state(settings).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            paper_import(&state, &round, bytes, dry_run, annotated).await
        }
    }
}

/// The paper import (or its dry run): the counts, or every problem and exit 2.
async fn paper_import(
    state: &AppState,
    round: &str,
    bytes: Vec<u8>,
    dry_run: bool,
    annotated: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let who = crate::service::operator();
    if let Some(out) = &annotated {
        match paper::annotate(state, &who, round, bytes.clone()).await {
            Ok((copy, _)) => {
                std::fs::write(out, copy).with_context(|| format!("writing {}", out.display()))?;
                eprintln!("annotated copy written to {}", out.display());
            }
            Err(e) => return super::refused(e),
        }
    }
    match paper::import(state, &who, round, bytes, dry_run).await {
        Ok(o) => {
            println!(
                "{}{} paper sheets ({} valid) from {} surveyor(s); file {}",
                if o.dry_run {
                    "dry run, nothing written: "
                } else {
                    "imported "
                },
                o.sheets,
                o.valid,
                o.surveyors.len(),
                o.file_sha256
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Rows(problems)) => Ok(super::import::print_problems(&problems)),
        Err(e) => super::refused(e),
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
