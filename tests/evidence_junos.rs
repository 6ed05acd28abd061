//! Juniper Junos reader: fixtures (set and hierarchical style), proposal
//! sets, deactivation, errors, detection, secrets.

use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::junos::{looks_like, read};
use vpnaudit::evidence::{AuthMethod, ConfigFacts, IkeMode, ReadError, Tunnel};

const PLANTED: &str = "PLANTED-SECRET-7f3a9";

fn fixture(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/junos")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn facts(rel: &str) -> ConfigFacts {
    let f = read(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    assert_no_secret(&format!("{f:?}"));
    f
}

fn tunnel<'a>(f: &'a ConfigFacts, name: &str) -> &'a Tunnel {
    f.tunnels
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tunnel {name} in {f:#?}"))
}

fn assert_no_secret(s: &str) {
    assert!(!s.contains(PLANTED), "secret leaked: {s}");
    assert!(!s.contains("$9$"), "secret leaked: {s}");
}

fn assert_known(f: &ConfigFacts) {
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
            assert!(!n.algorithms.is_empty(), "{}: {p:?} names nothing", t.name);
        }
    }
}

#[test]
fn set_style_multi_tunnel() {
    let f = facts("srx-multi.set.conf");
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    // VPN-OLD is deactivated.
    assert_eq!(names, ["VPN-FRA", "VPN-HK"]);

    let fra = tunnel(&f, "VPN-FRA");
    assert_eq!(fra.line, 54);
    assert_eq!(fra.peer.as_deref(), Some("198.51.100.10"));
    assert_eq!(fra.ike_version, Some(2));
    assert_eq!(fra.ike_mode, None, "IKEv2 has no mode");
    assert_eq!(fra.ike, ["aes-256-gcm group20"]);
    assert_eq!(fra.esp, ["aes-256-gcm group20"]);
    assert_eq!(fra.pfs, Some(true));
    assert_eq!(fra.auth, [AuthMethod::Psk]);

    let hk = tunnel(&f, "VPN-HK");
    assert_eq!(hk.peer.as_deref(), Some("198.51.100.77"));
    assert_eq!(
        hk.ike_version,
        Some(1),
        "no `version`: Junos default v1-only"
    );
    assert_eq!(hk.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(
        hk.ike,
        ["aes-256-cbc sha-256 group14", "3des-cbc sha1 group2"]
    );
    assert_eq!(hk.esp, ["aes-256-cbc hmac-sha-256-128"]);
    assert_eq!(hk.pfs, None, "the IPsec policy says nothing about PFS");
    assert_eq!(hk.auth, [AuthMethod::Psk]);

    // 192.0.2.99 was deleted; the security log stream host counts.
    assert_eq!(
        f.log_hosts,
        ["192.0.2.50", "siem.example.net", "192.0.2.60"]
    );
    assert_known(&f);
}

#[test]
fn hierarchical_style() {
    let f = facts("srx-hierarchical.conf");
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["VPN-FRA", "VPN-TYO"], "VPN-SPARE is inactive:");

    let fra = tunnel(&f, "VPN-FRA");
    assert_eq!(fra.ike_version, Some(2));
    assert_eq!(fra.ike, ["aes-128-cbc sha-256 group19"]);
    assert_eq!(fra.esp, ["aes-128-gcm group19"]);
    assert_eq!(fra.pfs, Some(true));
    assert_eq!(fra.auth, [AuthMethod::Certificate]);

    let tyo = tunnel(&f, "VPN-TYO");
    assert_eq!(
        tyo.peer.as_deref(),
        Some("198.51.100.30"),
        "first of the address list"
    );
    assert_eq!(tyo.ike_version, Some(1));
    assert_eq!(tyo.ike_mode, Some(IkeMode::Main), "IKEv1 default mode");
    assert_eq!(tyo.ike, ["aes-256-cbc sha-384 group14"]);
    assert_eq!(tyo.esp, ["aes-256-cbc hmac-sha-256-128", "aes-128-gcm"]);
    assert_eq!(tyo.auth, [AuthMethod::Psk]);
    assert_eq!(f.log_hosts, ["10.20.30.40"]);
    assert_known(&f);
}

