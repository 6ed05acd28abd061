//! GitHub Actions workflow commands (SPEC §6): one annotation per unwaived
//! gap, `::error file=..,line=..,title=RULE::message`, shown on the pull
//! request at the file and line to fix; then one `::notice::` summary.
//!
//! Level by severity: critical/high → `error`, medium → `warning`,
//! low/info → `notice`. Waived findings are not emitted; with a baseline,
//! gaps already in it are emitted as `notice` so that only new gaps stand
//! out. Values are escaped as the Actions runner expects: `%`, CR and LF in
//! the message; those plus `:` and `,` in properties.

use crate::model::finding::{Change, Finding, Severity};
use crate::model::report::Report;
use crate::report::{Context, counts_line, prose, verdict};

pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report, cx.fail_on).as_bytes())
}

fn render(report: &Report, fail_on: Option<Severity>) -> String {
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.status.is_gap()) {
        out.push_str(&annotation(f));
    }
    let mut summary = format!("{} — {}", counts_line(report), verdict(report, fail_on));
    if let Some(b) = &report.baseline {
        let new = report
            .findings
            .iter()
            .filter(|f| f.status.is_gap() && f.change == Some(Change::New))
            .count();
        summary.push_str(&format!(
            " — {new} new since the baseline {} ({})",
            b.path, b.as_of
        ));
    }
    out.push_str(&format!(
        "::notice title={}::{}\n",
        escape_property(&format!("vpnaudit {}", report.as_of)),
        escape_data(&summary)
    ));
    out
}

fn annotation(f: &Finding) -> String {
    let existing = f.change == Some(Change::Existing);
    let command = if existing {
        "notice"
    } else {
        level(f.severity)
    };
    let mut props = Vec::new();
    // The built-in policy is no file to annotate.
    if let Some(path) = f.source.file() {
        props.push(format!("file={}", escape_property(path)));
        if f.source.line > 0 {
            props.push(format!("line={}", f.source.line));
        }
    }
    props.push(format!("title={}", escape_property(&f.rule.id)));
    let mut message = format!(
        "[{}] {} — {}: {}",
        f.severity,
        f.rule.title,
        f.target_label(),
        prose::message(f)
    );
    if existing {
        message.push_str(" (existing: in the baseline)");
    }
    if !f.rule.remediation.is_empty() {
        message.push_str(&format!("\nRemediation: {}", f.rule.remediation.trim()));
    }
    if f.waiver.is_some() {
        message.push_str(&format!("\nWaiver: {}", prose::waiver(f)));
    }
    format!(
        "::{command} {}::{}\n",
        props.join(","),
        escape_data(&message)
    )
}

/// The workflow command of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escapes a command's message: `%`, CR and LF as the runner decodes them
/// (`escapeData` in actions/toolkit, packages/core/src/command.ts: `%` →
/// `%25`, CR → `%0D`, LF → `%0A`), and every other control or bidi
/// character as a visible escape, since the log viewer renders ANSI
/// sequences.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::text::is_unsafe(c) => {
                out.push_str(&crate::text::visible(c.encode_utf8(&mut [0; 4])))
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command property's value: as data, plus `:` and `,`
/// (`escapeProperty` in the same file).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_property("C:\\x,y%\n"), "C%3A\\x%2Cy%25%0A");
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "notice");
        assert_eq!(level(Severity::Info), "notice");
    }
}
