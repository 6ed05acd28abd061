//! The rule reference — `vpnaudit rules` as a table, JSON or Markdown, and
//! `vpnaudit explain` — rendered from the compiled rules. A custom pack's
//! texts are input: every value is escaped for the terminal or the markup.

use crate::model::citations::{Citation, Locator};
use crate::model::pack::Target;
use crate::report::prose;
use crate::text::{json_safe, visible, visible_lines};
use crate::validate::compile::Rule;

/// The rules as a terminal table fitted to `width`.
pub fn table(rules: &[Rule], width: Option<u16>) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(["Rule", "Severity", "Pack", "Title", "Applies to"]);
    if let Some(w) = width {
        t.set_width(w);
    }
    for r in rules {
        t.add_row([
            visible(&r.id),
            visible(r.severity.as_str()),
            visible(&r.pack),
            visible(&r.title),
            visible(&scope(r)).into_owned().into(),
        ]);
    }
    format!("{t}\n")
}

/// The rules as JSON, with their resolved citations and penalties.
pub fn json(rules: &[Rule]) -> String {
    let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "pack": r.pack, "severity": r.severity.as_str(), "target": r.target.as_str(),
                        "title": r.title, "applies_to": scope(r), "check": prose::describe(&r.check),
                        "references": r.references,
                        "citations": r.citations.iter().map(citation_json).collect::<Vec<_>>(),
                        "penalties": r.penalties.iter().map(|p| serde_json::json!({
                            "citation": citation_json(&p.citation), "range": p.range, "regulator": p.regulator,
                        })).collect::<Vec<_>>(),
                        "rationale": r.rationale, "remediation": r.remediation,
                    })
                })
                .collect();
    format!(
        "{}\n",
        json_safe(serde_json::to_string_pretty(&list).unwrap_or_default())
    )
}

/// The rules as a Markdown table (the README's rule reference).
pub fn markdown(rules: &[Rule]) -> String {
    let mut s = String::from(
        "| Rule | Severity | Pack | Title | Applies to | References |\n|---|---|---|---|---|---|\n",
    );
    for r in rules {
        let refs: Vec<String> = r.references.iter().map(|x| md(x)).collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.severity,
            r.pack,
            md(&r.title),
            md(&scope(r)),
            refs.join("<br>")
        ));
    }
    s
}

/// `vpnaudit explain RULE`: the obligation, why, its references as the
/// register has them, how it is checked, the remediation and the penalties.
pub fn explain(rule: &Rule) -> String {
    // A custom pack's texts are input: one-line fields and prose escaped.
    let (title, pack) = (visible(&rule.title), visible(&rule.pack));
    let mut s = format!("{} — {title}\n", rule.id);
    s.push_str(&format!("severity: {}    pack: {pack}\n\n", rule.severity));
    s.push_str(&format!(
        "Obligation\n  {title}.\n  Applies to {}.\n\n",
        visible(&scope(rule))
    ));
    if let Some(r) = &rule.rationale {
        s.push_str(&format!("Why\n  {}\n\n", visible_lines(r.trim())));
    }
    if !rule.references.is_empty() {
        s.push_str("References\n");
        for r in &rule.references {
            s.push_str(&format!("  - {}\n", visible(r)));
            // The register's entry for it: what the article is about, and
            // where it was checked.
            if let Some(c) = rule.citations.iter().find(|c| c.text == *r) {
                if let Some(t) = &c.topic {
                    s.push_str(&format!("      on: {}\n", visible(t)));
                }
                s.push_str(&format!(
                    "      {} version in force on the audit date: {} (since {})\n",
                    if c.confirmed {
                        "verified;"
                    } else {
                        "UNCONFIRMED against the text;"
                    },
                    visible(&c.version),
                    c.in_force
                ));
                if let Some(src) = &c.source {
                    s.push_str(&format!("      source: {}\n", visible(src)));
                }
            }
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "How it is checked\n  Passes when {}.\n",
        visible(&prose::describe(&rule.check))
    ));
    s.push_str(
        "  A field missing from the check is a gap (actual \"(missing)\"), never a silent pass.\n",
    );
    if let Some(e) = &rule.explain {
        s.push_str(&format!("  {}\n", visible_lines(e.trim())));
    }
    if let Some(r) = &rule.remediation {
        s.push_str(&format!("\nRemediation\n  {}\n", visible_lines(r.trim())));
    }
    if !rule.penalties.is_empty() {
        s.push_str("\nConsequences\n");
        for p in &rule.penalties {
            s.push_str(&format!("  - {}\n", visible(&p.citation.text)));
            s.push_str(&format!("      {}\n", visible_lines(p.range.trim())));
            if let Some(reg) = &p.regulator {
                s.push_str(&format!("      regulator: {}\n", visible(reg)));
            }
        }
    }
    s
}

/// Whom a rule applies to, in words.
pub fn scope(rule: &Rule) -> String {
    let mut parts = Vec::new();
    match (&rule.jurisdiction, rule.target) {
        (Some(j), Target::Vpn) => parts.push(format!("VPNs with an endpoint in {j}")),
        (Some(j), _) => parts.push(format!(
            "the organisation (in {j}, or with a VPN endpoint there)"
        )),
        (None, Target::Vpn) => parts.push("every VPN".to_string()),
        (None, _) => parts.push("the organisation".to_string()),
    }
    if let Some(w) = &rule.when {
        parts.push(format!("when {}", prose::describe(w)));
    }
    parts.join(", ")
}

fn citation_json(c: &Citation) -> serde_json::Value {
    let (kind, part) = match &c.locator {
        Locator::Whole => ("whole", None),
        Locator::Article(a) => ("article", Some(a)),
        Locator::Clause(a) => ("clause", Some(a)),
        Locator::Section(a) => ("section", Some(a)),
    };
    let then = match &c.locator_then {
        Locator::Whole => None,
        Locator::Article(a) | Locator::Clause(a) | Locator::Section(a) => Some(a),
    };
    serde_json::json!({
        "key": c.key, "zh": c.zh, "en": c.en, "version": c.version, "in_force": c.in_force.to_string(),
        kind: part, "as_numbered_on_audit_date": then, "topic": c.topic,
        "status": if c.confirmed { "verified" } else { "unconfirmed" }, "source": c.source, "text": c.text,
    })
}

fn md(s: &str) -> String {
    visible(&s.replace('|', "\\|").replace('\n', " ")).into_owned()
}
