//! The `graphdoc` command line. Disk is touched here and nowhere else in the crate, apart from
//! [`crate::docs::Docs::load`], [`crate::output`] and the [`crate::Builder`].
//!
//! Exit codes: 0 success; 1 the docs have errors or give nothing to generate, `check` found drift,
//! `lint --deny-warnings` found warnings, or `diff --fail-on-breaking` found a breaking change; 2
//! bad usage (an invalid `graphdoc.toml`, an `--out` that cannot be meant, or files of the user's
//! in the way); 3 the output could not be written (the previous output is kept). Each
//! subcommand's `--help` lists its own ([`EXIT_CODES_GENERATE`] and the like).

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{counts_by_code, escape_control, Code, Diagnostic, Findings, Severity};
use crate::docs::Docs;
use crate::generate::Generator;
use crate::ir::{ApiVersion, Schema};
use crate::output::{check_location, check_output, write_output, OutputError};
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

pub fn run(cli: Cli) -> u8 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
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
            if let Err(e) = check_location(&out, &common.docs) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
            let (mut settings, docs) = match prepare(&common, Some(&out)) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            settings.names.rename = rename;
            let generated = Generator::new(&docs, &settings).crate_files(&crate_name);
            if let Some(code) = selection_error(&generated.schema) {
                return code;
            }
            // A folder graphdoc may not write is a mistake in the command: said alone.
            if !generated.has_errors() && !generated.files.is_empty() {
                if let Some(refused) = crate::output::refused(&out, &generated, force) {
                    eprintln!("error: {refused}");
                    return EXIT_USAGE;
                }
            }
            crate::report::human::write_run(
                &mut stderr.lock(),
                &generated.schema,
                &docs,
                &common.docs,
                reporting.verbosity(),
            );
            if generated.has_errors() || generated.files.is_empty() {
                eprintln!("error: not generating: the docs have errors (see above); {} was left as it was", out.display());
                return EXIT_FINDINGS;
            }
            if generated.is_empty() {
                eprintln!("error: not generating: the docs as selected give no types, enums or operations; {} was left as it was", out.display());
                return EXIT_FINDINGS;
            }
            match write_output(&out, &generated, force) {
                Ok(report) => {
                    eprintln!(
                        "graphdoc: wrote {} ({} changed, {} unchanged, {} stale removed)",
                        out.display(),
                        report.changed,
                        report.unchanged,
                        report.removed
                    );
                    EXIT_OK
                }
                Err(OutputError::Refused(e)) => {
                    eprintln!("error: {e}");
                    EXIT_USAGE
                }
                Err(OutputError::Io(e)) => {
                    eprintln!("error: cannot write {}: {e}", out.display());
                    EXIT_IO
                }
            }
        }
        Command::Check {
            common,
            out,
            crate_name,
            reporting,
        } => {
            if let Err(e) = check_location(&out, &common.docs) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
            let (settings, docs) = match prepare(&common, Some(&out)) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let generated = Generator::new(&docs, &settings).crate_files(&crate_name);
            if let Some(code) = selection_error(&generated.schema) {
                return code;
            }
            crate::report::human::write_run(
                &mut stderr.lock(),
                &generated.schema,
                &docs,
                &common.docs,
                reporting.verbosity(),
            );
            if generated.has_errors() {
                eprintln!("error: the docs have errors (see above)");
                return EXIT_FINDINGS;
            }
            if generated.is_empty() {
                eprintln!("error: the docs as selected give no types, enums or operations");
                return EXIT_FINDINGS;
            }
            if !out.is_dir() {
                eprintln!(
                    "error: --out {} does not exist: there is no crate to check; run `graphdoc generate --docs {} --out {}` first",
                    out.display(),
                    common.docs.display(),
                    out.display()
                );
                return EXIT_FINDINGS;
            }
            let drift = check_output(&out, &generated);
            if drift.is_empty() {
                eprintln!(
                    "graphdoc: {} is up to date with {}",
                    out.display(),
                    common.docs.display()
                );
                EXIT_OK
            } else {
                let mut o = stdout.lock();
                let _ = write!(o, "{drift}");
                let _ = writeln!(
                    o,
                    "error: {} is out of date with {}: run `graphdoc generate --docs {} --out {}` and commit the result",
                    out.display(),
                    common.docs.display(),
                    common.docs.display(),
                    out.display()
                );
                EXIT_FINDINGS
            }
        }
        Command::Inspect { common, format } => {
            let (settings, docs) = match prepare(&common, None) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let schema = Generator::new(&docs, &settings).schema();
            if let Some(code) = selection_error(&schema) {
                return code;
            }
            let mut o = stdout.lock();
            match format {
                Format::Json => {
                    let _ = serde_json::to_writer_pretty(&mut o, &InspectJson::new(&schema));
                    let _ = writeln!(o);
                }
                Format::Text => {
                    let _ = write!(o, "{}", inspect_text(&schema));
                    let _ = writeln!(o, "{}", summary(&schema, docs.files.len()));
                    let _ = writeln!(o, "{}", servable_line(&schema));
                }
            }
            if crate::diagnostics::has_errors(&schema.diagnostics) {
                print_diagnostics(
                    &mut stderr.lock(),
                    &schema.diagnostics,
                    &docs,
                    &common.docs,
                    true,
                );
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
        Command::Lint {
            common,
            deny_warnings,
            quiet,
            format,
            only,
            summary_by,
            codes,
        } => {
            if codes {
                let _ = write!(stdout.lock(), "{}", codes_text());
                return EXIT_OK;
            }
            if summary_by.is_some() && matches!(format, LintFormat::Sarif) {
                eprintln!("error: --summary-by is for the human and JSON formats; SARIF has no summary (code scanning counts the results itself)");
                return EXIT_USAGE;
            }
            let (settings, docs) = match prepare(&common, None) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let options = LintOptions {
                format,
                only,
                deny_warnings,
                quiet,
                summary_by,
            };
            lint(&common, &settings, &docs, &options)
        }
        Command::Serve(args) => serve(&args),
        Command::Diff {
            old,
            common,
            format,
            fail_on_breaking,
            links,
            old_links,
        } => {
            let (settings, new_docs) = match prepare(&common, None) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let old_docs = load(&old);
            let a = Generator::new(&old_docs, &settings).schema();
            let b = Generator::new(&new_docs, &settings).schema();
            for (docs, schema, root) in [(&old_docs, &a, &old), (&new_docs, &b, &common.docs)] {
                if crate::diagnostics::has_errors(&schema.diagnostics) {
                    print_diagnostics(&mut stderr.lock(), &schema.diagnostics, docs, root, true);
                    return EXIT_FINDINGS;
                }
            }
            let changes = crate::diff::diff(&a, &b);
            let trees = crate::diff::render::Trees {
                old: &old,
                new: &common.docs,
                old_links: old_links.as_deref(),
                new_links: links.as_deref(),
            };
            let text = match format {
                DiffFormat::Human => crate::diff::render::human(&changes, &trees),
                DiffFormat::Json => crate::diff::render::json(&changes, &trees),
                DiffFormat::Markdown => crate::diff::render::markdown(&changes, &trees),
            };
            let _ = write!(stdout.lock(), "{text}");
            let breaking = changes
                .iter()
                .any(|c| c.class == crate::diff::Class::Breaking);
            if fail_on_breaking && breaking {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
    }
}

/// How `lint` reports.
struct LintOptions {
    format: LintFormat,
    /// Only the findings in these files or folders.
    only: Vec<PathBuf>,
    deny_warnings: bool,
    /// Only the errors and the summary (human format).
    quiet: bool,
    summary_by: Option<SummaryBy>,
}

/// `lint`: the findings (those in `only` when given) in `format`, only the errors when `quiet`,
/// with a rollup when `summary_by`; exit 1 on errors, or on warnings with `deny_warnings`, saying
/// why on the last line.
fn lint(common: &Common, settings: &Settings, docs: &Docs, options: &LintOptions) -> u8 {
    use crate::report::rollup;
    let (mut schema, hidden) = Generator::new(docs, settings).schema_and_tally();
    if !options.only.is_empty() {
        let only: Vec<&Path> = options.only.iter().map(PathBuf::as_path).collect();
        let all = std::mem::take(&mut schema.diagnostics);
        schema.diagnostics = crate::report::located_in(all, &common.docs, &only);
    }
    let by = options.summary_by.map(|b| match b {
        SummaryBy::Area => rollup::By::Area,
        SummaryBy::Page => rollup::By::Page,
    });
    let report = crate::report::Report {
        docs_root: &common.docs,
        diagnostics: &schema.diagnostics,
        pages: docs.files.len(),
        hidden: &hidden,
        rollup: by.map(|by| (by, rollup::rollup(&schema.diagnostics, &schema, by))),
    };
    let mut o = std::io::stdout().lock();
    match options.format {
        LintFormat::Human => {
            print_diagnostics(
                &mut o,
                &schema.diagnostics,
                docs,
                &common.docs,
                options.quiet,
            );
            let _ = writeln!(o, "graphdoc: {}", summary(&schema, docs.files.len()));
            if let Some((by, rows)) = &report.rollup {
                let _ = writeln!(o, "{}", rollup::human(rows, *by));
            }
            let hidden: usize = hidden.hidden.values().sum();
            if hidden > 0 {
                let _ = writeln!(o, "graphdoc: {hidden} findings hidden by the config");
            }
        }
        LintFormat::Json => {
            let _ = write!(o, "{}", crate::report::json::render(&report));
        }
        LintFormat::Sarif => {
            let cwd = std::env::current_dir().ok();
            let _ = write!(
                o,
                "{}",
                crate::report::sarif::render(&report, cwd.as_deref())
            );
        }
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    // On stderr, so JSON and SARIF on stdout stay whole; the last line says why the run failed.
    if errors > 0 {
        eprintln!("error: lint failed: the docs have {errors} error(s)");
        EXIT_FINDINGS
    } else if options.deny_warnings && warnings > 0 {
        eprintln!("error: lint failed: {warnings} warning(s), and --deny-warnings makes warnings fail the run");
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `serve`: the mocks file when asked, else the server until the process ends.
#[cfg(feature = "serve")]
fn serve(args: &ServeArgs) -> u8 {
    use std::net::ToSocketAddrs;
    let Some(addr) = args.addr.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        eprintln!("error: --addr `{}` is not HOST:PORT (such as 127.0.0.1:8080, or port 0 for a free one)", args.addr);
        return EXIT_USAGE;
    };
    let (settings, docs) = match prepare(&args.common, None) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let schema = Generator::new(&docs, &settings)
        .findings(Findings::ErrorsOnly)
        .schema();
    let coverage = crate::mock::Coverage::of(&schema);
    if schema.operations.is_empty() {
        eprintln!(
            "error: {} documents no operation to serve",
            args.common.docs.display()
        );
        return EXIT_FINDINGS;
    }
    let errors = schema
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("warning: the docs have {errors} error(s) (`graphdoc lint` shows them); serving the operations they do give");
    }
    if let Some(file) = &args.write_devproxy_mocks {
        let text = crate::mock::devproxy::mocks_file(&schema, &args.devproxy_base);
        if let Err(e) = write_atomically(file, &text) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return EXIT_IO;
        }
        eprintln!("graphdoc: wrote {} ({coverage})", file.display());
        return EXIT_OK;
    }
    let options = crate::serve::Options {
        max_body: args.max_body,
        ..Default::default()
    };
    let server = match crate::serve::Server::bind(addr, crate::mock::Mock::new(schema), options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return EXIT_USAGE;
        }
    };
    let bound = server.local_addr().unwrap_or(addr);
    // The first line of stdout, alone: scripts and tests read the address from it.
    println!("http://{bound}");
    let _ = std::io::stdout().flush();
    if !bound.ip().is_loopback() {
        eprintln!("warning: listening on {bound}: reachable from other machines, not only this one (--addr 127.0.0.1:PORT keeps it local)");
    }
    eprintln!(
        "graphdoc: serving {}: {coverage}",
        args.common.docs.display()
    );
    let log: crate::serve::Log = std::sync::Arc::new(|line: &str| eprintln!("{line}"));
    match server.run(log) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            EXIT_IO
        }
    }
}

