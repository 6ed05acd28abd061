//! Helpers shared by the Cisco IOS and ASA reader tests.
#![allow(dead_code)]

use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::{ConfigFacts, Tunnel};

/// A fixture of `tests/fixtures/<dir>/`.
pub fn fixture(dir: &str, name: &str) -> String {
    let path = format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn assert_no_secret(what: &str, text: &str) {
    for needle in ["PLANTED", "7f3a9"] {
        assert!(!text.contains(needle), "{what} leaks a secret: {text}");
    }
}

/// Reads every fixture of `tests/fixtures/<dir>/` whole and cut every
/// `step` bytes: nothing `read` gives back, facts or error, may quote a
/// planted secret. Returns the fixtures' paths and texts.
pub fn assert_cuts_keep_secrets<F: std::fmt::Debug, E: std::fmt::Debug>(
    dir: &str,
    step: usize,
    read: impl Fn(&str) -> Result<F, E>,
) -> Vec<(std::path::PathBuf, String)> {
    let dir = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut fixtures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixture dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("fixture");
        let cuts = (0..text.len()).step_by(step).chain([text.len()]);
        for cut in cuts.filter(|&c| text.is_char_boundary(c)) {
            let out = match read(&text[..cut]) {
                Ok(f) => format!("{f:?}"),
                Err(e) => format!("{e:?}"),
            };
            assert_no_secret(&format!("{path:?} cut at {cut}"), &out);
        }
        fixtures.push((path, text));
    }
    fixtures
}

pub fn tunnel<'f>(facts: &'f ConfigFacts, name: &str) -> &'f Tunnel {
    facts
        .tunnels
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tunnel {name} in {:?}", names(facts)))
}

pub fn names(facts: &ConfigFacts) -> Vec<&str> {
    facts.tunnels.iter().map(|t| t.name.as_str()).collect()
}

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The canonical algorithms of some proposals, sorted.
pub fn algorithms(proposals: &[String]) -> Vec<String> {
    let cat = Catalogue::builtin();
    let mut out: Vec<String> = proposals
        .iter()
        .flat_map(|p| {
            cat.normalise(p)
                .names()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Values that follow a secret keyword (`key X`, `pre-shared-key X`,
/// `secret 9 X`, ...) in a configuration.
pub fn secret_values(text: &str) -> Vec<String> {
    const KEYWORDS: [&str; 7] = [
        "key",
        "pre-shared-key",
        "password",
        "secret",
        "community",
        "key-string",
        "passwd",
    ];
    let mut out = Vec::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in w.iter().enumerate() {
            if !KEYWORDS.contains(word) {
                continue;
            }
            let mut j = i + 1;
            // `pre-shared-key local|remote X`, `key 7 X`
            while w
                .get(j)
                .is_some_and(|t| t.len() == 1 || *t == "local" || *t == "remote")
            {
                j += 1;
            }
            if let Some(v) = w.get(j).filter(|v| v.len() >= 8) {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// The warnings are in line order and point into the file, and neither
/// they nor any tunnel's unresolved notes or defaults quote a secret of
/// the text.
pub fn assert_warnings_clean(name: &str, text: &str, facts: &ConfigFacts) {
    let lines = text.lines().count() as u32;
    let mut last = 0;
    for w in &facts.warnings {
        assert!(
            w.line >= last,
            "{name}: warnings out of order: {:?}",
            facts.warnings
        );
        assert!(
            (1..=lines).contains(&w.line),
            "{name}: warning at line {} of {lines}: {}",
            w.line,
            w.message
        );
        last = w.line;
    }
    let notes: Vec<&String> = facts
        .warnings
        .iter()
        .map(|w| &w.message)
        .chain(
            facts
                .tunnels
                .iter()
                .flat_map(|t| t.unresolved.iter().chain(&t.defaults)),
        )
        .collect();
    let secrets = secret_values(text);
    for n in &notes {
        assert_no_secret(name, n);
        for s in &secrets {
            assert!(!n.contains(s.as_str()), "{name}: {n:?} quotes a secret");
        }
    }
}

/// The messages of the warnings at `line`.
pub fn warnings_at(facts: &ConfigFacts, line: u32) -> Vec<&str> {
    facts
        .warnings
        .iter()
        .filter(|w| w.line == line)
        .map(|w| w.message.as_str())
        .collect()
}

/// The lines that carry warnings, in order, without repeats.
pub fn warning_lines(facts: &ConfigFacts) -> Vec<u32> {
    let mut v: Vec<u32> = facts.warnings.iter().map(|w| w.line).collect();
    v.dedup();
    v
}
