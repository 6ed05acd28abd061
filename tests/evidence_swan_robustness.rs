//! Readers never panic, never recurse without bound, and stay linear:
//! arbitrary text, mutated fixtures, adversarial includes and 10 MB inputs.

#[path = "readers_common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{OURS, detect, fixture, read};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use vpnaudit::evidence::{ConfigFacts, Dialect, Includes, NoIncludes, ReadError};

/// Answers every include with the text under test again, each time under a
/// new path (so only the depth limit and the budget stop it), or under the
/// same path (so loop detection must).
struct Echo {
    text: String,
    fresh: bool,
    n: usize,
}

impl Includes for Echo {
    fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
        self.n += 1;
        let path = if self.fresh {
            format!("{pattern}#{}", self.n)
        } else {
            pattern.to_string()
        };
        Ok(vec![(path, self.text.clone())])
    }
}

fn all_readers(text: &str) {
    let _ = detect(text);
    for d in OURS {
        let _ = read(d, text, &mut NoIncludes);
        for fresh in [false, true] {
            let mut echo = Echo {
                text: text.to_string(),
                fresh,
                n: 0,
            };
            let _ = read(d, text, &mut echo);
        }
    }
}

/// Text built from the pieces the four grammars care about.
fn configish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("=".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("#".to_string()),
        Just(";".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just("!".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("connections".to_string()),
        Just("children".to_string()),
        Just("secrets".to_string()),
        Just("local".to_string()),
        Just("remote".to_string()),
        Just("proposals = default".to_string()),
        Just("esp_proposals".to_string()),
        Just("include a.conf\n".to_string()),
        Just("include".to_string()),
        Just("conn ".to_string()),
        Just("conn %default\n".to_string()),
        Just("config setup\n".to_string()),
        Just("\talso=a\n".to_string()),
        Just("\tauto=add\n".to_string()),
        Just("\tike=aes256-sha256-modp2048!\n".to_string()),
        Just("[Interface]\n".to_string()),
        Just("[Peer]\n".to_string()),
        Just("PublicKey = Gqo+Md8wkuOdesqOPDzJdugVZHGHmknhSCndUVUHpG8=\n".to_string()),
        Just("Endpoint = [::1]:1\n".to_string()),
        Just("<key>\n".to_string()),
        Just("</key>\n".to_string()),
        Just("<connection>\n".to_string()),
        Just("</connection>\n".to_string()),
        Just("config b.conf\n".to_string()),
        Just("dev tun\n".to_string()),
        Just("setenv opt ".to_string()),
        Just("é".to_string()),
        Just("\u{0}".to_string()),
        "[a-zA-Z0-9_.%@/-]{1,8}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

const FIXTURES: &[&str] = &[
    "strongswan-swanctl/hq-multi-site.swanctl.conf",
    "strongswan-swanctl/gm-national.swanctl.conf",
    "strongswan-swanctl/with-includes.swanctl.conf",
    "strongswan-ipsec/gateway.ipsec.conf",
    "strongswan-ipsec/swapped-sides.ipsec.conf",
    "wireguard/hub.wg0.conf",
    "wireguard/laptop.conf",
    "openvpn/client-inline.ovpn",
    "openvpn/gm-tongsuo.ovpn",
    "openvpn/server-25.conf",
];

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match e {
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Edit::Insert(at, s) => {
                let at = (at % n).min(chars.len());
                chars.splice(at..at, s.chars());
            }
            Edit::Duplicate(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    let piece: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, piece);
                }
            }
            Edit::Truncate(at) => chars.truncate(at % n),
        }
    }
    chars.into_iter().collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, l)| Edit::Delete(a, l)),
        (any::<usize>(), configish()).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 1usize..200).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        all_readers(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..600)) {
        all_readers(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn configish_text_never_panics(s in configish()) {
        all_readers(&s);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        i in 0..FIXTURES.len(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let text = apply(&fixture(FIXTURES[i]), &edits);
        all_readers(&text);
    }
}

// ---------------------------------------------------------------- big inputs

const TEN_MB: usize = 10 * 1024 * 1024;

/// Repeats `unit` (numbered by `{i}`) until the text reaches `size` bytes.
fn repeat(head: &str, unit: &str, tail: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + 1024);
    s.push_str(head);
    let mut i = 0usize;
    while s.len() < size {
        s.push_str(&unit.replace("{i}", &i.to_string()));
        i += 1;
    }
    s.push_str(tail);
    s
}

type Reader = fn(&str, &mut dyn Includes) -> Result<ConfigFacts, ReadError>;

/// Reads 1 MB and 10 MB of the same shape: both finish within the budget
/// and the larger is no more than ~linear (a quadratic reader would take
/// ~100x as long).
fn linear(name: &str, reader: Reader, make: impl Fn(usize) -> String) {
    let small = make(TEN_MB / 10);
    let big = make(TEN_MB);
    let t = Instant::now();
    let _ = reader(&small, &mut NoIncludes);
    let t_small = t.elapsed();
    let t = Instant::now();
    let r = reader(&big, &mut NoIncludes);
    let t_big = t.elapsed();
    let _ = detect(&big);
    eprintln!(
        "{name}: 1 MB {t_small:?}, 10 MB {t_big:?} ({})",
        match &r {
            Ok(f) => format!("{} tunnels", f.tunnels.len()),
            Err(e) => format!("error at line {}: {}", e.line, e.message),
        }
    );
    assert!(
        t_big < Duration::from_secs(60),
        "{name}: 10 MB took {t_big:?}"
    );
    assert!(
        t_big <= t_small * 30 + Duration::from_millis(500),
        "{name}: not linear ({t_small:?} -> {t_big:?})"
    );
}

use vpnaudit::evidence::{openvpn, strongswan, wireguard};

#[test]
fn swanctl_10mb() {
    linear("swanctl connections", strongswan::read_swanctl, |n| {
        repeat(
            "connections {\n",
            "c{i} {\n remote_addrs = 192.0.2.1\n proposals = aes256-sha256-modp2048\n local { auth = psk }\n remote { auth = psk }\n children { x { esp_proposals = aes256gcm16-modp2048 } }\n}\n",
            "}\n",
            n,
        )
    });
    linear("swanctl nesting", strongswan::read_swanctl, |n| {
        "a{".repeat(n / 2)
    });
    linear("swanctl closing", strongswan::read_swanctl, |n| {
        "}".repeat(n)
    });
    linear("swanctl one value", strongswan::read_swanctl, |n| {
        format!(
            "connections {{ c {{ proposals = {}\n }} }}",
            "aes128-".repeat(n / 7)
        )
    });
    linear("swanctl one string", strongswan::read_swanctl, |n| {
        format!("a = \"{}\"\n", "x\\\"".repeat(n / 3))
    });
    linear("swanctl unterminated", strongswan::read_swanctl, |n| {
        format!("a = \"{}", "x".repeat(n))
    });
    // References fanning out: every connection pulls in a big template.
    linear("swanctl references", strongswan::read_swanctl, |n| {
        let mut s = repeat(
            "base { children {\n",
            "k{i} { esp_proposals = aes128 }\n",
            "} }\n",
            n / 2,
        );
        s.push_str(&repeat(
            "connections {\n",
            "c{i} : base { }\n",
            "}\n",
            n / 2,
        ));
        s
    });
    linear("swanctl names", strongswan::read_swanctl, |n| {
        "a\n".repeat(n / 2)
    });
}

#[test]
fn ipsec_10mb() {
    linear("ipsec conns", strongswan::read_ipsec_conf, |n| {
        repeat(
            "config setup\nconn %default\n\tkeyexchange=ikev2\n\tauto=add\nconn tpl\n\tike=aes256-sha256-modp2048!\n",
            "conn c{i}\n\talso=tpl\n\tright=192.0.2.1\n\tesp=aes256gcm16-modp2048!\n",
            "",
            n,
        )
    });
    // Each conn pulls in the previous one: the layer limit stops the chain.
    linear("ipsec also chain", strongswan::read_ipsec_conf, |n| {
        let mut s = String::from("conn c0\n\tauto=add\n");
        let mut i = 1;
        while s.len() < n {
            s.push_str(&format!("conn c{i}\n\talso=c{}\n\tauto=add\n", i - 1));
            i += 1;
        }
        s
    });
    linear("ipsec one line", strongswan::read_ipsec_conf, |n| {
        format!(
            "conn a\n\tike={}\n\tauto=add\n",
            "aes128-sha1,".repeat(n / 12)
        )
    });
}

#[test]
fn wireguard_10mb() {
    linear("wireguard peers", wireguard::read, |n| {
        repeat(
            "[Interface]\nPrivateKey = Gqo+Md8wkuOdesqOPDzJdugVZHGHmknhSCndUVUHpG8=\n",
            "[Peer]\n# Name = p{i}\nPublicKey = dVbY6H1yAMUp3zrfojS3/0AG3n+tz3J4ZEipIR4HRNw=\nEndpoint = 192.0.2.1:51820\nAllowedIPs = 10.0.0.0/8, ::/0\n",
            "",
            n,
        )
    });
    linear("wireguard one line", wireguard::read, |n| {
        format!("[Interface]\nAddress = {}\n", "10.0.0.1/32,".repeat(n / 12))
    });
}

#[test]
fn openvpn_10mb() {
    linear("openvpn directives", openvpn::read, |n| {
        repeat(
            "dev tun\n",
            "remote h{i}.example 1194\ncipher AES-256-GCM\n",
            "",
            n,
        )
    });
    linear("openvpn inline block", openvpn::read, |n| {
        format!("dev tun\n<key>\n{}</key>\n", "QUJD\n".repeat(n / 5))
    });
    linear("openvpn one line", openvpn::read, |n| {
        format!("dev tun\ndata-ciphers {}\n", "AES-256-GCM:".repeat(n / 12))
    });
    linear("openvpn distinct ciphers", openvpn::read, |n| {
        let mut s = String::from("dev tun\ntls-cipher ");
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!("X{i}:"));
            i += 1;
        }
        s
    });
}

