//! The audit cycle: finding ids that survive edits, `--baseline` (only new
//! gaps fail the run), `vpnaudit diff` between two reports, and every bad
//! report given to either.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

const TINY_INVENTORY: &str = include_str!("fixtures/tiny/inventory.yaml");
const TINY_POLICY: &str = include_str!("fixtures/tiny/usage-policy.yaml");

/// A VPN with exactly one gap: no owner (BL-INV-01, low).
const NEW_VPN: &str = "  - id: t-new
    name: Shanghai office to Wuxi warehouse
    type: site-to-site
    protocol: ipsec
    purpose: internal-office
    local: { site: shanghai, country: CN }
    remote: { site: wuxi, country: CN }
    crypto: { ike_version: 2, ike: [sm4-sm3-sm2], esp: [sm4-sm3], pfs: true }
    logging:
      retention: 200d
      destination: syslog://log.tiny.example
      fields: [time, user, source, destination, action]
    authentication: { methods: [certificate], real_name: true }
    approval: { reference: NET-2026-9, approved: 2026-03-01, expires: 2027-03-01 }
    last_audit: 2026-10-10
";

/// A directory holding an estate (inventory.yaml, usage-policy.yaml).
struct Estate {
    dir: tempfile::TempDir,
}

impl Estate {
    fn new(inventory: &str, policy: &str) -> Estate {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("inventory.yaml"), inventory).unwrap();
        std::fs::write(dir.path().join("usage-policy.yaml"), policy).unwrap();
        Estate { dir }
    }

    fn tiny() -> Estate {
        Estate::new(TINY_INVENTORY, TINY_POLICY)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `audit` in the estate's directory; returns (exit code, stdout,
    /// stderr). The files are named, so reports written beside them are not
    /// walked.
    fn audit(&self, args: &[&str]) -> (i32, String, String) {
        let out = vpnaudit()
            .current_dir(self.dir.path())
            .args(["audit", "inventory.yaml", "--policy", "usage-policy.yaml"])
            .args(["--as-of", AS_OF, "--color", "never"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let (code, out, err) = self.audit(&all);
        let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{err}"));
        (code, v)
    }

    /// Writes this estate's JSON report to `name` (in the directory) and returns its path.
    fn save_report(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let (code, _, err) = self.audit(&["--format", "json", "-o", path.to_str().unwrap()]);
        assert!(code == 0 || code == 1, "{err}");
        path
    }
}

/// The inventory's header and VPN entries.
fn entries(inventory: &str) -> (String, Vec<String>) {
    let (head, body) = inventory.split_once("vpns:\n").unwrap();
    let items = body
        .split("\n\n")
        .map(|e| e.trim_end_matches('\n').to_string() + "\n")
        .collect();
    (format!("{head}vpns:\n"), items)
}

fn ids_by_target(report: &serde_json::Value) -> BTreeMap<(String, String), (String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["vpn"].as_str().unwrap().to_string(),
                ),
                (
                    f["finding_id"].as_str().unwrap().to_string(),
                    f["source"]["line"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

/// (rule, vpn) of the findings whose `change` is `which`.
fn changed(report: &serde_json::Value, which: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"] == which)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["vpn"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(rule: &str, vpn: &str) -> (String, String) {
    (rule.to_string(), vpn.to_string())
}

/// The tiny inventory with `t-new` added and `t-us-aes` given an owner.
fn one_added_one_fixed() -> String {
    let fixed = TINY_INVENTORY.replace(
        "  - id: t-us-aes\n",
        "  - id: t-us-aes\n    owner: netops@tiny.example\n",
    );
    format!(
        "{}\n{NEW_VPN}",
        fixed.trim_end_matches('\n').to_string() + "\n"
    )
}

// ---------------------------------------------------------------------------
// finding_id
// ---------------------------------------------------------------------------

#[test]
fn finding_ids_survive_reordering_line_shifts_and_unrelated_edits() {
    let before = Estate::tiny();
    let (_, first) = before.json(&["--show-passed"]);

    let (head, mut items) = entries(TINY_INVENTORY);
    items.reverse();
    let edited = format!(
        "# Reviewed at the 2026 Q4 audit.\n\n{head}\n\n{}",
        items.join("\n\n# --- next VPN ---\n\n")
    )
    // An unrelated field changes: the name and the circuit.
    .replace(
        "name: Shanghai office to Hong Kong hub",
        "name: Shanghai HQ to HK hub (renamed)",
    );
    assert_ne!(edited, TINY_INVENTORY);
    let after = Estate::new(&edited, TINY_POLICY);
    let (_, second) = after.json(&["--show-passed"]);

    let a = ids_by_target(&first);
    let b = ids_by_target(&second);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same checks apply"
    );
    let mut moved = 0;
    for (target, (id, line)) in &a {
        let (id2, line2) = &b[target];
        assert_eq!(id, id2, "{target:?}");
        if line != line2 {
            moved += 1;
        }
    }
    assert!(moved > 10, "the edit shifted lines ({moved} moved)");
    // The same gaps with the same ids: a baseline sees nothing new.
    std::fs::copy(before.save_report("run1.json"), after.path("run1.json")).unwrap();
    let (code, marked) = after.json(&["--baseline", "run1.json"]);
    assert_eq!(code, 0, "nothing new, nothing fails");
    assert!(changed(&marked, "new").is_empty());
    assert_eq!(changed(&marked, "existing").len(), 18);
}

// ---------------------------------------------------------------------------
// --baseline
// ---------------------------------------------------------------------------

#[test]
fn baseline_fails_only_on_the_new_gap() {
    let first = Estate::tiny();
    let baseline = first.save_report("run1.json");
    let second = Estate::new(&one_added_one_fixed(), TINY_POLICY);
    std::fs::copy(&baseline, second.path("run1.json")).unwrap();

    let (code, without) = second.json(&[]);
    assert_eq!(code, 1);
    assert!(
        changed(&without, "new").is_empty(),
        "no baseline, no change"
    );

    let (code, report) = second.json(&["--baseline", "run1.json"]);
    assert_eq!(code, 1, "the new gap fails the run");
    assert_eq!(changed(&report, "new"), [pair("BL-INV-01", "t-new")]);
    assert_eq!(changed(&report, "existing").len(), 17);
    assert!(!changed(&report, "existing").contains(&pair("BL-INV-01", "t-us-aes")));
    assert_eq!(report["summary"]["baseline"]["path"], "run1.json");
    assert_eq!(report["summary"]["baseline"]["as_of"], AS_OF);
    assert_eq!(report["summary"]["baseline"]["new"], 1);

    // Only the new gap decides: it is low, so --fail-on medium passes even
    // though critical gaps remain (they were in the baseline).
    let (code, _, _) = second.audit(&["--baseline", "run1.json", "--fail-on", "medium"]);
    assert_eq!(code, 0);
    let (code, _, _) = second.audit(&["--fail-on", "medium"]);
    assert_eq!(code, 1, "without the baseline the old gaps fail");

    // The verdict says why.
    let (_, table, _) = second.audit(&["--baseline", "run1.json"]);
    assert!(
        table.contains("verdict: FAIL (new unwaived gaps at or above low)"),
        "{table}"
    );

    // The CSV's change column.
    let (_, csv, _) = second.audit(&["--baseline", "run1.json", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let mut new_rows = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        assert!(["new", "existing"].contains(&&r[16]), "{r:?}");
        if &r[16] == "new" {
            new_rows.push((r[3].to_string(), r[5].to_string()));
        }
    }
    assert_eq!(new_rows, [pair("BL-INV-01", "t-new")]);

    // SARIF's baselineState.
    let (_, sarif, _) = second.audit(&["--baseline", "run1.json", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let new: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["baselineState"] == "new")
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["ruleId"], "BL-INV-01");
    assert!(
        results
            .iter()
            .all(|r| ["new", "unchanged"].contains(&r["baselineState"].as_str().unwrap()))
    );

    // GitHub annotations: gaps already in the baseline are notices.
    let (_, gh, _) = second.audit(&["--baseline", "run1.json", "--format", "github"]);
    assert!(!gh.lines().any(|l| l.starts_with("::error")), "{gh}");
    assert!(gh.contains("title=BL-INV-01::[low]"));
    assert!(gh.contains("1 new since the baseline run1.json"));
}

#[test]
fn baseline_with_only_a_fix_passes() {
    let first = Estate::tiny();
    let baseline = first.save_report("run1.json");
    let fixed = TINY_INVENTORY.replace(
        "  - id: t-us-aes\n",
        "  - id: t-us-aes\n    owner: netops@tiny.example\n",
    );
    let second = Estate::new(&fixed, TINY_POLICY);
    std::fs::copy(&baseline, second.path("run1.json")).unwrap();
    let (code, report) = second.json(&["--baseline", "run1.json"]);
    assert_eq!(code, 0);
    assert!(changed(&report, "new").is_empty());
    assert_eq!(
        report["summary"]["verdict"], "pass",
        "the JSON verdict follows the exit code"
    );
}

#[test]
fn a_gap_waived_in_the_baseline_that_fails_now_is_new() {
    let first = Estate::tiny();
    let baseline = first.save_report("run1.json");
    // The BL-CRY-03 waiver now ends before the audit date.
    let lapsed = TINY_POLICY.replace("expires: 2027-06-30", "expires: 2026-11-27");
    let second = Estate::new(TINY_INVENTORY, &lapsed);
    std::fs::copy(&baseline, second.path("run1.json")).unwrap();
    let (code, report) = second.json(&["--baseline", "run1.json"]);
    assert_eq!(code, 1);
    assert_eq!(changed(&report, "new"), [pair("BL-CRY-03", "t-gm-ikev1")]);
    // A finding waived in both runs is existing.
    let second = Estate::tiny();
    std::fs::copy(&baseline, second.path("run1.json")).unwrap();
    let (_, report) = second.json(&["--baseline", "run1.json"]);
    let waived: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "waived")
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["change"], "existing");
}

/// Runs `audit --baseline BASE -o out.json --csv out.csv` with an `out.json`
/// already there: exit 2, the error, and nothing written.
fn check_bad_baseline(base: &str, headline: &str) {
    let estate = Estate::tiny();
    std::fs::write(estate.path("base.json"), base).unwrap();
    std::fs::write(estate.path("out.json"), "previous\n").unwrap();
    let (code, out, err) = estate.audit(&[
        "--baseline",
        "base.json",
        "-o",
        "out.json",
        "--csv",
        "out.csv",
        "--xlsx",
        "out.xlsx",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    let first = err.lines().next().unwrap_or_default();
    match headline.strip_suffix('…') {
        Some(prefix) => assert!(first.starts_with(prefix), "{first}\nwant {headline}"),
        None => assert_eq!(first, headline),
    }
    assert!(
        err.contains(
            "= help: a baseline or diff input is a report written by `vpnaudit audit --format json`"
        ),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l == "1 error(s); nothing was audited"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(estate.path("out.json")).unwrap(),
        "previous\n"
    );
    assert!(!estate.path("out.csv").exists());
    assert!(!estate.path("out.xlsx").exists());
}

#[test]
fn bad_baselines_are_located_errors() {
    check_bad_baseline(
        "{\"schema\": \"vpnaudit-report/1\",\n \"as_of\": \"2026-11-28\",\n \"findings\": [\n",
        "base.json:4:1: error: not a JSON report: …",
    );
    check_bad_baseline(
        "kind: inventory\nversion: 1\n",
        "base.json:1:1: error: not a JSON report: …",
    );
    check_bad_baseline(
        "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\"\n}\n",
        "base.json:1:1: error: not a vpnaudit JSON report: no \"schema\": \"vpnaudit-report/1\"",
    );
    check_bad_baseline(
        "{\"schema\": \"vpnaudit-diff/1\", \"findings\": []}\n",
        "base.json:1:12: error: not a vpnaudit JSON report: schema is \"vpnaudit-diff/1\", expected \"vpnaudit-report/1\"",
    );
    check_bad_baseline(
        "[]\n",
        "base.json:1:1: error: not a vpnaudit JSON report: expected a mapping, found a list",
    );
}

#[test]
fn a_baseline_with_bad_findings_reports_each() {
    let estate = Estate::tiny();
    std::fs::write(
        estate.path("base.json"),
        r#"{"schema": "vpnaudit-report/1", "as_of": "2026-11-28",
 "findings": [
  {"status": "fail", "severity": "high", "rule": "CN-LOG-01", "vpn": "a"},
  {"finding_id": "XYZ", "status": "fail", "severity": "high", "rule": "CN-LOG-01", "vpn": "b"},
  {"finding_id": "0123456789abcdef", "status": "failed", "severity": "high", "rule": "CN-LOG-01", "vpn": "c"},
  {"finding_id": "0123456789abcdef", "status": "fail", "severity": "high", "rule": "CN-LOG-01", "vpn": "c"},
  {"finding_id": "0123456789abcdef", "status": "fail", "severity": "high", "rule": "CN-LOG-01", "vpn": "c"}
 ]}
"#,
    )
    .unwrap();
    let (code, _, err) = estate.audit(&["--baseline", "base.json"]);
    assert_eq!(code, 2);
    let headlines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        headlines,
        [
            "base.json:3:3: error: finding has no \"finding_id\"",
            "base.json:4:18: error: \"XYZ\" is not a finding_id (16 lower-case hex digits)",
            "base.json:5:48: error: \"failed\" is not one of fail, error, waived, pass",
            "base.json:7:18: error: finding_id 0123456789abcdef appears twice (first at line 6)",
        ],
        "{err}"
    );
    assert!(err.contains("4 error(s); nothing was audited"));
}

#[test]
fn a_missing_baseline_is_reported_with_the_estate_errors() {
    let estate = Estate::new(
        "kind: inventory\nversion: 1\nvpns:\n  - id: bad id\n",
        TINY_POLICY,
    );
    let (code, _, err) = estate.audit(&["--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.json:1:1: error: no such file or directory"),
        "{err}"
    );
    assert!(
        err.contains("inventory.yaml:4:9: error: \"bad id\" is not a valid id"),
        "{err}"
    );
    assert!(err.contains("2 error(s); nothing was audited"), "{err}");
}

/// The README keeps baselines in `.vpnaudit/` inside the policy repository:
/// a hidden directory is not walked, so the report is not read back as an
/// input (which would be a warning, failing `--deny-warnings`).
#[test]
fn a_baseline_in_a_hidden_directory_is_not_walked() {
    let estate = Estate::tiny();
    std::fs::create_dir(estate.path(".vpnaudit")).unwrap();
    let out = vpnaudit()
        .current_dir(estate.dir.path())
        .args(["audit", ".", "--as-of", AS_OF, "--format", "json"])
        .args(["-o", ".vpnaudit/baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = vpnaudit()
        .current_dir(estate.dir.path())
        .args(["audit", ".", "--as-of", AS_OF, "--deny-warnings"])
        .args(["--baseline", ".vpnaudit/baseline.json"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

// ---------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------

fn diff(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vpnaudit()
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// run1.json (the tiny estate) and run2.json (one VPN added, one fixed) in
/// one directory.
fn two_runs() -> Estate {
    let first = Estate::tiny();
    let run1 = first.save_report("run1.json");
    let second = Estate::new(&one_added_one_fixed(), TINY_POLICY);
    std::fs::copy(&run1, second.path("run1.json")).unwrap();
    second.save_report("run2.json");
    second
}

#[test]
fn diff_lists_exactly_the_change() {
    let runs = two_runs();
    let (code, out, err) = diff(
        runs.dir.path(),
        &["run1.json", "run2.json", "--format", "json"],
    );
    assert_eq!(code, 0, "a diff informs; it does not fail: {err}");
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["schema"], "vpnaudit-diff/1");
    assert_eq!(
        d["summary"],
        serde_json::json!({"new": 1, "resolved": 1, "persisting": 17, "changed": 0})
    );
    let by = |change: &str| -> Vec<(String, String)> {
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["change"] == change)
            .map(|f| pair(f["rule"].as_str().unwrap(), f["vpn"].as_str().unwrap()))
            .collect()
    };
    assert_eq!(by("new"), [pair("BL-INV-01", "t-new")]);
    assert_eq!(by("resolved"), [pair("BL-INV-01", "t-us-aes")]);
    let first = &d["findings"][0];
    assert_eq!(first["old"], serde_json::Value::Null);
    assert_eq!(first["new"]["status"], "fail");

    // The same as CSV and as a table.
    let (code, csv, _) = diff(
        runs.dir.path(),
        &["run1.json", "run2.json", "--format", "csv"],
    );
    assert_eq!(code, 0);
    assert!(csv.starts_with("change,finding_id,rule,vpn,vpn_name,title,owner,old_status,new_status,old_severity,new_severity,changes,message,source\r\n"));
    let rows: Vec<String> = csv.lines().skip(1).map(String::from).collect();
    assert_eq!(rows.len(), 19);
    assert!(rows[0].starts_with("new,") && rows[0].contains(",BL-INV-01,t-new,"));
    assert!(rows[1].starts_with("resolved,") && rows[1].contains(",BL-INV-01,t-us-aes,"));
    let (code, table, _) = diff(runs.dir.path(), &["run1.json", "run2.json"]);
    assert_eq!(code, 0);
    assert!(table.starts_with(
        "vpnaudit diff: run1.json (audit of 2026-11-28) → run2.json (audit of 2026-11-28)\n"
    ));
    assert!(
        table.ends_with("1 new, 1 resolved, 17 persisting (0 changed)\n"),
        "{table}"
    );
}

#[test]
fn diff_shows_severity_and_status_changes() {
    let first = Estate::tiny();
    let run1 = first.save_report("run1.json");
    // CN-XB-01 on t-sh-hk: raised to medium, and waived again.
    let policy = TINY_POLICY
        .replace("    expires: 2026-11-01", "    expires: 2027-11-01")
        .replace(
            "packs: [cn-vpn, vpn-baseline]",
            "packs: [cn-vpn, vpn-baseline]\noverrides:\n  CN-XB-01: { severity: medium }",
        );
    let second = Estate::new(TINY_INVENTORY, &policy);
    std::fs::copy(&run1, second.path("run1.json")).unwrap();
    second.save_report("run2.json");
    let (code, out, _) = diff(
        second.dir.path(),
        &["run1.json", "run2.json", "--format", "json"],
    );
    assert_eq!(code, 0);
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["summary"]["changed"], 1);
    assert_eq!(d["summary"]["new"], 0);
    assert_eq!(d["summary"]["resolved"], 0);
    let f = &d["findings"][0];
    assert_eq!(
        (f["rule"].as_str(), f["vpn"].as_str()),
        (Some("CN-XB-01"), Some("t-sh-hk"))
    );
    assert_eq!(f["change"], "persisting");
    assert_eq!(
        f["changes"],
        serde_json::json!(["severity low → medium", "status fail → waived"])
    );
    let (_, table, _) = diff(second.dir.path(), &["run1.json", "run2.json"]);
    assert!(table.contains("persisting (changed)"), "{table}");
    assert!(table.contains("low → medium"), "{table}");
    assert!(table.contains("fail → waived"), "{table}");
}

#[test]
fn diff_writes_to_an_output_file() {
    let runs = two_runs();
    let (code, out, _) = diff(
        runs.dir.path(),
        &[
            "run1.json",
            "run2.json",
            "--format",
            "json",
            "-o",
            "diff.json",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(runs.path("diff.json")).unwrap()).unwrap();
    assert_eq!(d["summary"]["new"], 1);
}

#[test]
fn diff_of_bad_inputs_reports_both() {
    let runs = two_runs();
    std::fs::write(
        runs.path("bad.json"),
        "{\"schema\": \"vpnaudit-report/2\"}\n",
    )
    .unwrap();
    let (code, out, err) = diff(runs.dir.path(), &["nope.json", "bad.json", "-o", "d.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let headlines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        headlines,
        [
            "nope.json:1:1: error: no such file or directory",
            "bad.json:1:12: error: not a vpnaudit JSON report: schema is \"vpnaudit-report/2\", expected \"vpnaudit-report/1\"",
        ],
        "{err}"
    );
    assert!(
        err.lines().any(|l| l == "2 error(s); nothing was compared"),
        "{err}"
    );
    assert!(!runs.path("d.json").exists());
    // One good, one bad: still exit 2.
    let (code, _, err) = diff(runs.dir.path(), &["run1.json", "bad.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("1 error(s); nothing was compared"));
    // A missing argument is a usage error.
    let (code, _, err) = diff(runs.dir.path(), &["run1.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("required"), "{err}");
}
