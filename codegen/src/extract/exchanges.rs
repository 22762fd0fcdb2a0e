//! An API page's example exchanges: each request with its response, their bodies read leniently.

use super::resource::read_json;
use super::{in_request_syntax, section, source, split_verb, ExampleFact, PageFacts};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::JsonText;
use crate::markdown::json::Json;
use crate::markdown::{Block, BlockKind, CodeBlock, Page};

/// An example body for the IR: strict JSON as written (checking it costs less than writing it
/// anew), anything the lenient reader had to forgive as the JSON it understood.
fn example_text(raw: &str, read: &Json) -> JsonText {
    if serde_json::from_str::<serde::de::IgnoredAny>(raw).is_ok() {
        JsonText::new(raw.trim().to_string())
    } else {
        JsonText::new(read.to_json_string())
    }
}

/// An HTTP example split: its first line, its headers, and its JSON body with the body's first
/// line number.
struct HttpText {
    start: String,
    headers: Vec<(String, String)>,
    body: Option<(String, usize)>,
}

/// `Name: value` lines after the first line, up to the body (a line that is not a header ends
/// them: the docs sometimes write prose or `...` there).
fn header_lines(lines: &[&str]) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        let name = name.trim();
        // RFC 9110 token characters only: anything else is not a header line.
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            break;
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    headers
}

fn split_http(code: &CodeBlock) -> HttpText {
    let lines: Vec<&str> = code.text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return HttpText {
            start: String::new(),
            headers: Vec::new(),
            body: None,
        };
    };
    let start = lines[first].trim().to_string();
    // Headers never start with `{` or `[`; the body does.
    let body_at = lines[first + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with(['{', '[']))
        .map(|i| first + 1 + i);
    let headers = header_lines(&lines[first + 1..body_at.unwrap_or(lines.len())]);
    // A body declared as something other than JSON (`application/zip`, `text/html`) is not read as
    // JSON, even when it starts with `[` (`[Zip file containing a Teams app package]`).
    let declared_other = body_at.is_some_and(|at| {
        lines[first + 1..at].iter().any(|l| {
            l.split_once(':').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("content-type")
                    && !value.to_ascii_lowercase().contains("json")
            })
        })
    });
    let body_at = body_at.filter(|_| !declared_other);
    let body = body_at.map(|i| (lines[i..].join("\n"), code.content_line + i));
    HttpText {
        start,
        headers,
        body,
    }
}

/// The objects a response body describes: the items of a `{"value": ...}` wrapper, else the body.
pub(super) fn unwrap_value(body: &Json) -> Vec<&Json> {
    let Json::Object(members) = body else {
        return vec![body];
    };
    let mut data = members.iter().filter(|m| !m.key.starts_with('@'));
    match (data.next(), data.next()) {
        (Some(m), None) if m.key == "value" => match &m.value {
            Json::Array(items) => items
                .iter()
                .filter(|i| matches!(i, Json::Object(_)))
                .collect(),
            inner @ Json::Object(_) => vec![inner],
            _ => vec![body],
        },
        _ => vec![body],
    }
}

/// An example with its request and response bodies as read (lines kept) and their first lines.
pub(super) type ExampleBodies = (ExampleFact, Option<Json>, Option<Json>, usize, usize);

/// A request waiting for its response: the example so far, its body as read, the body's line.
type Pending = (ExampleFact, Option<Json>, usize);

/// The page's example requests and responses, paired in the order they appear.
pub(super) fn examples(page: &Page, facts: &mut PageFacts) -> Vec<ExampleBodies> {
    let mut out = Vec::new();
    let http_section_end = section(page, |h| h.starts_with("http request"))
        .map(|(h, _)| h.line)
        .unwrap_or(0);
    let mut pending: Option<Pending> = None;
    for block in &page.blocks {
        let Some(code) = example_block(block, http_section_end) else {
            continue;
        };
        let HttpText {
            start,
            headers,
            body,
        } = split_http(code);
        let json_body = body.and_then(|(text, line)| {
            read_json(page, &text, line, facts).map(|j| {
                let kept = example_text(&text, &j);
                (j, line, kept)
            })
        });
        let (body, body_line, body_text) = match json_body {
            Some((j, l, t)) => (Some(j), l, Some(t)),
            None => (None, 0, None),
        };
        if let Some((method, url, _)) = split_verb(&start) {
            if let Some((fact, body, line)) = pending.take() {
                out.push((fact, body, None, line, 0));
            }
            let mut fact = empty_example(page, block.line);
            fact.request_method = Some(method);
            fact.request_url = Some(url.to_string());
            fact.request_body = body_text;
            pending = Some((fact, body, body_line));
        } else if start.to_ascii_uppercase().starts_with("HTTP") {
            let (mut fact, request_body, request_line) = pending
                .take()
                .unwrap_or_else(|| (empty_example(page, block.line), None, 0));
            fact.response_status = status_of(&start, page, block.line + 1, facts);
            fact.response_body = body_text;
            fact.response_headers = headers;
            fact.response_annotation_type = response_annotation_type(code);
            out.push((fact, request_body, body, request_line, body_line));
        }
    }
    if let Some((fact, body, line)) = pending.take() {
        out.push((fact, body, None, line, 0));
    }
    out
}

