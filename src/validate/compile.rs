//! Packs + usage policy → the rules of this audit: parameters resolved
//! (pack defaults overridden by the policy), conditions compiled, overrides
//! applied. Every problem is reported, located, before anything is evaluated.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::model::citations::{Citation, CiteError, Register};
use crate::model::finding::RuleTexts;
use crate::model::pack::{CiteRef, Reference, Target};
use crate::model::policy::UsagePolicy;
use crate::model::report::PackInfo;
use crate::model::rule::{Penalty, RuleInfo};
use crate::source::Pos;
use crate::validate::condition::{CompileCtx, Cond, ParamValue, compile};
use crate::validate::pack::{Pack, RuleDef};
use crate::validate::policy::Parameters;
use crate::validate::thresholds::Thresholds;

/// A rule ready to evaluate: what it is, and its compiled conditions.
#[derive(Debug, Clone)]
pub struct Rule {
    pub info: RuleInfo,
    pub when: Option<Cond>,
    pub check: Cond,
}

impl std::ops::Deref for Rule {
    type Target = RuleInfo;
    fn deref(&self) -> &RuleInfo {
        &self.info
    }
}

/// The rules of an audit, compiled, with the thresholds its parameters give
/// and the packs they came from.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub thresholds: Thresholds,
    pub packs: Vec<PackInfo>,
}

