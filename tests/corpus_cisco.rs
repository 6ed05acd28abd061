//! The Cisco readers over the shared corpus of real configurations
//! (`$VPNAUDIT_CORPUS`, default ../shared/corpus/configs beside the repository; skipped quietly
//! when absent). The files are read in place, never copied.
//!
//! Every file of cisco-ios/ and cisco-asa/ must read without error or
//! panic; files with IPsec tunnels must yield them, with proposals as far
//! as the file defines them (the expectations table below, per file); every
//! proposal must normalise through the built-in catalogue with no unknown
//! token; no key, password or community string may reach the facts; and
//! detection must put every file in its own dialect and claim none of the
//! other dialects' files. batfish's `cisco_crypto` unit config mixes IOS and
//! ASA syntax on purpose: either answer is accepted for it (it reads as IOS,
//! by more IOS marker kinds).

mod cisco_common;

use std::path::{Path, PathBuf};

use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::cisco::{looks_like_asa, looks_like_ios, read_asa, read_ios};
use vpnaudit::evidence::{ConfigFacts, ReadError};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("VPNAUDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/configs"));
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What each known corpus file must yield: tunnels, how many of them have
/// IKE / ESP proposals, log hosts. Files with fewer proposals than tunnels
/// are fragments or tests that reference what they do not define.
const EXPECTED: &[(&str, usize, usize, usize, usize)] = &[
    // cisco-ios: (file, tunnels, with IKE, with ESP, log hosts)
    ("batfish__aws-dx-onprem-router.txt", 1, 1, 1, 0),
    ("batfish__aws-vpn-03701a53bba3c48b7.txt", 2, 2, 2, 0),
    // transform set `<transform_set>` placeholder, no ISAKMP policy
    ("batfish__crypto-vrf.cfg", 1, 0, 0, 0),
    ("batfish__hybrid-cloud-aws__lhr-border-02.cfg", 2, 2, 2, 0),
    // IPsec profiles no interface uses
    ("batfish__ios-crypto-ipsec-profile.cfg", 0, 0, 0, 0),
    ("batfish__ios-crypto-ipsec__r1.cfg", 3, 3, 3, 0),
    ("batfish__ios-crypto-ipsec__r2.cfg", 4, 4, 4, 0),
    ("batfish__ios-crypto-ipsec__r3.cfg", 2, 2, 2, 0),
    // only `set pfs` lines: the last group is the ESP fact
    ("batfish__ios-crypto-map-pfs-dh-group.cfg", 1, 0, 1, 0),
    // no ISAKMP policy: IOS's built-in defaults, not guessed
    ("batfish__ios-crypto-map.cfg", 5, 0, 5, 0),
    ("batfish__ios-crypto-transform-set.cfg", 0, 0, 0, 0),
    ("batfish__ios-crypto.cfg", 0, 0, 0, 0),
    // tunnel protection names an ISAKMP profile, no IPsec profile
    ("batfish__ios-ipsec-gh-5849.cfg", 1, 0, 0, 0),
    ("batfish__ios-ipsec-ghe-5274.cfg", 1, 0, 0, 0),
    ("batfish__ios-keyrings.cfg", 0, 0, 0, 0),
    ("batfish__ios-tunnel-mode.cfg", 0, 0, 0, 0),
    ("batfish__ios-xe-crypto-parsing.cfg", 0, 0, 0, 0),
    (
        "batfish__ipsec-vpn-host-aws-cisco__cisco_host.cfg",
        2,
        2,
        2,
        0,
    ),
    // mixes ASA one-line crypto map entries into IOS: `asacryptomap 10`
    // is written only in ASA syntax, which IOS does not read, so its ESP
    // and PFS are unknown rather than read with IOS defaults
    ("batfish__unit__cisco_crypto.cfg", 5, 5, 3, 0),
    ("batfish__unit__ios-crypto-keyword-names.cfg", 0, 0, 0, 0),
    // GETVPN (gdoi) only
    ("batfish__unit__isr_crypto.cfg", 0, 0, 0, 0),
    ("ciscoconfparse2__sample_08.ios", 0, 0, 0, 2),
    // SD-WAN: IPsec is managed by the SD-WAN controller
    ("ciscoconfparse2__sample_10.ios", 0, 0, 0, 0),
    (
        "lab-validation__eos_iosxe_aws_demo__exitgw.running-config.txt",
        4,
        4,
        4,
        0,
    ),
    (
        "lab-validation__onug_cost_optimized_s3_path__exitgw.running-config.txt",
        4,
        4,
        4,
        0,
    ),
    // cisco-asa
    ("batfish__asa-gh-6042.cfg", 1, 0, 0, 0),
    ("batfish__unit__cisco_vpn.cfg", 0, 0, 0, 0),
    ("batfish__unit__cisco_webvpn.cfg", 0, 0, 0, 0),
    ("ciscoconfparse2__sample_01.asa", 0, 0, 0, 1),
    ("netutils__asa_full_sent.txt", 0, 0, 0, 1),
    // `show running-config crypto map` fragments: transform sets live in
    // another section, only `set pfs groupN` is an ESP fact
    (
        "ntc-templates__cisco_asa_show_running-config_all_crypto_map.txt",
        10,
        0,
        1,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_all_crypto_map2.txt",
        11,
        0,
        1,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_crypto_ikev1.txt",
        0,
        0,
        0,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_crypto_map.txt",
        2,
        0,
        2,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_crypto_map2.txt",
        7,
        0,
        1,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_ipsec.txt",
        0,
        0,
        0,
        0,
    ),
    (
        "ntc-templates__cisco_asa_show_running-config_tunnel-group.txt",
        0,
        0,
        0,
        0,
    ),
];

