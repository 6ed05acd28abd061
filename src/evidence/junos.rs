//! Juniper Junos reader (SRX `security ike` / `security ipsec`).
//!
//! Both configuration styles are read:
//!
//! * **set style** (`show configuration | display set`): one `set`,
//!   `delete`, `deactivate` or `activate` command a line; other lines
//!   (comments, prompts, `[edit]` banners) are ignored.
//! * **hierarchical style** (`show configuration`): `security { ike {
//!   proposal P { ... } } }`, flattened internally to set-style statements.
//!   `#` and `/* */` comments, `inactive:` / `protect:` / `replace:` tags
//!   and `[ a b ]` lists are understood.
//!
//! The style is decided by the first significant line: a `set`/`delete`/
//! `deactivate`/`activate` command means set style, anything else
//! hierarchical.
//!
//! **A tunnel is one `security ipsec vpn NAME`**, resolved as
//! `ike gateway GW` → `security ike gateway GW ike-policy POL` →
//! `security ike policy POL proposals [...] | proposal-set SET` for phase 1
//! and `ike ipsec-policy POL` → `security ipsec policy POL proposals [...] |
//! proposal-set SET` (+ `perfect-forward-secrecy keys groupN`) for phase 2.
//! A manual-keyed VPN (`ipsec vpn NAME manual ...`) is a tunnel too, with
//! ESP algorithms and no IKE. Deactivated (`deactivate ...`, `inactive:`)
//! and deleted statements do not count. Configuration inherited through
//! `groups` / `apply-groups`, `logical-systems` and `services ipsec-vpn`
//! (MX) are not read.
//!
//! Also read: the release (`version 21.4R3.15;` / `set version ...`),
//! the line deciding each side of a tunnel (`Tunnel::lines`: the IKE and
//! IPsec proposal, the `perfect-forward-secrecy` statement, the
//! authentication method or key statement), and located warnings:
//! objects defined and used by nothing, deactivated `security ike` /
//! `security ipsec` statements (object kind, name and attribute keyword
//! only, never a value), and references to what is not defined or is
//! deactivated (also in `Tunnel::unresolved`).
//!
//! Log hosts: `system syslog host X` (not `other-routing-engine`) and the
//! SRX security log streams `security log stream S host X`.
//!
//! Proposal strings, as the algorithm catalogue normalises them:
//! IKE `"<encryption-algorithm> <authentication-algorithm> <dh-group>"`
//! (`aes-256-cbc sha-256 group14`); ESP `"<encryption-algorithm>
//! <authentication-algorithm> [<pfs group>]"` (`aes-256-gcm group14`; the
//! PFS group of the IPsec policy is appended, so a weak PFS group is
//! judged like any other key exchange). An AH proposal contributes its
//! authentication algorithm alone.
//!
//! Defaults (documented Junos behaviour, filled in because the device runs
//! them): the IKE version of a gateway without `version` is **IKEv1**
//! (`v1-only` is the Junos default for `security ike gateway`); an IKEv1
//! policy without `mode` uses **main** mode; IKEv2 has no mode. PFS is
//! `None` when the IPsec policy says nothing (not assumed off): Juniper's
//! "Configuring an IPsec Policy" only calls `perfect-forward-secrecy`
//! optional, and no documented default was found (unconfirmed). A policy
//! with `perfect-forward-secrecy keys groupN` and no proposals keeps the
//! group (judged as a key exchange) and is unresolved.
//!
//! Predefined proposal sets (the `proposal-set` values of the Junos CLI
//! reference). basic, compatible and standard follow Batfish's Junos
//! model (its compatible IKE set lacks 3DES/SHA-1, added here after
//! Juniper's `pre-g2-3des-sha`); the suite B sets follow RFC 6379
//! (AES-CBC for IKE, AES-GCM for ESP), the PRIME sets use AES-GCM for both.
//! No Juniper table of the set contents was available to check them
//! against (unconfirmed): the set's proposals are still judged (a DES
//! proposal of `basic` is a gap), but the side is also unresolved, and the
//! reading is recorded in `Tunnel::defaults`, so the audit reports the
//! crypto as not fully known rather than passing on it.
//!
//! | set | IKE (`security ike policy`) | IPsec (`security ipsec policy`) |
//! |---|---|---|
//! | basic | PSK, DH g1, DES-CBC with SHA-1 or MD5 | no PFS, ESP DES-CBC with HMAC-SHA1-96 or HMAC-MD5-96 |
//! | compatible | PSK, DH g2, 3DES-CBC or DES-CBC with SHA-1 or MD5 | no PFS, ESP 3DES-CBC or DES-CBC with HMAC-SHA1-96 or HMAC-MD5-96 |
//! | standard | PSK, DH g2, AES-128-CBC or 3DES-CBC with SHA-1 | PFS g2, ESP AES-128-CBC or 3DES-CBC with HMAC-SHA1-96 |
//! | suiteb-gcm-128 | ECDSA-256, DH g19, AES-128-CBC, SHA-256 | PFS g19, ESP AES-128-GCM |
//! | suiteb-gcm-256 | ECDSA-384, DH g20, AES-256-CBC, SHA-384 | PFS g20, ESP AES-256-GCM |
//! | prime-128 | ECDSA-256, DH g19, AES-128-GCM, PRF SHA-256 | PFS g19, ESP AES-128-GCM |
//! | prime-256 | ECDSA-384, DH g20, AES-256-GCM, PRF SHA-384 | PFS g20, ESP AES-256-GCM |
//!
//! Errors ([`ReadError`]): structural problems of the hierarchical style —
//! an unbalanced `}` or `{`, a quoted string or `/* */` comment never
//! closed, nesting deeper than 64 levels or block headers adding up to more
//! than 256 words. A set-style file cannot be malformed as a whole: unknown
//! lines are ignored. In both styles, a file whose VPNs reference the same
//! objects so often that the facts would exceed 8 times the file's size is
//! refused (this keeps reading linear; no real configuration comes near).
//! Messages never quote the configuration.
//!
//! Secrets (`pre-shared-key ascii-text "$9$..."`, `encrypted-password`,
//! manual SA keys, SNMP communities) are never stored: only the statements
//! listed above are kept, and only their algorithm names, names and
//! addresses.
//!
//! # Code layout
//!
//! This file holds detection and the entry point, with what the entry point
//! adds to the model (the release, the deactivated objects and their
//! warnings); `parse` turns either style into statements and keeps those in
//! force, `model` builds the IKE / IPsec objects from them, `resolve` links
//! those into tunnels and warnings, and `keywords` says what the predefined
//! proposal sets and the authentication methods stand for.

