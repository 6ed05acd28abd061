//! End-to-end tests of the device-configuration evidence on the bundled
//! sample estate (`samples/acme/configs/`): secrets never leave the tool,
//! linked configurations stay inside the audit tree, drift and the judged
//! source show in the findings, and `vpnaudit facts` reads every dialect.
//!
//! The sample's configurations carry their secrets as real exports do, all
//! planted with recognisable values: `ACME-PLANTED-SECRET-nn`, WireGuard keys
//! whose base64 starts `ACMEPLANTEDSECRET`, and an OpenVPN tls-crypt key whose
//! hex spells `ACME-PLANTED-SECRET-04...`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const SAMPLE: &str = "samples/acme";
const CONFIGS: &str = "samples/acme/configs";
/// The configuration cut off mid-export (linked by `sh-mkt-us`).
const TRUNCATED: &str = "samples/acme/configs/us-west-fgt-vm01.conf";
/// The VPN whose device has drifted from its declaration.
const DRIFTING: &str = "sdwan-apac";

/// Substrings that only a planted secret contains: the marker, the marker in
/// the base64 of the WireGuard keys, and "ACME-PLANTED" in hex (the
/// tls-crypt key).
const MARKERS: [&str; 3] = [
    "ACME-PLANTED-SECRET",
    "ACMEPLANTEDSECRET",
    "41434d452d504c414e544544",
];

const FORMATS: [&str; 7] = [
    "table", "csv", "json", "sarif", "junit", "markdown", "github",
];

// ------------------------------------------------------------------ helpers

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (vpn id, config, config_format, config_tunnel) of every VPN that links a
/// configuration, from the CSV twin (the same cells as the YAML).
fn links() -> Vec<(String, String, String, String)> {
    let mut rdr = csv::Reader::from_path(format!("{SAMPLE}/inventory.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, config, format, tunnel) = (
        col("id"),
        col("config"),
        col("config_format"),
        col("config_tunnel"),
    );
    rdr.records()
        .map(Result::unwrap)
        .filter(|r| !r[config].is_empty())
        .map(|r| {
            (
                r[id].to_string(),
                r[config].to_string(),
                r[format].to_string(),
                r[tunnel].to_string(),
            )
        })
        .collect()
}

/// The distinct configuration files the sample links, as paths from the
/// crate root.
fn linked_files() -> Vec<String> {
    let set: BTreeSet<String> = links()
        .into_iter()
        .map(|(_, c, _, _)| format!("{SAMPLE}/{c}"))
        .collect();
    set.into_iter().collect()
}

/// The secrets planted in `text`: every word holding the marker, the values
/// of WireGuard `PrivateKey` / `PresharedKey`, and the lines of OpenVPN
/// inline credential and key blocks.
fn secrets_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for word in text.split(|c: char| c.is_whitespace() || c == '"' || c == ';') {
        if word.contains("ACME-PLANTED-SECRET") {
            out.insert(word.to_string());
        }
    }
    let mut block: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some((k, v)) = t.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            if k == "privatekey" || k == "presharedkey" {
                out.insert(v.trim().to_string());
            }
        }
        match block {
            Some(tag) if t == format!("</{tag}>") => block = None,
            Some(_) if t.starts_with("-----") => {}
            Some(_) => {
                out.insert(t.to_string());
            }
            None => {
                for tag in ["auth-user-pass", "tls-crypt", "tls-auth", "key", "secret"] {
                    if t == format!("<{tag}>") {
                        block = Some(tag);
                    }
                }
            }
        }
    }
    out
}

/// Every secret planted in the sample's configurations, checked to be there.
fn planted() -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for f in files_under(Path::new(CONFIGS)) {
        let s = secrets_in(&std::fs::read_to_string(&f).unwrap());
        per_file.insert(f.to_string_lossy().replace('\\', "/"), s.len());
        all.extend(s);
    }
    // The collector finds what was planted: every linked file but the
    // strongSwan ipsec.conf export (its PSKs live in ipsec.secrets) has some.
    for f in linked_files() {
        let n = per_file[&f];
        if f.contains("hk-hub-gw1/") {
            assert_eq!(n, 0, "{f}");
        } else {
            assert!(n > 0, "no secret collected from {f}");
        }
    }
    for must in [
        "ACMEPLANTEDSECRETwg01HzLabGwPrivateKeyAAAAA=",
        "ACMEPLANTEDSECRETwg02HzLabShHqPresharedKeyA=",
        "ACME-PLANTED-SECRET-03",
        "41434d452d504c414e5445442d534543",
        "$9$ACME-PLANTED-SECRET-18",
        "ACME-PLANTED-SECRET-26",
    ] {
        assert!(all.contains(must), "{must} not collected: {all:?}");
    }
    assert!(all.len() >= 30, "{} secrets: {all:?}", all.len());
    // Long enough that finding one in an output cannot be a coincidence.
    for s in &all {
        assert!(s.len() >= 16, "too short to search for: {s}");
    }
    all
}

/// The planted secrets and markers that `bytes` contains.
fn leaks(bytes: &[u8], secrets: &BTreeSet<String>) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    MARKERS
        .iter()
        .map(|m| m.to_string())
        .chain(secrets.iter().cloned())
        .filter(|s| text.contains(s.as_str()))
        .collect()
}

#[track_caller]
fn assert_no_leak(what: &str, bytes: &[u8], secrets: &BTreeSet<String>) {
    let found = leaks(bytes, secrets);
    assert!(
        found.is_empty(),
        "{what} leaks {found:?}:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); exit {}\n{}\n{}",
                self.code,
                self.stdout(),
                self.stderr()
            )
        })
    }
    #[track_caller]
    fn assert_no_leak(&self, what: &str, secrets: &BTreeSet<String>) {
        assert_no_leak(&format!("{what} (stdout)"), &self.stdout, secrets);
        assert_no_leak(&format!("{what} (stderr)"), &self.stderr, secrets);
    }
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = vpnaudit().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// `audit PATHS --as-of AS_OF --format json --show-passed` plus `extra`.
fn audit_all(paths: &[&str], extra: &[&str]) -> Run {
    let mut args: Vec<&str> = vec!["audit"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--as-of", AS_OF, "--format", "json", "--show-passed"]);
    args.extend_from_slice(extra);
    run(args)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings")
}

fn finding<'a>(report: &'a Value, rule: &str, vpn: &str) -> Option<&'a Value> {
    findings(report)
        .iter()
        .find(|f| f["rule"] == rule && f["vpn"] == vpn)
}

