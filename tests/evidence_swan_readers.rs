//! What each reader makes of the fixtures under tests/fixtures/, the
//! secrets guarantee, includes, and detection.

#[path = "readers_common/mod.rs"]
mod common;

use common::{DirIncludes, MapIncludes, PLANTED, detect, fixture, fixtures, read, unknown_tokens};
use vpnaudit::crypto::{Catalogue, CryptoProfile};
use vpnaudit::evidence::{
    AuthMethod, ConfigFacts, Dialect, IkeMode, NoIncludes, ReadError, Tunnel,
};
use vpnaudit::evidence::{openvpn, strongswan, wireguard};

fn inc(dir: &str) -> DirIncludes {
    DirIncludes {
        base: fixtures().join(dir),
        missing_ok: false,
    }
}

fn ok(d: Dialect, rel: &str) -> ConfigFacts {
    let dir = rel.split('/').next().unwrap();
    let facts = read(d, &fixture(rel), &mut inc(dir)).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    assert!(
        unknown_tokens(&facts).is_empty(),
        "{rel}: {:?}",
        unknown_tokens(&facts)
    );
    facts
}

fn err(d: Dialect, rel: &str) -> ReadError {
    let dir = rel.split('/').next().unwrap();
    match read(d, &fixture(rel), &mut inc(dir)) {
        Ok(f) => panic!("{rel} should not parse: {f:?}"),
        Err(e) => e,
    }
}

fn tunnel<'a>(f: &'a ConfigFacts, name: &str) -> &'a Tunnel {
    f.tunnels
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tunnel {name} in {:?}", names(f)))
}

fn names(f: &ConfigFacts) -> Vec<&str> {
    f.tunnels.iter().map(|t| t.name.as_str()).collect()
}

fn profile(t: &Tunnel) -> CryptoProfile {
    CryptoProfile::from_proposals(
        Catalogue::builtin(),
        t.ike.iter().chain(&t.esp).chain(&t.tls),
    )
    .expect("crypto declared")
}

use AuthMethod::{Certificate, Mfa, Password, Psk, PublicKey};

// ---------------------------------------------------------------- swanctl

#[test]
fn swanctl_multi_site() {
    let f = ok(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/hq-multi-site.swanctl.conf",
    );
    assert_eq!(
        names(&f),
        ["fra-dc", "legacy-branch", "road-warriors", "ah-monitor"]
    );
    assert!(f.log_hosts.is_empty());

    let t = tunnel(&f, "fra-dc");
    assert_eq!(t.line, 21);
    assert_eq!(t.peer.as_deref(), Some("198.51.100.20"));
    // Inherited from the referenced template.
    assert_eq!(t.ike_version, Some(2));
    assert_eq!(t.ike_mode, None);
    // strongSwan derives PRF-HMAC-SHA2-384 from sha384 (integ_prf_map in
    // src/libstrongswan/crypto/proposal/proposal.c): reported as a PRF.
    assert_eq!(
        t.ike,
        [
            "aes256gcm16-prfsha384-ecp384",
            "aes256-sha384-ecp384-prfsha384"
        ]
    );
    assert_eq!(t.esp, ["aes256gcm16-ecp384", "aes256gcm16-modp3072"]);
    assert!(t.defaults.is_empty() && t.unresolved.is_empty());
    assert_eq!(t.pfs, Some(true));
    assert_eq!(t.auth, [Certificate]);

    let t = tunnel(&f, "legacy-branch");
    assert_eq!(t.line, 43);
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    // The PRF strongSwan derives from sha1 is PRF-HMAC-SHA1, deprecated too;
    // 3DES and MODP-1024 are disallowed (NIST SP 800-131A Rev. 2).
    assert_eq!(t.ike, ["3des-sha1-modp1024-prfsha1"]);
    assert_eq!(t.esp, ["aes128-sha1"]);
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.auth, [Psk]);
    assert_eq!(profile(t).deprecated, ["PRF-SHA-1", "SHA-1"]);
    assert_eq!(profile(t).forbidden, ["3DES", "MODP-1024"]);

    let t = tunnel(&f, "road-warriors");
    assert_eq!(t.peer, None);
    assert_eq!(t.ike_version, None);
    assert_eq!(t.ike, strongswan::DEFAULT_IKE_PROPOSALS);
    assert_eq!(t.esp, strongswan::DEFAULT_ESP_PROPOSALS_SWANCTL);
    assert_eq!(t.pfs, Some(false), "default proposals carry no DH group");
    // Left to defaults that changed in 5.6.1: recorded with provenance, and
    // unknown since the file does not tell the release.
    assert_eq!(t.defaults.len(), 2, "{:?}", t.defaults);
    assert!(t.defaults[0].starts_with("IKE: `proposals` not written"));
    assert!(t.defaults[1].starts_with("ESP: "));
    assert_eq!(t.unresolved.len(), 2);
    // `proposals = default` is written; the child writes no ESP proposal.
    assert_eq!((t.lines.ike, t.lines.esp, t.lines.auth), (68, 0, 74));
    // Certificate round plus EAP password round on the remote side.
    assert_eq!(t.auth, [Certificate, Password, Mfa]);

    let t = tunnel(&f, "ah-monitor");
    assert_eq!(t.esp, ["sha256-modp2048", "sha384-modp2048"]);
    assert_eq!(t.pfs, Some(true));
}

#[test]
fn swanctl_national_standard() {
    let f = ok(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/gm-national.swanctl.conf",
    );
    let t = tunnel(&f, "sh-bj");
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.ike_mode, Some(IkeMode::Main));
    assert_eq!(t.ike, ["sm4cbc-sm3-prfsm3-sm2"]);
    assert_eq!(t.esp, ["sm4cbc-sm3-sm2"]);
    assert_eq!(t.pfs, Some(true));
    assert!(profile(t).national_standard);
    let t = tunnel(&f, "sh-gz");
    assert_eq!(t.esp, ["sm4gcm128-modp2048"]);
    assert_eq!(t.auth, [Psk]);
    let p = profile(t);
    assert!(p.encryption.contains(&"SM4-GCM".to_string()));
    assert!(!p.national_standard); // MODP-2048 is not SM
}

