//! OpenVPN reader: `openvpn(8)` configuration files (`.conf`, `.ovpn`).
//!
//! One directive per line, read as OpenVPN's `parse_line` reads it: words
//! separated by white space, `"..."` and `'...'` quoting, backslash escapes
//! outside single quotes, `#` or `;` at the start of a word begins a
//! comment, a leading `--` on the directive is allowed. `setenv opt X ...`
//! is read as directive `X`. `config FILE` includes another file (through the
//! [`Includes`] callback, at most 8 levels, loops are errors). Inline blocks
//! `<ca>`, `<cert>`, `<key>`, `<secret>`, `<tls-auth>`, `<tls-crypt>`,
//! `<tls-crypt-v2>`, `<pkcs12>`, `<auth-user-pass>` ... are key material or
//! credentials: their content is skipped unread. `<connection>` blocks hold
//! directives (`remote`, `proto` ...) and are read.
//!
//! One **tunnel** per file, named by the first `remote` host (the peer), or
//! `openvpn` when there is none (a server). Its line is that `remote`'s.
//!
//! Crypto goes to [`Tunnel::tls`], one string per algorithm or suite:
//! `data-ciphers` / `ncp-ciphers` entries, `data-ciphers-fallback`,
//! `cipher`, the `auth` digest, the `tls-cipher` suites (OpenSSL exclusions
//! `!x`, `-x` and `@...` directives dropped, keywords such as `HIGH` kept
//! and left for the catalogue to call unknown), `tls-ciphersuites`,
//! `ecdh-curve` and `tls-groups`. `cipher none` is recorded as `NULL` (no
//! encryption); `auth none` as `none` (no catalogue entry: the audit reports
//! an unknown algorithm rather than passing it).
//!
//! Defaults, chosen so that the audit never passes on a guess, each
//! recorded in [`Tunnel::defaults`] with its provenance:
//! - Static-key mode (`secret`) without `cipher`: `BF-CBC`. OpenVPN 2.4
//!   initialises `ciphername` to `BF-CBC`; 2.5, 2.6 and 2.7 (where static
//!   keys need `--allow-deprecated-insecure-static-crypto`) set it in
//!   `options_postprocess_cipher` ("If the cipher is not set, use the old
//!   default of BF-CBC") for every configuration that neither pulls nor
//!   serves, which static-key mode never does (src/openvpn/options.c at
//!   v2.4.0, v2.5.0, v2.6.0, v2.7.0). There is no negotiation in that mode,
//!   so `data-ciphers` is not read there.
//! - TLS mode with no `cipher`, `data-ciphers` or `ncp-ciphers`: 2.5+ only
//!   allows its `data-ciphers` default, `AES-256-GCM:AES-128-GCM`, 2.6 adds
//!   `CHACHA20-POLY1305` (doc/man-sections/cipher-negotiation.rst, v2.5.0
//!   and v2.6.0); 2.4 negotiates `AES-256-GCM:AES-128-GCM` too but falls
//!   back to `BF-CBC` with a peer that cannot ("The --cipher option
//!   defaulted to BF-CBC in OpenVPN 2.4 and older", same page). The 2.5+
//!   defaults are recorded; when the file uses no 2.5-only directive
//!   (`data-ciphers-fallback`, `tls-crypt-v2`, `allow-compression`,
//!   `auth-gen-token-secret`, `peer-fingerprint`, `dco` ...) the release is
//!   not told and a note in [`Tunnel::unresolved`] makes the data channel
//!   unknown (it may be 2.4, whose fallback is BF-CBC).
//! - No `auth`: the documented default digest `SHA1` is recorded when it is
//!   in use, i.e. with a non-AEAD data cipher, static-key mode or
//!   `tls-auth`.
//!
//! Lines ([`Tunnel::lines`]): `ike` is the control channel's `tls-cipher` /
//! `tls-ciphersuites` line, `esp` the data channel's (`data-ciphers`,
//! `ncp-ciphers`, `data-ciphers-fallback` or `cipher`), `pfs` the `secret`
//! line, `auth` the line that decides authentication (`secret`,
//! `auth-user-pass`, `auth-user-pass-verify`, `cert`, `pkcs12` ...).
//!
//! Warnings ([`ConfigFacts::warnings`], never a value): `ncp-disable`
//! (deprecated in 2.5, "a deprecated debug feature", removed in 2.6:
//! Changes.rst v2.6.0), `secret` (static-key mode deprecated in 2.6, off by
//! default in 2.7: Changes.rst v2.7.0), `cipher none` and `auth none` (no
//! encryption / no authentication), and `comp-lzo` / `compress` with an
//! algorithm ("DEPRECATED ... VPN tunnels which use compression are
//! susceptible to the VORACLE attack", doc/man-sections/protocol-options.rst
//! v2.6.0).
//!
//! PFS: static-key mode (`secret`) has none (`Some(false)`); TLS mode is
//! left `None` (PFS is the IPsec notion the audit checks).
//!
//! Authentication: static-key mode is [`AuthMethod::Psk`]; TLS mode with
//! client certificates (a client's `cert`/`pkcs12`/`<cert>`/`pkcs11-id`/
//! `cryptoapicert`/`management-external-cert`/`peer-fingerprint`, or a
//! server that does not set `verify-client-cert none|optional` /
//! `client-cert-not-required`) is [`AuthMethod::Certificate`];
//! `auth-user-pass` (client) or `auth-user-pass-verify` / an auth plugin /
//! `management-client-auth` (server) is [`AuthMethod::Password`];
//! certificate and password together, or `static-challenge`, add
//! [`AuthMethod::Mfa`].
//!
//! Log hosts: none. `log`, `log-append` and `status` write local files and
//! `syslog` the local syslog daemon; where that forwards to is not in this
//! file, so nothing is claimed.
//!
//! Errors (unterminated quote or inline block, stray closing tag, `remote`
//! without a host, a cipher directive without a value, include problems)
//! name the directive or tag, never a value or a line's text.

