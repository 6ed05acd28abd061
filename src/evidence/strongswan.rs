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
//!   `auth_methods` for the judgement).
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

use std::collections::{HashMap, HashSet};

mod proposal;

use super::{
    AuthMethod, ConfigFacts, IkeMode, Includes, ReadError, ReadWarning, SideLines, Tunnel,
};
use crate::crypto::{Catalogue, Role};
use proposal::Proto;

/// Deepest include nesting accepted.
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// Deepest swanctl section nesting accepted (real files use 5 levels).
const MAX_SECTION_DEPTH: usize = 64;

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

/// An include pattern for an error message (paths are not secret; long ones
/// are cut).
fn shown_pattern(s: &str) -> String {
    let cut: String = s.chars().take(200).collect();
    format!("{cut:?}")
}

/// Wraps an error from an included file.
fn nested(line: u32, col: u32, path: &str, e: ReadError) -> ReadError {
    ReadError::new(
        line,
        col,
        format!(
            "in included file {}, line {}, column {}: {}",
            shown_pattern(path),
            e.line,
            e.col,
            e.message
        ),
    )
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

/// An `auth` value without the RFC 7427 `ike:` prefix (swanctl.conf(5),
/// `local.auth`: "use _ike:_ followed by a trust chain signature scheme
/// constraint", e.g. `ike:rsa/pss-sha256`, `pubkey-sha384-ike:pubkey`).
fn auth_value(v: &str) -> String {
    let v = v.trim().to_ascii_lowercase();
    match v.strip_prefix("ike:") {
        Some(rest) => rest.to_string(),
        None => v,
    }
}

/// One authentication round's `auth` value, as the inventory's methods.
/// swanctl.conf(5) `local.auth`: "_pubkey_, _psk_, _xauth[-backend]_ or
/// _eap[-method]_", public-key constraints also written `rsa`, `ecdsa`,
/// `ed25519`, `ed448`, `bliss` with hash suffixes or `/pss`. EAP-TLS proves
/// a private key and is a certificate; every other EAP method and XAuth is
/// counted as a password round.
fn map_auth(v: &str) -> Option<AuthMethod> {
    let v = auth_value(v);
    let head = v.split(['-', '/', ':']).next().unwrap_or("");
    if v == "eap-tls" {
        return Some(AuthMethod::Certificate);
    }
    match head {
        "psk" | "secret" => Some(AuthMethod::Psk),
        "pubkey" | "rsa" | "rsasig" | "ecdsa" | "ecdsasig" | "ed25519" | "ed448" | "bliss" => {
            Some(AuthMethod::Certificate)
        }
        "eap" | "xauth" => Some(AuthMethod::Password),
        _ => None,
    }
}

/// What a round proves, for multi-factor: a private key (possession) or a
/// secret the user knows. Only rounds whose factor is certain count:
/// `eap-radius`, `eap-dynamic`, bare `eap`, `eap-ttls` and `eap-peap` leave
/// the inner method to the server (it may be EAP-TLS with the same key),
/// and `eap-sim` / `eap-aka` prove a SIM card, not a password.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Factor {
    Possession,
    Knowledge,
}

fn factor(v: &str) -> Option<Factor> {
    let v = auth_value(v);
    match map_auth(&v)? {
        AuthMethod::Certificate => Some(Factor::Possession),
        AuthMethod::Password
            if v.starts_with("xauth")
                || matches!(v.as_str(), "eap-md5" | "eap-mschapv2" | "eap-gtc") =>
        {
            Some(Factor::Knowledge)
        }
        _ => None,
    }
}

