//! strongSwan readers: `swanctl.conf` (the current, hierarchical format) and
//! the legacy `ipsec.conf` (stroke / starter, strongSwan 5.x).
//!
//! # swanctl.conf
//!
//! The strongswan.conf(5) syntax, read the way strongSwan's own lexer and
//! grammar read it (`src/libstrongswan/settings/settings_lexer.l` and
//! `settings_parser.y`): `name { ... }` sections (the `{` may be on the next
//! line), `key = value` settings whose value runs to the end of the line, a
//! `#` or a `}` (several words are joined with one space; `"..."` strings may
//! hold escapes and span lines), `#` comments, `include PATTERN` anywhere
//! (the included text continues the current section), sections of the same
//! name merged (a later setting wins), and since strongSwan 5.7 section
//! references `name : path.to.other, ... {` (the section inherits the
//! settings and subsections of the referenced ones; its own win, then the
//! references in the order given; a reference to a missing section is
//! ignored, as strongSwan does).
//!
//! A **tunnel** is each subsection of `connections` except connections whose
//! children are all shunts (`mode = pass|drop`, e.g. a "pass SSH" policy). A
//! connection without children (mediation, IKE only) is still a tunnel, with
//! no ESP proposals.
//!
//! - `version`: 1 or 2; 0 or absent (strongSwan: "accepts both IKEv1 and
//!   IKEv2 as responder") is `None`, so an audit that wants IKEv2 does not
//!   pass a connection that still accepts IKEv1.
//! - `aggressive = yes`: aggressive mode, unless `version = 2` (strongSwan
//!   ignores the flag for IKEv2); otherwise IKEv1 (`version = 1`) means main
//!   mode and anything else `None`.
//! - `proposals` (IKE) and the children's `esp_proposals` / `ah_proposals`
//!   (both go to [`Tunnel::esp`], the phase-2 slot), one string per
//!   comma-separated proposal, each read as strongSwan reads it
//!   (`proposal` submodule: keyword table, role rules, the IKE PRF derived
//!   from integrity recorded as `prf...`); a proposal the daemon refuses
//!   (misspelt keyword, mixed AEAD and classic encryption, IKE without PRF
//!   or key exchange, a `!`) is a read error at the setting's line, since
//!   the connection is then not loaded. The keyword `default`, and an
//!   absent setting (whose documented default is `default`), are expanded
//!   to [`DEFAULT_IKE_PROPOSALS`] / [`DEFAULT_ESP_PROPOSALS_SWANCTL`] /
//!   [`DEFAULT_AH_PROPOSALS`], which is what the daemon then proposes; the
//!   side records its provenance in [`Tunnel::defaults`] and, as those
//!   defaults changed in 5.6.1 and the file does not tell the release
//!   (unless it uses 6.0-only keywords), a note in [`Tunnel::unresolved`]
//!   (see `default_note`).
//! - Lines ([`Tunnel::lines`]): `proposals`; the first child's
//!   `esp_proposals`/`ah_proposals` (PFS likewise); the first remote
//!   round's `auth`, else the first local one's.
//! - PFS: `Some(true)` when every child writes ESP/AH proposals and every one
//!   of them names a key exchange (`modp*`, `ecp*`, `x25519`, `ke1_*`...);
//!   `Some(false)` when some written proposal, or some child left at the
//!   default (which has no key exchange), lacks one; `None` when no child
//!   writes any.
//! - Authentication: every `local*` and `remote*` round (`auth`, default
//!   `pubkey`, an `ike:` prefix ignored): `psk` is [`AuthMethod::Psk`];
//!   `pubkey`, `rsa*`, `ecdsa*`, `ed25519`, `ed448`, `bliss` and `eap-tls`
//!   are [`AuthMethod::Certificate`]; every other `eap*` and `xauth*` is
//!   [`AuthMethod::Password`]. [`AuthMethod::Mfa`] is added when one side
//!   must prove a private key and a password of a certain method (see
//!   `auth::auth_methods` for the judgement).
//! - Peer: `remote_addrs` as written (a list stays whole), or, when it is
//!   absent or `%any`, the first remote round's `id`.
//! - Log hosts: none. Charon's logging lives in strongswan.conf
//!   (`charon.filelog`, `charon.syslog`), not in swanctl.conf.
//! - The `secrets` section is never stored: its values are dropped while
//!   parsing.
//!
//! # ipsec.conf
//!
//! ipsec.conf(5): sections start at column 0 (`config setup`, `conn NAME`,
//! `ca NAME`), their `key=value` parameters are indented, `#` after white
//! space starts a comment (so `rightid=@#b42f...` is a value), values may be
//! double-quoted, `include PATTERN` lines are replaced by the files they
//! name. A parameter may appear once per section (a repeat is an error, as in
//! starter); a conn name once per file.
//!
//! Inheritance: a conn's own parameters win, then those of its `also=`
//! sections (in order, recursively; loops are an error, as is an `also=`
//! naming no conn), then `conn %default` (all `%default` sections merged,
//! applied whatever their position, as strongSwan 5 does).
//!
//! A **tunnel** is a conn that strongSwan loads: `auto=add|route|start`.
//! `auto=ignore`, the documented default, is "equal to deleting a
//! connection from the config file", so such conns (typically templates
//! pulled in with `also=`) are not tunnels; neither are `authby=never` or
//! `type=passthrough|pass|drop|reject` shunts.
//!
//! - `keyexchange=ikev1|ikev2`: version 1 or 2; `ike` or absent (IKEv2 as
//!   initiator, any version as responder) is `None`. `aggressive=yes` and
//!   the mode as for swanctl.
//! - `ike=` / `esp=` / `ah=`: comma-separated proposals, read and refused
//!   as for swanctl (`default` is no stroke keyword); one trailing `!`
//!   makes the list strict. Without it the daemon "adds its extensive
//!   default proposal to this default or the configured value", so the
//!   default proposals are appended; an absent `ike=` is
//!   `aes128-sha256-modp3072` plus the defaults, an absent `esp=` (and no
//!   `ah=`) is `aes128-sha256` plus the defaults (strongSwan >= 5.4.0;
//!   before, `aes128-sha1-modp2048,3des-sha1-modp1536` and
//!   `aes128-sha1,3des-sha1`, src/starter/confread.c). Such sides carry
//!   their provenance and the release note as for swanctl. Only loaded conns
//!   are checked: a conn strongSwan never loads refuses nothing.
//! - Lines: the winning `ike=`, `esp=` (else `ah=`), `pfs=no` (else the
//!   ESP line), and `rightauth`/`leftauth`/`authby` (remote side first).
//! - Warnings: a conn that is never loaded (`auto=ignore` or no `auto=`)
//!   and that no `also=` pulls in, at its `conn` line.
//! - PFS: `pfs=no` is `Some(false)`; otherwise as for swanctl over the final
//!   ESP/AH list: a non-strict list gets the default proposal, which has no
//!   key exchange, so PFS is not enforced (`Some(false)`). Nothing written:
//!   `None`.
//! - Authentication: `leftauth`/`rightauth` (and `...auth2`, a second round)
//!   or else `authby` (default `pubkey`): `secret`/`psk` is PSK,
//!   `pubkey`/`rsasig`/`ecdsasig` certificate, `xauthpsk` PSK plus a password
//!   round, `xauthrsasig` certificate plus a password round (hence MFA).
//! - Which side is remote: strongSwan decides by the host's own addresses,
//!   which a file does not tell. Heuristic: a side whose address is
//!   `%defaultroute` is local; else when exactly one side has a certificate
//!   (`leftcert`, `leftsigkey`, `leftrsasigkey`) it is local; else `right`
//!   is remote (the usual convention; `left=%any` is the local side taking
//!   any of the host's addresses, as strongSwan's own example configurations
//!   write it). Peer: the remote address, or its id when the address is
//!   `%any`.
//!
//! # Includes and errors
//!
//! Includes go through the [`Includes`] callback, nest at most
//! [`MAX_INCLUDE_DEPTH`] levels, and a file that includes itself (by display
//! path) is an error. A tunnel defined in an included file reports the line
//! of the top-level `include` statement; an error inside one is reported at
//! that line, naming the included file and the line in it. Error messages
//! name sections and parameters, never values. A leading UTF-8 byte order
//! mark is ignored (all four readers).
//!
//! # Code layout
//!
//! This file holds the public surface and what both dialects share: the
//! default proposals and limits, detection, small text helpers, reading a
//! proposal list, expanding defaults and judging PFS. `lexer` and `swanctl`
//! read swanctl.conf, `ipsec_conf` reads ipsec.conf, `auth` (authentication
//! rounds) and `include` (the include stack) serve both, and `proposal`
//! parses one proposal string.
//!
//! [`Tunnel::esp`]: super::Tunnel::esp
//! [`Tunnel::defaults`]: super::Tunnel::defaults
//! [`Tunnel::unresolved`]: super::Tunnel::unresolved
//! [`Tunnel::lines`]: super::Tunnel::lines
//! [`AuthMethod::Psk`]: super::AuthMethod::Psk
//! [`AuthMethod::Certificate`]: super::AuthMethod::Certificate
//! [`AuthMethod::Password`]: super::AuthMethod::Password
//! [`AuthMethod::Mfa`]: super::AuthMethod::Mfa
//! [`Includes`]: super::Includes

