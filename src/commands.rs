//! What each subcommand does, from parsed arguments to an exit code. Inputs
//! are loaded and checked completely before anything is written, so bad
//! input never leaves a half-written report behind.

use std::io::{IsTerminal, Write};

use jiff::civil::Date;

use vpnaudit::audit::{self, AuditOptions};
use vpnaudit::diag::{Code, Diagnostic, Diagnostics, Level, SHOWN, not_shown, render};
use vpnaudit::history::{ReadFailure, read_report};
use vpnaudit::load::estate::{Loaded, load};
use vpnaudit::load::packs::load_named_packs;
use vpnaudit::load::request::{LoadFailure, LoadRequest};
use vpnaudit::model::finding::{Severity, Status};
use vpnaudit::model::report::Report;
use vpnaudit::model::value::parse_date;
use vpnaudit::outputs::{self, FileOutput, Render};
use vpnaudit::report;
use vpnaudit::source::SourceMap;
use vpnaudit::text::visible;
use vpnaudit::validate::compile::{Rule, compile_rules};

use crate::cli::{
    AuditArgs, Cli, ColorChoice, Command, CompletionsArgs, DiffArgs, DiffFormat, ExplainArgs,
    FactsArgs, FactsFormat, FailOn, InitArgs, InputArgs, ListFormat, RulesArgs, SchemaArgs,
};

pub const EXIT_OK: u8 = 0;
pub const EXIT_GAPS: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Audit(args) => audit_cmd(&args),
        Command::Validate(args) => validate_cmd(&args),
        Command::Rules(args) => rules_cmd(&args),
        Command::Explain(args) => explain_cmd(&args),
        Command::Facts(args) => facts_cmd(&args),
        Command::Diff(args) => diff_cmd(&args),
        Command::Init(args) => init_cmd(&args),
        Command::Schema(args) => schema_cmd(&args),
        Command::Completions(args) => completions_cmd(&args),
    }
}

fn stderr_color(choice: ColorChoice) -> bool {
    use_color(choice, std::io::stderr().is_terminal())
}

