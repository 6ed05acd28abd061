//! An audit: the device configurations read ([`read_evidence`]), then the
//! rules evaluated by `rules::eval` into the [`Report`] every output format
//! renders ([`run`] itself reads nothing).

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::evidence::store::{Confinement, Link, load_all};
use crate::model::estate::Estate;
use crate::model::report::Report;
use crate::rules::eval::{Evaluated, evaluate_all, link_of};
use crate::source::Pos;
use crate::validate::compile::RuleSet;

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

/// Runs the audit on the estate, its compiled rules and the evidence read
/// for it: a function of its arguments, with no I/O.
pub fn run(
    estate: &Estate,
    rules: &RuleSet,
    evidence: &Evidence,
    options: &AuditOptions,
) -> Report {
    let Evaluated {
        findings,
        passed,
        waivers,
        mut warnings,
    } = evaluate_all(estate, rules, &evidence.configs, options);
    warnings.extend(reader_warnings(&evidence.configs));
    Report {
        as_of: options.as_of,
        inputs: estate.inputs.clone(),
        packs: rules.packs.clone(),
        builtin_policy: estate.policy.is_builtin(),
        policy_name: estate.policy.name.clone(),
        rules: rules.rules.iter().map(|r| r.info.clone()).collect(),
        findings,
        passed,
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
