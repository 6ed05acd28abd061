//! Proposal normalisation (one proposal string to catalogue entries) and the
//! crypto profile of a whole VPN.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::catalogue::{
    Algorithm, Catalogue, PRF_KEYWORD, Role, Status, Target, is_digits, is_hard_sep, is_soft_sep,
};

/// What one proposal string names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalised<'c> {
    /// Recognised algorithms, in order of first appearance, without repeats.
    pub algorithms: Vec<&'c Algorithm>,
    /// Unrecognised text as written: each run of consecutive unmatched parts
    /// ("foo-bar"), in order of appearance, without repeats.
    pub unknown: Vec<String>,
}

impl<'c> Normalised<'c> {
    /// Canonical names of the recognised algorithms.
    pub fn names(&self) -> impl Iterator<Item = &'c str> + '_ {
        self.algorithms.iter().map(|a| a.name.as_str())
    }

    /// True when the proposal named nothing, known or unknown.
    pub fn is_empty(&self) -> bool {
        self.algorithms.is_empty() && self.unknown.is_empty()
    }

    fn push(&mut self, a: &'c Algorithm) {
        // Proposals are short; a linear scan beats hashing here.
        if !self.algorithms.iter().any(|x| std::ptr::eq(*x, a)) {
            self.algorithms.push(a);
        }
    }

    fn push_unknown(&mut self, text: &str) {
        if !self.unknown.iter().any(|u| u == text) {
            self.unknown.push(text.to_string());
        }
    }
}

impl Catalogue {
    /// Normalises one proposal (`aes256gcm16-prfsha384-ecp384`,
    /// `esp-aes 256 esp-sha-hmac`, `ECDHE-SM4-GCM-SM3`, ...).
    ///
    /// Case-insensitive. The string is cut into items at `,` `:` `;` `!` and
    /// each item into parts at `-`, `_` and white space. From each part the
    /// longest run of parts that is a catalogue alias or suite wins, the run
    /// read both with '-' between its parts and with nothing between them
    /// (but never gluing two numbers). So a whole suite name, tried first,
    /// beats its pieces. Parts matching nothing go to `unknown` as written.
    /// A bare number after a DH group continues a group list (`group 19 20`);
    /// integrity names after the word `prf` are read as their PRF-X twins.
    ///
    /// Not cached: roughly 0.2-0.3 µs per proposal in a release build (see
    /// the ignored `speed` test), a few small allocations. For repeated
    /// strings use a [`ProposalCache`].
    pub fn normalise(&self, proposal: &str) -> Normalised<'_> {
        let lower = proposal.to_ascii_lowercase();
        let mut m = Matcher {
            cat: self,
            original: proposal,
            lower: &lower,
            parts: Vec::with_capacity(16),
            key: String::with_capacity(64),
            out: Normalised::default(),
        };
        let mut start = None;
        for (i, &b) in lower.as_bytes().iter().enumerate() {
            let hard = is_hard_sep(b);
            if hard || is_soft_sep(b) {
                if let Some(s) = start.take() {
                    m.parts.push((s, i));
                }
                if hard {
                    m.match_item();
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            m.parts.push((s, lower.len()));
        }
        m.match_item();
        m.out
    }
}

/// Scratch state of one `normalise` call.
struct Matcher<'c, 'a> {
    cat: &'c Catalogue,
    original: &'a str,
    /// ASCII-lower-cased copy: same byte offsets as `original`.
    lower: &'a str,
    /// Byte ranges of the parts of the current item.
    parts: Vec<(usize, usize)>,
    /// Reused buffer for joined runs.
    key: String,
    out: Normalised<'c>,
}

impl<'c, 'a> Matcher<'c, 'a> {
    fn part(&self, k: usize) -> &'a str {
        let (s, e) = self.parts[k];
        &self.lower[s..e]
    }

