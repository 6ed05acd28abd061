//! Strict RFC 8259 JSON parser producing a position-annotated [`Node`] tree.
//!
//! The parser works on bytes with an explicit stack (no recursion), so depth
//! is bounded by [`MAX_DEPTH`] and hostile input cannot overflow the call
//! stack. Lines are tracked while skipping whitespace (the only place a raw
//! line break may legally appear); columns are computed lazily, in characters,
//! only when a position is actually recorded.

use crate::source::Pos;
use crate::syntax::node::{Key, MAX_DEPTH, MAX_VALUE_BYTES, Node, NodeValue, ParseError};
use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// Parses one JSON document into a [`Node`] tree.
///
/// Every node's position is where its value starts and every key's position
/// is its opening quote. A leading UTF-8 byte order mark is ignored (RFC 8259
/// §8.1 allows this) and does not count towards column numbers.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    Parser::new(text).document(None)
}

/// Parses one JSON document like [`parse`], but hands every element of the
/// top-level `"vpns"` array to `sink` as soon as it is complete instead of
/// keeping it in the tree (where the array is left empty). An inventory of
/// any size is thus never held whole as a tree. Elements already handed
/// over before a syntax error are not taken back: the caller discards them.
pub fn parse_streaming(text: &str, sink: &mut dyn FnMut(Node)) -> Result<Node, ParseError> {
    Parser::new(text).document(Some(sink))
}

/// Objects with up to this many entries are checked for duplicate keys by a
/// linear scan; larger ones switch to a hash index.
const LINEAR_KEY_SCAN: usize = 32;

/// Longest excerpt of input (a key or a number) quoted in an error message.
const MAX_QUOTED_CHARS: usize = 64;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Current byte offset.
    i: usize,
    line: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// `col_chars` characters lie in `bytes[line_start..col_off]`: caches the
    /// last column computation so a huge single-line document stays linear.
    col_off: usize,
    col_chars: usize,
}

/// An open container on the explicit parse stack. Its children live at
/// `start..` of the shared scratch vectors until it closes, so each container
/// costs one exactly-sized allocation instead of repeated regrowth.
enum Frame {
    Seq {
        pos: Pos,
        start: usize,
    },
    Map {
        pos: Pos,
        start: usize,
        /// Key of the value currently being parsed.
        key: Key,
        /// Hashes of all keys, built once the object outgrows a linear scan.
        index: Option<KeyIndex>,
    },
}

/// Children of all open containers, innermost last.
#[derive(Default)]
struct Scratch {
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
}

impl Frame {
    fn into_node(self, scratch: &mut Scratch) -> Node {
        match self {
            Frame::Seq { pos, start } => {
                Node::new(pos, NodeValue::Seq(split_off(&mut scratch.items, start)))
            }
            Frame::Map { pos, start, .. } => {
                Node::new(pos, NodeValue::Map(split_off(&mut scratch.entries, start)))
            }
        }
    }

    fn eof_message(&self) -> &'static str {
        match self {
            Frame::Seq { .. } => "unexpected end of file inside an array",
            Frame::Map { .. } => "unexpected end of file inside an object",
        }
    }
}

/// Set of 64-bit key hashes from a randomly keyed SipHash. A hit only means
/// "maybe a duplicate" and is confirmed by comparing names, so this avoids
/// cloning every key of a large object while staying exact.
struct KeyIndex {
    state: RandomState,
    hashes: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
}

impl KeyIndex {
    fn new(entries: &[(Key, Node)]) -> Self {
        let mut index = KeyIndex {
            state: RandomState::new(),
            hashes: HashSet::with_capacity_and_hasher(entries.len() * 2, Default::default()),
        };
        for (k, _) in entries {
            index.insert(&k.name);
        }
        index
    }

    /// Records `name`; returns false if an equal hash was already present.
    fn insert(&mut self, name: &str) -> bool {
        self.hashes.insert(self.state.hash_one(name))
    }
}

