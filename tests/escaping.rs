//! Nothing from an input reaches a terminal, a CI log or a report raw:
//! controls, C1 and bidi characters are shown as escapes in every
//! human-readable output and as `\uXXXX` in JSON; text that shows nothing is
//! no approver, reason or owner.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use proptest::prelude::*;

/// Whether `text` holds a character no output may carry raw (line feeds,
/// carriage returns and tabs are the formats' own structure).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| vpnaudit::text::is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Replaces the first `from` in `dir/file` with `to`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A YAML double-quoted scalar holding exactly `s`, every control and bidi
/// character written as a `\uXXXX` escape (YAML allows none of the C1
/// controls raw).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if vpnaudit::text::is_unsafe(c) || c.is_control() => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn audit(dir: &Path, args: &[&str]) -> Output {
    vpnaudit()
        .current_dir(dir)
        .args(["audit", ".", "--as-of", AS_OF, "--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn an_approver_cannot_forge_the_verdict() {
    let dir = tiny_estate();
    let d = dir.path();
    // Expiring within 30 days, so the waiver is in the summary.
    edit(
        d,
        "usage-policy.yaml",
        "expires: 2027-06-30",
        "expires: 2026-12-15",
    );
    let forged = "ciso\u{1b}[2K\r\nverdict: PASS (no gaps)\u{1b}[8m";
    edit(
        d,
        "usage-policy.yaml",
        "approved_by: ciso@tiny.example",
        &format!("approved_by: {}", quoted(forged)),
    );
    let out = audit(d, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let table = stdout(&out);
    assert_eq!(raw_controls(&table), Vec::<char>::new(), "{table}");
    assert!(
        !table.lines().any(|l| l.starts_with("verdict: PASS")),
        "a forged line: {table}"
    );
    assert!(
        table.contains("ciso\\x1b[2K\\r\\nverdict: PASS (no gaps)\\x1b[8m"),
        "{table}"
    );
    let last = table.lines().last().unwrap();
    assert!(last.contains("verdict: FAIL"), "{last}");
}

#[test]
fn an_unknown_key_cannot_write_the_clipboard() {
    let dir = tiny_estate();
    let d = dir.path();
    let key = "x\u{1b}]52;c;ZXZpbA==\u{7}";
    edit(
        d,
        "inventory.yaml",
        "    last_audit: 2026-06-01",
        &format!("    last_audit: 2026-06-01\n    {}: 1", quoted(key)),
    );
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "."])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    assert!(err.contains("x\\x1b]52;c;ZXZpbA==\\x07"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_forge_an_error_line() {
    let dir = tiny_estate();
    let d = dir.path();
    let name = "a\nforged.yaml:1:1: error: the audit passed\n.yaml";
    std::fs::write(
        d.join(name),
        "kind: inventory\nversion: 1\nvpns:\n  - id: x\n    bogus: 1\n",
    )
    .unwrap();
    std::fs::write(
        d.join("b\u{1b}[31m.yaml"),
        "apiVersion: v1\nkind: ConfigMap\n",
    )
    .unwrap();
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "."])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        !err.lines().any(|l| l.starts_with("forged.yaml")),
        "a forged line: {err}"
    );
    assert!(
        err.contains("a\\nforged.yaml:1:1: error: the audit passed\\n.yaml:5:5: error:"),
        "{err}"
    );
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    // The skipped stranger is named escaped in the warning too.
    std::fs::remove_file(d.join(name)).unwrap();
    let out = vpnaudit()
        .current_dir(d)
        .args(["validate", "."])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("b\\x1b[31m.yaml"), "{}", stderr(&out));
    assert_eq!(raw_controls(&stderr(&out)), Vec::<char>::new());
}

/// Every format `--format` prints, from the emitter table.
fn text_formats() -> impl Iterator<Item = &'static str> {
    vpnaudit::report::EMITTERS
        .iter()
        .filter(|e| e.text)
        .map(|e| e.name)
}

#[test]
fn bidi_overrides_are_shown_in_every_format() {
    let dir = tiny_estate();
    let d = dir.path();
    // The operator is quoted in CN-NET-01's message, which every format shows.
    let operator = "Acme \u{202e}skrowteN\u{2066}x\u{2069}";
    edit(
        d,
        "inventory.yaml",
        "operator: Acme Networks",
        &format!("operator: {}", quoted(operator)),
    );
    for format in text_formats() {
        let out = audit(d, &["--format", format, "--fail-on", "never"]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{format}");
        let shown = match format {
            "json" | "sarif" | "gitlab" => "Acme \\u202eskrowteN\\u2066x\\u2069",
            _ => "Acme \\u{202e}skrowteN\\u{2066}x\\u{2069}",
        };
        assert!(text.contains(shown), "{format}: {text}");
    }
    // JSON keeps the value itself.
    let out = audit(d, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["actual"].as_str() == Some(operator)),
        "{report}"
    );
}

