//! Fortinet FortiOS reader (`show` / `show full-configuration` output and
//! configuration scripts).
//!
//! The format: `config <path>` opens a table or a settings block, `edit
//! <name>` an entry of a table (closed by `next`), `end` closes the
//! block; `set`, `unset`, `append`, `select`, `unselect` change fields.
//! Blocks nest (`config vdom` / `edit root` / `config vpn ...`). Values may
//! be double- or single-quoted, quoted strings may span lines
//! (`replacemsg` buffers, certificates), and lines starting with `#` are
//! comments (`#config-version=...` headers, configset templates).
//! Template placeholders such as `{@vpn_connection.ike.pre_shared_key}`
//! are opaque values.
//!
//! **A tunnel is one phase 1** (`config vpn ipsec phase1-interface` or
//! `phase1`, `edit "NAME"`) together with the phase 2 entries whose
//! `phase1name` names it (in the same VDOM). Read per phase 1:
//! `remote-gw` (or `remotegw-ddns`) as the peer, `ike-version`, `mode`,
//! `proposal`, `dhgrp`, `authmethod` / `authmethod-remote`, `xauthtype` and
//! `eap` (a password round, see `tunnel`); per phase 2:
//! `proposal`, `pfs`, `dhgrp`.
//!
//! Proposal strings: each phase-1 proposal keyword with the phase-1 DH
//! groups appended (`aes256-sha256 dhgrp 14 5`): FortiOS offers every
//! group with every proposal; each phase-2 proposal keyword with the
//! phase-2 groups appended when PFS is on (`aes256gcm dhgrp 14`). A phase-2
//! `<cipher>-null` (no integrity) is written `<cipher>`: the catalogue's
//! NULL is *no encryption* and has no "no integrity" twin.
//!
//! Defaults (FortiOS `show` omits fields left at their default, so the
//! documented defaults are what the device runs): `ike-version 1`, `mode
//! main` (IKEv1; IKEv2 has no mode), `authmethod psk`, phase 2 `pfs
//! enable`. PFS of a tunnel: `Some(true)` when every phase 2 of its phase 1
//! keeps PFS, `Some(false)` when one has `pfs disable` (traffic matching
//! that phase 2's selectors is keyed without PFS), `None` without a phase
//! 2. The default `proposal` and `dhgrp` lists change between FortiOS
//! releases (FortiOS 6.0 CLI Reference, `vpn ipsec {phase2-interface |
//! phase2}` history: "Changed the initial proposal list when new phase2s
//! are created" in 6.0.1) and were not found per release: they are not
//! filled in, the side stays unknown and a warning says so. The
//! `authmethod` default (psk: FortiOS 7.2.1 CLI Reference, `config vpn
//! ipsec phase1-interface`, Default column) and the phase 2 `pfs` default
//! (enable: Fortinet Technical Tip "Understanding Perfect Forward Secrecy
//! (PFS)", community.fortinet.com article 405554) are recorded in
//! `Tunnel::defaults` when relied on. The `ike-version` and `mode`
//! defaults are the reader's earlier reading, not re-confirmed here.
//!
//! Also read: the release (`#config-version=FGT60F-7.2.5-FW-build1517-230606:...`,
//! the part before `:`), the line of each side (`set proposal` of phase 1
//! and phase 2, the deciding `set pfs`, `set authmethod`), and warnings: a
//! phase 1 no phase 2 uses, a phase 1 with no proposal, a phase 2 naming no
//! phase 1 or one not defined.
//!
//! Log hosts: `server` of `config log syslogd setting` (and `syslogd2` to
//! `syslogd4`, `override-setting`) and of `config log fortianalyzer
//! setting` (`fortianalyzer2`, `fortianalyzer3`, also a central log
//! destination) when that block has `set status enable` (the default is
//! disabled).
//!
//! Errors ([`ReadError`]): unbalanced structure — `end` with no open
//! `config`, `next` outside an `edit`, `edit` outside a `config`, a
//! `config` block never closed, a quoted string never closed, blocks
//! nested more than 64 deep — and a file whose proposals and DH groups
//! would combine into facts more than 8 times its own size (linear time is
//! guaranteed; no real configuration comes near). Unknown commands and
//! fields are ignored. Messages never quote the configuration.
//!
//! Secrets (`psksecret ENC ...`, `password ENC ...`, `ppk-secret`, private
//! keys, API keys) are never stored: only the fields above are kept.

