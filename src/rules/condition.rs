//! Evaluating a compiled condition ([`Cond`], built by
//! `validate::condition`) on one subject, with three-valued logic: a missing
//! field is *unknown*, never a pass.

use crate::model::carriers::Carriers;
use crate::model::schema::Ty;
use crate::model::value::Tri;
use crate::rules::facts::{Subject, ValueRef};
use crate::validate::condition::{Cond, Leaf, Op, Operand};

fn text_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Leaf {
    pub fn eval(&self, subject: &Subject) -> Tri {
        let value = subject.get(&self.field);
        if self.op == Op::Exists {
            let want = matches!(self.operand, Operand::Bool(true));
            return Tri::from_bool(value.is_some() == want);
        }
        match value {
            Some(v) => Tri::from_bool(self.test(v)),
            None => Tri::Unknown,
        }
    }

    fn test(&self, v: ValueRef) -> bool {
        use Op::*;
        use Operand as O;
        use ValueRef as V;
        // A carrier is compared by the canonical name both sides resolve to.
        let text_eq = |a: &str, b: &str| {
            if self.field.ty == Ty::Carrier {
                let t = Carriers::builtin();
                text_eq(t.canonical(a), t.canonical(b))
            } else {
                text_eq(a, b)
            }
        };
        match (self.op, v, &self.operand) {
            (Equals | NotEquals, _, _) => {
                let eq = match (v, &self.operand) {
                    (V::Bool(a), O::Bool(b)) => a == *b,
                    (V::Int(a), O::Int(b)) => a == *b,
                    (V::Text(a), O::Text(b)) => text_eq(a, b),
                    (V::Duration(a), O::Duration(b)) => a.comparable_days() == b.comparable_days(),
                    (V::Date(a), O::Date(b)) => a == *b,
                    (V::List(l), O::Texts(want)) => {
                        l.iter().all(|x| want.iter().any(|w| text_eq(x, w)))
                            && want.iter().all(|w| l.iter().any(|x| text_eq(x, w)))
                    }
                    _ => false,
                };
                eq == (self.op == Equals)
            }
            (In | NotIn, _, _) => {
                let found = match (v, &self.operand) {
                    (V::Text(a), O::Texts(set)) => set.iter().any(|s| text_eq(a, s)),
                    (V::Int(a), O::Ints(set)) => set.contains(&a),
                    _ => false,
                };
                found == (self.op == In)
            }
            (Matches, V::Text(t), O::Regex(re)) => re.is_match(t),
            (Gt | Gte | Lt | Lte, _, _) => {
                let ord = match (v, &self.operand) {
                    (V::Int(a), O::Int(b)) => a.cmp(b),
                    (V::Duration(a), O::Duration(b)) => {
                        a.comparable_days().cmp(&b.comparable_days())
                    }
                    (V::Date(a), O::Date(b)) => a.cmp(b),
                    _ => return false,
                };
                match self.op {
                    Gt => ord.is_gt(),
                    Gte => ord.is_ge(),
                    Lt => ord.is_lt(),
                    _ => ord.is_le(),
                }
            }
            (Contains, V::List(l), O::Texts(want)) => {
                want.iter().all(|w| l.iter().any(|x| text_eq(x, w)))
            }
            (SubsetOf, V::List(l), O::Texts(set)) => {
                l.iter().all(|x| set.iter().any(|s| text_eq(x, s)))
            }
            (Intersects, V::List(l), O::Texts(set)) => {
                l.iter().any(|x| set.iter().any(|s| text_eq(x, s)))
            }
            (Within, V::Date(d), O::Date(since)) => d >= *since,
            (After, V::Date(d), O::Date(t)) => d > *t,
            (Before, V::Date(d), O::Date(t)) => d < *t,
            _ => false,
        }
    }
}

/// A leaf that kept a check from passing.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    pub leaf: &'a Leaf,
    pub result: Tri,
    /// True when the leaf sits under an odd number of `not`s (it failed by
    /// being true).
    pub negated: bool,
}

impl Cond {
    pub fn eval(&self, subject: &Subject) -> Tri {
        match self {
            Cond::Leaf(l) => l.eval(subject),
            Cond::Not(c) => !c.eval(subject),
            Cond::All(cs) => {
                let mut out = Tri::True;
                for c in cs {
                    match c.eval(subject) {
                        Tri::False => return Tri::False,
                        Tri::Unknown => out = Tri::Unknown,
                        Tri::True => {}
                    }
                }
                out
            }
            Cond::Any(cs) => {
                let mut out = Tri::False;
                for c in cs {
                    match c.eval(subject) {
                        Tri::True => return Tri::True,
                        Tri::Unknown => out = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                out
            }
        }
    }

    /// The leaves that kept this condition from being `want`, in order.
    pub fn failures<'a>(&'a self, subject: &Subject, want: bool, out: &mut Vec<Failure<'a>>) {
        match self {
            Cond::Leaf(l) => {
                let t = l.eval(subject);
                if t != Tri::from_bool(want) {
                    out.push(Failure {
                        leaf: l,
                        result: t,
                        negated: !want,
                    });
                }
            }
            Cond::Not(c) => c.failures(subject, !want, out),
            Cond::All(cs) | Cond::Any(cs) => {
                // `all` made true (or `any` made false) needs every child:
                // the ones that fall short kept it. `any` made true (or `all`
                // made false) needs one: if one holds, nothing kept it, else
                // every child did.
                let every = matches!(self, Cond::All(_)) == want;
                let holds = |c: &Cond| c.eval(subject) == Tri::from_bool(want);
                if !every && cs.iter().any(holds) {
                    return;
                }
                for c in cs {
                    if !holds(c) {
                        c.failures(subject, want, out);
                    }
                }
            }
        }
    }

    /// A leaf that makes this (true) condition true: the one to show on a
    /// passing check, and whether it does so by being false (under a `not`).
    pub fn satisfied_by(&self, subject: &Subject) -> Option<(&Leaf, bool)> {
        self.decided_by(subject, true).map(|(l, want)| (l, !want))
    }

    /// A leaf whose value makes this condition `want`.
    fn decided_by(&self, subject: &Subject, want: bool) -> Option<(&Leaf, bool)> {
        match self {
            Cond::Leaf(l) => (l.eval(subject) == Tri::from_bool(want)).then_some((l, want)),
            Cond::Not(c) => c.decided_by(subject, !want),
            // All true (any false) needs each (one); any true (all false) one (each).
            Cond::All(cs) | Cond::Any(cs) => cs.iter().find_map(|c| c.decided_by(subject, want)),
        }
    }

    /// Every leaf, in order.
    pub fn leaves(&self) -> Vec<&Leaf> {
        match self {
            Cond::Leaf(l) => vec![l],
            Cond::Not(c) => c.leaves(),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().flat_map(Cond::leaves).collect(),
        }
    }
}
