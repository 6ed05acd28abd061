//! Earlier audits: a vpnaudit JSON report read back ([`read_report`]), used
//! as the baseline of a new audit ([`baseline`]: which findings are new) and
//! compared with another report ([`diff`]: new, resolved and persisting
//! findings).
//!
//! A report is read with the project's own JSON parser, so every problem in
//! it is a located `file:line:column` error, like any other input.

pub mod baseline;
pub mod diff;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::finding::{Severity, SourceRef, Status};
use crate::source::{Pos, SourceMap, display_path, read_text};
use crate::syntax::node::{Node, NodeValue};
use crate::validate::read::Reader;

/// The `schema` a vpnaudit JSON report declares.
pub const REPORT_SCHEMA: &str = "vpnaudit-report/1";

const NOT_A_REPORT_HELP: &str =
    "a baseline or diff input is a report written by `vpnaudit audit --format json`";

/// A JSON report of an earlier audit, as far as comparing needs it.
#[derive(Debug, Clone)]
pub struct PreviousReport {
    /// The file as named on the command line.
    pub path: String,
    pub as_of: Date,
    pub findings: Vec<PreviousFinding>,
}

/// One finding of an earlier report.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousFinding {
    pub finding_id: String,
    pub status: Status,
    pub severity: Severity,
    pub rule: String,
    pub title: String,
    pub vpn: String,
    pub vpn_name: String,
    pub owner: String,
    pub message: String,
    pub source: SourceRef,
}

/// Why a report could not be read: every error found, and the text for
/// snippets.
#[derive(Debug)]
pub struct ReadFailure {
    pub diags: Diagnostics,
    pub sources: SourceMap,
}

/// Reads a vpnaudit JSON report. Anything else — not JSON, another schema, a
/// finding without its id — is a located error.
pub fn read_report(path: &Path) -> Result<PreviousReport, ReadFailure> {
    let display = display_path(path);
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let text = match read_text(path, &display) {
        Ok((text, _sha)) => text,
        Err(d) => {
            diags.push(Diagnostic::from(d).with_help(NOT_A_REPORT_HELP));
            return Err(ReadFailure { diags, sources });
        }
    };
    sources.insert(&display, Arc::from(text.as_str()));
    let parsed = crate::syntax::json::parse(&text);
    let report = match parsed {
        Ok(root) => read_root(&root, &display, &mut diags),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::Syntax,
                    &display,
                    e.pos,
                    format!("not a JSON report: {}", e.message),
                )
                .with_help(NOT_A_REPORT_HELP),
            );
            None
        }
    };
    match report {
        Some(r) if !diags.has_errors() => Ok(r),
        _ => Err(ReadFailure { diags, sources }),
    }
}