use std::collections::HashSet;

mod auth;
mod include;
mod ipsec_conf;
mod lexer;
mod proposal;
mod swanctl;

pub use ipsec_conf::read_ipsec_conf;
pub use swanctl::read_swanctl;

use super::ReadError;
use crate::crypto::{Catalogue, Role};
use proposal::Proto;

/// Deepest include nesting accepted.
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// Most files all includes of one read may bring in, and most bytes: a
/// tree of files that each include the next level many times stays within
/// the depth limit and has no loop, but would be read exponentially often.
pub const MAX_INCLUDED_FILES: usize = 4096;
pub const MAX_INCLUDED_BYTES: usize = 128 * 1024 * 1024;

/// Most sections one section may pull in through references / `also=`.
const MAX_LAYERS: usize = 32;

/// strongSwan's default IKE proposals, what `proposals = default` (and an
/// absent `proposals`) stand for: `proposal_create_default(PROTO_IKE)` and
/// `proposal_create_default_aead(PROTO_IKE)` in
/// `src/libstrongswan/crypto/proposal/proposal.c` (strongSwan 5.9 and 6.0
/// agree), with the algorithms a usual build provides (openssl plugin plus
/// the default plugins: no Camellia-CTR/CCM, no NTRU / NewHope). The list
/// depends on the loaded plugins; this is the documented intent: every
/// AES/Camellia CBC and CTR size, 3DES, SHA-2 and SHA-1 integrity, AES-XCBC,
/// AES-CMAC, the matching PRFs, ECP, Brainpool, Curve25519/448 and MODP
/// 2048-8192 (MODP-1024/1536, the RFC 5114 groups, DES and MD5 are left
/// out by strongSwan itself).
pub const DEFAULT_IKE_PROPOSALS: [&str; 2] = [
    "aes128-aes192-aes256-aes128ctr-aes192ctr-aes256ctr-camellia128-camellia192-camellia256-\
     3des-sha256-sha384-sha512-aesxcbc-aescmac-sha1-prfsha256-prfsha384-prfsha512-prfaesxcbc-\
     prfaescmac-prfsha1-ecp256-ecp384-ecp521-ecp256bp-ecp384bp-ecp512bp-x25519-x448-modp3072-\
     modp4096-modp6144-modp8192-modp2048",
    "aes128gcm16-aes192gcm16-aes256gcm16-aes128ccm16-aes192ccm16-aes256ccm16-chacha20poly1305-\
     aes128gcm12-aes192gcm12-aes256gcm12-aes128gcm8-aes192gcm8-aes256gcm8-aes128ccm12-\
     aes192ccm12-aes256ccm12-aes128ccm8-aes192ccm8-aes256ccm8-prfsha256-prfsha384-prfsha512-\
     prfaesxcbc-prfaescmac-prfsha1-ecp256-ecp384-ecp521-ecp256bp-ecp384bp-ecp512bp-x25519-x448-\
     modp3072-modp4096-modp6144-modp8192-modp2048",
];

