//! Evaluation: every enabled rule on every target it applies to, waivers
//! applied. A pure function of the validated estate, the configurations
//! read for it and the compiled rules: no I/O.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::crypto::Catalogue;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::evidence::Dialect;
use crate::evidence::store::{Link, Loaded};
use crate::model::estate::Estate;
use crate::model::fields::{Derived, FieldSource};
use crate::model::finding::WaiverState;
use crate::model::finding::{
    Actual, AppliedWaiver, Expected, Finding, Findings, Note, SourceRef, Status,
    Target as FindingTarget, finding_id,
};
use crate::model::inventory::Vpn;
use crate::model::pack::Target;
use crate::model::policy::Waiver;
use crate::model::schema::field;
use crate::model::schema::{VPN_FIELDS, vpn_field};
use crate::model::value::Tri;
use crate::rules::condition::Failure;
use crate::rules::facts::{CryptoSource, Decided, OrgFacts, Subject, VpnFacts};
use crate::source::{BUILTIN_POLICY, Origin, Pos};
use crate::validate::compile::{Rule, RuleSet};
use crate::validate::condition::Leaf;

#[derive(Debug, Clone)]
pub struct AuditOptions {
    pub as_of: Date,
    /// Keep passing checks as findings (for `--show-passed` and JUnit).
    pub record_passes: bool,
}

/// What evaluation found: the findings in report order, what became of
/// each waiver, and the warnings (stale waivers).
pub struct Evaluated {
    pub findings: Findings,
    /// Checks that passed, whether or not they were kept as findings.
    pub passed: usize,
    pub waivers: Vec<WaiverState>,
    pub warnings: Diagnostics,
}

/// The configuration a VPN links, if any.
pub fn link_of(estate: &Estate, vpn: &Vpn) -> Option<Link> {
    Some(Link {
        inventory: estate.inputs[vpn.file as usize].path.clone(),
        config: vpn.text(field::CONFIG)?.to_string(),
        format: vpn.text(field::CONFIG_FORMAT).and_then(Dialect::parse),
        release: vpn.text(field::CONFIG_RELEASE).map(str::to_string),
    })
}

/// Every enabled rule of `rules` on every target it applies to, the
/// policy's waivers applied. `configs` are the configurations the VPNs link,
/// as read by `audit::read_evidence`.
pub fn evaluate_all(
    estate: &Estate,
    rule_set: &RuleSet,
    configs: &HashMap<Link, Loaded>,
    options: &AuditOptions,
) -> Evaluated {
    let catalogue = Catalogue::builtin();
    let rules = &rule_set.rules;
    let org = OrgFacts::new(
        &estate.policy,
        &estate.vpns,
        options.as_of,
        &rule_set.thresholds,
    );
    let policy_source = match &estate.policy.path {
        Some(p) => p.clone(),
        None => BUILTIN_POLICY.to_string(),
    };
    // The report's order is severity, rule id, VPN id. The rules are taken
    // in that order and the VPNs visited in id order, so each rule's
    // findings come out sorted: gathered rule by rule they need no sort,
    // and each task's findings are freed as they move into the report.
    let mut active: Vec<&Rule> = rules.iter().filter(|r| r.disabled.is_none()).collect();
    active.sort_by(|a, b| (a.severity, a.id.as_str()).cmp(&(b.severity, b.id.as_str())));
    let vpn_rules: Vec<&Rule> = active
        .iter()
        .copied()
        .filter(|r| r.target == Target::Vpn)
        .collect();
    let mut vpns: Vec<&Vpn> = estate.vpns.iter().collect();
    vpns.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));

    let org_subject = Subject {
        vpn: None,
        org: &org,
    };
    let org_whose = Whose {
        path: Arc::from(policy_source.as_str()),
        target: Arc::new(FindingTarget::Organisation {
            owner: estate.policy.owner.as_deref().unwrap_or_default().into(),
        }),
    };
    let paths: Vec<Arc<str>> = estate
        .inputs
        .iter()
        .map(|i| Arc::from(i.path.as_str()))
        .collect();
    // Per task, one list per VPN rule.
    const VPNS_PER_TASK: usize = 256;
    let mut tasks: Vec<(Vec<Vec<Finding>>, usize)> = vpns
        .par_chunks(VPNS_PER_TASK)
        .map(|chunk| {
            let mut out: Vec<Vec<Finding>> = vpn_rules.iter().map(|_| Vec::new()).collect();
            let mut passed = 0;
            for vpn in chunk {
                let config = link_of(estate, vpn).and_then(|l| configs.get(&l));
                let facts = VpnFacts::derive(vpn, catalogue, config);
                let subject = Subject {
                    vpn: Some((vpn, &facts)),
                    org: &org,
                };
                let whose = Whose {
                    path: paths[vpn.file as usize].clone(),
                    target: Arc::new(FindingTarget::Vpn {
                        id: vpn.id.clone(),
                        name: vpn.text(field::NAME).unwrap_or_default().into(),
                        owner: vpn.text(field::OWNER).unwrap_or_default().into(),
                    }),
                };
                for (list, rule) in out.iter_mut().zip(&vpn_rules) {
                    list.extend(evaluate(rule, &subject, options, &whose, &org, &mut passed));
                }
            }
            // Kept as they are until the report is written: no slack.
            out.iter_mut().for_each(Vec::shrink_to_fit);
            (out, passed)
        })
        .collect();
    let mut passed: usize = tasks.iter().map(|(_, p)| p).sum();
    let mut findings = Findings::default();
    let mut vpn_rule = 0;
    for rule in &active {
        match rule.target {
            Target::Organisation => findings.push_run(
                evaluate(rule, &org_subject, options, &org_whose, &org, &mut passed)
                    .into_iter()
                    .collect(),
            ),
            Target::Vpn => {
                for (task, _) in &mut tasks {
                    findings.push_run(std::mem::take(&mut task[vpn_rule]));
                }
                vpn_rule += 1;
            }
        }
    }

    debug_assert!(
        findings
            .iter()
            .zip(findings.iter().skip(1))
            .all(|(a, b)| a.sort_key() < b.sort_key()),
        "findings out of report order"
    );
    let (waivers, warnings) = apply_waivers(&mut findings, estate, options.as_of, &policy_source);
    Evaluated {
        findings,
        passed,
        waivers,
        warnings,
    }
}

