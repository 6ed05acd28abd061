//! Huawei VRP and H3C Comware readers: fixtures (with national-standard
//! algorithms), detection between the two, errors, secrets.

use vpnaudit::crypto::{Catalogue, CryptoProfile};
use vpnaudit::evidence::huawei::{looks_like_comware, looks_like_vrp, read_comware, read_vrp};
use vpnaudit::evidence::{AuthMethod, ConfigFacts, IkeMode, Tunnel};

const PLANTED: &str = "PLANTED-SECRET-7f3a9";

fn fixture(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vrp(rel: &str) -> ConfigFacts {
    let text = fixture(&format!("huawei-vrp/{rel}"));
    let f = read_vrp(&text).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    assert_clean(&f);
    f
}

fn comware(rel: &str) -> ConfigFacts {
    let text = fixture(&format!("h3c-comware/{rel}"));
    let f = read_comware(&text).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    assert_clean(&f);
    f
}

/// No secret, and every proposal normalises without unknown parts.
fn assert_clean(f: &ConfigFacts) {
    let s = format!("{f:?}");
    for marker in [PLANTED, "%^%#", "$c$", "$h$"] {
        assert!(!s.contains(marker), "secret leaked: {s}");
    }
    let cat = Catalogue::builtin();
    for t in &f.tunnels {
        for p in t.ike.iter().chain(&t.esp) {
            let n = cat.normalise(p);
            assert!(
                n.unknown.is_empty(),
                "{}: {p:?} has unknown {:?}",
                t.name,
                n.unknown
            );
        }
    }
}

fn tunnel<'a>(f: &'a ConfigFacts, name: &str) -> &'a Tunnel {
    f.tunnels
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tunnel {name} in {f:#?}"))
}

fn profile(proposals: &[String]) -> CryptoProfile {
    CryptoProfile::from_proposals(Catalogue::builtin(), proposals).expect("declared")
}

#[test]
fn vrp_national_standard_tunnel() {
    let f = vrp("ar-sm.cfg");
    assert_eq!(f.tunnels.len(), 1);
    let t = tunnel(&f, "gm-policy 10");
    assert_eq!(t.line, 53);
    assert_eq!(t.peer.as_deref(), Some("203.0.113.9"));
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.ike_mode, Some(IkeMode::Main));
    assert_eq!(t.ike, ["sm4 sm3 sm2", "sm1 sm3 sm2"]);
    assert_eq!(t.esp, ["sm4 sm3", "sm1 sm3"]);
    assert_eq!(t.auth, [AuthMethod::DigitalEnvelope]);
    assert_eq!(t.pfs, None);
    let all: Vec<String> = t.ike.iter().chain(&t.esp).cloned().collect();
    let p = profile(&all);
    assert!(p.national_standard, "{p:?}");
    assert_eq!(p.key_exchange, ["SM2"]);
    // `info-center loghost source ...` names no host.
    assert_eq!(f.log_hosts, ["10.10.1.200", "10.10.1.201"]);
}

#[test]
fn vrp_ikev2_template_and_profile() {
    let f = vrp("usg-multi.cfg");
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["map1 10", "map1 20", "vti-prof"]);

    let fra = tunnel(&f, "map1 10");
    assert_eq!(fra.ike_version, Some(2), "undo version 1");
    assert_eq!(fra.ike_mode, None);
    assert_eq!(fra.peer.as_deref(), Some("198.51.100.5"));
    assert_eq!(
        fra.ike,
        ["aes-256 sha2-256 hmac-sha2-256 dh group14 prf hmac-sha2-256"]
    );
    assert_eq!(fra.esp, ["aes-256 aes-256-gcm-128 sha2-256 dh-group14"]);
    assert_eq!(fra.pfs, Some(true));
    assert_eq!(fra.auth, [AuthMethod::Psk]);
    let p = profile(&fra.ike);
    assert_eq!(p.prf, ["PRF-SHA-256"]);
    assert_eq!(p.key_exchange, ["MODP-2048"]);

    // The template lends peer, proposals and PFS.
    let dyn_ = tunnel(&f, "map1 20");
    assert_eq!(dyn_.ike_version, Some(1), "undo version 2");
    assert_eq!(dyn_.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(dyn_.ike, ["3des sha1 dh group2"]);
    assert_eq!(dyn_.esp, ["aes-256 aes-256-gcm-128 sha2-256 dh-group14"]);
    assert_eq!(dyn_.peer, None, "a template answers any peer");
    assert_eq!(dyn_.auth, [AuthMethod::Psk]);

    let vti = tunnel(&f, "vti-prof");
    assert_eq!(vti.pfs, None);
    assert_eq!(vti.esp, ["aes-256 aes-256-gcm-128 sha2-256"]);
    assert_eq!(f.log_hosts, ["172.16.5.5", "172.16.5.6"]);
}

