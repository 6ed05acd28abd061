//! Reports: one module per output format, each an [`Emitter`] — the same
//! signature for all, a function of the audit
//! [`Report`](crate::model::report::Report) and the run's [`Context`] writing to a
//! [`Write`] — listed once in [`EMITTERS`], so the same findings render the
//! same way everywhere, the command line takes its format names from the
//! table, and every format can be snapshot-tested alone.
//!
//! A new format is a module here with an `emit` function and a row in
//! [`EMITTERS`].

pub mod cells;
pub mod csv;
pub mod diff;
pub mod facts;
pub mod github;
pub mod gitlab;
pub mod grid;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod prose;
pub mod rules;
pub mod sarif;
pub mod table;
pub mod xlsx;

use std::io::{self, Write};

use rayon::prelude::*;

use crate::model::finding::WaiverState;
use crate::model::finding::{Finding, Severity, Status};
use crate::model::report::Report;

/// What every emitter is given besides the report: the run's settings.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Passing checks are listed too (`--show-passed`).
    pub show_passed: bool,
    /// The lowest severity of an unwaived gap that fails the run (`None`:
    /// `--fail-on never`).
    pub fail_on: Option<Severity>,
    /// Colour and width of the terminal table.
    pub style: table::TableStyle,
    /// CSV starts with a UTF-8 byte-order mark (`--csv-bom`).
    pub bom: bool,
    /// Where this run wrote every finding (its `--json`, `--csv` or
    /// `--xlsx` file), named by a format that had to leave some out.
    pub full_report: Option<String>,
}

impl Context {
    /// Whether a finding is listed: every one but passes, unless asked.
    pub fn includes(&self, f: &Finding) -> bool {
        self.show_passed || f.status != Status::Pass
    }
}

/// The findings a format with a size limit keeps when `shown` has more
/// than `limit`: unwaived gaps before waived findings before passes, new
/// ones (with a baseline) before known ones, the most severe first, then
/// report order. `None` when all fit; else a mask over `shown`, so what is
/// kept is still written in report order.
pub(crate) fn keep_within(shown: &[&Finding], limit: usize) -> Option<Vec<bool>> {
    if shown.len() <= limit {
        return None;
    }
    let class = |f: &Finding| match f.status {
        Status::Fail | Status::Error => 0,
        Status::Waived => 1,
        Status::Pass => 2,
    };
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by_key(|&i| {
        let f = shown[i];
        (
            class(f),
            f.change != Some(crate::model::finding::Change::New),
            f.severity,
            i,
        )
    });
    let mut keep = vec![false; shown.len()];
    for &i in &order[..limit] {
        keep[i] = true;
    }
    Some(keep)
}

/// What a format that left findings out says about it: how many, why, and
/// where they all are.
pub(crate) fn left_out_note(left_out: usize, shown: usize, why: &str, cx: &Context) -> String {
    let whole = match &cx.full_report {
        Some(path) => format!("every finding is in {path}"),
        None => "write every finding with --json FILE (or --csv, --xlsx)".to_string(),
    };
    format!(
        "{left_out} of {shown} finding(s) left out ({why}); new, then the most severe, were kept; {whole}"
    )
}

/// Writes one format of a report.
pub type Emit = fn(&Report, &Context, &mut dyn Write) -> io::Result<()>;

/// An output format.
#[derive(Debug)]
pub struct Emitter {
    /// Its name on the command line (`--format NAME`).
    pub name: &'static str,
    /// `--format` may name it; `false` for a binary format, which is only
    /// written to the file its own flag names (`--xlsx FILE`).
    pub text: bool,
    /// It lists every check that applied, so the audit records passes.
    pub records_passes: bool,
    /// What its file flag (`--NAME FILE`) writes, for `--help`.
    pub file_help: &'static str,
    pub emit: Emit,
}

