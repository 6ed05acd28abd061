//! Telecom business licences as their numbers say: who issued one (MIIT
//! for the whole country, or a provincial communications administration
//! for its province), which classes of business it holds, and the regions
//! of mainland China (`policies/regions.yaml`) a licence covers and a
//! service is sold in.
//!
//! The Telecommunications Regulations Art. 9: basic telecom business and
//! value-added business covering two or more provinces are licensed by
//! MIIT; value-added business within one province by that province's
//! communications administration. A licence number names the classes of
//! the Catalogue of Telecommunications Services it holds (A1, A2 basic; B1,
//! B2 value-added), so a category of another class (B21 on a B1 licence) is
//! not on that licence.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::carriers::normalise;

const BUILTIN_YAML: &str = include_str!("../../policies/regions.yaml");

/// The word for every region, in `coverage` and `service_area`.
pub const NATIONWIDE: &str = "nationwide";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    kind: String,
    version: u32,
    regions: Vec<Region>,
}

/// A provincial-level division of mainland China.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// ISO 3166-2:CN (CN-SH).
    pub code: String,
    /// GB/T 2260 (31).
    pub gb: u8,
    /// Full Chinese name (上海市).
    pub zh: String,
    /// One-character short name (沪), which starts a provincial licence's number.
    pub short: String,
    #[serde(default)]
    pub names: Vec<String>,
}

impl Region {
    /// "CN-SH (上海市)".
    pub fn describe(&self) -> String {
        format!("{} ({})", self.code, self.zh)
    }
}

#[derive(Debug)]
pub struct Regions {
    regions: Vec<Region>,
    /// (normalised name, region index).
    keys: Vec<(String, usize)>,
}

impl Regions {
    /// The table embedded from `policies/regions.yaml`, parsed once.
    pub fn builtin() -> &'static Regions {
        static BUILTIN: OnceLock<Regions> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Regions::from_yaml(BUILTIN_YAML)
                .unwrap_or_else(|e| panic!("policies/regions.yaml: {e}"))
        })
    }

    pub fn from_yaml(text: &str) -> Result<Regions, String> {
        let raw: RawTable = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        if raw.kind != "regions" || raw.version != 1 {
            return Err("expected kind: regions, version: 1".into());
        }
        let mut keys: Vec<(String, usize)> = Vec::new();
        for (i, r) in raw.regions.iter().enumerate() {
            if r.short.chars().count() != 1 {
                return Err(format!(
                    "{}: short {:?} is not one character",
                    r.code, r.short
                ));
            }
            let gb = format!("CN-{}", r.gb);
            for name in [&r.code, &gb, &r.zh, &r.short].into_iter().chain(&r.names) {
                let key = normalise(name);
                if let Some((_, j)) = keys.iter().find(|(k, _)| *k == key) {
                    return Err(format!(
                        "{name:?} names both {} and {}",
                        raw.regions[*j].code, r.code
                    ));
                }
                keys.push((key, i));
            }
        }
        Ok(Regions {
            regions: raw.regions,
            keys,
        })
    }

    /// The region a name resolves to.
    pub fn resolve(&self, name: &str) -> Option<&Region> {
        let key = normalise(name);
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, i)| &self.regions[*i])
    }

    /// The region of an ISO code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    fn by_short(&self, c: char) -> Option<&Region> {
        self.regions.iter().find(|r| r.short.starts_with(c))
    }
}

/// A value of `coverage` or `service_area`: `nationwide` (全国) or a region's
/// ISO code.
pub fn resolve_area(name: &str) -> Result<&'static str, String> {
    let key = normalise(name);
    if key == NATIONWIDE || key == "全国" {
        return Ok(NATIONWIDE);
    }
    match Regions::builtin().resolve(name) {
        Some(r) => Ok(r.code.as_str()),
        None => Err(format!(
            "\"{name}\" is not a province of mainland China (write CN-SH, 上海 or 沪, or nationwide)"
        )),
    }
}

/// "CN-SH (上海市)", or the value itself when it is not a region.
pub fn describe_area(code: &str) -> String {
    Regions::builtin()
        .get(code)
        .map_or_else(|| code.to_string(), Region::describe)
}

