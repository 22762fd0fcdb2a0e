//! The `graphdoc` command line. Disk is touched here and nowhere else in the crate, apart from
//! [`crate::docs::Docs::load`], [`crate::output`] and the [`crate::Builder`].
//!
//! Exit codes: 0 success; 1 the docs have errors or give nothing to generate, `check` found drift,
//! `lint --deny-warnings` found warnings, or `diff --fail-on-breaking` found a breaking change; 2
//! bad usage (an invalid `graphdoc.toml`, an `--out` that cannot be meant, or files of the user's
//! in the way); 3 the output could not be written (the previous output is kept). Each
//! subcommand's `--help` lists its own ([`EXIT_CODES_GENERATE`] and the like).

mod diff;
mod generate;
mod inspect;
mod lint;
#[cfg(feature = "serve")]
mod serve;
#[cfg(not(feature = "serve"))]
mod serve {
    pub(super) fn serve(_: &super::ServeArgs) -> u8 {
        eprintln!("error: this graphdoc was built without its `serve` feature");
        super::EXIT_USAGE
    }
}

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{counts_by_code, Code, Diagnostic};
use crate::docs::Docs;
use crate::ir::{ApiVersion, Schema};
use crate::settings::Settings;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_IO: u8 = 3;

/// The exit codes as each subcommand's `--help` ends with them.
pub const EXIT_CODES_GENERATE: &str = "Exit codes:
  0  the crate was written (warnings and notes do not fail a run)
  1  the docs have errors: nothing was written
  2  bad usage, or an invalid graphdoc.toml
  3  the output could not be written";
pub const EXIT_CODES_CHECK: &str = "Exit codes:
  0  --out is what `generate` would write
  1  --out differs (a diff is printed), or the docs have errors
  2  bad usage, or an invalid graphdoc.toml";
pub const EXIT_CODES_INSPECT: &str = "Exit codes:
  0  the IR was printed
  1  the docs have errors (the IR is printed all the same; the errors go to stderr)
  2  bad usage, or an invalid graphdoc.toml";
pub const EXIT_CODES_LINT: &str = "Exit codes:
  0  no errors (and, with --deny-warnings, no warnings)
  1  the docs have errors, or warnings with --deny-warnings
  2  bad usage, or an invalid graphdoc.toml";
pub const EXIT_CODES_SERVE: &str = "Exit codes:
  0  the mocks file was written (with --write-devproxy-mocks); serving never ends by itself
  1  the docs give no operation to serve
  2  bad usage (an --addr that cannot be read or bound), or an invalid graphdoc.toml
  3  the mocks file could not be written";
pub const EXIT_CODES_DIFF: &str = "Exit codes:
  0  the changes were printed (breaking ones too, unless --fail-on-breaking)
  1  a change is breaking and --fail-on-breaking is given, or either tree has errors
  2  bad usage, or an invalid graphdoc.toml";

#[derive(Parser, Debug)]
#[command(
    name = "graphdoc",
    version,
    disable_version_flag = true,
    arg_required_else_help = true,
    about = "Typed Rust models and endpoint stubs from the Microsoft Graph API docs",
    after_help = "Exit codes: 0 success; 1 the docs have errors, `check` found drift, `lint --deny-warnings` found \
                  warnings, or `diff --fail-on-breaking` found a breaking change; 2 bad usage; 3 the output could \
                  not be written. Each subcommand's --help says which apply to it."
)]
pub struct Cli {
    /// Print graphdoc's version (the docs' API version is `--api-version`, after a subcommand).
    #[arg(short = 'V', long = "version")]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// The docs folder (holding `beta/` and `v1.0/`).
    #[arg(long, default_value = "docs")]
    pub docs: PathBuf,
    /// Only this API version, `beta` or `v1.0`; repeatable. Default: every version in the docs.
    /// (`graphdoc --version` prints graphdoc's own version.)
    #[arg(long = "api-version", value_name = "VERSION")]
    pub versions: Vec<String>,
    /// Only this root type, enum or operation and what it needs (its closure); repeatable. A
    /// root starting with `/` is an API area: every operation under that path (`/users`,
    /// `/deviceManagement`). Default: everything.
    #[arg(long = "root", value_name = "NAME")]
    pub roots: Vec<String>,
    /// With --root: follow navigation properties (Relationships tables) into their targets too.
    /// Default: a navigation property whose target is outside the closure is `serde_json::Value`.
    #[arg(long)]
    pub follow_navigation: bool,
    /// Use a Rust type for a docs type: `--replace Edm.DateTimeOffset=my_crate::Time`; repeatable.
    #[arg(long = "replace", value_name = "DOCS_TYPE=PATH")]
    pub replacements: Vec<String>,
    /// The config with severities and suppressions. Default: `graphdoc.toml` beside the docs
    /// folder, else in the current folder.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The names file whose operation names to keep. Default for `generate` and `check`:
    /// `graphdoc-names.lock` in --out (written by `generate`); for other commands, none.
    #[arg(long, value_name = "PATH")]
    pub names: Option<PathBuf>,
}

