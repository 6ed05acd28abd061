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
