//! The one entry point: [`Generator`] takes the docs and the settings and gives the schema, a
//! crate's files, one file or a token stream, each with every finding. Pure: the caller reads the
//! docs ([`Docs::load`]) and writes what comes out.

mod parse;

use std::collections::BTreeMap;

use crate::config::Tally;
use crate::diagnostics::{self, Code, Diagnostic, Findings, Source};
use crate::docs::Docs;
use crate::emit;
use crate::ir::Schema;
use crate::names_file;
use crate::select;
use crate::settings::Settings;

/// A generation of `docs` with `settings`: pick the findings to compute, then the output.
///
/// ```
/// use graphdoc_codegen::{Docs, Generator, Settings};
///
/// let docs = Docs::from_memory([(
///     "v1.0/resources/thing.md",
///     "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n\
///      | Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n",
/// )]);
/// let settings = Settings::default();
/// let generated = Generator::new(&docs, &settings).crate_files("thing-models");
/// assert!(!generated.has_errors());
/// assert!(generated.files["src/v1_0/graph.rs"].contains("pub struct Thing"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Generator<'a> {
    docs: &'a Docs,
    settings: &'a Settings,
    findings: Findings,
}

/// What a generation produced: the output and every diagnostic, errors included.
pub struct Generated {
    /// Paths relative to the output folder (`Cargo.toml`, `src/lib.rs`, ...) and their contents;
    /// for [`Generator::single_file`], the one file under the empty path.
    pub files: BTreeMap<String, String>,
    /// The schema the files were generated from, with every diagnostic.
    pub schema: Schema,
}

impl<'a> Generator<'a> {
    /// Every finding is computed unless [`Generator::findings`] says otherwise.
    pub fn new(docs: &'a Docs, settings: &'a Settings) -> Self {
        Generator {
            docs,
            settings,
            findings: Findings::All,
        }
    }

    /// Computes only these findings ([`Findings::ErrorsOnly`] skips the checks that can only
    /// warn; the generated items are the same).
    pub fn findings(mut self, findings: Findings) -> Self {
        self.findings = findings;
        self
    }

    /// The schema as the settings select it (versions, roots and their closure), the config's
    /// severities and suppressions applied to its diagnostics.
    pub fn schema(&self) -> Schema {
        self.schema_and_tally().0
    }

    /// [`Generator::schema`], with how many findings the config hid, for reports.
    pub(crate) fn schema_and_tally(&self) -> (Schema, Tally) {
        let config = &self.settings.config;
        let schema = parse::parse(
            self.docs,
            config.findings(self.findings),
            &self.settings.names,
        );
        let mut schema = select::apply(schema, self.settings);
        let tally = config.apply(&mut schema.diagnostics);
        (schema, tally)
    }

    /// A complete crate: `Cargo.toml`, `src/**.rs` and the names file that keeps its operation
    /// names.
    pub fn crate_files(&self, crate_name: &str) -> Generated {
        let mut schema = self.schema();
        let result = {
            let ctx = emit::Context::for_crate(&schema, self.settings);
            let root = emit::module_tree(&ctx);
            emit::crate_files(&ctx, &root, crate_name)
        };
        let files = match result {
            Ok(mut files) => {
                files.insert(
                    names_file::FILE_NAME.to_string(),
                    names_file::Pins::render(&schema),
                );
                files
            }
            Err(e) => {
                schema.diagnostics.push(internal(e));
                BTreeMap::new()
            }
        };
        Generated { files, schema }
    }

    /// Every item as one token stream (what `graph_models!` expands to), with the schema.
    pub fn tokens(&self) -> (proc_macro2::TokenStream, Schema) {
        let mut schema = self.schema();
        let result = {
            let ctx = emit::Context::new(&schema, self.settings);
            let root = emit::module_tree(&ctx);
            emit::single_file_tokens(&ctx, &root)
        };
        match result {
            Ok(tokens) => (tokens, schema),
            Err(e) => {
                schema.diagnostics.push(internal(e));
                (proc_macro2::TokenStream::new(), schema)
            }
        }
    }

    /// Every item as one formatted file, for `include!` (what the [`crate::Builder`] writes).
    pub fn single_file(&self) -> Generated {
        let (tokens, mut schema) = self.tokens();
        let mut files = BTreeMap::new();
        match emit::format_file(tokens) {
            Ok(text) => {
                files.insert(String::new(), format!("{}\n{text}", emit::HEADER));
            }
            Err(e) => schema.diagnostics.push(internal(e)),
        }
        Generated { files, schema }
    }
}

impl Generated {
    /// Whether a diagnostic is an error (a front end then writes nothing).
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

fn internal(message: String) -> Diagnostic {
    Diagnostic::new(Code::Internal, &Source::new(String::new(), 0), message)
        .with_help("this is a graphdoc bug: please report it with the docs page that caused it")
}
