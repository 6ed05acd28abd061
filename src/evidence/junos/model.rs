//! The IKE / IPsec objects of a configuration, built from the statements in
//! force: IKE proposals, policies and gateways, IPsec proposals, policies and
//! VPNs, and the model holding them with the log hosts, the release and what
//! is deactivated.

use std::collections::HashMap;

use super::parse::Op;
use crate::evidence::{ReadWarning, Uniq};

#[derive(Debug, Default)]
pub(super) struct IkeProposal {
    /// First statement of the proposal.
    pub(super) line: u32,
    pub(super) method: Option<String>,
    pub(super) method_line: u32,
    pub(super) auth: Option<String>,
    pub(super) dh: Option<String>,
    pub(super) enc: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct IkePolicy {
    pub(super) line: u32,
    pub(super) mode: Option<String>,
    pub(super) proposals: Uniq,
    pub(super) proposals_line: u32,
    pub(super) proposal_set: Option<String>,
    pub(super) proposal_set_line: u32,
    pub(super) psk: bool,
    pub(super) psk_line: u32,
    pub(super) certificate: bool,
    pub(super) certificate_line: u32,
}

#[derive(Debug, Default)]
pub(super) struct Gateway {
    pub(super) line: u32,
    pub(super) policy: Option<String>,
    pub(super) policy_line: u32,
    pub(super) address: Option<String>,
    pub(super) dynamic: Option<String>,
    pub(super) version: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct IpsecProposal {
    pub(super) line: u32,
    pub(super) protocol: Option<String>,
    pub(super) auth: Option<String>,
    pub(super) enc: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct IpsecPolicy {
    pub(super) line: u32,
    pub(super) pfs: Option<String>,
    pub(super) pfs_line: u32,
    pub(super) proposals: Uniq,
    pub(super) proposals_line: u32,
    pub(super) proposal_set: Option<String>,
    pub(super) proposal_set_line: u32,
}

#[derive(Debug, Default)]
pub(super) struct Vpn {
    pub(super) line: u32,
    pub(super) gateway: Option<String>,
    pub(super) gateway_line: u32,
    pub(super) policy: Option<String>,
    pub(super) policy_line: u32,
    pub(super) manual: bool,
    /// First `manual encryption` / `manual authentication` statement.
    pub(super) manual_line: u32,
    pub(super) manual_gateway: Option<String>,
    pub(super) manual_enc: Option<String>,
    pub(super) manual_auth: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Model {
    /// The release `version` names.
    pub(super) release: Option<String>,
    /// Objects and statements deactivated (`deactivate`, `inactive:`).
    pub(super) deactivated: Vec<ReadWarning>,
    /// (`ike gateway`, name) of the objects deactivated as a whole or in part.
    pub(super) deactivated_objects: std::collections::HashSet<(String, String)>,
    pub(super) ike_proposals: HashMap<String, IkeProposal>,
    pub(super) ike_policies: HashMap<String, IkePolicy>,
    pub(super) gateways: HashMap<String, Gateway>,
    pub(super) ipsec_proposals: HashMap<String, IpsecProposal>,
    pub(super) ipsec_policies: HashMap<String, IpsecPolicy>,
    pub(super) vpns: Vec<(String, Vpn)>,
    vpn_index: HashMap<String, usize>,
    pub(super) log_hosts: Uniq,
}

/// Keeps the first line an object is written on.
pub(super) fn first_line(slot: &mut u32, line: u32) {
    if *slot == 0 {
        *slot = line;
    }
}

/// Words of a value, without the `[` `]` list brackets.
fn values(rest: &[String]) -> impl Iterator<Item = &String> {
    rest.iter()
        .filter(|w| w.as_str() != "[" && w.as_str() != "]")
}

fn first_value(rest: &[String]) -> Option<String> {
    values(rest).next().cloned()
}

impl Model {
    pub(super) fn build(statements: &[Op]) -> Model {
        let mut m = Model::default();
        for st in statements {
            m.statement(st);
        }
        m
    }

    fn vpn(&mut self, name: &str, line: u32) -> Option<&mut Vpn> {
        let idx = match self.vpn_index.get(name) {
            Some(&i) => i,
            None => {
                self.vpns.push((
                    name.to_string(),
                    Vpn {
                        line,
                        ..Vpn::default()
                    },
                ));
                self.vpn_index.insert(name.to_string(), self.vpns.len() - 1);
                self.vpns.len() - 1
            }
        };
        self.vpns.get_mut(idx).map(|(_, v)| v)
    }

    fn statement(&mut self, st: &Op) {
        let w: Vec<&str> = st.words.iter().map(String::as_str).collect();
        let rest = |n: usize| st.words.get(n..).unwrap_or(&[]);
        match w.as_slice() {
            ["security", "ike", "proposal", name, attr, ..] => {
                let p = self.ike_proposals.entry(name.to_string()).or_default();
                first_line(&mut p.line, st.line);
                let v = first_value(rest(5));
                match *attr {
                    "authentication-method" => {
                        p.method = v;
                        p.method_line = st.line;
                    }
                    "authentication-algorithm" => p.auth = v,
                    "dh-group" => p.dh = v,
                    "encryption-algorithm" => p.enc = v,
                    _ => {}
                }
            }
            ["security", "ike", "policy", name, attr, ..] => {
                let p = self.ike_policies.entry(name.to_string()).or_default();
                first_line(&mut p.line, st.line);
                match *attr {
                    "mode" => p.mode = first_value(rest(5)),
                    "proposals" => {
                        first_line(&mut p.proposals_line, st.line);
                        for v in values(rest(5)) {
                            p.proposals.push(v);
                        }
                    }
                    "proposal-set" => {
                        p.proposal_set = first_value(rest(5));
                        p.proposal_set_line = st.line;
                    }
                    // The key itself is never looked at.
                    "pre-shared-key" | "seeded-pre-shared-key" => {
                        p.psk = true;
                        first_line(&mut p.psk_line, st.line);
                    }
                    "certificate" => {
                        p.certificate = true;
                        first_line(&mut p.certificate_line, st.line);
                    }
                    _ => {}
                }
            }
            ["security", "ike", "gateway", name, attr, ..] => {
                let g = self.gateways.entry(name.to_string()).or_default();
                first_line(&mut g.line, st.line);
                match *attr {
                    "ike-policy" => {
                        g.policy = first_value(rest(5));
                        g.policy_line = st.line;
                    }
                    "address" if g.address.is_none() => g.address = first_value(rest(5)),
                    "dynamic" => {
                        // dynamic hostname X | inet X | inet6 X |
                        // user-at-hostname X | distinguished-name ...
                        if let [kind, value, ..] = rest(5)
                            && matches!(
                                kind.as_str(),
                                "hostname" | "inet" | "inet6" | "user-at-hostname"
                            )
                        {
                            g.dynamic = Some(value.clone());
                        }
                    }
                    "version" => g.version = first_value(rest(5)),
                    _ => {}
                }
            }
            ["security", "ipsec", "proposal", name, attr, ..] => {
                let p = self.ipsec_proposals.entry(name.to_string()).or_default();
                first_line(&mut p.line, st.line);
                let v = first_value(rest(5));
                match *attr {
                    "protocol" => p.protocol = v,
                    "authentication-algorithm" => p.auth = v,
                    "encryption-algorithm" => p.enc = v,
                    _ => {}
                }
            }
            ["security", "ipsec", "policy", name, attr, ..] => {
                let p = self.ipsec_policies.entry(name.to_string()).or_default();
                first_line(&mut p.line, st.line);
                match *attr {
                    "perfect-forward-secrecy" => {
                        if let [keys, group, ..] = rest(5)
                            && keys == "keys"
                        {
                            p.pfs = Some(group.clone());
                            p.pfs_line = st.line;
                        }
                    }
                    "proposals" => {
                        first_line(&mut p.proposals_line, st.line);
                        for v in values(rest(5)) {
                            p.proposals.push(v);
                        }
                    }
                    "proposal-set" => {
                        p.proposal_set = first_value(rest(5));
                        p.proposal_set_line = st.line;
                    }
                    _ => {}
                }
            }
            ["security", "ipsec", "vpn", name, tail @ ..] => {
                let tail: Vec<String> = tail.iter().map(|s| s.to_string()).collect();
                let Some(vpn) = self.vpn(name, st.line) else {
                    return;
                };
                match tail
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    ["ike", "gateway", gw, ..] => {
                        vpn.gateway = Some(gw.to_string());
                        vpn.gateway_line = st.line;
                    }
                    ["ike", "ipsec-policy", pol, ..] => {
                        vpn.policy = Some(pol.to_string());
                        vpn.policy_line = st.line;
                    }
                    ["manual", what, more @ ..] => {
                        vpn.manual = true;
                        if *what == "encryption" || *what == "authentication" {
                            first_line(&mut vpn.manual_line, st.line);
                        }
                        match (*what, more) {
                            ("gateway", [gw, ..]) => vpn.manual_gateway = Some(gw.to_string()),
                            ("encryption", ["algorithm", alg, ..]) => {
                                vpn.manual_enc = Some(alg.to_string())
                            }
                            ("authentication", ["algorithm", alg, ..]) => {
                                vpn.manual_auth = Some(alg.to_string())
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            ["system", "syslog", "host", host, ..]
                if !matches!(*host, "other-routing-engine" | "scc-master" | "sfc0-master") =>
            {
                self.log_hosts.push_at(host, st.line);
            }
            ["security", "log", "stream", _, "host", host, ..]
                if !matches!(*host, "port" | "routing-instance" | "[" | "]") =>
            {
                self.log_hosts.push_at(host, st.line);
            }
            _ => {}
        }
    }
}
