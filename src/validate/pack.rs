//! Validating an obligation pack: its tree → a [`Pack`] of rule
//! definitions, ids, severities, targets and citations checked, every
//! problem located; `validate::compile` then compiles the conditions.

use crate::diag::Code;
use crate::model::finding::{Severity, Status};
use crate::model::pack::{
    CITE_KEYS, CiteRef, FAILURES, Locator, PACK_KEYS, PARAMETER_KEYS, PENALTY_KEYS, PenaltyDef,
    RULE_KEYS, Reference, TARGETS, Target, valid_rule_id,
};
use crate::source::{Pos, Spanned};
use crate::syntax::node::{Key, Node, NodeValue};
use crate::validate::read::{Fields, Reader};

/// A pack as read: its rules' conditions and its parameters' defaults
/// still trees, compiled against the usage policy by `validate::compile`.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    /// Where the id is written.
    pub id_pos: Pos,
    /// The file it came from, or `builtin:ID`.
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub jurisdiction: Option<String>,
    pub parameters: Vec<ParameterDef>,
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Clone)]
pub struct ParameterDef {
    pub name: Key,
    pub default: Node,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub pos: Pos,
    pub id: Spanned<String>,
    pub title: String,
    pub severity: Severity,
    pub target: Target,
    pub references: Vec<Reference>,
    pub penalties: Vec<PenaltyDef>,
    pub rationale: Option<String>,
    pub remediation: Option<String>,
    pub explain: Option<String>,
    /// The status of a failed check: `fail`, or `error` for rules that
    /// detect evidence that could not be evaluated.
    pub failure: Status,
    pub when: Option<Node>,
    pub check: Node,
}

pub fn read_pack(r: &mut Reader, root: &Node) -> Option<Pack> {
    let mut m = r.map(root, "an obligation pack")?;
    m.take("kind");
    m.take("version");
    let id = match m.take("id") {
        Some(n) => r.id(n).map(|id| Spanned::new(id, n.pos)),
        None => {
            r.error(Code::MissingKey, root.pos, "pack has no \"id\"");
            None
        }
    };
    let title = m.take("title").and_then(|n| r.text(n));
    let description = m.take("description").and_then(|n| r.text(n));
    let jurisdiction = m.take("jurisdiction").and_then(|n| r.country(n));
    let mut parameters = Vec::new();
    if let Some(n) = m.take("parameters")
        && let Some(mut pm) = r.map(n, "parameters")
    {
        for (key, value) in pm.take_all() {
            let Some(mut def) = r.map(value, "a parameter definition") else {
                continue;
            };
            let default = def.take("default").cloned();
            let description = def.take("description").and_then(|n| r.text(n));
            def.finish(r, PARAMETER_KEYS, &format!("parameter \"{}\"", key.name));
            match default {
                Some(default) => parameters.push(ParameterDef {
                    name: key.clone(),
                    default,
                    description,
                }),
                None => r.error(
                    Code::MissingKey,
                    value.pos,
                    format!("parameter \"{}\" has no \"default\"", key.name),
                ),
            }
        }
    }
    let mut rules = Vec::new();
    match m.take("rules") {
        Some(n) => {
            for item in r.seq(n, "a list of rules").unwrap_or(&[]) {
                if let Some(rule) = read_rule(r, item) {
                    rules.push(rule);
                }
            }
        }
        None => r.error(Code::MissingKey, root.pos, "pack has no \"rules\""),
    }
    m.finish(r, PACK_KEYS, "an obligation pack");
    let id = id?;
    Some(Pack {
        id_pos: id.pos,
        id: id.value,
        path: r.path.to_string(),
        title: title.unwrap_or_default(),
        description,
        jurisdiction,
        parameters,
        rules,
    })
}

