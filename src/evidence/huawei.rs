//! Huawei VRP and H3C Comware readers.
//!
//! Both systems descend from the same command line: views opened by a
//! command at the start of a line (`ike proposal 10`), their commands
//! indented below it, `#` lines between sections, `return` at the end,
//! `undo ...` for negations. One engine reads both; the entry points only
//! differ in the defaults they assume ([`read_vrp`], [`read_comware`]).
//!
//! Commands understood (superset of both systems):
//!
//! * IKE phase 1: `ike proposal N` (`encryption-algorithm`,
//!   `authentication-algorithm`, `integrity-algorithm`, `prf`, `dh`,
//!   `authentication-method pre-share | rsa-signature | digital-envelope
//!   | ...`); VRP and Comware 5 `ike peer NAME [v1|v2]` (`version 1|2`,
//!   `exchange-mode`, `ike-proposal N` / `proposal N`, `remote-address X`,
//!   `pre-shared-key ...`); Comware 7 `ike keychain NAME`
//!   (`pre-shared-key address X ... key ...`), `ike profile NAME`
//!   (`keychain`, `exchange-mode`, `match remote identity address X`,
//!   `proposal N ...`, `certificate domain`), `ikev2 proposal NAME`
//!   (`encryption`, `integrity`, `prf`, `dh`), `ikev2 policy NAME`
//!   (`proposal`), `ikev2 profile NAME` (`keychain`,
//!   `authentication-method local|remote ...`, `match remote identity`),
//!   `ikev2 keychain NAME` / ` peer P` (`address X`, `hostname X`).
//! * IPsec phase 2: VRP / Comware 5 `ipsec proposal NAME` and Comware 7
//!   `ipsec transform-set NAME` (`transform`/`protocol`, `esp
//!   encryption-algorithm ...`, `esp authentication-algorithm ...`, `ah
//!   authentication-algorithm ...`, `pfs dh-groupN`).
//! * Tunnels: **each `ipsec policy NAME SEQ isakmp|manual` entry** (named
//!   `NAME SEQ`; `ipsec ipv6-policy` too) and **each `ipsec profile
//!   NAME`** (named `NAME`), whether or not it is applied to an interface.
//!   Policy commands: `ike-peer`, `ike-profile`, `ikev2-profile`,
//!   `proposal` / `transform-set`, `pfs dh-groupN`, `remote-address X`,
//!   `tunnel remote X` (manual). `ipsec policy NAME SEQ isakmp template T`
//!   takes its settings from the `ipsec policy-template T ...` entries.
//! * Log hosts: `info-center loghost [vpn-instance V] X | ipv6 X | domain
//!   X ...` (`info-center loghost source IF` names no host).
//!
//! Proposal strings, as the algorithm catalogue normalises them: IKE
//! `"<encryption...> <authentication...> <integrity...> dh <group>
//! [sm2] [prf <prf...>]"` (`aes-256 sha2-256 dh group14`,
//! `sm4 sm3 sm2`), ESP `"<encryption...> <authentication...>
//! [dh-groupN]"` (`aes-cbc-256 sm4-cbc sha256 sm3 dh-group14`): every
//! algorithm a multi-valued command lists, plus the PFS group.
//! `authentication-method digital-envelope` (GM/T 0022 SM2 digital
//! envelope: the session key travels SM2-encrypted) adds `sm2` as the
//! phase-1 key exchange and the `digital-envelope` authentication method.
//! Comware 5 `encryption-algorithm aes-cbc` without a key length (128 bits)
//! is written `aes-cbc-128`.
//!
//! Defaults: an IKE proposal without `authentication-method` uses a
//! pre-shared key (both vendors' documented default); an IKEv1 peer
//! without `exchange-mode` uses main mode; a peer / profile naming no IKE
//! proposal offers every configured one (documented for both). Algorithms
//! an IKE proposal does not set are **not** filled in: their defaults
//! differ between models and releases. IKE version: VRP `ike peer` states
//! it (`ike peer NAME v1|v2`, `version 1|2`, `undo version 1|2`); when
//! both versions stay enabled the tunnel is reported as IKEv1 (IKEv1 can
//! still be negotiated), when nothing is said it is `None`. Comware:
//! `ike-profile` and Comware 5 `ike peer` are IKEv1, `ikev2-profile` is
//! IKEv2, both on one policy is reported as IKEv1. PFS is `None` unless a
//! `pfs` command is present: no documented default of the `pfs` command
//! was found for either system (unconfirmed), so none is assumed.
//!
//! The default IKE proposal: both systems keep one of the lowest priority
//! that a negotiation may fall back to, authenticating with a pre-shared
//! key. Where the tunnel has a pre-shared key (VRP: an `ike peer` with
//! `pre-shared-key` naming no `ike-proposal`; Comware 5 `ike peer
//! pre-shared-key`, a Comware 7 profile keychain, or a keychain keyed for
//! the peer address, whatever proposals are named), its IKE side includes
//! it: Comware 5 in non-FIPS mode
//! documents it (`des-cbc sha dh group1`, recorded in `Tunnel::defaults`);
//! VRP (whose default differs by model and release), Comware 7 and FIPS
//! mode leave the side unresolved. Sources beside
//! `Model::default_ike_proposal`.
//!
//! Also read: the release (`!Software Version V200R010C10SPC500`, Comware
//! `version 7.1.064, Release 0821P16`), the line deciding each side
//! (`Tunnel::lines`), references to undefined peers, profiles, proposals,
//! transform sets, templates (`Tunnel::unresolved`, and a warning at the
//! referencing line), and warnings for objects used by nothing, policies
//! applied to no interface (when the file has interfaces) and shut-down
//! interfaces carrying a policy or profile.
//!
//! Telling VRP from Comware ([`looks_like_vrp`], [`looks_like_comware`]):
//! a file is of the family when it has a `sysname`, an `info-center
//! loghost`, or IKE / IPsec views, or `#` separators and a `return` line,
//! and no marker of another dialect (Cisco `hostname` / `crypto`, Junos
//! `set` commands or blocks, FortiOS `config ... end`). Markers then vote,
//! with weights: Comware — a `version 7.x` / `version 5.x` line,
//! `$c$`/`$h$` ciphertexts (`cipher $...`), `ike profile`, `ike keychain`,
//! `ikev2 ...`, `ipsec transform-set` views, interface names
//! `Vlan-interface`, `Ten-GigabitEthernet`, `FortyGigE`,
//! `M-GigabitEthernet`, `Bridge-Aggregation`, `line vty|class|aux`,
//! `user-role`, `local-user X class`, `irf`, `address-family ipv4`,
//! `dhcp server ip-pool`, `acl basic|advanced`; VRP — `!Software Version
//! V...`, `%^%#`/`%@%@`/`%$%$`/`%#%#` ciphertexts, `irreversible-cipher`,
//! `Vlanif`, `XGigabitEthernet`, `Eth-Trunk`, `GE0/`-style names,
//! `ipv4-family`, `HUAWEI`, `ike peer`, `ipsec proposal` (these two are
//! also Comware 5 syntax, hence low weight), `user-interface`. Comware
//! wins only with strictly more weight: **a tie (no marker at all)
//! counts as VRP**, whose syntax the Comware 5 files that carry no marker
//! share anyway.
//!
//! Errors ([`ReadError`]): the format is line based and has no block
//! structure to break; unknown lines are ignored. The one structural error
//! is a multi-line `header` banner whose closing delimiter never comes
//! (everything after it would silently be lost). A file whose policies
//! reference the same objects so often that the facts would exceed 8
//! times the file's size is refused too (this keeps reading linear; no
//! real configuration comes near). Messages never quote the configuration.
//!
//! Secrets (`pre-shared-key cipher %^%#...%^%#`, `key cipher $c$3$...`,
//! `password ...`, `sa string-key`, SNMP communities) are never stored:
//! only names, addresses and algorithm keywords are kept.
//!
//! # Code layout
//!
//! This file holds the entry points, the `Flavor` whose defaults they pick,
//! and the line helpers that detection and parsing share (`header`
//! banners, the Comware `version` line); `detect` tells VRP from Comware,
//! `parse` reads the lines into the raw objects of `model`, and `resolve`
//! links those into tunnels and warnings.

