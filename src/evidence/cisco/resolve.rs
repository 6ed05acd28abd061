//! Links the raw model into tunnels: entries and profiles to transform sets,
//! IKE policies, profiles, keyrings and tunnel-groups. The module above says
//! what each field means.
//!
//! Everything shared by many tunnels (IKE policy lists, a dynamic map's or
//! an IPsec profile's phase 2, the remote-access tunnel-groups) is computed
//! once, so the work stays linear in the file plus the facts it yields, and
//! the facts are capped by [`MAX_PROPOSAL_BYTES`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use super::parse::{Algorithms, Entry, EntryKind, Model, TunnelGroup, Unique, auth_method};
use super::{Flavour, MAX_PROPOSAL_BYTES};
use crate::evidence::{
    AuthMethod, ConfigFacts, IkeMode, ReadError, ReadWarning, SideLines, Tunnel,
};

/// Where the IOS defaults the reader fills in are documented. The command
/// references cover IOS 12.x to 15.x; for IOS-XE 16 and later (release
/// numbers 16.x, 17.x) the values are not confirmed, and a side that would
/// depend on them is left unknown.
const IOS_POLICY_DOC: &str = "Cisco IOS Security Command Reference, \"crypto isakmp policy\" \
     (default protection suite: DES, SHA-1, RSA signatures, group 1), IOS 12.x-15.x";
const IOS_PFS_DOC: &str =
    "Cisco IOS Security Command Reference, \"set pfs\" (group 1 when none is named), IOS 12.x-15.x";
/// ASA prints every policy value; the defaults matter for hand-written
/// fragments only.
const ASA_POLICY_DOC: &str = "Cisco ASA Series CLI Configuration Guide, \"Configuring IPsec and \
     ISAKMP\" (3DES, SHA-1, pre-shared key, group 2), ASA 8.0-9.12";

/// What a tunnel's phase-2 source (crypto-map entry, all entries of a
/// dynamic map, or an IPsec profile) says, merged.
#[derive(Debug, Default)]
struct Phase2 {
    /// Whether the file defines the source at all.
    known: bool,
    esp: Vec<String>,
    esp_line: u32,
    pfs: bool,
    pfs_line: u32,
    /// A `set pfs` of the other dialect: PFS is not known.
    pfs_unknown: bool,
    v1: bool,
    v2: bool,
    aggressive: bool,
    main: bool,
    ikev2_auth: BTreeSet<AuthMethod>,
    ikev2_auth_line: u32,
    /// IKEv1 authentication an ISAKMP profile adds (keyring, trust point,
    /// XAUTH, Easy VPN group key), with its line.
    profile_auth: BTreeSet<AuthMethod>,
    profile_auth_line: u32,
    /// Whether an ISAKMP profile names a keyring or trust point (the
    /// authentication then comes from the profile).
    profile_keys: bool,
    peers: Vec<String>,
    /// Whether an entry names an ISAKMP / IKEv2 profile (else the profile
    /// is the one whose `match identity` covers the peer).
    named_isakmp: bool,
    named_ikev2: bool,
    /// What the source names but the file does not define, and statements
    /// of the other dialect it depends on.
    unresolved: Vec<String>,
    defaults: Vec<String>,
}

/// One remote-access / default group's share of a tunnel's authentication.
#[derive(Debug, Default, Clone)]
struct GroupAuth {
    methods: BTreeSet<AuthMethod>,
    line: u32,
    /// Every contributing group requires a certificate and an AAA password.
    mfa: bool,
}

/// Per-file lists shared by every tunnel.
struct Shared<'m> {
    m: &'m Model,
    ike1: Vec<String>,
    ike1_line: u32,
    ike1_defaults: Vec<String>,
    /// IKEv1 policies leave values to a release whose defaults are not
    /// confirmed: the IKE side is unknown.
    ike1_unconfirmed: Option<String>,
    ike2: Vec<String>,
    ike2_line: u32,
    ike1_seen: HashSet<String>,
    ike1_auth: BTreeSet<AuthMethod>,
    ike1_auth_line: u32,
    /// ASA: authentication of the remote-access and default groups, for
    /// tunnels without a fixed peer, by (IKEv1, IKEv2) use.
    dynamic_group_auth: [GroupAuth; 4],
    isakmp_by_identity: ByIdentity<'m>,
    ikev2_by_identity: ByIdentity<'m>,
    /// Whether some tunnel negotiates IKEv2 (an IKEv2 policy then applies).
    any_v2: std::cell::Cell<bool>,
}