#[track_caller]
fn must<'a>(report: &'a Value, rule: &str, vpn: &str) -> &'a Value {
    finding(report, rule, vpn)
        .unwrap_or_else(|| panic!("no {rule} finding for {vpn} (run with --show-passed?)"))
}

/// The id of the sample inventory entry that holds 1-based `line`.
fn entry_at(line: usize) -> String {
    let inv = std::fs::read_to_string(format!("{SAMPLE}/inventory.yaml")).unwrap();
    inv.lines()
        .take(line)
        .filter_map(|l| l.trim_start().strip_prefix("- id: "))
        .last()
        .expect("a VPN entry")
        .trim()
        .to_string()
}

fn text<'a>(f: &'a Value, key: &str) -> &'a str {
    f[key].as_str().unwrap_or_default()
}

/// A copy of the sample estate in a temporary directory.
fn copy_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files_under(Path::new(SAMPLE)) {
        let rel = f.strip_prefix(SAMPLE).unwrap();
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&f, &to).unwrap();
    }
    dir
}

/// Replaces exactly one occurrence of `from` in `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert_eq!(s.matches(from).count(), 1, "{from:?} in {}", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).unwrap();
}

// ------------------------------------------------------------ 1. secrets

#[test]
fn the_secret_collector_finds_what_it_looks_for() {
    let secrets = planted();
    // A leak would be seen, whether quoted whole or as the bare marker.
    let one = secrets.iter().next().unwrap();
    assert!(!leaks(format!("x {one} y").as_bytes(), &secrets).is_empty());
    assert_eq!(
        leaks(b"psk ACME-PLANTED-SECRET-99", &secrets),
        ["ACME-PLANTED-SECRET"]
    );
    assert!(leaks(b"nothing here: AES-256-GCM, 10.31.8.20", &secrets).is_empty());
    // Each planted WireGuard key is a real 32-byte key, so the reader
    // accepts the file rather than refusing it before reaching the keys.
    let wg = std::fs::read_to_string(format!("{CONFIGS}/hz-lab-wg0.conf")).unwrap();
    let keys: Vec<&String> = secrets
        .iter()
        .filter(|s| s.starts_with("ACMEPLANTEDSECRET"))
        .collect();
    assert_eq!(keys.len(), 2);
    for k in keys {
        assert!(wg.contains(k.as_str()));
        assert_eq!(k.len(), 44);
        assert!(k.ends_with('=') && !k.ends_with("=="));
    }
}

#[test]
fn secrets_never_appear_in_any_audit_format() {
    let secrets = planted();
    for format in FORMATS {
        let r = run([
            "audit",
            SAMPLE,
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--show-passed",
            "--color",
            "always",
        ]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr());
        // The output really is the audit of the linked configurations.
        let out = r.stdout();
        assert!(out.contains(DRIFTING), "{format}: {out}");
        assert!(out.contains("BL-EVD-02"), "{format}");
        r.assert_no_leak(&format!("audit --format {format}"), &secrets);
    }
    // The CSV twin of the inventory links the same files.
    let r = audit_all(
        &[
            &format!("{SAMPLE}/inventory.csv"),
            "--policy",
            &format!("{SAMPLE}/usage-policy.yaml"),
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr());
    assert!(r.stdout().contains("judged: the device configuration"));
    r.assert_no_leak("audit of inventory.csv", &secrets);
}

#[test]
fn secrets_never_appear_in_written_reports_or_the_workbook() {
    let secrets = planted();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for format in FORMATS {
        let out = d.join(format!("report.{format}"));
        let csv = d.join(format!("gaps-{format}.csv"));
        let xlsx = d.join(format!("audit-{format}.xlsx"));
        let r = run([
            "audit".as_ref(),
            SAMPLE.as_ref(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--show-passed".as_ref(),
            "--csv-bom".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--csv".as_ref(),
            csv.as_os_str(),
            "--xlsx".as_ref(),
            xlsx.as_os_str(),
        ]);
        assert_eq!(r.code, 1, "{}", r.stderr());
        assert!(r.stdout.is_empty(), "-o leaves stdout empty");
        r.assert_no_leak(&format!("audit -o ({format})"), &secrets);
    }
    let written = files_under(d);
    assert_eq!(written.len(), 3 * FORMATS.len(), "{written:?}");
    for f in &written {
        let bytes = std::fs::read(f).unwrap();
        assert!(
            String::from_utf8_lossy(&bytes).contains("sh-mkt-us")
                || f.extension().is_some_and(|e| e == "xlsx"),
            "{} is not a report of the sample",
            f.display()
        );
        assert_no_leak(&f.display().to_string(), &bytes, &secrets);
    }
    // The workbook is a zip of (deflated) XML: read every entry.
    let xlsx = d.join("audit-json.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut all_xml = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        assert_no_leak(
            &format!("{} entry {name}", xlsx.display()),
            &bytes,
            &secrets,
        );
        let unescaped = String::from_utf8_lossy(&bytes)
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_no_leak(
            &format!("{} entry {name}, unescaped", xlsx.display()),
            unescaped.as_bytes(),
            &secrets,
        );
        all_xml.push_str(&unescaped);
    }
    // The workbook's cells were really searched: evidence text is in them.
    assert!(
        all_xml.contains("us-west-fgt-vm01.conf:51"),
        "no BL-EVD-02 cell"
    );
    assert!(all_xml.contains("judged: the device configuration samples/acme/configs/"));
}

#[test]
fn secrets_never_appear_in_facts_or_validate() {
    let secrets = planted();
    let files: Vec<PathBuf> = files_under(Path::new(CONFIGS))
        .into_iter()
        .filter(|f| f != Path::new(TRUNCATED))
        .collect();
    assert!(files.len() >= 11, "{files:?}");
    for f in &files {
        for format in ["table", "json"] {
            let r = run([
                "facts".as_ref(),
                f.as_os_str(),
                "--format".as_ref(),
                format.as_ref(),
            ]);
            assert_eq!(r.code, 0, "{}: {}", f.display(), r.stderr());
            assert!(r.stdout().contains(&*f.to_string_lossy()));
            r.assert_no_leak(
                &format!("facts --format {format} {}", f.display()),
                &secrets,
            );
        }
    }
    // All of them at once, every dialect forced on every file: whatever a
    // reader makes of a foreign file, it never echoes it.
    for dialect in [
        "strongswan-swanctl",
        "strongswan-ipsec",
        "wireguard",
        "openvpn",
        "cisco-ios",
        "cisco-asa",
        "juniper-junos",
        "huawei-vrp",
        "h3c-comware",
        "fortios",
    ] {
        for f in files_under(Path::new(CONFIGS)) {
            let r = run([
                "facts".as_ref(),
                "--config-format".as_ref(),
                dialect.as_ref(),
                "--format".as_ref(),
                "json".as_ref(),
                f.as_os_str(),
            ]);
            assert!(r.code == 0 || r.code == 2, "{dialect} {}", f.display());
            r.assert_no_leak(
                &format!("facts --config-format {dialect} {}", f.display()),
                &secrets,
            );
        }
    }
    // The truncated export: a located error, and still nothing secret.
    let r = run(["facts", TRUNCATED]);
    assert_eq!(r.code, 2);
    r.assert_no_leak("facts on the truncated export", &secrets);

    let r = run(["validate", SAMPLE, "--as-of", AS_OF]);
    assert_eq!(r.code, 0, "{}", r.stderr());
    assert!(r.stdout().starts_with("ok: "));
    r.assert_no_leak("validate", &secrets);
}

/// One way to break a sample configuration around one of its secrets.
struct Breakage {
    file: &'static str,
    how: &'static str,
    /// The configuration text → the broken text.
    apply: fn(&str) -> String,
    /// `config_format` to force on `facts` (when detection would flip).
    format: Option<&'static str>,
}

/// The text up to and including the first line containing `needle`.
fn cut_after(text: &str, needle: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.contains(needle) {
            return out;
        }
    }
    panic!("{needle} not found");
}