#[test]
fn random_10mb() {
    // Pseudo-random bytes (xorshift), decoded lossily.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..TEN_MB)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Bias towards the syntax characters.
            b"{}=\"#\n [];:<>/\\abc"[(x % 18) as usize]
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    for d in OURS {
        let t = Instant::now();
        let _ = read(d, &text, &mut NoIncludes);
        assert!(t.elapsed() < Duration::from_secs(60), "{d}");
    }
    let _ = detect(&text);
}

/// A loop-free include tree that fans out 20 ways per level: the budget
/// stops it long before its 160 000 reads.
#[test]
fn include_fan_out_is_bounded() {
    struct Fan;
    impl Includes for Fan {
        fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
            // 20 ways per level, 4 levels deep: 160 000 files without the
            // budget, within the depth limit.
            let level: usize = pattern.trim_start_matches('l').parse().unwrap_or(0);
            let body = if level < 4 {
                format!("include l{}\n", level + 1).repeat(20)
            } else {
                "# leaf\n".to_string()
            };
            Ok(vec![(format!("{pattern}-{}", rand_suffix()), body)])
        }
    }
    fn rand_suffix() -> usize {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        N.fetch_add(1, Ordering::Relaxed)
    }
    let t = Instant::now();
    let e = strongswan::read_swanctl("include l0\n", &mut Fan).unwrap_err();
    assert!(e.message.contains("more than"), "{e:?}");
    let e = strongswan::read_ipsec_conf("include l0\n", &mut Fan).unwrap_err();
    assert!(e.message.contains("more than"), "{e:?}");
    assert!(t.elapsed() < Duration::from_secs(20));

    struct FanOvpn;
    impl Includes for FanOvpn {
        fn include(&mut self, pattern: &str) -> Result<Vec<(String, String)>, String> {
            let level: usize = pattern.trim_start_matches('l').parse().unwrap_or(0);
            let body = if level < 4 {
                format!("config l{}\n", level + 1).repeat(20)
            } else {
                "# leaf\n".to_string()
            };
            Ok(vec![(format!("{pattern}-{}", rand_suffix()), body)])
        }
    }
    let e = openvpn::read("config l0\n", &mut FanOvpn).unwrap_err();
    assert!(e.message.contains("more than"), "{e:?}");
}

#[test]
fn dialect_list_is_ours() {
    assert_eq!(
        OURS.map(|d| d.as_str()),
        [
            "strongswan-swanctl",
            "strongswan-ipsec",
            "wireguard",
            "openvpn"
        ]
    );
    assert!(!OURS.contains(&Dialect::CiscoIos));
}
