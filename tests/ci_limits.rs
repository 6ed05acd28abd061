//! A large estate within the platforms' limits: SARIF at most 25,000
//! results per run (GitHub code scanning rejects more), the Markdown summary
//! at most 1 MiB (GitHub's step-summary limit). Over a limit, new and then
//! the most severe findings are kept, and the output says how many were
//! left out and where every finding is.

#[allow(dead_code)]
#[path = "../benches/support/estate_gen.rs"]
mod estate_gen;

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use estate_gen::{Format, Options, generate};

/// `vpns` VPNs of one generated estate: a smaller one is the larger one's
/// first VPNs, so a baseline from it leaves the rest's gaps new.
fn estate(dir: &Path, vpns: usize) {
    let mut o = Options::new(vpns, Format::Json);
    o.seed = 2;
    generate(dir, &o).unwrap();
}

fn rank(f: &serde_json::Value) -> (u8, bool, usize) {
    let class = match f["status"].as_str().unwrap() {
        "fail" | "error" => 0,
        "waived" => 1,
        _ => 2,
    };
    let severity = ["critical", "high", "medium", "low", "info"]
        .iter()
        .position(|s| f["severity"] == *s)
        .unwrap();
    (class, f["change"] != "new", severity)
}

/// `vpnaudit audit ARGS --as-of AS_OF`, which must find gaps (exit 1).
fn gaps_found(args: &[&str]) {
    let out = vpnaudit()
        .arg("audit")
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn a_large_estate_fits_github_limits_and_says_what_it_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    estate(&old, 3_700);
    estate(&new, 4_000);
    let baseline = tmp.path().join("baseline.json");
    let path = |p: &Path| p.to_str().unwrap().to_string();
    gaps_found(&[&path(&old), "--format", "json", "-o", &path(&baseline)]);

    let [sarif, md, json] = ["audit.sarif", "summary.md", "all.json"].map(|n| tmp.path().join(n));
    gaps_found(&[
        &path(&new),
        "--baseline",
        &path(&baseline),
        "--sarif",
        &path(&sarif),
        "--markdown",
        &path(&md),
        "--json",
        &path(&json),
    ]);

    let all: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let findings = all["findings"].as_array().unwrap();
    assert!(
        findings.len() > 25_000,
        "the estate is over the limit: {}",
        findings.len()
    );
    assert!(findings.iter().any(|f| f["change"] == "new"));
    assert!(findings.iter().any(|f| f["change"] == "existing"));

    // SARIF: exactly the limit, and nothing left out outranks what was kept.
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    let left = findings.len() - 25_000;
    assert_eq!(run["properties"]["results_left_out"], left);
    let note = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"]["text"].as_str().unwrap())
        .find(|t| t.contains("left out"))
        .expect("a notification says what was left out");
    assert!(
        note.starts_with(&format!("{left} of {} finding(s) left out", findings.len())),
        "{note}"
    );
    assert!(note.contains(&json.display().to_string()), "{note}");
    let kept: HashMap<&str, ()> = results
        .iter()
        .map(|r| {
            (
                r["partialFingerprints"]["vpnaudit/v1"].as_str().unwrap(),
                (),
            )
        })
        .collect();
    let (mut worst_kept, mut best_left) = ((0, false, 0), (9, true, 9));
    for f in findings {
        let r = rank(f);
        if kept.contains_key(f["finding_id"].as_str().unwrap()) {
            worst_kept = worst_kept.max(r);
        } else {
            best_left = best_left.min(r);
        }
    }
    assert!(
        worst_kept <= best_left,
        "kept {worst_kept:?}, left out {best_left:?}"
    );

    // Markdown: at most 1 MiB, new gaps first, and a note at the end.
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.len() <= 1024 * 1024, "{} bytes", text.len());
    let new_at = text.find("### New gaps (").unwrap();
    let known_at = text.find("### Known gaps (").unwrap();
    assert!(new_at < known_at);
    let last = text.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("> **") && last.contains("left out"),
        "{last}"
    );
    assert!(last.contains("1024 KiB"), "{last}");
    // Every new gap is listed (they fit), in the unfolded first section.
    let new_gaps = findings
        .iter()
        .filter(|f| f["change"] == "new" && (f["status"] == "fail" || f["status"] == "error"))
        .count();
    let section = &text[new_at..known_at];
    assert!(section.starts_with(&format!("### New gaps ({new_gaps})")));
    assert!(!section.contains("<details>"));
    assert_eq!(
        section.lines().filter(|l| l.starts_with("| new ")).count(),
        new_gaps
    );
}
