//! The citation register: `policies/citations.yaml`, parsed and checked once.
//! A rule cites a text by key plus article, clause or section; the register
//! renders that citation in Chinese and English as the text stood on the
//! audit date, with the number the article had before an amendment moved it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Deserialize;

const BUILTIN_YAML: &str = include_str!("../../policies/citations.yaml");

/// What kind of text an entry is; decides how its parts are named
/// (articles of a law, clauses of a standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Law,
    Regulation,
    Rule,
    Notice,
    Standard,
    Rfc,
    Guidance,
}

/// Whether a fact was checked against the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confirmation {
    Verified,
    Unconfirmed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    pub zh: Option<String>,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    version: String,
    adopted: Option<String>,
    in_force: String,
    #[serde(default)]
    renumbered: BTreeMap<String, String>,
    #[serde(default)]
    new: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub topic: String,
    pub status: Confirmation,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    kind: Kind,
    code: Option<String>,
    zh: Option<String>,
    en: String,
    short: Option<String>,
    issuer: Option<Issuer>,
    versions: Vec<RawVersion>,
    #[serde(default)]
    articles: BTreeMap<String, Article>,
    status: Confirmation,
    source: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    texts: BTreeMap<String, RawText>,
}

/// One version of a text.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: String,
    pub adopted: Option<Date>,
    pub in_force: Date,
    /// Number in the previous version → number in this one.
    pub renumbered: BTreeMap<String, String>,
    /// Articles this version inserted.
    pub new: Vec<String>,
    pub note: Option<String>,
}

/// A law, regulation, notice or standard.
#[derive(Debug, Clone)]
pub struct Text {
    pub key: String,
    pub kind: Kind,
    pub code: Option<String>,
    pub zh: Option<String>,
    pub en: String,
    pub short: Option<String>,
    pub issuer: Option<Issuer>,
    /// Oldest first; the last is the one rules cite.
    pub versions: Vec<Version>,
    pub articles: BTreeMap<String, Article>,
    pub status: Confirmation,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// Which part of a text a citation points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locator {
    /// The text as a whole.
    Whole,
    /// Article numbers: "26", "38-40", "7, 9".
    Article(String),
    /// A standard's clause: "8.1.4.3".
    Clause(String),
    /// Anything else, as written: "5.2", "Table 3-1", "point 3".
    Section(String),
}

/// A citation resolved against the register, as every report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub key: String,
    /// The version in force on the audit date.
    pub version: String,
    pub in_force: Date,
    pub locator: Locator,
    /// The locator in the version in force on the audit date.
    pub locator_then: Locator,
    pub zh: Option<String>,
    pub en: String,
    pub topic: Option<String>,
    pub confirmed: bool,
    pub source: Option<String>,
    /// The whole citation on one line.
    pub text: String,
}

/// The register.
#[derive(Debug)]
pub struct Register {
    texts: BTreeMap<String, Text>,
}

/// Why a citation could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiteError {
    UnknownText {
        key: String,
        suggestion: Option<String>,
    },
    UnknownVersion {
        key: String,
        version: String,
        versions: Vec<String>,
    },
}

impl std::fmt::Display for CiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CiteError::UnknownText { key, .. } => {
                write!(f, "\"{key}\" is not in the citation register")
            }
            CiteError::UnknownVersion {
                key,
                version,
                versions,
            } => write!(
                f,
                "{key} has no version \"{version}\" (versions: {})",
                versions.join(", ")
            ),
        }
    }
}

/// A citation of a superseded version, mapped to the text in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    pub cited: String,
    pub superseded_on: Date,
    pub now: String,
}

