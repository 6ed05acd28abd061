//! SARIF 2.1.0 (SPEC §6), for code-scanning dashboards such as GitHub's:
//! every rule of the audit with its help text, one result per finding with
//! its file and line, `partialFingerprints` from the finding id (so a gap
//! keeps its alert across runs), waived findings as accepted external
//! suppressions, and `baselineState` when the audit ran against a baseline.

use serde::Serialize;

use crate::model::finding::{Change, Finding, Severity, Status};
use crate::model::report::Report;
use crate::model::rule::RuleInfo;
use crate::report::{Context, keep_within, left_out_note, prose};
use crate::source::Origin;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the finding id in `partialFingerprints`; the version suffix
/// lets a future fingerprint scheme live beside this one.
pub const FINGERPRINT_KEY: &str = "vpnaudit/v1";

/// The SARIF level of a severity: critical/high → error, medium → warning,
/// low/info → note.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's numeric `security-severity` (its bands: ≥ 9.0
/// critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    severity: &'static str,
    pack: &'a str,
    target: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rule_configuration_overrides: Vec<ConfigurationOverride<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct ConfigurationOverride<'a> {
    descriptor: DescriptorRef<'a>,
    configuration: DisabledConfiguration<'a>,
}

#[derive(Serialize)]
struct DescriptorRef<'a> {
    id: &'a str,
    index: usize,
}

#[derive(Serialize)]
struct DisabledConfiguration<'a> {
    enabled: bool,
    properties: Reason<'a>,
}

#[derive(Serialize)]
struct Reason<'a> {
    reason: &'a str,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: OwnedText,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    level: &'static str,
    message: OwnedText,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

/// Another place a result concerns (the inventory entry of a finding
/// decided in a device configuration).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: OwnedText,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "vpnaudit/v1")]
    finding_id: &'a str,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    finding_id: &'a str,
    status: &'static str,
    severity: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    vpn: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    owner: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    field: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    expected: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    actual: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a str>,
    /// Findings not written as results (over [`MAX_RESULTS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    results_left_out: Option<usize>,
}

/// Most results in a run: GitHub code scanning rejects a SARIF file with
/// more ("Results per run: 25,000", *SARIF results exceed limit*,
/// <https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit>;
/// it then shows the 5,000 most severe). Over it, new and then the most
/// severe findings are kept ([`keep_within`]), and a notification says how
/// many were left out and where they all are.
pub const MAX_RESULTS: usize = 25_000;

/// The SARIF log of `report`: the findings the context includes (passes,
/// when kept, are results of kind `pass`), at most [`MAX_RESULTS`].
pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report, cx, MAX_RESULTS).as_bytes())
}

fn render(report: &Report, cx: &Context, max_results: usize) -> String {
    let rules: Vec<RuleDescriptor> = report.rules.iter().map(descriptor).collect();
    let overrides = report
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            r.disabled.as_deref().map(|reason| ConfigurationOverride {
                descriptor: DescriptorRef { id: &r.id, index },
                configuration: DisabledConfiguration {
                    enabled: false,
                    properties: Reason { reason },
                },
            })
        })
        .collect();
    let shown: Vec<&Finding> = report.findings.iter().filter(|f| cx.includes(f)).collect();
    let keep = keep_within(&shown, max_results);
    let left_out = keep
        .as_ref()
        .map(|k| k.iter().filter(|kept| !**kept).count());
    let mut notifications: Vec<Notification> = report
        .warnings
        .iter()
        .map(|d| Notification {
            level: match d.level {
                crate::diag::Level::Error => "error",
                crate::diag::Level::Warning => "warning",
                crate::diag::Level::Note => "note",
            },
            message: OwnedText {
                text: d.message.clone(),
            },
            locations: d
                .path
                .as_deref()
                .and_then(|p| physical(p, d.pos.map_or(0, |pos| pos.line)))
                .map(|pl| Location {
                    physical_location: Some(pl),
                    logical_locations: Vec::new(),
                })
                .into_iter()
                .collect(),
        })
        .collect();
    if let Some(n) = left_out {
        notifications.push(Notification {
            level: "warning",
            message: OwnedText {
                text: left_out_note(
                    n,
                    shown.len(),
                    &format!("GitHub code scanning accepts at most {max_results} results per run"),
                    cx,
                ),
            },
            locations: Vec::new(),
        });
    }
    let results = shown
        .iter()
        .enumerate()
        .filter(|(i, _)| keep.as_ref().is_none_or(|k| k[*i]))
        .filter_map(|(_, f)| {
            let index = report.rules.iter().position(|r| *r.id == *f.rule.id)?;
            Some(result(f, index))
        })
        .collect();
    let info = option_env!("CARGO_PKG_HOMEPAGE")
        .filter(|s| !s.is_empty())
        .or(option_env!("CARGO_PKG_REPOSITORY").filter(|s| !s.is_empty()));
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "vpnaudit",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: info,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: true,
                rule_configuration_overrides: overrides,
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "unicodeCodePoints",
            properties: RunProperties {
                as_of: report.as_of.to_string(),
                baseline: report.baseline.as_ref().map(|b| b.path.as_str()),
                results_left_out: left_out,
            },
        }],
    };
    let mut s = crate::text::json_safe(serde_json::to_string_pretty(&log).unwrap_or_default());
    s.push('\n');
    s
}

fn descriptor(r: &RuleInfo) -> RuleDescriptor<'_> {
    let mut tags = vec!["security", "compliance", "vpn", r.pack.as_str()];
    tags.dedup();
    RuleDescriptor {
        id: &r.id,
        name: pascal_case(&r.title),
        short_description: Text { text: &r.title },
        full_description: Text {
            text: r.rationale.as_deref().map_or(&r.title, str::trim),
        },
        help: help(r),
        default_configuration: Configuration {
            level: level(r.severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(r.severity),
            severity: r.severity.as_str(),
            pack: &r.pack,
            target: r.target.as_str(),
        },
    }
}

