//! Property tests for names: arbitrary type, property, enum-member and operation names in the docs
//! (keywords, digits first, non-ASCII, punctuation, case collisions, empty) give unique, valid Rust
//! identifiers, and the wire names are kept exactly. A sample crate is also compiled and its types
//! round-trip an example body (`a_sample_compiles_and_round_trips`).

use graphdoc_codegen::{Docs, Generated, Generator, Settings};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// How many docs trees the property tests try (each runs the whole pipeline).
const CASES: u32 = 1000;

const KEYWORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "match",
    "async",
    "await",
    "gen",
    "try",
    "dyn",
    "union",
    "static",
    "r#type",
    "_",
    "__",
    "macro_rules",
    "None",
    "Some",
    "Option",
    "String",
    "Vec",
    "Other",
    "other",
    "value",
    "Value",
    "additionalProperties",
    "additional_properties",
    "odataType",
    "odata_type",
    "ODATA_TYPE",
    "PROPERTIES",
    "MEMBERS",
    "default",
    "serde",
    "std",
    "core",
    "new",
];

/// A wire-name fragment: a keyword, a word, digits, non-ASCII or punctuation.
fn piece(punctuation: &'static [&'static str]) -> impl Strategy<Value = String> {
    let word = proptest::collection::vec(select(&['a', 'b', 'x', 'I', 'D', 'Q', 'z'][..]), 1..5)
        .prop_map(|c| c.into_iter().collect::<String>());
    prop_oneof![
        3 => select(KEYWORDS).prop_map(str::to_string),
        4 => word,
        2 => select(&["0", "1", "42", "7z", "2fa"][..]).prop_map(str::to_string),
        2 => select(&["ü", "日本", "é", "ß", "Ω", "🦀", "\u{301}", "\u{202e}"][..]).prop_map(str::to_string),
        3 => select(punctuation).prop_map(str::to_string),
    ]
}

const ANY_PUNCTUATION: &[&str] = &[
    "-", ".", "_", " ", "$", "#", "/", "\\", "\"", "'", "{", "}", "(", ")", "+", "*", "|", "`",
    "~", "!", "?", ",", ":", ";", "<", ">", "=", "%", "&", "^", "\t", "\u{1}", "\u{7f}",
];
/// What a members table accepts in a member name (`[A-Za-z0-9_][A-Za-z0-9_.-]*`).
const MEMBER_PUNCTUATION: &[&str] = &["-", ".", "_"];

fn name(punctuation: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(punctuation), 0..4).prop_map(|p| p.concat())
}

/// `names` plus case and separator variants of some of them: the collisions a namer must resolve.
fn with_collisions(names: Vec<String>, flags: Vec<u8>) -> Vec<String> {
    let mut out = names.clone();
    for (n, flag) in names.iter().zip(flags) {
        out.push(match flag % 4 {
            0 => continue,
            1 => n.to_uppercase(),
            2 => n.replace('-', "_").replace('.', "-"),
            _ => {
                let mut c = n.chars();
                c.next()
                    .map(|f| f.to_lowercase().chain(c).collect())
                    .unwrap_or_default()
            }
        });
    }
    out
}

fn names(
    punctuation: &'static [&'static str],
    n: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<String>> {
    (
        proptest::collection::vec(name(punctuation), n.clone()),
        proptest::collection::vec(any::<u8>(), n.end),
    )
        .prop_map(|(names, flags)| with_collisions(names, flags))
}

#[derive(Clone, Debug)]
struct Tree {
    /// Resource types: name and JSON-representation keys.
    types: Vec<(String, Vec<String>)>,
    enum_name: String,
    members: Vec<String>,
    /// Literal path segments of one GET operation per entry.
    paths: Vec<Vec<String>>,
}

