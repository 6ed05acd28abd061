//! Findings and conditions in words. The evaluator records what it found
//! as data (`model::finding`, `model::expect`); every sentence a report
//! shows about it is made here, so a second language is one more module
//! beside this one.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::expect::{Expectation, Op, Shown};
use crate::model::finding::{Actual, AppliedWaiver, Expected, Finding, Note, Status};
use crate::validate::condition::Cond;

/// What the test expects, in words ("one of: China Telecom, China
/// Mobile"); the opposite when it sits under a `not` ("none of: …").
pub fn expectation(e: &Expectation, negated: bool) -> String {
    use Op::*;
    let o = || operand(&e.shown);
    match (e.op, negated, &e.shown) {
        (Exists, _, Shown::Present(b)) => if *b != negated { "present" } else { "absent" }.into(),
        (NotEquals, false, Shown::NonEmpty) => "at least one".into(),
        (NotEquals, true, Shown::NonEmpty) => "not (at least one)".into(),
        (Equals, false, _) | (NotEquals, true, _) => o().into_owned(),
        (Equals, true, _) | (NotEquals, false, _) => format!("not {}", o()),
        (In, false, _) | (NotIn, true, _) => format!("one of: {}", o()),
        (In, true, _) | (NotIn, false, _) | (Intersects, true, _) => format!("none of: {}", o()),
        (Matches, false, _) => format!("matches {}", o()),
        (Matches, true, _) => format!("does not match {}", o()),
        (Gt, false, _) | (Lte, true, _) => format!("> {}", o()),
        (Gte, false, _) | (Lt, true, _) => format!(">= {}", o()),
        (Lt, false, _) | (Gte, true, _) => format!("< {}", o()),
        (Lte, false, _) | (Gt, true, _) => format!("<= {}", o()),
        (Contains, false, _) => format!("includes {}", o()),
        (Contains, true, _) => format!("does not include {}", o()),
        (SubsetOf, false, _) => format!("only: {}", o()),
        (SubsetOf, true, _) => format!("something besides: {}", o()),
        (Intersects, false, _) => format!("any of: {}", o()),
        (Within, false, Shown::Within { duration, since }) => {
            format!("within {duration} (on or after {since})")
        }
        (Within, true, Shown::Within { duration, since }) => {
            format!("older than {duration} (before {since})")
        }
        (After, false, _) => format!("after {}", o()),
        (After, true, _) => format!("on or before {}", o()),
        (Before, false, _) => format!("before {}", o()),
        (Before, true, _) => format!("on or after {}", o()),
        // Shapes the compiler does not produce (`exists` always has a
        // flag, `within` a duration): said plainly rather than guessed.
        (_, false, _) => o().into_owned(),
        (_, true, _) => format!("not ({})", o()),
    }
}

/// The operand as written.
fn operand(shown: &Shown) -> Cow<'_, str> {
    match shown {
        Shown::Value(v) => Cow::Borrowed(v),
        Shown::List(items) if items.is_empty() => Cow::Borrowed("(none)"),
        Shown::List(items) => Cow::Owned(items.join(", ")),
        Shown::Today(d) => Cow::Owned(format!("{d} (the audit date)")),
        Shown::Duration { written, days } => Cow::Owned(format!("{written} ({days} days)")),
        Shown::Present(true) => Cow::Borrowed("present"),
        Shown::Present(false) => Cow::Borrowed("absent"),
        Shown::NonEmpty => Cow::Borrowed("at least one"),
        Shown::Within { duration, since } => {
            Cow::Owned(format!("within {duration} (on or after {since})"))
        }
    }
}

fn expected_words(e: &Expected) -> String {
    expectation(&e.expectation, e.negated)
}

/// The finding's `expected` column.
pub fn expected(f: &Finding) -> String {
    f.expected.as_ref().map(expected_words).unwrap_or_default()
}

/// The finding's `actual` column.
pub fn actual(a: &Actual) -> Cow<'_, str> {
    match a {
        Actual::Missing => Cow::Borrowed("(missing)"),
        Actual::NoConfig => Cow::Borrowed("(no device configuration linked)"),
        Actual::Value {
            value,
            detail: None,
        } => Cow::Borrowed(value),
        Actual::Value {
            value,
            detail: Some(d),
        } => Cow::Owned(format!("{value} ({d})")),
    }
}

/// The field and its value as one statement.
fn state(out: &mut String, field: &str, a: &Actual) {
    out.push_str(field);
    match a {
        Actual::Missing => out.push_str(" is missing"),
        Actual::NoConfig => out.push_str(": no device configuration is linked"),
        Actual::Value { .. } => {
            out.push_str(" is ");
            out.push_str(&actual(a));
        }
    }
}

/// The finding's message: what was found, what was expected, and what
/// else there is to say.
pub fn message(f: &Finding) -> String {
    let mut out = String::with_capacity(160);
    write_message(&mut out, f);
    out
}

/// [`message`], appended to `out`.
pub fn write_message(out: &mut String, f: &Finding) {
    let expected = expected(f);
    state(out, f.field, &f.actual);
    if f.status == Status::Pass {
        out.push_str(": passes (");
        out.push_str(&expected);
        out.push(')');
    } else {
        out.push_str("; expected ");
        out.push_str(&expected);
    }
    for note in &f.notes {
        match note {
            Note::Detail(d) => {
                out.push_str("; ");
                out.push_str(d);
            }
            Note::Also {
                field,
                expected,
                actual,
            } => {
                out.push_str("; also ");
                state(out, field, actual);
                out.push_str(" (expected ");
                out.push_str(&expected_words(expected));
                out.push(')');
            }
            Note::Judged(None) => out.push_str(" (judged: the declared crypto)"),
            Note::Judged(Some(path)) => {
                out.push_str(" (judged: the device configuration ");
                out.push_str(path);
                out.push(')');
            }
            Note::DecidedBy { tunnel, line } => {
                let _ = write!(out, "; decided by tunnel {tunnel} (line {line})");
            }
            Note::OrganisationValue { path, line } => {
                let _ = write!(out, " (the organisation's value: {path} line {line})");
            }
        }
    }
}

