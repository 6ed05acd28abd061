//! CSV inventories: one VPN per row, the header naming fields by dotted path,
//! `;`-separated list cells, an empty cell an absent field. Each row becomes
//! the same [`Node`] tree a YAML VPN entry would, with every cell's position.

use crate::diag::suggest;
use crate::model::schema::{Ty, VPN_FIELDS, vpn_field};
use crate::source::Pos;
use crate::source::lines;
use crate::syntax::node::{Key, MAX_VALUE_BYTES, Node, NodeValue, ParseError};

/// Byte offset of the opening quote of a quoted cell that runs to the end of
/// the file. The csv crate reads such a cell as ending there, which would
/// quietly take a truncated file for a complete one. (A quote opens a
/// quoted cell only at the start of a cell, as the crate reads it.)
fn unterminated_quote(text: &str) -> Option<usize> {
    enum State {
        CellStart,
        Plain,
        /// Inside a quoted cell opened at this offset.
        Quoted(usize),
        /// Just after a quote inside it: closed, or the first of `""`.
        QuoteInQuoted(usize),
    }
    let mut state = State::CellStart;
    for (i, b) in text.bytes().enumerate() {
        state = match (state, b) {
            (State::Quoted(open), b'"') => State::QuoteInQuoted(open),
            (State::Quoted(open), _) | (State::QuoteInQuoted(open), b'"') => State::Quoted(open),
            (State::CellStart, b'"') => State::Quoted(i),
            (_, b',' | b'\n' | b'\r') => State::CellStart,
            _ => State::Plain,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

/// Line and column (in characters) of byte offset `at`.
fn pos_of(text: &str, at: usize) -> Pos {
    lines::pos_at(text.as_bytes(), at)
}

/// The line of each record's start, counted as the records come (in
/// order), so that reading stays linear. The CSV reader's own count is off
/// by one after a CRLF (the record "starts" at the LF) or a blank line, and
/// never counts a lone CR.
struct LineCounter<'t> {
    bytes: &'t [u8],
    at: usize,
    line: u32,
}

impl LineCounter<'_> {
    /// The record the CSV reader places at byte `byte`: where its first
    /// cell really starts (past the line breaks before it), and that line.
    fn record_start(&mut self, byte: usize) -> (usize, u32) {
        let mut start = byte.max(self.at);
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let breaks = lines::count_breaks(self.bytes, self.at..start);
        self.line = self.line.saturating_add(clamp(breaks as u64));
        self.at = start;
        (start, self.line)
    }
}

/// Reads a CSV inventory into VPN entry nodes; every header problem and every
/// ragged row is reported.
pub fn parse(text: &str) -> Result<Vec<Node>, Vec<ParseError>> {
    let mut rows = Vec::new();
    parse_streaming(text, &mut |row| rows.push(row))?;
    Ok(rows)
}

/// Parses like [`parse`], handing each row to `sink` as soon as it is read
/// instead of collecting them. Rows handed over before an error was found
/// are not taken back: on `Err` the caller discards what it received.
pub fn parse_streaming(text: &str, sink: &mut dyn FnMut(Node)) -> Result<(), Vec<ParseError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(open) = unterminated_quote(text) {
        return Err(vec![ParseError::new(
            pos_of(text, open),
            "this quoted cell is never closed: the rest of the file would be one cell (a cut-off export?)",
        )]);
    }
    let mut errors = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![csv_error(text, &e)]),
        None => {
            return Err(vec![ParseError::new(
                Pos::new(1, 1),
                "empty CSV file (expected a header row naming fields)",
            )]);
        }
    };
    let header_pos = cell_positions(text, 0, 1, header.len());
    let mut columns: Vec<(usize, &'static str)> = Vec::new(); // (field index, path)
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let pos = header_pos.get(i).copied().unwrap_or(Pos::new(1, 1));
        match vpn_field(name) {
            Some(id) if VPN_FIELDS[id as usize].ty == Ty::Group => {
                errors.push(ParseError::new(
                    pos,
                    format!("column \"{name}\" is a group; name its fields ({name}.…)"),
                ));
            }
            Some(id) => {
                let path = VPN_FIELDS[id as usize].path;
                if columns.iter().any(|(_, p)| *p == path) {
                    errors.push(ParseError::new(pos, format!("duplicate column \"{name}\"")));
                }
                columns.push((id as usize, path));
            }
            None => {
                let mut msg = format!("unknown column \"{name}\"");
                let leaves = VPN_FIELDS
                    .iter()
                    .filter(|f| f.ty != Ty::Group)
                    .map(|f| f.path);
                if let Some(s) = suggest(name, leaves) {
                    msg.push_str(&format!(" (did you mean \"{s}\"?)"));
                }
                errors.push(ParseError::new(pos, msg));
                columns.push((usize::MAX, ""));
            }
        }
    }
    if !columns.iter().any(|(_, p)| *p == "id") {
        errors.push(ParseError::new(
            Pos::new(1, 1),
            "the header has no \"id\" column",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut counter = LineCounter {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(text, &e));
                break;
            }
        };
        let Some(p) = record.position() else { continue };
        let (start, line) = counter.record_start(p.byte() as usize);
        let positions = cell_positions(text, start, line, record.len());
        let row_pos = positions.first().copied().unwrap_or(Pos::new(line, 1));
        if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if record.len() != columns.len() {
            errors.push(ParseError::new(
                row_pos,
                format!(
                    "row has {} cells but the header has {} columns",
                    record.len(),
                    columns.len()
                ),
            ));
            continue;
        }
        let mut entry = Node::new(row_pos, NodeValue::Map(Vec::new()));
        for (i, cell) in record.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let pos = positions.get(i).copied().unwrap_or(row_pos);
            if cell.len() > MAX_VALUE_BYTES {
                errors.push(ParseError::new(
                    pos,
                    format!("value longer than {MAX_VALUE_BYTES} bytes"),
                ));
                continue;
            }
            let (field, path) = columns[i];
            insert(
                &mut entry,
                path,
                pos,
                typed_cell(VPN_FIELDS[field].ty, cell, pos),
            );
        }
        if errors.is_empty() {
            sink(entry);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Spreadsheet cells are all text; give the reader the types it expects
/// (Excel writes booleans as TRUE/FALSE). Anything else stays text, so the
/// reader reports it against the field's type.
fn typed_cell(ty: Ty, cell: &str, pos: Pos) -> Node {
    let value = match ty {
        Ty::Bool if cell.eq_ignore_ascii_case("true") => NodeValue::Bool(true),
        Ty::Bool if cell.eq_ignore_ascii_case("false") => NodeValue::Bool(false),
        Ty::Int(_) => cell
            .parse()
            .map_or_else(|_| NodeValue::Str(cell.into()), NodeValue::Int),
        Ty::List | Ty::EnumList(_) | Ty::Regions => NodeValue::Seq(
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Node::new(pos, NodeValue::Str(s.into())))
                .collect(),
        ),
        _ => NodeValue::Str(cell.into()),
    };
    Node::new(pos, value)
}

