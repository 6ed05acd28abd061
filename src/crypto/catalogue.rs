//! The algorithm catalogue: `policies/algorithms.yaml`, parsed and checked
//! once, with its lookup tables prepared for [`Catalogue::normalise`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The catalogue shipped in the binary.
const BUILTIN_YAML: &str = include_str!("../../policies/algorithms.yaml");

/// The keyword that turns the integrity names after it into PRFs
/// ("prf sha256" as Cisco and Huawei write it).
pub(crate) const PRF_KEYWORD: &str = "prf";

/// What an algorithm does in a VPN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Encryption,
    Integrity,
    Prf,
    KeyExchange,
    Signature,
}

impl Role {
    /// The YAML spelling (`key-exchange`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Encryption => "encryption",
            Role::Integrity => "integrity",
            Role::Prf => "prf",
            Role::KeyExchange => "key-exchange",
            Role::Signature => "signature",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Policy status, ordered from best to worst so that `max()` is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Recommended,
    Acceptable,
    Deprecated,
    Forbidden,
}

impl Status {
    /// The YAML spelling (`deprecated`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Recommended => "recommended",
            Status::Acceptable => "acceptable",
            Status::Deprecated => "deprecated",
            Status::Forbidden => "forbidden",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One catalogue entry, named by its canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Algorithm {
    pub name: String,
    pub role: Role,
    pub national_standard: bool,
    pub status: Status,
    pub description: String,
}

/// What an alias key resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Algorithm(usize),
    Suite(usize),
    /// Understood, names no algorithm (`esn`, `tls`, `ke1`).
    Ignore,
    /// `prf`: the integrity names that follow are PRFs.
    PrfKeyword,
}

/// The algorithm catalogue with its lookup tables.
#[derive(Debug, Clone)]
pub struct Catalogue {
    algorithms: Vec<Algorithm>,
    by_name: HashMap<String, usize>,
    /// Component algorithm indices of each suite.
    pub(crate) suites: Vec<Vec<usize>>,
    /// Lower-case alias keys, each in two foldings (see [`fold_dashed`] and
    /// [`fold_squashed`]), to what they name.
    pub(crate) lookup: HashMap<Box<str>, Target>,
    /// IKE DH group number to algorithm index.
    pub(crate) groups: HashMap<u16, usize>,
    /// Per algorithm: does it have a group number (so bare numbers after it
    /// continue a group list)?
    pub(crate) has_group: Vec<bool>,
    /// Per integrity algorithm X: the index of PRF-X, if any.
    pub(crate) prf_twin: Vec<Option<usize>>,
    /// Length of the longest key, which bounds how many parts a run can span.
    pub(crate) max_key_len: usize,
}

// ---- YAML shape -------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalogue {
    #[serde(default)]
    pub(crate) ignore: Vec<String>,
    pub(crate) algorithms: Vec<RawAlgorithm>,
    #[serde(default)]
    pub(crate) suites: Vec<RawSuite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAlgorithm {
    pub(crate) name: String,
    pub(crate) role: Role,
    pub(crate) status: Status,
    pub(crate) national_standard: bool,
    #[serde(default)]
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) group: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuite {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    pub(crate) components: Vec<String>,
}

impl RawCatalogue {
    pub(crate) fn parse(text: &str) -> Result<RawCatalogue, String> {
        serde_saphyr::from_str(text).map_err(|e| format!("algorithm catalogue: {e}"))
    }
}

// ---- separator folding (shared with the proposal matcher) -------------------

/// Separators inside one proposal item: a run of parts may span them.
pub(crate) fn is_soft_sep(b: u8) -> bool {
    b == b'-' || b == b'_' || b.is_ascii_whitespace()
}

/// List separators (`a,b`, `a:b`, strongSwan's strict flag `!`): a run of
/// parts never spans them.
pub(crate) fn is_hard_sep(b: u8) -> bool {
    matches!(b, b',' | b':' | b';' | b'!')
}

pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn parts_of(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_ascii() && is_soft_sep(c as u8))
        .filter(|p| !p.is_empty())
}

/// Lower-cased parts joined with '-': "AES_256 gcm" -> "aes-256-gcm".
pub(crate) fn fold_dashed(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    parts_of(&lower).collect::<Vec<_>>().join("-")
}