/// The methods of both sides' rounds (raw `auth` values, in swanctl's
/// words), plus [`AuthMethod::Mfa`] when one side must prove two factors.
///
/// Judgement, from swanctl.conf(5) (`local<suffix>`/`remote<suffix>`
/// rounds, RFC 4739 multiple authentication) and ipsec.conf(5)
/// (`leftauth2`/`rightauth2`, `authby=xauthrsasig`): a peer is
/// multi-factor authenticated when its own rounds include a private-key
/// round (certificate / public key, or EAP-TLS) *and* a password round
/// whose method is certainly a password (XAuth, EAP-MD5, EAP-MSCHAPv2,
/// EAP-GTC), e.g. `remote-1 { auth = pubkey }` then `remote-2 { auth =
/// eap-mschapv2 }`, or IKEv1 `pubkey` then `xauth`. One factor on each side
/// (gateway certificate, user password) is not MFA; neither is a PSK plus
/// XAuth (the PSK is shared by every user: a group secret, no second
/// factor of the user), nor XAuth alone in the first round (Hybrid Mode).
/// The key strengths the authentication rounds require: a key type
/// followed by its minimum strength in bits (`rsa-2048`, `ecdsa-384`,
/// `rsa-2048-ecdsa-256`, `rsa/pss-3072-sha256`: swanctl.conf(5), `auth`,
/// since 5.4.0), and the EdDSA key types, which have one size. Hash names
/// after them constrain the trustchain's signatures and are kept too
/// (`sha1` there accepts SHA-1 certificates). `pubkey`, `rsa` or `ecdsa`
/// without a strength say nothing of the size and give nothing.
fn key_strengths(sides: &[&Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for round in sides.iter().flat_map(|s| s.iter()) {
        let lower = round.trim().to_ascii_lowercase();
        let parts: Vec<&str> = lower.split('-').collect();
        let Some(first) = parts.first() else {
            continue;
        };
        if !matches!(
            *first,
            "pubkey" | "rsa" | "rsa/pss" | "ecdsa" | "ed25519" | "ed448"
        ) {
            continue;
        }
        let mut sized = false;
        let mut i = 0;
        while i < parts.len() {
            let ty = parts[i].trim_end_matches("/pss");
            let size = parts
                .get(i + 1)
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
            match (ty, size) {
                ("rsa" | "ecdsa", Some(n)) => {
                    out.push(format!("{ty}-{n}"));
                    sized = true;
                    i += 2;
                    continue;
                }
                ("ed25519" | "ed448", _) => {
                    out.push(ty.to_string());
                    sized = true;
                }
                (h, _) if sized && h.starts_with("sha") => out.push(h.to_string()),
                _ => {}
            }
            i += 1;
        }
    }
    let mut seen = HashSet::new();
    out.retain(|k| seen.insert(k.clone()));
    out
}

fn auth_methods(sides: &[Vec<String>]) -> Vec<AuthMethod> {
    let mut out = Vec::new();
    let mut mfa = false;
    for rounds in sides {
        for m in rounds.iter().filter_map(|r| map_auth(r)) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        let factors: Vec<Factor> = rounds.iter().filter_map(|r| factor(r)).collect();
        if factors.contains(&Factor::Possession) && factors.contains(&Factor::Knowledge) {
            mfa = true;
        }
    }
    if mfa && !out.contains(&AuthMethod::Mfa) {
        out.push(AuthMethod::Mfa);
    }
    out
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

/// Most files all includes of one read may bring in, and most bytes: a
/// tree of files that each include the next level many times stays within
/// the depth limit and has no loop, but would be read exponentially often.
pub const MAX_INCLUDED_FILES: usize = 4096;
pub const MAX_INCLUDED_BYTES: usize = 128 * 1024 * 1024;

/// Tracks the include stack: depth limit, loop detection by display path,
/// and the overall budget.
#[derive(Default)]
struct IncludeStack {
    paths: Vec<String>,
    files: usize,
    bytes: usize,
}

impl IncludeStack {
    fn check_depth(&self, line: u32, col: u32) -> Result<(), ReadError> {
        if self.paths.len() >= MAX_INCLUDE_DEPTH {
            return Err(ReadError::new(
                line,
                col,
                format!("includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn enter(&mut self, path: &str, len: usize, line: u32, col: u32) -> Result<(), ReadError> {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(len);
        if self.files > MAX_INCLUDED_FILES || self.bytes > MAX_INCLUDED_BYTES {
            return Err(ReadError::new(
                line,
                col,
                format!(
                    "includes bring in more than {MAX_INCLUDED_FILES} files or {} MiB",
                    MAX_INCLUDED_BYTES >> 20
                ),
            ));
        }
        if self.paths.iter().any(|p| p == path) {
            return Err(ReadError::new(
                line,
                col,
                format!("include loop: {} includes itself", shown_pattern(path)),
            ));
        }
        self.paths.push(path.to_string());
        Ok(())
    }

    fn leave(&mut self) {
        self.paths.pop();
    }
}

fn resolve_include(
    includes: &mut dyn Includes,
    pattern: &str,
    line: u32,
    col: u32,
) -> Result<Vec<(String, String)>, ReadError> {
    includes.include(pattern).map_err(|why| {
        let why: String = why.chars().take(300).collect();
        ReadError::new(
            line,
            col,
            format!("cannot include {}: {why}", shown_pattern(pattern)),
        )
    })
}

// ============================================================================
// swanctl.conf: lexer
// ============================================================================

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Eof,
    Newline,
    Open,
    Close,
    Eq,
    Colon,
    Comma,
    Name(String),
    Include(String),
}

#[derive(Clone)]
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    col: u32,
}

fn is_name_byte(b: u8) -> bool {
    !matches!(
        b,
        b'#' | b'{' | b'}' | b'=' | b'"' | b':' | b',' | b'\r' | b'\n' | b'\t' | b' '
    )
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, off: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + off).copied()
    }

    fn bump(&mut self, n: usize) {
        let end = (self.pos + n).min(self.text.len());
        for &b in &self.text.as_bytes()[self.pos..end] {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
        self.pos = end;
    }

    /// Length of the run from `pos` of bytes satisfying `f`.
    fn run(&self, f: impl Fn(u8) -> bool) -> usize {
        self.text.as_bytes()[self.pos..]
            .iter()
            .take_while(|&&b| f(b))
            .count()
    }

    fn err(&self, line: u32, col: u32, msg: &str) -> ReadError {
        ReadError::new(line, col, msg)
    }

    /// The next token outside a value, with its position.
    fn next(&mut self) -> Result<(Tok, u32, u32), ReadError> {
        loop {
            let (line, col) = (self.line, self.col);
            let Some(b) = self.peek() else {
                return Ok((Tok::Eof, line, col));
            };
            let tok = match b {
                b' ' | b'\t' | b'\r' => {
                    self.bump(1);
                    continue;
                }
                b'#' => {
                    let n = self.run(|b| b != b'\n');
                    self.bump(n);
                    continue;
                }
                b'\n' => Tok::Newline,
                b'{' => Tok::Open,
                b'}' => Tok::Close,
                b'=' => Tok::Eq,
                b':' => Tok::Colon,
                b',' => Tok::Comma,
                b'"' => return Err(self.err(line, col, "unexpected quoted string")),
                _ => {
                    let n = self.run(is_name_byte);
                    let name = &self.text[self.pos..self.pos + n];
                    self.bump(n);
                    if name == "include" {
                        let ws = self.run(|b| b == b' ' || b == b'\t');
                        if ws > 0 && self.peek_at(ws).is_some_and(|b| b != b'=') {
                            self.bump(ws);
                            let pattern = self.include_pattern()?;
                            return Ok((Tok::Include(pattern), line, col));
                        }
                    }
                    return Ok((Tok::Name(name.to_string()), line, col));
                }
            };
            self.bump(1);
            return Ok((tok, line, col));
        }
    }

    /// An include pattern: up to white space, `#`, `}` or the end of the
    /// line; `\"`, `\#`, `\}`, `\ ` escape; a quoted string may hold spaces.
    fn include_pattern(&mut self) -> Result<String, ReadError> {
        let mut out = String::new();
        loop {
            match self.peek() {
                None | Some(b'#' | b'}' | b'\n' | b'\t' | b' ') => return Ok(out),
                Some(b'\r') => self.bump(1),
                Some(b'"') => {
                    self.bump(1);
                    let s = self.string()?;
                    out.push_str(&s);
                    return Ok(out);
                }
                Some(b'\\') => match self.peek_at(1) {
                    Some(c @ (b'"' | b'#' | b'}' | b' ')) => {
                        out.push(c as char);
                        self.bump(2);
                    }
                    _ => {
                        out.push('\\');
                        self.bump(1);
                    }
                },
                Some(_) => {
                    let n = self.run(|b| {
                        !matches!(b, b'"' | b'\\' | b'#' | b'}' | b'\r' | b'\n' | b'\t' | b' ')
                    });
                    out.push_str(&self.text[self.pos..self.pos + n]);
                    self.bump(n);
                }
            }
        }
    }

    /// A quoted string, the opening quote already consumed.
    fn string(&mut self) -> Result<String, ReadError> {
        let (line, col) = (self.line, self.col.saturating_sub(1).max(1));
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err(line, col, "unterminated quoted string")),
                Some(b'"') => {
                    self.bump(1);
                    return Ok(out);
                }
                Some(b'\r') => self.bump(1),
                Some(b'\\') => match self.peek_at(1) {
                    None => return Err(self.err(line, col, "unterminated quoted string")),
                    Some(b'n') => {
                        out.push('\n');
                        self.bump(2);
                    }
                    Some(b'r') => {
                        out.push('\r');
                        self.bump(2);
                    }
                    Some(b't') => {
                        out.push('\t');
                        self.bump(2);
                    }
                    Some(b'\n') => self.bump(2),
                    Some(b'\r') if self.peek_at(2) == Some(b'\n') => self.bump(3),
                    Some(_) => {
                        let c = self.text[self.pos + 1..].chars().next().unwrap_or('\\');
                        out.push(c);
                        self.bump(1 + c.len_utf8());
                    }
                },
                Some(_) => {
                    let n = self.run(|b| !matches!(b, b'\\' | b'\r' | b'"'));
                    out.push_str(&self.text[self.pos..self.pos + n]);
                    self.bump(n);
                }
            }
        }
    }

    /// A value after `=`: words and quoted strings up to `#`, `}` or the end
    /// of the line, joined with single spaces. None when empty.
    fn value(&mut self) -> Result<Option<String>, ReadError> {
        let mut parts: Vec<String> = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'#' | b'}' | b'\n') => break,
                Some(b' ' | b'\t' | b'\r') => self.bump(1),
                Some(b'"') => {
                    self.bump(1);
                    parts.push(self.string()?);
                }
                Some(_) => {
                    let n = self
                        .run(|b| !matches!(b, b'#' | b'}' | b'"' | b'\r' | b'\n' | b'\t' | b' '));
                    parts.push(self.text[self.pos..self.pos + n].to_string());
                    self.bump(n);
                }
            }
        }
        Ok((!parts.is_empty()).then(|| parts.join(" ")))
    }
}