#[test]
fn swanctl_includes() {
    let f = ok(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/with-includes.swanctl.conf",
    );
    assert_eq!(names(&f), ["hk-office", "sg-office"]);
    // Defined in included files: the line of the include statement.
    assert!(f.tunnels.iter().all(|t| t.line == 3));
    let t = tunnel(&f, "sg-office");
    assert_eq!(t.peer.as_deref(), Some("203.0.113.200"));
    assert_eq!(t.ike, strongswan::DEFAULT_IKE_PROPOSALS);
    assert_eq!(t.pfs, Some(false), "default proposals carry no DH group");
    assert_eq!(tunnel(&f, "hk-office").pfs, Some(true));
}

#[test]
fn swanctl_errors() {
    let e = err(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/broken-unterminated-secret.swanctl.conf",
    );
    assert_eq!(e.line, 8);
    assert!(e.message.contains("unterminated"), "{e:?}");
    let e = err(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/broken-stray-secret.swanctl.conf",
    );
    assert_eq!(e.line, 9);
}

#[test]
fn swanctl_include_loop_depth_and_nested_errors() {
    let me = ("a.conf".to_string(), "include a.conf\n".to_string());
    let mut m = MapIncludes(vec![("a.conf".into(), vec![me])]);
    let e = strongswan::read_swanctl("include a.conf\n", &mut m).unwrap_err();
    assert!(e.message.contains("include loop"), "{e:?}");

    // A chain of 10 files: the 9th level is refused.
    let mut chain = Vec::new();
    for i in 0..10 {
        chain.push((
            format!("f{i}.conf"),
            vec![(format!("f{i}.conf"), format!("include f{}.conf\n", i + 1))],
        ));
    }
    let e = strongswan::read_swanctl("include f0.conf\n", &mut MapIncludes(chain)).unwrap_err();
    assert!(e.message.contains("deeper than 8"), "{e:?}");

    // An error inside an included file: at the include line, naming it.
    let bad = ("conf.d/x.conf".to_string(), "a {\n b = c\n".to_string());
    let mut m = MapIncludes(vec![("conf.d/*.conf".into(), vec![bad])]);
    let e = strongswan::read_swanctl("# c\nconnections {\n include conf.d/*.conf\n}\n", &mut m)
        .unwrap_err();
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("conf.d/x.conf") && e.message.contains("line 1"),
        "{e:?}"
    );

    // Without a resolver an include is an error, not silently skipped.
    let e = strongswan::read_swanctl("include x.conf\n", &mut NoIncludes).unwrap_err();
    assert!(e.message.contains("cannot include"), "{e:?}");
}

#[test]
fn swanctl_syntax_details() {
    // Values run to '}' and '#'; `name : ref` at the connection level;
    // `auth` defaulting to pubkey; version 0 is "any".
    let text = "base { proposals = aes256-sha256-modp2048 }\n\
                connections { c : base { version = 0\n local { } remote { auth = psk }\n children { x { esp_proposals = aes128gcm16 } } } }\n";
    let f = strongswan::read_swanctl(text, &mut NoIncludes).unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.ike, ["aes256-sha256-modp2048-prfsha256"]);
    // The deciding line is the referenced section's.
    assert_eq!(t.lines.ike, 1);
    assert_eq!(t.lines.esp, 4);
    assert_eq!(t.lines.auth, 3);
    assert_eq!(t.ike_version, None);
    assert_eq!(t.auth, [Certificate, Psk]);
    assert_eq!(t.pfs, Some(false));
    // A reference to a missing section is ignored, as strongSwan does.
    let f = strongswan::read_swanctl("connections { c : no.such { } }", &mut NoIncludes).unwrap();
    assert_eq!(f.tunnels.len(), 1);
    // Reference loops terminate.
    let f = strongswan::read_swanctl(
        "a : b { x = 1 }\nb : a { y = 2 }\nconnections { c : a { } }\n",
        &mut NoIncludes,
    )
    .unwrap();
    assert_eq!(f.tunnels.len(), 1);
}

// ---------------------------------------------------------------- ipsec.conf

#[test]
fn ipsec_gateway() {
    let f = ok(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/gateway.ipsec.conf",
    );
    // strict-suite (no auto=) and lan-bypass (passthrough) are not tunnels.
    assert_eq!(
        names(&f),
        [
            "fra-dc",
            "legacy-partner",
            "rw-xauth",
            "monitor-ah",
            "hk-office"
        ]
    );

    let t = tunnel(&f, "fra-dc");
    assert_eq!(t.line, 21);
    assert_eq!(t.peer.as_deref(), Some("198.51.100.20"));
    assert_eq!(t.ike_version, Some(2));
    // Strict proposals from the also= template: nothing added.
    assert_eq!(t.ike, ["aes256gcm16-prfsha384-ecp384"]);
    assert_eq!(t.esp, ["aes256gcm16-ecp384"]);
    assert_eq!(t.pfs, Some(true));
    assert_eq!(t.auth, [Certificate]);

    let t = tunnel(&f, "legacy-partner");
    assert_eq!(t.ike_version, Some(1));
    assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(t.auth, [Psk]);
    assert_eq!(t.pfs, Some(false));
    // Not strict: the daemon adds its default proposals.
    assert_eq!(t.ike[0], "3des-sha1-modp1024-prfsha1");
    assert_eq!(&t.ike[1..], strongswan::DEFAULT_IKE_PROPOSALS);
    // Those defaults depend on the release, which the file does not tell:
    // both sides are unknown, with their provenance recorded.
    assert_eq!(t.defaults.len(), 2, "{:?}", t.defaults);
    assert!(t.defaults[0].starts_with("IKE: ike= has no trailing '!'"));
    assert_eq!(t.unresolved.len(), 2, "{:?}", t.unresolved);
    assert!(t.unresolved[0].contains("5.6.1"));
    assert_eq!(t.esp[0], "3des-md5");
    assert!(profile(t).forbidden.contains(&"MD5".to_string()));

    let t = tunnel(&f, "rw-xauth");
    assert_eq!(t.peer.as_deref(), Some("C=CN, O=Acme, OU=Users, CN=*"));
    assert_eq!(t.ike_mode, Some(IkeMode::Main));
    assert_eq!(t.auth, [Certificate, Password, Mfa]);
    // Nothing written: implicit default plus the daemon's defaults.
    assert_eq!(
        t.ike[0],
        format!("{}-prfsha256", strongswan::IPSEC_CONF_DEFAULT_IKE)
    );
    assert_eq!(t.esp[0], strongswan::IPSEC_CONF_DEFAULT_ESP);
    assert_eq!((t.lines.ike, t.lines.esp), (0, 0));
    assert!(t.defaults[0].starts_with("IKE: ike= not written"));
    assert_eq!(t.pfs, Some(false), "default proposals carry no DH group");

    let t = tunnel(&f, "monitor-ah");
    assert_eq!(t.esp, ["sha256-modp2048"]);
    assert_eq!(t.pfs, Some(true));

    let t = tunnel(&f, "hk-office");
    assert_eq!(t.line, 57); // the include line
    assert_eq!(t.ike_version, Some(2)); // from %default
    assert_eq!(t.peer.as_deref(), Some("hk-gw.acme.example"));
}

