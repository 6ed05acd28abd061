//! Huawei VRP and H3C Comware readers.
//!
//! Both systems descend from the same command line: views opened by a
//! command at the start of a line (`ike proposal 10`), their commands
//! indented below it, `#` lines between sections, `return` at the end,
//! `undo ...` for negations. One engine reads both; the entry points only
//! differ in the defaults they assume ([`read_vrp`], [`read_comware`]).
//!
//! Commands understood (superset of both systems):
//!
//! * IKE phase 1: `ike proposal N` (`encryption-algorithm`,
//!   `authentication-algorithm`, `integrity-algorithm`, `prf`, `dh`,
//!   `authentication-method pre-share | rsa-signature | digital-envelope
//!   | ...`); VRP and Comware 5 `ike peer NAME [v1|v2]` (`version 1|2`,
//!   `exchange-mode`, `ike-proposal N` / `proposal N`, `remote-address X`,
//!   `pre-shared-key ...`); Comware 7 `ike keychain NAME`
//!   (`pre-shared-key address X ... key ...`), `ike profile NAME`
//!   (`keychain`, `exchange-mode`, `match remote identity address X`,
//!   `proposal N ...`, `certificate domain`), `ikev2 proposal NAME`
//!   (`encryption`, `integrity`, `prf`, `dh`), `ikev2 policy NAME`
//!   (`proposal`), `ikev2 profile NAME` (`keychain`,
//!   `authentication-method local|remote ...`, `match remote identity`),
//!   `ikev2 keychain NAME` / ` peer P` (`address X`, `hostname X`).
//! * IPsec phase 2: VRP / Comware 5 `ipsec proposal NAME` and Comware 7
//!   `ipsec transform-set NAME` (`transform`/`protocol`, `esp
//!   encryption-algorithm ...`, `esp authentication-algorithm ...`, `ah
//!   authentication-algorithm ...`, `pfs dh-groupN`).
//! * Tunnels: **each `ipsec policy NAME SEQ isakmp|manual` entry** (named
//!   `NAME SEQ`; `ipsec ipv6-policy` too) and **each `ipsec profile
//!   NAME`** (named `NAME`), whether or not it is applied to an interface.
//!   Policy commands: `ike-peer`, `ike-profile`, `ikev2-profile`,
//!   `proposal` / `transform-set`, `pfs dh-groupN`, `remote-address X`,
//!   `tunnel remote X` (manual). `ipsec policy NAME SEQ isakmp template T`
//!   takes its settings from the `ipsec policy-template T ...` entries.
//! * Log hosts: `info-center loghost [vpn-instance V] X | ipv6 X | domain
//!   X ...` (`info-center loghost source IF` names no host).
//!
//! Proposal strings, as the algorithm catalogue normalises them: IKE
//! `"<encryption...> <authentication...> <integrity...> dh <group>
//! [sm2] [prf <prf...>]"` (`aes-256 sha2-256 dh group14`,
//! `sm4 sm3 sm2`), ESP `"<encryption...> <authentication...>
//! [dh-groupN]"` (`aes-cbc-256 sm4-cbc sha256 sm3 dh-group14`): every
//! algorithm a multi-valued command lists, plus the PFS group.
//! `authentication-method digital-envelope` (GM/T 0022 SM2 digital
//! envelope: the session key travels SM2-encrypted) adds `sm2` as the
//! phase-1 key exchange and the `digital-envelope` authentication method.
//! Comware 5 `encryption-algorithm aes-cbc` without a key length (128 bits)
//! is written `aes-cbc-128`.
//!
//! Defaults: an IKE proposal without `authentication-method` uses a
//! pre-shared key (both vendors' documented default); an IKEv1 peer
//! without `exchange-mode` uses main mode; a peer / profile naming no IKE
//! proposal offers every configured one (documented for both). Algorithms
//! an IKE proposal does not set are **not** filled in: their defaults
//! differ between models and releases. IKE version: VRP `ike peer` states
//! it (`ike peer NAME v1|v2`, `version 1|2`, `undo version 1|2`); when
//! both versions stay enabled the tunnel is reported as IKEv1 (IKEv1 can
//! still be negotiated), when nothing is said it is `None`. Comware:
//! `ike-profile` and Comware 5 `ike peer` are IKEv1, `ikev2-profile` is
//! IKEv2, both on one policy is reported as IKEv1. PFS is `None` unless a
//! `pfs` command is present: no documented default of the `pfs` command
//! was found for either system (unconfirmed), so none is assumed.
//!
//! The default IKE proposal: both systems keep one of the lowest priority
//! that a negotiation may fall back to, authenticating with a pre-shared
//! key. Where the tunnel has a pre-shared key (VRP: an `ike peer` with
//! `pre-shared-key` naming no `ike-proposal`; Comware 5 `ike peer
//! pre-shared-key`, a Comware 7 profile keychain, or a keychain keyed for
//! the peer address, whatever proposals are named), its IKE side includes
//! it: Comware 5 in non-FIPS mode
//! documents it (`des-cbc sha dh group1`, recorded in `Tunnel::defaults`);
//! VRP (whose default differs by model and release), Comware 7 and FIPS
//! mode leave the side unresolved. Sources beside
//! `Model::default_ike_proposal`.
//!
//! Also read: the release (`!Software Version V200R010C10SPC500`, Comware
//! `version 7.1.064, Release 0821P16`), the line deciding each side
//! (`Tunnel::lines`), references to undefined peers, profiles, proposals,
//! transform sets, templates (`Tunnel::unresolved`, and a warning at the
//! referencing line), and warnings for objects used by nothing, policies
//! applied to no interface (when the file has interfaces) and shut-down
//! interfaces carrying a policy or profile.
//!
//! Telling VRP from Comware ([`looks_like_vrp`], [`looks_like_comware`]):
//! a file is of the family when it has a `sysname`, an `info-center
//! loghost`, or IKE / IPsec views, or `#` separators and a `return` line,
//! and no marker of another dialect (Cisco `hostname` / `crypto`, Junos
//! `set` commands or blocks, FortiOS `config ... end`). Markers then vote,
//! with weights: Comware — a `version 7.x` / `version 5.x` line,
//! `$c$`/`$h$` ciphertexts (`cipher $...`), `ike profile`, `ike keychain`,
//! `ikev2 ...`, `ipsec transform-set` views, interface names
//! `Vlan-interface`, `Ten-GigabitEthernet`, `FortyGigE`,
//! `M-GigabitEthernet`, `Bridge-Aggregation`, `line vty|class|aux`,
//! `user-role`, `local-user X class`, `irf`, `address-family ipv4`,
//! `dhcp server ip-pool`, `acl basic|advanced`; VRP — `!Software Version
//! V...`, `%^%#`/`%@%@`/`%$%$`/`%#%#` ciphertexts, `irreversible-cipher`,
//! `Vlanif`, `XGigabitEthernet`, `Eth-Trunk`, `GE0/`-style names,
//! `ipv4-family`, `HUAWEI`, `ike peer`, `ipsec proposal` (these two are
//! also Comware 5 syntax, hence low weight), `user-interface`. Comware
//! wins only with strictly more weight: **a tie (no marker at all)
//! counts as VRP**, whose syntax the Comware 5 files that carry no marker
//! share anyway.
//!
//! Errors ([`ReadError`]): the format is line based and has no block
//! structure to break; unknown lines are ignored. The one structural error
//! is a multi-line `header` banner whose closing delimiter never comes
//! (everything after it would silently be lost). A file whose policies
//! reference the same objects so often that the facts would exceed 8
//! times the file's size is refused too (this keeps reading linear; no
//! real configuration comes near). Messages never quote the configuration.
//!
//! Secrets (`pre-shared-key cipher %^%#...%^%#`, `key cipher $c$3$...`,
//! `password ...`, `sa string-key`, SNMP communities) are never stored:
//! only names, addresses and algorithm keywords are kept.

