//! Writes a synthetic VPN estate for benchmarking and load testing:
//!
//! ```sh
//! cargo run --release --example generate -- --vpns 100000 --format json --out /tmp/estate-100k
//! cargo run --release --example generate -- --vpns 10000 --format yaml --configs 200 --out DIR --seed 7
//! ```
//!
//! DIR gets `inventory.json` / `inventory.yaml` / `estate.inventory.csv`
//! (split into numbered parts above `--per-file` VPNs, 250,000 by default,
//! so no file exceeds the 512 MiB input limit), `usage-policy.yaml`, and
//! with `--configs N` N device configurations under `configs/` linked from
//! as many VPNs. The same arguments always give the same bytes.

#[allow(dead_code)]
#[path = "../benches/support/estate_gen.rs"]
mod estate_gen;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use estate_gen::{Format, Options, generate};

const USAGE: &str = "usage: generate --vpns N --format json|yaml|csv --out DIR [--configs N] [--seed S] [--per-file N]";

fn parse_args() -> Result<(Options, PathBuf), String> {
    let mut vpns = None;
    let mut format = None;
    let mut out = None;
    let mut configs = 0;
    let mut seed = 1;
    let mut per_file = estate_gen::DEFAULT_PER_FILE;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: String| {
            v.replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{a}: not a number: {v}"))
        };
        match a.as_str() {
            "--vpns" => vpns = Some(number(value()?)?),
            "--format" => {
                let v = value()?;
                format = Some(Format::parse(&v).ok_or_else(|| format!("unknown format {v}"))?);
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--configs" => configs = number(value()?)?,
            "--seed" => seed = number(value()?)? as u64,
            "--per-file" => per_file = number(value()?)?,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let vpns = vpns.ok_or(format!("--vpns is required\n{USAGE}"))?;
    let mut opts = Options::new(vpns, format.unwrap_or(Format::Json));
    opts.configs = configs.min(vpns);
    opts.seed = seed;
    opts.per_file = per_file.max(1);
    Ok((opts, out.ok_or(format!("--out is required\n{USAGE}"))?))
}

fn main() -> ExitCode {
    let (opts, out) = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match generate(&out, &opts) {
        Ok(s) => {
            eprintln!(
                "wrote {} VPNs ({:.1} MiB in {} inventory file(s)), {} config(s) linked from {} VPN(s), {} waiver(s) to {} in {:.2}s",
                s.vpns,
                s.bytes as f64 / (1024.0 * 1024.0),
                s.inventories.len(),
                s.configs,
                s.linked,
                s.waivers,
                out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
