//! What the rules see of a VPN and of the organisation: declared fields,
//! derived fields, and typed borrowed views of their values.

use jiff::civil::Date;

use crate::crypto::{Catalogue, CryptoProfile, Role};
use crate::load::node::Pos;
use crate::model::inventory::Vpn;
use crate::model::policy::UsagePolicy;
use crate::model::schema::vpn_field;
use crate::model::value::{Duration, Value};
use crate::rules::fields::{CryptoField, Derived, FieldSource, OrgField, RuleField};

/// A list value, borrowed from wherever it lives.
#[derive(Debug, Clone, Copy)]
pub enum ListRef<'a> {
    Boxed(&'a [Box<str>]),
    Strings(&'a [String]),
}

impl<'a> ListRef<'a> {
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        let (a, b) = match self {
            ListRef::Boxed(l) => (Some(l.iter().map(|s| &**s)), None),
            ListRef::Strings(l) => (None, Some(l.iter().map(String::as_str))),
        };
        a.into_iter().flatten().chain(b.into_iter().flatten())
    }

    pub fn is_empty(self) -> bool {
        match self {
            ListRef::Boxed(l) => l.is_empty(),
            ListRef::Strings(l) => l.is_empty(),
        }
    }
}

/// A field value as a rule sees it.
#[derive(Debug, Clone, Copy)]
pub enum ValueRef<'a> {
    Present,
    Bool(bool),
    Int(i64),
    Text(&'a str),
    Duration(Duration),
    Date(Date),
    List(ListRef<'a>),
}

impl<'a> From<&'a Value> for ValueRef<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Present => ValueRef::Present,
            Value::Bool(b) => ValueRef::Bool(*b),
            Value::Int(i) => ValueRef::Int(*i),
            Value::Text(t) => ValueRef::Text(t),
            Value::Duration(d) => ValueRef::Duration(*d),
            Value::Date(d) => ValueRef::Date(*d),
            Value::List(l) => ValueRef::List(ListRef::Boxed(l)),
        }
    }
}

impl std::fmt::Display for ValueRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueRef::Present => f.write_str("(present)"),
            ValueRef::Bool(b) => write!(f, "{b}"),
            ValueRef::Int(i) => write!(f, "{i}"),
            ValueRef::Text(t) => f.write_str(t),
            ValueRef::Duration(d) => write!(f, "{d}"),
            ValueRef::Date(d) => write!(f, "{d}"),
            ValueRef::List(l) if l.is_empty() => f.write_str("(none)"),
            ValueRef::List(l) => {
                for (i, item) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(item)?;
                }
                Ok(())
            }
        }
    }
}

/// Which crypto a VPN's `crypto.*` fields describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoSource {
    Declared,
    /// Read from the device configuration at this path.
    Device(String),
}

impl std::fmt::Display for CryptoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoSource::Declared => f.write_str("the declared crypto"),
            CryptoSource::Device(p) => write!(f, "the device configuration {p}"),
        }
    }
}

/// The crypto judged for one VPN.
#[derive(Debug, Clone)]
pub struct JudgedCrypto {
    pub source: CryptoSource,
    pub ike_version: Option<i64>,
    pub ike_mode: Option<String>,
    pub ike: Option<Vec<String>>,
    pub esp: Option<Vec<String>>,
    pub tls: Option<Vec<String>>,
    pub pfs: Option<bool>,
    /// `None` when no algorithm is declared or found.
    pub profile: Option<CryptoProfile>,
    /// Integrity and PRF algorithms together, as `crypto.integrity`.
    pub integrity: Vec<String>,
}