/// strongSwan's default ESP proposals (`default`, or no
/// `esp_proposals`/`ah_proposals` in a swanctl child; appended to a
/// non-strict ipsec.conf `esp=`): `proposal_create_default(PROTO_ESP)` and,
/// since 5.9.0 ("We prefer AEAD algorithms for ESP and therefore put AES-GCM
/// in a default AEAD proposal in front of the previous default proposal",
/// strongSwan NEWS 5.9.0), `proposal_create_default_aead(PROTO_ESP)`. Since
/// 6.0.2 both also carry every supported key exchange plus `none` (PFS
/// optional, NEWS 6.0.2); `none` makes PFS not enforced either way, so the
/// groups are left out here. Releases before 5.6.1 also offered 3DES,
/// Blowfish and MD5 (NEWS 5.6.1): see `default_note`.
pub const DEFAULT_ESP_PROPOSALS_SWANCTL: [&str; 2] = [
    "aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc",
    "aes128gcm16-aes192gcm16-aes256gcm16",
];

/// The same defaults as the stroke plugin (ipsec.conf) adds them:
/// `add_proposals` in `src/libcharon/plugins/stroke/stroke_config.c` appends
/// both `proposal_create_default` and `proposal_create_default_aead`.
pub const DEFAULT_ESP_PROPOSALS_IPSEC: [&str; 2] = DEFAULT_ESP_PROPOSALS_SWANCTL;

