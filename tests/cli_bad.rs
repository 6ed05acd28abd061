//! Bad inputs as case files: every case is exit 2, a located error with its
//! snippet, nothing on stdout, and nothing written.
//!
//! A case is `tests/cli/bad/<case>.toml` (a comment saying what is wrong,
//! then the `vpnaudit audit …` command, run in the package root) beside
//! `<case>.stdout` (empty) and `<case>.stderr` (the full stderr: headlines,
//! snippets, `= help:` lines and the `N error(s); nothing was audited` line).
//! Two tests read the same files:
//!
//! - `bad_input_cases` runs each command with `trycmd` and compares the
//!   exit code, stdout and stderr with the files (`[..]` and `...` are
//!   wildcards there). `TRYCMD=overwrite cargo test --test cli_bad` rewrites
//!   the `.stdout` / `.stderr` files with what the binary prints.
//! - `bad_input_cases_write_nothing` runs each command again with
//!   `-o out.json --csv out.csv` (out.json holding a previous report) and
//!   checks that it still exits 2 with nothing on stdout and the `.stderr`
//!   file's stderr, that the report is not overwritten and no CSV or stray
//!   file is left; then runs `validate` with the same arguments, which must
//!   fail the same way (exit 2, nothing on stdout, the same stderr).
//!
//! Adding a file is adding a case: `TRYCMD=overwrite` creates its `.stdout`
//! and `.stderr`. A case file holds `bin.name = "vpnaudit"`, `args` (a list,
//! starting with `audit` and pinning `--as-of`), `status.code = 2` and
//! optionally `env.add`; anything else fails both tests rather than leaving
//! a case half-checked. Inputs that must be written at test time (binary,
//! not UTF-8, huge, deeply nested) are in `tests/cli.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use snapbox::Data;

/// The case files.
const CASES: &str = "tests/cli/bad";

const BIN: &str = env!("CARGO_BIN_EXE_vpnaudit");

/// The environment of every case on top of the test's own. Colour is off:
/// the tool colours stderr only on a terminal with `NO_COLOR` unset (or with
/// `--color always`), and here stderr is a pipe and `NO_COLOR` is set.
const ENV: &[(&str, &str)] = &[("NO_COLOR", "1"), ("COLUMNS", "160")];

const PREVIOUS_REPORT: &str = "{\"previous\": \"report\"}\n";

#[test]
fn bad_input_cases() {
    // A malformed case fails here, before trycmd could skip it.
    let cases = cases();
    assert!(!cases.is_empty(), "no case in {CASES}");
    let t = trycmd::TestCases::new();
    t.register_bin("vpnaudit", PathBuf::from(BIN));
    for (key, value) in ENV {
        t.env(*key, *value);
    }
    t.case(format!("{CASES}/*.toml"));
}

