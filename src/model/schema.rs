//! The inventory's fields, as one table: loaders read VPN records through it,
//! the rule compiler resolves field paths against it, and `vpnaudit schema`
//! describes it. A field added here is known everywhere.

use std::sync::OnceLock;

/// The type of a field, which decides how values are read and which rule
/// operators apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A mapping of further fields; only its presence is a value.
    Group,
    Text,
    /// Free text that must match a pattern (ids).
    Id,
    /// One of a fixed set of lower-case words.
    Enum(&'static [&'static str]),
    Country,
    /// A telecom carrier's name: compared by the canonical name it resolves
    /// to in the carrier table (`policies/carriers.yaml`).
    Carrier,
    Bool,
    /// An integer from a fixed set.
    Int(&'static [i64]),
    Duration,
    Date,
    List,
    /// A list whose items come from a fixed set.
    EnumList(&'static [&'static str]),
    /// A list of provinces of mainland China (`policies/regions.yaml`) or
    /// `nationwide`, kept as ISO 3166-2:CN codes.
    Regions,
}

impl Ty {
    pub fn describe(&self) -> String {
        match self {
            Ty::Group => "a mapping".into(),
            Ty::Text | Ty::Id => "text".into(),
            Ty::Enum(v) => format!("one of {}", v.join(", ")),
            Ty::Country => {
                "an ISO 3166-1 alpha-2 code of a country or region (HK, MO and TW are regions)"
                    .into()
            }
            Ty::Carrier => {
                "a carrier name (Chinese names, legal entities and branches resolve)".into()
            }
            Ty::Bool => "true or false".into(),
            Ty::Int(v) => format!(
                "one of {}",
                v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
            Ty::Duration => "a duration (180d, 26w, 6mo, 1y)".into(),
            Ty::Date => "a date (YYYY-MM-DD)".into(),
            Ty::List => "a list".into(),
            Ty::EnumList(v) => format!("a list of {}", v.join(", ")),
            Ty::Regions => {
                "a list of provinces of mainland China (CN-SH, 上海 or 沪) or nationwide".into()
            }
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self, Ty::List | Ty::EnumList(_) | Ty::Regions)
    }
}

pub const VPN_TYPES: &[&str] = &["site-to-site", "remote-access", "sd-wan", "ztna", "service"];
pub const PROTOCOLS: &[&str] = &["ipsec", "ssl", "tlcp", "wireguard", "openvpn", "other"];
pub const CARRIER_SERVICES: &[&str] = &["leased-line", "mpls", "internet", "sd-wan"];
/// What an SD-WAN service runs over across the border.
pub const CARRIER_UNDERLAYS: &[&str] = &["leased-line", "mpls", "internet"];
pub const IKE_MODES: &[&str] = &["main", "aggressive"];
pub const AUTH_METHODS: &[&str] = &[
    "psk",
    "certificate",
    "public-key",
    "password",
    "mfa",
    "digital-envelope",
];
pub const DATA_EXPORT: &[&str] = &[
    "security-assessment",
    "standard-contract",
    "certification",
    "exempt",
];
/// The conclusions of a commercial-cryptography application security
/// assessment (密评): 符合, 基本符合, 不符合.
pub const CRYPTO_ASSESSMENT_RESULTS: &[&str] =
    &["conforms", "basically-conforms", "does-not-conform"];
/// Graded-protection (MLPS) levels.
pub const MLPS_LEVELS: &[i64] = &[1, 2, 3, 4, 5];
/// The top-level inventory fields the usage policy's `organisation:` section
/// may give for every VPN: a VPN's own value (the whole field, a group with
/// all its members) wins, else the organisation's applies.
pub const ORG_DEFAULT_FIELDS: &[&str] = &[
    "cii",
    "mlps",
    "crypto_assessment",
    "crypto_products",
    "service_area",
];

/// The values of `config_format`: the readers' dialects.
pub const CONFIG_FORMATS: &[&str] = &crate::evidence::Dialect::NAMES;

/// One inventory field.
#[derive(Debug)]
pub struct FieldDef {
    pub path: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
}

/// The field table and, for code, a constant per field
/// (`field::LOCAL_COUNTRY`), so a misspelt field does not compile.
macro_rules! fields {
    ($( $name:ident = $path:literal : $ty:expr => $doc:literal ),* $(,)?) => {
        /// Every field a VPN record may have (SPEC §1.1), in document order.
        pub const VPN_FIELDS: &[FieldDef] = &[ $( FieldDef { path: $path, ty: $ty, doc: $doc } ),* ];

        /// Positions in [`VPN_FIELDS`], counted by the compiler.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u16)]
        enum FieldIndex { $( $name ),* }

        /// The id of every field of [`VPN_FIELDS`], by name.
        pub mod field {
            use super::{FieldId, FieldIndex};
            $( #[doc = $path] pub const $name: FieldId = FieldIndex::$name as FieldId; )*
        }
    };
}

fields! {
    ID = "id": Ty::Id => "Unique identifier: a letter or digit, then letters, digits, '.', '_' or '-'",
    NAME = "name": Ty::Text => "Human-readable name",
    TYPE = "type": Ty::Enum(VPN_TYPES) => "Kind of VPN (service = offered to third parties, i.e. commercial)",
    PROTOCOL = "protocol": Ty::Enum(PROTOCOLS) => "VPN protocol",
    PURPOSE = "purpose": Ty::Text => "What the VPN is used for; checked against the policy's allowed purposes",
    OWNER = "owner": Ty::Text => "Accountable owner (team or person)",
    PROVIDER = "provider": Ty::Text => "Product or provider used (remote-access clients)",
    LOCAL = "local": Ty::Group => "The organisation's end of the tunnel",
    LOCAL_SITE = "local.site": Ty::Text => "Site name",
    LOCAL_COUNTRY = "local.country": Ty::Country => "Country or region of the site",
    REMOTE = "remote": Ty::Group => "The far end (remote-access: where users connect from)",
    REMOTE_SITE = "remote.site": Ty::Text => "Site name",
    REMOTE_COUNTRY = "remote.country": Ty::Country => "Country or region of the site",
    CARRIER = "carrier": Ty::Group => "The telecom carrier of the link",
    CARRIER_OPERATOR = "carrier.operator": Ty::Carrier => "Carrier operator, as the contract names it (中国电信, China Telecom Corporation Limited, a branch: all resolve to China Telecom)",
    CARRIER_LICENCE = "carrier.licence": Ty::Text => "Carrier's MIIT licence number",
    CARRIER_SERVICE = "carrier.service": Ty::Enum(CARRIER_SERVICES) => "Kind of carrier service",
    CARRIER_UNDERLAY = "carrier.underlay": Ty::Enum(CARRIER_UNDERLAYS) => "What an sd-wan service runs over across the border: the carrier's leased-line or mpls circuits, or the public internet (a self-built channel)",
    CARRIER_CIRCUIT = "carrier.circuit": Ty::Text => "Circuit identifier",
    CRYPTO = "crypto": Ty::Group => "Declared cryptography",
    CRYPTO_IKE_VERSION = "crypto.ike_version": Ty::Int(&[1, 2]) => "IKE version",
    CRYPTO_IKE_MODE = "crypto.ike_mode": Ty::Enum(IKE_MODES) => "IKEv1 phase-1 mode",
    CRYPTO_IKE = "crypto.ike": Ty::List => "IKE proposals, strongSwan-style or the vendor's own words",
    CRYPTO_ESP = "crypto.esp": Ty::List => "ESP proposals",
    CRYPTO_TLS = "crypto.tls": Ty::List => "TLS / TLCP cipher suites (SSL VPNs)",
    CRYPTO_PFS = "crypto.pfs": Ty::Bool => "Perfect forward secrecy enabled",
    CRYPTO_KEYS = "crypto.keys": Ty::List => "Keys or certificates that authenticate the peers, by algorithm and size (rsa-2048, ecdsa-p256, sm2, ed25519): judged like the proposals",
    LOGGING = "logging": Ty::Group => "Connection logging",
    LOGGING_RETENTION = "logging.retention": Ty::Duration => "How long VPN logs are kept",
    LOGGING_DESTINATION = "logging.destination": Ty::Text => "Where logs are shipped (central log host)",
    LOGGING_FIELDS = "logging.fields": Ty::List => "What each log record holds",
    AUTHENTICATION = "authentication": Ty::Group => "User / peer authentication",
    AUTHENTICATION_METHODS = "authentication.methods": Ty::EnumList(AUTH_METHODS) => "Authentication methods",
    AUTHENTICATION_REAL_NAME = "authentication.real_name": Ty::Bool => "Users are authenticated under their real identity",
    INTERNET_BREAKOUT = "internet_breakout": Ty::Bool => "General internet browsing through the tunnel",
    CONTENT_REVIEW = "content_review": Ty::Bool => "Content review in place (commercial services)",
    SERVICE_AREA = "service_area": Ty::Regions => "Where a type: service VPN is sold: provinces of mainland China (CN-SH, 上海, 沪) or nationwide, judged against the licences' coverage (defaults to the organisation's)",
    DATA_EXPORT = "data_export": Ty::Enum(DATA_EXPORT) => "Cross-border personal-data export mechanism",
    APPROVAL = "approval": Ty::Group => "Internal approval of the VPN",
    APPROVAL_REFERENCE = "approval.reference": Ty::Text => "Approval record",
    APPROVAL_APPROVED = "approval.approved": Ty::Date => "Date approved",
    APPROVAL_EXPIRES = "approval.expires": Ty::Date => "Last valid day of the approval",
    CONTRACT = "contract": Ty::Group => "The contract covering the link",
    CONTRACT_VPN_CLAUSE = "contract.vpn_clause": Ty::Bool => "The contract has a VPN usage clause",
    CONTRACT_REFERENCE = "contract.reference": Ty::Text => "Contract reference",
    LAST_AUDIT = "last_audit": Ty::Date => "Date of the last internal audit of this VPN",
    CII = "cii": Ty::Bool => "The system the VPN belongs to is critical information infrastructure (defaults to organisation.cii)",
    MLPS = "mlps": Ty::Group => "Graded protection (MLPS, 等级保护) of the system the VPN belongs to (defaults to the organisation's)",
    MLPS_LEVEL = "mlps.level": Ty::Int(MLPS_LEVELS) => "Protection level, 1 to 5",
    MLPS_FILING = "mlps.filing": Ty::Text => "Filing (备案) number given by the public security organ",
    MLPS_LAST_ASSESSMENT = "mlps.last_assessment": Ty::Date => "Date of the last graded-protection assessment (等级测评)",
    CRYPTO_ASSESSMENT = "crypto_assessment": Ty::Group => "Last commercial-cryptography application security assessment (密评) of the system (defaults to the organisation's)",
    CRYPTO_ASSESSMENT_DATE = "crypto_assessment.date": Ty::Date => "Date of the assessment report",
    CRYPTO_ASSESSMENT_RESULT = "crypto_assessment.result": Ty::Enum(CRYPTO_ASSESSMENT_RESULTS) => "Conclusion: conforms (符合), basically-conforms (基本符合) or does-not-conform (不符合)",
    CRYPTO_ASSESSMENT_REPORT = "crypto_assessment.report": Ty::Text => "Assessment report number",
    CRYPTO_PRODUCTS = "crypto_products": Ty::List => "Certificate numbers of the certified commercial-cryptography products in use (商用密码产品认证) (defaults to the organisation's)",
    CONFIG = "config": Ty::Text => "Device configuration file, relative to the inventory file",
    CONFIG_FORMAT = "config_format": Ty::Enum(CONFIG_FORMATS) => "Dialect of the config (detected when absent)",
    CONFIG_TUNNEL = "config_tunnel": Ty::Text => "The tunnel (name or peer address) in a multi-tunnel config",
    CONFIG_RELEASE = "config_release": Ty::Text => "Software release the device runs (e.g. 5.9.14, 2.6.12), for release-dependent defaults when the config does not say",
    TAGS = "tags": Ty::List => "Free-form tags",
}

pub type FieldId = u16;

/// For a field the organisation may default, the top-level field it lies in
/// (itself when top-level): the VPN's own value of that field, whole, wins
/// over the organisation's.
pub fn org_default_root(id: FieldId) -> Option<FieldId> {
    static ROOTS: OnceLock<Vec<Option<FieldId>>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            VPN_FIELDS
                .iter()
                .map(|f| {
                    let top = f.path.split('.').next().unwrap_or(f.path);
                    if ORG_DEFAULT_FIELDS.contains(&top) {
                        vpn_field(top)
                    } else {
                        None
                    }
                })
                .collect()
        })
        .get(id as usize)
        .copied()
        .flatten()
}