impl JudgedCrypto {
    /// The crypto a VPN declares in the inventory.
    pub fn declared(vpn: &Vpn, catalogue: &Catalogue) -> JudgedCrypto {
        let list = |path: &str| {
            vpn.list(path)
                .map(|l| l.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        let ike = list("crypto.ike");
        let esp = list("crypto.esp");
        let tls = list("crypto.tls");
        let proposals = ike
            .iter()
            .chain(&esp)
            .chain(&tls)
            .flatten()
            .map(String::as_str);
        let mut profile = CryptoProfile::from_proposals(catalogue, proposals);
        if profile.is_none() && vpn.text("protocol") == Some("wireguard") {
            profile = Some(crate::crypto::wireguard(catalogue));
        }
        let esp_dh = esp.iter().flatten().any(|p| {
            catalogue
                .normalise(p)
                .algorithms
                .iter()
                .any(|a| a.role == Role::KeyExchange)
        });
        let pfs = match vpn.bool("crypto.pfs") {
            Some(declared) => Some(declared || esp_dh),
            None => esp_dh.then_some(true),
        };
        JudgedCrypto::new(
            CryptoSource::Declared,
            vpn.int("crypto.ike_version"),
            vpn.text("crypto.ike_mode").map(str::to_string),
            ike,
            esp,
            tls,
            pfs,
            profile,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn new(
        source: CryptoSource,
        ike_version: Option<i64>,
        ike_mode: Option<String>,
        ike: Option<Vec<String>>,
        esp: Option<Vec<String>>,
        tls: Option<Vec<String>>,
        pfs: Option<bool>,
        profile: Option<CryptoProfile>,
    ) -> JudgedCrypto {
        let integrity = profile.as_ref().map_or_else(Vec::new, |p| {
            let mut v: Vec<String> = p.integrity.iter().chain(&p.prf).cloned().collect();
            v.sort();
            v.dedup();
            v
        });
        JudgedCrypto {
            source,
            ike_version,
            ike_mode,
            ike,
            esp,
            tls,
            pfs,
            profile,
            integrity,
        }
    }

    fn get(&self, field: CryptoField) -> Option<ValueRef<'_>> {
        fn list(l: &[String]) -> ValueRef<'_> {
            ValueRef::List(ListRef::Strings(l))
        }
        let p = self.profile.as_ref();
        match field {
            CryptoField::IkeVersion => self.ike_version.map(ValueRef::Int),
            CryptoField::IkeMode => self.ike_mode.as_deref().map(ValueRef::Text),
            CryptoField::Ike => self.ike.as_deref().map(list),
            CryptoField::Esp => self.esp.as_deref().map(list),
            CryptoField::Tls => self.tls.as_deref().map(list),
            CryptoField::Pfs => self.pfs.map(ValueRef::Bool),
            CryptoField::Encryption => p.map(|p| list(&p.encryption)),
            CryptoField::Integrity => p.map(|_| list(&self.integrity)),
            CryptoField::KeyExchange => p.map(|p| list(&p.key_exchange)),
            CryptoField::Algorithms => p.map(|p| list(&p.algorithms)),
            CryptoField::NationalStandard => p.map(|p| ValueRef::Bool(p.national_standard)),
            CryptoField::Forbidden => p.map(|p| list(&p.forbidden)),
            CryptoField::Deprecated => p.map(|p| list(&p.deprecated)),
            CryptoField::Unknown => p.map(|p| list(&p.unknown)),
        }
    }
}

/// Everything derived for one VPN before its rules run.
#[derive(Debug, Clone)]
pub struct VpnFacts {
    pub countries: Option<Vec<String>>,
    pub cross_border: Option<bool>,
    pub crypto: JudgedCrypto,
}

impl VpnFacts {
    pub fn derive(vpn: &Vpn, catalogue: &Catalogue) -> VpnFacts {
        let local = vpn.text("local.country");
        let remote = vpn.text("remote.country");
        let mut countries: Vec<String> = local
            .iter()
            .chain(remote.iter())
            .map(|c| c.to_string())
            .collect();
        countries.dedup();
        let cross_border = match (local, remote) {
            (Some(l), Some(r)) => Some(l != r),
            _ => None,
        };
        VpnFacts {
            countries: (!countries.is_empty()).then_some(countries),
            cross_border,
            crypto: JudgedCrypto::declared(vpn, catalogue),
        }
    }
}

/// The organisation as rules see it.
#[derive(Debug, Clone)]
pub struct OrgFacts {
    pub name: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub licence_categories: Vec<String>,
    pub offers_service: bool,
    pub policy_name: Option<String>,
    pub policy_owner: Option<String>,
    pub policy_reviewed: Option<Date>,
    /// Countries of every VPN endpoint, for organisation-rule jurisdiction.
    pub endpoint_countries: Vec<String>,
    /// Positions in the policy file, for blaming a field.
    pub positions: Vec<(OrgField, Pos)>,
}

impl OrgFacts {
    pub fn new(policy: &UsagePolicy, vpns: &[Vpn], as_of: Date) -> OrgFacts {
        let org = &policy.organisation;
        let mut categories: Vec<String> = org
            .licences
            .iter()
            .filter(|l| l.expires.is_none_or(|e| e >= as_of))
            .flat_map(|l| l.categories.iter().map(|c| c.trim().to_ascii_uppercase()))
            .collect();
        categories.sort();
        categories.dedup();
        let type_field = vpn_field("type");
        let offers_service = vpns.iter().any(|v| {
            type_field
                .and_then(|f| v.get(f))
                .is_some_and(|s| s.value == Value::Text("service".into()))
        });
        let mut endpoint_countries: Vec<String> = vpns
            .iter()
            .flat_map(|v| [v.text("local.country"), v.text("remote.country")])
            .flatten()
            .map(str::to_string)
            .collect();
        endpoint_countries.sort();
        endpoint_countries.dedup();
        let mut positions = Vec::new();
        if let Some(n) = &org.name {
            positions.push((OrgField::Name, n.pos));
        }
        if let Some(c) = &org.country {
            positions.push((OrgField::Country, c.pos));
        }
        if let Some(r) = &org.role {
            positions.push((OrgField::Role, r.pos));
        }
        if let Some(p) = org.pos {
            positions.push((OrgField::LicenceCategories, p));
        }
        if let Some(r) = &policy.reviewed {
            positions.push((OrgField::PolicyReviewed, r.pos));
        }
        OrgFacts {
            name: org.name.as_ref().map(|n| n.value.clone()),
            country: org.country.as_ref().map(|n| n.value.clone()),
            role: org.role.as_ref().map(|n| n.value.clone()),
            licence_categories: categories,
            offers_service,
            policy_name: policy.name.clone(),
            policy_owner: policy.owner.clone(),
            policy_reviewed: policy.reviewed.as_ref().map(|r| r.value),
            endpoint_countries,
            positions,
        }
    }

    fn get(&self, field: OrgField) -> Option<ValueRef<'_>> {
        match field {
            OrgField::Name => self.name.as_deref().map(ValueRef::Text),
            OrgField::Country => self.country.as_deref().map(ValueRef::Text),
            OrgField::Role => self.role.as_deref().map(ValueRef::Text),
            OrgField::LicenceCategories => {
                Some(ValueRef::List(ListRef::Strings(&self.licence_categories)))
            }
            OrgField::OffersService => Some(ValueRef::Bool(self.offers_service)),
            OrgField::PolicyName => self.policy_name.as_deref().map(ValueRef::Text),
            OrgField::PolicyOwner => self.policy_owner.as_deref().map(ValueRef::Text),
            OrgField::PolicyReviewed => self.policy_reviewed.map(ValueRef::Date),
        }
    }

    pub fn pos_of(&self, field: OrgField) -> Option<Pos> {
        self.positions
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| *p)
    }
}