fn tree() -> impl Strategy<Value = Tree> {
    (
        names(ANY_PUNCTUATION, 1..4),
        proptest::collection::vec(names(ANY_PUNCTUATION, 0..6), 4),
        name(MEMBER_PUNCTUATION),
        names(MEMBER_PUNCTUATION, 1..8),
        proptest::collection::vec(proptest::collection::vec(name(ANY_PUNCTUATION), 1..4), 1..4),
    )
        .prop_map(|(type_names, keys, enum_name, members, paths)| Tree {
            types: usable_type_names(type_names)
                .into_iter()
                .zip(keys)
                .map(|(t, k)| (t, usable_keys(k)))
                .collect(),
            enum_name: format!("e{}", enum_name.replace(['.', '-'], "_")),
            members: usable_members(members),
            paths: paths
                .into_iter()
                .map(|segments| segments.into_iter().map(|s| usable_segment(&s)).collect())
                .collect(),
        })
}

/// What the docs accept as a type name in `@odata.type`: no spaces or dots, not `Edm.`, and
/// distinct without regard to case (the docs' names are case-insensitive).
fn usable_type_names(names: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .map(|n| {
            n.replace(
                |c: char| c.is_whitespace() || c == '.' || c == '#' || c == '(',
                "",
            )
        })
        .filter(|n| !n.is_empty() && !n.to_ascii_lowercase().starts_with("collection"))
        .filter(|n| seen.insert(n.to_lowercase()))
        .collect()
}

/// JSON keys the docs read as properties: identifiers (`extract::infer::is_member_name`: no ASCII
/// punctuation, no digit first; any other script), and distinct without regard to case (the
/// resolver takes `deviceID` and `deviceId` for one property, as the docs mean them).
fn usable_keys(keys: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    keys.into_iter()
        .map(|k| k.trim().to_string())
        .filter(|k| graphdoc_codegen::internals::extract::infer::is_member_name(k))
        .filter(|k| seen.insert(k.to_lowercase()))
        .collect()
}

/// Members a members table accepts: `[A-Za-z0-9_][A-Za-z0-9_.-]*`, each once.
fn usable_members(members: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    members
        .into_iter()
        .map(|m| {
            m.chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
                .collect::<String>()
        })
        .map(|m| m.trim_start_matches(['.', '-']).to_string())
        .filter(|m| !m.is_empty() && seen.insert(m.clone()))
        .collect()
}

/// A path segment as a request line carries it: no spaces, slashes, braces, `?` or `#`; and none of
/// what the docs reader takes for prose or a function call (`*`, parentheses) or rewrites (`~`).
fn usable_segment(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '/' | '{' | '}' | '?' | '#' | '%' | '`' | '\\' | '"' | '*' | '(' | ')' | '~'
                )
        })
        .collect();
    if s.is_empty() {
        "x".into()
    } else {
        s
    }
}

/// The page name of type `i` (its file is `t{i}.md`).
fn type_page(i: usize) -> String {
    format!("beta/resources/t{i}.md")
}

/// Whether type `i` also has a Properties table, with `odataType` and `@odata.type` rows beside
/// its keys: names that collide with the members graphdoc adds itself.
fn has_table(i: usize) -> bool {
    i % 2 == 0
}