/// Every finding on one target shares its target and the file it was
/// written in.
struct Whose {
    path: Arc<str>,
    target: Arc<FindingTarget>,
}

/// One rule on one target: `None` when it does not apply (or passes and
/// passes are not recorded). Every pass is counted in `passed`.
fn evaluate(
    rule: &Rule,
    subject: &Subject,
    options: &AuditOptions,
    whose: &Whose,
    org: &OrgFacts,
    passed: &mut usize,
) -> Option<Finding> {
    if let Some(j) = &rule.jurisdiction {
        let in_scope = match subject.vpn {
            Some((_, facts)) => facts
                .countries
                .as_ref()
                .is_some_and(|c| c.iter().any(|c| c == j)),
            None => {
                org.country.as_deref() == Some(j.as_str())
                    || org.endpoint_countries.iter().any(|c| c == j)
            }
        };
        if !in_scope {
            return None;
        }
    }
    if let Some(when) = &rule.when
        && when.eval(subject) != Tri::True
    {
        return None;
    }
    let result = rule.check.eval(subject);
    if result == Tri::True {
        *passed += 1;
        if !options.record_passes {
            return None;
        }
    }
    let mut failures = Vec::new();
    if result != Tri::True {
        rule.check.failures(subject, true, &mut failures);
    }
    Some(finding(rule, subject, result, &failures, whose, org))
}

