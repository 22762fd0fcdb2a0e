//! The real docs tree (11,290 pages), when it is beside the checkout: every page read without a
//! panic, every resource and enum page turned into a type/enum or a diagnostic naming it, and no
//! diagnostic code on more than a tenth of the pages unless its reason is written here.
//!
//! `cargo test` stays self-contained: these tests are `#[ignore]`d and `.ci/run` runs them with
//! `--ignored` (they skip with a message when the corpus is absent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

mod revision;

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

/// Every page whose `## Request body` section holds a table with rows.
fn pages_with_body_tables(docs: &Docs) -> BTreeSet<String> {
    use graphdoc_codegen::markdown::BlockKind;
    let mut pages = BTreeSet::new();
    for f in &docs.files {
        let page = markdown::parse_page(&f.path, &f.text);
        if page_kind(&page) != PageKind::Api {
            continue;
        }
        let has_table = page.blocks.iter().any(|b| {
            matches!(&b.kind, BlockKind::Table(t) if !t.rows.is_empty())
                && b.section()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("request body"))
        });
        if has_table {
            pages.insert(f.path.clone());
        }
    }
    pages
}

/// Issue 19's figures: one operation per endpoint (none from a query string), names numbered
/// only where every form of an endpoint's name is another's, and how long names are.
fn one_operation_per_endpoint(schema: &Schema) {
    let ops = &schema.operations;
    // The endpoint as a user would tell it: method and path, placeholders, case and query aside.
    let endpoint = |o: &graphdoc_codegen::ir::Operation| {
        let mut path = String::new();
        let mut depth = 0;
        for c in o.path.split('?').next().unwrap_or("").chars() {
            match c {
                '{' | '<' => {
                    depth += 1;
                    if depth == 1 {
                        path.push_str("{}");
                    }
                }
                '}' | '>' => depth -= 1,
                c if depth == 0 => path.push(c.to_ascii_lowercase()),
                _ => {}
            }
        }
        (o.version, o.method, path.trim_end_matches('/').to_string())
    };
    let endpoints: BTreeSet<_> = ops.iter().map(endpoint).collect();
    let from_query = ops.iter().filter(|o| o.path.contains('?')).count();
    let clashes = schema
        .diagnostics
        .iter()
        .filter(|d| d.code == "operation-name-clash")
        .count();
    let lengths: Vec<usize> = ops.iter().map(|o| o.name.len()).collect();
    let over = |n: usize| lengths.iter().filter(|&&l| l > n).count();
    let merged = ops
        .iter()
        .filter(|o| !o.also_documented_at.is_empty())
        .count();
    eprintln!(
        "{} operations for {} endpoints ({merged} documented by several pages), {from_query} from a query string; {clashes} names numbered (every form taken); names over 60 characters: {}, over 80: {}, longest {}",
        ops.len(),
        endpoints.len(),
        over(60),
        over(80),
        lengths.iter().max().copied().unwrap_or(0)
    );
    assert!(
        ops.len() <= endpoints.len(),
        "two operations share an endpoint"
    );
    assert_eq!(from_query, 0);
    let numbered = ops
        .iter()
        .filter(|o| o.name.ends_with(|c: char| c.is_ascii_digit()))
        .filter(|o| {
            !o.path.ends_with(|c: char| c.is_ascii_digit())
                && !o.path.contains(|c: char| c.is_ascii_digit())
        })
        .count();
    assert!(
        numbered <= clashes,
        "{numbered} names end in a number, {clashes} clashes"
    );
    assert!(
        over(60) * 100 <= ops.len() * 3,
        "{} names over 60 characters",
        over(60)
    );
}