/// Keys written as table rows too: ASCII identifiers (what every table reader takes as a name).
fn table_row(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Type 1 derives from type 0, when there are two and type 0's name can be linked as a base
/// (`Inherits from [name]`: an identifier).
fn base_of(tree: &Tree, i: usize) -> Option<&str> {
    let base = tree.types[0].0.as_str();
    let linkable = base.starts_with(|c: char| c.is_ascii_alphabetic())
        && base.chars().all(|c| c.is_ascii_alphanumeric());
    (i == 1 && linkable).then_some(base)
}

/// The wire names a type's `PROPERTIES` lists: its base's, then its own (table rows first).
fn expected_properties(tree: &Tree, i: usize) -> Vec<String> {
    let own = |i: usize| -> Vec<String> {
        let mut own: Vec<String> = Vec::new();
        let keys = &tree.types[i].1;
        // A table's rows come first, then the JSON representation's other keys.
        let table: Vec<String> = match has_table(i) {
            true => std::iter::once("odataType".to_string())
                .chain(keys.iter().filter(|k| table_row(k)).cloned())
                .collect(),
            false => Vec::new(),
        };
        for k in table.into_iter().chain(keys.iter().cloned()) {
            if !own.iter().any(|o| o.eq_ignore_ascii_case(&k)) {
                own.push(k);
            }
        }
        own
    };
    let mut all = match base_of(tree, i) {
        Some(_) => own(0),
        None => Vec::new(),
    };
    for k in own(i) {
        if !all.contains(&k) {
            all.push(k);
        }
    }
    all
}

fn resource_page(tree: &Tree, i: usize) -> String {
    let (name, keys) = &tree.types[i];
    let members: Vec<String> = keys
        .iter()
        .map(|k| format!("  {}: \"String\"", serde_json::to_string(k).unwrap()))
        .collect();
    let odata = serde_json::to_string(&format!("microsoft.graph.{name}")).unwrap();
    let (base_note, base_annotation) = match base_of(tree, i) {
        Some(b) => (
            format!("Inherits from [{b}](t0.md).\n\n"),
            format!(
                ",\n  \"baseType\": {}",
                serde_json::to_string(&format!("microsoft.graph.{b}")).unwrap()
            ),
        ),
        None => (String::new(), String::new()),
    };
    let table = match has_table(i) {
        true => {
            let rows: Vec<String> = ["odataType", "@odata.type"]
                .iter()
                .map(|k| k.to_string())
                .chain(keys.iter().filter(|k| table_row(k)).cloned())
                .map(|k| format!("|{k}|String|A property.|"))
                .collect();
            format!(
                "## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{}\n\n",
                rows.join("\n")
            )
        }
        false => String::new(),
    };
    format!("---\ndoc_type: resourcePageType\n---\n# Fuzzed resource type\n\nNamespace: microsoft.graph\n\nA type.\n\n{base_note}{table}## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": {odata}{base_annotation}\n}}-->\n```json\n{{\n{}\n}}\n```\n", members.join(",\n"))
}

/// An update (PATCH) page for type `i`: its body is the type's `Patch` struct.
fn patch_page(tree: &Tree, i: usize) -> String {
    let name = &tree.types[i].0;
    format!("---\ndoc_type: apiPageType\n---\n# Update thing {i}\n\nNamespace: microsoft.graph\n\nUpdates it.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPATCH /patched{i}/{{id}}\n```\n\n## Request body\n\nIn the request body, supply a JSON representation of the [{name}](../resources/t{i}.md) object.\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n")
}

fn docs(tree: &Tree) -> Docs {
    let mut pages = Vec::new();
    for i in 0..tree.types.len() {
        pages.push((type_page(i), resource_page(tree, i)));
        pages.push((format!("beta/api/patch{i}.md"), patch_page(tree, i)));
    }
    let rows: Vec<String> = tree
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| format!("|`{m}`|{i}|A member.|"))
        .collect();
    pages.push((
        "beta/resources/e.md".into(),
        format!("---\ndoc_type: enumPageType\n---\n# `{}` enum type\n\nNamespace: microsoft.graph\n\n## Members\n\n|Member|Value|Description|\n|:---|:---|:---|\n{}\n", tree.enum_name, rows.join("\n")),
    ));
    for (i, segments) in tree.paths.iter().enumerate() {
        let path = format!("/{}", segments.join("/"));
        pages.push((
            format!("beta/api/op{i}.md"),
            format!("---\ndoc_type: apiPageType\n---\n# Get thing {i}\n\nNamespace: microsoft.graph\n\nGets it.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {path}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code.\n"),
        ));
    }
    Docs::from_memory(pages)
}