/// Major and minor number of a release string (`15.2(4)M`, `9.8(4)45`).
fn release_number(release: &str) -> Option<(u32, u32)> {
    let mut parts = release.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

/// Whether the platform defaults the reader knows hold for the file's
/// release: IOS 12.x-15.x, ASA 8.0-9.12, or a file that does not say (the
/// documented values are then the weakest a device may use).
fn defaults_confirmed(m: &Model) -> bool {
    match m.release.as_deref().and_then(release_number) {
        None => true,
        Some((major, minor)) => match m.flavour {
            Flavour::Ios => major <= 15,
            Flavour::Asa => (major, minor) <= (9, 12),
        },
    }
}

pub(super) fn facts(m: &Model) -> Result<ConfigFacts, ReadError> {
    let (ike1, ike1_line, ike1_defaults, crypto_left) = ike1_proposals(m);
    let (ike1_auth, ike1_auth_line) = ike1_auth(m);
    let (ike2, ike2_line) = ike2_proposals(m);
    let ike1_unconfirmed = (!defaults_confirmed(m) && crypto_left).then(|| {
        format!(
            "IKE: an IKEv1 policy leaves values unwritten, and the defaults of release {} \
             are not confirmed",
            m.release.as_deref().unwrap_or("?")
        )
    });
    let shared = Shared {
        m,
        ike1_seen: ike1.iter().cloned().collect(),
        ike1,
        ike1_line,
        ike1_defaults,
        ike1_unconfirmed,
        ike2,
        ike2_line,
        ike1_auth,
        ike1_auth_line,
        dynamic_group_auth: [
            dynamic_group_auth(m, false, false),
            dynamic_group_auth(m, false, true),
            dynamic_group_auth(m, true, false),
            dynamic_group_auth(m, true, true),
        ],
        isakmp_by_identity: ByIdentity::new(
            m.isakmp_profiles.iter().map(|(n, p)| (n, &p.identity)),
        ),
        ikev2_by_identity: ByIdentity::new(m.ike2_profiles.iter().map(|(n, p)| (n, &p.identity))),
        any_v2: std::cell::Cell::new(false),
    };

    let mut dynamic_maps: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for (_, e) in m.dynamic_entries.iter() {
        dynamic_maps.entry(e.set_name.as_str()).or_default().push(e);
    }
    for list in dynamic_maps.values_mut() {
        list.sort_by_key(|e| numeric_key(&e.seq));
    }
    let mut memo: HashMap<String, Rc<Phase2>> = HashMap::new();

    let mut tunnels = Vec::new();
    let mut bytes = 0usize;
    for (name, e) in m.map_entries.iter() {
        let (p2, dynamic) = match &e.kind {
            EntryKind::Gdoi => continue,
            EntryKind::Dynamic(d) => {
                let key = format!("dynamic-map {d}");
                let p2 = memo
                    .entry(key)
                    .or_insert_with(|| {
                        let entries = dynamic_maps.get(d.as_str()).map_or(&[][..], Vec::as_slice);
                        let mut p2 = phase2(m, entries);
                        if entries.is_empty() {
                            p2.unresolved.push(format!(
                                "dynamic map {d}, named at line {}, is not defined",
                                e.line
                            ));
                        }
                        Rc::new(p2)
                    })
                    .clone();
                (p2, true)
            }
            EntryKind::Isakmp | EntryKind::Manual => (Rc::new(phase2(m, &[e])), false),
        };
        let own: Vec<&str> = e.peers.items().iter().map(String::as_str).collect();
        let peers: Vec<&str> = if own.is_empty() {
            p2.peers.iter().map(String::as_str).collect()
        } else {
            own
        };
        let t = shared.tunnel(
            Spec {
                name,
                line: e.line,
                peers: &peers,
                manual: e.kind == EntryKind::Manual,
                dynamic,
                map: Some(&e.set_name),
            },
            &p2,
        );
        tunnels.push(budget(t, &mut bytes, shared.ike1.len())?);
    }
    for i in &m.interfaces {
        let Some(profile) = &i.profile else { continue };
        let key = format!("ipsec profile {}", profile.name);
        let p2 = memo
            .entry(key)
            .or_insert_with(|| {
                let entries: Vec<&Entry> =
                    m.ipsec_profiles.get(&profile.name).into_iter().collect();
                Rc::new(phase2(m, &entries))
            })
            .clone();
        let peers: Vec<&str> = i
            .destination
            .as_deref()
            .or(i.nbma.as_deref())
            .into_iter()
            .collect();
        let mut t = shared.tunnel(
            Spec {
                name: &i.name,
                line: i.line,
                peers: &peers,
                manual: false,
                dynamic: peers.is_empty(),
                map: None,
            },
            &p2,
        );
        if !p2.known {
            t.unresolved.push(format!(
                "IPsec profile {}, named at line {}, is not defined",
                profile.name, profile.line
            ));
        }
        tunnels.push(budget(t, &mut bytes, shared.ike1.len())?);
    }
    tunnels.sort_by_key(|t| t.line);

    let mut warnings = m.warnings.clone();
    warnings.extend(undefined(m));
    warnings.extend(unused(m, &tunnels, shared.any_v2.get()));
    warnings.extend(interfaces(m));
    warnings.sort_by_key(|w| w.line);
    warnings.dedup();
    Ok(ConfigFacts {
        tunnels,
        log_hosts: m
            .log_hosts
            .items()
            .iter()
            .map(|h| m.host_names.get(h).unwrap_or(h).clone())
            .collect(),
        log_host_lines: m.log_hosts.lines.clone(),
        warnings,
        release: m.release.clone(),
    })
}

/// Counts the proposal bytes handed out; too many is an error, not a
/// silently shortened list.
fn budget(t: Tunnel, bytes: &mut usize, ike1: usize) -> Result<Tunnel, ReadError> {
    *bytes += t
        .ike
        .iter()
        .chain(&t.esp)
        .chain(&t.defaults)
        .chain(&t.unresolved)
        .map(String::len)
        .sum::<usize>();
    if *bytes > MAX_PROPOSAL_BYTES {
        return Err(ReadError::new(
            t.line,
            1,
            format!(
                "the crypto configuration expands to more than {} MiB of proposals \
                 ({ike1} IKEv1 policies are offered on every IKEv1 tunnel): too large to report",
                MAX_PROPOSAL_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(t)
}

struct Spec<'a> {
    name: &'a str,
    line: u32,
    peers: &'a [&'a str],
    manual: bool,
    /// No fixed peer (dynamic crypto map, DMVPN hub, dynamic VTI).
    dynamic: bool,
    /// The crypto map the entry belongs to (for map-wide settings).
    map: Option<&'a str>,
}

/// Merges the entries a tunnel's phase 2 comes from.
fn phase2(m: &Model, entries: &[&Entry]) -> Phase2 {
    let (this, other) = m.names();
    let mut esp = Unique::default();
    let mut peers = Unique::default();
    // PFS holds only when every entry the tunnel can negotiate through has
    // it (a dynamic map's entries are tried in turn: one without PFS is a
    // path without it).
    let mut p = Phase2 {
        known: !entries.is_empty(),
        pfs: !entries.is_empty(),
        ..Phase2::default()
    };
    for e in entries {
        let (list, line, default) = esp_of(m, e);
        for s in list {
            esp.push(&s);
        }
        if p.esp_line == 0 {
            p.esp_line = line;
        }
        match default {
            Some(Ok(d)) => p.defaults.push(d),
            Some(Err(u)) => p.unresolved.push(u),
            None => {}
        }
        p.unresolved.extend(undefined_phase2(m, e));
        for f in &e.foreign {
            if let Some(side @ ("IKE" | "ESP" | "PFS")) = f.side {
                p.unresolved.push(format!(
                    "{side}: `{}` at line {} is {other} syntax, not read as {this}",
                    f.what, f.line
                ));
            }
            if f.side == Some("PFS") {
                p.pfs_unknown = true;
            }
        }
        for peer in e.peers.items() {
            peers.push(peer);
        }
        p.pfs &= e.pfs.is_some();
        if p.pfs_line == 0 {
            p.pfs_line = e.pfs_line;
        }
        p.v1 |= e.v1;
        p.v2 |= e.v2;
        p.main |= e.phase1_mode == Some(IkeMode::Main);
        p.aggressive |= e.phase1_mode == Some(IkeMode::Aggressive);
        let isakmp = e
            .isakmp_profile
            .as_ref()
            .or_else(|| m.map_isakmp_profile.get(&e.set_name));
        if let Some(r) = isakmp {
            p.named_isakmp = true;
            match m.isakmp_profiles.get(&r.name) {
                Some(profile) => {
                    p.aggressive |= profile.aggressive;
                    isakmp_profile_auth(m, profile, &mut p);
                }
                None => p.unresolved.push(format!(
                    "ISAKMP profile {}, named at line {}, is not defined",
                    r.name, r.line
                )),
            }
        }
        if let Some(r) = &e.ikev2_profile {
            p.named_ikev2 = true;
            match m.ike2_profiles.get(&r.name) {
                Some(profile) => ikev2_profile_auth(m, profile, &mut p),
                None => p.unresolved.push(format!(
                    "IKEv2 profile {}, named at line {}, is not defined",
                    r.name, r.line
                )),
            }
        }
    }
    p.esp = esp.into_vec();
    p.peers = peers.into_vec();
    p
}

/// What an IKEv2 profile says about authentication: its `authentication
/// local|remote` methods (Configuring Internet Key Exchange Version 2 and
/// FlexVPN Site-to-Site, "IKEv2 Profile"; `eap` is a password round,
/// Configuring the FlexVPN Server, "Peer Authentication Using EAP").
fn ikev2_profile_auth(m: &Model, profile: &super::parse::Ike2Profile, p: &mut Phase2) {
    p.ikev2_auth.extend(profile.auth.iter().copied());
    if p.ikev2_auth_line == 0 {
        p.ikev2_auth_line = profile.auth_line;
    }
    if let Some(k) = &profile.keyring
        && m.keyrings.get(&k.name).is_none()
    {
        p.unresolved.push(format!(
            "keyring {}, named at line {}, is not defined",
            k.name, k.line
        ));
    }
}

/// The profiles whose `match identity` address covers one of `peers`, in
/// definition order: host addresses through an index, ranges by a bounded
/// scan (a file with more ranges than [`MAX_RANGES`] is not scanned, so
/// hostile files stay linear; such profiles are then not linked).
struct ByIdentity<'m> {
    hosts: HashMap<u32, Vec<usize>>,
    ranges: Vec<(u32, u32, usize)>,
    names: Vec<&'m str>,
}

const MAX_RANGES: usize = 64;

impl<'m> ByIdentity<'m> {
    fn new<'a, I>(profiles: I) -> ByIdentity<'m>
    where
        I: Iterator<Item = (&'m str, &'a super::parse::Identity)>,
    {
        let mut out = ByIdentity {
            hosts: HashMap::new(),
            ranges: Vec::new(),
            names: Vec::new(),
        };
        for (i, (name, id)) in profiles.enumerate() {
            out.names.push(name);
            for &(net, mask) in &id.addresses {
                if mask == u32::MAX {
                    out.hosts.entry(net).or_default().push(i);
                } else {
                    out.ranges.push((net, mask, i));
                }
            }
        }
        if out.ranges.len() > MAX_RANGES {
            out.ranges.clear();
        }
        out
    }

    fn matching(&self, peers: &[&str]) -> Vec<&'m str> {
        let mut hits: Vec<usize> = Vec::new();
        for a in peers.iter().filter_map(|p| super::parse::ipv4(p)) {
            hits.extend(self.hosts.get(&a).into_iter().flatten().copied());
            hits.extend(
                self.ranges
                    .iter()
                    .filter(|(net, mask, _)| a & mask == net & mask)
                    .map(|(_, _, i)| *i),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|i| self.names[i]).collect()
    }
}

/// What an ISAKMP profile says about authentication (Cisco IOS Security
/// Command Reference, "crypto isakmp profile", "keyring", "ca trust-point",
/// "client authentication list", "match identity"):
/// * `keyring K` whose keyring gives a pre-shared key → psk;
/// * `ca trust-point TP` → certificate (RSA signatures against that CA);
/// * `client authentication list L` → a password round (XAUTH);
/// * `match identity group G` of an Easy VPN group with a `key` → psk.
fn isakmp_profile_auth(m: &Model, profile: &super::parse::IsakmpProfile, p: &mut Phase2) {
    let line = |l: u32, p: &mut Phase2| {
        if p.profile_auth_line == 0 {
            p.profile_auth_line = l;
        }
    };
    if let Some(k) = &profile.keyring {
        p.profile_keys = true;
        match m.keyrings.get(&k.name) {
            Some(ring) => {
                if let Some(l) = ring.psk_line {
                    p.profile_auth.insert(AuthMethod::Psk);
                    line(l, p);
                }
            }
            None => p.unresolved.push(format!(
                "keyring {}, named at line {}, is not defined",
                k.name, k.line
            )),
        }
    }
    if let Some(l) = profile.trustpoint {
        p.profile_keys = true;
        p.profile_auth.insert(AuthMethod::Certificate);
        line(l, p);
    }
    for g in &profile.groups {
        if let Some(l) = m.client_groups.get(&g.name).and_then(|g| g.key_line) {
            p.profile_auth.insert(AuthMethod::Psk);
            line(l, p);
        }
    }
    if let Some(l) = profile.client_auth {
        p.profile_auth.insert(AuthMethod::Password);
        line(l, p);
    }
}

/// What an entry or profile names for its phase 2 that the file does not
/// define: a platform would refuse such an entry, or negotiate with what is
/// left; either way the tunnel's ESP is not what the file shows.
fn undefined_phase2(m: &Model, e: &Entry) -> Vec<String> {
    let at = |l: u32| if l == 0 { e.line } else { l };
    let sets = e
        .transform_sets
        .items()
        .iter()
        .filter(|name| m.transform_sets.get(name.as_str()).is_none())
        .map(|name| {
            format!(
                "transform set {name}, named at line {}, is not defined",
                at(e.transform_sets_line)
            )
        });
    let proposals = e
        .ipsec_proposals
        .items()
        .iter()
        .filter(|name| m.ipsec_proposals.get(name.as_str()).is_none())
        .map(|name| {
            format!(
                "IPsec proposal {name}, named at line {}, is not defined",
                at(e.ipsec_proposals_line)
            )
        });
    sets.chain(proposals).collect()
}

/// ESP proposals of one entry or profile, with its PFS group appended; the
/// line of the first transform set or proposal used; the defaults applied.
fn esp_of(m: &Model, e: &Entry) -> (Vec<String>, u32, Option<Result<String, String>>) {
    let mut esp = Unique::default();
    let mut line = 0;
    for name in e.transform_sets.items() {
        if let Some(t) = m
            .transform_sets
            .get(name)
            .filter(|t| !t.transforms.is_empty())
        {
            esp.push(&t.transforms);
            if line == 0 {
                line = t.line;
            }
        }
    }
    for name in e.ipsec_proposals.items() {
        if let Some(a) = m.ipsec_proposals.get(name) {
            let s = proposal(a, false);
            if !s.is_empty() {
                esp.push(&s);
                if line == 0 {
                    line = a.line;
                }
            }
        }
    }
    let mut esp = esp.into_vec();
    let mut default = None;
    let group = match &e.pfs {
        Some(Some(g)) => Some(g.as_str()),
        // IOS command reference: group1 when `set pfs` names none. Only
        // where that default is confirmed for the file's release; else the
        // group is left unstated (PFS on, group unknown).
        Some(None) if m.flavour == Flavour::Ios && defaults_confirmed(m) => {
            default = Some(Ok(format!(
                "PFS: `set pfs` at line {} names no group, read as group 1 ({IOS_PFS_DOC})",
                e.pfs_line
            )));
            Some("1")
        }
        // A group left to a default that is not confirmed (IOS-XE 16+,
        // ASA): PFS is on, but its group is unknown, never "nothing weak".
        Some(None) => {
            default = Some(Err(format!(
                "PFS: `set pfs` at line {} names no group, and the default group of this \
                 release is not confirmed",
                e.pfs_line
            )));
            None
        }
        _ => None,
    };
    if let Some(g) = group {
        if esp.is_empty() {
            esp.push(format!("group {g}"));
        } else {
            for s in &mut esp {
                s.push_str(" group ");
                s.push_str(g);
            }
        }
    }
    (esp, line, default)
}

impl Shared<'_> {
    fn tunnel(&self, t: Spec<'_>, p2: &Phase2) -> Tunnel {
        let m = self.m;
        let ike_version = if t.manual {
            None
        } else if p2.v1 {
            Some(1)
        } else if p2.v2 {
            Some(2)
        } else if m.ikev1_config {
            Some(1)
        } else if m.ikev2_config {
            Some(2)
        } else if m.flavour == Flavour::Ios {
            Some(1)
        } else {
            None
        };
        let uses_v1 = ike_version == Some(1);
        let uses_v2 = ike_version == Some(2) || (p2.v1 && p2.v2);
        if uses_v2 {
            self.any_v2.set(true);
        }
        let mut lines = SideLines {
            esp: p2.esp_line,
            pfs: p2.pfs_line,
            ..SideLines::default()
        };
        let mut defaults = p2.defaults.clone();
        let mut unresolved = p2.unresolved.clone();

        let ike = match (uses_v1, uses_v2) {
            (true, false) => self.ike1.clone(),
            (false, true) => self.ike2.clone(),
            (true, true) => {
                let mut ike = self.ike1.clone();
                ike.extend(
                    self.ike2
                        .iter()
                        .filter(|s| !self.ike1_seen.contains(s.as_str()))
                        .cloned(),
                );
                ike
            }
            (false, false) => Vec::new(),
        };
        if uses_v1 {
            lines.ike = self.ike1_line;
            defaults.extend(self.ike1_defaults.iter().cloned());
            unresolved.extend(self.ike1_unconfirmed.iter().cloned());
            if let (Some(l), true) = (m.foreign_ike1_policy, self.ike1.is_empty()) {
                unresolved.push(format!(
                    "IKE: the IKEv1 policies are written in ASA syntax (`crypto ikev1 \
                     policy`, line {l}), not read as IOS"
                ));
            }
        }
        if lines.ike == 0 && uses_v2 {
            lines.ike = self.ike2_line;
        }

        // A tunnel whose entry names no profile uses the one its peer's
        // identity selects (AWS-style configurations link the keyring to
        // the peer that way: `match identity address A`).
        let mut matched = Phase2::default();
        if uses_v1 && !p2.named_isakmp {
            for name in self.isakmp_by_identity.matching(t.peers) {
                if let Some(profile) = m.isakmp_profiles.get(name) {
                    matched.aggressive |= profile.aggressive;
                    isakmp_profile_auth(m, profile, &mut matched);
                }
            }
        }
        if uses_v2 && !p2.named_ikev2 {
            for name in self.ikev2_by_identity.matching(t.peers) {
                if let Some(profile) = m.ike2_profiles.get(name) {
                    ikev2_profile_auth(m, profile, &mut matched);
                }
            }
        }
        unresolved.extend(matched.unresolved.iter().cloned());
        let a2 = &Phase2 {
            aggressive: p2.aggressive || matched.aggressive,
            ikev2_auth: p2.ikev2_auth.union(&matched.ikev2_auth).copied().collect(),
            ikev2_auth_line: if p2.ikev2_auth_line != 0 {
                p2.ikev2_auth_line
            } else {
                matched.ikev2_auth_line
            },
            profile_auth: p2
                .profile_auth
                .union(&matched.profile_auth)
                .copied()
                .collect(),
            profile_auth_line: if p2.profile_auth_line != 0 {
                p2.profile_auth_line
            } else {
                matched.profile_auth_line
            },
            profile_keys: p2.profile_keys || matched.profile_keys,
            ..Phase2::default()
        };

        let aggressive_peer = t.peers.iter().any(|peer| {
            m.isakmp_peers
                .get(peer)
                .is_some_and(|aggressive| *aggressive)
        });
        let ike_mode = if !uses_v1 {
            None
        } else if m.aggressive_disabled && m.flavour == Flavour::Ios {
            // IOS blocks aggressive mode "to and from" the device; ASA's
            // am-disable refuses inbound requests only.
            Some(IkeMode::Main)
        } else if a2.aggressive || aggressive_peer {
            Some(IkeMode::Aggressive)
        } else if p2.main || m.aggressive_disabled {
            Some(IkeMode::Main)
        } else {
            None
        };

        // A tunnel-group's methods for the IKE versions the tunnel uses
        // (both when the file does not say which).
        let (g1, g2) = if uses_v1 || uses_v2 {
            (uses_v1, uses_v2)
        } else {
            (true, true)
        };
        let (mut auth, auth_line, mfa) = self.tunnel_group_auth(t.peers, t.dynamic, g1, g2);
        lines.auth = auth_line;
        let from_group = !auth.is_empty();
        if uses_v2 {
            auth.extend(a2.ikev2_auth.iter().copied());
            if lines.auth == 0 {
                lines.auth = a2.ikev2_auth_line;
            }
        }
        if uses_v1 && !from_group {
            self.ios_ike1_auth(&t, a2, &mut auth, &mut lines);
        }
        let mut auth: Vec<AuthMethod> = auth.into_iter().collect();
        if mfa {
            auth.push(AuthMethod::Mfa);
            auth.sort();
        }

        Tunnel {
            name: t.name.to_string(),
            line: t.line,
            peer: t.peers.first().map(|p| p.to_string()),
            ike_version,
            ike_mode,
            ike,
            esp: p2.esp.clone(),
            tls: Vec::new(),
            keys: Vec::new(),
            pfs: (p2.known && !p2.pfs_unknown).then_some(p2.pfs),
            auth,
            unresolved,
            lines,
            defaults,
        }
    }

    /// IKEv1 authentication outside ASA tunnel-groups: the methods of the
    /// ISAKMP policies (every policy is offered to every peer) or, with no
    /// policy, a key for the peer; what the tunnel's ISAKMP profile adds;
    /// and the XAUTH round of a crypto map with `client authentication
    /// list` (Cisco IOS Security Command Reference, "crypto map client
    /// authentication list"), which peers whose key says `no-xauth` skip.
    fn ios_ike1_auth(
        &self,
        t: &Spec<'_>,
        p2: &Phase2,
        auth: &mut BTreeSet<AuthMethod>,
        lines: &mut SideLines,
    ) {
        let m = self.m;
        let set_line = |l: u32, lines: &mut SideLines| {
            if lines.auth == 0 {
                lines.auth = l;
            }
        };
        if m.ike1_policies.is_empty() {
            // No policy: the profile's keyring or trust point, else a
            // global key for the peer (or the wildcard 0.0.0.0).
            if !p2.profile_keys {
                let key_line = t
                    .peers
                    .iter()
                    .copied()
                    .chain(["0.0.0.0"])
                    .find_map(|p| m.psk_lines.get(p).copied());
                if let Some(l) = key_line {
                    auth.insert(AuthMethod::Psk);
                    set_line(l, lines);
                }
            }
            auth.extend(p2.profile_auth.iter().copied());
            set_line(p2.profile_auth_line, lines);
        } else {
            // The policies decide the method; a profile's keyring or trust
            // point only supplies its keys. XAUTH and Easy VPN group keys
            // are still the profile's.
            if p2.profile_auth.contains(&AuthMethod::Psk)
                && self.ike1_auth.contains(&AuthMethod::Psk)
                || p2.profile_auth.contains(&AuthMethod::Certificate)
                    && self.ike1_auth.contains(&AuthMethod::Certificate)
            {
                set_line(p2.profile_auth_line, lines);
            }
            if self.ike1_auth.contains(&AuthMethod::Psk) {
                let key_line = t
                    .peers
                    .iter()
                    .copied()
                    .chain(["0.0.0.0"])
                    .find_map(|p| m.psk_lines.get(p).copied());
                if let Some(l) = key_line {
                    set_line(l, lines);
                }
            }
            auth.extend(self.ike1_auth.iter().copied());
            set_line(self.ike1_auth_line, lines);
            if p2.profile_auth.contains(&AuthMethod::Password) {
                auth.insert(AuthMethod::Password);
            }
        }
        let map_xauth = t.map.and_then(|name| m.map_client_auth.get(name)).copied();
        let skips = !t.peers.is_empty() && t.peers.iter().all(|p| m.no_xauth.contains(*p));
        if let Some(l) = map_xauth.filter(|_| !skips) {
            auth.insert(AuthMethod::Password);
            // Easy VPN clients (no fixed peer) authenticate the device with
            // their group's key before the XAUTH round.
            if t.dynamic {
                let group_key = m.client_groups.iter().find_map(|(_, g)| g.key_line);
                if let Some(k) = group_key {
                    auth.insert(AuthMethod::Psk);
                    set_line(k, lines);
                }
            }
            set_line(l, lines);
        }
    }

    /// ASA: the tunnel-group named after the peer, else `DefaultL2LGroup`;
    /// without a fixed peer also the remote-access groups. The methods, the
    /// line that sets the first, and whether every group proves MFA.
    fn tunnel_group_auth(
        &self,
        peers: &[&str],
        dynamic: bool,
        v1: bool,
        v2: bool,
    ) -> (BTreeSet<AuthMethod>, u32, bool) {
        let groups = &self.m.tunnel_groups;
        let mut out = GroupAuth::default();
        let mut any = false;
        let mut mfa = true;
        let mut add = |g: &GroupAuth, out: &mut GroupAuth| {
            out.methods.extend(g.methods.iter().copied());
            if out.line == 0 {
                out.line = g.line;
            }
            mfa &= g.mfa;
        };
        let mut found = false;
        for peer in peers {
            if let Some(g) = groups.get(peer) {
                add(&group_auth(peer, g, v1, v2), &mut out);
                found = true;
                any = true;
            }
        }
        if dynamic {
            let g = &self.dynamic_group_auth[usize::from(v1) * 2 + usize::from(v2)];
            if !g.methods.is_empty() {
                add(g, &mut out);
                any = true;
            }
        }
        if !found && let Some(g) = groups.get("DefaultL2LGroup") {
            add(&group_auth("DefaultL2LGroup", g, v1, v2), &mut out);
            any = true;
        }
        (out.methods, out.line, any && mfa)
    }
}

/// What one ASA tunnel-group gives a tunnel (Cisco ASA Series VPN CLI
/// Configuration Guide, "Connection Profiles, Group Policies, and Users"):
/// the `ipsec-attributes` methods; for a remote-access group, the XAUTH
/// password round of IKEv1 clients (on unless `ikev1-user-authentication
/// none`) and, for IKEv2 (AnyConnect) clients, the `webvpn-attributes`
/// `authentication` methods — `aaa` a password, `certificate` a
/// certificate, both together MFA.
///
/// MFA is claimed only where one group requires both a user certificate
/// and an AAA password (`authentication aaa certificate`). A pre-shared
/// group key with an XAUTH password is not MFA: the key is shared by every
/// user of the group, so it proves nothing about the user; nor is a
/// certificate with XAUTH, which the file cannot show to be a user's
/// rather than a device's.
fn group_auth(name: &str, g: &TunnelGroup, v1: bool, v2: bool) -> GroupAuth {
    let mut out = GroupAuth::default();
    let add = |(methods, line): &(BTreeSet<AuthMethod>, u32), out: &mut GroupAuth| {
        out.methods.extend(methods.iter().copied());
        if out.line == 0 {
            out.line = *line;
        }
    };
    if v1 {
        add(&g.auth_v1, &mut out);
    }
    if v2 {
        add(&g.auth_v2, &mut out);
    }
    // ASA's built-in remote-access groups need no `type` line.
    let remote_access = g.kind.as_deref() == Some("remote-access")
        || (g.kind.is_none() && BUILTIN_RA_GROUPS.contains(&name));
    if remote_access {
        // XAUTH follows a phase 1 the group can authenticate: only a group
        // with an IKEv1 key or trust point has one.
        if v1 && !g.xauth_none && !g.auth_v1.0.is_empty() {
            out.methods.insert(AuthMethod::Password);
            if out.line == 0 {
                out.line = g.server_group_line.unwrap_or(0);
            }
        }
        // That AnyConnect IKEv2 clients are held to the webvpn-attributes
        // `authentication` methods (as SSL clients are) is read from the
        // ASA guides, unconfirmed on a device; it only ever adds a method
        // or proves MFA where the group requires both factors.
        if v2 && let Some((methods, line)) = &g.client_auth {
            let aaa = methods.iter().any(|w| w == "aaa");
            let cert = methods
                .iter()
                .any(|w| w == "certificate" || w == "multiple-certificate");
            if aaa {
                out.methods.insert(AuthMethod::Password);
            }
            if cert {
                out.methods.insert(AuthMethod::Certificate);
            }
            out.mfa = aaa && cert;
            if aaa || cert {
                out.line = *line;
            }
        }
    }
    if out.line == 0 {
        out.line = g.line;
    }
    out
}

/// ASA's built-in connection profiles remote-access clients may use.
const BUILTIN_RA_GROUPS: [&str; 2] = ["DefaultRAGroup", "DefaultWEBVPNGroup"];

/// The remote-access groups and `DefaultRAGroup` together, for tunnels
/// without a fixed peer. MFA holds only when every one of them requires it,
/// including ASA's built-in `DefaultRAGroup` and `DefaultWEBVPNGroup`: a
/// client may land in those, and unless the file says otherwise they ask
/// for `authentication aaa` only (the documented default of the
/// webvpn-attributes `authentication` command).
fn dynamic_group_auth(m: &Model, v1: bool, v2: bool) -> GroupAuth {
    let mut out = GroupAuth {
        mfa: true,
        ..GroupAuth::default()
    };
    let mut any = false;
    for (name, g) in m.tunnel_groups.iter() {
        if g.kind.as_deref() == Some("remote-access") || BUILTIN_RA_GROUPS.contains(&name) {
            let a = group_auth(name, g, v1, v2);
            out.methods.extend(a.methods.iter().copied());
            if out.line == 0 {
                out.line = a.line;
            }
            out.mfa &= a.mfa;
            any = true;
        }
    }
    for builtin in BUILTIN_RA_GROUPS {
        let proves = m
            .tunnel_groups
            .get(builtin)
            .is_some_and(|g| group_auth(builtin, g, v1, v2).mfa);
        out.mfa &= proves;
    }
    out.mfa &= any;
    out
}

/// Policy numbers in numeric order; named ones after them, as defined
/// (the sort is stable).
fn numeric_key(s: &str) -> u64 {
    s.parse().unwrap_or(u64::MAX)
}

/// IKEv1 policies in priority order, defaults filled in; the line of the
/// first; the defaults applied, with provenance.
fn ike1_proposals(m: &Model) -> (Vec<String>, u32, Vec<String>, bool) {
    let (enc, hash, group, doc) = match m.flavour {
        Flavour::Ios => ("des", "sha", "1", IOS_POLICY_DOC),
        Flavour::Asa => ("3des", "sha", "2", ASA_POLICY_DOC),
    };
    let mut policies: Vec<_> = m.ike1_policies.iter().collect();
    policies.sort_by_key(|(n, _)| numeric_key(n));
    let mut out = Unique::default();
    let mut defaults = Vec::new();
    let mut crypto_left = false;
    for (name, p) in &policies {
        crypto_left |= p.encryption.is_none() || p.hash.is_none() || p.group.is_none();
        let mut left = Vec::new();
        if p.encryption.is_none() {
            left.push(format!("encryption {enc}"));
        }
        if p.hash.is_none() {
            left.push(format!("hash {hash}"));
        }
        if p.group.is_none() {
            left.push(format!("group {group}"));
        }
        if p.authentication.is_none() {
            left.push(format!("authentication {}", ike1_default_auth(m)));
        }
        if !left.is_empty() {
            defaults.push(format!(
                "IKE: policy {name} (line {}) leaves {} unwritten ({doc})",
                p.line,
                left.join(", ")
            ));
        }
        out.push(&format!(
            "{} {} group {}",
            p.encryption.as_deref().unwrap_or(enc),
            p.hash.as_deref().unwrap_or(hash),
            p.group.as_deref().unwrap_or(group)
        ));
    }
    let line = policies.first().map_or(0, |(_, p)| p.line);
    (out.into_vec(), line, defaults, crypto_left)
}

fn ike1_default_auth(m: &Model) -> &'static str {
    match m.flavour {
        Flavour::Ios => "rsa-sig",
        Flavour::Asa => "pre-share",
    }
}