/// Puts `value` at a dotted path inside a mapping node, creating groups.
fn insert(node: &mut Node, path: &str, pos: Pos, value: Node) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let NodeValue::Map(entries) = &mut node.value else {
        return;
    };
    match rest {
        None => entries.push((
            Key {
                pos,
                name: head.into(),
            },
            value,
        )),
        Some(rest) => {
            let idx = match entries.iter().position(|(k, _)| k.name == head) {
                Some(i) => i,
                None => {
                    entries.push((
                        Key {
                            pos,
                            name: head.into(),
                        },
                        Node::new(pos, NodeValue::Map(Vec::new())),
                    ));
                    entries.len() - 1
                }
            };
            insert(&mut entries[idx].1, rest, pos, value);
        }
    }
}

fn clamp(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Where each cell of the record starting at byte `start` begins, scanning
/// the raw text the way RFC 4180 quotes it.
/// `line` is the record's first line, counted by the caller (counting here
/// would make reading quadratic). LF, CRLF and a lone CR all end a line.
fn cell_positions(text: &str, start: usize, line: u32, cells: usize) -> Vec<Pos> {
    let mut out = Vec::with_capacity(cells);
    let mut line = line;
    let mut col = 1u32;
    let mut in_quotes = false;
    let mut at_cell_start = true;
    let mut chars = text.get(start..).unwrap_or("").chars().peekable();
    while let Some(c) = chars.next() {
        if at_cell_start {
            out.push(Pos::new(line, col));
            at_cell_start = false;
            if out.len() > cells {
                break;
            }
        }
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                col += 1;
            }
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => at_cell_start = true,
            '\n' | '\r' if !in_quotes => break,
            // The LF of a CRLF inside a quoted cell ends the line.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line = line.saturating_add(1);
                col = 0;
            }
            _ => {}
        }
        col += 1;
    }
    if at_cell_start && out.len() < cells {
        out.push(Pos::new(line, col));
    }
    out
}

