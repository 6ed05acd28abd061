//! The CSV of findings (SPEC §6): RFC 4180, UTF-8, exactly the contract's
//! columns, formula-safe cells.

use std::borrow::Cow;

use crate::audit::Report;
use crate::model::finding::Finding;
use crate::report::{formula_safe, write_in_chunks};
use crate::text::visible_lines;

pub const COLUMNS: [&str; 17] = [
    "finding_id",
    "status",
    "severity",
    "rule",
    "title",
    "vpn",
    "vpn_name",
    "owner",
    "field",
    "expected",
    "actual",
    "message",
    "references",
    "remediation",
    "source",
    "waiver",
    "change",
];

/// The findings of `report` that `include` keeps, as CSV text.
pub fn render(report: &Report, include: impl Fn(&Finding) -> bool, bom: bool) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(report, include, bom, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the CSV to `out` (a large audit's CSV need not be held in memory).
pub fn write(
    report: &Report,
    include: impl Fn(&Finding) -> bool,
    bom: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut head = writer(Vec::new());
    head.write_record(COLUMNS).map_err(io_error)?;
    out.write_all(&head.into_inner().map_err(|e| e.into_error())?)?;
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| include(f)).collect();
    write_in_chunks(&rows, out, |_, chunk| {
        let mut w = writer(Vec::with_capacity(chunk.len() * 700));
        for f in chunk {
            let cells = row(f);
            let safe: Vec<Cow<'_, str>> = cells.iter().map(|c| formula_safe(c)).collect();
            w.write_record(safe.iter().map(|c| c.as_bytes()))
                .map_err(io_error)?;
        }
        w.into_inner().map_err(|e| e.into_error())
    })?;
    out.flush()
}

fn writer<W: std::io::Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w)
}

/// The I/O error inside a CSV error, kind intact (a closed pipe stays one).
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A finding's cells in [`COLUMNS`] order, before formula guarding. Text
/// from the inputs has its controls and bidi characters shown as escapes
/// (line feeds kept): a spreadsheet cell, or the file printed to a
/// terminal, shows them instead of obeying them.
pub fn row(f: &Finding) -> [Cow<'_, str>; 17] {
    let owned = |s: String| Cow::Owned(visible_lines(&s).into_owned());
    [
        Cow::Borrowed(&f.finding_id),
        Cow::Borrowed(f.status.as_str()),
        Cow::Borrowed(f.severity.as_str()),
        visible_lines(&f.rule),
        visible_lines(&f.title),
        visible_lines(&f.vpn),
        visible_lines(&f.vpn_name),
        visible_lines(&f.owner),
        Cow::Borrowed(f.field),
        visible_lines(&f.expected),
        visible_lines(&f.actual),
        visible_lines(&f.message),
        match &f.references[..] {
            [one] => visible_lines(one.as_str()),
            many => owned(many.join("; ")),
        },
        visible_lines(&f.remediation),
        owned(f.source.to_string()),
        visible_lines(&f.waiver),
        Cow::Borrowed(f.change.map_or("", |c| c.as_str())),
    ]
}
