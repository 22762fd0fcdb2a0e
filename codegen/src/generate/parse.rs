//! Every page parsed, its includes spliced in and its facts extracted (in parallel), then the facts
//! resolved into one schema, before any selection. Pure: no disk access.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{self, Code, Diagnostic, Findings, Source};
use crate::docs::{self, DocFile, Docs};
use crate::extract::{self, PageFacts, PageKind};
use crate::ir::{Lost, Schema};
use crate::markdown::{self, Block, BlockKind, Page};
use crate::names_file::Pins;
use crate::resolve;

/// The schema of every page of `docs`, computing the `findings` asked for and keeping the
/// operation names `pins` gives.
pub(crate) fn parse(docs: &Docs, findings: Findings, pins: &Pins) -> Schema {
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
    let (facts, missing) = extract_pages(docs);
    let translated = translated_pages_note(&facts);
    let lost = lost_pages(&facts);
    let mut schema = resolve::resolve(facts, findings, pins);
    schema.diagnostics.extend(translated);
    schema.lost = lost;
    schema.diagnostics.extend(missing_includes_note(missing));
    schema.diagnostics.extend(docs.diagnostics.iter().cloned());
    diagnostics::sort(&mut schema.diagnostics);
    schema.files_read = docs.files.iter().map(|f| f.path.clone()).collect();
    schema
}

/// Each page's facts, and the `[!INCLUDE]`s each page names that are not in the docs folder.
fn extract_pages(docs: &Docs) -> (Vec<PageFacts>, Vec<Vec<Diagnostic>>) {
    // Include files first (few); then each page is parsed, expanded and extracted by one worker,
    // so its blocks are allocated and freed on the same thread and never outlive the closure.
    let (include_files, page_files): (Vec<&DocFile>, Vec<&DocFile>) = docs
        .files
        .iter()
        .partition(|f| docs::is_include_file(&f.path));
    let includes: BTreeMap<&str, Page> = include_files
        .par_iter()
        .map(|f| (f.path.as_str(), markdown::parse_page(&f.path, &f.text)))
        .collect();
    let results: Vec<(PageFacts, Vec<Diagnostic>)> = page_files
        .par_iter()
        .map(|f| {
            let mut page = markdown::parse_page(&f.path, &f.text);
            let mut missing = Vec::new();
            expand_includes(&mut page, &includes, &mut missing);
            (extract::extract_page(&page), missing)
        })
        .collect();
    results.into_iter().unzip()
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
            Some(included) => blocks.extend(included_blocks(included, &block)),
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::IncludeMissing,
                        &Source::new(page.path.clone(), block.line),
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

/// The blocks of an included page but its headings, placed at the `[!INCLUDE]` block `at`.
fn included_blocks<'a>(included: &'a Page, at: &'a Block) -> impl Iterator<Item = Block> + 'a {
    included
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Heading(_)))
        .map(|b| {
            let mut b = b.clone();
            b.line = at.line;
            b.headings = at.headings.clone();
            // Findings about an included table's rows point at the `[!INCLUDE]` line of the
            // page: their own lines are lines of another file.
            if let BlockKind::Table(t) = &mut b.kind {
                for row in &mut t.rows {
                    row.line = at.line;
                }
            }
            b
        })
}

/// Absent includes are one finding about the tree, not one per page: most are disclaimers and
/// code snippets, and the ones that carry model data (permissions) have their own diagnostic.
fn missing_includes_note(missing: Vec<Vec<Diagnostic>>) -> Option<Diagnostic> {
    let missing: Vec<Diagnostic> = missing.into_iter().flatten().collect();
    let first = missing.first()?;
    let pages: BTreeSet<&str> = missing.iter().map(|d| d.file.as_str()).collect();
    Some(
        Diagnostic::new(
            Code::IncludeMissing,
            &Source::new(first.file.clone(), first.line),
            format!(
                "{} `[!INCLUDE]` targets on {} page(s) are not in the docs folder and are not read; the first is here: {}",
                missing.len(),
                pages.len(),
                first.message
            ),
        )
        .with_help("copy the docs' `includes/` folder beside the pages to have them read"),
    )
}

/// One note for the run, not one per page: pages with headings in another language (found by their
/// English anchors) give their tables, code and annotations, but what only their prose says
/// ("Possible values are ...", "Inherits from ...") is not understood.
fn translated_pages_note(facts: &[PageFacts]) -> Option<Diagnostic> {
    let mut pages = facts.iter().filter(|f| f.translated);
    let first = pages.next()?;
    let count = 1 + pages.count();
    Some(
        Diagnostic::new(
            Code::ProseNotEnglish,
            &Source::new(first.page.clone(), 0),
            format!(
                "{count} page(s) have their section headings in another language (found by their English anchors; the first is here): what only their prose says (\"Possible values are ...\" lists, \"Inherits from ...\" base types, response types named in sentences) and the tables whose column headings are translated may be missing from the model"
            ),
        )
        .with_help("generate from the English docs tree for everything the prose says"),
    )
}

/// The pages that gave nothing of what their kind documents, by kind and path.
fn lost_pages(facts: &[PageFacts]) -> Lost {
    let mut lost = Lost::default();
    for f in facts.iter().filter(|f| f.gave_nothing()) {
        match f.kind {
            Some(PageKind::Api) => lost.api_pages.push(f.page.clone()),
            _ => lost.resource_pages.push(f.page.clone()),
        }
    }
    lost.api_pages.sort();
    lost.resource_pages.sort();
    lost
}