#[test]
fn vrp_legacy_syntax_manual_policy_and_banner() {
    let f = vrp("ar-legacy.cfg");
    let legacy = tunnel(&f, "legacy-map 1");
    assert_eq!(legacy.ike_version, Some(1), "ike peer NAME v1");
    assert_eq!(legacy.ike, ["aes-cbc-256 sha1 dh group5"]);
    assert_eq!(legacy.esp, ["des md5"]);
    let manual = tunnel(&f, "manual-map 1");
    assert_eq!(manual.peer.as_deref(), Some("192.0.2.44"));
    assert_eq!(manual.ike_version, None);
    assert!(manual.ike.is_empty());
    assert_eq!(manual.esp, ["des md5"]);
    assert_eq!(profile(&manual.esp).forbidden, ["DES", "MD5"]);
    assert_eq!(f.log_hosts, ["syslog.example.cn"]);
}

#[test]
fn comware7_ikev1_with_sm_and_aggressive_psk() {
    let f = comware("msr-ikev1-sm.cfg");
    let gm = tunnel(&f, "gm 10");
    assert_eq!(gm.peer.as_deref(), Some("198.51.100.20"));
    assert_eq!(gm.ike_version, Some(1));
    assert_eq!(gm.ike_mode, Some(IkeMode::Main));
    assert_eq!(gm.ike, ["sm4-cbc sm3 sm2"]);
    assert_eq!(gm.esp, ["sm4-cbc sm3"]);
    assert_eq!(
        gm.auth,
        [AuthMethod::DigitalEnvelope, AuthMethod::Certificate]
    );
    let all: Vec<String> = gm.ike.iter().chain(&gm.esp).cloned().collect();
    assert!(profile(&all).national_standard);

    let br = tunnel(&f, "branch 10");
    assert_eq!(br.peer.as_deref(), Some("198.51.100.21"));
    assert_eq!(br.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(
        br.ike,
        ["aes-cbc-256 sha256 dh group14", "3des-cbc sha dh group2"]
    );
    assert_eq!(br.esp, ["aes-cbc-256 sm4-cbc sha256 sm3 dh-group14"]);
    assert_eq!(br.pfs, Some(true), "pfs in the transform set");
    assert_eq!(br.auth, [AuthMethod::Psk]);
    assert!(!profile(&br.esp).national_standard, "AES offered too");
    assert_eq!(f.log_hosts, ["10.8.8.8", "10.8.8.9"]);
}

#[test]
fn comware7_ikev2() {
    let f = comware("msr-ikev2.cfg");
    assert_eq!(f.tunnels.len(), 2);
    for t in &f.tunnels {
        assert_eq!(t.ike_version, Some(2));
        assert_eq!(t.ike_mode, None);
        assert_eq!(
            t.peer.as_deref(),
            Some("198.51.100.40"),
            "from the ikev2 keychain"
        );
        assert_eq!(t.ike, ["aes-cbc-256 sha384 dh group20 prf sha384"]);
        assert_eq!(t.esp, ["aes-cbc-128 sha256 dh-group20"]);
        assert_eq!(t.auth, [AuthMethod::Psk]);
    }
    assert_eq!(profile(&f.tunnels[0].ike).prf, ["PRF-SHA-384"]);
}

#[test]
fn comware5_key_lengths_apart() {
    let f = comware("comware5.cfg");
    let t = tunnel(&f, "cw5 1");
    // The peer's proposal, then Comware 5's default IKE proposal (lowest
    // priority, pre-shared key): the peer has a pre-shared key, so a
    // negotiation can fall back to it.
    assert_eq!(
        t.ike,
        ["aes-cbc-256 sha dh group14", "des-cbc sha dh group1"]
    );
    assert_eq!(t.defaults.len(), 1, "{:?}", t.defaults);
    assert!(t.defaults[0].contains("Comware 5"), "{:?}", t.defaults);
    assert_eq!(f.release.as_deref(), Some("5.20, Release 2513P25"));
    assert_eq!(t.esp, ["aes-128 sha1 dh-group2"]);
    assert_eq!(t.ike_version, Some(1), "Comware 5 ike peer: IKEv1");
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(t.auth, [AuthMethod::Psk]);
    assert_eq!(f.log_hosts, ["192.0.2.77"]);
    // `aes-cbc` without a length is 128 bits.
    let f =
        read_comware("ike proposal 1\n encryption-algorithm aes-cbc\n#\nipsec policy p 1 isakmp\n")
            .unwrap();
    assert_eq!(f.tunnels[0].ike, ["aes-cbc-128"]);
}

#[test]
fn peer_without_proposal_offers_every_proposal() {
    let text = "\
ike proposal 1
 encryption-algorithm aes-256
 authentication-algorithm sha2-256
 dh group14
#
ike proposal 2
 encryption-algorithm sm4
 authentication-algorithm sm3
 authentication-method digital-envelope
#
ike peer any
 remote-address 192.0.2.8
#
ipsec policy p 10 isakmp
 ike-peer any
";
    let f = read_vrp(text).unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.ike, ["aes-256 sha2-256 dh group14", "sm4 sm3 sm2"]);
    assert_eq!(t.auth, [AuthMethod::Psk, AuthMethod::DigitalEnvelope]);
    assert_eq!(t.ike_version, None, "VRP peer without version: not stated");
}

