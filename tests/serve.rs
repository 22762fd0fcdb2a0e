//! `graphdoc serve` over the seed docs (issue 24): each seed request, sent by the generated
//! operations through ureq, is answered with its documented example response and read back as
//! the documented type; a body that does not read as the operation's type gets `400` naming the
//! member, an unknown path `404` naming the nearest documented ones, another method `405`.
//!
//! The server is the one `graphdoc serve` runs, started in process on a free loopback port
//! (`codegen/tests/serve.rs` runs the binary itself).

use std::path::Path;
use std::sync::{Arc, Mutex};

use graphdoc_codegen::ir::{JsonText, Operation};
use graphdoc_codegen::mock::Mock;
use graphdoc_codegen::serve::{Options, Running, Server};
use graphdoc_models::beta::{graph, operations as ops};
use graphdoc_models::support::{CallError, Graph, GraphRequest};
use serde_json::{json, Value};

/// The server over `docs/`, and the lines it logged.
fn serve() -> (Running, Arc<Mutex<Vec<String>>>) {
    let mock = Mock::from_docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));
    let lines = Arc::new(Mutex::new(Vec::new()));
    let log = lines.clone();
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), mock, Options::default()).unwrap();
    let running = server
        .spawn(Arc::new(move |line: &str| {
            log.lock().unwrap().push(line.to_string())
        }))
        .unwrap();
    (running, lines)
}

fn graph(running: &Running) -> Graph<ureq::Agent> {
    Graph::new(
        ureq::Agent::new_with_defaults(),
        &format!("{}/beta", running.origin()),
    )
}

/// The documented operation, its example request body typed, and its example response typed.
fn documented<'m, Q, A>(mock: &'m Mock, name: &str) -> (&'m Operation, Q, A)
where
    Q: serde::de::DeserializeOwned,
    A: serde::de::DeserializeOwned,
{
    let op = mock
        .schema()
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}` in the seed docs"));
    let example = op
        .examples
        .iter()
        .find(|e| e.request_body.is_some() && e.response_body.is_some())
        .unwrap_or_else(|| panic!("`{name}` has no example exchange"));
    (
        op,
        typed(&example.request_body),
        typed(&example.response_body),
    )
}

fn typed<T: serde::de::DeserializeOwned>(body: &Option<JsonText>) -> T {
    let text = body.as_ref().unwrap().as_str();
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn the_seed_requests_are_answered_with_their_documented_responses() {
    let (running, lines) = serve();
    let graph = graph(&running);
    let docs = Mock::from_docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));

    let (ir, body, expected): (_, _, graph::RemoteActionAudit) =
        documented(&docs, "createRemoteActionAudit");
    let created = graph
        .send(&ops::CreateRemoteActionAudit::new(body))
        .unwrap();
    assert_eq!(created, expected, "{}", ir.name);

    let (ir, body, expected): (_, _, graph::RemoteActionAudit) =
        documented(&docs, "updateRemoteActionAudit");
    let updated = graph
        .send(&ops::UpdateRemoteActionAudit::new("477f8d24-8d24", body))
        .unwrap();
    assert_eq!(updated, expected, "{}", ir.name);
    assert_eq!(updated.action_state, Some(graph::ActionState::Pending));

    let (ir, body, expected): (_, _, graph::AuditEvent) = documented(&docs, "createAuditEvent");
    assert_eq!(
        graph.send(&ops::CreateAuditEvent::new(body)).unwrap(),
        expected,
        "{}",
        ir.name
    );

    let name = "createMeDataSecurityAndGovernanceActivitiesAuditActivity";
    let (_, body, expected): (_, _, graph::AuditActivity) = documented(&docs, name);
    let op = ops::CreateMeDataSecurityAndGovernanceActivitiesAuditActivity::new(body);
    assert_eq!(graph.send(&op).unwrap(), expected, "{name}");

    // A user's key with a space, a slash and a non-ASCII letter, percent-encoded by the stub.
    let name = "createUserDataSecurityAndGovernanceActivitiesAuditActivity";
    let (_, body, expected): (_, _, graph::AuditActivity) = documented(&docs, name);
    let op = ops::CreateUserDataSecurityAndGovernanceActivitiesAuditActivity::new(
        "adele vance/é@contoso.com",
        body,
    );
    assert_eq!(graph.send(&op).unwrap(), expected, "{name}");

    running.stop().unwrap();
    let lines = lines.lock().unwrap();
    let pages = [
        "intune-devices-remoteactionaudit-create.md",
        "intune-devices-remoteactionaudit-update.md",
        "intune-auditing-auditevent-create.md",
        "activitiescontainer-post-auditactivities.md",
        "activitiescontainer-post-auditactivities.md",
    ];
    assert_eq!(lines.len(), pages.len(), "one line per request: {lines:#?}");
    for (line, page) in lines.iter().zip(pages) {
        assert!(
            line.contains(" -> 201 ") || line.contains(" -> 200 "),
            "{line}"
        );
        assert!(line.contains(&format!("beta/api/{page}:")), "{line}");
    }
    assert!(
        lines[4].starts_with("POST /beta/users/adele%20vance%2F%C3%A9%40contoso.com/"),
        "{}",
        lines[4]
    );
}

/// The error a call got: its status, its Graph error's `target` and message.
fn refused<T: std::fmt::Debug>(result: Result<T, CallError>) -> (u16, String, String) {
    let e = result.expect_err("refused");
    let graph_error = e
        .graph_error()
        .unwrap_or_else(|| panic!("a Graph error body: {e}"));
    let target = graph_error
        .error
        .additional_properties
        .get("target")
        .and_then(Value::as_str);
    (
        graph_error.status,
        target.unwrap_or("").to_string(),
        graph_error.error.message.clone(),
    )
}

#[test]
fn a_body_that_does_not_read_as_the_documented_type_gets_400_naming_the_member() {
    let (running, _) = serve();
    let graph = graph(&running);

    // A member whose `@odata.type` names a type the docs do not have.
    let body: graph::AuditEvent = serde_json::from_value(json!({
        "displayName": "x",
        "actor": {"@odata.type": "#microsoft.graph.noSuchActor", "type": "user"}
    }))
    .unwrap();
    let (status, target, message) = refused(graph.send(&ops::CreateAuditEvent::new(body)));
    assert_eq!((status, target.as_str()), (400, "actor"), "{message}");
    assert!(
        message.contains("`#microsoft.graph.noSuchActor`, a type the docs do not define"),
        "{message}"
    );
    assert!(
        message.contains("beta/api/intune-auditing-auditevent-create.md"),
        "{message}"
    );

    // A member of the wrong JSON type, and one the type does not have (sent as the runtime
    // sends any request, so the body can be anything).
    for (body, member, says) in [
        (
            json!({"activityDateTime": 5}),
            "activityDateTime",
            "is Edm.DateTimeOffset, not a number",
        ),
        (
            json!({"actor": {"type": ["user"]}}),
            "actor.type",
            "is Edm.String, not an array",
        ),
        (
            json!({"displayNam": "x"}),
            "displayNam",
            "is not a property of microsoft.graph.auditEvent",
        ),
    ] {
        let request = http::Request::post(format!(
            "{}/beta/deviceManagement/auditEvents",
            running.origin()
        ))
        .header("Content-Type", "application/json")
        .body(body.to_string().into_bytes())
        .unwrap();
        let response = graph.execute(request).unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = serde_json::from_slice(response.body()).unwrap();
        assert_eq!(error["error"]["target"], member, "{error}");
        assert!(
            error["error"]["message"].as_str().unwrap().contains(says),
            "{error}"
        );
    }

    // The docs' own example bodies hold placeholders (`"version": "Integer"`): they pass.
    let docs = Mock::from_docs(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));
    let (_, body, _): (_, graph::AuditActivity, Value) = documented(
        &docs,
        "createMeDataSecurityAndGovernanceActivitiesAuditActivity",
    );
    assert!(graph
        .send(&ops::CreateMeDataSecurityAndGovernanceActivitiesAuditActivity::new(body))
        .is_ok());
}