    /// Original spelling of parts `from..=to`, separators included.
    fn original(&self, from: usize, to: usize) -> &'a str {
        &self.original[self.parts[from].0..self.parts[to].1]
    }

    /// Matches the parts of one item, then clears them.
    fn match_item(&mut self) {
        let n = self.parts.len();
        let mut i = 0;
        let mut unknown_from: Option<usize> = None;
        let mut group_list = false;
        let mut prf_mode = false;
        while i < n {
            let part = self.part(i);
            if group_list && is_digits(part) {
                self.flush_unknown(&mut unknown_from, i);
                let group = part.parse::<u16>().ok();
                match group.and_then(|g| self.cat.groups.get(&g)) {
                    Some(&a) => self.out.push(self.cat.by_index(a)),
                    None => self.out.push_unknown(self.original(i, i)),
                }
                i += 1;
                continue;
            }
            group_list = false;
            let Some((target, next)) = self.longest_match(i) else {
                unknown_from.get_or_insert(i);
                prf_mode = false;
                i += 1;
                continue;
            };
            self.flush_unknown(&mut unknown_from, i);
            match target {
                Target::Algorithm(mut a) => {
                    if prf_mode {
                        match self.cat.prf_twin[a] {
                            Some(p) => a = p,
                            None if self.cat.by_index(a).role == Role::Prf => {}
                            None => prf_mode = false,
                        }
                    }
                    // "prf sha1 sha384" matches as the run "prf sha1"
                    // (prfsha1): the written keyword still opens a list.
                    if self.part(i) == PRF_KEYWORD && self.cat.by_index(a).role == Role::Prf {
                        prf_mode = true;
                    }
                    self.out.push(self.cat.by_index(a));
                    group_list = self.cat.has_group[a];
                }
                Target::Suite(s) => {
                    for &a in &self.cat.suites[s] {
                        self.out.push(self.cat.by_index(a));
                    }
                    prf_mode = false;
                }
                Target::Ignore => {}
                Target::PrfKeyword => prf_mode = true,
            }
            i = next;
        }
        self.flush_unknown(&mut unknown_from, n);
        self.parts.clear();
    }

    /// Reports parts `from..end` (if a run is pending) as one unknown.
    fn flush_unknown(&mut self, from: &mut Option<usize>, end: usize) {
        if let Some(f) = from.take() {
            let text = self.original(f, end - 1);
            self.out.push_unknown(text);
        }
    }

    /// The longest run of parts from `i` that names something, and the
    /// index after it.
    fn longest_match(&mut self, i: usize) -> Option<(Target, usize)> {
        let lookup = &self.cat.lookup;
        // No key is longer than max_key_len, so neither is a useful run
        // (its squashed length, the shorter reading, already exceeds it).
        let mut last = i;
        let mut len = self.parts[i].1 - self.parts[i].0;
        while last + 1 < self.parts.len() {
            len += self.parts[last + 1].1 - self.parts[last + 1].0;
            if len > self.cat.max_key_len {
                break;
            }
            last += 1;
        }
        for j in (i + 1..=last).rev() {
            self.key.clear();
            for k in i..=j {
                if k > i {
                    self.key.push('-');
                }
                self.key.push_str(self.part(k));
            }
            if let Some(&t) = lookup.get(self.key.as_str()) {
                return Some((t, j + 1));
            }
            // "group 1 5" must not read as group15.
            let glues_numbers =
                (i..j).any(|k| is_digits(self.part(k)) && is_digits(self.part(k + 1)));
            if !glues_numbers {
                self.key.clear();
                for k in i..=j {
                    self.key.push_str(self.part(k));
                }
                if let Some(&t) = lookup.get(self.key.as_str()) {
                    return Some((t, j + 1));
                }
            }
        }
        lookup.get(self.part(i)).map(|&t| (t, i + 1))
    }
}

/// Memoises [`Catalogue::normalise`] per proposal string. Caching is left
/// to the caller, one cache per thread or audit: no locks, and its memory
/// goes when the audit ends. Bounded: when full it starts over.
#[derive(Debug)]
pub struct ProposalCache<'c> {
    cat: &'c Catalogue,
    map: HashMap<Box<str>, Normalised<'c>>,
}

impl<'c> ProposalCache<'c> {
    /// Most distinct proposal strings kept; audits see far fewer.
    pub const CAPACITY: usize = 65_536;

    pub fn new(cat: &'c Catalogue) -> ProposalCache<'c> {
        ProposalCache {
            cat,
            map: HashMap::new(),
        }
    }

    /// Same result as [`Catalogue::normalise`], computed once per string.
    pub fn normalise(&mut self, proposal: &str) -> &Normalised<'c> {
        if !self.map.contains_key(proposal) {
            if self.map.len() >= Self::CAPACITY {
                self.map.clear();
            }
            let n = self.cat.normalise(proposal);
            self.map.insert(proposal.into(), n);
        }
        &self.map[proposal]
    }