impl Register {
    /// The register shipped in the binary.
    pub fn builtin() -> &'static Register {
        static BUILTIN: OnceLock<Register> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // Checked by the unit tests: a bad edit fails `cargo test`.
            Register::from_yaml(BUILTIN_YAML)
                .unwrap_or_else(|e| panic!("policies/citations.yaml: {e}"))
        })
    }

    pub fn from_yaml(text: &str) -> Result<Register, String> {
        let raw: RawRegister = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let mut texts = BTreeMap::new();
        for (key, t) in raw.texts {
            let text = check_text(&key, t)?;
            texts.insert(key, text);
        }
        Ok(Register { texts })
    }

    pub fn get(&self, key: &str) -> Option<&Text> {
        self.texts.get(key)
    }

    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.texts.values()
    }

    /// Maps an article of `version` (or of the latest version) to its number
    /// in the latest version. `Some(Superseded)` when `version` is not the
    /// latest.
    pub fn to_latest(
        &self,
        key: &str,
        version: Option<&str>,
        locator: &Locator,
    ) -> Result<(Locator, Option<Superseded>), CiteError> {
        let text = self.text(key)?;
        let Some(version) = version else {
            return Ok((locator.clone(), None));
        };
        let Some(i) = text.versions.iter().position(|v| v.version == version) else {
            return Err(CiteError::UnknownVersion {
                key: key.into(),
                version: version.into(),
                versions: text.versions.iter().map(|v| v.version.clone()).collect(),
            });
        };
        if i + 1 == text.versions.len() {
            return Ok((locator.clone(), None));
        }
        let mapped = map_locator(locator, |n| {
            let mut n = n.to_string();
            for v in &text.versions[i + 1..] {
                if let Some(m) = v.renumbered.get(&n) {
                    n = m.clone();
                }
            }
            Some(n)
        });
        let next = &text.versions[i + 1];
        let superseded = Superseded {
            cited: format!(
                "{}{} ({})",
                text.short.as_deref().unwrap_or(&text.en),
                en_locator(text.kind, locator),
                version
            ),
            superseded_on: next.in_force,
            now: format!(
                "{}{}",
                text.short.as_deref().unwrap_or(&text.en),
                en_locator(text.kind, &mapped)
            ),
        };
        Ok((mapped, Some(superseded)))
    }

    fn text(&self, key: &str) -> Result<&Text, CiteError> {
        self.texts.get(key).ok_or_else(|| CiteError::UnknownText {
            key: key.into(),
            suggestion: crate::diag::suggest(key, self.texts.keys().map(String::as_str))
                .map(str::to_string),
        })
    }

    /// Renders a citation (numbered as in the latest version) as the text
    /// stood on `as_of`.
    pub fn cite(
        &self,
        key: &str,
        locator: &Locator,
        note: Option<&str>,
        as_of: Date,
    ) -> Result<Citation, CiteError> {
        let text = self.text(key)?;
        let latest = text.versions.last().expect("checked: versions not empty");
        // The version in force on the audit date: the newest one already in
        // force, else the first (cited before it came into force).
        let idx = text
            .versions
            .iter()
            .rposition(|v| v.in_force <= as_of)
            .unwrap_or(0);
        let then = &text.versions[idx];
        let not_yet = then.in_force > as_of;
        // Walk the numbers back from the latest version to the one in force.
        let mut missing_then = false;
        let locator_then = map_locator(locator, |n| {
            let mut n = n.to_string();
            for v in text.versions[idx + 1..].iter().rev() {
                if v.new.contains(&n) {
                    missing_then = true;
                    return None;
                }
                if let Some((old, _)) = v.renumbered.iter().find(|(_, new)| **new == n) {
                    n = old.clone();
                }
            }
            Some(n)
        });
        // The number the article had in the version before the latest, for
        // "(Art. 24 before 2026-01-01)".
        let before = if text.versions.len() > 1 && idx + 1 == text.versions.len() {
            let mut moved = false;
            let loc = map_locator(locator, |n| {
                match latest.renumbered.iter().find(|(_, new)| **new == n) {
                    Some((old, _)) => {
                        moved = true;
                        Some(old.clone())
                    }
                    None => Some(n.to_string()),
                }
            });
            moved.then_some(loc)
        } else {
            None
        };
        // Each article a locator names ("38-40" is 38, 39 and 40): the
        // citation is confirmed when every one of them is.
        let articles: Option<Vec<&Article>> = part_keys(locator)
            .iter()
            .map(|k| text.articles.get(k.as_str()))
            .collect();
        let confirmed = text.status == Confirmation::Verified
            && match locator {
                Locator::Whole => true,
                _ => articles
                    .as_ref()
                    .is_some_and(|a| a.iter().all(|a| a.status == Confirmation::Verified)),
            };
        let topic = articles.map(|a| {
            let mut topics: Vec<&str> = a.iter().map(|a| a.topic.as_str()).collect();
            topics.dedup();
            topics.join("; ")
        });
        let source = match part_keys(locator).first() {
            Some(k) => text.articles.get(k.as_str()).and_then(|a| a.source.clone()),
            None => None,
        }
        .or_else(|| text.source.clone());
        let mut en = String::new();
        if matches!(text.kind, Kind::Standard | Kind::Rfc)
            && let Some(code) = &text.code
            && !text.en.starts_with(code.as_str())
        {
            en.push_str(code);
            en.push(' ');
        }
        en.push_str(text.short.as_deref().unwrap_or(&text.en));
        let shown = if missing_then { locator } else { &locator_then };
        en.push_str(&en_locator(text.kind, shown));
        let mut extra = Vec::new();
        if not_yet {
            extra.push(format!("in force from {}", then.in_force));
        } else if missing_then {
            extra.push(format!("in force from {}", latest.in_force));
        } else if idx + 1 < text.versions.len() {
            extra.push(format!(
                "{} text; {} from {}",
                then.version,
                en_locator(text.kind, locator).trim_start_matches(", "),
                text.versions[idx + 1].in_force
            ));
        } else if let Some(b) = &before {
            extra.push(format!(
                "{} before {}",
                en_locator(text.kind, b).trim_start_matches(", "),
                latest.in_force
            ));
        }
        if !extra.is_empty() {
            en.push_str(&format!(" ({})", extra.join("; ")));
        }
        let zh = text.zh.as_ref().map(|zh| {
            let mut s = String::new();
            if text.kind == Kind::Standard
                && let Some(code) = &text.code
            {
                s.push_str(code);
            }
            s.push_str(&format!("《{zh}》"));
            if text.kind == Kind::Notice
                && let Some(code) = &text.code
            {
                s.push_str(&format!("（{code}）"));
            }
            s.push_str(&zh_locator(shown));
            s
        });
        let mut line = match &zh {
            Some(zh) => format!("{zh} / {en}"),
            None => en,
        };
        if let Some(n) = note {
            line.push_str(&format!(" — {n}"));
        }
        if !confirmed {
            line.push_str(" [unconfirmed]");
        }
        Ok(Citation {
            key: key.into(),
            version: then.version.clone(),
            in_force: then.in_force,
            locator: locator.clone(),
            locator_then: shown.clone(),
            zh: text.zh.clone(),
            en: text.en.clone(),
            topic: topic.filter(|_| *locator != Locator::Whole),
            confirmed,
            source,
            text: line,
        })
    }
}