/// How much `generate` and `check` print about the docs' findings.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct Reporting {
    /// Print only the errors and the counts line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print every warning and note in full, not counted by code.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
}

impl Reporting {
    fn verbosity(self) -> crate::report::human::Verbosity {
        use crate::report::human::Verbosity;
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Summary,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the generated crate to --out (only files graphdoc generated are touched).
    ///
    /// Prints errors in full, and warnings and notes counted by code (`graphdoc lint` or --verbose
    /// shows each). Nothing is written when the docs have errors.
    #[command(after_help = EXIT_CODES_GENERATE)]
    Generate {
        #[command(flatten)]
        common: Common,
        /// The folder to write the crate to (`Cargo.toml`, `src/`); created when missing.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The generated crate's package name, written to its `Cargo.toml`.
        #[arg(long, default_value = "graphdoc-models")]
        crate_name: String,
        /// Write into a folder that is not graphdoc's output, replacing files in the way.
        #[arg(long)]
        force: bool,
        /// Take the names the docs give now instead of those in the names file; a name that
        /// changes stays usable as a deprecated alias.
        #[arg(long)]
        rename: bool,
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Exit 0 when --out is what `generate` would write, else 1 with a diff.
    ///
    /// Reports the docs' findings as `generate` does.
    #[command(after_help = EXIT_CODES_CHECK)]
    Check {
        #[command(flatten)]
        common: Common,
        /// The generated crate's folder to compare.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The package name `generate` was given (it is part of the crate's `Cargo.toml`).
        #[arg(long, default_value = "graphdoc-models")]
        crate_name: String,
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Print the IR: types, enums, operations and diagnostics.
    #[command(after_help = EXIT_CODES_INSPECT)]
    Inspect {
        #[command(flatten)]
        common: Common,
        /// `text`: one line per type, property, enum and operation, then the counts; `json`: the
        /// whole IR with every diagnostic.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print every diagnostic about the docs.
    #[command(after_help = EXIT_CODES_LINT)]
    Lint {
        #[command(flatten)]
        common: Common,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print only the errors and the summary (human format).
        #[arg(long, short)]
        quiet: bool,
        /// How to print the findings (JSON and SARIF go to stdout alone).
        #[arg(long, value_enum, default_value = "human")]
        format: LintFormat,
        /// Report only findings in this file or folder (the whole tree is still read); repeatable.
        #[arg(long, value_name = "PATH")]
        only: Vec<PathBuf>,
        /// Also count the findings per area (the version and first path segment of the operations
        /// a page documents, else the page's folder) or per page, most first (human and JSON).
        #[arg(long, value_enum, value_name = "BY")]
        summary_by: Option<SummaryBy>,
        /// List every diagnostic code with its severity and meaning, and exit.
        #[arg(long)]
        codes: bool,
    },
    /// Answer each documented request with its documented example response, over HTTP.
    ///
    /// Prints the address it listens on as the first line of stdout, then serves until stopped,
    /// logging one line per request on stderr: the example that answered, or why none did.
    #[command(after_help = EXIT_CODES_SERVE)]
    Serve(ServeArgs),
    /// Model-level changes between two docs trees, and which of them break generated code.
    #[command(after_help = EXIT_CODES_DIFF)]
    Diff {
        /// The older docs folder (--docs is the newer one).
        #[arg(long)]
        old: PathBuf,
        #[command(flatten)]
        common: Common,
        /// How to print the changes.
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
        /// Exit 1 when any change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
        /// Markdown links to the new pages: this prefix + the path relative to --docs.
        #[arg(long, value_name = "URL")]
        links: Option<String>,
        /// Markdown links to the old pages: this prefix + the path relative to --old.
        #[arg(long, value_name = "URL")]
        old_links: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Where to listen: HOST:PORT (port 0 picks a free one). The default is this machine only.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: String,
    /// The largest request body read, in bytes (larger ones get `413`).
    #[arg(long, default_value_t = 4 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Write the same answers as a Dev Proxy mocks file (MockResponsePlugin) to FILE, and exit
    /// without serving.
    #[arg(long, value_name = "FILE")]
    pub write_devproxy_mocks: Option<PathBuf>,
    /// The origin the Dev Proxy mocks' URLs start with.
    #[arg(
        long,
        default_value = "https://graph.microsoft.com",
        value_name = "URL"
    )]
    pub devproxy_base: String,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum LintFormat {
    /// rustc-style text.
    Human,
    /// One object per finding and a summary (see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryBy {
    /// The version and first path segment of the operations a page documents (`beta
    /// /deviceManagement`), else the page's folder (`beta/resources/`).
    Area,
    /// Each page.
    Page,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum DiffFormat {
    /// Grouped by class, one line per change.
    Human,
    /// The verdict, the counts and every change.
    Json,
    /// For a pull-request comment or a job summary.
    Markdown,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum Format {
    /// The whole IR.
    Json,
    /// One line per item.
    Text,
}

fn settings(common: &Common) -> Result<Settings, String> {
    let mut versions = Vec::new();
    for v in &common.versions {
        versions.push(ApiVersion::parse(v).ok_or_else(|| {
            format!("unknown API version `{v}`: use `--api-version beta` or `--api-version v1.0`")
        })?);
    }
    let mut settings = Settings {
        versions,
        roots: common.roots.clone(),
        follow_navigation: common.follow_navigation,
        ..Settings::default()
    };
    if !common.replacements.is_empty() {
        settings.apply_option("replace", common.replacements.clone().into())?;
    }
    settings.config =
        crate::config::find(common.config.as_deref(), &common.docs, Some(Path::new(".")))
            .map_err(|e| e.to_string())?;
    Ok(settings)
}

/// Prints diagnostics rustc-style, with the offending line when the page is at hand, errors last.
pub fn print_diagnostics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    docs: &Docs,
    root: &Path,
    quiet: bool,
) {
    crate::report::human::write_all(out, diagnostics, docs, root, quiet);
}

/// The counts line, then each code's count, the most frequent first.
fn summary(schema: &Schema, pages: usize) -> String {
    let mut text = crate::report::human::counts_line(schema, pages);
    if let Some(lost) = crate::report::human::lost_line(schema) {
        text.push_str(&format!("\n{lost}"));
    }
    let mut by_code = counts_by_code(&schema.diagnostics);
    by_code.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    if !by_code.is_empty() {
        text.push_str("\ndiagnostics by code, most first:");
        for (code, severity, n) in by_code {
            text.push_str(&format!("\n  {n:>6}  {}[{code}]", severity.as_str()));
        }
    }
    text
}

/// Loads the docs, with a progress line on a terminal for big trees.
fn load(root: &Path) -> Docs {
    let tty = std::io::stderr().is_terminal();
    if tty {
        eprint!("graphdoc: reading {} ...\r", root.display());
    }
    let docs = Docs::load(root);
    if tty {
        eprint!(
            "graphdoc: parsing {} pages ...          \r",
            docs.files.len()
        );
    }
    docs
}

/// The settings and docs a command works on, with the names file of `out` (if any) unless
/// `--names` names another; `Err` is the exit code after a usage error was printed.
fn prepare(common: &Common, out: Option<&Path>) -> Result<(Settings, Docs), u8> {
    let mut settings = settings(common).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })?;
    let names = common
        .names
        .clone()
        .or_else(|| out.map(|o| o.join(crate::names_file::FILE_NAME)));
    if let Some(path) = names {
        settings.names = read_names(&path, common.names.is_some())?;
    }
    Ok((settings, load(&common.docs)))
}

/// A root that names nothing is a mistake in the command, not a finding about the docs: said
/// alone (with its suggestion), without the run's counts, and exit 2.
fn selection_error(schema: &Schema) -> Option<u8> {
    let roots: Vec<&Diagnostic> = schema
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::RootUnknown)
        .collect();
    if roots.is_empty() {
        return None;
    }
    for d in roots {
        eprint!("{}", d.render("", None));
    }
    Some(EXIT_USAGE)
}

/// The names file at `path`; absent is no names unless the user named the file.
fn read_names(path: &Path, named: bool) -> Result<crate::names_file::Pins, u8> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Default::default())
        }
        Err(e) => {
            eprintln!("error: cannot read the names file {}: {e}", path.display());
            return Err(EXIT_USAGE);
        }
    };
    let (pins, bad) = crate::names_file::Pins::parse(&text);
    if bad.is_empty() {
        return Ok(pins);
    }
    for b in &bad {
        eprintln!("error: {}:{}: {}", path.display(), b.line, b.message);
    }
    eprintln!("help: fix or delete these lines (an operation without a line is named from the docs again)");
    Err(EXIT_USAGE)
}

