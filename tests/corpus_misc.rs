//! The real configuration corpus (Juniper Junos, FortiOS, H3C Comware and,
//! when present, Huawei VRP): every file reads without panicking, files
//! with IPsec yield tunnels, every proposal normalises with no unknown
//! token, and the dialect detectors classify every corpus file right —
//! including not claiming the files of the other dialects.
//!
//! The corpus is `$VPNAUDIT_CORPUS` (default `../shared/corpus/configs` beside the repository,
//! one folder per dialect); the test passes quietly when it is absent.
//! Files are only read, never copied.
//!
//! No warning, unresolved reference or default of any file quotes a
//! secret; each file's tunnel and warning counts and release are printed
//! (`--nocapture`).
//!
//! Exception to "no unknown token": template placeholders (`{@...}`, the
//! fortigate-autoscale configset) are opaque values by design.

use std::path::{Path, PathBuf};

use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::{ConfigFacts, ReadError, fortios, huawei, junos};

const OTHER_DIALECTS: &[&str] = &[
    "strongswan-swanctl",
    "strongswan-ipsec",
    "wireguard",
    "openvpn",
    "cisco-ios",
    "cisco-asa",
];

fn corpus() -> Option<PathBuf> {
    let root = std::env::var_os("VPNAUDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/configs")
        });
    root.is_dir().then_some(root)
}

fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

struct Detected {
    junos: bool,
    fortios: bool,
    vrp: bool,
    comware: bool,
}

fn detect(text: &str) -> Detected {
    Detected {
        junos: junos::looks_like(text),
        fortios: fortios::looks_like(text),
        vrp: huawei::looks_like_vrp(text),
        comware: huawei::looks_like_comware(text),
    }
}

/// Reads with `reader`; checks tunnels and proposals. Returns the number
/// of tunnels.
fn check(
    path: &Path,
    text: &str,
    reader: fn(&str) -> Result<ConfigFacts, ReadError>,
    has_ipsec: bool,
) -> usize {
    let name = path.display();
    let facts = reader(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    // No located note, unresolved reference or default quotes a secret.
    let mut notes = format!("{:?}", facts.warnings);
    for t in &facts.tunnels {
        notes.push_str(&format!("{:?}{:?}", t.unresolved, t.defaults));
    }
    for marker in ["$9$", "%^%#", "$c$", "$h$", "ENC "] {
        assert!(!notes.contains(marker), "{name}: {marker:?} in {notes}");
    }
    eprintln!(
        "{name}: {} tunnels, {} warnings, release {:?}",
        facts.tunnels.len(),
        facts.warnings.len(),
        facts.release
    );
    if has_ipsec {
        assert!(
            !facts.tunnels.is_empty(),
            "{name}: IPsec configured but no tunnel read"
        );
    }
    let cat = Catalogue::builtin();
    for t in &facts.tunnels {
        for p in t.ike.iter().chain(&t.esp) {
            let n = cat.normalise(p);
            let unknown: Vec<&String> = n.unknown.iter().filter(|u| !u.contains("{@")).collect();
            assert!(
                unknown.is_empty(),
                "{name}: tunnel {}: {p:?} unknown {unknown:?}",
                t.name
            );
        }
    }
    facts.tunnels.len()
}

#[test]
fn juniper_junos() {
    let Some(root) = corpus() else { return };
    let mut tunnels = 0;
    for (path, text) in files(&root.join("juniper-junos")) {
        let d = detect(&text);
        assert!(
            d.junos && !d.fortios && !d.vrp && !d.comware,
            "{}",
            path.display()
        );
        let has_ipsec = text.lines().any(|l| {
            l.starts_with("set security ipsec vpn ")
                || (l.trim_start().starts_with("vpn ") && l.trim_end().ends_with('{'))
        });
        tunnels += check(&path, &text, junos::read, has_ipsec);
    }
    eprintln!("juniper-junos: {tunnels} tunnels");
}

#[test]
fn fortios() {
    let Some(root) = corpus() else { return };
    let mut tunnels = 0;
    for (path, text) in files(&root.join("fortios")) {
        let d = detect(&text);
        assert!(
            d.fortios && !d.junos && !d.vrp && !d.comware,
            "{}",
            path.display()
        );
        let has_ipsec = text
            .lines()
            .any(|l| l.trim_start().starts_with("config vpn ipsec phase1"));
        tunnels += check(&path, &text, fortios::read, has_ipsec);
    }
    eprintln!("fortios: {tunnels} tunnels");
}

#[test]
fn h3c_comware() {
    let Some(root) = corpus() else { return };
    for (path, text) in files(&root.join("h3c-comware")) {
        let d = detect(&text);
        assert!(
            d.comware && !d.vrp && !d.junos && !d.fortios,
            "{}",
            path.display()
        );
        let has_ipsec = text.lines().any(|l| l.starts_with("ipsec policy "));
        check(&path, &text, huawei::read_comware, has_ipsec);
    }
    // The corpus files carry no IPsec but do name log hosts.
    let full = root.join("h3c-comware/netutils__hp_comware_full_sent.txt");
    if let Ok(text) = std::fs::read_to_string(full) {
        let f = huawei::read_comware(&text).unwrap();
        assert!(f.tunnels.is_empty());
        assert_eq!(
            f.log_hosts,
            ["192.0.2.132", "192.0.2.227", "192.0.2.18", "192.0.2.195"]
        );
    }
}

#[test]
fn huawei_vrp_if_present() {
    let Some(root) = corpus() else { return };
    for (path, text) in files(&root.join("huawei-vrp")) {
        let d = detect(&text);
        assert!(
            d.vrp && !d.comware && !d.junos && !d.fortios,
            "{}",
            path.display()
        );
        let has_ipsec = text.lines().any(|l| l.starts_with("ipsec policy "));
        check(&path, &text, huawei::read_vrp, has_ipsec);
    }
}

#[test]
fn other_dialects_are_not_claimed_and_do_not_panic() {
    let Some(root) = corpus() else { return };
    for dialect in OTHER_DIALECTS {
        for (path, text) in files(&root.join(dialect)) {
            let d = detect(&text);
            assert!(
                !d.junos && !d.fortios && !d.vrp && !d.comware,
                "{} claimed by one of these readers",
                path.display()
            );
            // Reading the wrong dialect may fail, never panic.
            let _ = junos::read(&text);
            let _ = fortios::read(&text);
            let _ = huawei::read_vrp(&text);
            let _ = huawei::read_comware(&text);
        }
    }
}
