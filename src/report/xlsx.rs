//! The Excel workbook (`--xlsx FILE`): Summary, Findings (the CSV's columns,
//! header frozen, autofilter, severity highlighted), Waivers (every waiver
//! and its state) and Rules. Cells are written as text, numbers and dates,
//! never as formulas, so no cell of an input can run in Excel.
//!
//! The workbook is deterministic for the same inputs and `--as-of`: its
//! creation date is the audit date.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::model::finding::{Change, Finding, Severity, Status};
use crate::model::report::Report;
use crate::report::cells::{COLUMNS, finding_row};
use crate::report::{Context, verdict, waiver_state, waiver_target};
use crate::text::visible_lines;

/// Widths (in characters) of the Findings sheet's columns, in
/// [`COLUMNS`] order.
const FINDING_WIDTHS: [f64; 17] = [
    18.0, 8.0, 10.0, 12.0, 40.0, 16.0, 28.0, 22.0, 20.0, 24.0, 24.0, 60.0, 50.0, 50.0, 34.0, 40.0,
    9.0,
];

/// Writes the workbook (it is built in memory: XLSX is a zip archive).
pub fn emit(report: &Report, cx: &Context, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = build(report, |f| cx.includes(f), cx.fail_on)
        .map_err(|e| std::io::Error::other(format!("writing the workbook: {e}")))?;
    out.write_all(&bytes)
}

struct Styles {
    header: Format,
    label: Format,
    date: Format,
    wrap: Format,
}

fn build(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    fail_on: Option<Severity>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = date(report.as_of).unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("vpnaudit: audit of {}", report.as_of))
            .set_creation_datetime(&created),
    );
    let styles = Styles {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(FormatBorder::Thin),
        label: Format::new().set_bold(),
        date: Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Left),
        wrap: Format::new().set_text_wrap(),
    };
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| include(f)).collect();
    summary(
        wb.add_worksheet().set_name("Summary")?,
        report,
        fail_on,
        &styles,
    )?;
    findings(wb.add_worksheet().set_name("Findings")?, &rows, &styles)?;
    waivers(wb.add_worksheet().set_name("Waivers")?, report, &styles)?;
    rules(wb.add_worksheet().set_name("Rules")?, report, &styles)?;
    wb.save_to_buffer()
}

fn date(d: jiff::civil::Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: jiff::civil::Date,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match date(d) {
        Some(x) => ws.write_datetime_with_format(row, col, &x, &styles.date)?,
        None => put(ws, row, col, d.to_string())?,
    };
    Ok(())
}

fn severity_format(s: Severity) -> Format {
    let (fill, font) = match s {
        Severity::Critical => (0x7B1FA2, 0xFFFFFF),
        Severity::High => (0xC62828, 0xFFFFFF),
        Severity::Medium => (0xF9A825, 0x000000),
        Severity::Low => (0x81D4FA, 0x000000),
        Severity::Info => (0xE0E0E0, 0x000000),
    };
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
        .set_bold()
}

fn status_format(s: Status) -> Format {
    let color = match s {
        Status::Fail | Status::Error => 0xC62828,
        Status::Waived => 0x757575,
        Status::Pass => 0x2E7D32,
    };
    Format::new().set_font_color(Color::RGB(color))
}

