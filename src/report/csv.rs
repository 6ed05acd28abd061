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
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(COLUMNS);
        for f in report.findings.iter().filter(|f| include(f)) {
            let _ = w.write_record(
                row(f)
                    .iter()
                    .map(|c| formula_safe(c))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|c| c.as_ref()),
            );
        }
        let _ = w.flush();
    }
    String::from_utf8(out).unwrap_or_default()
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
