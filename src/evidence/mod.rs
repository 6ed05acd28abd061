//! Evidence: what a VPN device's real configuration says it runs.
//!
//! One reader per dialect turns a configuration file into [`ConfigFacts`]:
//! its tunnels (peer, IKE version and mode, IKE and ESP/TLS proposals in the
//! vendor's own words, PFS, authentication) and its remote log hosts.
//! Proposals are normalised later through the algorithm catalogue, exactly
//! like declared ones.
//!
//! Secrets never leave a reader: pre-shared keys, private keys, passwords and
//! inline key blocks are neither stored in the facts nor quoted in errors.

use std::fmt;

/// The configuration dialects vpnaudit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    StrongswanSwanctl,
    StrongswanIpsec,
    Wireguard,
    Openvpn,
    CiscoIos,
    CiscoAsa,
    JuniperJunos,
    HuaweiVrp,
    H3cComware,
    Fortios,
}

impl Dialect {
    pub const ALL: [Dialect; 10] = [
        Dialect::StrongswanSwanctl,
        Dialect::StrongswanIpsec,
        Dialect::Wireguard,
        Dialect::Openvpn,
        Dialect::CiscoIos,
        Dialect::CiscoAsa,
        Dialect::JuniperJunos,
        Dialect::HuaweiVrp,
        Dialect::H3cComware,
        Dialect::Fortios,
    ];

    /// Every name, in the order of [`Dialect::ALL`] (the values of
    /// `config_format`).
    pub const NAMES: [&'static str; 10] = names_of!(Dialect, 10);

    /// The name used in `config_format` and in reports.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Dialect::StrongswanSwanctl => "strongswan-swanctl",
            Dialect::StrongswanIpsec => "strongswan-ipsec",
            Dialect::Wireguard => "wireguard",
            Dialect::Openvpn => "openvpn",
            Dialect::CiscoIos => "cisco-ios",
            Dialect::CiscoAsa => "cisco-asa",
            Dialect::JuniperJunos => "juniper-junos",
            Dialect::HuaweiVrp => "huawei-vrp",
            Dialect::H3cComware => "h3c-comware",
            Dialect::Fortios => "fortios",
        }
    }

    pub fn parse(s: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a peer authenticates, in the inventory's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuthMethod {
    Psk,
    Certificate,
    /// A raw public key pinned per peer, no certificate (WireGuard).
    PublicKey,
    Password,
    Mfa,
    DigitalEnvelope,
}

impl AuthMethod {
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthMethod::Psk => "psk",
            AuthMethod::Certificate => "certificate",
            AuthMethod::PublicKey => "public-key",
            AuthMethod::Password => "password",
            AuthMethod::Mfa => "mfa",
            AuthMethod::DigitalEnvelope => "digital-envelope",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IkeMode {
    Main,
    Aggressive,
}

impl IkeMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            IkeMode::Main => "main",
            IkeMode::Aggressive => "aggressive",
        }
    }
}

/// One tunnel (connection, crypto-map entry, phase-1/phase-2 pair, peer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tunnel {
    /// Its name in the config (connection, crypto map `NAME SEQ`, phase1 name,
    /// WireGuard peer's public key is NOT a secret but use the `[Peer]`
    /// endpoint or a comment name if there is one).
    pub name: String,
    /// 1-based line where the tunnel is defined.
    pub line: u32,
    /// Remote peer address or identity.
    pub peer: Option<String>,
    pub ike_version: Option<u8>,
    pub ike_mode: Option<IkeMode>,
    /// IKE / phase-1 proposals, each as one string the algorithm catalogue
    /// can normalise (e.g. `aes256-sha256-modp2048`, `aes-cbc-256 sha256 group 14`).
    pub ike: Vec<String>,
    /// ESP / phase-2 proposals, likewise.
    pub esp: Vec<String>,
    /// TLS / TLCP cipher suites or data-channel ciphers (OpenVPN).
    pub tls: Vec<String>,
    /// Authentication key strengths the configuration requires or uses
    /// (`rsa-2048`, `ecdsa-384`), for the catalogue.
    pub keys: Vec<String>,
    /// Perfect forward secrecy: `Some(true)` when a phase-2 DH group is set,
    /// `Some(false)` when explicitly disabled, `None` when the config does not say.
    pub pfs: Option<bool>,
    pub auth: Vec<AuthMethod>,
    /// What the tunnel names that the file does not define (`transform set
    /// TS-X, line 12`): the side it belongs to is not fully known, and the
    /// audit says so rather than judging what is left.
    pub unresolved: Vec<String>,
    /// The lines that decide each side (0: only the tunnel's own line).
    pub lines: SideLines,
    /// Sides taken from the platform's documented defaults rather than
    /// written in the file, each with its provenance (`IKE: strongSwan's
    /// default proposal, ipsec.conf(5), 5.x`).
    pub defaults: Vec<String>,
}

