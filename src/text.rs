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

fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !s.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) || kept(c) {
            out.push(c);
            continue;
        }
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
    }
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
