//! graphdoc: typed Rust models and endpoint stubs from the Microsoft Graph API reference docs.
//!
//! The core is pure: [`Docs`] in, [`Generated`] (files or tokens, plus every diagnostic) out. The
//! CLI (`graphdoc`), the [`Builder`] for `build.rs` and the `graph_models!` macro are thin front ends
//! over it, sharing one [`Settings`].
//!
//! Pipeline: [`markdown`] parses pages into blocks, [`extract`] turns each page into facts,
//! [`resolve`] merges the facts into the [`ir::Schema`], and [`emit`] writes Rust.

pub mod builder;
pub mod case;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod extract;
pub mod ir;
pub mod macro_cache;
pub mod markdown;
#[cfg(feature = "mock")]
pub mod mock;
pub mod names_file;
pub mod report;

pub mod output;
pub mod resolve;
pub mod select;
#[cfg(feature = "serve")]
pub mod serve;
pub mod settings;

use rayon::prelude::*;
use std::collections::BTreeMap;

pub use builder::Builder;
pub use diagnostics::{Code, Diagnostic, Findings, Severity};
pub use docs::Docs;
pub use ir::Schema;
pub use settings::Settings;

use markdown::{Block, BlockKind, Page};

/// Pages under an `includes/` folder are only read through `[!INCLUDE]`.
fn is_include_file(path: &str) -> bool {
    path.split('/').any(|s| s == "includes")
}

/// Splices resolved `[!INCLUDE]` blocks into a page (one level deep, inside the docs root only).
fn expand_includes(
    page: &mut Page,
    pages: &BTreeMap<&str, Page>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !page
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Include { .. }))
    {
        return;
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(page.blocks.len());
    for block in std::mem::take(&mut page.blocks) {
        let BlockKind::Include { target, .. } = &block.kind else {
            blocks.push(block);
            continue;
        };
        let resolved = docs::resolve_relative(&page.path, target);
        match resolved.as_deref().and_then(|p| pages.get(p)) {
            Some(included) => {
                for b in &included.blocks {
                    if matches!(b.kind, BlockKind::Heading(_)) {
                        continue;
                    }
                    let mut b = b.clone();
                    b.line = block.line;
                    b.headings = block.headings.clone();
                    // Findings about an included table's rows point at the `[!INCLUDE]` line of
                    // the page: their own lines are lines of another file.
                    if let BlockKind::Table(t) = &mut b.kind {
                        for row in &mut t.rows {
                            row.line = block.line;
                        }
                    }
                    blocks.push(b);
                }
            }
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::IncludeMissing,
                        &ir::Source::new(page.path.clone(), block.line),
                        format!("`{target}` is not in the docs folder; its content is not read"),
                    )
                    .with_help(
                        "copy the docs' `includes/` folder beside the pages to have it read",
                    ),
                );
                blocks.push(block);
            }
        }
    }
    page.blocks = blocks;
}

/// One note for the run, not one per page: pages with headings in another language (found by their
/// English anchors) give their tables, code and annotations, but what only their prose says
/// ("Possible values are ...", "Inherits from ...") is not understood.
fn translated_pages_note(facts: &[extract::PageFacts]) -> Option<Diagnostic> {
    let mut pages = facts.iter().filter(|f| f.translated);
    let first = pages.next()?;
    let count = 1 + pages.count();
    Some(
        Diagnostic::new(
            Code::ProseNotEnglish,
            &ir::Source::new(first.page.clone(), 0),
            format!(
                "{count} page(s) have their section headings in another language (found by their English anchors; the first is here): what only their prose says (\"Possible values are ...\" lists, \"Inherits from ...\" base types, response types named in sentences) and the tables whose column headings are translated may be missing from the model"
            ),
        )
        .with_help("generate from the English docs tree for everything the prose says"),
    )
}

/// The pages that gave nothing of what their kind documents, by kind and path.
fn lost_pages(facts: &[extract::PageFacts]) -> ir::Lost {
    let mut lost = ir::Lost::default();
    for f in facts.iter().filter(|f| f.gave_nothing()) {
        match f.kind {
            Some(extract::PageKind::Api) => lost.api_pages.push(f.page.clone()),
            _ => lost.resource_pages.push(f.page.clone()),
        }
    }
    lost.api_pages.sort();
    lost.resource_pages.sort();
    lost
}

