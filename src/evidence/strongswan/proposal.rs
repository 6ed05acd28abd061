//! strongSwan's own reading of one proposal string, so that a proposal the
//! daemon refuses is never taken for the crypto a tunnel runs.
//!
//! `proposal_create_from_string` in
//! `src/libstrongswan/crypto/proposal/proposal.c` cuts the string at `-`
//! (`enumerator_create_token(algs, "-", " ")`: empty tokens are skipped,
//! spaces around a token trimmed), looks every token up in
//! `src/libstrongswan/crypto/proposal/proposal_keywords_static.txt` (a gperf
//! table built without `--ignore-case` and compared with `strncmp`, so
//! `AES256` is not `aes256`), then in the tokens plugins register (none do in
//! strongSwan 5.3 to 6.0) and the registered parsers (only
//! `additional_key_exchange_parser` in `src/libstrongswan/crypto/key_exchange.c`:
//! `ke1_` .. `ke7_` before a key exchange keyword, the prefix matched with
//! `strcaseeq`). One unknown token refuses the whole proposal. Then
//! `check_proposal` (same file) applies the role rules:
//!
//! - IKE: without a PRF one is derived from each integrity algorithm
//!   (`integ_prf_map`: HMAC-SHA1 -> PRF-HMAC-SHA1, SHA2-256/384/512 ->
//!   PRF-HMAC-SHA2-*, HMAC-MD5 -> PRF-HMAC-MD5, AES-XCBC -> PRF-AES128-XCBC,
//!   Camellia-XCBC -> PRF-Camellia128-XCBC, AES-CMAC -> PRF-AES128-CMAC;
//!   the 96-bit truncated SHA-256 of `sha256_96` has no PRF); still none:
//!   refused. `none` is removed, and then no key exchange left: refused.
//! - ESP and AH: PRFs are removed.
//! - IKE and ESP: no encryption: refused; AEAD beside classic encryption:
//!   refused; AEAD only: integrity removed (so `aes128gcm16-sha256` in IKE
//!   keeps `sha256` only as the PRF it derives); IKE with classic
//!   encryption and no integrity: refused.
//! - AH: AES-GMAC becomes integrity, every other cipher is removed; no
//!   integrity left: refused.
//!
//! The keyword table is the union of that file in strongSwan 5.3.0, 5.5.0,
//! 5.7.0, 5.9.0, 5.9.14, 6.0.0 and the 6.0 development branch, so a keyword
//! one supported release knows (`ntru128`, `newhope128` in 5.x; `mlkem768`
//! in 6.0) is not refused for a file written for that release.

/// What a keyword is, as `check_proposal` treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Classic (non-AEAD) encryption, `null` included.
    Cipher,
    /// Combined-mode encryption (`encryption_algorithm_is_aead` in
    /// `src/libstrongswan/crypto/crypters/crypter.c`): GCM, CCM, AES-GMAC,
    /// ChaCha20-Poly1305.
    Aead,
    Integ,
    Prf,
    /// A key exchange method.
    Ke,
    /// `none` / `modpnone`: no key exchange (KE_NONE).
    KeNone,
    /// `esn` / `noesn`.
    Esn,
}

use Kind::*;

