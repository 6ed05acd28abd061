//! Located errors, warnings and notes, collected across a whole run and
//! rendered once, all of them, as `file:line:column: level: message` followed
//! by a snippet of the offending line.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

use crate::source::{Pos, ReadError, SourceMap};
use crate::text::{visible, visible_lines};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        })
    }
}

/// One message about the inputs, pointing at where it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub level: Level,
    /// The file as the user named it (or as found by walking), `/`-separated.
    pub path: Option<String>,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            path: Some(path.into()),
            pos: Some(pos),
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn note(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Note,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// A message about a file as a whole (unreadable, not UTF-8, too large).
    pub fn file_error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            path: Some(path.into()),
            pos: None,
            message: message.into(),
            help: None,
        }
    }

    /// A message about the command line rather than a file.
    pub fn usage(message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            path: None,
            pos: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` (or `file:1:1` for a message about the whole file).
    /// The path is shown escaped: a file name holding a line feed cannot
    /// forge a line of its own.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        let pos = self.pos.unwrap_or(Pos::new(1, 1));
        Some(format!("{}:{}:{}", visible(path), pos.line, pos.col))
    }

    /// The first line of the rendering: `file:line:column: level: message`,
    /// with everything that came from an input escaped.
    pub fn headline(&self) -> String {
        let message = visible(&self.message);
        match self.location() {
            Some(loc) => format!("{loc}: {}: {message}", self.level),
            None => format!("{}: {message}", self.level),
        }
    }
}

/// Every diagnostic of a run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn count(&self, level: Level) -> usize {
        self.items.iter().filter(|d| d.level == level).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Orders by file, then position, then level, so output is stable whatever
    /// order files were loaded in (they are loaded in parallel).
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (a.path.is_some(), &a.path, a.pos, a.level).cmp(&(
                b.path.is_some(),
                &b.path,
                b.pos,
                b.level,
            ))
        });
        self.items.dedup();
    }
}

impl From<ReadError> for Diagnostic {
    fn from(e: ReadError) -> Diagnostic {
        let d = match e.pos {
            Some(pos) => Diagnostic::error(&e.display, pos, e.reason),
            None => Diagnostic::file_error(&e.display, e.reason),
        };
        match e.help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

/// Renders one diagnostic, with a snippet when the source text is known.
pub fn render(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut out = d.headline();
    out.push('\n');
    let snippet = match (d.path.as_deref(), d.pos) {
        (Some(path), Some(pos)) => sources
            .line_at(path, pos)
            .and_then(|(line, start)| snippet(line, start, pos, d, color)),
        _ => None,
    };
    match snippet {
        Some(s) => {
            out.push_str(&s);
            out.push('\n');
        }
        None => {
            if let Some(help) = &d.help {
                out.push_str(&format!("  = help: {}\n", visible(help)));
            }
        }
    }
    out
}

/// The snippet of `line`, the text of line `pos.line`, whose column
/// `pos.col` is at byte `start` of it.
fn snippet(line: &str, start: usize, pos: Pos, d: &Diagnostic, color: bool) -> Option<String> {
    // A line can be a whole minified file: show a window around the column.
    let (line, start) = window(line, start, WINDOW);
    let rest = &line[start..];
    let len = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && (c.is_whitespace() || matches!(c, ',' | '}' | ']' | ':' | '"')))
        .map_or(rest.len(), |(i, _)| i)
        .max(rest.chars().next().map_or(0, char::len_utf8));
    // The quoted line is input too: escaped, with the span moved to match.
    // (Tabs are kept: the renderer lays them out.)
    let (before, marked, after) = (
        visible_lines(&line[..start]),
        visible_lines(&line[start..start + len]),
        visible_lines(&line[start + len..]),
    );
    let shown = format!("{before}{marked}{after}");
    let (line, start, len) = (shown.as_str(), before.len(), marked.len());
    let help = d.help.as_deref().map(visible);
    let level = match d.level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Note => SnippetLevel::NOTE,
    };
    let mut group = Group::with_level(level).element(
        Snippet::source(line)
            .line_start(pos.line as usize)
            .annotation(AnnotationKind::Primary.span(start..start + len)),
    );
    if let Some(help) = &help {
        group = group.element(SnippetLevel::HELP.message(help.as_ref()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&[group]).to_string())
}

/// Bytes of a long line shown on each side of the column.
const WINDOW: usize = 160;

/// The part of `line` within `radius` bytes of `start` (on character
/// boundaries), and `start` within it.
fn window(line: &str, start: usize, radius: usize) -> (&str, usize) {
    if line.len() <= 2 * radius {
        return (line, start);
    }
    let mut from = start.saturating_sub(radius);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (start + radius).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    (&line[from..to], start - from)
}

/// Diagnostics shown in full on a terminal; past these, a run with more
/// says how many more there are (the first thousand show what is wrong; a
/// garbage file's million errors would only bury that).
pub const SHOWN: usize = 1000;

/// `... and N more error(s) not shown` for the diagnostics after the first
/// `shown`, counted by level; `None` when all of them are shown.
pub fn not_shown(diags: &Diagnostics, shown: usize) -> Option<String> {
    let mut counts = [0usize; 3];
    for d in diags.iter().skip(shown) {
        counts[d.level as usize] += 1;
    }
    let parts: Vec<String> = [Level::Error, Level::Warning, Level::Note]
        .into_iter()
        .filter(|&l| counts[l as usize] > 0)
        .map(|l| format!("{} more {l}(s)", counts[l as usize]))
        .collect();
    let list = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!("... and {list} not shown"))
}

/// "did you mean" for a misspelt name: the closest candidate within a small
/// edit distance, if any.
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_l = given.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&given_l, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= (c.len().max(given.len()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn renders_location_and_snippet() {
        let mut sources = SourceMap::default();
        sources.insert(
            "inv.yaml",
            Arc::from("kind: inventory\nvpns:\n  - id: a\n    retension: 90d\n"),
        );
        let d = Diagnostic::error("inv.yaml", Pos::new(4, 5), "unknown key \"retension\"")
            .with_help("did you mean \"retention\"?");
        let out = render(&d, &sources, false);
        assert!(
            out.starts_with("inv.yaml:4:5: error: unknown key \"retension\"\n"),
            "{out}"
        );
        assert!(out.contains("4 |     retension: 90d"), "{out}");
        assert!(out.contains("^^^^^^^^^"), "{out}");
        assert!(out.contains("did you mean \"retention\"?"), "{out}");
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let mut sources = SourceMap::default();
        let line = format!("{{\"id\": \"{}\", \"typo\": 1}}", "é".repeat(100_000));
        sources.insert("x.json", Arc::from(line.as_str()));
        let col = line.chars().count() as u32 - 9;
        let d = Diagnostic::error("x.json", Pos::new(1, col), "unknown key \"typo\"");
        let out = render(&d, &sources, false);
        assert!(out.contains("\"typo\": 1}"), "{out}");
        assert!(out.len() < 2_000, "{}", out.len());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("retension", ["retention", "destination", "fields"]),
            Some("retention")
        );
        assert_eq!(suggest("zzz", ["retention", "destination"]), None);
        assert_eq!(suggest("typ", ["type", "tags"]), Some("type"));
    }

    #[test]
    fn diagnostics_past_the_shown_ones_are_counted() {
        let mut diags = Diagnostics::default();
        for i in 0..5 {
            diags.push(Diagnostic::error("a", Pos::new(i + 1, 1), "e"));
        }
        assert_eq!(not_shown(&diags, 5), None);
        assert_eq!(not_shown(&diags, 9), None);
        assert_eq!(
            not_shown(&diags, 3).as_deref(),
            Some("... and 2 more error(s) not shown")
        );
        diags.push(Diagnostic::warning("b", Pos::new(1, 1), "w"));
        diags.push(Diagnostic::note("c", Pos::new(1, 1), "n"));
        assert_eq!(
            not_shown(&diags, 1).as_deref(),
            Some("... and 4 more error(s), 1 more warning(s) and 1 more note(s) not shown")
        );
        assert_eq!(
            not_shown(&diags, 6).as_deref(),
            Some("... and 1 more note(s) not shown")
        );
    }

    #[test]
    fn snippets_show_the_line_whatever_ends_it() {
        for le in ["\n", "\r\n", "\r"] {
            let text = "kind: inventory\nvpns:\n  - id: a\n    retension: 90d\n".replace('\n', le);
            let mut sources = SourceMap::default();
            sources.insert("inv.yaml", Arc::from(text.as_str()));
            let d = Diagnostic::error("inv.yaml", Pos::new(4, 5), "unknown key");
            let out = render(&d, &sources, false);
            assert!(out.contains("4 |     retension: 90d\n"), "{le:?}: {out}");
            assert!(out.contains("  |     ^^^^^^^^^"), "{le:?}: {out}");
            assert!(
                !out.contains('\r') && !out.contains('\u{240d}'),
                "{le:?}: {out}"
            );
        }
    }
}
