//! The Cisco readers never panic, whatever the bytes, and stay linear on
//! large and hostile inputs.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use vpnaudit::evidence::cisco::{looks_like_asa, looks_like_ios, read_asa, read_ios};
use vpnaudit::evidence::{ConfigFacts, ReadError};

fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["cisco-ios", "cisco-asa"] {
        let dir = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture dir")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).expect("fixture");
            out.push((p.display().to_string(), text));
        }
    }
    out
}

/// Reads with both readers and checks what must hold for any input.
fn check(
    text: &str,
) -> (
    Result<ConfigFacts, ReadError>,
    Result<ConfigFacts, ReadError>,
) {
    let _ = (looks_like_ios(text), looks_like_asa(text));
    assert!(!(looks_like_ios(text) && looks_like_asa(text)));
    let lines = text.split('\n').count() as u32;
    let ios = read_ios(text);
    let asa = read_asa(text);
    for r in [&ios, &asa] {
        match r {
            Ok(f) => {
                let mut last = 0;
                for t in &f.tunnels {
                    assert!(t.line >= 1 && t.line <= lines, "line {} of {lines}", t.line);
                    assert!(t.line >= last, "tunnels in line order");
                    last = t.line;
                    assert!(!t.name.is_empty());
                    assert!(t.tls.is_empty());
                }
            }
            Err(e) => {
                assert!(e.line >= 1 && e.line <= lines.max(1));
                assert!(!e.message.is_empty());
            }
        }
    }
    (ios, asa)
}

fn assert_no_secret(what: &str, r: &Result<ConfigFacts, ReadError>) {
    let out = match r {
        Ok(f) => format!("{f:?}"),
        Err(e) => format!("{e:?}"),
    };
    assert!(
        !out.contains("PLANTED") && !out.contains("7f3a9"),
        "{what}: {out}"
    );
}

/// Cisco-flavoured words, so random input reaches deep into the parser.
const WORDS: &[&str] = &[
    "crypto",
    "isakmp",
    "ikev1",
    "ikev2",
    "policy",
    "key",
    "map",
    "dynamic-map",
    "ipsec",
    "transform-set",
    "ipsec-proposal",
    "profile",
    "proposal",
    "keyring",
    "peer",
    "set",
    "pfs",
    "group14",
    "group",
    "14",
    "10",
    "65535",
    "ipsec-isakmp",
    "ipsec-manual",
    "gdoi",
    "dynamic",
    "encryption",
    "encr",
    "integrity",
    "prf",
    "hash",
    "authentication",
    "pre-share",
    "rsa-sig",
    "eap",
    "null",
    "aes",
    "aes-256",
    "aes-gcm-256",
    "esp-aes",
    "256",
    "esp-sha-hmac",
    "esp-gcm",
    "protocol",
    "esp",
    "tunnel",
    "protection",
    "destination",
    "interface",
    "Tunnel1",
    "tunnel-group",
    "ipsec-attributes",
    "pre-shared-key",
    "type",
    "ipsec-l2l",
    "remote-access",
    "DefaultL2LGroup",
    "logging",
    "host",
    "inside",
    "192.0.2.1",
    "::1",
    "banner",
    "motd",
    "^C",
    "#",
    "certificate",
    "chain",
    "pki",
    "quit",
    "key-string",
    "pubkey-chain",
    "named-key",
    "0123ABCD",
    "!",
    ":",
    "exit",
    "no",
    "address",
    "0.0.0.0",
    "phase1-mode",
    "aggressive",
    "main",
    "am-disable",
    "aggressive-mode",
    "disable",
    "isakmp-profile",
    "ikev2-profile",
    "initiate",
    "mode",
    "match",
    "identity",
    "nhrp",
    "nhs",
    "nbma",
    "ip",
    "local",
    "remote",
    "comp-lzs",
    "version",
    "15.2",
    "ASA",
    "Version",
];

