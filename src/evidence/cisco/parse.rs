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
use crate::evidence::{AuthMethod, IkeMode, ReadError, ReadWarning};

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
    /// The line each item was first seen at (0 when pushed without one).
    pub(super) lines: Vec<u32>,
}

impl Unique {
    pub(super) fn push(&mut self, item: &str) {
        self.push_at(item, 0);
    }

    pub(super) fn push_at(&mut self, item: &str, line: u32) {
        if !self.seen.contains(item) {
            self.seen.insert(item.to_string());
            self.items.push(item.to_string());
            self.lines.push(line);
        }
    }

    fn of(words: &[&str]) -> Unique {
        let mut u = Unique::default();
        for w in words {
            u.push(w);
        }
        u
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

/// A name written at a line (a reference, or a definition's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ref {
    pub name: String,
    pub line: u32,
}

impl Ref {
    fn new(name: &str, line: u32) -> Ref {
        Ref {
            name: name.to_string(),
            line,
        }
    }
}

/// An IKEv1 policy (`crypto isakmp policy N`, ASA `crypto ikev1 policy N`).
#[derive(Debug, Default)]
pub(super) struct Ike1Policy {
    pub line: u32,
    pub encryption: Option<String>,
    pub hash: Option<String>,
    pub group: Option<String>,
    pub authentication: Option<String>,
    /// The `authentication` line, 0 when the policy has none.
    pub auth_line: u32,
}

/// Algorithm lists of an IKEv2 proposal (IOS), an ASA IKEv2 policy or an
/// ASA IKEv2 IPsec proposal.
#[derive(Debug, Default)]
pub(super) struct Algorithms {
    /// Where it is defined.
    pub line: u32,
    pub encryption: Unique,
    pub integrity: Unique,
    pub prf: Unique,
    pub group: Unique,
}

/// `crypto ikev2 policy NAME`: IOS names proposals, ASA writes algorithms.
#[derive(Debug, Default)]
pub(super) struct Ike2Policy {
    pub line: u32,
    pub inline: Algorithms,
    /// Proposal names, each with the line that names it.
    pub proposals: Vec<Ref>,
}

/// An IOS IKEv2 profile (`crypto ikev2 profile P`).
#[derive(Debug, Default)]
pub(super) struct Ike2Profile {
    pub line: u32,
    /// Methods of `authentication local|remote METHOD`.
    pub auth: BTreeSet<AuthMethod>,
    /// The first `authentication` line.
    pub auth_line: u32,
    /// `keyring local K`.
    pub keyring: Option<Ref>,
    /// `match identity remote ...`: which peers select the profile.
    pub identity: Identity,
}

/// An IOS ISAKMP profile (`crypto isakmp profile P`).
#[derive(Debug, Default)]
pub(super) struct IsakmpProfile {
    pub line: u32,
    /// `initiate mode aggressive`.
    pub aggressive: bool,
    /// `keyring K`.
    pub keyring: Option<Ref>,
    /// The first `ca trust-point TP` line.
    pub trustpoint: Option<u32>,
    /// The `client authentication list L` line (XAUTH).
    pub client_auth: Option<u32>,
    /// `match identity group G` (EzVPN groups).
    pub groups: Vec<Ref>,
    /// Which peers select the profile.
    pub identity: Identity,
}

/// The `match identity` statements of a profile: IPv4 address ranges, and
/// whether it also matches identities the file cannot relate to a peer
/// address (host names, groups, certificates, IPv6).
#[derive(Debug, Default)]
pub(super) struct Identity {
    pub addresses: Vec<(u32, u32)>,
    pub other: bool,
}

impl Identity {
    pub(super) fn any(&self) -> bool {
        self.other || !self.addresses.is_empty()
    }

