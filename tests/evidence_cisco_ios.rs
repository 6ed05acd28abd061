//! Cisco IOS / IOS-XE reader: fixtures under tests/fixtures/cisco-ios/,
//! each a realistic configuration with a distinctive secret planted in every
//! secret position.

#[path = "cisco_common/mod.rs"]
mod common;

use common::*;
use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::cisco::{looks_like_asa, looks_like_ios, read_ios};
use vpnaudit::evidence::{AuthMethod, ConfigFacts, IkeMode, SideLines, Tunnel};

fn read(name: &str) -> ConfigFacts {
    let text = fixture("cisco-ios", name);
    assert!(looks_like_ios(&text), "{name} looks like IOS");
    assert!(!looks_like_asa(&text), "{name} is not ASA");
    let facts = read_ios(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_no_secret(name, &format!("{facts:?}"));
    assert_warnings_clean(name, &text, &facts);
    assert_every_proposal_known(name, &facts);
    facts
}

fn assert_every_proposal_known(name: &str, facts: &ConfigFacts) {
    let cat = Catalogue::builtin();
    for t in &facts.tunnels {
        for p in t.ike.iter().chain(&t.esp) {
            let n = cat.normalise(p);
            assert!(
                n.unknown.is_empty(),
                "{name} {}: {p:?} has unknown {:?}",
                t.name,
                n.unknown
            );
            assert!(
                !n.algorithms.is_empty(),
                "{name} {}: {p:?} names nothing",
                t.name
            );
        }
    }
}

#[test]
fn ikev1_crypto_map_entries_are_tunnels() {
    let f = read("ikev1-crypto-map.cfg");
    // The crypto map inside the banner is banner text, not configuration.
    assert_eq!(
        names(&f),
        ["WAN-MAP 10", "WAN-MAP 20", "WAN-MAP 30", "WAN-MAP 65535"]
    );
    let policies = strings(&["aes 256 sha256 group 14", "3des md5 group 2"]);
    assert_eq!(
        *tunnel(&f, "WAN-MAP 10"),
        Tunnel {
            name: "WAN-MAP 10".into(),
            line: 73,
            peer: Some("203.0.113.10".into()),
            ike_version: Some(1),
            ike_mode: Some(IkeMode::Main),
            ike: policies.clone(),
            esp: strings(&["esp-aes 256 esp-sha256-hmac group 14"]),
            tls: vec![],
            keys: vec![],
            pfs: Some(true),
            auth: vec![AuthMethod::Psk],
            unresolved: vec![],
            lines: SideLines {
                ike: 44,
                esp: 64,
                pfs: 77,
                auth: 56
            },
            defaults: vec![],
        }
    );
    // Backup peers: the first is the peer; two transform sets, no PFS.
    let t = tunnel(&f, "WAN-MAP 20");
    assert_eq!(t.peer.as_deref(), Some("198.51.100.20"));
    assert_eq!(
        t.esp,
        strings(&["esp-3des esp-sha-hmac", "esp-aes 256 esp-sha256-hmac"])
    );
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.ike, policies);
    let t = tunnel(&f, "WAN-MAP 30");
    assert_eq!(t.esp, strings(&["esp-aes 256 esp-sha256-hmac group 19"]));
    // The dynamic entry takes the dynamic map's crypto and has no peer.
    let t = tunnel(&f, "WAN-MAP 65535");
    assert_eq!(t.peer, None);
    assert_eq!(t.esp, strings(&["esp-aes 256 esp-sha256-hmac group 14"]));
    assert_eq!(t.pfs, Some(true));
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(f.log_hosts, strings(&["10.100.5.20", "10.100.5.21"]));
}

