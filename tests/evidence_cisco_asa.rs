//! Cisco ASA reader: fixtures under tests/fixtures/cisco-asa/, each with a
//! distinctive secret planted in every secret position.

#[path = "cisco_common/mod.rs"]
mod common;

use common::*;
use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::cisco::{looks_like_asa, looks_like_ios, read_asa};
use vpnaudit::evidence::{AuthMethod, ConfigFacts, IkeMode, SideLines, Tunnel};

fn read(name: &str) -> ConfigFacts {
    let text = fixture("cisco-asa", name);
    assert!(looks_like_asa(&text), "{name} looks like ASA");
    assert!(!looks_like_ios(&text), "{name} is not IOS");
    let facts = read_asa(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_no_secret(name, &format!("{facts:?}"));
    assert_warnings_clean(name, &text, &facts);
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
        }
    }
    facts
}

#[test]
fn ikev1_site_to_site() {
    let f = read("ikev1-l2l.cfg");
    // The one-line ASA banner is not parsed as a crypto map.
    assert_eq!(names(&f), ["outside_map 10", "outside_map 20"]);
    let ike = strings(&["aes-256 sha group 14", "3des md5 group 2"]);
    assert_eq!(
        *tunnel(&f, "outside_map 10"),
        Tunnel {
            name: "outside_map 10".into(),
            line: 46,
            peer: Some("203.0.113.20".into()),
            ike_version: Some(1),
            ike_mode: None,
            ike: ike.clone(),
            esp: strings(&["esp-aes-256 esp-sha-hmac group 14"]),
            tls: vec![],
            keys: vec![],
            pfs: Some(true),
            auth: vec![AuthMethod::Psk],
            unresolved: vec![],
            lines: SideLines {
                ike: 65,
                esp: 43,
                pfs: 47,
                auth: 86
            },
            defaults: vec![],
        }
    );
    let t = tunnel(&f, "outside_map 20");
    assert_eq!(t.peer.as_deref(), Some("192.0.2.80"));
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(t.pfs, Some(false));
    assert_eq!(
        t.esp,
        strings(&["esp-3des esp-md5-hmac", "esp-aes-256 esp-sha-hmac"])
    );
    assert_eq!(t.auth, [AuthMethod::Psk]);
    assert_eq!(f.log_hosts, strings(&["10.30.0.50", "10.30.0.51"]));
}

#[test]
fn ikev2_site_to_site_drops_null_integrity_beside_gcm() {
    let f = read("ikev2-l2l.cfg");
    assert_eq!(names(&f), ["outside_map 10", "outside_map 20"]);
    let t = tunnel(&f, "outside_map 10");
    assert_eq!(t.ike_version, Some(2));
    assert_eq!(t.ike_mode, None);
    assert_eq!(
        t.ike,
        strings(&[
            "aes-gcm-256 prf sha512 group 21 20",
            "aes-256 sha256 prf sha256 group 14"
        ])
    );
    assert_eq!(
        t.esp,
        strings(&["aes-gcm-256 group 21", "aes-256 sha-256 group 21"])
    );
    let algs = algorithms(&t.ike.iter().chain(&t.esp).cloned().collect::<Vec<_>>());
    assert!(!algs.contains(&"NULL".to_string()), "{algs:?}");
    assert_eq!(t.auth, [AuthMethod::Psk]);
    let t = tunnel(&f, "outside_map 20");
    assert_eq!(t.auth, [AuthMethod::Certificate]);
    assert_eq!(t.pfs, Some(false));
    assert_eq!(f.log_hosts, strings(&["10.100.9.9"]));
}

#[test]
fn vti_with_ipsec_profile() {
    let f = read("vti.cfg");
    assert_eq!(
        f.tunnels,
        [Tunnel {
            name: "Tunnel1".into(),
            line: 12,
            peer: Some("52.1.2.3".into()),
            ike_version: Some(2),
            ike_mode: None,
            ike: strings(&["aes-256 sha256 prf sha256 group 20"]),
            esp: strings(&["aes-gcm-256 aes-256 sha-256 group 20"]),
            tls: vec![],
            keys: vec![],
            pfs: Some(true),
            auth: vec![AuthMethod::Psk],
            unresolved: vec![],
            lines: SideLines {
                ike: 27,
                esp: 20,
                pfs: 25,
                auth: 35
            },
            defaults: vec![],
        }]
    );
    assert_eq!(f.log_hosts, strings(&["198.51.100.250"]));
}

