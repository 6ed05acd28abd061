//! `--baseline`: every finding of a new audit is marked `new` or `existing`
//! against an earlier report, so only new gaps decide the exit code
//! ([`Report::gaps_fail`] skips existing ones).

use std::collections::HashMap;

use crate::history::PreviousReport;
use crate::model::finding::{BaselineInfo, Change, Status};
use crate::model::report::Report;

/// `report` with every finding marked against `baseline`, matched by
/// finding id (which survives reordering, line shifts and unrelated edits).
pub fn against(mut report: Report, baseline: &PreviousReport) -> Report {
    let before: HashMap<&str, Status> = baseline
        .findings
        .iter()
        .map(|f| (f.finding_id.as_str(), f.status))
        .collect();
    for f in report.findings.iter_mut() {
        let existing = is_existing(f.status, before.get(f.finding_id.as_str()).copied());
        f.change = Some(if existing {
            Change::Existing
        } else {
            Change::New
        });
    }
    report.baseline = Some(BaselineInfo {
        path: baseline.path.clone(),
        as_of: baseline.as_of.to_string(),
    });
    report
}

/// Whether a finding with status `now` was already there with status
/// `before`. A gap is existing when the baseline had it as a gap; a gap that
/// was waived there (its waiver has expired since) or passed there is new. A
/// waived finding is existing when the baseline had it as a gap or waived.
pub fn is_existing(now: Status, before: Option<Status>) -> bool {
    use Status::*;
    matches!(
        (now, before),
        (Fail | Error, Some(Fail | Error))
            | (Waived, Some(Fail | Error | Waived))
            | (Pass, Some(Pass))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn what_counts_as_existing() {
        assert!(is_existing(Fail, Some(Fail)));
        assert!(is_existing(Fail, Some(Error)));
        assert!(is_existing(Error, Some(Fail)));
        // Waived in the baseline, failing now: the waiver lapsed — new.
        assert!(!is_existing(Fail, Some(Waived)));
        assert!(!is_existing(Fail, Some(Pass)));
        assert!(!is_existing(Fail, None));
        assert!(is_existing(Waived, Some(Fail)));
        assert!(is_existing(Waived, Some(Waived)));
        assert!(!is_existing(Waived, None));
        assert!(is_existing(Pass, Some(Pass)));
        assert!(!is_existing(Pass, Some(Fail)));
    }
}