/// `extra` inserted as lines right after the first line containing `needle`.
fn insert_after(text: &str, needle: &str, extra: &str) -> String {
    let cut = cut_after(text, needle);
    format!("{cut}{extra}{}", &text[cut.len()..])
}

fn breakages() -> Vec<Breakage> {
    vec![
        Breakage {
            file: "sh-hq-gw1.swanctl.conf",
            how: "truncated right after a key passphrase",
            apply: |t| cut_after(t, "ACME-PLANTED-SECRET-01"),
            format: None,
        },
        Breakage {
            file: "sh-hq-gw1.swanctl.conf",
            how: "a secret's closing quote lost",
            apply: |t| t.replacen("ACME-PLANTED-SECRET-01\"", "ACME-PLANTED-SECRET-01", 1),
            format: None,
        },
        Breakage {
            file: "sh-hq-gw1.swanctl.conf",
            how: "stray braces after a secret",
            apply: |t| t.replacen("ACME-PLANTED-SECRET-02", "ACME-PLANTED-SECRET-02 }}", 1),
            format: None,
        },
        Breakage {
            file: "hk-hub-gw1/ipsec.conf",
            how: "an ipsec.secrets line pasted at the end",
            apply: |t| format!("{t}198.51.100.140 : PSK \"ACME-PLANTED-SECRET-90\"\n"),
            format: None,
        },
        Breakage {
            file: "hk-hub-gw1/ipsec.d/sgp-office.conf",
            how: "an ipsec.secrets line pasted into the included file",
            apply: |t| format!("{t}: PSK \"ACME-PLANTED-SECRET-91\"\n"),
            format: None,
        },
        Breakage {
            file: "hz-lab-wg0.conf",
            how: "garbage appended to the private key",
            apply: |t| {
                t.replacen(
                    "GwPrivateKeyAAAAA=",
                    "GwPrivateKeyAAAAA=ACME-PLANTED-SECRET-92",
                    1,
                )
            },
            format: None,
        },
        Breakage {
            file: "hz-lab-wg0.conf",
            how: "a word after the preshared key",
            apply: |t| t.replacen("PresharedKeyA=", "PresharedKeyA= ACME-PLANTED-SECRET-93", 1),
            format: None,
        },
        Breakage {
            file: "ra-sales-quickvpn.ovpn",
            how: "truncated right after the saved password",
            apply: |t| cut_after(t, "ACME-PLANTED-SECRET-03"),
            format: None,
        },
        Breakage {
            file: "ra-sales-quickvpn.ovpn",
            how: "truncated inside the tls-crypt key",
            apply: |t| cut_after(t, "6e2d667265652d746f6b796f2d332d73"),
            format: None,
        },
        Breakage {
            file: "tyo-rtr01.ios.cfg",
            how: "an unclosed banner right after a password hash",
            apply: |t| insert_after(t, "ACME-PLANTED-SECRET-06", "banner motd ^C\n"),
            format: None,
        },
        Breakage {
            file: "tyo-rtr01.ios.cfg",
            how: "a NUL byte right after the SNMP community",
            apply: |t| t.replacen("ACME-PLANTED-SECRET-07", "ACME-PLANTED-SECRET-07\0", 1),
            format: None,
        },
        Breakage {
            file: "sz-plant-asa01.cfg",
            how: "truncated inside a certificate after the PSK",
            apply: |t| {
                let cut = cut_after(t, "ACME-PLANTED-SECRET-14");
                format!(
                    "{cut}crypto ca certificate chain ACME-CA\n certificate ca 0a1b2c\n    30820538 30820420 a0030201\n"
                )
            },
            format: None,
        },
        Breakage {
            file: "sz-plant-asa01.cfg",
            how: "a NUL byte right after the PSK",
            apply: |t| t.replacen("ACME-PLANTED-SECRET-14", "ACME-PLANTED-SECRET-14\0", 1),
            format: None,
        },
        Breakage {
            file: "fra-srx01.set.conf",
            how: "a stray hierarchical block in front of the set commands",
            apply: |t| format!("security {{\n{t}"),
            format: None,
        },
        Breakage {
            file: "fra-srx01.set.conf",
            how: "a hierarchical export cut off right after the pre-shared key",
            apply: |_| {
                "security {\n    ike {\n        policy POL-OOB {\n            pre-shared-key ascii-text \"$9$ACME-PLANTED-SECRET-18\"; ## SECRET-DATA\n".to_string()
            },
            format: Some("juniper-junos"),
        },
        Breakage {
            file: "fra-srx01.set.conf",
            how: "a hierarchical pre-shared key with its closing quote lost",
            apply: |_| {
                "security {\n    ike {\n        policy POL-OOB {\n            pre-shared-key ascii-text \"$9$ACME-PLANTED-SECRET-18; ## SECRET-DATA\n        }\n    }\n}\n".to_string()
            },
            format: Some("juniper-junos"),
        },
        Breakage {
            file: "sh-hk-ar01.vrp.cfg",
            how: "an unclosed header banner right after a password",
            apply: |t| {
                insert_after(
                    t,
                    "ACME-PLANTED-SECRET-21",
                    "header login information %\nAuthorised access only\n",
                )
            },
            format: None,
        },
        Breakage {
            file: "gz-msr01.comware.cfg",
            how: "an unclosed header banner right after a password hash",
            apply: |t| insert_after(t, "ACME-PLANTED-SECRET-24", "header motd %\nGZ branch\n"),
            format: Some("h3c-comware"),
        },
        Breakage {
            file: "sh-fgt-sdwan01.conf",
            how: "truncated right after the PSK",
            apply: |t| cut_after(t, "ACME-PLANTED-SECRET-26"),
            format: None,
        },
        Breakage {
            file: "sh-fgt-sdwan01.conf",
            how: "an unterminated quote opening on the PSK",
            apply: |t| {
                t.replacen(
                    "ENC ACME-PLANTED-SECRET-26",
                    "ENC \"ACME-PLANTED-SECRET-26",
                    1,
                )
            },
            format: None,
        },
        Breakage {
            file: "us-west-fgt-vm01.conf",
            how: "truncated right after the PSK",
            apply: |t| cut_after(t, "ACME-PLANTED-SECRET-30"),
            format: None,
        },
    ]
}

