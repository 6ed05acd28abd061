//! The command line (SPEC §5): clap definitions only.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use vpnaudit::report::{EMITTERS, Emitter, emitter};

#[derive(Debug, Parser)]
#[command(
    name = "vpnaudit",
    version,
    about = "Audit a VPN estate against legal and security obligations"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit inventories against the usage policy and obligation packs
    Audit(AuditArgs),
    /// Load and check every file; report all errors
    Validate(InputArgs),
    /// List the rules of the built-in packs (or of --pack)
    Rules(RulesArgs),
    /// Explain a rule: the obligation, why, references, how it is checked, remediation
    Explain(ExplainArgs),
    /// Print the evidence read from device configurations (secrets redacted)
    Facts(FactsArgs),
    /// Compare two JSON reports: new, resolved and persisting findings
    Diff(DiffArgs),
    /// Scaffold a commented usage policy and inventory in DIR
    Init(InitArgs),
    /// Print the JSON Schema of an input file kind (for editor completion)
    Schema(SchemaArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report (`vpnaudit audit --format json`)
    #[arg(value_name = "OLD.json")]
    pub old: PathBuf,
    /// The later report
    #[arg(value_name = "NEW.json")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Write the output to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV output with a UTF-8 BOM (Excel on Windows)
    #[arg(long)]
    pub csv_bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write usage-policy.yaml and inventory.yaml (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The input kind
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Inventory,
    UsagePolicy,
    Obligations,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Configuration files
    #[arg(required = true)]
    pub configs: Vec<PathBuf>,
    /// The dialect, when detection from the content is not wanted
    #[arg(long, value_name = "DIALECT")]
    pub config_format: Option<String>,
    #[arg(long, value_enum, default_value_t = FactsFormat::Table)]
    pub format: FactsFormat,
    /// Follow includes outside the file's directory
    #[arg(long)]
    pub allow_external_configs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories (default: .)
    pub paths: Vec<PathBuf>,
    /// Usage policy (default: one found under PATH, else the built-in default)
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Add an obligation pack: a built-in id or a file (repeatable)
    #[arg(long = "pack", value_name = "ID|FILE")]
    pub packs: Vec<String>,
    /// Audit date, YYYY-MM-DD (default: today, local time)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Warnings (stale waivers, skipped files) fail the run
    #[arg(long)]
    pub deny_warnings: bool,
    /// Read linked device configs even where they resolve outside the audit tree
    #[arg(long)]
    pub allow_external_configs: bool,
    /// Read pack files the usage policy names even where they resolve outside the audit tree
    #[arg(long)]
    pub allow_external_packs: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, default_value = "table", value_parser = format_parser())]
    pub format: &'static Emitter,
    /// Write the --format output to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub files: FormatFiles,
    /// A previous JSON report: findings are marked new or existing, and only
    /// new ones fail the run
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Start CSV output with a UTF-8 BOM (Excel on Windows)
    #[arg(long)]
    pub csv_bom: bool,
    /// Lowest severity of an unwaived gap that fails the run
    #[arg(long, value_enum, default_value_t = FailOn::Low)]
    pub fail_on: FailOn,
    /// Also report checks that passed
    #[arg(long)]
    pub show_passed: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only this pack (a built-in id or a file)
    #[arg(long = "pack", value_name = "ID|FILE")]
    pub packs: Vec<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. CN-LOG-01
    pub rule: String,
    /// Also look in this pack (a built-in id or a file)
    #[arg(long = "pack", value_name = "ID|FILE")]
    pub packs: Vec<String>,
}

/// `--NAME FILE` for every format of the emitter table: that format of the
/// same audit also written to FILE. The flags come from the table, so a new
/// format has its flag without a change here.
#[derive(Debug, Clone, Default)]
pub struct FormatFiles(pub Vec<(&'static Emitter, PathBuf)>);

impl FromArgMatches for FormatFiles {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut m.clone())
    }

    fn from_arg_matches_mut(m: &mut ArgMatches) -> Result<Self, clap::Error> {
        Ok(FormatFiles(
            EMITTERS
                .iter()
                .filter_map(|e| m.remove_one::<PathBuf>(e.name).map(|p| (e, p)))
                .collect(),
        ))
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for FormatFiles {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        EMITTERS.iter().fold(cmd, |cmd, e| {
            cmd.arg(
                Arg::new(e.name)
                    .long(e.name)
                    .value_name("FILE")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help(e.file_help),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// The text formats of the emitter table, by name.
fn format_parser() -> impl TypedValueParser<Value = &'static Emitter> {
    PossibleValuesParser::new(EMITTERS.iter().filter(|e| e.text).map(|e| e.name))
        .map(|name| emitter(&name).expect("clap accepts only the listed names"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