fn cisco_line() -> impl Strategy<Value = String> {
    (
        0usize..4,
        prop::collection::vec(prop::sample::select(WORDS), 0..7),
    )
        .prop_map(|(indent, words)| format!("{}{}", " ".repeat(indent), words.join(" ")))
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Reindent(usize, usize),
    Truncate(usize),
    InsertByte(usize, u8),
    ReplaceWord(usize, usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), 0usize..5).prop_map(|(a, b)| Mutation::Reindent(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::InsertByte(a, b)),
        (any::<usize>(), any::<usize>(), prop::sample::select(WORDS))
            .prop_map(|(a, b, w)| Mutation::ReplaceWord(a, b, w)),
    ]
}

/// Applies mutations; the flag tells whether lines were only moved,
/// dropped, re-indented or had a keyword swapped (never a secret moved
/// into another command's value), so secrets must still not leak.
fn mutate(text: &str, muts: &[Mutation]) -> (String, bool) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut line_level = true;
    for m in muts {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) => {
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
            }
            Mutation::DuplicateLine(i) => {
                if !lines.is_empty() {
                    let l = lines[i % n].clone();
                    lines.insert(i % n, l);
                }
            }
            Mutation::SwapLines(a, b) => {
                if !lines.is_empty() {
                    lines.swap(a % n, b % n);
                }
            }
            Mutation::Reindent(i, k) => {
                if !lines.is_empty() {
                    let l = lines[i % n].trim_start().to_string();
                    lines[i % n] = format!("{}{l}", " ".repeat(*k));
                }
            }
            Mutation::Truncate(i) => {
                let keep = i % n;
                lines.truncate(keep);
            }
            Mutation::InsertByte(i, b) => {
                let joined = lines.join("\n");
                let mut bytes = joined.into_bytes();
                let at = i % (bytes.len() + 1);
                bytes.insert(at, *b);
                let s = String::from_utf8_lossy(&bytes).into_owned();
                lines = s.split('\n').map(str::to_string).collect();
                line_level = false;
            }
            Mutation::ReplaceWord(i, j, w) => {
                if !lines.is_empty() {
                    let mut words: Vec<String> =
                        lines[i % n].split(' ').map(str::to_string).collect();
                    let k = j % words.len().max(1);
                    // Replacing a keyword may turn a secret into a value
                    // (`key SECRET` → `peer SECRET`): only structure is
                    // checked for those.
                    if words.get(k).is_some() {
                        words[k] = w.to_string();
                        line_level = false;
                    }
                    lines[i % n] = words.join(" ");
                }
            }
        }
    }
    (lines.join("\n"), line_level)
}

proptest! {
    // 512 cases by default; PROPTEST_CASES raises it for a longer soak.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_string_is_read_or_rejected_without_panic(text in any::<String>()) {
        let _ = check(&text);
    }

    #[test]
    fn cisco_shaped_garbage_never_panics(lines in prop::collection::vec(cisco_line(), 0..60)) {
        let _ = check(&lines.join("\n"));
    }

    #[test]
    fn mutated_fixtures_never_panic_nor_leak(
        which in any::<usize>(),
        muts in prop::collection::vec(mutation(), 1..8),
    ) {
        let fx = fixtures();
        let (name, text) = &fx[which % fx.len()];
        let (mutated, line_level) = mutate(text, &muts);
        let (ios, asa) = check(&mutated);
        if line_level {
            assert_no_secret(name, &ios);
            assert_no_secret(name, &asa);
        }
    }
}

// ---- linear time ----------------------------------------------------------

/// A realistic IOS configuration of about `bytes` bytes: many crypto-map
/// entries and VTIs over a few policies, plus the usual unrelated noise.
fn big_ios(bytes: usize) -> String {
    let mut s = String::from("version 17.9\nhostname big\n!\n");
    for p in 1..=5 {
        s += &format!(
            "crypto isakmp policy {p}\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n"
        );
    }
    s += "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n mode tunnel\n";
    s += "crypto ipsec profile P\n set transform-set TS\n set pfs group14\n";
    let mut i = 0u64;
    while s.len() < bytes {
        i += 1;
        let (a, b) = ((i >> 8) & 0xff, i & 0xff);
        s += &format!(
            "crypto keyring K{i}\n pre-shared-key address 10.{a}.{b}.1 key PLANTED-SECRET-7f3a9-{i}\n\
             crypto map M {i} ipsec-isakmp\n set peer 10.{a}.{b}.1\n set transform-set TS\n match address A{i}\n\
             interface Tunnel{i}\n ip address 169.254.{a}.{b} 255.255.255.252\n tunnel destination 10.{a}.{b}.2\n tunnel protection ipsec profile P\n\
             ip access-list extended A{i}\n permit ip 10.0.0.0 0.0.0.255 10.{a}.{b}.0 0.0.0.255\n!\n"
        );
    }
    s
}

