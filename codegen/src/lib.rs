//! graphdoc turns the Microsoft Graph API reference docs (the markdown of the
//! `microsoft-graph-docs` repository: `beta/` and `v1.0/` folders of resource and API pages) into
//! typed Rust models and endpoint stubs.
//!
//! # Where to start
//!
//! - **`build.rs`**: the [`Builder`] writes one file to `OUT_DIR`, for `include!`.
//! - **A macro**: `graphdoc_macros::graph_models!("docs")` expands to the same items.
//! - **A crate of its own**, checked in: the `graphdoc` command line (`graphdoc generate --docs
//!   docs --out generated`), or [`Generator::crate_files`] in memory.
//!
//! The three take the same options ([`Settings`]; as `key = value`, the grammar
//! [`Settings::apply_option`] documents) and read the same `graphdoc.toml` ([`config`]).
//!
//! # In a build script
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), graphdoc_codegen::Error> {
//!     graphdoc_codegen::Builder::new()
//!         .docs("docs") // relative to CARGO_MANIFEST_DIR
//!         .out_file("graph.rs") // relative to OUT_DIR
//!         .option("version", "v1.0")
//!         .roots(["remoteActionAudit"]) // only this type and what it needs
//!         .generate()
//! }
//! ```
//!
//! and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/graph.rs"));`. The crate needs
//! `serde` (with `derive`), `serde_json` and `http` as dependencies. Errors in the docs come back
//! as the [`Error`], each named in full; warnings are counted on one `cargo:warning` line.
//!
//! # In memory
//!
//! [`Docs`] are read from disk ([`Docs::load`]) or given as `(path, text)` pairs; the
//! [`Generator`] turns them into the [`Schema`] (the IR `graphdoc inspect` prints, see [`ir`]), a
//! crate's files, one file, or a token stream. Nothing touches the disk.
//!
//! ```
//! use graphdoc_codegen::{Docs, Generator, Settings, Severity};
//!
//! let page = "# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n\
//!             | Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n";
//! let docs = Docs::from_memory([("v1.0/resources/thing.md", page)]);
//! let mut settings = Settings::default();
//! settings.apply_option("derive", "Eq".into())?;
//!
//! let generated = Generator::new(&docs, &settings).crate_files("thing-models");
//! for finding in &generated.schema.diagnostics {
//!     // rustc-style, the docs folder's name in front of each path
//!     eprint!("{}", finding.render("docs", None));
//! }
//! assert!(!generated.has_errors());
//! assert!(generated.files["src/v1_0/graph.rs"].contains("pub struct Thing"));
//! assert!(generated.schema.diagnostics.iter().all(|d| d.severity != Severity::Error));
//! # Ok::<(), String>(())
//! ```
//!
//! # Findings
//!
//! What is wrong or odd in the docs is never a panic nor a failure: every run gives its findings
//! as [`Diagnostic`]s, each with a [`Code`] (stable, kebab-case on the wire: `enum-members-lag`),
//! a [`Severity`] a `graphdoc.toml` can change, and the page and line. Errors stop generation;
//! warnings and notes do not.
//!
//! # Also
//!
//! [`diff`] compares two docs trees and says which changes break generated code; with the `mock`
//! feature, `mock` answers the documented requests with their documented example responses, and
//! with `serve`, `serve` does so over HTTP. [`names_file`] keeps operation names stable across
//! docs updates.
//!
//! Features: `cli` (default: the `graphdoc` binary), `fast-alloc` (default: the binary's
//! allocator), `mock`, `serve` (default: `graphdoc serve`). Library users (`build.rs`, the macro)
//! take `default-features = false`.

// The modules, bottom layer first; `codegen/tests/layers.rs` checks that each imports only from
// the layers below it (ARCHITECTURE.md explains them).
#[cfg(feature = "fast-alloc")]
mod allocator;
mod builder;
mod case;
#[cfg(feature = "cli")]
mod cli;
pub mod config;
mod diagnostics;
pub mod diff;
mod docs;
mod emit;
mod extract;
mod front_end;
mod generate;
pub mod ir;
mod macro_cache;
mod macro_expand;
mod markdown;
#[cfg(feature = "mock")]
pub mod mock;
pub mod names_file;
mod output;
mod report;
mod resolve;
mod select;
#[cfg(feature = "serve")]
pub mod serve;
mod settings;

pub use builder::{Builder, Error};
pub use diagnostics::{Code, Diagnostic, Findings, Severity, Source};
pub use docs::{DocFile, Docs};
pub use generate::{Generated, Generator};
pub use ir::Schema;
pub use settings::{OptionValue, Settings};

/// Not an API: the modules behind the front door, for graphdoc's own binary, macro crate, tests,
/// benches and fuzz targets (as serde's `__private` is for serde_derive). Anything here may change
/// in any release.
#[doc(hidden)]
pub mod internals {
    macro_rules! reexport {
        ($($(#[$cfg:meta])* $module:ident),* $(,)?) => {
            $($(#[$cfg])* pub mod $module {
                pub use crate::$module::*;
            })*
        };
    }

    reexport!(
        #[cfg(feature = "fast-alloc")]
        allocator,
        builder,
        case,
        #[cfg(feature = "cli")]
        cli,
        config,
        diagnostics,
        diff,
        docs,
        emit,
        extract,
        front_end,
        generate,
        ir,
        macro_cache,
        macro_expand,
        markdown,
        names_file,
        output,
        report,
        resolve,
        select,
        settings,
    );
}