// ============================================================================
// swanctl.conf: tree
// ============================================================================

/// A settings section. Values under `secrets` are never stored. Not `Debug`
/// on purpose: nothing here is meant to be printed.
#[derive(Default)]
struct Section {
    line: u32,
    refs: Vec<String>,
    /// Settings: key, value, line (of the top-level include statement for
    /// a setting read from an included file).
    kv: Vec<(String, String, u32)>,
    kv_index: HashMap<String, usize>,
    subs: Vec<(String, Section)>,
    sub_index: HashMap<String, usize>,
}

impl Section {
    fn set(&mut self, key: String, value: String, line: u32) {
        match self.kv_index.get(&key) {
            Some(&i) => {
                self.kv[i].1 = value;
                self.kv[i].2 = line;
            }
            None => {
                self.kv_index.insert(key.clone(), self.kv.len());
                self.kv.push((key, value, line));
            }
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.kv_index.get(key).map(|&i| self.kv[i].1.as_str())
    }

    fn get_at(&self, key: &str) -> Option<(&str, u32)> {
        self.kv_index
            .get(key)
            .map(|&i| (self.kv[i].1.as_str(), self.kv[i].2))
    }

    fn sub(&self, name: &str) -> Option<&Section> {
        self.sub_index.get(name).map(|&i| &self.subs[i].1)
    }

    /// Adds a subsection, merging it into one of the same name.
    fn add_sub(&mut self, name: String, sec: Section) {
        match self.sub_index.get(&name) {
            Some(&i) => self.subs[i].1.extend(sec),
            None => {
                self.sub_index.insert(name.clone(), self.subs.len());
                self.subs.push((name, sec));
            }
        }
    }

    /// strongSwan's "extend the existing section": later settings win.
    /// Recursion is bounded by [`MAX_SECTION_DEPTH`].
    fn extend(&mut self, other: Section) {
        self.refs.extend(other.refs);
        for (k, v, line) in other.kv {
            self.set(k, v, line);
        }
        for (n, s) in other.subs {
            self.add_sub(n, s);
        }
    }
}

struct Frame {
    name: String,
    sec: Section,
    redact: bool,
    line: u32,
    col: u32,
}

struct SwanctlParser<'i> {
    includes: &'i mut dyn Includes,
    stack: Vec<Frame>,
    inc: IncludeStack,
    /// Line of the top-level include statement while reading an included file.
    top_line: Option<u32>,
    /// Bytes read, the included files' too (bounds the reference budget).
    bytes: usize,
}

impl SwanctlParser<'_> {
    fn parse_text(&mut self, text: &str) -> Result<(), ReadError> {
        self.bytes += text.len();
        let base = self.stack.len();
        let mut lx = Lexer::new(text);
        loop {
            let (tok, line, col) = lx.next()?;
            match tok {
                Tok::Eof => {
                    if self.stack.len() > base {
                        let f = self.stack.last().map(|f| (f.line, f.col)).unwrap_or((1, 1));
                        return Err(ReadError::new(
                            f.0,
                            f.1,
                            format!(
                                "section opened at line {} is not closed (missing '}}')",
                                f.0
                            ),
                        ));
                    }
                    return Ok(());
                }
                Tok::Newline => {}
                Tok::Close => {
                    if self.stack.len() <= base {
                        return Err(ReadError::new(line, col, "unexpected '}'"));
                    }
                    self.close();
                }
                Tok::Open => {
                    return Err(ReadError::new(line, col, "'{' without a section name"));
                }
                Tok::Eq => {
                    return Err(ReadError::new(line, col, "'=' without a setting name"));
                }
                Tok::Colon | Tok::Comma => {
                    return Err(ReadError::new(
                        line,
                        col,
                        "unexpected ':' or ',' (section references need a name before them)",
                    ));
                }
                Tok::Include(pattern) => self.include(&pattern, line, col)?,
                Tok::Name(name) => {
                    let (t2, l2, c2) = lx.next()?;
                    match t2 {
                        Tok::Eq => {
                            let value = lx.value()?;
                            self.set(name, value, line);
                        }
                        Tok::Open => self.open(name, Vec::new(), line, col)?,
                        Tok::Colon => {
                            let refs = Self::refs(&mut lx)?;
                            self.open(name, refs, line, col)?;
                        }
                        Tok::Newline => {
                            let mut t3 = lx.next()?;
                            while t3.0 == Tok::Newline {
                                t3 = lx.next()?;
                            }
                            match t3.0 {
                                Tok::Open => self.open(name, Vec::new(), line, col)?,
                                Tok::Colon => {
                                    let refs = Self::refs(&mut lx)?;
                                    self.open(name, refs, line, col)?;
                                }
                                _ => {
                                    return Err(ReadError::new(
                                        line,
                                        col,
                                        "a name must be followed by '=' (setting) or '{' (section)",
                                    ));
                                }
                            }
                        }
                        _ => {
                            return Err(ReadError::new(
                                l2,
                                c2,
                                "a name must be followed by '=' (setting) or '{' (section)",
                            ));
                        }
                    }
                }
            }
        }
    }

    /// `name : a.b, c.d {`: the references after the colon, up to the `{`.
    fn refs(lx: &mut Lexer<'_>) -> Result<Vec<String>, ReadError> {
        let mut refs = Vec::new();
        let mut want_name = true;
        loop {
            let (t, l, c) = lx.next()?;
            match t {
                Tok::Name(n) if want_name => {
                    refs.push(n);
                    want_name = false;
                }
                Tok::Comma if !want_name => want_name = true,
                Tok::Newline => {}
                Tok::Open if !want_name => return Ok(refs),
                _ => {
                    return Err(ReadError::new(
                        l,
                        c,
                        "malformed section reference list (expected `name : other, ... {`)",
                    ));
                }
            }
        }
    }

    fn open(
        &mut self,
        name: String,
        refs: Vec<String>,
        line: u32,
        col: u32,
    ) -> Result<(), ReadError> {
        if self.stack.len() > MAX_SECTION_DEPTH {
            return Err(ReadError::new(
                line,
                col,
                format!("sections nested deeper than {MAX_SECTION_DEPTH} levels"),
            ));
        }
        let redact = self
            .stack
            .last()
            .is_some_and(|f| f.redact || (self.stack.len() == 1 && name == "secrets"));
        let sec = Section {
            line: self.top_line.unwrap_or(line),
            refs,
            ..Section::default()
        };
        self.stack.push(Frame {
            name,
            sec,
            redact,
            line,
            col,
        });
        Ok(())
    }

    fn close(&mut self) {
        if let Some(f) = self.stack.pop()
            && let Some(parent) = self.stack.last_mut()
        {
            parent.sec.add_sub(f.name, f.sec);
        }
    }

    fn set(&mut self, key: String, value: Option<String>, line: u32) {
        let line = self.top_line.unwrap_or(line);
        if let Some(top) = self.stack.last_mut() {
            // Secrets never reach the tree.
            let value = if top.redact {
                String::new()
            } else {
                value.unwrap_or_default()
            };
            top.sec.set(key, value, line);
        }
    }

    fn include(&mut self, pattern: &str, line: u32, col: u32) -> Result<(), ReadError> {
        if pattern.is_empty() {
            return Err(ReadError::new(line, col, "include without a file pattern"));
        }
        self.inc.check_depth(line, col)?;
        let files = resolve_include(self.includes, pattern, line, col)?;
        for (path, text) in files {
            self.inc.enter(&path, text.len(), line, col)?;
            let outer = self.top_line;
            if outer.is_none() {
                self.top_line = Some(line);
            }
            let r = self.parse_text(&text);
            self.top_line = outer;
            self.inc.leave();
            r.map_err(|e| nested(line, col, &path, e))?;
        }
        Ok(())
    }
}