/// Where in the file each side of a tunnel is written: the line of the
/// proposal, transform set, PFS setting or authentication that applies to
/// it (0 when the reader knows no better line than the tunnel's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SideLines {
    pub ike: u32,
    pub esp: u32,
    pub pfs: u32,
    pub auth: u32,
}

/// Something a reader noticed that does not stop it: a proposal defined
/// and used by nothing, a tunnel shut down, a command of another dialect.
/// Never quotes a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadWarning {
    pub line: u32,
    pub message: String,
}

impl ReadWarning {
    pub fn new(line: u32, message: impl Into<String>) -> Self {
        ReadWarning {
            line,
            message: message.into(),
        }
    }
}

/// Everything read from one configuration file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFacts {
    pub tunnels: Vec<Tunnel>,
    /// Remote syslog / log servers (addresses or names).
    pub log_hosts: Vec<String>,
    /// The line that names each log host, in the same order (0: not known).
    pub log_host_lines: Vec<u32>,
    /// Located warnings, in line order.
    pub warnings: Vec<ReadWarning>,
    /// The software release the file says it was written by (`ASA Version
    /// 9.8(4)`, `version 15.2`, `#config-version=FGT60F-7.2.5-…`, Junos
    /// `version 21.4R3`), for defaults that differ between releases.
    pub release: Option<String>,
}

/// A configuration that could not be read. The message never quotes a
/// secret (readers describe the problem instead of echoing the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl ReadError {
    pub fn new(line: u32, col: u32, message: impl Into<String>) -> Self {
        ReadError {
            line,
            col,
            message: message.into(),
        }
    }
}

/// Resolves `include` directives for readers whose dialect has them.
pub trait Includes {
    /// The files an `include` pattern names (relative to the including file;
    /// it may be a glob), as (display path, text), in a stable order. The
    /// error says why they could not be read (outside the audit tree, missing).
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String>;
}

/// For reading a single file: every include is an error.
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
        Err(format!("cannot resolve include \"{pattern}\" here"))
    }
}

pub mod store;

/// An insertion-ordered set of strings, for gathering proposals and hosts
/// without repeats (linear, unlike `Vec::contains`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Uniq {
    seen: std::collections::HashSet<String>,
    pub(crate) items: Vec<String>,
    /// The line each item was first seen at (0 when pushed without one).
    pub(crate) lines: Vec<u32>,
}

impl Uniq {
    pub(crate) fn push(&mut self, s: &str) {
        self.push_at(s, 0);
    }

    pub(crate) fn push_at(&mut self, s: &str, line: u32) {
        if !self.seen.contains(s) {
            self.seen.insert(s.to_string());
            self.items.push(s.to_string());
            self.lines.push(line);
        }
    }

    pub(crate) fn first(&self) -> Option<&String> {
        self.items.first()
    }
}

/// Bounds the work of assembling a file's tunnels to a multiple of its size:
/// a file whose objects reference one another so often (every proposal
/// with every DH group, every policy through every peer) that its facts
/// would grow faster than the file is refused instead of read for hours.
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new(input_len: usize) -> Budget {
        Budget {
            left: 8u64
                .saturating_mul(input_len as u64)
                .saturating_add(1 << 20),
        }
    }

    pub(crate) fn spend(&mut self, units: usize, line: u32) -> Result<(), ReadError> {
        let units = units as u64;
        if units > self.left {
            return Err(ReadError::new(
                line,
                1,
                "the tunnels of this file combine into facts that would outgrow the file many times over; not read",
            ));
        }
        self.left -= units;
        Ok(())
    }
}

/// A content test for one dialect.
type Detector = fn(&str) -> bool;

/// Detects the dialect of a configuration from its content. Each
/// heuristic refuses the other dialects' markers; the order only decides
/// between dialects that share a syntax (ASA before IOS, Comware before VRP,
/// whose ties go to VRP).
pub fn detect(text: &str) -> Option<Dialect> {
    DETECTORS
        .into_iter()
        .find(|(_, looks)| looks(text))
        .map(|(d, _)| d)
}

