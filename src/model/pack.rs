//! Obligation packs (SPEC §1.3): rules as data, built in or the organisation's
//! own. This module reads a pack document; `validate::compile` turns its
//! conditions into checked rules.

pub use crate::model::citations::Locator;
use crate::source::Pos;
use crate::source::Spanned;

/// The keys of a pack (the loader's list of known keys, and the properties
/// of `vpnaudit schema obligations`).
pub const PACK_KEYS: &[&str] = &[
    "kind",
    "version",
    "id",
    "title",
    "description",
    "jurisdiction",
    "parameters",
    "rules",
];
pub const PARAMETER_KEYS: &[&str] = &["default", "description"];
pub const RULE_KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "target",
    "references",
    "penalties",
    "rationale",
    "remediation",
    "explain",
    "failure",
    "when",
    "check",
];
/// The keys of a structured reference.
pub const CITE_KEYS: &[&str] = &["cite", "version", "article", "clause", "section", "note"];
/// The keys of a penalty: a reference plus what the penalty is and who imposes it.
pub const PENALTY_KEYS: &[&str] = &[
    "cite",
    "version",
    "article",
    "clause",
    "section",
    "note",
    "range",
    "regulator",
];
/// The keys a rule must have.
pub const RULE_REQUIRED: &[&str] = &["id", "title", "severity", "check"];
pub const TARGETS: &[&str] = &["vpn", "organisation"];
/// The statuses a failed check may have.
pub const FAILURES: &[&str] = &["fail", "error"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Vpn,
    Organisation,
}

impl Target {
    pub fn as_str(&self) -> &'static str {
        match self {
            Target::Vpn => "vpn",
            Target::Organisation => "organisation",
        }
    }
}

/// What a rule cites: free text, or a text of the citation register by key
/// plus article, clause or section.
#[derive(Debug, Clone, PartialEq)]
pub enum Reference {
    Text(String),
    Cite(CiteRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CiteRef {
    pub pos: Pos,
    pub key: Spanned<String>,
    /// A version other than the latest (a superseded text).
    pub version: Option<String>,
    pub locator: Locator,
    pub note: Option<String>,
}

/// The penalty provision of a rule, and what it provides.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyDef {
    pub cite: CiteRef,
    pub range: String,
    pub regulator: Option<String>,
}

/// A rule id: upper-case letters and digits in `-`-separated parts, e.g. `CN-LOG-01`.
pub fn valid_rule_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.starts_with(|c: char| c.is_ascii_uppercase()));
    first_ok
        && id.contains('-')
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids() {
        assert!(valid_rule_id("CN-LOG-01"));
        assert!(valid_rule_id("ACME-X1"));
        assert!(!valid_rule_id("cn-log-01"));
        assert!(!valid_rule_id("CNLOG"));
        assert!(!valid_rule_id("CN--01"));
        assert!(!valid_rule_id("1CN-01"));
    }
}
