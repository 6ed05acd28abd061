//! FortiOS reader: fixtures (interface and policy mode, VDOMs), defaults,
//! list edits, structural errors, detection, secrets.

use vpnaudit::crypto::Catalogue;
use vpnaudit::evidence::fortios::{looks_like, read};
use vpnaudit::evidence::{AuthMethod, ConfigFacts, IkeMode, ReadError, Tunnel};

const PLANTED: &str = "PLANTED-SECRET-7f3a9";

fn fixture(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fortios")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn facts(rel: &str) -> ConfigFacts {
    let f = read(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    let s = format!("{f:?}");
    assert!(
        !s.contains(PLANTED) && !s.contains("ENC"),
        "secret leaked: {s}"
    );
    let cat = Catalogue::builtin();
    for t in &f.tunnels {
        for p in t.ike.iter().chain(&t.esp) {
            assert!(cat.normalise(p).unknown.is_empty(), "{p:?}");
        }
    }
    f
}

fn tunnel<'a>(f: &'a ConfigFacts, name: &str) -> &'a Tunnel {
    f.tunnels
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tunnel {name} in {f:#?}"))
}

#[test]
fn interface_mode_tunnels() {
    let f = facts("fgt-multi.conf");
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["to-fra", "to-hk-legacy", "dialup"]);

    let fra = tunnel(&f, "to-fra");
    assert_eq!(fra.line, 24);
    assert_eq!(fra.peer.as_deref(), Some("198.51.100.80"));
    assert_eq!(fra.ike_version, Some(2));
    assert_eq!(fra.ike_mode, None);
    assert_eq!(
        fra.ike,
        [
            "aes256gcm-prfsha384 dhgrp 20 21",
            "chacha20poly1305-prfsha256 dhgrp 20 21"
        ]
    );
    assert_eq!(fra.esp, ["aes256gcm dhgrp 20"]);
    assert_eq!(fra.pfs, Some(true), "pfs enable is the default");
    assert_eq!(fra.auth, [AuthMethod::Psk], "authmethod psk is the default");

    let hk = tunnel(&f, "to-hk-legacy");
    assert_eq!(hk.ike_version, Some(1), "ike-version 1 is the default");
    assert_eq!(hk.ike_mode, Some(IkeMode::Aggressive));
    assert_eq!(hk.ike, ["3des-sha1 dhgrp 5 2", "aes128-sha1 dhgrp 5 2"]);
    assert_eq!(hk.esp, ["3des-sha1", "aes128-md5"], "no PFS: no groups");
    assert_eq!(hk.pfs, Some(false));

    let dial = tunnel(&f, "dialup");
    assert_eq!(dial.peer, None);
    assert_eq!(dial.auth, [AuthMethod::Certificate]);
    assert_eq!(
        dial.esp,
        ["aes256-sha256"],
        "PFS on, default groups unknown"
    );
    assert_eq!(dial.pfs, Some(true));

    // syslogd2 is disabled; FortiAnalyzer counts; the e-mail server does not.
    assert_eq!(f.log_hosts, ["192.0.2.10", "10.9.9.9"]);
}

#[test]
fn vdoms_keep_phase2_with_their_phase1() {
    let f = facts("fgt-vdom.conf");
    assert_eq!(f.tunnels.len(), 2);
    let (root, dmz) = (&f.tunnels[0], &f.tunnels[1]);
    assert_eq!(root.name, "policy-vpn");
    assert_eq!(root.peer.as_deref(), Some("203.0.113.200"));
    assert_eq!(root.ike, ["aes128-sha256", "aes256-sha256"]);
    assert_eq!(root.esp, ["aes128-sha256 dhgrp 14"]);
    assert_eq!(root.ike_mode, Some(IkeMode::Main));
    assert_eq!(dmz.name, "policy-vpn");
    assert_eq!(dmz.peer.as_deref(), Some("203.0.113.201"));
    assert_eq!(dmz.esp, ["aes128gcm dhgrp 19"]);
    assert_eq!(f.log_hosts, ["syslog.example.com"]);
}

