//! Loading everything one audit reads — the inventories, the usage policy
//! and the obligation packs, named on the command line or found by walking
//! directories — into an [`Estate`]: the candidates found (`discover.rs`),
//! each read and parsed (`read.rs`), the packs resolved (`packs.rs`), VPN
//! ids checked across files. Every error of every file is collected before
//! the caller decides to stop.

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Diagnostics, Level};
use crate::model::estate::Estate;
use crate::model::input::{Input, Kind};
use crate::model::inventory::Vpn;
use crate::model::policy::UsagePolicy;
use crate::source::{Pos, SourceMap, display_path};
use crate::validate::compile::{RuleSet, compile_estate};
use crate::validate::policy::{Parameters, read_policy};
use crate::validate::read::Reader;

use crate::load::discover::discover;
use crate::load::packs::load_packs;
use crate::load::read::{
    Content, Entry, Outcome, Parsed, parse_candidate, read_entry, take_inventory_entries,
};
use crate::load::request::LoadRequest;

/// Everything loaded and validated: the estate, the rules compiled against
/// its usage policy, and every diagnostic found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub estate: Estate,
    pub rules: RuleSet,
    /// Errors, warnings and notes of loading and compiling, sorted.
    pub diags: Diagnostics,
    pub sources: SourceMap,
}

/// Loads everything `req` names. Errors do not stop loading: they are in
/// the estate's diagnostics, with everything else that could be checked, so
/// one run reports them all.
pub fn load(req: &LoadRequest) -> Loaded {
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let (candidates, roots) = discover(req, &mut diags);

    let results: Vec<Outcome> = candidates.par_iter().map(parse_candidate).collect();
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut skipped = Vec::new();
    for (p, d, src) in results {
        if let Some((path, text)) = src {
            sources.insert(&path, text);
        }
        let is_skip = d.iter().any(|x| x.level == Level::Note);
        if is_skip && p.is_none() && !d.has_errors() {
            skipped.extend(d.iter().filter_map(|x| x.path.clone()));
        } else {
            diags.extend(d);
        }
        parsed.extend(p);
    }
    if !skipped.is_empty() {
        let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
        let more = if skipped.len() > 5 {
            format!(" and {} more", skipped.len() - 5)
        } else {
            String::new()
        };
        // A warning, so that --deny-warnings can insist on a clean tree.
        diags.push(Diagnostic {
            code: Code::Skipped,
            labels: Vec::new(),
            level: Level::Warning,
            path: None,
            pos: None,
            message: format!(
                "skipped {} file(s) that are not vpnaudit inputs (no kind: inventory, usage-policy or obligations): {}{more}",
                skipped.len(),
                shown.join(", ")
            ),
            help: None,
        });
    }

    // The usage policy: named, else the one found, else the built-in default.
    let explicit_policy = req.policy.as_ref().map(|p| display_path(p));
    let policies: Vec<&Parsed> = parsed
        .iter()
        .filter(|p| p.kind == Kind::UsagePolicy)
        .filter(|p| explicit_policy.as_ref().is_none_or(|e| *e == p.display))
        .collect();
    if policies.len() > 1 {
        for p in &policies[1..] {
            let pos = p.content.tree().map_or(Pos::new(1, 1), |root| root.pos);
            diags.push(Diagnostic::error(
                Code::Duplicate,
                &p.display,
                pos,
                format!(
                    "a second usage policy (the first is {}); name the one to use with --policy",
                    policies[0].display
                ),
            ));
        }
    }
    // (CSV files are always inventories, so a policy is always a tree.)
    let (policy, parameters) = match policies.first().and_then(|p| Some((p, p.content.tree()?))) {
        Some((p, root)) => {
            let mut r = Reader::new(&p.display, &mut diags);
            read_policy(&mut r, root)
                .unwrap_or_else(|| (UsagePolicy::builtin(), Parameters::default()))
        }
        _ => (UsagePolicy::builtin(), Parameters::default()),
    };

    // Inventories, VPN entries read in parallel.
    let mut vpns: Vec<Vpn> = Vec::new();
    let mut ids: Vec<(String, usize, Pos)> = Vec::new();
    for (file_idx, p) in parsed.iter_mut().enumerate() {
        if p.kind != Kind::Inventory {
            continue;
        }
        let display = p.display.as_str();
        // The entries are taken out of the tree and consumed as they are
        // read, so the tree's memory is given back while the models grow.
        let entries: Vec<Entry> = match &mut p.content {
            Content::Streamed(root, entries) => {
                take_inventory_entries(root, display, &mut diags);
                std::mem::take(entries)
            }
            Content::Csv(entries) => std::mem::take(entries),
            Content::Tree(root) => take_inventory_entries(root, display, &mut diags)
                .into_par_iter()
                .with_min_len(256)
                .map(|n| read_entry(n, display))
                .collect(),
        };
        vpns.reserve(entries.len());
        for e in entries {
            if let Some((id, pos)) = e.id {
                ids.push((id, file_idx, pos));
            }
            if let Some(mut v) = e.vpn {
                v.file = file_idx as u32;
                vpns.push(v);
            }
            if !e.diags.is_empty() {
                diags.extend(e.diags);
            }
        }
    }
    check_duplicate_ids(&ids, &parsed, &mut diags);

    // Packs: those the policy and --pack name; walked-in pack files that
    // nothing names are validated but not applied.
    let (packs, unused_packs) = load_packs(req, &policy, &parsed, &roots, &mut diags, &mut sources);
    let rules = compile_estate(
        &packs,
        &unused_packs,
        &policy,
        &parameters,
        req.as_of,
        &mut diags,
    );

    if !parsed.iter().any(|p| p.kind == Kind::Inventory) && !diags.has_errors() {
        let where_ = req
            .paths
            .iter()
            .map(|p| display_path(p))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(Diagnostic::usage(format!(
            "no inventory found in {where_} (inventory files have kind: inventory, or end in .inventory.csv)"
        )));
    }

    let inputs = parsed
        .iter()
        .map(|p| Input {
            path: p.display.clone(),
            kind: p.kind,
            sha256: p.sha256.clone(),
        })
        .collect();
    diags.sort();
    // Snippets are only shown for diagnostics: a large file nothing points
    // at need not stay in memory.
    let mentioned: std::collections::HashSet<String> =
        diags.iter().filter_map(|d| d.path.clone()).collect();
    sources.retain(|path, text| text.len() < (1 << 20) || mentioned.contains(path));
    Loaded {
        estate: Estate {
            inputs,
            vpns,
            policy,
            roots,
        },
        rules,
        diags,
        sources,
    }
}

fn check_duplicate_ids(ids: &[(String, usize, Pos)], parsed: &[Parsed], diags: &mut Diagnostics) {
    let mut first: std::collections::HashMap<&str, (usize, Pos)> =
        std::collections::HashMap::with_capacity(ids.len());
    for (id, file, pos) in ids {
        match first.get(id.as_str()) {
            Some((prev_file, p)) => diags.push(
                Diagnostic::error(
                    Code::Duplicate,
                    &parsed[*file].display,
                    *pos,
                    format!(
                        "duplicate VPN id \"{id}\" (first at {}:{}:{})",
                        parsed[*prev_file].display, p.line, p.col
                    ),
                )
                .with_label(&parsed[*prev_file].display, *p, "first defined here"),
            ),
            None => {
                first.insert(id, (*file, *pos));
            }
        }
    }
}