#[test]
fn ikev2_profile_and_vti() {
    let f = read("ikev2-vti.cfg");
    assert_eq!(names(&f), ["Tunnel100", "Tunnel200", "Tunnel300"]);
    // Only the proposals the IKEv2 policy names; UNUSED-WEAK is not offered.
    let ike = strings(&[
        "aes-gcm-256 prf sha384 group 20 19",
        "aes-cbc-256 sha256 group 14",
    ]);
    assert_eq!(
        *tunnel(&f, "Tunnel100"),
        Tunnel {
            name: "Tunnel100".into(),
            line: 84,
            peer: Some("203.0.113.50".into()),
            ike_version: Some(2),
            ike_mode: None,
            ike: ike.clone(),
            esp: strings(&[
                "esp-gcm 256 group 20",
                "esp-aes 256 esp-sha256-hmac group 20"
            ]),
            tls: vec![],
            keys: vec![],
            pfs: Some(true),
            auth: vec![AuthMethod::Psk],
            unresolved: vec![],
            lines: SideLines {
                ike: 27,
                esp: 70,
                pfs: 77,
                auth: 59
            },
            defaults: vec![],
        }
    );
    assert_eq!(
        tunnel(&f, "Tunnel200").peer.as_deref(),
        Some("198.51.100.60")
    );
    let t = tunnel(&f, "Tunnel300");
    assert_eq!(t.auth, [AuthMethod::Certificate]);
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.esp, strings(&["esp-gcm 256"]));
    assert_eq!(
        algorithms(&t.ike),
        strings(&[
            "AES-256-CBC",
            "AES-256-GCM",
            "ECP-256",
            "ECP-384",
            "MODP-2048",
            "PRF-SHA-384",
            "SHA-256"
        ])
    );
    assert_eq!(f.log_hosts, strings(&["10.9.9.9", "2001:db8::514"]));
}

#[test]
fn aws_style_tunnels_fill_in_the_default_hash() {
    let f = read("aws-vpn.cfg");
    assert_eq!(names(&f), ["Tunnel1", "Tunnel2"]);
    for (name, peer) in [("Tunnel1", "3.120.10.11"), ("Tunnel2", "18.194.20.22")] {
        let t = tunnel(&f, name);
        assert_eq!(t.peer.as_deref(), Some(peer));
        assert_eq!(t.ike_version, Some(1));
        // Policy 201 omits `hash sha`, as `show running-config` does: the
        // default (SHA-1) is filled in, so both policies read the same.
        assert_eq!(t.ike, strings(&["aes 128 sha group 14"]));
        assert_eq!(t.esp, strings(&["esp-aes 128 esp-sha-hmac group 14"]));
        assert_eq!(t.pfs, Some(true));
        assert_eq!(t.auth, [AuthMethod::Psk]);
        // Aggressive mode is not disabled: the config does not settle it.
        assert_eq!(t.ike_mode, None);
    }
    assert!(f.log_hosts.is_empty());
}

#[test]
fn dmvpn_spoke_peer_is_the_hub_nbma_address() {
    let f = read("dmvpn-spoke.cfg");
    assert_eq!(
        f.tunnels,
        [Tunnel {
            name: "Tunnel0".into(),
            line: 25,
            peer: Some("203.0.113.100".into()),
            ike_version: Some(1),
            ike_mode: None,
            ike: strings(&["aes 256 sha256 group 14"]),
            esp: strings(&["esp-aes 256 esp-sha256-hmac group 14"]),
            tls: vec![],
            keys: vec![],
            pfs: Some(true),
            auth: vec![AuthMethod::Psk],
            unresolved: vec![],
            lines: SideLines {
                ike: 11,
                esp: 18,
                pfs: 23,
                auth: 16
            },
            defaults: vec![],
        }]
    );
    assert_eq!(f.log_hosts, strings(&["10.1.1.50"]));
}