#[test]
fn list_commands_delete_and_defaults() {
    let text = r#"
config vpn ipsec phase1-interface
    edit "a"
        set proposal aes128-sha256 aes256-sha256 des-md5
        append proposal aes256gcm-prfsha384
        unselect proposal des-md5
        set dhgrp 14
        append dhgrp 19
        set remote-gw 192.0.2.1
        set authmethod signature
        set authmethod-remote psk
    next
    edit "gone"
        set remote-gw 192.0.2.2
    next
    edit "zero"
        set remote-gw 0.0.0.0
        set remotegw-ddns peer.example.net
        unset proposal
    next
    delete "gone"
end
config vpn ipsec phase2-interface
    edit "p2"
        set phase1name "a"
        set proposal aes128-sha1
        set pfs disable
        set dhgrp 5
    next
    edit "p2b"
        set phase1name "a"
        set proposal aes256-sha256
    next
end
"#;
    let f = read(text).unwrap();
    let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "zero"]);
    let a = &f.tunnels[0];
    assert_eq!(
        a.ike,
        [
            "aes128-sha256 dhgrp 14 19",
            "aes256-sha256 dhgrp 14 19",
            "aes256gcm-prfsha384 dhgrp 14 19"
        ]
    );
    assert_eq!(a.esp, ["aes128-sha1", "aes256-sha256"]);
    // p2 disables PFS: traffic matching its selectors is keyed without it,
    // although p2b keeps PFS.
    assert_eq!(a.pfs, Some(false), "one phase 2 without PFS");
    assert_eq!(a.auth, [AuthMethod::Certificate, AuthMethod::Psk]);
    let zero = &f.tunnels[1];
    assert_eq!(zero.peer.as_deref(), Some("peer.example.net"));
    assert!(zero.ike.is_empty());
    assert_eq!(zero.pfs, None, "no phase 2");
}

#[test]
fn template_placeholders_and_comments() {
    let text = "#set vdom-exception\nconfig vpn ipsec phase1-interface\n    edit \"t\"\n        set remote-gw {@vpn.ip}\n        set psksecret {@vpn.psk}\n        set proposal {@PROPOSAL}\n    next\nend\n";
    let f = read(text).unwrap();
    assert_eq!(f.tunnels[0].peer.as_deref(), Some("{@vpn.ip}"));
    assert_eq!(f.tunnels[0].ike, ["{@PROPOSAL}"]);
    assert!(!format!("{f:?}").contains("vpn.psk"));
}

fn err(text: &str) -> ReadError {
    read(text).expect_err("should not read")
}

#[test]
fn structural_errors() {
    let e = err("config system global\n    set hostname x\nend\nend\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("'end'"), "{e:?}");

    let e = err("config firewall address\n    edit a\n    next\n    next\nend\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("'next'"), "{e:?}");

    let e = err("edit a\nnext\n");
    assert_eq!(e.line, 1);

    let e = err(
        "config vpn ipsec phase1-interface\n    edit \"x\"\n        set remote-gw 192.0.2.1\n    next\n",
    );
    assert!(
        e.message.contains("line 1") && e.message.contains("never closed"),
        "{e:?}"
    );

    let e = err("config system replacemsg a\n    set buffer \"never\nclosed\n");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("quoted string"), "{e:?}");

    let deep = "config a\n".repeat(100);
    assert!(err(&deep).message.contains("nested"));
}

#[test]
fn secrets_never_leave_including_errors() {
    for rel in ["fgt-multi.conf", "fgt-vdom.conf"] {
        let text = fixture(rel);
        assert!(text.contains(PLANTED), "{rel} plants no secret");
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find(PLANTED) else {
                continue;
            };
            let before: String = text.lines().take(i).map(|l| format!("{l}\n")).collect();
            for v in [
                format!("{before}{line}\n"),
                format!("{before}{}\"{}\n", &line[..pos], &line[pos..]),
                format!("{before}{line}\nend\nend\nend\nend\nend\n"),
                format!("{before}{line}\nnext\nnext\nnext\nnext\n"),
            ] {
                let r = read(&v);
                assert!(!format!("{r:?}").contains(PLANTED), "{rel}: {r:?}");
            }
        }
    }
}

