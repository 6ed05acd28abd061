//! Authentication rounds, for both dialects: a round's `auth` value in
//! swanctl's words (`ipsec_conf` puts `leftauth` / `authby` into them) as
//! the inventory's methods, multi-factor authentication judged from what
//! each round proves, and the key strengths the rounds require.

use std::collections::HashSet;

use crate::evidence::AuthMethod;

/// An `auth` value without the RFC 7427 `ike:` prefix (swanctl.conf(5),
/// `local.auth`: "use _ike:_ followed by a trust chain signature scheme
/// constraint", e.g. `ike:rsa/pss-sha256`, `pubkey-sha384-ike:pubkey`).
fn auth_value(v: &str) -> String {
    let v = v.trim().to_ascii_lowercase();
    match v.strip_prefix("ike:") {
        Some(rest) => rest.to_string(),
        None => v,
    }
}

/// One authentication round's `auth` value, as the inventory's methods.
/// swanctl.conf(5) `local.auth`: "_pubkey_, _psk_, _xauth[-backend]_ or
/// _eap[-method]_", public-key constraints also written `rsa`, `ecdsa`,
/// `ed25519`, `ed448`, `bliss` with hash suffixes or `/pss`. EAP-TLS proves
/// a private key and is a certificate; every other EAP method and XAuth is
/// counted as a password round.
fn map_auth(v: &str) -> Option<AuthMethod> {
    let v = auth_value(v);
    let head = v.split(['-', '/', ':']).next().unwrap_or("");
    if v == "eap-tls" {
        return Some(AuthMethod::Certificate);
    }
    match head {
        "psk" | "secret" => Some(AuthMethod::Psk),
        "pubkey" | "rsa" | "rsasig" | "ecdsa" | "ecdsasig" | "ed25519" | "ed448" | "bliss" => {
            Some(AuthMethod::Certificate)
        }
        "eap" | "xauth" => Some(AuthMethod::Password),
        _ => None,
    }
}

/// What a round proves, for multi-factor: a private key (possession) or a
/// secret the user knows. Only rounds whose factor is certain count:
/// `eap-radius`, `eap-dynamic`, bare `eap`, `eap-ttls` and `eap-peap` leave
/// the inner method to the server (it may be EAP-TLS with the same key),
/// and `eap-sim` / `eap-aka` prove a SIM card, not a password.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Factor {
    Possession,
    Knowledge,
}

fn factor(v: &str) -> Option<Factor> {
    let v = auth_value(v);
    match map_auth(&v)? {
        AuthMethod::Certificate => Some(Factor::Possession),
        AuthMethod::Password
            if v.starts_with("xauth")
                || matches!(v.as_str(), "eap-md5" | "eap-mschapv2" | "eap-gtc") =>
        {
            Some(Factor::Knowledge)
        }
        _ => None,
    }
}

/// The methods of both sides' rounds (raw `auth` values, in swanctl's
/// words), plus [`AuthMethod::Mfa`] when one side must prove two factors.
///
/// Judgement, from swanctl.conf(5) (`local<suffix>`/`remote<suffix>`
/// rounds, RFC 4739 multiple authentication) and ipsec.conf(5)
/// (`leftauth2`/`rightauth2`, `authby=xauthrsasig`): a peer is
/// multi-factor authenticated when its own rounds include a private-key
/// round (certificate / public key, or EAP-TLS) *and* a password round
/// whose method is certainly a password (XAuth, EAP-MD5, EAP-MSCHAPv2,
/// EAP-GTC), e.g. `remote-1 { auth = pubkey }` then `remote-2 { auth =
/// eap-mschapv2 }`, or IKEv1 `pubkey` then `xauth`. One factor on each side
/// (gateway certificate, user password) is not MFA; neither is a PSK plus
/// XAuth (the PSK is shared by every user: a group secret, no second
/// factor of the user), nor XAuth alone in the first round (Hybrid Mode).
/// The key strengths the authentication rounds require: a key type
/// followed by its minimum strength in bits (`rsa-2048`, `ecdsa-384`,
/// `rsa-2048-ecdsa-256`, `rsa/pss-3072-sha256`: swanctl.conf(5), `auth`,
/// since 5.4.0), and the EdDSA key types, which have one size. Hash names
/// after them constrain the trustchain's signatures and are kept too
/// (`sha1` there accepts SHA-1 certificates). `pubkey`, `rsa` or `ecdsa`
/// without a strength say nothing of the size and give nothing.
pub(super) fn key_strengths(sides: &[&Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for round in sides.iter().flat_map(|s| s.iter()) {
        let lower = round.trim().to_ascii_lowercase();
        let parts: Vec<&str> = lower.split('-').collect();
        let Some(first) = parts.first() else {
            continue;
        };
        if !matches!(
            *first,
            "pubkey" | "rsa" | "rsa/pss" | "ecdsa" | "ed25519" | "ed448"
        ) {
            continue;
        }
        let mut sized = false;
        let mut i = 0;
        while i < parts.len() {
            let ty = parts[i].trim_end_matches("/pss");
            let size = parts
                .get(i + 1)
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
            match (ty, size) {
                ("rsa" | "ecdsa", Some(n)) => {
                    out.push(format!("{ty}-{n}"));
                    sized = true;
                    i += 2;
                    continue;
                }
                ("ed25519" | "ed448", _) => {
                    out.push(ty.to_string());
                    sized = true;
                }
                (h, _) if sized && h.starts_with("sha") => out.push(h.to_string()),
                _ => {}
            }
            i += 1;
        }
    }
    let mut seen = HashSet::new();
    out.retain(|k| seen.insert(k.clone()));
    out
}

pub(super) fn auth_methods(sides: &[Vec<String>]) -> Vec<AuthMethod> {
    let mut out = Vec::new();
    let mut mfa = false;
    for rounds in sides {
        for m in rounds.iter().filter_map(|r| map_auth(r)) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        let factors: Vec<Factor> = rounds.iter().filter_map(|r| factor(r)).collect();
        if factors.contains(&Factor::Possession) && factors.contains(&Factor::Knowledge) {
            mfa = true;
        }
    }
    if mfa && !out.contains(&AuthMethod::Mfa) {
        out.push(AuthMethod::Mfa);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::strongswan::tests::cat_ok;

    #[test]
    fn key_strengths_are_what_auth_requires() {
        let rounds = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (a, b) = (
            rounds(&["pubkey"]),
            rounds(&["rsa-2048-ecdsa-256", "rsa/pss-3072-sha256", "eap-mschapv2"]),
        );
        assert_eq!(
            key_strengths(&[&a, &b]),
            ["rsa-2048", "ecdsa-256", "rsa-3072", "sha256"]
        );
        let c = rounds(&["pubkey-sha256", "rsa", "ecdsa", "psk", "ed25519"]);
        assert_eq!(key_strengths(&[&c]), ["ed25519"]);
        for k in ["rsa-1024", "rsa-2048", "ecdsa-384", "ed25519"] {
            cat_ok(k);
        }
    }

    #[test]
    fn map_auth_values() {
        assert_eq!(map_auth("psk"), Some(AuthMethod::Psk));
        assert_eq!(map_auth("pubkey-sha256"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("rsa/pss"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("eap-tls"), Some(AuthMethod::Certificate));
        assert_eq!(map_auth("eap-mschapv2"), Some(AuthMethod::Password));
        assert_eq!(map_auth("xauth-radius"), Some(AuthMethod::Password));
        assert_eq!(map_auth("null"), None);
    }
}