// ============================================================================
// swanctl.conf: section references and extraction
// ============================================================================

/// A section seen through its references: own layer first, then the
/// referenced sections (recursively), earlier layers winning.
type View<'t> = Vec<&'t Section>;

struct Resolver<'t> {
    root: &'t Section,
    /// Work left before the references are judged to expand too far (keeps
    /// adversarial reference fan-out linear in the input size).
    budget: usize,
}

impl<'t> Resolver<'t> {
    fn spend(&mut self, n: usize) -> Result<(), ReadError> {
        self.budget = self
            .budget
            .checked_sub(n)
            .ok_or_else(|| ReadError::new(1, 1, "section references expand too far to be read"))?;
        Ok(())
    }

    fn find_path(&self, path: &str) -> Option<&'t Section> {
        let mut cur = self.root;
        for part in path.split('.') {
            cur = cur.sub(part)?;
        }
        Some(cur)
    }

    fn layers(
        &mut self,
        sec: &'t Section,
        out: &mut View<'t>,
        depth: usize,
    ) -> Result<(), ReadError> {
        self.spend(1)?;
        if out.iter().any(|s| std::ptr::eq(*s, sec)) {
            return Ok(());
        }
        if out.len() >= MAX_LAYERS || depth > MAX_LAYERS {
            return Err(ReadError::new(
                sec.line,
                1,
                "section references nest too deeply",
            ));
        }
        out.push(sec);
        for r in &sec.refs {
            if let Some(t) = self.find_path(r) {
                self.layers(t, out, depth + 1)?;
            }
        }
        Ok(())
    }

    fn get(&mut self, v: &View<'t>, key: &str) -> Result<Option<&'t str>, ReadError> {
        self.spend(v.len())?;
        Ok(v.iter().find_map(|s| s.get(key)))
    }

    /// A setting with the line it is written on.
    fn get_at(&mut self, v: &View<'t>, key: &str) -> Result<Option<(&'t str, u32)>, ReadError> {
        self.spend(v.len())?;
        Ok(v.iter().find_map(|s| s.get_at(key)))
    }

    /// The subsections of a view, merged by name, in order of appearance.
    fn subs(&mut self, v: &View<'t>) -> Result<Vec<(&'t str, View<'t>)>, ReadError> {
        let mut out: Vec<(&'t str, View<'t>)> = Vec::new();
        let mut index: HashMap<&'t str, usize> = HashMap::new();
        for layer in v {
            self.spend(layer.subs.len() + 1)?;
            for (name, sec) in &layer.subs {
                let i = match index.get(name.as_str()) {
                    Some(&i) => i,
                    None => {
                        index.insert(name.as_str(), out.len());
                        out.push((name.as_str(), Vec::new()));
                        out.len() - 1
                    }
                };
                let mut layers = std::mem::take(&mut out[i].1);
                self.layers(sec, &mut layers, 0)?;
                out[i].1 = layers;
            }
        }
        Ok(out)
    }

    fn sub(&mut self, v: &View<'t>, name: &str) -> Result<Option<View<'t>>, ReadError> {
        let mut out = Vec::new();
        for layer in v {
            self.spend(1)?;
            if let Some(s) = layer.sub(name) {
                self.layers(s, &mut out, 0)?;
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

/// Reads a `swanctl.conf`. See the module documentation for what is read
/// and how defaults are filled in.
pub fn read_swanctl(text: &str, includes: &mut dyn Includes) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = SwanctlParser {
        includes,
        stack: vec![Frame {
            name: String::new(),
            sec: Section::default(),
            redact: false,
            line: 1,
            col: 1,
        }],
        inc: IncludeStack::default(),
        top_line: None,
        bytes: 0,
    };
    p.parse_text(text)?;
    let bytes = p.bytes;
    let root = p.stack.pop().map(|f| f.sec).unwrap_or_default();
    let mut r = Resolver {
        root: &root,
        budget: bytes.saturating_mul(4).saturating_add(1_000_000),
    };
    let mut tunnels = Vec::new();
    if let Some(conns) = r.sub(&vec![&root], "connections")? {
        for (name, conn) in r.subs(&conns)? {
            let line = conn.first().map(|s| s.line).unwrap_or(1);
            let t = swanctl_tunnel(&mut r, name, &conn).map_err(|e| {
                let (at, e) = match e {
                    TunnelError::At(e) => (e.line, e),
                    TunnelError::Conn(e) => (line, e),
                };
                ReadError::new(at, 1, format!("connection {}: {}", shown(name), e.message))
            })?;
            tunnels.extend(t);
        }
    }
    Ok(ConfigFacts {
        tunnels,
        log_hosts: Vec::new(),
        log_host_lines: Vec::new(),
        warnings: Vec::new(),
        release: None,
    })
}

/// Why a connection could not be read: at a line of its own (a refused
/// proposal), or at the connection's line.
enum TunnelError {
    At(ReadError),
    Conn(ReadError),
}

impl From<ReadError> for TunnelError {
    fn from(e: ReadError) -> Self {
        TunnelError::Conn(e)
    }
}

fn swanctl_tunnel<'t>(
    r: &mut Resolver<'t>,
    name: &str,
    conn: &View<'t>,
) -> Result<Option<Tunnel>, TunnelError> {
    // Children: shunts (pass/drop) are policies, not tunnels.
    let mut esp = Vec::new();
    let mut seen = HashSet::new();
    let mut children = 0usize;
    let mut written = false;
    let mut implicit = false;
    let mut written_all: Vec<String> = Vec::new();
    let mut lines = SideLines::default();
    let mut esp_defaulted = false;
    if let Some(ch) = r.sub(conn, "children")? {
        let all_children = r.subs(&ch)?;
        let declared = all_children.len();
        for (_, child) in all_children {
            // A child costs more than a lookup: proposals are split, copied
            // and judged.
            r.spend(32)?;
            let mode = r
                .get(&child, "mode")?
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if mode == "pass" || mode == "drop" {
                continue;
            }
            children += 1;
            let mut child_props = Vec::new();
            for (key, proto, defaults) in [
                (
                    "esp_proposals",
                    Proto::Esp,
                    &DEFAULT_ESP_PROPOSALS_SWANCTL[..],
                ),
                ("ah_proposals", Proto::Ah, &DEFAULT_AH_PROPOSALS[..]),
            ] {
                let Some((v, at)) = r.get_at(&child, key)? else {
                    continue;
                };
                let (list, _) = read_proposals(v, proto, true, at).map_err(TunnelError::At)?;
                if list.is_empty() {
                    continue;
                }
                if lines.esp == 0 {
                    lines.esp = at;
                }
                if list.iter().any(|p| p == "default") {
                    esp_defaulted = true;
                }
                child_props.extend(expand_default(list, defaults));
            }
            if child_props.is_empty() {
                // Neither written (or both empty): strongSwan's ESP default.
                implicit = true;
                esp_defaulted = true;
                child_props = DEFAULT_ESP_PROPOSALS_SWANCTL
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
            } else {
                written = true;
                written_all.extend(child_props.iter().cloned());
            }
            push_unique(&mut esp, &mut seen, child_props);
        }
        if children == 0 && declared > 0 {
            // Every child is a shunt.
            return Ok(None);
        }
    }
    lines.pfs = lines.esp;

    let version = match r.get(conn, "version")?.map(str::trim) {
        Some("1") => Some(1),
        Some("2") => Some(2),
        _ => None,
    };
    // Aggressive mode is IKEv1's; strongSwan ignores the flag for IKEv2.
    let aggressive = r.get(conn, "aggressive")?.is_some_and(is_yes) && version != Some(2);
    let ike_mode = if aggressive {
        Some(IkeMode::Aggressive)
    } else if version == Some(1) {
        Some(IkeMode::Main)
    } else {
        None
    };
    let mut ike_defaulted = false;
    let mut ike = match r.get_at(conn, "proposals")? {
        Some((v, at)) => {
            let (list, _) = read_proposals(v, Proto::Ike, true, at).map_err(TunnelError::At)?;
            lines.ike = at;
            ike_defaulted = list.iter().any(|p| p == "default");
            expand_default(list, &DEFAULT_IKE_PROPOSALS)
        }
        None => Vec::new(),
    };
    if ike.is_empty() {
        ike_defaulted = true;
        ike = DEFAULT_IKE_PROPOSALS
            .iter()
            .map(|s| s.to_string())
            .collect();
    }

    // Authentication rounds.
    let mut local = Vec::new();
    let mut remote = Vec::new();
    let mut remote_id: Option<String> = None;
    let mut any_round = false;
    let (mut local_auth_line, mut remote_auth_line) = (0, 0);
    for (sub, view) in r.subs(conn)? {
        let is_local = sub.starts_with("local");
        let is_remote = sub.starts_with("remote");
        if !is_local && !is_remote {
            continue;
        }
        any_round = true;
        let (auth, at) = r.get_at(&view, "auth")?.unwrap_or(("pubkey", 0));
        if is_local && local_auth_line == 0 {
            local_auth_line = at;
        }
        if is_remote && remote_auth_line == 0 {
            remote_auth_line = at;
        }
        if is_local {
            local.push(auth.to_string());
        } else {
            remote.push(auth.to_string());
        }
        if is_remote
            && remote_id.is_none()
            && let Some(id) = r.get(&view, "id")?
            && !is_any(id)
        {
            remote_id = Some(id.trim().to_string());
        }
    }
    lines.auth = if remote_auth_line != 0 {
        remote_auth_line
    } else {
        local_auth_line
    };
    if !any_round {
        // No rounds configured: strongSwan authenticates with public keys.
        local.push("pubkey".to_string());
        remote.push("pubkey".to_string());
    }
    let keys = key_strengths(&[&local, &remote]);
    let auth = auth_methods(&[local, remote]);

    let peer = r
        .get(conn, "remote_addrs")?
        .filter(|a| !is_any(a))
        .map(|a| {
            a.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(",")
        })
        .or(remote_id);

    // Defaults and their provenance (see `default_note`).
    let release_told = names_6_0(&[&ike, &esp]);
    let mut defaults = Vec::new();
    let mut unresolved = Vec::new();
    if ike_defaulted {
        defaults.push(default_provenance(
            "IKE",
            "`proposals` not written or `default` (swanctl.conf(5): default `default`)",
        ));
        if !release_told {
            unresolved.push(default_note("IKE"));
        }
    }
    if esp_defaulted && children > 0 {
        defaults.push(default_provenance(
            "ESP",
            "a child's `esp_proposals`/`ah_proposals` not written or `default` (swanctl.conf(5): default `default`)",
        ));
        if !release_told {
            unresolved.push(default_note("ESP"));
        }
    }

    // A conn with no child negotiates no traffic SA: nothing to say of PFS.
    let pfs = (children > 0)
        .then(|| pfs_of(written, &written_all, implicit))
        .flatten();
    Ok(Some(Tunnel {
        name: name.to_string(),
        line: conn.first().map(|s| s.line).unwrap_or(1),
        peer,
        ike_version: version,
        ike_mode,
        ike,
        esp,
        tls: Vec::new(),
        keys,
        pfs,
        auth,
        unresolved,
        lines,
        defaults,
    }))
}

// ============================================================================
// ipsec.conf
// ============================================================================

#[derive(Clone, Copy, PartialEq, Eq)]
enum IpsecSection {
    None,
    Config,
    Ca,
    Default,
    Conn(usize),
}

struct Conn {
    name: String,
    line: u32,
    /// Parameters: value and line.
    settings: HashMap<String, (String, u32)>,
    also: Vec<(String, u32)>,
}

struct IpsecParser<'i> {
    includes: &'i mut dyn Includes,
    inc: IncludeStack,
    top_line: Option<u32>,
    current: IpsecSection,
    /// Keys seen in the current section (duplicates are errors).
    current_keys: HashSet<String>,
    conns: Vec<Conn>,
    conn_index: HashMap<String, usize>,
    defaults: HashMap<String, (String, u32)>,
}

impl IpsecParser<'_> {
    fn parse_text(&mut self, text: &str) -> Result<(), ReadError> {
        for (i, raw) in text.split('\n').enumerate() {
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let line = strip_ipsec_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                self.parameter(line, line_no)?;
            } else {
                self.top_level(line, line_no)?;
            }
        }
        Ok(())
    }

    fn top_level(&mut self, line: &str, n: u32) -> Result<(), ReadError> {
        let words: Vec<&str> = line.split_whitespace().take(3).collect();
        self.current_keys.clear();
        match words.as_slice() {
            ["config", "setup"] => self.current = IpsecSection::Config,
            ["config", ..] => {
                return Err(ReadError::new(
                    n,
                    1,
                    "unknown config section (expected `config setup`)",
                ));
            }
            ["ca", _] => self.current = IpsecSection::Ca,
            ["conn", "%default"] => self.current = IpsecSection::Default,
            ["conn", name] => {
                if self.conn_index.contains_key(*name) {
                    return Err(ReadError::new(
                        n,
                        1,
                        format!("conn {} is defined twice", shown(name)),
                    ));
                }
                let idx = self.conns.len();
                self.conn_index.insert(name.to_string(), idx);
                self.conns.push(Conn {
                    name: name.to_string(),
                    line: self.top_line.unwrap_or(n),
                    settings: HashMap::new(),
                    also: Vec::new(),
                });
                self.current = IpsecSection::Conn(idx);
            }
            ["include", pattern] => {
                self.current = IpsecSection::None;
                let pattern = pattern.trim_matches('"').to_string();
                self.include(&pattern, n)?;
            }
            ["version", _] => self.current = IpsecSection::None,
            ["conn" | "ca" | "include", ..] => {
                return Err(ReadError::new(
                    n,
                    1,
                    "malformed section line (expected `conn NAME`, `ca NAME` or `include PATTERN`)",
                ));
            }
            _ => {
                return Err(ReadError::new(
                    n,
                    1,
                    "unexpected line outside a section (section lines start at column 1, parameters are indented)",
                ));
            }
        }
        Ok(())
    }

    fn parameter(&mut self, line: &str, n: u32) -> Result<(), ReadError> {
        let col = u32::try_from(line.len() - line.trim_start().len() + 1).unwrap_or(1);
        let line_at = self.top_line.unwrap_or(n);
        if self.current == IpsecSection::None {
            return Err(ReadError::new(
                n,
                col,
                "indented parameter line outside a section",
            ));
        }
        let Some((key, value)) = line.trim().split_once('=') else {
            return Err(ReadError::new(n, col, "expected `parameter=value`"));
        };
        let key = key.trim();
        if !is_param_name(key) {
            return Err(ReadError::new(n, col, "invalid parameter name"));
        }
        let value = value.trim();
        let value = if let Some(inner) = value.strip_prefix('"') {
            match inner.strip_suffix('"') {
                Some(v) if !v.contains('"') => v,
                _ => {
                    return Err(ReadError::new(
                        n,
                        col,
                        format!("unbalanced double quote in the value of {}", shown(key)),
                    ));
                }
            }
        } else if value.contains('"') {
            return Err(ReadError::new(
                n,
                col,
                format!("unbalanced double quote in the value of {}", shown(key)),
            ));
        } else {
            value
        };
        match self.current {
            IpsecSection::Conn(i) if key == "also" => {
                self.conns[i].also.push((value.to_string(), n));
                return Ok(());
            }
            IpsecSection::Default if key == "also" => {
                return Err(ReadError::new(
                    n,
                    col,
                    "also= is not allowed in conn %default",
                ));
            }
            _ => {}
        }
        if !self.current_keys.insert(key.to_string()) {
            return Err(ReadError::new(
                n,
                col,
                format!("parameter {} appears twice in one section", shown(key)),
            ));
        }
        match self.current {
            IpsecSection::Conn(i) => {
                self.conns[i]
                    .settings
                    .insert(key.to_string(), (value.to_string(), line_at));
            }
            IpsecSection::Default => {
                self.defaults
                    .insert(key.to_string(), (value.to_string(), line_at));
            }
            IpsecSection::Config | IpsecSection::Ca | IpsecSection::None => {}
        }
        Ok(())
    }

    fn include(&mut self, pattern: &str, n: u32) -> Result<(), ReadError> {
        if pattern.is_empty() {
            return Err(ReadError::new(n, 1, "include without a file pattern"));
        }
        self.inc.check_depth(n, 1)?;
        let files = resolve_include(self.includes, pattern, n, 1)?;
        for (path, text) in files {
            self.inc.enter(&path, text.len(), n, 1)?;
            let outer = self.top_line;
            if outer.is_none() {
                self.top_line = Some(n);
            }
            let r = self.parse_text(&text);
            self.top_line = outer;
            self.inc.leave();
            r.map_err(|e| nested(n, 1, &path, e))?;
        }
        Ok(())
    }

    /// The layers of a conn: itself, then its `also=` sections depth-first
    /// (diamonds visited once, loops and dangling names are errors).
    fn layers(
        &self,
        idx: usize,
        path: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) -> Result<(), ReadError> {
        if out.contains(&idx) {
            return Ok(());
        }
        if out.len() >= MAX_LAYERS {
            let top = path.first().copied().unwrap_or(idx);
            return Err(ReadError::new(
                self.conns[top].line,
                1,
                format!(
                    "conn {}: also= pulls in more than {MAX_LAYERS} sections",
                    shown(&self.conns[top].name)
                ),
            ));
        }
        out.push(idx);
        path.push(idx);
        for (name, line) in &self.conns[idx].also {
            let Some(&t) = self.conn_index.get(name) else {
                return Err(ReadError::new(
                    *line,
                    1,
                    format!("also={} names no conn section", shown(name)),
                ));
            };
            if path.contains(&t) {
                return Err(ReadError::new(
                    *line,
                    1,
                    format!("also={} makes a loop", shown(name)),
                ));
            }
            self.layers(t, path, out)?;
        }
        path.pop();
        Ok(())
    }
}