/// Issue 10's figures: a body for every documented Request body table (or the reason there is
/// none), and no docs example value left in a function path.
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn operations_are_callable_as_documented() {
    use graphdoc_codegen::ir::{PathSegment, RequestBody};
    let Some((docs, schema)) = corpus() else {
        return;
    };
    let ops = &schema.operations;
    one_operation_per_endpoint(&schema);

    let tables = pages_with_body_tables(&docs);
    let used: BTreeSet<&str> = ops
        .iter()
        .filter(|o| o.request != RequestBody::None || !o.function_parameters.is_empty())
        .flat_map(|o| std::iter::once(&o.source).chain(&o.also_documented_at))
        .map(|s| &*s.file)
        .collect();
    let with_ops: BTreeSet<&str> = ops
        .iter()
        .flat_map(|o| std::iter::once(&o.source).chain(&o.also_documented_at))
        .map(|s| &*s.file)
        .collect();
    let mut explained = Vec::new();
    let mut unexplained = Vec::new();
    for page in tables.iter().filter(|p| !used.contains(p.as_str())) {
        // No operation at all: the syntax block's own diagnostics say why.
        let reason = schema.diagnostics.iter().find(|d| {
            d.file == *page
                && (d.code == "request-body-unused"
                    || (!with_ops.contains(page.as_str()) && d.code.starts_with("http-")))
        });
        match reason {
            Some(d) => explained.push(format!("{page}: {}", d.message)),
            None => unexplained.push(page.clone()),
        }
    }
    eprintln!(
        "{} pages with a Request body table; {} give no body, each with its reason:",
        tables.len(),
        explained.len()
    );
    for e in &explained {
        eprintln!("    {e}");
    }
    assert!(
        unexplained.is_empty(),
        "{} pages have a Request body table, no body and no reason: {:?}",
        unexplained.len(),
        &unexplained[..unexplained.len().min(10)]
    );

    // A docs example value or placeholder left in literal path text would be sent as written.
    let leaked: Vec<&str> = ops
        .iter()
        .filter(|o| {
            o.segments.iter().any(|s| match s {
                // Literal `=` and quotes around a key (`roleTemplateId={x}`, `'{x}'`) are
                // syntax; placeholders and call arguments would be docs values.
                PathSegment::Literal { text } => {
                    text.contains(['{', '}', '<', '>'])
                        || text
                            .split_once('(')
                            .is_some_and(|(_, rest)| !rest.starts_with(')'))
                }
                _ => false,
            })
        })
        .map(|o| o.path.as_str())
        .collect();
    let calls = ops
        .iter()
        .filter(|o| {
            o.segments
                .iter()
                .any(|s| matches!(s, PathSegment::Arguments { .. }))
        })
        .count();
    eprintln!(
        "{calls} operations call a function with arguments; {} keep a docs value in their path",
        leaked.len()
    );
    assert!(leaked.is_empty(), "{leaked:?}");
}

/// Names that last (issue 19): the corpus revised as real revisions differ (pages retitled,
/// placeholders respelled, alternate paths added, pages split, merged, removed and added, paths
/// moved, parameters added) names its surviving endpoints as before. Without the names file a
/// name changes only when another endpoint takes its compact form; with it, never.
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn operation_names_survive_revisions() {
    use graphdoc_codegen::names_file::Pins;
    let Some((docs, schema)) = corpus() else {
        return;
    };
    let (revised, log) = revision::revise(&docs);
    let fresh = graphdoc_codegen::build_schema(&revised, &Settings::default());
    let pins = Pins::parse(&Pins::render(&schema)).0;
    let settings = Settings {
        names: pins,
        ..Settings::default()
    };
    let pinned = graphdoc_codegen::build_schema(&revised, &settings);
    let names = |s: &Schema| -> BTreeMap<(String, String), String> {
        s.operations
            .iter()
            .map(|o| {
                (
                    (o.version.as_str().to_string(), o.endpoint.clone()),
                    o.name.clone(),
                )
            })
            .collect()
    };
    let before = names(&schema);
    let renames = |after: &BTreeMap<(String, String), String>| -> Vec<String> {
        after
            .iter()
            .filter_map(|(k, name)| {
                let was = before.get(k)?;
                (was != name).then(|| format!("{} {}: {was} -> {name}", k.0, k.1))
            })
            .collect()
    };
    let (without, with) = (renames(&names(&fresh)), renames(&names(&pinned)));
    let surviving = names(&fresh)
        .keys()
        .filter(|k| before.contains_key(*k))
        .count();
    eprintln!(
        "{} edits on {} pages; {surviving} surviving endpoints: {} renamed without the names file, {} with it",
        log.len(),
        log.iter().map(|l| &l.page).collect::<BTreeSet<_>>().len(),
        without.len(),
        with.len()
    );
    for r in without.iter().take(20) {
        eprintln!("    {r}");
    }
    assert!(with.is_empty(), "{:?}", &with[..with.len().min(10)]);
}