/// The methods of every IKEv1 policy and the first `authentication` line
/// (else the first policy's line).
fn ike1_auth(m: &Model) -> (BTreeSet<AuthMethod>, u32) {
    let default = ike1_default_auth(m);
    let mut policies: Vec<_> = m.ike1_policies.iter().collect();
    policies.sort_by_key(|(n, _)| numeric_key(n));
    let methods = policies
        .iter()
        .filter_map(|(_, p)| auth_method(p.authentication.as_deref().unwrap_or(default)))
        .collect();
    let line = policies
        .iter()
        .map(|(_, p)| p.auth_line)
        .find(|&l| l != 0)
        .or_else(|| policies.first().map(|(_, p)| p.line))
        .unwrap_or(0);
    (methods, line)
}

/// IKEv2 proposals in use: those the policies name or write inline, and
/// the line of the first.
fn ike2_proposals(m: &Model) -> (Vec<String>, u32) {
    let mut policies: Vec<_> = m.ike2_policies.iter().collect();
    policies.sort_by_key(|(n, _)| numeric_key(n));
    let mut out = Unique::default();
    let mut line = 0;
    for (_, p) in &policies {
        let inline = proposal(&p.inline, true);
        if !inline.is_empty() {
            out.push(&inline);
            if line == 0 {
                line = p.line;
            }
        }
        for r in &p.proposals {
            if let Some(a) = m.ike2_proposals.get(&r.name) {
                let s = proposal(a, true);
                if !s.is_empty() {
                    out.push(&s);
                    if line == 0 {
                        line = a.line;
                    }
                }
            }
        }
    }
    // A proposal no policy names is not negotiated: "Manually configured
    // IKEv2 proposals must be linked with an IKEv2 policy; otherwise, the
    // proposals are not used in the negotiation" (Cisco, Configuring
    // Internet Key Exchange Version 2 and FlexVPN Site-to-Site, "IKEv2
    // Proposal"). Without a policy the default proposal of the release
    // applies, which is not in the file: the IKE side stays unwritten.
    (out.into_vec(), line)
}