/// The keywords of `proposal_keywords_static.txt` (see the module
/// documentation for the releases), sorted.
const KEYWORDS: &[(&str, Kind)] = &[
    ("3des", Cipher),
    ("aes", Cipher),
    ("aes128", Cipher),
    ("aes128ccm", Aead),
    ("aes128ccm12", Aead),
    ("aes128ccm128", Aead),
    ("aes128ccm16", Aead),
    ("aes128ccm64", Aead),
    ("aes128ccm8", Aead),
    ("aes128ccm96", Aead),
    ("aes128ctr", Cipher),
    ("aes128gcm", Aead),
    ("aes128gcm12", Aead),
    ("aes128gcm128", Aead),
    ("aes128gcm16", Aead),
    ("aes128gcm64", Aead),
    ("aes128gcm8", Aead),
    ("aes128gcm96", Aead),
    ("aes128gmac", Aead),
    ("aes192", Cipher),
    ("aes192ccm", Aead),
    ("aes192ccm12", Aead),
    ("aes192ccm128", Aead),
    ("aes192ccm16", Aead),
    ("aes192ccm64", Aead),
    ("aes192ccm8", Aead),
    ("aes192ccm96", Aead),
    ("aes192ctr", Cipher),
    ("aes192gcm", Aead),
    ("aes192gcm12", Aead),
    ("aes192gcm128", Aead),
    ("aes192gcm16", Aead),
    ("aes192gcm64", Aead),
    ("aes192gcm8", Aead),
    ("aes192gcm96", Aead),
    ("aes192gmac", Aead),
    ("aes256", Cipher),
    ("aes256ccm", Aead),
    ("aes256ccm12", Aead),
    ("aes256ccm128", Aead),
    ("aes256ccm16", Aead),
    ("aes256ccm64", Aead),
    ("aes256ccm8", Aead),
    ("aes256ccm96", Aead),
    ("aes256ctr", Cipher),
    ("aes256gcm", Aead),
    ("aes256gcm12", Aead),
    ("aes256gcm128", Aead),
    ("aes256gcm16", Aead),
    ("aes256gcm64", Aead),
    ("aes256gcm8", Aead),
    ("aes256gcm96", Aead),
    ("aes256gmac", Aead),
    ("aescmac", Integ),
    ("aesxcbc", Integ),
    ("blowfish", Cipher),
    ("blowfish128", Cipher),
    ("blowfish192", Cipher),
    ("blowfish256", Cipher),
    ("camellia", Cipher),
    ("camellia128", Cipher),
    ("camellia128ccm12", Aead),
    ("camellia128ccm128", Aead),
    ("camellia128ccm16", Aead),
    ("camellia128ccm64", Aead),
    ("camellia128ccm8", Aead),
    ("camellia128ccm96", Aead),
    ("camellia128ctr", Cipher),
    ("camellia192", Cipher),
    ("camellia192ccm12", Aead),
    ("camellia192ccm128", Aead),
    ("camellia192ccm16", Aead),
    ("camellia192ccm64", Aead),
    ("camellia192ccm8", Aead),
    ("camellia192ccm96", Aead),
    ("camellia192ctr", Cipher),
    ("camellia256", Cipher),
    ("camellia256ccm12", Aead),
    ("camellia256ccm128", Aead),
    ("camellia256ccm16", Aead),
    ("camellia256ccm64", Aead),
    ("camellia256ccm8", Aead),
    ("camellia256ccm96", Aead),
    ("camellia256ctr", Cipher),
    ("camelliaxcbc", Integ),
    ("cast128", Cipher),
    ("chacha20poly1305", Aead),
    ("chacha20poly1305compat", Aead),
    ("curve25519", Ke),
    ("curve448", Ke),
    ("des", Cipher),
    ("ecp192", Ke),
    ("ecp224", Ke),
    ("ecp224bp", Ke),
    ("ecp256", Ke),
    ("ecp256bp", Ke),
    ("ecp384", Ke),
    ("ecp384bp", Ke),
    ("ecp512bp", Ke),
    ("ecp521", Ke),
    ("esn", Esn),
    ("gost256", Ke),
    ("gost512", Ke),
    ("md5", Integ),
    ("md5_128", Integ),
    ("mlkem1024", Ke),
    ("mlkem512", Ke),
    ("mlkem768", Ke),
    ("modp1024", Ke),
    ("modp1024s160", Ke),
    ("modp1536", Ke),
    ("modp2048", Ke),
    ("modp2048s224", Ke),
    ("modp2048s256", Ke),
    ("modp3072", Ke),
    ("modp4096", Ke),
    ("modp6144", Ke),
    ("modp768", Ke),
    ("modp8192", Ke),
    ("modpnone", KeNone),
    ("modpnull", Ke),
    ("newhope128", Ke),
    ("noesn", Esn),
    ("none", KeNone),
    ("ntru112", Ke),
    ("ntru128", Ke),
    ("ntru192", Ke),
    ("ntru256", Ke),
    ("null", Cipher),
    ("prfaescmac", Prf),
    ("prfaesxcbc", Prf),
    ("prfcamelliaxcbc", Prf),
    ("prfmd5", Prf),
    ("prfsha1", Prf),
    ("prfsha256", Prf),
    ("prfsha384", Prf),
    ("prfsha512", Prf),
    ("serpent", Cipher),
    ("serpent128", Cipher),
    ("serpent192", Cipher),
    ("serpent256", Cipher),
    ("sha", Integ),
    ("sha1", Integ),
    ("sha1_160", Integ),
    ("sha256", Integ),
    ("sha256_96", Integ),
    ("sha2_256", Integ),
    ("sha2_256_96", Integ),
    ("sha2_384", Integ),
    ("sha2_512", Integ),
    ("sha384", Integ),
    ("sha512", Integ),
    ("twofish", Cipher),
    ("twofish128", Cipher),
    ("twofish192", Cipher),
    ("twofish256", Cipher),
    ("x25519", Ke),
    ("x448", Ke),
];

