//! Finding the inputs of an audit: the files named on the command line and
//! those found by walking directories (ignore files honoured, what is
//! skipped or excluded said in a note), each a candidate to read.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics, Level};
use crate::load::request::{Candidate, LoadRequest, looks_like_ours};
use crate::source::{display_path, files, io_reason};

pub(super) fn discover(
    req: &LoadRequest,
    diags: &mut Diagnostics,
) -> (Vec<Candidate>, Vec<PathBuf>) {
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
pub(super) fn note_ignored_inputs(dir: &Path, walked: &[PathBuf], diags: &mut Diagnostics) {
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
pub(super) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `path` (after following symlinks) lies inside one of `roots`;
/// `None` when it does not exist.
pub(super) fn inside_tree(path: &Path, roots: &[PathBuf]) -> Option<bool> {
    let real = std::fs::canonicalize(path).ok()?;
    Some(
        roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .any(|r| real.starts_with(r)),
    )
}
