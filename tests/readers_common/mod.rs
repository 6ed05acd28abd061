//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use vpnaudit::evidence::{self, ConfigFacts, Dialect, Includes, ReadError};

/// Markers planted in every secret position of the fixtures (the second is
/// the spelling inside WireGuard keys, which must be valid base64).
pub const PLANTED: [&str; 2] = ["PLANTED-SECRET-7f3a9", "PLANTEDSECRET7f3a9"];

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The reader for a dialect (only the four of this crate).
pub fn read(d: Dialect, text: &str, inc: &mut dyn Includes) -> Result<ConfigFacts, ReadError> {
    match d {
        Dialect::StrongswanSwanctl => evidence::strongswan::read_swanctl(text, inc),
        Dialect::StrongswanIpsec => evidence::strongswan::read_ipsec_conf(text, inc),
        Dialect::Wireguard => evidence::wireguard::read(text, inc),
        Dialect::Openvpn => evidence::openvpn::read(text, inc),
        other => panic!("no reader here for {other}"),
    }
}

/// Which of the four readers claim the text, in `OURS` order.
pub fn detect(text: &str) -> [bool; 4] {
    [
        evidence::strongswan::looks_like_swanctl(text),
        evidence::strongswan::looks_like_ipsec_conf(text),
        evidence::wireguard::looks_like(text),
        evidence::openvpn::looks_like(text),
    ]
}

pub const OURS: [Dialect; 4] = [
    Dialect::StrongswanSwanctl,
    Dialect::StrongswanIpsec,
    Dialect::Wireguard,
    Dialect::Openvpn,
];

/// Resolves include patterns relative to a directory, with `*` / `?`
/// wildcards in the file name (sorted). A pattern matching nothing is an
/// error unless `missing_ok` (glob semantics: nothing to include).
pub struct DirIncludes {
    pub base: PathBuf,
    pub missing_ok: bool,
}

impl Includes for DirIncludes {
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
        let (dir, file) = match pattern.rsplit_once('/') {
            Some((d, f)) => (self.base.join(d), f.to_string()),
            None => (self.base.clone(), pattern.to_string()),
        };
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| wildcard(&file, n))
                .collect();
            names.sort();
            for n in names {
                let path = dir.join(&n);
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let display = match pattern.rsplit_once('/') {
                    Some((d, _)) => format!("{d}/{n}"),
                    None => n,
                };
                out.push((display, text));
            }
        }
        if out.is_empty() && !self.missing_ok {
            return Err("no such file".to_string());
        }
        Ok(out)
    }
}

fn wildcard(p: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (p.chars().collect(), s.chars().collect());
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Includes served from memory: pattern -> files.
pub struct MapIncludes(pub Vec<(String, Vec<(String, String)>)>);

impl Includes for MapIncludes {
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
        self.0
            .iter()
            .find(|(p, _)| p == pattern)
            .map(|(_, files)| files.clone())
            .ok_or_else(|| "not found".to_string())
    }
}

/// Every proposal of every tunnel normalises without unknown parts.
pub fn unknown_tokens(facts: &ConfigFacts) -> Vec<(String, String)> {
    let cat = vpnaudit::crypto::Catalogue::builtin();
    let mut out = Vec::new();
    for t in &facts.tunnels {
        for p in t.ike.iter().chain(&t.esp).chain(&t.tls) {
            for u in cat.normalise(p).unknown {
                out.push((t.name.clone(), u));
            }
        }
    }
    out
}
