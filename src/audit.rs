//! An audit: the device configurations read ([`read_evidence`]), the
//! rules evaluated by `rules::eval` ([`run`] itself reads nothing), and the
//! [`Report`] every output format renders, with the summary they print.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::evidence::store::{Confinement, Link, load_all};
use crate::load::estate::{Estate, Input};
use crate::model::finding::WaiverState;
use crate::model::finding::{Findings, Severity, Status};
use crate::model::pack::Target;
use crate::rules::compile::{Rule, compile_rules, unknown_rule};
use crate::rules::data_export::Thresholds;
use crate::rules::eval::{Evaluated, evaluate_all, link_of};
use crate::source::Pos;

pub use crate::rules::eval::AuditOptions;

/// The device configurations the VPNs link, each read once, with what its
/// reader made of it or why it could not be read.
#[derive(Debug, Default)]
pub struct Evidence {
    configs: HashMap<Link, crate::evidence::store::Loaded>,
}

/// Reads every configuration the estate's VPNs link (in parallel, each
/// once), confined to the audit tree unless `allow_external` says
/// otherwise. The only file system access of an audit after loading.
pub fn read_evidence(estate: &Estate, allow_external: bool) -> Evidence {
    let mut links: Vec<Link> = estate
        .vpns
        .iter()
        .filter_map(|v| link_of(estate, v))
        .collect();
    links.sort_by(|a, b| (&a.inventory, &a.config).cmp(&(&b.inventory, &b.config)));
    links.dedup();
    Evidence {
        configs: load_all(&links, &Confinement::new(&estate.roots, allow_external)),
    }
}

/// Everything a report shows.
#[derive(Debug)]
pub struct Report {
    pub as_of: Date,
    pub inputs: Vec<Input>,
    pub packs: Vec<PackInfo>,
    pub builtin_policy: bool,
    pub policy_name: Option<String>,
    pub rules: Vec<Rule>,
    pub findings: Findings,
    pub waivers: Vec<WaiverState>,
    pub vpn_count: usize,
    /// Stale waivers and other warnings found while auditing.
    pub warnings: Diagnostics,
    /// Warnings fail the run (`--deny-warnings` and there are some).
    pub warnings_fail: bool,
    /// The earlier report findings were marked against (`--baseline`).
    pub baseline: Option<crate::model::finding::BaselineInfo>,
}

#[derive(Debug, Clone)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub path: String,
    pub rules: usize,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }

    /// Unwaived gaps (fail/error) per severity, critical first.
    pub fn gaps_by_severity(&self) -> [(Severity, usize); 5] {
        Severity::ALL.map(|s| {
            (
                s,
                self.findings
                    .iter()
                    .filter(|f| f.status.is_gap() && f.severity == s)
                    .count(),
            )
        })
    }

    /// The run fails: a gap at or above `threshold`, or warnings under
    /// `--deny-warnings`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        self.warnings_fail || self.gaps_fail(threshold)
    }

    /// True when some unwaived gap is at or above `threshold` (and, with a
    /// baseline, new).
    pub fn gaps_fail(&self, threshold: Option<Severity>) -> bool {
        let Some(t) = threshold else { return false };
        self.findings.iter().any(|f| {
            f.status.is_gap()
                && f.severity <= t
                && f.change != Some(crate::model::finding::Change::Existing)
        })
    }

    pub fn disabled_rules(&self) -> impl Iterator<Item = (&str, &str)> {
        self.rules
            .iter()
            .filter_map(|r| r.disabled.as_deref().map(|why| (r.id.as_str(), why)))
    }
}

/// Compiles the rules and checks the waivers against them. Returns the
/// rules and every diagnostic of loading and compiling; the audit runs only
/// when none is an error (otherwise: exit 2, nothing written).
pub fn prepare(estate: &Estate, as_of: Date) -> (Vec<Rule>, Diagnostics) {
    let mut diags = estate.diags.clone();
    let rules = compile_rules(
        &estate.packs,
        &estate.policy,
        &estate.parameters,
        as_of,
        &mut diags,
    );
    let _ = Thresholds::resolve(
        &estate.packs,
        &estate.policy,
        &estate.parameters,
        &mut diags,
    );
    // Packs found by walking that nothing applies are still checked.
    for pack in &estate.unused_packs {
        let _ = compile_rules(
            std::slice::from_ref(pack),
            &crate::model::policy::UsagePolicy::builtin(),
            &Default::default(),
            as_of,
            &mut diags,
        );
    }
    if let Some(path) = &estate.policy.path {
        for w in &estate.policy.waivers {
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
    diags.sort();
    (rules, diags)
}

/// Runs the audit on the estate and the evidence read for it: a function
/// of its arguments, with no I/O.
pub fn run(
    estate: &Estate,
    evidence: &Evidence,
    rules: Vec<Rule>,
    options: &AuditOptions,
) -> Report {
    let Evaluated {
        findings,
        waivers,
        mut warnings,
    } = evaluate_all(estate, &evidence.configs, &rules, options);
    warnings.extend(reader_warnings(&evidence.configs));

    let packs = estate
        .packs
        .iter()
        .map(|p| PackInfo {
            id: p.id.clone(),
            title: p.title.clone(),
            path: p.path.clone(),
            rules: p.rules.len(),
        })
        .collect();
    Report {
        as_of: options.as_of,
        inputs: estate.inputs.clone(),
        packs,
        builtin_policy: estate.policy.is_builtin(),
        policy_name: estate.policy.name.clone(),
        rules,
        findings,
        waivers,
        vpn_count: estate.vpns.len(),
        warnings,
        warnings_fail: false,
        baseline: None,
    }
}

/// What the readers noticed in the linked configurations (a proposal used
/// by nothing, a tunnel shut down), once per file, in file and line order.
/// No snippet is shown: a configuration line may hold a secret.
fn reader_warnings(configs: &HashMap<Link, crate::evidence::store::Loaded>) -> Diagnostics {
    let mut files: Vec<&crate::evidence::store::ReadConfig> = configs
        .values()
        .filter_map(|l| l.as_ref().as_ref().ok())
        .collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files.dedup_by(|a, b| a.display == b.display);
    let mut out = Diagnostics::default();
    for c in files {
        for w in &c.facts.warnings {
            out.push(Diagnostic::warning(
                Code::Evidence,
                c.display.as_str(),
                Pos::new(w.line.max(1), 1),
                w.message.as_str(),
            ));
        }
    }
    out
}
