//! Lines and indentation to a raw model of the crypto configuration.
//!
//! A Cisco configuration is a list of commands; a command indented deeper
//! than the one before it belongs to that one's block. Indentation is
//! relative (some files indent everything by one space), so a stack of open
//! blocks is kept and a line closes every block indented at least as deep.
//! `!` lines (and ASA's `:` header lines) are comments and close nothing, so
//! a comment at column 0 inside a block does not end it. Every line is
//! looked at once: linear time, whatever the nesting.
//!
//! Nothing secret is stored: of a line that carries a key, only the peer
//! address or the fact that a key exists is kept.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Flavour, MAX_LINE};
use crate::evidence::{AuthMethod, IkeMode, ReadError};

/// Named items in definition order, found by name.
#[derive(Debug)]
pub(super) struct Table<T> {
    items: Vec<(String, T)>,
    index: HashMap<String, usize>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Table<T> {
    /// The index of `name`, created with `make` when new. A redefinition
    /// adds to the first one, like re-entering a block on the device.
    fn upsert(&mut self, name: &str, make: impl FnOnce() -> T) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.items.push((name.to_string(), make()));
        self.index.insert(name.to_string(), self.items.len() - 1);
        self.items.len() - 1
    }

    fn at(&mut self, i: usize) -> &mut T {
        &mut self.items[i].1
    }

    pub(super) fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).map(|&i| &self.items[i].1)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.items.iter().map(|(n, t)| (n.as_str(), t))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A list without repeats, in order of first appearance. Hashes, so a huge
/// file full of repeated or distinct names stays linear.
#[derive(Debug, Default, Clone)]
pub(super) struct Unique {
    items: Vec<String>,
    seen: HashSet<String>,
}

impl Unique {
    pub(super) fn push(&mut self, item: &str) {
        if !self.seen.contains(item) {
            self.seen.insert(item.to_string());
            self.items.push(item.to_string());
        }
    }

    fn of(words: &[&str]) -> Unique {
        let mut u = Unique::default();
        for w in words {
            u.push(w);
        }
        u
    }

    pub(super) fn contains(&self, item: &str) -> bool {
        self.seen.contains(item)
    }

    pub(super) fn items(&self) -> &[String] {
        &self.items
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(super) fn into_vec(self) -> Vec<String> {
        self.items
    }
}

/// An IKEv1 policy (`crypto isakmp policy N`, ASA `crypto ikev1 policy N`).
#[derive(Debug, Default)]
pub(super) struct Ike1Policy {
    pub encryption: Option<String>,
    pub hash: Option<String>,
    pub group: Option<String>,
    pub authentication: Option<String>,
}

/// Algorithm lists of an IKEv2 proposal (IOS), an ASA IKEv2 policy or an
/// ASA IKEv2 IPsec proposal.
#[derive(Debug, Default)]
pub(super) struct Algorithms {
    pub encryption: Unique,
    pub integrity: Unique,
    pub prf: Unique,
    pub group: Unique,
}

/// `crypto ikev2 policy NAME`: IOS names proposals, ASA writes algorithms.
#[derive(Debug, Default)]
pub(super) struct Ike2Policy {
    pub inline: Algorithms,
    pub proposals: Unique,
}

/// What kind of crypto-map entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) enum EntryKind {
    /// `ipsec-isakmp`, IOS's default, and every ASA entry.
    #[default]
    Isakmp,
    /// `ipsec-manual`: static keys, no IKE.
    Manual,
    /// `gdoi`: group keys from a key server, not a tunnel of its own.
    Gdoi,
    /// `ipsec-isakmp dynamic DYN`.
    Dynamic(String),
}

/// A crypto-map entry, a dynamic-map entry or an IPsec profile: what a
/// tunnel's phase 2 is made of.
#[derive(Debug, Default)]
pub(super) struct Entry {
    pub line: u32,
    /// The map (or dynamic map) this entry belongs to.
    pub set_name: String,
    pub seq: String,
    pub kind: EntryKind,
    pub peers: Unique,
    pub transform_sets: Unique,
    pub ipsec_proposals: Unique,
    /// `Some(None)`: bare `set pfs`; `Some(Some("14"))`: `set pfs group14`.
    pub pfs: Option<Option<String>>,
    pub ikev2_profile: Option<String>,
    pub isakmp_profile: Option<String>,
    pub phase1_mode: Option<IkeMode>,
    /// Says IKEv1 (ISAKMP profile, ASA ikev1 transform set, phase-1 mode).
    pub v1: bool,
    /// Says IKEv2 (IKEv2 profile, ASA IKEv2 IPsec proposal).
    pub v2: bool,
}