/// One conn seen through its `also=` layers and `%default`.
struct ConnView<'a> {
    layers: Vec<&'a HashMap<String, (String, u32)>>,
}

impl<'a> ConnView<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        self.get_at(key).map(|(v, _)| v)
    }

    /// A parameter with the line it is written on.
    fn get_at(&self, key: &str) -> Option<(&'a str, u32)> {
        self.layers
            .iter()
            .find_map(|l| l.get(key))
            .map(|(v, n)| (v.as_str(), *n))
    }
}

/// Reads a legacy `ipsec.conf`. See the module documentation for what is
/// read, inheritance, defaults and what counts as a tunnel.
pub fn read_ipsec_conf(text: &str, includes: &mut dyn Includes) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = IpsecParser {
        includes,
        inc: IncludeStack::default(),
        top_line: None,
        current: IpsecSection::None,
        current_keys: HashSet::new(),
        conns: Vec::new(),
        conn_index: HashMap::new(),
        defaults: HashMap::new(),
    };
    p.parse_text(text)?;
    let mut tunnels = Vec::new();
    let mut warnings = Vec::new();
    // Conns some also= names: templates, whose auto=ignore is expected.
    let referenced: HashSet<usize> = p
        .conns
        .iter()
        .flat_map(|c| c.also.iter())
        .filter_map(|(name, _)| p.conn_index.get(name).copied())
        .collect();
    for idx in 0..p.conns.len() {
        let mut order = Vec::new();
        p.layers(idx, &mut Vec::new(), &mut order)?;
        let mut layers: Vec<&HashMap<String, (String, u32)>> =
            order.iter().map(|&i| &p.conns[i].settings).collect();
        layers.push(&p.defaults);
        let view = ConnView { layers };
        match ipsec_tunnel(&p.conns[idx], &view)? {
            Loaded::Tunnel(t) => tunnels.push(*t),
            Loaded::Ignored if !referenced.contains(&idx) => warnings.push(ReadWarning::new(
                p.conns[idx].line,
                format!(
                    "conn {} is not loaded: auto=ignore (the default when auto= is not written) \
                     is \"equal to deleting a connection from the config file\" (ipsec.conf(5)), \
                     and no also= pulls it into a loaded conn",
                    shown(&p.conns[idx].name)
                ),
            )),
            Loaded::Ignored | Loaded::Shunt => {}
        }
    }
    warnings.sort_by_key(|w| w.line);
    Ok(ConfigFacts {
        tunnels,
        log_hosts: Vec::new(),
        log_host_lines: Vec::new(),
        warnings,
        release: None,
    })
}