/// A string literal's value, or `None`.
fn lit_str(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// `const NAME: ... = &["a", "b"]` or `= "a"` in an impl block, as strings.
fn impl_consts(file: &syn::File) -> BTreeMap<(String, String), Vec<String>> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        // `ODataType::ODATA_TYPE = Self::ODATA_TYPE` repeats the inherent constant.
        let repeats = imp.trait_.as_ref().is_some_and(|(_, path, _)| {
            path.segments.last().is_some_and(|s| s.ident == "ODataType")
        });
        if repeats {
            continue;
        }
        let owner = p.path.segments.last().unwrap().ident.to_string();
        for it in &imp.items {
            let syn::ImplItem::Const(c) = it else {
                continue;
            };
            let values = match &c.expr {
                syn::Expr::Reference(r) => match &*r.expr {
                    syn::Expr::Array(a) => a.elems.iter().filter_map(lit_str).collect(),
                    _ => continue,
                },
                e => lit_str(e).into_iter().collect(),
            };
            out.insert((owner.clone(), c.ident.to_string()), values);
        }
    }
    out
}

fn is_valid_ident(ident: &syn::Ident) -> bool {
    syn::parse_str::<syn::Ident>(&ident.to_string()).is_ok()
}

/// The `rename = "..."` of a field, if any.
fn serde_rename(field: &syn::Field) -> Option<String> {
    let mut rename = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                rename = Some(m.value()?.parse::<syn::LitStr>()?.value());
            } else if m.input.peek(syn::Token![=]) {
                m.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    rename
}

/// Per struct with a `Members` impl, field ident -> wire name: arm `i` of `read_member` reads
/// into the field of `MEMBERS[i]` (the last arm is `_`).
fn member_wires(file: &syn::File) -> BTreeMap<String, BTreeMap<String, String>> {
    let consts = impl_consts(file);
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let is_members = imp
            .trait_
            .as_ref()
            .is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "Members"));
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        if !is_members {
            continue;
        }
        let owner = p.path.segments.last().unwrap().ident.to_string();
        let wires = &consts[&(owner.clone(), "MEMBERS".to_string())];
        let mut fields = BTreeMap::new();
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident == "member_index" {
                check_member_index(&owner, f, wires);
                continue;
            }
            let bodies: Vec<syn::Expr> = match f.block.stmts.first() {
                Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) => {
                    m.arms.iter().map(|arm| (*arm.body).clone()).collect()
                }
                // One member: `let _ = index;` then its read.
                _ => match f.block.stmts.get(1) {
                    Some(syn::Stmt::Expr(e, _)) => vec![e.clone()],
                    _ => continue,
                },
            };
            assert_eq!(bodies.len(), wires.len(), "{owner}: one arm per member");
            for (body, wire) in bodies.into_iter().zip(wires) {
                let ident = read_field(&owner, &body);
                fields.insert(ident.to_string(), wire.clone());
            }
        }
        out.insert(owner, fields);
    }
    out
}

/// `member_index` maps `MEMBERS[i]` to `Some(i)` and nothing else to an index.
fn check_member_index(owner: &str, f: &syn::ImplItemFn, wires: &[String]) {
    let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.first() else {
        assert!(wires.is_empty(), "{owner}: member_index without a match");
        return;
    };
    // (the wire name, or None for `_`) => the body, spaces removed.
    let arms: Vec<(Option<String>, String)> = m
        .arms
        .iter()
        .map(|arm| {
            let wire = match &arm.pat {
                syn::Pat::Lit(lit) => match &lit.lit {
                    syn::Lit::Str(s) => Some(s.value()),
                    _ => panic!("{owner}: a member_index pattern that is not a string"),
                },
                _ => None,
            };
            let body = arm.body.to_token_stream().to_string().replace(' ', "");
            (wire, body)
        })
        .collect();
    let mut expected: Vec<(Option<String>, String)> = wires
        .iter()
        .enumerate()
        .map(|(i, w)| (Some(w.clone()), format!("::std::option::Option::Some({i})")))
        .collect();
    expected.push((None, "::std::option::Option::None".to_string()));
    assert_eq!(
        arms, expected,
        "{owner}: member_index disagrees with MEMBERS"
    );
}

