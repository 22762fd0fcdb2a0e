//! Roots keep a type's structure (base types, property types), not what its navigation properties
//! lead to, unless `follow_navigation` is set; a navigation property left out stays readable.

use graphdoc_codegen::OptionValue;
use graphdoc_codegen::{Code, Docs, Settings};

fn page(name: &str, properties: &str, relationships: &str) -> (String, String) {
    let mut text = format!(
        "# {name} resource type\n\nA {name}.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{properties}"
    );
    if !relationships.is_empty() {
        text.push_str(&format!(
            "\n## Relationships\n\n|Relationship|Type|Description|\n|:---|:---|:---|\n{relationships}"
        ));
    }
    (format!("beta/resources/{name}.md"), text)
}

fn docs() -> Docs {
    Docs::from_memory(resource_pages())
}

fn resource_pages() -> Vec<(String, String)> {
    vec![
        page(
            "widget",
            "|id|String|The id.|\n|part|[part](part.md)|Its part.|\n",
            "|owner|[owner](owner.md)|Who owns it.|\n|tags|[tag](tag.md) collection|Its tags.|\n",
        ),
        page("part", "|size|Int32|The size.|\n", ""),
        page(
            "owner",
            "|id|String|The id.|\n|name|String|The name.|\n",
            "",
        ),
        page(
            "tag",
            "|id|String|The id.|\n|label|String|The label.|\n",
            "",
        ),
    ]
}

fn type_names(settings: &Settings) -> Vec<String> {
    let schema = graphdoc_codegen::Generator::new(&docs(), settings).schema();
    let mut names: Vec<String> = schema.types.iter().map(|t| t.name.clone()).collect();
    names.sort();
    names
}

fn roots(extra: &[(&str, OptionValue)]) -> Settings {
    let mut settings = Settings::from_options([("roots", OptionValue::from(["widget"]))]).unwrap();
    for (key, value) in extra {
        settings.apply_option(key, value.clone()).unwrap();
    }
    settings
}

#[test]
fn a_root_keeps_its_structure_and_not_its_navigation_targets() {
    assert_eq!(type_names(&roots(&[])), ["part", "widget"]);
    let text = graphdoc_codegen::Generator::new(&docs(), &roots(&[]))
        .single_file()
        .files
        .into_values()
        .next()
        .unwrap();
    // The navigation properties are kept, as JSON values.
    let owner = text.lines().find(|l| l.contains("pub owner:")).unwrap();
    assert!(owner.contains("::serde_json::Value"), "{owner}");
    let tags = text.lines().find(|l| l.contains("pub tags:")).unwrap();
    assert!(tags.contains("Vec<::serde_json::Value>"), "{tags}");
    assert!(!text.contains("pub struct Owner"));
}

#[test]
fn follow_navigation_follows_them() {
    let follow = roots(&[("follow_navigation", OptionValue::Bool(true))]);
    assert_eq!(type_names(&follow), ["owner", "part", "tag", "widget"]);
    let text = graphdoc_codegen::Generator::new(&docs(), &follow)
        .single_file()
        .files
        .into_values()
        .next()
        .unwrap();
    let owner = text.lines().find(|l| l.contains("pub owner:")).unwrap();
    assert!(owner.contains("Owner"), "{owner}");
}

#[test]
fn follow_navigation_takes_a_bool() {
    let mut settings = Settings::default();
    let e = settings
        .apply_option("follow_navigation", OptionValue::from("yes"))
        .unwrap_err();
    assert_eq!(
        e,
        "`follow_navigation` takes `true` or `false`, not a string"
    );
}

fn api_page(file: &str, title: &str, request: &str) -> (String, String) {
    let text = format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes it.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{request}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.\n"
    );
    (format!("beta/api/{file}.md"), text)
}

/// Operation paths kept by `settings`, sorted.
fn operation_paths(settings: &Settings) -> Vec<String> {
    let docs = Docs::from_memory(resource_pages().into_iter().chain([
        api_page("widget-list", "List widgets", "GET /widgets"),
        api_page("widget-get", "Get widget", "GET /widgets/{id}"),
        api_page("widget-delta", "widget: delta", "GET /widgets/delta()"),
        api_page("archive-list", "List widgetsArchive", "GET /widgetsArchive"),
        api_page("owner-get", "Get owner", "GET /owners/{id}"),
    ]));
    let schema = graphdoc_codegen::Generator::new(&docs, settings).schema();
    let mut paths: Vec<String> = schema.operations.iter().map(|o| o.path.clone()).collect();
    paths.sort();
    paths
}

#[test]
fn a_path_root_keeps_every_operation_under_that_path_and_no_other() {
    let everything = operation_paths(&Settings::default());
    assert_eq!(everything.len(), 5, "{everything:?}");
    let area = Settings::from_options([("roots", OptionValue::from(["/WIDGETS/"]))]).unwrap();
    assert_eq!(
        operation_paths(&area),
        ["/widgets", "/widgets/delta()", "/widgets/{id}"]
    );
    let schema = graphdoc_codegen::Generator::new(&docs(), &area).schema();
    assert!(
        schema
            .diagnostics
            .iter()
            .any(|d| d.code == Code::RootUnknown),
        "an area with no operation in the docs is reported"
    );
}