use std::collections::HashMap;

use crate::evidence::{AuthMethod, ConfigFacts, IkeMode, ReadError, ReadWarning, Tunnel};
use crate::evidence::{Budget, Uniq};

/// True when `text` looks like a Huawei VRP configuration (see the module
/// documentation for the markers; ties go to VRP).
pub fn looks_like_vrp(text: &str) -> bool {
    let s = Scan::of(text.strip_prefix('\u{feff}').unwrap_or(text));
    s.family() && s.vrp >= s.comware
}

/// True when `text` looks like an H3C / HPE Comware configuration.
pub fn looks_like_comware(text: &str) -> bool {
    let s = Scan::of(text.strip_prefix('\u{feff}').unwrap_or(text));
    s.family() && s.comware > s.vrp
}

/// Reads a Huawei VRP configuration.
pub fn read_vrp(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavor::Vrp)
}

/// Reads an H3C Comware (5 or 7) configuration.
pub fn read_comware(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavor::Comware)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Vrp,
    Comware,
}

// ---------------------------------------------------------------- detection

#[derive(Debug, Default)]
struct Scan {
    vrp: u32,
    comware: u32,
    sysname: bool,
    ipsec: bool,
    loghost: bool,
    separators: bool,
    ret: bool,
    foreign: bool,
    fortios_config: bool,
    fortios_end: bool,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let mut s = Scan::default();
        // Each marker votes once.
        let mut seen = [false; 40];
        let mut vote = |s: &mut Scan, id: usize, comware: bool, weight: u32| {
            if let Some(slot) = seen.get_mut(id)
                && !*slot
            {
                *slot = true;
                if comware {
                    s.comware += weight;
                } else {
                    s.vrp += weight;
                }
            }
        };
        let mut banner: Option<char> = None;
        for line in text.lines() {
            if let Some(delim) = banner {
                if line.contains(delim) {
                    banner = None;
                }
                continue;
            }
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if t.starts_with("header ") {
                let words: Vec<&str> = t.split_whitespace().collect();
                banner = banner_delimiter(&words);
                continue;
            }
            let col0 = !line.starts_with(|c: char| c.is_whitespace());
            let mut words = t.split_whitespace();
            let w0 = words.next().unwrap_or("");
            let w1 = words.next().unwrap_or("");
            let w2 = words.next().unwrap_or("");
            if t == "#" {
                s.separators = true;
                continue;
            }
            if t == "return" {
                s.ret = true;
                continue;
            }
            match (w0, w1) {
                ("sysname", _) => s.sysname = true,
                ("info-center", "loghost") => s.loghost = true,
                ("ike", "proposal") | ("ipsec", "policy") => s.ipsec = true,
                ("ike", "peer") => {
                    s.ipsec = true;
                    vote(&mut s, 0, false, 1);
                }
                ("ipsec", "proposal") => {
                    s.ipsec = true;
                    vote(&mut s, 1, false, 1);
                }
                ("ike", "profile") | ("ike", "keychain") => {
                    s.ipsec = true;
                    vote(&mut s, 2, true, 3);
                }
                ("ipsec", "transform-set") => {
                    s.ipsec = true;
                    vote(&mut s, 3, true, 3);
                }
                ("ikev2", "profile" | "keychain" | "proposal" | "policy") => {
                    s.ipsec = true;
                    vote(&mut s, 4, true, 2);
                }
                ("version", v) if looks_like_comware_version(v) => vote(&mut s, 5, true, 3),
                ("line", "vty" | "class" | "aux" | "con") => vote(&mut s, 6, true, 2),
                ("user-role", _) => vote(&mut s, 7, true, 1),
                ("local-user", _) if w2 == "class" => vote(&mut s, 8, true, 2),
                ("irf", _) | ("irf-port", _) => vote(&mut s, 9, true, 2),
                ("address-family", "ipv4" | "ipv6" | "vpnv4" | "l2vpn") => {
                    vote(&mut s, 10, true, 1)
                }
                ("dhcp", "server") if w2 == "ip-pool" => vote(&mut s, 11, true, 1),
                ("acl", "basic" | "advanced") => vote(&mut s, 12, true, 1),
                ("ipv4-family", _) | ("ipv6-family", _) => vote(&mut s, 20, false, 2),
                ("user-interface", _) => vote(&mut s, 21, false, 1),
                ("hostname", _) if col0 => s.foreign = true,
                ("crypto", _) | ("conn", _) | ("connections", "{") => s.foreign = true,
                ("set", top) if col0 && JUNOS_TOP.contains(&top) => s.foreign = true,
                ("config", _) if col0 => s.fortios_config = true,
                ("end", "") => s.fortios_end = true,
                _ => {}
            }
            if t.starts_with("!Software Version") {
                vote(&mut s, 22, false, 3);
            }
            if col0 && t.ends_with('{') && !t.starts_with("header") {
                s.foreign = true;
            }
            if t.contains("%^%#") || t.contains("%@%@") || t.contains("%$%$") || t.contains("%#%#")
            {
                vote(&mut s, 23, false, 3);
            }
            if t.contains("irreversible-cipher") {
                vote(&mut s, 24, false, 2);
            }
            if t.contains("cipher $") || t.contains("hash $h$") {
                vote(&mut s, 13, true, 3);
            }
            if [
                "Vlan-interface",
                "Ten-GigabitEthernet",
                "FortyGigE",
                "HundredGigE",
                "M-GigabitEthernet",
                "Bridge-Aggregation",
                "Route-Aggregation",
            ]
            .iter()
            .any(|m| t.contains(m))
            {
                vote(&mut s, 14, true, 2);
            }
            if [
                "Vlanif",
                "XGigabitEthernet",
                "Eth-Trunk",
                "MEth0",
                "40GE",
                "100GE",
                "25GE",
            ]
            .iter()
            .any(|m| t.contains(m))
                || (w0 == "interface" && (w1.starts_with("GE") || w1.starts_with("10GE")))
            {
                vote(&mut s, 25, false, 2);
            }
            if t.contains("HUAWEI") || t.contains("Huawei Versatile Routing Platform") {
                vote(&mut s, 26, false, 1);
            }
        }
        if s.fortios_config && s.fortios_end {
            s.foreign = true;
        }
        s
    }

    fn family(&self) -> bool {
        !self.foreign
            && (self.sysname || self.ipsec || self.loghost || (self.separators && self.ret))
    }
}

/// Junos top-level words after `set` (a Junos set-style file).
const JUNOS_TOP: &[&str] = &[
    "system",
    "security",
    "interfaces",
    "protocols",
    "routing-options",
    "policy-options",
    "firewall",
    "snmp",
    "chassis",
    "version",
    "routing-instances",
    "vlans",
];

/// `7.1.045,` / `5.20,` — the Comware `version` line.
fn looks_like_comware_version(v: &str) -> bool {
    let v = v.trim_end_matches(',');
    let mut parts = v.split('.');
    matches!(parts.next(), Some("5" | "7" | "9")) && parts.next().is_some_and(|p| !p.is_empty())
}

// ------------------------------------------------------------------ parsing

fn line_no(index: usize) -> u32 {
    u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX)
}

/// The view a line opens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum View {
    IkeProposal(String),
    IkePeer(String),
    IkeKeychain(String),
    IkeProfile(String),
    Ikev2Proposal(String),
    Ikev2Policy(String),
    Ikev2Profile(String),
    Ikev2Keychain(String),
    Phase2(String),
    /// Key into `Model::entries` (policy, template or profile).
    Entry(usize),
    /// Key into `Model::interfaces`.
    Interface(usize),
    Other,
}

