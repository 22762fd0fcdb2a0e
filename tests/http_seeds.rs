//! The endpoint stubs over real HTTP: a `tiny_http` server on 127.0.0.1 started by each test, driven
//! by `ureq` through the stubs' `GraphRequest` trait.
//!
//! Every server serves a fixed number of exchanges and stops by itself (after the last one, or when
//! no request arrives within a few seconds), then hands back what it received for the test to check.

mod loopback;

use std::path::Path;

use graphdoc_codegen::ir::{Example, JsonText, Operation, Schema};
use graphdoc_codegen::{Docs, Settings};
use graphdoc_models::beta::{graph, operations as ops};
use graphdoc_models::support::{
    self, Collection, GraphRequest, Patch, QueryOptions, RequestError, ResponseError,
};
use loopback::{send, Received, Server};
use serde_json::json;

/// Builds the operation's request for `base_url`, sends it and parses the reply.
fn call<R: GraphRequest>(
    op: &R,
    base_url: &str,
) -> (http::Request<Vec<u8>>, Result<R::Output, ResponseError>) {
    let request = op.to_request(base_url).expect("a valid request");
    let response = send(request.clone());
    (request, op.parse_response(response))
}

// ---------------------------------------------------------------------------------------------
// The docs.
// ---------------------------------------------------------------------------------------------

fn schema() -> Schema {
    let docs = Docs::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));
    graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema()
}

