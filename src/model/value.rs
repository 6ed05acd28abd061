//! Values with units: durations, dates, countries — parsed strictly, as SPEC §1
//! defines them.

use std::fmt;

use jiff::civil::Date;

/// A span of time as written: `180d`, `26w`, `6mo`, `1y` (or a bare number of days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Year,
}

impl Duration {
    /// The length used when two durations are compared: a week is 7 days, a
    /// month 30 and a year 365 (SPEC §1), so `6mo` = 180 days.
    pub fn comparable_days(&self) -> u64 {
        let per = match self.unit {
            DurationUnit::Day => 1,
            DurationUnit::Week => 7,
            DurationUnit::Month => 30,
            DurationUnit::Year => 365,
        };
        u64::from(self.amount) * per
    }

    /// The date this duration before `date`, in calendar months and years.
    /// `None` when it would leave the supported calendar.
    pub fn before(&self, date: Date) -> Option<Date> {
        let amount = i64::from(self.amount);
        let span = match self.unit {
            DurationUnit::Day => jiff::Span::new().try_days(amount).ok()?,
            DurationUnit::Week => jiff::Span::new().try_weeks(amount).ok()?,
            DurationUnit::Month => jiff::Span::new().try_months(amount).ok()?,
            DurationUnit::Year => jiff::Span::new().try_years(amount).ok()?,
        };
        date.checked_sub(span).ok()
    }

    /// Parses `180d`, `26w`, `6mo`, `1y` or a bare integer (days).
    pub fn parse(text: &str) -> Result<Duration, String> {
        let t = text.trim();
        let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(digits);
        if num.is_empty() {
            if t.starts_with('-') {
                return Err(format!("duration \"{text}\" is negative"));
            }
            return Err(format!(
                "expected a duration like 180d, 26w, 6mo or 1y, found \"{text}\""
            ));
        }
        let unit = match unit.trim() {
            "" | "d" | "day" | "days" => DurationUnit::Day,
            "w" | "week" | "weeks" => DurationUnit::Week,
            "mo" | "month" | "months" => DurationUnit::Month,
            "y" | "year" | "years" => DurationUnit::Year,
            other => {
                return Err(format!(
                    "unknown duration unit \"{other}\" in \"{text}\" (use d, w, mo or y; m is ambiguous)"
                ));
            }
        };
        let amount: u32 = num
            .parse()
            .map_err(|_| format!("duration \"{text}\" is too large"))?;
        // 1000 years is far beyond any retention or audit interval; larger
        // values are typos and would overflow calendar arithmetic.
        let d = Duration { amount, unit };
        if d.comparable_days() > 365_000 {
            return Err(format!(
                "duration \"{text}\" is too large (at most 1000 years)"
            ));
        }
        Ok(d)
    }

    pub fn from_days(days: i64) -> Result<Duration, String> {
        if days < 0 {
            return Err(format!("duration {days} is negative"));
        }
        Duration::parse(&days.to_string())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            DurationUnit::Day => "d",
            DurationUnit::Week => "w",
            DurationUnit::Month => "mo",
            DurationUnit::Year => "y",
        };
        write!(f, "{}{unit}", self.amount)
    }
}

/// Parses a real calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!("expected a date as YYYY-MM-DD, found \"{text}\""));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    Date::new(y, m, d).map_err(|_| format!("\"{text}\" is not a calendar date"))
}

/// ISO 3166-1 alpha-2 codes (officially assigned), used to validate countries.
/// Every ISO 3166-1 alpha-2 code, space-separated.
pub const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` (upper case) is an assigned alpha-2 code: a lookup in a
/// 26×26 table built once, as this runs for every endpoint of every VPN.
fn is_assigned_country(code: &str) -> bool {
    static TABLE: std::sync::OnceLock<[bool; 676]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [false; 676];
        for c in ISO_3166_ALPHA2.split(' ') {
            let b = c.as_bytes();
            t[usize::from(b[0] - b'A') * 26 + usize::from(b[1] - b'A')] = true;
        }
        t
    });
    match code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            table[usize::from(a - b'A') * 26 + usize::from(b - b'A')]
        }
        _ => false,
    }
}

/// Validates an ISO 3166-1 alpha-2 country code; returns it upper-cased.
pub fn parse_country(text: &str) -> Result<String, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    if is_assigned_country(&upper) {
        return Ok(upper);
    }
    let hint = match upper.as_str() {
        "UK" => " (the ISO code for the United Kingdom is GB)",
        "CHN" | "CHINA" => " (use CN)",
        "EU" => " (name a country, not the European Union)",
        _ => "",
    };
    Err(format!(
        "\"{text}\" is not an ISO 3166-1 alpha-2 country code{hint}"
    ))
}

/// Three-valued truth: a test on a missing field is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("6mo").unwrap().comparable_days(), 180);
        assert_eq!(Duration::parse("180d").unwrap().comparable_days(), 180);
        assert_eq!(Duration::parse("26w").unwrap().comparable_days(), 182);
        assert_eq!(Duration::parse("1y").unwrap().comparable_days(), 365);
        assert_eq!(Duration::parse("190").unwrap().comparable_days(), 190);
        assert!(Duration::parse("-5d").unwrap_err().contains("negative"));
        assert!(Duration::parse("6m").unwrap_err().contains("ambiguous"));
        assert!(Duration::parse("d").is_err());
        assert!(Duration::parse("99999999999d").is_err());
        assert!(Duration::parse("").is_err());
    }

    #[test]
    fn calendar_months() {
        let asof = parse_date("2026-11-28").unwrap();
        let back = Duration::parse("6mo").unwrap().before(asof).unwrap();
        assert_eq!(back.to_string(), "2026-05-28");
        let back = Duration::parse("1y")
            .unwrap()
            .before(parse_date("2028-02-29").unwrap())
            .unwrap();
        assert_eq!(back.to_string(), "2027-02-28");
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("not a calendar date")
        );
        assert!(parse_date("2026-2-3").is_err());
        assert!(parse_date("28/11/2026").is_err());
        assert!(parse_date("２０２６-01-01").is_err());
    }

    #[test]
    fn countries() {
        assert_eq!(parse_country("no").unwrap(), "NO");
        assert_eq!(parse_country("CN").unwrap(), "CN");
        assert!(parse_country("UK").unwrap_err().contains("GB"));
        assert!(parse_country("XX").is_err());
        assert!(parse_country("CHN").is_err());
    }
}

/// A validated field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A group (mapping) that is present.
    Present,
    Bool(bool),
    Int(i64),
    Text(Box<str>),
    Duration(Duration),
    Date(Date),
    List(Box<[Box<str>]>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Present => f.write_str("(present)"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Text(t) => f.write_str(t),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::List(items) if items.is_empty() => f.write_str("(none)"),
            Value::List(items) => f.write_str(&items.join(", ")),
        }
    }
}