#[test]
fn proposal_sets_and_manual_vpn() {
    let f = facts("proposal-sets.set.conf");
    let std = tunnel(&f, "VPN-STD");
    assert_eq!(std.ike, ["aes-128-cbc sha1 group2", "3des-cbc sha1 group2"]);
    assert_eq!(
        std.esp,
        [
            "aes-128-cbc hmac-sha1-96 group2",
            "3des-cbc hmac-sha1-96 group2"
        ]
    );
    assert_eq!(std.pfs, Some(true));
    assert_eq!(std.auth, [AuthMethod::Psk]);

    let dial = tunnel(&f, "VPN-DIAL");
    assert_eq!(dial.peer.as_deref(), Some("branch.example.net"));
    assert_eq!(dial.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(dial.ike.len(), 4, "compatible = 3DES/DES x SHA-1/MD5");
    assert_eq!(dial.esp, ["des-cbc hmac-sha1-96", "des-cbc hmac-md5-96"]);
    assert_eq!(dial.pfs, Some(false), "basic is nopfs");

    let manual = tunnel(&f, "VPN-MANUAL");
    assert_eq!(manual.peer.as_deref(), Some("192.0.2.200"));
    assert_eq!(manual.ike_version, None);
    assert!(manual.ike.is_empty());
    assert_eq!(manual.esp, ["aes-128-cbc hmac-sha-256-128"]);

    // `other-routing-engine` is not a remote host.
    assert_eq!(f.log_hosts, ["172.16.9.9"]);
    assert_known(&f);
}

#[test]
fn every_proposal_set_normalises() {
    for set in [
        "basic",
        "compatible",
        "standard",
        "suiteb-gcm-128",
        "suiteb-gcm-256",
        "prime-128",
        "prime-256",
    ] {
        let text = format!(
            "set security ike policy P proposal-set {set}\n\
             set security ike gateway G ike-policy P\n\
             set security ike gateway G address 192.0.2.1\n\
             set security ipsec policy I proposal-set {set}\n\
             set security ipsec vpn V ike gateway G\n\
             set security ipsec vpn V ike ipsec-policy I\n"
        );
        let f = read(&text).unwrap();
        let t = &f.tunnels[0];
        assert!(!t.ike.is_empty() && !t.esp.is_empty(), "{set}: {t:?}");
        assert_known(&f);
        let profile =
            vpnaudit::crypto::CryptoProfile::from_proposals(Catalogue::builtin(), &t.ike).unwrap();
        match set {
            "basic" => assert!(profile.forbidden.contains(&"DES".to_string())),
            "prime-256" => assert_eq!(profile.encryption, ["AES-256-GCM"]),
            _ => {}
        }
        if set.starts_with("suiteb") || set.starts_with("prime") {
            assert_eq!(t.auth, [AuthMethod::Certificate], "{set}");
            assert_eq!(t.pfs, Some(true), "{set}");
        }
    }
}

/// The same configuration in both styles gives the same facts.
#[test]
fn hierarchical_equals_set_style() {
    let hier = r#"
security {
    ike {
        proposal A { authentication-method rsa-signatures; dh-group group14;
                     authentication-algorithm sha-256; encryption-algorithm aes-256-cbc; }
        policy P { mode aggressive; proposals A; }
        gateway G { ike-policy P; address 192.0.2.9; }
    }
    ipsec {
        proposal E { protocol esp; encryption-algorithm aes-128-gcm; }
        policy I { perfect-forward-secrecy { keys group14; } proposals [ E ]; }
        vpn V { ike { gateway G; ipsec-policy I; } }
    }
}
system { syslog { host 192.0.2.5 { any any; } } }
"#;
    let set = "\
set security ike proposal A authentication-method rsa-signatures
set security ike proposal A dh-group group14
set security ike proposal A authentication-algorithm sha-256
set security ike proposal A encryption-algorithm aes-256-cbc
set security ike policy P mode aggressive
set security ike policy P proposals A
set security ike gateway G ike-policy P
set security ike gateway G address 192.0.2.9
set security ipsec proposal E protocol esp
set security ipsec proposal E encryption-algorithm aes-128-gcm
set security ipsec policy I perfect-forward-secrecy keys group14
set security ipsec policy I proposals E
set security ipsec vpn V ike gateway G
set security ipsec vpn V ike ipsec-policy I
set system syslog host 192.0.2.5 any any
";
    let mut a = read(hier).unwrap();
    let mut b = read(set).unwrap();
    for t in a.tunnels.iter_mut().chain(b.tunnels.iter_mut()) {
        t.line = 0;
        t.lines = Default::default();
    }
    for w in a.warnings.iter_mut().chain(b.warnings.iter_mut()) {
        w.line = 0;
    }
    assert_eq!(a, b);
    assert_eq!(a.tunnels[0].auth, [AuthMethod::Certificate]);
    assert_eq!(a.tunnels[0].esp, ["aes-128-gcm group14"]);
}

#[test]
fn deactivate_activate_and_delete() {
    let text = "\
set security ike gateway G address 192.0.2.1
set security ipsec vpn A ike gateway G
set security ipsec vpn B ike gateway G
set security ipsec vpn C ike gateway G
deactivate security ipsec vpn A
deactivate security ipsec vpn B
activate security ipsec vpn B
delete security ipsec vpn C
set security ipsec vpn C ike gateway G
";
    let f = read(text).unwrap();
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["B", "C"], "C was set again after the delete");
    assert_eq!(f.tunnels[1].line, 9);
}

