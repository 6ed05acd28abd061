//! Findings: the outcome of one rule on one target.

use std::fmt;

use std::sync::Arc;

use sha2::{Digest, Sha256};

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

/// `new` / `existing` against a baseline report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Existing,
}

impl Change {
    pub fn as_str(&self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Existing => "existing",
        }
    }
}

/// The earlier report a new audit was compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineInfo {
    pub path: String,
    pub as_of: String,
}

/// Where a finding points: the file as named and a line.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceRef {
    pub path: Arc<str>,
    /// 0 when there is no line (the built-in policy).
    pub line: u32,
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.path)
        } else {
            write!(f, "{}:{}", self.path, self.line)
        }
    }
}

/// One rule's outcome on one target (a VPN or the organisation).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub finding_id: String,
    pub status: Status,
    pub severity: Severity,
    /// Rule-wide texts are shared by every finding of the rule.
    pub rule: Arc<str>,
    pub title: Arc<str>,
    /// Empty for organisation-level findings. The VPN's texts are shared by
    /// all its findings.
    pub vpn: Arc<str>,
    pub vpn_name: Arc<str>,
    pub owner: Arc<str>,
    /// The field blamed: a path of the inventory schema.
    pub field: &'static str,
    /// The rule's wording, shared with the compiled rule.
    pub expected: Arc<str>,
    pub actual: String,
    pub message: String,
    pub references: Arc<[String]>,
    pub remediation: Arc<str>,
    /// Where the finding is decided: the device configuration's line when
    /// it was judged on one, else the inventory or policy line.
    pub source: SourceRef,
    /// Other places it concerns: the inventory entry of a finding decided
    /// in a device configuration.
    pub related: Vec<SourceRef>,
    pub waiver: String,
    pub change: Option<Change>,
}

/// Stable fingerprint of (rule, target): the first 16 hex digits of SHA-256
/// over the rule id, a NUL byte and the VPN id (or `organisation`). It does
/// not depend on lines, order or which check failed, so a gap keeps its id
/// from one audit to the next.
pub fn finding_id(rule: &str, vpn: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0u8]);
    h.update(vpn.unwrap_or("organisation").as_bytes());
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

impl Finding {
    /// The VPN id, or `organisation` for organisation-level findings.
    pub fn target(&self) -> &str {
        if self.vpn.is_empty() {
            "organisation"
        } else {
            &self.vpn
        }
    }

    /// The target in words: `vpn-id (name)`, or `organisation`.
    pub fn target_label(&self) -> String {
        match (&*self.vpn, &*self.vpn_name) {
            ("", _) => "organisation".to_string(),
            (id, "") => id.to_string(),
            (id, name) => format!("{id} ({name})"),
        }
    }

    /// The report order: severity (critical first), rule id, VPN id.
    pub fn sort_key(&self) -> (Severity, &str, &str) {
        (self.severity, &self.rule, &self.vpn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_id_is_stable_and_distinct() {
        let a = finding_id("CN-LOG-01", Some("sh-fra-01"));
        assert_eq!(a.len(), 16);
        assert_eq!(a, finding_id("CN-LOG-01", Some("sh-fra-01")));
        assert_ne!(a, finding_id("CN-LOG-01", Some("sh-fra-02")));
        assert_ne!(
            finding_id("CN-GOV-01", None),
            finding_id("CN-GOV-01", Some("organisation-x"))
        );
        // The documented construction, checked against an independent digest.
        let mut h = Sha256::new();
        h.update(b"CN-GOV-01\0organisation");
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(finding_id("CN-GOV-01", None), hex[..16]);
    }

    #[test]
    fn each_name_is_its_value_and_names_are_unique() {
        assert_eq!(
            Severity::NAMES,
            ["critical", "high", "medium", "low", "info"]
        );
        assert_eq!(Status::NAMES, ["fail", "error", "waived", "pass"]);
        for (name, sev) in Severity::NAMES.iter().zip(Severity::ALL) {
            assert_eq!(Severity::parse(name), Some(sev));
        }
        for (name, st) in Status::NAMES.iter().zip(Status::ALL) {
            assert_eq!(Status::parse(name), Some(st));
        }
        let dialects = crate::evidence::Dialect::NAMES;
        for (i, name) in dialects.iter().enumerate() {
            assert_eq!(
                crate::evidence::Dialect::parse(name),
                Some(crate::evidence::Dialect::ALL[i])
            );
            assert!(!dialects[..i].contains(name), "{name} twice");
        }
        assert_eq!(crate::model::schema::CONFIG_FORMATS, dialects);
    }
}