#[test]
fn unindented_sub_commands_still_belong_to_their_view() {
    let text = "\
ike proposal 5
encryption-algorithm aes-256
dh group14
ike peer p
ike-proposal 5
remote-address 192.0.2.4
ipsec proposal t
esp encryption-algorithm aes-256
ipsec policy m 1 isakmp
ike-peer p
proposal t
";
    let t = &read_vrp(text).unwrap().tunnels[0];
    assert_eq!(t.ike, ["aes-256 dh group14"]);
    assert_eq!(t.esp, ["aes-256"]);
    assert_eq!(t.peer.as_deref(), Some("192.0.2.4"));
}

#[test]
fn versions_of_a_vrp_peer() {
    let cases = [
        ("ike peer a v2\n", Some(2)),
        ("ike peer a\n version 2\n", Some(2)),
        ("ike peer a\n version 1\n version 2\n", Some(1)),
        ("ike peer a\n undo version 2\n", Some(1)),
        ("ike peer a\n undo version 1\n", Some(2)),
        ("ike peer a\n", None),
    ];
    for (peer, want) in cases {
        let text = format!("{peer}#\nipsec policy m 1 isakmp\n ike-peer a\n");
        let t = &read_vrp(&text).unwrap().tunnels[0];
        assert_eq!(t.ike_version, want, "{peer:?}");
    }
}

#[test]
fn loghost_forms() {
    let text = "\
 info-center loghost 192.0.2.1
 info-center loghost 192.0.2.2 channel 2 facility local4 vpn-instance v
 info-center loghost vpn-instance mgmt 192.0.2.3 port 514
 info-center loghost ipv6 2001:db8::1
 info-center loghost domain log.example.net
 info-center loghost source LoopBack0
 info-center loghost 192.0.2.1
";
    let f = read_comware(text).unwrap();
    assert_eq!(
        f.log_hosts,
        [
            "192.0.2.1",
            "192.0.2.2",
            "192.0.2.3",
            "2001:db8::1",
            "log.example.net"
        ]
    );
}

