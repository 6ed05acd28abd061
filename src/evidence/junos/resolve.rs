//! The model linked into tunnels: every IKE and IPsec policy resolved once
//! (named proposals, or a predefined proposal set), then each VPN through
//! its gateway and IPsec policy (or its manual keys), with the references
//! to what is not defined or deactivated, the objects used by nothing, and
//! the budget that keeps the facts linear in the file's size.

use std::collections::HashMap;

use super::keywords::{auth_method, ike_proposal_set, ipsec_proposal_set};
use super::model::{Model, Vpn, first_line};
use crate::evidence::{
    AuthMethod, Budget, ConfigFacts, IkeMode, ReadError, ReadWarning, Tunnel, Uniq,
};

/// What an IKE policy resolves to.
#[derive(Debug, Default)]
struct Phase1 {
    ike: Vec<String>,
    auth: Vec<AuthMethod>,
    aggressive: bool,
    /// Proposals named but never defined (with the naming line), and
    /// predefined sets whose contents are not confirmed.
    unresolved: Vec<(u32, String)>,
    defaults: Vec<String>,
    ike_line: u32,
    auth_line: u32,
}

/// What an IPsec policy resolves to.
#[derive(Debug, Default)]
struct Phase2 {
    esp: Vec<String>,
    pfs: Option<bool>,
    /// Proposals named but never defined, or none named at all (with
    /// the line that says so).
    unresolved: Vec<(u32, String)>,
    defaults: Vec<String>,
    esp_line: u32,
    pfs_line: u32,
}

impl Model {
    /// What a reference to an object that is not in force says: not
    /// defined, or deactivated.
    fn missing(&self, kind: &str, label: &str, name: &str, by: &str) -> String {
        let state = if self
            .deactivated_objects
            .contains(&(kind.to_string(), name.to_string()))
        {
            "is deactivated"
        } else {
            "is not defined"
        };
        format!("{label} {name}, {by}, {state}")
    }

    /// Resolves every IKE policy once.
    fn phase1_of_policies(&self) -> HashMap<&str, Phase1> {
        let mut out = HashMap::new();
        for (name, p) in &self.ike_policies {
            let mut r = Phase1 {
                aggressive: p.mode.as_deref() == Some("aggressive"),
                ..Phase1::default()
            };
            let mut ike = Uniq::default();
            if !p.proposals.items.is_empty() {
                for n in &p.proposals.items {
                    let Some(prop) = self.ike_proposals.get(n) else {
                        r.unresolved.push((
                            p.proposals_line,
                            self.missing(
                                "ike proposal",
                                "IKE proposal",
                                n,
                                &format!("named by IKE policy {name}"),
                            ),
                        ));
                        continue;
                    };
                    first_line(&mut r.ike_line, prop.line);
                    let s = join(&[
                        prop.enc.as_deref(),
                        prop.auth.as_deref(),
                        prop.dh.as_deref(),
                    ]);
                    if !s.is_empty() {
                        ike.push(&s);
                    }
                    if let Some(method) = prop.method.as_deref().and_then(auth_method) {
                        push_auth(&mut r.auth, method);
                        first_line(&mut r.auth_line, prop.method_line);
                    }
                }
            } else if let Some(set) = p.proposal_set.as_deref()
                && let Some((proposals, method)) = ike_proposal_set(set)
            {
                for s in proposals {
                    ike.push(s);
                }
                push_auth(&mut r.auth, method);
                r.ike_line = p.proposal_set_line;
                r.auth_line = p.proposal_set_line;
                r.defaults.push(format!(
                    "IKE: proposal-set {set} of IKE policy {name}, read as {} \
                     (set contents after Batfish's Junos model, unconfirmed in Juniper documentation)",
                    proposals.join(", ")
                ));
                r.unresolved.push((
                    p.proposal_set_line,
                    format!(
                        "IKE policy {name} uses proposal-set {set}, whose contents are unconfirmed in Juniper documentation"
                    ),
                ));
            }
            if r.auth.is_empty() {
                if p.psk {
                    push_auth(&mut r.auth, AuthMethod::Psk);
                    first_line(&mut r.auth_line, p.psk_line);
                }
                if p.certificate {
                    push_auth(&mut r.auth, AuthMethod::Certificate);
                    first_line(&mut r.auth_line, p.certificate_line);
                }
            }
            r.ike = ike.items;
            out.insert(name.as_str(), r);
        }
        out
    }

