//! Every rule against its cases: `tests/rules/<RULE>/<case>/` holds an
//! inventory (and optionally a usage policy) and `expected.csv` listing, for
//! that rule only, every finding the case must produce (pass, fail, waived).
//! VPNs not listed must be out of the rule's scope.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

#[test]
fn every_rule_case_gives_its_expected_findings() {
    let mut outcomes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut cases = 0;
    for rule_dir in sorted_dirs(Path::new("tests/rules")) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        for case in sorted_dirs(&rule_dir) {
            cases += 1;
            let (_, report) = audit_json(&[case.to_str().unwrap(), "--show-passed"]);
            let got: Vec<_> = triples(&report)
                .into_iter()
                .filter(|(r, _, _)| *r == rule)
                .collect();
            let want = expected_triples(&case.join("expected.csv"));
            if got != want {
                failures.push(format!(
                    "{}:\n  expected {want:?}\n  got      {got:?}",
                    case.display()
                ));
            }
            let e = outcomes.entry(rule.clone()).or_default();
            e.0 += want.iter().filter(|t| t.2 == "pass").count();
            e.1 += want
                .iter()
                .filter(|t| t.2 == "fail" || t.2 == "error")
                .count();
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases > 50, "only {cases} cases found");
    // Every built-in rule has a passing and a failing case.
    let listed = common::vpnaudit()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    for r in rules.as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let (pass, fail) = outcomes.get(id).copied().unwrap_or_default();
        assert!(
            pass > 0 && fail > 0,
            "{id}: {pass} passing and {fail} failing case(s)"
        );
    }
}

fn sorted_dirs(p: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}