/// `integ_prf_map` in `src/libstrongswan/crypto/proposal/proposal.c`, by
/// keyword: the PRF an IKE proposal without one derives from its integrity
/// algorithm. `sha256_96` / `sha2_256_96` (AUTH_HMAC_SHA2_256_96) are not in
/// the map.
const INTEG_PRF: &[(&str, &str)] = &[
    ("aescmac", "prfaescmac"),
    ("aesxcbc", "prfaesxcbc"),
    ("camelliaxcbc", "prfcamelliaxcbc"),
    ("md5", "prfmd5"),
    ("md5_128", "prfmd5"),
    ("sha", "prfsha1"),
    ("sha1", "prfsha1"),
    ("sha1_160", "prfsha1"),
    ("sha256", "prfsha256"),
    ("sha2_256", "prfsha256"),
    ("sha384", "prfsha384"),
    ("sha2_384", "prfsha384"),
    ("sha512", "prfsha512"),
    ("sha2_512", "prfsha512"),
];

/// The protocol a proposal is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proto {
    Ike,
    Esp,
    Ah,
}

impl Proto {
    fn name(self) -> &'static str {
        match self {
            Proto::Ike => "IKE",
            Proto::Esp => "ESP",
            Proto::Ah => "AH",
        }
    }
}

fn keyword(token: &str) -> Option<Kind> {
    KEYWORDS
        .binary_search_by(|(k, _)| (*k).cmp(token))
        .ok()
        .map(|i| KEYWORDS[i].1)
}

/// A token's kind: a keyword, or `keN_<key exchange>` (N 1..7, `ke`
/// in any case), which is an additional key exchange.
fn kind_of(token: &str) -> Option<Kind> {
    if let Some(k) = keyword(token) {
        return Some(k);
    }
    let b = token.as_bytes();
    if b.len() > 4
        && b[..2].eq_ignore_ascii_case(b"ke")
        && (b'1'..=b'7').contains(&b[2])
        && b[3] == b'_'
    {
        return match keyword(&token[4..]) {
            Some(Ke | KeNone) => Some(Ke),
            _ => None,
        };
    }
    None
}

/// A token that may be quoted in a message: short, plain characters.
fn shown(s: &str) -> String {
    let plain = !s.is_empty()
        && s.len() <= 48
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'!' | b' '));
    if plain {
        format!("\"{s}\"")
    } else {
        "(not shown)".to_string()
    }
}