#[test]
fn remote_access_dynamic_map() {
    let f = read("remote-access.cfg");
    let t = tunnel(&f, "outside_map 65535");
    assert_eq!(t.peer, None);
    // IKEv1 and IKEv2 are both offered: reported as 1, with both lists.
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.ike_mode, Some(IkeMode::Main)); // crypto ikev1 am-disable
    assert_eq!(
        t.ike,
        strings(&["aes-256 sha group 14", "aes-256 sha256 prf sha256 group 14"])
    );
    assert_eq!(
        t.esp,
        strings(&["aes-256 sha-256", "esp-aes-256 esp-sha-hmac group 14"])
    );
    // Entry 10 sets no PFS: a client matched by it is keyed without PFS,
    // whatever entry 20 says.
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.auth, [AuthMethod::Certificate, AuthMethod::Password]);
    // The ikev1 trust-point line; no MFA claimed.
    assert_eq!(t.lines.auth, 42);
    // The tunnel negotiates IKEv2 too: its policy is in use.
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.release.as_deref(), Some("9.14(3)"));
}

#[test]
fn legacy_8_2_syntax() {
    let f = read("legacy-82.cfg");
    let t = tunnel(&f, "outside_map 1");
    assert_eq!(t.ike_version, Some(1));
    // Policy 20 states only its authentication: ASA's defaults fill in
    // 3DES / SHA-1 / group 2, the same as policy 10.
    assert_eq!(t.ike, strings(&["3des sha group 2"]));
    // A bare `set pfs` on ASA: PFS on, group not stated, and not guessed:
    // the tunnel says its PFS group is unknown.
    assert_eq!(t.esp, strings(&["esp-3des esp-sha-hmac"]));
    assert_eq!(t.pfs, Some(true));
    assert_eq!(
        t.unresolved,
        [
            "PFS: `set pfs` at line 18 names no group, and the default group of this release \
          is not confirmed"
        ]
    );
    assert_eq!(t.auth, [AuthMethod::Psk]);
    assert_eq!(f.release.as_deref(), Some("8.2(5)"));
    // Policy 20's values come from ASA's documented defaults, said so.
    assert_eq!(t.defaults.len(), 1, "{:?}", t.defaults);
    assert!(
        t.defaults[0].starts_with(
            "IKE: policy 20 (line 29) leaves encryption 3des, hash sha, group 2 unwritten"
        ),
        "{:?}",
        t.defaults
    );
}

/// IKEv1 remote access with a group pre-shared key and XAUTH: a password
/// round beside the shared key, which is not MFA (ra-xauth.cfg, from the
/// ASA VPN CLI Configuration Guide, "Connection Profiles, Group Policies,
/// and Users").
#[test]
fn remote_access_group_key_and_xauth_is_not_mfa() {
    let f = read("ra-xauth.cfg");
    assert_eq!(names(&f), ["outside_map 100", "dmz_map 10"]);
    let t = tunnel(&f, "outside_map 100");
    assert_eq!(t.peer, None);
    assert_eq!(t.auth, [AuthMethod::Psk, AuthMethod::Password]);
    assert_eq!(t.lines.auth, 56); // the group's ikev1 pre-shared-key line
    // A LAN-to-LAN group gets no XAUTH round.
    assert_eq!(tunnel(&f, "dmz_map 10").auth, [AuthMethod::Psk]);
    assert_eq!(
        f.warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                32,
                "IPsec proposal P2-SPARE is used by no crypto map entry or IPsec profile"
            ),
            (
                40,
                "crypto map dmz_map is applied to interface dmz (GigabitEthernet0/2), which is \
                 shut down (line 26)"
            ),
            (41, "`crypto keyring` is IOS syntax, not read as ASA"),
        ]
    );
    // `isakmp ikev1-user-authentication none` turns XAUTH off.
    let text = fixture("cisco-asa", "ra-xauth.cfg").replace(
        " ikev1 pre-shared-key PLANTED-SECRET-7f3a9-group\n",
        " ikev1 pre-shared-key PLANTED-SECRET-7f3a9-group\n isakmp ikev1-user-authentication none\n",
    );
    let f = read_asa(&text).expect("reads");
    assert_eq!(tunnel(&f, "outside_map 100").auth, [AuthMethod::Psk]);
}

