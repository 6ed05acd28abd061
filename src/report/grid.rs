//! A streaming text grid for tables of any length.
//!
//! The grid is drawn in the box-drawing style of comfy-table's
//! `UTF8_FULL_CONDENSED` preset, but it is written row by row to the output
//! instead of being laid out whole in memory: an audit of 100,000 VPNs has
//! hundreds of thousands of rows. Column widths come from one pass over the
//! cells; when the natural widths do not fit the width asked for, columns
//! narrower than a fair share keep their width and the rest share what is
//! left. Text is wrapped at spaces (a word longer than its column is broken),
//! and widths are measured in terminal columns, so CJK text lines up.
//! Rows are rendered in parallel chunks and written in order.

use std::borrow::Cow;
use std::io::{self, Write};

use rayon::prelude::*;
use unicode_width::UnicodeWidthChar;

use crate::report::{CHUNK, write_in_chunks};

/// A colour for a cell's text on a terminal (SGR foreground codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Red,
    Green,
    Yellow,
    Magenta,
    Cyan,
    DarkGrey,
}

impl Color {
    fn sgr(self) -> &'static str {
        match self {
            Color::Red => "\x1b[31m",
            Color::Green => "\x1b[32m",
            Color::Yellow => "\x1b[33m",
            Color::Magenta => "\x1b[35m",
            Color::Cyan => "\x1b[36m",
            Color::DarkGrey => "\x1b[90m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// One cell: its text (lines separated by `\n`) and the colour it has when
/// the grid is coloured.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub text: Cow<'a, str>,
    pub color: Option<Color>,
}

impl<'a> Cell<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Cell {
            text: text.into(),
            color: None,
        }
    }

    pub fn color(mut self, color: Option<Color>) -> Self {
        self.color = color;
        self
    }
}

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // Control characters are stripped when drawn; count what is shown.
        s.bytes().filter(|b| !b.is_ascii_control()).count()
    } else {
        s.chars().map(char_width).sum()
    }
}

fn char_width(c: char) -> usize {
    if c.is_control() {
        0
    } else {
        c.width().unwrap_or(0)
    }
}

/// Widest line of a cell.
fn cell_width(text: &str) -> usize {
    text.split('\n').map(width).max().unwrap_or(0)
}

/// Splits `line` (no `\n`) into pieces of at most `max` columns, breaking
/// at spaces where it can and inside a word where it must.
fn wrap<'s>(line: &'s str, max: usize, out: &mut Vec<&'s str>) {
    let line = line.trim_end_matches([' ', '\r']);
    let max = max.max(1);
    let first = out.len();
    if line.is_ascii() && line.len() <= max && !line.bytes().any(|b| b.is_ascii_control()) {
        out.push(line);
        return;
    }
    let mut start = 0; // byte offset where the current piece starts
    let mut used = 0; // its width so far
    // The last space inside the current piece: its offset and the width before it.
    let mut space: Option<(usize, usize)> = None;
    for (i, c) in line.char_indices() {
        if c == ' ' && used == 0 {
            // No piece starts with a space.
            start = i + 1;
            continue;
        }
        let w = char_width(c);
        if used > 0 && used + w > max {
            if c == ' ' {
                out.push(line[start..i].trim_end_matches(' '));
                start = i + 1;
                used = 0;
                space = None;
                continue;
            }
            match space {
                Some((at, before)) => {
                    out.push(line[start..at].trim_end_matches(' '));
                    start = at + 1;
                    used -= before + 1;
                }
                None => {
                    out.push(&line[start..i]);
                    start = i;
                    used = 0;
                }
            }
            space = None;
        }
        if c == ' ' {
            space = Some((i, used));
        }
        used += w;
    }
    if start < line.len() || out.len() == first {
        out.push(&line[start..]);
    }
}