fn check_text(key: &str, t: RawText) -> Result<Text, String> {
    let err = |m: String| format!("texts.{key}: {m}");
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(err(
            "keys are lower-case letters, digits and '-'".to_string()
        ));
    }
    if t.versions.is_empty() {
        return Err(err("has no versions".into()));
    }
    let date = |s: &str, what: &str| -> Result<Date, String> {
        s.parse::<Date>()
            .map_err(|_| err(format!("{what} \"{s}\" is not a date (YYYY-MM-DD)")))
    };
    let mut versions = Vec::new();
    for v in t.versions {
        let in_force = date(&v.in_force, "in_force")?;
        let adopted = v
            .adopted
            .as_deref()
            .map(|a| date(a, "adopted"))
            .transpose()?;
        if let Some(prev) = versions.last().map(|p: &Version| p.in_force)
            && in_force <= prev
        {
            return Err(err(format!(
                "version \"{}\" must come into force after the one before it",
                v.version
            )));
        }
        if versions.is_empty() && (!v.renumbered.is_empty() || !v.new.is_empty()) {
            return Err(err("the first version has nothing to renumber".into()));
        }
        versions.push(Version {
            version: v.version,
            adopted,
            in_force,
            renumbered: v.renumbered,
            new: v.new,
            note: v.note,
        });
    }
    for (n, a) in &t.articles {
        if a.topic.trim().is_empty() {
            return Err(err(format!("article {n} has no topic")));
        }
        if a.status == Confirmation::Verified && a.source.is_none() && t.source.is_none() {
            return Err(err(format!(
                "article {n} is verified but neither it nor the text names a source"
            )));
        }
    }
    if t.status == Confirmation::Verified && t.source.is_none() {
        return Err(err("is verified but names no source".into()));
    }
    Ok(Text {
        key: key.into(),
        kind: t.kind,
        code: t.code,
        zh: t.zh,
        en: t.en,
        short: t.short,
        issuer: t.issuer,
        versions,
        articles: t.articles,
        status: t.status,
        source: t.source,
        note: t.note,
    })
}

/// The register keys a locator names: each article of "38-40" or "7, 9",
/// or the clause or section as written.
fn part_keys(locator: &Locator) -> Vec<String> {
    match locator {
        Locator::Whole => Vec::new(),
        Locator::Clause(c) | Locator::Section(c) => vec![c.clone()],
        Locator::Article(a) => {
            let mut out = Vec::new();
            let mut range_from: Option<u32> = None;
            for part in parts(a) {
                match part {
                    Part::Number(n) => {
                        let n: u32 = n.parse().unwrap_or(0);
                        match range_from.take() {
                            Some(from) if from < n && n - from <= 50 => {
                                out.extend((from + 1..=n).map(|i| i.to_string()))
                            }
                            _ => out.push(n.to_string()),
                        }
                    }
                    Part::Other('-' | '–') => {
                        range_from = out.last().and_then(|l: &String| l.parse().ok())
                    }
                    Part::Other(_) => {}
                }
            }
            out
        }
    }
}

