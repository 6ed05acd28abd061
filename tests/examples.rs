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
    let (_, yaml) = audit_json(&[
        "samples/acme/inventory.yaml",
        "--policy",
        "samples/acme/usage-policy.yaml",
    ]);
    let (_, csv) = audit_json(&[
        "samples/acme/inventory.csv",
        "--policy",
        "samples/acme/usage-policy.yaml",
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
