//! Validating a usage policy: its tree → a [`UsagePolicy`] — the
//! organisation and its licences (numbers parsed, areas resolved),
//! packs, parameters, overrides and waivers — every problem located.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::diag::{Code, Diagnostic};
use crate::model::finding::Severity;
use crate::model::licence::{Coverage, Issuer, LicenceNumber, resolve_area};
use crate::model::policy::{
    DATA_EXPORT_KEYS, DATA_EXPORT_REQUIRED, DataExport, LICENCE_KEYS, Licence, ORGANISATION_KEYS,
    OVERRIDE_KEYS, Organisation, Override, POLICY_KEYS, ROLES, UsagePolicy, WAIVER_KEYS, Waiver,
};
use crate::model::schema::{ORG_DEFAULT_FIELDS, VPN_FIELDS};
use crate::source::{Pos, Spanned};
use crate::syntax::node::{Key, Node, NodeValue};
use crate::validate::inventory::read_top_field;
use crate::validate::read::{Fields, Reader};

/// The values a usage policy gives the packs' parameters, as written. A
/// parameter's type is that of the field a rule compares it with, so each
/// value is checked where it is used (`validate::compile`, and
/// `rules::data_export` for the volume thresholds), located in the policy.
#[derive(Debug, Clone, Default)]
pub struct Parameters(pub Vec<(Key, Node)>);

/// Reads a usage policy document (its `kind` and `version` already checked).
pub fn read_policy(r: &mut Reader, root: &Node) -> Option<(UsagePolicy, Parameters)> {
    let mut m = r.map(root, "a usage policy")?;
    m.take("kind");
    m.take("version");
    let mut parameters = Parameters::default();
    let mut p = UsagePolicy {
        path: Some(r.path.to_string()),
        pos: root.pos,
        name: m.take("name").and_then(|n| r.text(n)),
        owner: m.take("owner").and_then(|n| r.text(n)),
        reviewed: m
            .take("reviewed")
            .and_then(|n| r.date(n).map(|d| Spanned::new(d, n.pos))),
        organisation: Organisation::default(),
        packs: Vec::new(),
        overrides: Vec::new(),
        waivers: Vec::new(),
    };
    if let Some(org) = m.take("organisation") {
        p.organisation = read_organisation(r, org);
    }
    match m.take("packs") {
        Some(n) => {
            for item in r.seq(n, "a list of pack ids or files").unwrap_or(&[]) {
                if let Some(t) = r.non_empty_text(item) {
                    p.packs.push(Spanned::new(t, item.pos));
                }
            }
        }
        None => p.packs = UsagePolicy::builtin().packs,
    }
    if let Some(n) = m.take("parameters")
        && let Some(mut params) = r.map(n, "parameters")
    {
        parameters.0 = params.take_all().to_vec();
    }
    if let Some(n) = m.take("overrides")
        && let Some(mut ov) = r.map(n, "overrides")
    {
        for (key, value) in ov.take_all() {
            if let Some(o) = read_override(r, key, value) {
                p.overrides.push(o);
            }
        }
    }
    if let Some(n) = m.take("waivers") {
        let items = r.seq(n, "a list of waivers").unwrap_or(&[]);
        // (rule, vpn) of each waiver kept → its line.
        let mut first: HashMap<(String, Option<String>), Pos> = HashMap::with_capacity(items.len());
        for item in items {
            if let Some(w) = read_waiver(r, item) {
                // Two waivers of one gap: which one applies would be a guess.
                let target = w.vpn.as_ref().map(|v| v.value.clone());
                match first.entry((w.rule.value.clone(), target)) {
                    Entry::Occupied(o) => {
                        let message = format!(
                            "a second waiver of {} on {} (the first is at line {})",
                            w.rule.value,
                            o.key().1.as_deref().unwrap_or("the organisation"),
                            o.get().line
                        );
                        let d = Diagnostic::error(Code::Duplicate, r.path, w.pos, message)
                            .with_label(r.path, *o.get(), "the first waiver");
                        r.diags.push(d);
                    }
                    Entry::Vacant(v) => {
                        v.insert(w.pos);
                        p.waivers.push(w);
                    }
                }
            }
        }
    }
    m.finish(r, POLICY_KEYS, "the usage policy");
    Some((p, parameters))
}