/// The target a rule is evaluated on.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub vpn: Option<(&'a Vpn, &'a VpnFacts)>,
    pub org: &'a OrgFacts,
}

impl<'a> Subject<'a> {
    /// Why a derived field has its value, for the finding's `actual`
    /// ("false: AES-256-GCM, SHA-256 are not national-standard").
    pub fn detail(&self, field: &RuleField) -> Option<String> {
        let (vpn, facts) = self.vpn?;
        match field.source {
            FieldSource::Derived(Derived::Crypto(CryptoField::NationalStandard)) => {
                let p = facts.crypto.profile.as_ref()?;
                if p.national_standard {
                    return None;
                }
                let cat = Catalogue::builtin();
                let foreign: Vec<&str> = p
                    .algorithms
                    .iter()
                    .filter(|a| cat.algorithm(a).is_none_or(|a| !a.national_standard))
                    .map(String::as_str)
                    .collect();
                let mut parts = Vec::new();
                if !foreign.is_empty() {
                    parts.push(format!("{} not national-standard", foreign.join(", ")));
                }
                if !p.unknown.is_empty() {
                    parts.push(format!("unrecognised: {}", p.unknown.join(", ")));
                }
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            FieldSource::Derived(Derived::CrossBorder) => Some(format!(
                "{} to {}",
                vpn.text("local.country")?,
                vpn.text("remote.country")?
            )),
            _ => None,
        }
    }

    pub fn get(&self, field: &RuleField) -> Option<ValueRef<'a>> {
        match field.source {
            FieldSource::Org(f) => self.org.get(f),
            FieldSource::Vpn(id) => self
                .vpn
                .and_then(|(v, _)| v.get(id))
                .map(|s| ValueRef::from(&s.value)),
            FieldSource::Derived(d) => {
                let (_, facts) = self.vpn?;
                match d {
                    Derived::Countries => facts
                        .countries
                        .as_ref()
                        .map(|c| ValueRef::List(ListRef::Strings(c))),
                    Derived::CrossBorder => facts.cross_border.map(ValueRef::Bool),
                    Derived::Crypto(c) => facts.crypto.get(c),
                }
            }
        }
    }
}