/// One proposal string: encryptions, integrities, `prf ...`, `group ...`.
/// `null` integrity beside AES-GCM/GMAC is ASA's "no separate integrity"
/// and is dropped; `group` is written only for IKE.
fn proposal(a: &Algorithms, ike: bool) -> String {
    let aead = a.encryption.items().iter().any(|e| {
        let e = e.to_ascii_lowercase();
        e.contains("gcm") || e.contains("gmac")
    });
    let mut words: Vec<&str> = a.encryption.items().iter().map(String::as_str).collect();
    words.extend(
        a.integrity
            .items()
            .iter()
            .map(String::as_str)
            .filter(|i| !(aead && i.eq_ignore_ascii_case("null"))),
    );
    if !a.prf.is_empty() {
        words.push("prf");
        words.extend(a.prf.items().iter().map(String::as_str));
    }
    if ike && !a.group.is_empty() {
        words.push("group");
        words.extend(a.group.items().iter().map(String::as_str));
    }
    words.join(" ")
}

// ---- located warnings ------------------------------------------------------

/// Every entry of the file: crypto-map, dynamic-map, IPsec profile.
fn all_entries(m: &Model) -> impl Iterator<Item = &Entry> {
    m.map_entries
        .iter()
        .chain(m.dynamic_entries.iter())
        .chain(m.ipsec_profiles.iter())
        .map(|(_, e)| e)
}

