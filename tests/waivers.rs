//! The waiver lifecycle: required fields and one waiver per gap, then each
//! state — active, expiring within 30 days, expired (no longer waives),
//! stale (matches no failing finding) — in every report that lists waivers.

mod common;

use common::*;

const INVENTORY: &str = "tests/fixtures/tiny/inventory.yaml";
const POLICY: &str = "tests/fixtures/waivers/usage-policy.yaml";

fn run(cmd: &str, extra: &[&str]) -> (i32, String, String) {
    let out = vpnaudit()
        .args([
            cmd, INVENTORY, "--policy", POLICY, "--as-of", AS_OF, "--color", "never",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn waivers_need_every_field_and_waive_a_gap_once() {
    for cmd in ["validate", "audit"] {
        let out = vpnaudit()
            .args([
                cmd,
                "tests/bad/policy/inventory.yaml",
                "--policy",
                "tests/bad/policy/waiver-missing-fields.yaml",
                "--as-of",
                AS_OF,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        let headlines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
        assert_eq!(
            headlines,
            [
                "tests/bad/policy/waiver-missing-fields.yaml:5:5: error: waiver has no \"reason\"",
                "tests/bad/policy/waiver-missing-fields.yaml:10:5: error: waiver has no \"approved_by\"",
                "tests/bad/policy/waiver-missing-fields.yaml:15:5: error: waiver has no \"ticket\"",
                "tests/bad/policy/waiver-missing-fields.yaml:26:5: error: a second waiver of CN-GOV-02 on sh-fra-01 (the first is at line 20)",
            ],
            "{cmd}:\n{err}"
        );
        assert!(err.contains("4 error(s); nothing was audited"));
    }
}

#[test]
fn every_waiver_state_is_reported() {
    // validate and audit both warn about the stale waiver.
    let stale = "tests/fixtures/waivers/usage-policy.yaml:36:5: warning: stale waiver of BL-INV-01 on t-sh-hk: BL-INV-01 has no failing finding there; remove it";
    let (code, _, err) = run("validate", &[]);
    assert_eq!(code, 0);
    assert!(err.lines().any(|l| l == stale), "{err}");
    let (code, _, err) = run("validate", &["--deny-warnings"]);
    assert_eq!(code, 1, "{err}");

    let (code, table, err) = run("audit", &[]);
    assert_eq!(code, 1);
    assert!(err.lines().any(|l| l == stale), "{err}");
    // The expiring one is called out in the summary; the expired one no
    // longer waives.
    assert!(
        table.contains("waiver expiring soon: CN-LOG-01 on t-ra expires 2026-12-20 (RISK-15, ciso@tiny.example)"),
        "{table}"
    );

    let (_, json, _) = run("audit", &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let status = |rule: &str, vpn: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["vpn"] == vpn)
            .map(|f| f["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("BL-CRY-03", "t-gm-ikev1").as_deref(), Some("waived"));
    assert_eq!(status("CN-LOG-01", "t-ra").as_deref(), Some("waived"));
    assert_eq!(status("CN-XB-01", "t-sh-hk").as_deref(), Some("fail"));
    let waivers = v["summary"]["waivers"].as_array().unwrap();
    assert_eq!(waivers.len(), 4, "the JSON carries every waiver");
    let flags: Vec<(&str, bool, bool)> = waivers
        .iter()
        .map(|w| {
            (
                w["state"].as_str().unwrap(),
                w["expiring_soon"].as_bool().unwrap(),
                w["stale"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("active", false, false),
            ("active", true, false),
            ("expired", false, false),
            ("active", false, true)
        ]
    );

    // Markdown lists the expiring and the stale ones.
    let (_, md, _) = run("audit", &["--format", "markdown"]);
    assert!(
        md.contains("**Waivers expiring within 30 days** (1)"),
        "{md}"
    );
    assert!(md.contains("- `CN-LOG-01` on t-ra expires 2026-12-20 (RISK-15, ciso@tiny.example)"));
    assert!(md.contains("**Stale waivers** (1)"));

    // The workbook's Waivers sheet: every waiver, one state each.
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.xlsx");
    let (code, _, err) = run("audit", &["--xlsx", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = wb.worksheet_range("Waivers").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let states: Vec<(&str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("BL-CRY-03", "t-gm-ikev1", "active", "214"),
            ("CN-LOG-01", "t-ra", "expiring-soon", "22"),
            ("CN-XB-01", "t-sh-hk", "expired", "-27"),
            ("BL-INV-01", "t-sh-hk", "stale", "64"),
        ]
    );
    assert_eq!(rows[0][10], "Findings waived");
    assert_eq!(rows[1][10], "1");
    assert_eq!(rows[3][10], "0", "an expired waiver waives nothing");
}
