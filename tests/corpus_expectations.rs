//! Expected facts for a sample of the shared corpus of real configurations
//! (`$VPNAUDIT_CORPUS`, default ../shared/corpus/configs beside the
//! repository; skipped with a message when absent). The files are read in
//! place, never copied.
//!
//! Each row states what the vendor's documented behaviour makes of one
//! tunnel of one file — IKE version, PFS, authentication methods, whether a
//! side is left unknown (`unresolved`), and algorithms that must or must not
//! be in the normalised crypto of the IKE side (`ike:`) or the traffic side
//! (`esp:`, ESP/AH proposals and TLS / data-channel ciphers) — with the
//! reason beside it. The expectations come from the vendor documentation,
//! not from the reader's output: every disagreement is listed (file,
//! tunnel, field, expected, got) before the test fails.
//!
//! `REFUSED` lists files the platform itself would not load, which the
//! reader must refuse too.
//!
//! `KNOWN_GAPS` holds rows where the reader does not yet do what the vendor
//! documents and the fix is not local; they are evaluated and printed on
//! every run, never asserted, so they stay visible.

use std::path::{Path, PathBuf};

use vpnaudit::crypto::{Catalogue, CryptoProfile};
use vpnaudit::evidence::store::read_file;
use vpnaudit::evidence::{ConfigFacts, Dialect, Tunnel};

use Dialect::{
    CiscoAsa as ASA, CiscoIos as IOS, Fortios as FOS, H3cComware as CMW, JuniperJunos as JUNOS,
    Openvpn as OVPN, StrongswanIpsec as IPSEC, StrongswanSwanctl as SWANCTL, Wireguard as WG,
};

/// One tunnel's expected facts. `None` in a field: not checked.
#[derive(Clone, Copy)]
struct Row {
    name: &'static str,
    peer: Option<&'static str>,
    ike_version: Option<Option<u8>>,
    ike_mode: Option<Option<&'static str>>,
    pfs: Option<Option<bool>>,
    /// Exactly these methods, in any order.
    auth: Option<&'static [&'static str]>,
    /// Whether `unresolved` is non-empty (a reference the file does not
    /// define, or a default the file cannot confirm).
    unresolved: Option<bool>,
    /// Whether the IKE side has proposals at all (false: the file says
    /// nothing the audit could judge).
    ike_known: Option<bool>,
    /// Likewise for the traffic side (ESP/AH proposals, TLS ciphers).
    esp_known: Option<bool>,
    /// `ike:NAME` / `esp:NAME`: canonical algorithms that must appear.
    has: &'static [&'static str],
    /// Likewise, that must not appear.
    lacks: &'static [&'static str],
}

const R: Row = Row {
    name: "",
    peer: None,
    ike_version: None,
    ike_mode: None,
    pfs: None,
    auth: None,
    unresolved: None,
    ike_known: None,
    esp_known: None,
    has: &[],
    lacks: &[],
};

const V1: Option<Option<u8>> = Some(Some(1));
const V2: Option<Option<u8>> = Some(Some(2));
const V_NONE: Option<Option<u8>> = Some(None);
const ON: Option<Option<bool>> = Some(Some(true));
const OFF: Option<Option<bool>> = Some(Some(false));
const UNSAID: Option<Option<bool>> = Some(None);
const MAIN: Option<Option<&str>> = Some(Some("main"));
const AGGR: Option<Option<&str>> = Some(Some("aggressive"));
const PSK: Option<&[&str]> = Some(&["psk"]);
const CERT: Option<&[&str]> = Some(&["certificate"]);
const KNOWN: Option<bool> = Some(false);
const UNKNOWN: Option<bool> = Some(true);

