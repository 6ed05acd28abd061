//! Findings: the outcome of one rule on one target.

use std::fmt;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::model::expect::Expectation;
use crate::model::policy::Waiver;
use crate::source::Origin;

pub use crate::model::severity::{Severity, Status};

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

impl SourceRef {
    /// The file it points into; `None` for vpnaudit's own texts (the
    /// built-in policy, a built-in pack).
    pub fn file(&self) -> Option<&str> {
        Origin::of(&self.path).file()
    }
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

/// The texts of a rule that every finding of it quotes, shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTexts {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub references: Vec<String>,
    pub remediation: Arc<str>,
}

/// What a finding is about: one VPN, or the organisation as a whole. Shared
/// by all the target's findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Vpn {
        id: Box<str>,
        /// Empty when the inventory gives none.
        name: Box<str>,
        owner: Box<str>,
    },
    /// The usage policy's owner answers for it.
    Organisation { owner: Box<str> },
}

/// What a test expected, and whether it sits under a `not` (and so expects
/// the opposite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub expectation: Arc<Expectation>,
    pub negated: bool,
}

/// The value a finding found in the field it blames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// The field has no value.
    Missing,
    /// The field is read from a device configuration and the VPN links none.
    NoConfig,
    /// The value as shown, with what the facts add about it (the canonical
    /// carrier a name resolves to).
    Value {
        value: Box<str>,
        detail: Option<Box<str>>,
    },
}

/// Something more a finding says, in the order it is said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// What the facts say about a field that has no value (the licence an
    /// international arm's circuit needs).
    Detail(Box<str>),
    /// Another test of the rule that failed too.
    Also {
        field: &'static str,
        expected: Expected,
        actual: Actual,
    },
    /// The crypto judged: the device configuration at this path, or (None)
    /// what the inventory declares.
    Judged(Option<Box<str>>),
    /// The tunnel that breaks the check on its own, and its line.
    DecidedBy { tunnel: Box<str>, line: u32 },
    /// The value is the organisation's, given at this line of the usage
    /// policy (the VPN gives none).
    OrganisationValue { path: Arc<str>, line: u32 },
}

/// A waiver that matched a gap: it waives it, or it has expired and the gap
/// stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedWaiver {
    pub waiver: Arc<Waiver>,
    pub expired: bool,
}

/// A finding's stable id: 16 hex digits (see [`finding_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FindingId([u8; 16]);

impl FindingId {
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule's outcome on one target (a VPN or the organisation), as data:
/// the report layer renders every word of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub finding_id: FindingId,
    pub status: Status,
    pub severity: Severity,
    pub rule: Arc<RuleTexts>,
    pub target: Arc<Target>,
    /// The field blamed: a path of the inventory schema (empty when the
    /// rule tests nothing).
    pub field: &'static str,
    /// None when the rule tests nothing.
    pub expected: Option<Expected>,
    pub actual: Actual,
    pub notes: Vec<Note>,
    /// Where the finding is decided: the device configuration's line when
    /// it was judged on one, else the inventory or policy line.
    pub source: SourceRef,
    /// Other places it concerns: the inventory entry of a finding decided
    /// in a device configuration.
    pub related: Vec<SourceRef>,
    pub waiver: Option<AppliedWaiver>,
    pub change: Option<Change>,
}

/// A report's findings in report order, kept as the runs the evaluator
/// produced them in (one per rule and batch of VPNs): gathering them into
/// one vector would hold every finding twice at the peak.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    runs: Vec<Vec<Finding>>,
    len: usize,
}

impl Findings {
    /// Appends a run (in report order after the runs before it).
    pub fn push_run(&mut self, run: Vec<Finding>) {
        if !run.is_empty() {
            self.len += run.len();
            self.runs.push(run);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> + Clone {
        self.runs.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        self.runs.iter_mut().flatten()
    }
}

/// Stable fingerprint of (rule, target): the first 16 hex digits of SHA-256
/// over the rule id, a NUL byte and the VPN id (or `organisation`). It does
/// not depend on lines, order or which check failed, so a gap keeps its id
/// from one audit to the next.
pub fn finding_id(rule: &str, vpn: Option<&str>) -> FindingId {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0u8]);
    h.update(vpn.unwrap_or("organisation").as_bytes());
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (i, b) in digest[..8].iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 0xf)];
    }
    FindingId(out)
}

impl Finding {
    /// The VPN id; empty for an organisation-level finding.
    pub fn vpn(&self) -> &str {
        match &*self.target {
            Target::Vpn { id, .. } => id,
            Target::Organisation { .. } => "",
        }
    }

    /// The VPN's name; empty for the organisation or a VPN without one.
    pub fn vpn_name(&self) -> &str {
        match &*self.target {
            Target::Vpn { name, .. } => name,
            Target::Organisation { .. } => "",
        }
    }

    pub fn owner(&self) -> &str {
        match &*self.target {
            Target::Vpn { owner, .. } | Target::Organisation { owner } => owner,
        }
    }

    /// The VPN id, or `organisation` for organisation-level findings.
    pub fn target(&self) -> &str {
        match &*self.target {
            Target::Vpn { id, .. } => id,
            Target::Organisation { .. } => "organisation",
        }
    }

    /// The target in words: `vpn-id (name)`, or `organisation`.
    pub fn target_label(&self) -> String {
        match (self.vpn(), self.vpn_name()) {
            ("", _) => "organisation".to_string(),
            (id, "") => id.to_string(),
            (id, name) => format!("{id} ({name})"),
        }
    }

    /// The report order: severity (critical first), rule id, VPN id.
    pub fn sort_key(&self) -> (Severity, &str, &str) {
        (self.severity, &self.rule.id, self.vpn())
    }
}

/// A waiver and what became of it in this audit.
#[derive(Debug, Clone)]
pub struct WaiverState {
    pub waiver: Waiver,
    pub source: SourceRef,
    pub expired: bool,
    /// Expires within 30 days of the audit date (and has not yet).
    pub expiring_soon: bool,
    /// Matched no fail/error finding.
    pub stale: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_id_is_stable_and_distinct() {
        let a = finding_id("CN-LOG-01", Some("sh-fra-01"));
        assert_eq!(a.as_str().len(), 16);
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
        assert_eq!(finding_id("CN-GOV-01", None).as_str(), &hex[..16]);
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