/// Lower-cased parts joined with nothing: "aes-256-gcm" -> "aes256gcm".
/// None when two adjacent parts are both numbers: "group 1 5" must never
/// read as "group15", so such a key could never be looked up.
pub(crate) fn fold_squashed(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let parts: Vec<&str> = parts_of(&lower).collect();
    if parts.windows(2).any(|w| is_digits(w[0]) && is_digits(w[1])) {
        return None;
    }
    Some(parts.concat())
}

// ---- loading and validation --------------------------------------------------

impl Catalogue {
    /// The catalogue embedded from `policies/algorithms.yaml`, parsed once.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The embedded YAML is loaded by the unit tests, so this cannot
            // fail in a released binary.
            Catalogue::from_yaml(BUILTIN_YAML)
                .expect("policies/algorithms.yaml is valid (checked by the unit tests)")
        })
    }

    /// Parses and validates a catalogue: canonical names unique and upper
    /// case, every alias unique across the catalogue (also after separator
    /// folding), suite components exist, PRF-X has an integrity X, DH group
    /// numbers unique and only on key exchanges.
    pub fn from_yaml(text: &str) -> Result<Catalogue, String> {
        let raw = RawCatalogue::parse(text)?;
        let mut b = Builder::default();

        let mut algorithms = Vec::with_capacity(raw.algorithms.len());
        let mut by_name = HashMap::with_capacity(raw.algorithms.len());
        for (i, a) in raw.algorithms.iter().enumerate() {
            check_canonical(&a.name)?;
            if by_name.insert(a.name.clone(), i).is_some() {
                return Err(format!("duplicate canonical name {}", a.name));
            }
            algorithms.push(Algorithm {
                name: a.name.clone(),
                role: a.role,
                national_standard: a.national_standard,
                status: a.status,
                description: a.description.clone(),
            });
        }

        // Labels first, so collision messages can name both sides.
        b.labels_algo = raw.algorithms.iter().map(|a| a.name.clone()).collect();
        b.labels_suite = raw
            .suites
            .iter()
            .map(|s| format!("suite {}", s.name))
            .collect();

        for (i, a) in raw.algorithms.iter().enumerate() {
            b.add_spellings(&a.name, &a.aliases, Target::Algorithm(i))?;
        }

        let mut suites = Vec::with_capacity(raw.suites.len());
        for (i, s) in raw.suites.iter().enumerate() {
            if s.components.is_empty() {
                return Err(format!("suite {} has no components", s.name));
            }
            let mut components = Vec::with_capacity(s.components.len());
            for c in &s.components {
                let idx = by_name
                    .get(c.as_str())
                    .copied()
                    .ok_or_else(|| format!("suite {}: unknown component {c}", s.name))?;
                if !components.contains(&idx) {
                    components.push(idx);
                }
            }
            suites.push(components);
            b.add_spellings(&s.name, &s.aliases, Target::Suite(i))?;
        }

        for word in &raw.ignore {
            b.add_word(word, Target::Ignore)?;
        }
        b.add_word(PRF_KEYWORD, Target::PrfKeyword)?;

        let mut groups: HashMap<u16, usize> = HashMap::new();
        let mut has_group = vec![false; algorithms.len()];
        for (i, a) in raw.algorithms.iter().enumerate() {
            let Some(g) = a.group else { continue };
            if a.role != Role::KeyExchange {
                return Err(format!(
                    "{}: only key exchanges have a group number",
                    a.name
                ));
            }
            if let Some(&other) = groups.get(&g) {
                return Err(format!(
                    "group {g} given to both {} and {}",
                    raw.algorithms[other].name, a.name
                ));
            }
            groups.insert(g, i);
            has_group[i] = true;
        }

        // PRF-X pairs with integrity X: the naming rule that lets reports
        // tell SHA-1 as integrity from SHA-1 as PRF, and lets "prf sha1"
        // resolve.
        let mut prf_twin = vec![None; algorithms.len()];
        for (i, a) in algorithms.iter().enumerate() {
            if a.role != Role::Prf {
                continue;
            }
            let base = a
                .name
                .strip_prefix("PRF-")
                .ok_or_else(|| format!("{}: PRF names start with PRF-", a.name))?;
            match by_name.get(base) {
                Some(&j) if algorithms[j].role == Role::Integrity => prf_twin[j] = Some(i),
                _ => return Err(format!("{}: no integrity algorithm {base}", a.name)),
            }
        }

        let max_key_len = b.lookup.keys().map(|k| k.len()).max().unwrap_or(0);
        Ok(Catalogue {
            algorithms,
            by_name,
            suites,
            lookup: b.lookup,
            groups,
            has_group,
            prf_twin,
            max_key_len,
        })
    }

    /// The entry with this exact canonical name (`"AES-256-GCM"`).
    pub fn algorithm(&self, canonical: &str) -> Option<&Algorithm> {
        self.by_name.get(canonical).map(|&i| &self.algorithms[i])
    }

    /// All entries, in catalogue order.
    pub fn algorithms(&self) -> impl Iterator<Item = &Algorithm> {
        self.algorithms.iter()
    }

    pub(crate) fn by_index(&self, i: usize) -> &Algorithm {
        &self.algorithms[i]
    }
}

