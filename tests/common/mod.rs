//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

pub const AS_OF: &str = "2026-11-28";

pub fn vpnaudit() -> Command {
    let mut c = Command::cargo_bin("vpnaudit").expect("binary builds");
    c.env_remove("NO_COLOR").env("COLUMNS", "160");
    c
}

/// Runs an audit and returns (exit code, parsed JSON report).
pub fn audit_json(args: &[&str]) -> (i32, serde_json::Value) {
    let out = vpnaudit()
        .arg("audit")
        .args(args)
        .args(["--as-of", AS_OF, "--format", "json"])
        .output()
        .expect("runs");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); exit {code}\nstdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// (rule, vpn, status) of every finding in a JSON report.
pub fn triples(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["vpn"].as_str().unwrap_or_default().to_string(),
                f["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Reads a `rule,vpn,status` CSV.
pub fn expected_triples(path: &Path) -> Vec<(String, String, String)> {
    let mut rdr = csv::Reader::from_path(path).expect("expected CSV");
    let mut v: Vec<_> = rdr
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect();
    v.sort();
    v
}

/// A temporary directory holding the tiny example's inventory and policy.
pub fn tiny_estate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["inventory.yaml", "usage-policy.yaml"] {
        std::fs::copy(format!("tests/fixtures/tiny/{f}"), dir.path().join(f))
            .expect("copy fixture");
    }
    dir
}