use std::collections::HashSet;

use super::{AuthMethod, ConfigFacts, Includes, ReadError, ReadWarning, SideLines, Tunnel};

/// Deepest `config` include nesting accepted.
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// Most files / bytes all `config` includes of one read may bring in (a
/// loop-free tree of includes could otherwise be read exponentially often).
pub const MAX_INCLUDED_FILES: usize = 4096;
pub const MAX_INCLUDED_BYTES: usize = 128 * 1024 * 1024;

/// OpenVPN 2.5+ default `data-ciphers` (2.6 with ChaCha20-Poly1305).
pub const DEFAULT_DATA_CIPHERS_25: [&str; 3] = ["AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"];

/// Directives only OpenVPN 2.5 and later know.
const MARKERS_25: &[&str] = &[
    "data-ciphers",
    "data-ciphers-fallback",
    "tls-crypt-v2",
    "allow-compression",
    "auth-gen-token-secret",
    "peer-fingerprint",
    "dco",
    "disable-dco",
    "compat-mode",
    "tls-groups",
    "vlan-tagging",
];

/// Directives OpenVPN knows (enough of them for detection).
const KNOWN: &[&str] = &[
    "allow-compression",
    "allow-pull-fqdn",
    "askpass",
    "auth",
    "auth-gen-token",
    "auth-nocache",
    "auth-retry",
    "auth-token",
    "auth-user-pass",
    "auth-user-pass-verify",
    "bind",
    "block-outside-dns",
    "ca",
    "capath",
    "cd",
    "cert",
    "chroot",
    "cipher",
    "client",
    "client-cert-not-required",
    "client-config-dir",
    "client-connect",
    "client-disconnect",
    "client-to-client",
    "comp-lzo",
    "compress",
    "config",
    "connect-retry",
    "connect-retry-max",
    "connect-timeout",
    "crl-verify",
    "cryptoapicert",
    "daemon",
    "data-ciphers",
    "data-ciphers-fallback",
    "dev",
    "dev-node",
    "dev-type",
    "dh",
    "dhcp-option",
    "disable-dco",
    "duplicate-cn",
    "ecdh-curve",
    "engine",
    "explicit-exit-notify",
    "extra-certs",
    "fast-io",
    "float",
    "fragment",
    "group",
    "hand-window",
    "http-proxy",
    "http-proxy-option",
    "ifconfig",
    "ifconfig-ipv6",
    "ifconfig-pool",
    "ifconfig-pool-persist",
    "ifconfig-push",
    "inactive",
    "iroute",
    "keepalive",
    "key",
    "key-direction",
    "keying-material-exporter",
    "learn-address",
    "link-mtu",
    "local",
    "log",
    "log-append",
    "lport",
    "management",
    "management-client-auth",
    "management-hold",
    "management-query-passwords",
    "max-clients",
    "mode",
    "mssfix",
    "mute",
    "mute-replay-warnings",
    "ncp-ciphers",
    "ncp-disable",
    "nobind",
    "ns-cert-type",
    "persist-key",
    "persist-local-ip",
    "persist-remote-ip",
    "persist-tun",
    "ping",
    "ping-exit",
    "ping-restart",
    "ping-timer-rem",
    "pkcs11-id",
    "pkcs12",
    "plugin",
    "port",
    "proto",
    "pull",
    "pull-filter",
    "push",
    "push-peer-info",
    "rcvbuf",
    "redirect-gateway",
    "remote",
    "remote-cert-eku",
    "remote-cert-ku",
    "remote-cert-tls",
    "remote-random",
    "reneg-bytes",
    "reneg-pkts",
    "reneg-sec",
    "replay-window",
    "resolv-retry",
    "route",
    "route-delay",
    "route-gateway",
    "route-ipv6",
    "route-method",
    "route-metric",
    "route-nopull",
    "route-up",
    "rport",
    "script-security",
    "secret",
    "server",
    "server-bridge",
    "server-ipv6",
    "setenv",
    "setenv-safe",
    "shaper",
    "sndbuf",
    "socks-proxy",
    "static-challenge",
    "status",
    "status-version",
    "syslog",
    "tcp-nodelay",
    "tls-auth",
    "tls-cipher",
    "tls-ciphersuites",
    "tls-client",
    "tls-crypt",
    "tls-crypt-v2",
    "tls-export-cert",
    "tls-groups",
    "tls-server",
    "tls-timeout",
    "tls-verify",
    "tls-version-max",
    "tls-version-min",
    "topology",
    "tran-window",
    "tun-ipv6",
    "tun-mtu",
    "txqueuelen",
    "up",
    "down",
    "up-delay",
    "user",
    "username-as-common-name",
    "verb",
    "verify-client-cert",
    "verify-x509-name",
    "writepid",
    "x509-username-field",
    "peer-fingerprint",
    "dco",
    "auth-gen-token-secret",
    "compat-mode",
    "providers",
    "tls-cert-profile",
    "sndbuf",
    "machine-readable-output",
    "ignore-unknown-option",
    "route-pre-down",
    "ipchange",
    "multihome",
    "opt-verify",
    "passtos",
    "suppress-timestamps",
    "stale-routes-check",
    "redirect-private",
    "block-ipv6",
    "dns",
    "ifconfig-noexec",
    "route-noexec",
];

