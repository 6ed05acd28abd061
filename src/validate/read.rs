//! Reading [`Node`] trees into typed values, collecting every error with its
//! position instead of stopping at the first.

use crate::diag::{Code, Diagnostic, Diagnostics, suggest};
use crate::model::schema::Ty;
use crate::model::value::{Duration, Value, parse_country, parse_date};
use crate::source::Pos;
use crate::syntax::node::{Key, Node, NodeValue};

/// Reads values out of one file's tree, reporting problems against that file.
pub struct Reader<'d> {
    pub path: &'d str,
    pub diags: &'d mut Diagnostics,
}

impl<'d> Reader<'d> {
    pub fn new(path: &'d str, diags: &'d mut Diagnostics) -> Self {
        Reader { path, diags }
    }

    pub fn error(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, self.path, pos, message));
    }

    pub fn error_help(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, self.path, pos, message).with_help(help));
    }

    pub fn warning(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, self.path, pos, message));
    }

    /// Opens a mapping; `what` names it in the error ("a VPN entry").
    pub fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        match &node.value {
            NodeValue::Map(entries) => Some(Fields {
                pos: node.pos,
                entries,
                used: vec![false; entries.len()],
            }),
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected {what} (a mapping), found {}", node.type_name()),
                );
                None
            }
        }
    }

    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            NodeValue::Seq(items) => Some(items),
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected {what} (a list), found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// Scalar text; numbers are accepted and kept as written.
    pub fn text(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            NodeValue::Str(s) => Some(s.clone()),
            NodeValue::Int(i) => Some(i.to_string()),
            NodeValue::Float(f) => Some(f.to_string()),
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected text, found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// Text that shows something: an empty string, or one of only
    /// whitespace and invisible characters (a zero-width space as an
    /// approver), is no value.
    pub fn non_empty_text(&mut self, node: &Node) -> Option<String> {
        let t = self.text(node)?;
        if t.trim().is_empty() {
            self.error(
                Code::InvalidValue,
                node.pos,
                "expected text, found an empty string",
            );
            return None;
        }
        if crate::text::is_blank(&t) {
            self.error(
                Code::InvalidValue,
                node.pos,
                format!(
                    "expected text, found only invisible characters (\"{}\")",
                    t.chars()
                        .map(|c| format!("\\u{{{:x}}}", c as u32))
                        .collect::<String>()
                ),
            );
            return None;
        }
        Some(t)
    }

    pub fn bool(&mut self, node: &Node) -> Option<bool> {
        match &node.value {
            NodeValue::Bool(b) => Some(*b),
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected true or false, found {}", describe(node)),
                );
                None
            }
        }
    }

    pub fn int(&mut self, node: &Node) -> Option<i64> {
        match &node.value {
            NodeValue::Int(i) => Some(*i),
            NodeValue::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            NodeValue::Float(f) if f.fract() == 0.0 && f.abs() >= 9.2e18 => {
                self.error(
                    Code::InvalidValue,
                    node.pos,
                    "number too large for an integer",
                );
                None
            }
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected an integer, found {}", describe(node)),
                );
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node) -> Option<jiff::civil::Date> {
        let r = match &node.value {
            NodeValue::Str(s) => parse_date(s),
            _ => Err(format!(
                "expected a date as YYYY-MM-DD, found {}",
                describe(node)
            )),
        };
        r.map_err(|e| self.error(Code::InvalidValue, node.pos, e))
            .ok()
    }

    pub fn duration(&mut self, node: &Node) -> Option<Duration> {
        let r = match &node.value {
            NodeValue::Str(s) => Duration::parse(s),
            NodeValue::Int(i) => Duration::from_days(*i),
            _ => Err(format!(
                "expected a duration (180d, 26w, 6mo, 1y), found {}",
                describe(node)
            )),
        };
        r.map_err(|e| self.error(Code::InvalidValue, node.pos, e))
            .ok()
    }

    pub fn country(&mut self, node: &Node) -> Option<String> {
        let r = match &node.value {
            NodeValue::Str(s) => parse_country(s),
            NodeValue::Bool(b) => Err(format!(
                "expected a country code, found the boolean {b} (quote the value if you meant a country)"
            )),
            _ => Err(format!(
                "expected an ISO 3166-1 alpha-2 country code, found {}",
                describe(node)
            )),
        };
        r.map_err(|e| self.error(Code::InvalidValue, node.pos, e))
            .ok()
    }

    /// One of `allowed`, matched case-insensitively, returned in canonical spelling.
    pub fn word(&mut self, node: &Node, allowed: &'static [&'static str]) -> Option<&'static str> {
        let text = self.text(node)?;
        let t = text.trim();
        if let Some(w) = allowed.iter().find(|w| w.eq_ignore_ascii_case(t)) {
            return Some(w);
        }
        let msg = format!("\"{text}\" is not one of {}", allowed.join(", "));
        match suggest(t, allowed.iter().copied()) {
            Some(s) => self.error_help(
                Code::InvalidValue,
                node.pos,
                msg,
                format!("did you mean \"{s}\"?"),
            ),
            None => self.error(Code::InvalidValue, node.pos, msg),
        }
        None
    }

    /// A list of text items; a single scalar counts as a one-item list.
    pub fn list(&mut self, node: &Node) -> Option<Vec<String>> {
        match &node.value {
            NodeValue::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match self.text(item) {
                        Some(t) => out.push(t),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            NodeValue::Str(s) if s.contains(',') => {
                let items: Vec<&str> = s.split(',').map(str::trim).collect();
                self.error_help(
                    Code::WrongType,
                    node.pos,
                    format!("expected a list, found the text \"{s}\""),
                    format!("write it as a list: [{}]", items.join(", ")),
                );
                None
            }
            NodeValue::Str(_) | NodeValue::Int(_) => self.text(node).map(|t| vec![t]),
            _ => {
                self.error(
                    Code::WrongType,
                    node.pos,
                    format!("expected a list, found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// Reads a value of a schema type.
    pub fn value(&mut self, node: &Node, ty: Ty) -> Option<Value> {
        Some(match ty {
            Ty::Group => Value::Present,
            Ty::Text | Ty::Carrier => Value::Text(self.non_empty_text(node)?.into()),
            Ty::Id => Value::Text(self.id(node)?.into()),
            Ty::Enum(allowed) => Value::Text((*self.word(node, allowed)?).into()),
            Ty::Country => Value::Text(self.country(node)?.into()),
            Ty::Bool => Value::Bool(self.bool(node)?),
            Ty::Int(allowed) => {
                let i = self.int(node)?;
                if !allowed.contains(&i) {
                    let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
                    self.error(
                        Code::InvalidValue,
                        node.pos,
                        format!("{i} is not one of {}", list.join(", ")),
                    );
                    return None;
                }
                Value::Int(i)
            }
            Ty::Duration => Value::Duration(self.duration(node)?),
            Ty::Date => Value::Date(self.date(node)?),
            Ty::List => Value::List(self.list(node)?.into_iter().map(Into::into).collect()),
            Ty::EnumList(allowed) => {
                let items = match &node.value {
                    NodeValue::Seq(items) => items.iter().collect::<Vec<_>>(),
                    NodeValue::Str(_) => vec![node],
                    _ => {
                        self.error(
                            Code::WrongType,
                            node.pos,
                            format!("expected a list, found {}", node.type_name()),
                        );
                        return None;
                    }
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(Box::<str>::from(self.word(item, allowed)?));
                }
                Value::List(out.into())
            }
            Ty::Regions => {
                let items = match &node.value {
                    NodeValue::Seq(items) => items.iter().collect::<Vec<_>>(),
                    _ => vec![node],
                };
                let mut out: Vec<Box<str>> = Vec::with_capacity(items.len());
                for item in items {
                    let text = self.text(item)?;
                    match crate::model::licence::resolve_area(&text) {
                        Ok(code) if !out.iter().any(|c| &**c == code) => out.push(code.into()),
                        Ok(_) => {}
                        Err(e) => {
                            self.error(Code::InvalidValue, item.pos, e);
                            return None;
                        }
                    }
                }
                Value::List(out.into())
            }
        })
    }

    /// An identifier: `[A-Za-z0-9][A-Za-z0-9._-]*`.
    pub fn id(&mut self, node: &Node) -> Option<String> {
        let t = self.text(node)?;
        let mut chars = t.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            self.error(
                Code::InvalidValue, node.pos,
                format!("\"{t}\" is not a valid id (a letter or digit, then letters, digits, '.', '_' or '-')"),
            );
            return None;
        }
        Some(t)
    }
}

fn describe(node: &Node) -> String {
    match &node.value {
        NodeValue::Str(s) => format!("\"{s}\""),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => format!("{f:?}"),
        NodeValue::Bool(b) => b.to_string(),
        _ => node.type_name().to_string(),
    }
}

/// The entries of one mapping, tracking which keys were read so the rest can
/// be reported as unknown.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    /// The value of `name`; an explicit null counts as absent.
    pub fn take(&mut self, name: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        (!matches!(node.value, NodeValue::Null)).then_some(node)
    }

    /// The key's own position (for blaming a whole entry).
    pub fn key_pos(&self, name: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.pos)
    }

    /// Every entry, marking all as read (for free-form mappings).
    pub fn take_all(&mut self) -> &'n [(Key, Node)] {
        self.used.iter_mut().for_each(|u| *u = true);
        self.entries
    }

    /// Reports every key that was not read, with a suggestion from `known`.
    pub fn finish(self, r: &mut Reader, known: &[&str], within: &str) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let msg = format!("unknown key \"{}\" in {within}", key.name);
            match suggest(&key.name, known.iter().copied()) {
                Some(s) => r.error_help(
                    Code::UnknownKey,
                    key.pos,
                    msg,
                    format!("did you mean \"{s}\"?"),
                ),
                None => r.error_help(
                    Code::UnknownKey,
                    key.pos,
                    msg,
                    format!("known keys: {}", known.join(", ")),
                ),
            }
        }
    }
}
