//! Includes, for both dialects: the include stack (depth limit, loops by
//! display path, the budget of files and bytes of one read), the files the
//! [`Includes`] callback gives for a pattern (its refusal a located error),
//! and an error inside an included file wrapped at the including line.

use super::{MAX_INCLUDE_DEPTH, MAX_INCLUDED_BYTES, MAX_INCLUDED_FILES};
use crate::evidence::{Includes, ReadError};

/// An include pattern for an error message (paths are not secret; long ones
/// are cut).
fn shown_pattern(s: &str) -> String {
    let cut: String = s.chars().take(200).collect();
    format!("{cut:?}")
}

/// Wraps an error from an included file.
pub(super) fn nested(line: u32, col: u32, path: &str, e: ReadError) -> ReadError {
    ReadError::new(
        line,
        col,
        format!(
            "in included file {}, line {}, column {}: {}",
            shown_pattern(path),
            e.line,
            e.col,
            e.message
        ),
    )
}

/// Tracks the include stack: depth limit, loop detection by display path,
/// and the overall budget.
#[derive(Default)]
pub(super) struct IncludeStack {
    paths: Vec<String>,
    files: usize,
    bytes: usize,
}

impl IncludeStack {
    pub(super) fn check_depth(&self, line: u32, col: u32) -> Result<(), ReadError> {
        if self.paths.len() >= MAX_INCLUDE_DEPTH {
            return Err(ReadError::new(
                line,
                col,
                format!("includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    pub(super) fn enter(
        &mut self,
        path: &str,
        len: usize,
        line: u32,
        col: u32,
    ) -> Result<(), ReadError> {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(len);
        if self.files > MAX_INCLUDED_FILES || self.bytes > MAX_INCLUDED_BYTES {
            return Err(ReadError::new(
                line,
                col,
                format!(
                    "includes bring in more than {MAX_INCLUDED_FILES} files or {} MiB",
                    MAX_INCLUDED_BYTES >> 20
                ),
            ));
        }
        if self.paths.iter().any(|p| p == path) {
            return Err(ReadError::new(
                line,
                col,
                format!("include loop: {} includes itself", shown_pattern(path)),
            ));
        }
        self.paths.push(path.to_string());
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.paths.pop();
    }
}

pub(super) fn resolve_include(
    includes: &mut dyn Includes,
    pattern: &str,
    line: u32,
    col: u32,
) -> Result<Vec<(String, String)>, ReadError> {
    includes.include(pattern).map_err(|why| {
        let why: String = why.chars().take(300).collect();
        ReadError::new(
            line,
            col,
            format!("cannot include {}: {why}", shown_pattern(pattern)),
        )
    })
}
