//! Robustness of the Junos, Huawei VRP / H3C Comware and FortiOS readers:
//! no panic on any input (arbitrary text, token soups, mutated fixtures),
//! and time linear in the input on 10 MB files, adversarial ones included.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use vpnaudit::evidence::{ConfigFacts, ReadError, fortios, huawei, junos};

type Reader = fn(&str) -> Result<ConfigFacts, ReadError>;

const READERS: [(&str, Reader); 4] = [
    ("junos", junos::read),
    ("fortios", fortios::read),
    ("vrp", huawei::read_vrp),
    ("comware", huawei::read_comware),
];

fn all_readers(text: &str) {
    for (_, read) in READERS {
        let _ = read(text);
    }
    let _ = junos::looks_like(text);
    let _ = fortios::looks_like(text);
    let _ = huawei::looks_like_vrp(text);
    let _ = huawei::looks_like_comware(text);
}

fn fixtures() -> &'static [String] {
    static FIXTURES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(load_fixtures)
}

fn load_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in ["junos", "fortios", "huawei-vrp", "h3c-comware"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    out
}

/// Pieces of all three syntaxes, glued at random.
const VOCABULARY: &[&str] = &[
    "set ",
    "security ",
    "ike ",
    "ipsec ",
    "proposal ",
    "policy ",
    "gateway ",
    "vpn ",
    "proposals ",
    "[ ",
    "] ",
    "{",
    "}",
    ";",
    "\"",
    "'",
    "#",
    "/*",
    "*/",
    "inactive: ",
    "deactivate ",
    "delete ",
    "address ",
    "ike-policy ",
    "ipsec-policy ",
    "version ",
    "v2-only ",
    "mode aggressive ",
    "proposal-set standard ",
    "perfect-forward-secrecy keys ",
    "group14 ",
    "aes-256-gcm ",
    "config ",
    "vpn ipsec phase1-interface",
    "phase2-interface",
    "edit ",
    "next",
    "end",
    "set proposal ",
    "dhgrp ",
    "14 5 ",
    "phase1name ",
    "pfs ",
    "append ",
    "unselect ",
    "unset ",
    "log syslogd setting",
    "status enable",
    "server ",
    "vdom",
    "ike proposal ",
    "ike peer ",
    "ipsec policy ",
    " 10 isakmp",
    " template ",
    "ipsec policy-template ",
    "ipsec profile ",
    "ipsec transform-set ",
    "ike profile ",
    "ike keychain ",
    "ikev2 keychain ",
    " peer ",
    "  address ",
    "ike-peer ",
    "ike-profile ",
    "ikev2-profile ",
    "transform-set ",
    "esp encryption-algorithm ",
    "sm4 ",
    "sm3 ",
    "authentication-method digital-envelope",
    "pfs dh-group14",
    "remote-address ",
    "header motd %",
    "%",
    "info-center loghost ",
    "vpn-instance ",
    "return",
    "x",
    "1",
    "2",
    "192.0.2.1 ",
    "\n",
    "\n ",
    "\n  ",
    "\t",
    " ",
    "\\",
    "\r\n",
    "\u{0}",
    "é",
    "\u{feff}",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..300).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), prop::sample::select(VOCABULARY))
            .prop_map(|(a, s)| Mutation::Insert(a, s.to_string())),
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
    ]
}