mod keywords;
mod model;
mod parse;
mod resolve;

use crate::evidence::{ConfigFacts, ReadError, ReadWarning};
use model::Model;
use parse::{active_statements, hierarchical_ops, is_set_style, set_style_ops};

/// Top-level hierarchies of a Junos configuration.
const TOP_LEVELS: &[&str] = &[
    "version",
    "system",
    "chassis",
    "services",
    "security",
    "interfaces",
    "snmp",
    "forwarding-options",
    "routing-options",
    "protocols",
    "policy-options",
    "firewall",
    "routing-instances",
    "vlans",
    "applications",
    "access",
    "access-profile",
    "groups",
    "apply-groups",
    "logical-systems",
    "class-of-service",
    "ethernet-switching-options",
    "event-options",
    "virtual-chassis",
    "poe",
    "schedulers",
    "multi-chassis",
    "bridge-domains",
    "switch-options",
    "tenants",
    "smtp",
    "dynamic-profiles",
    "vmhost",
    "fabric",
    "multicast-snooping-options",
    "accounting-options",
    "diameter",
    "jsrc",
    "utility-mib",
    "wlan",
];

const SET_VERBS: &[&str] = &["set", "delete", "deactivate", "activate"];

/// True when `text` looks like a Junos configuration, set style (`set
/// system ...` commands at the start of lines) or hierarchical (`system {`
/// blocks with `;`-terminated statements).
pub fn looks_like(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut set_lines = 0usize;
    let mut fortios_config = false;
    let mut fortios_end = false;
    let mut top_blocks = 0usize;
    let mut semis = 0usize;
    let mut version_stmt = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let col0 = !line.starts_with(|c: char| c.is_whitespace());
        let mut words = trimmed.split_whitespace();
        let first = words.next().unwrap_or("");
        if col0 {
            if SET_VERBS.contains(&first) {
                if let Some(second) = words.next()
                    && TOP_LEVELS.contains(&second)
                {
                    set_lines += 1;
                }
            } else if first == "config" {
                fortios_config = true;
            } else if trimmed.ends_with('{') {
                let head = trimmed.trim_end_matches('{').trim();
                let head = head.strip_prefix("inactive:").unwrap_or(head).trim();
                if TOP_LEVELS.contains(&head) {
                    top_blocks += 1;
                }
            } else if first == "version" && trimmed.ends_with(';') {
                version_stmt = true;
            }
        }
        if trimmed == "end" {
            fortios_end = true;
        }
        if trimmed.contains(';') {
            semis += 1;
        }
    }
    if fortios_config && fortios_end {
        return false;
    }
    set_lines > 0 || ((top_blocks > 0 || version_stmt) && semis > 0)
}