#[test]
fn weak_legacy_crypto_aggressive_mode_and_manual_keys() {
    let f = read("weak-and-aggressive.cfg");
    // The gdoi entry (GETVPN) is not a tunnel of its own.
    assert_eq!(names(&f), ["LEGACY 10", "LEGACY 20", "LEGACY 30"]);
    // Policy 5 states only its authentication: IOS's defaults fill the rest.
    let ike = strings(&["des sha group 1", "des md5 group 1"]);
    let t = tunnel(&f, "LEGACY 10");
    assert_eq!(t.ike, ike);
    // A bare `set pfs` is group 1 on IOS.
    assert_eq!(t.esp, strings(&["esp-des esp-md5-hmac group 1"]));
    // The peer is configured for aggressive mode.
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(t.auth, [AuthMethod::Psk, AuthMethod::Certificate]);
    let t = tunnel(&f, "LEGACY 20");
    // The ISAKMP profile initiates aggressive mode; comp-lzs is no crypto.
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(
        t.esp,
        strings(&["esp-seal ah-sha-hmac", "esp-3des esp-sha-hmac"])
    );
    assert_eq!(algorithms(&t.esp), strings(&["3DES", "SEAL", "SHA-1"]));
    // Manual keying: no IKE at all, and the session keys stay secret.
    let t = tunnel(&f, "LEGACY 30");
    assert_eq!(t.ike_version, None);
    assert!(t.ike.is_empty());
    assert!(t.auth.is_empty());
    assert_eq!(t.esp, strings(&["esp-des esp-md5-hmac"]));
}

#[test]
fn a_config_without_crypto_has_no_tunnels() {
    let f = read("no-crypto.cfg");
    assert!(f.tunnels.is_empty());
    assert_eq!(f.log_hosts, strings(&["10.10.10.200"]));
}

#[test]
fn every_fixture_keeps_its_secrets() {
    // Whole and cut anywhere, nothing read (or no error) quotes a secret.
    let fixtures = assert_cuts_keep_secrets("cisco-ios", 97, read_ios);
    for (path, text) in &fixtures {
        assert!(
            text.contains("PLANTED-SECRET-7f3a9"),
            "{path:?} plants a secret"
        );
    }
    assert!(fixtures.len() >= 6);
}

#[test]
fn truncated_certificate_data_is_an_error() {
    let text = fixture("cisco-ios", "ikev1-crypto-map.cfg");
    let cut = text.find("69666963").expect("hex line");
    let e = read_ios(&text[..cut]).expect_err("cut inside the certificate");
    assert_eq!(e.line, 34);
    assert!(e.message.contains("quit"), "{}", e.message);
    // A certificate shown as a file reference has no data and no `quit`.
    let short =
        "crypto pki certificate chain TP\n certificate self-signed 01 nvram:IOS-Self-Sig#1.cer\n";
    assert!(read_ios(short).is_ok());
}

#[test]
fn unterminated_banner_is_an_error() {
    let text = fixture("cisco-ios", "ikev1-crypto-map.cfg");
    let cut = text.find("^C\n!\nline con").expect("banner end");
    let e = read_ios(&text[..cut]).expect_err("banner never closed");
    assert_eq!((e.line, e.col), (118, 13));
    assert_no_secret("banner error", &e.message);
}

/// A dynamic map's entries are each a path a peer can take: PFS holds only
/// when every entry sets it.
#[test]
fn pfs_of_a_dynamic_map_holds_only_when_every_entry_sets_it() {
    let f = read("dynamic-map-mixed-pfs.cfg");
    assert_eq!(f.tunnels.len(), 1, "{:?}", f.tunnels);
    let t = &f.tunnels[0];
    assert_eq!(t.pfs, Some(false), "{t:?}");
    assert_eq!(
        t.esp,
        [
            "esp-aes 256 esp-sha256-hmac group 14",
            "esp-aes 256 esp-sha-hmac"
        ]
    );
}