#[test]
fn config_text_is_escaped_in_facts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ipsec.conf");
    std::fs::write(
        &path,
        "conn hq\u{202e}txt.exe\n    left=192.0.2.1\n    right=peer\u{1b}]0;owned\u{7}.example\n    \
         keyexchange=ikev2\n    authby=pubkey\n    ike=aes256-sha256-modp2048!\n    \
         esp=aes256gcm16-modp2048!\n    auto=start\n",
    )
    .unwrap();
    let out = vpnaudit().arg("facts").arg(&path).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(raw_controls(&text), Vec::<char>::new(), "{text}");
    assert!(text.contains("hq\\u{202e}txt.exe"), "{text}");
    assert!(text.contains("peer\\x1b]0;owned\\x07.example"), "{text}");
    let out = vpnaudit()
        .args(["facts", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(raw_controls(&stdout(&out)), Vec::<char>::new());
}

#[test]
fn an_invisible_approver_waives_nothing() {
    for approver in ["\u{200b}", "\u{feff} \u{2060}", "\u{202e}", "\u{3164}"] {
        let dir = tiny_estate();
        let d = dir.path();
        edit(
            d,
            "usage-policy.yaml",
            "approved_by: ciso@tiny.example",
            &format!("approved_by: {}", quoted(approver)),
        );
        let out = audit(d, &["--format", "json"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{approver:?}: {err}");
        assert!(
            err.starts_with(
                "usage-policy.yaml:23:18: error: expected text, found only invisible characters"
            ),
            "{approver:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn rules_disabled_with_invisible_reasons_are_errors() {
    let listed = vpnaudit()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 31);
    let mut overrides = String::from("overrides:\n");
    for id in &ids {
        overrides.push_str(&format!(
            "  {id}: {{ enabled: false, reason: {} }}\n",
            quoted("\u{200b}\u{200c}")
        ));
    }
    let dir = tiny_estate();
    let d = dir.path();
    edit(
        d,
        "usage-policy.yaml",
        "waivers:",
        &format!("{overrides}waivers:"),
    );
    let out = audit(d, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let invisible = err
        .lines()
        .filter(|l| l.contains("error: expected text, found only invisible characters"))
        .count();
    assert_eq!(invisible, 31, "{err}");
}

#[test]
fn an_invisible_owner_is_no_owner() {
    let dir = tiny_estate();
    let d = dir.path();
    edit(
        d,
        "inventory.yaml",
        "owner: netops@tiny.example",
        &format!("owner: {}", quoted("\u{200b}")),
    );
    let out = audit(d, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "inventory.yaml:9:12: error: expected text, found only invisible characters"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_command_line_path_is_escaped_in_its_error() {
    let dir = tiny_estate();
    let out = audit(dir.path(), &["--csv", "no\u{1b}[31mdir/gaps.csv"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    assert!(err.contains("no\\x1b[31mdir/gaps.csv"), "{err}");
}

/// Text with the characters that attack terminals and logs, among plain
/// ones, never blank.
fn hostile() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        Just('\u{1b}'),
        Just('\u{7}'),
        Just('\u{8}'),
        Just('\r'),
        Just('\n'),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{9b}'),
        Just('\u{202e}'),
        Just('\u{2066}'),
        Just('\u{200f}'),
        Just('\u{2028}'),
        Just('\u{61c}'),
        Just('%'),
        Just(':'),
        Just('|'),
        Just('<'),
        Just('['),
        Just(']'),
        Just('='),
        Just(' '),
        proptest::char::range('a', 'z'),
        proptest::char::range('\u{4e00}', '\u{4e20}'),
    ];
    proptest::collection::vec(c, 1..16)
        .prop_map(|v| format!("v{}", v.into_iter().collect::<String>()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever text the inputs carry, no output format — nor the messages
    /// on standard error — holds a raw control or bidi character.
    #[test]
    fn no_output_carries_a_raw_control(
        name in hostile(),
        owner in hostile(),
        approver in hostile(),
        ticket in hostile(),
        reason in hostile(),
        disabled in hostile(),
    ) {
        let dir = tiny_estate();
        let d = dir.path();
        edit(d, "inventory.yaml", "name: Shanghai office to Hong Kong hub", &format!("name: {}", quoted(&name)));
        edit(d, "inventory.yaml", "owner: netops@tiny.example", &format!("owner: {}", quoted(&owner)));
        edit(d, "usage-policy.yaml", "approved_by: ciso@tiny.example", &format!("approved_by: {}", quoted(&approver)));
        edit(d, "usage-policy.yaml", "ticket: RISK-12", &format!("ticket: {}", quoted(&ticket)));
        edit(d, "usage-policy.yaml", "reason: GM/T 0022 IPsec products negotiate IKEv1 main mode", &format!("reason: {}", quoted(&reason)));
        edit(d, "usage-policy.yaml", "expires: 2027-06-30", "expires: 2026-12-15");
        edit(d, "usage-policy.yaml", "waivers:", &format!("overrides:\n  BL-INV-01: {{ enabled: false, reason: {} }}\nwaivers:", quoted(&disabled)));
        for format in text_formats() {
            let out = audit(d, &["--format", format, "--show-passed"]);
            prop_assert_eq!(out.status.code(), Some(1), "{}: {}", format, stderr(&out));
            let text = stdout(&out);
            prop_assert!(raw_controls(&text).is_empty(), "{}: {:?} in {}", format, raw_controls(&text), text);
            prop_assert!(raw_controls(&stderr(&out)).is_empty(), "{} stderr", format);
        }
        // The workbook's cells.
        let out = audit(d, &["--xlsx", "book.xlsx"]);
        prop_assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let mut zip = zip::ZipArchive::new(std::fs::File::open(d.join("book.xlsx")).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
            prop_assert!(raw_controls(&xml).is_empty(), "{:?}: {:?}", entry.name(), raw_controls(&xml));
        }
    }
}
