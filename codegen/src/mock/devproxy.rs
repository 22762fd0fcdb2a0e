//! The same answers as a Dev Proxy mocks file (its MockResponsePlugin): one mock per operation
//! with an example response, its URL with each placeholder and argument list as `*`, the most
//! specific URLs first (Dev Proxy answers with the first mock whose URL matches).

use serde_json::{json, Value};

use super::respond::example_response;
use crate::ir::{Example, Operation, PathSegment, Schema};

/// The schema Dev Proxy publishes for mocks files (v3.2.0), named in the file for editors.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/dotnet/dev-proxy/main/schemas/v3.2.0/mockresponseplugin.mocksfile.schema.json";

/// The mocks file for `schema`'s operations, requests to `base` (`https://graph.microsoft.com`).
/// Written by hand rather than through a JSON value, so that each body keeps the docs' member
/// order.
pub fn mocks_file(schema: &Schema, base: &str) -> String {
    let mut mocks: Vec<(usize, String, String)> = Vec::new();
    for op in &schema.operations {
        let Some(example) = op.examples.iter().find(|e| e.gives_response()) else {
            continue;
        };
        let (url, literal) = url_pattern(base, op.version.as_str(), &op.segments);
        mocks.push((literal, url.clone(), mock(op, example, &url)));
    }
    // Most literal text first; then by URL, so the file is the same from run to run.
    mocks.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let entries: Vec<String> = mocks.into_iter().map(|(_, _, m)| m).collect();
    format!(
        "{{\n  \"$schema\": {},\n  \"mocks\": [\n{}\n  ]\n}}\n",
        Value::from(SCHEMA_URL),
        entries.join(",\n")
    )
}

/// One mock: the request's URL and method, the example's status, headers and body.
fn mock(op: &Operation, example: &Example, url: &str) -> String {
    let response = example_response(op, example, None, false);
    let headers: Vec<Value> = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            // The name as the docs write it (`Content-Type`), not as `http` lowercases it.
            let written = example
                .response_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name.as_str()))
                .map_or(name.as_str(), |(n, _)| n.as_str());
            let written = if written == "content-type" {
                "Content-Type"
            } else {
                written
            };
            Some(json!({"name": written, "value": value.to_str().ok()?}))
        })
        .collect();
    let request = json!({"url": url, "method": op.method.as_str()});
    let mut text = format!(
        "    {{\n      \"request\": {request},\n      \"response\": {{\n        \"statusCode\": {},\n        \"headers\": {}",
        response.status().as_u16(),
        Value::from(headers)
    );
    if let Some(body) = body_text(response.body()) {
        text.push_str(",\n        \"body\": ");
        text.push_str(&body.replace('\n', "\n        "));
    }
    text.push_str("\n      }\n    }");
    text
}

/// The operation's URL with `*` for each wildcard, and how many literal characters it has.
fn url_pattern(base: &str, version: &str, segments: &[PathSegment]) -> (String, usize) {
    let mut path = String::new();
    let mut literal = 0;
    for s in segments {
        match s {
            PathSegment::Literal { text } => {
                literal += text.len();
                path.push_str(text);
            }
            PathSegment::Parameter { .. } => path.push('*'),
            PathSegment::Arguments { .. } => path.push_str("(*)"),
        }
    }
    (
        format!("{}/{version}{path}", base.trim_end_matches('/')),
        literal,
    )
}

/// A body as Dev Proxy takes it: JSON objects and arrays as written, other JSON as a string.
fn body_text(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    if text.is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_) | Value::Array(_)) => Some(text.to_string()),
        _ => Some(Value::from(text).to_string()),
    }
}
