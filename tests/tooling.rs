//! `vpnaudit init`, `vpnaudit schema` and `vpnaudit completions`: the
//! scaffold validates and audits clean, never overwrites; the schemas are
//! generated from the loaders' own tables, accept every real input and
//! reject what the loader rejects; completions exist for every shell.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;
use vpnaudit::json_schema::{Kind, node_to_json, schema, type_schema};
use vpnaudit::model::schema::{Ty, VPN_FIELDS};

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vpnaudit().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

#[test]
fn init_scaffold_validates_and_audits_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(tmp.path(), &["init", "estate"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "wrote estate/usage-policy.yaml and estate/inventory.yaml\nnext: edit them, then run `vpnaudit validate estate` and `vpnaudit audit estate`\n"
    );
    let (code, out, err) = run_in(tmp.path(), &["validate", "estate", "--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "no warning, not even a stale waiver: {err}");
    assert!(
        out.starts_with("ok: 2 file(s), 3 VPN(s), 2 pack(s)"),
        "{out}"
    );
    // The example is compliant, with one waived gap to show waivers.
    let (code, out, err) = run_in(tmp.path(), &["audit", "estate", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["fail"], 0);
    assert_eq!(report["summary"]["waived"], 1);
}

#[test]
fn init_defaults_to_the_current_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(tmp.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("usage-policy.yaml").is_file());
    assert!(tmp.path().join("inventory.yaml").is_file());
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "."]).0, 0);
    let before = std::fs::read_to_string(tmp.path().join("inventory.yaml")).unwrap();
    std::fs::write(tmp.path().join("usage-policy.yaml"), "mine\n").unwrap();
    let (code, out, err) = run_in(tmp.path(), &["init", "."]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: init: usage-policy.yaml and inventory.yaml already exist; nothing was written (init never overwrites: move them away or choose another directory)\n"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("usage-policy.yaml")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("inventory.yaml")).unwrap(),
        before
    );

    // One file of the user's is enough to refuse; the other is not written.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("inventory.yaml"), "mine\n").unwrap();
    let (code, _, err) = run_in(other.path(), &["init"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: init: inventory.yaml already exists; nothing was written (init never overwrites: move them away or choose another directory)\n"
    );
    assert!(!other.path().join("usage-policy.yaml").exists());
}

#[test]
fn init_into_a_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("taken"), "a file\n").unwrap();
    let (code, _, err) = run_in(tmp.path(), &["init", "taken"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: init: cannot create taken: "),
        "{err}"
    );
}