/// The field an arm of `read_member` reads into: `support::read_into(map, &mut self.field)`.
fn read_field(owner: &str, body: &syn::Expr) -> syn::Ident {
    let syn::Expr::Call(call) = body else {
        panic!("{owner}: an arm that does not read a field");
    };
    let into = matches!(&*call.func, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "read_into"));
    assert!(
        into && call.args.len() == 2,
        "{owner}: an arm that does not call read_into(map, field)"
    );
    let Some(syn::Expr::Reference(field)) = call.args.last() else {
        panic!("{owner}: read_into without a field");
    };
    let syn::Expr::Field(field) = &*field.expr else {
        panic!("{owner}: read_into into something not a field");
    };
    let syn::Member::Named(ident) = &field.member else {
        panic!("{owner}: an unnamed field");
    };
    ident.clone()
}

/// What the crate says about one tree: struct -> (field ident -> wire name), the consts, and the
/// idents of each module's items.
/// Keys are (file, item) and (file, item, const): items in different modules may share a name.
struct Facts {
    fields: BTreeMap<(String, String), Vec<(syn::Ident, String)>>,
    consts: BTreeMap<(String, String, String), Vec<String>>,
}

fn read_crate(generated: &Generated) -> Result<Facts, TestCaseError> {
    let mut facts = Facts {
        fields: BTreeMap::new(),
        consts: BTreeMap::new(),
    };
    for (path, text) in &generated.files {
        if !path.ends_with(".rs") || path == "src/support.rs" {
            continue;
        }
        let file = syn::parse_file(text)
            .map_err(|e| TestCaseError::fail(format!("{path} does not parse: {e}\n{text}")))?;
        // rustc denies direction codepoints in literals and comments: they must come escaped.
        let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        prop_assert!(!text.contains(bidi), "{path} holds a direction codepoint");
        let mut idents = BTreeSet::new();
        let members = member_wires(&file);
        for item in &file.items {
            let ident = match item {
                syn::Item::Struct(s) => &s.ident,
                syn::Item::Enum(e) => &e.ident,
                _ => continue,
            };
            prop_assert!(
                is_valid_ident(ident),
                "{path}: `{ident}` is not an identifier"
            );
            prop_assert!(
                idents.insert(ident.to_string()),
                "{path}: `{ident}` is defined twice"
            );
            if let syn::Item::Struct(s) = item {
                let mut fields = Vec::new();
                let mut field_idents = BTreeSet::new();
                for f in &s.fields {
                    let fi = f.ident.clone().unwrap();
                    prop_assert!(
                        is_valid_ident(&fi),
                        "{path}: {ident}.`{fi}` is not an identifier"
                    );
                    prop_assert!(
                        field_idents.insert(fi.to_string()),
                        "{path}: {ident}.{fi} twice"
                    );
                    let wire = members
                        .get(&ident.to_string())
                        .and_then(|m| m.get(&fi.to_string()).cloned())
                        .or_else(|| serde_rename(f))
                        .unwrap_or_else(|| fi.to_string().trim_start_matches("r#").to_string());
                    fields.push((fi, wire));
                }
                facts
                    .fields
                    .insert((path.clone(), ident.to_string()), fields);
            }
            if let syn::Item::Enum(e) = item {
                let mut variants = BTreeSet::new();
                for v in &e.variants {
                    prop_assert!(is_valid_ident(&v.ident), "{path}: {ident}::`{}`", v.ident);
                    prop_assert!(
                        variants.insert(v.ident.to_string()),
                        "{path}: {ident}::{} twice",
                        v.ident
                    );
                }
            }
        }
        for ((owner, name), values) in impl_consts(&file) {
            facts.consts.insert((path.clone(), owner, name), values);
        }
    }
    Ok(facts)
}

