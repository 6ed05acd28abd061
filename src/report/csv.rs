//! The CSV of findings (SPEC §6): RFC 4180, UTF-8, exactly the contract's
//! columns, formula-safe cells.

use crate::audit::Report;
use crate::model::finding::Finding;
use crate::report::formula_safe;

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
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS).map_err(io_error)?;
    for f in report.findings.iter().filter(|f| include(f)) {
        let cells = row(f);
        w.write_record(
            cells
                .iter()
                .map(|c| formula_safe(c))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_ref()),
        )
        .map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error inside a CSV error, kind intact (a closed pipe stays one).
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A finding's cells in [`COLUMNS`] order, before formula guarding.
pub fn row(f: &Finding) -> [String; 17] {
    [
        f.finding_id.clone(),
        f.status.to_string(),
        f.severity.to_string(),
        f.rule.to_string(),
        f.title.to_string(),
        f.vpn.clone(),
        f.vpn_name.clone(),
        f.owner.clone(),
        f.field.clone(),
        f.expected.clone(),
        f.actual.clone(),
        f.message.clone(),
        f.references.join("; "),
        f.remediation.to_string(),
        f.source.to_string(),
        f.waiver.clone(),
        f.change.map(|c| c.as_str().to_string()).unwrap_or_default(),
    ]
}
