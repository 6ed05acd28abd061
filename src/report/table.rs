//! The terminal table: one row per finding, sized to the terminal, severity
//! coloured on a TTY, followed by the summary.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use crate::audit::Report;
use crate::model::finding::{Finding, Severity, Status};
use crate::report::{counts_line, verdict};

pub struct TableStyle {
    pub color: bool,
    /// Total width to fit in; `None` lets the table measure the terminal.
    pub width: Option<u16>,
}

pub fn render(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    fail_on: Option<Severity>,
    style: &TableStyle,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "vpnaudit {} — audit of {}",
        env!("CARGO_PKG_VERSION"),
        report.as_of
    ));
    if report.builtin_policy {
        out.push_str(" — no usage policy given or found: using the built-in default policy");
    }
    out.push('\n');
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| include(f)).collect();
    if rows.is_empty() {
        out.push_str("No findings.\n");
    } else {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(["Severity", "Status", "Rule", "VPN", "Finding", "Source"]);
        if let Some(w) = style.width {
            table.set_width(w);
        }
        if !style.color {
            table.force_no_tty();
        } else {
            table.enforce_styling();
        }
        for f in rows {
            let mut sev = Cell::new(f.severity.as_str());
            let mut status = Cell::new(f.status.as_str());
            if style.color {
                sev = sev.fg(severity_color(f.severity));
                status = status.fg(match f.status {
                    Status::Fail | Status::Error => Color::Red,
                    Status::Waived => Color::DarkGrey,
                    Status::Pass => Color::Green,
                });
            }
            let mut text = format!("{}\n{}", f.title, f.message);
            if !f.waiver.is_empty() {
                text.push_str(&format!("\nwaiver: {}", f.waiver));
            }
            table.add_row(vec![
                sev,
                status,
                Cell::new(&f.rule),
                Cell::new(if f.vpn.is_empty() {
                    "(organisation)"
                } else {
                    &f.vpn
                }),
                Cell::new(text),
                Cell::new(f.source.to_string()),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out.push_str(&summary(report, fail_on));
    out
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
        out.push_str(&format!("disabled by the policy: {rule} ({reason})\n"));
    }
    for w in report.waivers.iter().filter(|w| w.expiring_soon) {
        let target = w
            .waiver
            .vpn
            .as_ref()
            .map_or("the organisation", |v| v.value.as_str());
        out.push_str(&format!(
            "waiver expiring soon: {} on {target} expires {} ({}, {})\n",
            w.waiver.rule.value, w.waiver.expires, w.waiver.ticket, w.waiver.approved_by
        ));
    }
    out.push_str(&format!(
        "{} — {}\n",
        counts_line(report),
        verdict(report, fail_on)
    ));
    out
}
