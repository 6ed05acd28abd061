//! Cisco IOS / IOS-XE and Cisco ASA configuration readers.
//!
//! Both dialects share one line-and-indentation parser (`parse`). Each
//! reads only its own dialect's commands: older ASA releases use IOS's
//! `crypto isakmp` / `crypto ipsec transform-set`, and ASA 9.x has
//! IOS-style VTIs, so those are read by both; but a command only the other
//! dialect has (ASA's `crypto ikev1 ...`, `crypto ipsec ikev1|ikev2 ...`,
//! `tunnel-group`, one-line `crypto map NAME SEQ set ...`, `set ikev1 |
//! ikev2 ...` in an IOS file; IOS's ISAKMP / IKEv2 profiles, keyrings,
//! IKEv2 proposals, Easy VPN groups and block-form crypto map entries in an
//! ASA file) is a located warning and is not read, so that nothing of it
//! is merged and given this dialect's defaults. batfish's `cisco_crypto`
//! unit config mixes both on purpose. A tunnel that depends on such a line
//! names the side it would have set in `unresolved`, and the audit reports
//! that side unknown. [`read_ios`] and [`read_asa`] otherwise differ in
//! defaults, `logging host` syntax and banners. `resolve` then links the
//! pieces into tunnels, and `detect` tells the two dialects apart from each
//! other and from everything else.
//!
//! # What a tunnel is
//!
//! * each crypto-map entry `crypto map NAME SEQ` of type `ipsec-isakmp`
//!   (IOS's default), `ipsec-manual`, or `ipsec-isakmp dynamic DYN`, named
//!   `"NAME SEQ"`. IOS writes the entry as a block, ASA as one-line
//!   commands (`crypto map NAME SEQ set peer X`); both feed the same entry.
//!   `gdoi` entries (GETVPN group keying) are not tunnels: their crypto
//!   comes from the key server. An entry is reported whether or not the map
//!   is applied to an interface (`show running-config crypto map` fragments
//!   never show that). A dynamic entry takes its crypto from every entry of
//!   the dynamic map it names and has no peer.
//! * each interface with `tunnel protection ipsec profile P` (IOS and ASA
//!   VTIs, DMVPN, virtual templates), named after the interface
//!   (`"Tunnel1"`); its peer is the `tunnel destination`, else a DMVPN
//!   spoke's NHS NBMA address.
//!
//! The first `set peer` is the peer (later ones are backups). Tunnels come
//! in line order.
//!
//! # IKE version, proposals and mode
//!
//! IKEv2 when the entry / IPsec profile sets an IKEv2 profile (IOS `set
//! ikev2-profile`) or an IKEv2 IPsec proposal (ASA `set ikev2
//! ipsec-proposal`); IKEv1 when it sets an ISAKMP profile, an ASA `ikev1
//! transform-set` or a phase-1 mode. When it sets both, it reports 1 (the
//! tunnel still accepts IKEv1) with the proposals of both. When it says
//! nothing: IKEv1 if there is any ISAKMP / IKEv1 configuration, else IKEv2
//! if there is IKEv2 configuration, else IKEv1 on IOS (what IOS uses
//! without an IKEv2 profile) and unknown on ASA. Manual keying has none.
//!
//! IKEv1 proposals are all the ISAKMP / IKEv1 policies (IKEv1 offers every
//! policy to every peer), in priority order, each as one string
//! `"<encryption> <hash> group <n>"` (`"aes 256 sha256 group 14"`). Values
//! a policy leaves out are the device's defaults, because `show
//! running-config` hides them (IOS prints no `hash sha`): on IOS DES,
//! SHA-1, RSA signatures, group 1 (the command reference's "default
//! protection suite"); on ASA 3DES, SHA-1, pre-shared key, group 2 (ASA 8.0
//! to 9.12; ASA prints every value anyway). Each value so filled in is in
//! `Tunnel.defaults`, with the document it comes from and the releases it
//! covers. The command references cover IOS 12.x to 15.x: a file whose
//! `version` says 16 or later (IOS-XE 16, 17), or an ASA file after 9.12,
//! gets no filled-in value, and the IKE side is `unresolved` instead (the
//! defaults of those releases are not confirmed). A file that names no
//! release is read with the documented values, which are the weakest a
//! device uses (never a gap read as a pass). A file with no policy at all leaves
//! the list empty: the built-in default policies (IOS 12.4(20)T+,
//! priorities 65507-65514) vary by release and are not guessed, so the
//! audit sees the crypto as unknown rather than something made up.
//!
//! IKEv2 proposals are those the IKEv2 policies name (IOS `crypto ikev2
//! policy` → `proposal`; IOS ignores proposals no policy names), or the
//! algorithms written inline in ASA's numbered `crypto ikev2 policy`; when
//! no policy names one, every `crypto ikev2 proposal` (IOS would then use
//! its built-in default proposal, which varies by release and is not
//! guessed). Each is one string `"<encryptions> <integrities> prf <prfs>
//! group <groups>"`; a PRF not written is not added.
//!
//! Mode (IKEv1 only): main when IOS blocks aggressive mode (`crypto isakmp
//! aggressive-mode disable` refuses it "to and from the device");
//! otherwise aggressive when the tunnel initiates it (ASA `set ikev1
//! phase1-mode aggressive`, IOS `crypto isakmp peer` with `set
//! aggressive-mode ...`, ISAKMP profile `initiate mode aggressive`); main
//! when the entry sets main mode or ASA refuses inbound aggressive mode
//! (`crypto ikev1 am-disable`); otherwise unknown (`None`): the device
//! initiates main mode but by default still answers aggressive mode, and
//! the audit should see that open question.
//!
//! # ESP and PFS
//!
//! ESP proposals are the transform sets (IOS `set transform-set`, ASA `set
//! ikev1 transform-set`) and ASA IKEv2 IPsec proposals the tunnel names, as
//! written (`"esp-aes 256 esp-sha256-hmac"`); a name the file does not
//! define adds nothing, and neither does IOS's built-in default transform
//! set. `comp-lzs` (IP compression, no cryptography) is left out; ASA's
//! `esp-none` (no integrity) is kept and stays unknown to the catalogue on
//! purpose. In ASA IKEv2 IPsec proposals and IKEv2 policies, `integrity
//! null` beside AES-GCM/GMAC means "no separate integrity" and is dropped,
//! because the catalogue reads `null` as NULL encryption; beside a CBC
//! cipher only, it is kept, so the audit flags a cipher running without
//! integrity.
//!
//! `set pfs groupN` gives `pfs: Some(true)` and appends `group N` to every
//! ESP proposal of the tunnel (or is the only ESP entry), so a weak PFS
//! group is judged like any other algorithm. A bare `set pfs` means group 1
//! on IOS (command reference; recorded in `Tunnel.defaults`, and only for
//! releases up to 15.x); elsewhere (IOS-XE 16+, ASA) the group is not
//! confirmed: PFS is on and the tunnel's `unresolved` says the group is
//! unknown. No `set pfs` on an entry or profile the file defines is
//! `Some(false)` (PFS is off by default on both); an IPsec profile or
//! dynamic map the file does not define gives `None`, and an unresolved
//! note.
//!
//! # Authentication
//!
//! `pre-share` → psk, `rsa-sig` / `rsa-encr` / `ecdsa-sig` / `certificate`
//! → certificate, `eap` / ASA `crack` → password (EAP is a user password
//! round against AAA: "Configuring the FlexVPN Server", Peer Authentication
//! Using EAP).
//!
//! IOS, IKEv1: the methods of all policies (every policy applies to every
//! peer). The tunnel's ISAKMP profile is the one its entry (or `crypto map
//! NAME isakmp-profile P`) names, else the one whose `match identity
//! address` covers the peer (AWS-style configurations link keyrings that
//! way). With no policy at all, the profile's `keyring` (`crypto keyring
//! K` / `pre-shared-key address A key X`) gives psk and its `ca
//! trust-point` certificate; without a profile, psk when `crypto isakmp
//! key` exists for the peer (or the wildcard 0.0.0.0). XAUTH — `client
//! authentication list` in the profile, or `crypto map NAME client
//! authentication list L` for the map's entries (peers whose key says
//! `no-xauth` skip it) — adds password; an Easy VPN client's group key
//! (`crypto isakmp client configuration group G` / `key`, through `match
//! identity group G`, or any group's for a map entry without a fixed peer)
//! adds psk. Sources: Cisco IOS Security Command Reference ("crypto
//! keyring", "pre-shared-key", "crypto isakmp profile", "keyring", "ca
//! trust-point", "match identity", "client authentication list", "crypto
//! map client authentication list", "crypto map isakmp-profile", "crypto
//! isakmp client configuration group"), Cisco IOS XE "Easy VPN Server"
//! configuration guide, Cisco document 117259 (ISAKMP profiles with
//! several keyrings).
//!
//! IOS, IKEv2: the `authentication local|remote` methods of the IKEv2
//! profile the tunnel names (else the one whose `match identity remote
//! address` covers the peer); `keyring local K` must be defined
//! ("Configuring Internet Key Exchange Version 2 and FlexVPN
//! Site-to-Site", IKEv2 Keyring / IKEv2 Profile).
//!
//! ASA: the `ipsec-attributes` of the tunnel-group named after the peer
//! (else `DefaultL2LGroup`; tunnels without a fixed peer add every
//! remote-access group and the built-in `DefaultRAGroup` /
//! `DefaultWEBVPNGroup`), before the policies: `ikev1 pre-shared-key` /
//! `ikev1 trust-point` for IKEv1, `ikev2 local-|remote-authentication` for
//! IKEv2. A remote-access group adds, for IKEv1 clients, the XAUTH password
//! round against its `authentication-server-group` (unless `isakmp
//! ikev1-user-authentication none` / `ikev1 user-authentication none`, and
//! only where the group can authenticate phase 1), and for IKEv2
//! (AnyConnect) clients its `webvpn-attributes` `authentication` methods:
//! `aaa` → password, `certificate` → certificate (Cisco ASA Series VPN CLI
//! Configuration Guide, "Connection Profiles, Group Policies, and Users";
//! Cisco ASA Series Command Reference, "authentication" in tunnel-group
//! webvpn-attributes mode). That these apply to IKEv2 clients as well as
//! SSL ones is the reading of those guides, not confirmed against an ASA.
//!
//! MFA is claimed only where the configuration proves two factors of the
//! user: `authentication aaa certificate` (a user certificate and an AAA
//! password, both required) in the tunnel-group — and, for a tunnel without
//! a fixed peer, in every remote-access group and in the built-in
//! `DefaultRAGroup` and `DefaultWEBVPNGroup`, which otherwise ask for `aaa`
//! alone (the command's documented default) and which a client can land
//! in. A group pre-shared key with an XAUTH password is *not* MFA: the key
//! is shared by every user of the group, so it is no factor of the user;
//! nor is a certificate with XAUTH or EAP, which the file cannot show to
//! be the user's rather than the device's.
//!
//! # Located warnings
//!
//! `ConfigFacts.warnings`, in line order, never quoting a secret (names,
//! lines and fixed words only): the other dialect's commands (above);
//! transform sets, ASA IPsec proposals, IKEv2 proposals no IKEv2 policy
//! names, IKEv2 policies when no tunnel uses IKEv2, ISAKMP / IKEv2 profiles
//! no entry names whose identities cover no peer (or that match nothing),
//! and IKEv2 keyrings no profile names — all used by nothing (ISAKMP
//! keyrings are not: IOS also looks keys up in keyrings no profile names);
//! crypto maps applied to no interface, in files that have interfaces;
//! interfaces carrying a crypto map or tunnel protection that are shut
//! down; and every reference to something undefined, at the line that
//! names it (the tunnels built on it say so in `unresolved` too).
//!
//! # Lines, defaults and release
//!
//! `Tunnel.lines`: IKE — the first IKEv1 policy in priority order, or the
//! first IKEv2 proposal in use (IOS proposal, ASA policy); ESP — the first
//! transform set or IPsec proposal used; PFS — the `set pfs` line; auth —
//! the tunnel-group line that sets the first method, else the keyring
//! `pre-shared-key`, `ca trust-point`, Easy VPN `key` or `crypto isakmp
//! key` line, else the IKEv2 profile's `authentication` line or the first
//! policy `authentication` line. `ConfigFacts.release`: `version 15.2`
//! (IOS) or `ASA Version 9.8(4)`, the first one.
//!
//! # Sources
//!
//! * Cisco IOS Security Command Reference, crypto isakmp aggressive-mode
//!   disable through crypto mib (crypto isakmp key / profile / client
//!   configuration group, crypto keyring, crypto map client authentication
//!   list, crypto map isakmp-profile):
//!   <http://www.cisco.com/en/US/docs/ios/security/command/reference/sec_c4.html>
//! * Cisco IOS XE Easy VPN Server configuration guide:
//!   <https://cisco.com/c/en/us/td/docs/ios-xml/ios/sec_conn_esyvpn/configuration/xe-16-8/sec-easy-vpn-xe-16-8-book/sec-easy-vpn-srvr.html>
//! * Configuring the FlexVPN Server (EAP):
//!   <https://cisco.com/c/en/us/td/docs/routers/ios/config/17-x/sec-vpn/b-security-vpn/m_sec-cfg-flex-serv-0.html>
//!   and Configuring the FlexVPN Client (EAP local only with a
//!   certificate-based remote method):
//!   <https://bxin.cisco.com/content/en/us/td/docs/routers/ios/config/17-x/sec-vpn/b-security-vpn/m_sec-cfg-flex-clnt.html>
//! * Cisco document 117259, multiple keyrings with ISAKMP profiles:
//!   <https://cisco.com/c/zh_cn/support/docs/security-vpn/ipsec-negotiation-ike-protocols/117259-trouble-ios-ike-00.html>
//! * Cisco ASA VPN CLI Configuration Guide 9.8, Connection Profiles, Group
//!   Policies, and Users:
//!   <https://www.cisco.com/c/en/us/td/docs/security/asa/asa98/configuration/vpn/asa-98-vpn-config/vpn-groups.html>
//! * Cisco ASA Series Command Reference 8.4-8.7, "authentication"
//!   (tunnel-group webvpn-attributes) and "authentication-server-group":
//!   <http://cisco.com/en/US/docs/security/asa/asa84/command/reference/a2.html>
//! * Cisco ASA CLI Configuration Guide, Configuring IPsec and ISAKMP (IKE
//!   policy defaults; "New ASA configurations do not have a default IKEv1
//!   or IKEv2 policy"):
//!   <https://cisco.com/c/en/us/td/docs/security/asa/asa915/configuration/vpn/asa-915-vpn-config/vpn-ike.html>
//!
//! # Logging
//!
//! Remote log hosts: IOS `logging host [ipv6] X`, the old `logging X` and
//! `logging server X`; ASA `logging host IFACE X`.
//!
//! # Errors
//!
//! Unknown and unrelated lines are ignored, and a reference to something
//! the file does not define is recorded as far as it goes, never an error:
//! `show running-config <section>` fragments must read, and a file without
//! crypto has no tunnels. A [`ReadError`] means the text cannot be a Cisco
//! configuration, or was cut off:
//! * a NUL byte (binary data);
//! * a line longer than [`MAX_LINE`] bytes (64 KiB);
//! * an IOS banner whose delimiter never comes back, or certificate / key
//!   hex data not closed by `quit` at the end of the file: the file was cut
//!   off, and what would have followed is unknown;
//! * proposals that would expand past [`MAX_PROPOSAL_BYTES`] (many entries
//!   times many IKEv1 policies): reported, never truncated silently.
//!
//! # Secrets
//!
//! Readers keep only names, addresses and algorithm keywords. Pre-shared
//! keys (`crypto isakmp key`, keyring `pre-shared-key ... key`, IKEv2
//! keyring and profile keys, tunnel-group keys), manual session keys,
//! passwords and type 5/7/8/9 strings are never stored, and error messages
//! describe the problem without quoting the line.
//!
//! Cisco has no Chinese national-standard (SM2/SM3/SM4) IPsec algorithms on
//! IOS, IOS-XE or ASA, so there are no such keywords to read.