/// Sub-commands that may appear unindented (configs whose indentation
/// was stripped) without opening a view of their own.
const SUB_COMMANDS: &[&str] = &[
    "encryption-algorithm",
    "authentication-algorithm",
    "integrity-algorithm",
    "prf",
    "dh",
    "authentication-method",
    "exchange-mode",
    "pre-shared-key",
    "ike-proposal",
    "remote-address",
    "transform",
    "protocol",
    "esp",
    "ah",
    "ike-peer",
    "ike-profile",
    "ikev2-profile",
    "transform-set",
    "proposal",
    "pfs",
    "keychain",
    "match",
    "encryption",
    "integrity",
    "security",
    "sa",
    "tunnel",
    "encapsulation-mode",
    "local-address",
    "remote-id",
    "local-identity",
    "certificate",
    "shutdown",
];

#[derive(Debug, Default)]
struct IkeProposal {
    line: u32,
    method_line: u32,
    enc: Vec<String>,
    auth: Vec<String>,
    integrity: Vec<String>,
    prf: Vec<String>,
    dh: Vec<String>,
    method: Option<String>,
}

impl IkeProposal {
    fn string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.enc.iter().cloned());
        parts.extend(self.auth.iter().cloned());
        parts.extend(self.integrity.iter().cloned());
        if !self.dh.is_empty() {
            parts.push("dh".into());
            parts.extend(self.dh.iter().cloned());
        }
        if self.method.as_deref() == Some("digital-envelope") {
            parts.push("sm2".into());
        }
        if !self.prf.is_empty() {
            parts.push("prf".into());
            parts.extend(self.prf.iter().cloned());
        }
        parts.join(" ")
    }

    fn auth_method(&self) -> AuthMethod {
        self.method
            .as_deref()
            .and_then(auth_method)
            .unwrap_or(AuthMethod::Psk)
    }
}

/// `ike peer` (VRP, Comware 5), `ike profile`, `ikev2 profile` (Comware 7).
#[derive(Debug, Default)]
struct Peer {
    line: u32,
    /// The `ike-proposal` / `proposal` command.
    proposals_line: u32,
    /// The first `pre-shared-key`, `keychain`, `certificate domain` or
    /// `authentication-method` command.
    auth_line: u32,
    /// `ike peer NAME v1|v2` or `version N`.
    versions: Vec<u8>,
    undo_versions: Vec<u8>,
    mode: Option<String>,
    proposals: Uniq,
    remote: Option<String>,
    keychains: Uniq,
    psk: bool,
    methods: Vec<AuthMethod>,
}

#[derive(Debug, Default)]
struct Phase2 {
    line: u32,
    pfs_line: u32,
    protocol: Option<String>,
    esp_enc: Vec<String>,
    esp_auth: Vec<String>,
    ah_auth: Vec<String>,
    pfs: Option<String>,
}

#[derive(Debug, Default)]
struct Entry {
    name: String,
    line: u32,
    /// Tunnels are policies and profiles; templates only lend settings.
    tunnel: bool,
    /// An `ipsec profile` (applied to tunnel interfaces, not by name to
    /// physical ones).
    profile: bool,
    template: Option<String>,
    template_name: Option<String>,
    manual: bool,
    ike_peer: Option<String>,
    ike_profile: Option<String>,
    ikev2_profile: Option<String>,
    /// The `ike-peer` / `ike-profile` / `ikev2-profile` command.
    side_line: u32,
    phase2: Uniq,
    /// The `proposal` / `transform-set` command.
    phase2_line: u32,
    pfs: Option<String>,
    pfs_line: u32,
    remote: Option<String>,
}

/// An `interface` view: whether it is shut down, and the IPsec policies
/// and profiles applied to it.
#[derive(Debug, Default)]
struct Interface {
    name: String,
    shutdown: Option<u32>,
    /// (policy name, line) of `ipsec policy P` / `ipsec apply policy P`.
    policies: Vec<(String, u32)>,
    /// (profile name, line) of `ipsec profile P` / `tunnel protection
    /// ipsec profile P`.
    profiles: Vec<(String, u32)>,
}

#[derive(Debug, Default)]
struct Model {
    ike_proposals: Vec<(String, IkeProposal)>,
    ike_proposal_index: HashMap<String, usize>,
    ikev2_proposals: Vec<(String, IkeProposal)>,
    ikev2_proposal_index: HashMap<String, usize>,
    ikev2_policy_proposals: Uniq,
    ike_peers: HashMap<String, Peer>,
    ike_profiles: HashMap<String, Peer>,
    ikev2_profiles: HashMap<String, Peer>,
    /// Keychain → peer addresses / host names.
    keychains: HashMap<String, Uniq>,
    ikev2_keychains: HashMap<String, Uniq>,
    phase2: HashMap<String, Phase2>,
    entries: Vec<Entry>,
    interfaces: Vec<Interface>,
    log_hosts: Uniq,
    /// `!Software Version V200R010C10SPC500` (VRP) or `version 7.1.064,
    /// Release 0821P16` (Comware).
    release: Option<String>,
    /// `fips mode enable`: the defaults of FIPS mode apply.
    fips: bool,
}

/// For the short lists (versions, authentication methods).
fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn auth_method(method: &str) -> Option<AuthMethod> {
    match method {
        "pre-share" | "pre-shared-key" | "psk" => Some(AuthMethod::Psk),
        "digital-envelope" => Some(AuthMethod::DigitalEnvelope),
        "rsa-signature" | "rsa-sig" | "dsa-signature" | "ecdsa-signature" | "sm2-signature"
        | "certificate" => Some(AuthMethod::Certificate),
        _ => None,
    }
}

fn read(text: &str, flavor: Flavor) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut m = Model::default();
    let mut view: Option<View> = None;
    let mut sub_peer: Option<String> = None;
    let mut banner: Option<(char, u32)> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some((delim, _)) = banner {
            if line.contains(delim) {
                banner = None;
            }
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if m.release.is_none()
            && let Some(v) = t.strip_prefix("!Software Version ")
            && !v.trim().is_empty()
        {
            m.release = Some(v.trim().to_string());
        }
        if t.starts_with('#') || t.starts_with('!') {
            // `#` closes the current top-level view (an indented ` #`
            // only separates sub-views).
            if !line.starts_with(|c: char| c.is_whitespace()) {
                view = None;
                sub_peer = None;
            }
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let indent = line.len() - line.trim_start().len();
        let no = line_no(i);

        if words.first() == Some(&"header") {
            banner = banner_delimiter(&words).map(|d| (d, no));
            continue;
        }
        if words.first() == Some(&"return") && indent == 0 {
            view = None;
            continue;
        }
        // The Comware release line (`version 7.1.064, Release 0821P16`),
        // outside any view.
        if view.is_none()
            && words.first() == Some(&"version")
            && words.get(1).is_some_and(|v| looks_like_comware_version(v))
        {
            if m.release.is_none() {
                m.release = Some(words[1..].join(" "));
            }
            continue;
        }
        if indent == 0 && words.as_slice() == ["fips", "mode", "enable"] {
            m.fips = true;
        }
        // Global commands, wherever they stand.
        if words.first() == Some(&"info-center") && words.get(1) == Some(&"loghost") {
            if let Some(host) = loghost(words.get(2..).unwrap_or(&[])) {
                m.log_hosts.push_at(&host, no);
            }
            continue;
        }

        let in_view = indent > 0
            || (view.is_some() && words.first().is_some_and(|w| SUB_COMMANDS.contains(w)));
        if in_view {
            if let Some(v) = view.clone() {
                if indent >= 2 && matches!(v, View::Ikev2Keychain(_)) {
                    if let Some(p) = sub_peer.clone() {
                        m.ikev2_keychain_peer(&v, &p, &words);
                    }
                    continue;
                }
                if let (View::Ikev2Keychain(_), ["peer", name, ..]) = (&v, words.as_slice()) {
                    sub_peer = Some((*name).to_string());
                    continue;
                }
                m.sub_command(&v, &words, no);
            }
            continue;
        }
        sub_peer = None;
        view = opens(&words, &mut m, no);
    }
    if let Some((_, start)) = banner {
        return Err(ReadError::new(
            start,
            1,
            "the header banner starting here is never closed",
        ));
    }
    m.facts(flavor, text.len())
}

