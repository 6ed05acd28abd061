//! WireGuard reader: `wg(8)` / `wg-quick(8)` configuration files.
//!
//! The file is strict INI: `[Interface]` (exactly one) and any number of
//! `[Peer]` sections (names case-insensitive), `Key = Value` lines (keys
//! case-insensitive, as `wg` reads them), `#` comments to the end of a line.
//! Anything else is an error, as it is for `wg` and the wireguard-android
//! parser: an unknown section or attribute, an attribute outside a section,
//! a line without `=`, a missing `[Interface]`, a `[Peer]` without
//! `PublicKey`, a key that is not 32 bytes of base64, a number that is not a
//! number, an empty value, a DNS entry that is neither an address nor a host
//! name, an endpoint that is not `host:port`.
//!
//! Attributes: `[Interface]` PrivateKey, ListenPort, FwMark (wg), Address,
//! DNS, MTU, Table, PreUp, PostUp, PreDown, PostDown, SaveConfig (wg-quick),
//! IncludedApplications, ExcludedApplications (the Android app); `[Peer]`
//! PublicKey, PresharedKey, AllowedIPs, Endpoint, PersistentKeepalive.
//!
//! Each `[Peer]` is a **tunnel**, named by a `# Name = x` comment in the
//! section or right above its header (the wg-quick / wireguard-docs
//! convention), else by a plain one-line comment right above the header,
//! else by its `Endpoint`, else `peer N`. The peer is the endpoint's host.
//! A comment that looks like `key = value` or holds something key-like is
//! never used as a name (it could be a commented-out key).
//!
//! Crypto: WireGuard has one fixed suite, so every peer gets the single
//! phase-2 proposal [`WIREGUARD_SUITE`] (Curve25519, ChaCha20-Poly1305,
//! BLAKE2s in the catalogue), no IKE proposals, no IKE version, and PFS
//! (every handshake is ephemeral Curve25519). Authentication is by static
//! public keys pinned per peer (no certificate, no authority), reported as
//! [`AuthMethod::PublicKey`] (`public-key`), plus [`AuthMethod::Psk`]
//! when the peer has a `PresharedKey` (an extra symmetric key mixed into the
//! handshake). There are no log hosts in a WireGuard config.
//!
//! Secrets (`PrivateKey`, `PresharedKey`) are validated but never stored,
//! and no error message quotes any value.

use std::net::IpAddr;

use super::{AuthMethod, ConfigFacts, Includes, ReadError, SideLines, Tunnel};

/// The one phase-2 "proposal" of every WireGuard peer.
pub const WIREGUARD_SUITE: &str = "curve25519-chacha20poly1305-blake2s";

