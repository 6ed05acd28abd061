//! The volume thresholds of the CAC Provisions on Promoting and Regulating
//! Cross-Border Data Flows (2024), as this audit uses them: the usage
//! policy's parameter values, else a pack's defaults, else the text's
//! (`rules::data_export` applies them).

use crate::diag::Code;
use crate::diag::Diagnostics;
use crate::model::policy::UsagePolicy;
use crate::validate::pack::Pack;
use crate::validate::policy::Parameters;
use crate::validate::read::Reader;

/// The pack parameters holding the thresholds (declared in cn-vpn).
pub const CONTRACT_PARAM: &str = "xb_contract_individuals";
pub const ASSESSMENT_PARAM: &str = "xb_assessment_individuals";
pub const SENSITIVE_PARAM: &str = "xb_assessment_sensitive_individuals";

/// Individuals counted since 1 January at which a mechanism is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Personal information (not sensitive) of this many individuals or more
    /// needs a standard contract or certification (Arts. 5(4), 8).
    pub contract: i64,
    /// Personal information (not sensitive) of this many individuals or more
    /// needs a security assessment (Art. 7(2)).
    pub assessment: i64,
    /// Sensitive personal information of this many individuals or more
    /// needs a security assessment (Art. 7(2)); fewer, a contract (Art. 8).
    pub sensitive_assessment: i64,
}

impl Default for Thresholds {
    /// The numbers of the 2024 text.
    fn default() -> Self {
        Thresholds {
            contract: 100_000,
            assessment: 1_000_000,
            sensitive_assessment: 10_000,
        }
    }
}

impl Thresholds {
    /// The thresholds of this audit: the usage policy's parameter values,
    /// else the default of the first pack in use that declares them, else
    /// the text's. A value that is not a positive integer, or a contract
    /// threshold not below the assessment one, is a located error.
    pub fn resolve(
        packs: &[Pack],
        policy: &UsagePolicy,
        parameters: &Parameters,
        diags: &mut Diagnostics,
    ) -> Thresholds {
        let mut t = Thresholds::default();
        let value = |name: &str, fallback: i64, diags: &mut Diagnostics| -> i64 {
            let from_policy = policy
                .path
                .as_ref()
                .and_then(|path| {
                    parameters
                        .0
                        .iter()
                        .find(|(k, _)| k.name == name)
                        .map(|(_, n)| (path.as_str(), n))
                })
                // Only a parameter some pack in use declares counts (the
                // compiler reports the others).
                .filter(|_| declares(packs, name));
            let from_pack = || {
                packs.iter().find_map(|p| {
                    p.parameters
                        .iter()
                        .find(|d| d.name.name == name)
                        .map(|d| (p.path.as_str(), &d.default))
                })
            };
            let Some((path, node)) = from_policy.or_else(from_pack) else {
                return fallback;
            };
            let mut r = Reader::new(path, diags);
            match r.int(node) {
                Some(v) if v > 0 => v,
                Some(_) => {
                    r.error(
                        Code::InvalidValue,
                        node.pos,
                        format!("{name} is a number of individuals: 1 or more"),
                    );
                    fallback
                }
                None => fallback,
            }
        };
        t.contract = value(CONTRACT_PARAM, t.contract, diags);
        t.assessment = value(ASSESSMENT_PARAM, t.assessment, diags);
        t.sensitive_assessment = value(SENSITIVE_PARAM, t.sensitive_assessment, diags);
        if t.contract >= t.assessment {
            let at = parameters
                .0
                .iter()
                .find(|(k, _)| k.name == CONTRACT_PARAM || k.name == ASSESSMENT_PARAM);
            if let (Some(path), Some((k, _))) = (&policy.path, at) {
                diags.push(crate::diag::Diagnostic::error(
                    Code::Parameter,
                    path,
                    k.pos,
                    format!(
                        "{CONTRACT_PARAM} ({}) must be below {ASSESSMENT_PARAM} ({})",
                        t.contract, t.assessment
                    ),
                ));
            }
        }
        t
    }
}

fn declares(packs: &[Pack], name: &str) -> bool {
    packs
        .iter()
        .any(|p| p.parameters.iter().any(|d| d.name.name == name))
}