fn operation<'s>(schema: &'s Schema, name: &str) -> &'s Operation {
    schema
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}` in the seed docs"))
}

/// The documented example with both a request and a response body.
fn example(op: &Operation) -> &Example {
    op.examples
        .iter()
        .find(|e| e.request_body.is_some() && e.response_body.is_some())
        .unwrap_or_else(|| panic!("`{}` has no documented example exchange", op.name))
}

/// Runs one seed operation against the server: the server replies with the docs' example response;
/// the request must carry the documented method, `path` (the documented path with its parameters
/// filled) and the docs' example request body. Returns the typed value and what the server saw.
fn exchange<R: GraphRequest>(ir: &Operation, op: &R, path: &str) -> (R::Output, Received)
where
    R::Output: std::fmt::Debug,
{
    let ex = example(ir);
    let status = ex.response_status.unwrap_or(ir.success_status);
    let server = Server::start(vec![(
        status,
        ex.response_body.as_ref().unwrap().as_str().to_string(),
    )]);
    let base = format!("{}/beta", server.origin);
    let (_, result) = call(op, &base);
    let mut received = server.finish();
    assert_eq!(received.len(), 1, "`{}`: one request", ir.name);
    let got = received.remove(0);
    assert_eq!(got.method, ir.method.as_str(), "`{}`: method", ir.name);
    assert_eq!(got.url, format!("/beta{path}"), "`{}`: path", ir.name);
    assert_eq!(
        got.header("Content-Type"),
        Some("application/json"),
        "`{}`",
        ir.name
    );
    assert_eq!(
        got.json(),
        ex.request_body.as_ref().unwrap().to_value(),
        "`{}`: the body sent is the docs' example request body",
        ir.name
    );
    let value = result.unwrap_or_else(|e| panic!("`{}`: {e}", ir.name));
    (value, got)
}

fn typed<T: serde::de::DeserializeOwned>(body: &JsonText) -> T {
    serde_json::from_str(body.as_str()).unwrap_or_else(|e| panic!("{e}: {}", body.as_str()))
}

// ---------------------------------------------------------------------------------------------
// The seed operations.
// ---------------------------------------------------------------------------------------------

#[test]
fn every_seed_operation_sends_the_documented_request_and_gets_the_typed_response() {
    let schema = schema();
    let names: Vec<&str> = schema.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names.len(),
        5,
        "the seeds document five operations: {names:?}"
    );

    // POST /deviceManagement/auditEvents
    let ir = operation(&schema, "createAuditEvent");
    let ex = example(ir);
    let op = ops::CreateAuditEvent::new(typed(ex.request_body.as_ref().unwrap()));
    let (value, got) = exchange(ir, &op, "/deviceManagement/auditEvents");
    assert_eq!(
        value,
        typed::<graph::AuditEvent>(ex.response_body.as_ref().unwrap())
    );
    assert_eq!(got.header("Prefer"), None);

    // POST /deviceManagement/remoteActionAudits, asking for evolvable enum members.
    let ir = operation(&schema, "createRemoteActionAudit");
    let ex = example(ir);
    let mut op = ops::CreateRemoteActionAudit::new(typed(ex.request_body.as_ref().unwrap()));
    op.include_unknown_enum_members = true;
    let (value, got) = exchange(ir, &op, "/deviceManagement/remoteActionAudits");
    assert_eq!(
        value,
        typed::<graph::RemoteActionAudit>(ex.response_body.as_ref().unwrap())
    );
    assert_eq!(
        value.id.as_deref(),
        Some("537f25ec-25ec-537f-ec25-7f53ec257f53")
    );
    assert_eq!(got.header("Prefer"), Some("include-unknown-enum-members"));

    // PATCH /deviceManagement/remoteActionAudits/{remoteActionAuditId}: the example body as a
    // patch body, every documented field sent.
    let ir = operation(&schema, "updateRemoteActionAudit");
    let ex = example(ir);
    let body: ops::RemoteActionAuditPatch = typed(ex.request_body.as_ref().unwrap());
    assert_eq!(
        body,
        ops::RemoteActionAuditPatch::from(typed::<graph::RemoteActionAudit>(
            ex.request_body.as_ref().unwrap()
        )),
        "a patch from a whole model sends what the model has"
    );
    let op = ops::UpdateRemoteActionAudit::new("477f8d24-8d24-477f-248d-7f47248d7f47", body);
    let (value, got) = exchange(
        ir,
        &op,
        "/deviceManagement/remoteActionAudits/477f8d24-8d24-477f-248d-7f47248d7f47",
    );
    assert_eq!(value.action, Some(graph::RemoteAction::FactoryReset));
    assert_eq!(value.action_state, Some(graph::ActionState::Pending));
    assert_eq!(got.header("Prefer"), None, "only sent when asked");

    // POST /me/dataSecurityAndGovernance/activities/auditActivities
    let ir = operation(
        &schema,
        "createMeDataSecurityAndGovernanceActivitiesAuditActivity",
    );
    let ex = example(ir);
    let op = ops::CreateMeDataSecurityAndGovernanceActivitiesAuditActivity::new(typed(
        ex.request_body.as_ref().unwrap(),
    ));
    let (value, _) = exchange(
        ir,
        &op,
        "/me/dataSecurityAndGovernance/activities/auditActivities",
    );
    assert_eq!(
        value,
        typed::<graph::AuditActivity>(ex.response_body.as_ref().unwrap())
    );

    // POST /users/{usersId}/...: the parameter is percent-encoded.
    let ir = operation(
        &schema,
        "createUserDataSecurityAndGovernanceActivitiesAuditActivity",
    );
    let ex = example(ir);
    let op = ops::CreateUserDataSecurityAndGovernanceActivitiesAuditActivity::new(
        "adele vance/é@contoso.com",
        typed(ex.request_body.as_ref().unwrap()),
    );
    let (value, _) = exchange(
        ir,
        &op,
        "/users/adele%20vance%2F%C3%A9%40contoso.com/dataSecurityAndGovernance/activities/auditActivities",
    );
    assert_eq!(
        value.id.as_deref(),
        Some("11cac7f0-ee03-1dd1-3400-8006006bd44c")
    );
}

#[test]
fn the_stubs_carry_the_documented_method_path_status_and_permissions() {
    let schema = schema();
    let ir = operation(&schema, "createAuditEvent");
    assert_eq!(ops::CreateAuditEvent::METHOD, ir.method.as_str());
    assert_eq!(ops::CreateAuditEvent::PATH, ir.path);
    assert_eq!(ops::CreateAuditEvent::SUCCESS_STATUS, 201);
    assert_eq!(
        ops::CreateAuditEvent::PERMISSIONS,
        &[
            (
                "Delegated (work or school account)",
                &["DeviceManagementApps.ReadWrite.All"][..],
                &[][..]
            ),
            ("Delegated (personal Microsoft account)", &[][..], &[][..]),
            (
                "Application",
                &["DeviceManagementApps.ReadWrite.All"][..],
                &[][..]
            ),
        ][..]
    );
    assert_eq!(
        ops::UpdateRemoteActionAudit::PATH,
        "/deviceManagement/remoteActionAudits/{remoteActionAuditId}"
    );
    assert_eq!(ops::DEFAULT_BASE_URL, "https://graph.microsoft.com/beta");
    let request = ops::UpdateRemoteActionAudit::new("a b", Default::default())
        .to_request(ops::DEFAULT_BASE_URL)
        .unwrap();
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/deviceManagement/remoteActionAudits/a%20b"
    );
    assert_eq!(request.body(), b"{}");
}

// ---------------------------------------------------------------------------------------------
// PATCH bodies.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_patch_that_clears_a_field_sends_null_and_nothing_for_untouched_fields() {
    let body = ops::RemoteActionAuditPatch {
        device_display_name: Patch::Null,
        user_name: Patch::Value("Adele Vance".to_string()),
        action_state: graph::ActionState::Done.into(),
        ..Default::default()
    };
    let reply = json!({
        "@odata.type": "#microsoft.graph.remoteActionAudit",
        "id": "477f8d24",
        "userName": "Adele Vance",
        "actionState": "done"
    });
    let server = Server::start(vec![(200, reply.to_string())]);
    let op = ops::UpdateRemoteActionAudit::new("477f8d24", body);
    let (_, result) = call(&op, &server.origin);
    let received = server.finish();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "PATCH");
    assert_eq!(
        received[0].url,
        "/deviceManagement/remoteActionAudits/477f8d24"
    );
    assert_eq!(
        received[0].json(),
        json!({"deviceDisplayName": null, "userName": "Adele Vance", "actionState": "done"}),
        "exactly the cleared and the set fields"
    );
    let value = result.unwrap();
    assert_eq!(value.device_display_name, None);
    assert_eq!(value.action_state, Some(graph::ActionState::Done));

    // Read back, absent, null and a value stay distinct.
    let read: ops::RemoteActionAuditPatch =
        serde_json::from_value(json!({"deviceDisplayName": null, "userName": "x"})).unwrap();
    assert_eq!(read.device_display_name, Patch::Null);
    assert_eq!(read.user_name, Patch::Value("x".to_string()));
    assert_eq!(read.device_imei, Patch::Absent);
}

// ---------------------------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------------------------

#[test]
fn an_error_reply_becomes_a_graph_error_with_code_and_message() {
    let error = json!({
        "error": {
            "code": "Request_ResourceNotFound",
            "message": "Resource 'missing' does not exist or one of its queried reference-property objects are not present.",
            "innerError": {
                "date": "2026-01-01T00:00:00",
                "request-id": "94fb3b52-452a-4535-a601-69e0a90e3aa2",
                "client-request-id": "94fb3b52-452a-4535-a601-69e0a90e3aa2"
            }
        }
    });
    let server = Server::start(vec![
        (404, error.to_string()),
        (502, "<html>Bad gateway</html>".to_string()),
    ]);
    let op = ops::UpdateRemoteActionAudit::new("missing", Default::default());
    let (_, result) = call(&op, &server.origin);
    let err = result.expect_err("a 404 is an error");
    let graph_error = err.graph_error().expect("a Graph error body");
    assert_eq!(graph_error.status, 404);
    assert_eq!(graph_error.code(), "Request_ResourceNotFound");
    assert!(graph_error
        .message()
        .starts_with("Resource 'missing' does not exist"));
    assert_eq!(
        graph_error.error.inner_error.as_ref().unwrap()["request-id"],
        "94fb3b52-452a-4535-a601-69e0a90e3aa2"
    );
    assert_eq!(graph_error.body, error, "the error body is kept whole");
    assert!(err.to_string().contains("Request_ResourceNotFound"));
    let source = std::error::Error::source(&err).expect("the Graph error is the source");
    assert!(source.to_string().contains("404"));

    // A reply that is not a Graph error keeps its status and body.
    let (_, result) = call(&op, &server.origin);
    match result {
        Err(ResponseError::UnexpectedStatus { status, body }) => {
            assert_eq!(status, 502);
            assert_eq!(body, b"<html>Bad gateway</html>");
        }
        other => panic!("expected an unexpected status, got {other:?}"),
    }
    assert_eq!(server.finish().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Lists and paging.
// ---------------------------------------------------------------------------------------------

/// A list stub as the generator writes one for a documented `GET` of a collection (the seeds have
/// none): query options in, `Collection<T>` out.
struct ListRemoteActionAudits {
    query: QueryOptions,
}

impl GraphRequest for ListRemoteActionAudits {
    type Output = Collection<graph::RemoteActionAudit>;

    fn to_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
        support::build_request(
            http::Method::GET,
            base_url,
            &[
                "/deviceManagement/remoteActionAudits",
                self.query.to_query_string().as_str(),
            ]
            .concat(),
            None,
            true,
        )
    }

    fn parse_response(
        &self,
        response: http::Response<Vec<u8>>,
    ) -> Result<Self::Output, ResponseError> {
        support::parse_json(response)
    }
}

#[test]
fn a_list_pages_through_three_pages_by_next_link_keeping_the_headers() {
    let page = |ids: &[&str], next: Option<&str>| {
        let mut p = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/remoteActionAudits",
            "value": ids.iter().map(|id| json!({
                "@odata.type": "#microsoft.graph.remoteActionAudit",
                "id": id,
                "action": "launchRemoteHelp"
            })).collect::<Vec<_>>()
        });
        if let Some(next) = next {
            p["@odata.nextLink"] = json!(format!("{{origin}}{next}"));
        }
        p
    };
    let pages = [
        page(
            &["a1", "a2"],
            Some("/beta/deviceManagement/remoteActionAudits?$top=2&$skiptoken=p2"),
        ),
        page(
            &["b1", "b2"],
            Some("/beta/deviceManagement/remoteActionAudits?$top=2&$skiptoken=p3"),
        ),
        page(&["c1"], None),
    ];
    let mut replies: Vec<(u16, String)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let mut p = p.clone();
        if i == 0 {
            p["@odata.count"] = json!(5);
        }
        replies.push((200, p.to_string()));
    }
    let server = Server::start(replies);

    let list = ListRemoteActionAudits {
        query: QueryOptions {
            select: vec!["id".into(), "action".into()],
            filter: Some("action eq 'launchRemoteHelp'".into()),
            top: Some(2),
            count: Some(true),
            ..Default::default()
        },
    };
    let mut request = list.to_request(&format!("{}/beta", server.origin)).unwrap();
    request
        .headers_mut()
        .insert("Authorization", "Bearer test-token".parse().unwrap());
    let mut ids = Vec::new();
    let mut count = None;
    for _ in 0..10 {
        let page = list.parse_response(send(request.clone())).expect("a page");
        count = count.or(page.count);
        ids.extend(page.value.iter().filter_map(|a| a.id.clone()));
        assert!(page
            .value
            .iter()
            .all(|a| a.action == Some(graph::RemoteAction::LaunchRemoteHelp)));
        match page.next_page_request(&request) {
            Some(next) => request = next.expect("a valid next link"),
            None => break,
        }
    }
    assert_eq!(ids, ["a1", "a2", "b1", "b2", "c1"]);
    assert_eq!(count, Some(5));

    let received = server.finish();
    assert_eq!(
        received.len(),
        3,
        "three pages, then the last page has no link"
    );
    assert_eq!(
        received[0].url,
        "/beta/deviceManagement/remoteActionAudits?$select=id%2Caction&$filter=action%20eq%20%27launchRemoteHelp%27&$top=2&$count=true"
    );
    assert_eq!(
        received[1].url,
        "/beta/deviceManagement/remoteActionAudits?$top=2&$skiptoken=p2"
    );
    assert_eq!(
        received[2].url,
        "/beta/deviceManagement/remoteActionAudits?$top=2&$skiptoken=p3"
    );
    for r in &received {
        assert_eq!(r.method, "GET");
        assert_eq!(r.header("Authorization"), Some("Bearer test-token"));
        assert_eq!(r.header("Prefer"), Some("include-unknown-enum-members"));
        assert!(r.body.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Query strings and path parameters.
// ---------------------------------------------------------------------------------------------

#[test]
fn query_options_and_path_parameters_are_percent_encoded() {
    assert_eq!(QueryOptions::default().to_query_string(), "");
    let q = QueryOptions {
        select: vec!["id".into(), "deviceIMEI".into()],
        filter: Some("startswith(userName,'a&b')".into()),
        orderby: vec!["requestDateTime desc".into()],
        top: Some(10),
        skip: Some(20),
        count: Some(true),
        expand: vec!["actor".into()],
        search: Some("\"display:ü\"".into()),
    };
    assert_eq!(
        q.to_query_string(),
        "?$select=id%2CdeviceIMEI&$filter=startswith%28userName%2C%27a%26b%27%29\
         &$orderby=requestDateTime%20desc&$top=10&$skip=20&$count=true&$expand=actor\
         &$search=%22display%3A%C3%BC%22"
    );
    assert_eq!(support::percent_encode("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(support::percent_encode("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
}

// ---------------------------------------------------------------------------------------------
// The emitted code.
// ---------------------------------------------------------------------------------------------

#[test]
fn emitted_operations_for_the_seeds() {
    let docs = Docs::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));
    let generated = graphdoc_codegen::Generator::new(&docs, &Settings::default())
        .crate_files("graphdoc-models");
    let code = graphdoc_tests::operations_text(&generated.files, "beta");
    assert!(!code.is_empty(), "an operations module for beta");
    insta::assert_snapshot!("beta_operations", code);
}