/// strongSwan's default AH proposal.
pub const DEFAULT_AH_PROPOSALS: [&str; 1] = ["sha256-sha384-sha512-sha1-aesxcbc"];

/// ipsec.conf's own default `ike=` (strongSwan >= 5.4), before the daemon
/// adds [`DEFAULT_IKE_PROPOSALS`].
pub const IPSEC_CONF_DEFAULT_IKE: &str = "aes128-sha256-modp3072";

/// ipsec.conf's own default `esp=` (strongSwan >= 5.4), before the daemon
/// adds [`DEFAULT_ESP_PROPOSALS_IPSEC`].
pub const IPSEC_CONF_DEFAULT_ESP: &str = "aes128-sha256";

// ============================================================================
// Detection
// ============================================================================

/// Heuristic: a top-level `connections`, `secrets`, `pools` or `authorities`
/// section (its `{` on the same or the next line).
pub fn looks_like_swanctl(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut depth: usize = 0;
    let mut pending: Option<&str> = None;
    for raw in text.lines() {
        let line = strip_hash_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if depth == 0 {
            let head = line.split(['{', ':']).next().unwrap_or("").trim();
            let is_swanctl_name =
                |s: &str| matches!(s, "connections" | "secrets" | "pools" | "authorities");
            if line.starts_with('{') && pending.is_some_and(is_swanctl_name) {
                return true;
            }
            if line.contains('{') && is_swanctl_name(head) {
                return true;
            }
            pending = (!line.contains('=')).then_some(head);
        }
        for b in line.bytes() {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    false
}

/// Heuristic: a `config setup` line, or a `conn NAME` line at column 0
/// followed by indented `key=value` parameters.
pub fn looks_like_ipsec_conf(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut conn_seen = false;
    for raw in text.lines() {
        let line = strip_ipsec_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let mut words = line.split_whitespace();
        if !indented {
            let first = words.next().unwrap_or("");
            let second = words.next();
            let rest = words.next();
            conn_seen = false;
            match (first, second, rest) {
                ("config", Some("setup"), None) => return true,
                ("conn", Some(_), None) => conn_seen = true,
                _ => {}
            }
        } else if conn_seen
            && let Some((k, _)) = line.trim().split_once('=')
            && is_param_name(k.trim())
        {
            return true;
        }
    }
    false
}

// ============================================================================
// Shared helpers
// ============================================================================

/// Cuts a `#` comment (anywhere outside a quoted string).
fn strip_hash_comment(line: &str) -> &str {
    let mut in_quote = false;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'"' => in_quote = !in_quote,
            b'#' if !in_quote => return &line[..i],
            _ => {}
        }
    }
    line
}

/// ipsec.conf comments: `#` at the start of a line or after white space,
/// outside a quoted value.
fn strip_ipsec_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_quote = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quote = !in_quote,
            b'#' if !in_quote && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                return &line[..i];
            }
            _ => {}
        }
    }
    line
}

fn is_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// A name that may be quoted in an error message: short, plain characters.
fn shown(s: &str) -> String {
    let plain = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'%' | b'@'));
    if plain {
        format!("\"{s}\"")
    } else {
        "(name not shown)".to_string()
    }
}

fn is_yes(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "yes" | "true" | "enabled" | "1" | "on"
    )
}

/// `%any`, `%any4`, `%any6` or nothing: no particular peer.
fn is_any(v: &str) -> bool {
    let v = v.trim();
    v.is_empty()
        || v.eq_ignore_ascii_case("%any")
        || v.eq_ignore_ascii_case("%any4")
        || v.eq_ignore_ascii_case("%any6")
}

