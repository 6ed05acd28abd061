//! A finished audit: everything a report shows, and the summary figures
//! every output format prints.

use jiff::civil::Date;

use crate::diag::Diagnostics;
use crate::model::finding::{BaselineInfo, Change, Findings, Severity, Status, WaiverState};
use crate::model::input::Input;
use crate::model::rule::RuleInfo;

/// Everything a report shows.
#[derive(Debug)]
pub struct Report {
    pub as_of: Date,
    pub inputs: Vec<Input>,
    pub packs: Vec<PackInfo>,
    pub builtin_policy: bool,
    pub policy_name: Option<String>,
    pub rules: Vec<RuleInfo>,
    pub findings: Findings,
    /// Checks that passed, counted whether or not they were kept as
    /// findings (`--show-passed`, JUnit), so every format of one audit
    /// gives the same figures.
    pub passed: usize,
    pub waivers: Vec<WaiverState>,
    pub vpn_count: usize,
    /// Stale waivers and other warnings found while auditing.
    pub warnings: Diagnostics,
    /// Warnings fail the run (`--deny-warnings` and there are some).
    pub warnings_fail: bool,
    /// The earlier report findings were marked against (`--baseline`).
    pub baseline: Option<BaselineInfo>,
}

#[derive(Debug, Clone)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub path: String,
    pub rules: usize,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        if status == Status::Pass {
            return self.passed;
        }
        self.findings.iter().filter(|f| f.status == status).count()
    }

    /// Unwaived gaps (fail/error) per severity, critical first.
    pub fn gaps_by_severity(&self) -> [(Severity, usize); 5] {
        Severity::ALL.map(|s| {
            (
                s,
                self.findings
                    .iter()
                    .filter(|f| f.status.is_gap() && f.severity == s)
                    .count(),
            )
        })
    }

    /// The run fails: a gap at or above `threshold`, or warnings under
    /// `--deny-warnings`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        self.warnings_fail || self.gaps_fail(threshold)
    }

    /// True when some unwaived gap is at or above `threshold` (and, with a
    /// baseline, new).
    pub fn gaps_fail(&self, threshold: Option<Severity>) -> bool {
        let Some(t) = threshold else { return false };
        self.findings
            .iter()
            .any(|f| f.status.is_gap() && f.severity <= t && f.change != Some(Change::Existing))
    }

    pub fn disabled_rules(&self) -> impl Iterator<Item = (&str, &str)> {
        self.rules
            .iter()
            .filter_map(|r| r.disabled.as_deref().map(|why| (r.id.as_str(), why)))
    }
}