const MIXED: &str = "batfish__unit__cisco_crypto.cfg";

/// Does the file hold something that makes an IPsec tunnel?
fn has_ipsec_tunnel(text: &str) -> bool {
    text.lines().any(|l| {
        let w: Vec<&str> = l.split_whitespace().collect();
        let entry = matches!(w.as_slice(), ["crypto", "map", _, seq, rest @ ..]
            if seq.bytes().all(|b| b.is_ascii_digit()) && !rest.starts_with(&["gdoi"]));
        entry
            || l.trim_start()
                .starts_with("tunnel protection ipsec profile")
    })
}

fn check_facts(name: &str, dialect: &str, text: &str, facts: &ConfigFacts) {
    let cat = Catalogue::builtin();
    for t in &facts.tunnels {
        for p in t.ike.iter().chain(&t.esp) {
            let n = cat.normalise(p);
            assert!(
                n.unknown.is_empty(),
                "{dialect}/{name} {}: {p:?} has unknown tokens {:?}",
                t.name,
                n.unknown
            );
            assert!(!n.algorithms.is_empty(), "{dialect}/{name}: {p:?} is empty");
        }
    }
    let debug = format!("{facts:?}");
    // Masked values (`********`) are no secret.
    for s in cisco_common::secret_values(text)
        .into_iter()
        .filter(|v| !v.contains('*'))
    {
        assert!(!debug.contains(&s), "{dialect}/{name} leaks a secret");
    }
    // Warnings are located inside the file, in line order, and quote no
    // secret (nor do unresolved notes and defaults).
    cisco_common::assert_warnings_clean(&format!("{dialect}/{name}"), text, facts);
    let release_line = text.lines().find_map(|l| {
        l.strip_prefix("ASA Version ")
            .or_else(|| l.strip_prefix("version "))
            .and_then(|v| v.split_whitespace().next())
    });
    assert_eq!(
        facts.release.as_deref(),
        release_line,
        "{dialect}/{name}: release"
    );
    if has_ipsec_tunnel(text) {
        assert!(
            !facts.tunnels.is_empty(),
            "{dialect}/{name} has IPsec but no tunnel"
        );
    }
    if let Some(&(_, tunnels, ike, esp, logs)) = EXPECTED.iter().find(|e| e.0 == name) {
        let with_ike = facts.tunnels.iter().filter(|t| !t.ike.is_empty()).count();
        let with_esp = facts.tunnels.iter().filter(|t| !t.esp.is_empty()).count();
        assert_eq!(
            (
                facts.tunnels.len(),
                with_ike,
                with_esp,
                facts.log_hosts.len()
            ),
            (tunnels, ike, esp, logs),
            "{dialect}/{name}: (tunnels, with IKE, with ESP, log hosts)"
        );
    }
}

#[test]
fn cisco_corpus_reads_and_normalises() {
    let Some(root) = corpus() else {
        return;
    };
    let mut read = 0;
    type Reader = fn(&str) -> Result<ConfigFacts, ReadError>;
    let readers: [(&str, Reader); 2] = [("cisco-ios", read_ios), ("cisco-asa", read_asa)];
    for (dialect, reader) in readers {
        for path in files(&root.join(dialect)) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let text = text(&path);
            let facts = reader(&text).unwrap_or_else(|e| panic!("{dialect}/{name}: {e:?}"));
            check_facts(name, dialect, &text, &facts);
            read += 1;
        }
    }
    assert!(read > 0, "corpus present but no Cisco file in it");
}

#[test]
fn every_expected_file_is_in_the_corpus() {
    let Some(root) = corpus() else {
        return;
    };
    // Only when the corpus is the one these expectations were written for.
    let ios = root.join("cisco-ios");
    if !ios.join(MIXED).is_file() {
        return;
    }
    for (name, ..) in EXPECTED {
        assert!(
            ios.join(name).is_file() || root.join("cisco-asa").join(name).is_file(),
            "{name} missing"
        );
    }
}

#[test]
fn cisco_corpus_is_detected_as_its_own_dialect() {
    let Some(root) = corpus() else {
        return;
    };
    for path in files(&root.join("cisco-ios")) {
        let text = text(&path);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == MIXED {
            assert!(looks_like_ios(&text) != looks_like_asa(&text), "{name}");
            continue;
        }
        assert!(looks_like_ios(&text), "cisco-ios/{name} not detected");
        assert!(!looks_like_asa(&text), "cisco-ios/{name} taken for ASA");
    }
    for path in files(&root.join("cisco-asa")) {
        let text = text(&path);
        let name = path.display();
        assert!(looks_like_asa(&text), "{name} not detected");
        assert!(!looks_like_ios(&text), "{name} taken for IOS");
    }
}

#[test]
fn other_dialects_are_not_claimed() {
    let Some(root) = corpus() else {
        return;
    };
    let Ok(rd) = std::fs::read_dir(&root) else {
        return;
    };
    let mut seen = 0;
    for dir in rd.filter_map(|e| e.ok().map(|e| e.path())) {
        let dialect = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if matches!(dialect, "cisco-ios" | "cisco-asa") || !dir.is_dir() {
            continue;
        }
        for path in files(&dir) {
            let text = text(&path);
            assert!(!looks_like_ios(&text), "{} taken for IOS", path.display());
            assert!(!looks_like_asa(&text), "{} taken for ASA", path.display());
            // Reading it anyway must not panic either.
            let _ = (read_ios(&text), read_asa(&text));
            seen += 1;
        }
    }
    assert!(seen > 0 || !root.join("wireguard").exists());
}
