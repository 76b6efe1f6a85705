//! Responses thrown out, by reason, as a response shows them: a list of `{reason: {code,
//! label}, count}` in the reasons' order, kept as a map of codes in the figures (the sufficient
//! statistics store the codes).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

crate::domain::labelled::labelled_enum!(
    /// Why a questionnaire does not count ([`super::Invalidity`]'s kinds).
    InvalidReason, "无效原因" {
        /// An answer to a question the questionnaire does not have.
        UnknownQuestion = ("unknown_question", "未知题目"),
        /// A label that is not on the scale.
        UnknownAnswer = ("unknown_answer", "答案不在量表中"),
        /// The start time could not be verified (a forged, foreign or stale start token).
        UnverifiedStart = ("unverified_start", "开始时间无法核实"),
        /// Completed faster than the minimum time.
        TooFast = ("too_fast", "用时过短"),
        /// More than the allowed share left blank.
        TooManyUnanswered = ("too_many_unanswered", "未答题过多"),
        /// The same answer to every question.
        StraightLined = ("straight_lined", "全部同一答案"),
    }
);

/// One reason's count.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidCount {
    /// The reason, `{code, label}`.
    pub reason: InvalidReason,
    /// Responses thrown out for it.
    pub count: u32,
}

/// Writes the map as [`InvalidCount`]s; a code no reason has is an error, never dropped.
pub fn serialize<S: serde::Serializer>(
    map: &BTreeMap<String, u32>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut list = Vec::with_capacity(map.len());
    for (code, count) in map {
        let reason = InvalidReason::parse("invalid", code).map_err(serde::ser::Error::custom)?;
        list.push(InvalidCount {
            reason,
            count: *count,
        });
    }
    list.sort_by_key(|c| c.reason);
    list.serialize(s)
}

/// Reads what [`serialize`] writes.
pub fn deserialize<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, u32>, D::Error> {
    let list = Vec::<InvalidCount>::deserialize(d)?;
    Ok(list
        .into_iter()
        .map(|c| (c.reason.code().to_owned(), c.count))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct W(#[serde(with = "super")] BTreeMap<String, u32>);

    #[test]
    fn reasons_are_written_with_their_labels_and_read_back() {
        let map = BTreeMap::from([("too_fast".to_owned(), 2), ("straight_lined".to_owned(), 1)]);
        let written = serde_json::to_value(W(map.clone())).unwrap();
        assert_eq!(
            written,
            json!([
                {"reason": {"code": "too_fast", "label": "用时过短"}, "count": 2},
                {"reason": {"code": "straight_lined", "label": "全部同一答案"}, "count": 1}
            ])
        );
        assert_eq!(serde_json::from_value::<W>(written).unwrap(), W(map));
        let unknown = BTreeMap::from([("nope".to_owned(), 1)]);
        assert!(serde_json::to_value(W(unknown)).is_err());
    }
}