/// Is this unknown token a built-in keyword written another way: upper
/// case (`AES256`), keywords joined with `_` or a space where strongSwan
/// separates with `-` (`aes256_sha256`, `aes256 sha256`), a keyword cut in
/// two (`aes-256`, `aes256-gcm16`: `prev` and `next` are the neighbouring
/// tokens), a bare number, or a `!`? Such a token is certainly refused;
/// other unknown tokens might be registered by a plugin outside strongSwan's
/// tree (`register_token`, e.g. SM4 in vendor builds), so they are left to
/// the catalogue, never taken as a refusal.
fn misspelt(t: &str, prev: Option<&str>, next: Option<&str>) -> Option<&'static str> {
    let lower = t.to_ascii_lowercase();
    if lower != t && kind_of(&lower).is_some() {
        return Some(" (keywords are lower case)");
    }
    if t.contains('!') {
        return Some(" ('!' is not part of a keyword)");
    }
    let pieces: Vec<&str> = lower
        .split(['_', ' ', '\t'])
        .filter(|p| !p.is_empty())
        .collect();
    if kind_of(&lower.replace('_', "")).is_some()
        || (pieces.len() > 1 && pieces.iter().all(|p| kind_of(p).is_some()))
    {
        return Some(" (algorithms are separated by '-')");
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(" (a key size is part of the keyword, as in aes256)");
    }
    let joined = |a: &str, b: &str| kind_of(&format!("{a}{b}").to_ascii_lowercase()).is_some();
    if prev.is_some_and(|p| joined(p, t)) || next.is_some_and(|n| joined(t, n)) {
        return Some(" (one keyword is written in two parts)");
    }
    None
}

/// Reads one proposal (no `,`; the caller splits the list and takes
/// ipsec.conf's trailing `!` off) the way strongSwan does. Ok: the proposal
/// as the daemon holds it, in the keywords as written, `-`-joined, with the
/// PRF derived from integrity appended (IKE), and what `check_proposal`
/// removes left out (integrity beside AEAD, PRFs in ESP/AH, ciphers in AH,
/// `none` in IKE). `none` in ESP/AH stays, written `modpnone` (so the
/// catalogue does not read it as another vendor's `none`). Err: why
/// strongSwan refuses it.
///
/// A token that is not a strongSwan keyword but no misspelling of one
/// either (see [`misspelt`]) is kept as written, and the checks that need
/// every token's type (a PRF, a key exchange, an encryption or integrity
/// algorithm present) are skipped: what such a token is cannot be told here.
pub(crate) fn parse(proto: Proto, proposal: &str) -> Result<String, String> {
    let raw: Vec<&str> = proposal
        .split('-')
        .map(|t| t.trim_matches(' '))
        .filter(|t| !t.is_empty())
        .collect();
    let mut toks: Vec<(&str, Option<Kind>)> = Vec::with_capacity(raw.len());
    for (i, &t) in raw.iter().enumerate() {
        let k = kind_of(t);
        if k.is_none() {
            let prev = i.checked_sub(1).map(|j| raw[j]);
            if let Some(hint) = misspelt(t, prev, raw.get(i + 1).copied()) {
                return Err(format!("algorithm {} not recognized{hint}", shown(t)));
            }
        }
        toks.push((t, k));
    }
    if toks.is_empty() {
        return Err("the proposal names no algorithm".into());
    }
    let all_known = toks.iter().all(|(_, k)| k.is_some());
    let has = |toks: &[(&str, Option<Kind>)], k: Kind| toks.iter().any(|(_, x)| *x == Some(k));
    let mut derived: Vec<&str> = Vec::new();
    match proto {
        Proto::Ike => {
            if !has(&toks, Prf) {
                for (t, k) in &toks {
                    if *k == Some(Integ)
                        && let Some((_, p)) = INTEG_PRF.iter().find(|(i, _)| i == t)
                        && !derived.contains(p)
                    {
                        derived.push(p);
                    }
                }
                if derived.is_empty() && all_known {
                    return Err("a PRF algorithm is mandatory in IKE proposals".into());
                }
            }
            toks.retain(|(_, k)| *k != Some(KeNone));
            if !has(&toks, Ke) && all_known {
                return Err("a DH group is mandatory in IKE proposals".into());
            }
        }
        Proto::Esp | Proto::Ah => toks.retain(|(_, k)| *k != Some(Prf)),
    }
    match proto {
        Proto::Ike | Proto::Esp => {
            let aead = has(&toks, Aead);
            let classic = has(&toks, Cipher);
            if !aead && !classic && all_known {
                return Err(format!(
                    "an encryption algorithm is mandatory in {} proposals",
                    proto.name()
                ));
            }
            if aead && classic {
                return Err(format!(
                    "classic and combined-mode (AEAD) encryption algorithms can't be contained in the same {} proposal",
                    proto.name()
                ));
            }
            if aead {
                toks.retain(|(_, k)| *k != Some(Integ));
            } else if proto == Proto::Ike && !has(&toks, Integ) && all_known {
                return Err(
                    "an integrity algorithm is mandatory in IKE proposals with classic (non-AEAD) encryption algorithms"
                        .into(),
                );
            }
        }
        Proto::Ah => {
            // AES-GMAC is integrity in AH; other ciphers are dropped.
            toks.retain(|(t, k)| match k {
                Some(Cipher) => false,
                Some(Aead) => t.ends_with("gmac"),
                _ => true,
            });
            for (_, k) in toks.iter_mut() {
                if *k == Some(Aead) {
                    *k = Some(Integ);
                }
            }
            if !has(&toks, Integ) && all_known {
                return Err("an integrity algorithm is mandatory in AH proposals".into());
            }
        }
    }
    let mut out: Vec<&str> = toks
        .iter()
        .map(|(t, k)| if *k == Some(KeNone) { "modpnone" } else { *t })
        .collect();
    out.extend(derived);
    Ok(out.join("-"))
}