    /// [`CryptoProfile::from_proposals`] through the cache.
    pub fn profile<S: AsRef<str>>(
        &mut self,
        proposals: impl IntoIterator<Item = S>,
    ) -> Option<CryptoProfile> {
        let mut acc = Accumulator::default();
        for p in proposals {
            acc.add(self.normalise(p.as_ref()));
        }
        acc.finish()
    }

    /// Number of cached proposal strings.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// What one VPN's crypto amounts to, from all its proposals. Every list is
/// sorted and without repeats; names are canonical.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CryptoProfile {
    pub encryption: Vec<String>,
    pub integrity: Vec<String>,
    pub prf: Vec<String>,
    pub key_exchange: Vec<String>,
    pub signature: Vec<String>,
    /// All recognised algorithms.
    pub algorithms: Vec<String>,
    /// Every algorithm is national-standard, none is unknown, and there is
    /// at least one.
    pub national_standard: bool,
    pub forbidden: Vec<String>,
    pub deprecated: Vec<String>,
    /// Unrecognised text as written.
    pub unknown: Vec<String>,
}

impl CryptoProfile {
    /// Profile of all the proposals of one VPN. None when nothing is
    /// declared: no proposals, or only empty ones (blank, or only ignored
    /// words such as `esn`).
    pub fn from_proposals<S: AsRef<str>>(
        cat: &Catalogue,
        proposals: impl IntoIterator<Item = S>,
    ) -> Option<CryptoProfile> {
        let mut acc = Accumulator::default();
        for p in proposals {
            acc.add(&cat.normalise(p.as_ref()));
        }
        acc.finish()
    }

    /// Adds another profile's algorithms (keys beside proposals): every
    /// list the union, national-standard only when both are.
    pub fn merge(&mut self, other: CryptoProfile) {
        fn union(a: &mut Vec<String>, b: Vec<String>) {
            a.extend(b);
            a.sort();
            a.dedup();
        }
        union(&mut self.encryption, other.encryption);
        union(&mut self.integrity, other.integrity);
        union(&mut self.prf, other.prf);
        union(&mut self.key_exchange, other.key_exchange);
        union(&mut self.signature, other.signature);
        union(&mut self.algorithms, other.algorithms);
        union(&mut self.forbidden, other.forbidden);
        union(&mut self.deprecated, other.deprecated);
        union(&mut self.unknown, other.unknown);
        self.national_standard &= other.national_standard;
    }

    /// Profile of proposals already normalised (e.g. through a
    /// [`ProposalCache`]); None as for [`CryptoProfile::from_proposals`].
    pub fn from_normalised<'n, 'c: 'n>(
        items: impl IntoIterator<Item = &'n Normalised<'c>>,
    ) -> Option<CryptoProfile> {
        let mut acc = Accumulator::default();
        for n in items {
            acc.add(n);
        }
        acc.finish()
    }
}

/// WireGuard's fixed suite: Curve25519, ChaCha20-Poly1305, BLAKE2s. Names
/// missing from a custom catalogue show up as unknown.
pub fn wireguard(cat: &Catalogue) -> CryptoProfile {
    let mut acc = Accumulator::default();
    acc.add(&cat.normalise("curve25519-chacha20poly1305-blake2s"));
    acc.build()
}

#[derive(Default)]
struct Accumulator<'c> {
    declared: bool,
    algorithms: BTreeSet<&'c str>,
    by_role: [BTreeSet<&'c str>; 5],
    forbidden: BTreeSet<&'c str>,
    deprecated: BTreeSet<&'c str>,
    all_national: bool,
    unknown: BTreeSet<String>,
}

impl<'c> Accumulator<'c> {
    fn add(&mut self, n: &Normalised<'c>) {
        if n.is_empty() {
            return;
        }
        if !self.declared {
            self.declared = true;
            self.all_national = true;
        }
        for a in &n.algorithms {
            let name = a.name.as_str();
            self.algorithms.insert(name);
            self.by_role[role_slot(a.role)].insert(name);
            match a.status {
                Status::Forbidden => {
                    self.forbidden.insert(name);
                }
                Status::Deprecated => {
                    self.deprecated.insert(name);
                }
                Status::Recommended | Status::Acceptable => {}
            }
            self.all_national &= a.national_standard;
        }
        self.unknown.extend(n.unknown.iter().cloned());
    }

    fn finish(self) -> Option<CryptoProfile> {
        self.declared.then(|| self.build())
    }

