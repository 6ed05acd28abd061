//! Property tests: the CSV report reads back exactly as written whatever the
//! strings, durations and dates parse exactly the values they print, and a
//! JSON or YAML inventory parses the same whether its entries are streamed
//! or not.

use proptest::prelude::*;
use vpnaudit::model::value::{Duration, parse_date};
use vpnaudit::report::formula_safe;

/// A JSON value of a few levels, with "vpns" among the keys it may use.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z\"\\\n é]{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec!["id", "vpns", "kind", "x"]),
                inner,
                0..4
            )
            .prop_map(|m| serde_json::Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    /// Streaming the top-level `vpns` entries out of a JSON or YAML document
    /// changes neither the document nor, for a cut-off one, the error.
    #[test]
    fn streaming_matches_whole_parse(
        vpns in prop::collection::vec(json_value(), 0..6),
        other in json_value(),
        pretty in any::<bool>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let doc = serde_json::json!({"kind": "inventory", "other": other, "vpns": vpns});
        let json = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
        let yaml = serde_saphyr::to_string(&doc).unwrap();
        for (text, is_json) in [(json, true), (yaml, false)] {
            // Panics if streaming and whole parsing disagree.
            vpnaudit::fuzzing::read_document(&text, is_json);
            let mut end = cut.index(text.len() + 1);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            vpnaudit::fuzzing::read_document(&text[..end], is_json);
        }
    }

    /// What the CSV writer writes, a CSV reader reads back: every cell,
    /// once the one leading `'` of a formula-guarded cell is removed. (As in
    /// the report, a header row comes first, so no cell can pass for a BOM.)
    #[test]
    fn csv_cells_round_trip(rows in prop::collection::vec(prop::collection::vec(".*", 3), 1..8)) {
        let mut out = Vec::new();
        {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
            w.write_record(["a", "b", "c"]).unwrap();
            for row in &rows {
                w.write_record(row.iter().map(|c| formula_safe(c).into_owned())).unwrap();
            }
            w.flush().unwrap();
        }
        let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(out.as_slice());
        let back: Vec<Vec<String>> = r
            .records()
            .map(|rec| {
                rec.unwrap()
                    .iter()
                    .map(|c| {
                        let guarded = c.starts_with('\'')
                            && c[1..].starts_with(['=', '+', '-', '@', '\t', '\r', '\'']);
                        if guarded { c[1..].to_string() } else { c.to_string() }
                    })
                    .collect()
            })
            .collect();
        prop_assert_eq!(back, rows);
    }

    #[test]
    fn durations_print_what_they_parse(amount in 0u32..100_000, unit in prop::sample::select(vec!["d", "w", "mo", "y"])) {
        let text = format!("{amount}{unit}");
        match Duration::parse(&text) {
            Ok(d) => {
                prop_assert_eq!(d.to_string(), text);
                prop_assert!(d.comparable_days() <= 365_000);
            }
            // Only values beyond 1000 years are refused.
            Err(e) => prop_assert!(e.contains("too large"), "{}", e),
        }
    }

    #[test]
    fn duration_parsing_never_panics(text in ".{0,40}") {
        let _ = Duration::parse(&text);
    }

    #[test]
    fn real_dates_round_trip_and_others_are_refused(y in 1900i16..2200, m in 1i8..=12, d in 1i8..=31) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        match jiff::civil::Date::new(y, m, d) {
            Ok(date) => prop_assert_eq!(parse_date(&text).unwrap(), date),
            Err(_) => prop_assert!(parse_date(&text).is_err()),
        }
    }

    #[test]
    fn date_parsing_never_panics(text in ".{0,20}") {
        let _ = parse_date(&text);
    }
}
