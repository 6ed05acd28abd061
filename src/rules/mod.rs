//! The rule engine: what a rule sees of a VPN and of the organisation
//! (`facts`), the compiled conditions evaluated with three-valued logic
//! (`condition`), and every rule on every target evaluated into findings
//! (`eval`). Compiling packs into rules is validation's last step
//! (`validate::compile`).
pub mod condition;
pub mod data_export;
pub mod eval;
pub mod facts;

#[cfg(test)]
mod tests {
    //! The rule language on small VPNs: operators, three-valued logic,
    //! parameters and compile errors.

    use std::collections::HashMap;

    use crate::crypto::Catalogue;
    use crate::diag::Diagnostics;
    use crate::model::policy::UsagePolicy;
    use crate::model::value::Tri;
    use crate::model::value::parse_date;
    use crate::rules::facts::{OrgFacts, Subject, VpnFacts};
    use crate::syntax::yaml;
    use crate::validate::condition::{CompileCtx, Cond, ParamValue, compile};
    use crate::validate::inventory::read_vpn;
    use crate::validate::read::Reader;

    fn cond(src: &str, params: &[(&str, &str)]) -> Result<Cond, String> {
        let params: HashMap<String, ParamValue> = params
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    ParamValue {
                        node: yaml::parse(v).unwrap(),
                        path: "policy.yaml".into(),
                    },
                )
            })
            .collect();
        let ctx = CompileCtx {
            path: "pack.yaml",
            params: &params,
            as_of: parse_date("2026-11-28").unwrap(),
            organisation_only: false,
        };
        let mut diags = Diagnostics::default();
        let node = yaml::parse(src).unwrap();
        compile(&node, &ctx, &mut diags).ok_or_else(|| {
            diags
                .iter()
                .map(|d| d.headline())
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    fn eval(vpn_src: &str, cond_src: &str) -> Tri {
        let mut diags = Diagnostics::default();
        let node = yaml::parse(vpn_src).unwrap();
        let vpn = read_vpn(&mut Reader::new("inv.yaml", &mut diags), &node, 0).expect("valid VPN");
        let facts = VpnFacts::derive(&vpn, Catalogue::builtin(), None);
        let org = OrgFacts::new(
            &UsagePolicy::builtin(),
            std::slice::from_ref(&vpn),
            parse_date("2026-11-28").unwrap(),
            &crate::validate::thresholds::Thresholds::default(),
        );
        let c = cond(
            cond_src,
            &[("six", "6mo"), ("ops", "[China Telecom, China Unicom]")],
        )
        .unwrap();
        c.eval(&Subject {
            vpn: Some((&vpn, &facts)),
            org: &org,
        })
    }

    const VPN: &str = "id: a\nowner: Ops\nlocal: {country: CN}\nremote: {country: HK}\nlogging: {retention: 26w, fields: [time, user]}\ncarrier: {operator: china telecom}\nlast_audit: 2026-05-28\ncrypto: {esp: [aes256gcm16-modp2048]}\n";

    #[test]
    fn operators() {
        use Tri::*;
        let cases = [
            ("{field: owner, equals: ops}", True),
            ("{field: owner, not_equals: ops}", False),
            ("{field: carrier.operator, in: $ops}", True),
            ("{field: carrier.operator, not_in: $ops}", False),
            ("{field: owner, matches: '^O'}", True),
            ("{field: logging.retention, gte: $six}", True),
            ("{field: logging.retention, gt: 182d}", False),
            ("{field: logging.retention, lte: 1y}", True),
            ("{field: logging.fields, contains: user}", True),
            ("{field: logging.fields, contains: [time, source]}", False),
            (
                "{field: logging.fields, subset_of: [time, user, source]}",
                True,
            ),
            ("{field: logging.fields, intersects: [source, user]}", True),
            ("{field: logging.fields, equals: [user, time]}", True),
            ("{field: last_audit, within: 6mo}", True),
            ("{field: last_audit, within: 26w}", False),
            ("{field: last_audit, after: 2026-05-28}", False),
            ("{field: last_audit, before: today}", True),
            ("{field: last_audit, gte: 2026-05-28}", True),
            ("{field: cross_border, equals: true}", True),
            ("{field: countries, contains: HK}", True),
            ("{field: crypto.pfs, equals: true}", True),
            ("{field: crypto.deprecated, equals: []}", True),
            ("{field: crypto.encryption, contains: AES-256-GCM}", True),
        ];
        for (c, want) in cases {
            assert_eq!(eval(VPN, c), want, "{c}");
        }
    }

    #[test]
    fn three_valued_logic() {
        use Tri::*;
        let missing = "{field: contract.vpn_clause, equals: true}";
        assert_eq!(eval(VPN, missing), Unknown);
        assert_eq!(eval(VPN, &format!("{{not: {missing}}}")), Unknown);
        assert_eq!(
            eval(
                VPN,
                &format!("{{any: [{missing}, {{field: owner, exists: true}}]}}")
            ),
            True
        );
        assert_eq!(
            eval(
                VPN,
                &format!("{{any: [{missing}, {{field: owner, exists: false}}]}}")
            ),
            Unknown
        );
        assert_eq!(
            eval(
                VPN,
                &format!("{{all: [{missing}, {{field: owner, exists: false}}]}}")
            ),
            False
        );
        assert_eq!(
            eval(
                VPN,
                &format!("{{all: [{missing}, {{field: owner, exists: true}}]}}")
            ),
            Unknown
        );
        assert_eq!(
            eval(VPN, "{field: contract.vpn_clause, exists: false}"),
            True
        );
        // Derived crypto fields are missing when nothing is declared.
        assert_eq!(
            eval("id: b\n", "{field: crypto.unknown, equals: []}"),
            Unknown
        );
        assert_eq!(
            eval("id: b\n", "{field: cross_border, equals: false}"),
            Unknown
        );
    }

    #[test]
    fn compile_errors_are_located_and_specific() {
        let err = |c: &str| cond(c, &[("six", "6mo")]).unwrap_err();
        assert!(
            err("{field: logging.retension, gte: 6mo}")
                .contains("unknown field \"logging.retension\"")
        );
        assert!(err("{field: owner, equalz: x}").contains("unknown operator \"equalz\""));
        assert!(err("{field: owner, gte: 3}").contains("\"gte\" does not apply to owner"));
        assert!(err("{field: owner, equals: a, in: [b]}").contains("exactly one operator"));
        assert!(err("{field: carrier.service, equals: interent}").contains("not one of"));
        assert!(err("{field: owner, matches: '('}").contains("invalid regular expression"));
        assert!(
            err("{field: logging.retention, gte: $seven}")
                .contains("undefined parameter \"$seven\"")
        );
        assert!(err("{field: crypto.pfs, equals: maybe}").contains("expected true or false"));
        assert!(err("{all: []}").contains("at least one condition"));
        assert!(err("{not: {field: owner, exists: true}, field: x}").contains("must stand alone"));
        assert!(
            err("{field: owner, matches: '(a{1000}){1000}'}")
                .contains("invalid regular expression")
        );
        let e = err("{field: owner, gte: 3}");
        assert!(e.starts_with("pack.yaml:1:16: error:"), "{e}");
    }

    #[test]
    fn parameter_values_are_checked_where_written() {
        let e = cond("{field: logging.retention, gte: $six}", &[("six", "lots")]).unwrap_err();
        assert!(e.starts_with("policy.yaml:1:1: error:"), "{e}");
    }

    /// `crypto_duty` and the fields it reads: the VPN's own value, else the
    /// organisation's (a VPN's `mlps` whole, never completed member-wise).
    #[test]
    fn crypto_duty_reads_the_vpn_then_the_organisation() {
        use crate::model::fields::resolve;
        use crate::validate::policy::read_policy;
        let policy_src = "kind: usage-policy\nversion: 1\norganisation:\n  cii: false\n  mlps: { level: 2, filing: F-1 }\n";
        let mut diags = Diagnostics::default();
        let node = yaml::parse(policy_src).unwrap();
        let (policy, _) = read_policy(&mut Reader::new("p.yaml", &mut diags), &node).unwrap();
        assert_eq!(diags.iter().count(), 0);
        let duty = resolve("crypto_duty").unwrap();
        let filing = resolve("mlps.filing").unwrap();
        let cases = [
            // (VPN fields, crypto_duty, mlps.filing, the duty from the organisation)
            ("", Some("none"), Some("F-1"), true),
            ("cii: true\n", Some("cii"), Some("F-1"), false),
            ("mlps: { level: 3 }\n", Some("mlps-3"), None, false),
            ("mlps: { level: 1 }\n", Some("none"), None, false),
        ];
        // The VPN read from its fields, and the organisation of `policy`.
        let facts_of = |policy: &UsagePolicy, fields: &str| {
            let mut diags = Diagnostics::default();
            let node = yaml::parse(&format!("id: a\n{fields}")).unwrap();
            let vpn = read_vpn(&mut Reader::new("inv.yaml", &mut diags), &node, 0).unwrap();
            let facts = VpnFacts::derive(&vpn, Catalogue::builtin(), None);
            let org = OrgFacts::new(
                policy,
                std::slice::from_ref(&vpn),
                parse_date("2026-11-28").unwrap(),
                &crate::validate::thresholds::Thresholds::default(),
            );
            (vpn, facts, org)
        };
        for (fields, want_duty, want_filing, from_org) in cases {
            let (vpn, facts, org) = facts_of(&policy, fields);
            let s = Subject {
                vpn: Some((&vpn, &facts)),
                org: &org,
            };
            let text = |f| s.get(f).map(|v| v.to_string());
            assert_eq!(text(&duty).as_deref(), want_duty, "{fields}");
            assert_eq!(text(&filing).as_deref(), want_filing, "{fields}");
            assert_eq!(s.from_organisation(&duty).is_some(), from_org, "{fields}");
        }
        // Without the organisation's defaults the duty is unknown.
        let (vpn, facts, org) = facts_of(&UsagePolicy::builtin(), "mlps: { level: 2 }\n");
        let s = Subject {
            vpn: Some((&vpn, &facts)),
            org: &org,
        };
        assert!(s.get(&duty).is_none());
    }
}