#[test]
fn unterminated_banner_is_an_error() {
    let e = read_comware("#\n header motd %\nwelcome\n#\nike proposal 1\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("banner"), "{e:?}");
    // A banner closed on its line, or later, is fine.
    assert!(read_comware(" header motd %hello%\n").is_ok());
    assert!(read_vrp("header login information \"a\nb\"\n").is_ok());
}

#[test]
fn detection_between_vrp_and_comware() {
    for rel in [
        "huawei-vrp/ar-sm.cfg",
        "huawei-vrp/usg-multi.cfg",
        "huawei-vrp/ar-legacy.cfg",
    ] {
        let text = fixture(rel);
        assert!(looks_like_vrp(&text) && !looks_like_comware(&text), "{rel}");
    }
    for rel in [
        "h3c-comware/msr-ikev1-sm.cfg",
        "h3c-comware/msr-ikev2.cfg",
        "h3c-comware/comware5.cfg",
    ] {
        let text = fixture(rel);
        assert!(looks_like_comware(&text) && !looks_like_vrp(&text), "{rel}");
    }
    // No marker either way: VRP.
    let bare = "#\nike proposal 1\n encryption-algorithm aes-256\n#\nreturn\n";
    assert!(looks_like_vrp(bare) && !looks_like_comware(bare));
    // Not of the family at all.
    for other in [
        "hostname r1\n!\ncrypto isakmp policy 10\n encr aes 256\n!\nend\n",
        "set system syslog host 192.0.2.1 any any\n",
        "config system global\n    set hostname x\nend\n",
        "# comment\nconn home\n  right=192.0.2.1\n",
        "[Interface]\nPrivateKey = x\n",
        "",
    ] {
        assert!(
            !looks_like_vrp(other) && !looks_like_comware(other),
            "{other:?}"
        );
    }
}

#[test]
fn secrets_never_leave_including_errors() {
    for rel in [
        "huawei-vrp/ar-sm.cfg",
        "huawei-vrp/usg-multi.cfg",
        "huawei-vrp/ar-legacy.cfg",
        "h3c-comware/msr-ikev1-sm.cfg",
        "h3c-comware/msr-ikev2.cfg",
        "h3c-comware/comware5.cfg",
    ] {
        let text = fixture(rel);
        assert!(text.contains(PLANTED), "{rel} plants no secret");
        for read in [read_vrp, read_comware] {
            let r = read(&text);
            assert!(!format!("{r:?}").contains(PLANTED), "{rel}");
            // An unterminated banner right before each secret.
            for line in text.lines().filter(|l| l.contains(PLANTED)) {
                let broken = text.replacen(line, &format!(" header motd ~\n{line}"), 1);
                let r = read(&broken);
                assert!(r.is_err(), "{rel}");
                assert!(!format!("{r:?}").contains(PLANTED), "{rel}: {r:?}");
            }
        }
    }
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}#\r\n sysname R\r\n#\r\nike peer p\r\n remote-address 192.0.2.1\r\n#\r\nipsec policy m 1 isakmp\r\n ike-peer p\r\n#\r\nreturn\r\n";
    assert!(looks_like_vrp(text));
    assert_eq!(
        read_vrp(text).unwrap().tunnels[0].peer.as_deref(),
        Some("192.0.2.1")
    );
}

/// Algorithm keywords of the Huawei (AR / USG `ike proposal`, `ipsec
/// proposal`) and H3C Comware 7 (`ike proposal`, `ipsec transform-set`)
/// command references normalise, national-standard ones included.
#[test]
fn documented_keywords_normalise() {
    let cat = Catalogue::builtin();
    let huawei = [
        "des",
        "3des",
        "aes-128",
        "aes-192",
        "aes-256",
        "sm1",
        "sm4",
        "des-cbc",
        "3des-cbc",
        "aes-cbc-128",
        "aes-cbc-192",
        "aes-cbc-256",
        "md5",
        "sha1",
        "sha2-256",
        "sha2-384",
        "sha2-512",
        "sm3",
        "hmac-md5-96",
        "hmac-sha1-96",
        "hmac-sha2-256",
        "hmac-sha2-384",
        "hmac-sha2-512",
        "hmac-sm3",
        "prf hmac-sha2-256",
        "prf hmac-sm3",
        "prf aes-xcbc-128",
        "aes-128-gcm-128",
        "aes-256-gcm-128",
        "aes-128-gmac",
        "aes-256-gmac",
        "dh group14",
        "dh group19",
        "dh group21",
        "dh-group14",
        "dh-group2",
    ];
    let comware = [
        "3des-cbc",
        "aes-cbc-128",
        "aes-cbc-256",
        "des-cbc",
        "sm1-cbc-128",
        "sm4-cbc",
        "null",
        "md5",
        "sha",
        "sha1",
        "sha256",
        "sha384",
        "sha512",
        "sm3",
        "aes-xcbc-mac",
        "group1",
        "group2",
        "group5",
        "group14",
        "group24",
        "prf sha256",
    ];
    for kw in huawei.iter().chain(&comware) {
        let n = cat.normalise(kw);
        assert!(
            n.unknown.is_empty() && !n.algorithms.is_empty(),
            "{kw}: {n:?}"
        );
    }
    for kw in ["sm1", "sm4", "sm3", "sm4-cbc", "sm1-cbc-128", "hmac-sm3"] {
        assert!(cat.normalise(kw).algorithms[0].national_standard, "{kw}");
    }
}

