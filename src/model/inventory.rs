//! The VPN inventory: validated VPN records.

use crate::load::node::Node;
use crate::load::read::Reader;
use crate::model::schema::{FieldId, SchemaNode, VPN_FIELDS, vpn_schema};
use crate::model::value::Value;
use crate::source::Pos;

/// A field value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub value: Value,
    pub pos: Pos,
}

/// One VPN of the inventory.
#[derive(Debug, Clone)]
pub struct Vpn {
    pub id: Box<str>,
    /// Index of the input file it came from.
    pub file: u32,
    /// Where its entry starts.
    pub pos: Pos,
    /// Indexed by [`FieldId`]; `None` where the field is absent.
    pub fields: Box<[Option<Slot>]>,
}

impl Vpn {
    pub fn get(&self, field: FieldId) -> Option<&Slot> {
        self.fields.get(field as usize)?.as_ref()
    }

    /// A field by path; for code outside the rule engine (names, owners).
    pub fn text(&self, id: FieldId) -> Option<&str> {
        match &self.get(id)?.value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn list(&self, id: FieldId) -> Option<&[Box<str>]> {
        match &self.get(id)?.value {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn bool(&self, id: FieldId) -> Option<bool> {
        match &self.get(id)?.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn int(&self, id: FieldId) -> Option<i64> {
        match &self.get(id)?.value {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

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
                r.error(node.pos, "VPN entry has no \"id\"");
            }
            return None;
        }
    };
    fields_ok.then(|| Vpn {
        id,
        file,
        pos: node.pos,
        fields: fields.into_boxed_slice(),
    })
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