/// Heuristic: a `dev` directive, and most directive lines are OpenVPN
/// options.
pub fn looks_like(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let known: HashSet<&str> = KNOWN.iter().copied().collect();
    let mut total = 0usize;
    let mut hits = 0usize;
    let mut dev = false;
    let mut block: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(tag) = &block {
            if line.eq_ignore_ascii_case(&format!("</{tag}>")) {
                block = None;
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(tag) = open_tag(line) {
            if tag != "connection" {
                block = Some(tag.to_string());
            }
            continue;
        }
        let first = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_start_matches("--")
            .to_ascii_lowercase();
        if first.starts_with("</") {
            continue;
        }
        total += 1;
        if known.contains(first.as_str()) {
            hits += 1;
        }
        if first == "dev" {
            dev = true;
        }
    }
    dev && total > 0 && hits * 10 >= total * 7
}

/// `<tag>` on a line of its own: the tag.
fn open_tag(line: &str) -> Option<&str> {
    tag_name(line.strip_prefix('<')?.strip_suffix('>')?)
}

/// `</tag>` on a line of its own: the tag.
fn close_tag(line: &str) -> Option<&str> {
    tag_name(line.strip_prefix("</")?.strip_suffix('>')?)
}

fn tag_name(inner: &str) -> Option<&str> {
    let ok = !inner.is_empty()
        && inner.len() <= 40
        && inner
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(inner)
}

struct Directive {
    name: String,
    args: Vec<String>,
    line: u32,
}

/// Splits one line into words (OpenVPN `parse_line`). Err(col) on an
/// unterminated quote.
fn words(line: &str) -> Result<Vec<String>, u32> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<(char, usize)> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(('\'', _)) => {
                if c == '\'' {
                    quote = None;
                } else {
                    cur.push(c);
                }
            }
            Some(('"', _)) => match c {
                '"' => quote = None,
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        cur.push(n);
                    }
                }
                _ => cur.push(c),
            },
            Some(_) => {}
            None => match c {
                '#' | ';' if !in_word => break,
                ' ' | '\t' | '\r' => {
                    if in_word {
                        out.push(std::mem::take(&mut cur));
                        in_word = false;
                    }
                }
                '"' | '\'' => {
                    in_word = true;
                    quote = Some((c, i));
                }
                '\\' => {
                    in_word = true;
                    if let Some((_, n)) = chars.next() {
                        cur.push(n);
                    }
                }
                _ => {
                    in_word = true;
                    cur.push(c);
                }
            },
        }
    }
    if let Some((_, at)) = quote {
        let col = line[..at].chars().count() + 1;
        return Err(u32::try_from(col).unwrap_or(u32::MAX));
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

struct Reader<'i> {
    includes: &'i mut dyn Includes,
    stack: Vec<String>,
    top_line: Option<u32>,
    directives: Vec<Directive>,
    /// Inline blocks seen (lower-case tags), with the line of the first.
    blocks: std::collections::HashMap<String, u32>,
    /// Files and bytes brought in by includes so far.
    included: (usize, usize),
}