/// What strongSwan makes of one conn.
enum Loaded {
    Tunnel(Box<Tunnel>),
    /// `auto=ignore` (or no `auto=`): never loaded.
    Ignored,
    /// A pass/drop policy or `authby=never`.
    Shunt,
}

/// Proposals of one ipsec.conf parameter, as the daemon ends up with them:
/// the written list (or ipsec.conf's own default when the parameter is
/// absent), then, unless the list ends with `!`, the daemon's default
/// proposals (ipsec.conf(5): "The daemon adds its extensive default
/// proposal to this default or the configured value"; `add_proposals` in
/// `src/libcharon/plugins/stroke/stroke_config.c`). Returns the list, the
/// line of the parameter (0: not written) and whether defaults were added.
fn ipsec_proposals(
    value: Option<(&str, u32)>,
    proto: Proto,
    implicit: &[&str],
    defaults: &[&str],
) -> Result<(Vec<String>, u32, bool), ReadError> {
    let (mut list, strict, line) = match value {
        Some((v, line)) if !v.trim().is_empty() => {
            let (list, strict) = read_proposals(v, proto, false, line)?;
            (list, strict, line)
        }
        _ => (
            implicit
                .iter()
                .map(|s| proposal::parse(proto, s).unwrap_or_else(|_| s.to_string()))
                .collect(),
            false,
            0,
        ),
    };
    if !strict {
        list.extend(defaults.iter().map(|d| d.to_string()));
    }
    let mut seen = HashSet::new();
    list.retain(|p| seen.insert(p.clone()));
    Ok((list, line, !strict))
}

