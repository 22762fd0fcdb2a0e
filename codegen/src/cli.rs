//! The `graphdoc` command line. Disk is touched here and nowhere else in the crate, apart from
//! [`crate::docs::Docs::load`], [`crate::output`] and the [`crate::Builder`].
//!
//! Exit codes: 0 success; 1 the docs have errors or give nothing to generate, `check` found drift,
//! or `lint --deny-warnings` found warnings; 2 bad usage (an `--out` that cannot be meant, or files
//! of the user's in the way); 3 the output could not be written (the previous output is kept).

use clap::{Parser, Subcommand, ValueEnum};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{counts_by_code, escape_control, Severity};
use crate::ir::ApiVersion;
use crate::output::{check_location, check_output, write_output, OutputError};
use crate::{Diagnostic, Docs, Schema, Settings};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_IO: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "graphdoc",
    version,
    about = "Typed Rust models and endpoint stubs from the Microsoft Graph API docs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// The docs folder (holding `beta/` and `v1.0/`).
    #[arg(long, default_value = "docs")]
    pub docs: PathBuf,
    /// Only these versions (`beta`, `v1.0`); repeatable. Default: all.
    #[arg(long = "version", value_name = "VERSION")]
    pub versions: Vec<String>,
    /// Only the closure of these root types, enums or operations; repeatable. Default: everything.
    #[arg(long = "root", value_name = "NAME")]
    pub roots: Vec<String>,
    /// Use a Rust type for a docs type: `--replace Edm.DateTimeOffset=my_crate::Time`; repeatable.
    #[arg(long = "replace", value_name = "DOCS_TYPE=PATH")]
    pub replacements: Vec<String>,
    /// Print no diagnostics, only the summary and errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the generated crate to --out (only files graphdoc generated are touched).
    Generate {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The generated crate's package name.
        #[arg(long, default_value = "graphdoc-models")]
        crate_name: String,
        /// Write into a folder that is not graphdoc's output, replacing files in the way.
        #[arg(long)]
        force: bool,
    },
    /// Exit 0 when --out is what `generate` would write, else 1 with a diff.
    Check {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[arg(long, default_value = "graphdoc-models")]
        crate_name: String,
    },
    /// Print the IR: types, enums, operations and diagnostics.
    Inspect {
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print every diagnostic about the docs.
    Lint {
        #[command(flatten)]
        common: Common,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Model-level changes between two docs trees (types, properties, enum members, operations).
    Diff {
        /// The older docs folder.
        #[arg(long)]
        old: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

fn settings(common: &Common) -> Result<Settings, String> {
    let mut versions = Vec::new();
    for v in &common.versions {
        versions.push(
            ApiVersion::parse(v)
                .ok_or_else(|| format!("unknown version `{v}`: use `beta` or `v1.0`"))?,
        );
    }
    let mut settings = Settings {
        versions,
        roots: common.roots.clone(),
        ..Settings::default()
    };
    if !common.replacements.is_empty() {
        settings.apply_option("replace", common.replacements.clone().into())?;
    }
    Ok(settings)
}

/// Prints diagnostics rustc-style, with the offending line when the page is at hand.
pub fn print_diagnostics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    docs: &Docs,
    root: &Path,
    quiet: bool,
) {
    let texts: BTreeMap<&str, &str> = docs
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let root_display = root.display().to_string();
    for d in diagnostics {
        if quiet && d.severity != Severity::Error {
            continue;
        }
        let line = texts
            .get(d.file.as_str())
            .and_then(|t| t.lines().nth(d.line.wrapping_sub(1)));
        let shown_root = if d.file.is_empty() || Path::new(&d.file).is_absolute() {
            ""
        } else {
            &root_display
        };
        let _ = writeln!(out, "{}", d.render(shown_root, line));
    }
}

fn summary(schema: &Schema, pages: usize) -> String {
    let count = |s: Severity| {
        schema
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let mut text = format!(
        "{pages} pages: {} types, {} enums, {} operations; {} errors, {} warnings, {} notes",
        schema.types.len(),
        schema.enums.len(),
        schema.operations.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    );
    let by_code = counts_by_code(&schema.diagnostics);
    if !by_code.is_empty() {
        text.push_str("\ndiagnostics by code:");
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

/// The settings and docs a command works on; `Err` is the exit code after a usage error was printed.
fn prepare(common: &Common) -> Result<(Settings, Docs), u8> {
    let settings = settings(common).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })?;
    Ok((settings, load(&common.docs)))
}

pub fn run(cli: Cli) -> u8 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match cli.command {
        Command::Generate {
            common,
            out,
            crate_name,
            force,
        } => {
            if let Err(e) = check_location(&out, &common.docs) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
            let (settings, docs) = match prepare(&common) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let generated = crate::generate_crate(&docs, &settings, &crate_name);
            print_diagnostics(
                &mut stderr.lock(),
                &generated.schema.diagnostics,
                &docs,
                &common.docs,
                common.quiet,
            );
            eprintln!("graphdoc: {}", summary(&generated.schema, docs.files.len()));
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
        } => {
            if let Err(e) = check_location(&out, &common.docs) {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
            let (settings, docs) = match prepare(&common) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let generated = crate::generate_crate(&docs, &settings, &crate_name);
            print_diagnostics(
                &mut stderr.lock(),
                &generated.schema.diagnostics,
                &docs,
                &common.docs,
                true,
            );
            if generated.has_errors() {
                eprintln!("error: the docs have errors (see above)");
                return EXIT_FINDINGS;
            }
            if generated.is_empty() {
                eprintln!("error: the docs as selected give no types, enums or operations");
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
            let (settings, docs) = match prepare(&common) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let schema = crate::build_schema(&docs, &settings);
            let mut o = stdout.lock();
            match format {
                Format::Json => {
                    let _ = serde_json::to_writer_pretty(&mut o, &schema);
                    let _ = writeln!(o);
                }
                Format::Text => {
                    let _ = write!(o, "{}", inspect_text(&schema));
                    let _ = writeln!(o, "{}", summary(&schema, docs.files.len()));
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
        } => {
            let (settings, docs) = match prepare(&common) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let schema = crate::build_schema(&docs, &settings);
            print_diagnostics(
                &mut stdout.lock(),
                &schema.diagnostics,
                &docs,
                &common.docs,
                common.quiet,
            );
            println!("graphdoc: {}", summary(&schema, docs.files.len()));
            let fail = crate::diagnostics::has_errors(&schema.diagnostics)
                || (deny_warnings
                    && schema
                        .diagnostics
                        .iter()
                        .any(|d| d.severity == Severity::Warning));
            if fail {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
        Command::Diff { old, common } => {
            let (settings, new_docs) = match prepare(&common) {
                Ok(prepared) => prepared,
                Err(code) => return code,
            };
            let old_docs = load(&old);
            let a = crate::build_schema(&old_docs, &settings);
            let b = crate::build_schema(&new_docs, &settings);
            for (docs, schema, root) in [(&old_docs, &a, &old), (&new_docs, &b, &common.docs)] {
                if crate::diagnostics::has_errors(&schema.diagnostics) {
                    print_diagnostics(&mut stderr.lock(), &schema.diagnostics, docs, root, true);
                    return EXIT_FINDINGS;
                }
            }
            let changes = model_diff(&a, &b);
            let mut o = stdout.lock();
            for c in &changes {
                let _ = writeln!(o, "{c}");
            }
            let _ = writeln!(o, "{} model changes", changes.len());
            EXIT_OK
        }
    }
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
    for o in &schema.operations {
        s.push_str(&format!(
            "op   {} {} {} {} -> {}\n",
            o.version.as_str(),
            o.name,
            o.method.as_str(),
            o.path,
            o.success_status
        ));
    }
    // Names and paths come from the docs: shown with control characters escaped.
    s.lines()
        .map(|l| format!("{}\n", escape_control(l)))
        .collect()
}

/// Semantic changes from `a` to `b`: what a user of the generated code would notice.
pub fn model_diff(a: &Schema, b: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let types = |s: &Schema| -> BTreeMap<String, BTreeMap<String, String>> {
        s.types
            .iter()
            .map(|t| {
                (
                    format!("{} {}", t.version.as_str(), t.qualified_name()),
                    t.properties
                        .iter()
                        .map(|p| (p.name.clone(), p.ty.to_string()))
                        .collect(),
                )
            })
            .collect()
    };
    let (ta, tb) = (types(a), types(b));
    for (name, props) in &tb {
        match ta.get(name) {
            None => out.push(format!("+ type {name}")),
            Some(old) => {
                for (p, ty) in props {
                    match old.get(p) {
                        None => out.push(format!("+ property {name}.{p}: {ty}")),
                        Some(o) if o != ty => {
                            out.push(format!("~ property {name}.{p}: {o} -> {ty}"))
                        }
                        _ => {}
                    }
                }
                for p in old.keys().filter(|p| !props.contains_key(*p)) {
                    out.push(format!("- property {name}.{p}"));
                }
            }
        }
    }
    for name in ta.keys().filter(|n| !tb.contains_key(*n)) {
        out.push(format!("- type {name}"));
    }
    let enums = |s: &Schema| -> BTreeMap<String, Vec<String>> {
        s.enums
            .iter()
            .map(|e| {
                (
                    format!("{} {}", e.version.as_str(), e.qualified_name()),
                    e.members.iter().map(|m| m.name.clone()).collect(),
                )
            })
            .collect()
    };
    let (ea, eb) = (enums(a), enums(b));
    for (name, members) in &eb {
        match ea.get(name) {
            None => out.push(format!("+ enum {name}")),
            Some(old) => {
                for m in members.iter().filter(|m| !old.contains(m)) {
                    out.push(format!("+ member {name}.{m}"));
                }
                for m in old.iter().filter(|m| !members.contains(m)) {
                    out.push(format!("- member {name}.{m}"));
                }
            }
        }
    }
    for name in ea.keys().filter(|n| !eb.contains_key(*n)) {
        out.push(format!("- enum {name}"));
    }
    let ops = |s: &Schema| -> BTreeSet<String> {
        s.operations
            .iter()
            .map(|o| format!("{} {} {}", o.version.as_str(), o.method.as_str(), o.path))
            .collect()
    };
    let (oa, ob) = (ops(a), ops(b));
    for o in ob.difference(&oa) {
        out.push(format!("+ operation {o}"));
    }
    for o in oa.difference(&ob) {
        out.push(format!("- operation {o}"));
    }
    out.iter()
        .map(|line| escape_control(line).into_owned())
        .collect()
}