mod detect;
mod parse;
mod resolve;

use super::{ConfigFacts, ReadError};

/// Longest configuration line read, in bytes; a longer one is an error.
pub const MAX_LINE: usize = 64 * 1024;

/// Most bytes of proposal strings one file may expand to (all tunnels
/// together); beyond it the file is an error rather than a truncated list.
pub const MAX_PROPOSAL_BYTES: usize = 32 * 1024 * 1024;

/// Which device's defaults apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Ios,
    Asa,
}

/// True when the text looks like a Cisco IOS / IOS-XE configuration (or a
/// `show running-config` fragment of one). Never true together with
/// [`looks_like_asa`].
pub fn looks_like_ios(text: &str) -> bool {
    detect::classify(text) == Some(Flavour::Ios)
}

/// True when the text looks like a Cisco ASA configuration (or a
/// `show running-config` fragment of one). Never true together with
/// [`looks_like_ios`].
pub fn looks_like_asa(text: &str) -> bool {
    detect::classify(text) == Some(Flavour::Asa)
}

/// Reads a Cisco IOS / IOS-XE configuration.
pub fn read_ios(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavour::Ios)
}

/// Reads a Cisco ASA configuration.
pub fn read_asa(text: &str) -> Result<ConfigFacts, ReadError> {
    read(text, Flavour::Asa)
}

