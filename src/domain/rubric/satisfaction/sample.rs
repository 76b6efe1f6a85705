//! Sample size for a satisfaction survey of one estate.

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::SampleRule;
use super::stats::normal_quantile;

/// Households to survey out of `households`: n₀ = z²p(1−p)/e², then the finite-population
/// correction n = n₀/(1 + (n₀ − 1)/N), rounded up, raised to the rule's minimum, and all
/// households when there are no more than the minimum.
///
/// z is computed in `f64` and kept to six decimals; the rest is exact decimal arithmetic, so
/// the same rule always gives the same number.
pub fn sample_size(rule: &SampleRule, households: u32) -> u32 {
    if households <= rule.minimum {
        return households;
    }
    let confidence = rule.confidence.to_f64().unwrap_or(0.95);
    let z = Decimal::from_f64(normal_quantile(1.0 - (1.0 - confidence) / 2.0))
        .unwrap_or(Decimal::ZERO)
        .round_dp(6);
    if rule.margin.is_zero() {
        return households;
    }
    let n0 = z * z * rule.p * (Decimal::ONE - rule.p) / (rule.margin * rule.margin);
    let big_n = Decimal::from(households);
    let n = n0 / (Decimal::ONE + (n0 - Decimal::ONE) / big_n);
    let n = n.ceil().to_u32().unwrap_or(households);
    n.max(rule.minimum).min(households)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rule() -> SampleRule {
        SampleRule {
            confidence: dec!(0.95),
            margin: dec!(0.05),
            p: dec!(0.5),
            minimum: 30,
        }
    }

    #[test]
    fn five_hundred_households_need_218_at_95_and_5() {
        // n0 = 1.959964² × 0.25 / 0.0025 = 384.146; 384.146 / (1 + 383.146/500) = 217.49 → 218.
        assert_eq!(sample_size(&rule(), 500), 218);
    }

    #[test]
    fn small_estates_survey_everyone() {
        assert_eq!(sample_size(&rule(), 20), 20);
        assert_eq!(sample_size(&rule(), 30), 30);
    }

    #[test]
    fn never_below_the_minimum_nor_above_the_population() {
        let strict = SampleRule {
            minimum: 40,
            margin: dec!(0.5),
            ..rule()
        };
        assert_eq!(sample_size(&strict, 100), 40);
        assert_eq!(sample_size(&rule(), 31), 31.min(sample_size(&rule(), 31)));
        assert!(sample_size(&rule(), 31) <= 31);
    }

    #[test]
    fn large_populations_approach_n0() {
        assert_eq!(sample_size(&rule(), 1_000_000), 384);
    }
}
