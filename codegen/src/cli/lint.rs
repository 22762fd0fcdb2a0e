//! `lint`: every finding about the docs, for a person (rustc-style) or a tool (JSON, SARIF).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{prepare, print_diagnostics, summary, Common, LintFormat, SummaryBy};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostics::Severity;
use crate::docs::Docs;
use crate::generate::Generator;
use crate::settings::Settings;

/// `lint`, as its flags ask: the codes' list, or the findings of the docs.
pub(super) fn run(common: &Common, codes: bool, options: &LintOptions) -> u8 {
    if codes {
        let _ = write!(std::io::stdout().lock(), "{}", codes_text());
        return EXIT_OK;
    }
    if options.summary_by.is_some() && matches!(options.format, LintFormat::Sarif) {
        eprintln!("error: --summary-by is for the human and JSON formats; SARIF has no summary (code scanning counts the results itself)");
        return EXIT_USAGE;
    }
    let (settings, docs) = match prepare(common, None) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    lint(common, &settings, &docs, options)
}

/// How `lint` reports.
pub(super) struct LintOptions {
    pub(super) format: LintFormat,
    /// Only the findings in these files or folders.
    pub(super) only: Vec<PathBuf>,
    pub(super) deny_warnings: bool,
    /// Only the errors and the summary (human format).
    pub(super) quiet: bool,
    pub(super) summary_by: Option<SummaryBy>,
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