/// One side's authentication rounds, in swanctl's words: `leftauth` (or,
/// without it, `authby`, default `pubkey`: ipsec.conf(5) `authby=pubkey |
/// rsasig | ecdsasig | psk | secret | xauthpsk | xauthrsasig | never`), then
/// `leftauth2`.
fn ipsec_auth_rounds(view: &ConnView<'_>, side: &str) -> Vec<String> {
    let mut rounds = Vec::new();
    match view.get(&format!("{side}auth")) {
        Some(v) => rounds.push(v.to_string()),
        None => {
            let authby = view
                .get("authby")
                .unwrap_or("pubkey")
                .trim()
                .to_ascii_lowercase();
            match authby.as_str() {
                "secret" | "psk" => rounds.push("psk".into()),
                "xauthpsk" => rounds.extend(["psk".into(), "xauth".into()]),
                "xauthrsasig" => rounds.extend(["pubkey".into(), "xauth".into()]),
                other => rounds.push(other.to_string()),
            }
        }
    }
    if let Some(v) = view.get(&format!("{side}auth2")) {
        rounds.push(v.to_string());
    }
    rounds
}

fn ipsec_tunnel(conn: &Conn, view: &ConnView<'_>) -> Result<Loaded, ReadError> {
    let auto = view
        .get("auto")
        .unwrap_or("ignore")
        .trim()
        .to_ascii_lowercase();
    if !matches!(auto.as_str(), "add" | "route" | "start") {
        return Ok(Loaded::Ignored);
    }
    let ty = view
        .get("type")
        .unwrap_or("tunnel")
        .trim()
        .to_ascii_lowercase();
    if matches!(ty.as_str(), "passthrough" | "pass" | "drop" | "reject") {
        return Ok(Loaded::Shunt);
    }
    if view
        .get("authby")
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("never"))
    {
        return Ok(Loaded::Shunt);
    }

    let version = match view
        .get("keyexchange")
        .map(|v| v.trim().to_ascii_lowercase())
    {
        Some(v) if v == "ikev1" => Some(1),
        Some(v) if v == "ikev2" => Some(2),
        _ => None,
    };
    let aggressive = view.get("aggressive").is_some_and(is_yes) && version != Some(2);
    let ike_mode = if aggressive {
        Some(IkeMode::Aggressive)
    } else if version == Some(1) {
        Some(IkeMode::Main)
    } else {
        None
    };

    let mut lines = SideLines::default();
    let mut defaults = Vec::new();
    let (ike, ike_line, ike_defaulted) = ipsec_proposals(
        view.get_at("ike"),
        Proto::Ike,
        &[IPSEC_CONF_DEFAULT_IKE],
        &DEFAULT_IKE_PROPOSALS,
    )?;
    lines.ike = ike_line;
    if ike_line == 0 {
        defaults.push(default_provenance(
            "IKE",
            "ike= not written: ipsec.conf(5) default aes128-sha256-modp3072 (strongSwan 5.4.0 and later; \
             aes128-sha1-modp2048,3des-sha1-modp1536 before, src/starter/confread.c) plus",
        ));
    } else if ike_defaulted {
        defaults.push(default_provenance(
            "IKE",
            "ike= has no trailing '!': ipsec.conf(5) appends",
        ));
    }
    let ah = view.get_at("ah").filter(|(v, _)| !v.trim().is_empty());
    let esp_value = view.get_at("esp").filter(|(v, _)| !v.trim().is_empty());
    let mut esp = Vec::new();
    let mut written = false;
    let mut esp_defaulted = false;
    let mut seen = HashSet::new();
    if esp_value.is_some() || ah.is_none() {
        let (list, at, d) = ipsec_proposals(
            esp_value,
            Proto::Esp,
            &[IPSEC_CONF_DEFAULT_ESP],
            &DEFAULT_ESP_PROPOSALS_IPSEC,
        )?;
        written |= at != 0;
        lines.esp = at;
        esp_defaulted |= d;
        if at == 0 {
            defaults.push(default_provenance(
                "ESP",
                "esp= not written: ipsec.conf(5) default aes128-sha256 (strongSwan 5.4.0 and later; \
                 aes128-sha1,3des-sha1 before, src/starter/confread.c) plus",
            ));
        } else if d {
            defaults.push(default_provenance(
                "ESP",
                "esp= has no trailing '!': ipsec.conf(5) appends",
            ));
        }
        push_unique(&mut esp, &mut seen, list);
    }
    if let Some(a) = ah {
        let (list, at, d) = ipsec_proposals(Some(a), Proto::Ah, &[], &DEFAULT_AH_PROPOSALS)?;
        written = true;
        esp_defaulted |= d;
        if lines.esp == 0 {
            lines.esp = at;
        }
        if d {
            defaults.push(default_provenance(
                "AH",
                "ah= has no trailing '!': ipsec.conf(5) appends",
            ));
        }
        push_unique(&mut esp, &mut seen, list);
    }
    let pfs_no = view
        .get_at("pfs")
        .filter(|(v, _)| v.trim().eq_ignore_ascii_case("no"));
    let pfs = if pfs_no.is_some() {
        Some(false)
    } else {
        pfs_of(written, &esp, false)
    };
    lines.pfs = pfs_no.map_or(lines.esp, |(_, at)| at);

    // Which side is remote (see the module documentation).
    let addr = |s: &str| view.get(s).unwrap_or("").trim();
    let has_cert = |s: &str| {
        ["cert", "sigkey", "rsasigkey"].iter().any(|k| {
            view.get(&format!("{s}{k}"))
                .is_some_and(|v| !v.trim().is_empty())
        })
    };
    let defroute = |s: &str| addr(s).eq_ignore_ascii_case("%defaultroute");
    let remote_is_left = if defroute("left") != defroute("right") {
        defroute("right")
    } else if has_cert("left") != has_cert("right") {
        has_cert("right")
    } else {
        // `left=%any` is the local side listening on any address, not a
        // peer: `right` stays the remote side.
        false
    };
    let (remote, local) = if remote_is_left {
        ("left", "right")
    } else {
        ("right", "left")
    };
    let peer = Some(addr(remote))
        .filter(|a| !is_any(a))
        .map(|a| a.trim_start_matches('%').to_string())
        .or_else(|| {
            view.get(&format!("{remote}id"))
                .map(str::trim)
                .filter(|id| !is_any(id))
                .map(str::to_string)
        });

    let rounds = [
        ipsec_auth_rounds(view, local),
        ipsec_auth_rounds(view, remote),
    ];
    let keys = key_strengths(&[&rounds[0], &rounds[1]]);
    let auth = auth_methods(&rounds);
    lines.auth = [
        format!("{remote}auth"),
        format!("{local}auth"),
        "authby".to_string(),
    ]
    .iter()
    .find_map(|k| view.get_at(k).map(|(_, at)| at))
    .unwrap_or(0);

    let mut unresolved = Vec::new();
    let release_told = names_6_0(&[&ike, &esp]);
    if !release_told {
        if ike_defaulted {
            unresolved.push(default_note("IKE"));
        }
        if esp_defaulted {
            unresolved.push(default_note(if esp_value.is_none() && ah.is_some() {
                "AH"
            } else {
                "ESP"
            }));
        }
    }

    Ok(Loaded::Tunnel(Box::new(Tunnel {
        name: conn.name.clone(),
        line: conn.line,
        peer,
        ike_version: version,
        ike_mode,
        ike,
        esp,
        tls: Vec::new(),
        keys,
        pfs,
        auth,
        unresolved,
        lines,
        defaults,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::NoIncludes;

    #[test]
    fn key_strengths_are_what_auth_requires() {
        let rounds = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (a, b) = (
            rounds(&["pubkey"]),
            rounds(&["rsa-2048-ecdsa-256", "rsa/pss-3072-sha256", "eap-mschapv2"]),
        );
        assert_eq!(
            key_strengths(&[&a, &b]),
            ["rsa-2048", "ecdsa-256", "rsa-3072", "sha256"]
        );
        let c = rounds(&["pubkey-sha256", "rsa", "ecdsa", "psk", "ed25519"]);
        assert_eq!(key_strengths(&[&c]), ["ed25519"]);
        for k in ["rsa-1024", "rsa-2048", "ecdsa-384", "ed25519"] {
            cat_ok(k);
        }
    }

    fn cat_ok(p: &str) {
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
    fn lexer_values_and_strings() {
        let facts = read_swanctl(
            "connections {\n a { remote_addrs = \"192.0.2.1\"  # c\n proposals = aes256  -sha256-modp3072 }\n}\n",
            &mut NoIncludes,
        )
        .unwrap();
        let t = &facts.tunnels[0];
        assert_eq!(t.peer.as_deref(), Some("192.0.2.1"));
        // Words are joined by one space; strongSwan trims the spaces around
        // each '-'-separated token, and derives the PRF from SHA-256.
        assert_eq!(t.ike, ["aes256-sha256-modp3072-prfsha256"]);
        assert_eq!(t.lines.ike, 3);
    }

    #[test]
    fn section_brace_on_next_line_and_merging() {
        let text =
            "connections\n{\n a\n {\n version = 1\n }\n}\nconnections {\n a { version = 2 }\n}\n";
        let facts = read_swanctl(text, &mut NoIncludes).unwrap();
        assert_eq!(facts.tunnels.len(), 1);
        assert_eq!(facts.tunnels[0].ike_version, Some(2));
        assert_eq!(facts.tunnels[0].line, 3);
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = read_swanctl("connections {\n a {\n", &mut NoIncludes).unwrap_err();
        assert_eq!(e.line, 2);
        let e = read_swanctl("}\n", &mut NoIncludes).unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        let e = read_swanctl("a b\n", &mut NoIncludes).unwrap_err();
        assert_eq!(e.line, 1);
        let e = read_swanctl("a = \"open\n", &mut NoIncludes).unwrap_err();
        assert!(e.message.contains("unterminated"));
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

    #[test]
    fn auto_ignore_and_shunts_are_not_tunnels() {
        let t = "conn a\n\tright=192.0.2.1\nconn b\n\tauto=ignore\nconn c\n\tauthby=never\n\tauto=add\nconn d\n\ttype=drop\n\tauto=route\n";
        assert!(
            read_ipsec_conf(t, &mut NoIncludes)
                .unwrap()
                .tunnels
                .is_empty()
        );
    }

    #[test]
    fn map_auth_values() {
        assert_eq!(map_auth("psk"), Some(AuthMethod::Psk));
        assert_eq!(map_auth("pubkey-sha256"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("rsa/pss"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("eap-tls"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("eap-mschapv2"), Some(AuthMethod::Password));
        assert_eq!(map_auth("xauth-radius"), Some(AuthMethod::Password));
        assert_eq!(map_auth("null"), None);
    }
}
