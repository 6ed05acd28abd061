//! The CSV of findings (SPEC §6): RFC 4180, UTF-8, exactly the contract's
//! columns, formula-safe cells.

use std::borrow::Cow;
use std::io::Write;

use crate::model::finding::Finding;
use crate::model::report::Report;
use crate::report::cells::{COLUMNS, finding_row};
use crate::report::{Context, formula_safe, write_in_chunks};

/// Streams the CSV to `out` (a large audit's CSV need not be held in memory).
pub fn emit(report: &Report, cx: &Context, out: &mut dyn Write) -> std::io::Result<()> {
    if cx.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut head = writer(Vec::new());
    head.write_record(COLUMNS).map_err(io_error)?;
    out.write_all(&head.into_inner().map_err(|e| e.into_error())?)?;
    let rows: Vec<&Finding> = report.findings.iter().filter(|f| cx.includes(f)).collect();
    write_in_chunks(&rows, out, |_, chunk, buf: &mut Vec<u8>| {
        let mut w = writer(buf);
        for f in chunk {
            let cells = finding_row(f);
            w.write_record(cells.iter().map(|c| formula_safe(c)).map(|c| match c {
                Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
                Cow::Owned(o) => Cow::Owned(o.into_bytes()),
            }))
            .map_err(io_error)?;
        }
        w.flush()
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