/// Whether a proposal names something only strongSwan 6.0 and later know:
/// an additional key exchange (`ke1_` .. `ke7_`, RFC 9370) or ML-KEM.
pub(crate) fn needs_6_0(proposal: &str) -> bool {
    proposal.split('-').any(|t| {
        let t = t.trim().to_ascii_lowercase();
        t.starts_with("mlkem")
            || (t.len() > 4
                && t.starts_with("ke")
                && t.as_bytes()[3] == b'_'
                && kind_of(&t).is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Catalogue;

    /// Odd tokens never panic, and refusals never echo long or unusual text.
    #[test]
    fn odd_tokens() {
        for p in [
            "ke",
            "ke1_",
            "ke1",
            "KE9_ecp256",
            "ke0_ecp256",
            "ke1_ke1_ecp256",
            "kéé_x",
            "ké_ecp256",
            "-",
            "--",
            " ",
            "!",
            "aes256!!",
            "ÄES256",
            "aes\u{0}256",
        ] {
            for proto in [Proto::Ike, Proto::Esp, Proto::Ah] {
                let _ = parse(proto, p);
            }
            let _ = needs_6_0(p);
        }
        let long = format!("{}-sha256", "a!".repeat(150));
        let e = parse(Proto::Esp, &long).unwrap_err();
        assert!(e.len() < 120, "{e}");
        assert_eq!(kind_of("ke7_none"), Some(Ke));
        assert_eq!(kind_of("ke8_ecp256"), None);
        assert_eq!(kind_of("ke1_aes128"), None);
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(KEYWORDS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// Every keyword but the ESN flags and `none` names exactly one
    /// catalogue algorithm.
    #[test]
    fn catalogue_knows_every_keyword() {
        let cat = Catalogue::builtin();
        let mut missing = Vec::new();
        for (k, kind) in KEYWORDS {
            if matches!(kind, Esn | KeNone) {
                continue;
            }
            let n = cat.normalise(k);
            if n.algorithms.len() != 1 || !n.unknown.is_empty() {
                missing.push(*k);
            }
        }
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }
}
