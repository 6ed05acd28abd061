//! The JSON report (SPEC §6): `vpnaudit-report/1`.

use serde::Serialize;

use crate::audit::Report;
use crate::model::finding::{Change, Finding, Severity};

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    tool: Tool,
    as_of: String,
    inputs: Vec<InputOut<'a>>,
    packs: Vec<PackOut<'a>>,
    summary: Summary<'a>,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct InputOut<'a> {
    path: &'a str,
    kind: &'static str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct PackOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a str,
    rules: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    policy: String,
    vpns: usize,
    rules: usize,
    fail: usize,
    error: usize,
    waived: usize,
    passed: usize,
    gaps_by_severity: serde_json::Map<String, serde_json::Value>,
    fail_on: &'a str,
    verdict: &'static str,
    disabled_rules: Vec<Disabled<'a>>,
    waivers: Vec<WaiverOut<'a>>,
    /// With `--baseline`: the earlier report, and how many findings are new.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineOut<'a>>,
}

#[derive(Serialize)]
struct BaselineOut<'a> {
    path: &'a str,
    as_of: &'a str,
    new: usize,
    existing: usize,
}

#[derive(Serialize)]
struct Disabled<'a> {
    rule: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct WaiverOut<'a> {
    rule: &'a str,
    vpn: Option<&'a str>,
    approved_by: &'a str,
    ticket: &'a str,
    approved: Option<String>,
    expires: String,
    reason: &'a str,
    state: &'static str,
    expiring_soon: bool,
    stale: bool,
    source: Source<'a>,
}

#[derive(Serialize)]
struct Source<'a> {
    path: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    finding_id: &'a str,
    status: &'static str,
    severity: &'static str,
    rule: &'a str,
    title: &'a str,
    vpn: &'a str,
    vpn_name: &'a str,
    owner: &'a str,
    field: &'a str,
    expected: &'a str,
    actual: &'a str,
    message: &'a str,
    references: &'a [String],
    remediation: &'a str,
    source: Source<'a>,
    waiver: &'a str,
    change: Option<&'static str>,
}

pub fn render(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    fail_on: Option<Severity>,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(report, include, fail_on, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the JSON report to `out`.
pub fn write(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    fail_on: Option<Severity>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut by_sev = serde_json::Map::new();
    for (s, n) in report.gaps_by_severity() {
        by_sev.insert(s.to_string(), n.into());
    }
    let fail_on_s = fail_on.map_or("never", |s| s.as_str());
    let doc = Doc {
        schema: "vpnaudit-report/1",
        tool: Tool {
            name: "vpnaudit",
            version: env!("CARGO_PKG_VERSION"),
        },
        as_of: report.as_of.to_string(),
        inputs: report
            .inputs
            .iter()
            .map(|i| InputOut {
                path: &i.path,
                kind: i.kind.as_str(),
                sha256: &i.sha256,
            })
            .collect(),
        packs: report
            .packs
            .iter()
            .map(|p| PackOut {
                id: &p.id,
                title: &p.title,
                source: &p.path,
                rules: p.rules,
            })
            .collect(),
        summary: Summary {
            policy: if report.builtin_policy {
                "built-in default policy".to_string()
            } else {
                report.policy_name.clone().unwrap_or_default()
            },
            vpns: report.vpn_count,
            rules: report.rules.iter().filter(|r| r.disabled.is_none()).count(),
            fail: report.count(crate::model::finding::Status::Fail),
            error: report.count(crate::model::finding::Status::Error),
            waived: report.count(crate::model::finding::Status::Waived),
            passed: report.count(crate::model::finding::Status::Pass),
            gaps_by_severity: by_sev,
            fail_on: fail_on_s,
            verdict: if report.fails(fail_on) {
                "fail"
            } else {
                "pass"
            },
            disabled_rules: report
                .disabled_rules()
                .map(|(rule, reason)| Disabled { rule, reason })
                .collect(),
            waivers: report
                .waivers
                .iter()
                .map(|w| WaiverOut {
                    rule: &w.waiver.rule.value,
                    vpn: w.waiver.vpn.as_ref().map(|v| v.value.as_str()),
                    approved_by: &w.waiver.approved_by,
                    ticket: &w.waiver.ticket,
                    approved: w.waiver.approved.map(|d| d.to_string()),
                    expires: w.waiver.expires.to_string(),
                    reason: &w.waiver.reason,
                    state: if w.expired { "expired" } else { "active" },
                    expiring_soon: w.expiring_soon,
                    stale: w.stale,
                    source: Source {
                        path: &w.source.path,
                        line: w.source.line,
                    },
                })
                .collect(),
            baseline: report.baseline.as_ref().map(|b| {
                let count = |c: Change| {
                    report
                        .findings
                        .iter()
                        .filter(|f| include(f) && f.change == Some(c))
                        .count()
                };
                BaselineOut {
                    path: &b.path,
                    as_of: &b.as_of,
                    new: count(Change::New),
                    existing: count(Change::Existing),
                }
            }),
        },
        findings: report
            .findings
            .iter()
            .filter(|f| include(f))
            .map(|f| FindingOut {
                finding_id: &f.finding_id,
                status: f.status.as_str(),
                severity: f.severity.as_str(),
                rule: &f.rule,
                title: &f.title,
                vpn: &f.vpn,
                vpn_name: &f.vpn_name,
                owner: &f.owner,
                field: &f.field,
                expected: &f.expected,
                actual: &f.actual,
                message: &f.message,
                references: &f.references,
                remediation: &f.remediation,
                source: Source {
                    path: &f.source.path,
                    line: f.source.line,
                },
                waiver: &f.waiver,
                change: f.change.map(|c| c.as_str()),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
