//! Many errors and many waivers in bounded time, and exact positions
//! whatever ends the lines (LF, CRLF as Excel writes, a lone CR).

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::*;

/// Generous: a debug build on a shared machine. Before the fix these runs
/// took minutes (release build).
const HANG_GUARD: Duration = Duration::from_secs(60);

const N: usize = 60_000;

fn validate(dir: &std::path::Path) -> (i32, String, Duration) {
    let started = Instant::now();
    let out = vpnaudit()
        .args(["validate", dir.to_str().unwrap(), "--color", "never"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

fn assert_capped(stderr: &str, first: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.first().copied(), Some(first), "{}", &stderr[..2000]);
    let headlines = lines.iter().filter(|l| l.contains(": error: ")).count();
    assert_eq!(headlines, 1000);
    let tail = &lines[lines.len() - 2..];
    assert_eq!(
        tail,
        [
            format!("... and {} more error(s) not shown", N - 1000).as_str(),
            format!("{N} error(s); nothing was audited").as_str(),
        ]
    );
}

#[test]
fn sixty_thousand_csv_errors_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,name,local.country\n");
    for i in 0..N {
        writeln!(text, "v{i},n,ZZZ").unwrap();
    }
    std::fs::write(dir.path().join("x.inventory.csv"), text).unwrap();
    let (code, stderr, elapsed) = validate(dir.path());
    assert_eq!(code, 2);
    let path = dir.path().join("x.inventory.csv");
    assert_capped(
        &stderr,
        &format!(
            "{}:2:6: error: \"ZZZ\" is not an ISO 3166-1 alpha-2 country code",
            path.display()
        ),
    );
    assert!(
        stderr.contains("1001 | v999,n,ZZZ\n"),
        "{}",
        &stderr[..2000]
    );
    assert!(elapsed < HANG_GUARD, "{elapsed:?}");
}

#[test]
fn sixty_thousand_json_errors_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<String> = (0..N)
        .map(|i| format!("{{\"id\": \"v{i}\", \"retension\": \"90d\"}}"))
        .collect();
    let text = format!(
        "{{\"kind\": \"inventory\", \"version\": 1, \"vpns\": [\n{}\n]}}\n",
        items.join(",\n")
    );
    std::fs::write(dir.path().join("inventory.json"), text).unwrap();
    let (code, stderr, elapsed) = validate(dir.path());
    assert_eq!(code, 2);
    let path = dir.path().join("inventory.json");
    assert_capped(
        &stderr,
        &format!(
            "{}:2:14: error: unknown key \"retension\" in a VPN entry",
            path.display()
        ),
    );
    assert!(elapsed < HANG_GUARD, "{elapsed:?}");
}

#[test]
fn sixty_thousand_yaml_errors_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("kind: inventory\nversion: 1\nvpns:\n");
    for i in 0..N {
        writeln!(text, "  - id: v{i}\n    retension: 90d").unwrap();
    }
    std::fs::write(dir.path().join("inventory.yaml"), text).unwrap();
    let (code, stderr, elapsed) = validate(dir.path());
    assert_eq!(code, 2);
    let path = dir.path().join("inventory.yaml");
    assert_capped(
        &stderr,
        &format!(
            "{}:5:5: error: unknown key \"retension\" in a VPN entry",
            path.display()
        ),
    );
    assert!(elapsed < HANG_GUARD, "{elapsed:?}");
}

#[test]
fn a_hundred_thousand_waivers_are_matched_in_bounded_time() {
    let dir = tiny_estate();
    let policy_path = dir.path().join("usage-policy.yaml");
    let policy = std::fs::read_to_string(&policy_path).unwrap();
    let mut text = policy[..policy.find("waivers:").unwrap()].to_string();
    text.push_str("waivers:\n");
    let waiver = |text: &mut String, vpn: &str, ticket: &str| {
        write!(
            text,
            "  - rule: BL-CRY-03\n    vpn: {vpn}\n    reason: r\n    approved_by: ciso@tiny.example\n    ticket: {ticket}\n    expires: 2027-06-30\n"
        )
        .unwrap();
    };
    waiver(&mut text, "t-gm-ikev1", "RISK-12");
    for i in 0..100_000 {
        waiver(&mut text, &format!("gone-{i}"), &format!("RISK-{i}"));
    }
    // A second waiver of one gap is still an error, found at the end.
    waiver(&mut text, "gone-7", "RISK-X");
    std::fs::write(&policy_path, &text).unwrap();
    let started = Instant::now();
    let out = vpnaudit()
        .args(["validate", dir.path().to_str().unwrap(), "--color", "never"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", &stderr[..2000]);
    let dup_line = 1 + text.lines().count() - 6;
    let first_line = text.lines().position(|l| l == "    vpn: gone-7").unwrap();
    assert!(
        stderr.contains(&format!(
            ":{dup_line}:5: error: a second waiver of BL-CRY-03 on gone-7 (the first is at line {first_line})"
        )),
        "{}",
        &stderr[..2000]
    );
    assert!(stderr.ends_with("1 error(s); nothing was audited\n"));

    // Without the duplicate, the audit runs: the real waiver waives, the
    // others are stale.
    text.truncate(
        text.len()
            - text
                .lines()
                .rev()
                .take(6)
                .map(|l| l.len() + 1)
                .sum::<usize>(),
    );
    std::fs::write(&policy_path, &text).unwrap();
    let (code, report) = audit_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let waived: Vec<_> = triples(&report)
        .into_iter()
        .filter(|t| t.2 == "waived")
        .collect();
    assert_eq!(
        waived,
        [(
            "BL-CRY-03".to_string(),
            "t-gm-ikev1".to_string(),
            "waived".to_string()
        )]
    );
    assert!(
        started.elapsed() < HANG_GUARD * 2,
        "{:?}",
        started.elapsed()
    );
}

/// Each format with an unknown key on a known line and column, and the
/// line the snippet must show.
const FILES: [(&str, &str, &str, &str); 3] = [
    (
        "inventory.yaml",
        "kind: inventory\nversion: 1\nvpns:\n  - id: a\n    name: x\n  - id: b\n    retension: 90d\n",
        "7:5: error: unknown key \"retension\" in a VPN entry",
        "7 |     retension: 90d\n",
    ),
    (
        "inventory.json",
        "{\n  \"kind\": \"inventory\",\n  \"version\": 1,\n  \"vpns\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"retension\": \"90d\"}\n  ]\n}\n",
        "6:17: error: unknown key \"retension\" in a VPN entry",
        "6 |     {\"id\": \"b\", \"retension\": \"90d\"}\n",
    ),
    (
        "x.inventory.csv",
        "id,name,local.country\na,x,CN\n\nb,\"two\nlines\",ZZZ\n",
        "5:8: error: \"ZZZ\" is not an ISO 3166-1 alpha-2 country code",
        "5 | lines\",ZZZ\n",
    ),
];

#[test]
fn crlf_and_cr_files_give_exact_positions_and_snippets() {
    for le in ["\n", "\r\n", "\r"] {
        for (name, text, headline, snippet) in FILES {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            std::fs::write(&path, text.replace('\n', le)).unwrap();
            let out = vpnaudit()
                .args(["validate", path.to_str().unwrap(), "--color", "never"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{le:?} {name}: {stderr}");
            let first = stderr.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                format!("{}:{headline}", path.display()),
                "{le:?} {name}: {stderr}"
            );
            assert!(stderr.contains(snippet), "{le:?} {name}: {stderr}");
        }
    }
}
