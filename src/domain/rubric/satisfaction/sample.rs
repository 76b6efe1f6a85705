//! Sample size for a satisfaction survey of one estate.

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::SampleRule;
use super::stats::{normal_quantile, two_sided_p};
use crate::domain::stats::{StatsError, finite};

/// Households to survey out of `households`: n₀ = z²p(1−p)/e², then the finite-population
/// correction n = n₀/(1 + (n₀ − 1)/N), rounded up, raised to the rule's minimum, and all
/// households when there are no more than the minimum.
///
/// z is computed in `f64` and kept to six decimals; the rest is exact decimal arithmetic, so
/// the same rule always gives the same number. A confidence outside (0, 1) or a margin so small
/// that the arithmetic overflows is an error, never a fallback number.
pub fn sample_size(rule: &SampleRule, households: u32) -> Result<u32, StatsError> {
    if households <= rule.minimum || rule.margin.is_zero() {
        return Ok(households);
    }
    let zf = finite("z 值", normal_quantile(two_sided_p(rule.confidence)?))?;
    let z = Decimal::from_f64(zf)
        .ok_or(StatsError::NonFinite {
            what: "z 值",
            value: zf,
        })?
        .round_dp(6);
    let overflow = |what| move || StatsError::Overflow { what };
    let n0 = (|| {
        let top = z.checked_mul(z)?.checked_mul(rule.p)?;
        let top = top.checked_mul(Decimal::ONE - rule.p)?;
        top.checked_div(rule.margin.checked_mul(rule.margin)?)
    })()
    .ok_or_else(overflow("n₀"))?;
    let big_n = Decimal::from(households);
    let n = (|| n0.checked_div(Decimal::ONE + (n0 - Decimal::ONE).checked_div(big_n)?))()
        .ok_or_else(overflow("样本量"))?
        .ceil();
    let n = n.to_u32().ok_or(StatsError::NotRepresentable {
        what: "样本量",
        value: n,
    })?;
    Ok(n.max(rule.minimum).min(households))
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
            publish_minimum: 10,
        }
    }

    #[test]
    fn five_hundred_households_need_218_at_95_and_5() {
        // n0 = 1.959964² × 0.25 / 0.0025 = 384.146; 384.146 / (1 + 383.146/500) = 217.49 → 218.
        assert_eq!(sample_size(&rule(), 500).unwrap(), 218);
    }

    #[test]
    fn small_estates_survey_everyone() {
        assert_eq!(sample_size(&rule(), 20).unwrap(), 20);
        assert_eq!(sample_size(&rule(), 30).unwrap(), 30);
    }

    #[test]
    fn never_below_the_minimum_nor_above_the_population() {
        let strict = SampleRule {
            minimum: 40,
            margin: dec!(0.5),
            ..rule()
        };
        assert_eq!(sample_size(&strict, 100).unwrap(), 40);
        assert_eq!(
            sample_size(&rule(), 31).unwrap(),
            31.min(sample_size(&rule(), 31).unwrap())
        );
        assert!(sample_size(&rule(), 31).unwrap() <= 31);
    }

    #[test]
    fn impossible_rules_are_errors_not_numbers() {
        let tiny = SampleRule {
            margin: dec!(0.00000000000000000001),
            ..rule()
        };
        assert_eq!(
            sample_size(&tiny, 1000),
            Err(StatsError::Overflow { what: "n₀" })
        );
        let certain = SampleRule {
            confidence: dec!(1),
            ..rule()
        };
        assert_eq!(
            sample_size(&certain, 1000),
            Err(StatsError::Confidence(dec!(1)))
        );
    }

    #[test]
    fn large_populations_approach_n0() {
        assert_eq!(sample_size(&rule(), 1_000_000).unwrap(), 384);
    }
}
