//! Competition ranking (1, 2, 2, 4): vetoed subjects last, then the rubric's ranking rules
//! (`[grading] rank_by`, `tie_breakers`).

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::grade::index_of;
use super::model::{Grading, RankBy};
use super::trace::ScoreResult;

/// Competition ranks of `keys` compared lexicographically, higher first: equal keys share a
/// rank and the next rank skips (1, 2, 2, 4).
pub fn rank_keys(keys: &[Vec<Decimal>]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|a, b| keys[*b].cmp(&keys[*a]));
    let mut ranks = vec![0u32; keys.len()];
    for (pos, &i) in order.iter().enumerate() {
        let tied = pos > 0 && keys[order[pos - 1]].cmp(&keys[i]) == Ordering::Equal;
        ranks[i] = if tied {
            ranks[order[pos - 1]]
        } else {
            u32::try_from(pos + 1).unwrap_or(u32::MAX)
        };
    }
    ranks
}

/// Competition ranks of plain totals.
pub fn rank_totals(totals: &[Decimal]) -> Vec<u32> {
    let keys: Vec<Vec<Decimal>> = totals.iter().map(|t| vec![*t]).collect();
    rank_keys(&keys)
}

/// Ranks scored results by the rubric's ranking rules: a subject with a triggered veto never
/// ranks above one without (vetoed subjects come after all others, ordered among themselves
/// by the same rules); then, by `rank_by`, the final grade (`grade`) and the total; then
/// each tie-breaker code's score (category or item), in order.
pub fn rank(results: &[ScoreResult], grading: &Grading) -> Vec<u32> {
    let keys: Vec<Vec<Decimal>> = results
        .iter()
        .map(|r| {
            let clean = if r.vetoes.is_empty() {
                Decimal::ONE
            } else {
                Decimal::ZERO
            };
            let mut k = vec![clean];
            if grading.rank_by == RankBy::Grade {
                // Higher grades first: the highest band has the largest key.
                let below = grading.bands.len() - index_of(&grading.bands, &r.grade.grade);
                k.push(Decimal::from(below));
            }
            k.push(r.total);
            k.extend(grading.tie_breakers.iter().map(|code| score_of(r, code)));
            k
        })
        .collect();
    rank_keys(&keys)
}

fn score_of(r: &ScoreResult, code: &str) -> Decimal {
    r.categories
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.score)
        .or_else(|| r.items.iter().find(|i| i.code == code).map(|i| i.score))
        .unwrap_or(Decimal::ZERO)
}
