//! The rule language (SPEC §1.3): `all` / `any` / `not` and leaf tests
//! `{field: PATH, OP: VALUE}`, compiled against the field table into a
//! [`Cond`] with no syntax left inside; `rules::condition` evaluates it with
//! three-valued logic (a missing field is *unknown*).

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use regex::{Regex, RegexBuilder};

use crate::diag::Code;
use crate::diag::{Diagnostics, suggest};
use crate::model::expect::{Expectation, Shown};
use crate::model::fields::{self, RuleField};
use crate::model::schema::Ty;
use crate::model::value::{Duration, Value};
use crate::source::Pos;
use crate::syntax::node::{Node, NodeValue};
use crate::validate::read::Reader;

/// Largest compiled size of a pattern in a pack; bounds memory and time for
/// hostile patterns (the regex crate never backtracks, so time is linear).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

pub use crate::model::expect::{OPS, Op};

/// A compiled operand, already converted to the field's type.
#[derive(Debug, Clone)]
pub enum Operand {
    Bool(bool),
    Int(i64),
    Text(Box<str>),
    Texts(Vec<Box<str>>),
    Ints(Vec<i64>),
    Regex(Regex),
    Duration(Duration),
    Date(Date),
}

#[derive(Debug, Clone)]
pub struct Leaf {
    pub field: RuleField,
    pub op: Op,
    pub operand: Operand,
    /// What the field should be, as data; shared by every finding that
    /// quotes it.
    pub expected: Arc<Expectation>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Leaf(Leaf),
}

/// A parameter's value and the file it was written in (a pack's default, or
/// the usage policy's override).
#[derive(Debug, Clone)]
pub struct ParamValue {
    pub node: Node,
    pub path: String,
}

/// What a condition is compiled against.
pub struct CompileCtx<'a> {
    /// The pack file, for errors in the condition itself.
    pub path: &'a str,
    pub params: &'a HashMap<String, ParamValue>,
    pub as_of: Date,
    /// Organisation rules may only name organisation fields.
    pub organisation_only: bool,
}

/// Compiles a condition; errors go to `diags` and give `None`.
pub fn compile(node: &Node, ctx: &CompileCtx, diags: &mut Diagnostics) -> Option<Cond> {
    compile_at(node, ctx, diags, 0)
}

