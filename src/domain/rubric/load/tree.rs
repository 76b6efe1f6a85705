//! The category/item tree: codes, depth, weights and declared sums.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use super::check::{self, label};
use super::item::item;
use super::raw::{RawCategory, S};
use crate::domain::rubric::diagnostic::Sink;
use crate::domain::rubric::model::{Category, Node};

/// Deepest allowed level: category / sub-category / sub-sub-category / item.
pub(crate) const MAX_DEPTH: usize = 4;

/// What the tree walk remembers across the file.
#[derive(Default)]
pub(crate) struct Seen {
    /// Codes so far (one namespace for categories and items), with where they were defined.
    pub codes: BTreeMap<String, Range<usize>>,
    /// Grade names referenced by veto items, checked once the bands are known.
    pub grade_refs: Vec<S<String>>,
    /// The rubric's declared roles (`[[role]]`), read before the tree so items can name them.
    pub roles: Vec<crate::domain::rubric::model::Role>,
    /// Unit types an `applies_to` may name (empty: any text, for rubrics about projects).
    pub unit_types: Vec<&'static str>,
}

/// Records `code`, reporting a duplicate at its second definition.
pub(crate) fn claim_code(sink: &mut Sink<'_>, seen: &mut Seen, code: &S<String>) {
    let key = code.get_ref().trim().to_owned();
    let codes = &mut seen.codes;
    if let Some(first) = codes.get(&key) {
        let line = sink.line_of(first.start);
        sink.at(
            &code.span(),
            format!("duplicate code {key} (first defined at line {line})"),
        );
    } else {
        codes.insert(key, code.span());
    }
}

/// What a category and an item begin with: the code claimed in the file's one namespace,
/// the depth checked, and the code and title read (`[code, title]` as written).
pub(crate) fn heading(
    sink: &mut Sink<'_>,
    seen: &mut Seen,
    span: &Range<usize>,
    what: &str,
    depth: usize,
    [code, title]: [&Option<S<String>>; 2],
) -> (Option<String>, Option<String>) {
    if let Some(c) = code {
        claim_code(sink, seen, c);
    }
    if depth > MAX_DEPTH {
        sink.at(
            span,
            format!("{what}nested {depth} levels deep; at most {MAX_DEPTH} allowed"),
        );
    }
    (
        check::text(sink, span, what, "code", code.as_ref()),
        check::text(sink, span, what, "title", title.as_ref()),
    )
}

/// A validated list of sibling categories, and whether their weights (rather than points) count.
pub(crate) fn categories(
    sink: &mut Sink<'_>,
    raws: &[S<RawCategory>],
    depth: usize,
    seen: &mut Seen,
    owner: &Range<usize>,
    whose: &str,
) -> Option<(Vec<Category>, bool)> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, raw) in raws.iter().enumerate() {
        match category(sink, raw, i, depth, seen) {
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    let weights: Vec<Option<Decimal>> = out.iter().map(|c| c.weight).collect();
    let weighted = weighted(sink, owner, whose, &weights)?;
    ok.then_some((out, weighted))
}

/// A validated category with its children, or `None` after reporting what is wrong.
fn category(
    sink: &mut Sink<'_>,
    raw: &S<RawCategory>,
    index: usize,
    depth: usize,
    seen: &mut Seen,
) -> Option<Category> {
    let span = raw.span();
    let r = raw.get_ref();
    let what = label("category", r.code.as_ref(), index);
    let (code, title) = heading(sink, seen, &span, &what, depth, [&r.code, &r.title]);
    let points = r
        .points
        .as_ref()
        .and_then(|p| check::positive(sink, &what, "points", p));
    let weight = r
        .weight
        .as_ref()
        .and_then(|w| check::share(sink, &what, "weight", w));
    let whose = format!("category {}", code.as_deref().unwrap_or("?"));
    let (children, ok) = children(sink, r, depth, seen, &span, &whose);
    if r.item.is_empty() && r.category.is_empty() {
        sink.at(&span, format!("{what}has no items"));
    }
    // A child that failed validation is missing from `children`: checking sums or weights now
    // would only repeat its problem in other words.
    if !ok {
        return None;
    }
    let weights: Vec<Option<Decimal>> = children.iter().filter_map(child_weight).collect();
    let is_weighted = weighted(sink, &span, &whose, &weights)?;
    let points = declared_sum(sink, &span, &what, &whose, points, is_weighted, &children)?;
    Some(Category {
        code: code?,
        title: title?,
        points,
        weight: r.weight.as_ref().and(weight),
        weighted: is_weighted,
        children,
    })
}

/// A category's items, then its sub-categories, and whether every one of them validated.
fn children(
    sink: &mut Sink<'_>,
    r: &RawCategory,
    depth: usize,
    seen: &mut Seen,
    span: &Range<usize>,
    whose: &str,
) -> (Vec<Node>, bool) {
    let mut children = Vec::new();
    let mut ok = true;
    for (i, it) in r.item.iter().enumerate() {
        match item(sink, it, i, depth + 1, seen) {
            Some(x) => children.push(Node::Item(x)),
            None => ok = false,
        }
    }
    let (subs, _) = categories(sink, &r.category, depth + 1, seen, span, whose).unwrap_or_default();
    ok &= subs.len() == r.category.len();
    children.extend(subs.into_iter().map(Node::Category));
    (children, ok)
}

/// The weight of a child that counts toward the total (bonus and veto items do not).
fn child_weight(node: &Node) -> Option<Option<Decimal>> {
    match node {
        Node::Item(i) if !i.method.counts_toward_total() => None,
        Node::Item(i) => Some(i.weight),
        Node::Category(c) => Some(c.weight),
    }
}

/// Full points of a child as seen by an unweighted parent.
pub(crate) fn full_points(node: &Node) -> Decimal {
    match node {
        Node::Item(i) if i.method.counts_toward_total() => i.max,
        Node::Item(_) => Decimal::ZERO,
        Node::Category(c) => c.points,
    }
}

/// All weights given (and summing to 1), or none.
fn weighted(
    sink: &mut Sink<'_>,
    at: &Range<usize>,
    whose: &str,
    weights: &[Option<Decimal>],
) -> Option<bool> {
    let given: Vec<Decimal> = weights.iter().flatten().copied().collect();
    if given.is_empty() {
        return Some(false);
    }
    if given.len() != weights.len() {
        sink.at(
            at,
            format!("children of {whose} must all have a weight or none"),
        );
        return None;
    }
    check::weights_sum_to_one(sink, at, whose, &given);
    Some(true)
}

/// The category's full points: declared (and checked against its children) or summed.
fn declared_sum(
    sink: &mut Sink<'_>,
    span: &Range<usize>,
    what: &str,
    whose: &str,
    declared: Option<Decimal>,
    is_weighted: bool,
    children: &[Node],
) -> Option<Decimal> {
    let sum: Decimal = children.iter().map(full_points).sum();
    match declared {
        Some(p) if !is_weighted && p != sum => {
            sink.at(
                span,
                format!(
                    "items of {whose} sum to {}, expected {}",
                    sum.normalize(),
                    p.normalize()
                ),
            );
            Some(p)
        }
        Some(p) => Some(p),
        None if is_weighted => {
            sink.at(span, format!("{what}weighted children need `points`"));
            None
        }
        None => Some(sum),
    }
}