/// The closing delimiter of a multi-line `header` banner, or None when the
/// banner fits on its line (or is read from a file).
fn banner_delimiter(words: &[&str]) -> Option<char> {
    // Comware: header {incoming|legal|login|motd|shell} TEXT
    // VRP:     header {login|shell} information TEXT | file NAME
    let text_at = match words.get(2) {
        Some(&"information") => 3,
        Some(&"file") => return None,
        _ => 2,
    };
    let first = words.get(text_at)?;
    let delim = first.chars().next()?;
    let rest: String = words[text_at..].join(" ");
    let after = rest.get(delim.len_utf8()..).unwrap_or("");
    if after.contains(delim) {
        None
    } else {
        Some(delim)
    }
}

/// The host of an `info-center loghost ...` command (after `loghost`).
fn loghost(args: &[&str]) -> Option<String> {
    let mut i = 0;
    while let Some(&w) = args.get(i) {
        match w {
            "source" | "timestamp" | "language" => return None,
            "vpn-instance" | "public-net" | "channel" | "facility" | "port" => i += 2,
            "ipv6" | "domain" | "hostname" => return args.get(i + 1).map(|h| h.to_string()),
            _ => {
                let ok = w.chars().any(|c| c.is_ascii_alphanumeric())
                    && w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '_'));
                return ok.then(|| w.to_string());
            }
        }
    }
    None
}

/// Opens the view a top-level line starts (registering tunnels and
/// templates in `m`).
fn opens(words: &[&str], m: &mut Model, line: u32) -> Option<View> {
    Some(match words {
        ["ike", "proposal", n, ..] => {
            let p = m.ike_proposal(n);
            if p.line == 0 {
                p.line = line;
            }
            View::IkeProposal(n.to_string())
        }
        ["interface", n, ..] => {
            m.interfaces.push(Interface {
                name: n.to_string(),
                ..Interface::default()
            });
            View::Interface(m.interfaces.len() - 1)
        }
        ["ike", "peer", n, rest @ ..] => {
            let peer = m.ike_peers.entry(n.to_string()).or_default();
            if peer.line == 0 {
                peer.line = line;
            }
            match rest.first() {
                Some(&"v1") => push_unique(&mut peer.versions, 1),
                Some(&"v2") => push_unique(&mut peer.versions, 2),
                _ => {}
            }
            View::IkePeer(n.to_string())
        }
        ["ike", "keychain", n, ..] => {
            m.keychains.entry(n.to_string()).or_default();
            View::IkeKeychain(n.to_string())
        }
        ["ike", "profile", n, ..] => {
            let p = m.ike_profiles.entry(n.to_string()).or_default();
            if p.line == 0 {
                p.line = line;
            }
            View::IkeProfile(n.to_string())
        }
        ["ikev2", "proposal", n, ..] => {
            let p = m.ikev2_proposal(n);
            if p.line == 0 {
                p.line = line;
            }
            View::Ikev2Proposal(n.to_string())
        }
        ["ikev2", "policy", n, ..] => View::Ikev2Policy(n.to_string()),
        ["ikev2", "profile", n, ..] => {
            let p = m.ikev2_profiles.entry(n.to_string()).or_default();
            if p.line == 0 {
                p.line = line;
            }
            View::Ikev2Profile(n.to_string())
        }
        ["ikev2", "keychain", n, ..] => {
            m.ikev2_keychains.entry(n.to_string()).or_default();
            View::Ikev2Keychain(n.to_string())
        }
        ["ipsec", "proposal" | "transform-set", n, ..] => {
            let p = m.phase2.entry(n.to_string()).or_default();
            if p.line == 0 {
                p.line = line;
            }
            View::Phase2(n.to_string())
        }
        ["ipsec", "policy" | "ipv6-policy", n, seq, rest @ ..]
            if seq.chars().all(|c| c.is_ascii_digit()) =>
        {
            let mut e = Entry {
                name: format!("{n} {seq}"),
                line,
                tunnel: true,
                manual: rest.first() == Some(&"manual"),
                ..Entry::default()
            };
            if let [_, "template", tpl, ..] = rest {
                e.template = Some(tpl.to_string());
            }
            m.entries.push(e);
            View::Entry(m.entries.len() - 1)
        }
        [
            "ipsec",
            "policy-template" | "ipv6-policy-template",
            n,
            seq,
            ..,
        ] if seq.chars().all(|c| c.is_ascii_digit()) => {
            m.entries.push(Entry {
                name: format!("{n} {seq}"),
                line,
                template_name: Some(n.to_string()),
                ..Entry::default()
            });
            View::Entry(m.entries.len() - 1)
        }
        ["ipsec", "profile", n, rest @ ..] => {
            m.entries.push(Entry {
                name: n.to_string(),
                line,
                tunnel: true,
                profile: true,
                manual: rest.first() == Some(&"manual"),
                ..Entry::default()
            });
            View::Entry(m.entries.len() - 1)
        }
        _ => View::Other,
    })
}

/// The values of a multi-valued algorithm command, normalised.
fn algs(words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&w) = words.get(i) {
        // Comware 5: `aes-cbc 256` / `aes 256` (key length apart).
        if let Some(len) = words
            .get(i + 1)
            .filter(|n| matches!(**n, "128" | "192" | "256"))
            && matches!(w, "aes-cbc" | "aes")
        {
            out.push(format!("{w}-{len}"));
            i += 2;
            continue;
        }
        out.push(match w {
            "aes-cbc" => "aes-cbc-128".to_string(),
            other => other.to_string(),
        });
        i += 1;
    }
    out
}

/// The entry called `name` of an insertion-ordered list, created empty the
/// first time it is named.
fn named<'a, T: Default>(
    list: &'a mut Vec<(String, T)>,
    index: &mut HashMap<String, usize>,
    name: &str,
) -> &'a mut T {
    let i = *index.entry(name.to_string()).or_insert_with(|| {
        list.push((name.to_string(), T::default()));
        list.len() - 1
    });
    &mut list[i].1
}

impl Model {
    fn ike_proposal(&mut self, name: &str) -> &mut IkeProposal {
        named(&mut self.ike_proposals, &mut self.ike_proposal_index, name)
    }

    fn ikev2_proposal(&mut self, name: &str) -> &mut IkeProposal {
        named(
            &mut self.ikev2_proposals,
            &mut self.ikev2_proposal_index,
            name,
        )
    }

    fn ikev2_keychain_peer(&mut self, view: &View, _peer: &str, words: &[&str]) {
        let View::Ikev2Keychain(k) = view else { return };
        let addr = match words {
            ["address", "ipv6", a, ..] | ["address", a, ..] | ["hostname", a, ..] => a,
            ["identity", "address", "ipv6", a, ..] | ["identity", "address", a, ..] => a,
            ["identity", "fqdn", a, ..] => a,
            _ => return,
        };
        if let Some(list) = self.ikev2_keychains.get_mut(k) {
            list.push(addr);
        }
    }

