//! The mock on the test fixtures (`tests/fixtures/`) and on pages written here: routing, the
//! choice of example, and the body checks.

use serde_json::{json, Value};

use super::*;

fn fixture(name: &str) -> Mock {
    Mock::from_docs(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(name),
    )
}

fn request(method: &str, url: &str, body: Value) -> HttpRequest {
    let bytes = match body {
        Value::Null => Vec::new(),
        b => b.to_string().into_bytes(),
    };
    http::Request::builder()
        .method(method)
        .uri(url)
        .body(bytes)
        .unwrap()
}

fn answered_by(mock: &Mock, method: &str, url: &str) -> String {
    match mock.answer(&request(method, url, Value::Null)).outcome {
        Outcome::Example { operation, .. } => operation,
        other => format!("{other}"),
    }
}

#[test]
fn each_example_url_is_answered_by_an_example_of_its_own_operation() {
    for name in ["actions", "calling", "mock"] {
        let mock = fixture(name);
        let mut checked = 0;
        for op in &mock.schema().operations {
            for ex in op.examples.iter().filter(|e| e.gives_response()) {
                let Some(url) = ex
                    .request_url
                    .as_deref()
                    .filter(|u| !u.contains(['{', '<']))
                else {
                    continue;
                };
                let url = match url.starts_with('/') {
                    true => format!("https://graph.microsoft.com/{}{url}", op.version.as_str()),
                    // Another service's URL (an upload session's) is not Graph's to answer.
                    false if !url.starts_with("https://graph.microsoft.com/") => continue,
                    false => url.to_string(),
                };
                let route = mock
                    .route(op.method.as_str(), &url)
                    .unwrap_or_else(|| panic!("{name}: no route for {url}"));
                assert!(
                    route
                        .operation
                        .examples
                        .iter()
                        .any(|e| e.source == ex.source),
                    "{name}: {url} routes to {}, not an operation documented by {}",
                    route.operation.name,
                    ex.source
                );
                checked += 1;
            }
        }
        assert!(checked >= 3, "{name}: {checked} example URLs");
    }
}

#[test]
fn the_most_specific_path_answers_in_any_case_and_calls_take_their_arguments() {
    let mock = fixture("actions");
    let v1 = "https://graph.microsoft.com/v1.0";
    assert_eq!(
        answered_by(&mock, "GET", &format!("{v1}/me/outlook/supportedTimeZones")),
        "meOutlookSupportedTimeZones"
    );
    let call = format!("{v1}/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Windows')");
    assert_eq!(
        answered_by(&mock, "GET", &call),
        "meOutlookSupportedTimeZonesWithTimeZoneStandard"
    );
    let route = mock.route("GET", &call).unwrap();
    assert_eq!(route.captures.len(), 1);
    assert_eq!(
        route.captures[0].1,
        "(TimeZoneStandard=microsoft.graph.timeZoneStandard'Windows')"
    );
    // Documented as `/users/{id|userPrincipalName}/...`: any key, any case, percent-encoded.
    let route = mock
        .route(
            "GET",
            &format!("{v1}/USERS/a%2Fb%40c/Outlook/SupportedTimeZones"),
        )
        .unwrap();
    assert_eq!(route.operation.name, "userOutlookSupportedTimeZones");
    assert_eq!(
        route.captures,
        vec![("userId".to_string(), "a/b@c".to_string())]
    );
    // `$value` is literal: not a `{size}`.
    let route = mock.route("GET", &format!("{v1}/me/photo/$value")).unwrap();
    assert_eq!(route.operation.name, "getMePhotoContent");
    let route = mock.route("GET", &format!("{v1}/me/photos/48x48")).unwrap();
    assert_eq!(route.operation.name, "getMePhotoBySize");
    // Keys do not cross `/`.
    assert!(mock
        .route("GET", &format!("{v1}/me/photos/48x48/more"))
        .is_none());
}

#[test]
fn an_operation_without_an_example_response_and_unknown_methods_are_said() {
    let mock = fixture("actions");
    let answer = mock.answer(&request(
        "GET",
        "https://graph.microsoft.com/v1.0/me/photo/$value",
        Value::Null,
    ));
    assert_eq!(answer.response.status(), 501);
    assert!(
        format!("{}", answer.outcome).contains("is documented at v1.0/api/profilephoto-get.md"),
        "{}",
        answer.outcome
    );
    let answer = mock.answer(&request(
        "DELETE",
        "https://graph.microsoft.com/v1.0/me/outlook/supportedTimeZones",
        Value::Null,
    ));
    assert_eq!(answer.response.status(), 405);
    assert_eq!(answer.response.headers()["allow"], "GET");
    let answer = mock.answer(&request(
        "OPTIONS",
        "https://graph.microsoft.com/v1.0/me/photo",
        Value::Null,
    ));
    assert_eq!(answer.response.status(), 405);
}

