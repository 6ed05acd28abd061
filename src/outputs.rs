//! Writing a run's reports so that no input and no report is ever lost.
//!
//! Every output is checked before anything is written: a path that names a
//! file this run read (through symlinks, `..` or a hard link), two outputs
//! naming one file, a directory, a missing directory or a block device is
//! refused with the reason. Regular files are written to a temporary file
//! beside the real file (symlinks are followed, so a link stays a link) and
//! renamed into place only when every report — standard output included —
//! was written; a character device, FIFO or socket is written in place,
//! never replaced. Either all reports are written or no file is replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::request::looks_like_ours;
use crate::source::display_path;
use crate::source::files::{self, FileKey};

/// Renders one report into a writer.
pub type Render<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + Send + Sync + 'a>;

/// One report to a file.
pub struct FileOutput<'a> {
    /// How the command line named it (`--output`, `--csv`, `--xlsx`).
    pub flag: String,
    pub path: &'a Path,
    pub render: Render<'a>,
}

/// Where a checked output goes.
enum Dest {
    /// A regular file (existing or new) at this real path, replaced by rename.
    Replace(PathBuf),
    /// A character device, FIFO or socket, written in place.
    InPlace,
}

struct Planned<'a> {
    output: FileOutput<'a>,
    shown: String,
    dest: Dest,
}

/// Writes every output, then standard output (when `stdout` is given).
/// `Err` is the reason nothing, or not everything, could be written; no
/// existing file has been replaced then.
pub fn write_all(outputs: Vec<FileOutput<'_>>, stdout: Option<Render<'_>>) -> Result<(), String> {
    let stdout_key = match stdout {
        Some(_) => check_stdout()?,
        None => None,
    };
    let mut replace = Vec::new();
    let mut in_place = Vec::new();
    for (p, key) in plan(outputs)? {
        if stdout_key.as_ref() == Some(&key) {
            return Err(format!(
                "standard output and {} {} are the same file; nothing was written",
                p.output.flag, p.shown
            ));
        }
        match p.dest {
            Dest::Replace(real) => replace.push((p.output, p.shown, real)),
            Dest::InPlace => in_place.push(p),
        }
    }
    // The files are independent: render them side by side.
    let staged: Vec<(tempfile::NamedTempFile, PathBuf, String)> = replace
        .into_par_iter()
        .map(|(output, shown, real)| {
            let tmp = stage(&real, &shown, &output.render)?;
            Ok((tmp, real, shown))
        })
        .collect::<Result<_, String>>()?;
    for p in &in_place {
        write_in_place(p.output.path, &p.shown, &p.output.render)?;
    }
    if let Some(render) = stdout {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match render(&mut out).and_then(|()| out.flush()) {
            Ok(()) => {}
            // A closed pipe (`| head`) is not an error: the reader has seen
            // enough (SPEC §7).
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                return Err(format!(
                    "writing the report to standard output: {}",
                    reason(&e)
                ));
            }
        }
    }
    for (tmp, real, shown) in staged {
        tmp.persist(&real)
            .map_err(|e| format!("cannot write {shown}: {}", reason(&e.error)))?;
    }
    Ok(())
}

/// Writes `text` to standard output. A closed pipe ends quietly; any other
/// failure is the reason.
pub fn write_stdout(text: &str) -> Result<(), String> {
    write_all(Vec::new(), Some(Box::new(|w| w.write_all(text.as_bytes()))))
}

/// Standard output redirected onto an input (`>> inventory.yaml`) is
/// refused. Returns the key of the file standard output is, if it is one.
fn check_stdout() -> Result<Option<FileKey>, String> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
            return Ok(None);
        };
        let file = std::fs::File::from(fd);
        let Ok(meta) = file.metadata() else {
            return Ok(None);
        };
        if !meta.is_file() {
            return Ok(None);
        }
        let key = FileKey::of(&meta, Path::new(""));
        if let Some(input) = files::read_as_input(&key) {
            return Err(format!(
                "standard output is {input}, an input of this run; nothing was written"
            ));
        }
        Ok(Some(key))
    }
    #[cfg(not(unix))]
    Ok(None)
}

fn plan(outputs: Vec<FileOutput<'_>>) -> Result<Vec<(Planned<'_>, FileKey)>, String> {
    let mut planned: Vec<(Planned, FileKey)> = Vec::with_capacity(outputs.len());
    for output in outputs {
        let shown = display_path(output.path);
        let (dest, key) = resolve(output.path, &shown, &output.flag)?;
        if let Some((other, _)) = planned.iter().find(|(_, k)| *k == key) {
            return Err(format!(
                "{} {} and {} {} name the same file; nothing was written",
                other.output.flag, other.shown, output.flag, shown
            ));
        }
        planned.push((
            Planned {
                output,
                shown,
                dest,
            },
            key,
        ));
    }
    Ok(planned)
}