/// Every output format, in the order `--help` lists them.
pub static EMITTERS: &[Emitter] = &[
    Emitter {
        name: "table",
        text: true,
        records_passes: false,
        file_help: "Also write the terminal table (no colour) to FILE",
        emit: table::emit,
    },
    Emitter {
        name: "csv",
        text: true,
        records_passes: false,
        file_help: "Also write the CSV of gaps to FILE",
        emit: csv::emit,
    },
    Emitter {
        name: "json",
        text: true,
        records_passes: false,
        file_help: "Also write the JSON report (the input of --baseline and diff) to FILE",
        emit: json::emit,
    },
    Emitter {
        name: "sarif",
        text: true,
        records_passes: false,
        file_help: "Also write SARIF 2.1.0 (GitHub code scanning) to FILE",
        emit: sarif::emit,
    },
    Emitter {
        name: "junit",
        text: true,
        records_passes: true,
        file_help: "Also write JUnit XML (one test case per check) to FILE",
        emit: junit::emit,
    },
    Emitter {
        name: "markdown",
        text: true,
        records_passes: false,
        file_help: "Also write the Markdown summary (a job or step summary) to FILE",
        emit: markdown::emit,
    },
    Emitter {
        name: "github",
        text: true,
        records_passes: false,
        file_help: "Also write GitHub Actions annotations to FILE",
        emit: github::emit,
    },
    Emitter {
        name: "gitlab",
        text: true,
        records_passes: false,
        file_help: "Also write a GitLab Code Quality report to FILE",
        emit: gitlab::emit,
    },
    Emitter {
        name: "xlsx",
        text: false,
        records_passes: false,
        file_help: "Also write an Excel workbook (Summary, Findings, Waivers, Rules) to FILE",
        emit: xlsx::emit,
    },
];

/// The format called `name`.
pub fn emitter(name: &str) -> Option<&'static Emitter> {
    EMITTERS.iter().find(|e| e.name == name)
}

/// Rows per parallel rendering task.
pub(crate) const CHUNK: usize = 256;

/// A buffer a chunk of rows is rendered into, kept and reused from one
/// batch to the next (a fresh buffer per chunk would have the kernel zero
/// new pages for every one).
pub(crate) trait ChunkBuf: Default + Send + AsRef<[u8]> {
    fn clear(&mut self);
}

impl ChunkBuf for String {
    fn clear(&mut self) {
        String::clear(self)
    }
}

impl ChunkBuf for Vec<u8> {
    fn clear(&mut self) {
        Vec::clear(self)
    }
}

/// Writes `rows` in order, rendering them in parallel: each chunk of
/// [`CHUNK`] rows is rendered by `render` (given the chunk's first row
/// index and an empty buffer), a bounded batch of chunks at a time, so a
/// report of any length is never held whole in memory. While one batch is
/// written, the next is rendered; the two batches' buffers are reused.
pub(crate) fn write_in_chunks<T: Sync, B: ChunkBuf>(
    rows: &[T],
    out: &mut dyn Write,
    render: impl Fn(usize, &[T], &mut B) -> io::Result<()> + Sync,
) -> io::Result<()> {
    const BATCH: usize = 4;
    let render_batch = |b: usize, batch: &[T], bufs: &mut Vec<B>| -> io::Result<()> {
        let n = batch.len().div_ceil(CHUNK);
        if bufs.len() < n {
            bufs.resize_with(n, B::default);
        }
        bufs[..n]
            .par_iter_mut()
            .zip(batch.par_chunks(CHUNK))
            .enumerate()
            .try_for_each(|(c, (buf, chunk))| {
                buf.clear();
                render((b * BATCH + c) * CHUNK, chunk, buf)
            })
    };
    let mut batches = rows.chunks(CHUNK * BATCH).enumerate();
    let (mut ready, mut spare): (Vec<B>, Vec<B>) = (Vec::new(), Vec::new());
    let mut ready_len = 0;
    if let Some((b, batch)) = batches.next() {
        render_batch(b, batch, &mut ready)?;
        ready_len = batch.len().div_ceil(CHUNK);
    }
    for (b, batch) in batches {
        // This thread writes; the pool renders the next batch meanwhile.
        let mut rendered = Ok(());
        let written = rayon::in_place_scope(|s| {
            s.spawn(|_| rendered = render_batch(b, batch, &mut spare));
            ready[..ready_len]
                .iter()
                .try_for_each(|p| out.write_all(p.as_ref()))
        });
        written?;
        rendered?;
        std::mem::swap(&mut ready, &mut spare);
        ready_len = batch.len().div_ceil(CHUNK);
    }
    ready[..ready_len]
        .iter()
        .try_for_each(|p| out.write_all(p.as_ref()))
}