/// Index of a field by its dotted path.
pub fn vpn_field(path: &str) -> Option<FieldId> {
    VPN_FIELDS
        .iter()
        .position(|f| f.path == path)
        .map(|i| i as FieldId)
}

/// The inventory's fields as a tree of names, for reading nested records.
#[derive(Debug, Default)]
pub struct SchemaNode {
    /// Children by key name, in schema order.
    pub children: Vec<(&'static str, FieldId, SchemaNode)>,
}

impl SchemaNode {
    pub fn child(&self, name: &str) -> Option<(FieldId, &SchemaNode)> {
        self.children
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, id, node)| (*id, node))
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.children.iter().map(|(n, _, _)| *n)
    }
}

pub fn vpn_schema() -> &'static SchemaNode {
    static TREE: OnceLock<SchemaNode> = OnceLock::new();
    TREE.get_or_init(|| {
        let mut root = SchemaNode::default();
        for (i, f) in VPN_FIELDS.iter().enumerate() {
            let mut node = &mut root;
            let mut parts = f.path.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    node.children
                        .push((part, i as FieldId, SchemaNode::default()));
                } else {
                    let idx = node
                        .children
                        .iter()
                        .position(|(n, _, _)| *n == part)
                        .unwrap_or_else(|| {
                            panic!(
                                "schema: group {part} of {} must be listed before its fields",
                                f.path
                            )
                        });
                    node = &mut node.children[idx].2;
                }
            }
        }
        root
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_tree_is_consistent() {
        let root = vpn_schema();
        let (_, carrier) = root.child("carrier").unwrap();
        assert!(carrier.child("licence").is_some());
        // Every dotted field's parent is a group.
        for f in VPN_FIELDS {
            if let Some((parent, _)) = f.path.rsplit_once('.') {
                let p = vpn_field(parent).unwrap();
                assert_eq!(VPN_FIELDS[p as usize].ty, Ty::Group, "{}", f.path);
            }
        }
        let mut paths: Vec<_> = VPN_FIELDS.iter().map(|f| f.path).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), VPN_FIELDS.len());
    }
}