/// Drift over months of revisions (issue 20): the corpus against itself revised as real
/// revisions differ (see `revision`), every breaking operation change checked against the edit
/// log. At most 2% may pair operations of two pages' lineages (pages both in both trees are never
/// paired with each other, a renamed page is paired with its old self). With
/// `GRAPHDOC_REVISED_OUT=<dir>` the revised tree is written there, for timing the binary on it.
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn drift_over_a_revised_tree_pairs_what_was_edited() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    let (revised, log) = revision::revise(&docs);
    if let Some(dir) = std::env::var_os("GRAPHDOC_REVISED_OUT") {
        for f in &revised.files {
            let path = PathBuf::from(&dir).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.text).unwrap();
        }
    }
    let new = graphdoc_codegen::build_schema(&revised, &Settings::default());
    let start = std::time::Instant::now();
    let changes = graphdoc_codegen::diff::diff(&schema, &new);
    let took = start.elapsed();
    let figures = revision::drift::check(&schema, &new, &log, &changes);
    let pages: BTreeSet<&str> = log.iter().map(|l| l.page.as_str()).collect();
    let mut edits: BTreeMap<String, usize> = BTreeMap::new();
    for l in &log {
        let name = format!("{:?}", l.edit);
        *edits
            .entry(name.split('(').next().unwrap_or("").to_string())
            .or_default() += 1;
    }
    eprintln!("edits: {edits:?}");
    let count = |c| changes.iter().filter(|x| x.class == c).count();
    eprintln!(
        "{} edits on {} of {} pages; {} changes ({} breaking, {} additive, {} neutral) in {:.2} s",
        log.len(),
        pages.len(),
        docs.files.len(),
        changes.len(),
        count(graphdoc_codegen::diff::Class::Breaking),
        count(graphdoc_codegen::diff::Class::Additive),
        count(graphdoc_codegen::diff::Class::Neutral),
        took.as_secs_f64()
    );
    eprintln!(
        "{} breaking operation changes: {} mispaired, {} not explained by an edit",
        figures.breaking,
        figures.mispaired.len(),
        figures.unexplained.len()
    );
    for m in figures.mispaired.iter().take(20) {
        eprintln!("    mispaired: {m}");
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes
        .iter()
        .filter(|c| c.class == graphdoc_codegen::diff::Class::Breaking)
    {
        *by_kind.entry(c.kind.as_str()).or_default() += 1;
    }
    eprintln!("breaking changes by kind: {by_kind:?}");
    for u in figures.unexplained.iter().take(20) {
        eprintln!("    unexplained: {u}");
    }
    assert!(figures.breaking > 1000, "{} breaking", figures.breaking);
    assert!(
        figures.mispaired.len() * 50 <= figures.breaking,
        "{} of {} mispaired",
        figures.mispaired.len(),
        figures.breaking
    );
}

/// Issue 11's figures: every resource page that states a base type (in any form) gives its type
/// that base, or a diagnostic says why not; how many bases have derived types, and how many
/// properties and operations are typed by one (and so hold any of its derived types).
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn derived_types_follow_every_form_of_inheritance() {
    use graphdoc_codegen::extract::inheritance::prose_base;
    use graphdoc_codegen::ir::TypeRef;
    let Some((docs, schema)) = corpus() else {
        return;
    };
    // The type each resource page defines (its resource fact's source is the page's line 1).
    let mut defined: BTreeMap<&str, &graphdoc_codegen::ir::TypeDef> = BTreeMap::new();
    for t in &schema.types {
        for s in t.sources.iter().filter(|s| s.line == 1) {
            defined.insert(&s.file, t);
        }
    }
    let explained = |page: &str| {
        schema.diagnostics.iter().any(|d| {
            d.file == page && (d.code == "base-type-disagrees" || d.code == "base-type-cycle")
        })
    };
    let (mut stating, mut equal, mut differing) = (0, 0, Vec::new());
    for f in &docs.files {
        let page = markdown::parse_page(&f.path, &f.text);
        if page_kind(&page) != PageKind::Resource {
            continue;
        }
        // The resource annotation's `"baseType": "microsoft.graph.x"` (not `null`), a sentence,
        // or a linked note.
        let annotated = page.blocks.iter().any(|b| {
            matches!(&b.kind, graphdoc_codegen::markdown::BlockKind::Code(c)
            if c.annotation.as_ref().is_some_and(|a| {
                a.block_type() == Some("resource") && a.get_str("baseType").is_some()
            }))
        });
        let prose = prose_base(&page, "microsoft.graph").is_some();
        let notes = f.text.contains("Inherited from [");
        if !(annotated || prose || notes) {
            continue;
        }
        stating += 1;
        let Some(t) = defined.get(f.path.as_str()) else {
            continue;
        };
        match &t.base_type {
            Some(_) => equal += 1,
            None if explained(&f.path) => equal += 1,
            None => differing.push(f.path.clone()),
        }
    }
    let bases = schema
        .types
        .iter()
        .filter(|t| !t.derived_types.is_empty())
        .count();
    let polymorphic = |q: &graphdoc_codegen::ir::QualifiedName, v| {
        schema
            .types
            .iter()
            .any(|t| t.version == v && !t.derived_types.is_empty() && t.qualified_name() == *q)
    };
    let properties = schema
        .types
        .iter()
        .flat_map(|t| t.properties.iter().map(move |p| (t.version, p)))
        .filter(|(v, p)| matches!(&p.ty.base, TypeRef::Named(q) if polymorphic(q, *v)))
        .count();
    let operations = schema
        .operations
        .iter()
        .filter(|o| o.named_types().any(|q| polymorphic(q, o.version)))
        .count();
    eprintln!(
        "{stating} resource pages state a base type; {equal} of their types have one (or a diagnostic says why not), {} do not",
        differing.len()
    );
    eprintln!(
        "{} types have a base type; {bases} bases have derived types; {properties} properties and {operations} operations are typed polymorphically",
        schema.types.iter().filter(|t| t.base_type.is_some()).count()
    );
    assert!(
        differing.is_empty(),
        "{:?}",
        &differing[..differing.len().min(10)]
    );
}
