//! JUnit XML (SPEC §6), for CI test reports (GitLab `artifacts:reports:
//! junit`, Jenkins, Azure DevOps): one test suite per obligation pack, one
//! test case per (rule, target) that applied — passing ones included — a
//! `<failure>` for a `fail` or `error` finding and `<skipped>` for a waived
//! one. The audit must record passes for this format
//! (`AuditOptions::record_passes`).

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use crate::model::finding::{Change, Finding, Status};
use crate::model::report::Report;
use crate::report::{Context, prose};
use crate::text::visible_lines;

/// The JUnit report of every finding in `report` (passes included).
pub fn emit(report: &Report, _: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let text = render(report).map_err(std::io::Error::other)?;
    out.write_all(text.as_bytes())
}

fn render(report: &Report) -> Result<String, String> {
    let mut junit = quick_junit::Report::new("vpnaudit");
    let mut packs: Vec<&str> = report.packs.iter().map(|p| p.id.as_str()).collect();
    // Rules of a pack the report does not list (none today) still get a suite.
    for r in &report.rules {
        if !packs.contains(&r.pack.as_str()) {
            packs.push(&r.pack);
        }
    }
    for pack in packs {
        let mut suite = TestSuite::new(pack);
        suite.add_property(Property::new("as_of", report.as_of.to_string()));
        if let Some(b) = &report.baseline {
            suite.add_property(Property::new("baseline", b.path.as_str()));
        }
        let in_pack = |f: &&Finding| {
            report
                .rules
                .iter()
                .any(|r| *r.id == *f.rule.id && r.pack == pack)
        };
        for f in report.findings.iter().filter(in_pack) {
            suite.add_test_case(test_case(pack, f));
        }
        junit.add_test_suite(suite);
    }
    // Controls and bidi characters from the inputs are shown as escapes:
    // XML 1.0 cannot carry most C0 controls even as character references,
    // and a CI page renders the rest. Markup itself is plain ASCII, so the
    // pass over the whole document only meets input text.
    junit
        .to_string()
        .map(|xml| visible_lines(&xml).into_owned())
        .map_err(|e| format!("writing the JUnit report: {e}"))
}

fn test_case(pack: &str, f: &Finding) -> TestCase {
    let target = f.target();
    let status = match f.status {
        Status::Pass => TestCaseStatus::success(),
        Status::Fail | Status::Error => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let prefix = match (f.status, f.change) {
                (Status::Error, _) => "could not be evaluated: ",
                (_, Some(Change::Existing)) => "existing gap (in the baseline): ",
                _ => "",
            };
            s.set_message(shown(&format!("{prefix}{}", prose::message(f))))
                .set_type(format!("{} {}", f.severity, f.status))
                .set_description(shown(&details(f)));
            s
        }
        Status::Waived => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(shown(&format!("waived: {}", prose::waiver(f))))
                .set_type("waived")
                .set_description(shown(&details(f)));
            s
        }
    };
    let mut case = TestCase::new(
        shown(&format!("{} {target}: {}", f.rule.id, f.rule.title)),
        status,
    );
    case.set_classname(shown(&format!("{pack}.{}", f.rule.id)));
    case.add_property(Property::new("finding_id", f.finding_id.as_str()));
    case.add_property(Property::new("severity", f.severity.as_str()));
    case.add_property(Property::new("source", shown(&f.source.to_string())));
    if let Some(c) = f.change {
        case.add_property(Property::new("change", c.as_str()));
    }
    case
}

/// Input text as the report shows it: controls and bidi characters escaped
/// before they reach the XML (which would otherwise drop or reject them).
fn shown(s: &str) -> String {
    visible_lines(s).into_owned()
}

/// The body of a failure: everything an auditor needs to act on it.
fn details(f: &Finding) -> String {
    let mut lines = vec![
        format!("rule: {} ({})", f.rule.id, f.severity),
        format!("target: {}", f.target_label()),
    ];
    if !f.owner().is_empty() {
        lines.push(format!("owner: {}", f.owner()));
    }
    if !f.field.is_empty() {
        lines.push(format!("field: {}", f.field));
        lines.push(format!("expected: {}", prose::expected(f)));
        lines.push(format!("actual: {}", prose::actual(&f.actual)));
    }
    lines.push(format!("source: {}", f.source));
    for r in &f.related {
        lines.push(format!("inventory: {r}"));
    }
    if !f.rule.references.is_empty() {
        lines.push(format!("references: {}", f.rule.references.join("; ")));
    }
    if !f.rule.remediation.is_empty() {
        lines.push(format!("remediation: {}", f.rule.remediation.trim()));
    }
    if f.waiver.is_some() {
        lines.push(format!("waiver: {}", prose::waiver(f)));
    }
    lines.join("\n")
}
