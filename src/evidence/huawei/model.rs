//! The raw objects of a VRP / Comware configuration, as the parser fills
//! them in and the resolver reads them: IKE and IKEv2 proposals (and how
//! one is written as a proposal string), IKE peers and profiles, IPsec
//! proposals / transform sets, policy, template and profile entries,
//! interfaces, and the model holding them with the keychains, log hosts,
//! release and FIPS mode.

use std::collections::HashMap;

use crate::evidence::{AuthMethod, Uniq};

#[derive(Debug, Default)]
pub(super) struct IkeProposal {
    pub(super) line: u32,
    pub(super) method_line: u32,
    pub(super) enc: Vec<String>,
    pub(super) auth: Vec<String>,
    pub(super) integrity: Vec<String>,
    pub(super) prf: Vec<String>,
    pub(super) dh: Vec<String>,
    pub(super) method: Option<String>,
}

impl IkeProposal {
    pub(super) fn string(&self) -> String {
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

    pub(super) fn auth_method(&self) -> AuthMethod {
        self.method
            .as_deref()
            .and_then(auth_method)
            .unwrap_or(AuthMethod::Psk)
    }
}

/// `ike peer` (VRP, Comware 5), `ike profile`, `ikev2 profile` (Comware 7).
#[derive(Debug, Default)]
pub(super) struct Peer {
    pub(super) line: u32,
    /// The `ike-proposal` / `proposal` command.
    pub(super) proposals_line: u32,
    /// The first `pre-shared-key`, `keychain`, `certificate domain` or
    /// `authentication-method` command.
    pub(super) auth_line: u32,
    /// `ike peer NAME v1|v2` or `version N`.
    pub(super) versions: Vec<u8>,
    pub(super) undo_versions: Vec<u8>,
    pub(super) mode: Option<String>,
    pub(super) proposals: Uniq,
    pub(super) remote: Option<String>,
    pub(super) keychains: Uniq,
    pub(super) psk: bool,
    pub(super) methods: Vec<AuthMethod>,
}

#[derive(Debug, Default)]
pub(super) struct Phase2 {
    pub(super) line: u32,
    pub(super) pfs_line: u32,
    pub(super) protocol: Option<String>,
    pub(super) esp_enc: Vec<String>,
    pub(super) esp_auth: Vec<String>,
    pub(super) ah_auth: Vec<String>,
    pub(super) pfs: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) line: u32,
    /// Tunnels are policies and profiles; templates only lend settings.
    pub(super) tunnel: bool,
    /// An `ipsec profile` (applied to tunnel interfaces, not by name to
    /// physical ones).
    pub(super) profile: bool,
    pub(super) template: Option<String>,
    pub(super) template_name: Option<String>,
    pub(super) manual: bool,
    pub(super) ike_peer: Option<String>,
    pub(super) ike_profile: Option<String>,
    pub(super) ikev2_profile: Option<String>,
    /// The `ike-peer` / `ike-profile` / `ikev2-profile` command.
    pub(super) side_line: u32,
    pub(super) phase2: Uniq,
    /// The `proposal` / `transform-set` command.
    pub(super) phase2_line: u32,
    pub(super) pfs: Option<String>,
    pub(super) pfs_line: u32,
    pub(super) remote: Option<String>,
}

/// An `interface` view: whether it is shut down, and the IPsec policies
/// and profiles applied to it.
#[derive(Debug, Default)]
pub(super) struct Interface {
    pub(super) name: String,
    pub(super) shutdown: Option<u32>,
    /// (policy name, line) of `ipsec policy P` / `ipsec apply policy P`.
    pub(super) policies: Vec<(String, u32)>,
    /// (profile name, line) of `ipsec profile P` / `tunnel protection
    /// ipsec profile P`.
    pub(super) profiles: Vec<(String, u32)>,
}

#[derive(Debug, Default)]
pub(super) struct Model {
    pub(super) ike_proposals: Vec<(String, IkeProposal)>,
    pub(super) ike_proposal_index: HashMap<String, usize>,
    pub(super) ikev2_proposals: Vec<(String, IkeProposal)>,
    pub(super) ikev2_proposal_index: HashMap<String, usize>,
    pub(super) ikev2_policy_proposals: Uniq,
    pub(super) ike_peers: HashMap<String, Peer>,
    pub(super) ike_profiles: HashMap<String, Peer>,
    pub(super) ikev2_profiles: HashMap<String, Peer>,
    /// Keychain → peer addresses / host names.
    pub(super) keychains: HashMap<String, Uniq>,
    pub(super) ikev2_keychains: HashMap<String, Uniq>,
    pub(super) phase2: HashMap<String, Phase2>,
    pub(super) entries: Vec<Entry>,
    pub(super) interfaces: Vec<Interface>,
    pub(super) log_hosts: Uniq,
    /// `!Software Version V200R010C10SPC500` (VRP) or `version 7.1.064,
    /// Release 0821P16` (Comware).
    pub(super) release: Option<String>,
    /// `fips mode enable`: the defaults of FIPS mode apply.
    pub(super) fips: bool,
}

/// For the short lists (versions, authentication methods).
pub(super) fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

pub(super) fn auth_method(method: &str) -> Option<AuthMethod> {
    match method {
        "pre-share" | "pre-shared-key" | "psk" => Some(AuthMethod::Psk),
        "digital-envelope" => Some(AuthMethod::DigitalEnvelope),
        "rsa-signature" | "rsa-sig" | "dsa-signature" | "ecdsa-signature" | "sm2-signature"
        | "certificate" => Some(AuthMethod::Certificate),
        _ => None,
    }
}
