//! The threshold method: a measured share (or percentage) against a floor and a target, on a
//! linear or efficacy curve, multiplying before the one division so terminating scores are
//! exact.

use rust_decimal::Decimal;

use super::{ItemOutcome, g};
use crate::domain::rubric::exact::Frac;
use crate::domain::rubric::figures::Precision;
use crate::domain::rubric::model::{BelowFloor, Curve, Method, ShareUnit};

/// max × (base × (target − floor) + span × (x − floor)) / (100 × (target − floor)): one
/// division, last, so a score whose true value terminates is exact.
pub(super) fn threshold(
    method: &Method,
    x: Decimal,
    max: Decimal,
    p: Precision,
) -> Result<ItemOutcome, String> {
    let Method::Threshold {
        measure,
        measured_in,
        target,
        floor,
        curve,
        base,
        span,
        below_floor,
    } = method
    else {
        return Err("not a threshold item".into());
    };
    check_measured(measure, x, *measured_in)?;
    let t = Terms::new(x, max, *target, *floor, p);
    let pct = if *measured_in == ShareUnit::Percent {
        "%"
    } else {
        ""
    };
    let head = format!(
        "{measure} {}{pct}（目标 {}{pct}，下限 {}{pct}）",
        t.xs, t.ts, t.fs
    );
    let (score, how) = if x >= *target {
        (Frac::from(max), format!("达到目标 → 满分 {}", t.m))
    } else if x < *floor {
        t.below_floor(*below_floor, *base)
    } else {
        t.on_curve(*curve, *base, *span)
    };
    let curve = match curve {
        Curve::Linear => "linear",
        Curve::Efficacy => "efficacy",
    };
    Ok(ItemOutcome::scored(
        score,
        format!("{head}：{how} (threshold, {curve})"),
    ))
}

/// One threshold item's figures: exact, and as its explanation writes them.
struct Terms {
    /// The measured value as the fraction it is (a rate handed over as a long quotient, 2 of 3
    /// as 0.666…7, is computed as 2/3).
    x: Frac,
    max: Decimal,
    target: Decimal,
    floor: Decimal,
    p: Precision,
    /// The measured value as written: a decimal, or `2/3` when it does not terminate.
    xs: String,
    /// Target, floor and max as given.
    ts: Decimal,
    fs: Decimal,
    m: Decimal,
}

impl Terms {
    fn new(x: Decimal, max: Decimal, target: Decimal, floor: Decimal, p: Precision) -> Self {
        let xf = Frac::recovered(x);
        let xs = match xf.places() {
            Some(_) => g(x).to_string(),
            None => format!("{}/{}", xf.numer(), xf.denom()),
        };
        Terms {
            x: xf,
            max,
            target,
            floor,
            p,
            xs,
            ts: g(target),
            fs: g(floor),
            m: g(max),
        }
    }

    /// Below the floor: nothing, or the curve's base percentage.
    fn below_floor(&self, below: BelowFloor, base: Decimal) -> (Frac, String) {
        match below {
            BelowFloor::Zero => (Frac::ZERO, "低于下限 → 0".to_owned()),
            BelowFloor::Base => {
                let s = Frac::from(self.max) * base / hundred();
                let eq = self.p.equals(s);
                (
                    s,
                    format!("低于下限，按基础分 {} × {}% {eq}", self.m, g(base)),
                )
            }
        }
    }

    /// Between floor and target: the curve, multiplied out before its one division.
    fn on_curve(&self, curve: Curve, base: Decimal, span: Decimal) -> (Frac, String) {
        let (dx, dt) = (self.x - Frac::from(self.floor), self.target - self.floor);
        let s = Frac::from(self.max) * (Frac::from(base * dt) + dx * span) / (hundred() * dt);
        let eq = self.p.equals(s);
        let (m, xs, ts, fs) = (self.m, &self.xs, self.ts, self.fs);
        let formula = match curve {
            Curve::Linear => format!("{m} × ({xs} − {fs})/({ts} − {fs})"),
            Curve::Efficacy => format!(
                "{m} × ({} + {} × ({xs} − {fs})/({ts} − {fs}))%",
                g(base),
                g(span)
            ),
        };
        (s, format!("{formula} {eq}"))
    }
}

/// 100 as a fraction.
fn hundred() -> Frac {
    Frac::from(Decimal::ONE_HUNDRED)
}

/// A measured share lies in 0–1 (a percentage in 0–100); 95 typed for 95% is refused with
/// the share it probably means.
pub(crate) fn check_measured(measure: &str, x: Decimal, unit: ShareUnit) -> Result<(), String> {
    let xs = g(x);
    if x < Decimal::ZERO {
        return Err(format!(
            "{measure} {xs} 不能为负 (measured value must not be negative)"
        ));
    }
    match unit {
        ShareUnit::Share if x > Decimal::ONE => {
            let hint = if x <= Decimal::ONE_HUNDRED {
                let share = g(x / Decimal::ONE_HUNDRED);
                format!("；若指 {xs}%，请填 {share} (did you mean {share}?)")
            } else {
                String::new()
            };
            Err(format!(
                "{measure} {xs} 是比例，须在 0–1 之间 (a share lies in 0..1){hint}"
            ))
        }
        ShareUnit::Percent if x > Decimal::ONE_HUNDRED => Err(format!(
            "{measure} {xs}% 须在 0–100 之间 (a percentage lies in 0..100)"
        )),
        _ => Ok(()),
    }
}
