//! Where input came from, at the bottom of the tree: positions, values
//! with their positions, the texts of the files an audit read (for the
//! snippets of diagnostics), and reading an input file safely. Nothing here
//! uses another module of vpnaudit; every module may use it.

pub mod files;
pub mod lines;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use lines::LineIndex;

/// Largest input file read (SPEC §1.1).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A 1-based line and column (in characters) inside a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Where a text came from: a file the user gave, or vpnaudit itself (a
/// built-in pack, the default usage policy), which no report can point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    File(&'a str),
    Builtin,
}

/// The name reports give the default usage policy.
pub const BUILTIN_POLICY: &str = "(built-in policy)";
/// The prefix of a built-in pack's name (`builtin:cn-vpn`).
pub const BUILTIN_PREFIX: &str = "builtin:";

impl<'a> Origin<'a> {
    /// The origin of a text by the name it was given.
    pub fn of(name: &'a str) -> Origin<'a> {
        if name.is_empty() || name == BUILTIN_POLICY || name.starts_with(BUILTIN_PREFIX) {
            Origin::Builtin
        } else {
            Origin::File(name)
        }
    }

    /// The file, when it is one.
    pub fn file(self) -> Option<&'a str> {
        match self {
            Origin::File(path) => Some(path),
            Origin::Builtin => None,
        }
    }
}

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

/// A file of a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId(u32);

/// The texts of the files read, by the name reports give them, kept so a
/// diagnostic can show the line it points at.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Indexed by [`FileId`]; `None` once forgotten.
    files: Vec<Option<Source>>,
    ids: HashMap<String, FileId>,
}

#[derive(Debug, Clone)]
struct Source {
    path: String,
    text: Arc<str>,
    /// Where its lines start: built once, when a snippet of the file is
    /// first shown, so that showing many is linear in the file's size.
    lines: OnceLock<Arc<LineIndex>>,
}

impl SourceMap {
    /// Adds (or replaces) the text of `path`.
    pub fn insert(&mut self, path: &str, text: Arc<str>) -> FileId {
        let source = Source {
            path: path.to_string(),
            text,
            lines: OnceLock::new(),
        };
        if let Some(&id) = self.ids.get(path) {
            self.files[id.0 as usize] = Some(source);
            return id;
        }
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(Some(source));
        self.ids.insert(path.to_string(), id);
        id
    }

    pub fn id(&self, path: &str) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    fn source(&self, path: &str) -> Option<&Source> {
        self.files.get(self.id(path)?.0 as usize)?.as_ref()
    }

    /// The name of a file.
    pub fn path(&self, id: FileId) -> Option<&str> {
        self.files
            .get(id.0 as usize)?
            .as_ref()
            .map(|s| s.path.as_str())
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.source(path).map(|s| &*s.text)
    }

    /// The text of the line `pos` is on (without its line break, whichever
    /// of LF, CRLF or CR it is), and the byte offset of `pos`'s column in it.
    pub fn line_at(&self, path: &str, pos: Pos) -> Option<(&str, usize)> {
        let source = self.source(path)?;
        let text = &*source.text;
        let index = source.lines.get_or_init(|| Arc::new(LineIndex::new(text)));
        let line = index.line(text, pos.line)?;
        let start = index.column_byte(text, pos.line, pos.col)?;
        Some((line, start))
    }

    /// Forgets the texts `keep` rejects (large inventories nothing points at).
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        for slot in &mut self.files {
            if slot.as_ref().is_some_and(|s| !keep(&s.path, &s.text)) {
                *slot = None;
            }
        }
    }

    /// Adds the files of `other` (for diagnostics gathered from several
    /// sources, printed together).
    pub fn extend(&mut self, other: SourceMap) {
        for s in other.files.into_iter().flatten() {
            self.insert(&s.path, s.text);
        }
    }
}

/// Why an input file could not be read as text: the whole file, or a
/// position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub display: String,
    pub pos: Option<Pos>,
    pub reason: String,
    pub help: Option<String>,
}

impl ReadError {
    fn file(display: &str, reason: impl Into<String>) -> ReadError {
        ReadError {
            display: display.to_string(),
            pos: None,
            reason: reason.into(),
            help: None,
        }
    }

    fn at(display: &str, pos: Pos, reason: impl Into<String>) -> ReadError {
        ReadError {
            pos: Some(pos),
            ..ReadError::file(display, reason)
        }
    }

    fn with_help(mut self, help: &str) -> ReadError {
        self.help = Some(help.to_string());
        self
    }
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => e.to_string(),
    }
}

pub fn display_path(p: &Path) -> String {
    // Without `.` components, so that one file has one name ("./a/./b" is "a/b").
    let clean: PathBuf = p
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect();
    if clean.as_os_str().is_empty() {
        return ".".to_string();
    }
    clean.to_string_lossy().replace('\\', "/")
}

/// Reads a file as UTF-8 text, with its SHA-256.
pub fn read_text(path: &Path, display: &str) -> Result<(String, String), ReadError> {
    let (mut file, meta, key) = files::open_input(path).map_err(|e| match e {
        files::OpenError::Io(e) => ReadError::file(display, io_reason(&e)),
        files::OpenError::NotAFile(what) => ReadError::file(
            display,
            format!("is {what}, not a regular file; inputs are read from files"),
        ),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::file(
            display,
            format!(
                "file is {} MiB; inputs are limited to {} MiB",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    // Read in blocks: the size is checked again as it grows (a pipe, a
    // device or a file still being written can hold more than its metadata
    // says), and a binary file is refused at its first NUL byte.
    let io_error = |e: std::io::Error| ReadError::file(display, io_reason(&e));
    files::record(key, display);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = match std::io::Read::read(&mut file, &mut block) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(e)),
        };
        let start = bytes.len();
        if (start + n) as u64 > MAX_FILE_BYTES {
            return Err(ReadError::file(
                display,
                format!(
                    "file is larger than {} MiB; inputs are limited to that",
                    MAX_FILE_BYTES >> 20
                ),
            ));
        }
        bytes.extend_from_slice(&block[..n]);
        if start == 0 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
            return Err(ReadError::at(
                display,
                Pos::new(1, 1),
                "UTF-16 text (the file starts with a UTF-16 byte order mark); inputs are UTF-8",
            )
            .with_help("save the file as UTF-8 (in Excel: \"CSV UTF-8\")"));
        }
        if let Some(i) = block[..n].iter().position(|&b| b == 0) {
            return Err(ReadError::at(
                display,
                lines::pos_at(&bytes, start + i),
                "binary file (contains NUL bytes), not text",
            ));
        }
    }
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, sha)),
        Err(e) => {
            let i = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            Err(
                ReadError::at(display, lines::pos_at(&bytes, i), "not valid UTF-8")
                    .with_help("save the file as UTF-8 (in Excel: \"CSV UTF-8\")"),
            )
        }
    }
}