#[test]
fn ipsec_national_standard_and_swapped_sides() {
    let f = ok(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/gm-national.ipsec.conf",
    );
    let t = tunnel(&f, "sh-bj");
    assert_eq!(t.ike, ["sm4-sm3-sm2"]);
    assert_eq!(t.ike_mode, Some(IkeMode::Main));
    assert!(profile(t).national_standard);
    assert_eq!(t.pfs, Some(true));

    let f = ok(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/swapped-sides.ipsec.conf",
    );
    let t = tunnel(&f, "peer-left");
    // "right" holds this host's certificate, so "left" is the peer.
    assert_eq!(t.peer.as_deref(), Some("198.51.100.9"));
    assert_eq!(t.auth, [Certificate, Password, Mfa]);
}

#[test]
fn ipsec_errors() {
    let e = err(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/broken-pasted-secrets.ipsec.conf",
    );
    assert_eq!(e.line, 8);
    let e = err(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/broken-also-loop.ipsec.conf",
    );
    assert!(e.message.contains("loop"), "{e:?}");
    let e = strongswan::read_ipsec_conf("conn a\n\talso=zz\n\tauto=add\n", &mut NoIncludes)
        .unwrap_err();
    assert!(e.message.contains("names no conn"), "{e:?}");
    let e =
        strongswan::read_ipsec_conf("conn a\n\tright=1\n\tright=2\n", &mut NoIncludes).unwrap_err();
    assert_eq!(e.line, 3);
    let e = strongswan::read_ipsec_conf("\tright=1\n", &mut NoIncludes).unwrap_err();
    assert_eq!(e.line, 1);
    let e =
        strongswan::read_ipsec_conf("include /etc/ipsec.d/*.conf\n", &mut NoIncludes).unwrap_err();
    assert!(e.message.contains("cannot include"), "{e:?}");
}

// ---------------------------------------------------------------- WireGuard

#[test]
fn wireguard_hub() {
    let f = ok(Dialect::Wireguard, "wireguard/hub.wg0.conf");
    assert_eq!(
        names(&f),
        [
            "branch-nanjing",
            "Laptop of the on-call engineer",
            "[2001:db8::62]:51821",
            "peer 4"
        ]
    );
    let lines: Vec<u32> = f.tunnels.iter().map(|t| t.line).collect();
    assert_eq!(lines, [12, 21, 25, 30]);
    // The [Peer] line decides every side; nothing is a default.
    for t in &f.tunnels {
        assert_eq!(
            (t.lines.ike, t.lines.esp, t.lines.pfs, t.lines.auth),
            (t.line, t.line, t.line, t.line)
        );
        assert!(t.defaults.is_empty() && t.unresolved.is_empty());
    }
    let t = &f.tunnels[0];
    assert_eq!(t.peer.as_deref(), Some("198.51.100.61"));
    assert_eq!(t.auth, [PublicKey, Psk]);
    assert_eq!(t.esp, [wireguard::WIREGUARD_SUITE]);
    assert_eq!(t.pfs, Some(true));
    assert_eq!(t.ike_version, None);
    assert!(t.ike.is_empty() && t.tls.is_empty());
    assert_eq!(f.tunnels[1].auth, [PublicKey]);
    assert_eq!(f.tunnels[2].peer.as_deref(), Some("2001:db8::62"));
    assert_eq!(f.tunnels[3].peer, None);
    // The suite is the catalogue's WireGuard profile.
    assert_eq!(
        profile(t),
        vpnaudit::crypto::wireguard(Catalogue::builtin())
    );
}

#[test]
fn wireguard_lower_case_keys() {
    let f = ok(Dialect::Wireguard, "wireguard/laptop.conf");
    let t = &f.tunnels[0];
    assert_eq!(t.name, "hz-hub.acme.example:51820");
    assert_eq!(t.peer.as_deref(), Some("hz-hub.acme.example"));
    assert_eq!(t.auth, [PublicKey, Psk]);
}

#[test]
fn wireguard_errors() {
    let e = err(
        Dialect::Wireguard,
        "wireguard/broken-planted-private-key.conf",
    );
    assert_eq!((e.line, e.message.contains("PrivateKey")), (2, true));
    let e = err(Dialect::Wireguard, "wireguard/broken-planted-psk.conf");
    assert_eq!(e.line, 6);
    let e = err(Dialect::Wireguard, "wireguard/broken-amnezia-keys.conf");
    assert_eq!(e.message, "unknown attribute \"Jc\" in [Interface]");
    let e = err(
        Dialect::Wireguard,
        "wireguard/broken-key-without-equals.conf",
    );
    assert!(e.message.contains("syntax error"), "{e:?}");
    // Attribute names that are not plain are not echoed.
    let e = wireguard::read("[Interface]\nSECRET$xy = 1\n", &mut NoIncludes).unwrap_err();
    assert!(e.message.contains("not shown"), "{e:?}");
}

// ---------------------------------------------------------------- OpenVPN

#[test]
fn openvpn_client_inline() {
    let f = ok(Dialect::Openvpn, "openvpn/client-inline.ovpn");
    let t = &f.tunnels[0];
    assert_eq!(t.name, "vpn1.acme.example");
    assert_eq!(t.peer.as_deref(), Some("vpn1.acme.example"));
    assert_eq!(t.line, 5);
    assert_eq!(
        t.tls,
        [
            "AES-256-GCM",
            "CHACHA20-POLY1305",
            "AES-256-CBC",
            "SHA256",
            "TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384",
            "TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
        ]
    );
    assert_eq!(t.auth, [Certificate, Password, Mfa]);
    assert_eq!(t.pfs, None);
    assert!(t.ike.is_empty() && t.esp.is_empty());
    assert!(f.log_hosts.is_empty());
}

