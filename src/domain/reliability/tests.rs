//! Reference values: pingouin 0.7.0 and krippendorff 0.9.0 (Python 3.11, numpy 2.4.6), computed
//! once and pasted here. ICCs with
//! `pingouin.intraclass_corr(data=long, targets="t", raters="r", ratings="s", nan_policy="omit")`
//! on the long form of each matrix, read from the rows `Type == "ICC(A,1)"` (pingouin's ICC2)
//! and `Type == "ICC(C,1)"` (ICC3); α with
//! `krippendorff.alpha(reliability_data=M.T, level_of_measurement="interval")`, where `M` is the
//! `targets × raters` matrix below with `numpy.nan` for a missing score (the library wants
//! raters × units, hence the transpose).

use super::*;

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");
}

fn complete(m: &[Vec<Option<f64>>]) -> Vec<Vec<f64>> {
    m.iter()
        .filter_map(|row| row.iter().copied().collect::<Option<Vec<f64>>>())
        .collect()
}

fn dense(m: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
    m.iter()
        .map(|r| r.iter().map(|x| (!x.is_nan()).then_some(*x)).collect())
        .collect()
}

const NAN: f64 = f64::NAN;

/// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; their ICC(2,1) = 0.29.
fn shrout_fleiss() -> Vec<Vec<Option<f64>>> {
    dense(&[
        &[9.0, 2.0, 5.0, 8.0],
        &[6.0, 1.0, 3.0, 2.0],
        &[8.0, 4.0, 6.0, 8.0],
        &[7.0, 1.0, 2.0, 6.0],
        &[10.0, 5.0, 6.0, 9.0],
        &[6.0, 2.0, 4.0, 7.0],
    ])
}

/// A team of three reviewers on ten items, scores as % of the item's maximum; with gaps, the
/// same team when some reviewers did not score some items.
fn team(with_gaps: bool) -> Vec<Vec<Option<f64>>> {
    let gap = |x: f64| if with_gaps { NAN } else { x };
    dense(&[
        &[100.0, 100.0, 75.0],
        &[75.0, gap(50.0), 75.0],
        &[80.0, 70.0, 60.0],
        &[50.0, 50.0, gap(25.0)],
        &[100.0, 75.0, 100.0],
        &[gap(60.0), 60.0, 40.0],
        &[90.0, 80.0, 80.0],
        &[40.0, gap(30.0), gap(40.0)],
        &[100.0, 100.0, 100.0],
        &[70.0, 50.0, 60.0],
    ])
}

#[test]
fn shrout_fleiss_matches_the_paper_and_pingouin() {
    let m = complete(&shrout_fleiss());
    let a = icc_a1(&m).unwrap().unwrap();
    assert!((a.value - 0.29).abs() < 5e-3, "the paper prints 0.29");
    close(a.value, 0.289_763_779_527_559_16);
    assert_eq!(a.agreement, Agreement::Poor);
    let c = icc_c1(&m).unwrap().unwrap();
    assert!(
        (c.value - 0.71).abs() < 5e-3,
        "the paper prints ICC(3,1) = 0.71"
    );
    close(c.value, 0.714_840_714_840_715_4);
    assert_eq!(c.agreement, Agreement::Moderate);
    close(
        krippendorff_alpha(&shrout_fleiss()).unwrap().unwrap(),
        0.147_307_850_390_464_46,
    );
}

#[test]
fn complete_team_matches_pingouin_and_krippendorff() {
    let m = complete(&team(false));
    assert_eq!(m.len(), 10);
    let a = icc_a1(&m).unwrap().unwrap();
    close(a.value, 0.784_011_675_044_592_5);
    assert_eq!(a.agreement, Agreement::Good);
    let c = icc_c1(&m).unwrap().unwrap();
    close(c.value, 0.823_539_431_102_027_1);
    assert_eq!(c.agreement, Agreement::Good);
    close(
        krippendorff_alpha(&team(false)).unwrap().unwrap(),
        0.768_012_539_862_710_1,
    );
}

/// The ICCs use the six items every reviewer scored (pingouin's `nan_policy="omit"` drops the
/// same rows); α uses every item with two or more scores, here nine of ten (item 8 has one).
#[test]
fn team_with_gaps_matches_pingouin_and_krippendorff() {
    let m = complete(&team(true));
    assert_eq!(m.len(), 6);
    close(icc_a1(&m).unwrap().unwrap().value, 0.648_331_830_477_908_2);
    close(icc_c1(&m).unwrap().unwrap().value, 0.706_286_836_935_167_1);
    close(
        krippendorff_alpha(&team(true)).unwrap().unwrap(),
        0.732_954_545_454_545_4,
    );
}

/// The krippendorff package's own example (its docstring, after Krippendorff 2011): three
/// coders, fifteen units, many gaps; interval α = 0.810845 there.
#[test]
fn krippendorff_example_with_missing_values() {
    let coders: [[f64; 15]; 3] = [
        [
            NAN, NAN, NAN, NAN, NAN, 3., 4., 1., 2., 1., 1., 3., 3., NAN, 3.,
        ],
        [
            1., NAN, 2., 1., 3., 3., 4., 3., NAN, NAN, NAN, NAN, NAN, NAN, NAN,
        ],
        [
            NAN, NAN, 2., 1., 3., 4., 4., NAN, 2., 1., 1., 3., 3., NAN, 4.,
        ],
    ];
    let units: Vec<Vec<Option<f64>>> = (0..15)
        .map(|u| {
            coders
                .iter()
                .map(|c| (!c[u].is_nan()).then_some(c[u]))
                .collect()
        })
        .collect();
    close(
        krippendorff_alpha(&units).unwrap().unwrap(),
        0.810_844_892_812_105_9,
    );
}