/// ISAKMP profiles bring their keyring's pre-shared keys and their CA
/// trust point to the crypto-map entries that name them, or whose peer
/// their `match identity address` covers (isakmp-profile-keyrings.cfg,
/// from the Cisco IOS Security Command Reference "crypto keyring",
/// "crypto isakmp profile", "ca trust-point", "match identity").
#[test]
fn isakmp_profile_keyrings_and_trust_points_authenticate() {
    let f = read("isakmp-profile-keyrings.cfg");
    assert_eq!(f.release.as_deref(), Some("15.2"));
    assert_eq!(
        names(&f),
        ["VPN 10", "VPN 20", "VPN 30", "VPN 40", "SPARE-MAP 10"]
    );
    let t = tunnel(&f, "VPN 10");
    assert_eq!(t.auth, [AuthMethod::Psk]);
    // The keyring's pre-shared-key line; ESP: the transform set; PFS.
    assert_eq!(
        t.lines,
        SideLines {
            ike: 0,
            esp: 33,
            pfs: 40,
            auth: 16
        }
    );
    // No ISAKMP policy: IOS's built-in policies vary by release, so the
    // IKE side stays unwritten (and no default is claimed for it).
    assert!(t.ike.is_empty() && t.defaults.is_empty());
    let t = tunnel(&f, "VPN 20");
    assert_eq!(
        (t.auth.as_slice(), t.lines.auth),
        (&[AuthMethod::Certificate][..], 24)
    );
    // A profile whose keyring is not defined: no method is made up, and
    // the tunnel says what is missing.
    let t = tunnel(&f, "VPN 30");
    assert!(t.auth.is_empty(), "{:?}", t.auth);
    assert_eq!(
        t.unresolved,
        ["keyring KR-MISSING, named at line 30, is not defined"]
    );
    // No profile named: IP-PARTNER's identity covers the peer.
    let t = tunnel(&f, "VPN 40");
    assert_eq!(
        (t.auth.as_slice(), t.lines.auth),
        (&[AuthMethod::Psk][..], 16)
    );
    assert_eq!(
        t.unresolved,
        ["transform set TS-MISSING, named at line 53, is not defined"]
    );
    // No key, keyring or profile for this peer.
    assert!(tunnel(&f, "SPARE-MAP 10").auth.is_empty());
    assert_eq!(warning_lines(&f), [26, 30, 35, 53, 54, 62]);
    assert!(warnings_at(&f, 26)[0].starts_with("ISAKMP profile IP-UNUSED is named by no"));
    assert_eq!(
        warnings_at(&f, 30),
        ["keyring KR-MISSING is named here but not defined"]
    );
    assert_eq!(
        warnings_at(&f, 35),
        ["transform set TS-SPARE is used by no crypto map entry or IPsec profile"]
    );
    assert_eq!(
        warnings_at(&f, 53),
        ["transform set TS-MISSING is named here but not defined"]
    );
    assert_eq!(
        warnings_at(&f, 54),
        ["crypto map SPARE-MAP is applied to no interface"]
    );
    assert_eq!(
        warnings_at(&f, 62),
        ["interface GigabitEthernet0/1 carries crypto map VPN but is shut down (line 65)"]
    );
}

/// Easy VPN: the group key authenticates the device, XAUTH the user;
/// FlexVPN: EAP authenticates the user, the router signs with its
/// certificate. Neither is two factors of the user (ezvpn-flexvpn.cfg,
/// from "Easy VPN Server", "crypto map client authentication list",
/// "Configuring the FlexVPN Server").
#[test]
fn ezvpn_xauth_and_flexvpn_eap_are_password_rounds_not_mfa() {
    let f = read("ezvpn-flexvpn.cfg");
    assert_eq!(names(&f), ["RA-MAP 65535", "Virtual-Template1", "Tunnel40"]);
    let t = tunnel(&f, "RA-MAP 65535");
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.auth, [AuthMethod::Psk, AuthMethod::Password]);
    // The Easy VPN group's `key` line.
    assert_eq!(t.lines.auth, 28);
    let t = tunnel(&f, "Virtual-Template1");
    assert_eq!((t.ike_version, t.peer.as_deref()), (Some(2), None));
    assert_eq!(t.auth, [AuthMethod::Certificate, AuthMethod::Password]);
    assert_eq!(t.lines.auth, 68);
    let t = tunnel(&f, "Tunnel40");
    assert_eq!(t.auth, [AuthMethod::Psk]);
    assert_eq!(
        t.lines,
        SideLines {
            ike: 48,
            esp: 37,
            pfs: 86,
            auth: 76
        }
    );
    for t in &f.tunnels {
        assert!(
            !t.auth.contains(&AuthMethod::Mfa),
            "{}: {:?}",
            t.name,
            t.auth
        );
    }
    assert_eq!(
        f.warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect::<Vec<_>>(),
        [(60, "IKEv2 keyring KR-V2-OLD is named by no IKEv2 profile")]
    );
    // Without the map's and the profile's client authentication lists
    // there is no password round.
    let text = fixture("cisco-ios", "ezvpn-flexvpn.cfg")
        .replace(" client authentication list VPN-XAUTH\n", "\n")
        .replace(
            "crypto map RA-MAP client authentication list VPN-XAUTH\n",
            "",
        );
    let f = read_ios(&text).expect("reads");
    assert_eq!(tunnel(&f, "RA-MAP 65535").auth, [AuthMethod::Psk]);
}

