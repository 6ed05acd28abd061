//! The format-neutral document tree every input parser produces.
//!
//! YAML, JSON and CSV files are all turned into [`Node`]s that remember the
//! line and column they came from, so that validation (and later every
//! finding) can point at `file:line:column` whatever the input format.

use crate::source::Pos;

/// Deepest nesting accepted in any input document.
pub const MAX_DEPTH: usize = 64;
/// Largest single scalar value accepted (SPEC §1.1: 64 KiB).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

/// A value in a document, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: NodeValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order; parsers reject duplicate keys.
    Map(Vec<(Key, Node)>),
}

impl Node {
    pub fn new(pos: Pos, value: NodeValue) -> Self {
        Node { pos, value }
    }

    /// What kind of value this is, in the words an error message uses.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a mapping",
        }
    }

    /// The entry `name` of a mapping, if this is a mapping that has it.
    pub fn get(&self, name: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A document that could not be parsed at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

impl ParseError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        ParseError {
            pos,
            message: message.into(),
        }
    }
}