/// Who issued a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// The Ministry of Industry and Information Technology: the number has
    /// no province prefix.
    Miit,
    /// A provincial communications administration: the number starts with
    /// the province's short name. The ISO code of the province.
    Province(&'static str),
}

/// What a licence number says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceNumber {
    pub issuer: Issuer,
    /// The Catalogue classes it holds: A1, A2, B1, B2.
    pub classes: Vec<&'static str>,
    /// 合字: a foreign-invested telecom enterprise.
    pub foreign_invested: bool,
    /// An ICP licence (京ICP证000001号): information services, B25, only.
    pub icp: bool,
}

const CLASSES: &[&str] = &["A1", "A2", "B1", "B2"];

const EXPECTED: &str = "expected a licence number such as B1.B2-20200117 (MIIT), 沪B2-20210388 (a provincial administration) or 京ICP证000001号";

impl LicenceNumber {
    /// Parses a licence number as MIIT and the provincial administrations
    /// write it: `[合字][province]CLASS[.CLASS…]-NNNNNNNN` or
    /// `<province>ICP证N号`. Full-width forms are folded.
    pub fn parse(number: &str) -> Result<LicenceNumber, String> {
        let folded: String = number
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                _ => c,
            })
            .collect::<String>()
            .to_ascii_uppercase();
        if folded.contains("ICP备") {
            return Err(format!(
                "\"{number}\" is an ICP filing (备案) number, which records a website, not a telecom business licence"
            ));
        }
        let regions = Regions::builtin();
        let mut rest = folded.as_str();
        let mut foreign_invested = false;
        let mut province = None;
        for _ in 0..2 {
            if let Some(r) = rest.strip_prefix("合字") {
                foreign_invested = true;
                rest = r;
            } else if let Some(c) = rest.chars().next().filter(|c| !c.is_ascii()) {
                let Some(region) = regions.by_short(c).filter(|_| province.is_none()) else {
                    break;
                };
                province = Some(region.code.as_str());
                rest = &rest[c.len_utf8()..];
            }
        }
        let issuer = province.map_or(Issuer::Miit, Issuer::Province);
        if let Some(serial) = rest.strip_prefix("ICP证") {
            let digits = serial.strip_suffix('号').unwrap_or(serial);
            return match issuer {
                Issuer::Province(_)
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Ok(LicenceNumber {
                        issuer,
                        classes: vec!["B2"],
                        foreign_invested,
                        icp: true,
                    })
                }
                _ => Err(format!("\"{number}\": {EXPECTED}")),
            };
        }
        let Some((classes, serial)) = rest.split_once('-') else {
            return Err(format!("\"{number}\": {EXPECTED}"));
        };
        if serial.len() != 8 || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "\"{number}\": the part after the hyphen is 8 digits (the year and a serial); {EXPECTED}"
            ));
        }
        let mut out = Vec::new();
        for class in classes.split('.') {
            match CLASSES.iter().find(|c| **c == class) {
                Some(c) if !out.contains(c) => out.push(*c),
                Some(_) => {}
                None => {
                    return Err(format!(
                        "\"{number}\": \"{class}\" is not a class of the Catalogue of Telecommunications Services (A1, A2, B1 or B2); {EXPECTED}"
                    ));
                }
            }
        }
        Ok(LicenceNumber {
            issuer,
            classes: out,
            foreign_invested,
            icp: false,
        })
    }

    /// Whether a category of the Catalogue (B13, A14, or a class, B1) is
    /// one this licence can hold.
    pub fn holds(&self, category: &str) -> bool {
        let c = category.trim().to_ascii_uppercase();
        if self.icp {
            return c == "B25" || c == "B2";
        }
        c.get(..2)
            .is_some_and(|class| self.classes.contains(&class))
    }

    /// The classes, for messages: "B1, B2" or "B25 (an ICP licence)".
    pub fn holds_description(&self) -> String {
        if self.icp {
            "B25 (an ICP licence)".into()
        } else {
            self.classes.join(", ")
        }
    }

    /// Who issued it, for messages: "MIIT" or "the CN-SH (上海市) administration".
    pub fn issued_by(&self) -> String {
        match self.issuer {
            Issuer::Miit => "MIIT".into(),
            Issuer::Province(code) => format!("the {} administration", describe_area(code)),
        }
    }
}