    fn sub_command(&mut self, view: &View, words: &[&str], line: u32) {
        match view {
            View::IkeProposal(n) => ike_proposal_command(self.ike_proposal(n), words, line),
            View::Ikev2Proposal(n) => ike_proposal_command(self.ikev2_proposal(n), words, line),
            View::Ikev2Policy(_) => {
                if let ["proposal", rest @ ..] = words {
                    for p in rest {
                        self.ikev2_policy_proposals.push(p);
                    }
                }
            }
            View::IkePeer(n) => {
                if let Some(p) = self.ike_peers.get_mut(n) {
                    peer_command(p, words, line);
                }
            }
            View::IkeProfile(n) => {
                if let Some(p) = self.ike_profiles.get_mut(n) {
                    peer_command(p, words, line);
                }
            }
            View::Ikev2Profile(n) => {
                if let Some(p) = self.ikev2_profiles.get_mut(n) {
                    peer_command(p, words, line);
                }
            }
            View::IkeKeychain(k) => {
                // pre-shared-key address X [mask] key ... | hostname X key ...
                if let ["pre-shared-key", kind, value, ..] = words
                    && matches!(*kind, "address" | "hostname")
                    && let Some(list) = self.keychains.get_mut(k)
                {
                    let value = if *value == "ipv6" {
                        words.get(3).copied().unwrap_or("")
                    } else {
                        value
                    };
                    if !value.is_empty() && value != "key" {
                        list.push(value);
                    }
                }
            }
            View::Phase2(n) => {
                let Some(p) = self.phase2.get_mut(n) else {
                    return;
                };
                match words {
                    ["transform" | "protocol", proto, ..] => p.protocol = Some(proto.to_string()),
                    ["esp", "encryption-algorithm", rest @ ..] => p.esp_enc = algs(rest),
                    ["esp", "authentication-algorithm", rest @ ..] => p.esp_auth = algs(rest),
                    ["ah", "authentication-algorithm", rest @ ..] => p.ah_auth = algs(rest),
                    ["pfs", group, ..] => {
                        p.pfs = Some(group.to_string());
                        p.pfs_line = line;
                    }
                    ["undo", "pfs", ..] => {
                        p.pfs = None;
                        p.pfs_line = 0;
                    }
                    _ => {}
                }
            }
            View::Entry(i) => {
                let Some(e) = self.entries.get_mut(*i) else {
                    return;
                };
                match words {
                    ["ike-peer", p, ..] => {
                        e.ike_peer = Some(p.to_string());
                        e.side_line = line;
                    }
                    ["ike-profile", p, ..] => {
                        e.ike_profile = Some(p.to_string());
                        e.side_line = line;
                    }
                    ["ikev2-profile", p, ..] => {
                        e.ikev2_profile = Some(p.to_string());
                        e.side_line = line;
                    }
                    ["proposal" | "transform-set", rest @ ..] => {
                        if e.phase2_line == 0 {
                            e.phase2_line = line;
                        }
                        for p in rest {
                            e.phase2.push(p);
                        }
                    }
                    ["pfs", group, ..] => {
                        e.pfs = Some(group.to_string());
                        e.pfs_line = line;
                    }
                    ["remote-address", "ipv6", a, ..] | ["remote-address", a, ..] => {
                        if *a != "host-name" {
                            e.remote = Some(a.to_string());
                        } else if let Some(h) = words.get(2) {
                            e.remote = Some(h.to_string());
                        }
                    }
                    ["tunnel", "remote", a, ..] => e.remote = Some(a.to_string()),
                    _ => {}
                }
            }
            View::Ikev2Keychain(_) => self.ikev2_keychain_peer(view, "", words),
            View::Interface(i) => {
                let Some(f) = self.interfaces.get_mut(*i) else {
                    return;
                };
                match words {
                    ["shutdown"] => f.shutdown = Some(line),
                    ["undo", "shutdown"] => f.shutdown = None,
                    // VRP `ipsec policy P`, Comware `ipsec apply policy P`.
                    ["ipsec", "policy" | "ipv6-policy", p, ..]
                    | ["ipsec", "apply", "policy" | "ipv6-policy", p, ..] => {
                        f.policies.push((p.to_string(), line))
                    }
                    // VRP tunnel interface `ipsec profile P`, Comware
                    // `tunnel protection ipsec profile P`.
                    ["ipsec", "profile", p, ..]
                    | ["tunnel", "protection", "ipsec", "profile", p, ..] => {
                        f.profiles.push((p.to_string(), line))
                    }
                    _ => {}
                }
            }
            View::Other => {}
        }
    }

    fn facts(&self, flavor: Flavor, input_len: usize) -> Result<ConfigFacts, ReadError> {
        // The entries of each template, merged once: first value wins,
        // phase-2 lists add up.
        let mut templates: HashMap<&str, Entry> = HashMap::new();
        for e in &self.entries {
            if let Some(n) = e.template_name.as_deref() {
                let m = templates.entry(n).or_default();
                if m.line == 0 {
                    m.line = e.line;
                }
                if m.ike_peer.is_none() && m.ike_profile.is_none() && m.ikev2_profile.is_none() {
                    m.side_line = e.side_line;
                }
                m.ike_peer = m.ike_peer.take().or_else(|| e.ike_peer.clone());
                m.ike_profile = m.ike_profile.take().or_else(|| e.ike_profile.clone());
                m.ikev2_profile = m.ikev2_profile.take().or_else(|| e.ikev2_profile.clone());
                if m.pfs.is_none() {
                    m.pfs_line = e.pfs_line;
                }
                m.pfs = m.pfs.take().or_else(|| e.pfs.clone());
                m.remote = m.remote.take().or_else(|| e.remote.clone());
                if m.phase2_line == 0 {
                    m.phase2_line = e.phase2_line;
                }
                for p in &e.phase2.items {
                    m.phase2.push(p);
                }
            }
        }
        let ctx = Resolved {
            ike: self
                .ike_proposals
                .iter()
                .map(|(_, p)| (p.string(), p.auth_method(), p.line, p.method_line))
                .collect(),
            ikev2: self
                .ikev2_proposals
                .iter()
                .map(|(_, p)| (p.string(), p.auth_method(), p.line, p.method_line))
                .collect(),
            templates,
        };
        let mut budget = Budget::new(input_len);
        let mut tunnels = Vec::new();
        let mut warnings = self.unused();
        warnings.extend(self.shut_down());
        let mut seen: std::collections::HashSet<(u32, String)> = std::collections::HashSet::new();
        for e in self.entries.iter().filter(|e| e.tunnel) {
            let (t, notes) = self.tunnel(e, &ctx, flavor, &mut budget)?;
            for (line, what) in notes {
                if seen.insert((line, what.clone())) {
                    warnings.push(ReadWarning::new(line, what));
                }
            }
            tunnels.push(t);
        }
        // Templates are resolved for every policy that names them; a
        // template naming what is not defined is noted once at its line.
        warnings.sort_by_key(|w| w.line);
        Ok(ConfigFacts {
            tunnels,
            log_hosts: self.log_hosts.items.clone(),
            log_host_lines: self.log_hosts.lines.clone(),
            warnings,
            release: self.release.clone(),
        })
    }