#[test]
fn scaffold_comments_explain_every_field() {
    for (name, text) in vpnaudit::scaffold::files(jiff::civil::date(2026, 11, 28)) {
        let commented = |key: &str| {
            text.lines()
                .any(|l| l.contains(&format!("{key}:")) && l.contains('#'))
        };
        if name == "inventory.yaml" {
            for f in VPN_FIELDS {
                let key = f.path.rsplit('.').next().unwrap();
                assert!(commented(key), "{name}: no comment on {}", f.path);
            }
        } else {
            for key in [
                "kind", "version", "name", "owner", "reviewed", "country", "role", "licences",
            ] {
                assert!(commented(key), "{name}: no comment on {key}");
            }
            for key in vpnaudit::model::policy::POLICY_KEYS {
                assert!(text.contains(&format!("{key}:")), "{name}: {key} missing");
            }
            for key in vpnaudit::model::policy::WAIVER_KEYS {
                assert!(
                    text.contains(&format!("{key}:")),
                    "{name}: waiver {key} missing"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// schema
// ---------------------------------------------------------------------------

fn yaml_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let node = if path.ends_with(".json") {
        vpnaudit::syntax::json::parse(&text)
    } else {
        vpnaudit::syntax::yaml::parse(&text)
    }
    .unwrap_or_else(|e| panic!("{path}: {}", e.message));
    node_to_json(&node)
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).unwrap();
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn schema_command_prints_each_schema() {
    let tmp = tempfile::tempdir().unwrap();
    for (arg, kind) in [
        ("inventory", Kind::Inventory),
        ("usage-policy", Kind::UsagePolicy),
        ("obligations", Kind::Obligations),
    ] {
        let (code, out, err) = run_in(tmp.path(), &["schema", arg]);
        assert_eq!(code, 0, "{err}");
        let printed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(printed, schema(kind));
        assert_eq!(
            printed["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        // A valid JSON Schema by its meta-schema.
        jsonschema::meta::validate(&printed).unwrap_or_else(|e| panic!("{arg}: {e}"));
        assert_eq!(printed["properties"]["kind"]["const"], arg);
        assert_eq!(printed["additionalProperties"], false);
    }
}

#[test]
fn unknown_schema_kind_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(tmp.path(), &["schema", "policy"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("error: invalid value 'policy' for '<KIND>'"),
        "{err}"
    );
    assert!(
        err.contains("[possible values: inventory, usage-policy, obligations]"),
        "{err}"
    );
    let (code, _, err) = run_in(tmp.path(), &["schema"]);
    assert_eq!(code, 2);
    assert!(err.contains("required"), "{err}");
}

/// Every inventory field is in the schema, with its type, and every object
/// is closed: the schema cannot drift from VPN_FIELDS.
#[test]
fn inventory_schema_follows_the_field_table() {
    let s = schema(Kind::Inventory);
    let vpn = &s["$defs"]["vpn"];
    assert_eq!(vpn["required"], serde_json::json!(["id"]));
    for f in VPN_FIELDS {
        let mut node = vpn;
        for part in f.path.split('.') {
            assert_eq!(node["additionalProperties"], false, "{}", f.path);
            node = &node["properties"][part];
            assert!(!node.is_null(), "{} not in the schema", f.path);
        }
        match f.ty {
            Ty::Group => {
                assert_eq!(node["type"], "object", "{}", f.path);
                assert_eq!(node["additionalProperties"], false, "{}", f.path);
                let children = VPN_FIELDS
                    .iter()
                    .filter(|c| {
                        c.path
                            .strip_prefix(f.path)
                            .and_then(|r| r.strip_prefix('.'))
                            .is_some_and(|r| !r.contains('.'))
                    })
                    .count();
                assert_eq!(node["properties"].as_object().unwrap().len(), children);
            }
            ty => assert_eq!(node, &type_schema(ty, f.doc), "{}", f.path),
        }
    }
    let top = VPN_FIELDS.iter().filter(|f| !f.path.contains('.')).count();
    assert_eq!(vpn["properties"].as_object().unwrap().len(), top);
}

#[test]
fn real_inputs_are_valid_by_the_schemas() {
    let cases = [
        ("samples/acme/inventory.yaml", Kind::Inventory),
        ("samples/acme/usage-policy.yaml", Kind::UsagePolicy),
        ("tests/fixtures/tiny/inventory.yaml", Kind::Inventory),
        ("tests/fixtures/tiny/usage-policy.yaml", Kind::UsagePolicy),
        ("tests/fixtures/tiny-json/inventory.json", Kind::Inventory),
        ("tests/packs/acme/inventory.yaml", Kind::Inventory),
        ("tests/packs/acme/usage-policy.yaml", Kind::UsagePolicy),
        ("policies/cn-vpn.yaml", Kind::Obligations),
        ("policies/vpn-baseline.yaml", Kind::Obligations),
    ];
    for (path, kind) in cases {
        let e = errors(&schema(kind), &yaml_json(path));
        assert!(e.is_empty(), "{path}:\n{}", e.join("\n"));
    }
    for entry in std::fs::read_dir("tests/packs/acme/packs").unwrap() {
        let path = entry.unwrap().path();
        let path = path.to_str().unwrap();
        let e = errors(&schema(Kind::Obligations), &yaml_json(path));
        assert!(e.is_empty(), "{path}:\n{}", e.join("\n"));
    }
    for (name, text) in vpnaudit::scaffold::files(jiff::civil::date(2026, 11, 28)) {
        let kind = if name == "inventory.yaml" {
            Kind::Inventory
        } else {
            Kind::UsagePolicy
        };
        let doc = node_to_json(&vpnaudit::syntax::yaml::parse(&text).unwrap());
        let e = errors(&schema(kind), &doc);
        assert!(e.is_empty(), "scaffold {name}:\n{}", e.join("\n"));
    }
}

#[test]
fn schemas_reject_what_the_loader_rejects() {
    let inv = |vpn: &str| {
        node_to_json(
            &vpnaudit::syntax::yaml::parse(&format!(
                "kind: inventory\nversion: 1\nvpns:\n  - {vpn}\n"
            ))
            .unwrap(),
        )
    };
    let inventory = schema(Kind::Inventory);
    assert!(errors(&inventory, &inv("{ id: a, logging: { retention: 6mo } }")).is_empty());
    for bad in [
        "{ id: a, logging: { retension: 6mo } }",
        "{ name: no id }",
        "{ id: a, type: tunnel }",
        "{ id: a, local: { country: XX } }",
        "{ id: a, logging: { retention: 6 months ago } }",
        "{ id: a, crypto: { ike_version: 3 } }",
        "{ id: a, approval: { expires: 1 March 2027 } }",
        "{ id: a, tags: 'a, b' }",
        "{ id: 'bad id' }",
    ] {
        assert!(!errors(&inventory, &inv(bad)).is_empty(), "accepted {bad}");
    }

    let policy = schema(Kind::UsagePolicy);
    let pol = |extra: &str| {
        node_to_json(
            &vpnaudit::syntax::yaml::parse(&format!("kind: usage-policy\nversion: 1\n{extra}"))
                .unwrap(),
        )
    };
    let fields = [
        ("rule", "CN-LOG-01"),
        ("vpn", "a"),
        ("reason", "r"),
        ("approved_by", "me"),
        ("ticket", "T-1"),
        ("approved", "2026-01-01"),
        ("expires", "2027-01-01"),
    ];
    let waiver = |skip: &str| {
        let kv: Vec<String> = fields
            .iter()
            .filter(|(k, _)| *k != skip)
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        format!("waivers:\n  - {{ {} }}\n", kv.join(", "))
    };
    assert!(errors(&policy, &pol(&waiver(""))).is_empty());
    for required in vpnaudit::model::policy::WAIVER_REQUIRED {
        let without = waiver(required);
        assert!(
            !errors(&policy, &pol(&without)).is_empty(),
            "accepted {without}"
        );
    }
    // Optional keys may go.
    assert!(errors(&policy, &pol(&waiver("approved"))).is_empty());
    assert!(errors(&policy, &pol(&waiver("vpn"))).is_empty());
    for bad in [
        "overrides:\n  CN-LOG-01: { severity: severe }\n",
        "overrides:\n  cn-log-01: { severity: low }\n",
        "organisation: { role: government }\n",
        "waivers:\n  - { rule: CN-LOG-01, reason: r, approved_by: me, ticket: T, expires: 2027-01-01, until: x }\n",
        "reviewd: 2026-01-01\n",
    ] {
        assert!(!errors(&policy, &pol(bad)).is_empty(), "accepted {bad}");
    }

    let obligations = schema(Kind::Obligations);
    let pack = |rule: &str| {
        node_to_json(
            &vpnaudit::syntax::yaml::parse(&format!(
                "kind: obligations\nversion: 1\nid: x\nrules:\n  - {rule}\n"
            ))
            .unwrap(),
        )
    };
    let good = "{ id: X-01, title: t, severity: low, check: { field: owner, exists: true } }";
    assert!(errors(&obligations, &pack(good)).is_empty());
    for bad in [
        "{ id: X-01, title: t, severity: low, check: { field: owner, exists: true, equals: a } }",
        "{ id: X-01, title: t, severity: low, check: { field: owner, exist: true } }",
        "{ id: X-01, title: t, severity: low, check: { field: ownr, exists: true } }",
        "{ id: X-01, title: t, severity: low, check: { all: [] } }",
        "{ id: x-01, title: t, severity: low, check: { field: owner, exists: true } }",
        "{ id: X-01, title: t, severity: severe, check: { field: owner, exists: true } }",
        "{ id: X-01, title: t, severity: low }",
        "{ id: X-01, title: t, severity: low, check: { not: { field: owner } } }",
    ] {
        assert!(
            !errors(&obligations, &pack(bad)).is_empty(),
            "accepted {bad}"
        );
    }
    // Every operator of the rule language is in the schema.
    let leaf = &obligations["$defs"]["condition"]["anyOf"][3]["properties"];
    for (op, _) in vpnaudit::model::expect::OPS {
        assert!(leaf.get(*op).is_some(), "operator {op}");
    }
    // And every field a rule may name.
    let fields = leaf["field"]["enum"].as_array().unwrap();
    for (path, _, _) in vpnaudit::model::fields::all() {
        assert!(fields.contains(&Value::from(path)), "field {path}");
    }
}

// ---------------------------------------------------------------------------
// completions
// ---------------------------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run_in(tmp.path(), &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["vpnaudit", "diff", "schema", "baseline", "xlsx"] {
            assert!(out.contains(word), "{shell}: no {word}");
        }
        if ["bash", "zsh", "fish"].contains(&shell) {
            // Value completion for --format (the PowerShell and Elvish
            // scripts complete option names only).
            assert!(out.contains("sarif"), "{shell}: no sarif");
        }
    }
    let (code, _, err) = run_in(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

// ---------------------------------------------------------------------------
// pre-commit hook definition
// ---------------------------------------------------------------------------

#[test]
fn pre_commit_hook_runs_validate() {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let hooks = node_to_json(&vpnaudit::syntax::yaml::parse(&text).unwrap());
    let hook = &hooks[0];
    assert_eq!(hook["id"], "vpnaudit-validate");
    assert_eq!(hook["entry"], "vpnaudit validate");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], false);
    // The command it runs exists and checks an estate.
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init"]).0, 0);
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').skip(1).collect();
    let (code, _, err) = run_in(tmp.path(), &entry);
    assert_eq!(code, 0, "{err}");
}
