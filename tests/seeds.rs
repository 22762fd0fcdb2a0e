//! The seed docs end to end: the IR and code for each page, every documented example through the
//! generated types, drift detection, determinism.

use graphdoc_codegen::ir::{JsonText, Schema};
use graphdoc_codegen::{Code, Docs, Settings};
use graphdoc_models::beta::graph;
use graphdoc_models::support::GraphEnum;
use graphdoc_tests::{repo, seed_docs, SEED_PAGES};

fn schema() -> Schema {
    graphdoc_codegen::Generator::new(&seed_docs(), &Settings::default()).schema()
}

/// Deserializes `body` as `T`, serializes it back and demands equal JSON.
/// Deserializes the docs' example text into `T` and checks that serializing it gives the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(body: &JsonText) -> T {
    let typed: T =
        serde_json::from_str(body.as_str()).unwrap_or_else(|e| panic!("{e}: {}", body.as_str()));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, body.to_value(), "round trip changed the JSON");
    typed
}

fn round_trip_as(type_name: &str, body: &JsonText) {
    match type_name {
        "remoteActionAudit" => {
            round_trip::<graph::RemoteActionAudit>(body);
        }
        "auditEvent" => {
            round_trip::<graph::AuditEvent>(body);
        }
        "auditActivity" => {
            round_trip::<graph::AuditActivity>(body);
        }
        other => panic!("no round trip registered for {other}: add it to this test"),
    }
}

#[test]
fn every_documented_example_body_round_trips_through_its_generated_type() {
    let schema = schema();
    let mut bodies = 0;
    for op in &schema.operations {
        for ex in &op.examples {
            if let (Some(body), Some(t)) = (&ex.request_body, op.request.resource()) {
                round_trip_as(&t.name, body);
                bodies += 1;
            }
            if let Some(body) = &ex.response_body {
                let t = op
                    .response_type
                    .as_ref()
                    .expect("a response body needs a response type");
                let graphdoc_codegen::ir::TypeRef::Named(q) = &t.base else {
                    panic!("{t}")
                };
                round_trip_as(&q.name, body);
                bodies += 1;
            }
        }
    }
    // 5 operations; the two auditActivity paths share one example pair: 4 pages x 2 bodies, counted per path.
    assert_eq!(bodies, 10, "every example body in docs/ must be checked");
}

#[test]
fn placeholder_enum_values_land_in_the_catch_all_and_are_diagnosed() {
    let schema = schema();
    let create = schema
        .operations
        .iter()
        .find(|o| o.name == "createRemoteActionAudit")
        .unwrap();
    let body = create.examples[0].request_body.as_ref().unwrap();
    let audit: graph::RemoteActionAudit = round_trip(body);
    assert_eq!(
        audit.action,
        Some(graph::RemoteAction::Other("String".into()))
    );
    assert!(!audit.action.as_ref().unwrap().is_documented());
    assert_eq!(
        audit.action_state,
        Some(graph::ActionState::Other("String".into()))
    );
    let notes: Vec<_> = schema
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ExamplePlaceholder)
        .collect();
    assert!(notes
        .iter()
        .any(|d| d.message.contains("remoteActionAudit.action")
            && d.file.ends_with("remoteactionaudit-create.md")));

    // A documented member parses as itself; an undocumented one survives verbatim.
    let update = schema
        .operations
        .iter()
        .find(|o| o.name == "updateRemoteActionAudit")
        .unwrap();
    let audit: graph::RemoteActionAudit =
        round_trip(update.examples[0].response_body.as_ref().unwrap());
    assert_eq!(audit.action, Some(graph::RemoteAction::FactoryReset));
    let future: graph::RemoteAction = serde_json::from_str("\"teleportDevice\"").unwrap();
    assert_eq!(
        serde_json::to_string(&future).unwrap(),
        "\"teleportDevice\""
    );
}

#[test]
fn remote_action_holds_all_39_members_and_names_the_lagging_pages() {
    let schema = schema();
    let e = schema
        .enums
        .iter()
        .find(|e| e.name == "remoteAction")
        .unwrap();
    assert_eq!(e.members.len(), 39);
    assert_eq!(graph::RemoteAction::WIRE_NAMES.len(), 39);
    assert_eq!(e.members[0].name, "unknown");
    assert_eq!(e.members[31].name, "unknownFutureValue");
    assert_eq!(e.members[38].name, "delete");
    let evolvable: Vec<&str> = e
        .members
        .iter()
        .filter(|m| m.evolvable)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(evolvable.len(), 7);
    assert_eq!(graph::RemoteAction::EVOLVABLE, evolvable.as_slice());
    assert!(graph::RemoteAction::LaunchRemoteHelp.is_evolvable());
    assert!(!graph::RemoteAction::FactoryReset.is_evolvable());
    let lag: Vec<_> = schema
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::EnumMembersLag)
        .collect();
    let mut pages: Vec<(&str, usize)> = lag.iter().map(|d| (d.file.as_str(), d.line)).collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            ("beta/api/intune-devices-remoteactionaudit-create.md", 49),
            ("beta/api/intune-devices-remoteactionaudit-update.md", 52)
        ]
    );
    assert!(lag.iter().any(|d| d.message.contains("lists 23 of the 39")));
    assert!(lag.iter().any(|d| d.message.contains("lists 31 of the 39")));
}

