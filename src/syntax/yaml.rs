//! YAML documents → [`Node`] trees, through serde-saphyr.
//!
//! serde-saphyr gives each value its location through `Spanned<T>`; this module
//! deserialises every value as a `Spanned` generic node so the rest of the tool
//! sees one format-neutral tree. Strict booleans keep `country: NO` a string,
//! duplicate keys are rejected by the parser, and the budgets are raised for
//! large inventories while still bounding alias expansion and nesting.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Spanned};

use super::node::{Key, MAX_DEPTH, MAX_VALUE_BYTES, Node, NodeValue, ParseError};
use crate::source::Pos;

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    match serde_saphyr::from_str_with_options::<Option<Spanned<Raw>>>(text, options()) {
        Ok(Some(spanned)) => Ok(into_node(spanned)),
        Ok(None) => Err(ParseError::new(Pos::new(1, 1), "empty document")),
        Err(err) => Err(convert_error(&err)),
    }
}

/// Parses one YAML document like [`parse`], but hands every entry of the
/// top-level `vpns` sequence to `sink` as soon as it is complete instead of
/// keeping it in the tree (where the sequence is left empty), so an
/// inventory is never held whole as a tree. Documents of another shape (a
/// root that is not a block mapping, a `vpns` that is not a sequence) are
/// parsed whole, as [`parse`] does, so every position stays exact. Entries
/// handed over before an error are not taken back: the caller discards them.
pub fn parse_streaming(text: &str, sink: &mut dyn FnMut(Node)) -> Result<Node, ParseError> {
    if !starts_with_block_mapping(text) {
        return parse(text);
    }
    let streamed = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |d| {
        de::DeserializeSeed::deserialize(RootSeed { sink }, d)
    });
    match streamed {
        Ok(Some(root)) => Ok(root),
        // Not the shape streaming handles: read it whole.
        Ok(None) => parse(text),
        Err(err) => Err(convert_error(&err)),
    }
}

/// Whether the document's first content line starts, at column 1, with a
/// plain mapping key: a block mapping, whose position is its first key's.
fn starts_with_block_mapping(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split(['\n', '\r'])
        .map(|l| l.trim_end())
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('%') && *l != "---")
        .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

fn options() -> serde_saphyr::Options {
    let mut budget = Budget::default();
    budget.max_events = 200_000_000;
    budget.max_nodes = 100_000_000;
    budget.max_total_scalar_bytes = 1 << 30;
    budget.max_depth = MAX_DEPTH;
    budget.max_documents = 1;
    budget.max_reader_input_bytes = None;
    // Anchors in an inventory are small (a shared crypto block); one whose
    // recorded content is huge can only be a bomb.
    budget.max_recorded_anchor_events = 100_000;
    serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        budget: Some(budget),
    }
}

fn convert_error(err: &serde_saphyr::Error) -> ParseError {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(clamp(l.line()), clamp(l.column().max(1))))
        .unwrap_or(Pos::new(1, 1));
    let plain = err.without_snippet().to_string();
    ParseError::new(pos, tidy_message(&plain))
}

/// serde-saphyr appends " at line L, column C" to its messages; the tool
/// prints locations itself, in front, so drop the duplicate.
fn tidy_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    // Budget breaches come as Rust debug text; say what they mean.
    if let Some(rest) = cut.strip_prefix("budget breached: ") {
        let kind = rest.split([' ', '{']).next().unwrap_or(rest);
        return match kind {
            "Depth" => format!("nesting deeper than {MAX_DEPTH} levels"),
            "Documents" => {
                "more than one YAML document in the file (remove the extra ---)".to_string()
            }
            "RecordedAnchorEvents"
            | "RecordedAnchorBytes"
            | "Aliases"
            | "Anchors"
            | "AliasAnchorRatio" => "too many YAML alias expansions (an alias bomb?)".to_string(),
            "Events" | "Nodes" | "TotalScalarBytes" => "document too large".to_string(),
            _ => format!("YAML limit exceeded ({kind})"),
        };
    }
    if cut.starts_with("recursive references require") {
        return "an alias refers to the anchor it is inside: the document refers to itself"
            .to_string();
    }
    if cut.contains("alias replay") || cut.contains("replayed events") {
        return "too many YAML alias expansions (an alias bomb?)".to_string();
    }
    if let Some(rest) = cut.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate key \"{key}\"");
    }
    cut.trim_end_matches(['.', ':']).to_string()
}

fn clamp(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(clamp(s.referenced.line()), clamp(s.referenced.column()))
}

fn into_node(s: Spanned<Raw>) -> Node {
    let pos = pos_of(&s);
    Node::new(pos, s.value.0)
}

