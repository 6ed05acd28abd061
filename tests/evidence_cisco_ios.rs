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