impl Reader<'_> {
    fn read_text(&mut self, text: &str) -> Result<(), ReadError> {
        let mut block: Option<(String, u32)> = None;
        let mut in_connection = false;
        for (i, raw) in text.split('\n').enumerate() {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let trimmed = raw.trim();
            if let Some((tag, _)) = &block {
                if close_tag(trimmed).is_some_and(|t| t.eq_ignore_ascii_case(tag)) {
                    block = None;
                }
                continue;
            }
            if let Some(tag) = open_tag(trimmed) {
                if tag == "connection" {
                    if in_connection {
                        return Err(ReadError::new(n, 1, "<connection> blocks cannot nest"));
                    }
                    in_connection = true;
                } else {
                    let at = self.top_line.unwrap_or(n);
                    self.blocks.entry(tag.to_string()).or_insert(at);
                    block = Some((tag.to_string(), n));
                }
                continue;
            }
            if let Some(tag) = close_tag(trimmed) {
                if tag == "connection" && in_connection {
                    in_connection = false;
                    continue;
                }
                return Err(ReadError::new(
                    n,
                    1,
                    format!("</{tag}> without its opening tag"),
                ));
            }
            let ws = match words(raw) {
                Ok(w) => w,
                Err(col) => return Err(ReadError::new(n, col, "unterminated quote")),
            };
            let Some((first, rest)) = ws.split_first() else {
                continue;
            };
            let mut name = first.trim_start_matches("--").to_ascii_lowercase();
            let mut args: Vec<String> = rest.to_vec();
            // `setenv opt DIRECTIVE ...`: the directive, tolerated if unknown.
            if name == "setenv" && args.first().is_some_and(|a| a == "opt") && args.len() >= 2 {
                name = args[1].trim_start_matches("--").to_ascii_lowercase();
                args = args[2..].to_vec();
            }
            let line = self.top_line.unwrap_or(n);
            if name == "config" {
                let Some(path) = args.first() else {
                    return Err(ReadError::new(n, 1, "config needs a file name"));
                };
                let path = path.clone();
                self.include(&path, n)?;
                continue;
            }
            self.directives.push(Directive { name, args, line });
        }
        if let Some((tag, at)) = block {
            return Err(ReadError::new(
                at,
                1,
                format!("inline <{tag}> block is not closed (missing </{tag}>)"),
            ));
        }
        if in_connection {
            return Err(ReadError::new(
                1,
                1,
                "<connection> block is not closed (missing </connection>)",
            ));
        }
        Ok(())
    }

    fn include(&mut self, pattern: &str, n: u32) -> Result<(), ReadError> {
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(ReadError::new(
                n,
                1,
                format!("config includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
            ));
        }
        let shown: String = pattern.chars().take(200).collect();
        let files = self.includes.include(pattern).map_err(|why| {
            let why: String = why.chars().take(300).collect();
            ReadError::new(n, 1, format!("cannot include {shown:?}: {why}"))
        })?;
        for (path, text) in files {
            let shown_path: String = path.chars().take(200).collect();
            self.included.0 += 1;
            self.included.1 = self.included.1.saturating_add(text.len());
            if self.included.0 > MAX_INCLUDED_FILES || self.included.1 > MAX_INCLUDED_BYTES {
                return Err(ReadError::new(
                    n,
                    1,
                    format!(
                        "includes bring in more than {MAX_INCLUDED_FILES} files or {} MiB",
                        MAX_INCLUDED_BYTES >> 20
                    ),
                ));
            }
            if self.stack.contains(&path) {
                return Err(ReadError::new(
                    n,
                    1,
                    format!("include loop: {shown_path:?} includes itself"),
                ));
            }
            self.stack.push(path.clone());
            let outer = self.top_line;
            if outer.is_none() {
                self.top_line = Some(n);
            }
            let r = self.read_text(&text);
            self.top_line = outer;
            self.stack.pop();
            r.map_err(|e| {
                ReadError::new(
                    n,
                    1,
                    format!(
                        "in included file {shown_path:?}, line {}, column {}: {}",
                        e.line, e.col, e.message
                    ),
                )
            })?;
        }
        Ok(())
    }
}