    /// Objects defined and used by nothing, each at its line. IKE proposals
    /// are only said to be named by no peer or profile: a responder matches
    /// an offer against all of its proposals (see [`Model::tunnel`]).
    fn unused(&self) -> Vec<ReadWarning> {
        use std::collections::HashSet;
        let mut out = Vec::new();
        let mut named_phase2: HashSet<&str> = HashSet::new();
        let mut peers: HashSet<&str> = HashSet::new();
        let mut profiles: HashSet<&str> = HashSet::new();
        let mut profiles2: HashSet<&str> = HashSet::new();
        let mut templates: HashSet<&str> = HashSet::new();
        for e in &self.entries {
            named_phase2.extend(e.phase2.items.iter().map(String::as_str));
            peers.extend(e.ike_peer.as_deref());
            profiles.extend(e.ike_profile.as_deref());
            profiles2.extend(e.ikev2_profile.as_deref());
            templates.extend(e.template.as_deref());
        }
        let mut list = |names: Vec<(&String, u32)>, used: &HashSet<&str>, what: &str| {
            for (n, line) in names {
                if !used.contains(n.as_str()) {
                    out.push(ReadWarning::new(
                        line,
                        format!("{what} {n} {}", USED_BY_NOTHING),
                    ));
                }
            }
        };
        list(
            self.phase2.iter().map(|(n, p)| (n, p.line)).collect(),
            &named_phase2,
            "IPsec proposal / transform set",
        );
        list(
            self.ike_peers.iter().map(|(n, p)| (n, p.line)).collect(),
            &peers,
            "IKE peer",
        );
        list(
            self.ike_profiles.iter().map(|(n, p)| (n, p.line)).collect(),
            &profiles,
            "IKE profile",
        );
        list(
            self.ikev2_profiles
                .iter()
                .map(|(n, p)| (n, p.line))
                .collect(),
            &profiles2,
            "IKEv2 profile",
        );
        let mut seen_templates: HashSet<&str> = HashSet::new();
        for e in &self.entries {
            if let Some(n) = e.template_name.as_deref()
                && !templates.contains(n)
                && seen_templates.insert(n)
            {
                out.push(ReadWarning::new(
                    e.line,
                    format!("IPsec policy template {n} is named by no IPsec policy"),
                ));
            }
        }
        let mut named_ike: HashSet<&str> = HashSet::new();
        for p in self.ike_peers.values().chain(self.ike_profiles.values()) {
            named_ike.extend(p.proposals.items.iter().map(String::as_str));
        }
        let any_offers_all = self
            .ike_peers
            .values()
            .chain(self.ike_profiles.values())
            .any(|p| p.proposals.items.is_empty());
        let no_peers = self.ike_peers.is_empty() && self.ike_profiles.is_empty();
        if !any_offers_all && !no_peers {
            for (n, p) in &self.ike_proposals {
                if !named_ike.contains(n.as_str()) {
                    out.push(ReadWarning::new(
                        p.line,
                        format!("IKE proposal {n} is named by no IKE peer or profile"),
                    ));
                }
            }
        }
        // Policies applied to no interface, when the file has interfaces.
        if !self.interfaces.is_empty() {
            let applied: HashSet<&str> = self
                .interfaces
                .iter()
                .flat_map(|f| f.policies.iter().map(|(p, _)| p.as_str()))
                .collect();
            let mut noted: HashSet<&str> = HashSet::new();
            for e in self.entries.iter().filter(|e| e.tunnel && !e.profile) {
                let group = e.name.split(' ').next().unwrap_or("");
                if !applied.contains(group) && noted.insert(group) {
                    out.push(ReadWarning::new(
                        e.line,
                        format!("IPsec policy {group} is applied to no interface"),
                    ));
                }
            }
        }
        out
    }

    /// Interfaces shut down that carry an IPsec policy or profile.
    fn shut_down(&self) -> Vec<ReadWarning> {
        let mut out = Vec::new();
        for f in &self.interfaces {
            let Some(line) = f.shutdown else { continue };
            for (p, at) in &f.policies {
                out.push(ReadWarning::new(
                    line,
                    format!(
                        "interface {} is shut down: IPsec policy {p}, applied at line {at}, carries no traffic on it",
                        f.name
                    ),
                ));
            }
            for (p, at) in &f.profiles {
                out.push(ReadWarning::new(
                    line,
                    format!(
                        "interface {} is shut down: IPsec profile {p}, applied at line {at}, carries no traffic on it",
                        f.name
                    ),
                ));
            }
        }
        out
    }

