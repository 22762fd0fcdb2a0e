//! The `build.rs` front end: [`Builder`], and the [`Error`] it returns.

mod error;

pub use error::Error;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Severity, Source};
use crate::docs::Docs;
use crate::front_end::{finding_line, FrontEnd};
use crate::generate::Generator;
use crate::ir::{ApiVersion, Schema};
use crate::settings::{OptionValue, Settings};

/// The `build.rs` front end: reads the docs, generates one file and writes it when it changed.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), graphdoc_codegen::Error> {
///     graphdoc_codegen::Builder::new().docs("docs").out_file("graph.rs").generate()
/// }
/// ```
/// and in `lib.rs`: `include!(concat!(env!("OUT_DIR"), "/graph.rs"));`
///
/// In a build script the `Builder` prints one `cargo:warning` line counting the warnings by code
/// and naming the report file it writes to `OUT_DIR` with every finding; [`Builder::verbose`]
/// prints each warning instead, [`Builder::quiet`] nothing. Errors are returned, in full, as the
/// [`Error`] value (whose `Debug` is its readable message).
#[derive(Clone, Debug, Default)]
pub struct Builder {
    docs: Option<PathBuf>,
    out_file: Option<PathBuf>,
    settings: Settings,
    /// The config given with [`Builder::config`]; else `graphdoc.toml` is looked up.
    config: Option<PathBuf>,
    quiet: bool,
    verbose: bool,
    /// Option errors, reported by [`Builder::generate`] (the builder methods never fail).
    option_errors: Vec<String>,
}

impl Builder {
    /// A builder with the defaults: the docs in `docs`, the output in `graph.rs`, every version
    /// and item.
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

