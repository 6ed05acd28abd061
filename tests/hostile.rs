//! Hostile inputs at scale: each is a located error or a bounded, quiet
//! skip — never a hang, a crash or an unbounded report.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[test]
fn a_100_mb_scalar_is_one_located_error_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.json");
    let text = format!(
        "{{\"kind\": \"inventory\", \"version\": 1, \"vpns\": [{{\"id\": \"a\", \"name\": \"{}\"}}]}}",
        "x".repeat(100_000_000)
    );
    std::fs::write(&path, text).unwrap();
    let started = Instant::now();
    let out = vpnaudit().arg("validate").arg(&path).output().unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    let first = stderr.lines().next().unwrap();
    assert!(
        first.ends_with("inventory.json:1:66: error: value longer than 65536 bytes"),
        "{first}"
    );
    // The snippet shows a window of the line, not 100 MB of it.
    assert!(
        stderr.len() < 4_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn a_directory_of_10000_unrelated_files_is_walked_and_summarised() {
    let dir = tiny_estate();
    let d = dir.path();
    for i in 0..10_000 {
        let (name, body) = match i % 3 {
            0 => (format!("notes-{i}.txt"), "not an input\n"),
            1 => (
                format!("deploy-{i}.yaml"),
                "apiVersion: v1\nkind: ConfigMap\n",
            ),
            _ => (format!("data-{i}.json"), "{\"hello\": [1, 2, 3]}\n"),
        };
        std::fs::write(d.join(name), body).unwrap();
    }
    let started = Instant::now();
    let out = vpnaudit()
        .args([
            "audit",
            d.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The YAML and JSON strangers are summed up in one warning, not 6,666 lines.
    let skipped: Vec<&str> = stderr.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{stderr}");
    assert!(
        skipped[0].contains("skipped 6666 file(s) that are not vpnaudit inputs"),
        "{}",
        skipped[0]
    );
    assert!(skipped[0].contains("and 6661 more"), "{}", skipped[0]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count(), 1 + 18, "{csv}");
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

/// A device or pipe where a file is expected is refused before a byte of it
/// is read: it could be endless, or block the run forever.
#[cfg(unix)]
#[test]
fn an_endless_device_named_as_an_input_is_refused_at_once() {
    let started = Instant::now();
    let out = vpnaudit().args(["validate", "/dev/zero"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.lines().next(),
        Some(
            "/dev/zero:1:1: error: is a character device, not a regular file; inputs are read from files"
        ),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}