#[test]
fn bad_input_cases_write_nothing() {
    let cases = cases();
    assert!(!cases.is_empty(), "no case in {CASES}");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            check(case)
                .err()
                .map(|e| format!("--- {}:\n{e}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} case(s) failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// One case file, as read from its `.toml`.
struct Case {
    name: String,
    /// Arguments after `audit`.
    args: Vec<String>,
    /// `env.add` of the case.
    env: Vec<(String, String)>,
    stderr: PathBuf,
}

/// Every case in [`CASES`], by name. A file or key this check does not
/// understand is an error rather than a case half-checked.
fn cases() -> Vec<Case> {
    let mut names: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(CASES).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().to_string();
        match file.strip_suffix(".toml") {
            Some(name) => names.push(name.to_string()),
            None => others.push(file),
        }
    }
    names.sort();
    // trycmd does not check a `.stdout` or `.stderr` that is missing (nor
    // write it); rewriting the case files starts them empty. An `.in` or
    // `.out` directory would run the case elsewhere: no such file here.
    let overwrite = overwriting();
    for name in &names {
        for ext in ["stdout", "stderr"] {
            let file = format!("{name}.{ext}");
            if overwrite && !others.contains(&file) {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(Path::new(CASES).join(&file))
                    .unwrap();
                others.push(file.clone());
            }
            assert!(
                others.contains(&file),
                "{CASES}/{file} is missing: run TRYCMD=overwrite cargo test --test cli_bad"
            );
        }
    }
    others.retain(|f| {
        !f.rsplit_once('.').is_some_and(|(name, ext)| {
            matches!(ext, "stdout" | "stderr") && names.iter().any(|n| n == name)
        })
    });
    assert!(
        others.is_empty(),
        "files in {CASES} that are no case's: {others:?}"
    );
    for name in &names {
        let stdout = Path::new(CASES).join(format!("{name}.stdout"));
        assert_eq!(
            std::fs::read(&stdout).unwrap(),
            b"",
            "{}: a bad input prints nothing on stdout",
            stdout.display()
        );
    }
    names.iter().map(|name| read_case(name)).collect()
}

fn read_case(name: &str) -> Case {
    let path = Path::new(CASES).join(format!("{name}.toml"));
    let ctx = path.display();
    let text = std::fs::read_to_string(&path).unwrap();
    let toml: toml::Table = text.parse().unwrap_or_else(|e| panic!("{ctx}: {e}"));
    let mut args = None;
    let mut env = Vec::new();
    for (key, value) in &toml {
        match key.as_str() {
            "bin" => assert_eq!(
                value.get("name").and_then(|v| v.as_str()),
                Some("vpnaudit"),
                "{ctx}: bin.name must be \"vpnaudit\" (trycmd skips an unknown bin)"
            ),
            "args" => {
                let list = value.as_array().unwrap_or_else(|| {
                    panic!("{ctx}: args must be a list of strings (so that no shell splits them)")
                });
                let list: Vec<String> = list
                    .iter()
                    .map(|a| {
                        a.as_str()
                            .unwrap_or_else(|| panic!("{ctx}: {a} is not a string"))
                            .to_string()
                    })
                    .collect();
                args = Some(list);
            }
            "status" => assert_eq!(
                value.get("code").and_then(|v| v.as_integer()),
                Some(2),
                "{ctx}: a bad input is status.code = 2"
            ),
            "env" => {
                for (k, v) in value.as_table().unwrap_or_else(|| panic!("{ctx}: env")) {
                    assert_eq!(k, "add", "{ctx}: only env.add is understood here");
                    for (var, val) in v.as_table().unwrap_or_else(|| panic!("{ctx}: env.add")) {
                        let val = val
                            .as_str()
                            .unwrap_or_else(|| panic!("{ctx}: env.add.{var}"));
                        env.push((var.clone(), val.to_string()));
                    }
                }
            }
            other => panic!(
                "{ctx}: \"{other}\" is not understood by the write-nothing check; \
                 a case has bin.name, args, status.code and env.add"
            ),
        }
    }
    assert!(toml.contains_key("bin"), "{ctx}: no bin.name");
    assert!(toml.contains_key("status"), "{ctx}: no status.code");
    let args = args.unwrap_or_else(|| panic!("{ctx}: no args"));
    let Some(("audit", args)) = args.split_first().map(|(c, a)| (c.as_str(), a)) else {
        panic!("{ctx}: args must start with \"audit\"");
    };
    assert!(
        args.iter().any(|a| a == "--as-of"),
        "{ctx}: pin the date with --as-of"
    );
    Case {
        name: name.to_string(),
        args: args.to_vec(),
        env,
        stderr: Path::new(CASES).join(format!("{name}.stderr")),
    }
}

/// Whether trycmd is rewriting the case files (`TRYCMD=overwrite`): then
/// they are not compared here, where they may be half-written.
fn overwriting() -> bool {
    std::env::var_os("TRYCMD").is_some_and(|v| v == "overwrite")
}

fn run(case: &Case, command: &str, extra: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .arg(command)
        .args(&case.args)
        .args(extra)
        // As trycmd does: the case's variables, then ours over them.
        .envs(case.env.iter().map(|(k, v)| (k, v)))
        .envs(ENV.iter().copied())
        .output()
        .unwrap()
}

/// Exit 2, nothing on stdout, no panic, and stderr as the case file says
/// (unless the case files are being rewritten).
fn check_failed(what: &str, out: &Output, expected: &Path) -> Result<String, String> {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let ctx = format!("{what}\nstderr:\n{stderr}");
    if out.status.code() != Some(2) {
        return Err(format!("exit {:?}, not 2: {ctx}", out.status.code()));
    }
    if !out.stdout.is_empty() {
        let stdout = String::from_utf8_lossy(&out.stdout);
        return Err(format!("stdout not empty:\n{stdout}\n{ctx}"));
    }
    if stderr.contains("panicked") {
        return Err(format!("panic: {ctx}"));
    }
    if !overwriting() {
        // Compared as trycmd compares (its wildcards too); the message is
        // gathered into a String, so without colour codes.
        snapbox::Assert::new()
            .palette(snapbox::report::Palette::plain())
            .try_eq(
                Some(&what),
                Data::text(stderr.clone()),
                Data::read_from(expected, None),
            )
            .map_err(|e| format!("stderr is not {}:\n{e}", expected.display()))?;
    }
    Ok(stderr)
}

fn check(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let out_json = dir.path().join("out.json");
    let out_csv = dir.path().join("out.csv");
    std::fs::write(&out_json, PREVIOUS_REPORT).unwrap();
    let audit = run(
        case,
        "audit",
        &[
            "-o".as_ref(),
            out_json.as_os_str(),
            "--csv".as_ref(),
            out_csv.as_os_str(),
        ],
    );
    let what = format!("audit {:?} -o out.json --csv out.csv", case.args);
    let audit_stderr = check_failed(&what, &audit, &case.stderr)?;
    if std::fs::read_to_string(&out_json).unwrap() != PREVIOUS_REPORT {
        return Err(format!("{what}: the existing -o file was overwritten"));
    }
    if out_csv.exists() {
        return Err(format!("{what}: the --csv file was created"));
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    if left != ["out.json"] {
        return Err(format!("{what}: stray files {left:?}"));
    }

    let validate = run(case, "validate", &[]);
    let what = format!("validate {:?}", case.args);
    let validate_stderr = check_failed(&what, &validate, &case.stderr)?;
    if validate_stderr != audit_stderr {
        return Err(format!(
            "{what} fails differently from audit:\n--- audit:\n{audit_stderr}\n--- validate:\n{validate_stderr}"
        ));
    }
    Ok(())
}
