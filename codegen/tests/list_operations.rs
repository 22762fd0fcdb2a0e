//! A list operation from a minimal docs tree: collection response, query options and a `$select`
//! checked against the documented properties. (Its code is compiled by the corpus run in `.ci/run`,
//! which holds thousands of such operations.)

use graphdoc_codegen::{Docs, Settings};

const RESOURCE: &str = r#"---
doc_type: resourcePageType
---
# widget resource type

Namespace: microsoft.graph

A widget.

## Properties
| Property | Type | Description |
|:--|:--|:--|
| id | String | The id. |
| displayName | String | The name. |

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "keyProperty": "id" } -->
```json
{ "id": "String (identifier)", "displayName": "String" }
```
"#;

const LIST: &str = r#"---
doc_type: apiPageType
---
# List widgets

Namespace: microsoft.graph

List the widgets.

## HTTP request
<!-- { "blockType": "ignored" } -->
```http
GET /widgets
```

## Response
If successful, this method returns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects in the response body.
"#;

#[test]
fn list_operations_return_collections_and_check_select() {
    let docs = Docs::from_memory([
        ("beta/resources/widget.md", RESOURCE),
        ("beta/api/widget-list.md", LIST),
    ]);
    let out = graphdoc_codegen::Generator::new(&docs, &Settings::default()).single_file();
    assert!(!out.has_errors());
    let schema = &out.schema;
    let op = &schema.operations[0];
    assert_eq!(
        (op.name.as_str(), op.path.as_str()),
        ("listWidgets", "/widgets")
    );
    assert_eq!(
        op.response_type.as_ref().unwrap().to_string(),
        "Collection(microsoft.graph.widget)"
    );
    let code = out.files.values().next().unwrap();
    assert!(code.contains("pub struct ListWidgets"), "{code}");
    assert!(
        code.contains("type Output = super::super::support::Collection<super::graph::Widget>;"),
        "{code}"
    );
    assert!(
        code.contains("pub query: super::super::support::QueryOptions"),
        "{code}"
    );
    assert!(code.contains("pub fn select("), "{code}");
    assert!(
        code.contains(r#"pub const PROPERTIES: &'static [&'static str] = &["id", "displayName"];"#),
        "{code}"
    );
}

/// The crate files lay the endpoint stubs out as text (not through prettyplease): every file must
/// still parse as Rust, with the stub's items where the token path puts them.
#[test]
fn text_laid_out_stubs_parse_as_rust() {
    let docs = Docs::from_memory([
        ("beta/resources/widget.md", RESOURCE),
        ("beta/api/widget-list.md", LIST),
    ]);
    let files = graphdoc_codegen::Generator::new(&docs, &Settings::default())
        .crate_files("widgets")
        .files;
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not Rust: {e}\n{text}"));
    }
    // The operations module, then its API areas' files (here `widgets`), as the crate holds them.
    let mut paths: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("src/beta/operations/"))
        .collect();
    paths.sort_by_key(|p| !p.ends_with("mod.rs"));
    let items: Vec<syn::Item> = paths
        .iter()
        .flat_map(|p| syn::parse_file(&files[*p]).unwrap().items)
        .filter(|i| !matches!(i, syn::Item::Use(_) | syn::Item::Mod(_)))
        .collect();
    let names: Vec<String> = items
        .iter()
        .map(|i| match i {
            syn::Item::Const(c) => format!("const {}", c.ident),
            syn::Item::Struct(s) => format!("struct {}", s.ident),
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let tr = i
                    .trait_
                    .as_ref()
                    .map(|(_, p, _)| quote::quote!(#p).to_string());
                format!("impl {:?} for {}", tr, quote::quote!(#ty))
            }
            _ => "other".to_string(),
        })
        .collect();
    assert_eq!(
        names,
        [
            "const DEFAULT_BASE_URL",
            "struct ListWidgets",
            "impl None for ListWidgets",
            "impl Some(\"super :: super :: support :: GraphRequest\") for ListWidgets",
        ]
    );
}