fn read_rule(r: &mut Reader, node: &Node) -> Option<RuleDef> {
    let mut m = r.map(node, "a rule")?;
    let id = match m.take("id") {
        Some(n) => {
            let t = r.text(n)?;
            if !valid_rule_id(&t) {
                r.error(Code::InvalidValue, n.pos, format!("\"{t}\" is not a valid rule id (like CN-LOG-01: upper-case letters and digits in '-'-separated parts)"));
                None
            } else {
                Some(Spanned::new(t, n.pos))
            }
        }
        None => {
            r.error(Code::MissingKey, node.pos, "rule has no \"id\"");
            None
        }
    };
    let title = match m.take("title") {
        Some(n) => r.non_empty_text(n),
        None => {
            r.error(Code::MissingKey, node.pos, "rule has no \"title\"");
            None
        }
    };
    let severity = match m.take("severity") {
        Some(n) => r.word(n, &Severity::NAMES).and_then(Severity::parse),
        None => {
            r.error(Code::MissingKey, node.pos, "rule has no \"severity\"");
            None
        }
    };
    let target = match m.take("target") {
        Some(n) => r.word(n, TARGETS).map(|t| {
            if t == "vpn" {
                Target::Vpn
            } else {
                Target::Organisation
            }
        }),
        None => Some(Target::Vpn),
    };
    let references = m
        .take("references")
        .map(|n| read_references(r, n))
        .unwrap_or_default();
    let penalties = m
        .take("penalties")
        .and_then(|n| r.seq(n, "a list of penalties"))
        .map(|items| items.iter().filter_map(|i| read_penalty(r, i)).collect())
        .unwrap_or_default();
    let rationale = m.take("rationale").and_then(|n| r.text(n));
    let remediation = m.take("remediation").and_then(|n| r.text(n));
    let explain = m.take("explain").and_then(|n| r.text(n));
    let failure = match m.take("failure") {
        Some(n) => r.word(n, FAILURES).and_then(Status::parse),
        None => Some(Status::Fail),
    };
    let when = m.take("when").cloned();
    let check = m.take("check").cloned();
    if check.is_none() {
        r.error(Code::MissingKey, node.pos, "rule has no \"check\"");
    }
    m.finish(r, RULE_KEYS, "a rule");
    Some(RuleDef {
        pos: node.pos,
        id: id?,
        title: title?,
        severity: severity?,
        target: target?,
        references,
        penalties,
        rationale,
        remediation,
        explain,
        failure: failure?,
        when,
        check: check?,
    })
}

fn read_references(r: &mut Reader, node: &Node) -> Vec<Reference> {
    let items = match &node.value {
        NodeValue::Seq(items) => items.as_slice(),
        _ => std::slice::from_ref(node),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match &item.value {
            NodeValue::Map(_) => {
                if let Some(mut m) = r.map(item, "a reference") {
                    let cite = read_cite(r, item, &mut m);
                    m.finish(r, CITE_KEYS, "a reference");
                    out.extend(cite.map(Reference::Cite));
                }
            }
            _ => out.extend(r.non_empty_text(item).map(Reference::Text)),
        }
    }
    out
}

fn read_penalty(r: &mut Reader, node: &Node) -> Option<PenaltyDef> {
    let mut m = r.map(node, "a penalty")?;
    let cite = read_cite(r, node, &mut m);
    let range = match m.take("range") {
        Some(n) => r.non_empty_text(n),
        None => {
            r.error(
                Code::MissingKey,
                node.pos,
                "penalty has no \"range\" (what the provision imposes)",
            );
            None
        }
    };
    let regulator = m.take("regulator").and_then(|n| r.non_empty_text(n));
    m.finish(r, PENALTY_KEYS, "a penalty");
    Some(PenaltyDef {
        cite: cite?,
        range: range?,
        regulator,
    })
}

/// The citation keys of a reference or penalty mapping.
fn read_cite(r: &mut Reader, node: &Node, m: &mut Fields) -> Option<CiteRef> {
    let key = match m.take("cite") {
        Some(n) => r.non_empty_text(n).map(|k| Spanned::new(k, n.pos)),
        None => {
            r.error(
                Code::MissingKey,
                node.pos,
                "reference has no \"cite\" (the citation register key)",
            );
            None
        }
    };
    let version = m.take("version").and_then(|n| r.non_empty_text(n));
    let mut locator = Locator::Whole;
    for (name, make) in [
        ("article", Locator::Article as fn(String) -> Locator),
        ("clause", Locator::Clause),
        ("section", Locator::Section),
    ] {
        if let Some(n) = m.take(name)
            && let Some(t) = r.non_empty_text(n)
        {
            if locator != Locator::Whole {
                r.error(
                    Code::Citation,
                    n.pos,
                    "a reference names one of article, clause or section",
                );
                return None;
            }
            locator = make(t.trim().to_string());
        }
    }
    let note = m.take("note").and_then(|n| r.non_empty_text(n));
    Some(CiteRef {
        pos: node.pos,
        key: key?,
        version,
        locator,
        note,
    })
}
