//! A rule as reports describe it: id, texts, severity, citations and
//! penalties resolved, whether the policy disables it.

use std::sync::Arc;

use crate::model::citations::Citation;
use crate::model::finding::{RuleTexts, Severity};
use crate::model::pack::Target;
use crate::source::Pos;

/// What a rule is, as reports show it: everything but its conditions
/// (compiled, they stay with the engine: `validate::compile::Rule`).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    pub pack_path: String,
    pub pos: Pos,
    pub title: String,
    /// After the policy's override.
    pub severity: Severity,
    pub default_severity: Severity,
    pub target: Target,
    /// Every reference as reports show it (register citations rendered as
    /// the text stood on the audit date).
    pub references: Vec<String>,
    /// The references that cite the register, resolved.
    pub citations: Vec<Citation>,
    pub penalties: Vec<Penalty>,
    pub rationale: Option<String>,
    pub remediation: Option<String>,
    pub explain: Option<String>,
    pub jurisdiction: Option<String>,
    /// `Some(reason)` when the policy disables the rule.
    pub disabled: Option<String>,
    /// The rule tests the judged crypto, so its findings say which source.
    pub judges_crypto: bool,
    /// The status of a failed check (`fail`, or `error`).
    pub failure: crate::model::finding::Status,
    /// The rule's texts as its findings carry them, shared by all of them.
    pub shared: Arc<RuleTexts>,
}

/// A penalty provision, resolved.
#[derive(Debug, Clone)]
pub struct Penalty {
    pub citation: Citation,
    pub range: String,
    pub regulator: Option<String>,
}

impl Penalty {
    /// "provision: range (regulator)" on one line.
    pub fn line(&self) -> String {
        match &self.regulator {
            Some(reg) => format!("{}: {} (regulator: {reg})", self.citation.text, self.range),
            None => format!("{}: {}", self.citation.text, self.range),
        }
    }
}
