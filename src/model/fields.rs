//! The fields a rule may name: the inventory's own fields, fields derived per
//! VPN (countries, cross-border, the judged crypto), and the organisation's.

use crate::model::schema::{FieldId, Ty, VPN_FIELDS, vpn_field};

/// Where a rule field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    /// An inventory field as declared.
    Vpn(FieldId),
    /// Computed per VPN.
    Derived(Derived),
    /// The organisation and its usage policy.
    Org(OrgField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    Countries,
    CrossBorder,
    /// The crypto judged for the VPN: the device's when a config was read,
    /// else the declared one.
    Crypto(CryptoField),
    /// The crypto read from the device configuration.
    EvidenceCrypto(CryptoField),
    /// Other facts read from the device configuration.
    Evidence(EvidenceField),
    /// Which commercial-cryptography duty binds the VPN's system: `cii`,
    /// `mlps-3` (graded level 3 or higher) or `none`; missing when `cii` or
    /// `mlps.level` is not known (VPN, else organisation).
    CryptoDuty,
}

/// The mechanisms the cross-border data rules require, weakest first (the
/// values of `organisation.data_export.required`; `rules::data_export`).
pub const DATA_EXPORT_REQUIRED: &[&str] = &[
    "none",
    "standard-contract-or-certification",
    "security-assessment",
];

