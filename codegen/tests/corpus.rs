//! The real docs tree (11,290 pages), when it is beside the checkout: every page read without a
//! panic, every resource and enum page turned into a type/enum or a diagnostic naming it, and no
//! diagnostic code on more than a tenth of the pages unless its reason is written here.
//!
//! `cargo test` stays self-contained: these tests are `#[ignore]`d and `.ci/run` runs them with
//! `--ignored` (they skip with a message when the corpus is absent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

mod revision;

use graphdoc_codegen::internals::extract::{page_kind, PageKind};
use graphdoc_codegen::internals::markdown;
use graphdoc_codegen::{Code, Docs, Schema, Settings};

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
    let schema = graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema();
    Some((docs, schema))
}

/// Codes allowed on more than a tenth of the pages, with the reason that is right.
const FREQUENT_BY_NATURE: &[(Code, &str)] = &[];

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn every_resource_and_enum_page_yields_code_or_a_diagnostic() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    assert!(docs.files.len() > 11_000, "{} pages", docs.files.len());
    assert!(!graphdoc_codegen::internals::diagnostics::has_errors(
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
    let mut pages_by_code: BTreeMap<Code, BTreeSet<&str>> = BTreeMap::new();
    for d in &schema.diagnostics {
        pages_by_code
            .entry(d.code)
            .or_default()
            .insert(d.file.as_str());
    }
    let limit = docs.files.len() / 10;
    for (code, pages) in &pages_by_code {
        eprintln!("{:>32}: {} pages", code.as_str(), pages.len());
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
    let again = graphdoc_codegen::Generator::new(&docs.clone(), &Settings::default()).schema();
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
    let changed = graphdoc_codegen::Generator::new(&edited, &Settings::default()).schema();
    let changes = graphdoc_codegen::diff::diff(&schema, &changed);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].class, graphdoc_codegen::diff::Class::Breaking);
}

