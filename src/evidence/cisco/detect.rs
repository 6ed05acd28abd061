//! Tells Cisco IOS / IOS-XE from Cisco ASA configurations, and both from
//! the other dialects vpnaudit reads.
//!
//! Each kind of marker counts once, however often it occurs, so a long
//! file does not outvote a short one. ASA markers: the `ASA Version` header,
//! `: Saved`, `crypto ikev1`, `crypto ipsec ikev1|ikev2`, `crypto ikev2
//! enable`, one-line `crypto map NAME SEQ set|match`, `tunnel-group`,
//! `group-policy`, `nameif`, `security-level`, ... IOS markers: a bare
//! `version 15.2` line, `boot-start-marker`, `Building configuration...`,
//! `crypto isakmp`, `crypto ipsec transform-set`, `crypto ikev2
//! proposal|profile|keyring`, `crypto keyring`, block-form `crypto map NAME
//! SEQ ipsec-isakmp`, `ip route`, `line vty`, ... and plain Cisco style
//! (`hostname`, `!` lines) counts for IOS, the family's default. Markers of
//! other dialects (Junos `set`/braces, FortiOS `config`/`edit`, Comware and
//! VRP `sysname`/`#`/`return`, strongSwan `conn`/`connections {`,
//! WireGuard `[Interface]`, OpenVPN `remote`/`dev tun`) weigh against both.
//! The two results are exclusive by construction: a file mixing both
//! syntaxes (batfish's `cisco_crypto` unit config) goes to the side whose
//! markers weigh more, IOS on a tie. At least two points are needed, so a
//! lone `hostname` claims nothing.

use super::Flavour;

/// How much of a file is looked at: the markers are near the top of any
/// real configuration, and detection stays cheap on huge files.
const SCAN_BYTES: usize = 4 * 1024 * 1024;

#[derive(Default)]
struct Score {
    ios: u32,
    asa: u32,
    /// Plain Cisco style (`hostname`, `!`): IOS unless ASA says otherwise.
    generic: u32,
    foreign: u32,
    found: u64,
}

impl Score {
    /// Adds `weight` to one side the first time marker `id` is seen.
    fn mark(&mut self, id: u32, side: Side, weight: u32) {
        let bit = 1u64 << id;
        if self.found & bit != 0 {
            return;
        }
        self.found |= bit;
        match side {
            Side::Generic => self.generic += weight,
            Side::Ios => self.ios += weight,
            Side::Asa => self.asa += weight,
            Side::Foreign => self.foreign += weight,
        }
    }
}

#[derive(Clone, Copy)]
enum Side {
    Generic,
    Ios,
    Asa,
    Foreign,
}