fn csv_error(text: &str, e: &csv::Error) -> ParseError {
    let pos = e.position().map_or(Pos::new(1, 1), |p| {
        let mut start = p.byte() as usize;
        let bytes = text.as_bytes();
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        pos_of(text, start)
    });
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "not valid UTF-8: save the file as \"CSV UTF-8\"".to_string()
        }
        _ => e.to_string(),
    };
    ParseError::new(pos, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quoted_cell_is_found_where_it_opens() {
        for closed in [
            "id\na\n",
            "id,name\na,\"x \"\"y\"\" z\"\n",
            "id,name\na,\"two\nlines\"\n",
            "id,name\na,mid\"quote\n",
            "id,name\na,\"\"\n",
            "id,name\na,\"closed at the end\"",
        ] {
            assert_eq!(unterminated_quote(closed), None, "{closed:?}");
        }
        assert_eq!(unterminated_quote("id,name\na,\"open"), Some(10));
        assert_eq!(unterminated_quote("id,name\na,\"x \"\"y\n"), Some(10));
        assert_eq!(unterminated_quote("\"id"), Some(0));
        let text = "id,name\na,b\nc,\"é\n";
        let at = unterminated_quote(text).unwrap();
        assert_eq!(pos_of(text, at), Pos::new(3, 3));
    }

    #[test]
    fn rows_become_nested_entries() {
        let csv = "\u{feff}id,local.country,crypto.esp,crypto.pfs,logging.retention\na,CN,sm4-sm3;aes256,TRUE,190\nb,NO,,false,6mo\n";
        let vpns = parse(csv).unwrap();
        assert_eq!(vpns.len(), 2);
        let a = &vpns[0];
        assert_eq!(a.pos, Pos::new(2, 1));
        let esp = a.get("crypto").unwrap().get("esp").unwrap();
        assert_eq!(esp.pos, Pos::new(2, 6));
        let NodeValue::Seq(items) = &esp.value else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(
            a.get("crypto").unwrap().get("pfs").unwrap().value,
            NodeValue::Bool(true)
        );
        let b = &vpns[1];
        assert_eq!(
            b.get("local").unwrap().get("country").unwrap().as_str(),
            Some("NO")
        );
        assert!(b.get("crypto").unwrap().get("esp").is_none());
    }

    #[test]
    fn quoted_cells_and_positions() {
        let csv = "id,name,owner\nx,\"Shanghai, HQ \"\"main\"\"\",ops\n";
        let vpns = parse(csv).unwrap();
        assert_eq!(
            vpns[0].get("name").unwrap().as_str(),
            Some("Shanghai, HQ \"main\"")
        );
        assert_eq!(vpns[0].get("owner").unwrap().pos, Pos::new(2, 27));
    }

    #[test]
    fn header_errors() {
        let errs = parse("id,logging.retension,crypto\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].pos, Pos::new(1, 4));
        assert!(
            errs[0]
                .message
                .contains("did you mean \"logging.retention\""),
            "{:?}",
            errs[0]
        );
        assert!(errs[1].message.contains("group"));
        assert!(
            parse("name\nx\n").unwrap_err()[0]
                .message
                .contains("no \"id\"")
        );
    }

    #[test]
    fn ragged_rows() {
        let errs = parse("id,name\na,b\nc\nd,e,f\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].pos, Pos::new(3, 1));
        assert!(errs[0].message.contains("1 cells but the header has 2"));
        assert_eq!(errs[1].pos.line, 4);
    }

    #[test]
    fn every_line_end_gives_exact_positions() {
        let lf = "id,name,owner\na,b,c\n\nd,\"two\nlines\",e\nf,g,h\n";
        for le in ["\n", "\r\n", "\r"] {
            let text = lf.replace('\n', le);
            let vpns = parse(&text).unwrap();
            let at = |row: usize, key: &str| vpns[row].get(key).unwrap().pos;
            assert_eq!(vpns[0].pos, Pos::new(2, 1), "{le:?}");
            assert_eq!(at(0, "owner"), Pos::new(2, 5), "{le:?}");
            // After a blank line, and after a cell spanning two lines.
            assert_eq!(vpns[1].pos, Pos::new(4, 1), "{le:?}");
            assert_eq!(at(1, "name"), Pos::new(4, 3), "{le:?}");
            assert_eq!(at(1, "owner"), Pos::new(5, 8), "{le:?}");
            assert_eq!(vpns[2].pos, Pos::new(6, 1), "{le:?}");
            assert_eq!(at(2, "owner"), Pos::new(6, 5), "{le:?}");
            let ragged = format!("{text}x{le}");
            assert_eq!(parse(&ragged).unwrap_err()[0].pos, Pos::new(7, 1), "{le:?}");
            let open = format!("{text}i,\"j");
            assert_eq!(parse(&open).unwrap_err()[0].pos, Pos::new(7, 3), "{le:?}");
        }
    }
}