    /// Only this API version (`ApiVersion::Beta`, `ApiVersion::V1`: the CLI's `--api-version`);
    /// call again for more. Default: every version in the docs.
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.settings.versions.push(version);
        self
    }

    /// Only the closure of this root type, enum or operation; call again for more.
    pub fn root(mut self, name: impl Into<String>) -> Self {
        self.settings.roots.push(name.into());
        self
    }

    /// With roots, also follow navigation properties into their targets (off by default: a
    /// navigation property whose target is outside the closure is `serde_json::Value`).
    pub fn follow_navigation(mut self, on: bool) -> Self {
        self.settings.follow_navigation = on;
        self
    }

    /// Uses your Rust type for a docs type (`"Edm.DateTimeOffset"`, `"microsoft.graph.remoteAction"`);
    /// the replaced docs type is not generated.
    pub fn replace(mut self, docs_type: impl Into<String>, rust_path: impl Into<String>) -> Self {
        self.settings
            .replacements
            .push((docs_type.into(), rust_path.into()));
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

    /// One `key = value` option, exactly as the macro takes it (see [`Settings::apply_option`] for the
    /// keys): `.option("version", "beta").option("roots", ["remoteActionAudit"])`. An unknown key or
    /// a bad value is reported by [`Builder::generate`].
    pub fn option(mut self, key: &str, value: impl Into<OptionValue>) -> Self {
        if let Err(e) = self.settings.apply_option(key, value.into()) {
            self.option_errors.push(e);
        }
        self
    }

    /// Only the closure of these roots (adds to earlier roots).
    pub fn roots<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.settings
            .roots
            .extend(names.into_iter().map(Into::into));
        self
    }

    /// The settings as configured so far.
    pub fn current_settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces all settings at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The config (`graphdoc.toml`) with severities and suppressions; relative paths are relative
    /// to `CARGO_MANIFEST_DIR` when it is set. Without it, `graphdoc.toml` beside the docs folder,
    /// else in `CARGO_MANIFEST_DIR`, is read when it exists (see [`crate::config`]).
    pub fn config(mut self, file: impl AsRef<Path>) -> Self {
        self.config = Some(file.as_ref().to_path_buf());
        self
    }

    /// Print no `cargo:warning` line at all, not even the count (the report file is still
    /// written; errors are still returned).
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    /// Print each warning as its own `cargo:warning` line (the first 50), not one line counting
    /// them by code.
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
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

    /// The settings with their config: the one given, else the one found.
    fn settings_with_config(&self, docs_dir: &Path) -> Result<Settings, Error> {
        let mut settings = self.settings.clone();
        if !settings.config.is_empty() {
            return Ok(settings);
        }
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        let explicit = self.config.as_ref().map(|c| match &manifest_dir {
            Some(dir) if c.is_relative() => dir.join(c),
            _ => c.clone(),
        });
        settings.config =
            crate::config::find(explicit.as_deref(), docs_dir, manifest_dir.as_deref())
                .map_err(|e| Error::new(vec![e.to_diagnostic()]))?;
        Ok(settings)
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

    /// The file in `OUT_DIR` that receives every finding of the run: `graph.report.txt` for
    /// `graph.rs`.
    fn report_path(&self) -> Option<PathBuf> {
        let out_dir = std::env::var_os("OUT_DIR")?;
        let out = self.out_path();
        let stem = out.file_stem()?.to_string_lossy().into_owned();
        Some(PathBuf::from(out_dir).join(format!("{stem}.report.txt")))
    }

    /// Generates the file, writing it only when its content changed. In a build script, prints
    /// `cargo:rerun-if-changed` for every folder and file read (so edited and added pages
    /// rebuild), writes every finding to a report file in `OUT_DIR`, and prints one
    /// `cargo:warning` line counting the warnings by code and naming that file (see
    /// [`Builder::verbose`] and [`Builder::quiet`]). Errors are returned, never printed or
    /// panicked on: their `Display` and `Debug` name each error in full.
    pub fn generate(self) -> Result<(), Error> {
        let docs_dir = self.docs_dir();
        if !self.option_errors.is_empty() {
            let diagnostics: Vec<Diagnostic> = self
                .option_errors
                .iter()
                .map(|e| Diagnostic::new(Code::OptionInvalid, &Source::new(String::new(), 0), e))
                .collect();
            return Err(Error::new(diagnostics));
        }
        let settings = self.settings_with_config(&docs_dir)?;
        let docs = Docs::load(&docs_dir);
        if Self::in_build_script() {
            print_rerun_lines(&settings, &docs, &docs_dir);
        }
        let mut generated = Generator::new(&docs, &settings).single_file();
        FrontEnd::Builder.speak(&mut generated.schema.diagnostics);
        let report = match self.report_path().filter(|_| Self::in_build_script()) {
            Some(path) => Some(write_report(&path, &generated.schema, &docs, &docs_dir)?),
            None => None,
        };
        if generated.has_errors() {
            let error = Error::new(generated.schema.diagnostics).with_docs(&docs_dir);
            return Err(match report {
                Some(path) => error.with_report(path),
                None => error,
            });
        }
        if Self::in_build_script() && !self.quiet {
            for line in self.warning_lines(&generated.schema.diagnostics, &docs_dir, report) {
                println!("cargo:warning={line}");
            }
        }
        let text = generated.files.into_values().next().unwrap_or_default();
        write_if_changed(&self.out_path(), &text)
    }

    /// The `cargo:warning` texts: one counting the warnings by code (and the notes) and naming the
    /// report, or with [`Builder::verbose`] each warning, up to 50.
    fn warning_lines(
        &self,
        diagnostics: &[Diagnostic],
        docs_dir: &Path,
        report: Option<PathBuf>,
    ) -> Vec<String> {
        let Some((warnings, by_code)) =
            crate::report::human::by_code(diagnostics, Severity::Warning)
        else {
            return Vec::new();
        };
        let where_all = match &report {
            Some(path) => format!("every finding is in {}", path.display()),
            None => "`graphdoc lint` shows every finding".to_string(),
        };
        if !self.verbose {
            let notes = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Note)
                .count();
            return vec![format!(
                "graphdoc: the docs in {} have {warnings} warning(s) ({by_code}) and {notes} note(s); generated all the same; {where_all}",
                docs_dir.display()
            )];
        }
        let root = docs_dir.display().to_string();
        let all: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let mut lines: Vec<String> = all
            .iter()
            .take(50)
            .map(|d| finding_line(&root, d))
            .collect();
        if all.len() > 50 {
            lines.push(format!(
                "graphdoc: {} more warnings; {where_all}",
                all.len() - 50
            ));
        }
        lines
    }
}

/// `cargo:rerun-if-changed` for the config, every docs folder (so added pages count) and file.
fn print_rerun_lines(settings: &Settings, docs: &Docs, docs_dir: &Path) {
    if let Some(config) = &settings.config.source {
        println!("cargo:rerun-if-changed={}", config.display());
    }
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

/// Every finding of the run, rustc-style (errors last), and the counts, to `path`.
fn write_report(
    path: &Path,
    schema: &Schema,
    docs: &Docs,
    docs_dir: &Path,
) -> Result<PathBuf, Error> {
    let mut text = Vec::new();
    crate::report::human::write_run(
        &mut text,
        schema,
        docs,
        docs_dir,
        crate::report::human::Verbosity::Verbose,
    );
    let text = String::from_utf8_lossy(&text);
    write_if_changed(path, &text)?;
    Ok(path.to_path_buf())
}

/// Writes `text` to `path` unless it holds it already (so a rebuild finds the file untouched).
fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let io_error = |e: std::io::Error| {
        Error::new(vec![Diagnostic::new(
            Code::OutputUnwritable,
            &Source::new(path.display().to_string(), 0),
            format!("cannot write the output file: {e}"),
        )])
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_error)?;
    }
    std::fs::write(path, text).map_err(io_error)
}