/// Where `path` really is, and what is there.
fn resolve(path: &Path, shown: &str, flag: &str) -> Result<(Dest, FileKey), String> {
    let refuse = |why: String| Err(format!("{flag} {shown}: {why}; nothing was written"));
    match std::fs::metadata(path) {
        Ok(meta) => {
            let key = FileKey::of(&meta, path);
            if let Some(input) = files::read_as_input(&key) {
                let same = if input == shown {
                    String::new()
                } else {
                    format!(" ({input})")
                };
                return refuse(format!("is an input of this run{same}"));
            }
            if meta.is_file() {
                if let Some(what) = holds_an_input(path) {
                    return refuse(format!(
                        "holds {what}, though this run did not read it (remove it first to replace it)"
                    ));
                }
                let real = std::fs::canonicalize(path)
                    .map_err(|e| format!("{flag} {shown}: {}", reason(&e)))?;
                return Ok((Dest::Replace(real), key));
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = meta.file_type();
                if t.is_char_device() || t.is_fifo() || t.is_socket() {
                    return Ok((Dest::InPlace, key));
                }
            }
            refuse(format!("is {}", files::describe(&meta)))
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            // A new file, or a symlink to one that does not exist yet: it is
            // created where the link points.
            let target = match std::fs::read_link(path) {
                Ok(to) => path.parent().unwrap_or(Path::new("")).join(to),
                Err(_) => path.to_path_buf(),
            };
            let Some(name) = target.file_name() else {
                return refuse("names no file".to_string());
            };
            let dir = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return refuse(format!("{} is not a directory", display_path(dir))),
                Err(_) => return refuse(format!("no such directory {}", display_path(dir))),
            }
            let real = std::fs::canonicalize(dir)
                .map_err(|e| format!("{flag} {shown}: {}", reason(&e)))?
                .join(name);
            Ok((Dest::Replace(real.clone()), FileKey::Path(real)))
        }
        Err(e) => refuse(reason(&e)),
    }
}

/// Whether an existing file that this run did not read is a vpnaudit input
/// all the same (an inventory outside the paths audited, a CSV inventory
/// read only when named): a report is never written over one.
fn holds_an_input(path: &Path) -> Option<&'static str> {
    let (file, _, _) = files::open_input(path).ok()?;
    let mut head = Vec::with_capacity(8192);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 8192), &mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    // A JSON report lists its inputs' kinds near its top, yet is no input.
    if text.contains("\"schema\": \"vpnaudit-") {
        return None;
    }
    if looks_like_ours(&text) {
        return Some("a vpnaudit input (it has a vpnaudit kind)");
    }
    let header = text.trim_start_matches('\u{feff}').lines().next()?;
    let columns: Vec<&str> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    let is_report = columns.contains(&"finding_id");
    (columns.contains(&"id") && !is_report)
        .then_some("a CSV inventory (its header has an id column)")
}

/// Writes one report to a temporary file beside `real`.
fn stage(real: &Path, shown: &str, render: &Render) -> Result<tempfile::NamedTempFile, String> {
    let fail = |e: std::io::Error| format!("cannot write {shown}: {}", reason(&e));
    let dir = real.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".vpnaudit-")
        .tempfile_in(dir)
        .map_err(fail)?;
    let mut w = std::io::BufWriter::new(tmp.as_file());
    render(&mut w).and_then(|()| w.flush()).map_err(fail)?;
    drop(w);
    // A temporary file is private (0600); a report gets the permissions of
    // the file it replaces, or the usual 0644.
    let existing = std::fs::metadata(real).ok().map(|m| m.permissions());
    if let Some(perms) = existing.or_else(default_permissions) {
        tmp.as_file().set_permissions(perms).map_err(fail)?;
    }
    Ok(tmp)
}

/// Writes to a device, FIFO or socket as it is: opened without creating or
/// truncating anything.
fn write_in_place(path: &Path, shown: &str, render: &Render) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {shown}: {}", reason(&e));
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
            let stream = std::os::unix::net::UnixStream::connect(path).map_err(fail)?;
            let mut w = std::io::BufWriter::new(stream);
            return render(&mut w).and_then(|()| w.flush()).map_err(fail);
        }
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(fail)?;
    let mut w = std::io::BufWriter::new(file);
    render(&mut w).and_then(|()| w.flush()).map_err(fail)
}

/// An I/O error in a message's words.
pub fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::StorageFull => "no space left on the device".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