/// The rule's help: why, references, remediation — as plain text and as
/// Markdown.
fn help(r: &RuleInfo) -> Help {
    let mut text = format!("{}\n", r.title);
    let mut md = format!("**{}** ({} severity)\n", r.title, r.severity);
    if let Some(why) = &r.rationale {
        text.push_str(&format!("\nWhy: {}\n", why.trim()));
        md.push_str(&format!("\n### Why\n\n{}\n", why.trim()));
    }
    if !r.references.is_empty() {
        text.push_str("\nReferences:\n");
        md.push_str("\n### References\n\n");
        for reference in &r.references {
            text.push_str(&format!("- {reference}\n"));
            md.push_str(&format!("- {reference}\n"));
        }
    }
    if let Some(fix) = &r.remediation {
        text.push_str(&format!("\nRemediation: {}\n", fix.trim()));
        md.push_str(&format!("\n### Remediation\n\n{}\n", fix.trim()));
    }
    Help { text, markdown: md }
}

fn result(f: &Finding, rule_index: usize) -> SarifResult<'_> {
    let target = f.target();
    let location = Location {
        physical_location: physical(&f.source.path, f.source.line),
        logical_locations: vec![LogicalLocation {
            name: target,
            kind: "object",
        }],
    };
    let pass = f.status == Status::Pass;
    SarifResult {
        rule_id: &f.rule.id,
        rule_index,
        // A level other than "none" requires kind "fail" (the default).
        kind: pass.then_some("pass"),
        level: if pass { "none" } else { level(f.severity) },
        message: OwnedText {
            text: message(f, target),
        },
        locations: vec![location],
        related_locations: f
            .related
            .iter()
            .filter_map(|r| physical(&r.path, r.line))
            .enumerate()
            .map(|(id, physical_location)| RelatedLocation {
                id,
                physical_location,
                message: OwnedText {
                    text: format!("the inventory entry of {target}"),
                },
            })
            .collect(),
        partial_fingerprints: Fingerprints {
            finding_id: f.finding_id.as_str(),
        },
        suppressions: if f.status == Status::Waived {
            vec![Suppression {
                kind: "external",
                status: "accepted",
                justification: prose::waiver(f),
            }]
        } else {
            Vec::new()
        },
        baseline_state: f.change.map(|c| match c {
            Change::New => "new",
            Change::Existing => "unchanged",
        }),
        properties: ResultProperties {
            finding_id: f.finding_id.as_str(),
            status: f.status.as_str(),
            severity: f.severity.as_str(),
            vpn: f.vpn(),
            owner: f.owner(),
            field: f.field,
            expected: prose::expected(f),
            actual: prose::actual(&f.actual),
        },
    }
}

fn message(f: &Finding, target: &str) -> String {
    let mut m = format!("{} ({target}): {}", f.rule.title, prose::message(f));
    if f.status == Status::Error {
        m.insert_str(0, "could not be evaluated: ");
    }
    if !f.rule.remediation.is_empty() && f.status != Status::Pass {
        m.push_str(&format!(". Remediation: {}", f.rule.remediation.trim()));
    }
    m
}

/// The file of a finding as a SARIF artifact location: a relative path is
/// resolved against `%SRCROOT%` (the checkout), an absolute one becomes a
/// `file:` URI. `None` for sources that are no file (the built-in policy).
fn physical(path: &str, line: u32) -> Option<PhysicalLocation> {
    let path = Origin::of(path).file()?;
    let artifact = if let Some(abs) = path.strip_prefix('/') {
        ArtifactLocation {
            uri: format!("file:///{}", uri_path(abs)),
            uri_base_id: None,
        }
    } else if path.len() > 2 && path.as_bytes()[1] == b':' {
        // A Windows drive path, `C:/...`.
        ArtifactLocation {
            uri: format!("file:///{}", uri_path(path)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: uri_path(path),
            uri_base_id: Some("%SRCROOT%"),
        }
    };
    Some(PhysicalLocation {
        artifact_location: artifact,
        region: (line > 0).then_some(Region { start_line: line }),
    })
}

/// Percent-encodes a `/`-separated path for a URI reference: everything but
/// unreserved characters, `/` and a drive letter's `:`.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if i == 1 => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A rule's `name`: its title in PascalCase (`VpnLogsAreRetained…`).
fn pascal_case(title: &str) -> String {
    title
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_spec() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn paths_become_uri_references() {
        let rel = physical("samples/acme/inventory.yaml", 12).unwrap();
        assert_eq!(rel.artifact_location.uri, "samples/acme/inventory.yaml");
        assert_eq!(rel.artifact_location.uri_base_id, Some("%SRCROOT%"));
        assert_eq!(rel.region.unwrap().start_line, 12);
        let spaced = physical("my estate/inv #1.yaml", 0).unwrap();
        assert_eq!(spaced.artifact_location.uri, "my%20estate/inv%20%231.yaml");
        assert!(spaced.region.is_none());
        let abs = physical("/srv/estate/inventory.yaml", 3).unwrap();
        assert_eq!(
            abs.artifact_location.uri,
            "file:///srv/estate/inventory.yaml"
        );
        assert_eq!(abs.artifact_location.uri_base_id, None);
        assert!(physical(crate::source::BUILTIN_POLICY, 0).is_none());
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("VPN logs are retained for at least six months"),
            "VPNLogsAreRetainedForAtLeastSixMonths"
        );
        assert_eq!(
            pascal_case("The carrier's licence number"),
            "TheCarriersLicenceNumber"
        );
    }
}