/// One file: its dialect, how many tunnels it has (when checked), the
/// tunnel rows, and warnings that must be there (each: every word appears
/// in one warning's message, case-insensitively).
struct File {
    path: &'static str,
    dialect: Dialect,
    tunnels: Option<usize>,
    rows: &'static [Row],
    warnings: &'static [&'static [&'static str]],
}

#[rustfmt::skip]
const FILES: &[File] = &[
    // ---------------------------------------------------------------- IOS
    File {
        path: "cisco-ios/batfish__ios-crypto-map.cfg",
        dialect: IOS,
        // entries 10, 20, 30 (dynamic) and the two protected tunnel interfaces
        tunnels: Some(5),
        rows: &[
            // `set isakmp-profile` (ISAKMP = IKEv1); `set pfs group14`; keyring KEYRING has a pre-shared-key for 1.2.3.4
            // (no `crypto isakmp policy`: IOS's built-in default policies vary by release and the file names none)
            Row { name: "mymap 10", peer: Some("1.2.3.4"), ike_version: V1, pfs: ON, auth: PSK, ike_known: Some(false),
                  has: &["esp:AES-256-CBC", "esp:MD5", "esp:MODP-2048"], lacks: &["esp:SHA-1"], ..R },
            // no `set pfs`: IOS crypto map entries run without PFS by default; profile ISAKMP-PROFILE-MATCHED matches 3.4.5.6 (match identity address) → its keyring's psk
            Row { name: "mymap 20", peer: Some("3.4.5.6"), ike_version: V1, pfs: OFF, auth: PSK,
                  has: &["esp:AES-256-CBC", "esp:MD5"], lacks: &["esp:MODP-2048"], ..R },
            // dynamic map entries 5 (ts1, group2) and 15 (ts2, no PFS): a peer landing on 15 gets no PFS
            Row { name: "mymap 30", pfs: OFF, has: &["esp:MD5", "esp:SHA-1"], ..R },
            // IPsec profile IPSEC-PROFILE1: ts1 ts2, `set pfs group14`, ISAKMP profile → IKEv1, keyring psk
            Row { name: "Tunnel1", peer: Some("1.2.3.4"), ike_version: V1, pfs: ON, auth: PSK, unresolved: KNOWN,
                  has: &["esp:SHA-1", "esp:MD5", "esp:MODP-2048"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "cisco-ios/batfish__ios-crypto-ipsec__r1.cfg",
        dialect: IOS,
        tunnels: None,
        rows: &[
            // isakmp policy 12: `encr aes` is AES-128 (command reference default key size), hash left at its default SHA-1, group 2
            Row { name: "mymap 20", peer: Some("2.3.4.8"), ike_version: V1, pfs: ON, auth: PSK, unresolved: KNOWN,
                  has: &["ike:AES-128-CBC", "ike:SHA-1", "ike:MODP-1024", "esp:MD5", "esp:SHA-1", "esp:MODP-1024"],
                  lacks: &["ike:DES", "ike:AES-256-CBC"], ..R },
            // transform set ts1 only, `set pfs group2`
            Row { name: "mysecondmap 20", peer: Some("2.3.4.11"), pfs: ON, auth: PSK,
                  has: &["esp:MD5"], lacks: &["esp:SHA-1"], ..R },
        ],
        // interface Tunnel21 carries tunnel protection but is `shutdown`
        warnings: &[&["Tunnel21", "shut down"]],
    },
    File {
        path: "cisco-ios/batfish__crypto-vrf.cfg",
        dialect: IOS,
        tunnels: Some(1),
        rows: &[
            // `set transform-set <transform_set>` names no defined transform set: ESP unknown; no `set pfs`: off
            Row { name: "Sales-VPN 10", peer: Some("1.1.1.1"), ike_version: V1, pfs: OFF, auth: PSK, unresolved: UNKNOWN, ..R },
        ],
        warnings: &[&["<transform_set>", "not defined"]],
    },
    File {
        path: "cisco-ios/batfish__ios-crypto-transform-set.cfg",
        dialect: IOS,
        // transform sets only, no crypto map or IPsec profile
        tunnels: Some(0),
        rows: &[],
        warnings: &[&["ts1", "used by no"], &["ts9", "used by no"]],
    },
    File {
        path: "cisco-ios/batfish__unit__isr_crypto.cfg",
        dialect: IOS,
        // a `gdoi` crypto map entry: GETVPN, its crypto comes from the key server
        tunnels: Some(0),
        rows: &[],
        warnings: &[],
    },
    File {
        path: "cisco-ios/batfish__ios-crypto-map-pfs-dh-group.cfg",
        dialect: IOS,
        tunnels: Some(1),
        rows: &[
            // `set pfs` is one setting: each line replaces the previous one, the last (group5, MODP-1536) is what IOS keeps
            Row { name: "mymap 10", ike_version: V1, pfs: ON,
                  has: &["esp:MODP-1536"], lacks: &["esp:MODP-768", "esp:MODP-2048", "esp:ECP-256"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "cisco-ios/batfish__ios-ipsec-gh-5849.cfg",
        dialect: IOS,
        tunnels: Some(1),
        rows: &[
            // `tunnel protection ipsec profile PROFILE` names an ISAKMP profile; no `crypto ipsec profile PROFILE` exists
            Row { name: "Tunnel1", peer: Some("4.4.4.4"), pfs: UNSAID, unresolved: UNKNOWN, ..R },
        ],
        warnings: &[&["PROFILE", "not defined"]],
    },
    File {
        path: "cisco-ios/batfish__ios-ipsec-ghe-5274.cfg",
        dialect: IOS,
        tunnels: Some(1),
        rows: &[
            // IPsec profile SOMEPROF undefined; `crypto isakmp key ... address 0.0.0.0` is a wildcard pre-shared key
            Row { name: "Tunnel30", pfs: UNSAID, auth: PSK, unresolved: UNKNOWN, ..R },
        ],
        warnings: &[&["SOMEPROF", "not defined"]],
    },
    File {
        path: "cisco-ios/batfish__aws-vpn-03701a53bba3c48b7.txt",
        dialect: IOS,
        tunnels: Some(2),
        rows: &[
            // isakmp policies 200/201: aes (128), sha, group 2, pre-share; profile: esp-aes 128 esp-sha-hmac, pfs group2
            Row { name: "Tunnel1", peer: Some("3.130.237.53"), ike_version: V1, pfs: ON, auth: PSK, unresolved: KNOWN,
                  has: &["ike:AES-128-CBC", "ike:SHA-1", "ike:MODP-1024", "esp:AES-128-CBC", "esp:SHA-1", "esp:MODP-1024"],
                  lacks: &["esp:MD5"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "cisco-ios/batfish__ios-keyrings.cfg",
        dialect: IOS,
        tunnels: Some(0),
        rows: &[],
        // ISAKMP profile p1 names keyring kundefined, which the file does not define
        warnings: &[&["kundefined", "not defined"]],
    },
    File {
        path: "cisco-ios/batfish__ios-crypto-ipsec__r3.cfg",
        dialect: IOS,
        tunnels: Some(2),
        rows: &[
            // dynamic map entry 5: ts1, `set pfs group2`; a dynamic entry has no fixed peer
            Row { name: "mymap 30", peer: None, pfs: ON, has: &["esp:MD5", "esp:MODP-1024"], lacks: &["esp:SHA-1"], ..R },
            // destination 2.3.4.10 is matched by ISAKMP-PROFILE-FOR-R2, whose keyring holds its pre-shared key
            Row { name: "Tunnel23", peer: Some("2.3.4.10"), ike_version: V1, pfs: ON, auth: PSK,
                  has: &["ike:AES-128-CBC", "ike:SHA-1", "ike:MODP-1024", "esp:MD5"], ..R },
        ],
        // ts2 is named by no crypto map entry or IPsec profile
        warnings: &[&["ts2", "used by no"]],
    },
    File {
        path: "cisco-ios/batfish__ios-crypto.cfg",
        dialect: IOS,
        // Tunnel1 has no `tunnel protection`: plain GRE, no IPsec; no crypto map
        tunnels: Some(0),
        rows: &[],
        warnings: &[],
    },
    File {
        path: "cisco-ios/lab-validation__eos_iosxe_aws_demo__exitgw.running-config.txt",
        dialect: IOS,
        tunnels: Some(4),
        rows: &[
            // `version 16.4` (IOS-XE 16): the IKEv1 policy defaults (hash not written) of the 12.x-15.x command
            // references are not confirmed for 16.x, so the IKE side stays open; ESP and PFS are written
            Row { name: "Tunnel1", peer: Some("3.19.24.131"), ike_version: V1, pfs: ON, auth: PSK, unresolved: UNKNOWN,
                  has: &["esp:AES-128-CBC", "esp:SHA-1", "esp:MODP-1024"], ..R },
        ],
        warnings: &[],
    },
    // ---------------------------------------------------------------- ASA
    File {
        path: "cisco-asa/ntc-templates__cisco_asa_show_running-config_crypto_map.txt",
        dialect: ASA,
        tunnels: Some(2),
        rows: &[
            // `set ikev1 transform-set` → IKEv1; the transform set is not in this fragment; `set pfs group5`
            Row { name: "Standard-1 20", peer: Some("Peer-1"), ike_version: V1, pfs: ON, unresolved: UNKNOWN,
                  has: &["esp:MODP-1536"], ..R },
            Row { name: "Standard-1 25", ike_version: V1, pfs: ON, unresolved: UNKNOWN, has: &["esp:MODP-1024"], ..R },
        ],
        warnings: &[&["Standard-Transform", "not defined"]],
    },
    File {
        path: "cisco-asa/ntc-templates__cisco_asa_show_running-config_crypto_map2.txt",
        dialect: ASA,
        tunnels: None,
        rows: &[
            // no `set pfs`: ASA crypto map entries default to no PFS
            Row { name: "WAN1_CMAP 10", peer: Some("1.1.1.1"), ike_version: V1, pfs: OFF, unresolved: UNKNOWN, ..R },
            Row { name: "WAN1_CMAP 100", ike_version: V1, pfs: ON, unresolved: UNKNOWN, has: &["esp:MODP-1536"], ..R },
            // dynamic map SYSTEM_DEFAULT_CRYPTO_MAP is not in the fragment: nothing known of PFS
            Row { name: "WAN1_CMAP 65535", peer: None, pfs: UNSAID, unresolved: UNKNOWN, ..R },
            Row { name: "S2S_CMAP 10", peer: Some("1.1.1.5"), pfs: OFF, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "cisco-asa/ntc-templates__cisco_asa_show_running-config_all_crypto_map.txt",
        dialect: ASA,
        tunnels: None,
        rows: &[
            // `set ikev1 phase1-mode main`; `set ikev2 mode tunnel` is only the IPsec mode shown by `show run all`, no IKEv2 proposal
            Row { name: "WAN1_CMAP 10", peer: Some("1.1.1.1"), ike_version: V1, ike_mode: MAIN, pfs: OFF, ..R },
            Row { name: "WAN1_CMAP 100", ike_version: V1, ike_mode: MAIN, pfs: ON, has: &["esp:MODP-1536"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "cisco-asa/ntc-templates__cisco_asa_show_running-config_ipsec.txt",
        dialect: ASA,
        // transform sets and IKEv2 IPsec proposals, no crypto map
        tunnels: Some(0),
        rows: &[],
        warnings: &[&["AES-256_MD5", "used by no"], &["final_IKE2", "used by no"]],
    },
    File {
        path: "cisco-asa/batfish__asa-gh-6042.cfg",
        dialect: ASA,
        tunnels: Some(1),
        rows: &[
            // entry with only `match address`: no `set pfs` (off), nothing says IKEv1 or IKEv2 on ASA 9.9
            Row { name: "outside_map 1", ike_version: V_NONE, pfs: OFF, ike_known: Some(false), esp_known: Some(false), ..R },
        ],
        warnings: &[],
    },
    // -------------------------------------------------------------- Junos
    File {
        path: "juniper-junos/batfish__ipsec-vpn.set.conf",
        dialect: JUNOS,
        tunnels: Some(1),
        rows: &[
            // gateway `version v2-only`; `authentication-algorithm` is a single leaf: the later hmac-sha-256-128 replaces hmac-sha1-96
            Row { name: "ike-vpn-chicago", peer: Some("198.51.100.102"), ike_version: V2, pfs: ON, auth: PSK, unresolved: KNOWN,
                  has: &["ike:AES-128-CBC", "ike:SHA-1", "ike:MODP-1024", "esp:AES-128-CBC", "esp:SHA-256", "esp:MODP-1024"],
                  lacks: &["esp:SHA-1"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "juniper-junos/batfish__srx-testbed__junos-srx-1.set.conf",
        dialect: JUNOS,
        tunnels: Some(2),
        rows: &[
            // no gateway `version`: Junos default v1-only; proposal-set basic (pre-g1-des-*, esp DES); `perfect-forward-secrecy keys group1`
            Row { name: "vpn-3", peer: Some("10.13.0.3"), ike_version: V1, ike_mode: MAIN, pfs: ON, auth: PSK,
                  has: &["ike:DES", "ike:MODP-768", "esp:DES", "esp:MODP-768"], lacks: &["ike:AES-128-CBC"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "juniper-junos/batfish__srx-testbed__junos-srx-3.set.conf",
        dialect: JUNOS,
        // `deactivate security ipsec vpn vpn-1`: a deactivated statement is ignored on commit
        tunnels: Some(1),
        rows: &[Row { name: "vpn-2", peer: Some("10.23.0.2"), ike_version: V1, pfs: ON, auth: PSK, ..R }],
        warnings: &[&["vpn-1"]],
    },
    File {
        path: "juniper-junos/batfish__ipsec-bugs.set.conf",
        dialect: JUNOS,
        tunnels: None,
        rows: &[
            // `ike gateway UNDEFINED`: no such gateway, so nothing says which IKE runs
            Row { name: "UNDEFINED-GW", ike_version: V_NONE, unresolved: UNKNOWN, ike_known: Some(false), esp_known: Some(false), ..R },
            // gateway defined without `ike-policy` and VPN without `ike ipsec-policy`: nothing named, nothing to judge on either side
            Row { name: "UNDEFINED-IFACE", ike_known: Some(false), esp_known: Some(false), ..R },
            Row { name: "NO-UNIT", ike_version: V1, ike_known: Some(false), esp_known: Some(false), ..R },
            // no `ike` at all (only df-bit): neither IKE nor manual keying
            Row { name: "NO-GW", ike_version: V_NONE, pfs: UNSAID, ike_known: Some(false), esp_known: Some(false), ..R },
        ],
        warnings: &[&["UNDEFINED"]],
    },
    File {
        path: "juniper-junos/batfish__ike-policy.set.conf",
        dialect: JUNOS,
        // IKE policies with no gateway and no VPN
        tunnels: Some(0),
        rows: &[],
        warnings: &[&["policy1"], &["policy3"]],
    },
    File {
        path: "juniper-junos/batfish__ipsec-policy.set.conf",
        dialect: JUNOS,
        // IPsec policies no VPN names
        tunnels: Some(0),
        rows: &[],
        warnings: &[&["policy1"], &["policy7"]],
    },
    // ------------------------------------------------------ strongSwan ipsec.conf
    File {
        path: "strongswan-ipsec/ikev1__alg-3des-md5__moon.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // strict (`!`) ike/esp 3des-md5-modp1024; DH group in esp = PFS; authby default pubkey (leftcert)
            Row { name: "rw", ike_version: V1, pfs: ON, auth: CERT, unresolved: KNOWN,
                  has: &["ike:3DES", "ike:MD5", "ike:MODP-1024", "esp:3DES", "esp:MD5", "esp:MODP-1024"],
                  lacks: &["ike:AES-128-CBC", "esp:AES-128-CBC"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ike__rw_v1-net_v2__moon.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(2),
        rows: &[
            // keyexchange=ikev2 / ikev1; authby default pubkey; no esp=: ipsec.conf(5)'s
            // default aes128-sha256 plus the daemon's defaults, none with a DH group: no PFS
            Row { name: "net-net", ike_version: V2, auth: CERT, pfs: OFF, ..R },
            Row { name: "rw", ike_version: V1, auth: CERT, pfs: OFF, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev1-stroke__xauth-id-psk-config__moon.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // rightauth=psk plus rightauth2=xauth (a second, password round)
            // no esp=: the default proposals carry no DH group, so no PFS
            Row { name: "rw", ike_version: V1, auth: Some(&["psk", "password"]), pfs: OFF, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev2-stroke__rw-eap-md5-id-prompt__carol.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // carol leftauth=eap (EAP-MD5 password), moon rightauth=pubkey
            // no esp=: the default proposals carry no DH group, so no PFS
            Row { name: "home", ike_version: V2, auth: Some(&["certificate", "password"]), pfs: OFF, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev1-stroke__xauth-id-rsa-hybrid__carol.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // hybrid mode: the gateway signs (rightauth=pubkey), the client only answers XAuth (leftauth=xauth): no key of the user, no MFA
            Row { name: "home", ike_version: V1, auth: Some(&["certificate", "password"]), ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev2__net2net-ah__sun.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // ah=sha256!: integrity only, no encryption of the traffic; no DH group in it: no PFS
            Row { name: "net-net", ike_version: V2, pfs: OFF, auth: CERT,
                  has: &["ike:AES-128-CBC", "ike:SHA-256", "ike:MODP-3072", "esp:SHA-256"],
                  lacks: &["esp:AES-128-CBC"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/pfkey__esp-alg-null__moon.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // esp=null-sha1!: NULL encryption; strict list without DH group: no PFS
            Row { name: "rw", ike_version: V2, pfs: OFF, auth: CERT,
                  has: &["esp:NULL", "esp:SHA-1", "ike:MODP-2048"], lacks: &["esp:AES-128-CBC"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev2__alg-sha256-96__moon.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // sha256_96: HMAC-SHA-256 truncated to 96 bits (the pre-RFC 4868 Linux variant), not SHA-256-128
            Row { name: "rw", ike_version: V2, pfs: ON, auth: CERT,
                  has: &["esp:SHA-256-96", "esp:CURVE25519", "ike:SHA-256"], lacks: &["esp:SHA-256"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-ipsec/ikev1__net2net-esn__sun.ipsec.conf",
        dialect: IPSEC,
        tunnels: Some(1),
        rows: &[
            // strict esp= with esn/noesn and no DH group: written, and no PFS
            Row { name: "net-net", ike_version: V1, pfs: OFF, auth: CERT, unresolved: KNOWN,
                  has: &["esp:AES-128-CBC", "esp:SHA-256", "ike:MODP-3072"], ..R },
        ],
        warnings: &[],
    },
    // ------------------------------------------------------ strongSwan swanctl.conf
    File {
        path: "strongswan-swanctl/ikev2__net2net-psk__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // local/remote auth = psk; esp_proposals with x25519: PFS
            Row { name: "gw-gw", peer: Some("192.168.0.2"), ike_version: V2, pfs: ON, auth: PSK, unresolved: KNOWN,
                  has: &["ike:AES-128-CBC", "ike:SHA-256", "ike:CURVE25519", "esp:AES-128-GCM", "esp:CURVE25519"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev1__rw-cert-aggressive__carol.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // version = 1 with aggressive = yes
            Row { name: "home", ike_version: V1, ike_mode: AGGR, pfs: ON, auth: CERT, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev2__rw-eap-md5-radius__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // gateway pubkey, clients eap-radius (a user password round against RADIUS); the client proves no key: no MFA
            Row { name: "rw-eap", ike_version: V2, pfs: ON, auth: Some(&["certificate", "password"]), ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev2__rw-cert-multi-ke__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // RFC 9370 additional key exchanges ke1_x25519 / ke1_ecp384 beside modp2048 / modp3072
            Row { name: "rw", ike_version: V2, pfs: ON, auth: CERT,
                  has: &["ike:MODP-2048", "ike:MODP-3072", "ike:CURVE25519", "ike:ECP-384", "esp:MODP-3072", "esp:AES-128-GCM"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/libipsec__net2net-3des__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            Row { name: "gw-gw", ike_version: V2, pfs: ON, auth: CERT,
                  has: &["ike:3DES", "ike:SHA-1", "ike:MODP-2048", "esp:3DES", "esp:SHA-1"], lacks: &["esp:AES-128-CBC"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev2-algs__alg-ecp-brainpool-high__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // ecp384bp / ecp512bp are the Brainpool curves (RFC 6954), not NIST ECP
            Row { name: "rw", ike_version: V2, pfs: ON,
                  has: &["ike:BRAINPOOL-P384", "ike:BRAINPOOL-P512", "ike:SHA-512", "esp:AES-256-GCM", "esp:BRAINPOOL-P512"],
                  lacks: &["ike:ECP-384", "ike:ECP-521"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev2__rw-mlkem__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // RFC 9370: ecp384/x25519 are required, the ke1_ ML-KEM exchange optional (ke1_none): PFS either way
            Row { name: "rw", ike_version: V2, pfs: ON, auth: CERT,
                  has: &["ike:ML-KEM-768", "ike:ECP-384", "ike:CURVE25519", "esp:ML-KEM-1024", "esp:AES-256-GCM"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev2__shunt-manual-prio__moon.swanctl.conf",
        dialect: SWANCTL,
        // `shunts` has only mode = pass / drop children: kernel policies, no IPsec SA
        tunnels: Some(1),
        rows: &[Row { name: "rw", ike_version: V2, pfs: ON, auth: CERT, ..R }],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/ikev1__xauth-rsa-radius__moon.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // remote rounds pubkey then xauth-radius: the client proves its own key and a password, both required
            Row { name: "rw", ike_version: V1, ike_mode: MAIN, pfs: ON, auth: Some(&["certificate", "password", "mfa"]), ..R },
        ],
        warnings: &[],
    },
    File {
        path: "strongswan-swanctl/p2pnat__medsrv-psk__carol.swanctl.conf",
        dialect: SWANCTL,
        tunnels: Some(1),
        rows: &[
            // mediation connection: IKE only, no children, so no CHILD_SA and nothing to say of PFS
            Row { name: "medsrv", ike_version: V2, pfs: UNSAID, auth: Some(&["certificate", "psk"]),
                  ike_known: Some(true), esp_known: Some(false), has: &["ike:CURVE25519"], ..R },
        ],
        warnings: &[],
    },
    // ------------------------------------------------------------ OpenVPN
    File {
        path: "openvpn/static-home.conf",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[
            // `secret`: static-key mode, one shared key and no key exchange (no PFS); `auth` defaults to SHA1
            Row { name: "1.2.3.4", peer: Some("1.2.3.4"), pfs: OFF, auth: PSK, unresolved: KNOWN,
                  has: &["esp:AES-256-CBC", "esp:SHA-1"], ..R },
        ],
        // static-key mode is deprecated (2.6) and off by default (2.7)
        warnings: &[&["secret"]],
    },
    File {
        path: "openvpn/tls-office.conf",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[
            // tls-server without verify-client-cert none: clients must present certificates
            Row { name: "openvpn", peer: None, auth: CERT, has: &["esp:AES-256-GCM"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "openvpn/keying-material-exporter-demo__client.ovpn",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[
            // client cert; no cipher and nothing that tells 2.4 (BF-CBC fallback) from 2.5+: data channel unknown
            Row { name: "127.0.0.1", auth: CERT, unresolved: UNKNOWN, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "openvpn/loopback-client.conf",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[
            // inline <cert>; tls-auth HMACs the control channel with `auth`, whose default is SHA1 (openvpn(8) --auth)
            Row { name: "localhost", peer: Some("localhost"), auth: CERT, has: &["esp:AES-256-GCM", "esp:SHA-1"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "openvpn/keying-material-exporter-demo__server.ovpn",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[
            // tls-server: client certificates required; keyingmaterialexporter.so exports keys, it authenticates no user
            Row { name: "openvpn", peer: None, auth: CERT, unresolved: UNKNOWN, ..R },
        ],
        warnings: &[],
    },
    File {
        path: "openvpn/tls-home.conf",
        dialect: OVPN,
        tunnels: Some(1),
        rows: &[Row { name: "1.2.3.4", auth: CERT, has: &["esp:AES-256-GCM"], lacks: &["esp:BLOWFISH"], ..R }],
        warnings: &[],
    },
    // ---------------------------------------------------------- WireGuard
    File {
        path: "wireguard/wireguard-android__working_multiple_peers.conf",
        dialect: WG,
        tunnels: Some(2),
        rows: &[
            // no name comment: named by the endpoint; fixed Noise_IK suite, ephemeral Curve25519 per handshake, no PresharedKey
            Row { name: "192.0.2.1:51820", ike_version: V_NONE, pfs: ON, auth: Some(&["public-key"]),
                  has: &["esp:CHACHA20-POLY1305", "esp:CURVE25519", "esp:BLAKE2S"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "wireguard/wireguard-docs__example-full__public-server1.wg0.conf",
        dialect: WG,
        tunnels: Some(4),
        rows: &[
            // `# Name = ...` comments name the peers (wireguard-docs convention)
            Row { name: "public-server2.example-vpn.dev", peer: Some("public-server2.example-vpn.dev"), pfs: ON,
                  auth: Some(&["public-key"]), ..R },
            // roaming peer: no Endpoint
            Row { name: "laptop.example-vpn.dev", peer: None, pfs: ON, auth: Some(&["public-key"]), ..R },
        ],
        warnings: &[],
    },
    // ------------------------------------------------------------- FortiOS
    File {
        path: "fortios/fortigate-autoscale__configset__setuptgwvpn.conf",
        dialect: FOS,
        tunnels: Some(2),
        rows: &[
            // ike-version and authmethod unset: defaults 1 and psk; phase 2 pfs default enable with dhgrp 2; mode default main
            Row { name: "tgw-vpn-1", ike_version: V1, ike_mode: MAIN, pfs: ON, auth: PSK,
                  has: &["ike:AES-128-CBC", "ike:SHA-1", "ike:MODP-1024", "esp:AES-128-CBC", "esp:MODP-1024"], ..R },
        ],
        warnings: &[],
    },
    File {
        path: "fortios/netutils__fortios_full_sent.txt",
        dialect: FOS,
        // no `config vpn ipsec phase1` / `phase1-interface`
        tunnels: Some(0),
        rows: &[],
        warnings: &[],
    },
    // ------------------------------------------------------------- Comware
    File {
        path: "h3c-comware/netutils__hp_comware_full_sent.txt",
        dialect: CMW,
        // no `ike` / `ipsec` configuration at all
        tunnels: Some(0),
        rows: &[],
        warnings: &[],
    },
];

/// Files the platform itself refuses to load: reading them must fail (a
/// configuration the device would not run is no evidence of what it runs).
#[rustfmt::skip]
const REFUSED: &[(&str, Dialect)] = &[
    // wg(8) keys are 32 bytes in base64; this PrivateKey is not
    ("wireguard/wireguard-android__broken.conf", WG),
    // one of the keys does not decode to 32 bytes
    ("wireguard/wireguard-android__invalid-key.conf", WG),
    // PersistentKeepalive must be `off` or 0-65535 (wg(8)); `0L` is neither
    ("wireguard/wireguard-android__invalid-number.conf", WG),
    // a [Peer] without PublicKey: wg(8) requires one per peer
    ("wireguard/wireguard-android__missing-attribute.conf", WG),
    // `Endpoint =` with no value: no host:port to parse
    ("wireguard/wireguard-android__syntax-error.conf", WG),
    // wg(8) / wg-quick(8) reject unknown keys ("Line unrecognized")
    ("wireguard/wireguard-android__unknown-attribute.conf", WG),
    // `[Peers]` is no section of wg(8)'s format
    ("wireguard/wireguard-android__unknown-section.conf", WG),
    // wireguard-android (whose parser test this is) accepts in DNS only addresses and host names, and
    // `invalid_value` has an underscore; wg-quick(8) would take any non-IP entry as a search domain.
    // The reader documents the stricter parser's rule; DNS carries no crypto either way.
    ("wireguard/wireguard-android__invalid-value.conf", WG),
];

/// Rows the readers do not yet meet, each with the vendor's reading and why
/// it is not fixed here. Evaluated and printed, never asserted.
#[rustfmt::skip]
const KNOWN_GAPS: &[(&str, Dialect, Row, &str)] = &[];

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("VPNAUDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/configs"));
    dir.is_dir().then_some(dir)
}

fn read(root: &Path, path: &str, dialect: Dialect) -> Result<ConfigFacts, String> {
    read_file(&root.join(path), Some(dialect), false)
        .map(|c| c.facts)
        .map_err(|e| format!("line {}: {}", e.line, e.message))
}

fn algorithms(t: &Tunnel, side: &str) -> Vec<String> {
    let profile = match side {
        "ike" => CryptoProfile::from_proposals(Catalogue::builtin(), t.ike.iter()),
        "esp" => CryptoProfile::from_proposals(Catalogue::builtin(), t.esp.iter().chain(&t.tls)),
        other => panic!("side {other}: ike or esp"),
    };
    profile.map(|p| p.algorithms).unwrap_or_default()
}

/// One disagreement: (field, expected, got).
type Miss = (String, String, String);

/// Checks one row; returns the number of expectations and the misses.
fn check_row(facts: &ConfigFacts, row: &Row) -> (usize, Vec<Miss>) {
    let mut n = 1;
    let mut misses = Vec::new();
    let Some(t) = facts.tunnels.iter().find(|t| t.name == row.name) else {
        let names: Vec<&str> = facts.tunnels.iter().map(|t| t.name.as_str()).collect();
        misses.push((
            "tunnel".into(),
            "present".into(),
            format!("absent; tunnels {names:?}"),
        ));
        return (n, misses);
    };
    let mut field = |name: &str, want: Option<String>, got: String| {
        if let Some(want) = want {
            n += 1;
            if want != got {
                misses.push((name.to_string(), want, got));
            }
        }
    };
    field(
        "peer",
        row.peer.map(|p| format!("{:?}", Some(p))),
        format!("{:?}", t.peer.as_deref()),
    );
    field(
        "ike_version",
        row.ike_version.map(|v| format!("{v:?}")),
        format!("{:?}", t.ike_version),
    );
    field(
        "ike_mode",
        row.ike_mode.map(|m| format!("{m:?}")),
        format!("{:?}", t.ike_mode.map(|m| m.as_str())),
    );
    field(
        "pfs",
        row.pfs.map(|p| format!("{p:?}")),
        format!("{:?}", t.pfs),
    );
    let mut got_auth: Vec<&str> = t.auth.iter().map(|a| a.as_str()).collect();
    got_auth.sort();
    field(
        "auth",
        row.auth.map(|a| {
            let mut a = a.to_vec();
            a.sort();
            format!("{a:?}")
        }),
        format!("{got_auth:?}"),
    );
    if let Some(want) = row.unresolved {
        n += 1;
        if want == t.unresolved.is_empty() {
            let want = if want { "non-empty" } else { "empty" };
            misses.push((
                "unresolved".into(),
                want.into(),
                format!("{:?}", t.unresolved),
            ));
        }
    }
    for (side, want, got) in [
        ("ike proposals", row.ike_known, !t.ike.is_empty()),
        (
            "esp proposals",
            row.esp_known,
            !(t.esp.is_empty() && t.tls.is_empty()),
        ),
    ] {
        if let Some(want) = want {
            n += 1;
            if want != got {
                let says = |b: bool| if b { "some" } else { "none" }.to_string();
                misses.push((side.to_string(), says(want), says(got)));
            }
        }
    }
    for (must, list) in [(true, row.has), (false, row.lacks)] {
        for item in list {
            let (side, alg) = item.split_once(':').expect("side:ALGORITHM");
            let algs = algorithms(t, side);
            let present = algs.iter().any(|a| a == alg);
            n += 1;
            if present != must {
                misses.push((
                    format!("{side} {}", if must { "has" } else { "lacks" }),
                    alg.to_string(),
                    format!("{algs:?}"),
                ));
            }
        }
    }
    (n, misses)
}

fn check_warnings(facts: &ConfigFacts, words: &[&str]) -> bool {
    facts.warnings.iter().any(|w| {
        let m = w.message.to_lowercase();
        words.iter().all(|word| m.contains(&word.to_lowercase()))
    })
}

#[test]
fn corpus_files_meet_the_vendor_expectations() {
    let Some(root) = corpus() else {
        println!(
            "corpus_expectations: no corpus (set VPNAUDIT_CORPUS or add ../shared/corpus/configs); skipped"
        );
        return;
    };
    let mut total = 0;
    let mut agree = 0;
    let mut report: Vec<String> = Vec::new();
    for f in FILES {
        let facts = match read(&root, f.path, f.dialect) {
            Ok(facts) => facts,
            Err(e) => {
                let n = 1 + f.rows.len() + f.warnings.len();
                total += n;
                report.push(format!("{}: not read: {e}", f.path));
                continue;
            }
        };
        if let Some(want) = f.tunnels {
            total += 1;
            if facts.tunnels.len() == want {
                agree += 1;
            } else {
                let names: Vec<&str> = facts.tunnels.iter().map(|t| t.name.as_str()).collect();
                report.push(format!(
                    "{}: tunnels: expected {want}, got {} {names:?}",
                    f.path,
                    facts.tunnels.len()
                ));
            }
        }
        for row in f.rows {
            let (n, misses) = check_row(&facts, row);
            total += n;
            agree += n - misses.len();
            for (field, want, got) in misses {
                report.push(format!(
                    "{} / {}: {field}: expected {want}, got {got}",
                    f.path, row.name
                ));
            }
        }
        for words in f.warnings {
            total += 1;
            if check_warnings(&facts, words) {
                agree += 1;
            } else {
                let got: Vec<&str> = facts.warnings.iter().map(|w| w.message.as_str()).collect();
                report.push(format!(
                    "{}: warning with {words:?}: absent; warnings {got:?}",
                    f.path
                ));
            }
        }
    }
    for (path, dialect) in REFUSED {
        total += 1;
        match read(&root, path, *dialect) {
            Err(_) => agree += 1,
            Ok(facts) => report.push(format!(
                "{path}: expected to be refused, read {} tunnels",
                facts.tunnels.len()
            )),
        }
    }
    println!(
        "{total} expectations over {} files: {agree} agree",
        FILES.len() + REFUSED.len()
    );
    for (path, dialect, row, why) in KNOWN_GAPS {
        match read(&root, path, *dialect) {
            Ok(facts) => {
                let (_, misses) = check_row(&facts, row);
                if misses.is_empty() {
                    println!("known gap now met: {path} / {}", row.name);
                }
                for (field, want, got) in misses {
                    println!(
                        "known gap: {path} / {}: {field}: vendor {want}, read {got} ({why})",
                        row.name
                    );
                }
            }
            Err(e) => println!("known gap: {path}: not read: {e}"),
        }
    }
    assert!(
        report.is_empty(),
        "{} disagreements:\n{}",
        report.len(),
        report.join("\n")
    );
}
