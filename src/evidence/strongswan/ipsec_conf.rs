//! ipsec.conf: the line-based parser (sections at column 0, indented
//! `key=value` parameters, each at most once a section, includes), `also=` and
//! `%default` inheritance, and the conns strongSwan loads as tunnels (what
//! is read: the parent module's "ipsec.conf" section).

use std::collections::{HashMap, HashSet};

use super::auth::{auth_methods, key_strengths};
use super::include::{IncludeStack, nested, resolve_include};
use super::proposal::{self, Proto};
use super::{
    DEFAULT_AH_PROPOSALS, DEFAULT_ESP_PROPOSALS_IPSEC, DEFAULT_IKE_PROPOSALS,
    IPSEC_CONF_DEFAULT_ESP, IPSEC_CONF_DEFAULT_IKE, MAX_LAYERS, default_note, default_provenance,
    is_any, is_param_name, is_yes, names_6_0, pfs_of, push_unique, read_proposals, shown,
    strip_ipsec_comment,
};
use crate::evidence::{ConfigFacts, IkeMode, Includes, ReadError, ReadWarning, SideLines, Tunnel};

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
    fn auto_ignore_and_shunts_are_not_tunnels() {
        let t = "conn a\n\tright=192.0.2.1\nconn b\n\tauto=ignore\nconn c\n\tauthby=never\n\tauto=add\nconn d\n\ttype=drop\n\tauto=route\n";
        assert!(
            read_ipsec_conf(t, &mut NoIncludes)
                .unwrap()
                .tunnels
                .is_empty()
        );
    }
}