/// The values of `crypto_duty`.
pub const CRYPTO_DUTIES: &[&str] = &["cii", "mlps-3", "none"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceField {
    Format,
    Tunnels,
    Peers,
    LogHosts,
    AuthMethods,
    /// Why the linked configuration gave no evidence.
    Error,
    /// Differences between the declared and the configured crypto.
    Drift,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoField {
    IkeVersion,
    IkeMode,
    Ike,
    Esp,
    Tls,
    Pfs,
    Encryption,
    Integrity,
    KeyExchange,
    Algorithms,
    NationalStandard,
    Forbidden,
    Deprecated,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgField {
    Name,
    Country,
    Role,
    LicenceCategories,
    /// The categories of licences valid wherever the services are sold.
    LicenceCategoriesWhereSold,
    OffersService,
    OffersCrossBorderService,
    /// The organisation's default `cii`.
    Cii,
    /// The export mechanism the declared volumes need.
    DataExportRequired,
    DataExportBasis,
    PolicyName,
    PolicyOwner,
    PolicyReviewed,
}

/// A field a rule can test, with its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleField {
    pub path: &'static str,
    pub ty: Ty,
    pub source: FieldSource,
}

impl RuleField {
    /// True for fields that describe one VPN (not usable in organisation rules).
    pub fn is_per_vpn(&self) -> bool {
        !matches!(self.source, FieldSource::Org(_))
    }

    /// Fields read from a linked device configuration.
    pub fn is_evidence(&self) -> bool {
        matches!(
            self.source,
            FieldSource::Derived(Derived::Evidence(_) | Derived::EvidenceCrypto(_))
        )
    }

    /// The judged-crypto fields, whose findings say which source was judged.
    pub fn is_crypto(&self) -> bool {
        matches!(self.source, FieldSource::Derived(Derived::Crypto(_)))
    }
}

const CRYPTO_FIELDS: &[(&str, Ty, CryptoField, &str)] = &[
    (
        "crypto.ike_version",
        Ty::Int(&[1, 2]),
        CryptoField::IkeVersion,
        "IKE version in use",
    ),
    (
        "crypto.ike_mode",
        Ty::Enum(crate::model::schema::IKE_MODES),
        CryptoField::IkeMode,
        "IKEv1 mode in use",
    ),
    (
        "crypto.ike",
        Ty::List,
        CryptoField::Ike,
        "IKE proposals in use",
    ),
    (
        "crypto.esp",
        Ty::List,
        CryptoField::Esp,
        "ESP proposals in use",
    ),
    (
        "crypto.tls",
        Ty::List,
        CryptoField::Tls,
        "TLS/TLCP suites in use",
    ),
    (
        "crypto.pfs",
        Ty::Bool,
        CryptoField::Pfs,
        "PFS: declared, or a DH group in an ESP proposal",
    ),
    (
        "crypto.encryption",
        Ty::List,
        CryptoField::Encryption,
        "Canonical encryption algorithms",
    ),
    (
        "crypto.integrity",
        Ty::List,
        CryptoField::Integrity,
        "Canonical integrity / PRF / hash algorithms",
    ),
    (
        "crypto.key_exchange",
        Ty::List,
        CryptoField::KeyExchange,
        "Canonical key-exchange algorithms",
    ),
    (
        "crypto.algorithms",
        Ty::List,
        CryptoField::Algorithms,
        "Every canonical algorithm in use",
    ),
    (
        "crypto.national_standard",
        Ty::Bool,
        CryptoField::NationalStandard,
        "Only SM1/SM2/SM3/SM4/SM9/ZUC, nothing unknown",
    ),
    (
        "crypto.forbidden",
        Ty::List,
        CryptoField::Forbidden,
        "Forbidden algorithms in use",
    ),
    (
        "crypto.deprecated",
        Ty::List,
        CryptoField::Deprecated,
        "Deprecated algorithms in use",
    ),
    (
        "crypto.unknown",
        Ty::List,
        CryptoField::Unknown,
        "Tokens that matched no catalogue entry",
    ),
];

const EVIDENCE_FIELDS: &[(&str, Ty, EvidenceField, &str)] = &[
    (
        "evidence.format",
        Ty::Enum(crate::model::schema::CONFIG_FORMATS),
        EvidenceField::Format,
        "Dialect of the linked configuration",
    ),
    (
        "evidence.tunnels",
        Ty::List,
        EvidenceField::Tunnels,
        "Tunnels judged in the configuration",
    ),
    (
        "evidence.peers",
        Ty::List,
        EvidenceField::Peers,
        "Their remote peers",
    ),
    (
        "evidence.log_hosts",
        Ty::List,
        EvidenceField::LogHosts,
        "Remote log hosts configured on the device",
    ),
    (
        "evidence.auth_methods",
        Ty::EnumList(crate::model::schema::AUTH_METHODS),
        EvidenceField::AuthMethods,
        "Authentication methods configured",
    ),
    (
        "evidence.error",
        Ty::Text,
        EvidenceField::Error,
        "Why the linked configuration could not be read (present only then)",
    ),
    (
        "evidence.drift",
        Ty::List,
        EvidenceField::Drift,
        "Differences between declared and configured crypto (when both exist)",
    ),
];

const ORG_FIELDS: &[(&str, Ty, OrgField, &str)] = &[
    (
        "organisation.name",
        Ty::Text,
        OrgField::Name,
        "Organisation name",
    ),
    (
        "organisation.country",
        Ty::Country,
        OrgField::Country,
        "Country the organisation operates from",
    ),
    (
        "organisation.role",
        Ty::Enum(crate::model::policy::ROLES),
        OrgField::Role,
        "enterprise, commercial-operator or individual",
    ),
    (
        "organisation.licence_categories",
        Ty::List,
        OrgField::LicenceCategories,
        "Categories of the organisation's unexpired telecom licences (a licence counts by its number: one that does not parse counts for nothing, and a category of a class the number does not hold is not on it)",
    ),
    (
        "organisation.licence_categories_where_sold",
        Ty::List,
        OrgField::LicenceCategoriesWhereSold,
        "Categories of the unexpired licences whose coverage includes every region the type: service VPNs are sold in (service_area): a provincial licence covers its province, an MIIT licence what its coverage records; where a service's area is not recorded only a nationwide licence counts",
    ),
    (
        "organisation.offers_service",
        Ty::Bool,
        OrgField::OffersService,
        "Some VPN has type: service",
    ),
    (
        "organisation.offers_cross_border_service",
        Ty::Bool,
        OrgField::OffersCrossBorderService,
        "Some type: service VPN has endpoints in different countries or regions (unknown while one lacks a country)",
    ),
    (
        "organisation.cii",
        Ty::Bool,
        OrgField::Cii,
        "The usage policy's organisation: { cii } (the default of every VPN's cii)",
    ),
    (
        "organisation.data_export.required",
        Ty::Enum(DATA_EXPORT_REQUIRED),
        OrgField::DataExportRequired,
        "Export mechanism the declared volumes need (Cross-Border Data Flow Provisions Arts. 5, 7, 8): none, standard-contract-or-certification or security-assessment (unknown while undeclared)",
    ),
    (
        "organisation.data_export.basis",
        Ty::Text,
        OrgField::DataExportBasis,
        "The exemption the organisation relies on for what it provides abroad",
    ),
    (
        "policy.name",
        Ty::Text,
        OrgField::PolicyName,
        "Usage policy name",
    ),
    (
        "policy.owner",
        Ty::Text,
        OrgField::PolicyOwner,
        "Usage policy owner",
    ),
    (
        "policy.reviewed",
        Ty::Date,
        OrgField::PolicyReviewed,
        "Date the usage policy was last reviewed",
    ),
];

const OTHER_DERIVED: &[(&str, Ty, Derived, &str)] = &[
    (
        "countries",
        Ty::List,
        Derived::Countries,
        "Endpoint countries (local, remote)",
    ),
    (
        "cross_border",
        Ty::Bool,
        Derived::CrossBorder,
        "Endpoints in different countries (CN-HK/MO/TW included)",
    ),
    (
        "crypto_duty",
        Ty::Enum(CRYPTO_DUTIES),
        Derived::CryptoDuty,
        "Commercial-cryptography duty of the VPN's system: cii (cii true), mlps-3 (mlps.level 3 or higher), none (cii false and a lower level); missing while either is unknown (each the VPN's, else the organisation's)",
    ),
];

/// Resolves a dotted path to a rule field.
pub fn resolve(path: &str) -> Option<RuleField> {
    if let Some(rest) = path.strip_prefix("evidence.")
        && let Some(i) = CRYPTO_FIELDS.iter().position(|(p, ..)| *p == rest)
    {
        let (_, ty, f, _) = CRYPTO_FIELDS[i];
        let path = EVIDENCE_CRYPTO_PATHS[i];
        return Some(RuleField {
            path,
            ty,
            source: FieldSource::Derived(Derived::EvidenceCrypto(f)),
        });
    }
    if let Some(&(p, ty, f, _)) = EVIDENCE_FIELDS.iter().find(|(p, ..)| *p == path) {
        return Some(RuleField {
            path: p,
            ty,
            source: FieldSource::Derived(Derived::Evidence(f)),
        });
    }
    if let Some(&(p, ty, f, _)) = CRYPTO_FIELDS.iter().find(|(p, ..)| *p == path) {
        return Some(RuleField {
            path: p,
            ty,
            source: FieldSource::Derived(Derived::Crypto(f)),
        });
    }
    if let Some(&(p, ty, f, _)) = ORG_FIELDS.iter().find(|(p, ..)| *p == path) {
        return Some(RuleField {
            path: p,
            ty,
            source: FieldSource::Org(f),
        });
    }
    if let Some(&(p, ty, d, _)) = OTHER_DERIVED.iter().find(|(p, ..)| *p == path) {
        return Some(RuleField {
            path: p,
            ty,
            source: FieldSource::Derived(d),
        });
    }
    let id = vpn_field(path)?;
    let def = &VPN_FIELDS[id as usize];
    Some(RuleField {
        path: def.path,
        ty: def.ty,
        source: FieldSource::Vpn(id),
    })
}

/// Every path a rule may name, with a description (for "did you mean" and docs).
pub fn all() -> Vec<(&'static str, Ty, &'static str)> {
    let mut out: Vec<(&'static str, Ty, &'static str)> = VPN_FIELDS
        .iter()
        .filter(|f| !f.path.starts_with("crypto."))
        .map(|f| (f.path, f.ty, f.doc))
        .collect();
    out.extend(OTHER_DERIVED.iter().map(|&(p, t, _, d)| (p, t, d)));
    out.extend(CRYPTO_FIELDS.iter().map(|&(p, t, _, d)| (p, t, d)));
    out.extend(EVIDENCE_FIELDS.iter().map(|&(p, t, _, d)| (p, t, d)));
    out.extend(
        EVIDENCE_CRYPTO_PATHS
            .iter()
            .zip(CRYPTO_FIELDS)
            .map(|(&p, &(_, t, _, _))| (p, t, "The same, as read from the device configuration")),
    );
    out.extend(ORG_FIELDS.iter().map(|&(p, t, _, d)| (p, t, d)));
    out
}

/// `evidence.crypto.*`: the judged-crypto fields' paths under `evidence.`,
/// in the same order as [`CRYPTO_FIELDS`].
const EVIDENCE_CRYPTO_PATHS: &[&str] = &[
    "evidence.crypto.ike_version",
    "evidence.crypto.ike_mode",
    "evidence.crypto.ike",
    "evidence.crypto.esp",
    "evidence.crypto.tls",
    "evidence.crypto.pfs",
    "evidence.crypto.encryption",
    "evidence.crypto.integrity",
    "evidence.crypto.key_exchange",
    "evidence.crypto.algorithms",
    "evidence.crypto.national_standard",
    "evidence.crypto.forbidden",
    "evidence.crypto.deprecated",
    "evidence.crypto.unknown",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_listed_path() {
        for (path, ty, _) in all() {
            let f = resolve(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(f.ty, ty, "{path}");
        }
        // Declared crypto fields resolve to the judged view.
        assert!(resolve("crypto.esp").unwrap().is_crypto());
        assert!(resolve("organisation.role").is_some_and(|f| !f.is_per_vpn()));
        assert!(resolve("logging.retension").is_none());
        for (i, (p, ..)) in CRYPTO_FIELDS.iter().enumerate() {
            assert_eq!(EVIDENCE_CRYPTO_PATHS[i], format!("evidence.{p}"));
        }
        assert!(matches!(
            resolve("evidence.crypto.esp").unwrap().source,
            FieldSource::Derived(Derived::EvidenceCrypto(CryptoField::Esp))
        ));
    }
}