/// Every located note, unresolved reference and default, as one string.
fn notes(f: &ConfigFacts) -> String {
    let mut s = format!("{:?}", f.warnings);
    for t in &f.tunnels {
        s.push_str(&format!("{:?}{:?}", t.unresolved, t.defaults));
    }
    s
}

fn warnings(f: &ConfigFacts) -> Vec<(u32, &str)> {
    f.warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect()
}

#[test]
fn vrp_release_lines_default_proposal_and_warnings() {
    let f = vrp("ar-psk-default.cfg");
    assert_eq!(f.release.as_deref(), Some("V200R010C10SPC500"));

    // A peer naming its proposal: only that one is negotiated.
    let t = tunnel(&f, "map1 10");
    assert_eq!(t.ike, ["aes-256 sha2-256 dh group14"]);
    assert_eq!(t.esp, ["aes-256 sha2-256"]);
    assert_eq!(t.auth, [AuthMethod::Psk]);
    // No `pfs` command: no documented default was found, so unknown.
    assert_eq!(t.pfs, None);
    assert_eq!(t.lines.ike, 12, "ike proposal 10");
    assert_eq!(t.lines.esp, 37, "ipsec proposal prop-aes");
    assert_eq!(t.lines.auth, 25, "the peer's pre-shared-key");
    assert_eq!(t.lines.pfs, 0);
    assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);

    // A pre-shared-key peer naming no proposal offers all of them, the
    // system Default too, whose algorithms depend on model and release:
    // the IKE side is not only proposals 10 and 20.
    let open = tunnel(&f, "map3 10");
    assert_eq!(
        open.ike,
        ["aes-256 sha2-256 dh group14", "aes-128 sha2-256 dh group14"]
    );
    assert_eq!(open.unresolved.len(), 1, "{:?}", open.unresolved);
    assert!(open.unresolved[0].contains("system default IKE proposal"));

    let ghost = tunnel(&f, "map2 10");
    assert_eq!(
        ghost.unresolved,
        [
            "IPsec proposal / transform set prop-ghost, named at line 55, is not defined",
            "IKE peer ghost-peer, named at line 54, is not defined",
        ]
    );

    let w = warnings(&f);
    for expected in [
        (
            33,
            "IKE peer unused-peer is defined but no IPsec policy, template or profile uses it",
        ),
        (
            41,
            "IPsec proposal / transform set prop-spare is defined but no IPsec policy, template or profile uses it",
        ),
        (49, "IPsec policy map3 is applied to no interface"),
        (53, "IPsec policy map2 is applied to no interface"),
        (54, "IKE peer ghost-peer, named at line 54, is not defined"),
        (
            55,
            "IPsec proposal / transform set prop-ghost, named at line 55, is not defined",
        ),
        (
            60,
            "interface GigabitEthernet0/0/1 is shut down: IPsec policy map1, applied at line 59, carries no traffic on it",
        ),
    ] {
        assert!(w.contains(&expected), "{expected:?} not in {w:#?}");
    }
    assert!(
        w.iter()
            .any(|(l, m)| *l == 50 && m.contains("system default IKE proposal"))
    );
    assert!(w.windows(2).all(|p| p[0].0 <= p[1].0), "in line order");
    assert!(!notes(&f).contains("PLANTED") && !notes(&f).contains("%^%#"));
}