#[test]
fn errors_about_broken_configs_quote_no_secret() {
    let mut secrets = planted();
    let links = links();
    let breakages = breakages();
    // Every linked file is broken at least one way.
    for f in linked_files() {
        let rel = f.strip_prefix(&format!("{CONFIGS}/")).unwrap();
        assert!(
            breakages.iter().any(|b| b.file == rel),
            "{rel} is never broken"
        );
    }
    for b in &breakages {
        let what = format!("{} ({})", b.file, b.how);
        let dir = copy_sample();
        let path = dir.path().join("configs").join(b.file);
        let original = std::fs::read_to_string(&path).unwrap();
        let broken = (b.apply)(&original);
        assert_ne!(broken, original, "{what}: nothing changed");
        assert!(
            broken.contains("ACME-PLANTED-SECRET"),
            "{what}: no secret left in the file"
        );
        std::fs::write(&path, &broken).unwrap();
        secrets.extend(secrets_in(&broken));

        // The file the VPNs link: the including one when the break is in an include.
        let top = if b.file.starts_with("hk-hub-gw1/") {
            dir.path().join("configs/hk-hub-gw1/ipsec.conf")
        } else {
            path.clone()
        };
        let mut args = vec!["facts".into(), top.clone().into_os_string()];
        if let Some(f) = b.format {
            args.extend(["--config-format".into(), f.into()]);
        }
        let r = run(args);
        assert_eq!(r.code, 2, "{what}: facts should refuse it\n{}", r.stdout());
        assert!(r.stdout.is_empty(), "{what}");
        let err = r.stderr();
        let top_display = top.to_string_lossy().replace('\\', "/");
        let located = err
            .strip_prefix(&format!("{top_display}:"))
            .and_then(|rest| rest.split(':').next())
            .and_then(|l| l.parse::<u32>().ok());
        let line = located.unwrap_or_else(|| panic!("{what}: unlocated error: {err}"));
        assert!(line >= 1, "{what}: {err}");
        assert!(err.contains("error:"), "{what}: {err}");
        r.assert_no_leak(&format!("facts on {what}"), &secrets);

        // The audit: BL-EVD-02 `error` for every VPN linking it, located,
        // and no secret anywhere in the report.
        let rel_top = top
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let vpns: Vec<&str> = links
            .iter()
            .filter(|(_, c, _, _)| *c == rel_top)
            .map(|(id, _, _, _)| id.as_str())
            .collect();
        assert!(!vpns.is_empty(), "{what}: {rel_top} is linked by no VPN");
        let r = audit_all(&[dir.path().to_str().unwrap()], &[]);
        assert_eq!(r.code, 1, "{what}: {}", r.stderr());
        r.assert_no_leak(&format!("audit with {what}"), &secrets);
        let report = r.json();
        for vpn in vpns {
            let f = must(&report, "BL-EVD-02", vpn);
            assert_eq!(f["status"], "error", "{what}: {f}");
            let at = format!("{rel_top}:{line}");
            assert!(text(f, "actual").contains(&at), "{what}: {at} not in {f}");
            assert!(text(f, "message").contains(&at), "{what}: {at} not in {f}");
            // Unreadable evidence: the crypto rules judged the declaration
            // (BL-CRY-05 applies to every VPN).
            let cry = must(&report, "BL-CRY-05", vpn);
            assert!(
                text(cry, "message").contains("(judged: the declared crypto)"),
                "{cry}"
            );
        }
    }
}

// --------------------------------------------------------- 2. confinement

const OUTSIDE_SECRET: &str = "ACME-PLANTED-SECRET-77";

/// A perfect device configuration (SM crypto, a log host) with a planted
/// pre-shared key.
fn outside_config() -> String {
    format!(
        "!Software Version V300R021C10SPC100
#
 sysname OUTSIDE-AR01
#
 info-center loghost 198.18.40.99
#
ipsec proposal prop-gm
 esp authentication-algorithm sm3
 esp encryption-algorithm sm4
#
ike proposal 10
 encryption-algorithm sm4
 authentication-algorithm sm3
 authentication-method digital-envelope
#
ike peer outside-peer
 version 1
 undo version 2
 exchange-mode main
 ike-proposal 10
 pre-shared-key cipher %^%#{OUTSIDE_SECRET}%^%#
 remote-address 198.18.40.2
#
ipsec policy outside-gm 10 isakmp
 ike-peer outside-peer
 proposal prop-gm
#
return
"
    )
}

fn confinement_estate() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("outside.cfg"), outside_config()).unwrap();
    let estate = root.path().join("estate");
    std::fs::create_dir_all(estate.join("configs")).unwrap();
    let vpn = |id: &str, config: &str| {
        format!(
            "  - id: {id}
    name: {id}
    type: site-to-site
    protocol: ipsec
    purpose: internal-office
    owner: netops@acme.example
    local: {{ site: a, country: CN }}
    remote: {{ site: b, country: CN }}
    logging: {{ retention: 1y, fields: [time, user, source, destination] }}
    authentication: {{ methods: [digital-envelope] }}
    approval: {{ reference: T-1, approved: 2026-01-01, expires: 2027-12-31 }}
    last_audit: 2026-10-01
    config: {config}
"
        )
    };
    let mut inv = "kind: inventory\nversion: 1\nvpns:\n".to_string();
    inv.push_str(&vpn("via-parent", "../outside.cfg"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            root.path().join("outside.cfg"),
            estate.join("configs/edge.cfg"),
        )
        .unwrap();
        inv.push_str(&vpn("via-symlink", "configs/edge.cfg"));
    }
    std::fs::write(estate.join("inventory.yaml"), inv).unwrap();
    root
}

