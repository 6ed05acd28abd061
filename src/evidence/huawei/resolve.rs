//! The raw model linked into tunnels: templates merged into the policies
//! that name them, phase 2 from the proposals / transform sets, phase 1
//! from the IKE peer or profiles and their IKE proposals (every one when
//! none is named), the peer address, the default IKE proposal where a
//! pre-shared key lets it be negotiated, and the warnings for undefined
//! references, objects used by nothing and shut-down interfaces.

use std::collections::HashMap;

use super::Flavor;
use super::model::{Entry, Model, Peer, push_unique};
use crate::evidence::{
    AuthMethod, Budget, ConfigFacts, IkeMode, ReadError, ReadWarning, Tunnel, Uniq,
};

impl Model {
    pub(super) fn facts(&self, flavor: Flavor, input_len: usize) -> Result<ConfigFacts, ReadError> {
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
