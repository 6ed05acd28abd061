//! Which export mechanism the organisation's cross-border transfers need,
//! by the CAC Provisions on Promoting and Regulating Cross-Border Data Flows
//! (2024): a security assessment (Art. 7), a standard contract or a
//! certification (Art. 8), or none (Arts. 3-5). The thresholds count
//! individuals per data handler cumulatively since 1 January of the year,
//! so they are judged on the organisation's declared volumes, not per VPN.
//!
//! "以上" in the text includes the number itself and "不满" excludes it:
//! 1,000,000 individuals need an assessment, 999,999 a contract.

use crate::model::fields::DATA_EXPORT_REQUIRED as REQUIRED;
use crate::model::inventory::Vpn;
use crate::model::policy::Organisation;
use crate::model::schema::field;
use crate::model::value::Value;
use crate::validate::thresholds::Thresholds;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    None,
    ContractOrCertification,
    SecurityAssessment,
}

impl Required {
    pub fn as_str(self) -> &'static str {
        match self {
            Required::None => REQUIRED[0],
            Required::ContractOrCertification => REQUIRED[1],
            Required::SecurityAssessment => REQUIRED[2],
        }
    }
}

/// The required mechanism and the provision that decided it
/// ("Art. 7(2): sensitive personal information of 25,000 individuals ≥ 10,000").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub required: Required,
    pub reason: String,
}

/// Whether the organisation operates critical information infrastructure:
/// it does when any of its VPNs serves a CII system, whatever its own
/// default says; otherwise its declared `cii` (unknown when undeclared).
pub fn cii_operator(org: &Organisation, vpns: &[Vpn]) -> Option<bool> {
    let vpn_cii = vpns.iter().any(|v| {
        v.get(field::CII)
            .is_some_and(|s| s.value == Value::Bool(true))
    });
    if vpn_cii { Some(true) } else { org.cii() }
}