mod detect;
mod model;
mod parse;
mod resolve;

use crate::evidence::{ConfigFacts, ReadError};
use detect::Scan;
use parse::read;

/// True when `text` looks like a Huawei VRP configuration (see the module
/// documentation for the markers; ties go to VRP).
pub fn looks_like_vrp(text: &str) -> bool {
    let s = Scan::of(text.strip_prefix('\u{feff}').unwrap_or(text));
    s.family() && s.vrp >= s.comware
}

/// True when `text` looks like an H3C / HPE Comware configuration.
pub fn looks_like_comware(text: &str) -> bool {
    let s = Scan::of(text.strip_prefix('\u{feff}').unwrap_or(text));
    s.family() && s.comware > s.vrp
}

/// Reads a Huawei VRP configuration.
pub fn read_vrp(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavor::Vrp)
}

/// Reads an H3C Comware (5 or 7) configuration.
pub fn read_comware(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavor::Comware)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Vrp,
    Comware,
}

/// `7.1.045,` / `5.20,` — the Comware `version` line.
fn looks_like_comware_version(v: &str) -> bool {
    let v = v.trim_end_matches(',');
    let mut parts = v.split('.');
    matches!(parts.next(), Some("5" | "7" | "9")) && parts.next().is_some_and(|p| !p.is_empty())
}

/// The closing delimiter of a multi-line `header` banner, or None when the
/// banner fits on its line (or is read from a file).
fn banner_delimiter(words: &[&str]) -> Option<char> {
    // Comware: header {incoming|legal|login|motd|shell} TEXT
    // VRP:     header {login|shell} information TEXT | file NAME
    let text_at = match words.get(2) {
        Some(&"information") => 3,
        Some(&"file") => return None,
        _ => 2,
    };
    let first = words.get(text_at)?;
    let delim = first.chars().next()?;
    let rest: String = words[text_at..].join(" ");
    let after = rest.get(delim.len_utf8()..).unwrap_or("");
    if after.contains(delim) {
        None
    } else {
        Some(delim)
    }
}
