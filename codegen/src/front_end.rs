//! What the `build.rs` and macro front ends say alike: findings on one line (for `cargo:warning`
//! and `compile_error!`), and help that names their own way of passing the docs folder.

use std::path::Path;

use crate::diagnostics::{escape_control, shown_path, Code, Diagnostic, Severity};

/// The error diagnostics as text, one per line: `root/file.md:12: message [code] (help: ...)`.
/// `display_root` is how the docs folder is shown (the macro passes the path as written). Used by
/// the macro's `compile_error!`.
pub fn error_report(display_root: &str, diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| finding_line(display_root, d))
        .collect();
    lines.join("\n")
}

/// One finding on one line: `root/file.md:12: message [code] (help: ...)`, the path as
/// [`crate::diagnostics::shown_path`] shows it.
pub(crate) fn finding_line(display_root: &str, d: &Diagnostic) -> String {
    let mut line = String::new();
    if let Some(path) = shown_path(Path::new(display_root), &d.file) {
        line.push_str(&path);
        if d.line > 0 {
            line.push_str(&format!(":{}", d.line));
        }
        line.push_str(": ");
    }
    line.push_str(&format!("{} [{}]", d.message, d.code));
    if let Some(help) = &d.help {
        line.push_str(&format!(" (help: {help})"));
    }
    // Escaped: a newline would end a cargo directive, an escape sequence reach the terminal.
    escape_control(&line).into_owned()
}

/// A front end other than the CLI, for help texts in its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontEnd {
    /// `build.rs` through the [`crate::Builder`].
    Builder,
    /// The `graph_models!` macro.
    Macro,
}

impl FrontEnd {
    /// Rewrites the help of the findings whose help names the CLI's `--docs` in this front end's
    /// words: `.docs(..)` for the [`crate::Builder`], the path argument for `graph_models!`.
    pub fn speak(self, diagnostics: &mut [Diagnostic]) {
        let docs = match self {
            FrontEnd::Builder => "`Builder::docs(..)`",
            FrontEnd::Macro => "the path given to `graph_models!(\"..\")`",
        };
        for d in diagnostics {
            let folder = match d.code {
                Code::DocsMissing => {
                    "a folder in the Graph docs layout (beta/resources/*.md, beta/api/*.md)"
                }
                Code::DocsEmpty => "a folder with beta/ or v1.0/ pages",
                Code::PageOutsideVersions | Code::DocsOutsideVersions => {
                    "the folder that holds `beta/` and `v1.0/`"
                }
                _ => continue,
            };
            d.help = Some(format!(
                "point {docs} at {folder}; a relative path is relative to CARGO_MANIFEST_DIR, the folder holding Cargo.toml"
            ));
        }
    }
}
