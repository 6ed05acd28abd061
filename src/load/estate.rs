//! Finding and loading everything one audit reads: the inventories, the usage
//! policy and the obligation packs, named on the command line or found by
//! walking directories. Every error of every file is collected before the
//! caller decides to stop.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::{Code, Diagnostic, Diagnostics, Level};
use crate::model::inventory::Vpn;
use crate::model::policy::UsagePolicy;
use crate::source::{Pos, SourceMap, display_path, files, io_reason, read_text};
use crate::syntax::node::{Node, NodeValue, ParseError};
use crate::syntax::{csv, json, yaml};
use crate::validate::inventory::read_vpn;
use crate::validate::pack::Pack;
use crate::validate::pack::read_pack;
use crate::validate::policy::{Parameters, read_policy};
use crate::validate::read::Reader;
use rayon::prelude::*;

/// The built-in obligation packs, embedded from `policies/`.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("cn-vpn", include_str!("../../policies/cn-vpn.yaml")),
    (
        "vpn-baseline",
        include_str!("../../policies/vpn-baseline.yaml"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Inventory,
    UsagePolicy,
    Obligations,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Inventory => "inventory",
            Kind::UsagePolicy => "usage-policy",
            Kind::Obligations => "obligations",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        [Kind::Inventory, Kind::UsagePolicy, Kind::Obligations]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A file the audit read.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub kind: Kind,
    pub sha256: String,
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    pub paths: Vec<PathBuf>,
    pub policy: Option<PathBuf>,
    /// `--pack` values: built-in ids or files.
    pub packs: Vec<String>,
    /// Read pack files that the policy names even where they resolve
    /// outside the audit tree.
    pub allow_external_packs: bool,
}

/// Everything loaded and validated.
#[derive(Debug)]
pub struct Estate {
    pub inputs: Vec<Input>,
    pub vpns: Vec<Vpn>,
    pub policy: UsagePolicy,
    /// The usage policy's parameter values, checked where rules use them.
    pub parameters: Parameters,
    pub packs: Vec<Pack>,
    /// Pack files found by walking that nothing applies (still validated).
    pub unused_packs: Vec<Pack>,
    /// The directories linked configs must stay inside.
    pub roots: Vec<PathBuf>,
    /// Errors, warnings and notes found while loading.
    pub diags: Diagnostics,
    pub sources: SourceMap,
}

/// Why loading stopped: the diagnostics (with at least one error) and the
/// texts to show snippets from.
#[derive(Debug)]
pub struct LoadFailure {
    pub diags: Diagnostics,
    pub sources: SourceMap,
}

/// A candidate input file and how it was found.
struct Candidate {
    fs_path: PathBuf,
    display: String,
    explicit: bool,
}

/// One candidate's outcome: what it parsed to, what was said about it, and
/// its text for snippets.
type Outcome = (Option<Parsed>, Diagnostics, Option<(String, Arc<str>)>);

/// A parsed file.
struct Parsed {
    display: String,
    kind: Kind,
    sha256: String,
    content: Content,
}

enum Content {
    Tree(Node),
    /// A CSV inventory's rows, read as they were parsed.
    Csv(Vec<Entry>),
    /// A JSON or YAML document whose `vpns` entries were read as they were
    /// parsed (the tree keeps an empty `vpns`). Used only if it is an
    /// inventory.
    Streamed(Node, Vec<Entry>),
}

impl Content {
    /// The document tree (a CSV file has none).
    fn tree(&self) -> Option<&Node> {
        match self {
            Content::Tree(root) | Content::Streamed(root, _) => Some(root),
            Content::Csv(_) => None,
        }
    }
}

/// One inventory entry, read: its written id (valid entry or not, so that a
/// duplicate is reported even beside another error), the VPN when usable,
/// and what was said about it.
struct Entry {
    id: Option<(String, Pos)>,
    vpn: Option<Vpn>,
    diags: Diagnostics,
}

fn read_entry(node: Node, display: &str) -> Entry {
    let id = node.get("id").and_then(|id| {
        let text = match &id.value {
            NodeValue::Str(s) => s.clone(),
            NodeValue::Int(i) => i.to_string(),
            _ => return None,
        };
        Some((text, id.pos))
    });
    let mut diags = Diagnostics::default();
    // The file index is set when the file takes its place in the estate.
    let vpn = read_vpn(&mut Reader::new(display, &mut diags), &node, 0);
    Entry { id, vpn, diags }
}

/// Entries handed to one parallel task while a large inventory is
/// still being parsed.
const STREAM_BATCH: usize = 1024;

/// Runs `parse`, which hands inventory entries to the sink it is given as
/// it finds them, and reads those entries in parallel batches while the
/// rest of the file is still being parsed. An inventory of any size is thus
/// never held whole as a document tree: at most two batches per thread
/// wait to be read.
fn read_streamed<R: Send>(
    display: &str,
    parse: impl FnOnce(&mut dyn FnMut(Node)) -> R + Send,
) -> (R, Vec<Entry>) {
    let done = std::sync::Mutex::new(Vec::new());
    let pending = AtomicUsize::new(0);
    let max_pending = 2 * rayon::current_num_threads();
    let parsed = rayon::scope(|scope| {
        let done = &done;
        let mut batch: Vec<Node> = Vec::new();
        let mut next = 0usize;
        let pending = &pending;
        let mut hand_over = |nodes: Vec<Node>| {
            let index = next;
            next += 1;
            let read = move |nodes: Vec<Node>| {
                let read: Vec<Entry> = nodes.into_iter().map(|n| read_entry(n, display)).collect();
                if let Ok(mut d) = done.lock() {
                    d.push((index, read));
                }
            };
            // The readers are behind: this thread reads the batch itself
            // rather than queue more trees (which would hold the whole
            // document in memory after all).
            if pending.load(Ordering::Acquire) >= max_pending {
                read(nodes);
                return;
            }
            pending.fetch_add(1, Ordering::AcqRel);
            scope.spawn(move |_| {
                read(nodes);
                pending.fetch_sub(1, Ordering::AcqRel);
            });
        };
        let parsed = parse(&mut |node| {
            batch.push(node);
            if batch.len() == STREAM_BATCH {
                hand_over(std::mem::take(&mut batch));
            }
        });
        if !batch.is_empty() {
            hand_over(batch);
        }
        parsed
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_unstable_by_key(|(i, _)| *i);
    (parsed, done.into_iter().flat_map(|(_, e)| e).collect())
}

/// Loads everything `req` names. Errors do not stop loading: they are in
/// the estate's diagnostics, with everything else that could be checked, so
/// one run reports them all.
pub fn load(req: &LoadRequest) -> Estate {
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let (candidates, roots) = discover(req, &mut diags);

    let results: Vec<Outcome> = candidates.par_iter().map(parse_candidate).collect();
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut skipped = Vec::new();
    for (p, d, src) in results {
        if let Some((path, text)) = src {
            sources.insert(&path, text);
        }
        let is_skip = d.iter().any(|x| x.level == Level::Note);
        if is_skip && p.is_none() && !d.has_errors() {
            skipped.extend(d.iter().filter_map(|x| x.path.clone()));
        } else {
            diags.extend(d);
        }
        parsed.extend(p);
    }
    if !skipped.is_empty() {
        let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
        let more = if skipped.len() > 5 {
            format!(" and {} more", skipped.len() - 5)
        } else {
            String::new()
        };
        // A warning, so that --deny-warnings can insist on a clean tree.
        diags.push(Diagnostic {
            code: Code::Skipped,
            labels: Vec::new(),
            level: Level::Warning,
            path: None,
            pos: None,
            message: format!(
                "skipped {} file(s) that are not vpnaudit inputs (no kind: inventory, usage-policy or obligations): {}{more}",
                skipped.len(),
                shown.join(", ")
            ),
            help: None,
        });
    }

    // The usage policy: named, else the one found, else the built-in default.
    let explicit_policy = req.policy.as_ref().map(|p| display_path(p));
    let policies: Vec<&Parsed> = parsed
        .iter()
        .filter(|p| p.kind == Kind::UsagePolicy)
        .filter(|p| explicit_policy.as_ref().is_none_or(|e| *e == p.display))
        .collect();
    if policies.len() > 1 {
        for p in &policies[1..] {
            let pos = p.content.tree().map_or(Pos::new(1, 1), |root| root.pos);
            diags.push(Diagnostic::error(
                Code::Duplicate,
                &p.display,
                pos,
                format!(
                    "a second usage policy (the first is {}); name the one to use with --policy",
                    policies[0].display
                ),
            ));
        }
    }
    // (CSV files are always inventories, so a policy is always a tree.)
    let (policy, parameters) = match policies.first().and_then(|p| Some((p, p.content.tree()?))) {
        Some((p, root)) => {
            let mut r = Reader::new(&p.display, &mut diags);
            read_policy(&mut r, root)
                .unwrap_or_else(|| (UsagePolicy::builtin(), Parameters::default()))
        }
        _ => (UsagePolicy::builtin(), Parameters::default()),
    };

    // Inventories, VPN entries read in parallel.
    let mut vpns: Vec<Vpn> = Vec::new();
    let mut ids: Vec<(String, usize, Pos)> = Vec::new();
    for (file_idx, p) in parsed.iter_mut().enumerate() {
        if p.kind != Kind::Inventory {
            continue;
        }
        let display = p.display.as_str();
        // The entries are taken out of the tree and consumed as they are
        // read, so the tree's memory is given back while the models grow.
        let entries: Vec<Entry> = match &mut p.content {
            Content::Streamed(root, entries) => {
                take_inventory_entries(root, display, &mut diags);
                std::mem::take(entries)
            }
            Content::Csv(entries) => std::mem::take(entries),
            Content::Tree(root) => take_inventory_entries(root, display, &mut diags)
                .into_par_iter()
                .with_min_len(256)
                .map(|n| read_entry(n, display))
                .collect(),
        };
        vpns.reserve(entries.len());
        for e in entries {
            if let Some((id, pos)) = e.id {
                ids.push((id, file_idx, pos));
            }
            if let Some(mut v) = e.vpn {
                v.file = file_idx as u32;
                vpns.push(v);
            }
            if !e.diags.is_empty() {
                diags.extend(e.diags);
            }
        }
    }
    check_duplicate_ids(&ids, &parsed, &mut diags);

    // Packs: those the policy and --pack name; walked-in pack files that
    // nothing names are validated but not applied.
    let (packs, unused_packs) = load_packs(req, &policy, &parsed, &roots, &mut diags, &mut sources);

    if !parsed.iter().any(|p| p.kind == Kind::Inventory) && !diags.has_errors() {
        let where_ = req
            .paths
            .iter()
            .map(|p| display_path(p))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(Diagnostic::usage(format!(
            "no inventory found in {where_} (inventory files have kind: inventory, or end in .inventory.csv)"
        )));
    }

    let inputs = parsed
        .iter()
        .map(|p| Input {
            path: p.display.clone(),
            kind: p.kind,
            sha256: p.sha256.clone(),
        })
        .collect();
    diags.sort();
    // Snippets are only shown for diagnostics: a large file nothing points
    // at need not stay in memory.
    let mentioned: std::collections::HashSet<String> =
        diags.iter().filter_map(|d| d.path.clone()).collect();
    sources.retain(|path, text| text.len() < (1 << 20) || mentioned.contains(path));
    Estate {
        inputs,
        vpns,
        policy,
        parameters,
        packs,
        unused_packs,
        roots,
        diags,
        sources,
    }
}

fn discover(req: &LoadRequest, diags: &mut Diagnostics) -> (Vec<Candidate>, Vec<PathBuf>) {
    let mut out = Vec::new();
    let mut roots = Vec::new();
    let paths: Vec<PathBuf> = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    for path in &paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::usage(format!(
                    "{}: {}",
                    display_path(path),
                    io_reason(&e)
                )));
                continue;
            }
        };
        if meta.is_dir() {
            roots.push(path.clone());
            let mut found = Vec::new();
            let walker = ignore::WalkBuilder::new(path).require_git(false).build();
            for entry in walker {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::usage(format!("{}: {e}", display_path(path))));
                        continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let p = entry.into_path();
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                let wanted = name.ends_with(".yaml")
                    || name.ends_with(".yml")
                    || name.ends_with(".json")
                    || name.ends_with(".inventory.csv");
                if wanted {
                    found.push(p);
                }
            }
            found.sort();
            note_ignored_inputs(path, &found, diags);
            out.extend(found.into_iter().map(|p| Candidate {
                display: display_path(&p),
                fs_path: p,
                explicit: false,
            }));
        } else {
            roots.push(parent_dir(path));
            out.push(Candidate {
                display: display_path(path),
                fs_path: path.clone(),
                explicit: true,
            });
        }
    }
    if let Some(policy) = &req.policy {
        match std::fs::metadata(policy) {
            Ok(m) if m.is_file() => {
                // A named file's directory is part of the audit tree.
                roots.push(parent_dir(policy));
                let display = display_path(policy);
                if let Some(c) = out.iter_mut().find(|c| c.display == display) {
                    c.explicit = true;
                } else {
                    out.push(Candidate {
                        display,
                        fs_path: policy.clone(),
                        explicit: true,
                    });
                }
            }
            Ok(_) => diags.push(Diagnostic::usage(format!(
                "--policy {}: not a file",
                display_path(policy)
            ))),
            Err(e) => diags.push(Diagnostic::usage(format!(
                "--policy {}: {}",
                display_path(policy),
                io_reason(&e)
            ))),
        }
    }
    // The same file named twice (or named and walked) is read once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| {
        seen.insert(std::fs::canonicalize(&c.fs_path).unwrap_or_else(|_| c.fs_path.clone()))
    });
    (out, roots)
}