#[test]
fn unknown_and_undefined_references_do_not_fail() {
    let text = "\
set security ipsec vpn V ike gateway NOWHERE
set security ipsec vpn V ike ipsec-policy NOTHING
set security ipsec vpn W df-bit clear
{master:0}
user@srx> show configuration | display set
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
";
    let f = read(text).unwrap();
    assert_eq!(f.tunnels.len(), 2);
    for t in &f.tunnels {
        assert_eq!(t.ike_version, None, "no defined gateway: version unknown");
        assert!(t.ike.is_empty() && t.esp.is_empty());
    }
}

fn err(text: &str) -> ReadError {
    read(text).expect_err("should not read")
}

#[test]
fn structural_errors_of_the_hierarchical_style() {
    let e = err("system {\n    host-name a;\n}\n}\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("unbalanced '}'"), "{e:?}");

    let e = err("security {\n    ike {\n        proposal P {\n        }\n}\n");
    assert!(
        e.message.contains("line 1") || e.message.contains("line 2"),
        "{e:?}"
    );
    assert!(e.message.contains("never closed"), "{e:?}");

    let e = err("system {\n    host-name \"never closed;\n}\n");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("quoted string"), "{e:?}");

    let e = err("system {\n /* comment\n}\n");
    assert_eq!(e.line, 2);

    let deep = "a {\n".repeat(70) + &"}\n".repeat(70);
    let e = err(&format!("system {{\n{deep}}}\n"));
    assert!(e.message.contains("nested"), "{e:?}");
}

#[test]
fn set_style_is_never_malformed() {
    let f = read("set security ike proposal \"unterminated\nset system syslog host 192.0.2.1 any any\n}\n{\n")
        .unwrap();
    assert_eq!(f.log_hosts, ["192.0.2.1"]);
}

#[test]
fn secrets_never_leave_including_errors() {
    for rel in [
        "srx-multi.set.conf",
        "srx-hierarchical.conf",
        "proposal-sets.set.conf",
    ] {
        let text = fixture(rel);
        assert!(text.contains(PLANTED), "{rel} plants no secret");
        assert_no_secret(&format!("{:?}", read(&text)));
        // Break the file at every secret: cut just after it, open a quote
        // before it, drop a brace after it.
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find(PLANTED) else {
                continue;
            };
            let before: String = text.lines().take(i).map(|l| format!("{l}\n")).collect();
            let variants = [
                format!("{before}{line}\n"),
                format!("{before}{}\"{}\n", &line[..pos], &line[pos..]),
                format!("{before}{line} {{\n"),
                format!("{before}{line} }}\n}}\n"),
                text.replacen(line, &format!("{line} \"{PLANTED}"), 1),
            ];
            for v in variants {
                let r = read(&v);
                assert_no_secret(&format!("{r:?}"));
                if let Err(e) = r {
                    assert_no_secret(&e.message);
                }
            }
        }
    }
}

