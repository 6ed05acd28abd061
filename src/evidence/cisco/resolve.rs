//! Links the raw model into tunnels: entries and profiles to transform sets,
//! IKE policies, profiles and tunnel-groups. The module above says what each
//! field means.
//!
//! Everything shared by many tunnels (IKE policy lists, a dynamic map's or
//! an IPsec profile's phase 2, the remote-access tunnel-groups) is computed
//! once, so the work stays linear in the file plus the facts it yields, and
//! the facts are capped by [`MAX_PROPOSAL_BYTES`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use super::parse::{Algorithms, Entry, EntryKind, Model, Unique, auth_method};
use super::{Flavour, MAX_PROPOSAL_BYTES};
use crate::evidence::{AuthMethod, ConfigFacts, IkeMode, ReadError, Tunnel};

/// What a tunnel's phase-2 source (crypto-map entry, all entries of a
/// dynamic map, or an IPsec profile) says, merged.
#[derive(Debug, Default)]
struct Phase2 {
    /// Whether the file defines the source at all.
    known: bool,
    esp: Vec<String>,
    pfs: bool,
    v1: bool,
    v2: bool,
    aggressive: bool,
    main: bool,
    ikev2_auth: BTreeSet<AuthMethod>,
    peers: Vec<String>,
    /// Transform sets and IPsec proposals named but never defined.
    unresolved: Vec<String>,
}

/// Per-file lists shared by every tunnel.
struct Shared<'m> {
    m: &'m Model,
    ike1: Vec<String>,
    ike2: Vec<String>,
    ike1_seen: HashSet<String>,
    ike1_auth: BTreeSet<AuthMethod>,
    /// ASA: authentication of the remote-access and default groups, for
    /// tunnels without a fixed peer.
    dynamic_group_auth: BTreeSet<AuthMethod>,
}

pub(super) fn facts(m: &Model) -> Result<ConfigFacts, ReadError> {
    let ike1 = ike1_proposals(m);
    let shared = Shared {
        m,
        ike1_seen: ike1.iter().cloned().collect(),
        ike1,
        ike2: ike2_proposals(m),
        ike1_auth: ike1_auth(m),
        dynamic_group_auth: dynamic_group_auth(m),
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
                        Rc::new(phase2(m, entries))
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
            },
            &p2,
        );
        tunnels.push(budget(t, &mut bytes, shared.ike1.len())?);
    }
    for i in &m.interfaces {
        let Some(profile) = &i.profile else { continue };
        let key = format!("ipsec profile {profile}");
        let p2 = memo
            .entry(key)
            .or_insert_with(|| {
                let entries: Vec<&Entry> = m.ipsec_profiles.get(profile).into_iter().collect();
                Rc::new(phase2(m, &entries))
            })
            .clone();
        let peers: Vec<&str> = i
            .destination
            .as_deref()
            .or(i.nbma.as_deref())
            .into_iter()
            .collect();
        let t = shared.tunnel(
            Spec {
                name: &i.name,
                line: i.line,
                peers: &peers,
                manual: false,
                dynamic: peers.is_empty(),
            },
            &p2,
        );
        tunnels.push(budget(t, &mut bytes, shared.ike1.len())?);
    }
    tunnels.sort_by_key(|t| t.line);
    Ok(ConfigFacts {
        tunnels,
        log_hosts: m
            .log_hosts
            .items()
            .iter()
            .map(|h| m.host_names.get(h).unwrap_or(h).clone())
            .collect(),
        warnings: Vec::new(),
        release: None,
    })
}

/// Counts the proposal bytes handed out; too many is an error, not a
/// silently shortened list.
fn budget(t: Tunnel, bytes: &mut usize, ike1: usize) -> Result<Tunnel, ReadError> {
    *bytes += t.ike.iter().chain(&t.esp).map(String::len).sum::<usize>();
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
}

/// Merges the entries a tunnel's phase 2 comes from.
fn phase2(m: &Model, entries: &[&Entry]) -> Phase2 {
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
        for s in esp_of(m, e) {
            esp.push(&s);
        }
        p.unresolved.extend(undefined_phase2(m, e));
        for peer in e.peers.items() {
            peers.push(peer);
        }
        p.pfs &= e.pfs.is_some();
        p.v1 |= e.v1;
        p.v2 |= e.v2;
        p.aggressive |= e.phase1_mode == Some(IkeMode::Aggressive)
            || e.isakmp_profile
                .as_deref()
                .and_then(|n| m.isakmp_profiles.get(n))
                .is_some_and(|aggressive| *aggressive);
        p.main |= e.phase1_mode == Some(IkeMode::Main);
        if let Some(methods) = e
            .ikev2_profile
            .as_deref()
            .and_then(|n| m.ike2_profiles.get(n))
        {
            p.ikev2_auth.extend(methods.iter().copied());
        }
    }
    p.esp = esp.into_vec();
    p.peers = peers.into_vec();
    p
}

/// What an entry or profile names for its phase 2 that the file does not
/// define: a platform would refuse such an entry, or negotiate with what is
/// left; either way the tunnel's ESP is not what the file shows.
fn undefined_phase2(m: &Model, e: &Entry) -> Vec<String> {
    let sets = e
        .transform_sets
        .items()
        .iter()
        .filter(|name| m.transform_sets.get(name.as_str()).is_none())
        .map(|name| {
            format!(
                "transform set {name}, named at line {}, is not defined",
                e.line
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
                e.line
            )
        });
    sets.chain(proposals).collect()
}

