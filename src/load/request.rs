//! What loading is asked for and what it may answer: the request, the
//! built-in packs, the candidate files found, how a file is recognised as
//! an input, and the failure that stops a command before anything runs.
//! The bottom of `load`: every other file of it may use this one.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::diag::Diagnostics;
use crate::source::SourceMap;

/// The built-in obligation packs, embedded from `policies/`.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("cn-vpn", include_str!("../../policies/cn-vpn.yaml")),
    (
        "vpn-baseline",
        include_str!("../../policies/vpn-baseline.yaml"),
    ),
];

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    pub paths: Vec<PathBuf>,
    pub policy: Option<PathBuf>,
    /// `--pack` values: built-in ids or files.
    pub packs: Vec<String>,
    /// Read pack files that the policy names even where they resolve
    /// outside the audit tree.
    pub allow_external_packs: bool,
    /// The audit date: citations are rendered as the law stood then, and
    /// `today` in a condition is this date.
    pub as_of: Date,
}

/// Why loading stopped: the diagnostics (with at least one error) and the
/// texts to show snippets from.
#[derive(Debug)]
pub struct LoadFailure {
    pub diags: Diagnostics,
    pub sources: SourceMap,
}

/// A candidate input file and how it was found.
pub(super) struct Candidate {
    pub(super) fs_path: PathBuf,
    pub(super) display: String,
    pub(super) explicit: bool,
}

/// A file that failed to parse is still ours if it says so near the top.
pub fn looks_like_ours(text: &str) -> bool {
    text.split(['\n', '\r']).take(100).any(|l| {
        let l = l.trim_start_matches(['{', ' ']).replace(['"', '\''], "");
        [
            "kind: inventory",
            "kind: usage-policy",
            "kind: obligations",
            "kind:inventory",
            "kind:usage-policy",
            "kind:obligations",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    })
}