use std::collections::HashMap;

use crate::evidence::{AuthMethod, ConfigFacts, IkeMode, ReadError, ReadWarning, Tunnel};
use crate::evidence::{Budget, Uniq};

/// True when `text` looks like a FortiOS configuration: `config <path>`
/// blocks at the start of lines closed by `end`, with `set` / `edit`
/// commands.
pub fn looks_like(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut config = 0usize;
    let mut end = 0usize;
    let mut set_edit = 0usize;
    let mut foreign = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let col0 = !line.starts_with(|c: char| c.is_whitespace());
        let mut words = t.split_whitespace();
        let first = words.next().unwrap_or("");
        let second = words.next();
        match first {
            "config" if col0 && second.is_some() && second != Some("setup") => config += 1,
            "end" if second.is_none() => end += 1,
            "set" | "edit" | "unset" | "append" => set_edit += 1,
            "conn" if col0 => foreign = true,
            _ => {}
        }
    }
    !foreign && config > 0 && end > 0 && set_edit > 0
}

/// Reads a FortiOS configuration.
pub fn read(text: &str) -> Result<ConfigFacts, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let commands = commands(text)?;
    let mut r = Reader::default();
    for c in &commands {
        r.command(c)?;
    }
    r.release = release(text);
    if let Some(open) = r.stack.iter().rev().find_map(|f| match f {
        Frame::Config { line, .. } => Some(*line),
        Frame::Edit { .. } => None,
    }) {
        let last = commands.last().map_or(1, |c| c.line);
        return Err(ReadError::new(
            last,
            1,
            format!("the config block opened at line {open} is never closed (missing 'end')"),
        ));
    }
    r.facts(text.len())
}