/// One proposal setting read the way strongSwan reads it: the list is cut
/// at `,` (swanctl's `add_list_key` in `src/swanctl/commands/load_conns.c`
/// and stroke's `add_proposals` in
/// `src/libcharon/plugins/stroke/stroke_config.c` both do), each item
/// trimmed and parsed by [`proposal::parse`]. ipsec.conf (stroke) takes one
/// `!` off the end of the whole value (strict); swanctl.conf has no such
/// flag, so a `!` there is part of a token and refused. The keyword
/// `default` is swanctl's only (`parse_proposal` in
/// `src/libcharon/plugins/vici/vici_config.c`, `strcaseeq`); it is kept as
/// the item `default` for [`expand_default`]. A refused item is an error at
/// the setting's line: the daemon does not load the connection (vici:
/// "invalid value for: proposals, config discarded"; stroke: "skipped
/// invalid proposal string" and the conn is not added).
fn read_proposals(
    value: &str,
    proto: Proto,
    swanctl: bool,
    line: u32,
) -> Result<(Vec<String>, bool), ReadError> {
    let mut t = value.trim();
    let mut strict = false;
    if !swanctl && let Some(rest) = t.strip_suffix('!') {
        t = rest;
        strict = true;
    }
    let what = match proto {
        Proto::Ike => "IKE",
        Proto::Esp => "ESP",
        Proto::Ah => "AH",
    };
    let mut out = Vec::new();
    for item in t
        .split(',')
        .map(|p| p.trim_matches(' '))
        .filter(|p| !p.trim().is_empty())
    {
        let parsed = if item.trim().eq_ignore_ascii_case("default") {
            if swanctl {
                out.push("default".to_string());
                continue;
            }
            // stroke has no such keyword: proposal_create_from_string finds
            // no token "default".
            Err(
                "algorithm \"default\" not recognized (`default` is swanctl.conf syntax)"
                    .to_string(),
            )
        } else {
            proposal::parse(proto, item)
        };
        match parsed {
            Ok(p) => out.push(p),
            Err(why) => {
                let hint = if swanctl && item.contains('!') {
                    " (swanctl.conf takes no '!', that is ipsec.conf syntax: its lists are strict)"
                } else {
                    ""
                };
                return Err(ReadError::new(
                    line,
                    1,
                    format!(
                        "{what} proposal {} is refused by strongSwan: {why}{hint}; the connection is not loaded",
                        shown_proposal(item)
                    ),
                ));
            }
        }
    }
    Ok((out, strict))
}

/// A proposal for a message: as written when short and plain.
fn shown_proposal(s: &str) -> String {
    let s = s.trim();
    let plain = !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'!' | b' '));
    if plain {
        format!("\"{s}\"")
    } else {
        "(not shown)".to_string()
    }
}

/// Whether any proposal of a list names what only strongSwan 6.0 and later
/// know (so the release is told by the file).
fn names_6_0(lists: &[&[String]]) -> bool {
    lists
        .iter()
        .any(|l| l.iter().any(|p| proposal::needs_6_0(p)))
}

/// The provenance of a side left to strongSwan's default proposals.
fn default_provenance(side: &str, how: &str) -> String {
    format!(
        "{side}: {how}; strongSwan's default proposals (proposal_create_default and \
         proposal_create_default_aead in src/libstrongswan/crypto/proposal/proposal.c) as of 5.9/6.0"
    )
}

/// The note that makes a defaulted side unknown when the release is not
/// told. strongSwan's NEWS: 5.6.1 removed 3DES, Blowfish and MD5 from the
/// default ESP/AH proposals and MD5 and MODP-1024 from the default IKE
/// proposal; 5.9.0 put AES-GCM in front of the ESP default; 6.0.2 added
/// every supported key exchange plus `none` to it. A file run by a release
/// before 5.6.1 therefore also offers forbidden and deprecated algorithms
/// the current default lacks: recording the current default as what runs
/// would pass a gap, recording the old one would invent gaps for every
/// current release. Neither ipsec.conf nor swanctl.conf states the release,
/// so the side is unknown unless the file uses what only 6.0 reads.
pub(crate) fn default_note(side: &str) -> String {
    format!(
        "{side}: strongSwan's default proposals apply, and they depend on the release (before 5.6.1 they also \
         offer MD5, MODP-1024, 3DES and Blowfish, strongSwan NEWS 5.6.1), which the file does not tell"
    )
}

/// Replaces each `default` item with the given default proposals.
fn expand_default(list: Vec<String>, defaults: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        if p.eq_ignore_ascii_case("default") {
            out.extend(defaults.iter().map(|d| d.to_string()));
        } else {
            out.push(p);
        }
    }
    out
}

fn push_unique(out: &mut Vec<String>, seen: &mut HashSet<String>, items: Vec<String>) {
    for p in items {
        if seen.insert(p.clone()) {
            out.push(p);
        }
    }
}

