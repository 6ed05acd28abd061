//! The carrier alias table: `policies/carriers.yaml`, parsed and checked
//! once. Resolves the names inventories give a carrier (Chinese short names,
//! legal entities, branches, provincial companies) to the canonical name a
//! pack compares.

use std::sync::OnceLock;

use serde::Deserialize;

const BUILTIN_YAML: &str = include_str!("../../policies/carriers.yaml");

/// What ends a branch's name after its company's name.
const BRANCH_SUFFIXES: &[&str] = &["分公司", "分局", "营业部", "branchoffice", "branch"];

/// Most characters a `*` of a pattern stands for.
const WILDCARD_MAX: usize = 12;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    kind: String,
    version: u32,
    carriers: Vec<RawCarrier>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCarrier {
    name: String,
    zh: String,
    region: String,
    mainland: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
}

/// One carrier of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrier {
    /// The canonical name (what packs list).
    pub name: String,
    /// The Chinese short name.
    pub zh: String,
    /// Where the entity is incorporated (ISO 3166-1 alpha-2).
    pub region: String,
    /// For an arm incorporated outside mainland China: the carrier of the
    /// mainland side of its circuits.
    pub mainland: Option<String>,
}

/// How a name resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The canonical name itself (modulo case and spacing).
    Canonical,
    Alias,
    Branch,
    Pattern,
}

#[derive(Debug)]
pub struct Carriers {
    carriers: Vec<Carrier>,
    /// (normalised alias, carrier index), longest first.
    aliases: Vec<(String, usize)>,
    /// (normalised pattern split at `*`, carrier index).
    patterns: Vec<(Vec<String>, usize)>,
}