/// ESP proposals of one entry or profile, with its PFS group appended.
fn esp_of(m: &Model, e: &Entry) -> Vec<String> {
    let mut esp = Unique::default();
    for name in e.transform_sets.items() {
        if let Some(t) = m.transform_sets.get(name).filter(|t| !t.is_empty()) {
            esp.push(t);
        }
    }
    for name in e.ipsec_proposals.items() {
        if let Some(a) = m.ipsec_proposals.get(name) {
            let s = proposal(a, false);
            if !s.is_empty() {
                esp.push(&s);
            }
        }
    }
    let mut esp = esp.into_vec();
    let group = match &e.pfs {
        Some(Some(g)) => Some(g.as_str()),
        // IOS command reference: group1 when `set pfs` names none.
        Some(None) if m.flavour == Flavour::Ios => Some("1"),
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
    esp
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
        } else if p2.aggressive || aggressive_peer {
            Some(IkeMode::Aggressive)
        } else if p2.main || m.aggressive_disabled {
            Some(IkeMode::Main)
        } else {
            None
        };

        let mut auth = self.tunnel_group_auth(t.peers, t.dynamic);
        let from_group = !auth.is_empty();
        if uses_v2 {
            auth.extend(p2.ikev2_auth.iter().copied());
        }
        if uses_v1 && !from_group {
            if m.ike1_policies.is_empty() {
                let has_psk = m.psk_peers.contains("0.0.0.0")
                    || t.peers.iter().any(|p| m.psk_peers.contains(p));
                if has_psk {
                    auth.insert(AuthMethod::Psk);
                }
            } else {
                auth.extend(self.ike1_auth.iter().copied());
            }
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
            pfs: p2.known.then_some(p2.pfs),
            auth: auth.into_iter().collect(),
            unresolved: p2.unresolved.clone(),
            ..Tunnel::default()
        }
    }

    /// ASA: the tunnel-group named after the peer, else `DefaultL2LGroup`;
    /// without a fixed peer also the remote-access groups.
    fn tunnel_group_auth(&self, peers: &[&str], dynamic: bool) -> BTreeSet<AuthMethod> {
        let groups = &self.m.tunnel_groups;
        let mut auth = BTreeSet::new();
        let mut found = false;
        for peer in peers {
            if let Some(g) = groups.get(peer) {
                auth.extend(g.auth.iter().copied());
                found = true;
            }
        }
        if dynamic {
            auth.extend(self.dynamic_group_auth.iter().copied());
        }
        if !found && let Some(g) = groups.get("DefaultL2LGroup") {
            auth.extend(g.auth.iter().copied());
        }
        auth
    }
}

fn dynamic_group_auth(m: &Model) -> BTreeSet<AuthMethod> {
    m.tunnel_groups
        .iter()
        .filter(|(name, g)| g.kind.as_deref() == Some("remote-access") || *name == "DefaultRAGroup")
        .flat_map(|(_, g)| g.auth.iter().copied())
        .collect()
}

/// Policy numbers in numeric order; named ones after them, as defined
/// (the sort is stable).
fn numeric_key(s: &str) -> u64 {
    s.parse().unwrap_or(u64::MAX)
}

/// IKEv1 policies in priority order, defaults filled in.
fn ike1_proposals(m: &Model) -> Vec<String> {
    let (enc, hash, group) = match m.flavour {
        Flavour::Ios => ("des", "sha", "1"),
        Flavour::Asa => ("3des", "sha", "2"),
    };
    let mut policies: Vec<_> = m.ike1_policies.iter().collect();
    policies.sort_by_key(|(n, _)| numeric_key(n));
    let mut out = Unique::default();
    for (_, p) in policies {
        out.push(&format!(
            "{} {} group {}",
            p.encryption.as_deref().unwrap_or(enc),
            p.hash.as_deref().unwrap_or(hash),
            p.group.as_deref().unwrap_or(group)
        ));
    }
    out.into_vec()
}

fn ike1_auth(m: &Model) -> BTreeSet<AuthMethod> {
    let default = match m.flavour {
        Flavour::Ios => "rsa-sig",
        Flavour::Asa => "pre-share",
    };
    m.ike1_policies
        .iter()
        .filter_map(|(_, p)| auth_method(p.authentication.as_deref().unwrap_or(default)))
        .collect()
}

/// IKEv2 proposals in use: those the policies name or write inline.
fn ike2_proposals(m: &Model) -> Vec<String> {
    let mut policies: Vec<_> = m.ike2_policies.iter().collect();
    policies.sort_by_key(|(n, _)| numeric_key(n));
    let mut out = Unique::default();
    for (_, p) in &policies {
        let inline = proposal(&p.inline, true);
        if !inline.is_empty() {
            out.push(&inline);
        }
        for name in p.proposals.items() {
            if let Some(a) = m.ike2_proposals.get(name) {
                let s = proposal(a, true);
                if !s.is_empty() {
                    out.push(&s);
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
    out.into_vec()
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