/// A reference to something the file does not define, at the line that
/// names it (the tunnels built on it say so in `unresolved` as well).
fn undefined(m: &Model) -> Vec<ReadWarning> {
    let mut out = Vec::new();
    let mut missing = |line: u32, what: &str, name: &str| {
        out.push(ReadWarning::new(
            line,
            format!("{what} {name} is named here but not defined"),
        ));
    };
    for e in all_entries(m) {
        for name in e.transform_sets.items() {
            if m.transform_sets.get(name).is_none() {
                missing(e.transform_sets_line.max(e.line), "transform set", name);
            }
        }
        for name in e.ipsec_proposals.items() {
            if m.ipsec_proposals.get(name).is_none() {
                missing(e.ipsec_proposals_line.max(e.line), "IPsec proposal", name);
            }
        }
        if let Some(r) = &e.isakmp_profile
            && m.isakmp_profiles.get(&r.name).is_none()
        {
            missing(r.line, "ISAKMP profile", &r.name);
        }
        if let Some(r) = &e.ikev2_profile
            && m.ike2_profiles.get(&r.name).is_none()
        {
            missing(r.line, "IKEv2 profile", &r.name);
        }
    }
    let dynamic: HashSet<&str> = m
        .dynamic_entries
        .iter()
        .map(|(_, e)| e.set_name.as_str())
        .collect();
    for (_, e) in m.map_entries.iter() {
        if let EntryKind::Dynamic(d) = &e.kind
            && !dynamic.contains(d.as_str())
        {
            missing(e.line, "dynamic map", d);
        }
    }
    for r in m.map_isakmp_profile.values() {
        if m.isakmp_profiles.get(&r.name).is_none() {
            missing(r.line, "ISAKMP profile", &r.name);
        }
    }
    for (_, p) in m.isakmp_profiles.iter() {
        if let Some(k) = &p.keyring
            && m.keyrings.get(&k.name).is_none()
        {
            missing(k.line, "keyring", &k.name);
        }
        for g in &p.groups {
            if m.client_groups.get(&g.name).is_none() {
                missing(g.line, "client configuration group", &g.name);
            }
        }
    }
    for (_, p) in m.ike2_profiles.iter() {
        if let Some(k) = &p.keyring
            && m.keyrings.get(&k.name).is_none()
        {
            missing(k.line, "keyring", &k.name);
        }
    }
    for (_, p) in m.ike2_policies.iter() {
        for r in &p.proposals {
            if m.ike2_proposals.get(&r.name).is_none() {
                missing(r.line, "IKEv2 proposal", &r.name);
            }
        }
    }
    let maps: HashSet<&str> = m
        .map_entries
        .iter()
        .map(|(_, e)| e.set_name.as_str())
        .collect();
    for i in &m.interfaces {
        if let Some(p) = &i.profile
            && m.ipsec_profiles.get(&p.name).is_none()
        {
            missing(p.line, "IPsec profile", &p.name);
        }
        if let Some(c) = &i.crypto_map
            && !maps.contains(c.name.as_str())
        {
            missing(c.line, "crypto map", &c.name);
        }
    }
    for (r, _) in &m.map_interfaces {
        if !maps.contains(r.name.as_str()) {
            missing(r.line, "crypto map", &r.name);
        }
    }
    out
}