/// The sums-of-squares form equals the paper's pair sums, D_o and D_e written out.
#[test]
fn alpha_equals_the_pairwise_definition() {
    let units = team(true);
    let pairable: Vec<Vec<f64>> = units
        .iter()
        .map(|u| u.iter().flatten().copied().collect::<Vec<f64>>())
        .filter(|u| u.len() >= 2)
        .collect();
    let all: Vec<f64> = pairable.iter().flatten().copied().collect();
    let n = all.len() as f64;
    let pairs = |v: &[f64]| -> f64 {
        let mut s = 0.0;
        for (i, a) in v.iter().enumerate() {
            for (j, b) in v.iter().enumerate() {
                if i != j {
                    s += (a - b).powi(2);
                }
            }
        }
        s
    };
    let d_o = pairable
        .iter()
        .map(|u| pairs(u) / (u.len() as f64 - 1.0))
        .sum::<f64>()
        / n;
    let d_e = pairs(&all) / (n * (n - 1.0));
    close(
        krippendorff_alpha(&units).unwrap().unwrap(),
        1.0 - d_o / d_e,
    );
}

/// Hand-computed in `tests/api/reliability.rs`: one reviewer is 25 points more lenient on
/// every item. Absolute agreement 0.4 (poor), consistency 1 (excellent). α from krippendorff
/// 0.9.0 as above: 0.11764705882352944.
#[test]
fn constant_leniency_costs_absolute_agreement_not_consistency() {
    let m = vec![vec![100.0, 75.0], vec![75.0, 50.0], vec![100.0, 75.0]];
    let a = icc_a1(&m).unwrap().unwrap();
    close(a.value, 0.4);
    assert_eq!(a.agreement, Agreement::Poor);
    let c = icc_c1(&m).unwrap().unwrap();
    close(c.value, 1.0);
    assert_eq!(c.agreement, Agreement::Excellent);
    let sparse: Vec<Vec<Option<f64>>> = m
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    close(
        krippendorff_alpha(&sparse).unwrap().unwrap(),
        0.117_647_058_823_529_44,
    );
}

#[test]
fn perfect_agreement_is_one() {
    let m = vec![vec![1.0, 1.0], vec![5.0, 5.0], vec![3.0, 3.0]];
    close(icc_a1(&m).unwrap().unwrap().value, 1.0);
    close(icc_c1(&m).unwrap().unwrap().value, 1.0);
    let sparse: Vec<Vec<Option<f64>>> = m
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    close(krippendorff_alpha(&sparse).unwrap().unwrap(), 1.0);
}

#[test]
fn koo_and_li_bands() {
    let band = |x| Agreement::of(x).unwrap();
    assert_eq!(band(-0.2), Agreement::Poor);
    assert_eq!(band(0.499), Agreement::Poor);
    assert_eq!(band(0.5), Agreement::Moderate);
    assert_eq!(band(0.75), Agreement::Good);
    assert_eq!(band(0.9), Agreement::Good);
    assert_eq!(band(0.901), Agreement::Excellent);
    assert!(Agreement::of(f64::NAN).is_err());
}

#[test]
fn undefined_coefficients_are_none() {
    // Too few targets or raters, or no variance at all.
    assert_eq!(icc_a1(&[]).unwrap(), None);
    assert_eq!(icc_a1(&[vec![1.0, 2.0]]).unwrap(), None);
    assert_eq!(icc_a1(&[vec![1.0], vec![2.0]]).unwrap(), None);
    assert_eq!(icc_a1(&[vec![4.0, 4.0], vec![4.0, 4.0]]).unwrap(), None);
    // Targets identical, raters differ: no between-target variance to be consistent about.
    assert_eq!(icc_c1(&[vec![1.0, 3.0], vec![1.0, 3.0]]).unwrap(), None);
    // Every unit scored once, or every pairable score the same.
    assert_eq!(krippendorff_alpha(&[vec![Some(1.0), None]]).unwrap(), None);
    assert_eq!(
        krippendorff_alpha(&[vec![Some(2.0), Some(2.0)], vec![Some(7.0), None]]).unwrap(),
        None
    );
}

#[test]
fn bad_inputs_are_errors_not_numbers() {
    assert!(matches!(
        icc_a1(&[vec![1.0, 2.0], vec![2.0]]),
        Err(StatsError::Ragged { .. })
    ));
    assert!(matches!(
        icc_c1(&[vec![1.0, f64::NAN], vec![2.0, 3.0]]),
        Err(StatsError::NonFinite { .. })
    ));
    assert!(krippendorff_alpha(&[vec![Some(f64::INFINITY), Some(1.0)]]).is_err());
    assert!(leniency(&[vec![Some(f64::NAN), Some(1.0)]], 2).is_err());
}

#[test]
fn leniency_is_mean_deviation_from_the_consensus() {
    // Consensus per target: 5, 7. Rater 0: +1, +1 → 1; rater 1: −1, −1 → −1.
    let m = vec![vec![Some(6.0), Some(4.0)], vec![Some(8.0), Some(6.0)]];
    assert_eq!(leniency(&m, 2).unwrap(), vec![Some(1.0), Some(-1.0)]);
    // A target scored by one rater has no consensus and is skipped.
    let m = vec![vec![Some(6.0), None]];
    assert_eq!(leniency(&m, 2).unwrap(), vec![None, None]);
}