#[test]
fn detection() {
    for rel in ["fgt-multi.conf", "fgt-vdom.conf"] {
        assert!(looks_like(&fixture(rel)), "{rel}");
    }
    for other in [
        "config setup\n\nconn home\n  right=192.0.2.1\n",
        "set system syslog host 192.0.2.1 any any\n",
        "hostname r1\n!\nend\n",
        "#\n sysname HUAWEI\n#\nreturn\n",
        "",
    ] {
        assert!(!looks_like(other), "{other:?}");
    }
}

#[test]
fn null_integrity_is_not_null_encryption() {
    let text = "config vpn ipsec phase1-interface\n edit a\n next\nend\nconfig vpn ipsec phase2-interface\n edit b\n  set phase1name a\n  set proposal aes128-null null-sha1 aes256-sha256\n  set pfs disable\n next\nend\n";
    let t = &read(text).unwrap().tunnels[0];
    assert_eq!(t.esp, ["aes128", "null-sha1", "aes256-sha256"]);
    let p = vpnaudit::crypto::CryptoProfile::from_proposals(Catalogue::builtin(), &t.esp).unwrap();
    assert_eq!(p.encryption, ["AES-128-CBC", "AES-256-CBC", "NULL"]);
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}#config-version=x\r\nconfig vpn ipsec phase1-interface\r\n    edit \"a\"\r\n        set remote-gw 192.0.2.1\r\n    next\r\nend\r\n";
    assert!(looks_like(text));
    assert_eq!(
        read(text).unwrap().tunnels[0].peer.as_deref(),
        Some("192.0.2.1")
    );
}

/// FortiOS proposal keywords (phase 1 and phase 2, `config vpn ipsec
/// phase1-interface` / `phase2-interface` reference) normalise; ARIA and
/// SEED are not in the catalogue (reported as unknown, honestly).
#[test]
fn documented_fortios_keywords_normalise() {
    let cat = Catalogue::builtin();
    for kw in [
        "des-md5",
        "des-sha1",
        "des-sha256",
        "des-sha384",
        "des-sha512",
        "3des-md5",
        "3des-sha1",
        "3des-sha256",
        "aes128-md5",
        "aes128-sha1",
        "aes128-sha256",
        "aes128-sha384",
        "aes128-sha512",
        "aes192-sha256",
        "aes256-sha1",
        "aes256-sha256",
        "aes256-sha512",
        "aes128gcm-prfsha1",
        "aes128gcm-prfsha256",
        "aes256gcm-prfsha384",
        "aes256gcm-prfsha512",
        "chacha20poly1305-prfsha256",
        "null-md5",
        "null-sha1",
        "null-sha256",
        "aes128gcm",
        "aes256gcm",
        "chacha20poly1305",
        "dhgrp 1 2 5 14 15 16",
        "dhgrp 17 18 19 20 21 27 28 29 30 31 32",
    ] {
        let n = cat.normalise(kw);
        assert!(n.unknown.is_empty(), "{kw}: {n:?}");
    }
    assert_eq!(cat.normalise("aria128-sha1").unknown, ["aria128"]);
}

#[test]
fn unindented_script_is_still_fortios() {
    let text =
        "config vpn ipsec phase1-interface\nedit \"a\"\nset remote-gw 192.0.2.1\nnext\nend\n";
    assert!(looks_like(text));
    assert!(!vpnaudit::evidence::junos::looks_like(text));
    assert_eq!(read(text).unwrap().tunnels.len(), 1);
}