/// 1234567 → "1,234,567".
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The mechanism the organisation's declared transfers need, or `None`
/// when what is declared cannot decide it (no `data_export`, or `cii`
/// undeclared where it matters): unknown, never "nothing needed". `cii`
/// is whether the organisation operates critical information
/// infrastructure ([`cii_operator`]).
pub fn required(org: &Organisation, cii: Option<bool>, t: &Thresholds) -> Option<Requirement> {
    let export = org.data_export.as_ref()?;
    let individuals = export.individuals.as_ref().map(|n| n.value);
    let sensitive = export.sensitive_individuals.as_ref().map(|n| n.value);
    let important = export.important_data.as_ref().map(|b| b.value);
    let assessment = |reason: String| {
        Some(Requirement {
            required: Required::SecurityAssessment,
            reason,
        })
    };
    // Art. 7(1) binds a CII operator, 7(2) everyone else; both need the
    // assessment, so an undeclared `cii` leaves only the item open.
    let art7 = match cii {
        Some(true) => "Art. 7(1)",
        Some(false) => "Art. 7(2)",
        None => "Art. 7",
    };
    let any_pi = individuals.is_some_and(|n| n > 0) || sensitive.is_some_and(|n| n > 0);
    if cii == Some(true) && any_pi {
        let n = individuals.unwrap_or(0) + sensitive.unwrap_or(0);
        return assessment(format!(
            "Art. 7(1): a critical information infrastructure operator provides personal information of {} individuals abroad",
            thousands(n)
        ));
    }
    if important == Some(true) {
        return assessment(format!("{art7}: important data is provided abroad"));
    }
    if let Some(s) = sensitive.filter(|&s| s >= t.sensitive_assessment) {
        return assessment(format!(
            "{art7}: sensitive personal information of {} individuals ≥ {}",
            thousands(s),
            thousands(t.sensitive_assessment)
        ));
    }
    if let Some(n) = individuals.filter(|&n| n >= t.assessment) {
        return assessment(format!(
            "{art7}: personal information of {} individuals ≥ {}",
            thousands(n),
            thousands(t.assessment)
        ));
    }
    let (n, s, _) = (individuals?, sensitive?, important?);
    if n == 0 && s == 0 {
        return Some(Requirement {
            required: Required::None,
            reason: "Arts. 7-8 do not apply: no personal information or important data is provided abroad"
                .into(),
        });
    }
    // A CII operator providing any personal information was decided above.
    cii?;
    let contract = |reason: String| {
        Some(Requirement {
            required: Required::ContractOrCertification,
            reason,
        })
    };
    if s > 0 {
        return contract(format!(
            "Art. 8: sensitive personal information of {} individuals < {}",
            thousands(s),
            thousands(t.sensitive_assessment)
        ));
    }
    if n >= t.contract {
        return contract(format!(
            "Art. 8: personal information of {} individuals ≥ {} and < {}",
            thousands(n),
            thousands(t.contract),
            thousands(t.assessment)
        ));
    }
    Some(Requirement {
        required: Required::None,
        reason: format!(
            "Art. 5(4): personal information of {} individuals < {}, none sensitive",
            thousands(n),
            thousands(t.contract)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::DataExport;
    use crate::source::Pos;
    use crate::source::Spanned;

    fn org(cii: Option<bool>, n: i64, s: i64, important: bool) -> Organisation {
        let at = |v| Spanned::new(v, Pos::default());
        let mut defaults = vec![None; crate::model::schema::VPN_FIELDS.len()];
        if let Some(b) = cii {
            defaults[field::CII as usize] = Some(crate::model::inventory::Slot {
                value: crate::model::value::Value::Bool(b),
                pos: Pos::default(),
            });
        }
        Organisation {
            defaults,
            data_export: Some(DataExport {
                pos: Pos::default(),
                individuals: Some(Spanned::new(n, Pos::default())),
                sensitive_individuals: Some(Spanned::new(s, Pos::default())),
                important_data: Some(at(important)),
                basis: None,
            }),
            ..Organisation::default()
        }
    }

    fn req(o: &Organisation) -> Option<(Required, String)> {
        required(o, o.cii(), &Thresholds::default()).map(|r| (r.required, r.reason))
    }

    #[test]
    fn tiers_follow_the_text() {
        use Required::*;
        let t = |cii, n, s, i| req(&org(cii, n, s, i)).map(|r| r.0);
        let no = Some(false);
        assert_eq!(t(no, 99_999, 0, false), Some(None));
        assert_eq!(t(no, 100_000, 0, false), Some(ContractOrCertification));
        assert_eq!(t(no, 999_999, 0, false), Some(ContractOrCertification));
        assert_eq!(t(no, 1_000_000, 0, false), Some(SecurityAssessment));
        assert_eq!(t(no, 0, 1, false), Some(ContractOrCertification));
        assert_eq!(t(no, 0, 9_999, false), Some(ContractOrCertification));
        assert_eq!(t(no, 0, 10_000, false), Some(SecurityAssessment));
        assert_eq!(t(no, 10, 0, true), Some(SecurityAssessment));
        assert_eq!(t(no, 0, 0, false), Some(None));
        assert_eq!(t(Some(true), 1, 0, false), Some(SecurityAssessment));
        assert_eq!(t(Some(true), 0, 0, false), Some(None));
        // An undeclared `cii` decides nothing below the assessment tier …
        assert_eq!(t(Option::None, 5, 0, false), Option::None);
        assert_eq!(t(Option::None, 250_000, 0, false), Option::None);
        // … and is irrelevant above it.
        assert_eq!(
            t(Option::None, 2_000_000, 0, false),
            Some(SecurityAssessment)
        );
        // Nothing declared: unknown.
        assert_eq!(req(&Organisation::default()), Option::None);
    }

    #[test]
    fn reasons_name_the_article_and_the_numbers() {
        let r = |cii, n, s, i| req(&org(Some(cii), n, s, i)).unwrap().1;
        assert_eq!(
            r(false, 0, 25_000, false),
            "Art. 7(2): sensitive personal information of 25,000 individuals ≥ 10,000"
        );
        assert_eq!(
            r(false, 250_000, 0, false),
            "Art. 8: personal information of 250,000 individuals ≥ 100,000 and < 1,000,000"
        );
        assert_eq!(
            r(false, 50_000, 0, false),
            "Art. 5(4): personal information of 50,000 individuals < 100,000, none sensitive"
        );
        assert!(r(true, 10, 0, false).starts_with("Art. 7(1): a critical"));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