/// ASA commands pasted into an IOS file are warned about where they are
/// and never read with IOS's defaults; an entry that depends on them has
/// the affected sides unknown (asa-syntax-in-ios.cfg).
#[test]
fn asa_syntax_in_ios_is_warned_about_and_not_read() {
    let f = read("asa-syntax-in-ios.cfg");
    assert_eq!(names(&f), ["OUT 10", "OUT 20", "OUT 30"]);
    // The ASA `crypto ikev1 policy 20` (3DES / MD5 / group 2) is not an
    // IOS policy: only policy 10 is offered.
    let ike = strings(&["aes 256 sha256 group 14"]);
    let t = tunnel(&f, "OUT 10");
    assert_eq!(t.ike, ike);
    assert_eq!(t.esp, strings(&["esp-aes 256 esp-sha256-hmac group 14"]));
    assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);
    // One-line entry: nothing of it is read; its bare `set pfs` is not
    // IOS's group 1.
    let t = tunnel(&f, "OUT 20");
    assert_eq!((t.peer.as_deref(), t.pfs), (None, None));
    assert!(t.esp.is_empty(), "{:?}", t.esp);
    assert_eq!(
        t.unresolved,
        [
            "ESP: `crypto [dynamic-]map NAME SEQ set ikev1 transform-set` at line 34 is ASA \
             syntax, not read as IOS",
            "PFS: `crypto [dynamic-]map NAME SEQ set pfs` at line 35 is ASA syntax, not read \
             as IOS"
        ]
    );
    let t = tunnel(&f, "OUT 30");
    assert!(t.esp.is_empty());
    assert_eq!(
        t.unresolved,
        ["ESP: `set ikev1 transform-set` at line 42 is ASA syntax, not read as IOS"]
    );
    for t in &f.tunnels {
        let group1 = t.esp.iter().any(|p| {
            let w: Vec<&str> = p.split(' ').collect();
            w.windows(2).any(|g| g == ["group", "1"])
        });
        assert!(!group1, "{}: {:?}", t.name, t.esp);
    }
    assert_eq!(warning_lines(&f), [27, 32, 33, 34, 35, 36, 37, 42, 44]);
    for w in &f.warnings {
        assert!(
            w.message.ends_with("is ASA syntax, not read as IOS"),
            "{w:?}"
        );
    }
    assert_eq!(
        warnings_at(&f, 27),
        ["`crypto ikev1 policy` is ASA syntax, not read as IOS"]
    );
    assert_eq!(
        warnings_at(&f, 36),
        ["`tunnel-group` is ASA syntax, not read as IOS"]
    );
}