fn check_canonical(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "canonical name {name:?} must be upper case letters, digits and single '-'"
        ))
    }
}

#[derive(Default)]
struct Builder {
    lookup: HashMap<Box<str>, Target>,
    labels_algo: Vec<String>,
    labels_suite: Vec<String>,
}

impl Builder {
    fn label(&self, t: Target) -> String {
        match t {
            Target::Algorithm(i) => self.labels_algo[i].clone(),
            Target::Suite(i) => self.labels_suite[i].clone(),
            Target::Ignore => "the ignore list".to_string(),
            Target::PrfKeyword => "the prf keyword".to_string(),
        }
    }

    /// The canonical name and the aliases of one entry. An alias that folds
    /// to the canonical name is allowed (a dialect may spell it that way);
    /// any other repeat within the entry is an error.
    fn add_spellings(&mut self, name: &str, aliases: &[String], t: Target) -> Result<(), String> {
        let canonical = fold_dashed(name);
        let mut seen = HashSet::from([canonical.clone()]);
        self.add_key(canonical, name, t)?;
        if let Some(s) = fold_squashed(name) {
            self.add_key(s, name, t)?;
        }
        for alias in aliases {
            check_alias(alias, name)?;
            let dashed = fold_dashed(alias);
            if dashed == fold_dashed(name) {
                continue;
            }
            if !seen.insert(dashed.clone()) {
                return Err(format!(
                    "alias {alias:?} listed twice for {}",
                    self.label(t)
                ));
            }
            self.add_key(dashed, alias, t)?;
            if let Some(s) = fold_squashed(alias) {
                self.add_key(s, alias, t)?;
            }
        }
        Ok(())
    }

    fn add_word(&mut self, word: &str, t: Target) -> Result<(), String> {
        check_alias(word, "ignore")?;
        self.add_key(fold_dashed(word), word, t)?;
        if let Some(s) = fold_squashed(word) {
            self.add_key(s, word, t)?;
        }
        Ok(())
    }

    fn add_key(&mut self, key: String, spelling: &str, t: Target) -> Result<(), String> {
        match self.lookup.get(key.as_str()) {
            // Two spellings of one entry folding alike ("aes-128", "aes128").
            Some(&old) if old == t => Ok(()),
            Some(&old) => Err(format!(
                "alias {spelling:?} of {} collides with {} (both read as {key:?})",
                self.label(t),
                self.label(old)
            )),
            None => {
                self.lookup.insert(key.into_boxed_str(), t);
                Ok(())
            }
        }
    }
}

/// Aliases are words, digits and soft separators only: anything else could
/// never be matched, since proposals are split at list separators.
fn check_alias(alias: &str, owner: &str) -> Result<(), String> {
    let ok = alias.bytes().any(|b| b.is_ascii_alphanumeric())
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || is_soft_sep(b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "alias {alias:?} of {owner}: only letters, digits, '-', '_' and spaces"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::builtin()
    }

    fn names(text: &str) -> Vec<&'static str> {
        cat()
            .normalise(text)
            .algorithms
            .iter()
            .map(|a| a.name.as_str())
            .collect()
    }

    /// A minimal valid catalogue for the validation tests to break.
    const MINI: &str = "
algorithms:
  - name: AES-128-CBC
    role: encryption
    status: recommended
    national_standard: false
    aliases: [aes128]
  - name: SHA-1
    role: integrity
    status: deprecated
    national_standard: false
    aliases: [sha1]
  - name: PRF-SHA-1
    role: prf
    status: deprecated
    national_standard: false
    aliases: [prfsha1]
  - name: MODP-2048
    role: key-exchange
    status: acceptable
    national_standard: false
    group: 14
    aliases: [group14]
suites:
  - name: AES128-SHA1-SUITE
    components: [AES-128-CBC, SHA-1]