/// Definitions nothing uses. ISAKMP keyrings outside profiles are not
/// reported: IOS also looks pre-shared keys up in keyrings no profile names
/// (Cisco document 117259, "Use Multiple Keyrings with ISAKMP Profiles in
/// IOS", keyring selection; cisco.com/c/en/us/support/docs/security-vpn/
/// ipsec-negotiation-ike-protocols/117259-trouble-ios-ike-00.html — read in
/// a translated copy, the exact rule per release unconfirmed), so such a
/// keyring may well be in use.
fn unused(m: &Model, tunnels: &[Tunnel], any_v2: bool) -> Vec<ReadWarning> {
    let mut out = Vec::new();
    let mut sets = HashSet::new();
    let mut proposals = HashSet::new();
    let mut isakmp = HashSet::new();
    let mut ikev2 = HashSet::new();
    for e in all_entries(m) {
        sets.extend(e.transform_sets.items().iter().map(String::as_str));
        proposals.extend(e.ipsec_proposals.items().iter().map(String::as_str));
        isakmp.extend(e.isakmp_profile.as_ref().map(|r| r.name.as_str()));
        ikev2.extend(e.ikev2_profile.as_ref().map(|r| r.name.as_str()));
    }
    isakmp.extend(m.map_isakmp_profile.values().map(|r| r.name.as_str()));
    for (name, t) in m.transform_sets.iter() {
        if !sets.contains(name) {
            out.push(ReadWarning::new(
                t.line,
                format!("transform set {name} is used by no crypto map entry or IPsec profile"),
            ));
        }
    }
    for (name, a) in m.ipsec_proposals.iter() {
        if !proposals.contains(name) {
            out.push(ReadWarning::new(
                a.line,
                format!("IPsec proposal {name} is used by no crypto map entry or IPsec profile"),
            ));
        }
    }
    let named: HashSet<&str> = m
        .ike2_policies
        .iter()
        .flat_map(|(_, p)| p.proposals.iter().map(|r| r.name.as_str()))
        .collect();
    for (name, a) in m.ike2_proposals.iter() {
        if !named.contains(name) {
            out.push(ReadWarning::new(
                a.line,
                format!(
                    "IKEv2 proposal {name} is named by no IKEv2 policy, so it is never negotiated"
                ),
            ));
        }
    }
    if !any_v2 {
        for (name, p) in m.ike2_policies.iter() {
            out.push(ReadWarning::new(
                p.line,
                format!("IKEv2 policy {name} applies to no tunnel: none of this file uses IKEv2"),
            ));
        }
    }
    // A profile no entry names is still used when its `match identity`
    // selects a peer (Cisco IOS Security Command Reference, "match
    // identity"): one whose addresses cover no peer of the file and that
    // no peer without a fixed address could match is unused.
    let peers: Vec<&str> = tunnels.iter().filter_map(|t| t.peer.as_deref()).collect();
    let dynamic = tunnels.iter().any(|t| t.peer.is_none());
    let matched_isakmp: HashSet<&str> =
        ByIdentity::new(m.isakmp_profiles.iter().map(|(n, p)| (n, &p.identity)))
            .matching(&peers)
            .into_iter()
            .collect();
    let matched_ikev2: HashSet<&str> =
        ByIdentity::new(m.ike2_profiles.iter().map(|(n, p)| (n, &p.identity)))
            .matching(&peers)
            .into_iter()
            .collect();
    let profiles = m
        .isakmp_profiles
        .iter()
        .map(|(n, p)| ("ISAKMP", n, p.line, &p.identity, &isakmp, &matched_isakmp))
        .chain(
            m.ike2_profiles
                .iter()
                .map(|(n, p)| ("IKEv2", n, p.line, &p.identity, &ikev2, &matched_ikev2)),
        );
    for (kind, name, line, identity, named, matched) in profiles {
        if named.contains(name) || matched.contains(name) || identity.other {
            continue;
        }
        if !identity.any() {
            out.push(ReadWarning::new(
                line,
                format!(
                    "{kind} profile {name} is named by no crypto map entry or IPsec profile \
                     and has no `match identity`: nothing uses it"
                ),
            ));
        } else if !dynamic {
            out.push(ReadWarning::new(
                line,
                format!(
                    "{kind} profile {name} is named by no crypto map entry or IPsec profile, \
                     and the addresses it matches are no peer of this file"
                ),
            ));
        }
    }
    let rings: HashSet<&str> = m
        .ike2_profiles
        .iter()
        .filter_map(|(_, p)| p.keyring.as_ref().map(|r| r.name.as_str()))
        .collect();
    for (name, k) in m.keyrings.iter() {
        if k.ikev2 && !rings.contains(name) {
            out.push(ReadWarning::new(
                k.line,
                format!("IKEv2 keyring {name} is named by no IKEv2 profile"),
            ));
        }
    }
    out
}

