//! Lines to the raw model: views opened by a command at column 0 (`ike
//! proposal 10`), their commands indented below it (or unindented, for the
//! known sub-commands), `#` at column 0 closing a view, multi-line `header`
//! banners skipped, and the global commands (log hosts, the release, FIPS
//! mode) wherever they stand.

use std::collections::HashMap;

use super::model::{Entry, IkeProposal, Interface, Model, Peer, auth_method, push_unique};
use super::{Flavor, banner_delimiter, looks_like_comware_version};
use crate::evidence::{AuthMethod, ConfigFacts, ReadError};

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

pub(super) fn read(text: &str, flavor: Flavor) -> Result<ConfigFacts, ReadError> {
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