/// The code block of an example request or response: HTTP (or unlabelled, or
/// `msgraph-interactive`, the docs' HTTP block with a Graph Explorer button) after the HTTP
/// request section, outside request syntax, not annotated `ignored`.
fn example_block(block: &Block, http_section_end: usize) -> Option<&CodeBlock> {
    let BlockKind::Code(code) = &block.kind else {
        return None;
    };
    let http = code.lang == "http" || code.lang.is_empty() || code.lang == "msgraph-interactive";
    if block.line <= http_section_end || !http || in_request_syntax(&block.headings) {
        return None;
    }
    let annotated = code.annotation.as_ref().and_then(|a| a.block_type());
    (annotated != Some("ignored")).then_some(code)
}

fn empty_example(page: &Page, line: usize) -> ExampleFact {
    ExampleFact {
        request_method: None,
        request_url: None,
        request_body: None,
        response_status: None,
        response_body: None,
        response_headers: Vec::new(),
        response_annotation_type: None,
        source: source(page, line),
    }
}

/// The reason phrases of RFC 9110 (and 207) for the statuses the docs use.
const CANONICAL_STATUS_LINES: [&str; 30] = [
    "200 OK",
    "201 Created",
    "202 Accepted",
    "203 Non-Authoritative Information",
    "204 No Content",
    "206 Partial Content",
    "207 Multi-Status",
    "301 Moved Permanently",
    "302 Found",
    "303 See Other",
    "304 Not Modified",
    "307 Temporary Redirect",
    "400 Bad Request",
    "401 Unauthorized",
    "403 Forbidden",
    "404 Not Found",
    "405 Method Not Allowed",
    "409 Conflict",
    "412 Precondition Failed",
    "413 Content Too Large",
    "413 Payload Too Large",
    "416 Range Not Satisfiable",
    "416 Requested Range Not Satisfiable",
    "422 Unprocessable Entity",
    "423 Locked",
    "429 Too Many Requests",
    "500 Internal Server Error",
    "501 Not Implemented",
    "503 Service Unavailable",
    "507 Insufficient Storage",
];

/// The status of a response's first line; a missing status or an odd status line is reported at
/// `line`.
fn status_of(start: &str, page: &Page, line: usize, facts: &mut PageFacts) -> Option<u16> {
    let status = start
        .split_whitespace()
        .find_map(|w| (w.len() == 3).then(|| w.parse::<u16>().ok()).flatten());
    let Some(status) = status else {
        facts.diagnostics.push(Diagnostic::new(
            Code::ResponseStatusUnreadable,
            &source(page, line),
            format!("`{start}` has no status code"),
        ));
        return None;
    };
    let (protocol, reason) = start
        .split_once(' ')
        .map(|(p, r)| (p, r.trim()))
        .unwrap_or((start, ""));
    // Bytes: a multi-byte character may straddle byte 5.
    let versioned = protocol.len() > 5 && protocol.as_bytes()[..5].eq_ignore_ascii_case(b"HTTP/");
    if !versioned
        || !CANONICAL_STATUS_LINES
            .iter()
            .any(|c| c.eq_ignore_ascii_case(reason))
    {
        facts.diagnostics.push(Diagnostic::new(
            Code::ResponseStatusOdd,
            &source(page, line),
            format!("`{start}` is not a canonical status line"),
        ));
    }
    Some(status)
}

/// The type a response block's annotation claims, and whether it says a collection.
fn response_annotation_type(code: &CodeBlock) -> Option<(String, bool)> {
    let a = code.annotation.as_ref()?;
    let claimed = a.get_str("@odata.type")?.to_string();
    let listed = matches!(a.json.as_ref()?.get("isCollection"), Some(Json::Bool(true)));
    Some((claimed, listed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_stop_at_the_first_line_that_is_not_one() {
        let lines = [
            "Content-type: application/json",
            "",
            "Location: https://graph.microsoft.com/v1.0/x",
            "Note: see below, it is long",
            "the body follows",
            "Other: x",
        ];
        let headers = header_lines(&lines);
        assert_eq!(
            headers,
            vec![
                ("Content-type".to_string(), "application/json".to_string()),
                (
                    "Location".to_string(),
                    "https://graph.microsoft.com/v1.0/x".to_string()
                ),
                ("Note".to_string(), "see below, it is long".to_string()),
            ]
        );
        // A name with a space is prose, not a header.
        assert!(header_lines(&["See also: x"]).is_empty());
    }
}