    /// `address A [MASK] ...` (the mask defaults to a host mask).
    fn add(&mut self, w: &[&str]) {
        match w {
            [a, rest @ ..] => match (ipv4(a), rest.first().and_then(|m| ipv4(m))) {
                (Some(a), Some(mask)) => self.addresses.push((a, mask)),
                (Some(a), None) => self.addresses.push((a, u32::MAX)),
                _ => self.other = true,
            },
            [] => self.other = true,
        }
    }
}

/// A dotted IPv4 address as a number.
pub(super) fn ipv4(s: &str) -> Option<u32> {
    s.parse::<std::net::Ipv4Addr>().ok().map(u32::from)
}

/// A keyring: IOS `crypto keyring K` (IKEv1) or `crypto ikev2 keyring K`.
#[derive(Debug, Default)]
pub(super) struct Keyring {
    pub line: u32,
    pub ikev2: bool,
    /// The first line that gives a pre-shared key (the key is not kept).
    pub psk_line: Option<u32>,
}

/// An IOS EzVPN group (`crypto isakmp client configuration group G`).
#[derive(Debug, Default)]
pub(super) struct ClientGroup {
    /// The `key` line: the group's pre-shared key (not kept).
    pub key_line: Option<u32>,
}

/// A transform set, its transforms as written.
#[derive(Debug, Default)]
pub(super) struct TransformSet {
    pub line: u32,
    pub transforms: String,
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

/// A statement of the other dialect inside an entry: not read, and the
/// side it would set is unknown.
#[derive(Debug, Clone)]
pub(super) struct Foreign {
    pub line: u32,
    /// The command, in fixed keywords (never the line as written).
    pub what: &'static str,
    /// `IKE`, `ESP`, `PFS`, `peer`, or none for a statement of no crypto.
    pub side: Option<&'static str>,
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
    /// The `set transform-set` line.
    pub transform_sets_line: u32,
    pub ipsec_proposals: Unique,
    /// The `set ikev2 ipsec-proposal` line.
    pub ipsec_proposals_line: u32,
    /// `Some(None)`: bare `set pfs`; `Some(Some("14"))`: `set pfs group14`.
    pub pfs: Option<Option<String>>,
    pub pfs_line: u32,
    pub ikev2_profile: Option<Ref>,
    pub isakmp_profile: Option<Ref>,
    pub phase1_mode: Option<IkeMode>,
    /// Says IKEv1 (ISAKMP profile, ASA ikev1 transform set, phase-1 mode).
    pub v1: bool,
    /// Says IKEv2 (IKEv2 profile, ASA IKEv2 IPsec proposal).
    pub v2: bool,
    /// Statements of the other dialect, not read.
    pub foreign: Vec<Foreign>,
}

/// An interface: VTIs carry `tunnel protection`, others a crypto map.
#[derive(Debug, Default)]
pub(super) struct Interface {
    pub name: String,
    pub line: u32,
    pub destination: Option<String>,
    pub nbma: Option<String>,
    pub profile: Option<Ref>,
    /// IOS ` crypto map M` under the interface.
    pub crypto_map: Option<Ref>,
    /// ASA `nameif N`: what `crypto map M interface N` names.
    pub nameif: Option<String>,
    /// The `shutdown` line.
    pub shutdown: Option<u32>,
}

/// An ASA tunnel-group (connection profile).
#[derive(Debug, Default)]
pub(super) struct TunnelGroup {
    pub line: u32,
    pub kind: Option<String>,
    /// Methods of its `ipsec-attributes` for IKEv1 clients (`ikev1
    /// pre-shared-key`, `ikev1 trust-point`; 8.2's unprefixed forms) and
    /// for IKEv2 (`ikev2 local-|remote-authentication`), each with the
    /// first line that sets one.
    pub auth_v1: (BTreeSet<AuthMethod>, u32),
    pub auth_v2: (BTreeSet<AuthMethod>, u32),
    /// `general-attributes` → `authentication-server-group G` line.
    pub server_group_line: Option<u32>,
    /// `isakmp ikev1-user-authentication none` / `ikev1 user-authentication
    /// none`: no XAUTH round for IKEv1 clients.
    pub xauth_none: bool,
    /// `webvpn-attributes` → `authentication ...`: the methods written and
    /// the line (AnyConnect clients, SSL and IKEv2).
    pub client_auth: Option<(Vec<String>, u32)>,
}

/// The crypto configuration of one file, references unresolved.
#[derive(Debug)]
pub(super) struct Model {
    pub flavour: Flavour,
    /// `version 15.2` (IOS) / `ASA Version 9.8(4)`.
    pub release: Option<String>,
    pub ike1_policies: Table<Ike1Policy>,
    pub ike2_policies: Table<Ike2Policy>,
    pub ike2_proposals: Table<Algorithms>,
    pub ike2_profiles: Table<Ike2Profile>,
    pub isakmp_profiles: Table<IsakmpProfile>,
    pub keyrings: Table<Keyring>,
    pub client_groups: Table<ClientGroup>,
    /// `crypto isakmp peer address|hostname X` to "sets aggressive mode".
    pub isakmp_peers: Table<bool>,
    pub transform_sets: Table<TransformSet>,
    pub ipsec_proposals: Table<Algorithms>,
    pub ipsec_profiles: Table<Entry>,
    pub map_entries: Table<Entry>,
    pub dynamic_entries: Table<Entry>,
    /// Map-wide settings: `crypto map M client authentication list L`
    /// (its line) and `crypto map M isakmp-profile P`.
    pub map_client_auth: HashMap<String, u32>,
    pub map_isakmp_profile: HashMap<String, Ref>,
    /// ASA `crypto map M interface N`: map name to the nameifs.
    pub map_interfaces: Vec<(Ref, String)>,
    pub interfaces: Vec<Interface>,
    /// Peers that have a pre-shared key (addresses or host names; the key
    /// itself is never kept), to the line of the first key.
    pub psk_lines: HashMap<String, u32>,
    /// Peers whose `crypto isakmp key` says `no-xauth`.
    pub no_xauth: HashSet<String>,
    pub aggressive_disabled: bool,
    /// Any ISAKMP / IKEv1 configuration (policy, key, keyring, profile,
    /// `crypto ikev1 enable`).
    pub ikev1_config: bool,
    /// Any IKEv2 configuration.
    pub ikev2_config: bool,
    /// The first ASA-syntax IKEv1 policy of an IOS file (not read).
    pub foreign_ike1_policy: Option<u32>,
    pub tunnel_groups: Table<TunnelGroup>,
    pub log_hosts: Unique,
    /// ASA `name ADDRESS NAME`: names the configuration may use for hosts.
    pub host_names: HashMap<String, String>,
    /// Located warnings gathered while parsing.
    pub warnings: Vec<ReadWarning>,
}

impl Model {
    fn new(flavour: Flavour) -> Model {
        Model {
            flavour,
            release: None,
            ike1_policies: Table::default(),
            ike2_policies: Table::default(),
            ike2_proposals: Table::default(),
            ike2_profiles: Table::default(),
            isakmp_profiles: Table::default(),
            keyrings: Table::default(),
            client_groups: Table::default(),
            isakmp_peers: Table::default(),
            transform_sets: Table::default(),
            ipsec_proposals: Table::default(),
            ipsec_profiles: Table::default(),
            map_entries: Table::default(),
            dynamic_entries: Table::default(),
            map_client_auth: HashMap::new(),
            map_isakmp_profile: HashMap::new(),
            map_interfaces: Vec::new(),
            interfaces: Vec::new(),
            psk_lines: HashMap::new(),
            no_xauth: HashSet::new(),
            aggressive_disabled: false,
            ikev1_config: false,
            ikev2_config: false,
            foreign_ike1_policy: None,
            tunnel_groups: Table::default(),
            log_hosts: Unique::default(),
            host_names: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The dialect's name and the other one's, for warnings.
    pub(super) fn names(&self) -> (&'static str, &'static str) {
        match self.flavour {
            Flavour::Ios => ("IOS", "ASA"),
            Flavour::Asa => ("ASA", "IOS"),
        }
    }

    /// A command of the other dialect: warned about at its line, not read.
    fn foreign(&mut self, line: u32, what: &str) {
        let (this, other) = self.names();
        self.warnings.push(ReadWarning::new(
            line,
            format!("`{what}` is {other} syntax, not read as {this}"),
        ));
    }

    fn psk_peer(&mut self, peer: &str, line: u32) {
        let peer = peer.split('/').next().unwrap_or(peer);
        self.psk_lines.entry(peer.to_string()).or_insert(line);
    }
}

/// What a block is, so its children can be read.
#[derive(Debug, Clone, Copy)]
enum Ctx {
    Other,
    /// A block of the other dialect (already warned about): not read.
    Foreign,
    Ike1(usize),
    Ike2Policy(usize),
    Ike2Proposal(usize),
    Ike2Profile(usize),
    IsakmpProfile(usize),
    IsakmpPeer(usize),
    Keyring(usize),
    Ike2Keyring(usize),
    Ike2KeyringPeer(usize),
    ClientGroup(usize),
    IpsecProposal(usize),
    IpsecProfile(usize),
    MapEntry(usize),
    DynamicEntry(usize),
    Interface(usize),
    TunnelGroupIpsec(usize),
    TunnelGroupGeneral(usize),
    TunnelGroupWebvpn(usize),
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
        let asa = self.m.flavour == Flavour::Asa;
        match w {
            ["crypto", rest @ ..] => self.crypto(rest, no),
            // The release that wrote the file: `version 15.2` (IOS), `ASA
            // Version 9.8(4)` (ASA); the first one counts.
            ["version", v, ..] | ["ASA", "Version", v, ..] => {
                if self.m.release.is_none() {
                    self.m.release = Some(v.to_string());
                }
                Ctx::Other
            }
            ["interface", name, ..] => {
                self.m.interfaces.push(Interface {
                    name: name.to_string(),
                    line: no,
                    ..Interface::default()
                });
                Ctx::Interface(self.m.interfaces.len() - 1)
            }
            ["logging", rest @ ..] => {
                self.logging(rest, no);
                Ctx::Other
            }
            // ASA: `name 10.1.1.5 syslog-srv [description ...]` (Cisco ASA
            // Series Command Reference, "name"); `logging host inside
            // syslog-srv` then means that address.
            ["name", address, name, ..] if asa && is_host(address) => {
                self.m
                    .host_names
                    .insert(name.to_string(), address.to_string());
                Ctx::Other
            }
            // Tunnel groups are ASA's (Cisco ASA Series VPN CLI
            // Configuration Guide, "Connection Profiles, Group Policies,
            // and Users"); IOS has none.
            ["tunnel-group", ..] if !asa => {
                self.m.foreign(no, "tunnel-group");
                Ctx::Foreign
            }
            ["tunnel-group", name, "type", kind, ..] => {
                let i = self.m.tunnel_groups.upsert(name, TunnelGroup::default);
                let g = self.m.tunnel_groups.at(i);
                g.kind = Some(kind.to_string());
                if g.line == 0 {
                    g.line = no;
                }
                Ctx::Other
            }
            ["tunnel-group", name, section, ..] => {
                let i = self.m.tunnel_groups.upsert(name, TunnelGroup::default);
                let g = self.m.tunnel_groups.at(i);
                if g.line == 0 {
                    g.line = no;
                }
                match *section {
                    "ipsec-attributes" => Ctx::TunnelGroupIpsec(i),
                    "general-attributes" => Ctx::TunnelGroupGeneral(i),
                    "webvpn-attributes" => Ctx::TunnelGroupWebvpn(i),
                    _ => Ctx::Other,
                }
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

    fn logging(&mut self, w: &[&str], no: u32) {
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
            self.m.log_hosts.push_at(h, no);
        }
    }

    fn crypto(&mut self, w: &[&str], no: u32) -> Ctx {
        let m = &mut self.m;
        let flavour = m.flavour;
        let ios = flavour == Flavour::Ios;
        // Commands only the other dialect has: warned about where they
        // are, and not read, so that nothing of them is merged and given
        // this dialect's defaults.
        if let Some(what) = foreign_crypto(w, flavour) {
            if ios && matches!(w, ["ikev1", "policy", ..]) && m.foreign_ike1_policy.is_none() {
                m.foreign_ike1_policy = Some(no);
            }
            m.foreign(no, what);
            return Ctx::Foreign;
        }
        match w {
            ["isakmp" | "ikev1", "policy", n, ..] => {
                m.ikev1_config = true;
                let i = m.ike1_policies.upsert(n, Ike1Policy::default);
                let p = m.ike1_policies.at(i);
                if p.line == 0 {
                    p.line = no;
                }
                Ctx::Ike1(i)
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
                        m.psk_peer(p, no);
                        // `no-xauth`: this peer skips the XAUTH round of a
                        // crypto map with `client authentication list`
                        // (Cisco IOS Security Command Reference, "crypto
                        // isakmp key").
                        if at.is_some_and(|i| rest[i..].contains(&"no-xauth")) {
                            let p = p.split('/').next().unwrap_or(p);
                            m.no_xauth.insert(p.to_string());
                        }
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
                Ctx::IsakmpProfile(m.isakmp_profiles.upsert(name, || IsakmpProfile {
                    line: no,
                    ..IsakmpProfile::default()
                }))
            }
            // Easy VPN server group: `key` is the group's pre-shared key
            // (Cisco IOS XE Easy VPN Server configuration guide, "Easy VPN
            // Server"; Cisco IOS Security Command Reference, "crypto
            // isakmp client configuration group").
            ["isakmp", "client", "configuration", "group", name, ..] => {
                m.ikev1_config = true;
                Ctx::ClientGroup(m.client_groups.upsert(name, ClientGroup::default))
            }
            ["isakmp" | "ikev1", "enable", ..] => {
                m.ikev1_config = true;
                Ctx::Other
            }
            // IOS ISAKMP keyring: `crypto keyring K` / `pre-shared-key
            // address A key X` (Cisco IOS Security Command Reference,
            // "crypto keyring", "pre-shared-key").
            ["keyring", name, ..] => {
                m.ikev1_config = true;
                Ctx::Keyring(m.keyrings.upsert(name, || Keyring {
                    line: no,
                    ..Keyring::default()
                }))
            }
            ["keyring"] => Ctx::Other,
            // IOS IKEv2 keyring: `crypto ikev2 keyring K` / `peer P` /
            // `pre-shared-key [local|remote] X` (Configuring Internet Key
            // Exchange Version 2 and FlexVPN Site-to-Site, "IKEv2 Keyring").
            ["ikev2", "keyring", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Keyring(m.keyrings.upsert(name, || Keyring {
                    line: no,
                    ikev2: true,
                    psk_line: None,
                }))
            }
            ["ikev2", "enable", ..] | ["ikev2", "keyring", ..] => {
                m.ikev2_config = true;
                Ctx::Other
            }
            ["ikev2", "proposal", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Proposal(m.ike2_proposals.upsert(name, || Algorithms {
                    line: no,
                    ..Algorithms::default()
                }))
            }
            ["ikev2", "policy", name, ..] => {
                m.ikev2_config = true;
                let i = m.ike2_policies.upsert(name, Ike2Policy::default);
                let p = m.ike2_policies.at(i);
                if p.line == 0 {
                    p.line = no;
                    p.inline.line = no;
                }
                Ctx::Ike2Policy(i)
            }
            ["ikev2", "profile", name, ..] => {
                m.ikev2_config = true;
                Ctx::Ike2Profile(m.ike2_profiles.upsert(name, || Ike2Profile {
                    line: no,
                    ..Ike2Profile::default()
                }))
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
                    let i = m.transform_sets.upsert(name, || TransformSet {
                        line: no,
                        transforms: String::new(),
                    });
                    m.transform_sets.at(i).transforms = transforms.join(" ");
                }
                Ctx::Other
            }
            ["ipsec", "ikev2", "ipsec-proposal", name, ..] => {
                m.ikev2_config = true;
                Ctx::IpsecProposal(m.ipsec_proposals.upsert(name, || Algorithms {
                    line: no,
                    ..Algorithms::default()
                }))
            }
            ["ipsec", "profile", name, ..] => {
                Ctx::IpsecProfile(m.ipsec_profiles.upsert(name, || Entry {
                    line: no,
                    set_name: name.to_string(),
                    ..Entry::default()
                }))
            }
            // Map-wide commands (Cisco IOS Security Command Reference,
            // "crypto map client authentication list", "crypto map
            // isakmp-profile"; ASA: "crypto map interface").
            ["map", map, "client", "authentication", "list", ..] => {
                m.map_client_auth.entry(map.to_string()).or_insert(no);
                Ctx::Other
            }
            ["map", map, "isakmp-profile", profile, ..] => {
                m.map_isakmp_profile
                    .insert(map.to_string(), Ref::new(profile, no));
                Ctx::Other
            }
            ["map", map, "interface", nameif, ..] => {
                m.map_interfaces
                    .push((Ref::new(map, no), nameif.to_string()));
                Ctx::Other
            }
            ["map", map, seq, rest @ ..] if is_seq(seq) => {
                let i = entry(&mut m.map_entries, map, seq, no);
                let what = entry_header(m.map_entries.at(i), rest, flavour, no);
                if let Some(what) = what {
                    m.foreign(no, what);
                }
                Ctx::MapEntry(i)
            }
            ["dynamic-map", map, seq, rest @ ..] if is_seq(seq) => {
                let i = entry(&mut m.dynamic_entries, map, seq, no);
                let what = entry_header(m.dynamic_entries.at(i), rest, flavour, no);
                if let Some(what) = what {
                    m.foreign(no, what);
                }
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
            Ctx::Foreign => return Ctx::Foreign,
            Ctx::Ike1(i) => {
                let p = m.ike1_policies.at(i);
                match w {
                    ["encryption" | "encr", v @ ..] if !v.is_empty() => {
                        p.encryption = Some(v.join(" "));
                    }
                    ["hash", v @ ..] if !v.is_empty() => p.hash = Some(v.join(" ")),
                    ["group", v @ ..] if !v.is_empty() => p.group = Some(v.join(" ")),
                    ["authentication", a, ..] => {
                        p.authentication = Some(a.to_string());
                        p.auth_line = no;
                    }
                    _ => {}
                }
            }
            Ctx::Ike2Proposal(i) => algorithms(m.ike2_proposals.at(i), w),
            Ctx::Ike2Policy(i) => match (flavour, w) {
                // IOS names proposals (Configuring Internet Key Exchange
                // Version 2 and FlexVPN Site-to-Site, "IKEv2 Policy"); ASA
                // writes the algorithms in the policy (Cisco ASA Series
                // Command Reference, "crypto ikev2 policy").
                (Flavour::Ios, ["proposal", names @ ..]) => {
                    let p = m.ike2_policies.at(i);
                    for n in names {
                        p.proposals.push(Ref::new(n, no));
                    }
                }
                (Flavour::Asa, ["proposal", ..]) => {
                    m.foreign(no, "proposal (in crypto ikev2 policy)");
                }
                (Flavour::Ios, ["encryption" | "integrity" | "prf" | "group", ..]) => {
                    m.foreign(no, "algorithms written in crypto ikev2 policy");
                }
                _ => algorithms(&mut m.ike2_policies.at(i).inline, w),
            },
            Ctx::IpsecProposal(i) => {
                if let ["protocol", "esp", rest @ ..] = w {
                    algorithms(m.ipsec_proposals.at(i), rest);
                }
            }
            Ctx::Ike2Profile(i) => {
                let p = m.ike2_profiles.at(i);
                match w {
                    // authentication local|remote METHOD [key ...]: the key,
                    // if any, is a secret and is not looked at. `eap` is a
                    // password round (EAP, usually against RADIUS:
                    // Configuring the FlexVPN Server, "Peer Authentication
                    // Using EAP").
                    ["authentication", "local" | "remote", method, ..] => {
                        if let Some(a) = auth_method(method) {
                            p.auth.insert(a);
                        }
                        if p.auth_line == 0 {
                            p.auth_line = no;
                        }
                    }
                    // keyring local K; the bare `keyring K` of earlier
                    // releases (which releases: unconfirmed).
                    ["keyring", "local", k, ..] => p.keyring = Some(Ref::new(k, no)),
                    ["keyring", k] if *k != "aaa" => p.keyring = Some(Ref::new(k, no)),
                    ["match", "identity", "remote", "address", rest @ ..] => p.identity.add(rest),
                    ["match", "identity", "remote", ..] => p.identity.other = true,
                    _ => {}
                }
            }
            Ctx::IsakmpProfile(i) => {
                let p = m.isakmp_profiles.at(i);
                match w {
                    ["initiate", "mode", "aggressive", ..] => p.aggressive = true,
                    ["keyring", k, ..] => p.keyring = Some(Ref::new(k, no)),
                    ["ca", "trust-point", _, ..] if p.trustpoint.is_none() => {
                        p.trustpoint = Some(no);
                    }
                    ["client", "authentication", "list", ..] => p.client_auth = Some(no),
                    ["match", "identity", "group", g, ..] => {
                        p.groups.push(Ref::new(g, no));
                        p.identity.other = true;
                    }
                    ["match", "identity", "address", rest @ ..] => p.identity.add(rest),
                    ["match", "identity", ..] => p.identity.other = true,
                    _ => {}
                }
            }
            Ctx::IsakmpPeer(i) => {
                if let ["set", "aggressive-mode", ..] = w {
                    *m.isakmp_peers.at(i) = true;
                }
            }
            Ctx::Keyring(i) => {
                // pre-shared-key address|hostname PEER [MASK] key SECRET
                if let ["pre-shared-key", "address" | "hostname", peer, rest @ ..] = w {
                    let peer = match (*peer, rest.first()) {
                        ("ipv6", Some(p)) => p,
                        _ => peer,
                    };
                    m.psk_peer(peer, no);
                    let k = m.keyrings.at(i);
                    k.psk_line.get_or_insert(no);
                }
            }
            Ctx::Ike2Keyring(i) => {
                if let ["peer", ..] = w {
                    return Ctx::Ike2KeyringPeer(i);
                }
            }
            Ctx::Ike2KeyringPeer(i) => {
                if let ["pre-shared-key", ..] = w {
                    m.keyrings.at(i).psk_line.get_or_insert(no);
                }
            }
            Ctx::ClientGroup(i) => {
                if let ["key", ..] = w {
                    m.client_groups.at(i).key_line.get_or_insert(no);
                }
            }
            Ctx::IpsecProfile(i) => {
                if let Some(what) = entry_statement(m.ipsec_profiles.at(i), w, flavour, no) {
                    m.foreign(no, what);
                }
            }
            Ctx::MapEntry(i) | Ctx::DynamicEntry(i) => {
                let table = if matches!(parent, Ctx::MapEntry(_)) {
                    &mut m.map_entries
                } else {
                    &mut m.dynamic_entries
                };
                let e = table.at(i);
                // ASA writes every entry command on one line (`crypto map
                // M 10 set peer X`); an indented block is IOS's form.
                let what = if flavour == Flavour::Asa {
                    let (what, side) = statement_name(w);
                    e.foreign.push(Foreign {
                        line: no,
                        what,
                        side,
                    });
                    Some(what)
                } else {
                    entry_statement(e, w, flavour, no)
                };
                if let Some(what) = what {
                    m.foreign(no, what);
                }
            }
            Ctx::Interface(i) => {
                let t = &mut m.interfaces[i];
                match w {
                    ["tunnel", "destination", dest, ..] => t.destination = Some(dest.to_string()),
                    ["tunnel", "protection", "ipsec", "profile", p, ..] => {
                        t.profile = Some(Ref::new(p, no));
                    }
                    ["ip", "nhrp", "nhs", _, "nbma", nbma, ..] if t.nbma.is_none() => {
                        t.nbma = Some(nbma.to_string());
                    }
                    ["ip", "nhrp", "map", _, nbma] if t.nbma.is_none() && is_host(nbma) => {
                        t.nbma = Some(nbma.to_string());
                    }
                    ["crypto", "map", map, ..] => t.crypto_map = Some(Ref::new(map, no)),
                    ["nameif", n, ..] => t.nameif = Some(n.to_string()),
                    ["shutdown"] => t.shutdown = Some(no),
                    _ => {}
                }
            }
            Ctx::TunnelGroupIpsec(i) => {
                let g = m.tunnel_groups.at(i);
                match w {
                    // Cisco ASA Series VPN CLI Configuration Guide,
                    // "Connection Profiles, Group Policies, and Users"
                    // (asa98/configuration/vpn/asa-98-vpn-config/vpn-groups):
                    // IKEv1 remote-access users get an XAUTH round unless
                    // `isakmp ikev1-user-authentication none`. The shorter
                    // `ikev1 user-authentication none` is seen in real
                    // configurations; its documentation is unconfirmed.
                    ["isakmp", "ikev1-user-authentication", "none", ..]
                    | ["ikev1", "user-authentication", "none", ..] => g.xauth_none = true,
                    _ => {
                        if let Some((v2, a)) = tunnel_group_auth(w) {
                            let (set, line) = if v2 { &mut g.auth_v2 } else { &mut g.auth_v1 };
                            set.insert(a);
                            if *line == 0 {
                                *line = no;
                            }
                        }
                    }
                }
            }
            Ctx::TunnelGroupGeneral(i) => {
                // authentication-server-group [(iface)] GROUP [LOCAL]
                if let ["authentication-server-group", ..] = w {
                    m.tunnel_groups.at(i).server_group_line.get_or_insert(no);
                }
            }
            Ctx::TunnelGroupWebvpn(i) => {
                // authentication {aaa | certificate | saml | multiple-
                // certificate} ... (Cisco ASA Series Command Reference,
                // "authentication" in tunnel-group webvpn-attributes mode):
                // `aaa certificate` requires both.
                if let ["authentication", methods @ ..] = w
                    && !methods.is_empty()
                {
                    m.tunnel_groups.at(i).client_auth =
                        Some((methods.iter().map(|s| s.to_string()).collect(), no));
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

/// A `crypto ...` command only the other dialect has, by its fixed
/// keywords; `None` when this dialect has it.
fn foreign_crypto(w: &[&str], flavour: Flavour) -> Option<&'static str> {
    match flavour {
        // ASA-only commands (Cisco ASA Series Command Reference; ASA 8.4
        // renamed `isakmp` to `ikev1` and added IKEv2 IPsec proposals).
        // IOS has no `crypto ikev1 ...`, no `crypto ikev2 enable`, no
        // `crypto ipsec ikev1|ikev2 ...`.
        Flavour::Ios => match w {
            ["ikev1", "policy", ..] => Some("crypto ikev1 policy"),
            ["ikev1", "enable", ..] => Some("crypto ikev1 enable"),
            ["ikev1", "am-disable", ..] => Some("crypto ikev1 am-disable"),
            ["ikev1", ..] => Some("crypto ikev1"),
            ["isakmp", "am-disable", ..] => Some("crypto isakmp am-disable"),
            ["ikev2", "enable", ..] => Some("crypto ikev2 enable"),
            ["ipsec", "ikev1", "transform-set", ..] => Some("crypto ipsec ikev1 transform-set"),
            ["ipsec", "ikev2", "ipsec-proposal", ..] => Some("crypto ipsec ikev2 ipsec-proposal"),
            ["ipsec", "ikev1" | "ikev2", ..] => Some("crypto ipsec ikev1/ikev2"),
            ["map", _, "interface", ..] => Some("crypto map NAME interface IFACE"),
            _ => None,
        },
        // IOS-only commands: ISAKMP profiles and keyrings, IKEv2 profiles,
        // keyrings and proposals, Easy VPN server groups.
        Flavour::Asa => match w {
            ["isakmp", "profile", ..] => Some("crypto isakmp profile"),
            ["isakmp", "client", "configuration", ..] => {
                Some("crypto isakmp client configuration group")
            }
            ["keyring", ..] => Some("crypto keyring"),
            ["ikev2", "profile", ..] => Some("crypto ikev2 profile"),
            ["ikev2", "keyring", ..] => Some("crypto ikev2 keyring"),
            ["ikev2", "proposal", ..] => Some("crypto ikev2 proposal"),
            ["map", _, "client", ..] => Some("crypto map NAME client authentication list"),
            ["map", _, "isakmp-profile", ..] => Some("crypto map NAME isakmp-profile"),
            _ => None,
        },
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
/// whole statement (ASA one-line form). Returns the name of a statement
/// of the other dialect, which is not read.
fn entry_header(e: &mut Entry, rest: &[&str], flavour: Flavour, no: u32) -> Option<&'static str> {
    match rest {
        [] => None,
        ["ipsec-isakmp", "dynamic", dynamic, ..] => {
            e.kind = EntryKind::Dynamic(dynamic.to_string());
            None
        }
        ["ipsec-isakmp", ..] => {
            e.kind = EntryKind::Isakmp;
            None
        }
        ["ipsec-manual", ..] => {
            e.kind = EntryKind::Manual;
            None
        }
        ["gdoi", ..] => {
            e.kind = EntryKind::Gdoi;
            None
        }
        // IOS enters entry commands in a block under `crypto map NAME SEQ
        // ipsec-isakmp` (Cisco IOS Security Command Reference, "crypto map
        // (global IPsec)"); the one-line form is ASA's.
        statement if flavour == Flavour::Ios => {
            let (what, side) = statement_name(statement);
            let what = match what {
                "set peer" => "crypto [dynamic-]map NAME SEQ set peer",
                "set pfs" => "crypto [dynamic-]map NAME SEQ set pfs",
                "set transform-set" => "crypto [dynamic-]map NAME SEQ set transform-set",
                "set ikev1 transform-set" => {
                    "crypto [dynamic-]map NAME SEQ set ikev1 transform-set"
                }
                "set ikev2 ipsec-proposal" => {
                    "crypto [dynamic-]map NAME SEQ set ikev2 ipsec-proposal"
                }
                "set ikev1 phase1-mode" => "crypto [dynamic-]map NAME SEQ set ikev1 phase1-mode",
                "match address" => "crypto [dynamic-]map NAME SEQ match address",
                _ => "crypto [dynamic-]map NAME SEQ <command> (one-line form)",
            };
            e.foreign.push(Foreign {
                line: no,
                what,
                side,
            });
            Some(what)
        }
        statement => entry_statement(e, statement, flavour, no),
    }
}

/// The fixed name of an entry statement and the side it sets.
fn statement_name(w: &[&str]) -> (&'static str, Option<&'static str>) {
    match w {
        ["set", "peer", ..] => ("set peer", Some("peer")),
        ["set", "transform-set", ..] => ("set transform-set", Some("ESP")),
        ["set", "ikev1", "transform-set", ..] => ("set ikev1 transform-set", Some("ESP")),
        ["set", "ikev2", "ipsec-proposal", ..] => ("set ikev2 ipsec-proposal", Some("ESP")),
        ["set", "pfs", ..] => ("set pfs", Some("PFS")),
        ["set", "ikev2-profile", ..] => ("set ikev2-profile", Some("IKE")),
        ["set", "isakmp-profile", ..] => ("set isakmp-profile", Some("IKE")),
        ["set", "ikev1", "phase1-mode", ..] => ("set ikev1 phase1-mode", Some("IKE")),
        ["set", "phase1-mode", ..] => ("set phase1-mode", Some("IKE")),
        ["match", "address", ..] => ("match address", None),
        ["set", "security-association", ..] => ("set security-association", None),
        _ => ("crypto map entry command", None),
    }
}

/// One `set ...` statement of a crypto-map entry, dynamic-map entry or
/// IPsec profile. `set session-key` (manual keys) is a secret and ignored.
/// Returns the name of a statement of the other dialect, recorded in
/// `e.foreign` and not read.
fn entry_statement(e: &mut Entry, w: &[&str], flavour: Flavour, no: u32) -> Option<&'static str> {
    let foreign = match (flavour, w) {
        // ASA 8.4+ names transform sets, IPsec proposals and phase-1 mode
        // per IKE version; IOS has none of these.
        (Flavour::Ios, ["set", "ikev1" | "ikev2", ..] | ["set", "phase1-mode", ..]) => true,
        // IOS profiles; an ASA entry names none.
        (Flavour::Asa, ["set", "isakmp-profile" | "ikev2-profile", ..]) => true,
        _ => false,
    };
    if foreign {
        let (what, side) = statement_name(w);
        e.foreign.push(Foreign {
            line: no,
            what,
            side,
        });
        return Some(what);
    }
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
            e.transform_sets_line = no;
            // ASA before 8.4 had only IKEv1; IOS uses transform sets with
            // both versions.
            if flavour == Flavour::Asa {
                e.v1 = true;
            }
        }
        ["set", "ikev1", "transform-set", names @ ..] => {
            e.transform_sets = Unique::of(names);
            e.transform_sets_line = no;
            e.v1 = true;
        }
        ["set", "ikev2", "ipsec-proposal", names @ ..] => {
            e.ipsec_proposals = Unique::of(names);
            e.ipsec_proposals_line = no;
            e.v2 = true;
        }
        ["set", "ikev2-profile", p, ..] => {
            e.ikev2_profile = Some(Ref::new(p, no));
            e.v2 = true;
        }
        ["set", "isakmp-profile", p, ..] => {
            e.isakmp_profile = Some(Ref::new(p, no));
            e.v1 = true;
        }
        ["set", "pfs"] => {
            e.pfs = Some(None);
            e.pfs_line = no;
        }
        ["set", "pfs", g, ..] => {
            e.pfs = Some(Some(group_number(g)));
            e.pfs_line = no;
        }
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
    None
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

/// Authentication named in an ASA tunnel-group's `ipsec-attributes`, and
/// whether it is for IKEv2; keys and trust-point names that follow are
/// not looked at.
fn tunnel_group_auth(w: &[&str]) -> Option<(bool, AuthMethod)> {
    match w {
        ["ikev1", "pre-shared-key", ..] | ["pre-shared-key", ..] => Some((false, AuthMethod::Psk)),
        ["ikev1", "trust-point", ..] | ["trust-point", ..] => {
            Some((false, AuthMethod::Certificate))
        }
        [
            "ikev2",
            "remote-authentication" | "local-authentication",
            method,
            ..,
        ] => auth_method(method).map(|a| (true, a)),
        _ => None,
    }
}