fn confined_vpns() -> Vec<&'static str> {
    if cfg!(unix) {
        vec!["via-parent", "via-symlink"]
    } else {
        vec!["via-parent"]
    }
}

#[test]
fn configs_outside_the_audit_tree_are_not_read() {
    let root = confinement_estate();
    let estate = root.path().join("estate");
    let r = audit_all(&[estate.to_str().unwrap()], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr());
    let all = r.stdout() + &r.stderr();
    assert!(!all.contains(OUTSIDE_SECRET) && !all.contains("ACME-PLANTED"));
    // None of the outside file's facts reached the report.
    for fact in [
        "198.18.40.99",
        "198.18.40.2",
        "outside-gm",
        "outside-peer",
        "OUTSIDE-AR01",
    ] {
        assert!(
            !all.contains(fact),
            "{fact} leaked from the outside file:\n{all}"
        );
    }
    let report = r.json();
    for vpn in confined_vpns() {
        let f = must(&report, "BL-EVD-02", vpn);
        assert_eq!(f["status"], "error", "{f}");
        assert!(
            text(f, "actual").contains("resolves outside the audit tree"),
            "{f}"
        );
        assert!(
            text(f, "actual").contains("--allow-external-configs"),
            "{f}"
        );
        // The crypto rules saw nothing: the device's SM suite was not read.
        let cry = must(&report, "CN-CRY-01", vpn);
        assert_eq!(cry["status"], "fail", "{cry}");
        assert_eq!(cry["actual"], "(missing)", "{cry}");
        assert!(text(cry, "message").contains("judged: the declared crypto"));
        assert_eq!(must(&report, "BL-CRY-05", vpn)["status"], "fail");
        // Nor its log host.
        assert_eq!(must(&report, "CN-LOG-03", vpn)["status"], "fail");
        // No evidence, no drift check.
        assert!(finding(&report, "BL-EVD-01", vpn).is_none());
    }
}

#[test]
fn allow_external_configs_reads_them() {
    let root = confinement_estate();
    let estate = root.path().join("estate");
    let r = audit_all(&[estate.to_str().unwrap()], &["--allow-external-configs"]);
    let report = r.json();
    r.assert_no_leak(
        "audit --allow-external-configs",
        &secrets_in(&outside_config()),
    );
    for vpn in confined_vpns() {
        assert_eq!(must(&report, "BL-EVD-02", vpn)["status"], "pass");
        let cry = must(&report, "CN-CRY-01", vpn);
        assert_eq!(cry["status"], "pass", "{cry}");
        assert!(
            text(cry, "message").contains("judged: the device configuration"),
            "{cry}"
        );
        assert_eq!(must(&report, "BL-CRY-05", vpn)["status"], "pass");
        // Its facts are in the findings now: IKEv1 main mode from the peer.
        let v1 = must(&report, "BL-CRY-03", vpn);
        assert_eq!(v1["status"], "fail");
        assert_eq!(v1["actual"], "1");
        // The log host in the device configuration ships the logs.
        assert_eq!(must(&report, "CN-LOG-03", vpn)["status"], "pass");
    }
    assert_eq!(r.code, 1, "BL-CRY-03 (IKEv1) fails: {}", r.stderr());
}

// ------------------------------------------------ 3. drift, judged source

fn sample_report() -> Value {
    let r = audit_all(&[SAMPLE], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr());
    r.json()
}

#[test]
fn the_drifting_vpn_lists_its_differences_both_ways() {
    let report = sample_report();
    let f = must(&report, "BL-EVD-01", DRIFTING);
    assert_eq!(f["status"], "fail");
    assert_eq!(f["severity"], "high");
    let actual = text(f, "actual");
    for diff in [
        "SM2 declared, not configured",
        "SM3 declared, not configured",
        "SM4 declared, not configured",
        "AES-256-GCM configured, not declared",
        "ECP-384 configured, not declared",
        "PRF-SHA-384 configured, not declared",
        "IKE version declared 2, configured 1",
    ] {
        assert!(actual.contains(diff), "{diff} missing from {actual}");
    }
    assert!(text(f, "message").contains("SM4 declared, not configured"));
    // It points at the tunnel in the device configuration, then at the
    // VPN's inventory entry.
    assert_eq!(
        f["source"]["path"],
        format!("{SAMPLE}/configs/sh-fgt-sdwan01.conf")
    );
    let cfg = std::fs::read_to_string(format!("{SAMPLE}/configs/sh-fgt-sdwan01.conf")).unwrap();
    let at = f["source"]["line"].as_u64().unwrap() as usize;
    assert!(
        cfg.lines().nth(at - 1).unwrap().contains("edit "),
        "line {at} is no phase-1 entry"
    );
    assert_eq!(f["related"][0]["path"], format!("{SAMPLE}/inventory.yaml"));
    let line = f["related"][0]["line"].as_u64().unwrap() as usize;
    assert_eq!(entry_at(line), DRIFTING);
    // Every other VPN with a readable config matches its declaration.
    let drifting: Vec<&str> = findings(&report)
        .iter()
        .filter(|f| f["rule"] == "BL-EVD-01" && f["status"] != "pass")
        .map(|f| text(f, "vpn"))
        .collect();
    assert_eq!(drifting, [DRIFTING]);
    let passing = findings(&report)
        .iter()
        .filter(|f| f["rule"] == "BL-EVD-01" && f["status"] == "pass")
        .count();
    assert_eq!(passing, 10, "linked, readable, and declaring crypto");
}

