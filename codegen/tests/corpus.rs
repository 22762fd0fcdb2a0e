//! The real docs tree (11,290 pages), when it is beside the checkout: every page read without a
//! panic, every resource and enum page turned into a type/enum or a diagnostic naming it, and no
//! diagnostic code on more than a tenth of the pages unless its reason is written here.
//!
//! `cargo test` stays self-contained: these tests are `#[ignore]`d and `.ci/run` runs them with
//! `--ignored` (they skip with a message when the corpus is absent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use graphdoc_codegen::extract::{page_kind, PageKind};
use graphdoc_codegen::{markdown, Docs, Schema, Settings};

fn corpus() -> Option<(Docs, Schema)> {
    let dir = std::env::var_os("GRAPHDOC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/graph-docs-2021-07/api-reference")
        });
    if !dir.is_dir() {
        eprintln!("skipped: the corpus is not at {}", dir.display());
        return None;
    }
    let docs = Docs::load(&dir);
    let schema = graphdoc_codegen::build_schema(&docs, &Settings::default());
    Some((docs, schema))
}

/// Codes allowed on more than a tenth of the pages, with the reason that is right.
const FREQUENT_BY_NATURE: &[(&str, &str)] = &[];

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn every_resource_and_enum_page_yields_code_or_a_diagnostic() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    assert!(docs.files.len() > 11_000, "{} pages", docs.files.len());
    assert!(!graphdoc_codegen::diagnostics::has_errors(
        &schema.diagnostics
    ));

    let mut type_pages: BTreeSet<&str> = BTreeSet::new();
    for t in &schema.types {
        for s in &t.sources {
            type_pages.insert(&*s.file);
        }
    }
    let mut enum_pages: BTreeSet<&str> = BTreeSet::new();
    for e in &schema.enums {
        for s in e
            .sources
            .iter()
            .chain(e.members.iter().flat_map(|m| m.sources.iter()))
        {
            enum_pages.insert(&*s.file);
        }
    }
    let diagnosed: BTreeSet<&str> = schema.diagnostics.iter().map(|d| d.file.as_str()).collect();

    let (mut resources, mut enums, mut unexplained) = (0, 0, Vec::new());
    for f in &docs.files {
        let page = markdown::parse_page(&f.path, &f.text);
        let kind = page_kind(&page);
        let covered = match kind {
            PageKind::Resource => {
                resources += 1;
                type_pages.contains(f.path.as_str()) || enum_pages.contains(f.path.as_str())
            }
            PageKind::Enum => {
                enums += 1;
                enum_pages.contains(f.path.as_str())
            }
            _ => true,
        };
        if !covered && !diagnosed.contains(f.path.as_str()) {
            unexplained.push(f.path.clone());
        }
    }
    eprintln!(
        "{resources} resource pages, {enums} enum pages; {} types, {} enums",
        schema.types.len(),
        schema.enums.len()
    );
    assert!(
        unexplained.is_empty(),
        "{} pages yield nothing and say nothing, e.g. {:?}",
        unexplained.len(),
        &unexplained[..unexplained.len().min(10)]
    );
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn no_diagnostic_code_fires_on_more_than_a_tenth_of_pages_unexplained() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    let mut pages_by_code: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in &schema.diagnostics {
        pages_by_code
            .entry(d.code)
            .or_default()
            .insert(d.file.as_str());
    }
    let limit = docs.files.len() / 10;
    for (code, pages) in &pages_by_code {
        eprintln!("{code:>32}: {} pages", pages.len());
        if pages.len() > limit {
            assert!(
                FREQUENT_BY_NATURE.iter().any(|(c, _)| c == code),
                "`{code}` fires on {} of {} pages; explain it in FREQUENT_BY_NATURE or make it rarer",
                pages.len(),
                docs.files.len()
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn a_diff_of_the_corpus_against_itself_reports_nothing() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    // A second, separate read and build: the same tree must give the same model.
    let again = graphdoc_codegen::build_schema(&docs.clone(), &Settings::default());
    let changes = graphdoc_codegen::diff::diff(&schema, &again);
    assert!(
        changes.is_empty(),
        "{} changes, e.g. {:#?}",
        changes.len(),
        &changes[..changes.len().min(5)]
    );
    // And the diff does see a change in it: one property's type edited on one page.
    let mut edited = docs.clone();
    let page = edited
        .files
        .iter_mut()
        .find(|f| f.path == "beta/resources/intune-devices-remoteactionaudit.md")
        .expect("the remoteActionAudit page");
    page.text = page.text.replace(
        "|deviceOwnerUserPrincipalName|String|",
        "|deviceOwnerUserPrincipalName|Int64|",
    );
    let changed = graphdoc_codegen::build_schema(&edited, &Settings::default());
    let changes = graphdoc_codegen::diff::diff(&schema, &changed);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].class, graphdoc_codegen::diff::Class::Breaking);
}
