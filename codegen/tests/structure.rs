//! Pages read by their structure, not by their English words (issue 21), on real pages copied into
//! `tests/data/structure/` (see its `SOURCES.md`): HTTP request sections under tab headings and in
//! `msgraph-interactive` blocks, a base type named by a link after other words, today's
//! three-column permissions include, and the same pages with translated headings and English
//! anchors (`tests/data/translated/`).

use std::path::{Path, PathBuf};

use graphdoc_codegen::ir::{Operation, TypeDef};
use graphdoc_codegen::{Code, Docs, Generator, Schema, Settings};
use serde_json::Value;

fn data(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(folder)
}

fn structure() -> Schema {
    Generator::new(&Docs::load(&data("structure")), &Settings::default()).schema()
}

/// The operations a page gives, first documented there or merged into another's.
fn operations_of<'s>(schema: &'s Schema, page: &str) -> Vec<&'s Operation> {
    schema
        .operations
        .iter()
        .filter(|o| {
            std::iter::once(&o.source)
                .chain(&o.also_documented_at)
                .any(|s| &*s.file == page)
        })
        .collect()
}

fn type_def<'s>(schema: &'s Schema, version: &str, name: &str) -> &'s TypeDef {
    schema
        .types
        .iter()
        .find(|t| t.version.as_str() == version && t.name == name)
        .unwrap_or_else(|| panic!("no type {version} {name}"))
}

/// The pages issue 21 names (drive-get and its like, beta and v1.0; site-search and
/// site-list-subsites) each give their operations, and none says its HTTP request section is empty.
#[test]
fn every_http_request_section_gives_its_operations() {
    let schema = structure();
    let mut pages: Vec<String> = [
        "drive-get",
        "drive-list",
        "drive-recent",
        "drive-sharedwithme",
        "drive-list-following",
        "drive-get-specialfolder",
    ]
    .iter()
    .flat_map(|p| [format!("beta/api/{p}.md"), format!("v1.0/api/{p}.md")])
    .collect();
    pages.push("v1.0/api/site-search.md".into());
    pages.push("v1.0/api/site-list-subsites.md".into());
    for page in &pages {
        assert!(
            !operations_of(&schema, page).is_empty(),
            "{page} gives no operation"
        );
        let empty: Vec<&str> = schema
            .diagnostics
            .iter()
            .filter(|d| d.file == *page && d.code.as_str().starts_with("http-request"))
            .map(|d| d.message.as_str())
            .collect();
        assert!(empty.is_empty(), "{page}: {empty:?}");
    }

    // drive-get documents five requests, each under its own `### HTTP request` with a tab heading
    // and a `msgraph-interactive` block.
    let summary: Vec<String> = operations_of(&schema, "v1.0/api/drive-get.md")
        .iter()
        .map(|o| {
            let permissions: Vec<String> = o
                .permissions
                .iter()
                .map(|p| {
                    format!(
                        "    {}: least {:?}, higher {:?}",
                        p.kind, p.scopes, p.higher_privileged
                    )
                })
                .collect();
            format!(
                "{} {} {} -> {} {}\n  line {}\n{}",
                o.name,
                o.method.as_str(),
                o.path,
                o.success_status,
                o.response_type
                    .as_ref()
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                o.source.line,
                permissions.join("\n")
            )
        })
        .collect();
    insta::assert_snapshot!("drive-get-operations", summary.join("\n"));
}

/// "Inherits from base class [identityUserFlow](...)": the link names the base, not "class".
#[test]
fn the_linked_base_type_wins_over_the_words_before_it() {
    let schema = structure();
    let b2x = type_def(&schema, "v1.0", "b2xIdentityUserFlow");
    assert_eq!(
        b2x.base_type.as_ref().map(|b| b.to_string()).as_deref(),
        Some("microsoft.graph.identityUserFlow")
    );
}

/// Today's pages put the permissions in an include with a least and a higher privileged column
/// (`v1.0/includes/permissions/application-get-permissions.md`): both are kept, apart.
#[test]
fn a_three_column_permissions_include_keeps_both_columns() {
    let schema = structure();
    let ops = operations_of(&schema, "v1.0/api/application-get.md");
    assert!(!ops.is_empty());
    for op in ops {
        let read: Vec<(&str, Vec<&str>, Vec<&str>)> = op
            .permissions
            .iter()
            .map(|p| {
                (
                    p.kind.as_str(),
                    p.scopes.iter().map(String::as_str).collect(),
                    p.higher_privileged.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "Delegated (work or school account)",
                    vec!["Application.Read.All"],
                    vec!["Application.ReadWrite.All", "Directory.Read.All"]
                ),
                (
                    "Delegated (personal Microsoft account)",
                    vec!["Application.Read.All"],
                    vec!["Application.ReadWrite.All"]
                ),
                (
                    "Application",
                    vec!["Application.Read.All"],
                    vec!["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"]
                ),
            ],
            "{}",
            op.name
        );
    }
    assert!(
        !schema
            .diagnostics
            .iter()
            .any(|d| d.code == Code::PermissionsUnresolved),
        "the include is read"
    );
}

/// The pages of `translated/` (`b2xidentityuserflow.md` and `identitycontainer-post-b2xuserflows.md`
/// with Japanese headings and English anchors, some prose translated), or the English pages of
/// `structure/`.
fn b2x_tree(translated: bool) -> Schema {
    let pages = [
        "v1.0/resources/b2xidentityuserflow.md",
        "v1.0/api/identitycontainer-post-b2xuserflows.md",
    ];
    let read = |folder: &str, page: &str| {
        let text = std::fs::read_to_string(data(folder).join(page)).unwrap();
        (page.to_string(), text)
    };
    let folder = if translated {
        "translated"
    } else {
        "structure"
    };
    Generator::new(
        &Docs::from_memory(pages.iter().map(|p| read(folder, p))),
        &Settings::default(),
    )
    .schema()
}

/// The model as JSON without what prose gives (descriptions) and without the findings.
fn model(schema: &Schema) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("description");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(schema).unwrap();
    v.as_object_mut().unwrap().remove("diagnostics");
    strip(&mut v);
    v
}

/// A page written with translated headings and English anchors gives the model of the English
/// page, except what only its prose said (here the "Inherits from" sentence, translated); the run
/// says so once, in a note.
#[test]
fn translated_headings_with_english_anchors_give_the_english_model() {
    let english = b2x_tree(false);
    let translated = b2x_tree(true);
    assert!(
        !translated.operations.is_empty() && !translated.types.is_empty(),
        "the translated pages give operations and types"
    );

    // The base type is the one fact only the prose gave.
    assert!(type_def(&translated, "v1.0", "b2xIdentityUserFlow")
        .base_type
        .is_none());
    let mut patched = translated.clone();
    for t in &mut patched.types {
        let same = english
            .types
            .iter()
            .find(|e| e.name == t.name)
            .expect("the same types");
        if t.name == "b2xIdentityUserFlow" {
            t.base_type = same.base_type.clone();
        }
    }
    // An operation's title is the page's heading: prose, recovered from the anchor's words.
    for o in &mut patched.operations {
        let same = english
            .operations
            .iter()
            .find(|e| e.endpoint == o.endpoint)
            .expect("the same operations");
        assert!(
            o.title.eq_ignore_ascii_case(&same.title),
            "{} / {}",
            o.title,
            same.title
        );
        o.title = same.title.clone();
    }
    assert_eq!(model(&patched), model(&english));

    let notes: Vec<&str> = translated
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ProseNotEnglish)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("2 page(s)"), "{}", notes[0]);
    assert!(!english
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ProseNotEnglish));
}