/// Column widths: the natural ones when they fit in `total` columns (the
/// whole table, borders included), else the fair-share division.
pub fn layout(natural: &[usize], total: Option<usize>) -> Vec<usize> {
    let n = natural.len();
    let natural: Vec<usize> = natural.iter().map(|&w| w.max(1)).collect();
    let Some(total) = total else {
        return natural;
    };
    // "│ " + cells joined by " ┆ " + " │"
    let border = 3 * n + 1;
    let mut avail = total.saturating_sub(border);
    if natural.iter().sum::<usize>() <= avail {
        return natural;
    }
    let mut widths = vec![0; n];
    let mut open: Vec<usize> = (0..n).collect();
    open.sort_by_key(|&i| (natural[i], i));
    while !open.is_empty() {
        let fair = avail / open.len();
        if natural[open[0]] <= fair {
            let i = open.remove(0);
            widths[i] = natural[i];
            avail -= natural[i];
            continue;
        }
        // Every remaining column is wider than its share: they split what is
        // left, the leftmost taking any remainder.
        let k = open.len();
        open.sort_unstable();
        for (j, &i) in open.iter().enumerate() {
            widths[i] = (fair + usize::from(j < avail % k)).max(1);
        }
        break;
    }
    widths
}

/// A table being written: header and borders drawn around rows that are
/// streamed in.
pub struct Grid<'h> {
    header: &'h [&'h str],
    widths: Vec<usize>,
    color: bool,
}

impl<'h> Grid<'h> {
    /// Measures `rows` (with `cells` giving each row's cells) and fixes the
    /// column widths for a table at most `total` columns wide.
    pub fn measure<T: Sync>(
        header: &'h [&'h str],
        rows: &[T],
        cells: for<'r> fn(&'r T) -> Vec<Cell<'r>>,
        total: Option<usize>,
        color: bool,
    ) -> Self {
        let n = header.len();
        let natural = rows
            .par_iter()
            .with_min_len(CHUNK)
            .fold(
                || vec![0usize; n],
                |mut acc, row| {
                    for (a, c) in acc.iter_mut().zip(cells(row)) {
                        *a = (*a).max(cell_width(&c.text));
                    }
                    acc
                },
            )
            .reduce(
                || header.iter().map(|h| width(h)).collect(),
                |a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect(),
            );
        Grid {
            header,
            widths: layout(&natural, total),
            color,
        }
    }

    fn rule(&self, out: &mut String, left: &str, fill: &str, mid: &str, right: &str) {
        out.push_str(left);
        for (j, w) in self.widths.iter().enumerate() {
            if j > 0 {
                out.push_str(mid);
            }
            for _ in 0..w + 2 {
                out.push_str(fill);
            }
        }
        out.push_str(right);
        out.push('\n');
    }

    /// Appends one row, wrapped to the column widths.
    fn row(&self, out: &mut String, cells: &[Cell<'_>]) {
        // Every column's pieces, one after another; `ends[j]` closes column j.
        let mut pieces: Vec<&str> = Vec::with_capacity(2 * self.widths.len());
        let mut ends = Vec::with_capacity(self.widths.len());
        let mut height = 1;
        for (j, w) in self.widths.iter().enumerate() {
            let before = pieces.len();
            if let Some(c) = cells.get(j) {
                for line in c.text.split('\n') {
                    wrap(line, *w, &mut pieces);
                }
            }
            height = height.max(pieces.len() - before);
            ends.push(pieces.len());
        }
        for k in 0..height {
            out.push_str("│ ");
            let mut begin = 0;
            for (j, w) in self.widths.iter().enumerate() {
                if j > 0 {
                    out.push_str(" ┆ ");
                }
                let piece = pieces
                    .get(begin..ends[j])
                    .and_then(|p| p.get(k))
                    .copied()
                    .unwrap_or("");
                begin = ends[j];
                let color = cells.get(j).and_then(|c| c.color).filter(|_| self.color);
                match color {
                    Some(c) if !piece.is_empty() => {
                        out.push_str(c.sgr());
                        push_visible(out, piece);
                        out.push_str(RESET);
                    }
                    _ => push_visible(out, piece),
                }
                for _ in width(piece)..*w {
                    out.push(' ');
                }
            }
            out.push_str(" │\n");
        }
    }

    /// Writes the whole table: borders, header, every row.
    pub fn write<T: Sync>(
        &self,
        rows: &[T],
        cells: for<'r> fn(&'r T) -> Vec<Cell<'r>>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut head = String::new();
        self.rule(&mut head, "┌", "─", "┬", "┐");
        let header: Vec<Cell<'_>> = self.header.iter().map(|h| Cell::new(*h)).collect();
        self.row(&mut head, &header);
        self.rule(&mut head, "╞", "═", "╪", "╡");
        out.write_all(head.as_bytes())?;
        write_in_chunks(rows, out, |_, chunk, text: &mut String| {
            for r in chunk {
                self.row(text, &cells(r));
            }
            Ok(())
        })?;
        let mut foot = String::new();
        self.rule(&mut foot, "└", "─", "┴", "┘");
        out.write_all(foot.as_bytes())
    }
}

