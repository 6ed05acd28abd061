//! Lines and columns of a text, the way an editor shows them.
//!
//! A line ends at LF, at CRLF or at a lone CR (YAML 1.2 §5.4 counts all
//! three; Excel writes CRLF, old Mac tools a lone CR). Columns are
//! 1-based and counted in characters. [`LineIndex`] finds the N-th line and
//! the byte of a column in (near) constant time, so showing thousands of
//! diagnostics of one file stays linear in the file's size.

use crate::source::Pos;

/// Bytes between two character-count checkpoints.
const CHUNK: usize = 4096;

/// Whether a line break ends at byte `i` of `bytes` — the `\n` of LF or
/// CRLF, or a CR not followed by `\n` — so that the next line starts at
/// `i + 1`.
#[inline]
pub fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Number of line breaks ending in `bytes[range]` (CRLF counts once, at
/// its LF, so that counting consecutive ranges adds up).
pub fn count_breaks(bytes: &[u8], range: std::ops::Range<usize>) -> usize {
    let to = range.end.min(bytes.len());
    bytes
        .get(range.start.min(to)..to)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|&(i, &b)| (b == b'\n' || b == b'\r') && ends_line(bytes, range.start + i))
        .count()
}

/// Number of characters in UTF-8 `bytes` (counts the bytes that start one).
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Line and column of byte offset `at` (clamped to the text). Linear in
/// `at`: for one position, such as a file's single error.
pub fn pos_at(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    let mut line = 1usize;
    let mut line_start = 0;
    for i in 0..before.len() {
        // `ends_line` looks past `before`: a CR whose LF is at `at` has
        // not ended its line yet.
        if ends_line(bytes, i) {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = count_chars(&before[line_start.min(before.len())..]) + 1;
    Pos::new(to_u32(line), to_u32(col))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where each line of a text starts, and how many characters lie before
/// every [`CHUNK`]-th byte.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line; `starts[0] == 0`.
    starts: Vec<usize>,
    /// `chars[k]`: characters in `text[..k * CHUNK]`.
    chars: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if (b == b'\n' || b == b'\r') && ends_line(bytes, i) {
                starts.push(i + 1);
            }
        }
        let mut chars = Vec::with_capacity(bytes.len() / CHUNK + 2);
        let mut n = 0;
        chars.push(0);
        for chunk in bytes.chunks(CHUNK) {
            n += count_chars(chunk);
            chars.push(n);
        }
        LineIndex { starts, chars }
    }

    /// Number of lines (a text ending in a line break has an empty last one).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> Option<std::ops::Range<usize>> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = match self.starts.get(i + 1) {
            Some(&next) => {
                let bytes = text.as_bytes();
                if next >= 2 && bytes.get(next - 2..next) == Some(b"\r\n") {
                    next - 2
                } else {
                    next - 1
                }
            }
            None => text.len(),
        };
        Some(start..end.max(start))
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        text.get(self.line_range(text, line)?)
    }

    /// Characters in `text[..at]`.
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let k = at / CHUNK;
        let base = self.chars.get(k).copied().unwrap_or(0);
        base + count_chars(text.as_bytes().get(k * CHUNK..at).unwrap_or_default())
    }

    /// The byte offset, within line `line`'s text, of 1-based character
    /// column `col`; the line's length when the column is past its end.
    /// Bounded work whatever the line's length.
    pub fn column_byte(&self, text: &str, line: u32, col: u32) -> Option<usize> {
        let range = self.line_range(text, line)?;
        let first = self.chars_before(text, range.start);
        let last = self.chars_before(text, range.end);
        let target = first + col.saturating_sub(1) as usize;
        if target >= last {
            return Some(range.end - range.start);
        }
        // The last checkpoint at or before the target character.
        let k = self
            .chars
            .partition_point(|&c| c <= target)
            .saturating_sub(1);
        let from = (k * CHUNK).max(range.start);
        let mut seen = self.chars_before(text, from);
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().take(range.end).skip(from) {
            if (b as i8) >= -0x40 {
                if seen == target {
                    return Some(i - range.start);
                }
                seen += 1;
            }
        }
        Some(range.end - range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: lines split on every kind of break, columns counted.
    fn naive_lines(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = text;
        loop {
            match rest.find(['\r', '\n']) {
                Some(i) => {
                    out.push(&rest[..i]);
                    let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                    rest = &rest[i + skip..];
                }
                None => {
                    out.push(rest);
                    return out;
                }
            }
        }
    }

    #[test]
    fn every_kind_of_line_break() {
        for text in [
            "",
            "a",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\rc",
            "a\r\rb\n\r\nc\r",
            "é\r\n日本\r😀\n",
            "\n\n\r\r\n",
        ] {
            let index = LineIndex::new(text);
            let want = naive_lines(text);
            assert_eq!(index.lines(), want.len(), "{text:?}");
            for (i, l) in want.iter().enumerate() {
                assert_eq!(
                    index.line(text, i as u32 + 1),
                    Some(*l),
                    "{text:?} line {i}"
                );
            }
            assert_eq!(index.line(text, 0), None);
            assert_eq!(index.line(text, want.len() as u32 + 1), None);
            let b = text.as_bytes();
            assert_eq!(count_breaks(b, 0..b.len()), want.len() - 1, "{text:?}");
            for m in 0..=b.len() {
                let split = count_breaks(b, 0..m) + count_breaks(b, m..b.len());
                assert_eq!(split, want.len() - 1, "{text:?} split at {m}");
            }
        }
    }

    #[test]
    fn positions_of_offsets() {
        let text = "ab\r\ncd\ref\n\ngh";
        let b = text.as_bytes();
        assert_eq!(pos_at(b, 0), Pos::new(1, 1));
        assert_eq!(pos_at(b, 2), Pos::new(1, 3));
        assert_eq!(pos_at(b, 4), Pos::new(2, 1));
        assert_eq!(pos_at(b, 5), Pos::new(2, 2));
        assert_eq!(pos_at(b, 7), Pos::new(3, 1));
        assert_eq!(pos_at(b, 11), Pos::new(5, 1));
        assert_eq!(pos_at(b, 12), Pos::new(5, 2));
        assert_eq!(pos_at(b, 99), Pos::new(5, 3));
        assert_eq!(pos_at("é\rx".as_bytes(), 4), Pos::new(2, 2));
    }

    #[test]
    fn columns_on_long_lines_with_multibyte_characters() {
        let line: String = (0..20_000)
            .map(|i| match i % 3 {
                0 => 'a',
                1 => 'é',
                _ => '日',
            })
            .collect();
        let text = format!("first\r\n{line}\rlast");
        let index = LineIndex::new(&text);
        assert_eq!(index.line(&text, 2), Some(line.as_str()));
        for col in [1u32, 2, 3, 4095, 4096, 4097, 10_001, 19_999, 20_000] {
            let want = line
                .char_indices()
                .nth(col as usize - 1)
                .map(|(i, _)| i)
                .unwrap();
            assert_eq!(index.column_byte(&text, 2, col), Some(want), "col {col}");
        }
        assert_eq!(index.column_byte(&text, 2, 20_001), Some(line.len()));
        assert_eq!(index.column_byte(&text, 2, u32::MAX), Some(line.len()));
        assert_eq!(index.column_byte(&text, 3, 2), Some(1));
        assert_eq!(index.column_byte(&text, 1, 0), Some(0));
        assert_eq!(index.column_byte(&text, 4, 1), None);
    }
}