#[test]
fn openvpn_server_defaults() {
    let f = ok(Dialect::Openvpn, "openvpn/server-25.conf");
    let t = &f.tunnels[0];
    assert_eq!(t.name, "openvpn");
    assert_eq!(t.peer, None);
    // 2.5-only directives and no cipher: the 2.5+ data-ciphers default.
    assert_eq!(t.tls, openvpn::DEFAULT_DATA_CIPHERS_25);
    // verify-client-cert none: users log in with passwords only.
    assert_eq!(t.auth, [Password]);
    assert!(f.log_hosts.is_empty());
}

#[test]
fn openvpn_static_key_and_null() {
    let f = ok(Dialect::Openvpn, "openvpn/static-site.conf");
    let t = &f.tunnels[0];
    assert_eq!(t.tls, ["BF-CBC", "SHA1"]);
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.auth, [Psk]);
    assert_eq!(profile(t).deprecated, ["SHA-1"]);
    assert_eq!(profile(t).forbidden, ["BLOWFISH"]);
    // Written cipher, default digest; the inline key block is static-key
    // mode, warned about at its line (never quoted).
    assert_eq!(t.defaults.len(), 1, "{:?}", t.defaults);
    assert!(t.defaults[0].starts_with("auth: "));
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    assert!(f.warnings[0].message.contains("static-key mode"));
    assert_eq!(t.lines.pfs, f.warnings[0].line);
    assert!(t.lines.esp > 0);

    let f = read(
        Dialect::Openvpn,
        &fixture("openvpn/null-cipher.conf"),
        &mut NoIncludes,
    )
    .unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.tls, ["NULL", "none"]);
    let p = profile(t);
    assert_eq!(p.forbidden, ["NULL"]);
    assert_eq!(p.unknown, ["none"]); // no integrity: reported, not passed
    let warned: Vec<&str> = f.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warned.iter().any(|m| m.starts_with("cipher none")),
        "{warned:?}"
    );
    assert!(
        warned.iter().any(|m| m.starts_with("auth none")),
        "{warned:?}"
    );
}

#[test]
fn openvpn_national_standard() {
    let f = ok(Dialect::Openvpn, "openvpn/gm-tongsuo.ovpn");
    let t = &f.tunnels[0];
    assert_eq!(t.peer.as_deref(), Some("gm-vpn.acme.example"));
    assert_eq!(
        t.tls,
        [
            "SM4-CBC",
            "SM3",
            "ECC-SM2-WITH-SM4-SM3",
            "ECDHE-SM2-WITH-SM4-SM3"
        ]
    );
    assert!(profile(t).national_standard);
    assert_eq!(t.auth, [Certificate, Password, Mfa]);
}

#[test]
fn openvpn_errors_and_includes() {
    let e = err(Dialect::Openvpn, "openvpn/broken-unclosed-key.ovpn");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("<key>"), "{e:?}");
    let e = err(Dialect::Openvpn, "openvpn/broken-unterminated-quote.ovpn");
    assert_eq!(e.line, 4);
    let e = openvpn::read("dev tun\nremote\n", &mut NoIncludes).unwrap_err();
    assert_eq!(e.line, 2);
    let e = openvpn::read("</ca>\n", &mut NoIncludes).unwrap_err();
    assert!(e.message.contains("without"), "{e:?}");

    let mut m = MapIncludes(vec![(
        "common.conf".into(),
        vec![("common.conf".into(), "cipher AES-128-GCM\n".into())],
    )]);
    let f = openvpn::read("dev tun\nconfig common.conf\n", &mut m).unwrap();
    assert_eq!(f.tunnels[0].tls, ["AES-128-GCM"]);
    let mut m = MapIncludes(vec![(
        "self.conf".into(),
        vec![("self.conf".into(), "config self.conf\n".into())],
    )]);
    let e = openvpn::read("config self.conf\n", &mut m).unwrap_err();
    assert!(e.message.contains("include loop"), "{e:?}");
}

// ---------------------------------------------------------------- all

fn all_fixtures() -> Vec<(Dialect, String)> {
    let mut out = Vec::new();
    for (d, dir) in [
        (Dialect::StrongswanSwanctl, "strongswan-swanctl"),
        (Dialect::StrongswanIpsec, "strongswan-ipsec"),
        (Dialect::Wireguard, "wireguard"),
        (Dialect::Openvpn, "openvpn"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(fixtures().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            // Included pieces are read through their main file.
            if name.ends_with(".inc") {
                continue;
            }
            out.push((d, format!("{dir}/{name}")));
        }
    }
    out
}

/// No planted secret appears in any facts or any error, for every fixture
/// (and the fixtures do plant them).
#[test]
fn secrets_never_leave() {
    let mut planted_files = 0;
    for (d, rel) in all_fixtures() {
        let text = fixture(&rel);
        if PLANTED.iter().any(|p| text.contains(p)) {
            planted_files += 1;
        }
        let dir = rel.split('/').next().unwrap();
        let out = match read(d, &text, &mut inc(dir)) {
            Ok(f) => format!("{f:?}"),
            Err(e) => format!("{e:?} {}", e.message),
        };
        for p in PLANTED {
            assert!(!out.contains(p), "{rel}: planted secret leaked: {out}");
        }
        // Through every other reader too (mis-detection must not leak).
        for other in common::OURS {
            let out = match read(other, &text, &mut inc(dir)) {
                Ok(f) => format!("{f:?}"),
                Err(e) => format!("{e:?}"),
            };
            for p in PLANTED {
                assert!(
                    !out.contains(p),
                    "{rel} via {other}: planted secret leaked: {out}"
                );
            }
        }
    }
    assert!(
        planted_files >= 14,
        "only {planted_files} fixtures plant secrets"
    );
}

/// Each fixture is claimed by its own dialect's detector and no other.
#[test]
fn detection_on_fixtures() {
    for (d, rel) in all_fixtures() {
        let text = fixture(&rel);
        let got = detect(&text);
        let want: Vec<bool> = common::OURS.iter().map(|o| *o == d).collect();
        assert_eq!(got.to_vec(), want, "{rel}");
    }
}

/// CHILD_SA proposals as strongSwan builds them (proposal.c,
/// `proposal_create_from_string`): integrity beside an AEAD cipher and PRFs
/// are dropped from ESP, encryption from AH.
#[test]
fn child_proposals_follow_strongswans_role_rules() {
    let text = "connections {\n  a {\n    remote_addrs = 198.51.100.1\n    version = 2\n    \
        proposals = aes256-sha256-ecp256\n    local { auth = pubkey }\n    remote { auth = pubkey }\n    \
        children {\n      c {\n        esp_proposals = aes256gcm16-md5-prfsha256-ecp256\n        \
        ah_proposals = aes128-sha256-ecp256\n      }\n    }\n  }\n}\n";
    let f = vpnaudit::evidence::read(Dialect::StrongswanSwanctl, text, &mut NoIncludes).unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.esp, ["aes256gcm16-ecp256", "sha256-ecp256"]);
    let cat = Catalogue::builtin();
    let names: Vec<&str> = cat.normalise(&t.esp[0]).names().collect();
    assert!(!names.contains(&"MD5"), "{names:?}");
    assert!(
        !cat.normalise(&t.esp[1])
            .names()
            .any(|n| n.starts_with("AES")),
        "AH encrypts nothing"
    );
}