fn header(ws: &mut Worksheet, names: &[&str], styles: &Styles) -> Result<(), XlsxError> {
    for (i, name) in names.iter().enumerate() {
        put_fmt(ws, 0, i as u16, *name, &styles.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A value of the Summary sheet.
enum Item {
    Text(String),
    Count(usize),
    Severity(Severity, usize),
}

fn summary(
    ws: &mut Worksheet,
    report: &Report,
    fail_on: Option<Severity>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 40)?;
    ws.set_column_width(3, 12)?;
    let policy = if report.builtin_policy {
        "built-in default policy (no usage policy given or found)".to_string()
    } else {
        report.policy_name.clone().unwrap_or_default()
    };
    let mut items: Vec<(String, Item)> = vec![
        (
            "Tool".into(),
            Item::Text(format!("vpnaudit {}", env!("CARGO_PKG_VERSION"))),
        ),
        ("Audit date".into(), Item::Text(report.as_of.to_string())),
        ("Usage policy".into(), Item::Text(policy)),
        ("Verdict".into(), Item::Text(verdict(report, fail_on))),
        (
            "Fail on".into(),
            Item::Text(fail_on.map_or("never", |s| s.as_str()).into()),
        ),
    ];
    if let Some(b) = &report.baseline {
        items.push((
            "Baseline".into(),
            Item::Text(format!("{} (audit of {})", b.path, b.as_of)),
        ));
    }
    items.push(("VPNs".into(), Item::Count(report.vpn_count)));
    items.push((
        "Rules applied".into(),
        Item::Count(report.rules.iter().filter(|r| r.disabled.is_none()).count()),
    ));
    let mut total = 0;
    for (sev, n) in report.gaps_by_severity() {
        total += n;
        items.push((format!("Gaps: {sev}"), Item::Severity(sev, n)));
    }
    items.push(("Gaps: total".into(), Item::Count(total)));
    if report.baseline.is_some() {
        let new = report
            .findings
            .iter()
            .filter(|f| f.status.is_gap() && f.change == Some(Change::New))
            .count();
        items.push(("Gaps: new since the baseline".into(), Item::Count(new)));
    }
    items.push(("Waived".into(), Item::Count(report.count(Status::Waived))));
    items.push(("Waivers".into(), Item::Count(report.waivers.len())));
    let expiring = report.waivers.iter().filter(|w| w.expiring_soon).count();
    items.push((
        "Waivers expiring within 30 days".into(),
        Item::Count(expiring),
    ));
    let stale = report.waivers.iter().filter(|w| w.stale).count();
    items.push(("Stale waivers".into(), Item::Count(stale)));

    let mut row = 0u32;
    for (label, item) in &items {
        match item {
            Item::Severity(sev, _) => put_fmt(ws, row, 0, label, &severity_format(*sev))?,
            _ => put_fmt(ws, row, 0, label, &styles.label)?,
        };
        match item {
            Item::Text(t) => put(ws, row, 1, t)?,
            Item::Count(n) | Item::Severity(_, n) => ws.write_number(row, 1, *n as f64)?,
        };
        row += 1;
    }
    row += 1;

    put_fmt(ws, row, 0, "Input", &styles.header)?;
    put_fmt(ws, row, 1, "Path", &styles.header)?;
    put_fmt(ws, row, 2, "SHA-256", &styles.header)?;
    row += 1;
    for input in &report.inputs {
        put(ws, row, 0, input.kind.as_str())?;
        put(ws, row, 1, &input.path)?;
        put(ws, row, 2, &input.sha256)?;
        row += 1;
    }
    row += 1;
    put_fmt(ws, row, 0, "Pack", &styles.header)?;
    put_fmt(ws, row, 1, "Title", &styles.header)?;
    put_fmt(ws, row, 2, "Source", &styles.header)?;
    put_fmt(ws, row, 3, "Rules", &styles.header)?;
    row += 1;
    for p in &report.packs {
        put(ws, row, 0, &p.id)?;
        put(ws, row, 1, &p.title)?;
        put(ws, row, 2, &p.path)?;
        ws.write_number(row, 3, p.rules as f64)?;
        row += 1;
    }
    let disabled: Vec<(&str, &str)> = report.disabled_rules().collect();
    if !disabled.is_empty() {
        row += 1;
        put_fmt(ws, row, 0, "Disabled rule", &styles.header)?;
        put_fmt(ws, row, 1, "Reason", &styles.header)?;
        row += 1;
        for (rule, reason) in disabled {
            put(ws, row, 0, rule)?;
            put(ws, row, 1, reason)?;
            row += 1;
        }
    }
    Ok(())
}

fn findings(ws: &mut Worksheet, rows: &[&Finding], styles: &Styles) -> Result<(), XlsxError> {
    header(ws, &COLUMNS, styles)?;
    for (i, w) in FINDING_WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for (r, f) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        for (col, cell) in finding_row(f).iter().map(|c| c.as_ref()).enumerate() {
            let col = col as u16;
            match COLUMNS[col as usize] {
                "severity" => put_fmt(ws, row, col, cell, &severity_format(f.severity)),
                "status" => put_fmt(ws, row, col, cell, &status_format(f.status)),
                _ => put(ws, row, col, cell),
            }?;
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
    Ok(())
}

const WAIVER_COLUMNS: [&str; 11] = [
    "Rule",
    "Target",
    "State",
    "Expires",
    "Days left",
    "Approved",
    "Approved by",
    "Ticket",
    "Reason",
    "Source",
    "Findings waived",
];

fn waivers(ws: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    header(ws, &WAIVER_COLUMNS, styles)?;
    for (i, w) in [
        12.0, 18.0, 14.0, 12.0, 10.0, 12.0, 24.0, 14.0, 60.0, 34.0, 16.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(i as u16, *w)?;
    }
    for (i, w) in report.waivers.iter().enumerate() {
        let row = i as u32 + 1;
        let state = waiver_state(w);
        let state_color = match state {
            "expired" => 0xC62828,
            "expiring-soon" => 0xE65100,
            "stale" => 0x757575,
            _ => 0x2E7D32,
        };
        put(ws, row, 0, &w.waiver.rule.value)?;
        put(ws, row, 1, waiver_target(w))?;
        put_fmt(
            ws,
            row,
            2,
            state,
            &Format::new()
                .set_bold()
                .set_font_color(Color::RGB(state_color)),
        )?;
        write_date(ws, row, 3, w.waiver.expires, styles)?;
        let days = report
            .as_of
            .until(w.waiver.expires)
            .map_or(0, |s| i64::from(s.get_days()));
        ws.write_number(row, 4, days as f64)?;
        if let Some(a) = w.waiver.approved {
            write_date(ws, row, 5, a, styles)?;
        }
        put(ws, row, 6, &w.waiver.approved_by)?;
        put(ws, row, 7, &w.waiver.ticket)?;
        put_fmt(ws, row, 8, &w.waiver.reason, &styles.wrap)?;
        put(ws, row, 9, w.source.to_string())?;
        let waived = report
            .findings
            .iter()
            .filter(|f| {
                f.status == Status::Waived
                    && *f.rule.id == *w.waiver.rule.value
                    && f.vpn() == w.waiver.vpn.as_ref().map_or("", |v| v.value.as_str())
            })
            .count();
        ws.write_number(row, 10, waived as f64)?;
    }
    ws.autofilter(
        0,
        0,
        report.waivers.len() as u32,
        (WAIVER_COLUMNS.len() - 1) as u16,
    )?;
    Ok(())
}

const RULE_COLUMNS: [&str; 11] = [
    "Rule",
    "Pack",
    "Title",
    "Severity",
    "Default severity",
    "Target",
    "Enabled",
    "Gaps",
    "Waived",
    "References",
    "Remediation",
];

fn rules(ws: &mut Worksheet, report: &Report, styles: &Styles) -> Result<(), XlsxError> {
    header(ws, &RULE_COLUMNS, styles)?;
    for (i, w) in [
        12.0, 14.0, 50.0, 10.0, 10.0, 13.0, 30.0, 8.0, 8.0, 60.0, 60.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(i as u16, *w)?;
    }
    for (i, r) in report.rules.iter().enumerate() {
        let row = i as u32 + 1;
        let of_rule = |status: fn(&Status) -> bool| {
            report
                .findings
                .iter()
                .filter(|f| *f.rule.id == *r.id && status(&f.status))
                .count()
        };
        put(ws, row, 0, &r.id)?;
        put(ws, row, 1, &r.pack)?;
        put(ws, row, 2, &r.title)?;
        put_fmt(
            ws,
            row,
            3,
            r.severity.as_str(),
            &severity_format(r.severity),
        )?;
        put(ws, row, 4, r.default_severity.as_str())?;
        put(ws, row, 5, r.target.as_str())?;
        match &r.disabled {
            Some(reason) => put(ws, row, 6, format!("no: {reason}"))?,
            None => put(ws, row, 6, "yes")?,
        };
        ws.write_number(row, 7, of_rule(Status::is_gap) as f64)?;
        ws.write_number(row, 8, of_rule(|s| *s == Status::Waived) as f64)?;
        put(ws, row, 9, r.references.join("; "))?;
        put(
            ws,
            row,
            10,
            r.remediation.as_deref().unwrap_or_default().trim(),
        )?;
    }
    ws.autofilter(
        0,
        0,
        report.rules.len() as u32,
        (RULE_COLUMNS.len() - 1) as u16,
    )?;
    Ok(())
}

/// Writes text into a cell with controls and bidi characters from the
/// inputs shown as escapes (line feeds kept): a cell shows what a value
/// holds, never obeys it.
fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
) -> Result<&mut Worksheet, XlsxError> {
    ws.write_string(row, col, visible_lines(text.as_ref()).as_ref())
}

fn put_fmt<'w>(
    ws: &'w mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'w mut Worksheet, XlsxError> {
    ws.write_string_with_format(row, col, visible_lines(text.as_ref()).as_ref(), format)
}
