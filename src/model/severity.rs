//! How serious a gap is, and what became of a check: the two scales every
//! finding, policy override and report uses.

use std::fmt;

/// How serious a gap is; ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const NAMES: [&'static str; 5] = names_of!(Severity, 5);
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
    }

    pub const fn as_str(&self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Fail,
    Error,
    Waived,
    Pass,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Fail, Status::Error, Status::Waived, Status::Pass];
    pub const NAMES: [&'static str; 4] = names_of!(Status, 4);

    pub const fn as_str(&self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Waived => "waived",
            Status::Pass => "pass",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A gap that counts against the exit code (before `--fail-on`).
    pub fn is_gap(&self) -> bool {
        matches!(self, Status::Fail | Status::Error)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