/// XAuth and EAP add a password round to a phase 1 (FortiOS CLI reference,
/// `config vpn ipsec phase1-interface`: `xauthtype`, `eap`; both default to
/// disable, so an export without them has none).
#[test]
fn xauth_and_eap_are_a_password_round() {
    let text = "config vpn ipsec phase1-interface\n\
        edit \"ra-v1\"\n  set remote-gw 0.0.0.0\n  set xauthtype auto\n  set authusrgrp \"vpn-users\"\n next\n\
        edit \"ra-v2\"\n  set ike-version 2\n  set authmethod signature\n  set eap enable\n next\n\
        edit \"s2s\"\n  set remote-gw 192.0.2.9\n  set xauthtype disable\n next\n\
        end\n";
    let f = read(text).unwrap();
    let auth = |name: &str| {
        f.tunnels
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .auth
            .clone()
    };
    assert_eq!(auth("ra-v1"), [AuthMethod::Psk, AuthMethod::Password]);
    assert_eq!(
        auth("ra-v2"),
        [AuthMethod::Certificate, AuthMethod::Password]
    );
    assert_eq!(auth("s2s"), [AuthMethod::Psk]);
}

#[test]
fn release_lines_defaults_and_warnings() {
    let f = facts("fgt-release.conf");
    assert_eq!(
        f.release.as_deref(),
        Some("FGT60F-7.2.5-FW-build1517-230606")
    );
    let hq = tunnel(&f, "to-hq");
    assert_eq!(hq.pfs, Some(true), "phase 2 keeps FortiOS's pfs default");
    assert_eq!(hq.esp, ["aes256gcm dhgrp 20"]);
    assert_eq!(hq.lines.ike, 14, "set proposal of the phase 1");
    assert_eq!(hq.lines.esp, 28, "set proposal of the phase 2");
    assert_eq!(hq.lines.pfs, 26, "no set pfs: the phase 2's own line");
    assert_eq!(hq.lines.auth, 0, "authmethod not written");
    assert_eq!(hq.defaults.len(), 2, "{:?}", hq.defaults);
    assert!(hq.defaults[0].starts_with("authentication: pre-shared key"));
    assert!(
        hq.defaults[1].starts_with("PFS: on by FortiOS's `pfs enable` default in phase 2 to-hq-p2")
    );

    let bare = tunnel(&f, "bare");
    assert!(bare.ike.is_empty(), "default proposals are not filled in");
    assert_eq!(bare.pfs, None);

    let w: Vec<(u32, &str)> = f
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [
            (
                19,
                "phase 1 bare has no phase 2: no traffic selector uses it"
            ),
            (
                19,
                "phase 1 bare sets no proposal: FortiOS's default proposals apply, which this file does not show and which are not known per release"
            ),
            (
                32,
                "phase 2 orphan-p2 names phase 1 nowhere, which is not defined"
            ),
        ]
    );
    let s = format!("{:?}{:?}", f.warnings, f.tunnels);
    assert!(!s.contains("PLANTED") && !s.contains("ENC"), "{s}");
}

#[test]
fn pfs_disable_is_the_line_that_decides() {
    let text = "config vpn ipsec phase1-interface\n edit \"a\"\n  set proposal aes256-sha256\n next\nend\n\
        config vpn ipsec phase2-interface\n edit \"p1\"\n  set phase1name \"a\"\n  set proposal aes256-sha256\n  set pfs enable\n next\n\
        edit \"p2\"\n  set phase1name \"a\"\n  set proposal aes256-sha256\n  set pfs disable\n next\nend\n";
    let f = read(text).unwrap();
    let t = &f.tunnels[0];
    assert_eq!(t.pfs, Some(false));
    assert_eq!(t.lines.pfs, 15);
    assert!(t.defaults.iter().all(|d| !d.starts_with("PFS")));
}