    /// Resolves every IPsec policy once.
    ///
    /// PFS of a policy without `perfect-forward-secrecy` stays unknown:
    /// Juniper's "Configuring an IPsec Policy" (Junos security services,
    /// juniper.net/documentation/.../configuring-an-ipsec-policy.html) only
    /// calls the statement optional; no documented default was found
    /// (unconfirmed), so it is not taken as off.
    fn phase2_of_policies(&self) -> HashMap<&str, Phase2> {
        let mut out = HashMap::new();
        for (name, policy) in &self.ipsec_policies {
            let mut r = Phase2::default();
            let mut esp = Uniq::default();
            if !policy.proposals.items.is_empty() {
                for n in &policy.proposals.items {
                    let Some(prop) = self.ipsec_proposals.get(n) else {
                        r.unresolved.push((
                            policy.proposals_line,
                            self.missing(
                                "ipsec proposal",
                                "IPsec proposal",
                                n,
                                &format!("named by IPsec policy {name}"),
                            ),
                        ));
                        continue;
                    };
                    first_line(&mut r.esp_line, prop.line);
                    let enc = match prop.protocol.as_deref() {
                        Some("ah") => None,
                        _ => prop.enc.as_deref(),
                    };
                    let s = join(&[enc, prop.auth.as_deref(), policy.pfs.as_deref()]);
                    if !s.is_empty() {
                        esp.push(&s);
                    }
                }
                if policy.pfs.is_some() {
                    r.pfs = Some(true);
                    r.pfs_line = policy.pfs_line;
                }
            } else if let Some(set) = policy.proposal_set.as_deref()
                && let Some((proposals, group)) = ipsec_proposal_set(set)
            {
                let explicit = policy.pfs.as_deref();
                let group = explicit.or(group);
                for s in proposals {
                    esp.push(&join(&[Some(s), group]));
                }
                r.pfs = Some(group.is_some());
                r.esp_line = policy.proposal_set_line;
                r.pfs_line = if explicit.is_some() {
                    policy.pfs_line
                } else {
                    policy.proposal_set_line
                };
                r.defaults.push(format!(
                    "ESP: proposal-set {set} of IPsec policy {name}, read as {}{} \
                     (set contents after Batfish's Junos model, unconfirmed in Juniper documentation)",
                    proposals.join(", "),
                    match (explicit, group) {
                        (Some(_), _) => String::new(),
                        (None, Some(g)) => format!(", PFS {g}"),
                        (None, None) => ", no PFS".to_string(),
                    }
                ));
                r.unresolved.push((
                    policy.proposal_set_line,
                    format!(
                        "IPsec policy {name} uses proposal-set {set}, whose contents are unconfirmed in Juniper documentation"
                    ),
                ));
            } else if let Some(group) = policy.pfs.as_deref() {
                // PFS without proposals: the group is still judged (a weak
                // `group5` is a gap), while the ciphers are not in the file.
                r.pfs = Some(true);
                r.pfs_line = policy.pfs_line;
                r.esp_line = policy.pfs_line;
                esp.push(group);
                r.unresolved.push((
                    policy.line,
                    format!("IPsec policy {name} names no proposals or proposal-set"),
                ));
            }
            r.esp = esp.items;
            out.insert(name.as_str(), r);
        }
        out
    }

    /// Objects defined and used by nothing, each at its first line.
    fn unused(&self) -> Vec<ReadWarning> {
        let mut out = Vec::new();
        let mut used_ike: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for p in self.ike_policies.values() {
            used_ike.extend(p.proposals.items.iter().map(String::as_str));
        }
        let used_policies: std::collections::HashSet<&str> = self
            .gateways
            .values()
            .filter_map(|g| g.policy.as_deref())
            .collect();
        let used_gateways: std::collections::HashSet<&str> = self
            .vpns
            .iter()
            .filter_map(|(_, v)| v.gateway.as_deref())
            .collect();
        let mut used_ipsec: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for p in self.ipsec_policies.values() {
            used_ipsec.extend(p.proposals.items.iter().map(String::as_str));
        }
        let used_ipsec_policies: std::collections::HashSet<&str> = self
            .vpns
            .iter()
            .filter_map(|(_, v)| v.policy.as_deref())
            .collect();
        let mut note = |line: u32, what: String| out.push(ReadWarning::new(line, what));
        for (n, p) in &self.ike_proposals {
            if !used_ike.contains(n.as_str()) {
                note(
                    p.line,
                    format!("IKE proposal {n} is defined but no IKE policy uses it"),
                );
            }
        }
        for (n, p) in &self.ike_policies {
            if !used_policies.contains(n.as_str()) {
                note(
                    p.line,
                    format!("IKE policy {n} is defined but no IKE gateway uses it"),
                );
            }
        }
        for (n, g) in &self.gateways {
            if !used_gateways.contains(n.as_str()) {
                note(
                    g.line,
                    format!("IKE gateway {n} is defined but no IPsec VPN uses it"),
                );
            }
        }
        for (n, p) in &self.ipsec_proposals {
            if !used_ipsec.contains(n.as_str()) {
                note(
                    p.line,
                    format!("IPsec proposal {n} is defined but no IPsec policy uses it"),
                );
            }
        }
        for (n, p) in &self.ipsec_policies {
            if !used_ipsec_policies.contains(n.as_str()) {
                note(
                    p.line,
                    format!("IPsec policy {n} is defined but no IPsec VPN uses it"),
                );
            }
        }
        out
    }

