//! The readers over the real configuration corpus (read in place, never
//! copied). Skipped quietly when the corpus is absent. Location:
//! `VPNAUDIT_CORPUS`, default `../shared/corpus/configs` beside the repository.
//!
//! - Every file of the four dialects parses, except the wireguard-android
//!   files that are broken on purpose (`broken`, `invalid-*`, `missing-*`,
//!   `syntax-error`, `unknown-*`), which must fail.
//! - A file with content yields at least one tunnel. "Content-free" files
//!   (only comments, or only `config setup`: the strongSwan `sql` scenarios
//!   whose connections live in a database) yield none.
//! - Every proposal of every tunnel normalises through the built-in
//!   catalogue with no unknown token.
//! - Detection: each file is claimed by its own dialect only; files of the
//!   other vendors' dialects are claimed by none of the four. The one file
//!   that holds nothing but a comment (`sql__net2net-psk__moon.swanctl.conf`)
//!   cannot be recognised from its content and must simply not be claimed
//!   by another dialect.
//! - Includes resolve relative to the file; a pattern matching nothing
//!   includes nothing, as a glob does (the corpus keeps
//!   `include swanctl_base.conf` of one scenario without that file).

#[path = "readers_common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::{DirIncludes, OURS, PLANTED, detect, read, unknown_tokens};
use vpnaudit::evidence::Dialect;

fn corpus() -> Option<PathBuf> {
    let root = std::env::var("VPNAUDIT_CORPUS")
        .unwrap_or_else(|_| format!("{}/../shared/corpus/configs", env!("CARGO_MANIFEST_DIR")));
    let root = PathBuf::from(root);
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("corpus not found at {}: skipped", root.display());
        None
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn text_of(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).expect("readable")).into_owned()
}

fn name_of(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn deliberately_broken(d: Dialect, name: &str) -> bool {
    d == Dialect::Wireguard
        && ["broken", "invalid-", "missing-", "syntax-error", "unknown-"]
            .iter()
            .any(|m| name.contains(m))
}

fn content_free(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "config setup")
}

const OTHERS: [&str; 5] = [
    "cisco-ios",
    "cisco-asa",
    "juniper-junos",
    "fortios",
    "h3c-comware",
];

#[test]
fn corpus_files_read_as_expected() {
    let Some(root) = corpus() else { return };
    let mut report = Vec::new();
    for d in OURS {
        let dir = root.join(d.as_str());
        let list = files(&dir);
        assert!(!list.is_empty(), "no corpus files for {d}");
        let (mut parsed, mut errored, mut tunnels) = (0, 0, 0);
        let (mut warned, mut defaulted, mut unknown_sides, mut located) = (0, 0, 0, 0);
        for f in &list {
            let name = name_of(f);
            let text = text_of(f);
            let mut inc = DirIncludes {
                base: dir.clone(),
                missing_ok: true,
            };
            let result = read(d, &text, &mut inc);
            if deliberately_broken(d, &name) {
                let e = result.expect_err(&format!("{d}/{name} is broken on purpose"));
                assert!(e.line >= 1 && !e.message.is_empty());
                errored += 1;
                continue;
            }
            let facts = result.unwrap_or_else(|e| panic!("{d}/{name}: {e:?}"));
            parsed += 1;
            tunnels += facts.tunnels.len();
            warned += facts.warnings.len();
            for w in &facts.warnings {
                assert!(w.line >= 1 && !w.message.is_empty(), "{d}/{name}: {w:?}");
                assert!(PLANTED.iter().all(|p| !w.message.contains(p)));
            }
            defaulted += facts
                .tunnels
                .iter()
                .filter(|t| !t.defaults.is_empty())
                .count();
            unknown_sides += facts
                .tunnels
                .iter()
                .filter(|t| !t.unresolved.is_empty())
                .count();
            located += facts
                .tunnels
                .iter()
                .filter(|t| t.lines.ike > 0 || t.lines.esp > 0 || t.lines.auth > 0)
                .count();
            if content_free(&text) {
                assert!(facts.tunnels.is_empty(), "{d}/{name}");
            } else {
                assert!(!facts.tunnels.is_empty(), "{d}/{name}: no tunnel");
            }
            let unknown = unknown_tokens(&facts);
            assert!(unknown.is_empty(), "{d}/{name}: unknown tokens {unknown:?}");
            for t in &facts.tunnels {
                assert!(t.line >= 1 && !t.name.is_empty(), "{d}/{name}");
                assert!(!t.auth.is_empty(), "{d}/{name}: {} has no auth", t.name);
            }
        }
        report.push(format!(
            "{d}: {} files, {parsed} parsed ({tunnels} tunnels: {located} with side lines, \
             {defaulted} with defaults, {unknown_sides} with a side unknown), {warned} warnings, \
             {errored} rejected as intended",
            list.len()
        ));
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn corpus_detection() {
    let Some(root) = corpus() else { return };
    for (i, d) in OURS.iter().enumerate() {
        for f in files(&root.join(d.as_str())) {
            let text = text_of(&f);
            let got = detect(&text);
            let name = name_of(&f);
            for (j, claimed) in got.iter().enumerate() {
                if j == i {
                    assert!(
                        *claimed || content_free(&text),
                        "{d}/{name} not recognised: {got:?}"
                    );
                    if content_free(&text) && !claimed {
                        eprintln!("{d}/{name}: content-free, not claimed by any dialect");
                    }
                } else {
                    assert!(!claimed, "{d}/{name} also claimed as {}", OURS[j]);
                }
            }
        }
    }
    for other in OTHERS {
        let list = files(&root.join(other));
        for f in list {
            let got = detect(&text_of(&f));
            assert_eq!(got, [false; 4], "{other}/{} claimed", name_of(&f));
        }
    }
}

/// Every reader survives every corpus file of every dialect (wrong dialect
/// included) and never echoes a test-plant marker.
#[test]
fn corpus_through_every_reader() {
    let Some(root) = corpus() else { return };
    for entry in files(&root).into_iter().chain(
        std::fs::read_dir(&root)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .flat_map(|e| files(&e.path())),
    ) {
        let text = text_of(&entry);
        for d in OURS {
            let mut inc = DirIncludes {
                base: entry.parent().unwrap().to_path_buf(),
                missing_ok: true,
            };
            let out = match read(d, &text, &mut inc) {
                Ok(f) => format!("{f:?}"),
                Err(e) => format!("{e:?}"),
            };
            assert!(PLANTED.iter().all(|p| !out.contains(p)));
        }
    }
}