#[test]
fn the_example_whose_query_fits_best_answers() {
    let mock = fixture("calling");
    let get = |url: &str| {
        let answer = mock.answer(&request("GET", url, Value::Null));
        let body: Value = serde_json::from_slice(answer.response.body()).unwrap();
        body
    };
    let all = get("https://graph.microsoft.com/v1.0/users");
    assert_eq!(all["value"][0]["displayName"], "contoso1");
    let by_mail = get(
        "https://graph.microsoft.com/v1.0/users?$filter=endswith(mail,'b@contoso.com')&$count=true",
    );
    assert_eq!(by_mail["value"][0]["displayName"], "Grady Archie");
}

/// An action page whose table marks a parameter required, and a resource page with an enum.
fn pages() -> Mock {
    let action = r#"---
doc_type: apiPageType
---
# thing: frob

Namespace: microsoft.graph

Frobs a thing.

## HTTP request
```http
POST /things/{id}/frob
```

## Request body

| Parameter | Type | Description |
|:--|:--|:--|
| level | Int32 | How hard. Required. |
| mode | frobMode | How. |
| note | String | Why. |

## Response

If successful, this action returns a `204 No Content` response code.

## Example

### Request
```http
POST https://graph.microsoft.com/v1.0/things/1/frob
Content-type: application/json

{"level": "Integer", "mode": "gently"}
```

### Response
```http
HTTP/1.1 204 No Content
```
"#;
    let mode = r#"---
doc_type: enumPageType
---
# frobMode enum type

Namespace: microsoft.graph

| Member | Value | Description |
|:--|:--|:--|
| gently | 0 | Gently. |
| firmly | 1 | Firmly. |
"#;
    let docs = crate::docs::Docs::from_memory([
        ("v1.0/api/thing-frob.md", action),
        ("v1.0/resources/frobmode.md", mode),
    ]);
    Mock::new(
        crate::generate::Generator::new(&docs, &crate::settings::Settings::default()).schema(),
    )
}

fn refusal(mock: &Mock, body: Value) -> (u16, String, String) {
    let answer = mock.answer(&request(
        "POST",
        "https://graph.microsoft.com/v1.0/things/7/frob",
        body,
    ));
    let status = answer.response.status().as_u16();
    let error: Value = serde_json::from_slice(answer.response.body()).unwrap_or(Value::Null);
    let target = error["error"]["target"].as_str().unwrap_or("").to_string();
    let message = error["error"]["message"].as_str().unwrap_or("").to_string();
    (status, target, message)
}

#[test]
fn action_bodies_are_checked_against_the_parameters_table() {
    let mock = pages();
    assert_eq!(
        mock.coverage(),
        Coverage {
            operations: 1,
            servable: 1
        }
    );
    assert_eq!(refusal(&mock, json!({"level": 3, "mode": "firmly"})).0, 204);
    // The docs' own example sends a placeholder for `level`: the same is let through.
    assert_eq!(refusal(&mock, json!({"level": "Integer"})).0, 204);
    let (status, target, message) = refusal(&mock, json!({"mode": "gently"}));
    assert_eq!((status, target.as_str()), (400, "level"), "{message}");
    assert!(
        message.contains("the required parameter `level` is missing"),
        "{message}"
    );
    let (status, target, message) = refusal(&mock, json!({"level": 1, "mode": "wildly"}));
    assert_eq!((status, target.as_str()), (400, "mode"), "{message}");
    assert!(
        message.contains("`wildly` is not a member of frobMode (gently, firmly)"),
        "{message}"
    );
    let (_, target, message) = refusal(&mock, json!({"level": 1, "loudly": true}));
    assert_eq!(target, "loudly", "{message}");
    let (_, target, message) = refusal(&mock, json!({"level": "3"}));
    assert_eq!(target, "level", "{message}");
    assert!(message.contains("is Edm.Int32, not a string"), "{message}");
    let (status, _, message) = refusal(&mock, json!([1]));
    assert_eq!(status, 400, "{message}");
    // An empty body is no parameters: the required one is missing.
    assert_eq!(refusal(&mock, Value::Null).1, "level");
}