/// Heuristic: an `[Interface]` or `[Peer]` header line, or at least two
/// lines setting WireGuard-only attributes.
pub fn looks_like(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut hits = 0;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.eq_ignore_ascii_case("[interface]") || line.eq_ignore_ascii_case("[peer]") {
            return true;
        }
        if let Some((k, _)) = line.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            if matches!(
                k.as_str(),
                "privatekey" | "publickey" | "presharedkey" | "allowedips" | "persistentkeepalive"
            ) {
                hits += 1;
                if hits >= 2 {
                    return true;
                }
            }
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sec {
    Interface,
    Peer,
}

struct Peer {
    line: u32,
    /// `# Name = x` inside the section.
    inner_name: Option<String>,
    /// Name from the comments right above the header.
    above_name: Option<String>,
    endpoint: Option<String>,
    host: Option<String>,
    has_public_key: bool,
    has_psk: bool,
    /// An attribute was seen (later comments are not this peer's name).
    attrs: bool,
}

/// Reads a WireGuard configuration (the `includes` are not used: WireGuard
/// has no include directive).
pub fn read(text: &str, _includes: &mut dyn Includes) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut section: Option<Sec> = None;
    let mut interfaces = 0u32;
    let mut peers: Vec<Peer> = Vec::new();
    // Comment lines since the last blank or non-comment line.
    let mut comments_above: Vec<&str> = Vec::new();

    for (i, raw) in text.split('\n').enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (content, comment) = match raw.find('#') {
            Some(p) => (&raw[..p], Some(&raw[p + 1..])),
            None => (raw, None),
        };
        let content_trim = content.trim();
        let col = u32::try_from(content.len() - content.trim_start().len() + 1).unwrap_or(1);
        if content_trim.is_empty() {
            match comment {
                Some(c) => {
                    if section == Some(Sec::Peer)
                        && let Some(p) = peers.last_mut()
                    {
                        // Only before the section's first attribute: a
                        // comment after them belongs to the next header.
                        if p.inner_name.is_none() && !p.attrs {
                            p.inner_name = name_comment(c);
                        }
                    }
                    comments_above.push(c);
                }
                None => comments_above.clear(),
            }
            continue;
        }
        let above = std::mem::take(&mut comments_above);

        if content_trim.starts_with('[') {
            let Some(inner) = content_trim
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
            else {
                return Err(ReadError::new(n, col, "malformed section header"));
            };
            let inner = inner.trim();
            if inner.eq_ignore_ascii_case("interface") {
                interfaces += 1;
                if interfaces > 1 {
                    return Err(ReadError::new(n, col, "a second [Interface] section"));
                }
                section = Some(Sec::Interface);
            } else if inner.eq_ignore_ascii_case("peer") {
                section = Some(Sec::Peer);
                peers.push(Peer {
                    line: n,
                    inner_name: None,
                    above_name: name_above(&above),
                    endpoint: None,
                    host: None,
                    has_public_key: false,
                    has_psk: false,
                    attrs: false,
                });
            } else {
                return Err(ReadError::new(
                    n,
                    col,
                    format!("unknown section {}", shown_name(inner, true)),
                ));
            }
            continue;
        }

        let Some((key, value)) = content_trim.split_once('=') else {
            return Err(ReadError::new(
                n,
                col,
                "syntax error: expected `Key = Value`, a [Section] header or a comment",
            ));
        };
        let key = key.trim();
        let value = value.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(ReadError::new(
                n,
                col,
                "syntax error: expected `Key = Value`, a [Section] header or a comment",
            ));
        }
        let Some(sec) = section else {
            return Err(ReadError::new(
                n,
                col,
                "attribute before any [Interface] or [Peer] section",
            ));
        };
        let lkey = key.to_ascii_lowercase();
        let sec_name = match sec {
            Sec::Interface => "[Interface]",
            Sec::Peer => "[Peer]",
        };
        let bad =
            |what: &str| ReadError::new(n, col, format!("invalid {what} in {key} ({sec_name})"));
        let known = match sec {
            Sec::Interface => matches!(
                lkey.as_str(),
                "privatekey"
                    | "listenport"
                    | "fwmark"
                    | "address"
                    | "dns"
                    | "mtu"
                    | "table"
                    | "preup"
                    | "postup"
                    | "predown"
                    | "postdown"
                    | "saveconfig"
                    | "includedapplications"
                    | "excludedapplications"
            ),
            Sec::Peer => matches!(
                lkey.as_str(),
                "publickey" | "presharedkey" | "allowedips" | "endpoint" | "persistentkeepalive"
            ),
        };
        if !known {
            return Err(ReadError::new(
                n,
                col,
                format!("unknown attribute {} in {sec_name}", shown_name(key, false)),
            ));
        }
        let may_be_empty = matches!(
            lkey.as_str(),
            "allowedips"
                | "address"
                | "dns"
                | "table"
                | "preup"
                | "postup"
                | "predown"
                | "postdown"
                | "includedapplications"
                | "excludedapplications"
        );
        if value.is_empty() && !may_be_empty {
            return Err(ReadError::new(
                n,
                col,
                format!("syntax error: {key} has no value ({sec_name})"),
            ));
        }
        match lkey.as_str() {
            "privatekey" | "publickey" | "presharedkey" if !is_wg_key(value) => {
                return Err(bad("key (not 32 bytes of base64)"));
            }
            "listenport" if parse_u16(value).is_none() => {
                return Err(bad("number"));
            }
            "persistentkeepalive"
                if !value.eq_ignore_ascii_case("off") && parse_u16(value).is_none() =>
            {
                return Err(bad("number"));
            }
            "fwmark" => {
                let ok = value.eq_ignore_ascii_case("off")
                    || value
                        .strip_prefix("0x")
                        .or_else(|| value.strip_prefix("0X"))
                        .map_or_else(
                            || is_digits(value) && value.parse::<u32>().is_ok(),
                            |h| !h.is_empty() && u32::from_str_radix(h, 16).is_ok(),
                        );
                if !ok {
                    return Err(bad("number"));
                }
            }
            "mtu" if !is_digits(value) || value.parse::<u32>().is_err() => {
                return Err(bad("number"));
            }
            "saveconfig" if !matches!(value.to_ascii_lowercase().as_str(), "true" | "false") => {
                return Err(bad("value (expected true or false)"));
            }
            "address" | "allowedips" => {
                for item in value.split(',').map(str::trim) {
                    if item.is_empty() && value.trim().is_empty() {
                        continue;
                    }
                    if !is_cidr(item) {
                        return Err(bad("value (expected IP address/prefix list)"));
                    }
                }
            }
            "dns" => {
                for item in value.split(',').map(str::trim) {
                    if item.is_empty() && value.trim().is_empty() {
                        continue;
                    }
                    if item.parse::<IpAddr>().is_err() && !is_hostname(item) {
                        return Err(bad("value (expected an address or a search domain)"));
                    }
                }
            }
            "endpoint" => {
                let Some(host) = endpoint_host(value) else {
                    return Err(bad("value (expected host:port)"));
                };
                if let Some(p) = peers.last_mut() {
                    p.endpoint = Some(value.to_string());
                    p.host = Some(host.to_string());
                }
            }
            _ => {}
        }
        if sec == Sec::Peer
            && let Some(p) = peers.last_mut()
        {
            p.attrs = true;
            match lkey.as_str() {
                "publickey" => p.has_public_key = true,
                "presharedkey" => p.has_psk = true,
                _ => {}
            }
        }
    }

    if interfaces == 0 {
        return Err(ReadError::new(1, 1, "missing [Interface] section"));
    }
    let mut tunnels = Vec::with_capacity(peers.len());
    for (i, p) in peers.into_iter().enumerate() {
        if !p.has_public_key {
            return Err(ReadError::new(
                p.line,
                1,
                "missing attribute PublicKey in [Peer]",
            ));
        }
        let name = p
            .inner_name
            .or(p.above_name)
            .or_else(|| p.endpoint.clone())
            .unwrap_or_else(|| format!("peer {}", i + 1));
        let mut auth = vec![AuthMethod::PublicKey];
        if p.has_psk {
            auth.push(AuthMethod::Psk);
        }
        tunnels.push(Tunnel {
            name,
            line: p.line,
            peer: p.host,
            ike_version: None,
            ike_mode: None,
            ike: Vec::new(),
            esp: vec![WIREGUARD_SUITE.to_string()],
            tls: Vec::new(),
            keys: Vec::new(),
            pfs: Some(true),
            auth,
            unresolved: Vec::new(),
            // The protocol fixes the suite, the key exchange and the keys'
            // kind: the [Peer] section decides every side.
            lines: SideLines {
                ike: p.line,
                esp: p.line,
                pfs: p.line,
                auth: p.line,
            },
            defaults: Vec::new(),
        });
    }
    Ok(ConfigFacts {
        tunnels,
        log_hosts: Vec::new(),
        log_host_lines: Vec::new(),
        warnings: Vec::new(),
        release: None,
    })
}

