//! Choosing each item's final input: the plan's duty and the period's options first, then an
//! upheld appeal, the ledger, supervision, the reviews' combination or the self score.

use std::collections::BTreeMap;

use super::known::Known;
use super::{ItemSource, LedgerMeasure};
use crate::domain::assessment::{self, InputSource, ItemFacts};
use crate::domain::rubric::model::{Duty, INFLATION_OPTION, Item};
use crate::domain::rubric::{CombineOutcome, ItemInput, SubjectInputs, inflation_deduction};
use crate::service::ServiceError;
use crate::service::assessment::reviews::ItemReviewView;
use crate::service::assessment::{Member, PeriodContext};

/// The final inputs chosen so far, with where each came from.
#[derive(Default)]
pub(super) struct Chosen {
    items: BTreeMap<String, ItemInput>,
    pub(super) sources: Vec<ItemSource>,
    /// Combinations that decided an item, by item code (自评失实 is judged only on those).
    decided_by_reviews: Vec<(String, CombineOutcome)>,
}

impl Chosen {
    /// Chooses `item`'s final input and records where it came from (for an item
    /// that is not the unit's duty or an optional rule the period left off: not scored).
    pub(super) fn add(
        &mut self,
        item: &Item,
        r: &ItemReviewView,
        unit: &Member,
        known: &Known<'_>,
        metric: Option<LedgerMeasure>,
    ) {
        let duty = unit.duty(item);
        let disabled = item.optional && !known.options.contains(&item.code);
        if duty == Duty::NotAssigned || disabled {
            self.sources.push(ItemSource {
                code: item.code.clone(),
                source: InputSource::NotScored,
                duty,
                combined: None,
                metric: None,
                appeal: None,
                survey: None,
            });
            return;
        }
        let appeal = known.decided.get(&item.code);
        let upheld = appeal.map(|(input, _)| input);
        let source = self.choose(item, r, known, metric.as_ref(), upheld, duty);
        // The combination is shown where it decided the item, or where the self score stands
        // in for it (and, reviewed, where an appeal overturned it): never beside a ledger or
        // supervision figure, which it did not produce.
        let shows_combination = match source {
            InputSource::Combined | InputSource::SelfScore => true,
            InputSource::Appeal => r.combined.as_ref().is_some_and(|c| c.reviewed),
            _ => false,
        };
        self.sources.push(ItemSource {
            code: item.code.clone(),
            source,
            duty,
            combined: r.combined.clone().filter(|_| shows_combination),
            metric: metric
                .filter(|_| matches!(source, InputSource::Ledger | InputSource::LedgerEmpty)),
            appeal: appeal
                .filter(|_| source == InputSource::Appeal)
                .map(|(_, d)| d.clone()),
            survey: known
                .survey
                .clone()
                .filter(|_| source == InputSource::Survey),
        });
    }

    /// Decides the item's final input from what is known, keeps it, and says where it came
    /// from.
    fn choose(
        &mut self,
        item: &Item,
        r: &ItemReviewView,
        known: &Known<'_>,
        metric: Option<&LedgerMeasure>,
        upheld: Option<&ItemInput>,
        duty: Duty,
    ) -> InputSource {
        let review_inputs: Vec<ItemInput> = r.reviews.iter().map(|v| v.input.clone()).collect();
        let combined = r.combined.as_ref().filter(|c| c.reviewed);
        let facts = ItemFacts {
            upheld_appeal: upheld.cloned(),
            ledger_rate: metric.and_then(|m| assessment::exact_rate(&m.ratio)),
            survey_index: known.survey.as_ref().and_then(|s| s.index),
            supervision: &known.findings,
            review_inputs: &review_inputs,
            combined: combined.map(|c| c.final_score),
            submitted_self: r.self_input.as_ref().filter(|_| known.submitted),
            duty,
            notice_begun: known.notice_begun,
        };
        let (input, source) = assessment::final_input(item, &facts);
        if let (InputSource::Combined, Some(c)) = (source, combined) {
            self.decided_by_reviews.push((item.code.clone(), c.clone()));
        }
        if let Some(input) = input {
            self.items.insert(item.code.clone(), input);
        }
        source
    }

    /// The subject's inputs for scoring, with the 自评失实 deduction where it applies.
    pub(super) fn inputs(
        &self,
        ctx: &PeriodContext,
        unit: &Member,
    ) -> Result<SubjectInputs, ServiceError> {
        let combination = &ctx.assessment()?.combination;
        // An optional 自评失实 deduction applies only where the period enabled it.
        let inflation_on = combination
            .inflation
            .as_ref()
            .is_some_and(|i| !i.optional || ctx.options.contains(INFLATION_OPTION));
        let decided: Vec<(&str, &CombineOutcome)> = self
            .decided_by_reviews
            .iter()
            .map(|(code, c)| (code.as_str(), c))
            .collect();
        let adjustments = match inflation_on {
            true => inflation_deduction(combination, &decided)
                .into_iter()
                .collect(),
            false => Vec::new(),
        };
        Ok(SubjectInputs {
            subject: unit.unit_id.clone(),
            unit_type: Some(unit.unit_type.code().to_owned()),
            role: unit.plan_role.clone(),
            items: self.items.clone(),
            adjustments,
            options: ctx.options.clone(),
        })
    }
}