/// The verdict line shared by the terminal table and other summaries. With
/// a baseline, only new gaps count.
pub fn verdict(report: &Report, fail_on: Option<Severity>) -> String {
    let new = if report.baseline.is_some() {
        "new "
    } else {
        ""
    };
    match fail_on {
        Some(t) if report.gaps_fail(Some(t)) => {
            format!("verdict: FAIL ({new}unwaived gaps at or above {t})")
        }
        _ if report.warnings_fail => "verdict: FAIL (warnings, with --deny-warnings)".to_string(),
        None => "verdict: not gating (--fail-on never)".to_string(),
        Some(t) => format!("verdict: PASS (no {new}unwaived gap at or above {t})"),
    }
}

/// A waiver's state in one word: `stale` (it matches no failing finding:
/// remove it), `expired` (it no longer waives), `expiring-soon` (within 30
/// days of the audit date) or `active`.
pub fn waiver_state(w: &WaiverState) -> &'static str {
    if w.stale {
        "stale"
    } else if w.expired {
        "expired"
    } else if w.expiring_soon {
        "expiring-soon"
    } else {
        "active"
    }
}

/// What a waiver covers: its VPN, or the organisation.
pub fn waiver_target(w: &WaiverState) -> &str {
    w.waiver
        .vpn
        .as_ref()
        .map_or("organisation", |v| v.value.as_str())
}

/// One-line counts: gaps per severity, waived, passed.
pub fn counts_line(report: &Report) -> String {
    let per: Vec<String> = report
        .gaps_by_severity()
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let gaps: usize = report.gaps_by_severity().iter().map(|(_, n)| n).sum();
    format!(
        "{} VPN(s), {} rule(s): {gaps} gap(s) ({}), {} waived",
        report.vpn_count,
        report.rules.iter().filter(|r| r.disabled.is_none()).count(),
        per.join(", "),
        report.count(crate::model::finding::Status::Waived),
    )
}

/// Guards a spreadsheet cell against formula injection: a cell starting with
/// `=`, `+`, `-`, `@`, tab, CR or `'` gets one leading `'`, so removing
/// exactly one leading `'` from such a cell always restores the value.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{EMITTERS, emitter, formula_safe};

    #[test]
    fn emitter_names_are_unique_and_found() {
        for (i, e) in EMITTERS.iter().enumerate() {
            assert!(
                EMITTERS[..i].iter().all(|o| o.name != e.name),
                "{} is listed twice",
                e.name
            );
            assert!(std::ptr::eq(emitter(e.name).unwrap(), e));
            assert!(e.name.bytes().all(|b| b.is_ascii_lowercase()), "{}", e.name);
        }
        // The file flags of `audit` name these.
        assert!(emitter("csv").is_some_and(|e| e.text));
        assert!(emitter("xlsx").is_some_and(|e| !e.text));
        assert!(emitter("nope").is_none());
    }

    #[test]
    fn formula_safety_round_trips() {
        for v in [
            "=1+1", "+A", "-3", "@SUM(A1)", "\tx", "\rx", "'quoted", "plain", "", "a=b",
        ] {
            let safe = formula_safe(v);
            let starts_dangerous = v.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']);
            assert_eq!(
                safe.starts_with('\''),
                starts_dangerous || v.starts_with('\'')
            );
            let restored = if starts_dangerous {
                &safe[1..]
            } else {
                &safe[..]
            };
            assert_eq!(restored, v);
        }
    }
}