/// The release of a `#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:...`
/// header: the part before the first `:`.
fn release(text: &str) -> Option<String> {
    text.lines()
        .take(16)
        .find_map(|l| l.trim().strip_prefix("#config-version="))
        .and_then(|v| v.split(':').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

// ------------------------------------------------------------------ lexing

/// One command: its words, and the line it starts on.
#[derive(Debug)]
struct Command {
    line: u32,
    words: Vec<String>,
}

/// Splits the text into commands: words separated by blanks, quoted
/// strings kept whole (and unquoted), one command per line outside quotes.
fn commands(text: &str) -> Result<Vec<Command>, ReadError> {
    let mut out = Vec::new();
    let mut line: u32 = 1;
    let mut words: Vec<String> = Vec::new();
    let mut word: Option<String> = None;
    let mut start_line = 1;
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
                if !words.is_empty() {
                    out.push(Command {
                        line: start_line,
                        words: std::mem::take(&mut words),
                    });
                }
                line = line.saturating_add(1);
                at_line_start = true;
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '#' if at_line_start && words.is_empty() && word.is_none() => {
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '"' | '\'' => {
                if words.is_empty() && word.is_none() {
                    start_line = line;
                }
                at_line_start = false;
                let quote_line = line;
                let w = word.get_or_insert_with(String::new);
                let mut closed = false;
                while let Some(q) = chars.next() {
                    if q == c {
                        closed = true;
                        break;
                    }
                    if q == '\n' {
                        line = line.saturating_add(1);
                    }
                    if q == '\\' && c == '"' {
                        if let Some(e) = chars.next() {
                            if e == '\n' {
                                line = line.saturating_add(1);
                            }
                            w.push(e);
                        }
                        continue;
                    }
                    w.push(q);
                }
                if !closed {
                    return Err(ReadError::new(
                        quote_line,
                        1,
                        "a quoted string is never closed",
                    ));
                }
            }
            _ => {
                if words.is_empty() && word.is_none() {
                    start_line = line;
                }
                at_line_start = false;
                word.get_or_insert_with(String::new).push(c);
            }
        }
    }
    if let Some(w) = word.take() {
        words.push(w);
    }
    if !words.is_empty() {
        out.push(Command {
            line: start_line,
            words,
        });
    }
    Ok(out)
}

// ----------------------------------------------------------------- reading

#[derive(Debug)]
enum Frame {
    Config {
        path: Vec<String>,
        line: u32,
        /// Index into `Reader::log` when this is a log setting block.
        log: Option<usize>,
    },
    Edit {
        name: String,
        /// Index into `Reader::phase1` / `phase2` when the entry is one.
        entry: Option<Entry>,
    },
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Phase1(usize),
    Phase2(usize),
}

#[derive(Debug, Default)]
struct Phase1 {
    name: String,
    vdom: String,
    line: u32,
    remote_gw: Option<String>,
    ddns: Option<String>,
    ike_version: Option<String>,
    mode: Option<String>,
    proposals: List,
    dhgrp: List,
    authmethod: Option<String>,
    authmethod_remote: Option<String>,
    xauthtype: Option<String>,
    eap: Option<String>,
    proposal_line: u32,
    auth_line: u32,
}

#[derive(Debug, Default)]
struct Phase2 {
    name: String,
    vdom: String,
    line: u32,
    phase1: Option<String>,
    phase1_line: u32,
    proposals: List,
    proposal_line: u32,
    pfs: Option<String>,
    pfs_line: u32,
    dhgrp: List,
}

#[derive(Debug, Default)]
struct LogSetting {
    status: Option<String>,
    server: Option<String>,
}

#[derive(Debug, Default)]
struct Reader {
    stack: Vec<Frame>,
    phase1: Vec<Phase1>,
    phase2: Vec<Phase2>,
    log: Vec<LogSetting>,
    log_hosts: Uniq,
    /// (vdom, name) of deleted phase 1 / phase 2 entries, with the number
    /// of entries that existed when they were deleted.
    deleted1: HashMap<(String, String), usize>,
    deleted2: HashMap<(String, String), usize>,
    release: Option<String>,
}

fn is_phase1(path: &[String]) -> bool {
    matches!(
        path.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["vpn", "ipsec", "phase1-interface" | "phase1"]
    )
}

fn is_phase2(path: &[String]) -> bool {
    matches!(
        path.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["vpn", "ipsec", "phase2-interface" | "phase2"]
    )
}

fn is_log_setting(path: &[String]) -> bool {
    match path
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["log", dest, "setting" | "override-setting"] => {
            matches!(
                *dest,
                "syslogd"
                    | "syslogd2"
                    | "syslogd3"
                    | "syslogd4"
                    | "fortianalyzer"
                    | "fortianalyzer2"
                    | "fortianalyzer3"
            )
        }
        _ => false,
    }
}