fn read_root(root: &Node, display: &str, diags: &mut Diagnostics) -> Option<PreviousReport> {
    let NodeValue::Map(_) = &root.value else {
        diags.push(
            Diagnostic::error(
                Code::WrongKind,
                display,
                root.pos,
                format!(
                    "not a vpnaudit JSON report: expected a mapping, found {}",
                    root.type_name()
                ),
            )
            .with_help(NOT_A_REPORT_HELP),
        );
        return None;
    };
    match root.get("schema") {
        None => {
            diags.push(
                Diagnostic::error(
                    Code::WrongKind,
                    display,
                    root.pos,
                    format!("not a vpnaudit JSON report: no \"schema\": \"{REPORT_SCHEMA}\""),
                )
                .with_help(NOT_A_REPORT_HELP),
            );
            return None;
        }
        Some(n) if n.as_str() != Some(REPORT_SCHEMA) => {
            let found = match &n.value {
                NodeValue::Str(s) => format!("\"{s}\""),
                _ => n.type_name().to_string(),
            };
            diags.push(
                Diagnostic::error(
                    Code::WrongKind, display,
                    n.pos,
                    format!(
                        "not a vpnaudit JSON report: schema is {found}, expected \"{REPORT_SCHEMA}\""
                    ),
                )
                .with_help(NOT_A_REPORT_HELP),
            );
            return None;
        }
        Some(_) => {}
    }
    let mut r = Reader::new(display, diags);
    let as_of = match root.get("as_of") {
        Some(n) => r.date(n),
        None => {
            r.error(Code::MissingKey, root.pos, "report has no \"as_of\" date");
            None
        }
    };
    let mut findings = Vec::new();
    match root.get("findings") {
        Some(n) => {
            let mut first: HashMap<String, Pos> = HashMap::new();
            for item in r.seq(n, "the findings").unwrap_or(&[]) {
                let Some(f) = read_finding(&mut r, item) else {
                    continue;
                };
                if let Some(p) = first.get(&f.finding_id) {
                    let at = item.get("finding_id").map_or(item.pos, |n| n.pos);
                    let message = format!(
                        "finding_id {} appears twice (first at line {})",
                        f.finding_id, p.line
                    );
                    let d = Diagnostic::error(Code::Duplicate, r.path, at, message).with_label(
                        r.path,
                        *p,
                        "first here",
                    );
                    r.diags.push(d);
                    continue;
                }
                first.insert(f.finding_id.clone(), item.pos);
                findings.push(f);
            }
        }
        None => r.error(Code::MissingKey, root.pos, "report has no \"findings\""),
    }
    Some(PreviousReport {
        path: display.to_string(),
        as_of: as_of?,
        findings,
    })
}

fn read_finding(r: &mut Reader, node: &Node) -> Option<PreviousFinding> {
    let mut m = r.map(node, "a finding")?;
    let mut required = |r: &mut Reader, name: &str| -> Option<&Node> {
        let n = m.take(name);
        if n.is_none() {
            r.error(
                Code::MissingKey,
                node.pos,
                format!("finding has no \"{name}\""),
            );
        }
        n
    };
    let id_node = required(r, "finding_id");
    let status_node = required(r, "status");
    let severity_node = required(r, "severity");
    let rule_node = required(r, "rule");
    let vpn_node = required(r, "vpn");
    let finding_id = id_node.and_then(|n| {
        let t = r.text(n)?;
        let ok = t.len() == 16 && t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !ok {
            r.error(
                Code::InvalidValue,
                n.pos,
                format!("\"{t}\" is not a finding_id (16 lower-case hex digits)"),
            );
            return None;
        }
        Some(t)
    });
    let status = status_node
        .and_then(|n| r.word(n, &Status::NAMES))
        .and_then(Status::parse);
    let severity = severity_node
        .and_then(|n| r.word(n, &Severity::NAMES))
        .and_then(Severity::parse);
    let rule = rule_node.and_then(|n| r.non_empty_text(n));
    let vpn = vpn_node.and_then(|n| r.text(n));
    let mut optional = |r: &mut Reader, name: &str| -> String {
        m.take(name).and_then(|n| r.text(n)).unwrap_or_default()
    };
    let title = optional(r, "title");
    let vpn_name = optional(r, "vpn_name");
    let owner = optional(r, "owner");
    let message = optional(r, "message");
    let source = match m.take("source") {
        Some(n) => match r.map(n, "a source") {
            Some(mut s) => SourceRef {
                path: s
                    .take("path")
                    .and_then(|p| r.text(p))
                    .unwrap_or_default()
                    .into(),
                line: s
                    .take("line")
                    .and_then(|l| r.int(l))
                    .and_then(|l| u32::try_from(l).ok())
                    .unwrap_or(0),
            },
            None => SourceRef::default(),
        },
        None => SourceRef::default(),
    };
    Some(PreviousFinding {
        finding_id: finding_id?,
        status: status?,
        severity: severity?,
        rule: rule?,
        title,
        vpn: vpn?,
        vpn_name,
        owner,
        message,
        source,
    })
}