#[derive(Debug)]
pub(super) struct TunnelIf {
    pub name: String,
    pub line: u32,
    pub destination: Option<String>,
    pub nbma: Option<String>,
    pub profile: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct TunnelGroup {
    pub kind: Option<String>,
    pub auth: BTreeSet<AuthMethod>,
}

/// The crypto configuration of one file, references unresolved.
#[derive(Debug)]
pub(super) struct Model {
    pub flavour: Flavour,
    pub ike1_policies: Table<Ike1Policy>,
    pub ike2_policies: Table<Ike2Policy>,
    pub ike2_proposals: Table<Algorithms>,
    /// IKEv2 profile name to its local and remote authentication methods.
    pub ike2_profiles: Table<BTreeSet<AuthMethod>>,
    /// ISAKMP profile name to "initiates aggressive mode".
    pub isakmp_profiles: Table<bool>,
    /// `crypto isakmp peer address|hostname X` to "sets aggressive mode".
    pub isakmp_peers: Table<bool>,
    /// Transform-set name to its transforms as written.
    pub transform_sets: Table<String>,
    pub ipsec_proposals: Table<Algorithms>,
    pub ipsec_profiles: Table<Entry>,
    pub map_entries: Table<Entry>,
    pub dynamic_entries: Table<Entry>,
    pub interfaces: Vec<TunnelIf>,
    /// Peers that have a pre-shared key (addresses or host names; the key
    /// itself is never kept).
    pub psk_peers: Unique,
    pub aggressive_disabled: bool,
    /// Any ISAKMP / IKEv1 configuration (policy, key, keyring, profile,
    /// `crypto ikev1 enable`).
    pub ikev1_config: bool,
    /// Any IKEv2 configuration.
    pub ikev2_config: bool,
    pub tunnel_groups: Table<TunnelGroup>,
    pub log_hosts: Unique,
    /// ASA `name ADDRESS NAME`: names the configuration may use for hosts.
    pub host_names: HashMap<String, String>,
}

impl Model {
    fn new(flavour: Flavour) -> Model {
        Model {
            flavour,
            ike1_policies: Table::default(),
            ike2_policies: Table::default(),
            ike2_proposals: Table::default(),
            ike2_profiles: Table::default(),
            isakmp_profiles: Table::default(),
            isakmp_peers: Table::default(),
            transform_sets: Table::default(),
            ipsec_proposals: Table::default(),
            ipsec_profiles: Table::default(),
            map_entries: Table::default(),
            dynamic_entries: Table::default(),
            interfaces: Vec::new(),
            psk_peers: Unique::default(),
            aggressive_disabled: false,
            ikev1_config: false,
            ikev2_config: false,
            tunnel_groups: Table::default(),
            log_hosts: Unique::default(),
            host_names: HashMap::new(),
        }
    }
}

/// What a block is, so its children can be read.
#[derive(Debug, Clone, Copy)]
enum Ctx {
    Other,
    Ike1(usize),
    Ike2Policy(usize),
    Ike2Proposal(usize),
    Ike2Profile(usize),
    IsakmpProfile(usize),
    IsakmpPeer(usize),
    Keyring,
    IpsecProposal(usize),
    IpsecProfile(usize),
    MapEntry(usize),
    DynamicEntry(usize),
    Interface(usize),
    TunnelGroupIpsec(usize),
    CertChain,
    PubkeyChain,
    PubkeyKey,
}

struct Frame {
    indent: usize,
    ctx: Ctx,
}

/// An open IOS banner: lines are text until one holds the delimiter.
struct Banner {
    line: u32,
    col: u32,
    delim: String,
}

/// Open certificate / public-key hex data, closed by `quit`.
struct Data {
    line: u32,
    indent: usize,
    saw_hex: bool,
}

struct Parser {
    m: Model,
    stack: Vec<Frame>,
    banner: Option<Banner>,
    data: Option<Data>,
}

/// Parses one configuration into its raw crypto model.
pub(super) fn parse(text: &str, flavour: Flavour) -> Result<Model, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(pos) = text.find('\0') {
        let (line, col) = position(text, pos);
        return Err(ReadError::new(
            line,
            col,
            "NUL byte: this is binary data, not a Cisco configuration",
        ));
    }
    let mut p = Parser {
        m: Model::new(flavour),
        stack: Vec::new(),
        banner: None,
        data: None,
    };
    for (i, raw) in text.split('\n').enumerate() {
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.len() > MAX_LINE {
            return Err(ReadError::new(
                no,
                MAX_LINE as u32 + 1,
                format!(
                    "line is {} bytes long, over the {MAX_LINE}-byte limit for one \
                     configuration line: is this a Cisco configuration?",
                    raw.len()
                ),
            ));
        }
        p.line(no, raw);
    }
    p.finish()?;
    Ok(p.m)
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, pos: usize) -> (u32, u32) {
    let before = &text[..pos];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn is_hex_line(s: &str) -> bool {
    s.split_ascii_whitespace()
        .all(|w| w.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A crypto-map sequence number (IOS 1-65535; any digits accepted).
fn is_seq(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `group14` → `14`; anything else as written (then reported unknown).
fn group_number(token: &str) -> String {
    match token.strip_prefix("group") {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => token.to_string(),
    }
}

/// Authentication keyword of an IKE policy or profile.
pub(super) fn auth_method(word: &str) -> Option<AuthMethod> {
    match word {
        "pre-share" | "pre-shared-key" => Some(AuthMethod::Psk),
        "rsa-sig" | "rsa-encr" | "ecdsa-sig" | "certificate" => Some(AuthMethod::Certificate),
        "eap" | "anyconnect-eap" | "crack" => Some(AuthMethod::Password),
        _ => None,
    }
}

/// Looks like an address or a host name, not a `logging` keyword: those
/// never hold a dot or a colon.
fn is_host(word: &str) -> bool {
    word.contains('.') || word.contains(':')
}

impl Parser {
    fn line(&mut self, no: u32, raw: &str) {
        if let Some(b) = &self.banner {
            if raw.contains(b.delim.as_str()) {
                self.banner = None;
            }
            return;
        }
        let body = raw.trim_start();
        let indent = raw.len() - body.len();
        let body = body.trim_end();
        if body.is_empty() || body.starts_with('!') || (indent == 0 && body.starts_with(':')) {
            return;
        }
        if let Some(d) = &mut self.data {
            if body == "quit" {
                self.data = None;
                return;
            }
            if indent > d.indent && is_hex_line(body) {
                d.saw_hex = true;
                return;
            }
            // Data shown as a file reference (`certificate ca 01
            // nvram:...`) has no hex and no `quit`.
            self.data = None;
        }
        // A word starting with '!' starts a trailing comment.
        let words: Vec<&str> = body
            .split_ascii_whitespace()
            .take_while(|w| !w.starts_with('!'))
            .collect();
        if words.is_empty() {
            return;
        }
        while self.stack.last().is_some_and(|f| f.indent >= indent) {
            self.stack.pop();
        }
        let ctx = match self.stack.last().map(|f| f.ctx) {
            Some(parent) => self.child(parent, &words, no, indent),
            None => self.top(&words, no, raw),
        };
        self.stack.push(Frame { indent, ctx });
    }

    fn finish(&mut self) -> Result<(), ReadError> {
        if let Some(b) = &self.banner {
            return Err(ReadError::new(
                b.line,
                b.col,
                "banner is never closed by its delimiter: the file looks cut off",
            ));
        }
        if let Some(d) = self.data.as_ref().filter(|d| d.saw_hex) {
            return Err(ReadError::new(
                d.line,
                1,
                "certificate or key data is not closed by `quit`: the file looks cut off",
            ));
        }
        Ok(())
    }

    // ---- top-level commands ------------------------------------------------

    fn top(&mut self, w: &[&str], no: u32, raw: &str) -> Ctx {
        match w {
            ["crypto", rest @ ..] => self.crypto(rest, no),
            ["interface", name, ..] => {
                self.m.interfaces.push(TunnelIf {
                    name: name.to_string(),
                    line: no,
                    destination: None,
                    nbma: None,
                    profile: None,
                });
                Ctx::Interface(self.m.interfaces.len() - 1)
            }
            ["logging", rest @ ..] => {
                self.logging(rest);
                Ctx::Other
            }
            // ASA: `name 10.1.1.5 syslog-srv [description ...]` (Cisco ASA
            // Series Command Reference, "name"); `logging host inside
            // syslog-srv` then means that address.
            ["name", address, name, ..] if self.m.flavour == Flavour::Asa && is_host(address) => {
                self.m
                    .host_names
                    .insert(name.to_string(), address.to_string());
                Ctx::Other
            }
            ["tunnel-group", name, "type", kind, ..] => {
                let i = self.m.tunnel_groups.upsert(name, TunnelGroup::default);
                self.m.tunnel_groups.at(i).kind = Some(kind.to_string());
                Ctx::Other
            }
            ["tunnel-group", name, "ipsec-attributes", ..] => {
                let i = self.m.tunnel_groups.upsert(name, TunnelGroup::default);
                Ctx::TunnelGroupIpsec(i)
            }
            ["banner", ..] if self.m.flavour == Flavour::Ios => {
                self.banner_start(no, raw);
                Ctx::Other
            }
            _ => Ctx::Other,
        }
    }

    /// IOS banners: `banner [TYPE] <d>text<d>` where the text may span lines
    /// (`show running-config` prints the delimiter as `^C`). ASA banners
    /// are one `banner TYPE text` command per line and need nothing.
    fn banner_start(&mut self, no: u32, raw: &str) {
        const TYPES: [&str; 7] = [
            "motd",
            "login",
            "exec",
            "incoming",
            "slip-ppp",
            "prompt-timeout",
            "config-save",
        ];
        let mut rest = raw.trim_start().trim_start_matches("banner").trim_start();
        if let Some(t) = TYPES.iter().find(|t| {
            rest.strip_prefix(**t)
                .is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        }) {
            rest = rest[t.len()..].trim_start();
        }
        let delim = if rest.starts_with("^C") {
            "^C".to_string()
        } else {
            match rest.chars().next() {
                // A word after the type is an ASA-style one-line banner.
                Some(c) if !c.is_alphanumeric() => c.to_string(),
                _ => return,
            }
        };
        if rest[delim.len()..].contains(delim.as_str()) {
            return;
        }
        let col = raw.len() - rest.len();
        let col = raw[..col].chars().count() + 1;
        self.banner = Some(Banner {
            line: no,
            col: u32::try_from(col).unwrap_or(u32::MAX),
            delim,
        });
    }

    fn logging(&mut self, w: &[&str]) {
        let host = match (self.m.flavour, w) {
            // ASA: logging host IFACE ADDRESS [...]
            (Flavour::Asa, ["host", _iface, host, ..]) => Some(*host),
            // IOS: logging host [ipv6] ADDRESS [vrf ...] [transport ...]
            (Flavour::Ios, ["host", "ipv6", host, ..]) => Some(*host),
            // An ASA line in an IOS file (`logging host inside 10.1.1.1`):
            // IOS keywords after the host never look like an address.
            (Flavour::Ios, ["host", iface, host, ..]) if !is_host(iface) && is_host(host) => {
                Some(*host)
            }
            (Flavour::Ios, ["host", host, ..]) => Some(*host),
            (Flavour::Ios, ["server", host, ..]) if is_host(host) => Some(*host),
            // Old IOS: logging ADDRESS
            (Flavour::Ios, [host, ..]) if is_host(host) => Some(*host),
            _ => None,
        };
        if let Some(h) = host {
            self.m.log_hosts.push(h);
        }
    }

    fn crypto(&mut self, w: &[&str], no: u32) -> Ctx {
        let m = &mut self.m;
        match w {
            ["isakmp" | "ikev1", "policy", n, ..] => {
                m.ikev1_config = true;
                Ctx::Ike1(m.ike1_policies.upsert(n, Ike1Policy::default))
            }
            ["isakmp", "key", rest @ ..] => {
                m.ikev1_config = true;
                // crypto isakmp key [0|6|7] SECRET address|hostname PEER [...]:
                // the peer follows the last keyword, so a key that happens
                // to read "address" is never taken for the peer.
                let at = rest
                    .iter()
                    .rposition(|t| *t == "address" || *t == "hostname");
                if let Some(peer) = at.and_then(|i| rest.get(i + 1)) {
                    let peer = if *peer == "ipv6" {
                        at.and_then(|i| rest.get(i + 2)).copied()
                    } else {
                        Some(*peer)
                    };
                    if let Some(p) = peer {
                        m.psk_peers.push(p.split('/').next().unwrap_or(p));
                    }
                }
                Ctx::Other
            }
            ["isakmp", "aggressive-mode", "disable", ..]
            | ["ikev1" | "isakmp", "am-disable", ..] => {
                m.aggressive_disabled = true;
                Ctx::Other
            }
            ["isakmp", "peer", "address" | "hostname", peer, ..] => {
                m.ikev1_config = true;
                let peer = if *peer == "ipv6" {
                    w.get(4).copied().unwrap_or(peer)
                } else {
                    peer
                };
                Ctx::IsakmpPeer(m.isakmp_peers.upsert(peer, || false))
            }
            ["isakmp", "profile", name, ..] => {
                m.ikev1_config = true;
                Ctx::IsakmpProfile(m.isakmp_profiles.upsert(name, || false))
            }
            ["isakmp" | "ikev1", "enable", ..] => {
                m.ikev1_config = true;
                Ctx::Other
            }
            ["keyring", ..] => {
                m.ikev1_config = true;
                Ctx::Keyring
            }
            ["ikev2", "enable", ..] | ["ikev2", "keyring", ..] => {
                m.ikev2_config = true;
                Ctx::Other
            }
            ["ikev2", "proposal", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Proposal(m.ike2_proposals.upsert(name, Algorithms::default))
            }
            ["ikev2", "policy", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Policy(m.ike2_policies.upsert(name, Ike2Policy::default))
            }
            ["ikev2", "profile", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Profile(m.ike2_profiles.upsert(name, BTreeSet::new))
            }
            ["ipsec", "transform-set", name, rest @ ..]
            | ["ipsec", "ikev1", "transform-set", name, rest @ ..] => {
                // ASA also writes `... transform-set NAME mode transport`.
                if !rest.is_empty() && rest[0] != "mode" {
                    let transforms: Vec<&str> = rest
                        .iter()
                        .copied()
                        .filter(|t| !t.eq_ignore_ascii_case("comp-lzs"))
                        .collect();
                    let i = m.transform_sets.upsert(name, String::new);
                    *m.transform_sets.at(i) = transforms.join(" ");
                }
                Ctx::Other
            }
            ["ipsec", "ikev2", "ipsec-proposal", name, ..] => {
                m.ikev2_config = true;
                Ctx::IpsecProposal(m.ipsec_proposals.upsert(name, Algorithms::default))
            }
            ["ipsec", "profile", name, ..] => {
                Ctx::IpsecProfile(m.ipsec_profiles.upsert(name, || Entry {
                    line: no,
                    set_name: name.to_string(),
                    ..Entry::default()
                }))
            }
            ["map", map, seq, rest @ ..] if is_seq(seq) => {
                let i = entry(&mut m.map_entries, map, seq, no);
                let flavour = m.flavour;
                entry_header(m.map_entries.at(i), rest, flavour);
                Ctx::MapEntry(i)
            }
            ["dynamic-map", map, seq, rest @ ..] if is_seq(seq) => {
                let i = entry(&mut m.dynamic_entries, map, seq, no);
                let flavour = m.flavour;
                entry_header(m.dynamic_entries.at(i), rest, flavour);
                Ctx::DynamicEntry(i)
            }
            ["pki" | "ca", "certificate", "chain", ..] => Ctx::CertChain,
            ["key", "pubkey-chain", ..] => Ctx::PubkeyChain,
            _ => Ctx::Other,
        }
    }

    // ---- block contents --------------------------------------------------

    fn child(&mut self, parent: Ctx, w: &[&str], no: u32, indent: usize) -> Ctx {
        let m = &mut self.m;
        let flavour = m.flavour;
        match parent {
            Ctx::Ike1(i) => {
                let p = m.ike1_policies.at(i);
                match w {
                    ["encryption" | "encr", v @ ..] if !v.is_empty() => {
                        p.encryption = Some(v.join(" "));
                    }
                    ["hash", v @ ..] if !v.is_empty() => p.hash = Some(v.join(" ")),
                    ["group", v @ ..] if !v.is_empty() => p.group = Some(v.join(" ")),
                    ["authentication", a, ..] => p.authentication = Some(a.to_string()),
                    _ => {}
                }
            }
            Ctx::Ike2Proposal(i) => algorithms(m.ike2_proposals.at(i), w),
            Ctx::Ike2Policy(i) => {
                let p = m.ike2_policies.at(i);
                match w {
                    ["proposal", names @ ..] => {
                        for n in names {
                            p.proposals.push(n);
                        }
                    }
                    _ => algorithms(&mut p.inline, w),
                }
            }
            Ctx::IpsecProposal(i) => {
                if let ["protocol", "esp", rest @ ..] = w {
                    algorithms(m.ipsec_proposals.at(i), rest);
                }
            }
            Ctx::Ike2Profile(i) => {
                // authentication local|remote METHOD [key ...]: the key, if
                // any, is a secret and is not looked at.
                if let ["authentication", "local" | "remote", method, ..] = w
                    && let Some(a) = auth_method(method)
                {
                    m.ike2_profiles.at(i).insert(a);
                }
            }
            Ctx::IsakmpProfile(i) => {
                if let ["initiate", "mode", "aggressive", ..] = w {
                    *m.isakmp_profiles.at(i) = true;
                }
            }
            Ctx::IsakmpPeer(i) => {
                if let ["set", "aggressive-mode", ..] = w {
                    *m.isakmp_peers.at(i) = true;
                }
            }
            Ctx::Keyring => {
                // pre-shared-key address|hostname PEER [MASK] key SECRET
                if let ["pre-shared-key", "address" | "hostname", peer, rest @ ..] = w {
                    let peer = match (*peer, rest.first()) {
                        ("ipv6", Some(p)) => p,
                        _ => peer,
                    };
                    m.psk_peers.push(peer.split('/').next().unwrap_or(peer));
                }
            }
            Ctx::IpsecProfile(i) => entry_statement(m.ipsec_profiles.at(i), w, flavour),
            Ctx::MapEntry(i) => entry_statement(m.map_entries.at(i), w, flavour),
            Ctx::DynamicEntry(i) => entry_statement(m.dynamic_entries.at(i), w, flavour),
            Ctx::Interface(i) => {
                let t = &mut m.interfaces[i];
                match w {
                    ["tunnel", "destination", dest, ..] => t.destination = Some(dest.to_string()),
                    ["tunnel", "protection", "ipsec", "profile", p, ..] => {
                        t.profile = Some(p.to_string());
                    }
                    ["ip", "nhrp", "nhs", _, "nbma", nbma, ..] if t.nbma.is_none() => {
                        t.nbma = Some(nbma.to_string());
                    }
                    ["ip", "nhrp", "map", _, nbma] if t.nbma.is_none() && is_host(nbma) => {
                        t.nbma = Some(nbma.to_string());
                    }
                    _ => {}
                }
            }
            Ctx::TunnelGroupIpsec(i) => {
                let auth = tunnel_group_auth(w);
                if let Some(a) = auth {
                    m.tunnel_groups.at(i).auth.insert(a);
                }
            }
            Ctx::CertChain => {
                if let ["certificate", ..] = w {
                    self.data = Some(Data {
                        line: no,
                        indent,
                        saw_hex: false,
                    });
                }
            }
            Ctx::PubkeyChain => return Ctx::PubkeyKey,
            Ctx::PubkeyKey => {
                if let ["key-string"] = w {
                    self.data = Some(Data {
                        line: no,
                        indent,
                        saw_hex: false,
                    });
                }
            }
            Ctx::Other => {}
        }
        Ctx::Other
    }
}

fn entry(table: &mut Table<Entry>, map: &str, seq: &str, no: u32) -> usize {
    table.upsert(&format!("{map} {seq}"), || Entry {
        line: no,
        set_name: map.to_string(),
        seq: seq.to_string(),
        ..Entry::default()
    })
}

/// The words after `crypto map NAME SEQ`: a type (IOS block form) or a
/// whole statement (ASA one-line form).
fn entry_header(e: &mut Entry, rest: &[&str], flavour: Flavour) {
    match rest {
        [] => {}
        ["ipsec-isakmp", "dynamic", dynamic, ..] => {
            e.kind = EntryKind::Dynamic(dynamic.to_string())
        }
        ["ipsec-isakmp", ..] => e.kind = EntryKind::Isakmp,
        ["ipsec-manual", ..] => e.kind = EntryKind::Manual,
        ["gdoi", ..] => e.kind = EntryKind::Gdoi,
        statement => entry_statement(e, statement, flavour),
    }
}

/// One `set ...` statement of a crypto-map entry, dynamic-map entry or
/// IPsec profile. `set session-key` (manual keys) is a secret and ignored.
fn entry_statement(e: &mut Entry, w: &[&str], flavour: Flavour) {
    match w {
        ["set", "peer", peers @ ..] => {
            for p in peers {
                if !matches!(*p, "default" | "dynamic") {
                    e.peers.push(p);
                }
            }
        }
        ["set", "transform-set", names @ ..] => {
            e.transform_sets = Unique::of(names);
            // ASA before 8.4 had only IKEv1; IOS uses transform sets with
            // both versions.
            if flavour == Flavour::Asa {
                e.v1 = true;
            }
        }
        ["set", "ikev1", "transform-set", names @ ..] => {
            e.transform_sets = Unique::of(names);
            e.v1 = true;
        }
        ["set", "ikev2", "ipsec-proposal", names @ ..] => {
            e.ipsec_proposals = Unique::of(names);
            e.v2 = true;
        }
        ["set", "ikev2-profile", p, ..] => {
            e.ikev2_profile = Some(p.to_string());
            e.v2 = true;
        }
        ["set", "isakmp-profile", p, ..] => {
            e.isakmp_profile = Some(p.to_string());
            e.v1 = true;
        }
        ["set", "pfs"] => e.pfs = Some(None),
        ["set", "pfs", g, ..] => e.pfs = Some(Some(group_number(g))),
        ["set", "ikev1", "phase1-mode", mode, ..] | ["set", "phase1-mode", mode, ..] => {
            e.phase1_mode = match *mode {
                "aggressive" => Some(IkeMode::Aggressive),
                "main" => Some(IkeMode::Main),
                _ => e.phase1_mode,
            };
            e.v1 = true;
        }
        _ => {}
    }
}

/// `encryption|integrity|prf|group ...` lines of IKEv2 proposals and
/// policies and (after `protocol esp`) ASA IPsec proposals.
fn algorithms(a: &mut Algorithms, w: &[&str]) {
    let (list, values) = match w {
        ["encryption", v @ ..] => (&mut a.encryption, v),
        ["integrity", v @ ..] => (&mut a.integrity, v),
        ["prf", v @ ..] => (&mut a.prf, v),
        ["group", v @ ..] => (&mut a.group, v),
        _ => return,
    };
    for v in values {
        list.push(v);
    }
}

/// Authentication named in an ASA tunnel-group's `ipsec-attributes`; keys
/// and trust-point names that follow are not looked at.
fn tunnel_group_auth(w: &[&str]) -> Option<AuthMethod> {
    match w {
        ["ikev1", "pre-shared-key", ..] | ["pre-shared-key", ..] => Some(AuthMethod::Psk),
        ["ikev1", "trust-point", ..] | ["trust-point", ..] => Some(AuthMethod::Certificate),
        [
            "ikev2",
            "remote-authentication" | "local-authentication",
            method,
            ..,
        ] => auth_method(method),
        _ => None,
    }
}
