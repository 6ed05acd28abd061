//! The terminal table: one row per finding, sized to the terminal, severity
//! coloured on a TTY, followed by the summary.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::finding::{Finding, Severity, Status};
use crate::model::report::Report;
use crate::report::grid::{Cell, Color, Grid};
use crate::report::{Context, counts_line, prose, verdict};
use crate::text::visible;

#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    pub color: bool,
    /// Total width to fit in; `None` for the natural widths.
    pub width: Option<u16>,
}

const HEADER: [&str; 6] = ["Severity", "Status", "Rule", "VPN", "Finding", "Source"];

/// Writes the table of findings and the summary under it.
pub fn emit(report: &Report, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let style = &cx.style;
    let mut head = format!(
        "vpnaudit {} — audit of {}",
        env!("CARGO_PKG_VERSION"),
        report.as_of
    );
    if report.builtin_policy {
        head.push_str(" — no usage policy given or found: using the built-in default policy");
    }
    head.push('\n');
    out.write_all(head.as_bytes())?;
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| cx.includes(f)).collect();
    if rows.is_empty() {
        out.write_all(b"No findings.\n")?;
    } else {
        let grid = Grid::measure(
            &HEADER,
            &rows,
            cells,
            style.width.map(usize::from),
            style.color,
        );
        grid.write(&rows, cells, out)?;
    }
    out.write_all(summary(report, cx.fail_on).as_bytes())
}

fn cells<'f>(f: &'f &Finding) -> Vec<Cell<'f>> {
    // Each part on its own line; what came from an input is escaped, so
    // it cannot add lines or control sequences of its own.
    let message = prose::message(f);
    let mut text = String::with_capacity(f.rule.title.len() + message.len() + 1);
    text.push_str(&visible(&f.rule.title));
    text.push('\n');
    text.push_str(&visible(&message));
    if f.waiver.is_some() {
        text.push_str("\nwaiver: ");
        text.push_str(&visible(&prose::waiver(f)));
    }
    let status = match f.status {
        Status::Fail | Status::Error => Color::Red,
        Status::Waived => Color::DarkGrey,
        Status::Pass => Color::Green,
    };
    let vpn = if f.vpn().is_empty() {
        Cow::Borrowed("(organisation)")
    } else {
        visible(f.vpn())
    };
    vec![
        Cell::new(f.severity.as_str()).color(Some(severity_color(f.severity))),
        Cell::new(f.status.as_str()).color(Some(status)),
        Cell::new(&*f.rule.id),
        Cell::new(vpn),
        Cell::new(text),
        Cell::new(Cow::Owned(
            std::iter::once(&f.source)
                .chain(&f.related)
                .map(|s| visible(&s.to_string()).into_owned())
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    ]
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::DarkGrey,
    }
}

/// The summary block under the table.
pub fn summary(report: &Report, fail_on: Option<Severity>) -> String {
    let mut out = String::new();
    for (rule, reason) in report.disabled_rules() {
        out.push_str(&format!(
            "disabled by the policy: {} ({})\n",
            visible(rule),
            visible(reason)
        ));
    }
    for w in report
        .waivers
        .iter()
        .filter(|w| w.expired || w.expiring_soon)
    {
        let target = w
            .waiver
            .vpn
            .as_ref()
            .map_or("the organisation", |v| v.value.as_str());
        let (what, verb) = if w.expired {
            ("waiver expired", "expired")
        } else {
            ("waiver expiring soon", "expires")
        };
        out.push_str(&format!(
            "{what}: {} on {} {verb} {} ({}, {})\n",
            visible(&w.waiver.rule.value),
            visible(target),
            w.waiver.expires,
            visible(&w.waiver.ticket),
            visible(&w.waiver.approved_by)
        ));
    }
    out.push_str(&format!(
        "{} — {}\n",
        counts_line(report),
        verdict(report, fail_on)
    ));
    out
}