fn use_color(choice: ColorChoice, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Prints diagnostics to stderr, snippets included.
fn print_diags(diags: &Diagnostics, sources: &SourceMap, color: bool) {
    print_diags_then(diags, sources, color, "nothing was audited");
}

/// Prints diagnostics (the first [`SHOWN`], then how many more there are),
/// then `N error(s); {outcome}` when there are errors.
fn print_diags_then(diags: &Diagnostics, sources: &SourceMap, color: bool, outcome: &str) {
    let mut err = std::io::stderr().lock();
    for d in diags.iter().take(SHOWN) {
        let _ = err.write_all(render(d, sources, color).as_bytes());
    }
    if let Some(more) = not_shown(diags, SHOWN) {
        let _ = writeln!(err, "{more}");
    }
    let errors = diags.count(Level::Error);
    if errors > 0 {
        let _ = writeln!(err, "{errors} error(s); {outcome}");
    }
}

fn fail_load(f: &LoadFailure, color: bool) -> u8 {
    print_diags(&f.diags, &f.sources, color);
    EXIT_BAD_INPUT
}

fn usage_error(message: &str) -> u8 {
    let d = Diagnostic::usage(message);
    let _ = std::io::stderr()
        .lock()
        .write_all(render(&d, &SourceMap::default(), false).as_bytes());
    EXIT_BAD_INPUT
}

fn as_of(arg: &Option<String>) -> Result<Date, String> {
    match arg {
        Some(s) => parse_date(s).map_err(|e| format!("--as-of: {e}")),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

fn request(args: &InputArgs, as_of: Date) -> LoadRequest {
    LoadRequest {
        paths: args.paths.clone(),
        policy: args.policy.clone(),
        packs: args.packs.clone(),
        allow_external_packs: args.allow_external_packs,
        as_of,
    }
}

/// Loads, compiles and checks everything; `Err(exit code)` after printing
/// every error — those of `other` (a baseline that could not be read) too,
/// so one run reports them all. On success, the warnings and notes of
/// loading come along.
fn load_all(args: &InputArgs, date: Date, other: Option<ReadFailure>) -> Result<Loaded, u8> {
    let color = stderr_color(args.color);
    let mut loaded = load(&request(args, date));
    if let Some(failure) = other {
        loaded.sources.extend(failure.sources);
        loaded.diags.extend(failure.diags);
        loaded.diags.sort();
        print_diags(&loaded.diags, &loaded.sources, color);
        return Err(EXIT_BAD_INPUT);
    }
    if loaded.diags.has_errors() {
        print_diags(&loaded.diags, &loaded.sources, color);
        return Err(EXIT_BAD_INPUT);
    }
    Ok(loaded)
}

fn fail_on(f: FailOn) -> Option<Severity> {
    match f {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn audit_cmd(args: &AuditArgs) -> u8 {
    let date = match as_of(&args.input.as_of) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let (baseline, baseline_failure) = match args.baseline.as_deref().map(read_report) {
        None => (None, None),
        Some(Ok(b)) => (Some(b), None),
        Some(Err(f)) => (None, Some(f)),
    };
    let loaded = match load_all(&args.input, date, baseline_failure) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let estate = &loaded.estate;
    let options = AuditOptions {
        as_of: date,
        // JUnit lists every check that applied, passing ones included.
        record_passes: args.show_passed
            || std::iter::once(args.format)
                .chain(args.files.0.iter().map(|(e, _)| *e))
                .any(|e| e.records_passes),
    };
    let evidence = audit::read_evidence(estate, args.input.allow_external_configs);
    let mut report = audit::run(estate, &loaded.rules, &evidence, &options);
    if let Some(b) = &baseline {
        report = vpnaudit::history::baseline::against(report, b);
    }
    let threshold = fail_on(args.fail_on);
    let mut warnings = loaded.diags.clone();
    warnings.extend(report.warnings.clone());
    report.warnings_fail = args.input.deny_warnings && warnings.count(Level::Warning) > 0;

    // Every report is checked, then written (files to temporary files
    // renamed into place once all were written): a failed run never leaves
    // a truncated report or a destroyed input.
    let stdout_tty = std::io::stdout().is_terminal();
    // The terminal table is coloured and fitted only on a terminal; a file
    // gets it plain, at the width `COLUMNS` names or 160.
    // Where every finding is, for a format that has to leave some out: a
    // JSON, CSV or workbook file of this run.
    let full_report = ["json", "csv", "xlsx"].iter().find_map(|name| {
        let named = args
            .files
            .0
            .iter()
            .find(|(e, _)| e.name == *name)
            .map(|(_, p)| p);
        let output = args.output.as_ref().filter(|_| args.format.name == *name);
        named.or(output).map(|p| vpnaudit::source::display_path(p))
    });
    let cx_for = |terminal: bool| report::Context {
        show_passed: args.show_passed,
        fail_on: threshold,
        style: report::table::TableStyle {
            color: terminal && use_color(args.input.color, stdout_tty),
            width: table_width(terminal && stdout_tty),
        },
        bom: args.csv_bom,
        full_report: full_report.clone(),
    };
    let (on_terminal, in_file) = (cx_for(true), cx_for(false));
    let audited = &report;
    let emit = move |e: &'static report::Emitter, cx: report::Context| -> Render {
        Box::new(move |w: &mut dyn Write| (e.emit)(audited, &cx, w))
    };
    let mut files: Vec<FileOutput> = Vec::new();
    for (e, path) in &args.files.0 {
        files.push(FileOutput {
            flag: format!("--{}", e.name),
            path,
            render: emit(e, in_file.clone()),
        });
    }
    let to_stdout: Option<Render> = match args.output.as_deref() {
        Some(path) => {
            files.push(FileOutput {
                flag: "--output".to_string(),
                path,
                render: emit(args.format, in_file),
            });
            None
        }
        None => Some(emit(args.format, on_terminal)),
    };
    print_diags(&warnings, &loaded.sources, stderr_color(args.input.color));
    if let Err(e) = outputs::write_all(files, to_stdout) {
        return usage_error(&e);
    }
    let code = exit_code(&report, threshold);
    // The process ends here: freeing millions of findings and records one by
    // one would only cost time.
    std::mem::forget(report);
    std::mem::forget(evidence);
    std::mem::forget(loaded);
    code
}

fn exit_code(report: &Report, threshold: Option<Severity>) -> u8 {
    if report.fails(threshold) {
        EXIT_GAPS
    } else {
        EXIT_OK
    }
}

fn table_width(to_terminal: bool) -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
    {
        return Some(w.max(40));
    }
    if to_terminal {
        // The terminal's width, when it can be measured.
        comfy_table::Table::new().width()
    } else {
        Some(160)
    }
}

/// Writes a command's output to stdout: `EXIT_OK`, or `EXIT_BAD_INPUT`
/// when it could not be written (a closed pipe ends quietly).
fn write_stdout(text: &str) -> u8 {
    match outputs::write_stdout(text) {
        Ok(()) => EXIT_OK,
        Err(e) => usage_error(&e),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn validate_cmd(args: &InputArgs) -> u8 {
    let date = match as_of(&args.as_of) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let loaded = match load_all(args, date, None) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let estate = &loaded.estate;
    let rule_count = loaded.rules.rules.len();
    // Evaluating is what tells a stale waiver from a live one.
    let evidence = audit::read_evidence(estate, args.allow_external_configs);
    let report = audit::run(
        estate,
        &loaded.rules,
        &evidence,
        &AuditOptions {
            as_of: date,
            record_passes: false,
        },
    );
    let mut warnings = loaded.diags.clone();
    warnings.extend(report.warnings.clone());
    // Evidence that could not be read is no input error, but validate says so.
    for f in report.findings.iter().filter(|f| f.status == Status::Error) {
        let pos = vpnaudit::source::Pos::new(f.source.line.max(1), 1);
        let msg = format!(
            "{} on {}: {}",
            f.rule.id,
            f.vpn(),
            vpnaudit::report::prose::actual(&f.actual)
        );
        warnings.push(Diagnostic::warning(
            Code::Evidence,
            &*f.source.path,
            pos,
            msg,
        ));
    }
    print_diags(&warnings, &loaded.sources, stderr_color(args.color));
    let policy = estate
        .policy
        .path
        .clone()
        .unwrap_or_else(|| "the built-in default policy".into());
    let written = write_stdout(&format!(
        "ok: {} file(s), {} VPN(s), {} pack(s), {rule_count} rule(s); policy: {}\n",
        estate.inputs.len(),
        estate.vpns.len(),
        loaded.rules.packs.len(),
        visible(&policy),
    ));
    if written != EXIT_OK {
        written
    } else if args.deny_warnings && warnings.count(Level::Warning) > 0 {
        EXIT_GAPS
    } else {
        EXIT_OK
    }
}

fn rules_for(packs: &[String]) -> Result<Vec<Rule>, u8> {
    let color = stderr_color(ColorChoice::Auto);
    let packs = load_named_packs(packs).map_err(|f| fail_load(&f, color))?;
    let mut diags = Diagnostics::default();
    let policy = vpnaudit::model::policy::UsagePolicy::builtin();
    let rules = compile_rules(
        &packs,
        &policy,
        &Default::default(),
        jiff::ZonedDateTime::now().date(),
        &mut diags,
    );
    if diags.has_errors() {
        print_diags(&diags, &SourceMap::default(), color);
        return Err(EXIT_BAD_INPUT);
    }
    Ok(rules)
}

fn rules_cmd(args: &RulesArgs) -> u8 {
    let rules = match rules_for(&args.packs) {
        Ok(r) => r,
        Err(code) => return code,
    };
    write_stdout(&match args.format {
        ListFormat::Table => {
            report::rules::table(&rules, table_width(std::io::stdout().is_terminal()))
        }
        ListFormat::Json => report::rules::json(&rules),
        ListFormat::Markdown => report::rules::markdown(&rules),
    })
}

fn explain_cmd(args: &ExplainArgs) -> u8 {
    let mut names: Vec<String> = vec!["cn-vpn".into(), "vpn-baseline".into()];
    names.extend(args.packs.iter().cloned());
    let rules = match rules_for(&names) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(&args.rule)) else {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let hint = vpnaudit::diag::suggest(&args.rule, ids.iter().copied()).map_or_else(
            || format!(" (rules: {})", ids.join(", ")),
            |s| format!(" (did you mean {s}?)"),
        );
        return usage_error(&format!("no rule {}{hint}", args.rule));
    };
    write_stdout(&report::rules::explain(rule))
}

fn facts_cmd(args: &FactsArgs) -> u8 {
    use vpnaudit::evidence::{Dialect, store::read_file};
    let format = match args.config_format.as_deref() {
        None => None,
        Some(f) => match Dialect::parse(f) {
            Some(d) => Some(d),
            None => {
                let all: Vec<&str> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
                return usage_error(&format!(
                    "--config-format: \"{f}\" is not one of {}",
                    all.join(", ")
                ));
            }
        },
    };
    let mut read = Vec::new();
    let mut failed = false;
    for path in &args.configs {
        match read_file(path, format, args.allow_external_configs) {
            Ok(c) => read.push(c),
            Err(e) => {
                failed = true;
                // No snippet: a configuration line may hold a secret.
                let pos = vpnaudit::source::Pos::new(e.line.max(1), 1);
                let d = Diagnostic::error(Code::Evidence, &e.display, pos, &e.message);
                let _ = std::io::stderr()
                    .lock()
                    .write_all(render(&d, &SourceMap::default(), false).as_bytes());
            }
        }
    }
    // Every file that could be read is shown, beside the errors of those
    // that could not; one bad file fails the run all the same.
    let text = match args.format {
        FactsFormat::Json => vpnaudit::report::facts::json(&read),
        FactsFormat::Table => {
            vpnaudit::report::facts::table(&read, table_width(std::io::stdout().is_terminal()))
        }
    };
    if read.is_empty() {
        return EXIT_BAD_INPUT;
    }
    match write_stdout(&text) {
        EXIT_OK if failed => EXIT_BAD_INPUT,
        code => code,
    }
}

fn diff_cmd(args: &DiffArgs) -> u8 {
    let color = stderr_color(ColorChoice::Auto);
    let (old, new) = (read_report(&args.old), read_report(&args.new));
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let mut diags = Diagnostics::default();
            let mut sources = SourceMap::default();
            for failure in [o.err(), n.err()].into_iter().flatten() {
                diags.extend(failure.diags);
                sources.extend(failure.sources);
            }
            print_diags_then(&diags, &sources, color, "nothing was compared");
            return EXIT_BAD_INPUT;
        }
    };
    let d = vpnaudit::history::diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Table => report::diff::table(
            &d,
            table_width(args.output.is_none() && std::io::stdout().is_terminal()),
        ),
        DiffFormat::Csv => report::diff::csv(&d, args.csv_bom),
        DiffFormat::Json => report::diff::json(&d),
    };
    let render: Render = Box::new(|w| w.write_all(text.as_bytes()));
    let written = match args.output.as_deref() {
        Some(path) => outputs::write_all(
            vec![FileOutput {
                flag: "--output".to_string(),
                path,
                render,
            }],
            None,
        ),
        None => outputs::write_all(Vec::new(), Some(render)),
    };
    // A diff informs; it does not judge.
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => usage_error(&e),
    }
}

