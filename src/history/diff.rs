//! `vpnaudit diff OLD.json NEW.json`: which findings are new, which were
//! resolved and which persist — and of those, which changed severity or
//! status. Findings are matched by finding id; passes (reports written with
//! `--show-passed`) are not findings to compare: a gap that passes now is
//! resolved.

use std::collections::HashMap;

use crate::history::{PreviousFinding, PreviousReport};
use crate::model::finding::{Severity, Status};

/// How a finding moved between two audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Movement {
    /// Only in the newer report.
    New,
    /// Only in the older report.
    Resolved,
    /// In both.
    Persisting,
}

impl Movement {
    pub fn as_str(&self) -> &'static str {
        match self {
            Movement::New => "new",
            Movement::Resolved => "resolved",
            Movement::Persisting => "persisting",
        }
    }
}

/// One finding of the comparison.
#[derive(Debug, Clone)]
pub struct DiffEntry<'a> {
    pub movement: Movement,
    pub old: Option<&'a PreviousFinding>,
    pub new: Option<&'a PreviousFinding>,
    /// The newer side when there is one, else the older.
    pub latest: &'a PreviousFinding,
}

impl<'a> DiffEntry<'a> {
    pub fn old_status(&self) -> Option<Status> {
        self.old.map(|f| f.status)
    }

    pub fn new_status(&self) -> Option<Status> {
        self.new.map(|f| f.status)
    }

    pub fn old_severity(&self) -> Option<Severity> {
        self.old.map(|f| f.severity)
    }

    pub fn new_severity(&self) -> Option<Severity> {
        self.new.map(|f| f.severity)
    }

    /// What changed on a persisting finding, e.g. `severity medium → high;
    /// status fail → waived` (empty when nothing did).
    pub fn changes(&self) -> String {
        self.change_list().join("; ")
    }

    /// The same, one item per change.
    pub fn change_list(&self) -> Vec<String> {
        let (Some(o), Some(n)) = (self.old, self.new) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        if o.severity != n.severity {
            parts.push(format!("severity {} → {}", o.severity, n.severity));
        }
        if o.status != n.status {
            parts.push(format!("status {} → {}", o.status, n.status));
        }
        parts
    }

    pub fn changed(&self) -> bool {
        self.old
            .zip(self.new)
            .is_some_and(|(o, n)| o.severity != n.severity || o.status != n.status)
    }
}

/// The comparison of two reports.
#[derive(Debug)]
pub struct Diff<'a> {
    pub old: &'a PreviousReport,
    pub new: &'a PreviousReport,
    /// New first, then resolved, then persisting (changed ones first); each
    /// by severity, rule and VPN.
    pub entries: Vec<DiffEntry<'a>>,
}

impl Diff<'_> {
    pub fn count(&self, m: Movement) -> usize {
        self.entries.iter().filter(|e| e.movement == m).count()
    }

    pub fn changed(&self) -> usize {
        self.entries.iter().filter(|e| e.changed()).count()
    }

    /// `N new, N resolved, N persisting (N changed)`.
    pub fn summary(&self) -> String {
        format!(
            "{} new, {} resolved, {} persisting ({} changed)",
            self.count(Movement::New),
            self.count(Movement::Resolved),
            self.count(Movement::Persisting),
            self.changed()
        )
    }
}

/// Compares `old` with `new`.
pub fn diff<'a>(old: &'a PreviousReport, new: &'a PreviousReport) -> Diff<'a> {
    let findings = |r: &'a PreviousReport| -> HashMap<&'a str, &'a PreviousFinding> {
        r.findings
            .iter()
            .filter(|f| f.status != Status::Pass)
            .map(|f| (f.finding_id.as_str(), f))
            .collect()
    };
    let before = findings(old);
    let after = findings(new);
    let mut entries: Vec<DiffEntry> = Vec::new();
    for f in new.findings.iter().filter(|f| f.status != Status::Pass) {
        let old_side = before.get(f.finding_id.as_str()).copied();
        entries.push(DiffEntry {
            movement: if old_side.is_some() {
                Movement::Persisting
            } else {
                Movement::New
            },
            old: old_side,
            new: Some(f),
            latest: f,
        });
    }
    for f in old.findings.iter().filter(|f| f.status != Status::Pass) {
        if !after.contains_key(f.finding_id.as_str()) {
            entries.push(DiffEntry {
                movement: Movement::Resolved,
                old: Some(f),
                new: None,
                latest: f,
            });
        }
    }
    entries.sort_by(|a, b| {
        let key = |e: &DiffEntry<'a>| {
            let l = e.latest;
            (
                e.movement,
                !e.changed(),
                l.severity,
                l.rule.clone(),
                l.vpn.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Diff { old, new, entries }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::finding::{SourceRef, finding_id};

    fn f(rule: &str, vpn: &str, status: Status, severity: Severity) -> PreviousFinding {
        PreviousFinding {
            finding_id: finding_id(rule, Some(vpn)).to_string(),
            status,
            severity,
            rule: rule.into(),
            title: String::new(),
            vpn: vpn.into(),
            vpn_name: String::new(),
            owner: String::new(),
            message: String::new(),
            source: SourceRef::default(),
        }
    }

    fn report(findings: Vec<PreviousFinding>) -> PreviousReport {
        PreviousReport {
            path: "r.json".into(),
            as_of: jiff::civil::date(2026, 11, 28),
            findings,
        }
    }

    #[test]
    fn new_resolved_persisting_and_changed() {
        use Severity::*;
        use Status::*;
        let old = report(vec![
            f("A-01", "x", Fail, High),
            f("A-02", "x", Fail, Medium),
            f("A-03", "x", Fail, Low),
            f("A-04", "x", Fail, Low),
            f("A-05", "x", Pass, Low),
        ]);
        let new = report(vec![
            f("A-01", "x", Fail, High),
            f("A-02", "x", Fail, High),
            f("A-04", "x", Pass, Low),
            f("A-05", "x", Fail, Low),
            f("A-06", "x", Waived, Medium),
        ]);
        let d = diff(&old, &new);
        let got: Vec<(&str, &str, String)> = d
            .entries
            .iter()
            .map(|e| (e.movement.as_str(), e.latest.rule.as_str(), e.changes()))
            .collect();
        assert_eq!(
            got,
            [
                ("new", "A-06", String::new()),
                // Passed before, fails now: a new gap.
                ("new", "A-05", String::new()),
                ("resolved", "A-03", String::new()),
                // Passes now: resolved.
                ("resolved", "A-04", String::new()),
                ("persisting", "A-02", "severity medium → high".to_string()),
                ("persisting", "A-01", String::new()),
            ]
        );
        assert_eq!(d.summary(), "2 new, 2 resolved, 2 persisting (1 changed)");
    }
}
