//! GitLab Code Quality (`--format gitlab`): the subset of the Code Climate
//! issue format GitLab reads for merge requests and pipelines, a JSON array
//! of one object per unwaived gap:
//!
//! | field | value |
//! |---|---|
//! | `description` | the rule title, the target and what was found |
//! | `check_name` | the rule id |
//! | `fingerprint` | the finding id (stable across runs, SPEC §5) |
//! | `severity` | critical → `blocker`, high → `critical`, medium → `major`, low → `minor`, info → `info` |
//! | `location.path`, `location.lines.begin` | the file and line to fix |
//!
//! The fields, the severity names and the rule that the file carries no
//! byte-order mark are GitLab's, "Implement a custom tool" in
//! <https://docs.gitlab.com/ci/testing/code_quality/>; GitLab checks each
//! object against `app/validators/json_schemas/codeclimate.json` (required:
//! description, fingerprint, severity, location). Waived findings and
//! passes are left out (a Code Quality report has no way to mark an issue
//! accepted); GitLab itself compares the report with the target branch's,
//! so gaps already in a `--baseline` stay in.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::finding::{Finding, Severity, Status};
use crate::model::report::Report;
use crate::report::{Context, prose};
use crate::source::Origin;
use crate::text::json_safe;

/// GitLab's name for a severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn emit(report: &Report, _cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    // GitLab requires a path: a finding on the built-in policy points at
    // the first file audited (its line unknown, so line 1).
    let fallback = report
        .inputs
        .iter()
        .find_map(|i| Origin::of(&i.path).file())
        .unwrap_or(".");
    out.write_all(b"[")?;
    let mut first = true;
    for f in report.findings.iter().filter(|f| f.status.is_gap()) {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        first = false;
        // Controls and bidi characters from the inputs as `\uXXXX`, as in
        // every JSON output.
        let line = json_safe(serde_json::to_string(&issue(f, fallback))?);
        out.write_all(line.as_bytes())?;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
}

fn issue<'a>(f: &'a Finding, fallback: &'a str) -> Issue<'a> {
    let (path, line) = match f.source.file() {
        Some(path) => (path, f.source.line),
        None => f
            .related
            .iter()
            .find_map(|r| r.file().map(|p| (p, r.line)))
            .unwrap_or((fallback, 1)),
    };
    let mut description = format!(
        "[{}] {} — {}: {}",
        f.severity,
        f.rule.title,
        f.target_label(),
        prose::message(f)
    );
    if f.status == Status::Error {
        description.insert_str(0, "could not be evaluated: ");
    }
    Issue {
        description,
        check_name: &f.rule.id,
        fingerprint: f.finding_id.as_str(),
        severity: severity(f.severity),
        location: Location {
            path: path.strip_prefix("./").unwrap_or(path),
            lines: Lines { begin: line.max(1) },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_keep_their_order() {
        // GitLab's scale, least to most severe.
        let scale = ["info", "minor", "major", "critical", "blocker"];
        let ranks: Vec<usize> = Severity::ALL
            .iter()
            .map(|s| scale.iter().position(|n| *n == severity(*s)).unwrap())
            .collect();
        assert_eq!(ranks, [4, 3, 2, 1, 0], "{:?} from critical down", ranks);
    }

    #[test]
    fn no_gap_is_an_empty_array() {
        let report = Report {
            as_of: jiff::civil::date(2026, 11, 28),
            inputs: Vec::new(),
            packs: Vec::new(),
            builtin_policy: true,
            policy_name: None,
            rules: Vec::new(),
            findings: Default::default(),
            passed: 3,
            waivers: Vec::new(),
            vpn_count: 1,
            warnings: Default::default(),
            warnings_fail: false,
            baseline: None,
        };
        let mut out = Vec::new();
        emit(&report, &Context::default(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
    }
}
