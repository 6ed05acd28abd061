//! Validating the inventory: a VPN entry's tree → a [`Vpn`], every field
//! checked against the field table (`model/schema.rs`), every problem
//! located and collected.

use crate::diag::Code;
use crate::model::inventory::{Slot, Vpn};
use crate::model::schema::{FieldId, SchemaNode, VPN_FIELDS, vpn_schema};
use crate::model::value::Value;
use crate::source::Pos;
use crate::syntax::node::Node;
use crate::validate::read::Reader;

/// Reads one VPN entry; `None` (with errors reported) when it is unusable.
pub fn read_vpn(r: &mut Reader, node: &Node, file: u32) -> Option<Vpn> {
    let mut fields: Vec<Option<Slot>> = vec![None; VPN_FIELDS.len()];
    let fields_ok = read_group(r, node, vpn_schema(), "", &mut fields, "a VPN entry");
    let id_slot = fields[0].take();
    let id = match id_slot {
        Some(Slot {
            value: Value::Text(t),
            pos,
        }) => {
            fields[0] = Some(Slot {
                value: Value::Text(t.clone()),
                pos,
            });
            t
        }
        _ => {
            if fields_ok && node.get("id").is_none() {
                r.error(Code::MissingKey, node.pos, "VPN entry has no \"id\"");
            }
            return None;
        }
    };
    fields_ok.then(|| Vpn::new(id, file, node.pos, fields))
}

fn read_group(
    r: &mut Reader,
    node: &Node,
    schema: &SchemaNode,
    prefix: &str,
    out: &mut [Option<Slot>],
    what: &str,
) -> bool {
    let Some(mut map) = r.map(node, what) else {
        return false;
    };
    let mut ok = true;
    for (name, id, child) in &schema.children {
        let Some(value) = map.take(name) else {
            continue;
        };
        let key_pos = map.key_pos(name).unwrap_or(value.pos);
        ok &= read_field(r, *id, child, value, key_pos, out);
    }
    let names: Vec<&str> = schema.names().collect();
    let within = if prefix.is_empty() {
        "a VPN entry".to_string()
    } else {
        format!("\"{prefix}\"")
    };
    let before = r.diags.count(crate::diag::Level::Error);
    map.finish(r, &names, &within);
    ok && r.diags.count(crate::diag::Level::Error) == before
}

/// Reads one field (a group with its members) into `out`, indexed by
/// [`FieldId`]; a group's own slot is at its key.
fn read_field(
    r: &mut Reader,
    id: FieldId,
    schema: &SchemaNode,
    value: &Node,
    key_pos: Pos,
    out: &mut [Option<Slot>],
) -> bool {
    let def = &VPN_FIELDS[id as usize];
    if schema.children.is_empty() {
        match r.value(value, def.ty) {
            Some(v) => {
                out[id as usize] = Some(Slot {
                    value: v,
                    pos: value.pos,
                });
                true
            }
            None => false,
        }
    } else {
        out[id as usize] = Some(Slot {
            value: Value::Present,
            pos: key_pos,
        });
        read_group(
            r,
            value,
            schema,
            def.path,
            out,
            &format!("\"{}\"", def.path),
        )
    }
}

/// Reads a top-level inventory field given elsewhere than in a VPN entry
/// (the organisation's defaults) into `out`, a slot per [`FieldId`].
pub fn read_top_field(
    r: &mut Reader,
    name: &str,
    value: &Node,
    key_pos: Pos,
    out: &mut [Option<Slot>],
) -> bool {
    match vpn_schema().child(name) {
        Some((id, schema)) => read_field(r, id, schema, value, key_pos, out),
        None => false,
    }
}