    fn build(self) -> CryptoProfile {
        let list = |s: &BTreeSet<&str>| s.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let [enc, int, prf, kx, sig] = &self.by_role;
        CryptoProfile {
            encryption: list(enc),
            integrity: list(int),
            prf: list(prf),
            key_exchange: list(kx),
            signature: list(sig),
            algorithms: list(&self.algorithms),
            national_standard: self.all_national
                && !self.algorithms.is_empty()
                && self.unknown.is_empty(),
            forbidden: list(&self.forbidden),
            deprecated: list(&self.deprecated),
            unknown: self.unknown.into_iter().collect(),
        }
    }
}

fn role_slot(r: Role) -> usize {
    match r {
        Role::Encryption => 0,
        Role::Integrity => 1,
        Role::Prf => 2,
        Role::KeyExchange => 3,
        Role::Signature => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::builtin()
    }

    fn norm(p: &str) -> (Vec<&'static str>, Vec<String>) {
        let n = cat().normalise(p);
        (n.names().collect(), n.unknown)
    }

    /// Asserts `p` normalises fully to `expected` (in order).
    fn check(p: &str, expected: &[&str]) {
        let (names, unknown) = norm(p);
        assert_eq!(names, expected, "proposal {p:?}");
        assert!(unknown.is_empty(), "proposal {p:?}: unknown {unknown:?}");
    }

    fn profile(ps: &[&str]) -> CryptoProfile {
        CryptoProfile::from_proposals(cat(), ps.iter().copied()).expect("declared")
    }

    #[test]
    fn strongswan_tokens() {
        check("aes256gcm16", &["AES-256-GCM"]);
        check("sha256", &["SHA-256"]);
        check("modp2048", &["MODP-2048"]);
        check("ecp384", &["ECP-384"]);
        check("prfsha384", &["PRF-SHA-384"]);
        check("curve25519", &["CURVE25519"]);
        check("x25519", &["CURVE25519"]);
        check("chacha20poly1305", &["CHACHA20-POLY1305"]);
        check("aes128gcm8", &["AES-128-GCM-8"]);
        check("aes192gcm12", &["AES-192-GCM-12"]);
        check("aes256gcm128", &["AES-256-GCM"]);
        check("aes128ccm8", &["AES-128-CCM-8"]);
        check("aes256ctr", &["AES-256-CTR"]);
        check("aesxcbc", &["AES-XCBC"]);
        check("prfaesxcbc", &["PRF-AES-XCBC"]);
        check("sha2_256", &["SHA-256"]);
        check("sha256_96", &["SHA-256-96"]);
        check("sha2_256_96", &["SHA-256-96"]);
        check("camelliaxcbc", &["CAMELLIA-XCBC"]);
        check("prfcamelliaxcbc", &["PRF-CAMELLIA-XCBC"]);
        check("modp2048s256", &["MODP-2048-256"]);
        check("ecp256bp", &["BRAINPOOL-P256"]);
        check("null", &["NULL"]);
    }

    #[test]
    fn strongswan_proposals() {
        check(
            "aes256gcm16-prfsha384-ecp384",
            &["AES-256-GCM", "PRF-SHA-384", "ECP-384"],
        );
        check(
            "aes128-sha1-modp1024",
            &["AES-128-CBC", "SHA-1", "MODP-1024"],
        );
        check("3des-sha1", &["3DES", "SHA-1"]);
        check(
            "aes256-sha256-modp2048!",
            &["AES-256-CBC", "SHA-256", "MODP-2048"],
        );
        check("aes256gcm16-esn", &["AES-256-GCM"]);
        check(
            "aes256-sha256-x25519-ke1_mlkem768",
            &["AES-256-CBC", "SHA-256", "CURVE25519", "ML-KEM-768"],
        );
        // A comma-separated list is several items; runs never span them.
        check(
            "aes256gcm16-ecp384,aes128-sha1-modp1024",
            &[
                "AES-256-GCM",
                "ECP-384",
                "AES-128-CBC",
                "SHA-1",
                "MODP-1024",
            ],
        );
    }

    #[test]
    fn cisco_tokens() {
        check("esp-aes 256", &["AES-256-CBC"]);
        check("esp-aes", &["AES-128-CBC"]);
        check("esp-aes-256", &["AES-256-CBC"]); // ASA spelling
        check("esp-gcm 256", &["AES-256-GCM"]);
        check("esp-gcm", &["AES-128-GCM"]);
        check("aes-gcm-256", &["AES-256-GCM"]);
        check("esp-sha256-hmac", &["SHA-256"]);
        check("esp-sha-hmac", &["SHA-1"]);
        check("esp-md5-hmac", &["MD5"]);
        check("esp-3des", &["3DES"]);
        check("esp-des", &["DES"]);
        check("esp-null", &["NULL"]);
        check("group 14", &["MODP-2048"]);
        check("group14", &["MODP-2048"]);
        check("sha512", &["SHA-512"]);
        check("md5", &["MD5"]);
        check("sha", &["SHA-1"]);
        check("aes 256", &["AES-256-CBC"]);
        check("aes", &["AES-128-CBC"]);
        check("aes-cbc-256", &["AES-256-CBC"]);
        check("sha-256", &["SHA-256"]);
        check("rsa-sig", &["RSA-SIG"]);
        check("esp-aes 256 esp-sha256-hmac", &["AES-256-CBC", "SHA-256"]);
        check("esp-gcm 256 group 19", &["AES-256-GCM", "ECP-256"]);
    }

    #[test]
    fn juniper_tokens() {
        check("aes-256-gcm", &["AES-256-GCM"]);
        check("aes-256-cbc", &["AES-256-CBC"]);
        check("hmac-sha-256-128", &["SHA-256"]);
        check("hmac-sha1-96", &["SHA-1"]);
        check("hmac-md5-96", &["MD5"]);
        check("group14", &["MODP-2048"]);
        check("group19", &["ECP-256"]);
        check("3des-cbc", &["3DES"]);
        check("des-cbc", &["DES"]);
        check("sha-384", &["SHA-384"]);
    }

    #[test]
    fn huawei_h3c_tokens() {
        check("aes-256", &["AES-256-CBC"]);
        check("aes-cbc-256", &["AES-256-CBC"]);
        check("sm4", &["SM4"]);
        check("sm4-cbc", &["SM4-CBC"]);
        check("sm1", &["SM1"]);
        check("sm1-cbc-128", &["SM1-CBC"]);
        check("sm3", &["SM3"]);
        check("hmac-sm3", &["SM3"]);
        check("sm2", &["SM2"]);
        check("des-cbc", &["DES"]);
        check("3des-cbc", &["3DES"]);
        check("sha2-256", &["SHA-256"]);
        check("hmac-sha2-256", &["SHA-256"]);
        check("aes-xcbc-mac-96", &["AES-XCBC"]);
        check("dh group14", &["MODP-2048"]);
        check("sm4-sm3-sm2", &["SM4", "SM3", "SM2"]);
        check("sm4-sm3", &["SM4", "SM3"]);
    }

    #[test]
    fn fortios_tokens() {
        check("aes256gcm", &["AES-256-GCM"]);
        check("aes256-sha256", &["AES-256-CBC", "SHA-256"]);
        check("aes128-sha1", &["AES-128-CBC", "SHA-1"]);
        check(
            "chacha20poly1305-prfsha256",
            &["CHACHA20-POLY1305", "PRF-SHA-256"],
        );
        check("aes128gcm-prfsha256", &["AES-128-GCM", "PRF-SHA-256"]);
        check("dhgrp 14", &["MODP-2048"]);
        check("dhgrp 14 5", &["MODP-2048", "MODP-1536"]);
        check("des-md5", &["DES", "MD5"]);
    }

    #[test]
    fn openvpn_tokens() {
        check("AES-256-GCM", &["AES-256-GCM"]);
        check("AES-128-CBC", &["AES-128-CBC"]);
        check("CHACHA20-POLY1305", &["CHACHA20-POLY1305"]);
        check("BF-CBC", &["BLOWFISH"]);
        check("SHA256", &["SHA-256"]);
        check("SHA1", &["SHA-1"]);
        check("DES-EDE3-CBC", &["3DES"]);
        check("CAST5-CBC", &["CAST-128"]);
        // data-ciphers lists are colon-separated.
        check(
            "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
            &["AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"],
        );
    }

    #[test]
    fn tlcp_and_sm_suites() {
        // ECC_ suites transport the key with SM2 (no forward secrecy);
        // ECDHE_ suites agree it.
        check("ECC-SM4-CBC-SM3", &["SM2-KT", "SM4-CBC", "SM3"]);
        check("ECC-SM4-GCM-SM3", &["SM2-KT", "SM4-GCM", "SM3"]);
        check("ECDHE-SM4-CBC-SM3", &["SM2", "SM4-CBC", "SM3"]);
        check("ECDHE-SM4-GCM-SM3", &["SM2", "SM4-GCM", "SM3"]);
        check("ECC_SM4_CBC_SM3", &["SM2-KT", "SM4-CBC", "SM3"]);
        check("ecc-sm2-sm4-cbc-sm3", &["SM2-KT", "SM4-CBC", "SM3"]);
        check("IBSDH_SM4_CBC_SM3", &["SM9", "SM4-CBC", "SM3"]);
        // GM/T 0024-2014 names (the mode unwritten is CBC) and GmSSL 2's.
        check("ECC_SM4_SM3", &["SM2-KT", "SM4-CBC", "SM3"]);
        check("ECDHE_SM4_SM3", &["SM2", "SM4-CBC", "SM3"]);
        check("IBC_SM4_SM3", &["SM9", "SM4-CBC", "SM3"]);
        check("RSA_SM4_SHA1", &["RSA", "SM4-CBC", "SHA-1"]);
        check("ECC_SM1_SM3", &["SM2-KT", "SM1-CBC", "SM3"]);
        check("SM2-WITH-SMS4-SM3", &["SM2-KT", "SM4-CBC", "SM3"]);
        check("SM2DHE-WITH-SMS4-SM3", &["SM2", "SM4-CBC", "SM3"]);
        check("ECDHE-SM2-WITH-SMS4-GCM-SM3", &["SM2", "SM4-GCM", "SM3"]);
        // SMS4, SM4's name before GB/T 32907-2016.
        check("sms4", &["SM4"]);
        check("SMS4-CBC", &["SM4-CBC"]);
        check("sms4gcm", &["SM4-GCM"]);
        check("TLS_SM4_GCM_SM3", &["SM4-GCM", "SM3"]);
        check("TLS_SM4_CCM_SM3", &["SM4-CCM", "SM3"]);
    }

    #[test]
    fn tls_suites() {
        check("TLS_AES_256_GCM_SHA384", &["AES-256-GCM", "SHA-384"]);
        check(
            "TLS_CHACHA20_POLY1305_SHA256",
            &["CHACHA20-POLY1305", "SHA-256"],
        );
        check(
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            &["ECDHE", "RSA-SIG", "AES-256-GCM", "SHA-384"],
        );
        check("TLS_RSA_WITH_3DES_EDE_CBC_SHA", &["RSA", "3DES", "SHA-1"]);
        check("TLS_RSA_WITH_RC4_128_MD5", &["RSA", "RC4", "MD5"]);
        check(
            "ECDHE-RSA-AES256-GCM-SHA384",
            &["ECDHE", "RSA-SIG", "AES-256-GCM", "SHA-384"],
        );
        check(
            "DHE-RSA-AES256-SHA256",
            &["DHE", "RSA-SIG", "AES-256-CBC", "SHA-256"],
        );
        check("DES-CBC3-SHA", &["RSA", "3DES", "SHA-1"]);
        // Not listed as suites: they still tokenise, with the right roles.
        check(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            &["ECDHE", "ECDSA", "AES-128-CBC", "SHA-256"],
        );
        check(
            "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            &["RSA", "CAMELLIA-256-CBC", "SHA-1"],
        );
        check(
            "ECDHE-ECDSA-AES256-SHA384",
            &["ECDHE", "ECDSA", "AES-256-CBC", "SHA-384"],
        );
    }

    #[test]
    fn case_and_separators_do_not_matter() {
        for p in [
            "AES256GCM16-PRFSHA384-ECP384",
            "Aes256Gcm16_PrfSha384 ecp384",
            "aes256gcm16  -  prfsha384\tecp384",
        ] {
            check(p, &["AES-256-GCM", "PRF-SHA-384", "ECP-384"]);
        }
        for p in ["aes_256_gcm", "AES 256 GCM", "aes-256gcm", "Aes-256-Gcm-16"] {
            check(p, &["AES-256-GCM"]);
        }
        check("Group 14", &["MODP-2048"]);
        check("DH GROUP14", &["MODP-2048"]);
        check("ESP-AES 256", &["AES-256-CBC"]);
    }

    #[test]
    fn unknown_parts_keep_their_spelling() {
        let (names, unknown) = norm("aes256-FooBar-sha256");
        assert_eq!(names, ["AES-256-CBC", "SHA-256"]);
        assert_eq!(unknown, ["FooBar"]);
        // Consecutive unmatched parts stay together, separators as written.
        let (names, unknown) = norm("Frob_Nicate 9-modp2048-Xyz");
        assert_eq!(names, ["MODP-2048"]);
        assert_eq!(unknown, ["Frob_Nicate 9", "Xyz"]);
        // Repeats are reported once.
        assert_eq!(norm("foo-sha1-foo").1, ["foo"]);
        let (names, unknown) = norm("group 99");
        assert!(names.is_empty());
        assert_eq!(unknown, ["group 99"]);
        assert_eq!(norm("rijndael256").1, ["rijndael256"]);
    }

    #[test]
    fn group_lists() {
        check("group 19 20 21", &["ECP-256", "ECP-384", "ECP-521"]);
        check("group 2 5 14", &["MODP-1024", "MODP-1536", "MODP-2048"]);
        // Never glued into group 15 or 21.
        check("group 1 5", &["MODP-768", "MODP-1536"]);
        check("group 2 1", &["MODP-1024", "MODP-768"]);
        let (names, unknown) = norm("group 14 99 19");
        assert_eq!(names, ["MODP-2048", "ECP-256"]);
        assert_eq!(unknown, ["99"]);
        // A number not after a group is not a group.
        assert_eq!(norm("aes256-14").1, ["14"]);
    }

    #[test]
    fn prf_keyword() {
        check("prf sha256", &["PRF-SHA-256"]);
        check("prf sha1 sha384", &["PRF-SHA-1", "PRF-SHA-384"]);
        check("prf hmac-sha2-256", &["PRF-SHA-256"]);
        check("prf aes-xcbc-128", &["PRF-AES-XCBC"]);
        // The keyword covers the integrity names right after it only.
        check(
            "prf sha256 modp2048 sha1",
            &["PRF-SHA-256", "MODP-2048", "SHA-1"],
        );
    }

    #[test]
    fn order_of_appearance_without_repeats() {
        check("sha256-aes256-sha256", &["SHA-256", "AES-256-CBC"]);
        check("aes256gcm16-aes128gcm16", &["AES-256-GCM", "AES-128-GCM"]);
    }

    #[test]
    fn empty_and_blank_proposals() {
        assert!(cat().normalise("").is_empty());
        assert!(cat().normalise(" - _ ,! ").is_empty());
        assert!(cat().normalise("esn").is_empty());
    }

    #[test]
    fn non_ascii_input_is_reported_not_mangled() {
        let (names, unknown) = norm("aes256-ÄÖ-sha1");
        assert_eq!(names, ["AES-256-CBC", "SHA-1"]);
        assert_eq!(unknown, ["ÄÖ"]);
    }

    #[test]
    fn profile_of_strongswan_vpn() {
        let p = profile(&[
            "aes256gcm16-prfsha384-ecp384",
            "aes128-sha1-modp1024",
            "aes256gcm16-ecp384",
        ]);
        assert_eq!(p.encryption, ["AES-128-CBC", "AES-256-GCM"]);
        assert_eq!(p.integrity, ["SHA-1"]);
        assert_eq!(p.prf, ["PRF-SHA-384"]);
        assert_eq!(p.key_exchange, ["ECP-384", "MODP-1024"]);
        assert!(p.signature.is_empty());
        assert_eq!(
            p.algorithms,
            [
                "AES-128-CBC",
                "AES-256-GCM",
                "ECP-384",
                "MODP-1024",
                "PRF-SHA-384",
                "SHA-1"
            ]
        );
        assert_eq!(p.deprecated, ["SHA-1"]);
        assert_eq!(p.forbidden, ["MODP-1024"]);
        assert!(p.unknown.is_empty());
        assert!(!p.national_standard);
    }

    #[test]
    fn profile_tells_sha1_as_integrity_from_sha1_as_prf() {
        assert_eq!(
            profile(&["aes256-sha1-prfsha1"]).deprecated,
            ["PRF-SHA-1", "SHA-1"]
        );
        assert_eq!(
            profile(&["aes256-sha256-prfsha1"]).deprecated,
            ["PRF-SHA-1"]
        );
        assert_eq!(profile(&["aes256-sha1-prfsha256"]).deprecated, ["SHA-1"]);
    }

    #[test]
    fn profile_forbidden() {
        let p = profile(&[
            "des-md5-modp768",
            "esp-null esp-sha-hmac",
            "TLS_RSA_WITH_RC4_128_MD5",
        ]);
        assert_eq!(p.forbidden, ["DES", "MD5", "MODP-768", "NULL", "RC4"]);
        assert_eq!(p.deprecated, ["SHA-1"]);
    }

    #[test]
    fn profile_national_standard() {
        assert!(profile(&["sm4-sm3-sm2"]).national_standard);
        assert!(profile(&["sm4-sm3", "ECC-SM4-CBC-SM3", "ECDHE-SM4-GCM-SM3"]).national_standard);
        assert!(profile(&["sm1-sm3-sm2", "prf sm3"]).national_standard);
        // One foreign algorithm, or one unknown token, spoils it.
        assert!(!profile(&["sm4-sm3-sm2", "aes256-sha256"]).national_standard);
        assert!(!profile(&["sm4-sm3-modp2048"]).national_standard);
        let p = profile(&["sm4-sm3-sm2-whatever"]);
        assert_eq!(p.unknown, ["whatever"]);
        assert!(!p.national_standard);
        // TLS 1.3 SM suite: SM all through.
        assert!(profile(&["TLS_SM4_GCM_SM3"]).national_standard);
        // Nothing recognised is not national-standard either.
        assert!(!profile(&["mystery"]).national_standard);
    }

    #[test]
    fn profile_none_when_nothing_declared() {
        assert_eq!(
            CryptoProfile::from_proposals(cat(), std::iter::empty::<&str>()),
            None
        );
        assert_eq!(CryptoProfile::from_proposals(cat(), ["", "  "]), None);
        assert!(CryptoProfile::from_proposals(cat(), ["", "aes256"]).is_some());
        let owned = vec![String::from("aes256-sha256")];
        assert!(CryptoProfile::from_proposals(cat(), &owned).is_some());
    }

    #[test]
    fn profile_is_deterministic() {
        let a = profile(&["aes256-sha256-modp2048", "aes128gcm16-ecp256", "3des-md5"]);
        let b = profile(&["3des-md5", "aes128gcm16-ecp256", "aes256-sha256-modp2048"]);
        assert_eq!(a, b);
    }

    #[test]
    fn wireguard_profile() {
        let p = wireguard(cat());
        assert_eq!(p.encryption, ["CHACHA20-POLY1305"]);
        assert_eq!(p.integrity, ["BLAKE2S"]);
        assert_eq!(p.key_exchange, ["CURVE25519"]);
        assert!(p.prf.is_empty() && p.signature.is_empty());
        assert_eq!(p.algorithms, ["BLAKE2S", "CHACHA20-POLY1305", "CURVE25519"]);
        assert!(p.forbidden.is_empty() && p.deprecated.is_empty() && p.unknown.is_empty());
        assert!(!p.national_standard);
    }

    #[test]
    fn cache_matches_uncached_and_profiles() {
        let mut cache = ProposalCache::new(cat());
        assert!(cache.is_empty());
        let ps = [
            "aes256gcm16-prfsha384-ecp384",
            "sm4-sm3-sm2",
            "aes256gcm16-prfsha384-ecp384",
            "x-y",
        ];
        for p in ps {
            assert_eq!(cache.normalise(p), &cat().normalise(p));
        }
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.profile(ps), CryptoProfile::from_proposals(cat(), ps));
        let ns: Vec<Normalised<'_>> = ps.iter().map(|p| cat().normalise(p)).collect();
        assert_eq!(
            CryptoProfile::from_normalised(&ns),
            CryptoProfile::from_proposals(cat(), ps)
        );
        assert_eq!(cache.profile(["", "esn"]), None);
    }

    /// `cargo test --release -- --ignored --nocapture speed`: timing of the
    /// uncached path on a realistic mix.
    #[test]
    #[ignore]
    fn speed() {
        let mix = [
            "aes256gcm16-prfsha384-ecp384",
            "aes128-sha1-modp1024",
            "esp-aes 256 esp-sha256-hmac",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "ECC-SM4-CBC-SM3",
            "hmac-sha-256-128",
            "aes256-sha256-x25519-ke1_mlkem768",
            "group 19 20 21",
            "unknown-thing-here",
            "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
        ];
        let start = std::time::Instant::now();
        let mut found = 0;
        for i in 0..300_000 {
            found += cat().normalise(mix[i % mix.len()]).algorithms.len();
        }
        let elapsed = start.elapsed();
        eprintln!("300000 proposals uncached in {elapsed:?} ({found} algorithms)");
        let mut cache = ProposalCache::new(cat());
        let start = std::time::Instant::now();
        let mut found = 0;
        for i in 0..300_000 {
            found += cache.normalise(mix[i % mix.len()]).algorithms.len();
        }
        let elapsed = start.elapsed();
        eprintln!("300000 proposals cached in {elapsed:?} ({found} algorithms)");
    }
}
