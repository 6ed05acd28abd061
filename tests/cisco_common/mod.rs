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