#[test]
fn an_unknown_path_gets_404_naming_the_nearest_and_another_method_405() {
    let (running, lines) = serve();
    let graph = graph(&running);
    let get = |path: &str| {
        let request = http::Request::get(format!("{}{path}", running.origin()))
            .body(Vec::new())
            .unwrap();
        graph.execute(request).unwrap()
    };

    let response = get("/beta/deviceManagement/remoteActionAudit");
    assert_eq!(response.status(), 404);
    let error: Value = serde_json::from_slice(response.body()).unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("nearest: `/deviceManagement/remoteActionAudits`"),
        "{message}"
    );
    assert_eq!(error["error"]["code"], "ResourceNotFound");

    // A documented path without its version.
    assert_eq!(get("/deviceManagement/auditEvents").status(), 404);

    // PATCH is documented for one audit, GET is not.
    let response = get("/beta/deviceManagement/remoteActionAudits/1");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "PATCH");

    // The typed call sees the 404 as a Graph error.
    let op = ops::UpdateRemoteActionAudit::new("1", Default::default());
    let request = op
        .to_request(&format!("{}/v1.0", running.origin()))
        .unwrap();
    let response = graph.execute(request).unwrap();
    assert_eq!(response.status(), 404, "the seeds document beta only");
    running.stop().unwrap();
    let lines = lines.lock().unwrap();
    assert!(
        lines[0].starts_with(
            "GET /beta/deviceManagement/remoteActionAudit -> 404 refused: no documented beta path"
        ),
        "{lines:#?}"
    );
    assert!(lines[2].contains("-> 405 refused: `/deviceManagement/remoteActionAudits/1` is documented for PATCH only, not GET"), "{lines:#?}");
}
