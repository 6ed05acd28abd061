//! Opening input files safely, and remembering which files this run read.
//!
//! Every input (inventory, policy, pack, device config, include, baseline)
//! is opened through [`open_input`]: without blocking, and only when it is a
//! regular file — a FIFO or a device where a file is expected is an error,
//! never a hang. The files that became inputs are recorded, so that no
//! output can be written over one of them (see `crate::outputs`).

use std::collections::HashMap;
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// What identifies a file whatever it is called: device and inode on Unix,
/// the canonical path elsewhere. Two names for one file (symlinks, `..`,
/// hard links) have one key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileKey {
    Inode { dev: u64, ino: u64 },
    Path(PathBuf),
}

impl FileKey {
    /// The key of an open file or of its metadata; `path` is used where the
    /// platform has no inode numbers.
    pub fn of(meta: &Metadata, path: &Path) -> FileKey {
        #[cfg(unix)]
        {
            let _ = path;
            use std::os::unix::fs::MetadataExt;
            FileKey::Inode {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

/// What sort of thing is at a path, in words for a message.
pub fn describe(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    if t.is_file() {
        return "a file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Why an input could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Io(std::io::Error),
    /// Something other than a regular file is there (`describe`'s words).
    NotAFile(&'static str),
}

/// Opens an input for reading without blocking (a FIFO with no writer
/// would otherwise hang the run), and refuses anything but a regular file.
/// Returns the file, its metadata and its key.
pub fn open_input(path: &Path) -> Result<(File, Metadata, FileKey), OpenError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(OpenError::Io)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if meta.is_dir() {
        return Err(OpenError::Io(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    if !meta.is_file() {
        return Err(OpenError::NotAFile(describe(&meta)));
    }
    let key = FileKey::of(&meta, path);
    Ok((file, meta, key))
}

/// The files this process read: key → the name first shown for it, and how
/// many reads of it still count as an input.
type Registry = HashMap<FileKey, (String, usize)>;

fn registry() -> &'static Mutex<Registry> {
    static READ: OnceLock<Mutex<Registry>> = OnceLock::new();
    READ.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Records that `display` (with `key`) was read as an input of this run.
pub fn record(key: FileKey, display: &str) {
    if let Ok(mut m) = registry().lock() {
        m.entry(key).or_insert_with(|| (display.to_string(), 0)).1 += 1;
    }
}

/// Takes back one read of a file that turned out not to be an input there
/// (a walked file of another tool, or one of vpnaudit's own reports):
/// writing a report over it destroys nothing this run depends on — unless
/// it was read as an input elsewhere too (a report walked and also named as
/// the baseline).
pub fn forget(path: &Path) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let key = FileKey::of(&meta, path);
    if let Ok(mut m) = registry().lock()
        && let Some((_, reads)) = m.get_mut(&key)
    {
        *reads -= 1;
        if *reads == 0 {
            m.remove(&key);
        }
    }
}

/// The name of the input `key` identifies, if this run read it as one.
pub fn read_as_input(key: &FileKey) -> Option<String> {
    registry()
        .lock()
        .ok()?
        .get(key)
        .map(|(name, _)| name.clone())
}