/// Time of the fastest of a few runs, to keep noise out of ratios.
fn time(f: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(what: &str, make: impl Fn(usize) -> String, read: fn(&str)) {
    let small = make(1 << 20);
    let large = make(10 << 20);
    let t1 = time(|| read(&small));
    let t10 = time(|| read(&large));
    let ratio = t10.as_secs_f64() / t1.as_secs_f64().max(1e-4);
    eprintln!("{what}: 1 MiB {t1:?}, 10 MiB {t10:?}, ratio {ratio:.1}");
    assert!(
        ratio < 25.0,
        "{what} is not linear: 1 MiB {t1:?}, 10 MiB {t10:?}"
    );
}

#[test]
fn ten_megabytes_read_in_linear_time() {
    assert_linear("realistic IOS", big_ios, |t| {
        let f = read_ios(t).expect("reads");
        assert!(f.tunnels.len() > 4_000);
        assert!(!format!("{:?}", f.tunnels[0]).contains("PLANTED"));
    });
    assert_linear(
        "deepening indentation",
        |n| {
            let mut s = String::new();
            let mut k = 0;
            while s.len() < n {
                s += &" ".repeat(k % 3000);
                s += "set peer 192.0.2.1\n";
                k += 1;
            }
            s
        },
        |t| {
            let _ = read_ios(t);
        },
    );
    assert_linear(
        "one entry, many peers and transform sets",
        |n| {
            let mut s = String::from("crypto map M 1 ipsec-isakmp\n");
            let mut k = 0u64;
            while s.len() < n {
                s += &format!(
                    " set peer 10.{}.{}.{}\n",
                    (k >> 16) & 0xff,
                    (k >> 8) & 0xff,
                    k & 0xff
                );
                if k.is_multiple_of(64) {
                    let names: Vec<String> = (0..500).map(|j| format!("T{k}x{j}")).collect();
                    s += &format!(" set transform-set {}\n", names.join(" "));
                }
                k += 1;
            }
            s
        },
        |t| {
            read_asa(t).expect("reads");
        },
    );
    assert_linear(
        "many distinct log hosts and PSK peers",
        |n| {
            let mut s = String::new();
            let mut k = 0u64;
            while s.len() < n {
                let ip = format!("10.{}.{}.{}", (k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff);
                s += &format!(
                    "logging host {ip}\ncrypto isakmp key PLANTED-SECRET-7f3a9 address {ip}\n"
                );
                k += 1;
            }
            s
        },
        |t| {
            read_ios(t).expect("reads");
        },
    );
    assert_linear(
        "one dynamic map behind many entries",
        |n| {
            let mut s = String::from("crypto ipsec transform-set T esp-aes esp-sha-hmac\n");
            for k in 0..2000 {
                s += &format!("crypto dynamic-map D {k}\n set transform-set T\n set pfs group14\n");
            }
            let mut k = 0u64;
            while s.len() < n {
                s += &format!("crypto map M {k} ipsec-isakmp dynamic D\n");
                k += 1;
            }
            s
        },
        |t| {
            read_ios(t).expect("reads");
        },
    );
}

#[test]
fn ikev1_policies_times_entries_is_bounded() {
    // 5,000 policies offered on 20,000 entries would be 100 million
    // strings: an error, quickly, rather than gigabytes of facts.
    let mut s = String::new();
    for p in 1..=5000 {
        s += &format!("crypto isakmp policy {p}\n encr aes 256\n hash sha{p}\n");
    }
    for k in 1..=20_000 {
        s += &format!("crypto map M {k} ipsec-isakmp\n set peer 192.0.2.1\n");
    }
    let start = Instant::now();
    let e = read_ios(&s).expect_err("too large");
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(e.message.contains("too large"), "{}", e.message);
}