/// Reads a Junos configuration (set or hierarchical style).
pub fn read(text: &str) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let ops = if is_set_style(text) {
        set_style_ops(text)
    } else {
        hierarchical_ops(text)?
    };
    let (statements, deactivated) = active_statements(ops);
    let mut m = Model::build(&statements);
    m.release = release(text);
    for (line, words) in deactivated {
        if let Some(object) = object_of(&words) {
            m.deactivated_objects.insert(object);
        }
        m.deactivated
            .push(ReadWarning::new(line, describe_deactivated(&words)));
    }
    m.facts(text.len())
}

/// The release a `version 21.4R3.15;` (hierarchical) or `set version
/// 21.4R3.15` (set style) statement names.
fn release(text: &str) -> Option<String> {
    for line in text.lines() {
        let t = line.trim_end();
        let rest = t
            .strip_prefix("set version ")
            .or_else(|| t.strip_prefix("version "));
        if let Some(v) = rest {
            let v = v.trim().trim_end_matches(';').trim().trim_matches('"');
            if !v.is_empty() && !v.contains(char::is_whitespace) {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// The object (`ike gateway GW`) a deactivated path is, or lies inside.
fn object_of(words: &[String]) -> Option<(String, String)> {
    match words {
        [sec, area, kind, name, ..] if sec == "security" && (area == "ike" || area == "ipsec") => {
            Some((format!("{area} {kind}"), name.clone()))
        }
        _ => None,
    }
}

/// A located message for a deactivated statement: the object's kind and
/// name and the attribute keyword, never a value (a deactivated
/// `pre-shared-key` keeps its key out of the message).
fn describe_deactivated(words: &[String]) -> String {
    let kind = |area: &str, kind: &str| match (area, kind) {
        ("ike", "proposal") => "IKE proposal",
        ("ike", "policy") => "IKE policy",
        ("ike", "gateway") => "IKE gateway",
        ("ipsec", "proposal") => "IPsec proposal",
        ("ipsec", "policy") => "IPsec policy",
        ("ipsec", "vpn") => "IPsec VPN",
        _ => "",
    };
    match words {
        [_, area, k, name, attr, ..] if !kind(area, k).is_empty() => format!(
            "{} {name}: its `{attr}` statement is deactivated and not in force",
            kind(area, k)
        ),
        [_, area, k, name] if !kind(area, k).is_empty() => format!(
            "{} {name} is deactivated: it is not in force",
            kind(area, k)
        ),
        [_, area, k, _, ..] => {
            format!("a `security {area} {k}` statement is deactivated and not in force")
        }
        _ => format!(
            "`{}` is deactivated: nothing under it is in force",
            words.join(" ")
        ),
    }
}
