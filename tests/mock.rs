//! The in-process mock (issue 24): a user's function that lists users and assigns each a licence,
//! tested against the docs' own examples without a socket. The session's client is a closure over
//! the mock (`|r| mock.send(r)`), so the test needs no adapter type.

use std::path::Path;

use graphdoc_codegen::mock::{Mock, Outcome};
use serde_json::{json, Value};

// Not every generated item is used here.
#[allow(dead_code)]
mod api {
    graphdoc_macros::graph_models!("fixtures/mock");
}

use api::support::{AsyncClient, CallError, Client, Graph};
use api::v1_0::graph::{AssignedLicense, User};
use api::v1_0::operations as ops;

/// The user's code under test: gives every listed user the licence `sku` unless they hold it,
/// and says whom it was given to (their user principal names).
fn license_everyone<C: Client>(graph: &Graph<C>, sku: &str) -> Result<Vec<String>, CallError> {
    let mut given = Vec::new();
    let users: Vec<User> = graph
        .pages(&ops::ListUsers::new())
        .items()
        .collect::<Result<_, _>>()?;
    for user in users {
        let holds = user
            .assigned_licenses
            .iter()
            .flatten()
            .any(|l| l.sku_id.as_ref().is_some_and(|s| s.to_string() == sku));
        let Some(upn) = user.user_principal_name.filter(|_| !holds) else {
            continue;
        };
        let licence: AssignedLicense =
            serde_json::from_value(json!({"skuId": sku, "disabledPlans": []})).unwrap();
        let body = ops::UserAssignLicenseBody {
            add_licenses: Some(vec![licence]),
            remove_licenses: Some(Vec::new()),
            ..Default::default()
        };
        graph.send(&ops::UserAssignLicense::new(upn.clone(), body))?;
        given.push(upn);
    }
    Ok(given)
}

fn mock() -> Mock {
    Mock::from_docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mock"))
}

const SKU: &str = "0118a350-71fc-4ec3-8f0c-6a1cb8867561";

#[test]
fn a_function_that_lists_users_and_assigns_a_licence_runs_against_the_docs_examples() {
    let mock = mock();
    let graph = Graph::new(|r| mock.send(r), "https://graph.microsoft.com/v1.0");
    let given = license_everyone(&graph, SKU).unwrap();
    // The documented list has one user, `contoso1`, without licences.
    assert_eq!(given, ["contoso1_gmail.com#EXT#@microsoft.onmicrosoft.com"]);

    let sent = mock.received();
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert_eq!(
        (sent[0].method().as_str(), sent[0].uri().path()),
        ("GET", "/v1.0/users")
    );
    assert_eq!(sent[1].method(), "POST");
    assert_eq!(
        sent[1].uri().path(),
        "/v1.0/users/contoso1_gmail.com%23EXT%23%40microsoft.onmicrosoft.com/assignLicense"
    );
    let body: Value = serde_json::from_slice(sent[1].body()).unwrap();
    assert_eq!(body["addLicenses"][0]["skuId"], SKU);
    assert_eq!(body["removeLicenses"], json!([]));
}

#[test]
fn answers_added_to_the_mock_come_first_and_answer_the_request() {
    // Two users, one holding the licence already: only the other is given it.
    let page = json!({"value": [
        {"userPrincipalName": "adele@contoso.com", "assignedLicenses": [{"skuId": SKU, "disabledPlans": []}]},
        {"userPrincipalName": "bob@contoso.com", "assignedLicenses": []},
    ]});
    let page = http::Response::builder()
        .header("Content-Type", "application/json")
        .body(page.to_string().into_bytes())
        .unwrap();
    let mock = mock().with_answer("GET", "/v1.0/users", page);
    let graph = Graph::new(|r| mock.send(r), "https://graph.microsoft.com/v1.0");
    assert_eq!(license_everyone(&graph, SKU).unwrap(), ["bob@contoso.com"]);

    // A refusal the docs cannot give: the function's error says what the service said.
    let mock = mock.with_handler("POST", "/v1.0/users/{id}/assignLicense", |_| {
        graphdoc_codegen::mock::error_response(
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges",
        )
    });
    let graph = Graph::new(|r| mock.send(r), "https://graph.microsoft.com/v1.0");
    let error = license_everyone(&graph, SKU).unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert_eq!(
        error.graph_error().map(|e| e.code()),
        Some("Authorization_RequestDenied")
    );

    let request = http::Request::get("https://graph.microsoft.com/v1.0/users")
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        mock.answer(&request).outcome,
        Outcome::Added {
            pattern: "GET /v1.0/users".into()
        }
    );
}

#[test]
fn the_mock_says_which_example_answered_and_checks_what_is_sent() {
    let mock = mock();
    let send = |method: &str, path: &str, body: Value| {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("https://graph.microsoft.com{path}"))
            .body(body.to_string().into_bytes())
            .unwrap();
        mock.answer(&request)
    };
    // Only `/users/{id | userPrincipalName}/assignLicense` is documented; `/me` is read as it.
    let answer = send(
        "POST",
        "/v1.0/me/assignLicense",
        json!({"addLicenses": [], "removeLicenses": []}),
    );
    let Outcome::Example { operation, source } = &answer.outcome else {
        panic!("{:?}", answer.outcome)
    };
    assert_eq!(
        (operation.as_str(), &*source.file),
        ("userAssignLicense", "v1.0/api/user-assignlicense.md")
    );
    assert_eq!(
        answer.response.headers()["graphdoc-example"],
        source.to_string().as_str()
    );

    // An unknown parameter, and a GUID sent as a number.
    let answer = send("POST", "/v1.0/me/assignLicense", json!({"addLicences": []}));
    assert_eq!(answer.response.status(), 400);
    let error: Value = serde_json::from_slice(answer.response.body()).unwrap();
    assert_eq!(error["error"]["target"], "addLicences", "{error}");
    let answer = send(
        "POST",
        "/v1.0/me/assignLicense",
        json!({"removeLicenses": [7]}),
    );
    let error: Value = serde_json::from_slice(answer.response.body()).unwrap();
    assert_eq!(error["error"]["target"], "removeLicenses[]", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is Edm.Guid, not a number"),
        "{error}"
    );

    // Not JSON at all.
    let request = http::Request::post("https://graph.microsoft.com/v1.0/me/assignLicense")
        .body(b"{".to_vec())
        .unwrap();
    assert_eq!(mock.answer(&request).response.status(), 400);
}

#[test]
fn a_closure_over_the_mock_is_an_async_client_too() {
    fn is_async<C: AsyncClient>(_: &C) {}
    let mock = mock();
    let client = |r| std::future::ready(mock.send(r));
    is_async(&client);
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let page = runtime
        .block_on(graph.send_async(&ops::ListUsers::new()))
        .unwrap();
    assert_eq!(page.value.len(), 1);
}

#[test]
fn a_next_link_points_back_at_the_mock_and_the_page_it_names_is_the_last() {
    let mock = Mock::from_docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calling"));
    let get = |url: &str| {
        let request = http::Request::get(url).body(Vec::new()).unwrap();
        let response = mock.answer(&request).response;
        assert_eq!(response.status(), 200, "{url}");
        serde_json::from_slice::<Value>(response.body()).unwrap()
    };
    let first = get("http://localhost:9/v1.0/users/delta");
    let next = first["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with("http://localhost:9/v1.0/users/delta?$skiptoken="),
        "{next}"
    );
    let second = get(next);
    assert!(second.get("@odata.nextLink").is_none(), "{second}");
    assert_eq!(
        second["value"], first["value"],
        "the same documented page, as the last"
    );
}