/// The values hashed are already uniformly distributed SipHash outputs.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Bytes that end a run of plain string content.
static STRING_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Offset of the first `"`, `\` or control byte in `bytes[i..end]`, or `end`.
#[inline]
fn find_string_special(bytes: &[u8], mut i: usize, end: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // SWAR: eight bytes per step. Borrows only propagate upwards from a
    // matching byte, so the lowest flagged byte is always an exact match.
    while i + 8 <= end {
        let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
        else {
            break;
        };
        let w = u64::from_le_bytes(chunk);
        let q = w ^ (LO * u64::from(b'"'));
        let bs = w ^ (LO * u64::from(b'\\'));
        let hits = ((q.wrapping_sub(LO) & !q)
            | (bs.wrapping_sub(LO) & !bs)
            | (w.wrapping_sub(LO * 0x20) & !w))
            & HI;
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end {
        match bytes.get(i) {
            Some(&b) if !STRING_SPECIAL[b as usize] => i += 1,
            _ => return i,
        }
    }
    // Never before the starting offset, so callers may subtract it.
    i.max(end)
}

/// Number of UTF-8 characters in `bytes` (counts non-continuation bytes).
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A character as quoted in messages: invisible ones are written escaped.
fn show(c: char) -> String {
    if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Quotes a key for an error message, shortening very long ones.
fn quote(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{:?}...", s.get(..cut).unwrap_or_default()),
        None => format!("{s:?}"),
    }
}

fn hex4(bytes: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &b in bytes.get(..4)? {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u32::from(d);
    }
    Some(v)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // The BOM is skipped and not counted, matching what editors display.
        let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        Parser {
            text,
            bytes,
            i: start,
            line: 1,
            line_start: start,
            col_off: start,
            col_chars: 0,
        }
    }

    fn pos_at(&mut self, off: usize) -> Pos {
        if off < self.col_off {
            // Only error paths look backwards; recount from the line start.
            self.col_off = self.line_start;
            self.col_chars = 0;
        }
        let seg = self.bytes.get(self.col_off..off).unwrap_or_default();
        self.col_chars += count_chars(seg);
        self.col_off = off;
        Pos::new(self.line, to_u32(self.col_chars + 1))
    }

    fn err_at(&mut self, off: usize, message: impl Into<String>) -> ParseError {
        ParseError::new(self.pos_at(off), message)
    }

    /// `'c'` for the character at `off`, for "found ..." messages.
    fn describe(&self, off: usize) -> String {
        match self.text.get(off..).and_then(|s| s.chars().next()) {
            Some('\'') => "\"'\"".to_string(),
            Some(c) => format!("'{}'", show(c)),
            None => "end of file".to_string(),
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.i) {
            match b {
                b' ' | b'\t' => {}
                b'\n' => {
                    // The '\n' of a "\r\n" pair was already counted at '\r'.
                    if !(self.i == self.line_start
                        && self.i > 0
                        && self.bytes.get(self.i - 1) == Some(&b'\r'))
                    {
                        self.line = self.line.saturating_add(1);
                    }
                    self.new_line(self.i + 1);
                }
                b'\r' => {
                    self.line = self.line.saturating_add(1);
                    self.new_line(self.i + 1);
                }
                _ => return,
            }
            self.i += 1;
        }
    }

    fn new_line(&mut self, start: usize) {
        self.line_start = start;
        self.col_off = start;
        self.col_chars = 0;
    }

    fn document(mut self, sink: Option<&mut dyn FnMut(Node)>) -> Result<Node, ParseError> {
        self.skip_ws();
        if self.i >= self.bytes.len() {
            return Err(ParseError::new(Pos::new(1, 1), "empty document"));
        }
        let root = self.tree(sink)?;
        self.skip_ws();
        if self.i < self.bytes.len() {
            return Err(self.err_at(self.i, "trailing characters after the document"));
        }
        Ok(root)
    }

    /// Parses one value (with everything nested in it) at `self.i`, which
    /// must be past any whitespace.
    fn tree(&mut self, mut sink: Option<&mut dyn FnMut(Node)>) -> Result<Node, ParseError> {
        const ARRAY_EOF: &str = "unexpected end of file inside an array";
        const OBJECT_EOF: &str = "unexpected end of file inside an object";
        let mut stack: Vec<Frame> = Vec::new();
        let mut scratch = Scratch::default();
        'value: loop {
            let start = self.i;
            let mut node = match self.peek() {
                None => {
                    let msg = stack.last().map_or("empty document", Frame::eof_message);
                    return Err(self.err_at(start, msg));
                }
                Some(open @ (b'[' | b'{')) => {
                    let pos = self.pos_at(start);
                    if stack.len() >= MAX_DEPTH {
                        let msg = format!("nesting deeper than {MAX_DEPTH} levels");
                        return Err(ParseError::new(pos, msg));
                    }
                    self.i += 1;
                    self.skip_ws();
                    match (open, self.peek()) {
                        (b'[', Some(b']')) => {
                            self.i += 1;
                            Node::new(pos, NodeValue::Seq(Vec::new()))
                        }
                        (b'[', _) => {
                            let start = scratch.items.len();
                            stack.push(Frame::Seq { pos, start });
                            continue 'value;
                        }
                        (_, Some(b'}')) => {
                            self.i += 1;
                            Node::new(pos, NodeValue::Map(Vec::new()))
                        }
                        (_, Some(b'"')) => {
                            let key = self.key()?;
                            self.colon()?;
                            let start = scratch.entries.len();
                            stack.push(Frame::Map {
                                pos,
                                start,
                                key,
                                index: None,
                            });
                            continue 'value;
                        }
                        (_, None) => return Err(self.err_at(self.i, OBJECT_EOF)),
                        (_, Some(_)) => {
                            let found = self.describe(self.i);
                            let msg = format!("expected a string key or '}}', found {found}");
                            return Err(self.err_at(self.i, msg));
                        }
                    }
                }
                Some(_) => self.scalar()?,
            };

            // Attach the finished value to its parent, closing every
            // container that ends right after it.
            loop {
                let streamed = sink.is_some()
                    && stack.len() == 2
                    && matches!(stack.first(), Some(Frame::Map { key, .. }) if key.name == "vpns");
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                match frame {
                    Frame::Seq { .. } => {
                        match &mut sink {
                            Some(sink) if streamed => sink(node),
                            _ => scratch.items.push(node),
                        }
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.i += 1;
                                self.skip_ws();
                                if self.peek() == Some(b']') {
                                    return Err(self.err_at(self.i, "trailing comma before ']'"));
                                }
                                continue 'value;
                            }
                            Some(b']') => self.i += 1,
                            None => return Err(self.err_at(self.i, ARRAY_EOF)),
                            Some(_) => {
                                let msg = "expected ',' or ']' after an array element";
                                return Err(self.err_at(self.i, msg));
                            }
                        }
                    }
                    Frame::Map {
                        start, key, index, ..
                    } => {
                        let placeholder = Key {
                            pos: Pos::default(),
                            name: String::new(),
                        };
                        scratch
                            .entries
                            .push((std::mem::replace(key, placeholder), node));
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.i += 1;
                                self.skip_ws();
                                self.expect_next_key()?;
                                let next = self.key()?;
                                let siblings = scratch.entries.get(*start..).unwrap_or_default();
                                check_duplicate(siblings, index, &next)?;
                                self.colon()?;
                                *key = next;
                                continue 'value;
                            }
                            Some(b'}') => self.i += 1,
                            None => return Err(self.err_at(self.i, OBJECT_EOF)),
                            Some(_) => {
                                let msg = "expected ',' or '}' after an object entry";
                                return Err(self.err_at(self.i, msg));
                            }
                        }
                    }
                }
                // The container just closed: it becomes the finished value.
                // (`stack` is never empty here; the fallback avoids a panic path.)
                node = match stack.pop() {
                    Some(frame) => frame.into_node(&mut scratch),
                    None => return Err(ParseError::new(Pos::default(), "internal parser error")),
                };
            }
        }
    }

    /// Checks that a key follows the `,` after an object entry.
    fn expect_next_key(&mut self) -> Result<(), ParseError> {
        match self.peek() {
            Some(b'"') => Ok(()),
            Some(b'}') => Err(self.err_at(self.i, "trailing comma before '}'")),
            None => Err(self.err_at(self.i, "unexpected end of file inside an object")),
            Some(_) => {
                let msg = format!("expected a string key, found {}", self.describe(self.i));
                Err(self.err_at(self.i, msg))
            }
        }
    }

    /// Parses a key whose opening quote is at `self.i`.
    fn key(&mut self) -> Result<Key, ParseError> {
        let pos = self.pos_at(self.i);
        let name = self.string(pos)?;
        Ok(Key { pos, name })
    }

    /// Expects the `:` after a key and moves to the start of the value.
    fn colon(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        match self.peek() {
            Some(b':') => {
                self.i += 1;
                self.skip_ws();
                Ok(())
            }
            None => Err(self.err_at(self.i, "unexpected end of file inside an object")),
            Some(_) => Err(self.err_at(self.i, "expected ':' after an object key")),
        }
    }

    fn scalar(&mut self) -> Result<Node, ParseError> {
        let start = self.i;
        let pos = self.pos_at(start);
        let value = match self.peek() {
            Some(b'"') => NodeValue::Str(self.string(pos)?),
            Some(b'-' | b'0'..=b'9') => self.number(pos)?,
            Some(b't') => self.literal(pos, "true", NodeValue::Bool(true))?,
            Some(b'f') => self.literal(pos, "false", NodeValue::Bool(false))?,
            Some(b'n') => self.literal(pos, "null", NodeValue::Null)?,
            _ => {
                return Err(ParseError::new(
                    pos,
                    format!("expected a value, found {}", self.describe(start)),
                ));
            }
        };
        Ok(Node::new(pos, value))
    }

    fn literal(&mut self, pos: Pos, word: &str, value: NodeValue) -> Result<NodeValue, ParseError> {
        let rest = self.bytes.get(self.i..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(value)
        } else {
            Err(ParseError::new(
                pos,
                format!("invalid literal, expected '{word}'"),
            ))
        }
    }

    /// Parses a string whose opening quote is at `self.i` (at `pos`).
    fn string(&mut self, pos: Pos) -> Result<String, ParseError> {
        let bytes = self.bytes;
        let mut i = self.i + 1;
        let mut seg = i;
        // Allocated only once an escape forces copying piecewise.
        let mut out: Option<String> = None;
        loop {
            let done = out.as_ref().map_or(0, String::len);
            if done > MAX_VALUE_BYTES {
                return Err(too_long(pos));
            }
            // Never scan further than the length limit allows.
            let limit = bytes
                .len()
                .min(seg.saturating_add(MAX_VALUE_BYTES - done + 1));
            i = find_string_special(bytes, i, limit);
            if done + (i - seg) > MAX_VALUE_BYTES {
                return Err(too_long(pos));
            }
            let Some(&b) = bytes.get(i) else {
                return Err(self.err_at(i, "unexpected end of file inside a string"));
            };
            // Segments start and end at ASCII bytes, so they are valid str.
            let plain = self.text.get(seg..i).unwrap_or_default();
            match b {
                b'"' => {
                    self.i = i + 1;
                    return Ok(match out {
                        None => plain.to_owned(),
                        Some(mut s) => {
                            s.push_str(plain);
                            s
                        }
                    });
                }
                b'\\' => {
                    let s = out.get_or_insert_with(|| String::with_capacity(plain.len() + 16));
                    s.push_str(plain);
                    let (c, next) = self.escape(i)?;
                    s.push(c);
                    i = next;
                    seg = i;
                }
                _ => {
                    let msg = format!("control character U+{b:04X} must be escaped in a string");
                    return Err(self.err_at(i, msg));
                }
            }
        }
    }

    /// Decodes the escape whose backslash is at `i`; returns the character
    /// and the offset just after the escape.
    fn escape(&mut self, i: usize) -> Result<(char, usize), ParseError> {
        const EOF: &str = "unexpected end of file inside a string";
        let c = match self.bytes.get(i + 1) {
            None => return Err(self.err_at(i + 1, EOF)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(i),
            Some(_) => {
                let found = self
                    .text
                    .get(i + 1..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?');
                let msg = format!("invalid escape '\\{}'", show(found));
                return Err(self.err_at(i, msg));
            }
        };
        Ok((c, i + 2))
    }

    fn unicode_escape(&mut self, i: usize) -> Result<(char, usize), ParseError> {
        let hi = self.hex_escape(i)?;
        let code = match hi {
            0xD800..=0xDBFF => {
                let next = i + 6;
                let lo = match (self.bytes.get(next), self.bytes.get(next + 1)) {
                    (None, _) | (Some(b'\\'), None) => {
                        return Err(
                            self.err_at(self.bytes.len(), "unexpected end of file inside a string")
                        );
                    }
                    (Some(b'\\'), Some(b'u')) => self.hex_escape(next)?,
                    _ => 0,
                };
                if !(0xDC00..=0xDFFF).contains(&lo) {
                    return Err(self.err_at(i, format!("lone surrogate '\\u{hi:04x}'")));
                }
                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.err_at(i, format!("lone surrogate '\\u{hi:04x}'"))),
            _ => hi,
        };
        match char::from_u32(code) {
            Some(c) => Ok((c, if code > 0xFFFF { i + 12 } else { i + 6 })),
            None => Err(self.err_at(i, format!("lone surrogate '\\u{hi:04x}'"))),
        }
    }

    /// Reads the four hex digits of the `\u` escape at `i`.
    fn hex_escape(&mut self, i: usize) -> Result<u32, ParseError> {
        let digits = self.bytes.get(i + 2..).unwrap_or_default();
        if let Some(v) = hex4(digits) {
            return Ok(v);
        }
        // Distinguish running out of input from a bad digit.
        let hex_prefix = digits.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        if hex_prefix == digits.len() && digits.len() < 4 {
            return Err(self.err_at(self.bytes.len(), "unexpected end of file inside a string"));
        }
        Err(self.err_at(
            i,
            "invalid unicode escape, expected four hex digits after '\\u'",
        ))
    }

    /// Parses a number starting at `self.i` (at `pos`).
    fn number(&mut self, pos: Pos) -> Result<NodeValue, ParseError> {
        const EOF: &str = "unexpected end of file inside a number";
        let bytes = self.bytes;
        let start = self.i;
        let mut i = start;
        let negative = bytes.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        // Magnitude of the integer part; None once it exceeds u64.
        let mut magnitude: Option<u64> = Some(0);
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err_at(i, "leading zeros are not allowed in a number"));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = bytes.get(i) {
                    magnitude = magnitude
                        .and_then(|m| m.checked_mul(10))
                        .and_then(|m| m.checked_add(u64::from(d - b'0')));
                    i += 1;
                }
            }
            None => return Err(self.err_at(i, EOF)),
            Some(_) => {
                let msg = format!("expected a digit after '-', found {}", self.describe(i));
                return Err(self.err_at(i, msg));
            }
        }
        let mut is_float = false;
        if bytes.get(i) == Some(&b'.') {
            is_float = true;
            i += 1;
            i = self.digits(i, "expected a digit after '.'")?;
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            is_float = true;
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            i = self.digits(i, "expected a digit in the exponent")?;
        }
        if i - start > MAX_VALUE_BYTES {
            return Err(too_long(pos));
        }
        self.i = i;
        let literal = self.text.get(start..i).unwrap_or_default();
        if is_float {
            return match literal.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(NodeValue::Float(f)),
                _ => Err(ParseError::new(pos, "number out of range")),
            };
        }
        let value = magnitude.and_then(|m| {
            if negative {
                // i64::MIN's magnitude does not fit in i64 itself.
                0i64.checked_sub_unsigned(m)
            } else {
                i64::try_from(m).ok()
            }
        });
        match value {
            Some(v) => Ok(NodeValue::Int(v)),
            None => {
                let shown = match literal.get(..MAX_QUOTED_CHARS) {
                    Some(head) if literal.len() > MAX_QUOTED_CHARS => format!("{head}..."),
                    _ => literal.to_owned(),
                };
                Err(ParseError::new(
                    pos,
                    format!("number {shown} does not fit in a 64-bit integer"),
                ))
            }
        }
    }

    /// Skips one or more digits at `i`; returns the offset after them.
    fn digits(&mut self, mut i: usize, missing: &str) -> Result<usize, ParseError> {
        match self.bytes.get(i) {
            Some(b'0'..=b'9') => {}
            None => return Err(self.err_at(i, "unexpected end of file inside a number")),
            Some(_) => {
                let msg = format!("{missing}, found {}", self.describe(i));
                return Err(self.err_at(i, msg));
            }
        }
        while self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        Ok(i)
    }
}

/// Moves `v[start..]` into a new vector of exactly that length.
fn split_off<T>(v: &mut Vec<T>, start: usize) -> Vec<T> {
    v.split_off(start.min(v.len()))
}

fn too_long(pos: Pos) -> ParseError {
    ParseError::new(pos, format!("value longer than {MAX_VALUE_BYTES} bytes"))
}

/// Rejects `key` if `entries` already has it; past [`LINEAR_KEY_SCAN`]
/// entries a hash index keeps this O(1) per key.
fn check_duplicate(
    entries: &[(Key, Node)],
    index: &mut Option<KeyIndex>,
    key: &Key,
) -> Result<(), ParseError> {
    let maybe_dup = if entries.len() < LINEAR_KEY_SCAN {
        true
    } else {
        let idx = index.get_or_insert_with(|| KeyIndex::new(entries));
        !idx.insert(&key.name)
    };
    if maybe_dup && let Some((first, _)) = entries.iter().find(|(k, _)| k.name == key.name) {
        return Err(ParseError::new(
            key.pos,
            format!(
                "duplicate key {} (first at line {})",
                quote(&key.name),
                first.pos.line
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
