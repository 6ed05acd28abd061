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

/// Defines [`Code`], its list and its names from one table, so no code can
/// be missing from `Code::ALL` or lack a name.
macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// What a diagnostic is about: one code per class of problem, kept
        /// stable from release to release, so tests and tools key on the
        /// code and never on the wording. A closed set, as in cargo-deny;
        /// a test checks that every name is unique and parses back.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            pub const ALL: &[Code] = &[$( Code::$variant, )*];

            pub const fn name(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }
        }
    };
}

codes! {
    /// A file that cannot be read: missing, not a file, too large, binary,
    /// not UTF-8.
    Unreadable = "unreadable",
    /// YAML, JSON or CSV that does not parse.
    Syntax = "syntax",
    /// A file found by walking that is no vpnaudit file.
    Skipped = "skipped",
    /// A file of the wrong kind where one kind is needed (a pack that is no
    /// pack, a baseline that is no report).
    WrongKind = "wrong-kind",
    /// No inventory among the inputs.
    NoInventory = "no-inventory",
    /// A key that must be there is not.
    MissingKey = "missing-key",
    /// A key the format does not have.
    UnknownKey = "unknown-key",
    /// A value of the wrong type (a list where text belongs).
    WrongType = "wrong-type",
    /// A value of the right type that is not allowed (an id, a date, a word
    /// outside its set, a number out of range).
    InvalidValue = "invalid-value",
    /// The same id, waiver, policy or finding twice.
    Duplicate = "duplicate",
    /// A rule condition that is malformed: no operator, two, too deep.
    Condition = "condition",
    /// A field a rule tests that does not exist or does not fit the operator
    /// or the rule's target.
    Field = "field",
    /// A `$parameter` that no pack declares, or a value that does not fit it.
    Parameter = "parameter",
    /// A regular expression that does not compile or is too large.
    Pattern = "pattern",
    /// A reference to the law that the citation register does not hold, or
    /// holds in another version.
    Citation = "citation",
    /// A rule id that no pack in use defines.
    UnknownRule = "unknown-rule",
    /// A waiver that cannot work: on the wrong target, expired before its
    /// approval, stale.
    Waiver = "waiver",
    /// A licence whose number or coverage does not count.
    Licence = "licence",
    /// An obligation pack found that nothing applies.
    UnusedPack = "unused-pack",
    /// What a device configuration's reader noticed, or why it could not
    /// read the file.
    Evidence = "evidence",
    /// A command-line argument that cannot work.
    Usage = "usage",
}

impl Code {
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Another place a diagnostic concerns (the first of two duplicates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub path: String,
    pub pos: Pos,
    pub message: String,
}

impl Label {
    /// `path:line:col: message`, escaped: the label where no snippet of
    /// its file can be shown.
    fn named(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            visible(&self.path),
            self.pos.line,
            self.pos.col,
            visible(&self.message)
        )
    }
}

/// One message about the inputs, pointing at where it applies, and at the
/// other places it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    /// The file as the user named it (or as found by walking), `/`-separated.
    pub path: Option<String>,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<Label>,
}

impl Diagnostic {
    pub fn error(
        code: Code,
        path: impl Into<String>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            path: Some(path.into()),
            pos: Some(pos),
            message: message.into(),
            help: None,
            labels: Vec::new(),
        }
    }

    pub fn warning(
        code: Code,
        path: impl Into<String>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, path, pos, message)
        }
    }

    pub fn note(code: Code, path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Note,
            ..Diagnostic::error(code, path, pos, message)
        }
    }

    /// A message about a file as a whole (unreadable, not UTF-8, too large).
    pub fn file_error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            pos: None,
            ..Diagnostic::error(code, path, Pos::new(1, 1), message)
        }
    }

    /// A message about the command line rather than a file.
    pub fn usage(message: impl Into<String>) -> Self {
        Diagnostic {
            path: None,
            ..Diagnostic::file_error(Code::Usage, "", message)
        }
    }

    /// Points at another place the message concerns as well.
    pub fn with_label(
        mut self,
        path: impl Into<String>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        self.labels.push(Label {
            path: path.into(),
            pos,
            message: message.into(),
        });
        self
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
            Some(pos) => Diagnostic::error(Code::Unreadable, &e.display, pos, e.reason),
            None => Diagnostic::file_error(Code::Unreadable, &e.display, e.reason),
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
            .and_then(|(line, start)| snippet(line, start, pos, d, sources, color)),
        _ => None,
    };
    match snippet {
        Some(s) => {
            out.push_str(&s);
            out.push('\n');
        }
        None => {
            for l in &d.labels {
                out.push_str(&format!("  = note: {}\n", l.named()));
            }
            if let Some(help) = &d.help {
                out.push_str(&format!("  = help: {}\n", visible(help)));
            }
        }
    }
    out
}