#[test]
fn crypto_findings_say_which_source_they_judged() {
    let report = sample_report();
    // Read from the device: the drifting VPN fails CN-CRY-01 and BL-CRY-03 on
    // what its FortiGate runs, though its declaration would pass both.
    for rule in ["CN-CRY-01", "BL-CRY-03"] {
        let f = must(&report, rule, DRIFTING);
        assert_eq!(f["status"], "fail", "{f}");
        assert!(
            text(f, "message").contains(
                "(judged: the device configuration samples/acme/configs/sh-fgt-sdwan01.conf (tunnel apac-sg))"
            ),
            "{f}"
        );
    }
    assert!(text(must(&report, "CN-CRY-01", DRIFTING), "actual").contains("AES-256-GCM"));
    // A waived finding names the device too.
    let tyo = must(&report, "CN-CRY-01", "sh-tyo-01");
    assert_eq!(tyo["status"], "waived");
    assert!(
        text(tyo, "message")
            .contains("judged: the device configuration samples/acme/configs/tyo-rtr01.ios.cfg")
    );
    // A multi-tunnel file narrowed by config_tunnel.
    for (vpn, tunnel, status) in [
        ("sh-fra-01", "fra-dc", "pass"),
        ("sh-sgp-01", "sgp-office", "fail"),
    ] {
        let f = must(&report, "CN-CRY-01", vpn);
        assert_eq!(f["status"], status, "{f}");
        assert!(
            text(f, "message").contains(&format!(
                "judged: the device configuration samples/acme/configs/sh-hq-gw1.swanctl.conf (tunnel {tunnel})"
            )),
            "{f}"
        );
    }
    // No config, or an unreadable one: the declaration is judged.
    for vpn in ["bj-osl-01", "sh-mkt-us"] {
        let f = must(&report, "CN-CRY-01", vpn);
        assert!(
            text(f, "message").ends_with("(judged: the declared crypto)"),
            "{f}"
        );
    }
    // Rules that do not judge crypto say nothing about it.
    assert!(!text(must(&report, "CN-USE-02", DRIFTING), "message").contains("judged"));
}

#[test]
fn without_config_tunnel_a_multi_tunnel_file_is_judged_whole() {
    let dir = copy_sample();
    edit(
        &dir.path().join("inventory.yaml"),
        "    config_tunnel: fra-dc\n",
        "",
    );
    let r = audit_all(&[dir.path().to_str().unwrap()], &[]);
    let report = r.json();
    let f = must(&report, "CN-CRY-01", "sh-fra-01");
    // The Singapore tunnel's AES now counts against the Frankfurt line.
    assert_eq!(f["status"], "fail", "{f}");
    assert!(
        text(f, "message").contains("all 2 tunnels together; set config_tunnel"),
        "{f}"
    );
    let drift = must(&report, "BL-EVD-01", "sh-fra-01");
    assert_eq!(drift["status"], "fail");
    assert!(text(drift, "actual").contains("AES-256-GCM configured, not declared"));
}

#[test]
fn an_unparseable_config_is_a_located_error_and_the_audit_goes_on() {
    let report = sample_report();
    let f = must(&report, "BL-EVD-02", "sh-mkt-us");
    assert_eq!(f["status"], "error");
    assert_eq!(f["severity"], "medium");
    let at = "samples/acme/configs/us-west-fgt-vm01.conf:51: cannot be read as fortios";
    assert!(text(f, "actual").starts_with(at), "{f}");
    assert!(text(f, "message").contains(at), "{f}");
    assert!(text(f, "actual").contains("line 46"), "{f}");
    // It points where the reader stopped, then at the config link in the
    // inventory.
    assert_eq!(
        f["source"]["path"],
        format!("{SAMPLE}/configs/us-west-fgt-vm01.conf")
    );
    assert_eq!(f["source"]["line"], 51);
    assert_eq!(f["related"][0]["path"], format!("{SAMPLE}/inventory.yaml"));
    let line = f["related"][0]["line"].as_u64().unwrap() as usize;
    let inv = std::fs::read_to_string(format!("{SAMPLE}/inventory.yaml")).unwrap();
    assert!(
        inv.lines()
            .nth(line - 1)
            .unwrap()
            .contains("config: configs/us-west-fgt-vm01.conf"),
        "line {line}"
    );
    assert_eq!(entry_at(line), "sh-mkt-us");
    // The one error; everything else is still judged, the same VPN included.
    let errors: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| f["status"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(must(&report, "CN-USE-01", "sh-mkt-us")["status"], "fail");
    assert_eq!(must(&report, "BL-EVD-01", "sh-fra-01")["status"], "pass");
    assert_eq!(must(&report, "BL-EVD-01", DRIFTING)["status"], "fail");
    let vpns: BTreeSet<&str> = findings(&report)
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| text(f, "vpn"))
        .collect();
    assert!(vpns.len() >= 15, "{vpns:?}");
    assert_eq!(
        report["summary"]["verdict"], "fail",
        "{}",
        report["summary"]
    );
}

#[test]
fn a_config_log_host_satisfies_cn_log_03() {
    let report = sample_report();
    let f = must(&report, "CN-LOG-03", "sz-gz-01");
    assert_eq!(f["status"], "pass", "{f}");
    // The inventory records no destination for it: the ASA's `logging host`
    // is what passes. Unlink the config and the gap appears.
    let dir = copy_sample();
    edit(
        &dir.path().join("inventory.yaml"),
        "    config: configs/sz-plant-asa01.cfg\n",
        "",
    );
    let r = audit_all(&[dir.path().to_str().unwrap()], &[]);
    let report = r.json();
    let f = must(&report, "CN-LOG-03", "sz-gz-01");
    assert_eq!(f["status"], "fail", "{f}");
    assert_eq!(f["field"], "logging.destination");
    assert_eq!(f["actual"], "(missing)");
    // An OpenVPN client file names no log host: ra-sales still fails.
    assert_eq!(
        must(&sample_report(), "CN-LOG-03", "ra-sales")["status"],
        "fail"
    );
}

// ---------------------------------------------------------------- 4. facts

/// What a sample configuration holds, normalised.
struct FileFacts {
    file: &'static str,
    dialect: &'static str,
    log_hosts: &'static [&'static str],
    tunnels: Vec<TunnelFacts>,
}

struct TunnelFacts {
    name: &'static str,
    peer: &'static str,
    ike_version: Option<u64>,
    ike_mode: Option<&'static str>,
    pfs: Option<bool>,
    /// Canonical names from the algorithm catalogue.
    algorithms: &'static [&'static str],
    national_standard: bool,
}