fn read(text: &str, flavour: Flavour) -> Result<ConfigFacts, ReadError> {
    read_for_release(text, flavour, None)
}

/// Reads a configuration whose device is known to run `release` where the
/// file itself does not say (`version` / `ASA Version` lines win).
pub(crate) fn read_for_release(
    text: &str,
    flavour: Flavour,
    release: Option<&str>,
) -> Result<ConfigFacts, ReadError> {
    let mut model = parse::parse(text, flavour)?;
    if model.release.is_none() {
        model.release = release.map(str::to_string);
    }
    resolve::facts(&model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Catalogue;
    use crate::evidence::{AuthMethod, IkeMode};

    fn names(p: &str) -> Vec<String> {
        let n = Catalogue::builtin().normalise(p);
        assert!(n.unknown.is_empty(), "{p:?}: unknown {:?}", n.unknown);
        n.names().map(str::to_string).collect()
    }

    /// Every keyword value Cisco documents, in the strings the readers
    /// build, normalises to exactly the expected algorithms.
    #[test]
    fn every_cisco_keyword_normalises() {
        let ios_v1_enc = [
            ("des", "DES"),
            ("3des", "3DES"),
            ("aes", "AES-128-CBC"),
            ("aes 128", "AES-128-CBC"),
            ("aes 192", "AES-192-CBC"),
            ("aes 256", "AES-256-CBC"),
        ];
        let asa_v1_enc = [
            ("des", "DES"),
            ("3des", "3DES"),
            ("aes", "AES-128-CBC"),
            ("aes-192", "AES-192-CBC"),
            ("aes-256", "AES-256-CBC"),
        ];
        let v1_hash = [
            ("md5", "MD5"),
            ("sha", "SHA-1"),
            ("sha256", "SHA-256"),
            ("sha384", "SHA-384"),
            ("sha512", "SHA-512"),
        ];
        let groups = [
            ("1", "MODP-768"),
            ("2", "MODP-1024"),
            ("5", "MODP-1536"),
            ("14", "MODP-2048"),
            ("15", "MODP-3072"),
            ("16", "MODP-4096"),
            ("19", "ECP-256"),
            ("20", "ECP-384"),
            ("21", "ECP-521"),
            ("24", "MODP-2048-256"),
            ("31", "CURVE25519"),
        ];
        for (e, ec) in ios_v1_enc.iter().chain(&asa_v1_enc) {
            for (h, hc) in &v1_hash {
                for (g, gc) in &groups {
                    assert_eq!(names(&format!("{e} {h} group {g}")), [*ec, *hc, *gc]);
                }
            }
        }
        // IKEv2: IOS proposals and ASA policies.
        let v2_enc = [
            ("aes-cbc-128", "AES-128-CBC"),
            ("aes-cbc-192", "AES-192-CBC"),
            ("aes-cbc-256", "AES-256-CBC"),
            ("aes-gcm-128", "AES-128-GCM"),
            ("aes-gcm-256", "AES-256-GCM"),
            ("aes-gcm", "AES-128-GCM"),
            ("aes-gcm-192", "AES-192-GCM"),
            ("aes", "AES-128-CBC"),
            ("aes-192", "AES-192-CBC"),
            ("aes-256", "AES-256-CBC"),
            ("3des", "3DES"),
            ("des", "DES"),
        ];
        let v2_int = [
            ("md5", "MD5", "PRF-MD5"),
            ("sha", "SHA-1", "PRF-SHA-1"),
            ("sha1", "SHA-1", "PRF-SHA-1"),
            ("sha256", "SHA-256", "PRF-SHA-256"),
            ("sha384", "SHA-384", "PRF-SHA-384"),
            ("sha512", "SHA-512", "PRF-SHA-512"),
        ];
        for (e, ec) in &v2_enc {
            for (i, ic, pc) in &v2_int {
                assert_eq!(
                    names(&format!("{e} {i} prf {i} group 19 14")),
                    [*ec, *ic, *pc, "ECP-256", "MODP-2048"]
                );
            }
        }
        assert_eq!(
            names("aes-gcm-256 aes-cbc-256 sha512 sha384 prf sha512 sha384 group 21 20"),
            [
                "AES-256-GCM",
                "AES-256-CBC",
                "SHA-512",
                "SHA-384",
                "PRF-SHA-512",
                "PRF-SHA-384",
                "ECP-521",
                "ECP-384"
            ]
        );
        // IOS transform sets (ESP and AH transforms).
        let ios_esp = [
            ("esp-des", "DES"),
            ("esp-3des", "3DES"),
            ("esp-aes", "AES-128-CBC"),
            ("esp-aes 128", "AES-128-CBC"),
            ("esp-aes 192", "AES-192-CBC"),
            ("esp-aes 256", "AES-256-CBC"),
            ("esp-null", "NULL"),
            ("esp-seal", "SEAL"),
        ];
        let ios_auth = [
            ("esp-md5-hmac", "MD5"),
            ("esp-sha-hmac", "SHA-1"),
            ("esp-sha256-hmac", "SHA-256"),
            ("esp-sha384-hmac", "SHA-384"),
            ("esp-sha512-hmac", "SHA-512"),
            ("ah-md5-hmac", "MD5"),
            ("ah-sha-hmac", "SHA-1"),
            ("ah-sha256-hmac", "SHA-256"),
            ("ah-sha384-hmac", "SHA-384"),
            ("ah-sha512-hmac", "SHA-512"),
        ];
        for (e, ec) in &ios_esp {
            for (a, ac) in &ios_auth {
                assert_eq!(names(&format!("{e} {a} group 14")), [*ec, *ac, "MODP-2048"]);
            }
        }
        for (t, c) in [
            ("esp-gcm", "AES-128-GCM"),
            ("esp-gcm 128", "AES-128-GCM"),
            ("esp-gcm 256", "AES-256-GCM"),
            ("esp-gmac", "AES-128-GMAC"),
            ("esp-gmac 256", "AES-256-GMAC"),
        ] {
            assert_eq!(names(&format!("{t} group 20")), [c, "ECP-384"]);
        }
        // ASA IKEv1 transform sets and IKEv2 IPsec proposals.
        for (e, ec) in [
            ("esp-des", "DES"),
            ("esp-3des", "3DES"),
            ("esp-aes", "AES-128-CBC"),
            ("esp-aes-192", "AES-192-CBC"),
            ("esp-aes-256", "AES-256-CBC"),
            ("esp-null", "NULL"),
        ] {
            for (a, ac) in [("esp-md5-hmac", "MD5"), ("esp-sha-hmac", "SHA-1")] {
                assert_eq!(names(&format!("{e} {a}")), [ec, ac]);
            }
        }
        for (e, ec) in [
            ("aes-gmac", "AES-128-GMAC"),
            ("aes-gmac-192", "AES-192-GMAC"),
            ("aes-gmac-256", "AES-256-GMAC"),
            ("null", "NULL"),
        ] {
            assert_eq!(names(e), [ec]);
        }
        for (i, ic) in [
            ("md5", "MD5"),
            ("sha-1", "SHA-1"),
            ("sha-256", "SHA-256"),
            ("sha-384", "SHA-384"),
            ("sha-512", "SHA-512"),
        ] {
            assert_eq!(
                names(&format!("aes-256 {i} group 21")),
                ["AES-256-CBC", ic, "ECP-521"]
            );
        }
        // ASA's "esp-none" (ESP without integrity) names no algorithm and
        // stays unknown on purpose: the audit must see it.
        let n = Catalogue::builtin().normalise("esp-aes-256 esp-none");
        assert_eq!(n.unknown, ["esp-none"]);
    }

    #[test]
    fn indentation_is_relative_and_comments_do_not_close_blocks() {
        // The whole file indented by one space, a column-0 comment inside a
        // block, `exit` lines, CRLF line ends and a BOM.
        let text = "\u{feff} hostname r\r\n crypto isakmp policy 10\r\n!  a note\r\n  encr aes 256\r\n  group 14\r\n exit\r\n crypto ipsec transform-set T esp-aes 256 esp-sha-hmac\r\n crypto map M 10 ipsec-isakmp ! trailing comment\r\n  set peer 192.0.2.1\r\n  set transform-set T\r\n";
        let f = read_ios(text).expect("reads");
        assert_eq!(f.tunnels.len(), 1);
        let t = &f.tunnels[0];
        assert_eq!((t.name.as_str(), t.line), ("M 10", 8));
        assert_eq!(t.ike, ["aes 256 sha group 14"]);
        assert_eq!(t.esp, ["esp-aes 256 esp-sha-hmac"]);
        assert_eq!(t.peer.as_deref(), Some("192.0.2.1"));
    }

    #[test]
    fn policies_in_priority_order_and_redefinitions_merge() {
        let text = "crypto isakmp policy 100\n encr 3des\ncrypto isakmp policy 9\n encr aes\n group 19\ncrypto isakmp policy 100\n hash sha384\n group 5\ncrypto map M 1\n set peer 192.0.2.1\n";
        let f = read_ios(text).expect("reads");
        assert_eq!(
            f.tunnels[0].ike,
            ["aes sha group 19", "3des sha384 group 5"]
        );
        // Policies without `authentication` default to RSA signatures.
        assert_eq!(f.tunnels[0].auth, [AuthMethod::Certificate]);
        assert_eq!(f.tunnels[0].pfs, Some(false));
    }

    #[test]
    fn ikev2_version_inference() {
        // Only IKEv2 configuration and no profile named: IKEv2. No IKEv2
        // policy names the proposal, so it is not negotiated: the release's
        // default proposal is, which the file does not show.
        let text = "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha256\n group 14\ncrypto ipsec profile IP\n set transform-set T\ninterface Tunnel5\n tunnel destination 192.0.2.9\n tunnel protection ipsec profile IP\n";
        let f = read_ios(text).expect("reads");
        let t = &f.tunnels[0];
        assert_eq!(t.ike_version, Some(2));
        assert!(t.ike.is_empty(), "{:?}", t.ike);
        // Nothing at all: IOS uses IKEv1 without an IKEv2 profile; ASA
        // cannot tell.
        let text = "crypto map M 1 ipsec-isakmp\n set peer 192.0.2.1\n";
        assert_eq!(
            read_ios(text).expect("reads").tunnels[0].ike_version,
            Some(1)
        );
        let text = "crypto map M 1 set peer 192.0.2.1\n";
        assert_eq!(read_asa(text).expect("reads").tunnels[0].ike_version, None);
        // An IPsec profile that the file does not define: PFS unknown.
        let text = "interface Tunnel1\n tunnel protection ipsec profile NOWHERE\n";
        let t = &read_ios(text).expect("reads").tunnels[0];
        assert_eq!((t.pfs, t.peer.as_deref()), (None, None));
    }

    #[test]
    fn aggressive_mode_refused_globally_means_main() {
        let text = "crypto isakmp policy 1\n authentication pre-share\ncrypto ikev1 am-disable\ncrypto map M 1 set peer 192.0.2.1\ncrypto map M 1 set ikev1 transform-set T\n";
        let t = &read_asa(text).expect("reads").tunnels[0];
        assert_eq!(t.ike_mode, Some(IkeMode::Main));
        assert_eq!(t.ike, ["3des sha group 2"]);
        assert_eq!(t.auth, [AuthMethod::Psk]);
    }

    #[test]
    fn ios_aggressive_mode_disable_overrides_a_peer_setting() {
        let peer = "crypto isakmp policy 1\ncrypto isakmp peer address 192.0.2.1\n set aggressive-mode client-endpoint fqdn a.example\ncrypto map M 1 ipsec-isakmp\n set peer 192.0.2.1\n";
        let t = &read_ios(peer).expect("reads").tunnels[0];
        assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
        let blocked = format!("{peer}crypto isakmp aggressive-mode disable\n");
        let t = &read_ios(&blocked).expect("reads").tunnels[0];
        assert_eq!(t.ike_mode, Some(IkeMode::Main));
        // ASA's am-disable refuses inbound aggressive mode only.
        let asa = "crypto ikev1 am-disable\ncrypto map M 1 set peer 192.0.2.1\ncrypto map M 1 set ikev1 phase1-mode aggressive\n";
        let t = &read_asa(asa).expect("reads").tunnels[0];
        assert_eq!(t.ike_mode, Some(IkeMode::Aggressive));
    }

    #[test]
    fn null_integrity_is_kept_beside_a_cbc_cipher() {
        let text = "crypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption aes-256\n protocol esp integrity null\ncrypto map M 1 set ikev2 ipsec-proposal P\n";
        let t = &read_asa(text).expect("reads").tunnels[0];
        assert_eq!(t.esp, ["aes-256 null"]);
    }

    #[test]
    fn banners() {
        // Single-line, other delimiters, and an ASA-style banner in IOS.
        for banner in [
            "banner motd ^C one line ^C",
            "banner login #\nline\ncrypto map X 1 ipsec-isakmp\n#",
            "banner exec %\n%",
            "banner ^Cno type^C",
            "banner motd Welcome to the router",
            "banner motd \u{3}\ncrypto map X 1 ipsec-isakmp\n\u{3}",
        ] {
            let text = format!("{banner}\ncrypto map M 1 ipsec-isakmp\n set peer 192.0.2.1\n");
            let f = read_ios(&text).unwrap_or_else(|e| panic!("{banner:?}: {e:?}"));
            let names: Vec<&str> = f.tunnels.iter().map(|t| t.name.as_str()).collect();
            assert_eq!(names, ["M 1"], "{banner:?}");
        }
        let e = read_ios("banner motd #\nno end\n").expect_err("unterminated");
        assert_eq!((e.line, e.col), (1, 13));
        // ASA never reads banners as blocks.
        assert!(read_asa("banner motd #\nno end\n").is_ok());
    }

    #[test]
    fn binary_and_overlong_input_are_errors() {
        let e = read_ios("hostname a\ncrypto ké\0y\n").expect_err("NUL");
        assert_eq!((e.line, e.col), (2, 10));
        let long = format!("hostname a\ndescription {}\n", "x".repeat(MAX_LINE));
        let e = read_asa(&long).expect_err("long line");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("65536"), "{}", e.message);
        // Exactly at the limit is fine.
        let ok = format!("{}\n", "x".repeat(MAX_LINE));
        assert!(read_ios(&ok).is_ok());
    }

    #[test]
    fn empty_and_unrelated_input_has_no_tunnels() {
        for text in [
            "",
            "\n\n",
            "!\n",
            "hostname x\ninterface Gi0/0\n ip address dhcp\n",
        ] {
            let f = read_ios(text).expect("reads");
            assert!(f.tunnels.is_empty() && f.log_hosts.is_empty());
            assert!(read_asa(text).expect("reads").tunnels.is_empty());
        }
    }

    #[test]
    fn log_hosts() {
        let ios = "logging host 192.0.2.1\nlogging host ipv6 2001:db8::1\nlogging 192.0.2.2\nlogging server syslog.example.com\nlogging buffered 4096\nlogging trap debugging\nlogging host 192.0.2.1 transport tcp\nlogging host syslog01 vrf Mgmt\nlogging host inside 192.0.2.3\n";
        assert_eq!(
            read_ios(ios).expect("reads").log_hosts,
            [
                "192.0.2.1",
                "2001:db8::1",
                "192.0.2.2",
                "syslog.example.com",
                "syslog01",
                "192.0.2.3"
            ]
        );
        let asa =
            "logging host inside 192.0.2.5\nlogging host mgmt syslog01 6/1470\nlogging trap 5\n";
        assert_eq!(
            read_asa(asa).expect("reads").log_hosts,
            ["192.0.2.5", "syslog01"]
        );
    }

    #[test]
    fn detection_is_exclusive_and_ignores_other_dialects() {
        let ios = "version 15.2\nhostname r1\n!\ncrypto isakmp policy 10\n";
        let asa = ": Saved\nASA Version 9.8(4)\nhostname fw\n";
        assert!(looks_like_ios(ios) && !looks_like_asa(ios));
        assert!(looks_like_asa(asa) && !looks_like_ios(asa));
        for other in [
            "",
            "connections {\n  site {\n    version = 2\n  }\n}\n",
            "config setup\nconn home\n  ike=aes256-sha256-modp2048!\n",
            "[Interface]\nPrivateKey = x\n[Peer]\nEndpoint = 192.0.2.1:51820\n",
            "client\ndev tun\nremote vpn.example.com 1194\ncipher AES-256-GCM\n",
            "set security ike proposal P encryption-algorithm aes-256-cbc\n",
            "config vpn ipsec phase1-interface\n    edit \"t1\"\n    next\nend\n",
            "#\n version 7.1.064, Release 0427P22\n#\n sysname H3C\n#\nike proposal 1\n#\nreturn\n",
            "hostname\n",
        ] {
            assert!(!looks_like_ios(other), "{other:?}");
            assert!(!looks_like_asa(other), "{other:?}");
        }
    }
}
