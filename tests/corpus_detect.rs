//! Format detection and reading over the whole corpus of real configurations
//! (`$VPNAUDIT_CORPUS`, default `../shared/corpus/configs` beside the
//! repository; skipped when absent). The files are read in place, never
//! copied. Every file must be put in its own dialect by `detect` (the few
//! exceptions are named), and every reader must survive every file of every
//! dialect.

use std::path::{Path, PathBuf};

use vpnaudit::evidence::{Dialect, NoIncludes, detect, read};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("VPNAUDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/configs"));
    dir.is_dir().then_some(dir)
}

/// Files whose dialect cannot or need not be detected, and why.
const EXCEPTIONS: &[(&str, Option<Dialect>)] = &[
    // Holds nothing but a comment.
    ("sql__net2net-psk__moon.swanctl.conf", None),
    // Mixes IOS and ASA syntax on purpose (batfish unit test); reads as IOS.
    ("batfish__unit__cisco_crypto.cfg", Some(Dialect::CiscoIos)),
];

#[test]
fn every_corpus_file_is_detected_as_its_dialect_and_read_by_every_reader() {
    let Some(root) = corpus() else { return };
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let Some(dialect) = Dialect::parse(&name) else {
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files.iter().filter(|f| f.is_file()) {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let file = f.file_name().unwrap().to_string_lossy().to_string();
            let want = EXCEPTIONS
                .iter()
                .find(|(n, _)| *n == file)
                .map_or(Some(dialect), |(_, d)| *d);
            let got = detect(&text);
            if got != want {
                wrong.push(format!(
                    "{name}/{file}: detected {got:?}, expected {want:?}"
                ));
            }
            // No reader may panic on any real file, whatever its dialect.
            for d in Dialect::ALL {
                let _ = read(d, &text, &mut NoIncludes);
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        checked >= 170,
        "only {checked} corpus files found under {}",
        root.display()
    );
}