fn expected_facts() -> Vec<FileFacts> {
    const SM: &[&str] = &["SM2", "SM3", "SM4"];
    const AES_CBC: &[&str] = &["AES-256-CBC", "MODP-2048", "SHA-256"];
    // strongSwan derives the IKE PRF from the integrity algorithm
    // (integ_prf_map, src/libstrongswan/crypto/proposal/proposal.c).
    const AES_CBC_SWAN: &[&str] = &["AES-256-CBC", "MODP-2048", "PRF-SHA-256", "SHA-256"];
    const AES_GCM: &[&str] = &["AES-256-GCM", "ECP-384", "PRF-SHA-384"];
    const SIEM: &[&str] = &["10.31.8.20"];
    let t = |name, peer, ike_version, ike_mode, pfs, algorithms, national_standard| TunnelFacts {
        name,
        peer,
        ike_version,
        ike_mode,
        pfs,
        algorithms,
        national_standard,
    };
    vec![
        FileFacts {
            file: "sh-hq-gw1.swanctl.conf",
            dialect: "strongswan-swanctl",
            log_hosts: &[],
            tunnels: vec![
                t(
                    "fra-dc",
                    "10.200.255.2",
                    Some(2),
                    None,
                    Some(true),
                    SM,
                    true,
                ),
                t(
                    "sgp-office",
                    "198.51.100.140",
                    Some(2),
                    None,
                    Some(true),
                    AES_GCM,
                    false,
                ),
            ],
        },
        FileFacts {
            file: "hk-hub-gw1/ipsec.conf",
            dialect: "strongswan-ipsec",
            log_hosts: &[],
            tunnels: vec![t(
                "hk-sgp",
                "198.51.100.140",
                Some(1),
                Some("main"),
                Some(true),
                AES_CBC_SWAN,
                false,
            )],
        },
        FileFacts {
            file: "hz-lab-wg0.conf",
            dialect: "wireguard",
            log_hosts: &[],
            tunnels: vec![t(
                "sh-hq-wg1",
                "203.0.113.67",
                None,
                None,
                Some(true),
                &["BLAKE2S", "CHACHA20-POLY1305", "CURVE25519"],
                false,
            )],
        },
        FileFacts {
            file: "ra-sales-quickvpn.ovpn",
            dialect: "openvpn",
            log_hosts: &[],
            tunnels: vec![t(
                "tyo3.quickvpn-free.example",
                "tyo3.quickvpn-free.example",
                None,
                None,
                None,
                &["AES-256-GCM"],
                false,
            )],
        },
        FileFacts {
            file: "tyo-rtr01.ios.cfg",
            dialect: "cisco-ios",
            log_hosts: SIEM,
            tunnels: vec![t(
                "Tunnel10",
                "10.200.254.1",
                Some(2),
                None,
                Some(true),
                AES_CBC,
                false,
            )],
        },
        FileFacts {
            file: "sz-plant-asa01.cfg",
            dialect: "cisco-asa",
            log_hosts: SIEM,
            tunnels: vec![t(
                "outside_map 10",
                "172.16.21.2",
                Some(1),
                Some("aggressive"),
                Some(false),
                &["3DES", "MODP-1024", "SHA-1"],
                false,
            )],
        },
        FileFacts {
            file: "fra-srx01.set.conf",
            dialect: "juniper-junos",
            log_hosts: &["10.20.8.20"],
            tunnels: vec![t(
                "VPN-IAD",
                "198.51.100.200",
                Some(2),
                None,
                None,
                AES_CBC,
                false,
            )],
        },
        FileFacts {
            file: "sh-hk-ar01.vrp.cfg",
            dialect: "huawei-vrp",
            log_hosts: SIEM,
            tunnels: vec![t(
                "gm-hk 10",
                "10.201.0.2",
                Some(1),
                Some("main"),
                None,
                SM,
                true,
            )],
        },
        FileFacts {
            file: "gz-msr01.comware.cfg",
            dialect: "h3c-comware",
            log_hosts: SIEM,
            tunnels: vec![t(
                "gm-hk 10",
                "10.202.0.2",
                Some(1),
                Some("main"),
                None,
                &["SM2", "SM3", "SM4-CBC"],
                true,
            )],
        },
        FileFacts {
            file: "sh-fgt-sdwan01.conf",
            dialect: "fortios",
            log_hosts: SIEM,
            tunnels: vec![t(
                "apac-sg",
                "10.203.0.2",
                Some(1),
                Some("main"),
                Some(true),
                AES_GCM,
                false,
            )],
        },
    ]
}

#[test]
fn facts_reads_every_dialect_of_the_sample() {
    let secrets = planted();
    let expected = expected_facts();
    // Every dialect is there, and every readable linked file is covered.
    let dialects: BTreeSet<&str> = expected.iter().map(|e| e.dialect).collect();
    assert_eq!(dialects.len(), 10, "{dialects:?}");
    let covered: BTreeSet<String> = expected
        .iter()
        .map(|e| format!("{CONFIGS}/{}", e.file))
        .collect();
    let linked: BTreeSet<String> = linked_files()
        .into_iter()
        .filter(|f| f != TRUNCATED)
        .collect();
    assert_eq!(covered, linked);

    for FileFacts {
        file,
        dialect,
        log_hosts,
        tunnels,
    } in expected
    {
        let path = format!("{CONFIGS}/{file}");
        let r = run(["facts", &path, "--format", "json"]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr());
        assert!(r.stderr.is_empty(), "{file}: {}", r.stderr());
        let json = r.stdout();
        let v: Value = serde_json::from_str(&json).unwrap();
        let f = &v.as_array().unwrap()[0];
        assert_eq!(f["path"], path.as_str());
        assert_eq!(f["dialect"], dialect, "{file}");
        assert_eq!(f["log_hosts"], serde_json::json!(log_hosts), "{file}");
        let got = f["tunnels"].as_array().unwrap();
        assert_eq!(got.len(), tunnels.len(), "{file}: {got:?}");
        for (t, want) in got.iter().zip(&tunnels) {
            let name = want.name;
            assert_eq!(t["name"], name, "{file}");
            assert_eq!(t["peer"], want.peer, "{file} {name}");
            assert_eq!(t["ike_version"].as_u64(), want.ike_version, "{file} {name}");
            assert_eq!(t["ike_mode"].as_str(), want.ike_mode, "{file} {name}");
            assert_eq!(t["pfs"].as_bool(), want.pfs, "{file} {name}");
            assert_eq!(
                t["crypto"]["algorithms"],
                serde_json::json!(want.algorithms),
                "{file} {name}"
            );
            assert_eq!(
                t["crypto"]["national_standard"], want.national_standard,
                "{file} {name}"
            );
            assert_eq!(
                t["crypto"]["unknown"],
                serde_json::json!([]),
                "{file} {name}"
            );
        }
        let snapshot = format!("facts_{}", file.replace(['/', '.'], "_"));
        insta::assert_snapshot!(snapshot, json);

        // The table says the same.
        let r = run(["facts", &path]);
        assert_eq!(r.code, 0, "{file}");
        let table = r.stdout();
        assert!(
            table.starts_with(&format!("{path} ({dialect})\n")),
            "{table}"
        );
        if !log_hosts.is_empty() {
            assert!(table.contains(&format!("log hosts: {}", log_hosts.join(", "))));
        }
        for want in &tunnels {
            assert!(table.contains(want.name), "{} in {table}", want.name);
            for a in want.algorithms {
                assert!(table.contains(a), "{a} in {table}");
            }
        }
        r.assert_no_leak(&format!("facts {file}"), &secrets);
    }
}