/// `left=%any` is the local side taking any of the host's addresses: the
/// peer is `right`.
#[test]
fn left_any_is_the_local_side() {
    let text = "conn a\n    left=%any\n    right=198.51.100.1\n    keyexchange=ikev2\n    authby=pubkey\n    \
        ike=aes256-sha256-modp2048!\n    esp=aes256gcm16-modp2048!\n    auto=start\n";
    let f = vpnaudit::evidence::read(Dialect::StrongswanIpsec, text, &mut NoIncludes).unwrap();
    assert_eq!(f.tunnels[0].peer.as_deref(), Some("198.51.100.1"));
}

// ------------------------------------------------- proposals as strongSwan

/// Which slot a proposal under test goes to.
#[derive(Clone, Copy, Debug)]
enum P {
    Ike,
    Esp,
    Ah,
}

/// Reads one proposal through swanctl.conf: Ok(the proposal as recorded),
/// Err(the read error's message).
fn swan(slot: P, proposal: &str) -> Result<String, String> {
    let (ike, child) = match slot {
        P::Ike => (
            proposal.to_string(),
            "esp_proposals = aes128gcm16".to_string(),
        ),
        P::Esp => (
            "aes128-sha256-modp3072".to_string(),
            format!("esp_proposals = {proposal}"),
        ),
        P::Ah => (
            "aes128-sha256-modp3072".to_string(),
            format!("ah_proposals = {proposal}"),
        ),
    };
    let text = format!(
        "connections {{\n c {{\n  proposals = {ike}\n  children {{\n   x {{\n    {child}\n   }}\n  }}\n }}\n}}\n"
    );
    match strongswan::read_swanctl(&text, &mut NoIncludes) {
        Ok(f) => {
            let t = &f.tunnels[0];
            let list = match slot {
                P::Ike => &t.ike,
                P::Esp | P::Ah => &t.esp,
            };
            assert_eq!(list.len(), 1, "{proposal}: {list:?}");
            Ok(list[0].clone())
        }
        Err(e) => {
            // Located at the setting's line, never at line 1 by accident.
            let want = if matches!(slot, P::Ike) { 3 } else { 6 };
            assert_eq!(e.line, want, "{proposal}: {e:?}");
            assert!(e.message.contains("refused by strongSwan"), "{e:?}");
            Err(e.message)
        }
    }
}

