//! The `build.rs` front end.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), graphdoc_codegen::Error> {
//!     graphdoc_codegen::Builder::new().docs("docs").out_file("graph.rs").generate()
//! }
//! ```
//! and in `lib.rs`: `include!(concat!(env!("OUT_DIR"), "/graph.rs"));`
//!
//! In a build script the `Builder` prints one `cargo:warning` line counting the warnings by code
//! and naming the report file it writes to `OUT_DIR` with every finding; [`Builder::verbose`]
//! prints each warning instead, [`Builder::quiet`] nothing. Errors are returned, in full, as the
//! [`Error`] value (whose `Debug` is its readable message).

use std::path::{Path, PathBuf};

use crate::diagnostics::{escape_control, Code, Diagnostic, Severity};
use crate::ir::{ApiVersion, Source};
use crate::settings::OptionValue;
use crate::{Docs, Error, Settings};

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
fn finding_line(display_root: &str, d: &Diagnostic) -> String {
    let mut line = String::new();
    if let Some(path) = crate::diagnostics::shown_path(Path::new(display_root), &d.file) {
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
    /// `build.rs` through the [`Builder`].
    Builder,
    /// The `graph_models!` macro.
    Macro,
}

impl FrontEnd {
    /// Rewrites the help of the findings whose help names the CLI's `--docs` in this front end's
    /// words: `.docs(..)` for the [`Builder`], the path argument for `graph_models!`.
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

    /// One `key = value` option, exactly as the macro takes it (see [`crate::settings`] for the
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
        let mut generated = crate::generate_single_file(&docs, &settings);
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
    schema: &crate::Schema,
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

/// What `graph_models!` computes, without the proc-macro plumbing (so benchmarks and tests can call
/// exactly what the macro calls).
pub struct Expansion {
    /// Every item, as [`crate::generate_tokens`] gives them; empty when `errors` is set.
    pub tokens: proc_macro2::TokenStream,
    /// Every docs file read (absolute when `docs_dir` is), and the config.
    pub files_read: Vec<PathBuf>,
    /// The files the caller tracks, a subset of `files_read`: the pages the items were made from,
    /// the include files and the config ([`contributing_files`]); every file read when the
    /// expansion has errors (a fix may come from any page).
    pub tracked: Vec<PathBuf>,
    /// Every docs folder walked.
    pub folders: Vec<PathBuf>,
    /// The error report ([`error_report`]) when the docs or settings have errors.
    pub errors: Option<String>,
    /// The schema, with its diagnostics (errors, and the warnings found on the way; the example
    /// checks, which can only warn, are not run).
    pub schema: crate::Schema,
}

/// Loads `docs_dir` and generates its items with `settings`; errors are shown with `display_root` as
/// the docs folder's name. The config is looked up beside the docs folder, then in
/// `CARGO_MANIFEST_DIR`. Never panics.
pub fn expand(docs_dir: &Path, display_root: &str, settings: &Settings) -> Expansion {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    expand_in(docs_dir, display_root, settings, crate_dir.as_deref())
}

/// [`expand`] for the crate in `crate_dir`, where `graphdoc.toml` is looked up when there is none
/// beside the docs folder (and `settings` carry no config).
pub fn expand_in(
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
    crate_dir: Option<&Path>,
) -> Expansion {
    match load(docs_dir, settings, crate_dir) {
        Ok((docs, settings)) => expand_loaded(docs, docs_dir, display_root, &settings),
        Err(expansion) => *expansion,
    }
}

/// The settings with their config, and the docs; a config that cannot be read is the expansion
/// reporting it.
fn load(
    docs_dir: &Path,
    settings: &Settings,
    crate_dir: Option<&Path>,
) -> Result<(Docs, Settings), Box<Expansion>> {
    let mut settings = settings.clone();
    if settings.config.is_empty() {
        match crate::config::find(None, docs_dir, crate_dir) {
            Ok(config) => settings.config = config,
            Err(e) => {
                let mut schema = crate::Schema::default();
                schema.diagnostics.push(e.to_diagnostic());
                return Err(Box::new(Expansion {
                    tokens: proc_macro2::TokenStream::new(),
                    tracked: vec![e.path.clone()],
                    files_read: vec![e.path],
                    folders: Vec::new(),
                    errors: Some(error_report("", &schema.diagnostics)),
                    schema,
                }));
            }
        }
    }
    Ok((Docs::load(docs_dir), settings))
}

/// The expansion of docs already loaded from `docs_dir`, `settings` carrying their config.
fn expand_loaded(
    docs: Docs,
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
) -> Expansion {
    // The macro reports errors only: the checks that can only warn are skipped.
    let (tokens, mut schema) =
        crate::generate_tokens_with(&docs, settings, crate::Findings::ErrorsOnly);
    FrontEnd::Macro.speak(&mut schema.diagnostics);
    let errors = crate::diagnostics::has_errors(&schema.diagnostics)
        .then(|| error_report(display_root, &schema.diagnostics));
    let config = settings.config.source.as_deref();
    let tracked = match errors {
        Some(_) => docs
            .read
            .iter()
            .map(PathBuf::clone)
            .chain(config.map(Path::to_path_buf))
            .collect(),
        None => contributing_files(&schema, &docs, docs_dir, config),
    };
    Expansion {
        tokens: if errors.is_some() {
            proc_macro2::TokenStream::new()
        } else {
            tokens
        },
        files_read: docs
            .read
            .into_iter()
            .chain(config.map(Path::to_path_buf))
            .collect(),
        tracked,
        folders: docs.folders,
        errors,
        schema,
    }
}

/// The files an edit to which changes what `schema` expands to, in `docs.read`'s order: the pages
/// its types, properties, enums, members and operations were read from (their [`Source`]s, after
/// the roots' selection), every include file (a page's included blocks carry the page's source),
/// and the config. The macro tracks only these, so a re-check has rustc read a few pages, not the
/// whole tree; an edit to another page that starts mentioning one of these items is seen when
/// the macro runs again for another reason (the expansion cache checks every page).
pub fn contributing_files(
    schema: &crate::Schema,
    docs: &Docs,
    docs_dir: &Path,
    config: Option<&Path>,
) -> Vec<PathBuf> {
    let types = schema.types.iter().flat_map(|t| {
        let properties = t.properties.iter().flat_map(|p| &p.sources);
        t.sources.iter().chain(properties)
    });
    let enums = schema.enums.iter().flat_map(|e| {
        let members = e.members.iter().flat_map(|m| &m.sources);
        e.sources.iter().chain(members)
    });
    let operations = schema.operations.iter().flat_map(|o| {
        let parameters = o.request.parameters().iter().chain(&o.function_parameters);
        std::iter::once(&o.source)
            .chain(&o.also_documented_at)
            .chain(o.examples.iter().map(|e| &e.source))
            .chain(parameters.map(|p| &p.source))
    });
    let pages: std::collections::HashSet<&str> = types
        .chain(enums)
        .chain(operations)
        .map(|s| &*s.file)
        .collect();
    let relative = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(docs_dir).ok()?;
        let parts: Option<Vec<&str>> = rel.iter().map(|c| c.to_str()).collect();
        Some(parts?.join("/"))
    };
    docs.read
        .iter()
        .filter(|path| {
            relative(path)
                .is_none_or(|rel| pages.contains(rel.as_str()) || crate::is_include_file(&rel))
        })
        .cloned()
        .chain(config.map(Path::to_path_buf))
        .collect()
}

/// [`expand_in`] through the expansion cache ([`crate::macro_cache`]): the cached items when the
/// docs, the config and the settings are those of the entry, else a fresh expansion, stored when
/// it has no errors. `generator` identifies the code generating (graphdoc's version and a hash of
/// its sources: another graphdoc never reads this one's entries). A cached expansion has an empty
/// `schema`. Never panics; a cache that cannot be read or written only costs the time.
pub fn expand_cached(
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
    crate_dir: Option<&Path>,
    cache: &crate::macro_cache::Cache,
    generator: &str,
) -> (Expansion, crate::macro_cache::Outcome) {
    use crate::macro_cache::{self, Outcome, Sources};
    let identity =
        format!("{generator}\n{settings:?}\n{docs_dir:?}\n{display_root:?}\n{crate_dir:?}");
    let slot = macro_cache::slot(&identity);
    // Before anything is read: a file changed after this moment is never trusted by its stats.
    let read_at = macro_cache::now();
    let mut loaded: Option<(Docs, Settings)> = None;
    let mut key: Option<String> = None;
    let hit = cache.lookup(&slot, &mut || {
        let (docs, settings) = load(docs_dir, settings, crate_dir).ok()?;
        let k = content_key(&identity, &docs, &settings)?;
        loaded = Some((docs, settings));
        key = Some(k.clone());
        Some(k)
    });
    if let Some(hit) = hit {
        if let Ok(tokens) = hit.text.parse::<proc_macro2::TokenStream>() {
            if let (Outcome::SameContent, Some((docs, settings)), Some(key)) =
                (hit.outcome, &loaded, &key)
            {
                // The same docs with new stats (a `touch`, a checkout): record them, so the next
                // check is by stats again instead of by reading every page.
                let files_read: Vec<PathBuf> = docs
                    .read
                    .iter()
                    .chain(&settings.config.source)
                    .cloned()
                    .collect();
                let sources = Sources {
                    read_at,
                    files_read: &files_read,
                    tracked: &hit.tracked,
                    folders: &docs.folders,
                    config_places: &crate::config::places(docs_dir, crate_dir),
                };
                cache.store(&slot, key, &hit.text, &sources);
            }
            let expansion = Expansion {
                tokens,
                files_read: hit.files_read,
                tracked: hit.tracked,
                folders: hit.folders,
                errors: None,
                schema: crate::Schema::default(),
            };
            return (expansion, hit.outcome);
        }
    }
    let (docs, settings) = match loaded {
        Some(l) => l,
        None => match load(docs_dir, settings, crate_dir) {
            Ok(l) => l,
            Err(expansion) => return (*expansion, Outcome::Expanded),
        },
    };
    let key = key.or_else(|| content_key(&identity, &docs, &settings));
    let expansion = expand_loaded(docs, docs_dir, display_root, &settings);
    if let (None, Some(key)) = (&expansion.errors, key) {
        let sources = Sources {
            read_at,
            files_read: &expansion.files_read,
            tracked: &expansion.tracked,
            folders: &expansion.folders,
            config_places: &crate::config::places(docs_dir, crate_dir),
        };
        cache.store(&slot, &key, &expansion.tokens.to_string(), &sources);
    }
    (expansion, Outcome::Expanded)
}

/// [`macro_cache::key`] of the docs and the config they are read with (`None` when the config
/// cannot be read again).
fn content_key(identity: &str, docs: &Docs, settings: &Settings) -> Option<String> {
    let config = match &settings.config.source {
        Some(path) => Some((path.as_path(), std::fs::read(path).ok()?)),
        None => None,
    };
    let config = config.as_ref().map(|(p, b)| (*p, b.as_slice()));
    Some(crate::macro_cache::key(identity, docs, config))
}