#[test]
fn facts_on_several_files_keeps_their_order() {
    let files = [
        format!("{CONFIGS}/sh-hk-ar01.vrp.cfg"),
        format!("{CONFIGS}/hz-lab-wg0.conf"),
        format!("{CONFIGS}/tyo-rtr01.ios.cfg"),
    ];
    let r = run(["facts", "--format", "json", &files[0], &files[1], &files[2]]);
    assert_eq!(r.code, 0, "{}", r.stderr());
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, files.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn facts_on_an_unparseable_file_is_a_located_error() {
    let r = run(["facts", "--format", "json", TRUNCATED]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "nothing printed: {}", r.stdout());
    assert_eq!(
        r.stderr(),
        format!(
            "{TRUNCATED}:51:1: error: cannot be read as fortios: the config block opened at line 46 is never closed (missing 'end')\n"
        )
    );
    // One bad file among good ones: the good one's facts and the bad one's
    // error, and exit 2 all the same.
    let good = format!("{CONFIGS}/hz-lab-wg0.conf");
    let r = run(["facts", "--format", "json", &good, TRUNCATED]);
    assert_eq!(r.code, 2);
    assert!(r.stderr().starts_with(&format!("{TRUNCATED}:51:1: error:")));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [good.as_str()]);
}

#[test]
fn facts_rejects_an_unknown_config_format() {
    let r = run([
        "facts",
        "--config-format",
        "nonsense",
        &format!("{CONFIGS}/hz-lab-wg0.conf"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    let err = r.stderr();
    assert!(err.contains("--config-format"), "{err}");
    assert!(err.contains("\"nonsense\""), "{err}");
    for d in ["strongswan-swanctl", "huawei-vrp", "h3c-comware", "fortios"] {
        assert!(err.contains(d), "{err}");
    }
    // The right name reads it; a wrong but known one reads nothing of it.
    let r = run([
        "facts",
        "--config-format",
        "wireguard",
        "--format",
        "json",
        &format!("{CONFIGS}/hz-lab-wg0.conf"),
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(r.json()[0]["tunnels"].as_array().unwrap().len(), 1);
}

#[test]
fn config_release_fills_a_release_the_file_does_not_name_and_yields_to_one_it_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/cisco-ios/ikev1-crypto-map.cfg",
        dir.path().join("rtr.cfg"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("inventory.yaml"),
        "kind: inventory\nversion: 1\nvpns:\n  - id: rtr\n    protocol: ipsec\n    \
         local: { country: DE }\n    remote: { country: US }\n    config: rtr.cfg\n    \
         config_format: cisco-ios\n    config_release: \"17.3\"\n",
    )
    .unwrap();
    let inv = dir.path().join("inventory.yaml");
    let r = audit_all(&[inv.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    // The file says `version 15.4`: that is used, and the difference is
    // a located warning.
    assert!(
        stderr.contains(
            "rtr.cfg:1:1: warning: the file names release 15.4, the inventory's config_release 17.3; the file's is used"
        ),
        "{stderr}"
    );
    // Without a version line in the file, the inventory's release is the
    // one read.
    let cfg = std::fs::read_to_string(dir.path().join("rtr.cfg")).unwrap();
    let without: String = cfg
        .lines()
        .filter(|l| !l.starts_with("version "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("rtr.cfg"), without).unwrap();
    let r = audit_all(&[inv.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(!stderr.contains("names release"), "{stderr}");
}

#[test]
fn a_log_host_read_from_a_config_points_at_its_line() {
    let report = sample_report();
    let f = must(&report, "CN-LOG-03", "sz-gz-01");
    assert_eq!(f["status"], "pass");
    let path = text(&f["source"], "path");
    assert_eq!(path, format!("{SAMPLE}/configs/sz-plant-asa01.cfg"));
    let line = f["source"]["line"].as_u64().unwrap() as usize;
    let cfg = std::fs::read_to_string(path).unwrap();
    assert!(
        cfg.lines()
            .nth(line - 1)
            .unwrap()
            .starts_with("logging host "),
        "line {line}"
    );
    // `facts` names the line too.
    let r = run(["facts", path]);
    assert!(
        String::from_utf8_lossy(&r.stdout)
            .contains(&format!("log hosts: 10.31.8.20 (line {line})")),
        "{}",
        String::from_utf8_lossy(&r.stdout)
    );
}

#[test]
fn messages_state_what_decided_the_finding_and_nothing_else() {
    let finding = |dir: &str, rule: &str, vpn: &str| -> Value {
        let r = audit_all(&[dir], &[]);
        must(&r.json(), rule, vpn).clone()
    };
    // A pass by a test under `not` names it, negated; the inventory's
    // field decided it, so no "judged:" note about the crypto.
    let f = finding(
        "tests/rules/BL-AUTH-02/config",
        "BL-AUTH-02",
        "pass-config-certificate-aggressive",
    );
    assert_eq!(
        text(&f, "message"),
        "authentication.methods is certificate: passes (does not include psk)"
    );
    // A crypto field decided the failure: the note says which crypto.
    let f = finding(
        "tests/rules/BL-AUTH-02/config",
        "BL-AUTH-02",
        "fail-declared-certificate-config-psk",
    );
    assert!(text(&f, "message").contains("(judged: the device configuration"));
    // The `any` of the configuration's alternatives holds (a user round is
    // offered): none of them is listed as a failure.
    let f = finding(
        "tests/rules/BL-AUTH-01/config",
        "BL-AUTH-01",
        "fail-openvpn-not-declared-mfa",
    );
    assert_eq!(
        text(&f, "message"),
        "authentication.methods is certificate, password; expected includes mfa"
    );
    // Alternatives on one field that all fail: the field and value once.
    let f = finding(
        "tests/rules/BL-AUTH-01/config",
        "BL-AUTH-01",
        "fail-declared-mfa-wireguard-keys",
    );
    assert_eq!(
        text(&f, "message")
            .matches("evidence.auth_methods is")
            .count(),
        1
    );
}