/// Files a walk passes over because of ignore rules (`.gitignore`,
/// `.ignore`, hidden files) that are vpnaudit inputs all the same are named
/// in a note, so no inventory is dropped without a word. At most
/// `MAX_SNIFFED` files are opened, and only their first 8 KiB.
fn note_ignored_inputs(dir: &Path, walked: &[PathBuf], diags: &mut Diagnostics) {
    const MAX_SNIFFED: usize = 10_000;
    let walked: std::collections::HashSet<&PathBuf> = walked.iter().collect();
    let mut ignored = Vec::new();
    let mut sniffed = 0usize;
    let all = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in all.flatten() {
        if sniffed >= MAX_SNIFFED {
            break;
        }
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let p = entry.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let csv = name.ends_with(".inventory.csv");
        let text = name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
        if !(csv || text) || walked.contains(&p.to_path_buf()) {
            continue;
        }
        sniffed += 1;
        let ours = csv
            || files::open_input(p).ok().is_some_and(|(file, _, _)| {
                let mut head = Vec::with_capacity(8192);
                std::io::Read::read_to_end(&mut std::io::Read::take(file, 8192), &mut head).is_ok()
                    && {
                        // vpnaudit's own reports list their inputs' kinds.
                        let head = String::from_utf8_lossy(&head);
                        looks_like_ours(&head) && !head.contains("\"schema\": \"vpnaudit-")
                    }
            });
        if ours {
            ignored.push(display_path(p));
        }
    }
    if ignored.is_empty() {
        return;
    }
    ignored.sort();
    let shown: Vec<&str> = ignored.iter().take(5).map(String::as_str).collect();
    let more = if ignored.len() > 5 {
        format!(" and {} more", ignored.len() - 5)
    } else {
        String::new()
    };
    diags.push(Diagnostic {
        code: Code::Skipped,
        labels: Vec::new(),
        level: Level::Note,
        path: None,
        pos: None,
        message: format!(
            "not read: {} vpnaudit input(s) excluded by ignore rules (.gitignore, .ignore, hidden files): {}{more}; name a file to read it",
            ignored.len(),
            shown.join(", ")
        ),
        help: None,
    });
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `path` (after following symlinks) lies inside one of `roots`;
/// `None` when it does not exist.
fn inside_tree(path: &Path, roots: &[PathBuf]) -> Option<bool> {
    let real = std::fs::canonicalize(path).ok()?;
    Some(
        roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .any(|r| real.starts_with(r)),
    )
}

/// Reads and parses one candidate; a walked file that is not ours is skipped
/// with a note.
fn parse_candidate(c: &Candidate) -> Outcome {
    let mut d = Diagnostics::default();
    let (text, sha) = match read_text(&c.fs_path, &c.display) {
        Ok(t) => t,
        Err(e) => {
            d.push(e.into());
            return (None, d, None);
        }
    };
    let text: Arc<str> = Arc::from(text);
    let src = Some((c.display.clone(), text.clone()));
    let lower = c.display.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        return match read_streamed(&c.display, |sink| csv::parse_streaming(&text, sink)) {
            (Ok(()), entries) => (
                Some(Parsed {
                    display: c.display.clone(),
                    kind: Kind::Inventory,
                    sha256: sha,
                    content: Content::Csv(entries),
                }),
                d,
                src,
            ),
            (Err(errors), _) => {
                for e in errors {
                    d.push(Diagnostic::error(
                        Code::Syntax,
                        &c.display,
                        e.pos,
                        e.message,
                    ));
                }
                (None, d, src)
            }
        };
    }
    let parsed = if lower.ends_with(".json") {
        let (root, entries) = read_streamed(&c.display, |sink| json::parse_streaming(&text, sink));
        root.map(|root| (root, Some(entries)))
    } else {
        let (root, entries) = read_streamed(&c.display, |sink| yaml::parse_streaming(&text, sink));
        root.map(|root| (root, Some(entries)))
    };
    let (root, streamed) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            if c.explicit || looks_like_ours(&text) {
                d.push(Diagnostic::error(
                    Code::Syntax,
                    &c.display,
                    e.pos,
                    e.message,
                ));
            } else {
                files::forget(&c.fs_path);
                d.push(Diagnostic::note(
                    Code::Skipped,
                    &c.display,
                    e.pos,
                    "skipped: not parseable and not a vpnaudit file",
                ));
            }
            return (None, d, src);
        }
    };
    let kind_node = root.get("kind");
    let kind = kind_node.and_then(Node::as_str).and_then(Kind::parse);
    let Some(kind) = kind else {
        // vpnaudit's own reports (a baseline kept in the repository) are
        // neither inputs nor strangers: pass over them silently.
        let own_report = root
            .get("schema")
            .and_then(Node::as_str)
            .is_some_and(|s| s.starts_with("vpnaudit-"));
        if own_report && !c.explicit {
            files::forget(&c.fs_path);
            return (None, d, None);
        }
        if c.explicit {
            let (pos, msg) = match kind_node {
                Some(k) => (
                    k.pos,
                    format!(
                        "unknown kind {} (expected inventory, usage-policy or obligations)",
                        show(k)
                    ),
                ),
                None => (
                    root.pos,
                    "no \"kind\" (expected kind: inventory, usage-policy or obligations)"
                        .to_string(),
                ),
            };
            d.push(Diagnostic::error(Code::WrongKind, &c.display, pos, msg));
        } else {
            files::forget(&c.fs_path);
            d.push(Diagnostic::note(
                Code::Skipped,
                &c.display,
                root.pos,
                "skipped: not a vpnaudit file",
            ));
        }
        return (None, d, src);
    };
    match root.get("version") {
        Some(Node {
            value: NodeValue::Int(1),
            ..
        }) => {}
        Some(v) => {
            d.push(Diagnostic::error(
                Code::InvalidValue,
                &c.display,
                v.pos,
                format!(
                    "unsupported version {} (this vpnaudit reads version: 1)",
                    show(v)
                ),
            ));
            return (None, d, src);
        }
        None => {
            d.push(Diagnostic::error(
                Code::MissingKey,
                &c.display,
                root.pos,
                "no \"version\" (add version: 1)",
            ));
            return (None, d, src);
        }
    }
    (
        Some(Parsed {
            display: c.display.clone(),
            kind,
            sha256: sha,
            content: match streamed {
                Some(entries) => Content::Streamed(root, entries),
                None => Content::Tree(root),
            },
        }),
        d,
        src,
    )
}

