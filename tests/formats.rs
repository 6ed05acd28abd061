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

// ---------------------------------------------------------------------------
// SARIF, JUnit, Markdown, GitHub annotations, XLSX
// ---------------------------------------------------------------------------

/// The unwaived gaps of a JSON report.
fn gaps_of(json: &serde_json::Value) -> Vec<&serde_json::Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" || f["status"] == "error")
        .collect()
}

fn json_report() -> serde_json::Value {
    serde_json::from_str(&run("json", &[])).unwrap()
}

/// The official SARIF 2.1.0 schema: the copy vendored in tests/schemas, and
/// (when the workspace's shared folder sits beside the repository, as in CI)
/// the shared one, which must be the same file.
fn sarif_validators() -> Vec<jsonschema::Validator> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let vendored = root.join("tests/schemas/sarif-schema-2.1.0.json");
    let mut texts = vec![std::fs::read_to_string(&vendored).unwrap()];
    let shared = root.join("../shared/schemas/sarif-schema-2.1.0.json");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        let a: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&texts[0]).unwrap();
        assert_eq!(a, b, "tests/schemas/ is a copy of the shared SARIF schema");
        texts.push(text);
    }
    texts
        .iter()
        .map(|t| {
            let schema: serde_json::Value = serde_json::from_str(t).unwrap();
            jsonschema::validator_for(&schema).unwrap()
        })
        .collect()
}

fn assert_valid_sarif(sarif: &serde_json::Value) {
    for v in sarif_validators() {
        let errors: Vec<String> = v
            .iter_errors(sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    }
}

#[test]
fn sarif_snapshot_is_valid_sarif_2_1_0() {
    let text = run("sarif", &[]);
    let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_valid_sarif(&sarif);
    // The validator bites: a level SARIF does not know is rejected.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "severe".into();
    assert!(sarif_validators().iter().all(|v| !v.is_valid(&broken)));
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .unwrap()
            .contains("sarif-schema-2.1.0")
    );
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "vpnaudit");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        assert!(r["help"]["markdown"].as_str().unwrap().contains("### "));
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            ["error", "warning", "note"]
                .contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
        assert!(
            r["properties"]["tags"]
                .as_array()
                .unwrap()
                .contains(&"security".into())
        );
    }
    // Every finding of the JSON report is a result, with its id as fingerprint.
    let json = json_report();
    let findings = json["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (res, f) in results.iter().zip(findings) {
        assert_eq!(res["ruleId"], f["rule"]);
        assert_eq!(res["partialFingerprints"]["vpnaudit/v1"], f["finding_id"]);
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], f["rule"]);
        let want = match f["severity"].as_str().unwrap() {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(res["level"], want, "{}", f["rule"]);
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], f["source"]["path"]);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], f["source"]["line"]);
        match f["status"].as_str().unwrap() {
            "waived" => {
                let s = &res["suppressions"][0];
                assert_eq!(s["kind"], "external");
                assert_eq!(s["status"], "accepted");
                assert_eq!(s["justification"], f["waiver"]);
            }
            _ => assert!(res.get("suppressions").is_none()),
        }
        // No baseline: no baseline state.
        assert!(res.get("baselineState").is_none());
    }
    assert!(results.iter().any(|r| r.get("suppressions").is_some()));
    insta::assert_snapshot!(text);
}

#[test]
fn sarif_with_passes_is_valid() {
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif", &["--show-passed"])).unwrap();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let pass = results
        .iter()
        .find(|r| r["kind"] == "pass")
        .expect("a pass");
    assert_eq!(pass["level"], "none");
}

#[test]
fn junit_snapshot_reads_back_with_the_right_counts() {
    let xml = run("junit", &[]);
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit a consumer reads");
    // One test case per (rule, target) that applied, passes included.
    let all: serde_json::Value = serde_json::from_str(&run("json", &["--show-passed"])).unwrap();
    let findings = all["findings"].as_array().unwrap();
    let count = |s: &str| findings.iter().filter(|f| f["status"] == s).count();
    assert_eq!(report.tests, findings.len());
    assert_eq!(report.failures, count("fail") + count("error"));
    assert_eq!(report.skipped, count("waived"));
    assert_eq!(report.errors, 0);
    assert_eq!((report.failures, report.skipped), (17, 1));
    assert!(count("pass") > 0);
    let suites: Vec<&str> = report.test_suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(suites, ["cn-vpn", "vpn-baseline"]);
    let cases: usize = report.test_suites.iter().map(|s| s.test_cases.len()).sum();
    assert_eq!(cases, findings.len());
    // The waived finding is skipped, with its waiver.
    let skipped = report
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .find(|c| matches!(c.status, quick_junit::TestCaseStatus::Skipped { .. }))
        .unwrap();
    assert!(skipped.name.as_str().starts_with("BL-CRY-03 t-gm-ikev1"));
    insta::assert_snapshot!(xml);
}