fn read_organisation(r: &mut Reader, node: &Node) -> Organisation {
    let mut org = Organisation {
        pos: Some(node.pos),
        ..Organisation::default()
    };
    let Some(mut m) = r.map(node, "the organisation") else {
        return org;
    };
    org.name = m
        .take("name")
        .and_then(|n| r.text(n).map(|t| Spanned::new(t, n.pos)));
    org.country = m
        .take("country")
        .and_then(|n| r.country(n).map(|t| Spanned::new(t, n.pos)));
    org.role = m
        .take("role")
        .and_then(|n| r.word(n, ROLES).map(|t| Spanned::new(t.to_string(), n.pos)));
    if let Some(n) = m.take("licences") {
        for item in r.seq(n, "a list of licences").unwrap_or(&[]) {
            let Some(mut l) = r.map(item, "a licence") else {
                continue;
            };
            let licence = read_licence(r, item.pos, &mut l);
            l.finish(r, LICENCE_KEYS, "a licence");
            org.licences.push(licence);
        }
    }
    for name in ORG_DEFAULT_FIELDS {
        let key_pos = m.key_pos(name);
        if let Some(n) = m.take(name) {
            if org.defaults.is_empty() {
                org.defaults = vec![None; VPN_FIELDS.len()];
            }
            read_top_field(r, name, n, key_pos.unwrap_or(n.pos), &mut org.defaults);
        }
    }
    if let Some(n) = m.take("data_export") {
        org.data_export = read_data_export(r, n);
    }
    m.finish(r, ORGANISATION_KEYS, "the organisation");
    org
}

