//! The failure of a [`crate::Builder`] run, printed so a build script's `?` or `unwrap` shows what
//! to fix.

use crate::diagnostics::{Diagnostic, Severity};

/// The failure of a generation: the diagnostics that stopped it. `Display` and `Debug` both print
/// the errors rustc-style, so `unwrap()`, `expect()` and `?` in `main` show what to fix.
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
    /// The docs folder the diagnostics' paths are relative to, when known.
    docs: Option<std::path::PathBuf>,
    /// The file holding every finding of the run (the [`crate::Builder`] writes one in a build script).
    report: Option<std::path::PathBuf>,
}

impl Error {
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            diagnostics,
            docs: None,
            report: None,
        }
    }

    /// The errors' paths are shown with this docs folder in front.
    pub(crate) fn with_docs(mut self, docs: impl Into<std::path::PathBuf>) -> Self {
        self.docs = Some(docs.into());
        self
    }

    /// Names the file that holds every finding of the run.
    pub(crate) fn with_report(mut self, report: impl Into<std::path::PathBuf>) -> Self {
        self.report = Some(report.into());
        self
    }

    /// The file that holds every finding of the run, when one was written.
    pub fn report(&self) -> Option<&std::path::Path> {
        self.report.as_deref()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let root = self
            .docs
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let errors: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        write!(f, "graphdoc: ")?;
        match &self.docs {
            Some(docs) => write!(f, "the docs in {} cannot be generated", docs.display())?,
            None => write!(f, "cannot generate")?,
        }
        match errors.len() {
            0 => writeln!(f, " (no error diagnostic was recorded)")?,
            1 => writeln!(f, ": 1 error")?,
            n => writeln!(f, ": {n} errors")?,
        }
        for d in errors {
            write!(f, "{}", d.render(&root, None))?;
        }
        if let Some(report) = &self.report {
            write!(f, "every finding of the run is in {}", report.display())?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
