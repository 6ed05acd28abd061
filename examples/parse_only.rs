//! Reads and parses inventory files with vpnaudit's own parsers, and does
//! nothing else: the floor under `vpnaudit audit` for the same files. SPEC
//! §8 asks a YAML audit to stay within 1.25× of this; `benches/run.sh`
//! measures both.
//!
//! ```sh
//! cargo run --release --example parse_only -- DIR_OR_FILE...
//! ```
//!
//! A directory stands for its `*.yaml`, `*.json` and `*.inventory.csv`
//! files. Prints the VPN count and the time taken; exits 1 on a parse error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use vpnaudit::syntax::node::{Node, NodeValue, ParseError};
use vpnaudit::syntax::{csv, json, yaml};

/// The allocator the `vpnaudit` binary uses, so that the two compare fairly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(arg: &Path) -> Vec<PathBuf> {
    if !arg.is_dir() {
        return vec![arg.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(arg)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".yaml") || name.ends_with(".json") || name.ends_with(".inventory.csv")
        })
        .collect();
    out.sort();
    out
}

/// VPN entries of a parsed inventory tree (0 for other kinds).
fn vpn_count(root: &Node) -> usize {
    match root.get("vpns").map(|v| &v.value) {
        Some(NodeValue::Seq(items)) => items.len(),
        _ => 0,
    }
}

fn located(e: &ParseError) -> String {
    format!("{}: {}", e.pos, e.message)
}

fn main() -> ExitCode {
    let start = Instant::now();
    let mut vpns = 0;
    let mut bytes = 0;
    for arg in std::env::args_os().skip(1) {
        for path in files(Path::new(&arg)) {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            bytes += text.len();
            let name = path.to_string_lossy();
            let parsed = if name.ends_with(".csv") {
                csv::parse(&text)
                    .map(|rows| rows.len())
                    .map_err(|e| e.first().map(located).unwrap_or_default())
            } else if name.ends_with(".json") {
                json::parse(&text)
                    .map(|n| vpn_count(&n))
                    .map_err(|e| located(&e))
            } else {
                yaml::parse(&text)
                    .map(|n| vpn_count(&n))
                    .map_err(|e| located(&e))
            };
            match parsed {
                Ok(n) => vpns += n,
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!(
        "parsed {vpns} VPN(s), {:.1} MiB in {:.3}s",
        bytes as f64 / (1024.0 * 1024.0),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