    /// One policy entry's tunnel, and its located notes (undefined
    /// references, defaults that may be negotiated).
    fn tunnel(
        &self,
        e: &Entry,
        ctx: &Resolved<'_>,
        flavor: Flavor,
        budget: &mut Budget,
    ) -> Result<(Tunnel, Vec<(u32, String)>), ReadError> {
        let mut t = Tunnel {
            name: e.name.clone(),
            line: e.line,
            ..Tunnel::default()
        };
        let mut notes: Vec<(u32, String)> = Vec::new();
        let unresolved =
            |notes: &mut Vec<(u32, String)>, t: &mut Tunnel, line: u32, what: String| {
                t.unresolved.push(what.clone());
                notes.push((line, what));
            };
        let template = e.template.as_deref().and_then(|n| ctx.templates.get(n));
        if let Some(n) = e.template.as_deref()
            && template.is_none()
        {
            unresolved(
                &mut notes,
                &mut t,
                e.line,
                format!(
                    "IPsec policy template {n}, named at line {}, is not defined",
                    e.line
                ),
            );
        }
        let all: Vec<&Entry> = std::iter::once(e).chain(template).collect();
        let first = |f: fn(&Entry) -> Option<&String>| all.iter().find_map(|x| f(x)).cloned();

        // Phase 2. PFS stays unknown unless a `pfs` command is present: no
        // documented default for the `pfs` command of VRP or Comware was
        // found in the vendor pages available (unconfirmed), so a policy
        // without one is not taken as "PFS off".
        let policy_pfs = all.iter().find(|x| x.pfs.is_some());
        let mut esp = Uniq::default();
        for x in &all {
            budget.spend(x.phase2.items.len(), e.line)?;
            for name in &x.phase2.items {
                let Some(p) = self.phase2.get(name) else {
                    unresolved(
                        &mut notes,
                        &mut t,
                        x.phase2_line,
                        format!(
                            "IPsec proposal / transform set {name}, named at line {}, is not defined",
                            x.phase2_line
                        ),
                    );
                    continue;
                };
                let pfs = policy_pfs
                    .and_then(|x| x.pfs.as_deref())
                    .or(p.pfs.as_deref());
                let mut parts: Vec<&str> = Vec::new();
                match p.protocol.as_deref() {
                    Some("ah") => parts.extend(p.ah_auth.iter().map(String::as_str)),
                    Some("ah-esp") => {
                        parts.extend(p.esp_enc.iter().map(String::as_str));
                        parts.extend(p.esp_auth.iter().map(String::as_str));
                        parts.extend(p.ah_auth.iter().map(String::as_str));
                    }
                    _ => {
                        parts.extend(p.esp_enc.iter().map(String::as_str));
                        parts.extend(p.esp_auth.iter().map(String::as_str));
                    }
                }
                if t.lines.esp == 0 {
                    t.lines.esp = p.line;
                }
                if !parts.is_empty() {
                    if let Some(g) = pfs.filter(|g| g.starts_with("dh-group")) {
                        parts.push(g);
                    }
                    let s = parts.join(" ");
                    budget.spend(s.len(), e.line)?;
                    esp.push(&s);
                }
                if pfs.is_some() {
                    t.pfs = Some(true);
                    if t.lines.pfs == 0 {
                        t.lines.pfs = policy_pfs.map_or(p.pfs_line, |x| x.pfs_line);
                    }
                }
            }
        }
        t.esp = esp.items;
        if let Some(x) = policy_pfs {
            t.pfs = Some(true);
            t.lines.pfs = x.pfs_line;
        }
        if e.manual {
            t.peer = first(|x| x.remote.as_ref());
            return Ok((t, notes));
        }

        // Phase 1.
        let side_line = all
            .iter()
            .map(|x| x.side_line)
            .find(|l| *l != 0)
            .unwrap_or(e.line);
        let peer_name = first(|x| x.ike_peer.as_ref());
        let profile_name = first(|x| x.ike_profile.as_ref());
        let profile2_name = first(|x| x.ikev2_profile.as_ref());
        let peer = peer_name.as_ref().and_then(|p| self.ike_peers.get(p));
        let profile = profile_name.as_ref().and_then(|p| self.ike_profiles.get(p));
        let profile2 = profile2_name
            .as_ref()
            .and_then(|p| self.ikev2_profiles.get(p));
        for (name, found, label) in [
            (&peer_name, peer.is_some(), "IKE peer"),
            (&profile_name, profile.is_some(), "IKE profile"),
            (&profile2_name, profile2.is_some(), "IKEv2 profile"),
        ] {
            if let Some(n) = name
                && !found
            {
                unresolved(
                    &mut notes,
                    &mut t,
                    side_line,
                    format!("{label} {n}, named at line {side_line}, is not defined"),
                );
            }
        }
        let v2_only = profile2.is_some() && peer.is_none() && profile.is_none();

        t.ike_version = if let Some(p) = peer {
            let mut enabled: Vec<u8> = p.versions.clone();
            if enabled.is_empty() && !p.undo_versions.is_empty() {
                enabled = vec![1, 2];
            }
            if enabled.is_empty() && flavor == Flavor::Comware {
                enabled = vec![1];
            }
            enabled.retain(|v| !p.undo_versions.contains(v));
            enabled.iter().min().copied()
        } else if profile.is_some() {
            Some(1)
        } else if profile2.is_some() {
            Some(2)
        } else if flavor == Flavor::Comware {
            Some(1)
        } else {
            None
        };

        let ike_side: Option<&Peer> = peer.or(profile).or(profile2);
        t.ike_mode = match ike_side.and_then(|p| p.mode.as_deref()) {
            Some("aggressive") => Some(IkeMode::Aggressive),
            Some("main") => Some(IkeMode::Main),
            _ if t.ike_version == Some(1) => Some(IkeMode::Main),
            _ => None,
        };

        // IKE proposals: those named, or every configured one.
        let mut indices: Vec<usize> = Vec::new();
        let (table, index) = if v2_only {
            (&ctx.ikev2, &self.ikev2_proposal_index)
        } else {
            (&ctx.ike, &self.ike_proposal_index)
        };
        let named: Vec<(&String, &Peer, &str)> = if v2_only {
            Vec::new()
        } else {
            [(peer, "IKE peer"), (profile, "IKE profile")]
                .into_iter()
                .filter_map(|(p, label)| Some((p?, label)))
                .flat_map(|(p, label)| p.proposals.items.iter().map(move |x| (x, p, label)))
                .collect()
        };
        let named_v2: Vec<&String> = if v2_only {
            self.ikev2_policy_proposals.items.iter().collect()
        } else {
            Vec::new()
        };
        budget.spend(named.len() + named_v2.len(), e.line)?;
        if named.is_empty() && named_v2.is_empty() {
            budget.spend(table.len(), e.line)?;
            indices.extend(0..table.len());
        } else {
            for (n, p, label) in &named {
                match index.get(n.as_str()) {
                    Some(&i) => indices.push(i),
                    None => unresolved(
                        &mut notes,
                        &mut t,
                        p.proposals_line,
                        format!(
                            "IKE proposal {n}, named by the {label} at line {}, is not defined",
                            p.proposals_line
                        ),
                    ),
                }
            }
            indices.extend(
                named_v2
                    .iter()
                    .filter_map(|n| index.get(n.as_str()).copied()),
            );
        }
        let mut ike = Uniq::default();
        for i in indices {
            let Some((s, method, line, method_line)) = table.get(i) else {
                continue;
            };
            if t.lines.ike == 0 {
                t.lines.ike = *line;
            }
            if !s.is_empty() {
                budget.spend(s.len(), e.line)?;
                ike.push(s);
            }
            if !v2_only {
                push_unique(&mut t.auth, *method);
                if t.lines.auth == 0 && *method_line != 0 {
                    t.lines.auth = *method_line;
                }
            }
        }
        t.ike = ike.items;

        // Authentication stated on the peer / profile.
        for side in [peer, profile, profile2].into_iter().flatten() {
            if side.psk && t.auth.is_empty() {
                push_unique(&mut t.auth, AuthMethod::Psk);
            }
            for m in &side.methods {
                push_unique(&mut t.auth, *m);
            }
            if t.lines.auth == 0 {
                t.lines.auth = side.auth_line;
            }
        }

        // Peer address.
        let keychains: usize = [profile, profile2, peer]
            .into_iter()
            .flatten()
            .map(|p| p.keychains.items.len())
            .sum();
        budget.spend(keychains, e.line)?;
        for side in [profile, profile2, peer].into_iter().flatten() {
            for k in &side.keychains.items {
                if !self.keychains.contains_key(k) && !self.ikev2_keychains.contains_key(k) {
                    notes.push((
                        side.auth_line,
                        format!(
                            "keychain {k}, named at line {}, is not defined",
                            side.auth_line
                        ),
                    ));
                }
            }
        }
        t.peer = first(|x| x.remote.as_ref())
            .or_else(|| ike_side.and_then(|p| p.remote.clone()))
            .or_else(|| {
                let (mine, other) = if v2_only {
                    (&self.ikev2_keychains, &self.keychains)
                } else {
                    (&self.keychains, &self.ikev2_keychains)
                };
                [profile, profile2, peer]
                    .into_iter()
                    .flatten()
                    .flat_map(|p| p.keychains.items.iter())
                    .find_map(|k| mine.get(k).or_else(|| other.get(k)).and_then(Uniq::first))
                    .cloned()
            });
        budget.spend(t.peer.as_ref().map_or(0, String::len), e.line)?;
        // The system default IKE proposal (IKEv1 `ike proposal` family).
        if !v2_only {
            self.default_ike_proposal(&mut t, &mut notes, flavor, peer, profile, side_line);
        }
        budget.spend(
            t.unresolved
                .iter()
                .chain(&t.defaults)
                .map(String::len)
                .sum(),
            e.line,
        )?;
        Ok((t, notes))
    }