fn check(tree: &Tree) -> Result<Generated, TestCaseError> {
    let generated = Generator::new(&docs(tree), &Settings::default()).crate_files("names-models");
    let errors: Vec<String> = generated
        .schema
        .diagnostics
        .iter()
        .filter(|d| d.severity == graphdoc_codegen::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    prop_assert!(errors.is_empty(), "{errors:?}");
    let facts = read_crate(&generated)?;
    for (i, (name, _)) in tree.types.iter().enumerate() {
        let keys = &expected_properties(tree, i);
        let wire = format!("#microsoft.graph.{name}");
        let owner = facts
            .consts
            .iter()
            .find(|((_, _, c), v)| c == "ODATA_TYPE" && v.as_slice() == [wire.clone()])
            .map(|((f, o, _), _)| (f.clone(), o.clone()));
        let Some((file, owner)) = owner else {
            return Err(TestCaseError::fail(format!(
                "no type has ODATA_TYPE {wire:?}"
            )));
        };
        let properties = &facts.consts[&(file.clone(), owner.clone(), "PROPERTIES".to_string())];
        prop_assert_eq!(properties, keys, "{}: PROPERTIES", owner);
        let fields = &facts.fields[&(file, owner.clone())];
        for key in keys {
            prop_assert!(
                fields.iter().any(|(_, w)| w == key),
                "{owner}: no field for {key:?}: {fields:?}"
            );
        }
    }
    let enum_wires: Vec<&Vec<String>> = facts
        .consts
        .iter()
        .filter(|((_, _, c), _)| c == "WIRE_NAMES")
        .map(|(_, v)| v)
        .collect();
    if !tree.members.is_empty() {
        prop_assert!(
            enum_wires.iter().any(|w| **w == tree.members),
            "members {:?} not in {enum_wires:?}",
            tree.members
        );
    }
    let paths: Vec<String> = facts
        .consts
        .iter()
        .filter(|((_, _, c), _)| c == "PATH")
        .flat_map(|(_, v)| v.clone())
        .filter(|p| !p.starts_with("/patched"))
        .collect();
    // One operation per endpoint: paths that differ only in case, or in a literal that is a key
    // value (digits), are one, generated with one of their spellings.
    let identity = |p: &str| -> String {
        p.split('/')
            .map(
                |s| match !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                    true => "{}".to_string(),
                    false => s.to_ascii_lowercase(),
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for segments in &tree.paths {
        let path = format!("/{}", segments.join("/"));
        groups.entry(identity(&path)).or_default().insert(path);
    }
    prop_assert_eq!(paths.len(), groups.len(), "{:?} for {:?}", paths, groups);
    for path in &paths {
        let spellings = groups.get(&identity(path));
        prop_assert!(
            spellings.is_some_and(|s| s.contains(path)),
            "{path} is not a documented spelling of its endpoint: {groups:?}"
        );
    }
    Ok(generated)
}

#[test]
fn arbitrary_names_give_unique_valid_identifiers_and_keep_wire_names() {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&tree(), |tree| check(&tree).map(|_| ()))
        .unwrap();
}

/// Where the sample crates are built: inside this workspace's target folder, so runs are incremental.
fn sample_dir() -> std::path::PathBuf {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    repo.join("target/names-sample")
}

/// A round-trip test for one tree's crate: every key of an example body lands in its own field
/// (none in `additional_properties`) and comes back unchanged; every enum member reads as itself.
fn round_trip_test(lib: &str, tree: &Tree, generated: &Generated) -> Result<String, TestCaseError> {
    let facts = read_crate(generated)?;
    let mut body = format!("use serde_json::{{json, Value}};\nuse {lib}::support::GraphRequest;\n\n/// A body without the `@odata.type` a derived value always writes.\nfn plain(mut v: Value) -> Value {{\n    if let Some(o) = v.as_object_mut() {{\n        o.remove(\"@odata.type\");\n    }}\n    v\n}}\n\n#[test]\nfn round_trip() {{\n");
    for (i, (name, keys)) in tree.types.iter().enumerate() {
        let wire = format!("#microsoft.graph.{name}");
        let Some(((file, owner, _), _)) = facts
            .consts
            .iter()
            .find(|((_, _, c), v)| c == "ODATA_TYPE" && v.as_slice() == [wire.clone()])
        else {
            return Err(TestCaseError::fail(format!("no type for {wire}")));
        };
        let module = file
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .replace('/', "::");
        let example: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), format!("value {i}").into()))
            .collect();
        let text = serde_json::Value::Object(example).to_string();
        body.push_str(&format!(
            "    let body: Value = serde_json::from_str({text:?}).unwrap();\n    let typed: {lib}::{module}::{owner} = serde_json::from_value(body.clone()).unwrap();\n    assert!(typed.additional_properties.is_empty(), \"{{:?}}\", typed.additional_properties);\n    assert_eq!(plain(serde_json::to_value(&typed).unwrap()), body);\n"
        ));
        // The update operation sends the value through the type's Patch body, field by field.
        let patch_path = format!("/patched{i}/{{id}}");
        let Some(((_, op, _), _)) = facts.consts.iter().find(|((f, _, c), v)| {
            f.contains("/operations") && c == "PATH" && v.as_slice() == [patch_path.clone()]
        }) else {
            return Err(TestCaseError::fail(format!(
                "no operation for PATCH {patch_path}"
            )));
        };
        body.push_str(&format!(
            "    let op = {lib}::beta::operations::{op}::new(\"k\", typed.clone().into());\n    let request = op.to_request(\"http://localhost\").unwrap();\n    let sent: Value = serde_json::from_slice(request.body()).unwrap();\n    assert_eq!(plain(sent), body);\n"
        ));
    }
    if !tree.members.is_empty() {
        let ((file, owner, _), _) = facts
            .consts
            .iter()
            .find(|((_, _, c), v)| c == "WIRE_NAMES" && **v == tree.members)
            .unwrap();
        let module = file
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .replace('/', "::");
        for m in &tree.members {
            body.push_str(&format!(
                "    let member: {lib}::{module}::{owner} = serde_json::from_value(json!({m:?})).unwrap();\n    assert!(member.is_documented(), \"{{member:?}}\");\n    assert_eq!(serde_json::to_value(&member).unwrap(), json!({m:?}));\n"
            ));
        }
    }
    body.push_str("}\n");
    Ok(body)
}