/// Appends `s` without control characters, which would break the grid.
fn push_visible(out: &mut String, s: &str) {
    if s.chars().any(char::is_control) {
        out.extend(s.chars().filter(|c| !c.is_control()));
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(s: &str, w: usize) -> Vec<&str> {
        let mut out = Vec::new();
        wrap(s, w, &mut out);
        out
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(wrapped("short", 10), ["short"]);
        assert_eq!(wrapped("one two three", 7), ["one two", "three"]);
        assert_eq!(wrapped("one two three", 8), ["one two", "three"]);
        assert_eq!(wrapped("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrapped("ab abcdefghij", 4), ["ab", "abcd", "efgh", "ij"]);
        assert_eq!(wrapped("", 4), [""]);
        assert_eq!(wrapped("a  b", 1), ["a", "b"]);
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("中国电信"), 8);
        assert_eq!(wrapped("中国电信 联通", 5), ["中国", "电信", "联通"]);
        for piece in wrapped("上海市浦东新区 张江高科技园区", 7) {
            assert!(width(piece) <= 7, "{piece}");
        }
    }

    #[test]
    fn every_piece_fits_and_no_text_is_lost() {
        let text = "crypto.national_standard is false (3DES, AES-128-CBC, MODP-1024, SHA-1 not national-standard)";
        for w in 1..40 {
            let pieces = wrapped(text, w);
            assert!(pieces.iter().all(|p| width(p) <= w), "{w}: {pieces:?}");
            assert_eq!(
                pieces.concat().replace(' ', ""),
                text.replace(' ', ""),
                "{w}"
            );
        }
    }

    #[test]
    fn layout_shares_out_what_does_not_fit() {
        // Fits: natural widths.
        assert_eq!(layout(&[5, 10], Some(100)), [5, 10]);
        assert_eq!(layout(&[5, 10], None), [5, 10]);
        // 2 columns, border 7: 33 to share; 5 keeps its width, 28 left.
        assert_eq!(layout(&[5, 100], Some(40)), [5, 28]);
        // Both wider than the share: split evenly, leftmost takes the rest.
        assert_eq!(layout(&[50, 60], Some(40)), [17, 16]);
        // Narrower than the borders: one column each, never zero.
        assert_eq!(layout(&[50, 60], Some(3)), [1, 1]);
    }

    #[test]
    fn grid_draws_borders_and_wraps() {
        let header = ["A", "Text"];
        let rows = vec![("x", "one two three"), ("yy", "four")];
        fn cells<'r>(r: &'r (&str, &str)) -> Vec<Cell<'r>> {
            vec![Cell::new(r.0), Cell::new(r.1)]
        }
        let grid = Grid::measure(&header, &rows, cells, Some(16), false);
        let mut out = Vec::new();
        grid.write(&rows, cells, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "┌────┬─────────┐\n\
             │ A  ┆ Text    │\n\
             ╞════╪═════════╡\n\
             │ x  ┆ one two │\n\
             │    ┆ three   │\n\
             │ yy ┆ four    │\n\
             └────┴─────────┘\n"
        );
    }
}