#[test]
fn markdown_snapshot() {
    let md = run("markdown", &[]);
    assert!(md.starts_with("## vpnaudit: audit of 2026-11-28\n"));
    assert!(md.contains("**FAIL** (unwaived gaps at or above low)"));
    assert!(md.contains("| critical | 2 |"));
    // The waived finding sits in a collapsible section.
    assert!(md.contains("<details><summary>1 waived</summary>"));
    // Every table row has the header's number of cells (no stray `|`).
    for line in md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('`'))
    {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "{line}");
    }
    insta::assert_snapshot!(md);
}

#[test]
fn github_snapshot() {
    let out = run("github", &[]);
    let lines: Vec<&str> = out.lines().collect();
    let json = json_report();
    let gaps = gaps_of(&json);
    // One command per gap, then the summary; waived findings are not emitted.
    assert_eq!(lines.len(), gaps.len() + 1);
    assert!(!out.contains("title=BL-CRY-03"));
    for (line, f) in lines.iter().zip(&gaps) {
        let level = match f["severity"].as_str().unwrap() {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "notice",
        };
        let want = format!(
            "::{level} file={},line={},title={}::",
            f["source"]["path"].as_str().unwrap(),
            f["source"]["line"],
            f["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&want), "{line}\nwant {want}");
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("::notice title=vpnaudit 2026-11-28::4 VPN(s)"),
        "{last}"
    );
    assert!(last.contains("verdict: FAIL"));
    insta::assert_snapshot!(out);
}

#[test]
fn new_formats_are_byte_identical_across_runs() {
    for f in ["sarif", "junit", "markdown", "github"] {
        assert_eq!(run(f, &[]), run(f, &[]), "{f}");
    }
}

fn xlsx_of(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.xlsx");
    let mut args = vec!["--xlsx", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    run("table", &args);
    (dir, path)
}

fn sheet_xml(path: &std::path::Path, sheet: usize) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn xlsx_workbook_reads_back() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (_dir, path) = xlsx_of(&[]);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Summary", "Findings", "Waivers", "Rules"]
    );

    // Findings: the CSV's header and rows, in the same order.
    let csv = run("csv", &[]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let findings = wb.worksheet_range("Findings").unwrap();
    let cells: Vec<Vec<String>> = findings
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0], header);
    assert_eq!(cells.len(), rows.len() + 1);
    for (got, want) in cells[1..].iter().zip(&rows) {
        // XLSX cells are never formulas, so they carry no CSV formula guard.
        let want: Vec<String> = want
            .iter()
            .map(|c| match c.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => {
                    rest.to_string()
                }
                _ => c.clone(),
            })
            .collect();
        assert_eq!(got, &want);
    }
    assert_eq!(cells[1][2], "critical");

    // Header frozen and filtered; severity highlighted.
    let xml = sheet_xml(&path, 2);
    assert!(
        xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{xml}"
    );
    assert!(xml.contains(&format!(r#"<autoFilter ref="A1:Q{}"/>"#, rows.len() + 1)));
    assert!(xml.contains("<col "), "column widths set");

    // Summary: verdict and counts.
    let summary = wb.worksheet_range("Summary").unwrap();
    let value = |label: &str| -> Data {
        summary
            .rows()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("{label}"))[1]
            .clone()
    };
    assert_eq!(value("Audit date"), Data::String(AS_OF.into()));
    assert_eq!(value("Gaps: critical"), Data::Float(2.0));
    assert_eq!(value("Gaps: total"), Data::Float(17.0));
    assert_eq!(value("Waived"), Data::Float(1.0));
    assert!(value("Verdict").to_string().starts_with("verdict: FAIL"));

    // Waivers: every waiver with its state.
    let waivers = wb.worksheet_range("Waivers").unwrap();
    let rows: Vec<Vec<String>> = waivers
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["Rule", "Target", "State"]);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][..3], ["BL-CRY-03", "t-gm-ikev1", "active"]);
    assert_eq!(rows[2][..3], ["CN-XB-01", "t-sh-hk", "expired"]);
    assert!(sheet_xml(&path, 3).contains(r#"state="frozen""#));

    // Rules: every rule, with its counts.
    let rules = wb.worksheet_range("Rules").unwrap();
    let r: Vec<Vec<String>> = rules
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(r.len(), 32);
    let cry03 = r.iter().find(|row| row[0] == "BL-CRY-03").unwrap();
    assert_eq!(cry03[8], "1", "waived count");

    // The whole workbook, cell by cell, as a snapshot.
    let mut dump = String::new();
    for name in wb.sheet_names() {
        dump.push_str(&format!("== {name}\n"));
        for row in wb.worksheet_range(&name).unwrap().rows() {
            let cells: Vec<String> = row.iter().map(|c| format!("{c:?}")).collect();
            dump.push_str(&cells.join(" | "));
            dump.push('\n');
        }
    }
    insta::assert_snapshot!("xlsx_cells", dump);
}

#[test]
fn xlsx_is_byte_identical_across_runs() {
    let (_a, p) = xlsx_of(&[]);
    let (_b, q) = xlsx_of(&[]);
    assert_eq!(std::fs::read(p).unwrap(), std::fs::read(q).unwrap());
}

#[test]
fn markdown_folds_long_lists() {
    let out = vpnaudit()
        .args([
            "audit",
            "samples/acme",
            "--as-of",
            AS_OF,
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("### Gaps (56)\n\n<details><summary>56 gap(s)</summary>\n\n| Severity |"),
        "{md}"
    );
    assert!(md.contains("**Waivers expiring within 30 days** (1)"));
    assert!(md.contains("**Stale waivers** (1)"));
}

/// Notifications (a stale waiver) and a rule the policy disables are valid
/// SARIF too.
#[test]
fn sarif_with_disabled_rules_and_warnings_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let policy = std::fs::read_to_string("tests/fixtures/waivers/usage-policy.yaml")
        .unwrap()
        .replace(
            "packs: [cn-vpn, vpn-baseline]",
            "packs: [cn-vpn, vpn-baseline]\noverrides:\n  CN-XB-02: { enabled: false, reason: handled by the privacy team }",
        );
    let policy_path = dir.path().join("usage-policy.yaml");
    std::fs::write(&policy_path, policy).unwrap();
    let out = vpnaudit()
        .args(["audit", "tests/fixtures/tiny/inventory.yaml", "--policy"])
        .arg(&policy_path)
        .args(["--as-of", AS_OF, "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&sarif);
    let invocation = &sarif["runs"][0]["invocations"][0];
    let o = &invocation["ruleConfigurationOverrides"][0];
    assert_eq!(o["descriptor"]["id"], "CN-XB-02");
    assert_eq!(o["configuration"]["enabled"], false);
    assert_eq!(
        o["configuration"]["properties"]["reason"],
        "handled by the privacy team"
    );
    let index = o["descriptor"]["index"].as_u64().unwrap() as usize;
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        "CN-XB-02"
    );
    let n = &invocation["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "warning");
    assert!(
        n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("stale waiver of BL-INV-01")
    );
    assert_eq!(
        n["locations"][0]["physicalLocation"]["region"]["startLine"], 38,
        "the stale waiver's line (two lines below the fixture's: the override)"
    );
}

/// The located estate: one VPN judged on three connections of a strongSwan
/// file, one of which offers MD5 and one no PFS.
fn located(format: &str) -> String {
    let out = vpnaudit()
        .args(["audit", "tests/fixtures/locations"])
        .args(["--as-of", AS_OF, "--format", format, "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).unwrap()
}

const LOCATED_CONF: &str = "tests/fixtures/locations/gw.ipsec.conf";
const LOCATED_INV: &str = "tests/fixtures/locations/inventory.yaml";

#[test]
fn a_finding_decided_in_a_config_points_at_its_line_in_every_format() {
    let conf = std::fs::read_to_string(LOCATED_CONF).unwrap();
    let line_of = |text: &str| 1 + conf.lines().position(|l| l.trim() == text).unwrap();
    let (md5, nopfs) = (
        line_of("esp=aes128-md5-modp2048!"),
        line_of("esp=aes256gcm16!"),
    );
    let inv = std::fs::read_to_string(LOCATED_INV).unwrap();
    // The inventory line related is the VPN's link to its configuration.
    let entry = 1 + inv
        .lines()
        .position(|l| l.contains("config: gw.ipsec.conf"))
        .unwrap();

    // JSON: the config line leads, the inventory entry is related.
    let json: serde_json::Value = serde_json::from_str(&located("json")).unwrap();
    let f = |rule: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()
            .clone()
    };
    for (rule, line, tunnel) in [("BL-CRY-01", md5, "weak"), ("BL-CRY-04", nopfs, "nopfs")] {
        let f = f(rule);
        assert_eq!(f["source"]["path"], LOCATED_CONF, "{rule}");
        assert_eq!(f["source"]["line"], line, "{rule}");
        assert_eq!(f["related"][0]["path"], LOCATED_INV, "{rule}");
        assert_eq!(f["related"][0]["line"], entry, "{rule}");
        let m = f["message"].as_str().unwrap();
        assert!(
            m.contains(&format!("decided by tunnel {tunnel} (line {line})")),
            "{rule}: {m}"
        );
    }
    // A finding on the inventory's own fields has no related location.
    assert_eq!(f("CN-GOV-01")["related"], serde_json::json!([]));

    // CSV: `source` is the config line.
    let csv = located("csv");
    assert!(csv.contains(&format!(",{LOCATED_CONF}:{md5},")), "{csv}");

    // SARIF: valid, the config region first, the inventory entry related.
    let sarif: serde_json::Value = serde_json::from_str(&located("sarif")).unwrap();
    assert_valid_sarif(&sarif);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "BL-CRY-01")
        .unwrap();
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], LOCATED_CONF);
    assert_eq!(loc["region"]["startLine"], md5);
    let rel = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(rel["artifactLocation"]["uri"], LOCATED_INV);
    assert_eq!(rel["region"]["startLine"], entry);

    // JUnit: the inventory line beside the source.
    let junit = located("junit");
    assert!(
        junit.contains(&format!(
            "source: {LOCATED_CONF}:{md5}\ninventory: {LOCATED_INV}:{entry}"
        )),
        "{junit}"
    );

    // Table and Markdown: both places, the config first.
    let table = located("table");
    let both = format!("{LOCATED_CONF}:{md5}");
    assert!(table.contains(&both), "{table}");
    assert!(table.contains(&format!("{LOCATED_INV}:{entry}")), "{table}");
    let md = located("markdown");
    assert!(
        md.contains(&format!("{LOCATED_CONF}:{md5}<br>{LOCATED_INV}:{entry}")),
        "{md}"
    );
}

#[test]
fn reader_warnings_reach_the_audit_located_and_facts_shows_each_side() {
    let out = vpnaudit()
        .args(["audit", "tests/fixtures/locations", "--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let conf = std::fs::read_to_string(LOCATED_CONF).unwrap();
    let spare = 1 + conf.lines().position(|l| l == "conn spare").unwrap();
    assert!(
        stderr.contains(&format!(
            "{LOCATED_CONF}:{spare}:1: warning: conn \"spare\" is not loaded"
        )),
        "{stderr}"
    );
    // No snippet of a configuration line: one may hold a secret.
    assert!(!stderr.contains("auto=ignore\n"), "{stderr}");
    // `--deny-warnings` makes the reader's warning fail the run.
    let allowed = vpnaudit()
        .args(["audit", "tests/fixtures/locations", "--as-of", AS_OF])
        .args(["--fail-on", "critical"])
        .output()
        .unwrap();
    assert_eq!(allowed.status.code(), Some(0));
    let denied = vpnaudit()
        .args(["audit", "tests/fixtures/locations", "--as-of", AS_OF])
        .args(["--fail-on", "critical", "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));

    let facts = vpnaudit().args(["facts", LOCATED_CONF]).output().unwrap();
    let table = String::from_utf8(facts.stdout).unwrap();
    assert!(table.contains("IKE algorithms") && table.contains("ESP/TLS algorithms"));
    // The weak connection's MD5 is on its ESP side, not its IKE side.
    let weak = table.lines().find(|l| l.contains(" weak ")).unwrap();
    let cells: Vec<&str> = weak.split('┆').map(str::trim).collect();
    assert!(
        !cells[4].contains("MD5") && cells[5].contains("MD5"),
        "{weak}"
    );
    assert!(
        table.contains(&format!("{LOCATED_CONF}:{spare}: warning: conn \"spare\"")),
        "{table}"
    );
}

/// Every format of the emitter table has its snapshot here, and `--format`
/// accepts exactly the text formats of the table: adding a format is a
/// module, a table row and a snapshot.
#[test]
fn every_format_in_the_emitter_table_has_a_snapshot() {
    let snapshots: Vec<String> = std::fs::read_dir("tests/snapshots")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("formats__"))
        .collect();
    for e in vpnaudit::report::EMITTERS {
        let prefix = format!("formats__{}_", e.name);
        assert!(
            snapshots.iter().any(|n| n.starts_with(&prefix)),
            "no snapshot tests/snapshots/{prefix}*.snap for the {} format",
            e.name
        );
        let out = vpnaudit()
            .args([
                "audit",
                "tests/fixtures/tiny/inventory.yaml",
                "--as-of",
                AS_OF,
            ])
            .args(["--format", e.name])
            .output()
            .unwrap();
        let accepted = out.status.code() != Some(2);
        assert_eq!(
            accepted,
            e.text,
            "--format {}: {}",
            e.name,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------------
// GitLab Code Quality; every format from one audit
// ---------------------------------------------------------------------------

fn assert_valid_gitlab(report: &serde_json::Value) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/schemas/gitlab-codequality.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "invalid Code Quality report:\n{}",
        errors.join("\n")
    );
}

#[test]
fn gitlab_snapshot_has_the_fields_gitlab_reads() {
    let out = run("gitlab", &[]);
    assert!(
        !out.starts_with('\u{feff}'),
        "GitLab refuses a byte-order mark"
    );
    let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_valid_gitlab(&issues);
    let json = json_report();
    let gaps = gaps_of(&json);
    let issues = issues.as_array().unwrap();
    // One issue per unwaived gap, in report order; the waived one is left out.
    assert_eq!(issues.len(), gaps.len());
    assert!(gaps.len() < json["findings"].as_array().unwrap().len());
    for (i, f) in issues.iter().zip(&gaps) {
        assert_eq!(i["fingerprint"], f["finding_id"]);
        assert_eq!(i["check_name"], f["rule"]);
        let want = match f["severity"].as_str().unwrap() {
            "critical" => "blocker",
            "high" => "critical",
            "medium" => "major",
            "low" => "minor",
            _ => "info",
        };
        assert_eq!(i["severity"], want);
        assert_eq!(i["location"]["path"], f["source"]["path"]);
        assert_eq!(i["location"]["lines"]["begin"], f["source"]["line"]);
        assert!(
            i["description"]
                .as_str()
                .unwrap()
                .contains(f["message"].as_str().unwrap())
        );
    }
    insta::assert_snapshot!(out);
}

/// `--NAME FILE` for every format of the emitter table, all in one audit:
/// each file is what `--format NAME` prints alone, and the workbook has the
/// same sheets as one written by itself.
#[test]
fn one_audit_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = Vec::new();
    for e in vpnaudit::report::EMITTERS {
        args.push(format!("--{}", e.name));
        args.push(dir.path().join(e.name).to_str().unwrap().to_string());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let stdout = run("json", &refs);
    assert_eq!(stdout, run("json", &[]), "stdout is unchanged by the files");
    let (_alone_dir, alone) = xlsx_of(&[]);
    for e in vpnaudit::report::EMITTERS {
        let path = dir.path().join(e.name);
        if e.text {
            let written = std::fs::read_to_string(&path).unwrap();
            assert_eq!(written, run(e.name, &[]), "--{} FILE", e.name);
        } else {
            for sheet in 1..=4 {
                assert_eq!(
                    sheet_xml(&path, sheet),
                    sheet_xml(&alone, sheet),
                    "--{}",
                    e.name
                );
            }
        }
    }
}