/// MFA only where every connection profile an AnyConnect (IKEv2) client
/// can land in requires a certificate and an AAA password (`authentication
/// aaa certificate`, Cisco ASA Series Command Reference, "authentication",
/// tunnel-group webvpn-attributes mode; ra-mfa.cfg).
#[test]
fn mfa_only_where_every_group_requires_certificate_and_aaa() {
    let text = fixture("cisco-asa", "ra-mfa.cfg");
    let f = read("ra-mfa.cfg");
    let t = tunnel(&f, "outside_map 100");
    assert_eq!(t.ike_version, Some(2));
    assert_eq!(
        t.auth,
        [
            AuthMethod::Certificate,
            AuthMethod::Password,
            AuthMethod::Mfa
        ]
    );
    assert_eq!(t.lines.auth, 54);
    // IKEv1 clients: a certificate, XAUTH turned off; webvpn-attributes
    // do not apply to them.
    assert_eq!(
        tunnel(&f, "outside_map 200").auth,
        [AuthMethod::Certificate]
    );
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);

    let mfa = |text: &str| {
        let f = read_asa(text).expect("reads");
        tunnel(&f, "outside_map 100")
            .auth
            .contains(&AuthMethod::Mfa)
    };
    assert!(mfa(&text));
    // ASA's built-in DefaultWEBVPNGroup asks for `aaa` only unless the
    // file says otherwise: a client could land there with a password.
    let cut = text.replace(
        "tunnel-group DefaultWEBVPNGroup webvpn-attributes\n authentication aaa certificate\n",
        "",
    );
    assert!(!mfa(&cut));
    // One factor in the group itself.
    assert!(!mfa(&text.replacen(
        " authentication aaa certificate\n",
        " authentication aaa\n",
        1
    )));
    assert!(!mfa(&text.replacen(
        " authentication aaa certificate\n",
        " authentication certificate\n",
        1
    )));
    // Another remote-access group with a password only.
    let more = text.replace(
        ": end",
        "tunnel-group GUEST type remote-access\ntunnel-group GUEST webvpn-attributes\n authentication aaa\n: end",
    );
    assert!(!mfa(&more));
}

#[test]
fn show_running_config_fragment_reads() {
    let f = read("fragment-crypto-map.txt");
    assert_eq!(names(&f), ["CMAP 10", "CMAP 20", "CMAP 65535"]);
    // Transform sets and proposals are in another section: none here.
    let t = tunnel(&f, "CMAP 10");
    assert_eq!(t.peer.as_deref(), Some("203.0.113.150"));
    assert_eq!((t.ike_version, t.ike_mode), (Some(1), Some(IkeMode::Main)));
    assert!(t.esp.is_empty() && t.ike.is_empty());
    assert_eq!(t.pfs, Some(false));
    assert_eq!(tunnel(&f, "CMAP 20").ike_version, Some(2));
    // The system default dynamic map is not in the fragment.
    let t = tunnel(&f, "CMAP 65535");
    assert_eq!(
        (t.peer.as_deref(), t.pfs, t.ike_version),
        (None, None, None)
    );
}

#[test]
fn every_fixture_keeps_its_secrets() {
    let fixtures = assert_cuts_keep_secrets("cisco-asa", 89, read_asa);
    assert!(fixtures.len() >= 8);
    for (path, text) in &fixtures {
        let f = read_asa(text).expect("reads");
        assert_warnings_clean(&path.display().to_string(), text, &f);
    }
}

#[test]
fn truncated_certificate_is_an_error() {
    let text = fixture("cisco-asa", "ikev1-l2l.cfg");
    let cut = text.find("  quit").expect("quit");
    let e = read_asa(&text[..cut]).expect_err("cut inside the certificate");
    assert_eq!(e.line, 60);
    assert_no_secret("error", &e.message);
}

/// `name ADDRESS NAME` gives a host a name that `logging host` may use
/// (Cisco ASA Series Command Reference, "name", "logging host").
#[test]
fn log_hosts_named_by_name_commands_resolve() {
    let text = "ASA Version 9.8(4)\n!\nhostname fw-02\nnames\nname 192.0.2.50 syslog-srv description central syslog\n\
        crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac\n\
        crypto map outside_map 10 set peer 198.51.100.3\n\
        crypto map outside_map 10 set ikev1 transform-set TS\n\
        crypto map outside_map interface outside\n\
        logging host inside syslog-srv\nlogging host inside 192.0.2.51\n";
    let f = read_asa(text).unwrap();
    assert_eq!(f.log_hosts, ["192.0.2.50", "192.0.2.51"]);
}
