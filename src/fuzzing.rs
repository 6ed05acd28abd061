//! Entry points for the fuzz targets in `fuzz/` (and for property tests):
//! each feeds arbitrary text through a whole stage of the tool. They return
//! nothing; the only failure is a panic.

use crate::diag::Diagnostics;
use crate::evidence::{Dialect, NoIncludes, read};
use crate::model::policy::UsagePolicy;
use crate::syntax::node::{Node, NodeValue, ParseError};
use crate::syntax::{csv, json, yaml};
use crate::validate::compile::compile_rules;
use crate::validate::inventory::read_vpn;
use crate::validate::pack::read_pack;
use crate::validate::policy::read_policy;
use crate::validate::read::Reader;

/// Parses a document and reads it as each kind of input.
pub fn read_document(text: &str, is_json: bool) {
    let parsed = if is_json {
        json::parse(text)
    } else {
        yaml::parse(text)
    };
    same_when_streamed(text, &parsed, is_json);
    let Ok(root) = parsed else { return };
    let mut diags = Diagnostics::default();
    let mut r = Reader::new("fuzz", &mut diags);
    let _ = read_policy(&mut r, &root);
    let _ = read_pack(&mut r, &root);
    if let Some(crate::syntax::node::NodeValue::Seq(items)) = root.get("vpns").map(|v| &v.value) {
        for item in items {
            let _ = read_vpn(&mut r, item, 0);
        }
    }
}

/// Parsing with the `vpns` entries streamed out gives the same document (or
/// the same error) as parsing it whole. (In YAML the emptied sequence keeps
/// its key's position: nothing reads it.)
fn same_when_streamed(text: &str, whole: &Result<Node, ParseError>, is_json: bool) {
    let mut streamed = Vec::new();
    let mut sink = |n| streamed.push(n);
    let result = if is_json {
        json::parse_streaming(text, &mut sink)
    } else {
        yaml::parse_streaming(text, &mut sink)
    };
    match (whole, result) {
        (Ok(whole), Ok(mut root)) => {
            let vpns = match &mut root.value {
                NodeValue::Map(entries) => entries
                    .iter_mut()
                    .find(|(k, _)| k.name == "vpns")
                    .map(|(_, v)| v),
                _ => None,
            };
            match vpns {
                Some(Node {
                    pos,
                    value: NodeValue::Seq(items),
                }) if items.is_empty() => {
                    *items = std::mem::take(&mut streamed);
                    if !is_json {
                        *pos = whole.get("vpns").map_or(*pos, |v| v.pos);
                    }
                }
                _ => assert!(
                    streamed.is_empty(),
                    "entries streamed from a document without a top-level vpns list"
                ),
            }
            assert_eq!(whole, &root, "streaming changed the document");
        }
        (Err(a), Err(b)) => assert_eq!(a, &b, "streaming changed the error"),
        (a, b) => panic!("streaming disagrees: whole {a:?}, streamed {b:?}"),
    }
}

pub fn read_csv(text: &str) {
    if let Ok(rows) = csv::parse(text) {
        let mut diags = Diagnostics::default();
        let mut r = Reader::new("fuzz", &mut diags);
        for row in &rows {
            let _ = read_vpn(&mut r, row, 0);
        }
    }
}

/// Reads a pack and compiles its rules.
pub fn compile_pack(text: &str) {
    let Ok(root) = yaml::parse(text) else { return };
    let mut diags = Diagnostics::default();
    let pack = read_pack(&mut Reader::new("fuzz", &mut diags), &root);
    if let Some(pack) = pack
        && let Ok(as_of) = jiff::civil::Date::new(2026, 11, 28)
    {
        let _ = compile_rules(
            &[pack],
            &UsagePolicy::builtin(),
            &Default::default(),
            as_of,
            &mut diags,
        );
    }
}

/// Every configuration reader, and dialect detection.
pub fn read_configs(text: &str) {
    let _ = crate::evidence::detect(text);
    for d in Dialect::ALL {
        let _ = read(d, text, &mut NoIncludes);
    }
}