    /// Both systems keep a default IKE proposal of the lowest priority that
    /// a negotiation can fall back to; it authenticates with a pre-shared
    /// key, so it matters where one is configured for the tunnel.
    ///
    /// * VRP: "By default, the system provides the IKE proposal Default
    ///   with the lowest priority" (`ike proposal`, Huawei AR500, AR510,
    ///   and AR530 V200R007 Command Reference,
    ///   support.huawei.com/enterprise/en/doc/EDOC1000097293/473b26bc/ike-proposal:
    ///   pre-shared key, SHA-1, DES-CBC, DH group 1); the USG6000E
    ///   `ike proposal` reference (copy at
    ///   usg.zrnko.cz/resources/dc/ike_proposal.html) gives AES-256/192/128,
    ///   SHA2-512/384/256 and DH14, and the responder "uses its IKE
    ///   proposals starting from the highest priority to match"; NetEngine
    ///   8000 VRP V8 "Configuring an IKE Proposal" (copy at
    ///   a10.tagan.ru/huawei/netengine8000f1a/software/nev8r10_vrpv8r16/user/vrp/dc_vrp_ipsec_cfg_all_0011.html)
    ///   has three defaults. The algorithms depend on model and release,
    ///   which a configuration does not pin down: the IKE side is unknown.
    ///   The same NE V8 page says when it is used: an initiator whose IKE
    ///   peer names no proposal sends all of them, while one that names
    ///   proposals sends only those and "if no IKE proposal is matched, the
    ///   negotiation fails". So the Default counts for a peer naming none;
    ///   the responder side of a peer naming proposals is not described
    ///   separately (taken to follow the peer's proposals, as the page
    ///   reads).
    /// * Comware: "If all user-defined IKE proposals are mismatched, the
    ///   two peers use their default IKE proposals to establish the IKE SA"
    ///   (`ike proposal`, HPE FlexNetwork MSR Router Series Comware 7
    ///   Security Command Reference; copy at
    ///   easymanua.ls/hp/msr-series/manual/217152?p=383). Comware 5 documents
    ///   its default as pre-shared key, SHA, DES-CBC, DH group 1 (HP VPN
    ///   Firewall Appliances VPN Configuration Guide, "Configuring an IKE
    ///   proposal"; H3C SecPath F1000-E User Manual, "Configuring IKE"),
    ///   and 128-bit AES-CBC instead of DES-CBC in FIPS mode (HP MSR Series
    ///   configuration guide, copy at
    ///   easymanua.ls/hpe/flexnetwork-msr-series/manual/685528?p=217). The
    ///   Comware 7 default's algorithms were not found documented
    ///   (unconfirmed): unknown.
    fn default_ike_proposal(
        &self,
        t: &mut Tunnel,
        notes: &mut Vec<(u32, String)>,
        flavor: Flavor,
        peer: Option<&Peer>,
        profile: Option<&Peer>,
        side_line: u32,
    ) {
        // A keychain with a key for the tunnel's peer address, for an IKE
        // profile naming no keychain (or no profile at all): whether the
        // device then looks keys up in every keychain is unconfirmed, so
        // it is assumed it may.
        let keyed_peer = t.peer.as_ref().is_some_and(|a| {
            self.keychains
                .values()
                .any(|k| k.items.iter().any(|x| x == a))
        });
        let psk = match flavor {
            // VRP: only a peer naming no `ike-proposal` offers every
            // proposal, the Default among them; with proposals named "only
            // the specified IKE proposal can be sent" and a mismatch fails.
            Flavor::Vrp => peer.is_some_and(|p| p.psk && p.proposals.items.is_empty()),
            Flavor::Comware => {
                peer.is_some_and(|p| p.psk)
                    || profile.is_some_and(|p| !p.keychains.items.is_empty())
                    || (profile.is_none_or(|p| p.keychains.items.is_empty()) && keyed_peer)
            }
        };
        if !psk {
            return;
        }
        push_unique(&mut t.auth, AuthMethod::Psk);
        let comware5 = self.release.as_deref().is_some_and(|r| r.starts_with("5."));
        let what = match flavor {
            Flavor::Comware if comware5 && !self.fips => {
                let p = "des-cbc sha dh group1";
                if !t.ike.iter().any(|x| x == p) {
                    t.ike.push(p.to_string());
                }
                t.defaults.push(format!(
                    "IKE: the default IKE proposal of the lowest priority ({p}, pre-shared key; \
                     Comware 5 in non-FIPS mode, HP VPN Firewall Appliances VPN Configuration \
                     Guide and H3C SecPath F1000-E User Manual, \"Configuring an IKE proposal\"; \
                     release {})",
                    self.release.as_deref().unwrap_or("")
                ));
                return;
            }
            Flavor::Comware => format!(
                "the default IKE proposal of the lowest priority can be negotiated when no configured \
                 proposal matches (pre-shared key); its algorithms are unconfirmed for {}",
                if self.fips {
                    "FIPS mode".to_string()
                } else {
                    match self.release.as_deref() {
                        Some(r) => format!("release {r}"),
                        None => "an unknown release".to_string(),
                    }
                }
            ),
            Flavor::Vrp => {
                "the system default IKE proposal of the lowest priority can be negotiated \
                 (pre-shared key); its algorithms differ by model and release (DES-CBC, SHA-1, \
                 DH group 1 on AR500 V200R007; AES, SHA-2, DH group 14 on USG6000E)"
                    .to_string()
            }
        };
        t.unresolved.push(what.clone());
        notes.push((side_line, what));
    }
}

/// How a warning says an object is defined and used by nothing.
const USED_BY_NOTHING: &str = "is defined but no IPsec policy, template or profile uses it";

/// Per-file data shared by all tunnels.
struct Resolved<'m> {
    /// Proposal string, authentication method, line and
    /// `authentication-method` line of each `ike proposal`.
    ike: Vec<(String, AuthMethod, u32, u32)>,
    ikev2: Vec<(String, AuthMethod, u32, u32)>,
    templates: HashMap<&'m str, Entry>,
}

fn ike_proposal_command(p: &mut IkeProposal, words: &[&str], line: u32) {
    match words {
        ["encryption-algorithm" | "encryption", rest @ ..] => p.enc = algs(rest),
        ["authentication-algorithm", rest @ ..] => p.auth = algs(rest),
        ["integrity-algorithm" | "integrity", rest @ ..] => p.integrity = algs(rest),
        ["prf", rest @ ..] => p.prf = algs(rest),
        ["dh", rest @ ..] => p.dh = rest.iter().map(|s| s.to_string()).collect(),
        ["authentication-method", m, ..] => {
            p.method = Some(m.to_string());
            p.method_line = line;
        }
        _ => {}
    }
}

fn peer_command(p: &mut Peer, words: &[&str], line: u32) {
    let auth_line = |p: &mut Peer| {
        if p.auth_line == 0 {
            p.auth_line = line;
        }
    };
    match words {
        ["version", v, ..] => match *v {
            "1" => push_unique(&mut p.versions, 1),
            "2" => push_unique(&mut p.versions, 2),
            _ => {}
        },
        ["undo", "version", v, ..] => match *v {
            "1" => push_unique(&mut p.undo_versions, 1),
            "2" => push_unique(&mut p.undo_versions, 2),
            _ => {}
        },
        ["exchange-mode", m, ..] => p.mode = Some(m.to_string()),
        ["ike-proposal" | "proposal", rest @ ..] => {
            if p.proposals_line == 0 {
                p.proposals_line = line;
            }
            for n in rest {
                p.proposals.push(n);
            }
        }
        ["remote-address", rest @ ..] => {
            let addr = match rest {
                ["host-name", h, ..] | ["ipv6", h, ..] | [h, ..] => Some(h),
                [] => None,
            };
            if let Some(a) = addr {
                p.remote = Some(a.to_string());
            }
        }
        ["match", "remote", "identity", kind, rest @ ..] => {
            let value = match (*kind, rest) {
                ("address", ["ipv6", a, ..]) | ("address", [a, ..]) => Some(a),
                ("fqdn" | "user-fqdn", [a, ..]) => Some(a),
                _ => None,
            };
            if let Some(a) = value
                && p.remote.is_none()
            {
                p.remote = Some(a.to_string());
            }
        }
        ["keychain", k, ..] => {
            auth_line(p);
            p.keychains.push(k)
        }
        // Only the presence of a key is noted, never the key.
        ["pre-shared-key", ..] => {
            auth_line(p);
            p.psk = true
        }
        ["certificate", "domain", ..] => {
            auth_line(p);
            push_unique(&mut p.methods, AuthMethod::Certificate)
        }
        ["authentication-method", side, m, ..] if matches!(*side, "local" | "remote") => {
            if let Some(m) = auth_method(m) {
                auth_line(p);
                push_unique(&mut p.methods, m);
            }
        }
        _ => {}
    }
}