/// Values a policy leaves out and a bare `set pfs` are read as IOS's
/// documented defaults, with their provenance, for releases the
/// documentation covers (12.x-15.x); on IOS-XE 16 and later they are not
/// confirmed and the side stays unknown.
#[test]
fn defaults_carry_provenance_and_unconfirmed_releases_stay_unknown() {
    let f = read("weak-and-aggressive.cfg");
    let t = tunnel(&f, "LEGACY 10");
    assert!(
        t.defaults
            .iter()
            .any(|d| d.starts_with("IKE: policy 5 (line ")
                && d.contains("leaves encryption des, hash sha, group 1 unwritten")
                && d.contains("Cisco IOS Security Command Reference")),
        "{:?}",
        t.defaults
    );
    assert!(
        t.defaults
            .iter()
            .any(|d| d.starts_with("PFS: `set pfs` at line ") && d.contains("group 1")),
        "{:?}",
        t.defaults
    );
    assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);

    let base = "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n group 14\ncrypto isakmp key k3y-PLANTED address 192.0.2.1\ncrypto ipsec transform-set T esp-aes 256 esp-sha256-hmac\ncrypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set T\n set pfs\n";
    for (release, confirmed) in [
        ("", true),
        ("version 15.2\n", true),
        ("version 17.3\n", false),
    ] {
        let f = read_ios(&format!("{release}{base}")).expect("reads");
        let t = &f.tunnels[0];
        if confirmed {
            assert_eq!(t.ike, strings(&["aes 256 sha group 14"]), "{release:?}");
            assert_eq!(t.esp, strings(&["esp-aes 256 esp-sha256-hmac group 1"]));
            assert_eq!(t.defaults.len(), 2, "{:?}", t.defaults);
            assert!(t.unresolved.is_empty(), "{:?}", t.unresolved);
        } else {
            assert_eq!(f.release.as_deref(), Some("17.3"));
            assert_eq!(t.esp, strings(&["esp-aes 256 esp-sha256-hmac"]));
            assert_eq!(t.pfs, Some(true));
            assert_eq!(t.unresolved.len(), 2, "{:?}", t.unresolved);
            assert!(t.unresolved[0].starts_with("PFS: `set pfs` at line 11"));
            assert!(t.unresolved[1].contains("release 17.3 are not confirmed"));
        }
    }
}

/// An IPsec profile, ISAKMP / IKEv2 profile or dynamic map the file names
/// but does not define: a warning at the naming line, and the tunnel says
/// so.
#[test]
fn undefined_references_are_located() {
    let text = "interface Tunnel1\n tunnel destination 192.0.2.1\n tunnel protection ipsec profile NOPE\ncrypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set isakmp-profile GHOST\ncrypto map M 20 ipsec-isakmp dynamic NODYN\n";
    let f = read_ios(text).expect("reads");
    assert_eq!(
        f.warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect::<Vec<_>>(),
        [
            (3, "IPsec profile NOPE is named here but not defined"),
            (4, "crypto map M is applied to no interface"),
            (6, "ISAKMP profile GHOST is named here but not defined"),
            (7, "dynamic map NODYN is named here but not defined"),
        ]
    );
    assert_eq!(
        tunnel(&f, "Tunnel1").unresolved,
        ["IPsec profile NOPE, named at line 3, is not defined"]
    );
    assert_eq!(
        tunnel(&f, "M 10").unresolved,
        ["ISAKMP profile GHOST, named at line 6, is not defined"]
    );
    assert_eq!(
        tunnel(&f, "M 20").unresolved,
        ["dynamic map NODYN, named at line 7, is not defined"]
    );
}

/// No warning, unresolved note or default of any fixture quotes a secret,
/// and a key that reads like a keyword or a name is never taken for one.
#[test]
fn warnings_never_quote_a_secret() {
    // Keys that begin with the names the warnings quote.
    let text = "crypto keyring KR\n pre-shared-key address 192.0.2.1 key KR-PLANTED-7f3a9\ncrypto isakmp profile P\n keyring KR\ncrypto isakmp key TS-GONE-PLANTED-7f3a9 address 192.0.2.9\ncrypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set TS-GONE\n";
    let f = read_ios(text).expect("reads");
    assert_eq!(
        warnings_at(&f, 3)[0],
        "ISAKMP profile P is named by no crypto map entry or IPsec profile and has no \
         `match identity`: nothing uses it"
    );
    assert_eq!(
        warnings_at(&f, 8),
        ["transform set TS-GONE is named here but not defined"]
    );
    assert_warnings_clean("inline", text, &f);
    for (path, text) in assert_cuts_keep_secrets("cisco-ios", 211, read_ios) {
        let f = read_ios(&text).expect("reads");
        assert_warnings_clean(&path.display().to_string(), &text, &f);
    }
}