/// Applies mutations at char boundaries.
fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut s = text.to_string();
    let boundary = |s: &str, at: usize| {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    for m in muts {
        match m {
            Mutation::Delete(at, n) => {
                let a = boundary(&s, *at);
                let b = boundary(&s, (a + n).min(s.len()));
                s.replace_range(a..b.max(a), "");
            }
            Mutation::Insert(at, ins) => {
                let a = boundary(&s, *at);
                s.insert_str(a, ins);
            }
            Mutation::Duplicate(at, n) => {
                let a = boundary(&s, *at);
                let b = boundary(&s, (a + n).min(s.len()));
                let piece = s[a..b.max(a)].to_string();
                s.insert_str(a, &piece);
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        all_readers(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        all_readers(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup_never_panics(text in soup()) {
        all_readers(&text);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        muts in prop::collection::vec(mutation(), 1..8),
    ) {
        let fx: &[String] = fixtures();
        let text = mutate(which.get(fx).as_str(), &muts);
        all_readers(&text);
    }
}

const TEN_MB: usize = 10 << 20;

/// Repeats `unit(i)` until the text reaches `size` bytes.
fn grow(size: usize, mut unit: impl FnMut(usize) -> String) -> String {
    let mut s = String::with_capacity(size + 4096);
    let mut i = 0;
    while s.len() < size {
        s.push_str(&unit(i));
        i += 1;
    }
    s
}

/// Runs every reader on `text` and returns the slowest time.
fn timed(label: &str, text: &str) -> Duration {
    let mut worst = Duration::ZERO;
    for (name, read) in READERS {
        let start = Instant::now();
        let r = read(text);
        let took = start.elapsed();
        eprintln!(
            "{label}: {name} {:.2} MB in {took:?} ({})",
            text.len() as f64 / 1048576.0,
            match &r {
                Ok(f) => format!("{} tunnels", f.tunnels.len()),
                Err(e) => format!("error at line {}: {}", e.line, e.message),
            }
        );
        worst = worst.max(took);
    }
    for detect in [
        junos::looks_like,
        fortios::looks_like,
        huawei::looks_like_vrp,
        huawei::looks_like_comware,
    ] {
        let start = Instant::now();
        let _ = detect(text);
        worst = worst.max(start.elapsed());
    }
    worst
}

/// Linear time, checked two ways: an absolute bound generous enough for an
/// unoptimised build on a slow machine, and the growth from 1 MB to 10 MB
/// (quadratic behaviour would be ~100 times slower, not ~10).
fn assert_linear(label: &str, make: impl Fn(usize) -> String) {
    let small = make(TEN_MB / 10);
    let big = make(TEN_MB);
    let t_small = timed(&format!("{label} 1MB"), &small).max(Duration::from_millis(20));
    let t_big = timed(&format!("{label} 10MB"), &big);
    assert!(
        t_big < Duration::from_secs(60),
        "{label}: 10 MB took {t_big:?}"
    );
    assert!(
        t_big < t_small * 40,
        "{label}: 1 MB in {t_small:?} but 10 MB in {t_big:?}: not linear"
    );
}

#[test]
fn junos_big_inputs() {
    assert_linear("junos set", |n| {
        grow(n, |i| {
            format!(
                "set security ike proposal P{i} encryption-algorithm aes-256-cbc\n\
                 set security ike proposal P{i} dh-group group14\n\
                 set security ike policy POL{i} proposals P{i}\n\
                 set security ike gateway G{i} ike-policy POL{i}\n\
                 set security ike gateway G{i} address 192.0.2.{}\n\
                 set security ipsec policy I{i} proposal-set standard\n\
                 set security ipsec vpn V{i} ike gateway G{i}\n\
                 set security ipsec vpn V{i} ike ipsec-policy I{i}\n\
                 deactivate security ipsec vpn V{}\n",
                i % 250,
                i / 2
            )
        })
    });
    assert_linear("junos hierarchical", |n| {
        let body = grow(n, |i| {
            format!(
                "  ike {{ proposal P{i} {{ encryption-algorithm aes-128-gcm; dh-group group19; }}\n\
                 policy POL{i} {{ proposals [ P{i} P{} ]; }} gateway G{i} {{ ike-policy POL{i}; address 192.0.2.1; }} }}\n\
                 inactive: ipsec {{ vpn V{i} {{ ike {{ gateway G{i}; }} }} }}\n  ipsec {{ vpn W{i} {{ ike {{ gateway G{i}; }} }} }}\n",
                i + 1
            )
        });
        format!("security {{\n{body}}}\n")
    });
    // Shared objects: every VPN references one policy with very many
    // proposals (the facts would be quadratic: refused, quickly).
    assert_linear("junos fan-out", |n| {
        let half = grow(n / 2, |i| {
            format!(
                "set security ike policy POL proposals P{i}\nset security ike proposal P{i} encryption-algorithm aes-256-cbc\n"
            )
        });
        let vpns = grow(n / 2, |i| {
            format!(
                "set security ike gateway G ike-policy POL\nset security ipsec vpn V{i} ike gateway G\n"
            )
        });
        half + &vpns
    });
    assert_linear("junos one line", |n| {
        format!(
            "set security ike policy P proposals {}\n",
            "x ".repeat(n / 2)
        )
    });
    assert_linear("junos braces", |n| "{".repeat(n));
    assert_linear("junos closing", |n| "}".repeat(n));
    assert_linear("junos quotes", |n| {
        "system { a \"".to_string() + &"\\\"".repeat(n / 2)
    });
    assert_linear("junos deep-ish", |n| {
        grow(n, |_| {
            format!("system {{{}}}\n", "a {".repeat(60) + &"}".repeat(60))
        })
    });
}

#[test]
fn huawei_big_inputs() {
    assert_linear("huawei", |n| {
        let mut s = String::from("!Software Version V200R010\n");
        s.push_str(&grow(n, |i| {
            format!(
                "ike proposal {i}\n encryption-algorithm sm4\n authentication-algorithm sm3\n authentication-method digital-envelope\n#\n\
                 ike peer p{i}\n ike-proposal {i}\n remote-address 192.0.2.1\n#\n\
                 ipsec proposal t{i}\n esp encryption-algorithm sm4\n esp authentication-algorithm sm3\n#\n\
                 ipsec policy m {i} isakmp\n ike-peer p{i}\n proposal t{i}\n pfs dh-group14\n#\n\
                 info-center loghost 10.0.{}.{}\n",
                i % 250,
                i % 200
            )
        }));
        s
    });
    // Peers naming no proposal offer every proposal: many of both.
    assert_linear("huawei every-proposal fan-out", |n| {
        let props = grow(n / 2, |i| {
            format!("ike proposal {i}\n encryption-algorithm aes-256\n#\n")
        });
        let pols = grow(n / 2, |i| {
            format!("ipsec policy m {i} isakmp\n ike-peer p\n#\n")
        });
        format!("ike peer p\n#\n{props}{pols}")
    });
    assert_linear("comware template fan-out", |n| {
        let tpl = grow(n / 2, |i| {
            format!("ipsec policy-template T {i}\n transform-set ts\n#\n")
        });
        let pols = grow(n / 2, |i| {
            format!("ipsec policy m {i} isakmp template T\n#\n")
        });
        format!("ipsec transform-set ts\n esp encryption-algorithm aes-cbc-256\n#\n{tpl}{pols}")
    });
    assert_linear("huawei one line", |n| {
        format!(
            "ipsec proposal t\n esp encryption-algorithm {}\n",
            "sm4 ".repeat(n / 4)
        )
    });
    assert_linear("huawei banner", |n| {
        format!(" header motd %\n{}", "x\n".repeat(n / 2))
    });
}

#[test]
fn fortios_big_inputs() {
    assert_linear("fortios", |n| {
        let p1 = grow(n / 2, |i| {
            format!(
                "    edit \"t{i}\"\n        set remote-gw 192.0.2.1\n        set proposal aes256-sha256 aes256gcm-prfsha384\n        set dhgrp 14 19\n        set psksecret ENC x\n    next\n"
            )
        });
        let p2 = grow(n / 2, |i| {
            format!(
                "    edit \"p{i}\"\n        set phase1name \"t{i}\"\n        set proposal aes256gcm\n    next\n"
            )
        });
        format!(
            "config vpn ipsec phase1-interface\n{p1}end\nconfig vpn ipsec phase2-interface\n{p2}end\n"
        )
    });
    // One phase 1 with very many proposals and very many groups (every
    // proposal is combined with every group: refused, quickly).
    assert_linear("fortios proposals x groups", |n| {
        format!(
            "config vpn ipsec phase1-interface\n edit a\n  set proposal {}\n  set dhgrp {}\n next\nend\n",
            grow(n / 2, |i| format!("aes256-sha256-{i} ")),
            grow(n / 2, |i| format!("{i} "))
        )
    });
    assert_linear("fortios nesting", |n| "config a\n".repeat(n / 9));
    assert_linear("fortios quotes", |n| {
        format!("config a\n set b \"{}", "x\\\"".repeat(n / 3))
    });
    assert_linear("fortios appends", |n| {
        format!(
            "config vpn ipsec phase1-interface\n edit a\n{} next\nend\n",
            grow(n, |i| format!(
                "  append proposal p{i}\n  unselect proposal p{}\n",
                i / 2
            ))
        )
    });
}

/// Ciphertext and planted-secret markers of the four dialects.
const SECRET_MARKERS: &[&str] = &[
    "PLANTED-SECRET",
    "$9$",
    "%^%#",
    "%@%@",
    "$c$",
    "$h$",
    "ENC ",
];

/// Every warning, unresolved reference and default of every fixture, read
/// by every reader (the wrong ones included), is free of secrets; so are
/// those of files written to put secrets next to what the readers note:
/// deactivated keys, keys of undefined or unused objects.
#[test]
fn notes_never_contain_secrets() {
    let mut texts: Vec<String> = fixtures().to_vec();
    texts.push(
        "set security ike policy P proposals NOPE\n\
         set security ike policy P pre-shared-key ascii-text \"$9$PLANTED-SECRET-1\"\n\
         deactivate security ike policy P pre-shared-key\n\
         deactivate security ike policy P pre-shared-key ascii-text \"$9$PLANTED-SECRET-2\"\n\
         set security ipsec vpn V ike gateway G\n\
         set security ike gateway G ike-policy P\n"
            .to_string(),
    );
    texts.push(
        "security { ike { policy P { inactive: pre-shared-key ascii-text \"$9$PLANTED-SECRET-3\"; } } }\n"
            .to_string(),
    );
    texts.push(
        "ike peer p\n pre-shared-key cipher %^%#PLANTED-SECRET-4%^%#\n ike-proposal 9\n#\n\
         ipsec policy m 1 isakmp\n ike-peer p\n proposal none\n#\n\
         interface GE0/0/1\n ipsec policy m\n shutdown\n#\n"
            .to_string(),
    );
    texts.push(
        "ike keychain k\n pre-shared-key address 192.0.2.1 key cipher $c$3$PLANTED-SECRET-5\n#\n\
         ike profile pr\n keychain k\n keychain missing\n#\n\
         ipsec policy m 1 isakmp\n ike-profile pr\n remote-address 192.0.2.1\n#\n"
            .to_string(),
    );
    texts.push(
        "config vpn ipsec phase1-interface\n edit \"a\"\n  set psksecret ENC PLANTED-SECRET-6\n next\nend\n\
         config vpn ipsec phase2-interface\n edit \"b\"\n  set phase1name \"z\"\n next\nend\n"
            .to_string(),
    );
    let mut notes_seen = 0;
    for text in &texts {
        for (name, read) in READERS {
            let Ok(f) = read(text) else { continue };
            let mut s = format!("{:?}", f.warnings);
            for t in &f.tunnels {
                s.push_str(&format!("{:?}{:?}", t.unresolved, t.defaults));
            }
            notes_seen += f.warnings.len();
            for m in SECRET_MARKERS {
                assert!(!s.contains(m), "{name}: {m:?} in {s}");
            }
        }
    }
    assert!(notes_seen > 20, "the readers noted things: {notes_seen}");
}