";

    fn err_of(yaml: &str) -> String {
        match Catalogue::from_yaml(yaml) {
            Ok(_) => panic!("expected an error for:\n{yaml}"),
            Err(e) => e,
        }
    }

    #[test]
    fn builtin_yaml_loads() {
        let c = Catalogue::from_yaml(BUILTIN_YAML).expect("builtin YAML must load");
        assert!(c.algorithms().count() > 100);
        assert!(std::ptr::eq(Catalogue::builtin(), Catalogue::builtin()));
    }

    #[test]
    fn mini_yaml_loads() {
        let c = Catalogue::from_yaml(MINI).expect("mini YAML must load");
        assert_eq!(c.algorithms().count(), 4);
        assert_eq!(
            c.algorithm("SHA-1").map(|a| a.status),
            Some(Status::Deprecated)
        );
        assert!(
            c.algorithm("sha-1").is_none(),
            "lookup by canonical name is exact"
        );
    }

    #[test]
    fn every_alias_and_name_resolves_to_its_entry() {
        let raw = RawCatalogue::parse(BUILTIN_YAML).expect("parse");
        for a in &raw.algorithms {
            for spelling in std::iter::once(&a.name).chain(&a.aliases) {
                let n = cat().normalise(spelling);
                assert!(n.unknown.is_empty(), "{spelling}: unknown {:?}", n.unknown);
                assert_eq!(names(spelling), [a.name.as_str()], "alias {spelling:?}");
                // Upper case and other separators read the same.
                let shouted = spelling.to_uppercase().replace(['-', ' '], "_");
                assert_eq!(names(&shouted), [a.name.as_str()], "alias {shouted:?}");
            }
        }
    }

    #[test]
    fn every_suite_resolves_to_its_components() {
        let raw = RawCatalogue::parse(BUILTIN_YAML).expect("parse");
        for s in &raw.suites {
            for spelling in std::iter::once(&s.name).chain(&s.aliases) {
                let n = cat().normalise(spelling);
                assert!(n.unknown.is_empty(), "{spelling}: unknown {:?}", n.unknown);
                assert_eq!(names(spelling), s.components, "suite {spelling:?}");
            }
        }
    }

    #[test]
    fn national_standard_only_for_sm_and_zuc() {
        const FAMILIES: [&str; 6] = ["SM1", "SM2", "SM3", "SM4", "SM9", "ZUC"];
        for a in cat().algorithms() {
            let base = a.name.strip_prefix("PRF-").unwrap_or(&a.name);
            let family = base.split('-').next().unwrap_or(base);
            assert_eq!(
                a.national_standard,
                FAMILIES.contains(&family),
                "{} national_standard",
                a.name
            );
        }
        for n in FAMILIES {
            assert!(
                cat().algorithm(n).is_some_and(|a| a.national_standard),
                "{n}"
            );
        }
    }

    #[test]
    fn forbidden_and_deprecated_statuses() {
        let status = |n: &str| cat().algorithm(n).map(|a| a.status);
        // Broken, or disallowed by NIST SP 800-131A Rev. 2 (3DES, finite
        // field under 2048 bits, P-192) or MUST NOT in RFC 8221 (Blowfish).
        for n in [
            "DES",
            "NULL",
            "MD5",
            "PRF-MD5",
            "RC4",
            "MODP-768",
            "3DES",
            "MODP-1024",
            "MODP-1536",
            "MODP-1024-160",
            "ECP-192",
            "BLOWFISH",
        ] {
            assert_eq!(status(n), Some(Status::Forbidden), "{n}");
        }
        for n in [
            "SHA-1",
            "PRF-SHA-1",
            "MODP-2048-224",
            "MODP-2048-256",
            "CAST-128",
            "IDEA",
        ] {
            assert_eq!(status(n), Some(Status::Deprecated), "{n}");
        }
        for n in ["AES-XCBC", "PRF-AES-XCBC", "MODP-2048", "AES-128-GCM-8"] {
            assert_eq!(status(n), Some(Status::Acceptable), "{n}");
        }
        for n in [
            "AES-256-GCM",
            "AES-128-CBC",
            "CHACHA20-POLY1305",
            "SHA-256",
            "PRF-SHA-384",
            "ECP-384",
            "CURVE25519",
            "SM4",
            "SM3",
        ] {
            assert_eq!(status(n), Some(Status::Recommended), "{n}");
        }
        // Every DH group the product names, with its number.
        for (g, n) in [
            (1, "MODP-768"),
            (2, "MODP-1024"),
            (5, "MODP-1536"),
            (14, "MODP-2048"),
            (15, "MODP-3072"),
            (16, "MODP-4096"),
            (17, "MODP-6144"),
            (18, "MODP-8192"),
            (19, "ECP-256"),
            (20, "ECP-384"),
            (21, "ECP-521"),
            (24, "MODP-2048-256"),
            (28, "BRAINPOOL-P256"),
            (31, "CURVE25519"),
            (32, "CURVE448"),
        ] {
            assert_eq!(names(&format!("group{g}")), [n], "group {g}");
        }
    }

    #[test]
    fn canonical_names_follow_the_scheme() {
        for a in cat().algorithms() {
            check_canonical(&a.name).expect("canonical name");
            if a.role == Role::Prf {
                assert!(a.name.starts_with("PRF-"), "{}", a.name);
            }
            assert!(!a.description.is_empty(), "{} has a description", a.name);
        }
    }

    #[test]
    fn role_and_status_use_kebab_case() {
        #[derive(Deserialize)]
        struct T {
            role: Role,
            status: Status,
        }
        let t: T =
            serde_saphyr::from_str("role: key-exchange\nstatus: forbidden\n").expect("parse");
        assert_eq!((t.role, t.status), (Role::KeyExchange, Status::Forbidden));
        assert_eq!(Role::KeyExchange.to_string(), "key-exchange");
        assert!(Status::Forbidden > Status::Deprecated && Status::Acceptable > Status::Recommended);
    }

    #[test]
    fn rejects_duplicate_alias_across_entries() {
        let bad = MINI.replace("aliases: [sha1]", "aliases: [sha1, aes128]");
        let e = err_of(&bad);
        assert!(e.contains("aes128") && e.contains("AES-128-CBC"), "{e}");
    }

    #[test]
    fn rejects_alias_listed_twice_in_one_entry() {
        // "aes 128" folds to the same key as "aes-128".
        let bad = MINI.replace("aliases: [aes128]", "aliases: [aes-128, aes 128]");
        assert!(err_of(&bad).contains("listed twice"));
    }

    #[test]
    fn rejects_aliases_that_collide_once_separators_are_dropped() {
        // "aes-128" would read as aes128, which is AES-128-CBC's.
        let bad = MINI.replace("aliases: [sha1]", "aliases: [sha1, aes-128]");
        assert!(err_of(&bad).contains("collides"));
    }

    #[test]
    fn rejects_alias_equal_to_another_canonical_name() {
        let bad = MINI.replace("aliases: [sha1]", "aliases: [sha1, modp-2048]");
        assert!(err_of(&bad).contains("MODP-2048"));
    }

    #[test]
    fn rejects_duplicate_canonical_name() {
        let bad = MINI.replace("name: SHA-1\n", "name: AES-128-CBC\n");
        assert!(err_of(&bad).contains("duplicate canonical name"));
    }

    #[test]
    fn rejects_unknown_suite_component() {
        let bad = MINI.replace("[AES-128-CBC, SHA-1]", "[AES-128-CBC, SHA-999]");
        assert!(err_of(&bad).contains("unknown component SHA-999"));
    }

    #[test]
    fn rejects_prf_without_integrity_twin() {
        let bad = MINI.replace("name: PRF-SHA-1\n", "name: PRF-SHA-3\n");
        assert!(err_of(&bad).contains("no integrity algorithm SHA-3"));
        let bad = MINI.replace("name: PRF-SHA-1\n", "name: HMAC-PRF\n");
        assert!(err_of(&bad).contains("start with PRF-"));
    }

    #[test]
    fn rejects_bad_names_roles_and_groups() {
        assert!(err_of(&MINI.replace("name: SHA-1\n", "name: sha-1\n")).contains("upper case"));
        assert!(err_of(&MINI.replace("role: encryption", "role: cipher")).contains("cipher"));
        assert!(
            err_of(&MINI.replace("aliases: [aes128]", "aliases: [\"aes:128\"]"))
                .contains("only letters")
        );
        let two_groups = MINI.replace("    aliases: [sha1]", "    group: 14\n    aliases: [sha1]");
        assert!(err_of(&two_groups).contains("only key exchanges"));
        assert!(
            err_of(&MINI.replace(
                "national_standard: false\n    aliases: [aes128]",
                "aliases: [aes128]"
            ))
            .contains("national_standard")
        );
    }

    #[test]
    fn rejects_ignore_word_that_is_an_alias() {
        let bad = format!("ignore: [sha1]\n{MINI}");
        assert!(err_of(&bad).contains("collides"));
    }
}
