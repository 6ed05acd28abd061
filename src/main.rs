//! The `vpnaudit` binary: parse the command line, run the command, map the
//! outcome to an exit code (0 clean, 1 gaps, 2 bad input or usage).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: loading a large estate makes
/// millions of small allocations from several threads, where glibc's
/// allocator spends a third of the run in locking and consolidation.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(commands::run(cli))
}