    pub(super) fn facts(self, input_len: usize) -> Result<ConfigFacts, ReadError> {
        let phase1 = self.phase1_of_policies();
        let phase2 = self.phase2_of_policies();
        let mut budget = Budget::new(input_len);
        let mut tunnels = Vec::with_capacity(self.vpns.len());
        let mut warnings = self.unused();
        warnings.extend(self.deactivated.iter().cloned());
        let mut referenced: std::collections::HashSet<(u32, String)> =
            std::collections::HashSet::new();
        for (name, vpn) in &self.vpns {
            let (t, unresolved) = self.tunnel(name, vpn, &phase1, &phase2);
            let size: usize = t
                .ike
                .iter()
                .chain(&t.esp)
                .chain(&t.unresolved)
                .chain(&t.defaults)
                .map(|s| s.len() + 1)
                .sum::<usize>()
                + t.peer.as_ref().map_or(0, String::len);
            budget.spend(size, vpn.line)?;
            for (line, what) in unresolved {
                if referenced.insert((line, what.clone())) {
                    warnings.push(ReadWarning::new(line, what));
                }
            }
            tunnels.push(t);
        }
        warnings.sort_by_key(|w| w.line);
        Ok(ConfigFacts {
            tunnels,
            log_hosts: self.log_hosts.items,
            log_host_lines: self.log_hosts.lines,
            warnings,
            release: self.release,
        })
    }

    /// One VPN's tunnel, and its unresolved references with the line that
    /// makes each.
    fn tunnel(
        &self,
        name: &str,
        vpn: &Vpn,
        phase1: &HashMap<&str, Phase1>,
        phase2: &HashMap<&str, Phase2>,
    ) -> (Tunnel, Vec<(u32, String)>) {
        let mut t = Tunnel {
            name: name.to_string(),
            line: vpn.line,
            ..Tunnel::default()
        };
        let mut unresolved: Vec<(u32, String)> = Vec::new();
        if vpn.manual && vpn.gateway.is_none() {
            t.peer = vpn.manual_gateway.clone();
            let esp = join(&[vpn.manual_enc.as_deref(), vpn.manual_auth.as_deref()]);
            if !esp.is_empty() {
                t.esp.push(esp);
                t.lines.esp = vpn.manual_line;
            }
            return (t, unresolved);
        }

        // Phase 1; without a (defined) gateway nothing says which IKE runs.
        if let Some(g) = &vpn.gateway
            && !self.gateways.contains_key(g)
        {
            unresolved.push((
                vpn.gateway_line,
                self.missing(
                    "ike gateway",
                    "IKE gateway",
                    g,
                    &format!("named at line {}", vpn.line),
                ),
            ));
        }
        if let Some(g) = vpn.gateway.as_ref().and_then(|g| self.gateways.get(g)) {
            t.peer = g.address.clone().or_else(|| g.dynamic.clone());
            let version = match g.version.as_deref() {
                Some("v2-only") => 2,
                _ => 1,
            };
            t.ike_version = Some(version);
            let p1 = g.policy.as_deref().and_then(|p| phase1.get(p));
            if version == 1 {
                t.ike_mode = Some(if p1.is_some_and(|p| p.aggressive) {
                    IkeMode::Aggressive
                } else {
                    IkeMode::Main
                });
            }
            if let Some(p1) = p1 {
                t.ike = p1.ike.clone();
                t.auth = p1.auth.clone();
                t.lines.ike = p1.ike_line;
                t.lines.auth = p1.auth_line;
                t.defaults.extend(p1.defaults.iter().cloned());
                unresolved.extend(p1.unresolved.iter().cloned());
            } else if let Some(p) = &g.policy {
                unresolved.push((
                    g.policy_line,
                    self.missing("ike policy", "IKE policy", p, "named by its gateway"),
                ));
            }
        }

        // Phase 2.
        if let Some(p) = vpn.policy.as_deref() {
            match phase2.get(p) {
                Some(p2) => {
                    t.esp = p2.esp.clone();
                    t.pfs = p2.pfs;
                    t.lines.esp = p2.esp_line;
                    t.lines.pfs = p2.pfs_line;
                    t.defaults.extend(p2.defaults.iter().cloned());
                    unresolved.extend(p2.unresolved.iter().cloned());
                }
                None => unresolved.push((
                    vpn.policy_line,
                    self.missing(
                        "ipsec policy",
                        "IPsec policy",
                        p,
                        &format!("named at line {}", vpn.line),
                    ),
                )),
            }
        }
        t.unresolved = unresolved.iter().map(|(_, u)| u.clone()).collect();
        (t, unresolved)
    }
}

/// Space-joined non-empty parts.
fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_auth(list: &mut Vec<AuthMethod>, m: AuthMethod) {
    if !list.contains(&m) {
        list.push(m);
    }
}
