//! `lint`'s findings in the formats tools read: JSON ([`json`]) and SARIF 2.1.0 for GitHub code
//! scanning ([`sarif`]), and the rustc-style text for a person ([`human`]).

pub mod human;
pub mod json;
pub mod rollup;
pub mod sarif;

use std::path::{Component, Path};

use crate::config::Tally;
use crate::diagnostics::{Diagnostic, Severity, DOCS_FOLDER};

/// One lint run's findings, as every format reports them.
pub struct Report<'a> {
    /// The docs folder as given (`docs`); a finding's `file` is relative to it.
    pub docs_root: &'a Path,
    pub diagnostics: &'a [Diagnostic],
    /// Pages read.
    pub pages: usize,
    /// Findings the config hid.
    pub(crate) hidden: &'a Tally,
    /// `--summary-by`: the findings counted per area or page, most first.
    pub rollup: Option<(rollup::By, Vec<rollup::Row>)>,
}

impl Report<'_> {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The findings located in one of `only` (files or folders, given relative to where the command
/// runs, with or without the docs folder in front, or relative to the docs folder). Findings about
/// no file (a missing docs folder, an unknown root) are always kept: they concern every file.
pub fn located_in(
    diagnostics: Vec<Diagnostic>,
    docs_root: &Path,
    only: &[&Path],
) -> Vec<Diagnostic> {
    let wanted: Vec<String> = only.iter().map(|p| docs_relative(docs_root, p)).collect();
    diagnostics
        .into_iter()
        .filter(|d| {
            d.file.is_empty()
                || d.file == DOCS_FOLDER
                || wanted.iter().any(|w| {
                    d.file == *w
                        || d.file
                            .strip_prefix(w.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                })
        })
        .collect()
}

/// `path` relative to the docs folder when it lies inside it (compared lexically), else as given.
fn docs_relative(docs_root: &Path, path: &Path) -> String {
    let normal = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (root, path) = (normal(docs_root), normal(path));
    let rest = match path.strip_prefix(root.as_slice()) {
        Some(rest) if !root.is_empty() => rest,
        _ => &path[..],
    };
    rest.join("/").trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::ir::Source;

    #[test]
    fn only_keeps_findings_in_the_files_given_in_any_spelling() {
        let at = |f: &str| Diagnostic::new(Code::JsonLenient, &Source::new(f, 1), "m");
        let all = vec![
            at("beta/api/a.md"),
            at("beta/api/b.md"),
            at("beta/resources/c.md"),
            at(""),
        ];
        let files = |only: &[&str]| -> Vec<String> {
            let only: Vec<&Path> = only.iter().map(Path::new).collect();
            located_in(all.clone(), Path::new("docs"), &only)
                .into_iter()
                .map(|d| d.file)
                .collect()
        };
        assert_eq!(files(&["docs/beta/api/a.md"]), ["beta/api/a.md", ""]);
        assert_eq!(
            files(&["./docs/beta/api/b.md", "beta/resources/c.md"]),
            ["beta/api/b.md", "beta/resources/c.md", ""]
        );
        assert_eq!(
            files(&["docs/beta/api"]),
            ["beta/api/a.md", "beta/api/b.md", ""]
        );
        assert_eq!(files(&["docs/beta/api/zzz.md"]), [""]);
    }
}