fn finding(
    rule: &Rule,
    subject: &Subject,
    result: Tri,
    failures: &[Failure],
    whose: &Whose,
    org: &OrgFacts,
) -> Finding {
    let vpn = subject.vpn.map(|(v, _)| v);
    let status = if result == Tri::True {
        Status::Pass
    } else {
        rule.failure
    };
    let no_config = subject
        .vpn
        .is_some_and(|(v, _)| v.text(field::CONFIG).is_none());
    // The value a test found: missing (unknown counts as missing), no
    // configuration to read it from, or the value with what the facts add.
    let actual_of = |leaf: &Leaf, result: Tri| match (result, subject.get(&leaf.field)) {
        (Tri::Unknown, _) | (_, None) if no_config && leaf.field.is_evidence() => Actual::NoConfig,
        (Tri::Unknown, _) | (_, None) => Actual::Missing,
        (_, Some(v)) => Actual::Value {
            value: v.to_string().into(),
            detail: subject.detail(&leaf.field).map(Into::into),
        },
    };
    let expected_of = |leaf: &Leaf, negated: bool| Expected {
        expectation: leaf.expected.clone(),
        negated,
    };
    let (blame, expected, actual) = match failures.first() {
        Some(f) => (
            Some(f.leaf),
            Some(expected_of(f.leaf, f.negated)),
            actual_of(f.leaf, f.result),
        ),
        None => {
            // A pass: show the test that made it pass.
            let leaf = rule
                .check
                .satisfied_by(subject)
                .or_else(|| rule.check.leaves().into_iter().next().map(|l| (l, false)));
            match leaf {
                Some((l, negated)) => (
                    Some(l),
                    Some(expected_of(l, negated)),
                    // Known: it decided the pass (or is the first test).
                    actual_of(l, Tri::True),
                ),
                None => (
                    None,
                    None,
                    Actual::Value {
                        value: "".into(),
                        detail: None,
                    },
                ),
            }
        }
    };
    let field = blame.map_or("", |l| l.field.path);
    let mut notes = Vec::new();
    // A missing value can still have something to say (the licence an
    // international arm's circuit needs).
    if actual == Actual::Missing
        && let Some(d) = blame.and_then(|l| subject.detail(&l.field))
    {
        notes.push(Note::Detail(d.into()));
    }
    for f in failures.iter().skip(1) {
        let also = actual_of(f.leaf, f.result);
        let also_field = f.leaf.field.path;
        // One statement per field and value: the other tests of the same
        // field (an `any` of alternatives) add only their expectations.
        let said = (also_field == field && also == actual)
            || notes.iter().any(|n| {
                matches!(n, Note::Also { field, actual, .. } if *field == also_field && *actual == also)
            });
        if said {
            continue;
        }
        notes.push(Note::Also {
            field: also_field,
            expected: expected_of(f.leaf, f.negated),
            actual: also,
        });
    }
    // Which crypto was judged, where a crypto field decided the finding
    // (not where the inventory's own fields did).
    let on_crypto = if failures.is_empty() {
        blame.is_some_and(|l| l.field.is_crypto())
    } else {
        failures.iter().any(|f| f.leaf.field.is_crypto())
    };
    if rule.judges_crypto
        && on_crypto
        && let Some((_, facts)) = subject.vpn
    {
        notes.push(Note::Judged(match &facts.judged().source {
            CryptoSource::Declared => None,
            CryptoSource::Device(path) => Some(path.as_str().into()),
        }));
    }
    let line = blame.map_or(0, |l| blame_line(&l.field.source, subject, org));
    // Judged on a device configuration: the line there that decides it
    // leads, the inventory entry follows.
    let decided = match (subject.vpn, blame) {
        (Some((v, facts)), Some(leaf)) => {
            let first = failures.first();
            // The failing test, as true when it holds.
            let check = |s: &Subject| match first {
                Some(f) if f.negated => !f.leaf.eval(s),
                Some(f) => f.leaf.eval(s),
                None => Tri::True,
            };
            let test: Option<&dyn Fn(&Subject) -> Tri> = first.map(|_| &check as _);
            facts.decided(v, org, &leaf.field, test)
        }
        _ => None,
    };
    if let Some(Decided {
        tunnel: Some(t),
        line,
        ..
    }) = &decided
        && status != Status::Pass
    {
        notes.push(Note::DecidedBy {
            tunnel: t.as_str().into(),
            line: *line,
        });
    }
    let inventory = match vpn {
        Some(v) => SourceRef {
            path: whose.path.clone(),
            line: if line == 0 { v.pos.line } else { line },
        },
        None => SourceRef {
            path: whose.path.clone(),
            line: match Origin::of(&whose.path) {
                Origin::Builtin => 0,
                Origin::File(_) => line.max(1),
            },
        },
    };
    // A value the VPN does not give and the organisation does: the usage
    // policy's line leads, the VPN's entry follows.
    let from_org = blame
        .and_then(|l| subject.from_organisation(&l.field))
        .zip(org.policy_path.as_deref());
    let from_org = from_org.map(|(pos, path)| SourceRef {
        path: Arc::from(path),
        line: pos.line,
    });
    if let Some(r) = &from_org {
        notes.push(Note::OrganisationValue {
            path: r.path.clone(),
            line: r.line,
        });
    }
    let (source, related) = match (decided, from_org) {
        (Some(d), _) => (
            SourceRef {
                path: Arc::from(d.path.as_str()),
                line: d.line,
            },
            vec![inventory],
        ),
        (None, Some(r)) => (r, vec![inventory]),
        (None, None) => (inventory, Vec::new()),
    };
    Finding {
        finding_id: finding_id(&rule.id, vpn.map(|v| &*v.id)),
        status,
        severity: rule.severity,
        rule: rule.shared.clone(),
        target: whose.target.clone(),
        field,
        expected,
        actual,
        notes,
        source,
        related,
        waiver: None,
        change: None,
    }
}