#[cfg(not(feature = "serve"))]
fn serve(_: &ServeArgs) -> u8 {
    eprintln!("error: this graphdoc was built without its `serve` feature");
    EXIT_USAGE
}

/// Writes `path` whole or not at all: a file beside it, then renamed over it.
#[cfg(feature = "serve")]
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let mut staged = name.to_os_string();
    staged.push(format!(".graphdoc-{}.tmp", std::process::id()));
    let staged = path.with_file_name(staged);
    let written = std::fs::write(&staged, text).and_then(|()| std::fs::rename(&staged, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    written
}

/// `lint --codes`: every code, its default severity and what it means.
fn codes_text() -> String {
    let mut text = String::new();
    for c in crate::diagnostics::Code::ALL {
        text.push_str(&format!(
            "{:<7} {:<28} {}. {}.\n",
            c.severity().as_str(),
            c.as_str(),
            c.summary(),
            c.fix()
        ));
    }
    text
}

/// `inspect --format json`: the IR, each operation with the Rust path the generated crate gives it.
#[derive(serde::Serialize)]
struct InspectJson<'s> {
    types: &'s [crate::ir::TypeDef],
    enums: &'s [crate::ir::EnumDef],
    operations: Vec<InspectOperation<'s>>,
    diagnostics: &'s [Diagnostic],
    lost: &'s crate::ir::Lost,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct InspectOperation<'s> {
    rust_path: String,
    #[serde(flatten)]
    operation: &'s crate::ir::Operation,
}

impl<'s> InspectJson<'s> {
    fn new(schema: &'s Schema) -> Self {
        let paths = crate::emit::operations::rust_paths(schema);
        InspectJson {
            types: &schema.types,
            enums: &schema.enums,
            operations: schema
                .operations
                .iter()
                .zip(paths)
                .map(|(operation, rust_path)| InspectOperation {
                    rust_path,
                    operation,
                })
                .collect(),
            diagnostics: &schema.diagnostics,
            lost: &schema.lost,
        }
    }
}

/// How many operations `graphdoc serve` can answer with a documented example.
fn servable_line(schema: &Schema) -> String {
    let servable = schema
        .operations
        .iter()
        .filter(|o| o.examples.iter().any(crate::ir::Example::gives_response))
        .count();
    let share = match schema.operations.len() {
        0 => 0.0,
        n => servable as f64 * 100.0 / n as f64,
    };
    format!(
        "servable: {servable} of {} operations ({share:.1}%) have an example response (`graphdoc serve` answers with it)",
        schema.operations.len()
    )
}

fn inspect_text(schema: &Schema) -> String {
    let mut s = String::new();
    for t in &schema.types {
        s.push_str(&format!(
            "type {} {}.{}\n",
            t.version.as_str(),
            t.namespace,
            t.name
        ));
        for p in &t.properties {
            s.push_str(&format!("    {}: {}\n", p.name, p.ty));
        }
    }
    for e in &schema.enums {
        let names: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
        s.push_str(&format!(
            "enum {} {}.{} = {}\n",
            e.version.as_str(),
            e.namespace,
            e.name,
            names.join(" | ")
        ));
    }
    let paths = crate::emit::operations::rust_paths(schema);
    for (o, rust) in schema.operations.iter().zip(paths) {
        s.push_str(&format!(
            "op   {} {} {} {} -> {} as {rust}\n",
            o.version.as_str(),
            o.name,
            o.method.as_str(),
            o.path,
            o.success_status
        ));
        for page in std::iter::once(&o.source).chain(&o.also_documented_at) {
            s.push_str(&format!("    documented at {page}\n"));
        }
    }
    // Names and paths come from the docs: shown with control characters escaped.
    s.lines()
        .map(|l| format!("{}\n", escape_control(l)))
        .collect()
}
