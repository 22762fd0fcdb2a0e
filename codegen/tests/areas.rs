//! API area features (issue 22): every type an area's operations reach is enabled by the area's
//! feature, checked against a closure this test walks itself over the IR (request, response and
//! parameter types, then property types and base types), on real pages.

use std::collections::BTreeSet;

use graphdoc_codegen::internals::emit::areas::{Areas, MODELS};
use graphdoc_codegen::ir::{QualifiedName, Schema, TypeRef};
use graphdoc_codegen::{Docs, Settings};

fn schema(fixture: &str) -> Schema {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(fixture);
    graphdoc_codegen::Generator::new(&Docs::load(&dir), &Settings::default()).schema()
}

/// The types (indexes) reachable from `roots` in one version, walked breadth-first.
fn reach(schema: &Schema, version: &str, roots: Vec<QualifiedName>) -> BTreeSet<usize> {
    let find = |q: &QualifiedName| {
        schema.types.iter().position(|t| {
            t.version.as_str() == version
                && t.namespace.eq_ignore_ascii_case(&q.namespace)
                && t.name.eq_ignore_ascii_case(&q.name)
        })
    };
    let mut seen = BTreeSet::new();
    let mut queue: std::collections::VecDeque<QualifiedName> = roots.into();
    while let Some(q) = queue.pop_front() {
        let Some(i) = find(&q) else { continue };
        if !seen.insert(i) {
            continue;
        }
        let t = &schema.types[i];
        queue.extend(t.base_type.clone());
        for p in &t.properties {
            if let TypeRef::Named(q) = &p.ty.base {
                queue.push_back(q.clone());
            }
        }
    }
    seen
}

fn check(fixture: &str) -> usize {
    check_schema(fixture, &schema(fixture))
}

fn check_schema(fixture: &str, schema: &Schema) -> usize {
    let areas = Areas::new(schema);
    let mut checked = 0;
    for area in areas.areas.keys() {
        let enabled: BTreeSet<&str> = areas
            .groups_of(area)
            .into_iter()
            .chain([area.as_str()])
            .collect();
        for version in ["beta", "v1.0"] {
            let roots: Vec<QualifiedName> = schema
                .operations
                .iter()
                .zip(&areas.op_area)
                .filter(|(o, a)| *a == area && o.version.as_str() == version)
                .flat_map(|(o, _)| o.named_types().cloned().collect::<Vec<_>>())
                .collect();
            for i in reach(schema, version, roots) {
                let gate = areas.type_gate[i].as_str();
                assert!(
                    enabled.contains(gate),
                    "{fixture}: area `{area}` reaches {} ({version}), behind `{gate}`, which it does not enable",
                    schema.types[i].name
                );
                checked += 1;
            }
        }
    }
    // A type no operation reaches is behind `models` alone.
    for (i, t) in schema.types.iter().enumerate() {
        if areas.type_gate[i] == MODELS {
            assert!(areas.groups.iter().all(|(g, _)| g != MODELS), "{}", t.name);
        }
    }
    checked
}

#[test]
fn every_area_enables_the_types_its_operations_reach() {
    let mut checked = 0;
    for fixture in ["calling", "endpoints", "derived", "actions"] {
        checked += check(fixture);
    }
    assert!(checked > 50, "only {checked} types checked");
}

#[test]
fn area_features_are_named_for_the_first_path_segment() {
    let schema = schema("calling");
    let areas = Areas::new(&schema);
    let names: Vec<&str> = areas.areas.keys().map(String::as_str).collect();
    assert_eq!(names, ["drives", "groups", "me", "sites", "users"]);
    assert_eq!(areas.areas["users"].module, "users");
    let ops_in_users = schema
        .operations
        .iter()
        .zip(&areas.op_area)
        .filter(|(_, a)| *a == "users")
        .all(|(o, _)| o.path.to_ascii_lowercase().starts_with("/users"));
    assert!(ops_in_users);
}

/// A resource page: `name`, its base (if any), and properties `(name, type, navigation)`.
fn resource(name: &str, base: Option<&str>, properties: &[(&str, &str, bool)]) -> String {
    let inherits = base.map_or(String::new(), |b| {
        format!("Inherits from [{b}]({b}.md).\n\n")
    });
    let rows = |nav: bool| -> String {
        properties
            .iter()
            .filter(|p| p.2 == nav)
            .map(|(p, t, _)| format!("|{p}|{t}|A property.|\n"))
            .collect()
    };
    format!(
        "---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\n{inherits}## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{}\n## Relationships\n\n|Relationship|Type|Description|\n|:---|:---|:---|\n{}\n",
        rows(false),
        rows(true)
    )
}

#[test]
fn an_area_reaches_bases_and_navigation_targets_of_what_it_reads() {
    let list = "---\ndoc_type: apiPageType\n---\n# List children\n\nNamespace: microsoft.graph\n\nLists them.\n\n## HTTP request\n\n```http\nGET /things/{id}/children\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a collection of [child](../resources/child.md) objects in the response body.\n";
    let pages = [
        ("v1.0/api/child-list.md", list.to_string()),
        (
            "v1.0/resources/child.md",
            resource("child", Some("parent"), &[("size", "Int32", false)]),
        ),
        (
            "v1.0/resources/parent.md",
            resource(
                "parent",
                None,
                &[
                    ("detail", "[detail](detail.md)", false),
                    ("owner", "[owner](owner.md)", true),
                ],
            ),
        ),
        (
            "v1.0/resources/detail.md",
            resource("detail", None, &[("text", "String", false)]),
        ),
        (
            "v1.0/resources/owner.md",
            resource("owner", None, &[("name", "String", false)]),
        ),
        (
            "v1.0/resources/unrelated.md",
            resource("unrelated", None, &[("x", "String", false)]),
        ),
    ];
    let schema =
        graphdoc_codegen::Generator::new(&Docs::from_memory(pages), &Settings::default()).schema();
    assert_eq!(
        check_schema("memory", &schema),
        4,
        "child, parent, detail, owner"
    );
    let areas = Areas::new(&schema);
    let unrelated = schema
        .types
        .iter()
        .position(|t| t.name == "unrelated")
        .unwrap();
    assert_eq!(areas.type_gate[unrelated], MODELS);
}
