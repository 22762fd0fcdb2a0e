//! `diff`: the model-level changes between two docs trees, and which break generated code.

use std::io::Write;
use std::path::PathBuf;

use super::{load, prepare, print_diagnostics, Common, DiffFormat, EXIT_FINDINGS, EXIT_OK};
use crate::diff::{self, render, Class};
use crate::generate::Generator;

/// What `diff` prints, and where its links point.
pub(super) struct DiffOptions {
    pub(super) format: DiffFormat,
    pub(super) fail_on_breaking: bool,
    pub(super) links: Option<String>,
    pub(super) old_links: Option<String>,
}

/// `diff`: the changes from the tree `old` to `--docs`; exit 1 when either has errors, or when a
/// change breaks and `--fail-on-breaking` is given.
pub(super) fn run(old: &PathBuf, common: &Common, options: &DiffOptions) -> u8 {
    let (settings, new_docs) = match prepare(common, None) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let old_docs = load(old);
    let a = Generator::new(&old_docs, &settings).schema();
    let b = Generator::new(&new_docs, &settings).schema();
    for (docs, schema, root) in [(&old_docs, &a, old), (&new_docs, &b, &common.docs)] {
        if crate::diagnostics::has_errors(&schema.diagnostics) {
            print_diagnostics(
                &mut std::io::stderr().lock(),
                &schema.diagnostics,
                docs,
                root,
                true,
            );
            return EXIT_FINDINGS;
        }
    }
    let changes = diff::diff(&a, &b);
    let trees = render::Trees {
        old,
        new: &common.docs,
        old_links: options.old_links.as_deref(),
        new_links: options.links.as_deref(),
    };
    let text = match options.format {
        DiffFormat::Human => render::human(&changes, &trees),
        DiffFormat::Json => render::json(&changes, &trees),
        DiffFormat::Markdown => render::markdown(&changes, &trees),
    };
    let _ = write!(std::io::stdout().lock(), "{text}");
    let breaking = changes.iter().any(|c| c.class == Class::Breaking);
    if options.fail_on_breaking && breaking {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