/// A YAML value whose children carry their positions.
struct Raw(NodeValue);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(NodeValue::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(NodeValue::Int(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        i64::try_from(v)
            .map(|v| Raw(NodeValue::Int(v)))
            .map_err(|_| E::custom(format!("number {v} does not fit in a 64-bit integer")))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        i64::try_from(v)
            .map(|v| Raw(NodeValue::Int(v)))
            .map_err(|_| E::custom(format!("number {v} does not fit in a 64-bit integer")))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        i64::try_from(v)
            .map(|v| Raw(NodeValue::Int(v)))
            .map_err(|_| E::custom(format!("number {v} does not fit in a 64-bit integer")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        if v.is_finite() {
            Ok(Raw(NodeValue::Float(v)))
        } else {
            Err(E::custom("number out of range"))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        check_len(v)?;
        Ok(Raw(NodeValue::Str(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        check_len(&v)?;
        Ok(Raw(NodeValue::Str(v)))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw(NodeValue::Null))
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw(NodeValue::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(into_node(item));
        }
        Ok(Raw(NodeValue::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(key) = map.next_key::<Spanned<KeyName>>()? {
            let pos = pos_of(&key);
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((
                Key {
                    pos,
                    name: key.value.0,
                },
                into_node(value),
            ));
        }
        Ok(Raw(NodeValue::Map(entries)))
    }
}

/// Visitor methods for the values streaming does not handle: a scalar (or
/// null) is `None`, an optional value is looked into.
macro_rules! scalars_are_none {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

/// The root of a streamed document: a mapping whose `vpns` entries go to
/// the sink. `None` when the document is not of that shape after all.
struct RootSeed<'s> {
    sink: &'s mut dyn FnMut(Node),
}

impl<'de> de::DeserializeSeed<'de> for RootSeed<'_> {
    type Value = Option<Node>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Node>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = Option<Node>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML mapping")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Node>, A::Error> {
        let mut entries = Vec::new();
        let mut exact = true;
        while let Some(key) = map.next_key::<Spanned<KeyName>>()? {
            let pos = pos_of(&key);
            let value = if key.value.0 == "vpns" {
                let streamed = map.next_value_seed(VpnsSeed {
                    sink: &mut *self.sink,
                })?;
                // A `vpns` that is not a sequence was read without its own
                // position: the document is read again, whole.
                exact &= streamed.is_some();
                Node::new(pos, streamed.unwrap_or(NodeValue::Null))
            } else {
                into_node(map.next_value::<Spanned<Raw>>()?)
            };
            entries.push((
                Key {
                    pos,
                    name: key.value.0,
                },
                value,
            ));
        }
        let pos = entries.first().map_or(Pos::new(1, 1), |(k, _)| k.pos);
        Ok(exact.then(|| Node::new(pos, NodeValue::Map(entries))))
    }
    // Any other root is read again by `parse`, with its exact position.
    scalars_are_none!();
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Node>, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The value of the root's `vpns`: each entry of a sequence goes to the sink
/// (the tree keeps an empty sequence); any other value is consumed and
/// reported as `None`.
struct VpnsSeed<'s> {
    sink: &'s mut dyn FnMut(Node),
}

impl<'de> de::DeserializeSeed<'de> for VpnsSeed<'_> {
    type Value = Option<NodeValue>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<NodeValue>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for VpnsSeed<'_> {
    type Value = Option<NodeValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<NodeValue>, A::Error> {
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            (self.sink)(into_node(item));
        }
        Ok(Some(NodeValue::Seq(Vec::new())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<NodeValue>, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
    scalars_are_none!();
}

fn check_len<E: de::Error>(v: &str) -> Result<(), E> {
    if v.len() > MAX_VALUE_BYTES {
        Err(E::custom(format!(
            "value longer than {MAX_VALUE_BYTES} bytes"
        )))
    } else {
        Ok(())
    }
}

/// A mapping key: any scalar, kept as its text.
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
                check_len(v)?;
                Ok(KeyName(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyName, E> {
                Ok(KeyName("null".into()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_norway() {
        let n = parse("kind: inventory\nvpns:\n  - id: a\n    country: NO\n    n: 0012\n").unwrap();
        let vpns = n.get("vpns").unwrap();
        assert_eq!(vpns.pos, Pos::new(3, 3));
        let NodeValue::Seq(items) = &vpns.value else {
            panic!()
        };
        let c = items[0].get("country").unwrap();
        assert_eq!(c.value, NodeValue::Str("NO".into()));
        assert_eq!(c.pos, Pos::new(4, 14));
        assert_eq!(
            items[0].get("n").unwrap().value,
            NodeValue::Str("0012".into())
        );
    }

    #[test]
    fn duplicate_keys_rejected() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.pos.line, 3, "{e:?}");
        assert_eq!(e.message, "duplicate key \"a\"");
    }

    #[test]
    fn syntax_error_located() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
        assert!(!e.message.contains("at line"), "{e:?}");
    }

    #[test]
    fn alias_bomb_bounded() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        assert!(parse(&s).is_err());
    }

    #[test]
    fn deep_nesting_bounded() {
        let s = "[".repeat(10_000);
        assert!(parse(&s).is_err());
    }
}
