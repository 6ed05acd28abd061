//! Every output format, snapshot-tested on the same findings (the spec's
//! tiny example), plus the properties each format promises.

mod common;

use common::*;

fn run(format: &str, extra: &[&str]) -> String {
    let out = vpnaudit()
        .args([
            "audit",
            "tests/fixtures/tiny/inventory.yaml",
            "--policy",
            "tests/fixtures/tiny/usage-policy.yaml",
        ])
        .args(["--as-of", AS_OF, "--format", format, "--color", "never"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!(run("table", &[]));
}

#[test]
fn csv_snapshot() {
    let csv = run("csv", &[]);
    assert!(csv.starts_with(
        "finding_id,status,severity,rule,title,vpn,vpn_name,owner,field,expected,actual,message,references,remediation,source,waiver,change\r\n"
    ));
    insta::assert_snapshot!(csv);
}

#[test]
fn json_snapshot() {
    let json = run("json", &[]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "vpnaudit-report/1");
    assert_eq!(v["as_of"], AS_OF);
    for input in v["inputs"].as_array().unwrap() {
        assert_eq!(input["sha256"].as_str().unwrap().len(), 64);
    }
    insta::assert_snapshot!(json);
}

#[test]
fn show_passed_adds_pass_rows_in_every_format() {
    let csv = run("csv", &["--show-passed"]);
    assert!(csv.lines().any(|l| l.split(',').nth(1) == Some("pass")));
    let json = run("json", &["--show-passed"]);
    assert!(json.contains("\"status\": \"pass\""));
    let plain = run("csv", &[]);
    assert!(!plain.lines().any(|l| l.split(',').nth(1) == Some("pass")));
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    for f in ["csv", "json", "table"] {
        assert_eq!(run(f, &[]), run(f, &[]), "{f}");
    }
}
