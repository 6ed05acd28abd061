//! JSON Schemas (draft 2020-12) of the three input kinds, for editor
//! completion and checking (`# yaml-language-server: $schema=...`). They are
//! generated from the tables the loaders themselves use — the inventory's
//! [`VPN_FIELDS`], the usage policy's and packs' key lists, the rule
//! language's operators and fields — so they cannot drift from what
//! `vpnaudit validate` accepts.
//!
//! The schemas describe the canonical spelling: lower-case words and
//! upper-case country codes (the loader also accepts other cases).

use serde_json::{Map, Value, json};

use crate::model::expect::OPS;
use crate::model::finding::Severity;
use crate::model::pack::{
    CITE_KEYS, FAILURES, PACK_KEYS, PARAMETER_KEYS, PENALTY_KEYS, RULE_KEYS, RULE_REQUIRED, TARGETS,
};
use crate::model::policy::{
    DATA_EXPORT_KEYS, DATA_EXPORT_REQUIRED, LICENCE_KEYS, ORGANISATION_KEYS, OVERRIDE_KEYS,
    POLICY_KEYS, ROLES, WAIVER_KEYS, WAIVER_REQUIRED,
};
use crate::model::schema::{FieldDef, ORG_DEFAULT_FIELDS, Ty, VPN_FIELDS};
use crate::model::value::ISO_3166_ALPHA2;
use crate::syntax::node::{Node, NodeValue};
use crate::validate::pack::Pack;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

pub use crate::model::input::Kind;

/// The JSON Schema of `kind`.
pub fn schema(kind: Kind) -> Value {
    match kind {
        Kind::Inventory => inventory(),
        Kind::UsagePolicy => usage_policy(&builtin_packs()),
        Kind::Obligations => obligations(),
    }
}

/// A YAML or JSON document tree as a JSON value (for validating inputs
/// against the schemas, and for parameter defaults).
pub fn node_to_json(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Int(i) => Value::from(*i),
        NodeValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeValue::Str(s) => Value::String(s.clone()),
        NodeValue::Seq(items) => Value::Array(items.iter().map(node_to_json).collect()),
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), node_to_json(v)))
                .collect(),
        ),
    }
}

fn builtin_packs() -> Vec<Pack> {
    let ids: Vec<String> = crate::load::request::BUILTIN_PACKS
        .iter()
        .map(|(id, _)| id.to_string())
        .collect();
    // The built-in packs are part of the binary and tested to load.
    crate::load::packs::load_named_packs(&ids).unwrap_or_default()
}

fn header(title: &str, description: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("$schema".into(), json!(DRAFT));
    m.insert("title".into(), json!(title));
    m.insert("description".into(), json!(description));
    m.insert("type".into(), json!("object"));
    m
}

fn kind_and_version(kind: Kind) -> [(String, Value); 2] {
    [
        (
            "kind".into(),
            json!({"const": kind.as_str(), "description": "The kind of this file"}),
        ),
        (
            "version".into(),
            json!({"const": 1, "description": "The schema version of this file"}),
        ),
    ]
}

fn text(doc: &str) -> Value {
    json!({"type": ["string", "number"], "description": doc})
}

fn date(doc: &str) -> Value {
    json!({
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": format!("{doc} (YYYY-MM-DD)"),
    })
}

fn countries() -> Vec<&'static str> {
    ISO_3166_ALPHA2.split(' ').collect()
}