fn compile_at(
    node: &Node,
    ctx: &CompileCtx,
    diags: &mut Diagnostics,
    depth: usize,
) -> Option<Cond> {
    let mut r = Reader::new(ctx.path, diags);
    if depth > 32 {
        r.error(
            Code::Condition,
            node.pos,
            "condition nested deeper than 32 levels",
        );
        return None;
    }
    let NodeValue::Map(entries) = &node.value else {
        r.error(
            Code::Condition,
            node.pos,
            format!(
                "expected a condition (a mapping with all, any, not or field), found {}",
                node.type_name()
            ),
        );
        return None;
    };
    let key_names: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
    for combinator in ["all", "any", "not"] {
        if key_names.contains(&combinator) {
            if entries.len() != 1 {
                let other = entries
                    .iter()
                    .find(|(k, _)| k.name != combinator)
                    .map(|(k, _)| k);
                if let Some(k) = other {
                    r.error(Code::Condition, k.pos, format!("\"{combinator}\" must stand alone in its condition; \"{}\" belongs in a separate condition", k.name));
                }
                return None;
            }
            let child = &entries[0].1;
            if combinator == "not" {
                return compile_at(child, ctx, diags, depth + 1).map(|c| Cond::Not(Box::new(c)));
            }
            let items = r.seq(child, &format!("the conditions of \"{combinator}\""))?;
            if items.is_empty() {
                r.error(
                    Code::Condition,
                    child.pos,
                    format!("\"{combinator}\" needs at least one condition"),
                );
                return None;
            }
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for item in items {
                match compile_at(item, ctx, diags, depth + 1) {
                    Some(c) => out.push(c),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            return Some(if combinator == "all" {
                Cond::All(out)
            } else {
                Cond::Any(out)
            });
        }
    }
    compile_leaf(node, entries, ctx, diags).map(Cond::Leaf)
}

fn compile_leaf(
    node: &Node,
    entries: &[(crate::syntax::node::Key, Node)],
    ctx: &CompileCtx,
    diags: &mut Diagnostics,
) -> Option<Leaf> {
    let mut r = Reader::new(ctx.path, diags);
    let mut field_node = None;
    let mut op: Option<(Op, &Node, Pos)> = None;
    let mut ok = true;
    for (key, value) in entries {
        if key.name == "field" {
            field_node = Some(value);
        } else if let Some(&(_, o)) = OPS.iter().find(|(n, _)| *n == key.name) {
            if let Some((prev, _, _)) = op {
                r.error(
                    Code::Condition,
                    key.pos,
                    format!(
                        "a condition has exactly one operator; found \"{}\" and \"{}\"",
                        prev.name(),
                        key.name
                    ),
                );
                ok = false;
            }
            op = Some((o, value, key.pos));
        } else {
            let names: Vec<&str> = OPS
                .iter()
                .map(|(n, _)| *n)
                .chain(["field", "all", "any", "not"])
                .collect();
            let msg = format!("unknown operator \"{}\"", key.name);
            match suggest(&key.name, names.iter().copied()) {
                Some(s) => r.error_help(
                    Code::Condition,
                    key.pos,
                    msg,
                    format!("did you mean \"{s}\"?"),
                ),
                None => r.error_help(
                    Code::Condition,
                    key.pos,
                    msg,
                    format!(
                        "operators: {}",
                        OPS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ),
                ),
            }
            ok = false;
        }
    }
    let Some(field_node) = field_node else {
        r.error(
            Code::Condition,
            node.pos,
            "condition has no \"field\" (and is not all, any or not)",
        );
        return None;
    };
    let Some((op, value, op_pos)) = op else {
        if ok {
            r.error(
                Code::Condition,
                node.pos,
                format!(
                    "condition on \"{}\" has no operator",
                    field_node.as_str().unwrap_or("?")
                ),
            );
        }
        return None;
    };
    let path = r.text(field_node)?;
    let Some(field) = fields::resolve(&path) else {
        let all = fields::all();
        let msg = format!("unknown field \"{path}\"");
        match suggest(&path, all.iter().map(|(p, _, _)| *p)) {
            Some(s) => r.error_help(
                Code::Field,
                field_node.pos,
                msg,
                format!("did you mean \"{s}\"?"),
            ),
            None => r.error(Code::Field, field_node.pos, msg),
        }
        return None;
    };
    if ctx.organisation_only && field.is_per_vpn() {
        r.error(Code::Field, field_node.pos, format!("\"{path}\" describes a VPN; an organisation rule can only test organisation.* and policy.* fields"));
        return None;
    }
    if !ok {
        return None;
    }
    if !op_applies(op, field.ty) {
        r.error(
            Code::Field,
            op_pos,
            format!(
                "\"{}\" does not apply to {} ({})",
                op.name(),
                path,
                field.ty.describe()
            ),
        );
        return None;
    }
    // `$name` reads a parameter; errors in its value point where it was written.
    let (value, value_path): (&Node, &str) = match value.as_str().and_then(|s| s.strip_prefix('$'))
    {
        Some(name) => match ctx.params.get(name) {
            Some(p) => (&p.node, p.path.as_str()),
            None => {
                let msg = format!("undefined parameter \"${name}\"");
                match suggest(name, ctx.params.keys().map(String::as_str)) {
                    Some(s) => r.error_help(
                        Code::Parameter,
                        value.pos,
                        msg,
                        format!("did you mean \"${s}\"?"),
                    ),
                    None => r.error(Code::Parameter, value.pos, msg),
                }
                return None;
            }
        },
        None => (value, ctx.path),
    };
    let mut vr = Reader::new(value_path, diags);
    let (operand, shown) = operand(&mut vr, op, field.ty, value, ctx.as_of)?;
    Some(Leaf {
        field,
        op,
        operand,
        expected: Arc::new(Expectation { op, shown }),
        pos: field_node.pos,
    })
}

fn op_applies(op: Op, ty: Ty) -> bool {
    use Op::*;
    match op {
        Exists => true,
        Equals | NotEquals => ty != Ty::Group,
        In | NotIn => matches!(
            ty,
            Ty::Text | Ty::Id | Ty::Enum(_) | Ty::Country | Ty::Carrier | Ty::Int(_)
        ),
        Matches => matches!(
            ty,
            Ty::Text | Ty::Id | Ty::Enum(_) | Ty::Country | Ty::Carrier
        ),
        Gt | Gte | Lt | Lte => matches!(ty, Ty::Int(_) | Ty::Duration | Ty::Date),
        Contains | SubsetOf | Intersects => ty.is_list(),
        Within | After | Before => ty == Ty::Date,
    }
}

fn element_ty(ty: Ty) -> Ty {
    match ty {
        Ty::List | Ty::Regions => Ty::Text,
        Ty::EnumList(v) => Ty::Enum(v),
        Ty::Int(_) => Ty::Int(&[]),
        other => other,
    }
}

/// Converts a literal to the field's type, and keeps it as written for
/// showing.
fn operand(r: &mut Reader, op: Op, ty: Ty, node: &Node, as_of: Date) -> Option<(Operand, Shown)> {
    use Op::*;
    let date_or_today = |r: &mut Reader, node: &Node| -> Option<(Date, Shown)> {
        if node.as_str() == Some("today") {
            Some((as_of, Shown::Today(as_of)))
        } else {
            r.date(node)
                .map(|d| (d, Shown::Value(d.to_string().into())))
        }
    };
    let list = |items: &[Box<str>]| Shown::List(items.into());
    Some(match op {
        Exists => {
            let b = r.bool(node)?;
            (Operand::Bool(b), Shown::Present(b))
        }
        Equals | NotEquals if ty.is_list() => {
            let items = texts(r, node, element_ty(ty))?;
            let shown = if op == NotEquals && items.is_empty() {
                Shown::NonEmpty
            } else {
                list(&items)
            };
            (Operand::Texts(items), shown)
        }
        Equals | NotEquals => {
            if ty == Ty::Date {
                let (d, s) = date_or_today(r, node)?;
                (Operand::Date(d), s)
            } else {
                scalar(r, node, ty)?
            }
        }
        In | NotIn => {
            if let Ty::Int(_) = ty {
                let items = r.seq(node, "a list of values")?;
                let ints: Vec<i64> = items.iter().filter_map(|n| r.int(n)).collect();
                if ints.len() != items.len() {
                    return None;
                }
                let shown = ints.iter().map(|i| i.to_string().into()).collect();
                return Some((Operand::Ints(ints), Shown::List(shown)));
            }
            let items = texts(r, node, ty)?;
            let shown = list(&items);
            (Operand::Texts(items), shown)
        }
        Matches => {
            let pattern = r.text(node)?;
            match RegexBuilder::new(&pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
            {
                Ok(re) => (Operand::Regex(re), Shown::Value(pattern.into())),
                Err(e) => {
                    let text = e.to_string();
                    let last = text.lines().last().unwrap_or("invalid").trim();
                    let reason = last.strip_prefix("error: ").unwrap_or(last);
                    r.error(
                        Code::Pattern,
                        node.pos,
                        format!("invalid regular expression: {reason}"),
                    );
                    return None;
                }
            }
        }
        Gt | Gte | Lt | Lte => match ty {
            Ty::Date => {
                let (d, s) = date_or_today(r, node)?;
                (Operand::Date(d), s)
            }
            Ty::Duration => {
                let d = r.duration(node)?;
                let shown = if d.comparable_days() == u64::from(d.amount)
                    && matches!(d.unit, crate::model::value::DurationUnit::Day)
                {
                    Shown::Value(d.to_string().into())
                } else {
                    Shown::Duration {
                        written: d.to_string().into(),
                        days: d.comparable_days(),
                    }
                };
                (Operand::Duration(d), shown)
            }
            _ => {
                let i = r.int(node)?;
                (Operand::Int(i), Shown::Value(i.to_string().into()))
            }
        },
        Contains | SubsetOf | Intersects => {
            let items = texts(r, node, element_ty(ty))?;
            let shown = list(&items);
            (Operand::Texts(items), shown)
        }
        Within => {
            let d = r.duration(node)?;
            let Some(since) = d.before(as_of) else {
                r.error(
                    Code::InvalidValue,
                    node.pos,
                    format!("duration {d} reaches before the calendar's start"),
                );
                return None;
            };
            (
                Operand::Date(since),
                Shown::Within {
                    duration: d.to_string().into(),
                    since,
                },
            )
        }
        After | Before => {
            let (d, s) = date_or_today(r, node)?;
            (Operand::Date(d), s)
        }
    })
}

fn scalar(r: &mut Reader, node: &Node, ty: Ty) -> Option<(Operand, Shown)> {
    let v = match ty {
        Ty::Int(_) => Value::Int(r.int(node)?),
        _ => r.value(node, ty)?,
    };
    let shown = Shown::Value(v.to_string().into());
    Some((
        match v {
            Value::Bool(b) => Operand::Bool(b),
            Value::Int(i) => Operand::Int(i),
            Value::Text(t) => Operand::Text(t),
            Value::Duration(d) => Operand::Duration(d),
            Value::Date(d) => Operand::Date(d),
            Value::Present | Value::List(_) => return None,
        },
        shown,
    ))
}

/// A list of texts of an element type (a single scalar counts as one item).
fn texts(r: &mut Reader, node: &Node, ty: Ty) -> Option<Vec<Box<str>>> {
    let items: Vec<&Node> = match &node.value {
        NodeValue::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match r.value(item, ty) {
            Some(Value::Text(t)) => out.push(t),
            Some(other) => out.push(other.to_string().into()),
            None => ok = false,
        }
    }
    ok.then_some(out)
}
