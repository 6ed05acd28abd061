//! The organisation's usage policy (SPEC §1.2): who the organisation is,
//! which packs apply, parameter values, rule overrides and waivers.

use jiff::civil::Date;

use crate::model::inventory::Slot;
use crate::model::licence::{Coverage, LicenceNumber};
use crate::model::schema::field;
use crate::model::severity::Severity;
use crate::model::value::Value;
use crate::source::{Pos, Spanned};

pub const ROLES: &[&str] = &["enterprise", "commercial-operator", "individual"];

/// The keys of a usage policy (the loader's list of known keys, and the
/// properties of `vpnaudit schema usage-policy`).
pub const POLICY_KEYS: &[&str] = &[
    "kind",
    "version",
    "name",
    "owner",
    "reviewed",
    "organisation",
    "packs",
    "parameters",
    "overrides",
    "waivers",
];
/// The organisation's own keys; the inventory fields it may default for
/// every VPN ([`ORG_DEFAULT_FIELDS`]) follow them.
pub const ORGANISATION_KEYS: &[&str] = &[
    "name",
    "country",
    "role",
    "licences",
    "data_export",
    "cii",
    "mlps",
    "crypto_assessment",
    "crypto_products",
    "service_area",
];
/// The keys of `organisation.data_export`: what the organisation provides
/// abroad since 1 January of the audit year, counted per data handler.
pub const DATA_EXPORT_KEYS: &[&str] = &[
    "individuals",
    "sensitive_individuals",
    "important_data",
    "basis",
];
/// The `organisation.data_export` keys that must be given when it is.
pub const DATA_EXPORT_REQUIRED: &[&str] =
    &["individuals", "sensitive_individuals", "important_data"];
pub const LICENCE_KEYS: &[&str] = &["number", "categories", "expires", "coverage"];
pub const OVERRIDE_KEYS: &[&str] = &["severity", "enabled", "reason"];
pub const WAIVER_KEYS: &[&str] = &[
    "rule",
    "vpn",
    "reason",
    "approved_by",
    "ticket",
    "approved",
    "expires",
];
/// The keys a waiver must have.
pub const WAIVER_REQUIRED: &[&str] = &["rule", "reason", "approved_by", "ticket", "expires"];

#[derive(Debug, Clone)]
pub struct UsagePolicy {
    /// The file, or `None` for the built-in default policy.
    pub path: Option<String>,
    pub pos: Pos,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<Spanned<Date>>,
    pub organisation: Organisation,
    pub packs: Vec<Spanned<String>>,
    pub overrides: Vec<Override>,
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub pos: Option<Pos>,
    pub name: Option<Spanned<String>>,
    pub country: Option<Spanned<String>>,
    pub role: Option<Spanned<String>>,
    pub licences: Vec<Licence>,
    /// Inventory fields given for every VPN (`cii`, `mlps`, ...), a slot per
    /// [`crate::model::schema::FieldId`] (empty when none is given).
    pub defaults: Vec<Option<Slot>>,
    pub data_export: Option<DataExport>,
}

impl Organisation {
    /// The organisation's `cii` (given for every VPN), when declared.
    pub fn cii(&self) -> Option<bool> {
        match self.defaults.get(field::CII as usize)?.as_ref()?.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// What the organisation, as one data handler, provides abroad
/// cumulatively since 1 January of the year (the Cross-Border Data Flow
/// Provisions count per handler and calendar year, not per VPN).
#[derive(Debug, Clone)]
pub struct DataExport {
    pub pos: Pos,
    /// Individuals whose personal information (not sensitive) is provided
    /// abroad under no exemption of Arts. 3-6.
    pub individuals: Option<Spanned<i64>>,
    /// Individuals whose sensitive personal information is provided abroad.
    pub sensitive_individuals: Option<Spanned<i64>>,
    /// Data notified or published as important data is provided abroad.
    pub important_data: Option<Spanned<bool>>,
    /// The exemption relied on ("Art. 5(2) cross-border HR management").
    pub basis: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Licence {
    pub pos: Pos,
    pub number: Option<String>,
    /// What the number says; `None` when it is missing or not a licence
    /// number (then the licence counts for nothing, with a warning).
    pub parsed: Option<LicenceNumber>,
    /// The categories given, upper case, that the number's classes hold
    /// (the others draw a warning and count for nothing).
    pub categories: Vec<String>,
    /// The categories given that the number's classes do not hold.
    pub not_on_number: Vec<String>,
    pub expires: Option<Date>,
    /// Where it is valid: the province of a provincial licence, else the
    /// `coverage` given; `None` for an MIIT licence that records none.
    pub coverage: Option<Coverage>,
}

impl Licence {
    /// The categories the licence really holds: none without a number that
    /// parses.
    pub fn held_categories(&self) -> &[String] {
        if self.parsed.is_some() {
            &self.categories
        } else {
            &[]
        }
    }
}

#[derive(Debug, Clone)]
pub struct Override {
    pub rule: Spanned<String>,
    pub severity: Option<Severity>,
    pub enabled: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub pos: Pos,
    pub rule: Spanned<String>,
    pub vpn: Option<Spanned<String>>,
    pub reason: String,
    pub approved_by: String,
    pub ticket: String,
    pub approved: Option<Date>,
    pub expires: Date,
}

impl UsagePolicy {
    /// The default when no usage policy is given or found (SPEC §1.2).
    pub fn builtin() -> UsagePolicy {
        UsagePolicy {
            path: None,
            pos: Pos::new(1, 1),
            name: Some("built-in default policy".into()),
            owner: None,
            reviewed: None,
            organisation: Organisation {
                country: Some(Spanned::new("CN".into(), Pos::default())),
                role: Some(Spanned::new("enterprise".into(), Pos::default())),
                ..Organisation::default()
            },
            packs: vec![
                Spanned::new("cn-vpn".into(), Pos::default()),
                Spanned::new("vpn-baseline".into(), Pos::default()),
            ],
            overrides: Vec::new(),
            waivers: Vec::new(),
        }
    }

    pub fn is_builtin(&self) -> bool {
        self.path.is_none()
    }
}