/// The schema of a value of type `ty` (not a group).
pub fn type_schema(ty: Ty, doc: &str) -> Value {
    let text_item = json!({"type": ["string", "number"]});
    match ty {
        Ty::Group => json!({"type": "object", "description": doc}),
        Ty::Text | Ty::Carrier => text(doc),
        Ty::Id => json!({
            "type": "string",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "description": doc,
        }),
        Ty::Enum(values) => json!({"enum": values, "description": doc}),
        Ty::Country => json!({
            "enum": countries(),
            "description": format!("{doc} (ISO 3166-1 alpha-2)"),
        }),
        Ty::Bool => json!({"type": "boolean", "description": doc}),
        Ty::Int(values) => json!({"enum": values, "description": doc}),
        Ty::Duration => json!({
            "anyOf": [
                {"type": "string", "pattern": "^\\s*[0-9]+\\s*(d|days?|w|weeks?|mo|months?|y|years?)?\\s*$"},
                {"type": "integer", "minimum": 0},
            ],
            "description": format!("{doc} (a duration: 180d, 26w, 6mo, 1y, or a number of days)"),
        }),
        Ty::Date => date(doc),
        Ty::List => json!({
            "anyOf": [
                {"type": "array", "items": text_item},
                {"type": "string", "pattern": "^[^,]*$"},
                {"type": "number"},
            ],
            "description": format!("{doc} (a list; one item may be written alone)"),
        }),
        Ty::EnumList(values) => json!({
            "anyOf": [
                {"type": "array", "items": {"enum": values}},
                {"enum": values},
            ],
            "description": format!("{doc} (a list of: {})", values.join(", ")),
        }),
        // Names are matched ignoring case, spaces and full-width forms,
        // which an enum cannot say: the schema lists them as examples.
        Ty::Regions => json!({
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
            ],
            "examples": [["CN-SH", "CN-JS"], ["上海", "江苏"], ["沪"], ["nationwide"]],
            "description": format!("{doc} (a list of provinces of mainland China, by ISO 3166-2:CN code, Chinese or short name, or nationwide; policies/regions.yaml)"),
        }),
    }
}

/// The VPN record: nested objects built from the dotted paths of
/// [`VPN_FIELDS`], closed (`additionalProperties: false`) at every level.
fn vpn_schema() -> Value {
    fn object(prefix: &str, doc: &str) -> Value {
        let mut props = Map::new();
        let children = VPN_FIELDS
            .iter()
            .filter(|f| match f.path.strip_prefix(prefix) {
                Some(rest) => !rest.is_empty() && !rest.contains('.'),
                None => false,
            });
        for f in children {
            let name = &f.path[prefix.len()..];
            props.insert(name.to_string(), field(f));
        }
        json!({
            "type": "object",
            "description": doc,
            "properties": props,
            "additionalProperties": false,
        })
    }
    fn field(f: &FieldDef) -> Value {
        match f.ty {
            Ty::Group => object(&format!("{}.", f.path), f.doc),
            ty => type_schema(ty, f.doc),
        }
    }
    let mut vpn = object("", "One VPN; only id is required");
    vpn["required"] = json!(["id"]);
    vpn
}

fn inventory() -> Value {
    let mut m = header(
        "vpnaudit inventory",
        "The organisation's VPNs (kind: inventory)",
    );
    let mut props: Map<String, Value> = kind_and_version(Kind::Inventory).into_iter().collect();
    props.insert(
        "vpns".into(),
        json!({"type": "array", "description": "The VPNs", "items": {"$ref": "#/$defs/vpn"}}),
    );
    m.insert("properties".into(), Value::Object(props));
    m.insert("required".into(), json!(["kind", "version"]));
    m.insert("additionalProperties".into(), json!(false));
    m.insert("$defs".into(), json!({"vpn": vpn_schema()}));
    Value::Object(m)
}