/// A line to show, escaped, with the span of the token at byte `start`
/// moved to match: (the line, the span's start and length).
fn marked(line: &str, start: usize) -> (String, usize, usize) {
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
    (
        format!("{before}{marked}{after}"),
        before.len(),
        marked.len(),
    )
}

/// The snippet of `line`, the text of line `pos.line`, whose column
/// `pos.col` is at byte `start` of it, followed by the labels' lines.
fn snippet(
    line: &str,
    start: usize,
    pos: Pos,
    d: &Diagnostic,
    sources: &SourceMap,
    color: bool,
) -> Option<String> {
    let (shown, start, len) = marked(line, start);
    let help = d.help.as_deref().map(visible);
    let level = match d.level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Note => SnippetLevel::NOTE,
    };
    let labels: Vec<(String, String, usize, usize, &Label, String)> = d
        .labels
        .iter()
        .filter_map(|l| {
            let (text, at) = sources.line_at(&l.path, l.pos)?;
            let (text, at, len) = marked(text, at);
            let path = visible(&l.path).into_owned();
            Some((text, path, at, len, l, visible(&l.message).into_owned()))
        })
        .collect();
    let mut group = Group::with_level(level).element(
        Snippet::source(shown.as_str())
            .line_start(pos.line as usize)
            .annotation(AnnotationKind::Primary.span(start..start + len)),
    );
    for (text, path, at, len, l, message) in &labels {
        group = group.element(
            Snippet::source(text.as_str())
                .path(path.as_str())
                .line_start(l.pos.line as usize)
                .annotation(
                    AnnotationKind::Context
                        .span(*at..*at + *len)
                        .label(message.as_str()),
                ),
        );
    }
    // Labels whose file is not at hand are still named.
    let unshown: Vec<String> = d
        .labels
        .iter()
        .filter(|l| sources.line_at(&l.path, l.pos).is_none())
        .map(Label::named)
        .collect();
    for note in &unshown {
        group = group.element(SnippetLevel::NOTE.message(note.as_str()));
    }
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
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.name()), "{} twice", c.name());
            assert_eq!(Code::parse(c.name()), Some(c));
            assert!(
                c.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                c.name()
            );
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }

    /// A second place is shown with its own snippet when its text is at
    /// hand, and named in a note when it is not.
    #[test]
    fn labels_point_at_other_places() {
        let mut sources = SourceMap::default();
        sources.insert("b.yaml", Arc::from("vpns:\n  - id: x\n"));
        sources.insert("a.yaml", Arc::from("vpns:\n  - id: y\n  - id: x\n"));
        let d = Diagnostic::error(
            Code::Duplicate,
            "a.yaml",
            Pos::new(3, 9),
            "duplicate VPN id",
        )
        .with_label("b.yaml", Pos::new(2, 9), "first defined here");
        let out = render(&d, &sources, false);
        assert!(
            out.starts_with("a.yaml:3:9: error: duplicate VPN id\n"),
            "{out}"
        );
        assert!(out.contains("::: b.yaml:2:9"), "{out}");
        assert!(out.contains("- first defined here"), "{out}");
        let elsewhere = d
            .clone()
            .with_label("gone.yaml", Pos::new(7, 1), "and here");
        let out = render(&elsewhere, &sources, false);
        assert!(out.contains("gone.yaml:7:1: and here"), "{out}");
        let none = render(&elsewhere, &SourceMap::default(), false);
        assert!(
            none.contains("  = note: b.yaml:2:9: first defined here\n"),
            "{none}"
        );
    }

    #[test]
    fn renders_location_and_snippet() {
        let mut sources = SourceMap::default();
        sources.insert(
            "inv.yaml",
            Arc::from("kind: inventory\nvpns:\n  - id: a\n    retension: 90d\n"),
        );
        let d = Diagnostic::error(
            Code::UnknownKey,
            "inv.yaml",
            Pos::new(4, 5),
            "unknown key \"retension\"",
        )
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
        let d = Diagnostic::error(
            Code::UnknownKey,
            "x.json",
            Pos::new(1, col),
            "unknown key \"typo\"",
        );
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
            diags.push(Diagnostic::error(
                Code::Syntax,
                "a",
                Pos::new(i + 1, 1),
                "e",
            ));
        }
        assert_eq!(not_shown(&diags, 5), None);
        assert_eq!(not_shown(&diags, 9), None);
        assert_eq!(
            not_shown(&diags, 3).as_deref(),
            Some("... and 2 more error(s) not shown")
        );
        diags.push(Diagnostic::warning(Code::Syntax, "b", Pos::new(1, 1), "w"));
        diags.push(Diagnostic::note(Code::Skipped, "c", Pos::new(1, 1), "n"));
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
            let d = Diagnostic::error(Code::UnknownKey, "inv.yaml", Pos::new(4, 5), "unknown key");
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
