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

/// CN-XB-02's findings say which provision decided the required mechanism,
/// and an undeclared volume is `(missing)`, never a pass.
#[test]
fn data_export_findings_name_the_deciding_article() {
    let finding = |case: &str, vpn: &str| {
        let (_, report) = audit_json(&[&format!("tests/rules/CN-XB-02/{case}"), "--show-passed"]);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "CN-XB-02" && f["vpn"] == vpn)
            .unwrap_or_else(|| panic!("{case}: no CN-XB-02 finding on {vpn}"))
            .clone()
    };
    let f = finding("sensitive-20k", "fail-standard-contract");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.starts_with("data_export is standard-contract; expected security-assessment; also organisation.data_export.required is security-assessment (Art. 7(2): sensitive personal information of 20,000 individuals ≥ 10,000)"),
        "{msg}"
    );
    let f = finding("contract-tier-250k", "fail-exempt");
    assert!(
        f["message"].as_str().unwrap().contains(
            "standard-contract-or-certification (Art. 8: personal information of 250,000 individuals ≥ 100,000 and < 1,000,000)"
        ),
        "{f}"
    );
    let f = finding("cii-operator", "fail-certification");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("(Art. 7(1): a critical information infrastructure operator"),
        "{f}"
    );
    // A pass says why too.
    let f = finding("below-100k-exempt-with-basis", "pass-exempt-with-basis");
    assert_eq!(
        f["actual"],
        "none (Art. 5(4): personal information of 99,999 individuals < 100,000, none sensitive)"
    );
    for (case, vpn) in [
        ("volumes-undeclared", "fail-security-assessment"),
        ("cii-undeclared", "fail-security-assessment"),
    ] {
        let f = finding(case, vpn);
        assert_eq!(f["field"], "organisation.data_export.required", "{case}");
        assert_eq!(f["actual"], "(missing)", "{case}");
        // Located on the VPN, in the inventory.
        assert!(
            f["source"]["path"]
                .as_str()
                .unwrap()
                .ends_with("inventory.yaml"),
            "{f}"
        );
    }
}

/// `organisation.data_export` and the threshold parameters are checked
/// when the policy is read: located errors, nothing audited.
#[test]
fn bad_data_export_declarations_are_located_errors() {
    let cases = [
        (
            "  data_export: { individuals: 5000 }\n",
            "",
            "usage-policy.yaml:6:16: error: organisation.data_export has no \"sensitive_individuals\"",
        ),
        (
            "  data_export: { individuals: -1, sensitive_individuals: 0, important_data: false }\n",
            "",
            "usage-policy.yaml:6:31: error: individuals is a number of individuals: 0 or more",
        ),
        (
            "  data_export: { individuals: 5, sensitive_individuals: 0, important_data: no }\n",
            "",
            "usage-policy.yaml:6:76: error: expected true or false",
        ),
        (
            "",
            "parameters:\n  xb_contract_individuals: 2000000\n",
            "usage-policy.yaml:7:3: error: xb_contract_individuals (2000000) must be below xb_assessment_individuals (1000000)",
        ),
        (
            "",
            "parameters:\n  xb_assessment_sensitive_individuals: 0\n",
            "usage-policy.yaml:7:40: error: xb_assessment_sensitive_individuals is a number of individuals: 1 or more",
        ),
    ];
    for (org, params, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("usage-policy.yaml"),
            format!("kind: usage-policy\nversion: 1\norganisation:\n  country: CN\n  cii: false\n{org}{params}"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("inventory.yaml"),
            "kind: inventory\nversion: 1\nvpns:\n  - id: a\n",
        )
        .unwrap();
        let out = vpnaudit()
            .current_dir(dir.path())
            .args(["validate", "."])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{want}\n{err}");
        assert!(err.contains(want), "want {want}\n{err}");
    }
}

/// A licence's coverage or a service area that is not a province is a
/// located error (exit 2); a number or category that cannot count is a
/// located warning, which `--deny-warnings` turns into exit 1.
#[test]
fn licence_numbers_and_areas_are_checked_where_written() {
    let cases: [(&str, &str, i32, &str); 6] = [
        (
            "  licences:\n    - { number: B1-20230001, categories: [B13], coverage: [Atlantis] }\n",
            "",
            2,
            "usage-policy.yaml:7:60: error: \"Atlantis\" is not a province of mainland China (write CN-SH, 上海 or 沪, or nationwide)",
        ),
        (
            "",
            "    service_area: [上海, Hong Kong]\n",
            2,
            "inventory.yaml:6:24: error: \"Hong Kong\" is not a province of mainland China",
        ),
        (
            "  licences:\n    - { number: 京ICP备09042327号-1, categories: [B13] }\n",
            "",
            1,
            "usage-policy.yaml:7:17: warning: \"京ICP备09042327号-1\" is an ICP filing (备案) number, which records a website, not a telecom business licence: CN-OPS-01 does not count this licence",
        ),
        (
            "  licences:\n    - { number: B2-20230001, categories: [B21, B13] }\n",
            "",
            1,
            "usage-policy.yaml:7:48: warning: B13 is not on licence B2-20230001, which holds B2: CN-OPS-01 does not count it",
        ),
        (
            "  licences:\n    - { categories: [B13] }\n",
            "",
            1,
            "usage-policy.yaml:7:7: warning: a licence without its number: CN-OPS-01 does not count it",
        ),
        (
            "  licences:\n    - { number: 沪B1-20210388, categories: [B13], coverage: nationwide }\n",
            "",
            1,
            "usage-policy.yaml:7:60: warning: a licence issued by CN-SH (上海市) covers that province only (Telecommunications Regulations Art. 9), not nationwide",
        ),
    ];
    for (org, vpn, code, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("usage-policy.yaml"),
            format!(
                "kind: usage-policy\nversion: 1\norganisation:\n  country: CN\n  cii: false\n{org}"
            ),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("inventory.yaml"),
            format!("kind: inventory\nversion: 1\nvpns:\n  - id: a\n    type: service\n{vpn}"),
        )
        .unwrap();
        let out = vpnaudit()
            .current_dir(dir.path())
            .args(["validate", ".", "--deny-warnings"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{want}\n{err}");
        assert!(err.contains(want), "want {want}\n{err}");
    }
}