/// The line a finding blames: the field's own line, else the nearest present
/// enclosing group's, else 0 (the caller uses the VPN entry).
fn blame_line(source: &FieldSource, subject: &Subject, org: &OrgFacts) -> u32 {
    let vpn_line = |v: &Vpn, paths: &[&str]| -> u32 {
        for p in paths {
            let mut path = *p;
            loop {
                if let Some(slot) = vpn_field(path).and_then(|f| v.get(f)) {
                    return slot.pos.line;
                }
                match path.rsplit_once('.') {
                    Some((parent, _)) => path = parent,
                    None => break,
                }
            }
        }
        0
    };
    match source {
        FieldSource::Vpn(id) => subject
            .vpn
            .map_or(0, |(v, _)| vpn_line(v, &[VPN_FIELDS[*id as usize].path])),
        FieldSource::Derived(Derived::Countries | Derived::CrossBorder) => {
            subject.vpn.map_or(0, |(v, _)| {
                vpn_line(v, &["remote.country", "local.country"])
            })
        }
        FieldSource::Derived(Derived::CryptoDuty) => subject.vpn.map_or(0, |(v, _)| {
            subject
                .read_from(source)
                .map_or(0, |id| vpn_line(v, &[VPN_FIELDS[id as usize].path]))
        }),
        FieldSource::Derived(Derived::EvidenceCrypto(_) | Derived::Evidence(_)) => {
            subject.vpn.map_or(0, |(v, _)| vpn_line(v, &["config"]))
        }
        FieldSource::Derived(Derived::Crypto(_)) => subject.vpn.map_or(0, |(v, facts)| {
            if facts.evidence.is_some() {
                vpn_line(v, &["config"])
            } else {
                vpn_line(v, &["crypto.esp", "crypto.ike", "crypto.tls", "protocol"])
            }
        }),
        // A VPN's finding is located in the inventory: an organisation
        // field's line in the policy would point at the wrong file.
        FieldSource::Org(_) if subject.vpn.is_some() => 0,
        FieldSource::Org(f) => org.pos_of(*f).map_or(0, |p: Pos| p.line),
    }
}

fn apply_waivers(
    findings: &mut Findings,
    estate: &Estate,
    as_of: Date,
    policy_source: &str,
) -> (Vec<WaiverState>, Diagnostics) {
    let mut warnings = Diagnostics::default();
    let waivers = &estate.policy.waivers;
    let index: HashMap<(&str, &str), usize> = waivers
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                (
                    w.rule.value.as_str(),
                    w.vpn.as_ref().map_or("", |v| v.value.as_str()),
                ),
                i,
            )
        })
        .collect();
    let mut matched = vec![false; waivers.len()];
    let shared: Vec<Arc<Waiver>> = waivers.iter().cloned().map(Arc::new).collect();
    for f in findings.iter_mut().filter(|f| f.status.is_gap()) {
        let Some(&i) = index.get(&(&*f.rule.id, f.vpn())) else {
            continue;
        };
        matched[i] = true;
        let expired = waivers[i].expires < as_of;
        if !expired {
            f.status = Status::Waived;
        }
        f.waiver = Some(AppliedWaiver {
            waiver: shared[i].clone(),
            expired,
        });
    }
    let vpn_ids: HashSet<&str> = estate.vpns.iter().map(|v| &*v.id).collect();
    let mut states = Vec::new();
    for (i, w) in waivers.iter().enumerate() {
        let expired = w.expires < as_of;
        let soon = !expired
            && w.expires
                <= as_of
                    .checked_add(jiff::Span::new().days(30))
                    .unwrap_or(as_of);
        let stale = !matched[i];
        if stale {
            let why = match &w.vpn {
                Some(v) if !vpn_ids.contains(v.value.as_str()) => {
                    format!("no VPN \"{}\" in the inventory", v.value)
                }
                _ if expired => format!(
                    "it expired on {} and {} no longer fails there",
                    w.expires, w.rule.value
                ),
                _ => format!("{} has no failing finding there", w.rule.value),
            };
            let target = w
                .vpn
                .as_ref()
                .map_or_else(|| "the organisation".to_string(), |v| v.value.clone());
            warnings.push(Diagnostic::warning(
                Code::Waiver,
                policy_source,
                w.pos,
                format!(
                    "stale waiver of {} on {target}: {why}; remove it",
                    w.rule.value
                ),
            ));
        }
        states.push(WaiverState {
            waiver: w.clone(),
            source: SourceRef {
                path: Arc::from(policy_source),
                line: w.pos.line,
            },
            expired,
            expiring_soon: soon,
            stale,
        });
    }
    (states, warnings)
}