/// Reads an OpenVPN configuration. See the module documentation.
/// The note a TLS-mode tunnel without `cipher`/`data-ciphers` carries when
/// the file does not tell the release (an inventory `config_release` of
/// 2.5 or later settles it).
pub(crate) const UNTOLD_RELEASE: &str = "data channel: no cipher or data-ciphers, and the file does not tell the OpenVPN release: \
     2.5 and later negotiate AES-256-GCM:AES-128-GCM(:CHACHA20-POLY1305), 2.4 falls back to \
     BF-CBC with a peer that cannot negotiate";

pub fn read(text: &str, includes: &mut dyn Includes) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        includes,
        stack: Vec::new(),
        top_line: None,
        directives: Vec::new(),
        blocks: std::collections::HashMap::new(),
        included: (0, 0),
    };
    r.read_text(text)?;
    let blocks = r.blocks;
    let ds = r.directives;

    // The last occurrence of a single-valued directive wins, as in OpenVPN.
    let last = |name: &str| ds.iter().rev().find(|d| d.name == name);
    let has = |name: &str| ds.iter().any(|d| d.name == name);
    let need_arg = |name: &str| -> Result<Option<&Directive>, ReadError> {
        match last(name) {
            Some(d) if d.args.is_empty() => {
                Err(ReadError::new(d.line, 1, format!("{name} needs a value")))
            }
            other => Ok(other),
        }
    };

    let mut tls = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |s: String, tls: &mut Vec<String>| {
        if !s.is_empty() && seen.insert(s.clone()) {
            tls.push(s);
        }
    };
    let cipher_name = |s: &str| -> String {
        let s = s.trim().trim_start_matches('?');
        if s.eq_ignore_ascii_case("none") {
            "NULL".to_string()
        } else {
            s.to_string()
        }
    };

    let secret_mode = has("secret") || blocks.contains_key("secret");
    let tls_auth = has("tls-auth") || blocks.contains_key("tls-auth");
    let is_25 = MARKERS_25.iter().any(|m| has(m))
        || blocks.contains_key("tls-crypt-v2")
        || blocks.contains_key("peer-fingerprint");
    let mut lines = SideLines::default();
    let mut defaults = Vec::new();
    let mut unresolved = Vec::new();
    let mut ciphers: Vec<String> = Vec::new();
    if !secret_mode {
        for name in ["data-ciphers", "ncp-ciphers"] {
            if let Some(d) = need_arg(name)? {
                lines.esp = lines.esp.max(d.line);
                ciphers.extend(
                    d.args[0]
                        .split(':')
                        .map(cipher_name)
                        .filter(|c| !c.is_empty()),
                );
            }
        }
    }
    let fallback: &[&str] = if secret_mode {
        &["cipher"]
    } else {
        &["data-ciphers-fallback", "cipher"]
    };
    for &name in fallback {
        if let Some(d) = need_arg(name)? {
            if lines.esp == 0 {
                lines.esp = d.line;
            }
            ciphers.push(cipher_name(&d.args[0]));
        }
    }
    if ciphers.is_empty() && secret_mode {
        ciphers.push("BF-CBC".to_string());
        defaults.push(
            "data channel: static-key mode without cipher uses BF-CBC (OpenVPN 2.4-2.7, \
             options_postprocess_cipher in src/openvpn/options.c)"
                .to_string(),
        );
    } else if ciphers.is_empty() {
        ciphers.extend(DEFAULT_DATA_CIPHERS_25.iter().map(|s| s.to_string()));
        defaults.push(
            "data channel: no cipher or data-ciphers: the data-ciphers default AES-256-GCM:AES-128-GCM \
             (OpenVPN 2.5), with CHACHA20-POLY1305 (2.6 and later; doc/man-sections/cipher-negotiation.rst)"
                .to_string(),
        );
        if !is_25 {
            unresolved.push(UNTOLD_RELEASE.to_string());
        }
    }
    let aead = |c: &str| {
        let u = c.to_ascii_uppercase();
        u.contains("GCM") || u.contains("POLY1305") || u.contains("CCM")
    };
    let non_aead = ciphers.iter().any(|c| !aead(c)) || secret_mode;
    for c in ciphers {
        push(c, &mut tls);
    }
    match need_arg("auth")? {
        Some(d) => push(d.args[0].trim().to_string(), &mut tls),
        None if non_aead || tls_auth => {
            push("SHA1".to_string(), &mut tls);
            defaults.push(
                "auth: no auth directive: the --auth default SHA1 (openvpn(8), --auth)".to_string(),
            );
        }
        None => {}
    }
    if let Some(d) = need_arg("tls-cipher")? {
        lines.ike = d.line;
        for s in d.args[0].split([':', ',', ' ']) {
            let s = s.trim();
            if s.is_empty() || s.starts_with(['!', '-', '+', '@']) {
                continue;
            }
            push(s.to_string(), &mut tls);
        }
    }
    for name in ["tls-ciphersuites", "tls-groups"] {
        if let Some(d) = need_arg(name)? {
            if lines.ike == 0 && name == "tls-ciphersuites" {
                lines.ike = d.line;
            }
            for s in d.args[0].split(':') {
                push(s.trim().to_string(), &mut tls);
            }
        }
    }
    if let Some(d) = need_arg("ecdh-curve")? {
        push(d.args[0].trim().to_string(), &mut tls);
    }

    // Peer and name: the first `remote`.
    let mut peer = None;
    let mut line = ds.first().map(|d| d.line).unwrap_or(1);
    if let Some(d) = ds.iter().find(|d| d.name == "remote") {
        let Some(host) = d.args.first() else {
            return Err(ReadError::new(d.line, 1, "remote needs a host"));
        };
        peer = Some(host.clone());
        line = d.line;
    }

    // Authentication.
    let client = has("client") || has("tls-client") || has("pull");
    let server = has("server")
        || has("server-bridge")
        || has("tls-server")
        || last("mode").is_some_and(|d| d.args.first().is_some_and(|a| a == "server"));
    let mut auth = Vec::new();
    if secret_mode && !client && !server {
        auth.push(AuthMethod::Psk);
    } else {
        let own_cert = [
            "cert",
            "pkcs12",
            "pkcs11-id",
            "cryptoapicert",
            "management-external-cert",
        ]
        .iter()
        .any(|n| has(n))
            || blocks.contains_key("cert")
            || blocks.contains_key("pkcs12");
        let pinned = has("peer-fingerprint") || blocks.contains_key("peer-fingerprint");
        let client_certs = if server {
            let verify = last("verify-client-cert")
                .and_then(|d| d.args.first())
                .map(|a| a.to_ascii_lowercase());
            !has("client-cert-not-required")
                && !matches!(verify.as_deref(), Some("none" | "optional"))
        } else {
            own_cert || pinned
        };
        if client_certs {
            auth.push(AuthMethod::Certificate);
        }
        let password = if server {
            has("auth-user-pass-verify")
                || has("management-client-auth")
                || ds.iter().any(|d| {
                    d.name == "plugin"
                        && d.args
                            .first()
                            .is_some_and(|p| p.to_ascii_lowercase().contains("auth"))
                })
        } else {
            has("auth-user-pass") || blocks.contains_key("auth-user-pass")
        };
        if password {
            auth.push(AuthMethod::Password);
        }
        if (client_certs && password) || has("static-challenge") {
            auth.push(AuthMethod::Mfa);
        }
        if secret_mode {
            auth.push(AuthMethod::Psk);
        }
    }

    // The line deciding authentication, and the one of static-key mode.
    let line_of = |name: &str| last(name).map(|d| d.line);
    lines.pfs = line_of("secret").unwrap_or(0);
    lines.auth = [
        "secret",
        "auth-user-pass",
        "auth-user-pass-verify",
        "cert",
        "pkcs12",
        "pkcs11-id",
        "cryptoapicert",
        "peer-fingerprint",
    ]
    .iter()
    .find_map(|n| line_of(n))
    .unwrap_or(0);

    let mut warnings = Vec::new();
    for d in &ds {
        let arg = d.args.first().map(|a| a.to_ascii_lowercase());
        let msg = match (d.name.as_str(), arg.as_deref()) {
            ("ncp-disable", _) => Some(
                "ncp-disable turns data-channel cipher negotiation off: deprecated in OpenVPN 2.5, removed in 2.6",
            ),
            ("secret", _) => Some(
                "static-key mode (secret): no forward secrecy; deprecated in OpenVPN 2.6, off by default in 2.7",
            ),
            ("cipher", Some("none")) => Some("cipher none: the data channel is not encrypted"),
            ("auth", Some("none")) => Some("auth none: data-channel packets are not authenticated"),
            ("comp-lzo", a) if a != Some("no") => Some(
                "comp-lzo: compression is deprecated, tunnels using it are exposed to the VORACLE attack",
            ),
            ("compress", a) if a.is_some_and(|a| a != "stub" && a != "stub-v2") => Some(
                "compress: compression is deprecated, tunnels using it are exposed to the VORACLE attack",
            ),
            _ => None,
        };
        if let Some(m) = msg {
            warnings.push(ReadWarning::new(d.line, m));
        }
    }
    if !has("secret")
        && let Some(&at) = blocks.get("secret")
    {
        warnings.push(ReadWarning::new(
            at,
            "static-key mode (<secret>): no forward secrecy; deprecated in OpenVPN 2.6, off by default in 2.7",
        ));
        if lines.pfs == 0 {
            lines.pfs = at;
        }
        if lines.auth == 0 {
            lines.auth = at;
        }
    }
    warnings.sort_by_key(|w| w.line);

    let name = peer.clone().unwrap_or_else(|| "openvpn".to_string());
    Ok(ConfigFacts {
        tunnels: vec![Tunnel {
            name,
            line,
            peer,
            ike_version: None,
            ike_mode: None,
            ike: Vec::new(),
            esp: Vec::new(),
            tls,
            keys: Vec::new(),
            pfs: secret_mode.then_some(false),
            auth,
            unresolved,
            lines,
            defaults,
        }],
        log_hosts: Vec::new(),
        log_host_lines: Vec::new(),
        warnings,
        release: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_like_openvpn() {
        assert_eq!(
            words("remote host 1194 # c").unwrap(),
            ["remote", "host", "1194"]
        );
        assert_eq!(
            words("a \"b c\" 'd e' f\\ g").unwrap(),
            ["a", "b c", "d e", "f g"]
        );
        assert_eq!(words("remote host#x").unwrap(), ["remote", "host#x"]);
        assert_eq!(words(";cipher x").unwrap(), Vec::<String>::new());
        assert_eq!(words("a \"open").unwrap_err(), 3);
    }

    #[test]
    fn setenv_opt_and_dashes() {
        let f = read(
            "dev tun\nsetenv opt data-ciphers AES-128-GCM\n--auth SHA512\n",
            &mut crate::evidence::NoIncludes,
        )
        .unwrap();
        assert_eq!(f.tunnels[0].tls, ["AES-128-GCM", "SHA512"]);
    }

    #[test]
    fn no_cipher_no_guess() {
        // Nothing says which version runs this: the 2.5+ defaults are
        // recorded with their provenance, and the side is unknown.
        let f = read(
            "client\ndev tun\nremote h\n",
            &mut crate::evidence::NoIncludes,
        )
        .unwrap();
        let t = &f.tunnels[0];
        assert_eq!(t.tls, DEFAULT_DATA_CIPHERS_25);
        assert_eq!(t.defaults.len(), 1);
        assert_eq!(t.unresolved.len(), 1);
        assert!(t.unresolved[0].contains("BF-CBC"));
        // A 2.5-only directive tells the release: no longer unknown.
        let f = read(
            "client\ndev tun\nremote h\ntls-crypt-v2 k\n",
            &mut crate::evidence::NoIncludes,
        )
        .unwrap();
        assert!(f.tunnels[0].unresolved.is_empty());
    }

    #[test]
    fn static_key_defaults_to_bf_cbc() {
        let f = read(
            "dev tun\nremote h\nsecret static.key\ndata-ciphers AES-256-GCM\n",
            &mut crate::evidence::NoIncludes,
        )
        .unwrap();
        let t = &f.tunnels[0];
        // No negotiation in static-key mode: data-ciphers does not apply.
        assert_eq!(t.tls, ["BF-CBC", "SHA1"]);
        assert_eq!(t.defaults.len(), 2, "{:?}", t.defaults);
        assert!(t.unresolved.is_empty());
        assert_eq!((t.lines.pfs, t.lines.auth, t.lines.esp), (3, 3, 0));
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.warnings[0].line, 3);
    }

    #[test]
    fn tags() {
        assert_eq!(open_tag("<ca>"), Some("ca"));
        assert_eq!(open_tag("</ca>"), None);
        assert_eq!(close_tag("</ca>"), Some("ca"));
        assert_eq!(close_tag("<ca>"), None);
        assert_eq!(open_tag("<tls-crypt-v2>"), Some("tls-crypt-v2"));
    }
}