fn completions_cmd(args: &CompletionsArgs) -> u8 {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "vpnaudit", &mut out);
    write_stdout(&String::from_utf8_lossy(&out))
}

fn schema_cmd(args: &SchemaArgs) -> u8 {
    use vpnaudit::json_schema::{Kind, schema};
    let kind = match args.kind {
        crate::cli::SchemaKind::Inventory => Kind::Inventory,
        crate::cli::SchemaKind::UsagePolicy => Kind::UsagePolicy,
        crate::cli::SchemaKind::Obligations => Kind::Obligations,
    };
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    write_stdout(&text)
}

fn init_cmd(args: &InitArgs) -> u8 {
    let files = vpnaudit::scaffold::files(jiff::ZonedDateTime::now().date());
    let dir = &args.dir;
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| vpnaudit::source::display_path(&p))
        .collect();
    if !existing.is_empty() {
        let which = match existing.as_slice() {
            [one] => format!("{one} already exists"),
            many => format!("{} already exist", many.join(" and ")),
        };
        return usage_error(&format!(
            "init: {which}; nothing was written (init never overwrites: move them away or choose another directory)"
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage_error(&format!(
            "init: cannot create {}: {}",
            vpnaudit::source::display_path(dir),
            io_reason(&e)
        ));
    }
    for (name, text) in &files {
        let path = dir.join(name);
        // `create_new` refuses a file that appeared since the check above.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = written {
            return usage_error(&format!(
                "init: cannot write {}: {}",
                vpnaudit::source::display_path(&path),
                io_reason(&e)
            ));
        }
    }
    let shown = visible(&vpnaudit::source::display_path(dir)).into_owned();
    write_stdout(&format!(
        "wrote {shown}/usage-policy.yaml and {shown}/inventory.yaml\nnext: edit them, then run `vpnaudit validate {shown}` and `vpnaudit audit {shown}`\n"
    ))
}