pub(super) fn classify(text: &str) -> Option<Flavour> {
    let mut end = text.len().min(SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = Score::default();
    for raw in text[..end].lines() {
        let body = raw.trim_start();
        let top = body.len() == raw.len();
        let body = body.trim_end();
        if body.is_empty() {
            continue;
        }
        let w: Vec<&str> = body.split_ascii_whitespace().take(6).collect();
        line_markers(&mut s, body, &w, top);
    }
    if s.asa >= 2 && s.asa > s.ios && s.asa > s.foreign {
        Some(Flavour::Asa)
    } else if s.ios + s.generic >= 2 && s.ios >= s.asa && s.ios + s.generic > s.foreign {
        Some(Flavour::Ios)
    } else {
        None
    }
}

fn is_version(v: &str) -> bool {
    let mut parts = v.split('.');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

fn line_markers(s: &mut Score, body: &str, w: &[&str], top: bool) {
    use Side::{Asa, Foreign, Generic, Ios};
    if body == "!" {
        s.mark(0, Generic, 1);
    }
    match w {
        ["hostname", _] => s.mark(1, Generic, 1),
        // ---- ASA
        ["ASA" | "PIX" | "FWSM", "Version", ..] => s.mark(2, Asa, 10),
        [":", "Saved", ..] | [":Saved", ..] => s.mark(3, Asa, 5),
        ["crypto", "ikev1", ..] => s.mark(4, Asa, 2),
        ["crypto", "ipsec", "ikev1" | "ikev2", ..] => s.mark(5, Asa, 2),
        ["crypto", "ikev2", "enable", ..] => s.mark(6, Asa, 2),
        ["crypto", "map" | "dynamic-map", _, seq, "set" | "match", ..]
            if seq.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.mark(7, Asa, 2)
        }
        ["tunnel-group", _, ..] if top => s.mark(8, Asa, 2),
        [
            "group-policy",
            _,
            "attributes" | "internal" | "external",
            ..,
        ] => s.mark(9, Asa, 2),
        ["nameif", _] if !top => s.mark(10, Asa, 2),
        ["security-level", _] if !top => s.mark(11, Asa, 2),
        ["same-security-traffic", ..] | ["passwd", ..] | ["pager", "lines", ..] => {
            s.mark(12, Asa, 2)
        }
        ["vpn", "load-balancing"] if top => s.mark(13, Asa, 2),
        ["access-list", _, "extended" | "webtype" | "ethertype", ..] => s.mark(14, Asa, 1),
        ["object", "network" | "service", _] if top => s.mark(15, Asa, 1),
        ["route", _, _, ..] if top => s.mark(16, Asa, 1),
        ["webvpn"] if top => s.mark(17, Asa, 1),
        // ---- IOS
        ["version", v] if top && is_version(v) => s.mark(20, Ios, 3),
        ["boot-start-marker"] | ["boot-end-marker"] => s.mark(21, Ios, 3),
        ["Building", "configuration...", ..] => s.mark(22, Ios, 3),
        ["crypto", "isakmp", ..] => s.mark(23, Ios, 2),
        ["crypto", "ipsec", "transform-set", ..] => s.mark(24, Ios, 2),
        ["crypto", "ikev2", "proposal" | "profile" | "keyring", ..] => s.mark(25, Ios, 2),
        ["crypto", "keyring", ..] | ["crypto", "gdoi", ..] => s.mark(26, Ios, 2),
        [
            "crypto",
            "map",
            _,
            seq,
            "ipsec-isakmp" | "ipsec-manual" | "gdoi",
        ] if seq.bytes().all(|b| b.is_ascii_digit()) => s.mark(27, Ios, 2),
        ["ip", "route", ..] if top => s.mark(28, Ios, 1),
        ["ip", "access-list", ..] if top => s.mark(29, Ios, 1),
        ["line", "vty" | "con" | "aux", ..] if top => s.mark(30, Ios, 1),
        [
            "service",
            "timestamps" | "password-encryption" | "tcp-keepalives-in",
            ..,
        ] => s.mark(31, Ios, 1),
        ["ip", "domain" | "domain-name", ..] if top => s.mark(32, Ios, 1),
        ["tunnel", "mode", "gre" | "ipsec", ..] if !top => s.mark(33, Ios, 1),
        // ASA 9.7+ VTIs have these too; ASA configs carry stronger markers.
        ["tunnel", "protection", "ipsec", ..] if !top => s.mark(34, Ios, 1),
        ["crypto", "ipsec", "profile", ..] => s.mark(35, Ios, 1),
        // ---- other dialects
        ["set", ..] if top => s.mark(40, Foreign, 3),
        ["config", _, ..] if top => s.mark(41, Foreign, 3),
        ["edit", _, ..] | ["next"] => s.mark(42, Foreign, 2),
        ["sysname", ..] => s.mark(43, Foreign, 3),
        ["#"] | ["return"] => s.mark(44, Foreign, 2),
        ["conn", _] if top => s.mark(45, Foreign, 3),
        ["[Interface]" | "[Peer]"] => s.mark(46, Foreign, 5),
        ["remote", ..] | ["dev", ..] | ["proto", ..] | ["client"] | ["cipher", ..] if top => {
            s.mark(47, Foreign, 2)
        }
        _ => {}
    }
    if body.ends_with('{') || body == "}" {
        s.mark(48, Foreign, 3);
    }
}
