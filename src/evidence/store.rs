//! Reading the configurations that VPNs link: resolving `config` paths
//! relative to their inventory, keeping them inside the audit tree, detecting
//! the dialect, and reading each file once however many VPNs share it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::Glob;
use rayon::prelude::*;

use crate::evidence::{
    ConfigFacts, Dialect, Includes, ReadError, contradicts, detect, read_for_release,
};
use crate::source::{display_path, read_text};

/// A configuration file that was read.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// The path as shown in reports.
    pub display: String,
    pub dialect: Dialect,
    pub facts: ConfigFacts,
}

/// Why a linked configuration gives no evidence. Never quotes a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceError {
    pub display: String,
    /// 0 when the problem is the file as a whole.
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.display, self.message)
        } else {
            write!(f, "{}:{}: {}", self.display, self.line, self.message)
        }
    }
}

pub type Loaded = Arc<Result<ReadConfig, EvidenceError>>;

/// One config link: the inventory it was written in, the path as written,
/// and the declared format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    pub inventory: String,
    pub config: String,
    pub format: Option<Dialect>,
    /// The release the device runs (`config_release`), when given.
    pub release: Option<String>,
}

/// The audit tree and whether configs may leave it.
#[derive(Debug, Clone)]
pub struct Confinement {
    roots: Vec<PathBuf>,
    allow_external: bool,
}

impl Confinement {
    pub fn new(roots: &[PathBuf], allow_external: bool) -> Self {
        let roots = roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .collect();
        Confinement {
            roots,
            allow_external,
        }
    }

    /// Checks that `path` (after following symlinks) is inside the audit tree.
    fn check(&self, path: &Path, display: &str) -> Result<PathBuf, EvidenceError> {
        let real = std::fs::canonicalize(path).map_err(|e| EvidenceError {
            display: display.to_string(),
            line: 0,
            message: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => format!("cannot be read ({e})"),
            },
        })?;
        if self.allow_external || self.roots.iter().any(|r| real.starts_with(r)) {
            Ok(real)
        } else {
            Err(EvidenceError {
                display: display.to_string(),
                line: 0,
                message: "resolves outside the audit tree; not read (pass --allow-external-configs to allow it)"
                    .to_string(),
            })
        }
    }
}

/// Reads every distinct link once, in parallel.
pub fn load_all(links: &[Link], confinement: &Confinement) -> HashMap<Link, Loaded> {
    links
        .par_iter()
        .map(|l| {
            let loaded = load_one(l, confinement).and_then(evidence_of_a_vpn);
            (l.clone(), Arc::new(loaded))
        })
        .collect()
}

/// A linked file with no tunnel says nothing of the VPN linked to it (a
/// router's config without its VPN, the wrong file linked): evidence not
/// really read is an error, never an empty pass. (`facts` shows such a
/// file as it is.)
fn evidence_of_a_vpn(config: ReadConfig) -> Result<ReadConfig, EvidenceError> {
    if config.facts.tunnels.is_empty() {
        return Err(EvidenceError {
            message: format!(
                "read as {}, but it defines no VPN tunnel, so it gives no evidence of this VPN",
                config.dialect
            ),
            display: config.display,
            line: 0,
        });
    }
    Ok(config)
}

/// Reads one configuration named on the command line (`vpnaudit facts`);
/// its includes must stay in its directory unless `allow_external`.
pub fn read_file(
    path: &Path,
    format: Option<Dialect>,
    allow_external: bool,
) -> Result<ReadConfig, EvidenceError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let link = Link {
        inventory: String::new(),
        config: path.to_string_lossy().to_string(),
        format,
        release: None,
    };
    load_one(&link, &Confinement::new(&[dir], allow_external))
}

fn load_one(link: &Link, confinement: &Confinement) -> Result<ReadConfig, EvidenceError> {
    let base = Path::new(&link.inventory).parent().unwrap_or(Path::new(""));
    let mut path = base.join(&link.config);
    // A path written on Windows (`configs\gw.conf`): where no file has that
    // name, its `\` are separators. Confinement is checked on the result.
    if link.config.contains('\\') && !path.exists() {
        path = base.join(link.config.replace('\\', "/"));
    }
    let display = display_path(&lexical(&path));
    confinement.check(&path, &display)?;
    let (text, _) = read_text(&path, &display).map_err(|d| EvidenceError {
        display: display.clone(),
        line: d.pos.map_or(0, |p| p.line),
        message: d.reason,
    })?;
    if let Some(declared) = link.format
        && let Some(detected) = contradicts(declared, &text)
    {
        return Err(EvidenceError {
            display,
            line: 0,
            message: format!(
                "config_format is {declared}, but the file is {detected} configuration; not read (fix config_format, or the link)"
            ),
        });
    }
    let dialect = match link.format.or_else(|| detect(&text)) {
        Some(d) => d,
        None => {
            return Err(EvidenceError {
                display,
                line: 0,
                message: "cannot tell which configuration dialect this is; set config_format"
                    .to_string(),
            });
        }
    };
    let mut includes = TreeIncludes {
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        confinement,
    };
    match read_for_release(dialect, &text, &mut includes, link.release.as_deref()) {
        Ok(facts) => Ok(ReadConfig {
            display,
            dialect,
            facts,
        }),
        Err(ReadError { line, message, .. }) => Err(EvidenceError {
            display,
            line,
            message: format!("cannot be read as {dialect}: {message}"),
        }),
    }
}

/// Resolves `include` patterns relative to the including file, inside the
/// audit tree. An absolute pattern from the device (`/etc/ipsec.d/*.conf`)
/// is looked for as exported beside the config (`ipsec.d/*.conf`).
pub struct TreeIncludes<'a> {
    pub dir: PathBuf,
    pub confinement: &'a Confinement,
}

impl TreeIncludes<'_> {
    fn resolve(&self, pattern: &str) -> PathBuf {
        let p = Path::new(pattern);
        if !p.is_absolute() {
            return self.dir.join(p);
        }
        let parts: Vec<_> = p.components().skip(1).collect();
        // Longest suffix of at least a directory and a name that exists here.
        for start in 0..parts.len().saturating_sub(1) {
            let candidate: PathBuf = parts[start..].iter().collect();
            let local = self.dir.join(&candidate);
            if local.parent().is_some_and(Path::is_dir) {
                return local;
            }
        }
        p.to_path_buf()
    }
}

impl Includes for TreeIncludes<'_> {
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
        let full = self.resolve(pattern);
        let (dir, name) = match (full.parent(), full.file_name()) {
            (Some(d), Some(n)) => (d.to_path_buf(), n.to_string_lossy().to_string()),
            _ => return Err(format!("cannot resolve include \"{pattern}\"")),
        };
        let matcher = Glob::new(&name)
            .map_err(|e| format!("bad include pattern \"{pattern}\": {e}"))?
            .compile_matcher();
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| matcher.is_match(n)))
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        let has_glob = name.contains(['*', '?', '[']);
        if files.is_empty() && !has_glob {
            return Err(format!("included file \"{pattern}\" does not exist"));
        }
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            let display = display_path(&f);
            self.confinement
                .check(&f, &display)
                .map_err(|e| format!("include \"{pattern}\": {}", e.message))?;
            let (text, _) = read_text(&f, &display)
                .map_err(|d| format!("include \"{pattern}\": {}", d.reason))?;
            out.push((display, text));
        }
        Ok(out)
    }
}

/// `a/b/../c` → `a/c`, without touching the file system (for display only;
/// confinement is checked on the canonical path).
fn lexical(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}
