//! Findings about the docs, collected everywhere and reported together. The bottom layer: it
//! knows nothing else of the crate.

mod codes;

pub(crate) use codes::edit_distance;
pub use codes::{Code, RETIRED};

use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;

use std::path::Path;

/// A place in the docs: a path relative to the docs root, and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    /// Shared by every fact of a page: cloning a source must not copy its path.
    pub file: std::sync::Arc<str>,
    pub line: usize,
}

impl Source {
    pub fn new(file: impl Into<std::sync::Arc<str>>, line: usize) -> Self {
        Source {
            file: file.into(),
            line,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The docs cannot be turned into code as asked (missing folder, unreadable file).
    Error,
    /// The docs are wrong or disagree; the generator chose and says what.
    Warning,
    /// Worth knowing, nothing wrong (an absent include, an inferred type).
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// The `file` of a finding about the docs folder itself (missing, empty).
pub const DOCS_FOLDER: &str = ".";

/// Where the human form's location goes for a finding about no file.
pub const NO_FILE: &str = "(no file: about the settings or the docs as a whole)";

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Serialized as its stable kebab-case form (`enum-members-lag`).
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the docs root; [`DOCS_FOLDER`] for the docs folder itself, empty for
    /// findings about no file (an unknown root, an invalid option).
    pub file: String,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: usize,
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `code` at `at`, with the code's severity: a call site names only the code, so
    /// it cannot emit one with another severity than the table's (a config may change it later,
    /// in one place: `config::Config::apply`).
    pub fn new(code: Code, at: &Source, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            file: at.file.to_string(),
            line: at.line,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// rustc-style text; `source_line` is the offending line when the caller has it. Control
    /// characters from the docs are shown escaped ([`escape_control`]).
    pub fn render(&self, root_display: &str, source_line: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            escape_control(&self.message)
        );
        let path = shown_path(Path::new(root_display), &self.file)
            .map(|p| escape_control(&p).into_owned());
        let gutter = " ".repeat(self.line.to_string().len());
        match path {
            Some(path) if self.line > 0 => {
                let _ = writeln!(out, "{gutter}--> {path}:{}", self.line);
            }
            Some(path) => {
                let _ = writeln!(out, "{gutter}--> {path}");
            }
            None => {
                let _ = writeln!(out, "{gutter}--> {NO_FILE}");
            }
        }
        if let (Some(text), true) = (source_line, self.line > 0) {
            let text: String = text.chars().take(160).collect();
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{} | {}", self.line, escape_control(text.trim_end()));
            let _ = writeln!(out, "{gutter} |");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{gutter} = help: {}", escape_control(help));
        }
        out
    }
}

/// The path of a finding's file as given relative to where the command runs: the docs folder joined
/// with the docs-relative path, `/`-separated; the docs folder itself ends in `/`. `None` for
/// findings about no file. Every format (human, JSON, SARIF, the `Builder`'s) shows this form.
pub fn shown_path(docs_root: &Path, file: &str) -> Option<String> {
    if file.is_empty() {
        return None;
    }
    if Path::new(file).is_absolute() {
        return Some(file.to_string());
    }
    let root = slashed(docs_root);
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if file == DOCS_FOLDER {
        return Some(if root.is_empty() || root == "." {
            "./".to_string()
        } else {
            format!("{root}/")
        });
    }
    Some(if root.is_empty() || root == "." {
        file.to_string()
    } else {
        format!("{root}/{file}")
    })
}

pub(crate) fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// `text` with control characters and bidirectional overrides shown escaped (`\u{1b}`), so a page
/// cannot move a terminal's cursor, clear it or reorder what it shows; tabs are kept.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    fn needs_escape(c: char) -> bool {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Which findings a run computes. The CLI and `build.rs` show warnings; the macro shows only
/// errors, so it skips the checks that can only warn (example bodies against the types), which
/// changes no generated item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Findings {
    /// Every finding.
    All,
    /// The errors, and the warnings found on the way.
    ErrorsOnly,
}

/// Sorts by file, line, code and message so reports are identical on every run.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    // Stable, as the IR's sorts are; a diagnostic is small enough to move around.
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.code, &a.message, a.severity)
            .cmp(&(&b.file, b.line, b.code, &b.message, b.severity))
    });
    diagnostics.dedup();
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Counts by code, for summaries: `[(code, severity, count)]`, sorted by code.
pub fn counts_by_code(diagnostics: &[Diagnostic]) -> Vec<(Code, Severity, usize)> {
    let mut map: std::collections::BTreeMap<Code, (Severity, usize)> = Default::default();
    for d in diagnostics {
        let e = map.entry(d.code).or_insert((d.severity, 0));
        e.1 += 1;
        e.0 = e.0.min(d.severity);
    }
    map.into_iter().map(|(c, (s, n))| (c, s, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_join_the_docs_folder() {
        assert_eq!(
            shown_path(Path::new("docs"), "beta/a.md").unwrap(),
            "docs/beta/a.md"
        );
        assert_eq!(
            shown_path(Path::new("./docs/"), "beta/a.md").unwrap(),
            "docs/beta/a.md"
        );
        assert_eq!(
            shown_path(Path::new("."), "beta/a.md").unwrap(),
            "beta/a.md"
        );
        assert_eq!(shown_path(Path::new("docs"), ""), None);
        assert_eq!(shown_path(Path::new("./docs/"), ".").unwrap(), "docs/");
        assert_eq!(shown_path(Path::new(""), ".").unwrap(), "./");
        assert_eq!(
            shown_path(Path::new("/abs/docs"), "beta/a.md").unwrap(),
            "/abs/docs/beta/a.md"
        );
    }
}