/// Each dialect's detector, in the order detection tries them (the more
/// specific first: ASA before IOS, Comware before VRP).
const DETECTORS: [(Dialect, Detector); 10] = [
    (Dialect::StrongswanSwanctl, strongswan::looks_like_swanctl),
    (Dialect::StrongswanIpsec, strongswan::looks_like_ipsec_conf),
    (Dialect::Wireguard, wireguard::looks_like),
    (Dialect::Openvpn, openvpn::looks_like),
    (Dialect::CiscoAsa, cisco::looks_like_asa),
    (Dialect::CiscoIos, cisco::looks_like_ios),
    (Dialect::JuniperJunos, junos::looks_like),
    (Dialect::Fortios, fortios::looks_like),
    (Dialect::H3cComware, huawei::looks_like_comware),
    (Dialect::HuaweiVrp, huawei::looks_like_vrp),
];

/// Whether a file declared to be `declared` plainly is another dialect: it
/// is detected as another one and does not look like `declared` at all.
/// (A file no detector recognises, or one that also looks like the declared
/// dialect, is read as declared.)
pub fn contradicts(declared: Dialect, text: &str) -> Option<Dialect> {
    let detected = detect(text)?;
    if detected == declared {
        return None;
    }
    let looks_declared = DETECTORS
        .iter()
        .any(|(d, looks)| *d == declared && looks(text));
    (!looks_declared).then_some(detected)
}

/// Reads a configuration of a known dialect run by `release` (the
/// inventory's `config_release`), which settles the defaults that differ
/// between releases where the file does not name its own. A release the
/// file names wins; one that differs from the inventory's is a warning.
pub fn read_for_release(
    dialect: Dialect,
    text: &str,
    includes: &mut dyn Includes,
    release: Option<&str>,
) -> Result<ConfigFacts, ReadError> {
    let Some(given) = release else {
        return read(dialect, text, includes);
    };
    let mut facts = match dialect {
        Dialect::CiscoIos => cisco::read_for_release(text, cisco::Flavour::Ios, release)?,
        Dialect::CiscoAsa => cisco::read_for_release(text, cisco::Flavour::Asa, release)?,
        _ => read(dialect, text, includes)?,
    };
    // Notes that only an untold release left unknown.
    let settled: Vec<String> = match (dialect, release_number(given)) {
        // strongSwan NEWS 5.6.1: the defaults lost MD5, MODP-1024, 3DES and
        // Blowfish; later releases only added to them (AES-GCM in 5.9.0).
        (Dialect::StrongswanSwanctl | Dialect::StrongswanIpsec, Some(v)) if v >= (5, 6, 1) => {
            ["IKE", "ESP", "AH"]
                .iter()
                .map(|side| strongswan::default_note(side))
                .collect()
        }
        (Dialect::Openvpn, Some(v)) if v >= (2, 5, 0) => vec![openvpn::UNTOLD_RELEASE.to_string()],
        _ => Vec::new(),
    };
    for t in &mut facts.tunnels {
        t.unresolved.retain(|u| !settled.contains(u));
    }
    match &facts.release {
        None => facts.release = Some(given.to_string()),
        Some(own) if own != given => {
            facts.warnings.insert(
                0,
                ReadWarning::new(
                    1,
                    format!(
                        "the file names release {own}, the inventory's config_release {given}; the file's is used"
                    ),
                ),
            );
        }
        Some(_) => {}
    }
    Ok(facts)
}

/// Major, minor and patch numbers of a release string (`5.9.14`, `2.6`,
/// `15.2(4)M`); `None` without a leading number.
pub(crate) fn release_number(release: &str) -> Option<(u32, u32, u32)> {
    let mut parts = release
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let patch = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor, patch))
}

/// Reads a configuration of a known dialect.
pub fn read(
    dialect: Dialect,
    text: &str,
    includes: &mut dyn Includes,
) -> Result<ConfigFacts, ReadError> {
    match dialect {
        Dialect::StrongswanSwanctl => strongswan::read_swanctl(text, includes),
        Dialect::StrongswanIpsec => strongswan::read_ipsec_conf(text, includes),
        Dialect::Wireguard => wireguard::read(text, includes),
        Dialect::Openvpn => openvpn::read(text, includes),
        Dialect::CiscoIos => cisco::read_ios(text),
        Dialect::CiscoAsa => cisco::read_asa(text),
        Dialect::JuniperJunos => junos::read(text),
        Dialect::HuaweiVrp => huawei::read_vrp(text),
        Dialect::H3cComware => huawei::read_comware(text),
        Dialect::Fortios => fortios::read(text),
    }
}

// readers
pub mod cisco;
pub mod fortios;
pub mod huawei;
pub mod junos;
pub mod openvpn;
pub mod strongswan;
pub mod wireguard;
