//! One operation per endpoint, named from the endpoint (issue 19), on real pages that document one
//! endpoint several times (`fixtures/endpoints`, see its `SOURCES.txt`).

use serde_json::json;

use graphdoc_codegen::ir::{HttpMethod, Operation, Schema};
use graphdoc_codegen::{Docs, Settings};

// Not every generated item is used here.
#[allow(dead_code)]
mod api {
    graphdoc_macros::graph_models!("fixtures/endpoints");
}

use api::beta::graph::AnyManagedAppRegistration;
use api::support::GraphRequest;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/endpoints")
}

fn pages() -> Vec<(String, String)> {
    let docs = Docs::load(&fixtures());
    docs.files.into_iter().map(|f| (f.path, f.text)).collect()
}

fn schema(pages: &[(String, String)]) -> Schema {
    graphdoc_codegen::Generator::new(
        &Docs::from_memory(pages.iter().cloned()),
        &Settings::default(),
    )
    .schema()
}

fn op<'s>(schema: &'s Schema, method: HttpMethod, path: &str) -> &'s Operation {
    schema
        .operations
        .iter()
        .find(|o| o.method == method && o.path == path)
        .unwrap_or_else(|| panic!("no {method:?} {path}"))
}

fn edit(pages: &mut [(String, String)], page: &str, from: &str, to: &str) {
    let text = &mut pages.iter_mut().find(|(p, _)| p == page).unwrap().1;
    assert!(text.contains(from), "{page} lacks {from:?}");
    *text = text.replacen(from, to, 1);
}

#[test]
fn three_pages_of_one_list_are_one_operation_that_reads_every_derived_type() {
    let schema = schema(&pages());
    let lists: Vec<&Operation> = schema
        .operations
        .iter()
        .filter(|o| o.endpoint == "GET /deviceappmanagement/managedappregistrations")
        .collect();
    let [list] = lists[..] else {
        panic!("{lists:#?}")
    };
    assert_eq!(list.name, "listManagedAppRegistrations");
    assert_eq!(list.also_documented_at.len(), 2);
    assert_eq!(
        list.response_type
            .as_ref()
            .map(|t| t.to_string())
            .as_deref(),
        Some("Collection(microsoft.graph.managedAppRegistration)")
    );

    let page = json!({"value": [
        {"@odata.type": "#microsoft.graph.androidManagedAppRegistration", "id": "a1", "patchVersion": "2021-07"},
        {"@odata.type": "#microsoft.graph.iosManagedAppRegistration", "id": "i1", "deviceTag": "t"}
    ]});
    let response = http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(&page).unwrap())
        .unwrap();
    let read = api::beta::operations::ListManagedAppRegistrations::new()
        .parse_response(response)
        .unwrap();
    let [AnyManagedAppRegistration::AndroidManagedAppRegistration(a), AnyManagedAppRegistration::IosManagedAppRegistration(i)] =
        &read.value[..]
    else {
        panic!("{:?}", read.value)
    };
    assert_eq!(a.patch_version.as_deref(), Some("2021-07"));
    assert_eq!(i.id.as_deref(), Some("i1"));
}

#[test]
fn a_query_string_is_the_endpoint_with_options_not_another_operation() {
    let schema = schema(&pages());
    let users = op(&schema, HttpMethod::Get, "/users");
    assert_eq!(users.name, "listUsers");
    // `user-list-manager.md` documents `GET /users?$expand=manager(...)`: an example of ListUsers.
    assert!(users
        .also_documented_at
        .iter()
        .any(|s| &*s.file == "v1.0/api/user-list-manager.md"));
    assert!(schema
        .operations
        .iter()
        .all(|o| !o.path.contains('?') && !o.name.contains("ManagerFor")));
    let mut list = api::v1_0::operations::ListUsers::new();
    list.query.expand = vec!["manager($levels=max;$select=id,displayName)".into()];
    let request = list.to_request("https://graph.microsoft.com/v1.0").unwrap();
    assert_eq!(
        request.uri().query(),
        Some("$expand=manager%28%24levels%3Dmax%3B%24select%3Did%2CdisplayName%29")
    );
}

#[test]
fn core_user_operations_are_named_plainly_whatever_pages_document_them() {
    let schema = schema(&pages());
    let names: Vec<(&str, &str)> = schema
        .operations
        .iter()
        .filter(|o| o.version.as_str() == "v1.0")
        .map(|o| (o.endpoint.as_str(), o.name.as_str()))
        .collect();
    for (endpoint, name) in [
        ("GET /users", "listUsers"),
        ("GET /users/{}", "getUser"),
        ("PATCH /users/{}", "updateUser"),
        ("DELETE /users/{}", "deleteUser"),
        ("GET /me", "getMe"),
    ] {
        assert!(
            names.contains(&(endpoint, name)),
            "{endpoint} {name}: {names:?}"
        );
    }
    // Two pages document PATCH /users/{id}: one operation, both pages, no number.
    let update = op(
        &schema,
        HttpMethod::Patch,
        "/users/{id | userPrincipalName}",
    );
    assert_eq!(update.also_documented_at.len(), 1);
    assert!(names
        .iter()
        .all(|(_, n)| !n.ends_with(|c: char| c.is_ascii_digit())));
    let _: fn(String, api::v1_0::operations::UserPatch) -> api::v1_0::operations::UpdateUser =
        |id, body| api::v1_0::operations::UpdateUser::new(id, body);
}

#[test]
fn a_second_path_or_a_new_title_renames_nothing() {
    let before = schema(&pages());
    let mut after = pages();
    // The update page gains a second path, the list page a new title.
    edit(
        &mut after,
        "v1.0/api/user-update.md",
        "PATCH /users/{id | userPrincipalName}\n",
        "PATCH /users/{id | userPrincipalName}\nPATCH /me\n",
    );
    edit(
        &mut after,
        "v1.0/api/user-list.md",
        "# List users",
        "# List all the users in the tenant",
    );
    let after = schema(&after);
    for o in &before.operations {
        let now = after
            .operations
            .iter()
            .find(|n| n.version == o.version && n.endpoint == o.endpoint)
            .unwrap();
        assert_eq!(now.name, o.name, "{}", o.endpoint);
    }
    assert_eq!(op(&after, HttpMethod::Patch, "/me").name, "updateMe");
    assert_eq!(
        op(&after, HttpMethod::Get, "/users").title,
        "List all the users in the tenant"
    );
}