/// For the short lists (authentication methods).
fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Deepest nesting of `config` / `edit` accepted (real files nest a
/// handful of levels).
const MAX_DEPTH: usize = 64;

/// A FortiOS list field (`proposal`, `dhgrp`): `set` replaces it,
/// `append` adds, `unselect` removes, each in constant time.
#[derive(Debug, Default)]
struct List {
    items: Vec<Option<String>>,
    index: HashMap<String, usize>,
}

impl List {
    fn clear(&mut self) {
        self.items.clear();
        self.index.clear();
    }

    fn append(&mut self, v: &str) {
        if !self.index.contains_key(v) {
            self.index.insert(v.to_string(), self.items.len());
            self.items.push(Some(v.to_string()));
        }
    }

    fn remove(&mut self, v: &str) {
        if let Some(i) = self.index.remove(v)
            && let Some(slot) = self.items.get_mut(i)
        {
            *slot = None;
        }
    }

    fn values(&self) -> impl Iterator<Item = &String> {
        self.items.iter().flatten()
    }
}

impl Reader {
    /// The VDOM the current position is in ("" outside `config vdom`).
    fn vdom(&self) -> String {
        let mut vdom = String::new();
        let mut in_vdom_table = false;
        for f in &self.stack {
            match f {
                Frame::Config { path, .. } => {
                    in_vdom_table = path.len() == 1 && path.first().is_some_and(|p| p == "vdom");
                }
                Frame::Edit { name, .. } => {
                    if in_vdom_table {
                        vdom = name.clone();
                    }
                    in_vdom_table = false;
                }
            }
        }
        vdom
    }

    fn command(&mut self, c: &Command) -> Result<(), ReadError> {
        let Some(verb) = c.words.first() else {
            return Ok(());
        };
        let args = c.words.get(1..).unwrap_or(&[]);
        match verb.as_str() {
            "config" => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(ReadError::new(
                        c.line,
                        1,
                        format!("config blocks are nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let path: Vec<String> = args.iter().map(|a| a.to_ascii_lowercase()).collect();
                let log = if is_log_setting(&path) {
                    self.log.push(LogSetting::default());
                    Some(self.log.len() - 1)
                } else {
                    None
                };
                self.stack.push(Frame::Config {
                    path,
                    line: c.line,
                    log,
                });
            }
            "edit" => {
                let Some(Frame::Config { path, .. }) = self.stack.last() else {
                    return Err(ReadError::new(
                        c.line,
                        1,
                        "'edit' outside a config block (or before 'next' closed the previous entry)",
                    ));
                };
                let name = args.first().cloned().unwrap_or_default();
                let (p1, p2) = (is_phase1(path), is_phase2(path));
                let entry = if p1 {
                    let vdom = self.vdom();
                    self.phase1.push(Phase1 {
                        name: name.clone(),
                        vdom,
                        line: c.line,
                        ..Phase1::default()
                    });
                    Some(Entry::Phase1(self.phase1.len() - 1))
                } else if p2 {
                    let vdom = self.vdom();
                    self.phase2.push(Phase2 {
                        name: name.clone(),
                        vdom,
                        line: c.line,
                        ..Phase2::default()
                    });
                    Some(Entry::Phase2(self.phase2.len() - 1))
                } else {
                    None
                };
                self.stack.push(Frame::Edit { name, entry });
            }
            "next" => {
                if !matches!(self.stack.last(), Some(Frame::Edit { .. })) {
                    return Err(ReadError::new(c.line, 1, "'next' without an open 'edit'"));
                }
                self.stack.pop();
            }
            "end" => {
                // Leniently close an entry left open by a missing `next`.
                if matches!(self.stack.last(), Some(Frame::Edit { .. })) {
                    self.stack.pop();
                }
                match self.stack.pop() {
                    Some(Frame::Config {
                        log: Some(i), line, ..
                    }) => {
                        if let Some(l) = self.log.get(i)
                            && l.status.as_deref() == Some("enable")
                            && let Some(server) = l.server.clone()
                            && !server.is_empty()
                        {
                            self.log_hosts.push_at(&server, line);
                        }
                    }
                    Some(Frame::Config { .. }) => {}
                    _ => {
                        return Err(ReadError::new(c.line, 1, "'end' without an open 'config'"));
                    }
                }
            }
            "delete" => {
                // `delete NAME` in a phase1 / phase2 table removes the entry.
                if let (Some(Frame::Config { path, .. }), Some(name)) =
                    (self.stack.last(), args.first())
                {
                    let (p1, p2) = (is_phase1(path), is_phase2(path));
                    let key = (self.vdom(), name.clone());
                    if p1 {
                        self.deleted1.insert(key, self.phase1.len());
                    } else if p2 {
                        self.deleted2.insert(key, self.phase2.len());
                    }
                }
            }
            "set" | "unset" | "append" | "select" | "unselect" => self.field(verb, args, c.line),
            _ => {}
        }
        Ok(())
    }

    fn field(&mut self, verb: &str, args: &[String], line: u32) {
        let Some(key) = args.first().map(|k| k.to_ascii_lowercase()) else {
            return;
        };
        let values: Vec<String> = args.get(1..).unwrap_or(&[]).to_vec();
        let first = values.first().cloned();
        let set_list = |list: &mut List| match verb {
            "set" | "select" => {
                list.clear();
                for v in &values {
                    list.append(v);
                }
            }
            "unset" => list.clear(),
            "append" => {
                for v in &values {
                    list.append(v);
                }
            }
            "unselect" => {
                for v in &values {
                    list.remove(v);
                }
            }
            _ => {}
        };
        let scalar = |slot: &mut Option<String>| match verb {
            "set" | "select" => *slot = first.clone(),
            "unset" => *slot = None,
            _ => {}
        };
        match self.stack.last() {
            Some(Frame::Edit {
                entry: Some(Entry::Phase1(i)),
                ..
            }) => {
                let Some(p) = self.phase1.get_mut(*i) else {
                    return;
                };
                match key.as_str() {
                    "remote-gw" | "remote-gw6" => scalar(&mut p.remote_gw),
                    "remotegw-ddns" => scalar(&mut p.ddns),
                    "ike-version" => scalar(&mut p.ike_version),
                    "mode" => scalar(&mut p.mode),
                    "proposal" => {
                        set_list(&mut p.proposals);
                        p.proposal_line = line;
                    }
                    "dhgrp" => set_list(&mut p.dhgrp),
                    "authmethod" => {
                        scalar(&mut p.authmethod);
                        p.auth_line = line;
                    }
                    "authmethod-remote" => scalar(&mut p.authmethod_remote),
                    "xauthtype" => scalar(&mut p.xauthtype),
                    "eap" => scalar(&mut p.eap),
                    // psksecret, ppk-secret, ...: never looked at.
                    _ => {}
                }
            }
            Some(Frame::Edit {
                entry: Some(Entry::Phase2(i)),
                ..
            }) => {
                let Some(p) = self.phase2.get_mut(*i) else {
                    return;
                };
                match key.as_str() {
                    "phase1name" => {
                        scalar(&mut p.phase1);
                        p.phase1_line = line;
                    }
                    "proposal" => {
                        set_list(&mut p.proposals);
                        p.proposal_line = line;
                    }
                    "pfs" => {
                        scalar(&mut p.pfs);
                        p.pfs_line = line;
                    }
                    "dhgrp" => set_list(&mut p.dhgrp),
                    _ => {}
                }
            }
            Some(Frame::Config { log: Some(i), .. }) => {
                let Some(l) = self.log.get_mut(*i) else {
                    return;
                };
                match key.as_str() {
                    "status" => scalar(&mut l.status),
                    "server" => scalar(&mut l.server),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn facts(self, input_len: usize) -> Result<ConfigFacts, ReadError> {
        let gone = |map: &HashMap<(String, String), usize>, vdom: &str, name: &str, i: usize| {
            map.get(&(vdom.to_string(), name.to_string()))
                .is_some_and(|&n| i < n)
        };
        // Phase 2 entries by (vdom, phase1 name).
        let mut by_phase1: HashMap<(&str, &str), Vec<&Phase2>> = HashMap::new();
        let mut warnings: Vec<ReadWarning> = Vec::new();
        let phase1_names: std::collections::HashSet<(&str, &str)> = self
            .phase1
            .iter()
            .enumerate()
            .filter(|(i, p)| !gone(&self.deleted1, &p.vdom, &p.name, *i))
            .map(|(_, p)| (p.vdom.as_str(), p.name.as_str()))
            .collect();
        for (i, p) in self.phase2.iter().enumerate() {
            if gone(&self.deleted2, &p.vdom, &p.name, i) {
                continue;
            }
            match p.phase1.as_deref() {
                Some(n) => {
                    if !phase1_names.contains(&(p.vdom.as_str(), n)) {
                        warnings.push(ReadWarning::new(
                            p.phase1_line,
                            format!(
                                "phase 2 {} names phase 1 {n}, which is not defined{}",
                                p.name,
                                in_vdom(&p.vdom)
                            ),
                        ));
                    }
                    by_phase1.entry((p.vdom.as_str(), n)).or_default().push(p);
                }
                None => warnings.push(ReadWarning::new(
                    p.line,
                    format!("phase 2 {} names no phase 1: no tunnel uses it", p.name),
                )),
            }
        }
        let mut budget = Budget::new(input_len);
        let mut tunnels: Vec<Tunnel> = Vec::new();
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, p1) in self.phase1.iter().enumerate() {
            if gone(&self.deleted1, &p1.vdom, &p1.name, i) {
                continue;
            }
            let key = (p1.vdom.as_str(), p1.name.as_str());
            let t = tunnel(p1, by_phase1.get(&key), &mut budget)?;
            if seen.contains_key(&key) {
                // Notes of an earlier edit of the same phase 1 are replaced.
                warnings.retain(|w| !w.message.starts_with(&format!("phase 1 {} ", p1.name)));
            }
            if !by_phase1.contains_key(&key) {
                warnings.push(ReadWarning::new(
                    p1.line,
                    format!(
                        "phase 1 {} has no phase 2: no traffic selector uses it",
                        p1.name
                    ),
                ));
            }
            if p1.proposals.values().next().is_none() {
                warnings.push(ReadWarning::new(
                    p1.line,
                    format!(
                        "phase 1 {} sets no proposal: FortiOS's default proposals apply, \
                         which this file does not show and which are not known per release",
                        p1.name
                    ),
                ));
            }
            // A phase 1 edited twice is one tunnel (the later fields win).
            match seen.get(&key) {
                Some(&i) => {
                    if let Some(slot) = tunnels.get_mut(i) {
                        let line = slot.line;
                        *slot = t;
                        slot.line = line;
                    }
                }
                None => {
                    seen.insert(key, tunnels.len());
                    tunnels.push(t);
                }
            }
        }
        warnings.sort_by_key(|w| w.line);
        Ok(ConfigFacts {
            tunnels,
            log_hosts: self.log_hosts.items,
            log_host_lines: self.log_hosts.lines,
            warnings,
            release: self.release,
        })
    }
}

/// `" in VDOM X"` for a VDOM, nothing outside `config vdom`.
fn in_vdom(vdom: &str) -> String {
    if vdom.is_empty() {
        String::new()
    } else {
        format!(" in VDOM {vdom}")
    }
}

fn with_groups(proposal: &str, groups: &[&String]) -> String {
    let mut s = proposal.to_string();
    if !groups.is_empty() {
        s.push_str(" dhgrp");
        for g in groups {
            s.push(' ');
            s.push_str(g);
        }
    }
    s
}

/// `aes128-null` is AES-128 with *no integrity*, not NULL encryption: the
/// catalogue's NULL means "no encryption", so the suffix is dropped (the
/// proposal then names its cipher alone). `null-sha1` keeps its NULL.
fn without_null_integrity(p: &str) -> &str {
    match p.strip_suffix("-null") {
        Some(cipher) if !cipher.is_empty() && !cipher.eq_ignore_ascii_case("null") => cipher,
        _ => p,
    }
}

fn method(m: &str) -> Option<AuthMethod> {
    match m {
        "psk" => Some(AuthMethod::Psk),
        "signature" | "rsa-signature" | "ecdsa256" | "ecdsa384" | "ecdsa521" => {
            Some(AuthMethod::Certificate)
        }
        _ => None,
    }
}

fn tunnel(
    p1: &Phase1,
    phase2: Option<&Vec<&Phase2>>,
    budget: &mut Budget,
) -> Result<Tunnel, ReadError> {
    let version = match p1.ike_version.as_deref() {
        Some("2") => 2,
        _ => 1,
    };
    let mut t = Tunnel {
        name: p1.name.clone(),
        line: p1.line,
        peer: p1
            .remote_gw
            .clone()
            .filter(|g| g != "0.0.0.0" && g != "::")
            .or_else(|| p1.ddns.clone()),
        ike_version: Some(version),
        ike_mode: (version == 1).then_some(match p1.mode.as_deref() {
            Some("aggressive") => IkeMode::Aggressive,
            _ => IkeMode::Main,
        }),
        ..Tunnel::default()
    };
    let groups: Vec<&String> = p1.dhgrp.values().collect();
    let groups_len: usize = groups.iter().map(|g| g.len() + 1).sum();
    let mut ike = Uniq::default();
    for p in p1.proposals.values() {
        budget.spend(p.len() + groups_len + 8, p1.line)?;
        ike.push(&with_groups(p, &groups));
    }
    t.ike = ike.items;
    if !t.ike.is_empty() {
        t.lines.ike = p1.proposal_line;
    }
    t.lines.auth = p1.auth_line;
    if p1.authmethod.is_none() {
        // The `authmethod` default, psk: FortiOS 7.2.1 CLI Reference,
        // `config vpn ipsec phase1-interface` (docs.fortinet.com/document/
        // container-fortios/7.2.1/cli-reference/305883427), Default column.
        t.defaults.push(
            "authentication: pre-shared key, FortiOS's `authmethod` default \
             (FortiOS 7.2.1 CLI Reference, config vpn ipsec phase1-interface)"
                .to_string(),
        );
    }
    for m in [
        p1.authmethod.as_deref().or(Some("psk")),
        p1.authmethod_remote.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(method)
    {
        push_unique(&mut t.auth, m);
    }
    // A second, password round: IKEv1 XAuth (`xauthtype` pap, chap, auto
    // or client; `disable` is the default) and IKEv2 EAP (`eap enable`;
    // default disable). Nothing in phase 1 proves a second factor (a
    // FortiToken belongs to the user account), so it is a password.
    let xauth = p1
        .xauthtype
        .as_deref()
        .is_some_and(|x| !x.eq_ignore_ascii_case("disable"));
    let eap = p1
        .eap
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("enable"));
    if xauth || eap {
        push_unique(&mut t.auth, AuthMethod::Password);
    }
    if let Some(list) = phase2 {
        let mut every_pfs = true;
        let mut esp = Uniq::default();
        let mut pfs_by_default: Vec<&str> = Vec::new();
        for p2 in list {
            let pfs = p2.pfs.as_deref() != Some("disable");
            every_pfs &= pfs;
            if t.lines.esp == 0 && p2.proposals.values().next().is_some() {
                t.lines.esp = p2.proposal_line;
            }
            // The line that decides PFS: a `set pfs disable` wins over the
            // others, else the first `set pfs`, else the phase 2's own line.
            if !pfs {
                t.lines.pfs = p2.pfs_line;
            } else if every_pfs && t.lines.pfs == 0 {
                t.lines.pfs = if p2.pfs.is_some() {
                    p2.pfs_line
                } else {
                    p2.line
                };
            }
            if p2.pfs.is_none() {
                pfs_by_default.push(&p2.name);
            }
            let groups: Vec<&String> = if pfs {
                p2.dhgrp.values().collect()
            } else {
                Vec::new()
            };
            let groups_len: usize = groups.iter().map(|g| g.len() + 1).sum();
            for p in p2.proposals.values() {
                budget.spend(p.len() + groups_len + 8, p1.line)?;
                esp.push(&with_groups(without_null_integrity(p), &groups));
            }
        }
        t.esp = esp.items;
        if !list.is_empty() {
            t.pfs = Some(every_pfs);
        }
        if every_pfs && !pfs_by_default.is_empty() {
            // "This mode is enabled by default ... set pfs enable <-----
            // default value": Fortinet, Technical Tip: Understanding
            // Perfect Forward Secrecy (PFS), community.fortinet.com, article
            // 405554.
            t.defaults.push(format!(
                "PFS: on by FortiOS's `pfs enable` default in phase 2 {} \
                 (Fortinet Technical Tip: Understanding Perfect Forward Secrecy (PFS), article 405554)",
                pfs_by_default.join(", ")
            ));
        }
    }
    Ok(t)
}