#[test]
fn vrp_proposals_named_by_no_peer() {
    let text = "ike proposal 10\n encryption-algorithm aes-256\n#\nike proposal 20\n encryption-algorithm aes-128\n#\n\
        ike peer p\n ike-proposal 10\n#\nipsec policy m 1 isakmp\n ike-peer p\n#\n";
    let f = read_vrp(text).unwrap();
    assert_eq!(
        warnings(&f),
        [(4, "IKE proposal 20 is named by no IKE peer or profile")]
    );
}

#[test]
fn comware7_default_proposal_unconfirmed_and_shutdown() {
    let f = comware("msr-psk-warnings.cfg");
    assert_eq!(f.release.as_deref(), Some("7.1.064, Release 0821P16"));
    let t = tunnel(&f, "vpn 10");
    assert_eq!(t.ike, ["aes-cbc-256 sha256 dh group14"]);
    assert_eq!(t.esp, ["aes-cbc-256 sha256"]);
    assert_eq!(t.auth, [AuthMethod::Psk]);
    assert_eq!(t.lines.ike, 17);
    assert_eq!(t.lines.esp, 30);
    assert_eq!(t.lines.auth, 26, "the profile's keychain");
    assert_eq!(t.unresolved.len(), 2, "{:?}", t.unresolved);
    assert_eq!(
        t.unresolved[0],
        "IPsec proposal / transform set ts-missing, named at line 35, is not defined"
    );
    assert!(
        t.unresolved[1].contains("default IKE proposal")
            && t.unresolved[1].contains("unconfirmed for release 7.1.064"),
        "{:?}",
        t.unresolved
    );
    assert!(
        t.defaults.is_empty(),
        "Comware 7's default is not filled in"
    );
    let w = warnings(&f);
    assert!(w.contains(&(
        15,
        "interface GigabitEthernet1/0/2 is shut down: IPsec policy vpn, applied at line 14, carries no traffic on it"
    )));
    assert!(!notes(&f).contains("PLANTED") && !notes(&f).contains("$c$"));
}

#[test]
fn comware5_default_proposal_depends_on_fips_mode_and_key() {
    let base = "#\n version 5.20, Release 2513P25\n#\n\
        ike proposal 1\n encryption-algorithm aes-cbc 256\n dh group14\n#\n\
        ike peer hq\n pre-shared-key cipher $c$3$PLANTED-SECRET-7f3a9\n remote-address 203.0.113.50\n proposal 1\n#\n\
        ipsec proposal p5\n esp encryption-algorithm aes 128\n#\n\
        ipsec policy cw5 1 isakmp\n ike-peer hq\n proposal p5\n#\n";
    let f = read_comware(base).unwrap();
    assert_eq!(
        f.tunnels[0].ike,
        ["aes-cbc-256 dh group14", "des-cbc sha dh group1"]
    );
    assert!(f.tunnels[0].unresolved.is_empty());

    // FIPS mode: the default proposal uses AES-CBC-128, the rest unconfirmed.
    let fips = format!("fips mode enable\n{base}");
    let f = read_comware(&fips).unwrap();
    assert_eq!(f.tunnels[0].ike, ["aes-cbc-256 dh group14"]);
    assert_eq!(f.tunnels[0].unresolved.len(), 1);
    assert!(f.tunnels[0].unresolved[0].contains("FIPS mode"));

    // No pre-shared key: the default proposal (pre-shared key) cannot
    // authenticate, so nothing is added.
    let cert = base.replace(" pre-shared-key cipher $c$3$PLANTED-SECRET-7f3a9\n", "");
    let f = read_comware(&cert).unwrap();
    assert_eq!(f.tunnels[0].ike, ["aes-cbc-256 dh group14"]);
    assert!(f.tunnels[0].unresolved.is_empty() && f.tunnels[0].defaults.is_empty());
    assert!(!format!("{f:?}").contains("PLANTED"));
}
