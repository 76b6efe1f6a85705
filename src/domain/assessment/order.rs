//! The order items are listed in: the rubric's own, never the lexicographic order of codes.

use std::collections::HashMap;

use super::items;
use crate::domain::rubric::model::Assessment;

/// The order items are listed in everywhere: the rubric's own (2.2 before 2.10), never the
/// lexicographic order of their codes ("2.10" < "2.2"). Codes the rubric does not have come
/// last, in natural order (numeric parts compared as numbers).
#[derive(Debug, Clone, Default)]
pub struct ItemOrder {
    position: HashMap<String, usize>,
}

impl ItemOrder {
    /// The order of `assessment`'s items.
    pub fn of(assessment: &Assessment) -> Self {
        Self {
            position: items(assessment)
                .into_iter()
                .enumerate()
                .map(|(k, i)| (i.code.clone(), k))
                .collect(),
        }
    }

    /// The sort key of `code`.
    pub fn key(&self, code: &str) -> (usize, Vec<CodePart>) {
        (
            self.position.get(code).copied().unwrap_or(usize::MAX),
            natural_key(code),
        )
    }

    /// Sorts `list` by the code `code_of` reads from each entry (stable: entries of one item
    /// keep their order).
    pub fn sort<T>(&self, list: &mut [T], code_of: impl Fn(&T) -> &str) {
        list.sort_by_cached_key(|t| self.key(code_of(t)));
    }
}

/// One dot-separated part of an item code: numbers compare as numbers, before text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CodePart {
    /// A numeric part (`10` of `2.10`).
    Number(u64),
    /// Any other part.
    Text(String),
}

/// The natural sort key of a code: `2.2` < `2.10` < `10.1`.
pub fn natural_key(code: &str) -> Vec<CodePart> {
    code.split('.')
        .map(|p| match p.parse() {
            Ok(n) => CodePart::Number(n),
            Err(_) => CodePart::Text(p.to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_in_natural_order_when_the_rubric_does_not_have_them() {
        let order = ItemOrder::default();
        let mut codes = vec!["2.10", "10.1", "2.2", "2.1.3", "a", "2.9"];
        order.sort(&mut codes, |c| c);
        assert_eq!(codes, ["2.1.3", "2.2", "2.9", "2.10", "10.1", "a"]);
    }
}
