//! What a rule's test expects of a field, as data: the operator and its
//! operand as the rule wrote it. The report layer puts it into words, either
//! way round (a test under a `not` expects the opposite), so no wording is
//! fixed here.

use jiff::civil::Date;

/// A leaf test's operator (SPEC §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equals,
    NotEquals,
    In,
    NotIn,
    Matches,
    Exists,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    SubsetOf,
    Intersects,
    Within,
    After,
    Before,
}

/// Every leaf operator by name (also `vpnaudit schema obligations`).
pub const OPS: &[(&str, Op)] = &[
    ("equals", Op::Equals),
    ("not_equals", Op::NotEquals),
    ("in", Op::In),
    ("not_in", Op::NotIn),
    ("matches", Op::Matches),
    ("exists", Op::Exists),
    ("gt", Op::Gt),
    ("gte", Op::Gte),
    ("lt", Op::Lt),
    ("lte", Op::Lte),
    ("contains", Op::Contains),
    ("subset_of", Op::SubsetOf),
    ("intersects", Op::Intersects),
    ("within", Op::Within),
    ("after", Op::After),
    ("before", Op::Before),
];

impl Op {
    pub fn name(self) -> &'static str {
        OPS.iter().find(|(_, o)| *o == self).map_or("?", |(n, _)| n)
    }
}

/// The operand as written, for showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// One value as written (a carrier by its canonical name, a date).
    Value(Box<str>),
    /// Several values, in the rule's order (possibly none).
    List(Box<[Box<str>]>),
    /// `today`: the audit date.
    Today(Date),
    /// A duration not counted in days, with its length in days.
    Duration { written: Box<str>, days: u64 },
    /// `exists`: whether the field should be present.
    Present(bool),
    /// `not_equals: []` on a list: at least one item.
    NonEmpty,
    /// `within`: the duration, and the first date it reaches back to.
    Within { duration: Box<str>, since: Date },
}

/// What one test expects of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub op: Op,
    pub shown: Shown,
}
