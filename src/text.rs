//! Text from inputs, made safe to show. Every human-readable output (the
//! table and summary, diagnostics, `facts`, `rules`, `explain`, Markdown,
//! GitHub commands, CSV, XLSX, JUnit) passes what came from an input through
//! [`visible`] (one line) or [`visible_lines`] (prose), so no input can move
//! the cursor, recolour or clear a terminal, write the clipboard (OSC 52),
//! forge a line of output or reorder it with bidi controls. JSON outputs keep
//! the data exactly and escape the same characters as `\uXXXX`
//! ([`json_safe`]). [`is_blank`] tells text that shows nothing (whitespace,
//! zero-width and other invisible characters) from a real value.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must never reach an output raw: C0 controls, DEL, C1
/// controls, the bidi embedding/override/isolate controls and marks, and
/// the line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// `s` on one line with every unsafe character written as a visible escape:
/// `\n`, `\r`, `\t`, `\x1b` (other C0 and DEL), `\u{202e}` (C1, bidi, line
/// separators). Borrowed when nothing needed escaping.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Like [`visible`], but line feeds and tabs are kept: for prose shown over
/// several lines by design (a rule's rationale, a cell that wraps).
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// Bytes that may begin a character [`is_unsafe`] matches: the C0
/// controls and DEL, and the lead bytes of U+0080–U+00BF (C1), U+0600–U+063F
/// (U+061C) and U+2000–U+207F (bidi marks, isolates and the separators).
/// Each is a character boundary, so a scan may stop at one and decode.
pub(crate) static MAY_BE_UNSAFE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t[0xd8] = true;
    t[0xe2] = true;
    t
};

/// The byte offset of the first character of `s` at or after `from` that
/// [`is_unsafe`] matches (line feeds and tabs aside when `keep_lines`).
fn next_unsafe(s: &str, from: usize, keep_lines: bool) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if MAY_BE_UNSAFE[usize::from(bytes[i])] {
            let c = s[i..].chars().next()?;
            if is_unsafe(c) && !(keep_lines && (c == '\n' || c == '\t')) {
                return Some((i, c));
            }
        }
        i += 1;
    }
    None
}

fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let Some(first) = next_unsafe(s, 0, keep_lines) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = 0;
    let mut at = Some(first);
    while let Some((i, c)) = at {
        out.push_str(&s[start..i]);
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
        start = i + c.len_utf8();
        at = next_unsafe(s, start, keep_lines);
    }
    out.push_str(&s[start..]);
    Cow::Owned(out)
}

/// JSON text with the unsafe characters that JSON allows raw (C1, DEL, bidi
/// controls, U+2028/U+2029) written as `\uXXXX` escapes: the same string
/// once parsed, but never a raw control in the file. Such characters only
/// occur inside JSON strings, so escaping them anywhere is correct.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_unsafe) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t' | ' ') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `s` shows nothing: it is empty or made only of whitespace and
/// invisible characters (zero-width spaces and joiners, word joiner, BOM,
/// soft hyphen, bidi marks and controls, invisible operators, tags,
/// variation selectors, Hangul fillers, the braille blank). Such text is no
/// approver, reason or owner.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{34f}'
        | '\u{61c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{2800}'
        | '\u{3164}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}'
        | '\u{e0100}'..='\u{e01ef}')
}

/// How a message names a place given by its ISO 3166-1 code: mainland China,
/// and Hong Kong, Macao and Taiwan as regions (港澳台地区), never as
/// countries; any other code as itself.
pub fn region_name(code: &str) -> &str {
    match code {
        "CN" => "mainland China",
        "HK" => "Hong Kong SAR (香港特别行政区)",
        "MO" => "Macao SAR (澳门特别行政区)",
        "TW" => "the Taiwan region (台湾地区)",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(
            visible("ok\u{1b}]52;c;aGk=\u{7}\nverdict: PASS"),
            "ok\\x1b]52;c;aGk=\\x07\\nverdict: PASS"
        );
        assert_eq!(
            visible("a\u{202e}b\u{2066}c\u{85}d\u{2028}"),
            "a\\u{202e}b\\u{2066}c\\u{85}d\\u{2028}"
        );
        assert_eq!(visible("\r\t\u{7f}"), "\\r\\t\\x7f");
        assert!(matches!(visible("plain 中文 text"), Cow::Borrowed(_)));
    }

    /// The byte scan finds every unsafe character: the first byte of each
    /// is in the table, and escaping agrees with a character-by-character
    /// reading over the whole Basic Multilingual Plane.
    #[test]
    fn the_byte_scan_misses_no_unsafe_character() {
        let all: String = (0..=0xffffu32).filter_map(char::from_u32).collect();
        for c in all.chars().filter(|&c| is_unsafe(c)) {
            let mut b = [0; 4];
            let first = c.encode_utf8(&mut b).as_bytes()[0];
            assert!(MAY_BE_UNSAFE[usize::from(first)], "{c:?}");
        }
        for keep in [false, true] {
            let mut want = String::new();
            for c in all.chars() {
                match c {
                    '\n' | '\t' if keep => want.push(c),
                    '\n' => want.push_str("\\n"),
                    '\r' => want.push_str("\\r"),
                    '\t' => want.push_str("\\t"),
                    c if is_unsafe(c) && (c as u32) < 0x80 => {
                        want.push_str(&format!("\\x{:02x}", c as u32))
                    }
                    c if is_unsafe(c) => want.push_str(&format!("\\u{{{:x}}}", c as u32)),
                    c => want.push(c),
                }
            }
            assert_eq!(escape(&all, keep), want);
        }
    }

    #[test]
    fn prose_keeps_its_lines() {
        assert_eq!(visible_lines("a\nb\tc\u{1b}[2J"), "a\nb\tc\\x1b[2J");
        assert_eq!(visible_lines("a\r\nb"), "a\\r\nb");
    }

    #[test]
    fn json_keeps_the_value() {
        let raw = "x\u{202e}y\u{85}z\u{2029}";
        let json = json_safe(serde_json::to_string(raw).unwrap());
        assert!(!json.chars().any(is_unsafe), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), raw);
        let pretty = json_safe(serde_json::to_string_pretty(&vec![raw]).unwrap());
        assert!(pretty.contains('\n'));
        assert_eq!(serde_json::from_str::<Vec<String>>(&pretty).unwrap(), [raw]);
    }

    #[test]
    fn invisible_text_is_blank() {
        for s in [
            "",
            " \t",
            "\u{200b}",
            "\u{feff}\u{2060}",
            "\u{202e}\u{2066}",
            "\u{3164}",
            "\u{2800}",
            "\u{e0041}",
            "\u{ad}\u{fe0f}",
        ] {
            assert!(is_blank(s), "{s:?}");
        }
        for s in ["a", " ciso@acme.example", "张三", "\u{200b}x"] {
            assert!(!is_blank(s), "{s:?}");
        }
    }
}