/// Every page whose `## Request body` section holds a table with rows.
fn pages_with_body_tables(docs: &Docs) -> BTreeSet<String> {
    use graphdoc_codegen::internals::markdown::BlockKind;
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
        .filter(|d| d.code == Code::OperationNameClash)
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
    let long: Vec<&str> = ops
        .iter()
        .filter(|o| o.name.len() > 60)
        .map(|o| o.name.as_str())
        .collect();
    assert!(long.is_empty(), "names over 60 characters: {long:?}");
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
                && (d.code == Code::RequestBodyUnused
                    || (!with_ops.contains(page.as_str()) && d.code.as_str().starts_with("http-")))
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
    let fresh = graphdoc_codegen::Generator::new(&revised, &Settings::default()).schema();
    let pins = Pins::parse(&Pins::render(&schema)).0;
    let settings = Settings {
        names: pins,
        ..Settings::default()
    };
    let pinned = graphdoc_codegen::Generator::new(&revised, &settings).schema();
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

/// The type an "Inherits from" sentence of the page's introduction or Properties section names,
/// read here on its own terms (not with graphdoc's reader, which this checks): the first link in
/// the rest of the sentence, else its first word after articles and adjectives.
fn sentence_base(page: &markdown::Page) -> Option<String> {
    use graphdoc_codegen::internals::markdown::BlockKind;
    const PHRASES: [&str; 5] = [
        "inherits from",
        "inherit from",
        "derived from",
        "derives from",
        "inherited from",
    ];
    page.blocks.iter().find_map(|b| {
        let BlockKind::Paragraph(p) = &b.kind else {
            return None;
        };
        let described_here = b.heading(2).is_none_or(|h| h.is("properties"));
        let lower = p.text.to_ascii_lowercase();
        if !described_here
            || lower.contains("inherit from this")
            || lower.contains("inherit from here")
        {
            return None;
        }
        let at = PHRASES
            .iter()
            .filter_map(|phrase| {
                let i = lower.find(phrase)?;
                let mut start = i.saturating_sub(16);
                while !lower.is_char_boundary(start) {
                    start += 1;
                }
                let before = &lower[start..i];
                (!before.contains("which") && !before.contains("that ")).then_some(i + phrase.len())
            })
            .min()?;
        let rest = &p.text[at..];
        let sentence = rest
            .split(". ")
            .next()
            .unwrap_or(rest)
            .trim_end_matches('.');
        let linked = p
            .links
            .iter()
            .filter_map(|l| sentence.find(l.text.as_str()).map(|i| (i, l)))
            .min_by_key(|(i, _)| *i)
            .map(|(_, l)| l.text.split_whitespace().collect::<String>());
        let word = || {
            sentence
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
                .map(|w| w.trim_matches(|c: char| matches!(c, '[' | ']' | '*' | '`' | '.' | ':')))
                .find(|w| {
                    !w.is_empty()
                        && !["the", "an", "a", "abstract", "base", "type"]
                            .contains(&w.to_ascii_lowercase().as_str())
                })
                .map(str::to_string)
        };
        let name = linked.or_else(word)?;
        let name = name
            .trim_matches(|c: char| c == '*' || c == '`')
            .to_string();
        (!["this", "here", "that", "it", "descendants"]
            .contains(&name.to_ascii_lowercase().as_str()))
        .then_some(name)
    })
}

/// The base types a resource page states, by name (no namespace): its resource annotation's
/// `baseType` (not `null`), its "Inherits from [x]" sentence (not about the type itself), and the
/// one type its properties' "Inherited from [x]" notes name (several notes naming several types
/// state no single base).
fn stated_bases(page: &markdown::Page, text: &str) -> Vec<String> {
    use graphdoc_codegen::internals::markdown::BlockKind;
    let bare = |name: &str| {
        let name = name
            .trim()
            .trim_matches(|c: char| c == '#' || c == '*' || c == '`');
        name.rsplit('.').next().unwrap_or(name).to_string()
    };
    let mut stated: Vec<String> = Vec::new();
    let mut own = None;
    for b in &page.blocks {
        if let BlockKind::Code(c) = &b.kind {
            if let Some(a) = c
                .annotation
                .as_ref()
                .filter(|a| a.block_type() == Some("resource"))
            {
                stated.extend(a.get_str("baseType").map(bare));
                own = own.or(a.get_str("@odata.type").map(bare));
            }
        }
    }
    let not_own = |n: &String| {
        own.as_ref()
            .is_none_or(|o: &String| !o.eq_ignore_ascii_case(n))
    };
    stated.extend(sentence_base(page).map(|n| bare(&n)).filter(not_own));
    let mut notes: Vec<String> = text
        .split("Inherited from [")
        .skip(1)
        .filter_map(|rest| rest.split(']').next().map(bare))
        .collect();
    notes.sort_by_key(|n| n.to_ascii_lowercase());
    notes.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if let [only] = notes.as_slice() {
        stated.push(only.clone());
    }
    stated.retain(|s| !s.is_empty());
    stated
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
    let new = graphdoc_codegen::Generator::new(&revised, &Settings::default()).schema();
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
/// that base (issue 21: the very type it states, and a page that defines no type is counted, not
/// skipped), or a diagnostic says why not; how many bases have derived types, and how many
/// properties and operations are typed by one (and so hold any of its derived types).
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn derived_types_follow_every_form_of_inheritance() {
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
            d.file == page && (d.code == Code::BaseTypeDisagrees || d.code == Code::BaseTypeCycle)
        })
    };
    let (mut stating, mut equal, mut differing) = (0, 0, Vec::new());
    for f in &docs.files {
        let page = markdown::parse_page(&f.path, &f.text);
        if page_kind(&page) != PageKind::Resource {
            continue;
        }
        let stated = stated_bases(&page, &f.text);
        if stated.is_empty() {
            continue;
        }
        stating += 1;
        // A page that states a base must define a type: none is a loss to explain, not to skip.
        let Some(t) = defined.get(f.path.as_str()) else {
            differing.push(format!("{}: states {stated:?} but defines no type", f.path));
            continue;
        };
        let base = t.base_type.as_ref().map(|b| b.name.as_str());
        match base {
            Some(b) if stated.iter().any(|s| s.eq_ignore_ascii_case(b)) => equal += 1,
            _ if explained(&f.path) => equal += 1,
            _ => differing.push(format!("{}: states {stated:?}, gives {base:?}", f.path)),
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

/// A heading line of a page's raw text, read without graphdoc's parser (to check its findings):
/// its 1-based line, level, text without HTML tags (lowercase) and `<a name>` anchor. Tab headings
/// (`# [HTTP](#tab/http)`) are no sections and are left out; so is anything inside a code fence.
struct RawHeading {
    line: usize,
    level: usize,
    text: String,
    anchor: Option<String>,
}

fn raw_headings(text: &str) -> Vec<RawHeading> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let level = t.chars().take_while(|&c| c == '#').count();
        if fenced || !(1..=6).contains(&level) || !t[level..].starts_with(' ') {
            continue;
        }
        let rest = &t[level..];
        if rest.contains("(#tab/") {
            continue;
        }
        let anchor = rest.find("name=\"").map(|at| {
            let value = &rest[at + 6..];
            value[..value.find('"').unwrap_or(value.len())].to_ascii_lowercase()
        });
        let mut plain = String::new();
        let mut in_tag = false;
        for c in rest.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        out.push(RawHeading {
            line: i + 1,
            level,
            text: plain.trim().to_ascii_lowercase(),
            anchor,
        });
    }
    out
}

fn raw_is(h: &RawHeading, words: &str) -> bool {
    h.text.starts_with(words)
        || h.anchor
            .as_deref()
            .is_some_and(|a| a.starts_with(&words.replace(' ', "-")))
}