/// Compiles the packs in use against the usage policy and checks its
/// waivers against the rules; `unused` packs (found by walking, applied by
/// nothing) are compiled for their errors alone. Every problem goes to
/// `diags`; the audit runs only when none is an error.
pub fn compile_estate(
    packs: &[Pack],
    unused: &[Pack],
    policy: &UsagePolicy,
    parameters: &Parameters,
    as_of: Date,
    diags: &mut Diagnostics,
) -> RuleSet {
    let rules = compile_rules(packs, policy, parameters, as_of, diags);
    let thresholds = Thresholds::resolve(packs, policy, parameters, diags);
    for pack in unused {
        let _ = compile_rules(
            std::slice::from_ref(pack),
            &UsagePolicy::builtin(),
            &Parameters::default(),
            as_of,
            diags,
        );
    }
    if let Some(path) = &policy.path {
        for w in &policy.waivers {
            match rules.iter().find(|r| r.id == w.rule.value) {
                None => diags.push(unknown_rule(path, w.rule.pos, &w.rule.value, &rules)),
                Some(r) if r.target == Target::Vpn && w.vpn.is_none() => {
                    diags.push(Diagnostic::error(
                        Code::Waiver,
                        path,
                        w.pos,
                        format!(
                            "waiver of {} must name its \"vpn\" ({} is checked per VPN)",
                            w.rule.value, w.rule.value
                        ),
                    ))
                }
                Some(r) if r.target == Target::Organisation && w.vpn.is_some() => {
                    let pos = w.vpn.as_ref().map_or(w.pos, |v| v.pos);
                    diags.push(Diagnostic::error(
                        Code::Waiver,
                        path,
                        pos,
                        format!(
                            "{} is an organisation rule; its waiver names no \"vpn\"",
                            w.rule.value
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let packs = packs
        .iter()
        .map(|p| PackInfo {
            id: p.id.clone(),
            title: p.title.clone(),
            path: p.path.clone(),
            rules: p.rules.len(),
        })
        .collect();
    RuleSet {
        rules,
        thresholds,
        packs,
    }
}

/// Compiles every rule of `packs`, with the parameter values `policy`
/// gives (`parameters`, read from the policy's file).
pub fn compile_rules(
    packs: &[Pack],
    policy: &UsagePolicy,
    parameters: &Parameters,
    as_of: Date,
    diags: &mut Diagnostics,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut seen: HashMap<String, (String, Pos)> = HashMap::new();
    let mut declared_params: Vec<String> = Vec::new();
    for pack in packs {
        let mut params: HashMap<String, ParamValue> = HashMap::new();
        for p in &pack.parameters {
            declared_params.push(p.name.name.clone());
            let overridden = parameters.0.iter().find(|(k, _)| k.name == p.name.name);
            let value = match (overridden, &policy.path) {
                (Some((_, node)), Some(path)) => ParamValue {
                    node: node.clone(),
                    path: path.clone(),
                },
                _ => ParamValue {
                    node: p.default.clone(),
                    path: pack.path.clone(),
                },
            };
            params.insert(p.name.name.clone(), value);
        }
        for def in &pack.rules {
            if let Some((path, pos)) = seen.get(&def.id.value) {
                diags.push(
                    Diagnostic::error(
                        Code::Duplicate,
                        &pack.path,
                        def.id.pos,
                        format!(
                            "rule {} is defined twice (first at {path}:{}:{})",
                            def.id.value, pos.line, pos.col
                        ),
                    )
                    .with_label(path, *pos, "first defined here"),
                );
                continue;
            }
            seen.insert(def.id.value.clone(), (pack.path.clone(), def.id.pos));
            if let Some(rule) = compile_rule(pack, def, &params, as_of, diags) {
                rules.push(rule);
            }
        }
    }
    if let Some(path) = &policy.path {
        for (key, _) in &parameters.0 {
            if !declared_params.contains(&key.name) {
                let msg = format!("no pack in use declares the parameter \"{}\"", key.name);
                let mut d = Diagnostic::error(Code::Parameter, path, key.pos, msg);
                if let Some(s) = suggest(&key.name, declared_params.iter().map(String::as_str)) {
                    d = d.with_help(format!("did you mean \"{s}\"?"));
                }
                diags.push(d);
            }
        }
        apply_overrides(&mut rules, policy, path, diags);
    }
    rules
}

fn compile_rule(
    pack: &Pack,
    def: &RuleDef,
    params: &HashMap<String, ParamValue>,
    as_of: Date,
    diags: &mut Diagnostics,
) -> Option<Rule> {
    let ctx = CompileCtx {
        path: &pack.path,
        params,
        as_of,
        organisation_only: def.target == Target::Organisation,
    };
    let when = def.when.as_ref().map(|w| compile(w, &ctx, diags));
    let check = compile(&def.check, &ctx, diags);
    let when = match when {
        Some(None) => return None,
        Some(Some(c)) => Some(c),
        None => None,
    };
    let check = check?;
    let register = Register::builtin();
    let mut references = Vec::with_capacity(def.references.len());
    let mut citations = Vec::new();
    let mut ok = true;
    for reference in &def.references {
        match reference {
            Reference::Text(t) => references.push(t.clone()),
            Reference::Cite(c) => match resolve(register, pack, &def.id.value, c, as_of, diags) {
                Some(cited) => {
                    references.push(cited.text.clone());
                    citations.push(cited);
                }
                None => ok = false,
            },
        }
    }
    let mut penalties = Vec::with_capacity(def.penalties.len());
    for p in &def.penalties {
        match resolve(register, pack, &def.id.value, &p.cite, as_of, diags) {
            Some(citation) => penalties.push(Penalty {
                citation,
                range: p.range.clone(),
                regulator: p.regulator.clone(),
            }),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let judges_crypto = check.leaves().iter().any(|l| l.field.is_crypto());
    Some(Rule {
        info: RuleInfo {
            id: def.id.value.clone(),
            pack: pack.id.clone(),
            pack_path: pack.path.clone(),
            pos: def.pos,
            title: def.title.clone(),
            severity: def.severity,
            default_severity: def.severity,
            target: def.target,
            references: references.clone(),
            citations,
            penalties,
            rationale: def.rationale.clone(),
            remediation: def.remediation.clone(),
            explain: def.explain.clone(),
            jurisdiction: pack.jurisdiction.clone(),
            disabled: None,
            judges_crypto,
            failure: def.failure,
            shared: Arc::new(RuleTexts {
                id: def.id.value.as_str().into(),
                title: def.title.as_str().into(),
                references,
                remediation: def.remediation.as_deref().unwrap_or_default().into(),
            }),
        },
        when,
        check,
    })
}

/// A register citation of a rule, rendered as of the audit date; a citation
/// of a superseded version is mapped to the text in force, with a warning.
fn resolve(
    register: &Register,
    pack: &Pack,
    rule: &str,
    c: &CiteRef,
    as_of: Date,
    diags: &mut Diagnostics,
) -> Option<Citation> {
    let unknown = |e: CiteError, diags: &mut Diagnostics| {
        let mut d = Diagnostic::error(
            Code::Citation,
            &pack.path,
            c.key.pos,
            format!("{rule}: {e}"),
        );
        if let CiteError::UnknownText {
            suggestion: Some(s),
            ..
        } = &e
        {
            d = d.with_help(format!("did you mean \"{s}\"?"));
        }
        diags.push(d);
    };
    let (locator, superseded) =
        match register.to_latest(&c.key.value, c.version.as_deref(), &c.locator) {
            Ok(x) => x,
            Err(e) => {
                unknown(e, diags);
                return None;
            }
        };
    if let Some(s) = superseded {
        diags.push(Diagnostic::warning(
            Code::Citation,
            &pack.path,
            c.pos,
            format!(
                "{rule} cites {}, superseded on {}; the article in force is {}",
                s.cited, s.superseded_on, s.now
            ),
        ));
    }
    match register.cite(&c.key.value, &locator, c.note.as_deref(), as_of) {
        Ok(cited) => Some(cited),
        Err(e) => {
            unknown(e, diags);
            None
        }
    }
}

fn apply_overrides(rules: &mut [Rule], policy: &UsagePolicy, path: &str, diags: &mut Diagnostics) {
    for o in &policy.overrides {
        match rules.iter_mut().find(|r| r.id == o.rule.value) {
            Some(rule) => {
                if let Some(s) = o.severity {
                    rule.info.severity = s;
                }
                if !o.enabled {
                    rule.info.disabled = Some(o.reason.clone().unwrap_or_default());
                }
            }
            None => diags.push(unknown_rule(path, o.rule.pos, &o.rule.value, rules)),
        }
    }
}

/// "no rule X in the packs in use", with a suggestion.
pub fn unknown_rule(path: &str, pos: Pos, id: &str, rules: &[Rule]) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UnknownRule,
        path,
        pos,
        format!("no rule {id} in the packs in use"),
    );
    match suggest(id, rules.iter().map(|r| r.id.as_str())) {
        Some(s) => d.with_help(format!("did you mean {s}?")),
        None => d,
    }
}