fn show(n: &Node) -> String {
    match &n.value {
        NodeValue::Str(s) => format!("\"{s}\""),
        NodeValue::Int(i) => i.to_string(),
        _ => n.type_name().to_string(),
    }
}

/// A file that failed to parse is still ours if it says so near the top.
pub fn looks_like_ours(text: &str) -> bool {
    text.split(['\n', '\r']).take(100).any(|l| {
        let l = l.trim_start_matches(['{', ' ']).replace(['"', '\''], "");
        [
            "kind: inventory",
            "kind: usage-policy",
            "kind: obligations",
            "kind:inventory",
            "kind:usage-policy",
            "kind:obligations",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    })
}

/// Checks an inventory document's top level and takes its VPN entries out.
fn take_inventory_entries(root: &mut Node, path: &str, diags: &mut Diagnostics) -> Vec<Node> {
    let mut r = Reader::new(path, diags);
    if let Some(mut m) = r.map(root, "an inventory") {
        m.take("kind");
        m.take("version");
        if let Some(n) = m.take("vpns") {
            r.seq(n, "a list of VPNs");
        }
        m.finish(&mut r, &["kind", "version", "vpns"], "an inventory");
    }
    match &mut root.value {
        NodeValue::Map(entries) => entries
            .iter_mut()
            .find(|(k, _)| k.name == "vpns")
            .and_then(|(_, v)| match &mut v.value {
                NodeValue::Seq(items) => Some(std::mem::take(items)),
                _ => None,
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn check_duplicate_ids(ids: &[(String, usize, Pos)], parsed: &[Parsed], diags: &mut Diagnostics) {
    let mut first: std::collections::HashMap<&str, (usize, Pos)> =
        std::collections::HashMap::with_capacity(ids.len());
    for (id, file, pos) in ids {
        match first.get(id.as_str()) {
            Some((prev_file, p)) => diags.push(
                Diagnostic::error(
                    Code::Duplicate,
                    &parsed[*file].display,
                    *pos,
                    format!(
                        "duplicate VPN id \"{id}\" (first at {}:{}:{})",
                        parsed[*prev_file].display, p.line, p.col
                    ),
                )
                .with_label(&parsed[*prev_file].display, *p, "first defined here"),
            ),
            None => {
                first.insert(id, (*file, *pos));
            }
        }
    }
}

fn load_packs(
    req: &LoadRequest,
    policy: &UsagePolicy,
    parsed: &[Parsed],
    roots: &[PathBuf],
    diags: &mut Diagnostics,
    sources: &mut SourceMap,
) -> (Vec<Pack>, Vec<Pack>) {
    let mut wanted: Vec<(String, Option<(String, Pos)>)> = Vec::new();
    for p in &policy.packs {
        wanted.push((
            p.value.clone(),
            policy.path.clone().map(|path| (path, p.pos)),
        ));
    }
    for p in &req.packs {
        wanted.push((p.clone(), None));
    }
    let policy_dir = policy.path.as_ref().map(|p| {
        Path::new(p)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let mut packs: Vec<Pack> = Vec::new();
    let mut used_files: Vec<String> = Vec::new();
    for (name, from) in wanted {
        let builtin = BUILTIN_PACKS.iter().find(|(id, _)| *id == name);
        let pack = if let Some((_, text)) = builtin {
            let display = format!("builtin:{name}");
            sources.insert(&display, Arc::from(*text));
            let root = match yaml::parse(text) {
                Ok(r) => r,
                Err(e) => {
                    diags.push(Diagnostic::error(Code::Syntax, &display, e.pos, e.message));
                    continue;
                }
            };
            let mut r = Reader::new(&display, diags);
            read_pack(&mut r, &root)
        } else {
            // A file: relative to the policy when the policy names it.
            let fs_path = match (&from, &policy_dir) {
                (Some(_), Some(dir)) if Path::new(&name).is_relative() => dir.join(&name),
                _ => PathBuf::from(&name),
            };
            let display = display_path(&fs_path);
            used_files.push(display.clone());
            // A pack the policy names is confined to the audit tree like a
            // linked config: a policy under review must not read other files
            // of the machine (a pack named on the command line was chosen by
            // whoever runs the audit).
            if from.is_some()
                && !req.allow_external_packs
                && inside_tree(&fs_path, roots) == Some(false)
            {
                push_ref_error(
                    diags,
                    &from,
                    Code::Unreadable,
                    format!(
                        "pack file {display} resolves outside the audit tree; not read (pass --allow-external-packs to allow it)"
                    ),
                );
                continue;
            }
            match parsed.iter().find(|p| p.display == display) {
                Some(p) if p.kind == Kind::Obligations => {
                    let Some(root) = p.content.tree() else {
                        continue;
                    };
                    let mut r = Reader::new(&display, diags);
                    read_pack(&mut r, root)
                }
                Some(p) => {
                    let msg = format!(
                        "{display} is {} file, not an obligation pack",
                        with_article(p.kind.as_str())
                    );
                    push_ref_error(diags, &from, Code::WrongKind, msg);
                    continue;
                }
                None => match load_pack_file(&fs_path, &display, &from, diags, sources) {
                    Some(p) => Some(p),
                    None => {
                        if !fs_path.exists() {
                            let builtin: Vec<&str> =
                                BUILTIN_PACKS.iter().map(|(id, _)| *id).collect();
                            let msg = format!(
                                "no built-in pack or pack file \"{name}\" (built-in packs: {})",
                                builtin.join(", ")
                            );
                            push_ref_error(diags, &from, Code::Unreadable, msg);
                        }
                        continue;
                    }
                },
            }
        };
        let Some(pack) = pack else { continue };
        if builtin.is_none() && !check_own_ids(&pack, diags) {
            continue;
        }
        if let Some(prev) = packs.iter().find(|p| p.id == pack.id) {
            if prev.path != pack.path {
                push_ref_error(
                    diags,
                    &from,
                    Code::Duplicate,
                    format!(
                        "pack id \"{}\" is used by both {} and {}",
                        pack.id, prev.path, pack.path
                    ),
                );
            }
            continue;
        }
        packs.push(pack);
    }
    // Pack files found by walking but named by nothing.
    let mut unused = Vec::new();
    for p in parsed
        .iter()
        .filter(|p| p.kind == Kind::Obligations && !used_files.contains(&p.display))
    {
        if let Some(root) = p.content.tree() {
            let mut r = Reader::new(&p.display, diags);
            if let Some(pack) = read_pack(&mut r, root)
                && check_own_ids(&pack, diags)
            {
                unused.push(pack);
                diags.push(Diagnostic::note(
                    Code::UnusedPack,
                    &p.display,
                    root.pos,
                    "obligation pack not applied: list it under the policy's packs or pass --pack",
                ));
            }
        }
    }
    (packs, unused)
}

fn push_ref_error(diags: &mut Diagnostics, from: &Option<(String, Pos)>, code: Code, msg: String) {
    match from {
        Some((path, pos)) => diags.push(Diagnostic::error(code, path, *pos, msg)),
        None => diags.push(Diagnostic::usage(format!("--pack: {msg}"))),
    }
}

/// A custom pack may not pass itself off as a built-in one: neither its id
/// nor any rule id may be a built-in pack's. Reports the clash; true when
/// there is none.
fn check_own_ids(pack: &Pack, diags: &mut Diagnostics) -> bool {
    let mut own = true;
    if BUILTIN_PACKS.iter().any(|(id, _)| *id == pack.id) {
        diags.push(Diagnostic::error(
            Code::Duplicate,
            &pack.path,
            pack.id_pos,
            format!(
                "pack id \"{}\" is a built-in pack's; a custom pack needs an id of its own",
                pack.id
            ),
        ));
        own = false;
    }
    for rule in &pack.rules {
        if let Some((_, builtin)) = builtin_rule_ids()
            .iter()
            .find(|(id, _)| *id == rule.id.value)
        {
            diags.push(Diagnostic::error(
                Code::Duplicate, &pack.path,
                rule.id.pos,
                format!(
                    "rule id \"{}\" belongs to the built-in pack {builtin}; a custom rule needs an id of its own",
                    rule.id.value
                ),
            ));
            own = false;
        }
    }
    own
}

/// Every built-in rule id, with its pack's id.
fn builtin_rule_ids() -> &'static [(String, &'static str)] {
    static IDS: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        BUILTIN_PACKS
            .iter()
            .flat_map(|(pack, text)| {
                let root = yaml::parse(text).ok();
                let ids: Vec<(String, &'static str)> = root
                    .as_ref()
                    .and_then(|r| r.get("rules"))
                    .and_then(|rules| match &rules.value {
                        NodeValue::Seq(items) => Some(items.as_slice()),
                        _ => None,
                    })
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|rule| rule.get("id").and_then(Node::as_str))
                    .map(|id| (id.to_string(), *pack))
                    .collect();
                ids
            })
            .collect()
    })
}

fn load_pack_file(
    fs_path: &Path,
    display: &str,
    from: &Option<(String, Pos)>,
    diags: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<Pack> {
    if !fs_path.exists() {
        return None;
    }
    let (text, _) = match read_text(fs_path, display) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e.into());
            return None;
        }
    };
    // A file that does not say it is a vpnaudit file may be anything (a
    // key, a password file): refuse it without quoting a line of it.
    if !looks_like_ours(&text) {
        push_ref_error(
            diags,
            from,
            Code::WrongKind,
            format!(
                "{display} is not an obligation pack (no kind: obligations near its top); its content is not shown"
            ),
        );
        return None;
    }
    sources.insert(display, Arc::from(text.as_str()));
    let root = match yaml::parse(&text) {
        Ok(r) => r,
        Err(ParseError { pos, message }) => {
            diags.push(Diagnostic::error(Code::Syntax, display, pos, message));
            return None;
        }
    };
    let mut r = Reader::new(display, diags);
    match root.get("kind").and_then(Node::as_str) {
        Some("obligations") => read_pack(&mut r, &root),
        _ => {
            r.error(
                Code::WrongKind,
                root.pos,
                "not an obligation pack (expected kind: obligations)",
            );
            None
        }
    }
}

/// Loads packs alone (for `rules` and `explain`): the built-in ones, or those
/// named.
pub fn load_named_packs(names: &[String]) -> Result<Vec<Pack>, LoadFailure> {
    let mut diags = Diagnostics::default();
    let mut sources = SourceMap::default();
    let req = LoadRequest {
        paths: Vec::new(),
        policy: None,
        packs: names.to_vec(),
        // `rules` and `explain` read only the packs named on their command line.
        allow_external_packs: true,
    };
    let mut policy = UsagePolicy::builtin();
    if !names.is_empty() {
        policy.packs.clear();
    }
    let (packs, _) = load_packs(&req, &policy, &[], &[], &mut diags, &mut sources);
    if diags.has_errors() {
        diags.sort();
        return Err(LoadFailure { diags, sources });
    }
    Ok(packs)
}

fn with_article(word: &str) -> String {
    // By sound: "a usage-policy" but "an inventory", "an obligations pack".
    let vowel = word.starts_with(['a', 'e', 'i', 'o']);
    format!("{} {word}", if vowel { "an" } else { "a" })
}