/// Parses every page and builds the schema, before any selection. Pure: no disk access.
pub fn parse_docs(docs: &Docs) -> Schema {
    parse_docs_with(docs, Findings::All)
}

/// [`parse_docs`], computing only the `findings` asked for.
pub fn parse_docs_with(docs: &Docs, findings: Findings) -> Schema {
    parse_docs_pinned(docs, findings, &names_file::Pins::default())
}

/// [`parse_docs_with`], keeping the operation names an earlier generation gave (`pins`).
pub fn parse_docs_pinned(docs: &Docs, findings: Findings, pins: &names_file::Pins) -> Schema {
    // No page under a version folder: the error says which folder to pass; a finding per page
    // would bury it.
    if docs
        .diagnostics
        .iter()
        .any(|d| d.code == Code::DocsOutsideVersions)
    {
        return Schema {
            diagnostics: docs.diagnostics.clone(),
            files_read: docs.files.iter().map(|f| f.path.clone()).collect(),
            ..Schema::default()
        };
    }
    // Include files first (few); then each page is parsed, expanded and extracted by one worker,
    // so its blocks are allocated and freed on the same thread and never outlive the closure.
    let (include_files, page_files): (Vec<&docs::DocFile>, Vec<&docs::DocFile>) =
        docs.files.iter().partition(|f| is_include_file(&f.path));
    let includes: BTreeMap<&str, Page> = include_files
        .par_iter()
        .map(|f| (f.path.as_str(), markdown::parse_page(&f.path, &f.text)))
        .collect();
    let results: Vec<(extract::PageFacts, Vec<Diagnostic>)> = page_files
        .par_iter()
        .map(|f| {
            let mut page = markdown::parse_page(&f.path, &f.text);
            let mut missing = Vec::new();
            expand_includes(&mut page, &includes, &mut missing);
            (extract::extract_page(&page), missing)
        })
        .collect();
    let (facts, missing): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    let translated = translated_pages_note(&facts);
    let lost = lost_pages(&facts);
    let mut schema = resolve::resolve(facts, findings, pins);
    schema.diagnostics.extend(translated);
    schema.lost = lost;
    // Absent includes are one finding about the tree, not one per page: most are disclaimers and
    // code snippets, and the ones that carry model data (permissions) have their own diagnostic.
    let missing: Vec<Diagnostic> = missing.into_iter().flatten().collect();
    if let Some(first) = missing.first() {
        let pages: std::collections::BTreeSet<&str> =
            missing.iter().map(|d| d.file.as_str()).collect();
        schema.diagnostics.push(
            Diagnostic::new(
                Code::IncludeMissing,
                &ir::Source::new(first.file.clone(), first.line),
                format!(
                    "{} `[!INCLUDE]` targets on {} page(s) are not in the docs folder and are not read; the first is here: {}",
                    missing.len(),
                    pages.len(),
                    first.message
                ),
            )
            .with_help("copy the docs' `includes/` folder beside the pages to have them read"),
        );
    }
    schema.diagnostics.extend(docs.diagnostics.iter().cloned());
    diagnostics::sort(&mut schema.diagnostics);
    schema.files_read = docs.files.iter().map(|f| f.path.clone()).collect();
    schema
}

/// The schema as the settings select it (versions, roots and their closure).
pub fn build_schema(docs: &Docs, settings: &Settings) -> Schema {
    build_schema_with(docs, settings, Findings::All)
}

/// [`build_schema`], computing only the `findings` asked for.
pub fn build_schema_with(docs: &Docs, settings: &Settings, findings: Findings) -> Schema {
    build_schema_with_tally(docs, settings, findings).0
}

/// [`build_schema_with`], with how many findings the settings' config hid, for reports.
pub fn build_schema_with_tally(
    docs: &Docs,
    settings: &Settings,
    findings: Findings,
) -> (Schema, config::Tally) {
    let schema = parse_docs_pinned(docs, settings.config.findings(findings), &settings.names);
    let mut schema = select::apply(schema, settings);
    let tally = settings.config.apply(&mut schema.diagnostics);
    (schema, tally)
}