/// The key names are compared by: lower case, full-width forms folded,
/// spaces and the punctuation of legal names dropped.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            // Full-width ASCII forms and the ideographic space.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        if c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | '(' | ')' | '·' | '-' | '&' | '\'' | '、' | '，' | '。'
            )
        {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

impl Carriers {
    /// The table embedded from `policies/carriers.yaml`, parsed once.
    pub fn builtin() -> &'static Carriers {
        static BUILTIN: OnceLock<Carriers> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Carriers::from_yaml(BUILTIN_YAML)
                .unwrap_or_else(|e| panic!("policies/carriers.yaml: {e}"))
        })
    }

    pub fn from_yaml(text: &str) -> Result<Carriers, String> {
        let raw: RawTable = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        if raw.kind != "carriers" || raw.version != 1 {
            return Err("expected kind: carriers, version: 1".into());
        }
        let mut carriers = Vec::new();
        let mut aliases: Vec<(String, usize)> = Vec::new();
        let mut patterns = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for (i, c) in raw.carriers.into_iter().enumerate() {
            for name in [&c.name, &c.zh].into_iter().chain(&c.aliases) {
                let key = normalise(name);
                if key.is_empty() {
                    return Err(format!("{}: an empty alias", c.name));
                }
                if let Some((_, j)) = aliases.iter().find(|(k, _)| *k == key) {
                    let other = names.get(*j).unwrap_or(&c.name);
                    return Err(format!("{name:?} names both {other} and {}", c.name));
                }
                aliases.push((key, i));
            }
            for p in &c.patterns {
                let parts: Vec<String> = p.split('*').map(normalise).collect();
                if parts.len() != 2 || parts.iter().any(String::is_empty) {
                    return Err(format!(
                        "{}: pattern {p:?} must have one * between two texts",
                        c.name
                    ));
                }
                patterns.push((parts, i));
            }
            if c.region.len() != 2 || !c.region.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!(
                    "{}: region {:?} is not a country code",
                    c.name, c.region
                ));
            }
            names.push(c.name.clone());
            carriers.push(Carrier {
                name: c.name,
                zh: c.zh,
                region: c.region,
                mainland: c.mainland,
            });
        }
        for c in &carriers {
            if let Some(m) = &c.mainland
                && !carriers.iter().any(|o| &o.name == m && o.region == "CN")
            {
                return Err(format!(
                    "{}: mainland {m:?} is not a carrier of the table incorporated in CN",
                    c.name
                ));
            }
        }
        aliases.sort_by_key(|a| std::cmp::Reverse(a.0.chars().count()));
        Ok(Carriers {
            carriers,
            aliases,
            patterns,
        })
    }

    pub fn get(&self, canonical: &str) -> Option<&Carrier> {
        self.carriers.iter().find(|c| c.name == canonical)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Carrier> {
        self.carriers.iter()
    }

    /// The carrier a name resolves to, and how.
    pub fn resolve(&self, name: &str) -> Option<(&Carrier, Match)> {
        let key = normalise(name);
        if key.is_empty() {
            return None;
        }
        for (alias, i) in &self.aliases {
            if *alias == key {
                let c = &self.carriers[*i];
                let how = if normalise(&c.name) == key {
                    Match::Canonical
                } else {
                    Match::Alias
                };
                return Some((c, how));
            }
        }
        // A branch: the longest alias that starts the name, then anything
        // that ends with a branch word.
        for (alias, i) in &self.aliases {
            if let Some(rest) = key.strip_prefix(alias.as_str())
                && BRANCH_SUFFIXES
                    .iter()
                    .any(|s| rest.ends_with(s) && rest.len() > s.len() || rest == *s)
            {
                return Some((&self.carriers[*i], Match::Branch));
            }
        }
        for (parts, i) in &self.patterns {
            if let Some(mid) = key
                .strip_prefix(parts[0].as_str())
                .and_then(|r| r.strip_suffix(parts[1].as_str()))
            {
                let n = mid.chars().count();
                if (1..=WILDCARD_MAX).contains(&n) {
                    return Some((&self.carriers[*i], Match::Pattern));
                }
            }
        }
        None
    }

    /// The canonical name a name resolves to, or the name itself.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolve(name).map_or(name, |(c, _)| c.name.as_str())
    }

    /// What a finding adds to a carrier name that resolved to another: the
    /// canonical name and the Chinese one ("China Telecom, 中国电信").
    pub fn describe(&self, name: &str) -> Option<String> {
        let (c, how) = self.resolve(name)?;
        let mut parts = Vec::new();
        if how != Match::Canonical {
            parts.push(c.name.clone());
        }
        if normalise(&c.zh) != normalise(name) {
            parts.push(c.zh.clone());
        }
        if how == Match::Branch {
            parts.push("a branch".into());
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(name: &str) -> Option<&'static str> {
        Carriers::builtin()
            .resolve(name)
            .map(|(c, _)| c.name.as_str())
    }

    #[test]
    fn builtin_table_loads() {
        assert!(Carriers::builtin().iter().count() >= 6);
    }

    #[test]
    fn chinese_names_legal_entities_and_branches_resolve() {
        for (name, want) in [
            ("中国电信", "China Telecom"),
            ("中国联通", "China Unicom"),
            ("中国移动", "China Mobile"),
            ("China Telecom Corporation Limited", "China Telecom"),
            ("CHINA TELECOM CORP., LTD.", "China Telecom"),
            ("中国电信股份有限公司上海分公司", "China Telecom"),
            ("中国电信上海分公司", "China Telecom"),
            (
                "China Telecom Corporation Limited Shanghai Branch",
                "China Telecom",
            ),
            ("中国联合网络通信集团有限公司", "China Unicom"),
            ("中国联合网络通信有限公司上海市分公司", "China Unicom"),
            ("中国移动通信集团上海有限公司", "China Mobile"),
            ("China Mobile Group Guangdong Co., Ltd.", "China Mobile"),
            (
                "China Mobile International Limited",
                "China Mobile International",
            ),
            ("中国电信国际有限公司", "China Telecom Global"),
            (
                "China Telecom Global Limited Singapore Branch",
                "China Telecom Global",
            ),
            ("中國聯通國際有限公司", "China Unicom Global"),
            ("ｃｈｉｎａ　ｔｅｌｅｃｏｍ", "China Telecom"),
            ("中国电信（美洲）公司", "China Telecom Global"),
        ] {
            assert_eq!(canonical(name), Some(want), "{name}");
        }
    }

    #[test]
    fn other_names_do_not_resolve() {
        for name in [
            "PacificLink Broadband",
            "中国电信代理商",
            "China Telecom Shanghai",
            "中国移动通信集团有限公司上海代表处",
            "",
            "   ",
        ] {
            assert_eq!(canonical(name), None, "{name}");
        }
    }

    #[test]
    fn a_finding_names_both_the_canonical_and_the_chinese_name() {
        let t = Carriers::builtin();
        assert_eq!(t.describe("China Telecom").as_deref(), Some("中国电信"));
        assert_eq!(t.describe("中国电信").as_deref(), Some("China Telecom"));
        assert_eq!(
            t.describe("中国电信股份有限公司上海分公司").as_deref(),
            Some("China Telecom, 中国电信, a branch")
        );
        assert_eq!(
            t.describe("China Telecom Global").as_deref(),
            Some("中国电信国际")
        );
        assert_eq!(t.describe("PacificLink"), None);
    }

    #[test]
    fn a_bad_table_is_refused() {
        let dup = "kind: carriers\nversion: 1\ncarriers:\n  - { name: A, zh: 甲, region: CN, aliases: [x] }\n  - { name: B, zh: 乙, region: CN, aliases: [X] }\n";
        assert!(
            Carriers::from_yaml(dup)
                .unwrap_err()
                .contains("names both A and B")
        );
        let pat = "kind: carriers\nversion: 1\ncarriers:\n  - { name: A, zh: 甲, region: CN, patterns: [\"a*b*c\"] }\n";
        assert!(Carriers::from_yaml(pat).unwrap_err().contains("one *"));
        let mainland = "kind: carriers\nversion: 1\ncarriers:\n  - { name: A, zh: 甲, region: HK, mainland: Z }\n";
        assert!(
            Carriers::from_yaml(mainland)
                .unwrap_err()
                .contains("mainland")
        );
    }
}
