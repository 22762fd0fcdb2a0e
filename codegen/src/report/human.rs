//! The rustc-style text for a person: every finding in full ([`write_all`], what `lint` prints),
//! or as `generate` and `check` report a run ([`write_run`]): quiet by default, complete on demand.
//!
//! A run's report puts errors last, just above the summary, so they are what a person sees; the
//! warnings and notes, expected wherever pages disagree, are counted by code with the hint to run
//! `graphdoc lint`, unless `--verbose` asks for each of them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::diagnostics::{counts_by_code, Code, Diagnostic, Severity};
use crate::docs::Docs;
use crate::ir::Schema;

/// How much of a run's findings `generate` and `check` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors, and the counts line.
    Quiet,
    /// Errors in full; warnings and notes counted by code, with the hint to run `graphdoc lint`.
    Summary,
    /// Every finding in full.
    Verbose,
}

/// Writes `diagnostics` rustc-style, with the offending line when the page is at hand, errors last.
/// Paths are shown as [`crate::diagnostics::shown_path`] gives them (the docs folder `root` in front).
pub fn write_all(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    docs: &Docs,
    root: &Path,
    errors_only: bool,
) {
    let texts: BTreeMap<&str, &str> = docs
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let root_display = root.display().to_string();
    let (errors, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diagnostics
        .iter()
        .partition(|d| d.severity == Severity::Error);
    let others = others.into_iter().filter(|_| !errors_only);
    for d in others.chain(errors) {
        let line = texts
            .get(d.file.as_str())
            .and_then(|t| t.lines().nth(d.line.wrapping_sub(1)));
        let _ = writeln!(out, "{}", d.render(&root_display, line));
    }
}

/// `5 pages: 10 types, 3 enums, 5 operations; 0 errors, 9 warnings, 12 notes`.
pub fn counts_line(schema: &Schema, pages: usize) -> String {
    let count = |s: Severity| {
        schema
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    format!(
        "{pages} pages: {} types, {} enums, {} operations; {} errors, {} warnings, {} notes",
        schema.types.len(),
        schema.enums.len(),
        schema.operations.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    )
}

/// `12 API pages gave no operation and 3 resource pages no type; ...`: what the run lost, so that
/// loss is never silent. `None` when every page gave what its kind documents.
pub fn lost_line(schema: &Schema) -> Option<String> {
    let (api, resources) = (
        schema.lost.api_pages.len(),
        schema.lost.resource_pages.len(),
    );
    if api + resources == 0 {
        return None;
    }
    let pages = |n: usize| if n == 1 { "page" } else { "pages" };
    Some(format!(
        "{api} API {} gave no operation and {resources} resource {} no type; the findings on each say why",
        pages(api),
        pages(resources)
    ))
}

/// `9 warnings: 3 type-undefined, 2 enum-members-lag, ...`: each code of that severity once with
/// its count, the most frequent first. `None` when there are none of that severity.
pub fn by_code_line(diagnostics: &[Diagnostic], severity: Severity) -> Option<String> {
    let (total, list) = by_code(diagnostics, severity)?;
    let noun = match (severity, total) {
        (Severity::Error, 1) => "error",
        (Severity::Error, _) => "errors",
        (Severity::Warning, 1) => "warning",
        (Severity::Warning, _) => "warnings",
        (Severity::Note, 1) => "note",
        (Severity::Note, _) => "notes",
    };
    Some(format!("{total} {noun}: {list}"))
}

/// How many findings of `severity` there are, and `3 type-undefined, 2 enum-members-lag, ...`.
pub fn by_code(diagnostics: &[Diagnostic], severity: Severity) -> Option<(usize, String)> {
    let mut codes: Vec<(Code, usize)> = counts_by_code(diagnostics)
        .into_iter()
        .filter(|&(_, s, _)| s == severity)
        .map(|(code, _, n)| (code, n))
        .collect();
    if codes.is_empty() {
        return None;
    }
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total = codes.iter().map(|c| c.1).sum();
    let list: Vec<String> = codes.iter().map(|(c, n)| format!("{n} {c}")).collect();
    Some((total, list.join(", ")))
}

/// What `generate` and `check` print about a run, on stderr: the findings `verbosity` asks for
/// (errors last, in full), the counts line, and by default the warnings and notes counted by code
/// with the `graphdoc lint` command that shows them.
pub fn write_run(
    out: &mut dyn Write,
    schema: &Schema,
    docs: &Docs,
    root: &Path,
    verbosity: Verbosity,
) {
    let diagnostics = &schema.diagnostics;
    write_all(
        out,
        diagnostics,
        docs,
        root,
        verbosity != Verbosity::Verbose,
    );
    let _ = writeln!(out, "graphdoc: {}", counts_line(schema, docs.files.len()));
    if let Some(lost) = lost_line(schema) {
        let _ = writeln!(out, "graphdoc: {lost}");
    }
    if verbosity != Verbosity::Summary {
        return;
    }
    let lines: Vec<String> = [Severity::Warning, Severity::Note]
        .into_iter()
        .filter_map(|s| by_code_line(diagnostics, s))
        .collect();
    if lines.is_empty() {
        return;
    }
    for line in &lines {
        let _ = writeln!(out, "graphdoc: {line}");
    }
    let _ = writeln!(
        out,
        "graphdoc: these are findings about the docs, not failures; `{}` shows each with its page and line (or add --verbose)",
        lint_command(root)
    );
}

/// `graphdoc lint`, with `--docs` when the docs folder is not the default one.
fn lint_command(root: &Path) -> String {
    if root == Path::new("docs") {
        "graphdoc lint".to_string()
    } else {
        let shown = root.display().to_string();
        if shown.contains([' ', '\'', '"']) {
            format!("graphdoc lint --docs '{shown}'")
        } else {
            format!("graphdoc lint --docs {shown}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;

    fn at(code: Code, severity: Severity) -> Diagnostic {
        Diagnostic {
            severity,
            ..Diagnostic::new(code, &Source::new("beta/a.md", 1), "m")
        }
    }

    #[test]
    fn by_code_lines_count_each_code_once_most_frequent_first() {
        let all = [
            at(Code::TypeUndefined, Severity::Warning),
            at(Code::EnumMembersLag, Severity::Warning),
            at(Code::TypeUndefined, Severity::Warning),
            at(Code::IncludeMissing, Severity::Note),
        ];
        assert_eq!(
            by_code_line(&all, Severity::Warning).unwrap(),
            "3 warnings: 2 type-undefined, 1 enum-members-lag"
        );
        assert_eq!(
            by_code_line(&all, Severity::Note).unwrap(),
            "1 note: 1 include-missing"
        );
        assert_eq!(by_code_line(&all, Severity::Error), None);
    }

    #[test]
    fn errors_come_last_and_the_summary_hides_the_rest() {
        let schema = Schema {
            diagnostics: vec![
                at(Code::FileNotUtf8, Severity::Error),
                at(Code::TypeUndefined, Severity::Warning),
            ],
            ..Schema::default()
        };
        let mut all = Vec::new();
        let docs = Docs::default();
        write_all(&mut all, &schema.diagnostics, &docs, Path::new("d"), false);
        let all = String::from_utf8(all).unwrap();
        assert!(
            all.find("warning[type-undefined]") < all.find("error[file-not-utf8]"),
            "{all}"
        );
        let mut run = Vec::new();
        write_run(&mut run, &schema, &docs, Path::new("d"), Verbosity::Summary);
        let run = String::from_utf8(run).unwrap();
        assert!(!run.contains("warning[type-undefined]"), "{run}");
        assert!(run.contains("error[file-not-utf8]"), "{run}");
        assert!(
            run.contains("graphdoc: 1 warning: 1 type-undefined"),
            "{run}"
        );
        assert!(run.contains("`graphdoc lint --docs d`"), "{run}");
    }
}