/// Does this proposal name a key exchange (so the CHILD_SA gets PFS)?
/// The catalogue decides; tokens it does not know are judged by their
/// strongSwan prefixes.
fn has_key_exchange(proposal: &str) -> bool {
    let n = Catalogue::builtin().normalise(proposal);
    // `none` beside a group makes the key exchange optional: a peer may
    // leave it out, so the proposal does not enforce PFS.
    if n.algorithms.iter().any(|a| a.name == "KE-NONE") {
        return false;
    }
    if n.algorithms.iter().any(|a| a.role == Role::KeyExchange) {
        return true;
    }
    n.unknown.iter().any(|u| {
        let u = u.to_ascii_lowercase();
        [
            "modp", "ecp", "curve", "x25519", "x448", "ntru", "newhope", "mlkem", "sm2",
        ]
        .iter()
        .any(|p| u.contains(p))
    })
}

/// PFS over the phase-2 proposals: `written` is false when the config
/// writes none, and then the daemon's defaults apply, which enforce no PFS
/// in any release: they carry no DH group (proposal_create_default in
/// src/libstrongswan/crypto/proposal/proposal.c; ipsec.conf(5) `esp`
/// default `aes128-sha256`), and from 6.0.2 on they add the key exchanges
/// with `none` among them, which makes them optional (strongSwan NEWS 6.0.2).
fn pfs_of(written: bool, all: &[String], any_implicit: bool) -> Option<bool> {
    if !written {
        return Some(false);
    }
    Some(!any_implicit && !all.is_empty() && all.iter().all(|p| has_key_exchange(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{IkeMode, NoIncludes};

    pub(super) fn cat_ok(p: &str) {
        let n = Catalogue::builtin().normalise(p);
        assert!(n.unknown.is_empty(), "{p}: unknown {:?}", n.unknown);
        assert!(!n.algorithms.is_empty(), "{p}: nothing recognised");
    }

    #[test]
    fn default_proposals_normalise_fully() {
        for p in DEFAULT_IKE_PROPOSALS
            .iter()
            .chain(&DEFAULT_ESP_PROPOSALS_SWANCTL)
            .chain(&DEFAULT_ESP_PROPOSALS_IPSEC)
            .chain(&DEFAULT_AH_PROPOSALS)
            .chain([&IPSEC_CONF_DEFAULT_IKE, &IPSEC_CONF_DEFAULT_ESP])
        {
            cat_ok(p);
        }
        // The default ESP proposals have no key exchange: no PFS.
        assert!(
            !DEFAULT_ESP_PROPOSALS_SWANCTL
                .iter()
                .any(|p| has_key_exchange(p))
        );
        assert!(DEFAULT_IKE_PROPOSALS.iter().all(|p| has_key_exchange(p)));
    }

    #[test]
    fn ipsec_comment_rules() {
        assert_eq!(
            strip_ipsec_comment("\trightid=@#b42f # c"),
            "\trightid=@#b42f "
        );
        assert_eq!(strip_ipsec_comment("# all"), "");
        assert_eq!(strip_ipsec_comment("\tx=\"a #b\" # c"), "\tx=\"a #b\" ");
    }

    #[test]
    fn aggressive_only_where_ikev1_is_possible() {
        let conn = |v: &str| format!("connections {{ c {{ version = {v}\n aggressive = yes }} }}");
        let mode = |t: &str| read_swanctl(t, &mut NoIncludes).unwrap().tunnels[0].ike_mode;
        assert_eq!(mode(&conn("2")), None);
        assert_eq!(mode(&conn("1")), Some(IkeMode::Aggressive));
        assert_eq!(mode(&conn("0")), Some(IkeMode::Aggressive));
        let ipsec = |kx: &str| {
            let t = format!("conn c\n\tkeyexchange={kx}\n\taggressive=yes\n\tauto=add\n");
            read_ipsec_conf(&t, &mut NoIncludes).unwrap().tunnels[0].ike_mode
        };
        assert_eq!(ipsec("ikev2"), None);
        assert_eq!(ipsec("ikev1"), Some(IkeMode::Aggressive));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let t = "\u{feff}connections {\n c { version = 2 }\n}\n";
        assert!(looks_like_swanctl(t));
        assert_eq!(read_swanctl(t, &mut NoIncludes).unwrap().tunnels.len(), 1);
        let t = "\u{feff}conn c\n\tauto=add\n";
        assert!(looks_like_ipsec_conf(t));
        assert_eq!(
            read_ipsec_conf(t, &mut NoIncludes).unwrap().tunnels.len(),
            1
        );
    }
}
