//! Reading one candidate file: its text read and parsed (a large inventory
//! streamed, its entries validated in parallel batches while the rest is
//! parsed), its kind told from its `kind:` key or its name.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::request::{Candidate, looks_like_ours};
use crate::model::input::Kind;
use crate::model::inventory::Vpn;
use crate::source::{Pos, files, read_text};
use crate::syntax::node::{Node, NodeValue};
use crate::syntax::{csv, json, yaml};
use crate::validate::inventory::read_vpn;
use crate::validate::read::Reader;

/// One candidate's outcome: what it parsed to, what was said about it, and
/// its text for snippets.
pub(super) type Outcome = (Option<Parsed>, Diagnostics, Option<(String, Arc<str>)>);

/// A parsed file.
pub(super) struct Parsed {
    pub(super) display: String,
    pub(super) kind: Kind,
    pub(super) sha256: String,
    pub(super) content: Content,
}

pub(super) enum Content {
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
    pub(super) fn tree(&self) -> Option<&Node> {
        match self {
            Content::Tree(root) | Content::Streamed(root, _) => Some(root),
            Content::Csv(_) => None,
        }
    }
}

/// One inventory entry, read: its written id (valid entry or not, so that a
/// duplicate is reported even beside another error), the VPN when usable,
/// and what was said about it.
pub(super) struct Entry {
    pub(super) id: Option<(String, Pos)>,
    pub(super) vpn: Option<Vpn>,
    pub(super) diags: Diagnostics,
}

pub(super) fn read_entry(node: Node, display: &str) -> Entry {
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
pub(super) const STREAM_BATCH: usize = 1024;

/// Runs `parse`, which hands inventory entries to the sink it is given as
/// it finds them, and reads those entries in parallel batches while the
/// rest of the file is still being parsed. An inventory of any size is thus
/// never held whole as a document tree: at most two batches per thread
/// wait to be read.
pub(super) fn read_streamed<R: Send>(
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

/// Reads and parses one candidate; a walked file that is not ours is skipped
/// with a note.
pub(super) fn parse_candidate(c: &Candidate) -> Outcome {
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

pub(super) fn show(n: &Node) -> String {
    match &n.value {
        NodeValue::Str(s) => format!("\"{s}\""),
        NodeValue::Int(i) => i.to_string(),
        _ => n.type_name().to_string(),
    }
}

/// Checks an inventory document's top level and takes its VPN entries out.
pub(super) fn take_inventory_entries(
    root: &mut Node,
    path: &str,
    diags: &mut Diagnostics,
) -> Vec<Node> {
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