/// What a command built, never freed: the process exits right after [`run`], and freeing a
/// corpus's schema and crate one small allocation at a time costs about 25 ms for nothing (rustc
/// leaves its arenas to the OS the same way).
fn exit_without_freeing<T>(built: T) {
    std::mem::forget(built);
}

/// Runs the command line; the exit code is the process's, which exits next (what the commands
/// built is left to the OS, not freed).
pub fn run(cli: Cli) -> u8 {
    let command = match (cli.version, cli.command) {
        (false, Some(command)) => command,
        (true, None) => {
            println!("graphdoc {}", env!("CARGO_PKG_VERSION"));
            return EXIT_OK;
        }
        (true, Some(_)) => {
            eprintln!("error: `graphdoc --version` prints graphdoc's version and takes no subcommand; to pick the docs' API version, put `--api-version beta` (or `v1.0`) after the subcommand");
            return EXIT_USAGE;
        }
        (false, None) => {
            eprintln!("error: a subcommand is needed; `graphdoc --help` lists them");
            return EXIT_USAGE;
        }
    };
    match command {
        Command::Generate {
            common,
            out,
            crate_name,
            force,
            rename,
            reporting,
        } => {
            let target = generate::Target {
                out: &out,
                crate_name: &crate_name,
                force,
                rename,
            };
            generate::generate(&common, &target, reporting)
        }
        Command::Check {
            common,
            out,
            crate_name,
            reporting,
        } => generate::check(&common, &out, &crate_name, reporting),
        Command::Inspect { common, format } => inspect::inspect(&common, format),
        Command::Lint {
            common,
            deny_warnings,
            quiet,
            format,
            only,
            summary_by,
            codes,
        } => {
            let options = lint::LintOptions {
                format,
                only,
                deny_warnings,
                quiet,
                summary_by,
            };
            lint::run(&common, codes, &options)
        }
        Command::Serve(args) => serve::serve(&args),
        Command::Diff {
            old,
            common,
            format,
            fail_on_breaking,
            links,
            old_links,
        } => {
            let options = diff::DiffOptions {
                format,
                fail_on_breaking,
                links,
                old_links,
            };
            diff::run(&old, &common, &options)
        }
    }
}
