//! swanctl.conf: the settings tree (sections of one name merged, `secrets`
//! values dropped while parsing), its parser over the `lexer` tokens with
//! includes, section references resolved into layered views, and the
//! tunnels read from `connections` (what is read: the parent module's
//! "swanctl.conf" section).

use std::collections::{HashMap, HashSet};

use super::auth::{auth_methods, key_strengths};
use super::include::{IncludeStack, nested, resolve_include};
use super::lexer::{Lexer, Tok};
use super::proposal::Proto;
use super::{
    DEFAULT_AH_PROPOSALS, DEFAULT_ESP_PROPOSALS_SWANCTL, DEFAULT_IKE_PROPOSALS, MAX_LAYERS,
    default_note, default_provenance, expand_default, is_any, is_yes, names_6_0, pfs_of,
    push_unique, read_proposals, shown,
};
use crate::evidence::{ConfigFacts, IkeMode, Includes, ReadError, SideLines, Tunnel};

/// Deepest swanctl section nesting accepted (real files use 5 levels).
const MAX_SECTION_DEPTH: usize = 64;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::NoIncludes;

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
}