/// A request line as the docs write one: a method, then a path (`/x`, `~/x`, `https://...`).
fn is_request_line(line: &str) -> bool {
    let t = line.trim();
    ["GET", "POST", "PATCH", "PUT", "DELETE"].iter().any(|m| {
        t.get(..m.len()).is_some_and(|v| v.eq_ignore_ascii_case(m))
            && ['/', '~', 'h'].contains(
                &t[m.len()..]
                    .trim_start()
                    .chars()
                    .next()
                    .unwrap_or(' ')
                    .to_ascii_lowercase(),
            )
    })
}

/// The raw text's HTTP request sections (not under an Example heading), each as its heading and
/// whether a code block in it holds a request line.
fn raw_request_sections(text: &str) -> Vec<(usize, bool)> {
    let headings = raw_headings(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        if !raw_is(h, "http request") {
            continue;
        }
        let in_example = headings[..i]
            .iter()
            .rev()
            .scan(h.level, |level, above| {
                let enclosing = above.level < *level;
                if enclosing {
                    *level = above.level;
                }
                Some(enclosing && raw_is(above, "example"))
            })
            .any(|e| e);
        if in_example {
            continue;
        }
        let end = headings[i + 1..]
            .iter()
            .find(|next| next.level <= h.level)
            .map_or(lines.len(), |next| next.line - 1);
        let mut fenced = false;
        let mut request = false;
        for line in &lines[h.line..end] {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fenced = !fenced;
            } else if fenced && is_request_line(t) {
                request = true;
            }
        }
        out.push((h.line, request));
    }
    out
}

/// Issue 21: no silent loss. Every API page that gives no operation and every resource page that
/// gives no type is in `Schema::lost` (the run's summary line counts them) with a finding that says
/// why, and the finding is true of the page's raw text; and no page with a request line in its HTTP
/// request section gives no operation (13 did before).
#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn every_page_that_gives_nothing_says_why_and_the_reason_is_true() {
    let Some((docs, schema)) = corpus() else {
        return;
    };
    let texts: BTreeMap<&str, &str> = docs
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let with_ops: BTreeSet<&str> = schema
        .operations
        .iter()
        .flat_map(|o| std::iter::once(&o.source).chain(&o.also_documented_at))
        .map(|s| &*s.file)
        .collect();
    let findings = |page: &str, code: Code| {
        schema
            .diagnostics
            .iter()
            .any(|d| d.file == page && d.code == code)
    };

    // Request lines in an HTTP request section, and no operation.
    let mut silent = Vec::new();
    for f in docs.files.iter().filter(|f| f.path.contains("/api/")) {
        let requests = raw_request_sections(&f.text).iter().any(|(_, r)| *r);
        if requests && !with_ops.contains(f.path.as_str()) {
            silent.push(f.path.clone());
        }
    }
    eprintln!(
        "{} API pages have a request line in their HTTP request section and give no operation",
        silent.len()
    );
    assert!(silent.is_empty(), "{silent:?}");

    let mut wrong = Vec::new();
    for page in &schema.lost.api_pages {
        let text = texts[page.as_str()];
        let sections = raw_request_sections(text);
        let true_reason = (findings(page, Code::HttpRequestMissing) && sections.is_empty())
            || (findings(page, Code::HttpRequestEmpty)
                && !sections.is_empty()
                && sections.iter().all(|(_, r)| !r));
        if !true_reason {
            wrong.push(page.clone());
        }
    }
    for page in &schema.lost.resource_pages {
        let text = texts[page.as_str()];
        let compact: String = text.split_whitespace().collect();
        let annotated = compact
            .split("<!--")
            .any(|c| c.contains("\"blockType\":\"resource\"") && c.contains("\"@odata.type\":"));
        let titled = raw_headings(text).iter().any(|h| {
            h.level == 1 && (h.text.contains(" resource") || h.text.contains(" complex type"))
        });
        if !(findings(page, Code::ResourceNameUnknown) && !annotated && !titled) {
            wrong.push(page.clone());
        }
    }
    eprintln!(
        "{} API pages give no operation, {} resource pages no type; each with a true finding",
        schema.lost.api_pages.len(),
        schema.lost.resource_pages.len()
    );
    assert!(wrong.is_empty(), "no true finding says why: {wrong:?}");
    // And the lost pages are all the pages that gave nothing.
    let api_pages = docs.files.iter().filter(|f| {
        let page = markdown::parse_page(&f.path, &f.text);
        page_kind(&page) == PageKind::Api && !with_ops.contains(f.path.as_str())
    });
    let lost: BTreeSet<&str> = schema.lost.api_pages.iter().map(String::as_str).collect();
    let unlisted: Vec<&str> = api_pages
        .map(|f| f.path.as_str())
        .filter(|p| !lost.contains(p))
        .collect();
    assert!(unlisted.is_empty(), "{unlisted:?}");
}
