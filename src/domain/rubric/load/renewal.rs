//! `[[credit.project_renewal]]`: quality grades with a renewal stance of their own, each one of
//! the `[[credit.use]]` rows' renewal texts (their order is what "stricter" means).

use serde::Deserialize;

use super::check;
use super::raw::S;
use crate::domain::rubric::credit::{CreditUse, QualityRenewal};
use crate::domain::rubric::diagnostic::Sink;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQualityRenewal {
    pub quality_grade: Option<S<String>>,
    pub renewal: Option<S<String>>,
}

/// The checked rows; `uses` are the checked use rows (`None` when they did not load).
pub(crate) fn project_renewal(
    sink: &mut Sink<'_>,
    raws: &[S<RawQualityRenewal>],
    uses: Option<&[CreditUse]>,
) -> Option<Vec<QualityRenewal>> {
    let mut out = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let (s, r) = (raw.span(), raw.get_ref());
        let what = format!("credit project_renewal #{}: ", i + 1);
        let grade = check::text(sink, &s, &what, "quality_grade", r.quality_grade.as_ref());
        let renewal = check::text(sink, &s, &what, "renewal", r.renewal.as_ref());
        if let (Some(renewal), Some(uses)) = (&renewal, uses)
            && !uses.iter().any(|u| &u.renewal == renewal)
        {
            sink.at(
                &s,
                format!("{what}`renewal` = {renewal:?} is none of the [[credit.use]] rows' renewal texts"),
            );
            out.push(None);
            continue;
        }
        if grade.as_ref().is_some_and(|g| {
            out.iter()
                .flatten()
                .any(|q: &QualityRenewal| &q.quality_grade == g)
        }) {
            sink.at(&s, format!("{what}`quality_grade` appears twice"));
            out.push(None);
            continue;
        }
        out.push(
            grade
                .zip(renewal)
                .map(|(quality_grade, renewal)| QualityRenewal {
                    quality_grade,
                    renewal,
                }),
        );
    }
    out.into_iter().collect()
}
