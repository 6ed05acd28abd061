//! The worked examples: the spec's tiny estate and the bundled acme sample
//! must give exactly their documented findings.

mod common;

use common::*;
use std::path::Path;

#[test]
fn tiny_example_gives_exactly_the_expected_findings() {
    let dir = "tests/fixtures/tiny";
    let (code, report) = audit_json(&[
        &format!("{dir}/inventory.yaml"),
        "--policy",
        &format!("{dir}/usage-policy.yaml"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&report),
        expected_triples(Path::new(&format!("{dir}/expected-findings.csv")))
    );
    // The expired waiver is named in the waiver column.
    let xb = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CN-XB-01")
        .unwrap();
    assert!(
        xb["waiver"]
            .as_str()
            .unwrap()
            .starts_with("expired 2026-11-01"),
        "{xb}"
    );
}

#[test]
fn acme_sample_gives_exactly_the_expected_findings() {
    let (code, report) = audit_json(&["samples/acme"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&report),
        expected_triples(Path::new("samples/acme/expected-findings.csv"))
    );
}

#[test]
fn acme_csv_twin_gives_the_same_findings_as_the_yaml() {
    // Passing checks too: the twin must link the same device configurations
    // (BL-EVD-01 passes, CN-LOG-03 met by a config log host ...).
    let (_, yaml) = audit_json(&[
        "samples/acme/inventory.yaml",
        "--policy",
        "samples/acme/usage-policy.yaml",
        "--show-passed",
    ]);
    let (_, csv) = audit_json(&[
        "samples/acme/inventory.csv",
        "--policy",
        "samples/acme/usage-policy.yaml",
        "--show-passed",
    ]);
    assert_eq!(triples(&yaml), triples(&csv));
    let strip = |r: &serde_json::Value| -> Vec<(String, String, String)> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["finding_id"].to_string(),
                    f["expected"].to_string(),
                    f["actual"].to_string(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&yaml), strip(&csv));
}

#[test]
fn json_inventory_gives_the_same_findings_as_yaml() {
    let policy = "tests/fixtures/tiny/usage-policy.yaml";
    let (_, yaml) = audit_json(&["tests/fixtures/tiny/inventory.yaml", "--policy", policy]);
    let (code, json) = audit_json(&[
        "tests/fixtures/tiny-json/inventory.json",
        "--policy",
        policy,
    ]);
    assert_eq!(code, 1);
    assert_eq!(triples(&yaml), triples(&json));
    // Sources point into the JSON file, at the blamed field's line.
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CN-LOG-01")
        .unwrap();
    assert_eq!(
        f["source"]["path"],
        "tests/fixtures/tiny-json/inventory.json"
    );
    let line = f["source"]["line"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string("tests/fixtures/tiny-json/inventory.json").unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("\"retention\": \"90d\"")
    );
}

#[test]
fn directory_walk_finds_policy_and_inventory_and_skips_other_files() {
    let dir = tiny_estate();
    let d = dir.path();
    std::fs::write(
        d.join("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\n",
    )
    .unwrap();
    std::fs::write(d.join("notes.yaml"), "just: [some, notes\n").unwrap();
    std::fs::write(d.join("gaps.csv"), "not,an,inventory\n").unwrap();
    std::fs::create_dir(d.join("ignored")).unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::copy(
        "tests/fixtures/tiny/inventory.yaml",
        d.join("ignored/inventory.yaml"),
    )
    .unwrap();
    let out = vpnaudit()
        .args([
            "audit",
            d.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        triples(&report),
        expected_triples(Path::new("tests/fixtures/tiny/expected-findings.csv"))
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped 2 file(s) that are not vpnaudit inputs"),
        "{stderr}"
    );
    assert_eq!(report["inputs"].as_array().unwrap().len(), 2);
}

#[test]
fn without_a_policy_the_builtin_default_applies_and_says_so() {
    let (code, report) = audit_json(&["tests/fixtures/tiny/inventory.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["policy"], "built-in default policy");
    let gov = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CN-GOV-01")
        .unwrap();
    assert_eq!(gov["status"], "fail");
    assert_eq!(gov["vpn"], "");
    assert_eq!(gov["source"]["path"], "(built-in policy)");
    assert_eq!(gov["actual"], "(missing)");
}

#[test]
fn reports_left_in_the_audited_directory_are_passed_over_silently() {
    let dir = tiny_estate();
    let d = dir.path();
    let first = vpnaudit()
        .args([
            "audit",
            d.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "-o",
        ])
        .arg(d.join("last-audit.json"))
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(1));
    let second = vpnaudit()
        .args([
            "audit",
            d.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
        ])
        .args(["--fail-on", "never", "--deny-warnings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("last-audit.json"), "{stderr}");
}

#[test]
fn evidence_outcomes_read_clearly() {
    let (_, report) = audit_json(&["samples/acme", "--show-passed"]);
    let find = |rule: &str, vpn: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["vpn"] == vpn)
            .cloned()
            .unwrap_or_else(|| panic!("no {rule} finding on {vpn}"))
    };
    // A pass shows the test that passed: here the device's log host.
    let log = find("CN-LOG-03", "sz-gz-01");
    assert_eq!(log["status"], "pass");
    assert_eq!(log["field"], "evidence.log_hosts");
    // Drift items contain commas, so they are separated by "; ".
    let drift = find("BL-EVD-01", "sdwan-apac");
    let actual = drift["actual"].as_str().unwrap();
    assert!(actual.contains("declared, not configured; "), "{actual}");
    // validate says which evidence could not be read.
    let out = vpnaudit()
        .args(["validate", "samples/acme", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: BL-EVD-02 on sh-mkt-us: samples/acme/configs/us-west-fgt-vm01.conf:51:"
        ),
        "{stderr}"
    );
}