/// Our own proposal strings, written from the keyword table
/// (src/libstrongswan/crypto/proposal/proposal_keywords_static.txt), the
/// tokeniser and `check_proposal` in
/// src/libstrongswan/crypto/proposal/proposal.c, and
/// `additional_key_exchange_parser` in src/libstrongswan/crypto/key_exchange.c.
/// `Ok` is what the tunnel records; `Err` a part of the refusal.
const OWN: &[(P, &str, Result<&str, &str>)] = &[
    // Tokens: lower-case keywords joined by '-' only.
    (P::Ike, "AES256-SHA256-MODP2048", Err("lower case")),
    (P::Ike, "aes256-SHA256-modp2048", Err("lower case")),
    (P::Esp, "AES256GCM16", Err("lower case")),
    (P::Ike, "aes256_sha256_modp2048", Err("separated by '-'")),
    (P::Ike, "aes_256-sha256-modp2048", Err("separated by '-'")),
    (P::Esp, "aes256 sha256", Err("separated by '-'")),
    (P::Ike, "aes-256-sha256-modp2048", Err("key size")),
    (P::Esp, "aes256-gcm16", Err("two parts")),
    (P::Ike, "aes256-sha256-modp2048!", Err("ipsec.conf syntax")),
    (P::Esp, "aes256gcm16!", Err("ipsec.conf syntax")),
    // Keywords that legitimately hold '_'.
    (P::Esp, "aes256-sha2_256", Ok("aes256-sha2_256")),
    (P::Esp, "aes256-sha256_96", Ok("aes256-sha256_96")),
    (P::Esp, "aes256-sha2_256_96", Ok("aes256-sha2_256_96")),
    (P::Esp, "aes256-md5_128", Ok("aes256-md5_128")),
    (
        P::Ike,
        "aes256-sha1_160-modp2048",
        Ok("aes256-sha1_160-modp2048-prfsha1"),
    ),
    (
        P::Ike,
        "aes256-sha256-x25519-ke1_mlkem768",
        Ok("aes256-sha256-x25519-ke1_mlkem768-prfsha256"),
    ),
    (
        P::Ike,
        "aes256-sha256-x25519-KE1_mlkem768",
        Ok("aes256-sha256-x25519-KE1_mlkem768-prfsha256"),
    ),
    (
        P::Ike,
        "aes256-sha256-x25519-ke1_MLKEM768",
        Err("lower case"),
    ),
    (
        P::Ike,
        "aes256-sha256-x25519-ke1_mlkem768-ke1_none",
        Ok("aes256-sha256-x25519-ke1_mlkem768-ke1_none-prfsha256"),
    ),
    (
        P::Esp,
        "aes256gcm16-ecp256-ke2_mlkem1024",
        Ok("aes256gcm16-ecp256-ke2_mlkem1024"),
    ),
    // IKE: the PRF is derived from integrity (integ_prf_map).
    (
        P::Ike,
        "aes128-sha256-modp3072",
        Ok("aes128-sha256-modp3072-prfsha256"),
    ),
    (
        P::Ike,
        "aes128-sha384-ecp384",
        Ok("aes128-sha384-ecp384-prfsha384"),
    ),
    (
        P::Ike,
        "aes128-sha2_512-ecp521",
        Ok("aes128-sha2_512-ecp521-prfsha512"),
    ),
    (
        P::Ike,
        "aes128-sha-modp2048",
        Ok("aes128-sha-modp2048-prfsha1"),
    ),
    (P::Ike, "3des-md5-modp1024", Ok("3des-md5-modp1024-prfmd5")),
    (
        P::Ike,
        "aes128-aesxcbc-modp2048",
        Ok("aes128-aesxcbc-modp2048-prfaesxcbc"),
    ),
    (
        P::Ike,
        "camellia256-camelliaxcbc-modp3072",
        Ok("camellia256-camelliaxcbc-modp3072-prfcamelliaxcbc"),
    ),
    (
        P::Ike,
        "aes128-aescmac-modp2048",
        Ok("aes128-aescmac-modp2048-prfaescmac"),
    ),
    (
        P::Ike,
        "aes128-sha256-sha1-modp2048",
        Ok("aes128-sha256-sha1-modp2048-prfsha256-prfsha1"),
    ),
    (
        P::Ike,
        "aes128-sha256-prfsha512-modp2048",
        Ok("aes128-sha256-prfsha512-modp2048"),
    ),
    // sha256_96 is not in integ_prf_map: no PRF, refused in IKE.
    (
        P::Ike,
        "aes128-sha256_96-modp2048",
        Err("PRF algorithm is mandatory"),
    ),
    (
        P::Ike,
        "aes128-sha256_96-prfsha256-modp2048",
        Ok("aes128-sha256_96-prfsha256-modp2048"),
    ),
    // AEAD in IKE: integrity dropped, but it still gives the PRF.
    (
        P::Ike,
        "aes256gcm16-sha384-ecp384",
        Ok("aes256gcm16-ecp384-prfsha384"),
    ),
    (
        P::Ike,
        "chacha20poly1305-prfsha256-x25519",
        Ok("chacha20poly1305-prfsha256-x25519"),
    ),
    (
        P::Ike,
        "aes256gcm16-ecp384",
        Err("PRF algorithm is mandatory"),
    ),
    (
        P::Ike,
        "aes256gcm16-aes256-prfsha256-ecp384",
        Err("classic and combined-mode"),
    ),
    (
        P::Ike,
        "aes256-prfsha256-ecp384",
        Err("integrity algorithm is mandatory"),
    ),
    (P::Ike, "aes256-sha256", Err("DH group is mandatory")),
    (P::Ike, "aes256-sha256-none", Err("DH group is mandatory")),
    (
        P::Ike,
        "aes256-sha256-modp2048-none",
        Ok("aes256-sha256-modp2048-prfsha256"),
    ),
    (
        P::Ike,
        "sha256-modp2048",
        Err("encryption algorithm is mandatory"),
    ),
    // ESP: PRFs dropped, integrity dropped beside AEAD, `none` kept.
    (
        P::Esp,
        "aes256gcm16-sha256-prfsha256-ecp256",
        Ok("aes256gcm16-ecp256"),
    ),
    (P::Esp, "aes256-sha256-prfsha384", Ok("aes256-sha256")),
    (P::Esp, "aes256", Ok("aes256")),
    (
        P::Esp,
        "aes256-sha256-ecp256-none",
        Ok("aes256-sha256-ecp256-modpnone"),
    ),
    (
        P::Esp,
        "aes256-sha256-modpnone",
        Ok("aes256-sha256-modpnone"),
    ),
    (P::Esp, "aes128gmac-sha256", Ok("aes128gmac")),
    (
        P::Esp,
        "aes128gmac-aes128",
        Err("classic and combined-mode"),
    ),
    (
        P::Esp,
        "aes256gcm16-aes256-sha256",
        Err("classic and combined-mode"),
    ),
    (
        P::Esp,
        "sha256-modp2048",
        Err("encryption algorithm is mandatory"),
    ),
    (
        P::Esp,
        "serpent256-twofish256-sha512",
        Ok("serpent256-twofish256-sha512"),
    ),
    // AH: ciphers dropped (AES-GMAC becomes integrity), integrity required.
    (P::Ah, "aes256-sha256", Ok("sha256")),
    (P::Ah, "aes256gcm16-sha256-prfsha256", Ok("sha256")),
    (P::Ah, "aes256gmac-modp2048", Ok("aes256gmac-modp2048")),
    (
        P::Ah,
        "aes256-prfsha256",
        Err("integrity algorithm is mandatory in AH"),
    ),
    // Tokens no strongSwan release knows, but a plugin may register: kept
    // for the catalogue, never a refusal, the role checks skipped.
    (P::Ike, "sm4-sm3-sm2", Ok("sm4-sm3-sm2")),
    (
        P::Esp,
        "aes256-sha256-frobnicate",
        Ok("aes256-sha256-frobnicate"),
    ),
    // 5.x-only keywords are not refused.
    (
        P::Ike,
        "aes256-sha256-ntru128",
        Ok("aes256-sha256-ntru128-prfsha256"),
    ),
    (
        P::Ike,
        "aes256-sha256-newhope128",
        Ok("aes256-sha256-newhope128-prfsha256"),
    ),
    // Empty tokens and the spaces around tokens are skipped.
    (
        P::Ike,
        "aes256--sha256 - modp2048",
        Ok("aes256-sha256-modp2048-prfsha256"),
    ),
];

#[test]
fn proposals_read_as_strongswan_reads_them() {
    let (mut agree, mut disagree) = (0, Vec::new());
    for (slot, proposal, want) in OWN {
        let got = swan(*slot, proposal);
        let same = match (&got, want) {
            (Ok(g), Ok(w)) => g == w,
            (Err(g), Err(w)) => g.contains(w),
            _ => false,
        };
        if same {
            agree += 1;
        } else {
            disagree.push(format!("{slot:?} {proposal}: got {got:?}, want {want:?}"));
        }
    }
    eprintln!(
        "own proposal table: {agree} agree, {} disagree",
        disagree.len()
    );
    assert!(disagree.is_empty(), "{disagree:#?}");
    assert!(OWN.len() >= 40);
}