#[test]
fn detection() {
    for rel in [
        "srx-multi.set.conf",
        "srx-hierarchical.conf",
        "proposal-sets.set.conf",
    ] {
        assert!(looks_like(&fixture(rel)), "{rel}");
    }
    // Not Junos: FortiOS (`set` lines are indented, config/end), Cisco IOS
    // crypto map `set` lines, strongSwan swanctl blocks, Huawei VRP.
    for other in [
        "config system email-server\n    set security smtps\nend\n",
        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set T\n!\nhostname r1\n",
        "connections {\n   gw {\n      remote_addrs = 192.0.2.1\n   }\n}\n",
        "#\n sysname HUAWEI\n#\nike proposal 1\n encryption-algorithm aes-256\n#\nreturn\n",
        "",
    ] {
        assert!(!looks_like(other), "{other:?}");
    }
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}set security ike gateway G address 192.0.2.1\r\nset security ipsec vpn V ike gateway G\r\n";
    assert!(looks_like(text));
    let f = read(text).unwrap();
    assert_eq!(f.tunnels[0].peer.as_deref(), Some("192.0.2.1"));
    let hier = "\u{feff}security {\r\n ike { gateway G { address 192.0.2.2; } }\r\n ipsec { vpn V { ike { gateway G; } } }\r\n}\r\n";
    assert!(looks_like(hier));
    assert_eq!(
        read(hier).unwrap().tunnels[0].peer.as_deref(),
        Some("192.0.2.2")
    );
}

/// The algorithm keywords of the Junos CLI reference (`proposal (Security
/// IKE)` / `proposal (Security IPsec)`) all normalise.
#[test]
fn documented_junos_keywords_normalise() {
    let cat = Catalogue::builtin();
    for kw in [
        "3des-cbc",
        "aes-128-cbc",
        "aes-128-gcm",
        "aes-192-cbc",
        "aes-192-gcm",
        "aes-256-cbc",
        "aes-256-gcm",
        "chacha20-poly1305",
        "des-cbc",
        "md5",
        "sha1",
        "sha-256",
        "sha-384",
        "sha-512",
        "group1",
        "group2",
        "group5",
        "group14",
        "group15",
        "group16",
        "group19",
        "group20",
        "group21",
        "group24",
        "hmac-md5-96",
        "hmac-sha1-96",
        "hmac-sha-256-96",
        "hmac-sha-256-128",
        "hmac-sha-384-192",
        "hmac-sha-512-256",
    ] {
        let n = cat.normalise(kw);
        assert!(
            n.unknown.is_empty() && n.algorithms.len() == 1,
            "{kw}: {n:?}"
        );
    }
}

/// An IPsec policy with a PFS group and no proposals keeps its group, so a
/// weak one is judged; the missing ciphers and every undefined name are
/// recorded on the tunnel instead of dropped (Junos OS CLI reference,
/// `security ipsec policy`: `perfect-forward-secrecy keys`, `proposals`).
#[test]
fn pfs_group_without_proposals_and_undefined_names() {
    let text = "set security ike proposal P1 authentication-method pre-shared-keys\n\
        set security ike proposal P1 dh-group group14\n\
        set security ike proposal P1 encryption-algorithm aes-256-cbc\n\
        set security ike proposal P1 authentication-algorithm sha-256\n\
        set security ike policy POL proposals [ P1 GONE ]\n\
        set security ike gateway GW ike-policy POL\n\
        set security ike gateway GW address 198.51.100.20\n\
        set security ike gateway GW version v2-only\n\
        set security ipsec policy IPOL perfect-forward-secrecy keys group5\n\
        set security ipsec vpn FRA ike gateway GW\n\
        set security ipsec vpn FRA ike ipsec-policy IPOL\n\
        set security ipsec vpn LOST ike gateway NOGW\n\
        set security ipsec vpn LOST ike ipsec-policy NOPOL\n";
    let f = read(text).unwrap();
    let fra = tunnel(&f, "FRA");
    assert_eq!(fra.pfs, Some(true));
    assert_eq!(fra.esp, ["group5"]);
    assert!(
        Catalogue::builtin()
            .normalise("group5")
            .algorithms
            .iter()
            .any(|a| a.name == "MODP-1536"),
        "the group is judged"
    );
    assert_eq!(
        fra.unresolved,
        [
            "IKE proposal GONE, named by IKE policy POL, is not defined",
            "IPsec policy IPOL names no proposals or proposal-set"
        ]
    );
    let lost = tunnel(&f, "LOST");
    assert_eq!(
        lost.unresolved,
        [
            "IKE gateway NOGW, named at line 12, is not defined",
            "IPsec policy NOPOL, named at line 12, is not defined"
        ]
    );
}

