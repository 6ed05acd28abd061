//! The VPN inventory: validated VPN records.

use crate::model::schema::FieldId;
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