/// `create_data` of src/libstrongswan/tests/suites/test_proposal.c
/// (strongSwan 6.0 development branch): strongSwan's own expectations, NULL
/// meaning refused. Our expected records are its `%P` output translated to
/// keywords (e.g. `IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/MODP_3072` for
/// `aes128gcm16-sha256-modp3072` is `aes128gcm16-modp3072-prfsha256`). The
/// empty proposals of the table are left out: swanctl reads an empty
/// setting as no setting (the default).
const UPSTREAM: &[(P, &str, Option<&str>)] = &[
    (P::Ike, "sha256", None),
    (P::Ike, "sha256-modp3072", None),
    (
        P::Ike,
        "null-sha256-modp3072",
        Some("null-sha256-modp3072-prfsha256"),
    ),
    (P::Ike, "aes128", None),
    (P::Ike, "aes128-sha256", None),
    (P::Ike, "aes128-sha256-none", None),
    (P::Ike, "aes128-prfsha256", None),
    (P::Ike, "aes128-prfsha256-modp2048", None),
    (
        P::Ike,
        "aes128-sha256-modp3072",
        Some("aes128-sha256-modp3072-prfsha256"),
    ),
    (
        P::Ike,
        "aes128-sha256-prfsha384-modp3072",
        Some("aes128-sha256-prfsha384-modp3072"),
    ),
    (P::Ike, "aes128gcm16-modp3072", None),
    (
        P::Ike,
        "aes128gcm16-prfsha256-modp3072",
        Some("aes128gcm16-prfsha256-modp3072"),
    ),
    (
        P::Ike,
        "aes128gcm16-sha256-modp3072",
        Some("aes128gcm16-modp3072-prfsha256"),
    ),
    (P::Ike, "aes128gcm16-aes128-modp3072", None),
    (P::Ike, "aes128gcm16-aes128-sha256-modp3072", None),
    (P::Esp, "sha256", None),
    (P::Esp, "aes128-sha256", Some("aes128-sha256")),
    (P::Esp, "aes128-sha256-esn", Some("aes128-sha256-esn")),
    (P::Esp, "aes128-sha256-noesn", Some("aes128-sha256-noesn")),
    (
        P::Esp,
        "aes128-sha256-esn-noesn",
        Some("aes128-sha256-esn-noesn"),
    ),
    (
        P::Esp,
        "aes128-sha256-prfsha256-modp3072",
        Some("aes128-sha256-modp3072"),
    ),
    (P::Esp, "aes128gcm16-aes128-sha256-modp3072", None),
    (P::Esp, "aes128gmac", Some("aes128gmac")),
    (P::Ah, "aes128", None),
    (P::Ah, "aes128-sha256", Some("sha256")),
    (P::Ah, "sha256-sha1", Some("sha256-sha1")),
    (P::Ah, "aes128gmac-sha256", Some("aes128gmac-sha256")),
    (
        P::Ah,
        "aes128gmac-sha256-prfsha256",
        Some("aes128gmac-sha256"),
    ),
    (
        P::Ah,
        "aes128gmac-aes256gmac-aes128-sha256",
        Some("aes128gmac-aes256gmac-sha256"),
    ),
    (P::Ah, "sha256-esn", Some("sha256-esn")),
    (P::Ah, "sha256-noesn", Some("sha256-noesn")),
    (P::Ah, "sha256-esn-noesn", Some("sha256-esn-noesn")),
];

#[test]
fn proposals_agree_with_strongswans_own_tests() {
    let (mut agree, mut disagree) = (0, Vec::new());
    for (slot, proposal, want) in UPSTREAM {
        let got = swan(*slot, proposal);
        let same = match (&got, want) {
            (Ok(g), Some(w)) => g == w,
            (Err(_), None) => true,
            _ => false,
        };
        if same {
            agree += 1;
        } else {
            disagree.push(format!("{slot:?} {proposal}: got {got:?}, want {want:?}"));
        }
    }
    eprintln!(
        "test_proposal.c create_data: {agree} agree, {} disagree",
        disagree.len()
    );
    assert!(disagree.is_empty(), "{disagree:#?}");
}

/// ipsec.conf: one trailing `!` is the strict flag; a `!` anywhere else,
/// and the swanctl-only `default`, are refused at the parameter's line.
#[test]
fn ipsec_conf_strict_flag_and_refusals() {
    let conn = |ike: &str| {
        format!("conn a\n\tright=198.51.100.1\n\tike={ike}\n\tesp=aes256gcm16!\n\tauto=add\n")
    };
    let f = strongswan::read_ipsec_conf(&conn("aes256-sha256-modp2048!"), &mut NoIncludes).unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.ike, ["aes256-sha256-modp2048-prfsha256"]);
    assert!(t.defaults.is_empty() && t.unresolved.is_empty(), "{t:?}");
    assert_eq!((t.lines.ike, t.lines.esp, t.lines.pfs), (3, 4, 4));
    for bad in [
        "aes256-sha256!-modp2048",
        "aes256-sha256-modp2048!,aes128-sha1-modp2048!",
        "default",
        "AES256-sha256-modp2048!",
    ] {
        let e = strongswan::read_ipsec_conf(&conn(bad), &mut NoIncludes).unwrap_err();
        assert_eq!(e.line, 3, "{bad}: {e:?}");
        assert!(e.message.contains("refused by strongSwan"), "{bad}: {e:?}");
    }
    // A refused proposal in a conn that is never loaded is no error.
    let t = "conn a\n\tike=AES256\n\tauto=ignore\n";
    let f = strongswan::read_ipsec_conf(t, &mut NoIncludes).unwrap();
    assert!(f.tunnels.is_empty());
    assert_eq!(f.warnings.len(), 1);
    assert_eq!(f.warnings[0].line, 1);
    assert!(
        f.warnings[0].message.contains("not loaded"),
        "{:?}",
        f.warnings
    );
}

/// Templates pulled in with also= are not loaded on their own, as intended:
/// no warning for them; a conn nothing loads is one.
#[test]
fn ipsec_conf_unloaded_conns_warn() {
    let t = "conn base\n\tike=aes256-sha256-modp2048!\n\tesp=aes256gcm16!\n\
             conn a\n\talso=base\n\tright=198.51.100.1\n\tauto=start\n\
             conn forgotten\n\tright=198.51.100.2\n\tpsksecret=x\n";
    let f = strongswan::read_ipsec_conf(t, &mut NoIncludes).unwrap();
    assert_eq!(names(&f), ["a"]);
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.warnings[0].line, 8);
    assert!(f.warnings[0].message.contains("\"forgotten\""));
}

