//! The `build.rs` front end.
//!
//! ```no_run
//! // build.rs
//! graphdoc_codegen::Builder::new().docs("docs").out_file("graph.rs").generate().unwrap();
//! ```
//! and in `lib.rs`: `include!(concat!(env!("OUT_DIR"), "/graph.rs"));`

use std::path::{Path, PathBuf};

use crate::diagnostics::Severity;
use crate::ir::ApiVersion;
use crate::{Docs, Error, Settings};

#[derive(Clone, Debug, Default)]
pub struct Builder {
    docs: Option<PathBuf>,
    out_file: Option<PathBuf>,
    settings: Settings,
    quiet: bool,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// The docs folder; relative paths are relative to `CARGO_MANIFEST_DIR` when it is set.
    pub fn docs(mut self, dir: impl AsRef<Path>) -> Self {
        self.docs = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The output file; a relative path is placed in `OUT_DIR` when it is set.
    pub fn out_file(mut self, file: impl AsRef<Path>) -> Self {
        self.out_file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Only this version (`beta`, `v1.0`); call again for more.
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.settings.versions.push(version);
        self
    }

    /// Only the closure of this root type, enum or operation; call again for more.
    pub fn root(mut self, name: impl Into<String>) -> Self {
        self.settings.roots.push(name.into());
        self
    }

    /// An extra derive on every generated struct and enum (`"Eq"`, `"schemars::JsonSchema"`).
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.settings.extra_derives.push(path.into());
        self
    }

    /// Doc comments from the docs' descriptions (on by default).
    pub fn doc_comments(mut self, on: bool) -> Self {
        self.settings.doc_comments = on;
        self
    }

    /// Replaces all settings at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Do not print warnings as `cargo:warning` lines.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    fn in_build_script() -> bool {
        std::env::var_os("CARGO_MANIFEST_DIR").is_some() && std::env::var_os("OUT_DIR").is_some()
    }

    /// The docs folder as read: relative to `CARGO_MANIFEST_DIR` when set.
    pub fn docs_dir(&self) -> PathBuf {
        let docs = self.docs.clone().unwrap_or_else(|| PathBuf::from("docs"));
        match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if docs.is_relative() => PathBuf::from(dir).join(docs),
            _ => docs,
        }
    }

    fn out_path(&self) -> PathBuf {
        let file = self
            .out_file
            .clone()
            .unwrap_or_else(|| PathBuf::from("graph.rs"));
        match std::env::var_os("OUT_DIR") {
            Some(dir) if file.is_relative() => PathBuf::from(dir).join(file),
            _ => file,
        }
    }

    /// Generates the file, writing it only when its content changed. In a build script, prints
    /// `cargo:rerun-if-changed` for every folder and file read (so edited and added pages rebuild)
    /// and `cargo:warning` for each warning. Never panics.
    pub fn generate(self) -> Result<(), Error> {
        let docs_dir = self.docs_dir();
        let docs = Docs::load(&docs_dir);
        if Self::in_build_script() {
            for folder in &docs.folders {
                println!("cargo:rerun-if-changed={}", folder.display());
            }
            for file in &docs.read {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            if docs.folders.is_empty() {
                println!("cargo:rerun-if-changed={}", docs_dir.display());
            }
        }
        let generated = crate::generate_single_file(&docs, &self.settings);
        if generated.has_errors() {
            return Err(Error {
                diagnostics: generated.schema.diagnostics,
            });
        }
        if Self::in_build_script() && !self.quiet {
            for d in generated
                .schema
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .take(50)
            {
                println!(
                    "cargo:warning={}:{}: {} [{}]",
                    docs_dir.join(&d.file).display(),
                    d.line,
                    d.message,
                    d.code
                );
            }
        }
        let text = generated.files.into_values().next().unwrap_or_default();
        let out = self.out_path();
        if std::fs::read_to_string(&out).is_ok_and(|old| old == text) {
            return Ok(());
        }
        let io_error = |e: std::io::Error| Error {
            diagnostics: vec![crate::Diagnostic::error(
                "output-unwritable",
                &crate::ir::Source::new(out.display().to_string(), 0),
                format!("cannot write the output file: {e}"),
            )],
        };
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::write(&out, text).map_err(io_error)?;
        Ok(())
    }
}