/// Every located note, unresolved reference and default, as one string.
fn notes(f: &ConfigFacts) -> String {
    let mut s = format!("{:?}", f.warnings);
    for t in &f.tunnels {
        s.push_str(&format!("{:?}{:?}", t.unresolved, t.defaults));
    }
    s
}

#[test]
fn release_lines_and_warnings() {
    let f = facts("warnings.set.conf");
    assert_eq!(f.release.as_deref(), Some("21.4R3.15"));
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["V-NOPFS", "V-PFS", "V-OFF", "V-LOST"]);

    // The lines deciding each side.
    let pfs = tunnel(&f, "V-PFS");
    assert_eq!(pfs.lines.ike, 8, "first statement of IKE proposal P-AES");
    assert_eq!(pfs.lines.auth, 8, "its authentication-method");
    assert_eq!(pfs.lines.esp, 21, "IPsec proposal E-GCM");
    assert_eq!(pfs.lines.pfs, 25, "perfect-forward-secrecy keys group19");
    assert_eq!(pfs.pfs, Some(true));
    assert_eq!(pfs.esp, ["aes-256-gcm group19"]);

    // No perfect-forward-secrecy statement: Juniper documents none as a
    // default, so PFS stays unknown rather than off.
    let nopfs = tunnel(&f, "V-NOPFS");
    assert_eq!(nopfs.pfs, None);
    assert_eq!(nopfs.lines.pfs, 0);
    assert!(nopfs.defaults.is_empty() && nopfs.unresolved.is_empty());

    // A VPN on a deactivated gateway: the gateway is not in force.
    let off = tunnel(&f, "V-OFF");
    assert_eq!(
        off.unresolved,
        ["IKE gateway GW-OFF, named at line 30, is deactivated"]
    );
    assert!(off.ike.is_empty());

    let w: Vec<(u32, &str)> = f
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [
            (
                12,
                "IKE proposal P-SPARE is defined but no IKE policy uses it"
            ),
            (20, "IKE gateway GW-OFF is deactivated: it is not in force"),
            (30, "IKE gateway GW-OFF, named at line 30, is deactivated"),
            (33, "IPsec policy NOPOL, named at line 32, is not defined"),
        ]
    );
    assert!(!notes(&f).contains("PLANTED"));
}

#[test]
fn inactive_statements_in_the_hierarchical_style() {
    let f = facts("inactive.conf");
    assert_eq!(f.release.as_deref(), Some("22.4R3-S2.11"));
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ON"], "the inactive VPN is not a tunnel");
    let on = tunnel(&f, "ON");
    assert_eq!(on.auth, [AuthMethod::Psk], "from the proposal's method");
    assert_eq!(on.pfs, Some(true));
    let w: Vec<&str> = f.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        w,
        [
            "IKE policy IKE-POL: its `pre-shared-key` statement is deactivated and not in force",
            "IPsec VPN OFF is deactivated: it is not in force",
        ]
    );
    assert_eq!(f.warnings[0].line, 11);
    assert_eq!(f.warnings[1].line, 19);
    let s = notes(&f);
    assert!(!s.contains("PLANTED") && !s.contains("$9$"), "{s}");
}

#[test]
fn proposal_sets_are_marked_unconfirmed() {
    let f = facts("proposal-sets.set.conf");
    let std = tunnel(&f, "VPN-STD");
    assert_eq!(
        std.unresolved,
        [
            "IKE policy STD uses proposal-set standard, whose contents are unconfirmed in Juniper documentation",
            "IPsec policy IPSEC-STD uses proposal-set standard, whose contents are unconfirmed in Juniper documentation",
        ]
    );
    assert_eq!(std.defaults.len(), 2);
    assert!(std.defaults.iter().all(|d| d.contains("unconfirmed")));
    assert_eq!(std.lines.ike, 4, "the proposal-set line");
    assert_eq!(std.lines.esp, 15);
    // Both sets are still judged: a DES proposal is seen even unconfirmed.
    let dial = tunnel(&f, "VPN-DIAL");
    assert!(dial.esp.iter().any(|e| e.starts_with("des-cbc")));
}