/// `Name = x` / `Name: x` in a comment.
fn name_comment(c: &str) -> Option<String> {
    let c = c.trim();
    let (k, v) = c.split_once('=').or_else(|| c.split_once(':'))?;
    if !k.trim().eq_ignore_ascii_case("name") {
        return None;
    }
    label(v)
}

/// A name from the comment block right above a `[Peer]` header: a
/// `Name = x` line, else a plain last comment line.
fn name_above(comments: &[&str]) -> Option<String> {
    if let Some(n) = comments.iter().find_map(|c| name_comment(c)) {
        return Some(n);
    }
    let last = comments.last()?.trim();
    if last.contains('=') || last.contains(':') || last.is_empty() {
        return None;
    }
    // Anything that could be key material is not a name.
    let keyish = last.split_whitespace().any(|w| {
        w.len() >= 20
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b))
    });
    if keyish {
        return None;
    }
    label(last)
}

fn label(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.chars().take(128).collect())
}

/// An attribute or section name for an error message, if it is plain.
fn shown_name(s: &str, brackets: bool) -> String {
    let plain = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    match (plain, brackets) {
        (true, true) => format!("[{s}]"),
        (true, false) => format!("\"{s}\""),
        (false, _) => "(name not shown)".to_string(),
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn parse_u16(s: &str) -> Option<u16> {
    if is_digits(s) { s.parse().ok() } else { None }
}

/// A WireGuard key: 32 bytes as 44 characters of canonical base64 (`wg`'s
/// `key_from_base64`: the last character before `=` carries no stray bits).
fn is_wg_key(s: &str) -> bool {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    if b.len() != 44 || b[43] != b'=' {
        return false;
    }
    let mut last = 0;
    for &c in &b[..43] {
        match ALPHABET.iter().position(|&a| a == c) {
            Some(v) => last = v,
            None => return false,
        }
    }
    last & 3 == 0
}

fn is_cidr(s: &str) -> bool {
    let (ip, prefix) = match s.split_once('/') {
        Some((ip, p)) => (ip, Some(p)),
        None => (s, None),
    };
    let Ok(ip) = ip.trim().parse::<IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    match prefix {
        None => true,
        Some(p) => is_digits(p) && p.parse::<u32>().is_ok_and(|p| p <= max),
    }
}

/// A DNS name (letters, digits, hyphens; labels of 1-63; an optional final
/// dot), as used for search domains and endpoints.
fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The host of `host:port` / `[v6]:port`, if the endpoint is well formed.
fn endpoint_host(v: &str) -> Option<&str> {
    let (host, port) = if let Some(rest) = v.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        h.parse::<std::net::Ipv6Addr>().ok()?;
        (h, port)
    } else {
        let (h, port) = v.rsplit_once(':')?;
        if h.contains(':') {
            return None;
        }
        if h.parse::<IpAddr>().is_err() && !is_hostname(h) {
            return None;
        }
        (h, port)
    };
    parse_u16(port)?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(is_wg_key("vBN7qyUTb5lJtWYJ8LhbPio1Z4RcyBPGnqFBGn6O6Qg="));
        assert!(!is_wg_key("vBN7qyUTb5lJtWYJ8LhbPio1Z4RcyBPGnqFBGn6Og="));
        assert!(!is_wg_key("l0lth1s1sd3f1n1t3lybr0k3n="));
        // Stray bits in the last character.
        assert!(!is_wg_key("vBN7qyUTb5lJtWYJ8LhbPio1Z4RcyBPGnqFBGn6O6Qh="));
    }

    #[test]
    fn endpoints() {
        assert_eq!(endpoint_host("192.0.2.1:51820"), Some("192.0.2.1"));
        assert_eq!(endpoint_host("[2001:db8::1]:51820"), Some("2001:db8::1"));
        assert_eq!(
            endpoint_host("vpn.example.com:51820"),
            Some("vpn.example.com")
        );
        assert_eq!(endpoint_host("vpn.example.com"), None);
        assert_eq!(endpoint_host("2001:db8::1:51820"), None);
        assert_eq!(endpoint_host("host:99999"), None);
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let t = "\u{feff}[Interface]\r\nListenPort = 51820\r\n\r\n[Peer]\r\nPublicKey = Gqo+Md8wkuOdesqOPDzJdugVZHGHmknhSCndUVUHpG8=\r\n";
        assert!(looks_like(t));
        let f = read(t, &mut crate::evidence::NoIncludes).unwrap();
        assert_eq!(f.tunnels[0].name, "peer 1");
    }

    #[test]
    fn commented_out_keys_are_never_names() {
        let t = "[Interface]\n\n#PrivateKey = x\n[Peer]\nPublicKey = Gqo+Md8wkuOdesqOPDzJdugVZHGHmknhSCndUVUHpG8=\n\n# dVbY6H1yAMUp3zrfojS3/0AG3n+tz3J4ZEipIR4HRNw\n[Peer]\nPublicKey = dVbY6H1yAMUp3zrfojS3/0AG3n+tz3J4ZEipIR4HRNw=\n";
        let f = read(t, &mut crate::evidence::NoIncludes).unwrap();
        assert_eq!(f.tunnels[0].name, "peer 1");
        assert_eq!(f.tunnels[1].name, "peer 2");
    }

    #[test]
    fn hostnames() {
        assert!(is_hostname("example.com"));
        assert!(is_hostname("example.com."));
        assert!(!is_hostname("invalid_value"));
        assert!(!is_hostname("-x.com"));
    }
}
