//! Evaluates `data.vpnaudit.findings` of benches/rego/vpn.rego with regorus
//! over a vpnaudit JSON inventory, and prints how many findings there are
//! and how long each phase took:
//!
//! ```text
//! rego-runner DIR [--as-of YYYY-MM-DD] [--rego FILE] [--tables DIR] [--by-rule] [--dump FILE] [--query EXPR]
//! ```
//!
//! DIR is a generated estate (`examples/generate.rs --format json`): its
//! `inventory*.json` files are read and merged, its `usage-policy.yaml` (if
//! any) is the policy. The tables the rules look names up in are
//! vpnaudit's own, read from `--tables DIR` (default: the repository's
//! `policies/`): `algorithms.yaml` as `data.catalogue`, `carriers.yaml` as
//! `data.carriers` and `regions.yaml` as `data.regions`. Output, one line:
//!
//! ```text
//! findings=N fail=F error=E waived=W vpns=V parse_ms=P eval_ms=E total_ms=T
//! ```
//!
//! and with `--by-rule` one `RULE STATUS COUNT` line per rule and status,
//! to compare with vpnaudit's JSON report. `--dump FILE` writes every
//! finding to FILE as a `RULE<TAB>VPN<TAB>STATUS` line, sorted (VPN empty
//! for an organisation finding), to diff against the same lines taken from
//! vpnaudit's JSON report. `--query EXPR` prints the value of a Rego
//! expression instead (`data.vpnaudit.normalise("aes256-sha256")`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use regorus::{Engine, Value};

struct Args {
    dir: PathBuf,
    as_of: String,
    rego: PathBuf,
    /// vpnaudit's tables: algorithms.yaml, carriers.yaml, regions.yaml.
    tables: PathBuf,
    by_rule: bool,
    /// Where to write the findings, one sorted line each.
    dump: Option<PathBuf>,
    /// A Rego expression to print instead (for checking the policy).
    query: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = Args {
        dir: PathBuf::new(),
        as_of: "2026-11-28".to_string(),
        rego: repo.join("benches/rego/vpn.rego"),
        tables: repo.join("policies"),
        by_rule: false,
        dump: None,
        query: None,
    };
    let mut dir = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--as-of" => args.as_of = value()?,
            "--rego" => args.rego = PathBuf::from(value()?),
            "--tables" => args.tables = PathBuf::from(value()?),
            "--by-rule" => args.by_rule = true,
            "--dump" => args.dump = Some(PathBuf::from(value()?)),
            "--query" => args.query = Some(value()?),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => dir = Some(PathBuf::from(s)),
        }
    }
    args.dir = dir.ok_or(
        "usage: rego-runner DIR [--as-of YYYY-MM-DD] [--rego FILE] [--tables DIR] [--by-rule] [--dump FILE] [--query EXPR]",
    )?;
    Ok(args)
}

/// The inventory files of an estate directory, in name order.
fn inventories(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("inventory") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no inventory*.json", dir.display()));
    }
    Ok(files)
}

/// Prefixes an error with what was being done.
fn err<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{what}: {e}")
}

fn run(args: &Args) -> Result<(), String> {
    let start = Instant::now();

    // Parse: the inventories (merged) and the usage policy.
    let mut vpns: Vec<Value> = Vec::new();
    for file in inventories(&args.dir)? {
        let inventory = Value::from_json_file(&file).map_err(err(&file.display().to_string()))?;
        let list = inventory["vpns"]
            .as_array()
            .map_err(err(&format!("{}: vpns", file.display())))?;
        vpns.extend(list.iter().cloned());
    }
    let vpn_count = vpns.len();
    let mut inventory = Value::new_object();
    let obj = inventory.as_object_mut().map_err(err("inventory"))?;
    obj.insert(Value::from("vpns"), Value::from(vpns));
    let mut input = Value::new_object();
    let obj = input.as_object_mut().map_err(err("input"))?;
    obj.insert(Value::from("inventory"), inventory);
    // Without a usage policy the Rego applies vpnaudit's built-in default.
    let policy_path = args.dir.join("usage-policy.yaml");
    if policy_path.exists() {
        let path = policy_path.display().to_string();
        obj.insert(
            Value::from("policy"),
            Value::from_yaml_file(&path).map_err(err(&path))?,
        );
    }
    obj.insert(Value::from("as_of"), Value::from(args.as_of.as_str()));
    // vpnaudit's tables, each under its own name in data.
    let mut tables = Value::new_object();
    let obj = tables.as_object_mut().map_err(err("tables"))?;
    for (name, file) in [
        ("catalogue", "algorithms.yaml"),
        ("carriers", "carriers.yaml"),
        ("regions", "regions.yaml"),
    ] {
        let path = args.tables.join(file).display().to_string();
        obj.insert(
            Value::from(name),
            Value::from_yaml_file(&path).map_err(err(&path))?,
        );
    }
    let parsed = Instant::now();

    // Evaluate.
    let mut engine = Engine::new();
    engine
        .add_policy_from_file(&args.rego)
        .map_err(err(&args.rego.display().to_string()))?;
    engine.add_data(tables).map_err(err("tables"))?;
    engine.set_input(input);
    if let Some(q) = &args.query {
        let results = engine.eval_query(q.clone(), false).map_err(err(q))?;
        for r in results.result {
            for e in r.expressions {
                println!("{}", e.value.to_json_str().map_err(err(q))?);
            }
        }
        return Ok(());
    }
    let findings = engine
        .eval_rule("data.vpnaudit.findings".to_string())
        .map_err(err("data.vpnaudit.findings"))?;
    let done = Instant::now();

    let set = findings
        .as_set()
        .map_err(err("data.vpnaudit.findings is not a set"))?;
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut lines: Vec<String> = Vec::new();
    for f in set.iter() {
        let text = |k: &str| f[k].as_string().map(|s| s.to_string()).unwrap_or_default();
        *by_status.entry(text("status")).or_default() += 1;
        *by_rule.entry((text("rule"), text("status"))).or_default() += 1;
        if args.dump.is_some() {
            lines.push(format!(
                "{}\t{}\t{}",
                text("rule"),
                text("vpn"),
                text("status")
            ));
        }
    }
    let count = |s: &str| by_status.get(s).copied().unwrap_or(0);
    println!(
        "findings={} fail={} error={} waived={} vpns={} parse_ms={} eval_ms={} total_ms={}",
        set.len(),
        count("fail"),
        count("error"),
        count("waived"),
        vpn_count,
        (parsed - start).as_millis(),
        (done - parsed).as_millis(),
        (done - start).as_millis()
    );
    if args.by_rule {
        for ((rule, status), n) in by_rule {
            println!("{rule} {status} {n}");
        }
    }
    if let Some(path) = &args.dump {
        lines.sort_unstable();
        let mut text = lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        std::fs::write(path, text).map_err(err(&path.display().to_string()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