/// An article locator in parts: runs of digits and the characters between.
enum Part<'a> {
    Number(&'a str),
    Other(char),
}

fn parts(s: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if end > 0 {
            out.push(Part::Number(&rest[..end]));
            rest = &rest[end..];
        } else {
            out.push(Part::Other(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Applies `f` to each article number of a locator ("38-40", "7, 9"); a
/// `None` keeps the locator as it was.
fn map_locator(locator: &Locator, mut f: impl FnMut(&str) -> Option<String>) -> Locator {
    let Locator::Article(a) = locator else {
        return locator.clone();
    };
    let mut out = String::new();
    for part in parts(a) {
        match part {
            Part::Number(n) => match f(n) {
                Some(n) => out.push_str(&n),
                None => return locator.clone(),
            },
            Part::Other(c) => out.push(c),
        }
    }
    Locator::Article(out)
}

fn en_locator(kind: Kind, locator: &Locator) -> String {
    match locator {
        Locator::Whole => String::new(),
        Locator::Article(a) => {
            let plural = a.contains(['-', ',', '–']);
            format!(", Art{}. {a}", if plural { "s" } else { "" })
        }
        Locator::Clause(c) => format!(", clause {c}"),
        Locator::Section(s) if s.starts_with(|c: char| c.is_ascii_digit()) => {
            let word = if kind == Kind::Standard {
                "clause"
            } else {
                "section"
            };
            format!(", {word} {s}")
        }
        Locator::Section(s) => format!(", {s}"),
    }
}

fn zh_locator(locator: &Locator) -> String {
    match locator {
        Locator::Whole => String::new(),
        Locator::Article(a) => parts(a)
            .into_iter()
            .map(|p| match p {
                Part::Number(n) => format!("第{}条", chinese_number(n.parse().unwrap_or(0))),
                Part::Other('-' | '–') => "至".into(),
                Part::Other(',' | '、') => "、".into(),
                Part::Other(' ') => String::new(),
                Part::Other(c) => c.to_string(),
            })
            .collect(),
        Locator::Clause(c) | Locator::Section(c) => format!(" {c}"),
    }
}

/// 26 → 二十六, 105 → 一百零五, as article numbers are written.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        );
    }
    if n < 100 {
        let ones = n % 10;
        return format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if ones == 0 { "" } else { DIGITS[ones as usize] }
        );
    }
    if n < 1000 {
        let rest = n % 100;
        let tail = match rest {
            0 => String::new(),
            1..=9 => format!("零{}", DIGITS[rest as usize]),
            // 110 is 一百一十, not 一百十.
            10..=19 => format!("一{}", chinese_number(rest)),
            _ => chinese_number(rest),
        };
        return format!("{}百{tail}", DIGITS[(n / 100) as usize]);
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
texts:
  csl:
    kind: law
    zh: 中华人民共和国网络安全法
    en: Cybersecurity Law of the PRC
    short: Cybersecurity Law
    versions:
      - { version: "2016", in_force: 2017-06-01 }
      - version: 2025 amendment
        in_force: 2026-01-01
        renumbered: { "21": "23", "24": "26" }
        new: ["3", "20"]
    articles:
      "26": { topic: real identity, status: verified, source: https://example.test/csl }
      "20": { topic: new article, status: verified, source: https://example.test/csl }
    status: verified
    source: https://example.test/csl
  gbt-22239:
    kind: standard
    code: GB/T 22239-2019
    zh: 信息安全技术 网络安全等级保护基本要求
    en: Information security technology — Baseline for classified protection of cybersecurity
    versions: [{ version: GB/T 22239-2019, in_force: 2019-12-01 }]
    status: unconfirmed
"#;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_register_loads() {
        let r = Register::from_yaml(BUILTIN_YAML).expect("policies/citations.yaml must load");
        let _ = r.texts().count();
    }

    #[test]
    fn renders_the_article_in_force_with_its_old_number() {
        let r = Register::from_yaml(MINI).unwrap();
        let c = r
            .cite("csl", &Locator::Article("26".into()), None, d("2026-12-02"))
            .unwrap();
        assert_eq!(
            c.text,
            "《中华人民共和国网络安全法》第二十六条 / Cybersecurity Law, Art. 26 (Art. 24 before 2026-01-01)"
        );
        assert!(c.confirmed);
        // Audited as of 2025: the 2016 text and its number.
        let c = r
            .cite("csl", &Locator::Article("26".into()), None, d("2025-06-30"))
            .unwrap();
        assert_eq!(
            c.text,
            "《中华人民共和国网络安全法》第二十四条 / Cybersecurity Law, Art. 24 (2016 text; Art. 26 from 2026-01-01)"
        );
        // An inserted article did not exist before.
        let c = r
            .cite("csl", &Locator::Article("20".into()), None, d("2025-06-30"))
            .unwrap();
        assert!(
            c.text.ends_with("Art. 20 (in force from 2026-01-01)"),
            "{}",
            c.text
        );
        // An article the register does not list is unconfirmed.
        let c = r
            .cite(
                "csl",
                &Locator::Article("49".into()),
                Some("note"),
                d("2026-12-02"),
            )
            .unwrap();
        assert!(
            c.text.ends_with("Art. 49 — note [unconfirmed]"),
            "{}",
            c.text
        );
    }

    #[test]
    fn ranges_and_standards() {
        let r = Register::from_yaml(MINI).unwrap();
        let c = r
            .cite(
                "csl",
                &Locator::Article("21-24".into()),
                None,
                d("2026-12-02"),
            )
            .unwrap();
        assert!(c.text.contains("第二十一条至第二十四条"), "{}", c.text);
        assert!(c.text.contains("Arts. 21-24"), "{}", c.text);
        let c = r
            .cite(
                "gbt-22239",
                &Locator::Clause("8.1.4.3".into()),
                None,
                d("2026-12-02"),
            )
            .unwrap();
        assert_eq!(
            c.text,
            "GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》 8.1.4.3 / GB/T 22239-2019 Information security technology — Baseline for classified protection of cybersecurity, clause 8.1.4.3 [unconfirmed]"
        );
    }

    #[test]
    fn a_superseded_version_maps_to_the_article_in_force() {
        let r = Register::from_yaml(MINI).unwrap();
        let (loc, sup) = r
            .to_latest("csl", Some("2016"), &Locator::Article("24".into()))
            .unwrap();
        assert_eq!(loc, Locator::Article("26".into()));
        let sup = sup.unwrap();
        assert_eq!(sup.cited, "Cybersecurity Law, Art. 24 (2016)");
        assert_eq!(sup.now, "Cybersecurity Law, Art. 26");
        assert_eq!(sup.superseded_on, d("2026-01-01"));
        assert!(matches!(
            r.to_latest("csl", Some("2019"), &Locator::Whole),
            Err(CiteError::UnknownVersion { .. })
        ));
        assert!(matches!(
            r.cite("csll", &Locator::Whole, None, d("2026-01-01")),
            Err(CiteError::UnknownText { suggestion: Some(s), .. }) if s == "csl"
        ));
    }

    #[test]
    fn bad_registers_are_refused() {
        for (yaml, want) in [
            (
                "texts: { X: { kind: law, en: t, versions: [{version: a, in_force: 2020-01-01}], status: unconfirmed } }",
                "lower-case",
            ),
            (
                "texts: { x: { kind: law, en: t, versions: [], status: unconfirmed } }",
                "no versions",
            ),
            (
                "texts: { x: { kind: law, en: t, versions: [{version: a, in_force: 2020-13-01}], status: unconfirmed } }",
                "not a date",
            ),
            (
                "texts: { x: { kind: law, en: t, versions: [{version: a, in_force: 2020-01-01}, {version: b, in_force: 2019-01-01}], status: unconfirmed } }",
                "after the one before",
            ),
            (
                "texts: { x: { kind: law, en: t, versions: [{version: a, in_force: 2020-01-01}], status: verified } }",
                "names no source",
            ),
            (
                "texts: { x: { kind: law, en: t, versions: [{version: a, in_force: 2020-01-01}], status: unconfirmed, articles: { '1': { topic: t, status: verified } } } }",
                "neither it nor the text",
            ),
            (
                "texts: { x: { kind: poem, en: t, versions: [{version: a, in_force: 2020-01-01}], status: unconfirmed } }",
                "poem",
            ),
        ] {
            let e = Register::from_yaml(yaml).unwrap_err();
            assert!(e.contains(want), "{yaml}: {e}");
        }
    }

    #[test]
    fn chinese_numbers() {
        for (n, s) in [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (26, "二十六"),
            (49, "四十九"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (119, "一百一十九"),
            (121, "一百二十一"),
        ] {
            assert_eq!(chinese_number(n), s, "{n}");
        }
    }
}
