//! The VPN inventory: validated VPN records.

use crate::model::schema::{FieldId, VPN_FIELDS};
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
    /// The fields present, in [`FieldId`] order.
    slots: Box<[Slot]>,
    /// For each [`FieldId`], its place in `slots` ([`ABSENT`] when the
    /// field is absent): a VPN gives a fraction of the fields, and a large
    /// inventory holds many VPNs.
    index: [u8; VPN_FIELDS.len()],
}

/// The index entry of an absent field.
const ABSENT: u8 = u8::MAX;
const _: () = assert!(VPN_FIELDS.len() < ABSENT as usize);

impl Vpn {
    /// A VPN with `fields` (indexed by [`FieldId`], `None` where absent).
    pub fn new(id: Box<str>, file: u32, pos: Pos, fields: Vec<Option<Slot>>) -> Vpn {
        let mut index = [ABSENT; VPN_FIELDS.len()];
        let mut slots = Vec::with_capacity(fields.iter().flatten().count());
        for (i, slot) in fields.into_iter().enumerate().take(VPN_FIELDS.len()) {
            if let Some(slot) = slot {
                index[i] = slots.len() as u8;
                slots.push(slot);
            }
        }
        Vpn {
            id,
            file,
            pos,
            slots: slots.into_boxed_slice(),
            index,
        }
    }

    pub fn get(&self, field: FieldId) -> Option<&Slot> {
        match *self.index.get(field as usize)? {
            ABSENT => None,
            i => self.slots.get(usize::from(i)),
        }
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