/// The IKE PRF strongSwan derives is judged like a written one: SHA-1
/// integrity implies PRF-HMAC-SHA1, deprecated.
#[test]
fn derived_prf_is_judged() {
    let f = strongswan::read_swanctl(
        "connections { c { proposals = aes256-sha1-modp3072\n children { x { esp_proposals = aes256gcm16 } } } }\n",
        &mut NoIncludes,
    )
    .unwrap();
    let p = profile(&f.tunnels[0]);
    assert_eq!(p.prf, ["PRF-SHA-1"]);
    assert!(p.deprecated.contains(&"PRF-SHA-1".to_string()));
}

/// Authentication rounds (swanctl.conf(5) `local<suffix>.auth`,
/// ipsec.conf(5) `leftauth`/`leftauth2`/`authby`): MFA only when one peer
/// must prove a private key and a password whose method is certain.
#[test]
fn authentication_rounds_and_mfa() {
    let swan = |rounds: &str| {
        let t = format!(
            "connections {{\n c {{\n  proposals = aes256gcm16-prfsha384-ecp384\n  local {{ auth = pubkey }}\n{rounds}\n  children {{ x {{ esp_proposals = aes256gcm16 }} }}\n }}\n}}\n"
        );
        strongswan::read_swanctl(&t, &mut NoIncludes)
            .unwrap()
            .tunnels[0]
            .auth
            .clone()
    };
    use AuthMethod::*;
    assert_eq!(
        swan("  remote-1 { auth = pubkey }\n  remote-2 { auth = eap-mschapv2 }"),
        [Certificate, Password, Mfa]
    );
    assert_eq!(
        swan("  remote-1 { auth = pubkey }\n  remote-2 { auth = xauth-pam }"),
        [Certificate, Password, Mfa]
    );
    // The RFC 7427 `ike:` prefix still names a public-key round.
    assert_eq!(
        swan("  remote-1 { auth = ike:rsa/pss-sha256 }\n  remote-2 { auth = eap-gtc }"),
        [Certificate, Password, Mfa]
    );
    // One factor per side: the gateway's key, the user's password.
    assert_eq!(
        swan("  remote { auth = eap-mschapv2 }"),
        [Certificate, Password]
    );
    // The inner method of eap-radius / eap-peap is the server's choice.
    assert_eq!(
        swan("  remote-1 { auth = pubkey }\n  remote-2 { auth = eap-radius }"),
        [Certificate, Password]
    );
    // A group PSK plus XAuth is one factor of the user.
    assert_eq!(
        swan("  remote-1 { auth = psk }\n  remote-2 { auth = xauth }"),
        [Certificate, Psk, Password]
    );
    // EAP-TLS proves a key.
    assert_eq!(swan("  remote { auth = eap-tls }"), [Certificate]);

    let ipsec = |auth: &str| {
        let t = format!(
            "conn c\n\tright=198.51.100.1\n{auth}\n\tike=aes256-sha256-modp3072!\n\tesp=aes256gcm16!\n\tauto=add\n"
        );
        let f = strongswan::read_ipsec_conf(&t, &mut NoIncludes).unwrap();
        (f.tunnels[0].auth.clone(), f.tunnels[0].lines.auth)
    };
    assert_eq!(
        ipsec("\tauthby=xauthrsasig"),
        (vec![Certificate, Password, Mfa], 3)
    );
    assert_eq!(ipsec("\tauthby=xauthpsk"), (vec![Psk, Password], 3));
    assert_eq!(
        ipsec("\trightauth=pubkey\n\trightauth2=eap-md5"),
        (vec![Certificate, Password, Mfa], 3)
    );
    assert_eq!(ipsec("\tauthby=secret"), (vec![Psk], 3));
    assert_eq!(ipsec("\tleftid=@gw"), (vec![Certificate], 0));
}

/// A refused IKE proposal: the read error names the connection and the
/// line of `proposals`, never the PSK of the `secrets` section.
#[test]
fn swanctl_refused_proposal_fixture() {
    let e = err(
        Dialect::StrongswanSwanctl,
        "strongswan-swanctl/broken-refused-proposals.swanctl.conf",
    );
    assert_eq!(e.line, 9, "{e:?}");
    assert!(e.message.contains("connection \"branch\""), "{e:?}");
    assert!(e.message.contains("lower case"), "{e:?}");
    assert!(!e.message.contains("PLANTED"), "{e:?}");
}

#[test]
fn ipsec_defaults_and_templates_fixture() {
    let f = ok(
        Dialect::StrongswanIpsec,
        "strongswan-ipsec/defaults-and-templates.ipsec.conf",
    );
    assert_eq!(names(&f), ["defaults-only", "strict"]);
    let t = tunnel(&f, "defaults-only");
    assert_eq!(t.ike[0], "aes128-sha256-modp3072-prfsha256");
    assert_eq!(t.esp[0], "aes128-sha256");
    assert_eq!((t.lines.ike, t.lines.esp, t.lines.auth), (0, 0, 12));
    assert_eq!(t.defaults.len(), 2, "{:?}", t.defaults);
    assert!(t.defaults[0].contains("5.4.0"), "{:?}", t.defaults);
    assert_eq!(t.unresolved.len(), 2, "{:?}", t.unresolved);
    let t = tunnel(&f, "strict");
    assert_eq!(t.ike, ["aes256-sha384-ecp384-prfsha384"]);
    assert_eq!(t.esp, ["aes256gcm16-ecp384"]);
    assert_eq!(t.pfs, Some(true));
    assert_eq!((t.lines.ike, t.lines.esp, t.lines.pfs), (24, 25, 25));
    assert!(t.defaults.is_empty() && t.unresolved.is_empty());
    // Only the conn nothing loads is warned about, at its line.
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.warnings[0].line, 29);
    assert!(f.warnings[0].message.contains("\"forgotten\""));
}

#[test]
fn openvpn_legacy_options_fixture() {
    let f = ok(Dialect::Openvpn, "openvpn/legacy-options.conf");
    let t = &f.tunnels[0];
    // No cipher: the 2.5+ default is recorded, the release is not told.
    assert_eq!(t.tls, openvpn::DEFAULT_DATA_CIPHERS_25);
    assert_eq!(t.defaults.len(), 1, "{:?}", t.defaults);
    assert_eq!(t.unresolved.len(), 1, "{:?}", t.unresolved);
    assert_eq!(t.lines.auth, 8);
    let lines: Vec<u32> = f.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [11, 12], "{:?}", f.warnings);
    assert!(f.warnings[0].message.starts_with("ncp-disable"));
}