#[test]
fn types_known_only_from_examples_are_inferred_and_said_so() {
    let schema = schema();
    for name in [
        "auditActor",
        "roleScopeTagInfo",
        "auditResource",
        "auditProperty",
        "auditActivity",
    ] {
        let t = schema
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(!t.properties.is_empty(), "{name}");
        assert!(
            schema
                .diagnostics
                .iter()
                .any(|d| d.code == Code::TypeInferredFromExample && d.message.starts_with(name)),
            "{name}"
        );
    }
    for name in [
        "auditActivityUserInfo",
        "auditData",
        "keyValuePair_2OfString_String",
    ] {
        assert!(schema.types.iter().any(|t| t.name == name));
        assert!(
            schema
                .diagnostics
                .iter()
                .any(|d| d.code == Code::TypeUndefined && d.message.starts_with(name)),
            "{name}"
        );
    }
    let actor = schema
        .types
        .iter()
        .find(|t| t.name == "auditActor")
        .unwrap();
    let tags = actor
        .properties
        .iter()
        .find(|p| p.name == "userRoleScopeTags")
        .unwrap();
    assert_eq!(
        tags.ty.to_string(),
        "Collection(microsoft.graph.roleScopeTagInfo)"
    );
}

#[test]
fn unknown_properties_survive_a_round_trip() {
    let body = serde_json::json!({"id": "1", "deviceIMEI": "x", "brandNewProperty": {"a": [1, 2]}});
    let audit: graph::RemoteActionAudit = round_trip(&JsonText::new(body.to_string()));
    assert_eq!(audit.device_imei.as_deref(), Some("x"));
    assert!(audit.additional_properties.contains_key("brandNewProperty"));
}

fn page_schema(page: &str) -> (Schema, String) {
    let text = std::fs::read_to_string(repo().join("docs").join(page)).unwrap();
    let docs = Docs::from_memory([(page, text)]);
    let schema = graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema();
    let code = graphdoc_codegen::Generator::new(&docs, &Settings::default()).single_file();
    assert!(!code.has_errors());
    (schema, code.files.into_values().next().unwrap())
}

#[test]
fn ir_and_code_of_each_seed_page() {
    for page in SEED_PAGES {
        let (schema, code) = page_schema(page);
        let name = page.rsplit('/').next().unwrap().trim_end_matches(".md");
        insta::assert_json_snapshot!(format!("ir-{name}"), schema);
        // The support module is the same for every page; snapshot the page's own items.
        let own = code
            .split("pub mod beta")
            .nth(1)
            .map(|s| format!("pub mod beta{s}"))
            .unwrap_or_default();
        insta::assert_snapshot!(format!("code-{name}"), own);
    }
}

#[test]
fn the_whole_seed_crate_is_what_is_checked_in() {
    // The checked-in crate is compiled by this test run (the `graphdoc-models` dependency), so the
    // code snapshotted here is code that compiles.
    let generated = graphdoc_codegen::Generator::new(&seed_docs(), &Settings::default())
        .crate_files("graphdoc-models");
    for (path, content) in &generated.files {
        let on_disk = std::fs::read_to_string(repo().join("generated").join(path)).unwrap();
        assert!(
            &on_disk == content,
            "generated/{path} is stale: run `cargo run -p graphdoc-codegen -- generate`"
        );
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_page_orders() {
    let docs = seed_docs();
    let a = graphdoc_codegen::Generator::new(&docs, &Settings::default())
        .crate_files("x")
        .files;
    let mut reversed = docs.clone();
    reversed.files.reverse();
    let b = graphdoc_codegen::Generator::new(&reversed, &Settings::default())
        .crate_files("x")
        .files;
    assert_eq!(a, b);
}

#[test]
fn check_fails_naming_a_new_enum_member_and_a_new_property() {
    let mut docs = seed_docs();
    let resource = docs
        .files
        .iter_mut()
        .find(|f| {
            f.path
                .ends_with("resources/intune-devices-remoteactionaudit.md")
        })
        .unwrap();
    resource.text = resource
        .text
        .replace("`changeAssignments`, `delete`.", "`changeAssignments`, `delete`, `teleportDevice`.")
        .replace(
            "|bulkDeviceActionId|String|BulkAction ID|",
            "|bulkDeviceActionId|String|BulkAction ID|\n|auditNote|String|Free text noted by the auditor.|",
        );
    let generated = graphdoc_codegen::Generator::new(&docs, &Settings::default())
        .crate_files("graphdoc-models");
    let report =
        graphdoc_codegen::internals::output::check_output(&repo().join("generated"), &generated);
    assert!(
        report.contains("changed:") && report.contains("src/beta/graph.rs"),
        "{report}"
    );
    assert!(
        report.contains("+    TeleportDevice,"),
        "the new member is named: {report}"
    );
    assert!(report.contains("\"teleportDevice\""), "{report}");
    assert!(
        report.contains("pub audit_note:"),
        "the new property is named: {report}"
    );
}
