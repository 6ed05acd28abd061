use super::{parse, parse_streaming};
use crate::source::Pos;
use crate::syntax::node::{Key, MAX_DEPTH, MAX_VALUE_BYTES, Node, NodeValue, ParseError};
use proptest::prelude::*;

fn ok(text: &str) -> Node {
    match parse(text) {
        Ok(node) => node,
        Err(e) => panic!("{text:?} failed: {} at {}", e.message, e.pos),
    }
}

/// (line, column, message) of the error `text` must produce.
fn err(text: &str) -> (u32, u32, String) {
    match parse(text) {
        Ok(node) => panic!("{text:?} parsed unexpectedly: {node:?}"),
        Err(ParseError { pos, message }) => (pos.line, pos.col, message),
    }
}

fn assert_err(text: &str, line: u32, col: u32, message: &str) {
    assert_eq!(
        err(text),
        (line, col, message.to_string()),
        "input {text:?}"
    );
}

fn value(text: &str) -> NodeValue {
    ok(text).value
}

fn p(line: u32, col: u32) -> Pos {
    Pos::new(line, col)
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        NodeValue::Seq(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

fn entries(node: &Node) -> &[(Key, Node)] {
    match &node.value {
        NodeValue::Map(entries) => entries,
        other => panic!("not a mapping: {other:?}"),
    }
}

// ---------------------------------------------------------------- values

#[test]
fn scalars() {
    assert_eq!(value("null"), NodeValue::Null);
    assert_eq!(value("true"), NodeValue::Bool(true));
    assert_eq!(value("false"), NodeValue::Bool(false));
    assert_eq!(value("0"), NodeValue::Int(0));
    assert_eq!(value("-0"), NodeValue::Int(0));
    assert_eq!(value("42"), NodeValue::Int(42));
    assert_eq!(value("-17"), NodeValue::Int(-17));
    assert_eq!(value("9223372036854775807"), NodeValue::Int(i64::MAX));
    assert_eq!(value("-9223372036854775808"), NodeValue::Int(i64::MIN));
    assert_eq!(value("0.5"), NodeValue::Float(0.5));
    assert_eq!(value("-1.25"), NodeValue::Float(-1.25));
    assert_eq!(value("1E2"), NodeValue::Float(100.0));
    assert_eq!(value("1e+2"), NodeValue::Float(100.0));
    assert_eq!(value("1.5e-3"), NodeValue::Float(0.0015));
    assert_eq!(value("1.0"), NodeValue::Float(1.0));
    assert_eq!(value("1e-400"), NodeValue::Float(0.0));
    assert_eq!(value("1.7976931348623157e308"), NodeValue::Float(f64::MAX));
    assert_eq!(value(r#""""#), NodeValue::Str(String::new()));
    assert_eq!(value(r#""hello""#), NodeValue::Str("hello".into()));
    assert_eq!(value("[]"), NodeValue::Seq(vec![]));
    assert_eq!(value("{}"), NodeValue::Map(vec![]));
    assert_eq!(value(" \t\r\n [ ] \n"), NodeValue::Seq(vec![]));
}

#[test]
fn string_escapes() {
    assert_eq!(
        value(r#""\"\\\/\b\f\n\r\t""#),
        NodeValue::Str("\"\\/\u{8}\u{c}\n\r\t".into())
    );
    assert_eq!(
        value(r#""\u0041\u00e9\u4E2D""#),
        NodeValue::Str("Aé中".into())
    );
    assert_eq!(value(r#""\u0000""#), NodeValue::Str("\0".into()));
    assert_eq!(value(r#""a\u00e9b""#), NodeValue::Str("aéb".into()));
    // Raw non-ASCII and DEL need no escaping.
    assert_eq!(
        value("\"é中😀\u{7f}\""),
        NodeValue::Str("é中😀\u{7f}".into())
    );
}

#[test]
fn surrogate_pairs() {
    assert_eq!(value(r#""\ud83d\ude00""#), NodeValue::Str("😀".into()));
    assert_eq!(value(r#""\uD83D\uDE00""#), NodeValue::Str("😀".into()));
    assert_eq!(value(r#""x\ud834\udd1ey""#), NodeValue::Str("x𝄞y".into()));
    assert_eq!(
        value(r#""\udbff\udfff""#),
        NodeValue::Str("\u{10ffff}".into())
    );
    assert_eq!(
        value(r#""\ud800\udc00""#),
        NodeValue::Str("\u{10000}".into())
    );
}

#[test]
fn lone_surrogates() {
    assert_err(r#""\ud800""#, 1, 2, r"lone surrogate '\ud800'");
    assert_err(r#""ab\ud83dx""#, 1, 4, r"lone surrogate '\ud83d'");
    assert_err(r#""\ud83d\u0041""#, 1, 2, r"lone surrogate '\ud83d'");
    assert_err(r#""\ud83d\ud83d""#, 1, 2, r"lone surrogate '\ud83d'");
    assert_err(r#""\ud83d\n""#, 1, 2, r"lone surrogate '\ud83d'");
    assert_err(r#""\ude00""#, 1, 2, r"lone surrogate '\ude00'");
    assert_err(
        r#""\ud83d\uzz00""#,
        1,
        8,
        r"invalid unicode escape, expected four hex digits after '\u'",
    );
}

#[test]
fn objects_keep_document_order() {
    let node = ok(r#"{"b": 1, "a": 2, "c": {"z": [], "y": null}}"#);
    let names: Vec<&str> = entries(&node)
        .iter()
        .map(|(k, _)| k.name.as_str())
        .collect();
    assert_eq!(names, ["b", "a", "c"]);
    assert_eq!(node.get("a").map(|n| &n.value), Some(&NodeValue::Int(2)));
    let inner = node.get("c").map(entries).unwrap_or_default();
    assert_eq!(inner.len(), 2);
    assert_eq!(inner[1].0.name, "y");
}

// ---------------------------------------------------------------- positions

#[test]
fn positions_of_nested_values_and_keys() {
    let text = "{\n  \"a\": [1, {\"b\": true}],\n  \"c\": null\n}";
    let root = ok(text);
    assert_eq!(root.pos, p(1, 1));
    let e = entries(&root);
    assert_eq!(e[0].0.pos, p(2, 3));
    assert_eq!(e[0].1.pos, p(2, 8));
    let list = items(&e[0].1);
    assert_eq!(list[0].pos, p(2, 9));
    assert_eq!(list[1].pos, p(2, 12));
    let inner = entries(&list[1]);
    assert_eq!(inner[0].0.pos, p(2, 13));
    assert_eq!(inner[0].1.pos, p(2, 18));
    assert_eq!(e[1].0.pos, p(3, 3));
    assert_eq!(e[1].1.pos, p(3, 8));
}

#[test]
fn positions_count_characters_not_bytes() {
    // 'é' is 2 bytes, '日' 3 bytes, '😀' 4 bytes: each one column.
    let root = ok(r#"["é", "日本", "😀", 7, {"ü": 8}]"#);
    let list = items(&root);
    assert_eq!(list[0].pos, p(1, 2));
    assert_eq!(list[1].pos, p(1, 7));
    assert_eq!(list[2].pos, p(1, 13));
    assert_eq!(list[3].pos, p(1, 18));
    assert_eq!(list[4].pos, p(1, 21));
    let e = entries(&list[4]);
    assert_eq!(e[0].0.pos, p(1, 22));
    assert_eq!(e[0].1.pos, p(1, 27));
    // Error columns too.
    assert_eq!(
        err(r#"["日本" x]"#),
        (1, 7, "expected ',' or ']' after an array element".into())
    );
    assert_eq!(
        err("[\"é\",\n \"ö\", ?]"),
        (2, 7, "expected a value, found '?'".into())
    );
}

#[test]
fn escapes_count_as_written_columns() {
    let root = ok(r#"["\u00e9\n", 1]"#);
    assert_eq!(items(&root)[1].pos, p(1, 14));
}

#[test]
fn line_endings() {
    let root = ok("[1,\r\n 2,\r 3,\n\n  4]");
    let pos: Vec<Pos> = items(&root).iter().map(|n| n.pos).collect();
    assert_eq!(pos, [p(1, 2), p(2, 2), p(3, 2), p(5, 3)]);
    assert_err("[1,\r\n\r\n  x]", 3, 3, "expected a value, found 'x'");
}

#[test]
fn tabs_count_as_one_column() {
    assert_eq!(items(&ok("[\t\t1]"))[0].pos, p(1, 4));
}

#[test]
fn byte_order_mark_is_skipped() {
    let root = ok("\u{feff}{\"a\": 1}");
    assert_eq!(root.pos, p(1, 1));
    assert_eq!(entries(&root)[0].0.pos, p(1, 2));
    assert_err("\u{feff}", 1, 1, "empty document");
    assert_err("[\u{feff}]", 1, 2, "expected a value, found '\\u{feff}'");
}

#[test]
fn long_single_line_positions() {
    // Positions far along one long line with multi-byte characters stay
    // right (and computing them stays linear, or this test would crawl).
    let n = 200_000;
    let text = format!("[{}]", vec![r#""é""#; n].join(","));
    let root = ok(&text);
    let list = items(&root);
    assert_eq!(list.len(), n);
    assert_eq!(list[n - 1].pos, p(1, 2 + 4 * (n as u32 - 1)));
    let bad = format!("{}x", &text[..text.len() - 1]);
    assert_eq!(err(&bad).1, 2 + 4 * n as u32 - 1);
}

// ---------------------------------------------------------------- errors

#[test]
fn empty_documents() {
    assert_err("", 1, 1, "empty document");
    assert_err("   \n\t\r\n ", 1, 1, "empty document");
}

#[test]
fn trailing_characters() {
    assert_err("1 2", 1, 3, "trailing characters after the document");
    assert_err("{}\n\n  }", 3, 3, "trailing characters after the document");
    assert_err("[] []", 1, 4, "trailing characters after the document");
    assert_err("truex", 1, 5, "trailing characters after the document");
    assert_err("0x10", 1, 2, "trailing characters after the document");
}

#[test]
fn unexpected_values() {
    assert_err("x", 1, 1, "expected a value, found 'x'");
    assert_err("[1, x]", 1, 5, "expected a value, found 'x'");
    assert_err("{\"a\": }", 1, 7, "expected a value, found '}'");
    assert_err("[,1]", 1, 2, "expected a value, found ','");
    assert_err("NaN", 1, 1, "expected a value, found 'N'");
    assert_err("[-Infinity]", 1, 3, "expected a digit after '-', found 'I'");
    assert_err("+1", 1, 1, "expected a value, found '+'");
    assert_err(".5", 1, 1, "expected a value, found '.'");
    assert_err("'a'", 1, 1, "expected a value, found \"'\"");
    assert_err("// c\n1", 1, 1, "expected a value, found '/'");
    assert_err(
        "[1 /* c */]",
        1,
        4,
        "expected ',' or ']' after an array element",
    );
    assert_err("\u{a0}1", 1, 1, "expected a value, found '\\u{a0}'");
    assert_err("\u{c}1", 1, 1, "expected a value, found '\\u{c}'");
    assert_err("[é]", 1, 2, "expected a value, found 'é'");
}

#[test]
fn invalid_literals() {
    assert_err("tru", 1, 1, "invalid literal, expected 'true'");
    assert_err("[nul]", 1, 2, "invalid literal, expected 'null'");
    assert_err("fals", 1, 1, "invalid literal, expected 'false'");
    assert_err("True", 1, 1, "expected a value, found 'T'");
}

#[test]
fn container_syntax_errors() {
    assert_err("[1 2]", 1, 4, "expected ',' or ']' after an array element");
    assert_err("[1}", 1, 3, "expected ',' or ']' after an array element");
    assert_err("[1,]", 1, 4, "trailing comma before ']'");
    assert_err("[1,\n]", 2, 1, "trailing comma before ']'");
    assert_err(r#"{"a" 1}"#, 1, 6, "expected ':' after an object key");
    assert_err(
        r#"{"a":1 "b":2}"#,
        1,
        8,
        "expected ',' or '}' after an object entry",
    );
    assert_err(
        r#"{"a":1]"#,
        1,
        7,
        "expected ',' or '}' after an object entry",
    );
    assert_err(r#"{"a":1,}"#, 1, 8, "trailing comma before '}'");
    assert_err("{1:2}", 1, 2, "expected a string key or '}', found '1'");
    assert_err("{a:2}", 1, 2, "expected a string key or '}', found 'a'");
    assert_err(r#"{"a":1,2}"#, 1, 8, "expected a string key, found '2'");
    assert_err(r#"{"a":1,,}"#, 1, 8, "expected a string key, found ','");
}

#[test]
fn unexpected_end_of_file() {
    assert_err("[", 1, 2, "unexpected end of file inside an array");
    assert_err("[1,", 1, 4, "unexpected end of file inside an array");
    assert_err("[1", 1, 3, "unexpected end of file inside an array");
    assert_err("[[1]\n", 2, 1, "unexpected end of file inside an array");
    assert_err("{", 1, 2, "unexpected end of file inside an object");
    assert_err(r#"{"a""#, 1, 5, "unexpected end of file inside an object");
    assert_err(r#"{"a":"#, 1, 6, "unexpected end of file inside an object");
    assert_err(r#"{"a":1"#, 1, 7, "unexpected end of file inside an object");
    assert_err(
        r#"{"a":1,"#,
        1,
        8,
        "unexpected end of file inside an object",
    );
    assert_err(r#""abc"#, 1, 5, "unexpected end of file inside a string");
    assert_err(r#"{"ab"#, 1, 5, "unexpected end of file inside a string");
    assert_err(r#""\"#, 1, 3, "unexpected end of file inside a string");
    assert_err(r#""\u12"#, 1, 6, "unexpected end of file inside a string");
    assert_err(r#""\ud83d"#, 1, 8, "unexpected end of file inside a string");
    assert_err(
        r#""\ud83d\"#,
        1,
        9,
        "unexpected end of file inside a string",
    );
    assert_err(
        r#""\ud83d\ude"#,
        1,
        12,
        "unexpected end of file inside a string",
    );
    assert_err("-", 1, 2, "unexpected end of file inside a number");
    assert_err("1.", 1, 3, "unexpected end of file inside a number");
    assert_err("1e", 1, 3, "unexpected end of file inside a number");
    assert_err("1e-", 1, 4, "unexpected end of file inside a number");
}

#[test]
fn invalid_escapes() {
    assert_err(r#""\x""#, 1, 2, r"invalid escape '\x'");
    assert_err(r#"["ok", "a\'"]"#, 1, 10, r"invalid escape '\''");
    assert_err(r#""\U0041""#, 1, 2, r"invalid escape '\U'");
    assert_err("\"\\é\"", 1, 2, r"invalid escape '\é'");
    assert_err("\"\\\n\"", 1, 2, r"invalid escape '\\n'");
    assert_err(
        r#""\u12G4""#,
        1,
        2,
        r"invalid unicode escape, expected four hex digits after '\u'",
    );
    assert_err(
        r#""\u""#,
        1,
        2,
        r"invalid unicode escape, expected four hex digits after '\u'",
    );
    assert_err(
        r#""\u-123""#,
        1,
        2,
        r"invalid unicode escape, expected four hex digits after '\u'",
    );
}

#[test]
fn control_characters_in_strings() {
    assert_err(
        "\"a\tb\"",
        1,
        3,
        "control character U+0009 must be escaped in a string",
    );
    assert_err(
        "[\"é\nx\"]",
        1,
        4,
        "control character U+000A must be escaped in a string",
    );
    assert_err(
        "\"\u{0}\"",
        1,
        2,
        "control character U+0000 must be escaped in a string",
    );
    assert_err(
        "{\"k\u{1f}\": 1}",
        1,
        4,
        "control character U+001F must be escaped in a string",
    );
    // Found by the 8-byte scanner as well as the byte-at-a-time tail.
    assert_err(
        "\"0123456789abcdef\rxyz\"",
        1,
        18,
        "control character U+000D must be escaped in a string",
    );
}

#[test]
fn number_errors() {
    assert_err("01", 1, 2, "leading zeros are not allowed in a number");
    assert_err("[-007]", 1, 4, "leading zeros are not allowed in a number");
    assert_err("[1.]", 1, 4, "expected a digit after '.', found ']'");
    assert_err("1.e5", 1, 3, "expected a digit after '.', found 'e'");
    assert_err("[1e+]", 1, 5, "expected a digit in the exponent, found ']'");
    assert_err("-a", 1, 2, "expected a digit after '-', found 'a'");
    assert_err("- 1", 1, 2, "expected a digit after '-', found ' '");
}

#[test]
fn integer_overflow_is_an_error() {
    assert_err(
        "99999999999999999999",
        1,
        1,
        "number 99999999999999999999 does not fit in a 64-bit integer",
    );
    assert_err(
        "[1, 9223372036854775808]",
        1,
        5,
        "number 9223372036854775808 does not fit in a 64-bit integer",
    );
    assert_err(
        "-9223372036854775809",
        1,
        1,
        "number -9223372036854775809 does not fit in a 64-bit integer",
    );
    let huge = "1".repeat(1000);
    let (_, _, msg) = err(&huge);
    assert!(
        msg.starts_with("number 1111") && msg.ends_with("... does not fit in a 64-bit integer"),
        "{msg}"
    );
    assert!(msg.len() < 120);
    // With a fraction it is a float, as the grammar says.
    assert_eq!(value("99999999999999999999.0"), NodeValue::Float(1e20));
}

#[test]
fn float_out_of_range() {
    assert_err("1e400", 1, 1, "number out of range");
    assert_err("[0, -1.5e309]", 1, 5, "number out of range");
    assert_err(
        &format!("{}.0", "9".repeat(400)),
        1,
        1,
        "number out of range",
    );
}

#[test]
fn overlong_number() {
    let text = format!("0.{}", "1".repeat(MAX_VALUE_BYTES));
    assert_err(&text, 1, 1, "value longer than 65536 bytes");
    let fits = format!("0.{}", "1".repeat(MAX_VALUE_BYTES - 2));
    assert!(matches!(value(&fits), NodeValue::Float(_)));
}

#[test]
fn duplicate_keys() {
    assert_err(
        "{\n  \"name\": 1,\n  \"id\": 2,\n  \"x\": 3,\n  \"id\": 4\n}",
        5,
        3,
        "duplicate key \"id\" (first at line 3)",
    );
    assert_err(
        r#"{"a":1, "a":1}"#,
        1,
        9,
        "duplicate key \"a\" (first at line 1)",
    );
    // Checked before the colon, which follows the key in the text.
    assert_err(
        r#"{"a":1, "a" 1}"#,
        1,
        9,
        "duplicate key \"a\" (first at line 1)",
    );
    // Escapes are resolved before comparing.
    assert_err(
        r#"{"é":1, "\u00e9":1}"#,
        1,
        9,
        "duplicate key \"é\" (first at line 1)",
    );
    assert_err(
        r#"{"":1, "":2}"#,
        1,
        8,
        "duplicate key \"\" (first at line 1)",
    );
    // Keys with quotes or line breaks are shown escaped.
    assert_err(
        r#"{"a\"\n":1, "a\"\n":2}"#,
        1,
        13,
        r#"duplicate key "a\"\n" (first at line 1)"#,
    );
    // Very long keys are shortened in the message.
    let long = "k".repeat(1000);
    let (_, _, msg) = err(&format!(r#"{{"{long}":1,"{long}":2}}"#));
    assert!(
        msg.len() < 120 && msg.contains("...") && msg.ends_with("(first at line 1)"),
        "{msg}"
    );
}

#[test]
fn same_key_in_different_objects_is_fine() {
    ok(r#"{"a": {"a": 1}, "b": {"a": 2, "b": {"a": 3}}, "c": [{"a": 1}, {"a": 2}]}"#);
}

fn object_with_keys(keys: &[String]) -> String {
    let body: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("\n\"{k}\": {i}"))
        .collect();
    format!("{{{}\n}}", body.join(","))
}

#[test]
fn duplicate_keys_in_large_objects() {
    let mut keys: Vec<String> = (0..5000).map(|i| format!("key{i}")).collect();
    let root = ok(&object_with_keys(&keys));
    assert_eq!(entries(&root).len(), 5000);

    // Duplicates both in the linear range and in the hashed range.
    for (first, dup_at) in [
        (0, 1),
        (0, 31),
        (5, 32),
        (0, 33),
        (31, 40),
        (2500, 4999),
        (4998, 4999),
    ] {
        keys[dup_at] = keys[first].clone();
        let line = dup_at as u32 + 2;
        let msg = format!(
            "duplicate key \"{}\" (first at line {})",
            keys[first],
            first + 2
        );
        assert_err(&object_with_keys(&keys), line, 1, &msg);
        keys[dup_at] = format!("key{dup_at}");
    }
}

#[test]
fn large_objects_nested_in_large_objects() {
    // Each inner object reuses the outer keys: the per-object key sets must
    // not leak between objects sharing the scratch stack.
    let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
    let inner = object_with_keys(&keys);
    let outer: Vec<String> = keys.iter().map(|k| format!("\"{k}\": {inner}")).collect();
    let root = ok(&format!("{{{}}}", outer.join(",")));
    assert_eq!(entries(&root).len(), 40);
    assert!(entries(&root).iter().all(|(_, v)| entries(v).len() == 40));
    let bad = format!("{{{}, \"k39\": 1}}", outer.join(","));
    assert_eq!(err(&bad).2, "duplicate key \"k39\" (first at line 1600)");
}

#[test]
fn depth_limit() {
    let ok_depth = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    ok(&ok_depth);
    let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_err(&too_deep, 1, 65, "nesting deeper than 64 levels");
    let objects = format!("{}1{}", r#"{"a":"#.repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
    ok(&objects);
    let objects = format!(
        "{}1{}",
        r#"{"a":"#.repeat(MAX_DEPTH + 1),
        "}".repeat(MAX_DEPTH + 1)
    );
    assert_err(&objects, 1, 5 * 64 + 1, "nesting deeper than 64 levels");
    // Empty containers count as a level too.
    assert_err(
        &format!("{}{{}}", "[".repeat(MAX_DEPTH)),
        1,
        65,
        "nesting deeper than 64 levels",
    );
}

#[test]
fn depth_bomb() {
    assert_err(&"[".repeat(100_000), 1, 65, "nesting deeper than 64 levels");
    assert_err(
        &r#"{"a":["#.repeat(50_000),
        1,
        6 * 32 + 1,
        "nesting deeper than 64 levels",
    );
    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_err(&closed, 1, 65, "nesting deeper than 64 levels");
}

#[test]
fn string_length_limit() {
    let max = "a".repeat(MAX_VALUE_BYTES);
    assert_eq!(value(&format!("\"{max}\"")), NodeValue::Str(max.clone()));
    assert_err(
        &format!("[\"{max}a\"]"),
        1,
        2,
        "value longer than 65536 bytes",
    );
    // Counted after unescaping: "\u00e9" is 6 bytes of input but 2 of value.
    let escaped = r"\u00e9".repeat(MAX_VALUE_BYTES / 2);
    assert_eq!(
        value(&format!("\"{escaped}\"")),
        NodeValue::Str("é".repeat(MAX_VALUE_BYTES / 2))
    );
    assert_err(
        &format!("\"{escaped}x\""),
        1,
        1,
        "value longer than 65536 bytes",
    );
    assert_err(
        &format!("\"x{escaped}\""),
        1,
        1,
        "value longer than 65536 bytes",
    );
    // Multi-byte characters count as their UTF-8 length.
    let wide = "é".repeat(MAX_VALUE_BYTES / 2);
    ok(&format!("\"{wide}\""));
    assert_err(
        &format!("\"{wide}a\""),
        1,
        1,
        "value longer than 65536 bytes",
    );
    // Keys are limited too.
    assert_err(
        &format!("{{\"{max}a\": 1}}"),
        1,
        2,
        "value longer than 65536 bytes",
    );
}

#[test]
fn huge_strings_fail_fast() {
    // Reported as too long, not as an unterminated string at the far end.
    let huge = format!("\"{}", "a".repeat(20_000_000));
    assert_err(&huge, 1, 1, "value longer than 65536 bytes");
    let huge_escaped = format!("\"{}", r"\n".repeat(5_000_000));
    assert_err(&huge_escaped, 1, 1, "value longer than 65536 bytes");
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_megabyte() {
    for seed in 1..=3 {
        let bytes = noise(1 << 20, seed);
        let text = String::from_utf8_lossy(&bytes);
        assert!(parse(&text).is_err());
        // Only JSON punctuation, so the parser gets further each time.
        let alphabet = b"[]{},:\"\\ 0123456789-.eEtrufalsn\n";
        let punct: String = bytes
            .iter()
            .map(|b| alphabet[*b as usize % alphabet.len()] as char)
            .collect();
        let _ = parse(&punct);
        let quoted = format!("[\"{}", &punct[..1000]);
        let _ = parse(&quoted);
    }
}

// ---------------------------------------------------------------- properties

/// A generated tree without positions.
#[derive(Debug, Clone)]
enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Val>),
    Map(Vec<(String, Val)>),
}

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,8}",
        any::<String>(),
        "[\"\\\\/\u{0}-\u{1f}é中😀\u{7f}\u{2028}a ]{0,12}",
    ]
}

fn arb_val() -> impl Strategy<Value = Val> {
    let leaf = prop_oneof![
        Just(Val::Null),
        any::<bool>().prop_map(Val::Bool),
        any::<i64>().prop_map(Val::Int),
        prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0), Just(-1)].prop_map(Val::Int),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Val::Float),
        arb_string().prop_map(Val::Str),
    ];
    leaf.prop_recursive(8, 256, 10, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..10).prop_map(Val::Seq),
            prop::collection::vec((arb_string(), inner), 0..10).prop_map(|entries| {
                let mut seen = std::collections::HashSet::new();
                Val::Map(
                    entries
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

#[derive(Debug, Clone, Copy)]
struct Style {
    newline: &'static str,
    indent: usize,
    escape_non_ascii: bool,
}

fn arb_style() -> impl Strategy<Value = Style> {
    (
        prop_oneof![Just(""), Just("\n"), Just("\r\n")],
        0..4usize,
        any::<bool>(),
    )
        .prop_map(|(newline, indent, escape_non_ascii)| Style {
            newline,
            indent,
            escape_non_ascii,
        })
}

/// Serialises a [`Val`], computing the position every node and key should
/// get, so the parse can be compared exactly.
struct Writer {
    out: String,
    line: u32,
    col: u32,
    style: Style,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        for c in s.chars() {
            self.out.push(c);
            match c {
                '\n' => {
                    self.line += 1;
                    self.col = 1;
                }
                // Only ever written as part of "\r\n".
                '\r' => {}
                _ => self.col += 1,
            }
        }
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn break_line(&mut self, depth: usize) {
        if !self.style.newline.is_empty() {
            self.raw(self.style.newline);
            self.raw(&" ".repeat(depth * self.style.indent));
        }
    }

    fn string(&mut self, s: &str) {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\u{8}' => out.push_str("\\b"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if self.style.escape_non_ascii && !c.is_ascii() => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        self.raw(&out);
    }

    fn value(&mut self, v: &Val, depth: usize) -> Node {
        let pos = self.pos();
        let value = match v {
            Val::Null => {
                self.raw("null");
                NodeValue::Null
            }
            Val::Bool(b) => {
                self.raw(if *b { "true" } else { "false" });
                NodeValue::Bool(*b)
            }
            Val::Int(i) => {
                self.raw(&i.to_string());
                NodeValue::Int(*i)
            }
            Val::Float(f) => {
                // Debug always writes a '.' or an exponent, so it stays a float.
                self.raw(&format!("{f:?}"));
                NodeValue::Float(*f)
            }
            Val::Str(s) => {
                self.string(s);
                NodeValue::Str(s.clone())
            }
            Val::Seq(items) => {
                self.raw("[");
                let mut nodes = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.break_line(depth + 1);
                    nodes.push(self.value(item, depth + 1));
                }
                if !items.is_empty() {
                    self.break_line(depth);
                }
                self.raw("]");
                NodeValue::Seq(nodes)
            }
            Val::Map(entries) => {
                self.raw("{");
                let mut nodes = Vec::new();
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.raw(",");
                    }
                    self.break_line(depth + 1);
                    let key = Key {
                        pos: self.pos(),
                        name: k.clone(),
                    };
                    self.string(k);
                    self.raw(if self.style.newline.is_empty() {
                        ":"
                    } else {
                        ": "
                    });
                    nodes.push((key, self.value(item, depth + 1)));
                }
                if !entries.is_empty() {
                    self.break_line(depth);
                }
                self.raw("}");
                NodeValue::Map(nodes)
            }
        };
        Node::new(pos, value)
    }
}

fn serialise(v: &Val, style: Style) -> (String, Node) {
    let mut w = Writer {
        out: String::new(),
        line: 1,
        col: 1,
        style,
    };
    let node = w.value(v, 0);
    (w.out, node)
}

proptest! {
    // PROPTEST_CASES still overrides this for longer soak runs.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn round_trip_with_positions(v in arb_val(), style in arb_style()) {
        let (text, expected) = serialise(&v, style);
        prop_assert_eq!(parse(&text), Ok(expected));
    }

    #[test]
    fn round_trip_with_surrounding_whitespace(v in arb_val(), pad in "[ \t]{0,3}") {
        let (text, expected) = serialise(&v, Style { newline: "", indent: 0, escape_non_ascii: false });
        let shift = pad.chars().count() as u32;
        let parsed = parse(&format!("{pad}{text}{pad}\n"));
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
        if let Ok(node) = parsed {
            prop_assert_eq!(node.pos, Pos::new(1, 1 + shift));
            prop_assert_eq!(strip_positions(node), strip_positions(expected));
        }
    }

    #[test]
    fn never_panics_on_arbitrary_strings(s in any::<String>()) {
        let _ = parse(&s);
    }

    #[test]
    fn never_panics_on_json_like_strings(s in "[\\[\\]{}:,\"\\\\ \n\r\t0-9\\-+.eEtrufalsnu\u{0}\u{1f}éd8Dc]{0,200}") {
        let _ = parse(&s);
    }

    #[test]
    fn never_panics_on_damaged_documents(v in arb_val(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}:,\"\\\\ x0-9é]{0,3}") {
        let (text, _) = serialise(&v, Style { newline: "\n", indent: 1, escape_non_ascii: true });
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let truncated = &text[..at];
        let spliced = format!("{}{}{}", truncated, junk, &text[at..]);
        for doc in [truncated, spliced.as_str()] {
            if let Err(e) = parse(doc) {
                // Error positions always point inside (or just past) the text.
                let lines = doc.split('\n').count() as u32 + doc.matches('\r').count() as u32;
                prop_assert!(e.pos.line >= 1 && e.pos.line <= lines.max(1) && e.pos.col >= 1);
            }
        }
    }
}

/// The tree with every position zeroed, for comparing values only.
fn strip_positions(node: Node) -> Node {
    let value = match node.value {
        NodeValue::Seq(items) => NodeValue::Seq(items.into_iter().map(strip_positions).collect()),
        NodeValue::Map(entries) => NodeValue::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Key {
                            pos: Pos::default(),
                            name: k.name,
                        },
                        strip_positions(v),
                    )
                })
                .collect(),
        ),
        other => other,
    };
    Node::new(Pos::default(), value)
}

#[test]
fn streaming_hands_over_the_top_level_vpns_entries() {
    let text = "{\"kind\": \"inventory\", \"vpns\": [\n {\"id\": \"a\", \"vpns\": [1]},\n {\"id\": \"b\"}, 3], \"x\": {\"vpns\": [2]}}";
    let mut seen = Vec::new();
    let root = parse_streaming(text, &mut |n| seen.push(n)).unwrap();
    // Only the root's "vpns" entries are streamed, in order and with positions.
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].get("id").and_then(Node::as_str), Some("a"));
    assert_eq!(seen[0].pos, Pos::new(2, 2));
    assert_eq!(seen[1].pos, Pos::new(3, 2));
    assert_eq!(seen[2].value, NodeValue::Int(3));
    // A nested "vpns" stays in its entry; the streamed array is left empty.
    assert!(matches!(&seen[0].get("vpns").unwrap().value, NodeValue::Seq(v) if v.len() == 1));
    assert_eq!(root.get("vpns").unwrap().value, NodeValue::Seq(Vec::new()));
    assert!(
        matches!(&root.get("x").unwrap().get("vpns").unwrap().value, NodeValue::Seq(v) if v.len() == 1)
    );
    // Without streaming, the same document parses to the whole tree.
    let whole = parse(text).unwrap();
    assert!(matches!(&whole.get("vpns").unwrap().value, NodeValue::Seq(v) if v.len() == 3));
}

#[test]
fn streaming_leaves_other_shapes_and_errors_alone() {
    // "vpns" that is not an array, or not at the top: nothing is streamed.
    for text in [
        "{\"vpns\": {\"id\": 1}}",
        "[{\"vpns\": [1]}]",
        "{\"a\": {\"vpns\": [1]}}",
    ] {
        let mut n = 0;
        let root = parse_streaming(text, &mut |_| n += 1).unwrap();
        assert_eq!(n, 0, "{text}");
        assert_eq!(root, parse(text).unwrap(), "{text}");
    }
    // A syntax error after streamed entries is still located.
    let mut n = 0;
    let err = parse_streaming("{\"vpns\": [{}, {},\n {\"id\": }]}", &mut |_| n += 1).unwrap_err();
    assert_eq!(n, 2);
    assert_eq!(err.pos, Pos::new(2, 9));
}