/// A fixed sample of trees: each crate is written out with its round-trip test, and the whole
/// sample is built and tested with cargo (offline, with this workspace's lock file) in one go.
#[test]
fn a_sample_compiles_and_round_trips() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng};
    const SAMPLE: usize = 4;
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let dir = sample_dir();
    let _ = std::fs::remove_dir_all(dir.join("crates"));
    let mut members = Vec::new();
    for i in 0..SAMPLE {
        // The fullest of a few draws, so the sample holds many names.
        let tree = (0..10)
            .map(|_| tree().new_tree(&mut runner).unwrap().current())
            .max_by_key(|t| t.types.iter().map(|(_, k)| k.len()).sum::<usize>() + t.members.len())
            .unwrap();
        let generated = check(&tree).unwrap_or_else(|e| panic!("{e}: {tree:?}"));
        let name = format!("names-sample-{i}");
        let crate_dir = dir.join("crates").join(&name);
        let generated = Generated {
            files: Generator::new(&docs(&tree), &Settings::default())
                .crate_files(&name)
                .files,
            schema: generated.schema,
        };
        for (path, text) in &generated.files {
            let file = crate_dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let test = round_trip_test(&name.replace('-', "_"), &tree, &generated).unwrap();
        std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
        std::fs::write(crate_dir.join("tests/round_trip.rs"), test).unwrap();
        members.push(format!("\"crates/{name}\""));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let repo = dir.parent().unwrap().parent().unwrap();
    std::fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["test", "--offline", "--workspace", "-q"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the sample crates in {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