/// Where a licence is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    Nationwide,
    /// ISO codes of regions.
    Regions(Vec<&'static str>),
}

impl Coverage {
    /// From `coverage` values already resolved by [`resolve_area`].
    pub fn from_areas(areas: &[&'static str]) -> Coverage {
        if areas.contains(&NATIONWIDE) {
            Coverage::Nationwide
        } else {
            let mut v = areas.to_vec();
            v.sort_unstable();
            v.dedup();
            Coverage::Regions(v)
        }
    }

    pub fn includes(&self, code: &str) -> bool {
        match self {
            Coverage::Nationwide => true,
            Coverage::Regions(r) => r.contains(&code),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Coverage::Nationwide => NATIONWIDE.into(),
            Coverage::Regions(r) => r
                .iter()
                .map(|c| describe_area(c))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_table_loads_and_resolves_every_spelling() {
        let r = Regions::builtin();
        assert_eq!(r.regions.len(), 31);
        for name in [
            "CN-SH",
            "cn-31",
            "上海",
            "上海市",
            "沪",
            "Shanghai",
            "ＳＨＡＮＧＨＡＩ",
        ] {
            assert_eq!(
                r.resolve(name).map(|r| r.code.as_str()),
                Some("CN-SH"),
                "{name}"
            );
        }
        assert_eq!(r.resolve("粤").map(|r| r.code.as_str()), Some("CN-GD"));
        assert!(r.resolve("Hong Kong").is_none());
        assert_eq!(resolve_area("全国"), Ok(NATIONWIDE));
        assert!(
            resolve_area("Atlantis")
                .unwrap_err()
                .contains("not a province")
        );
    }

    #[test]
    fn numbers_give_issuer_and_classes() {
        let n = LicenceNumber::parse("A2.B1.B2-20090001").unwrap();
        assert_eq!(n.issuer, Issuer::Miit);
        assert_eq!(n.classes, ["A2", "B1", "B2"]);
        assert!(n.holds("B13") && n.holds("b21") && n.holds("A24") && !n.holds("A14"));

        let n = LicenceNumber::parse("沪B2-20210388").unwrap();
        assert_eq!(n.issuer, Issuer::Province("CN-SH"));
        assert!(n.holds("B21") && !n.holds("B13"));

        let n = LicenceNumber::parse("合字B1.B2－20170001").unwrap();
        assert!(n.foreign_invested && n.issuer == Issuer::Miit);
        let n = LicenceNumber::parse("沪合字B1-20190001").unwrap();
        assert!(n.foreign_invested && n.issuer == Issuer::Province("CN-SH"));

        let n = LicenceNumber::parse("京ICP证000001号").unwrap();
        assert!(n.icp && n.holds("B25") && !n.holds("B21"));
    }

    #[test]
    fn what_is_not_a_licence_number_says_why() {
        let e = LicenceNumber::parse("京ICP备09042327号-1").unwrap_err();
        assert!(e.contains("ICP filing"), "{e}");
        let e = LicenceNumber::parse("B13-20230001").unwrap_err();
        assert!(e.contains("\"B13\" is not a class"), "{e}");
        let e = LicenceNumber::parse("B1-2023").unwrap_err();
        assert!(e.contains("8 digits"), "{e}");
        assert!(LicenceNumber::parse("").is_err());
        assert!(LicenceNumber::parse("ICP证0001号").is_err());
        assert!(LicenceNumber::parse("火B1-20230001").is_err());
    }

    #[test]
    fn coverage_includes_what_it_lists() {
        let c = Coverage::from_areas(&["CN-SH", "CN-JS", "CN-SH"]);
        assert!(c.includes("CN-SH") && !c.includes("CN-GD"));
        assert_eq!(c.describe(), "CN-JS (江苏省), CN-SH (上海市)");
        assert!(Coverage::from_areas(&["CN-SH", NATIONWIDE]).includes("CN-GD"));
    }
}