/// The waiver that matched the finding, in one line (empty when none did).
pub fn waiver(f: &Finding) -> String {
    match &f.waiver {
        None => String::new(),
        Some(AppliedWaiver {
            waiver: w,
            expired: false,
        }) => format!(
            "{}; {}; expires {}; {}",
            w.approved_by, w.ticket, w.expires, w.reason
        ),
        Some(AppliedWaiver {
            waiver: w,
            expired: true,
        }) => format!(
            "expired {}; {}; {}; {}",
            w.expires, w.approved_by, w.ticket, w.reason
        ),
    }
}

/// A condition in words, for `explain` and `rules`.
pub fn describe(c: &Cond) -> String {
    match c {
        Cond::Leaf(l) => format!("{} {}", l.field.path, phrase(&l.expected, false)),
        Cond::Not(inner) => match &**inner {
            Cond::Leaf(l) => format!("{} {}", l.field.path, phrase(&l.expected, true)),
            _ => format!("not ({})", describe(inner)),
        },
        Cond::All(cs) => cs.iter().map(wrap).collect::<Vec<_>>().join(" and "),
        Cond::Any(cs) => cs.iter().map(wrap).collect::<Vec<_>>().join(" or "),
    }
}

/// "is >= 6mo", "includes mfa", "is present".
fn phrase(e: &Expectation, negated: bool) -> String {
    let words = expectation(e, negated);
    match e.op {
        Op::Equals
        | Op::NotEquals
        | Op::In
        | Op::NotIn
        | Op::Exists
        | Op::Gt
        | Op::Gte
        | Op::Lt
        | Op::Lte => format!("is {words}"),
        _ => words,
    }
}

fn wrap(c: &Cond) -> String {
    match c {
        Cond::All(v) | Cond::Any(v) if v.len() > 1 => format!("({})", describe(c)),
        _ => describe(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn e(op: Op, shown: Shown) -> Expectation {
        Expectation { op, shown }
    }

    fn text(v: &str) -> Shown {
        Shown::Value(v.into())
    }

    fn list(items: &[&str]) -> Shown {
        Shown::List(items.iter().map(|s| (*s).into()).collect())
    }

    /// Each operator both ways round: a test under a `not` reads as the
    /// opposite, never as the same words with "not" stuck on where a
    /// proper opposite exists.
    #[test]
    fn every_operator_in_both_polarities() {
        let cases = [
            (e(Op::Exists, Shown::Present(true)), "present", "absent"),
            (e(Op::Exists, Shown::Present(false)), "absent", "present"),
            (e(Op::Equals, text("ikev2")), "ikev2", "not ikev2"),
            (e(Op::NotEquals, text("ikev1")), "not ikev1", "ikev1"),
            (
                e(Op::NotEquals, Shown::NonEmpty),
                "at least one",
                "not (at least one)",
            ),
            (e(Op::Equals, list(&[])), "(none)", "not (none)"),
            (
                e(Op::In, list(&["China Telecom", "China Unicom"])),
                "one of: China Telecom, China Unicom",
                "none of: China Telecom, China Unicom",
            ),
            (
                e(Op::NotIn, list(&["1", "2"])),
                "none of: 1, 2",
                "one of: 1, 2",
            ),
            (
                e(Op::Matches, text("^a")),
                "matches ^a",
                "does not match ^a",
            ),
            (e(Op::Gte, text("180d")), ">= 180d", "< 180d"),
            (e(Op::Gt, text("3")), "> 3", "<= 3"),
            (e(Op::Lte, text("3")), "<= 3", "> 3"),
            (e(Op::Lt, text("3")), "< 3", ">= 3"),
            (
                e(
                    Op::Gte,
                    Shown::Duration {
                        written: "6mo".into(),
                        days: 180,
                    },
                ),
                ">= 6mo (180 days)",
                "< 6mo (180 days)",
            ),
            (
                e(Op::Contains, list(&["mfa"])),
                "includes mfa",
                "does not include mfa",
            ),
            (
                e(Op::SubsetOf, list(&["a", "b"])),
                "only: a, b",
                "something besides: a, b",
            ),
            (e(Op::Intersects, list(&["a"])), "any of: a", "none of: a"),
            (
                e(
                    Op::Within,
                    Shown::Within {
                        duration: "1y".into(),
                        since: date(2025, 11, 28),
                    },
                ),
                "within 1y (on or after 2025-11-28)",
                "older than 1y (before 2025-11-28)",
            ),
            (
                e(Op::After, Shown::Today(date(2026, 11, 28))),
                "after 2026-11-28 (the audit date)",
                "on or before 2026-11-28 (the audit date)",
            ),
            (
                e(Op::Before, text("2027-01-01")),
                "before 2027-01-01",
                "on or after 2027-01-01",
            ),
        ];
        for (x, plain, negated) in cases {
            assert_eq!(expectation(&x, false), plain, "{x:?}");
            assert_eq!(expectation(&x, true), negated, "{x:?} negated");
        }
    }

    #[test]
    fn actual_values_in_words() {
        assert_eq!(actual(&Actual::Missing), "(missing)");
        assert_eq!(
            actual(&Actual::NoConfig),
            "(no device configuration linked)"
        );
        let v = Actual::Value {
            value: "中国电信".into(),
            detail: Some("China Telecom".into()),
        };
        assert_eq!(actual(&v), "中国电信 (China Telecom)");
    }
}