/// What a generation produced: the output and every diagnostic, errors included.
pub struct Generated {
    /// Paths relative to the output folder (`Cargo.toml`, `src/lib.rs`, ...) and their contents.
    pub files: BTreeMap<String, String>,
    pub schema: Schema,
}

impl Generated {
    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.schema.diagnostics)
    }

    /// No type, enum or operation was selected: the crate would hold only its support module.
    pub fn is_empty(&self) -> bool {
        self.schema.types.is_empty()
            && self.schema.enums.is_empty()
            && self.schema.operations.is_empty()
    }
}

/// The failure of a generation: the diagnostics that stopped it. `Display` and `Debug` both print
/// the errors rustc-style, so `unwrap()`, `expect()` and `?` in `main` show what to fix.
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
    /// The docs folder the diagnostics' paths are relative to, when known.
    docs: Option<std::path::PathBuf>,
    /// The file holding every finding of the run (the [`Builder`] writes one in a build script).
    report: Option<std::path::PathBuf>,
}

impl Error {
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            diagnostics,
            docs: None,
            report: None,
        }
    }

    /// The errors' paths are shown with this docs folder in front.
    pub fn with_docs(mut self, docs: impl Into<std::path::PathBuf>) -> Self {
        self.docs = Some(docs.into());
        self
    }

    /// Names the file that holds every finding of the run.
    pub fn with_report(mut self, report: impl Into<std::path::PathBuf>) -> Self {
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

fn internal(message: String) -> Diagnostic {
    Diagnostic::new(Code::Internal, &ir::Source::new(String::new(), 0), message)
        .with_help("this is a graphdoc bug: please report it with the docs page that caused it")
}

/// A complete crate (`Cargo.toml`, `src/**.rs`) for `docs`. Pure: the caller writes the files.
pub fn generate_crate(docs: &Docs, settings: &Settings, crate_name: &str) -> Generated {
    let mut schema = build_schema(docs, settings);
    let result = {
        let ctx = emit::Context::new(&schema, settings).with_areas();
        let root = emit::module_tree(&ctx);
        emit::crate_files(&ctx, &root, crate_name)
    };
    let files = match result {
        Ok(mut f) => {
            f.insert(
                names_file::FILE_NAME.to_string(),
                names_file::Pins::render(&schema),
            );
            f
        }
        Err(e) => {
            schema.diagnostics.push(internal(e));
            BTreeMap::new()
        }
    };
    Generated { files, schema }
}

/// All items as one token stream (for the macro), with the schema and its diagnostics.
pub fn generate_tokens(docs: &Docs, settings: &Settings) -> (proc_macro2::TokenStream, Schema) {
    generate_tokens_with(docs, settings, Findings::All)
}

/// [`generate_tokens`], computing only the `findings` asked for (the macro asks for errors only).
pub fn generate_tokens_with(
    docs: &Docs,
    settings: &Settings,
    findings: Findings,
) -> (proc_macro2::TokenStream, Schema) {
    let mut schema = build_schema_with(docs, settings, findings);
    let result = {
        let ctx = emit::Context::new(&schema, settings);
        let root = emit::module_tree(&ctx);
        emit::single_file_tokens(&ctx, &root)
    };
    match result {
        Ok(t) => (t, schema),
        Err(e) => {
            schema.diagnostics.push(internal(e));
            (proc_macro2::TokenStream::new(), schema)
        }
    }
}

/// All items as one formatted file (for `build.rs` + `include!`).
pub fn generate_single_file(docs: &Docs, settings: &Settings) -> Generated {
    let (tokens, mut schema) = generate_tokens(docs, settings);
    let mut files = BTreeMap::new();
    match emit::format_file(tokens) {
        Ok(text) => {
            files.insert(String::new(), format!("{}\n{text}", emit::HEADER));
        }
        Err(e) => schema.diagnostics.push(internal(e)),
    }
    Generated { files, schema }
}
