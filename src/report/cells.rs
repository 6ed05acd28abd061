//! A finding as cells, shared by every tabular format (the CSV and the
//! workbook's Findings sheet), so the columns and their text are defined
//! once.

use std::borrow::Cow;

use crate::model::finding::Finding;
use crate::report::prose;
use crate::text::visible_lines;

/// The columns of the findings table (SPEC §6), in order.
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

/// A finding's cells in [`COLUMNS`] order, before formula guarding. Text
/// from the inputs has its controls and bidi characters shown as escapes
/// (line feeds kept): a spreadsheet cell, or the file printed to a
/// terminal, shows them instead of obeying them.
pub fn finding_row(f: &Finding) -> [Cow<'_, str>; 17] {
    let owned = |s: String| Cow::Owned(visible_lines(&s).into_owned());
    let actual = match prose::actual(&f.actual) {
        Cow::Borrowed(b) => visible_lines(b),
        Cow::Owned(o) => owned(o),
    };
    [
        Cow::Borrowed(f.finding_id.as_str()),
        Cow::Borrowed(f.status.as_str()),
        Cow::Borrowed(f.severity.as_str()),
        visible_lines(&f.rule.id),
        visible_lines(&f.rule.title),
        visible_lines(f.vpn()),
        visible_lines(f.vpn_name()),
        visible_lines(f.owner()),
        Cow::Borrowed(f.field),
        owned(prose::expected(f)),
        actual,
        owned(prose::message(f)),
        match &f.rule.references[..] {
            [one] => visible_lines(one.as_str()),
            many => owned(many.join("; ")),
        },
        visible_lines(&f.rule.remediation),
        owned(f.source.to_string()),
        owned(prose::waiver(f)),
        Cow::Borrowed(f.change.map_or("", |c| c.as_str())),
    ]
}
