//! `vpnaudit diff` output: the comparison of two reports as a terminal
//! table, as CSV or as JSON (`vpnaudit-diff/1`).

use crate::report::grid::{Cell, Grid};
use serde::Serialize;

use crate::history::PreviousFinding;
use crate::history::diff::{Diff, DiffEntry};
use crate::report::formula_safe;
use crate::text::{visible, visible_lines};

pub const COLUMNS: [&str; 14] = [
    "change",
    "finding_id",
    "rule",
    "vpn",
    "vpn_name",
    "title",
    "owner",
    "old_status",
    "new_status",
    "old_severity",
    "new_severity",
    "changes",
    "message",
    "source",
];

fn side<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// `old → new`, or the one value when it did not change.
fn moved<T: ToString + PartialEq>(old: Option<T>, new: Option<T>) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o != n => format!("{} → {}", o.to_string(), n.to_string()),
        (_, Some(n)) => n.to_string(),
        (Some(o), None) => o.to_string(),
        (None, None) => String::new(),
    }
}

fn heading(d: &Diff) -> String {
    format!(
        "vpnaudit diff: {} (audit of {}) → {} (audit of {})",
        visible(&d.old.path),
        visible(&d.old.as_of.to_string()),
        visible(&d.new.path),
        visible(&d.new.as_of.to_string())
    )
}

pub fn table(d: &Diff, width: Option<u16>) -> String {
    let mut out = heading(d);
    out.push('\n');
    if d.entries.is_empty() {
        out.push_str("No findings in either report.\n");
    } else {
        let header = [
            "Change", "Severity", "Status", "Rule", "VPN", "Finding", "Source",
        ];
        let grid = Grid::measure(&header, &d.entries, cells, width.map(usize::from), false);
        let mut text = Vec::new();
        grid.write(&d.entries, cells, &mut text)
            .expect("writing to memory cannot fail");
        out.push_str(&String::from_utf8_lossy(&text));
    }
    out.push_str(&d.summary());
    out.push('\n');
    out
}

fn cells<'e>(e: &'e DiffEntry) -> Vec<Cell<'e>> {
    let f = e.latest;
    let mut change = e.movement.as_str().to_string();
    if e.changed() {
        change.push_str(" (changed)");
    }
    // Everything but the movement comes from the two reports: escaped.
    vec![
        Cell::new(change),
        Cell::new(visible(&moved(e.old_severity(), e.new_severity())).into_owned()),
        Cell::new(visible(&moved(e.old_status(), e.new_status())).into_owned()),
        Cell::new(visible(&f.rule)),
        Cell::new(if f.vpn.is_empty() {
            "(organisation)".into()
        } else {
            visible(&f.vpn)
        }),
        Cell::new(if f.message.is_empty() {
            visible(&f.title).into_owned()
        } else {
            format!("{}\n{}", visible(&f.title), visible(&f.message))
        }),
        Cell::new(visible(&f.source.to_string()).into_owned()),
    ]
}

fn row(e: &DiffEntry) -> [String; 14] {
    let f = e.latest;
    [
        e.movement.as_str().to_string(),
        f.finding_id.clone(),
        f.rule.clone(),
        f.vpn.clone(),
        f.vpn_name.clone(),
        f.title.clone(),
        f.owner.clone(),
        side(e.old_status()),
        side(e.new_status()),
        side(e.old_severity()),
        side(e.new_severity()),
        e.changes(),
        f.message.clone(),
        f.source.to_string(),
    ]
}

pub fn csv(d: &Diff, bom: bool) -> String {
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
        for e in &d.entries {
            let cells = row(e);
            let _ = w.write_record(
                cells
                    .iter()
                    .map(|c| formula_safe(&visible_lines(c)).into_owned()),
            );
        }
        let _ = w.flush();
    }
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    tool: Tool,
    old: ReportRef<'a>,
    new: ReportRef<'a>,
    summary: Summary,
    findings: Vec<EntryOut<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ReportRef<'a> {
    path: &'a str,
    as_of: String,
}

#[derive(Serialize)]
struct Summary {
    new: usize,
    resolved: usize,
    persisting: usize,
    changed: usize,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    change: &'static str,
    finding_id: &'a str,
    rule: &'a str,
    title: &'a str,
    vpn: &'a str,
    vpn_name: &'a str,
    owner: &'a str,
    old: Option<Side>,
    new: Option<Side>,
    changes: Vec<String>,
    message: &'a str,
    source: Source<'a>,
}

#[derive(Serialize)]
struct Side {
    status: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
struct Source<'a> {
    path: &'a str,
    line: u32,
}

fn side_out(f: Option<&PreviousFinding>) -> Option<Side> {
    f.map(|f| Side {
        status: f.status.as_str(),
        severity: f.severity.as_str(),
    })
}

pub fn json(d: &Diff) -> String {
    use crate::history::diff::Movement;
    let doc = Doc {
        schema: "vpnaudit-diff/1",
        tool: Tool {
            name: "vpnaudit",
            version: env!("CARGO_PKG_VERSION"),
        },
        old: ReportRef {
            path: &d.old.path,
            as_of: d.old.as_of.to_string(),
        },
        new: ReportRef {
            path: &d.new.path,
            as_of: d.new.as_of.to_string(),
        },
        summary: Summary {
            new: d.count(Movement::New),
            resolved: d.count(Movement::Resolved),
            persisting: d.count(Movement::Persisting),
            changed: d.changed(),
        },
        findings: d
            .entries
            .iter()
            .map(|e| {
                let f = e.latest;
                EntryOut {
                    change: e.movement.as_str(),
                    finding_id: &f.finding_id,
                    rule: &f.rule,
                    title: &f.title,
                    vpn: &f.vpn,
                    vpn_name: &f.vpn_name,
                    owner: &f.owner,
                    old: side_out(e.old),
                    new: side_out(e.new),
                    changes: e.change_list(),
                    message: &f.message,
                    source: Source {
                        path: &f.source.path,
                        line: f.source.line,
                    },
                }
            })
            .collect(),
    };
    let mut s = crate::text::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}