fn closed(properties: Map<String, Value>, required: &[&str], doc: &str) -> Value {
    let mut v = json!({
        "type": "object",
        "description": doc,
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        v["required"] = json!(required);
    }
    v
}

/// The properties of `keys`, each described by `describe`; a key it does not
/// know is a bug that the drift tests catch (it gets an open schema).
fn properties(keys: &[&str], describe: impl Fn(&str) -> Option<Value>) -> Map<String, Value> {
    keys.iter()
        .map(|k| (k.to_string(), describe(k).unwrap_or_else(|| json!({}))))
        .collect()
}

const RULE_ID_PATTERN: &str = "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$";

fn usage_policy(builtin: &[Pack]) -> Value {
    let mut m = header(
        "vpnaudit usage policy",
        "The organisation's VPN usage policy: who it is, which obligation packs apply, parameters, overrides and waivers (kind: usage-policy)",
    );
    let rule_ids: Vec<&str> = builtin
        .iter()
        .flat_map(|p| p.rules.iter().map(|r| r.id.value.as_str()))
        .collect();
    let rule_ref = json!({
        "anyOf": [{"enum": rule_ids}, {"type": "string", "pattern": RULE_ID_PATTERN}],
        "description": "A rule id (built-in or from the policy's packs)",
    });
    let licence = closed(
        properties(LICENCE_KEYS, |k| match k {
            "number" => Some(text(
                "Licence number as on the licence (B1.B2-20200117 from MIIT, 沪B1-20210388 from a provincial administration): its classes and issuer are checked",
            )),
            "categories" => Some(type_schema(
                Ty::List,
                "Telecom service categories it covers (B11, B13, B14, …)",
            )),
            "expires" => Some(date("Last valid day")),
            "coverage" => Some(type_schema(
                Ty::Regions,
                "Where the licence is valid (业务覆盖范围), as the licence lists it; a provincial licence covers its province whatever this says",
            )),
            _ => None,
        }),
        &[],
        "A telecom licence the organisation holds",
    );
    let count = |doc: &str| json!({"type": "integer", "minimum": 0, "description": doc});
    let data_export = closed(
        properties(DATA_EXPORT_KEYS, |k| match k {
            "individuals" => Some(count(
                "Individuals whose personal information (not sensitive) the organisation has provided abroad since 1 January, outside the exemptions of the Cross-Border Data Flow Provisions Arts. 3-6",
            )),
            "sensitive_individuals" => Some(count(
                "Individuals whose sensitive personal information it has provided abroad since 1 January",
            )),
            "important_data" => Some(type_schema(
                Ty::Bool,
                "It provides abroad data notified or published as important data",
            )),
            "basis" => Some(text(
                "The exemption relied on, e.g. Art. 5(2) cross-border HR management (required for a VPN recording data_export: exempt)",
            )),
            _ => None,
        }),
        DATA_EXPORT_REQUIRED,
        "What the organisation, as one data handler, provides abroad cumulatively since 1 January of the year (rule CN-XB-02)",
    );
    let organisation = closed(
        properties(ORGANISATION_KEYS, |k| match k {
            "cii" => Some(type_schema(
                Ty::Bool,
                "It is a critical information infrastructure operator",
            )),
            "data_export" => Some(data_export.clone()),
            "name" => Some(text("Legal name")),
            "country" => Some(type_schema(Ty::Country, "Country it operates from")),
            "role" => Some(type_schema(Ty::Enum(ROLES), "Its role")),
            "licences" => Some(
                json!({"type": "array", "items": licence, "description": "Telecom licences the organisation itself holds"}),
            ),
            // The inventory fields it gives every VPN that does not give
            // its own: the VPN record's schema of the field.
            k if ORG_DEFAULT_FIELDS.contains(&k) => {
                let vpn = vpn_schema();
                let mut f = vpn["properties"][k].clone();
                if let Some(doc) = f["description"].as_str() {
                    let doc = doc.split(" (defaults to").next().unwrap_or(doc);
                    f["description"] = json!(format!(
                        "{doc}: the value of every VPN that does not give its own"
                    ));
                }
                Some(f)
            }
            _ => None,
        }),
        &[],
        "The organisation",
    );
    let pack_ids: Vec<&str> = builtin.iter().map(|p| p.id.as_str()).collect();
    let mut parameters = Map::new();
    for pack in builtin {
        for p in &pack.parameters {
            let mut doc = p.description.clone().unwrap_or_default();
            if !doc.is_empty() {
                doc.push(' ');
            }
            doc.push_str(&format!("(pack {})", pack.id));
            parameters.insert(
                p.name.name.clone(),
                json!({"description": doc, "default": node_to_json(&p.default)}),
            );
        }
    }
    let override_schema = closed(
        properties(OVERRIDE_KEYS, |k| match k {
            "severity" => Some(type_schema(
                Ty::Enum(&Severity::NAMES),
                "Severity to use instead",
            )),
            "enabled" => Some(type_schema(
                Ty::Bool,
                "false disables the rule (give a reason)",
            )),
            "reason" => Some(text("Why (required when disabling)")),
            _ => None,
        }),
        &[],
        "An override of one rule",
    );
    let mut override_props = Map::new();
    for pack in builtin {
        for r in &pack.rules {
            override_props.insert(
                r.id.value.clone(),
                json!({"$ref": "#/$defs/override", "description": r.title}),
            );
        }
    }
    let waiver = closed(
        properties(WAIVER_KEYS, |k| match k {
            "rule" => Some(rule_ref.clone()),
            "vpn" => Some(type_schema(
                Ty::Id,
                "The VPN it covers (omit for organisation-level rules)",
            )),
            "reason" => Some(text("Why the gap is accepted")),
            "approved_by" => Some(text("Who accepted it")),
            "ticket" => Some(text("The risk or change ticket")),
            "approved" => Some(date("When it was approved")),
            "expires" => Some(date(
                "The last day it waives (required; not before approved)",
            )),
            _ => None,
        }),
        WAIVER_REQUIRED,
        "An accepted gap: one rule on one VPN (or the organisation), until it expires",
    );
    let mut props = properties(POLICY_KEYS, |k| match k {
        "name" => Some(text("Name of the policy")),
        "owner" => Some(text("Who owns the policy")),
        "reviewed" => Some(date("When it was last reviewed")),
        "organisation" => Some(organisation.clone()),
        "packs" => Some(json!({
            "type": "array",
            "description": "Obligation packs: built-in ids, or pack files relative to this file",
            "items": {"anyOf": [{"enum": pack_ids}, {"type": "string"}]},
        })),
        "parameters" => Some(json!({
            "type": "object",
            "description": "Values for the packs' parameters (the built-in ones are listed; a custom pack may add more)",
            "properties": parameters,
        })),
        "overrides" => Some(json!({
            "type": "object",
            "description": "Per-rule severity overrides or disabling, by rule id",
            "properties": override_props,
            "propertyNames": {"pattern": RULE_ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/override"},
        })),
        "waivers" => Some(
            json!({"type": "array", "items": {"$ref": "#/$defs/waiver"}, "description": "Accepted gaps"}),
        ),
        _ => None,
    });
    for (k, v) in kind_and_version(Kind::UsagePolicy) {
        props.insert(k, v);
    }
    m.insert("properties".into(), Value::Object(props));
    m.insert("required".into(), json!(["kind", "version"]));
    m.insert("additionalProperties".into(), json!(false));
    m.insert(
        "$defs".into(),
        json!({"override": override_schema, "waiver": waiver}),
    );
    Value::Object(m)
}

/// What an operator's value is, in words and as a schema.
pub fn operator_schema(op: &str) -> Option<Value> {
    let param = json!({"type": "string", "pattern": "^\\$[A-Za-z_][A-Za-z0-9_]*$"});
    let list = json!({"anyOf": [{"type": "array"}, param]});
    let any = |doc: &str| json!({"description": doc});
    Some(match op {
        "equals" => any("The field equals the value"),
        "not_equals" => any("The field differs from the value"),
        "in" => {
            json!({"anyOf": [{"type": "array"}, param], "description": "The field is one of the listed values"})
        }
        "not_in" => {
            json!({"anyOf": [{"type": "array"}, param], "description": "The field is none of the listed values"})
        }
        "matches" => {
            json!({"type": "string", "description": "The field matches the regular expression"})
        }
        "exists" => {
            json!({"anyOf": [{"type": "boolean"}, param], "description": "true: the field is present; false: it is absent"})
        }
        "gt" => any("Greater than (numbers, durations, dates)"),
        "gte" => any("At least (numbers, durations, dates)"),
        "lt" => any("Less than (numbers, durations, dates)"),
        "lte" => any("At most (numbers, durations, dates)"),
        "contains" => any("The list field contains the value"),
        "subset_of" => {
            let mut v = list.clone();
            v["description"] = json!("Every item of the list field is listed");
            v
        }
        "intersects" => {
            let mut v = list.clone();
            v["description"] = json!("Some item of the list field is listed");
            v
        }
        "within" => any("A date no older than this duration before the audit date (inclusive)"),
        "after" => any("A date strictly after the value (a date, or today)"),
        "before" => any("A date strictly before the value (a date, or today)"),
        _ => return None,
    })
}

/// A citation of the register (policies/citations.yaml), or a penalty: one
/// plus what it imposes.
fn citation_schema(keys: &[&str], required: &[&str]) -> Value {
    closed(
        properties(keys, |k| match k {
            "cite" => Some(text(
                "The register key of the text (vpnaudit explain shows the entries)",
            )),
            "version" => Some(text(
                "A version other than the latest (a superseded text: loads with a warning)",
            )),
            "article" => Some(
                json!({"type": ["string", "integer"], "description": "Article number(s): 26, \"38-40\", \"7, 9\""}),
            ),
            "clause" => Some(text("A standard's clause: 8.1.4.3")),
            "section" => Some(text("Any other part, as written: 5.2, Table 3-1")),
            "note" => Some(text("Shown after the citation")),
            "range" => Some(text("What the provision imposes")),
            "regulator" => Some(text("The competent authority")),
            _ => None,
        }),
        required,
        "A citation of the register: key plus article, clause or section",
    )
}

fn condition_schema() -> Value {
    let fields: Vec<&str> = crate::model::fields::all()
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    let mut leaf_props = Map::new();
    leaf_props.insert(
        "field".into(),
        json!({"enum": fields, "description": "The field tested"}),
    );
    for (name, _) in OPS {
        leaf_props.insert(
            name.to_string(),
            operator_schema(name).unwrap_or_else(|| json!({})),
        );
    }
    let many = |doc: &str| json!({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}, "description": doc});
    json!({
        "description": "A condition: {all: [...]}, {any: [...]}, {not: ...}, or {field: PATH, OPERATOR: VALUE} with exactly one operator",
        "anyOf": [
            {"type": "object", "properties": {"all": many("Every condition holds")}, "required": ["all"], "additionalProperties": false},
            {"type": "object", "properties": {"any": many("Some condition holds")}, "required": ["any"], "additionalProperties": false},
            {"type": "object", "properties": {"not": {"$ref": "#/$defs/condition", "description": "The condition does not hold"}}, "required": ["not"], "additionalProperties": false},
            {
                "type": "object",
                "properties": leaf_props,
                "required": ["field"],
                "minProperties": 2,
                "maxProperties": 2,
                "additionalProperties": false,
            },
        ],
    })
}

fn obligations() -> Value {
    let mut m = header(
        "vpnaudit obligation pack",
        "Rules as data: obligations checked against every VPN or the organisation (kind: obligations)",
    );
    let parameter = closed(
        properties(PARAMETER_KEYS, |k| match k {
            "default" => Some(json!({"description": "The value unless the usage policy sets one"})),
            "description" => Some(text("What the parameter means")),
            _ => None,
        }),
        &["default"],
        "A parameter rules refer to as $name",
    );
    let rule = closed(
        properties(RULE_KEYS, |k| match k {
            "id" => Some(
                json!({"type": "string", "pattern": RULE_ID_PATTERN, "description": "Stable rule id, like CN-LOG-01"}),
            ),
            "title" => Some(text("The obligation in one line")),
            "severity" => Some(type_schema(
                Ty::Enum(&Severity::NAMES),
                "How serious a gap is",
            )),
            "target" => Some(type_schema(
                Ty::Enum(TARGETS),
                "What the rule is checked on (default vpn)",
            )),
            "references" => Some(json!({
                "description": "Legal or standard references: free text, or a citation of the register",
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/citation"}]}},
                ],
            })),
            "penalties" => Some(json!({
                "type": "array",
                "items": {"$ref": "#/$defs/penalty"},
                "description": "The penalty provisions: a citation, what it imposes and who imposes it",
            })),
            "rationale" => Some(text("Why the obligation exists")),
            "remediation" => Some(text("How to close the gap")),
            "explain" => Some(text("More on how it is checked")),
            "failure" => Some(type_schema(
                Ty::Enum(FAILURES),
                "Status of a failed check (default fail)",
            )),
            "when" => Some(
                json!({"$ref": "#/$defs/condition", "description": "When the rule applies (narrows the jurisdiction)"}),
            ),
            "check" => Some(
                json!({"$ref": "#/$defs/condition", "description": "What must hold; false or unknown is a gap"}),
            ),
            _ => None,
        }),
        RULE_REQUIRED,
        "One obligation",
    );
    let mut props = properties(PACK_KEYS, |k| match k {
        "id" => Some(type_schema(Ty::Id, "The pack's id")),
        "title" => Some(text("Title")),
        "description" => Some(text("What the pack covers")),
        "jurisdiction" => Some(type_schema(
            Ty::Country,
            "Rules apply to VPNs with an endpoint here",
        )),
        "parameters" => Some(
            json!({"type": "object", "additionalProperties": {"$ref": "#/$defs/parameter"}, "description": "Parameters and their defaults"}),
        ),
        "rules" => Some(
            json!({"type": "array", "items": {"$ref": "#/$defs/rule"}, "description": "The rules"}),
        ),
        _ => None,
    });
    for (k, v) in kind_and_version(Kind::Obligations) {
        props.insert(k, v);
    }
    m.insert("properties".into(), Value::Object(props));
    m.insert("required".into(), json!(["kind", "version", "id", "rules"]));
    m.insert("additionalProperties".into(), json!(false));
    m.insert(
        "$defs".into(),
        json!({"parameter": parameter, "rule": rule, "condition": condition_schema(),
            "citation": citation_schema(CITE_KEYS, &["cite"]), "penalty": citation_schema(PENALTY_KEYS, &["cite", "range"])}),
    );
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the loaders know has a real description in the schema.
    #[test]
    fn every_known_key_is_described() {
        let policy = schema(Kind::UsagePolicy);
        let pack = schema(Kind::Obligations);
        let check = |v: &Value, keys: &[&str], what: &str| {
            let props = v["properties"].as_object().expect(what);
            for k in keys {
                let p = &props[*k];
                assert!(
                    p.as_object().is_some_and(|o| !o.is_empty()),
                    "{what}: {k} has no schema"
                );
            }
            assert_eq!(props.len(), keys.len(), "{what}: extra properties");
        };
        check(&policy, POLICY_KEYS, "usage policy");
        check(
            &policy["properties"]["organisation"],
            ORGANISATION_KEYS,
            "organisation",
        );
        check(
            &policy["properties"]["organisation"]["properties"]["licences"]["items"],
            LICENCE_KEYS,
            "licence",
        );
        check(
            &policy["properties"]["organisation"]["properties"]["data_export"],
            DATA_EXPORT_KEYS,
            "data_export",
        );
        check(&policy["$defs"]["override"], OVERRIDE_KEYS, "override");
        check(&policy["$defs"]["waiver"], WAIVER_KEYS, "waiver");
        check(&pack, PACK_KEYS, "pack");
        check(&pack["$defs"]["parameter"], PARAMETER_KEYS, "parameter");
        check(&pack["$defs"]["rule"], RULE_KEYS, "rule");
        check(&pack["$defs"]["citation"], CITE_KEYS, "citation");
        check(&pack["$defs"]["penalty"], PENALTY_KEYS, "penalty");
        for (name, _) in OPS {
            assert!(operator_schema(name).is_some(), "operator {name}");
        }
        // The built-in packs' parameters are offered for completion.
        let params = &policy["properties"]["parameters"]["properties"];
        assert!(params["min_log_retention"]["description"].is_string());
        assert_eq!(params["min_log_retention"]["default"], "6mo");
    }
}