/// One of `organisation.licences`, its number parsed and its categories
/// checked against the number (Telecommunications Regulations Art. 9; the
/// Catalogue of Telecommunications Services).
fn read_licence(r: &mut Reader, pos: Pos, l: &mut Fields<'_>) -> Licence {
    let number_node = l.take("number");
    let number = number_node.and_then(|n| r.text(n));
    let parsed = match (number_node, &number) {
        (Some(n), Some(text)) => match LicenceNumber::parse(text) {
            Ok(p) => Some(p),
            Err(e) => {
                r.warning(
                    Code::Licence,
                    n.pos,
                    format!("{e}: CN-OPS-01 does not count this licence"),
                );
                None
            }
        },
        (None, _) => {
            r.warning(
                Code::Licence, pos,
                "a licence without its number: CN-OPS-01 does not count it (record number, as on the licence)",
            );
            None
        }
        (Some(_), None) => None,
    };
    let mut categories = Vec::new();
    let mut not_on_number = Vec::new();
    if let Some(n) = l.take("categories") {
        let items: Vec<&Node> = match &n.value {
            NodeValue::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        for item in items {
            let Some(c) = r.text(item) else {
                continue;
            };
            let c = c.trim().to_ascii_uppercase();
            match (&parsed, &number) {
                (Some(p), Some(num)) if !p.holds(&c) => {
                    r.warning(
                        Code::Licence, item.pos,
                        format!(
                            "{c} is not on licence {num}, which holds {}: CN-OPS-01 does not count it",
                            p.holds_description()
                        ),
                    );
                    not_on_number.push(c);
                }
                _ => categories.push(c),
            }
        }
    }
    if let Some(p) = &parsed
        && let Issuer::Province(code) = p.issuer
        && let Some(basic) = categories.iter().find(|c| c.starts_with('A'))
    {
        r.warning(
            Code::Licence, number_node.map_or(pos, |n| n.pos),
            format!(
                "{basic} is basic telecom business, which only MIIT licenses (Telecommunications Regulations Art. 9), but this number was issued by {}",
                crate::model::licence::describe_area(code)
            ),
        );
    }
    let expires = l.take("expires").and_then(|n| r.date(n));
    let declared = l.take("coverage").and_then(|n| {
        let items: Vec<&Node> = match &n.value {
            NodeValue::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        let mut areas = Vec::new();
        let mut ok = true;
        for item in items {
            match r.text(item).map(|t| resolve_area(&t)) {
                Some(Ok(a)) => areas.push(a),
                Some(Err(e)) => {
                    r.error(Code::InvalidValue, item.pos, e);
                    ok = false;
                }
                None => ok = false,
            }
        }
        (ok && !areas.is_empty()).then(|| (Coverage::from_areas(&areas), n.pos))
    });
    let coverage = match (parsed.as_ref().map(|p| p.issuer), declared) {
        (Some(Issuer::Province(code)), declared) => {
            if let Some((c, at)) = &declared
                && *c != Coverage::Regions(vec![code])
            {
                r.warning(
                    Code::Licence, *at,
                    format!(
                        "a licence issued by {} covers that province only (Telecommunications Regulations Art. 9), not {}",
                        crate::model::licence::describe_area(code),
                        c.describe()
                    ),
                );
            }
            Some(Coverage::Regions(vec![code]))
        }
        (_, declared) => declared.map(|(c, _)| c),
    };
    Licence {
        pos,
        number,
        parsed,
        categories,
        not_on_number,
        expires,
        coverage,
    }
}

fn read_data_export(r: &mut Reader, node: &Node) -> Option<DataExport> {
    let mut m = r.map(node, "organisation.data_export")?;
    let count = |r: &mut Reader, m: &mut crate::validate::read::Fields, name: &str| {
        let n = m.take(name)?;
        let v = r.int(n)?;
        if v < 0 {
            r.error(
                Code::InvalidValue,
                n.pos,
                format!("{name} is a number of individuals: 0 or more"),
            );
            return None;
        }
        Some(Spanned::new(v, n.pos))
    };
    let individuals = count(r, &mut m, "individuals");
    let sensitive_individuals = count(r, &mut m, "sensitive_individuals");
    let important_data = m
        .take("important_data")
        .and_then(|n| r.bool(n).map(|b| Spanned::new(b, n.pos)));
    let basis = m
        .take("basis")
        .and_then(|n| r.non_empty_text(n).map(|t| Spanned::new(t, n.pos)));
    for key in DATA_EXPORT_REQUIRED {
        if node.get(key).is_none() {
            r.error(
                Code::MissingKey,
                node.pos,
                format!("organisation.data_export has no \"{key}\""),
            );
        }
    }
    m.finish(r, DATA_EXPORT_KEYS, "organisation.data_export");
    Some(DataExport {
        pos: node.pos,
        individuals,
        sensitive_individuals,
        important_data,
        basis,
    })
}

fn read_override(r: &mut Reader, key: &Key, node: &Node) -> Option<Override> {
    let mut m = r.map(node, "a rule override")?;
    let severity = m
        .take("severity")
        .and_then(|n| r.word(n, &Severity::NAMES))
        .and_then(Severity::parse);
    let enabled = m.take("enabled").and_then(|n| r.bool(n));
    let reason = m.take("reason").and_then(|n| r.non_empty_text(n));
    if enabled == Some(false) && reason.is_none() {
        r.error(
            Code::MissingKey,
            key.pos,
            format!("override disabling {} needs a \"reason\"", key.name),
        );
    }
    m.finish(r, OVERRIDE_KEYS, &format!("the override of {}", key.name));
    Some(Override {
        rule: Spanned::new(key.name.clone(), key.pos),
        severity,
        enabled: enabled.unwrap_or(true),
        reason,
    })
}

fn read_waiver(r: &mut Reader, node: &Node) -> Option<Waiver> {
    let mut m = r.map(node, "a waiver")?;
    let required =
        |r: &mut Reader, m: &mut crate::validate::read::Fields, name: &str| -> Option<String> {
            match m.take(name) {
                Some(n) => r.non_empty_text(n),
                None => {
                    r.error(
                        Code::MissingKey,
                        node.pos,
                        format!("waiver has no \"{name}\""),
                    );
                    None
                }
            }
        };
    let rule = m
        .take("rule")
        .and_then(|n| r.non_empty_text(n).map(|t| Spanned::new(t, n.pos)));
    if rule.is_none() && node.get("rule").is_none() {
        r.error(Code::MissingKey, node.pos, "waiver has no \"rule\"");
    }
    let vpn = m
        .take("vpn")
        .and_then(|n| r.non_empty_text(n).map(|t| Spanned::new(t, n.pos)));
    let reason = required(r, &mut m, "reason");
    let approved_by = required(r, &mut m, "approved_by");
    let ticket = required(r, &mut m, "ticket");
    let approved = m.take("approved").and_then(|n| r.date(n));
    let expires_node = m.take("expires");
    let expires = match expires_node {
        Some(n) => r.date(n),
        None => {
            r.error(
                Code::MissingKey,
                node.pos,
                "waiver has no \"expires\" date (waivers must expire)",
            );
            None
        }
    };
    if let (Some(a), Some(e), Some(n)) = (approved, expires, expires_node)
        && e < a
    {
        r.error(
            Code::Waiver,
            n.pos,
            format!("waiver expires ({e}) before it was approved ({a})"),
        );
    }
    m.finish(r, WAIVER_KEYS, "a waiver");
    Some(Waiver {
        pos: node.pos,
        rule: rule?,
        vpn,
        reason: reason?,
        approved_by: approved_by?,
        ticket: ticket?,
        approved,
        expires: expires?,
    })
}
