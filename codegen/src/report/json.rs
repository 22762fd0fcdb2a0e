//! `lint --format json`: one object per finding and a summary with counts by code.
//!
//! ```json
//! { "tool": "graphdoc", "version": "0.1.0", "docs": "docs",
//!   "findings": [{ "code": "enum-members-lag", "severity": "warning",
//!                  "file": "docs/beta/api/x.md", "docsPath": "beta/api/x.md", "line": 49,
//!                  "message": "...", "help": "..." }],
//!   "summary": { "pages": 5, "errors": 0, "warnings": 9, "notes": 12,
//!                "byCode": { "enum-members-lag": 2 }, "hiddenByConfig": {} } }
//! ```
//! `byCode` lists the most frequent code first. With `--summary-by area` (or `page`) the summary
//! also has `byArea` (`byPage`): one object per area or page, most findings first (`name`,
//! `findings`, `errors`, `warnings`, `notes`, `byCode`).
//! `file` is the path as given relative to where the command runs, `docsPath` the same file
//! relative to the docs folder; both are absent for findings about no file, and `line` is absent
//! for findings about a whole file. Findings are line-based: no column is given.

use serde::Serialize;
use std::collections::BTreeMap;

use super::rollup::{By, CountsByCode, Row};
use super::Report;
use crate::diagnostics::Severity;
use crate::diagnostics::{shown_path, slashed, Code};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Lint<'a> {
    tool: &'static str,
    version: &'static str,
    docs: String,
    findings: Vec<Finding<'a>>,
    summary: Summary<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Finding<'a> {
    code: Code,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs_path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary<'a> {
    pages: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    by_code: CountsByCode,
    hidden_by_config: BTreeMap<Code, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_area: Option<&'a [Row]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_page: Option<&'a [Row]>,
}

/// The report as pretty-printed JSON, with a final newline.
pub fn render(report: &Report) -> String {
    let findings = report
        .diagnostics
        .iter()
        .map(|d| Finding {
            code: d.code,
            severity: d.severity,
            file: shown_path(report.docs_root, &d.file),
            docs_path: (!d.file.is_empty()).then_some(d.file.as_str()),
            line: (d.line > 0).then_some(d.line),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let rows = |by: By| {
        report
            .rollup
            .as_ref()
            .filter(|(b, _)| *b == by)
            .map(|(_, rows)| rows.as_slice())
    };
    let lint = Lint {
        tool: "graphdoc",
        version: env!("CARGO_PKG_VERSION"),
        docs: slashed(report.docs_root),
        findings,
        summary: Summary {
            pages: report.pages,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            by_code: CountsByCode::of(report.diagnostics),
            hidden_by_config: report.hidden.hidden.clone(),
            by_area: rows(By::Area),
            by_page: rows(By::Page),
        },
    };
    let mut text = serde_json::to_string_pretty(&lint).unwrap_or_default();
    text.push('\n');
    text
}