/// Crypto maps applied to no interface (in files that have interfaces),
/// and interfaces carrying crypto that are shut down.
fn interfaces(m: &Model) -> Vec<ReadWarning> {
    let mut out = Vec::new();
    if m.interfaces.is_empty() {
        return out;
    }
    let mut applied: HashSet<&str> = m
        .interfaces
        .iter()
        .filter_map(|i| i.crypto_map.as_ref().map(|r| r.name.as_str()))
        .collect();
    applied.extend(m.map_interfaces.iter().map(|(r, _)| r.name.as_str()));
    let mut seen = HashSet::new();
    for (_, e) in m.map_entries.iter() {
        if !applied.contains(e.set_name.as_str()) && seen.insert(e.set_name.as_str()) {
            out.push(ReadWarning::new(
                e.line,
                format!("crypto map {} is applied to no interface", e.set_name),
            ));
        }
    }
    let by_nameif: HashMap<&str, &super::parse::Interface> = m
        .interfaces
        .iter()
        .filter_map(|i| i.nameif.as_deref().map(|n| (n, i)))
        .collect();
    for i in &m.interfaces {
        let Some(down) = i.shutdown else { continue };
        let carried = i
            .crypto_map
            .as_ref()
            .map(|r| format!("crypto map {}", r.name))
            .or_else(|| {
                i.profile
                    .as_ref()
                    .map(|r| format!("tunnel protection (IPsec profile {})", r.name))
            });
        if let Some(what) = carried {
            out.push(ReadWarning::new(
                i.line,
                format!(
                    "interface {} carries {what} but is shut down (line {down})",
                    i.name
                ),
            ));
        }
    }
    for (r, nameif) in &m.map_interfaces {
        if let Some(i) = by_nameif.get(nameif.as_str())
            && let Some(down) = i.shutdown
        {
            out.push(ReadWarning::new(
                r.line,
                format!(
                    "crypto map {} is applied to interface {nameif} ({}), which is shut down \
                     (line {down})",
                    r.name, i.name
                ),
            ));
        }
    }
    out
}
