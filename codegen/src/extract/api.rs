//! API pages: the HTTP request syntax, permissions, request-body table, response and examples.

use super::infer::{infer_object, odata_type_name};
use super::resource::{page_description, property_columns, read_json, table_properties};
use super::{
    page_namespace, section, source, ExampleFact, HttpPathFact, OperationFact, PageFacts, TypeFact,
    TypeName,
};
use crate::diagnostics::Diagnostic;
use crate::ir::{ApiVersion, Evidence, HttpMethod, JsonText, Permission};
use crate::markdown::json::Json;
use crate::markdown::{Block, BlockKind, CodeBlock, Page};

fn title(page: &Page) -> String {
    page.blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Heading(h) if h.level == 1 => Some(h.text.to_string()),
            _ => None,
        })
        .or_else(|| page.front_matter.get("title").cloned())
        .unwrap_or_default()
}

/// `POST /a/b`, `DELETE/identity/x` (no space), with the verb's case forgiven.
fn split_verb(line: &str) -> Option<(HttpMethod, &str, bool)> {
    let trimmed = line.trim();
    let verb_len = trimmed
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let method = HttpMethod::parse(&trimmed[..verb_len])?;
    let rest = &trimmed[verb_len..];
    let spaced = rest.starts_with(char::is_whitespace);
    if !spaced && !rest.starts_with('/') && !rest.starts_with('~') {
        return None;
    }
    Some((method, rest.trim(), !spaced))
}

fn permissions(page: &Page, facts: &mut PageFacts) -> Vec<Permission> {
    let Some((heading, blocks)) = section(page, |t| {
        let l = t.to_ascii_lowercase();
        l == "permissions" || l == "prerequisites"
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut unresolved_include = None;
    let mut other_shape = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Table(table) => {
                let header = table.header_key();
                if !header.first().is_some_and(|h| h.starts_with("permission")) {
                    other_shape.get_or_insert((table.header.join(" | "), block.line));
                    continue;
                }
                for row in &table.rows {
                    let (Some(kind), Some(scopes)) = (row.cells.first(), row.cells.get(1)) else {
                        continue;
                    };
                    let text = scopes.text.replace('*', "");
                    let lower = text.trim().to_ascii_lowercase();
                    let scopes: Vec<String> = if lower.contains("todo") {
                        facts.diagnostics.push(
                            Diagnostic::warning(
                                "permissions-todo",
                                &source(page, row.line),
                                format!(
                                    "the {} permissions are a TODO (`{}`), not scopes",
                                    kind.text.trim(),
                                    text.trim()
                                ),
                            )
                            .with_help(
                                "ask the API owner for the scopes and write them into the table",
                            ),
                        );
                        Vec::new()
                    } else if lower.starts_with("not supported")
                        || lower.starts_with("none")
                        || lower.starts_with("not applicable")
                        || lower == "n/a"
                    {
                        Vec::new()
                    } else {
                        text.split([',', ' '])
                            .map(|s| s.trim().trim_matches('`').trim_end_matches('.'))
                            .filter(|s| !s.is_empty() && s.contains('.'))
                            .map(str::to_string)
                            .collect()
                    };
                    let mut kind = kind.text.trim().to_string();
                    if kind.matches('(').count() > kind.matches(')').count() {
                        facts.diagnostics.push(
                            Diagnostic::warning(
                                "permission-kind-odd",
                                &source(page, row.line),
                                format!("the permission type `{kind}` has no closing `)`; read as `{kind})`"),
                            )
                            .with_help("close the parenthesis"),
                        );
                        kind.push(')');
                    }
                    out.push(Permission { kind, scopes });
                }
            }
            BlockKind::Include { target, .. } => {
                unresolved_include = Some((target.clone(), block.line))
            }
            _ => {}
        }
    }
    if out.is_empty() {
        // A table of another shape (`Supported resource | Delegated ... | Application`) is the
        // better explanation than an include beside it.
        let (message, line) = match (other_shape, unresolved_include) {
            (Some((header, line)), _) => (
                format!("the permissions table has a shape graphdoc does not read (`{header}`)"),
                line,
            ),
            (None, Some((target, line))) => (
                format!("the permissions are in `{target}`, which is not in the docs folder"),
                line,
            ),
            (None, None) => (
                "the Permissions section has no permissions table".to_string(),
                heading.line,
            ),
        };
        facts.diagnostics.push(
            Diagnostic::note("permissions-unresolved", &source(page, line), message)
                .with_help("the operation is generated without permission data"),
        );
    }
    out
}

/// A syntax path relative to the version root: `https://graph.microsoft.com/v1.0/x`, `~/x/`, `x` and
/// `/x/` all become `/x` (the query string is kept for the operation builder to drop).
fn normalize_path(
    written: &str,
    version: ApiVersion,
    at: &crate::ir::Source,
    out: &mut Vec<Diagnostic>,
) -> String {
    let (mut path, query) = match written.find('?') {
        Some(i) => (&written[..i], &written[i..]),
        None => (written, ""),
    };
    let mut changes: Vec<&str> = Vec::new();
    if let Some(i) = path.find("://") {
        let after_host = path[i + 3..].find('/').map_or("", |j| &path[i + 3 + j..]);
        let mut parts = after_host.trim_start_matches('/').splitn(2, '/');
        let first = parts.next().unwrap_or("");
        match ApiVersion::parse(first) {
            Some(v) => {
                if v != version {
                    out.push(
                        Diagnostic::warning(
                            "http-path-other-version",
                            at,
                            format!(
                                "the syntax path `{written}` is a {} URL on a {} page; read as relative to the {} root",
                                v.as_str(),
                                version.as_str(),
                                version.as_str()
                            ),
                        )
                        .with_help("write the path relative to the version root (`/x/{id}`)"),
                    );
                } else {
                    changes.push("dropped the absolute URL prefix");
                }
                path = parts.next().unwrap_or("");
            }
            None => {
                changes.push("dropped the absolute URL prefix");
                path = after_host;
            }
        }
    }
    if let Some(rest) = path.strip_prefix('~') {
        changes.push("dropped the `~` root");
        path = rest;
    }
    let mut normalized = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        if !changes.iter().any(|c| c.contains("URL")) {
            changes.push("added the missing leading `/`");
        }
        normalized.push('/');
    }
    normalized.push_str(path);
    if normalized.len() > 1 && normalized.ends_with('/') {
        changes.push("dropped the trailing `/`");
        while normalized.len() > 1 && normalized.ends_with('/') {
            normalized.pop();
        }
    }
    if !changes.is_empty() {
        out.push(
            Diagnostic::note(
                "http-path-normalized",
                at,
                format!(
                    "`{written}` is read as `{normalized}` ({})",
                    changes.join(", ")
                ),
            )
            .with_help("write syntax paths as `/segment/{id}`, relative to the version root"),
        );
    }
    normalized.push_str(query);
    normalized
}

/// The same `{placeholder}` twice in one path: the docs mean two different keys (SURVEY B.11 #1).
fn repeated_placeholders(path: &str, at: &crate::ir::Source, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&str> = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let placeholder = &rest[open..=open + len];
        if seen.contains(&placeholder) && !reported.contains(&placeholder) {
            reported.push(placeholder);
            out.push(
                Diagnostic::warning(
                    "path-placeholder-repeated",
                    at,
                    format!(
                        "`{placeholder}` appears more than once in `{path}`; each occurrence becomes its own parameter"
                    ),
                )
                .with_help("name each key after its segment (`{deviceConfigurationId}`, `{networkAccessConfigurationId}`)"),
            );
        }
        seen.push(placeholder);
        rest = &rest[open + len + 1..];
    }
}

fn http_paths(page: &Page, version: ApiVersion, facts: &mut PageFacts) -> Vec<HttpPathFact> {
    let Some((heading, blocks)) =
        section(page, |t| t.to_ascii_lowercase().starts_with("http request"))
    else {
        facts.diagnostics.push(Diagnostic::warning(
            "http-request-missing",
            &source(page, 1),
            "the API page has no `## HTTP request` section",
        ));
        return Vec::new();
    };
    let mut paths = Vec::new();
    for block in blocks {
        let BlockKind::Code(code) = &block.kind else {
            continue;
        };
        for (i, line) in code.text.lines().enumerate() {
            let line_no = code.content_line + i;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                continue;
            }
            match split_verb(t) {
                Some((method, path, unspaced)) => {
                    if unspaced {
                        facts.diagnostics.push(Diagnostic::warning(
                            "http-syntax-odd",
                            &source(page, line_no),
                            format!("no space between `{}` and the path", method.as_str()),
                        ));
                    }
                    let at = source(page, line_no);
                    // Words outside braces and call parentheses, before any query string, are not a path
                    // (`/** Entity URI for ... not found`, a generator leak).
                    let bare = path.split('?').next().unwrap_or(path);
                    let mut depth = 0i32;
                    let prose = bare.chars().any(|c| {
                        depth += i32::from(c == '{' || c == '(') - i32::from(c == '}' || c == ')');
                        depth == 0 && (c.is_whitespace() || c == '*')
                    });
                    if prose {
                        facts.diagnostics.push(Diagnostic::warning(
                            "http-syntax-unreadable",
                            &at,
                            format!(
                                "`{t}` has prose where the path should be; the line is skipped"
                            ),
                        ));
                        continue;
                    }
                    let path = normalize_path(path, version, &at, &mut facts.diagnostics);
                    repeated_placeholders(&path, &at, &mut facts.diagnostics);
                    paths.push(HttpPathFact {
                        method,
                        path,
                        source: at,
                    });
                }
                None => facts.diagnostics.push(Diagnostic::warning(
                    "http-syntax-unreadable",
                    &source(page, line_no),
                    format!("`{t}` is not `METHOD /path`; the line is skipped"),
                )),
            }
        }
    }
    if paths.is_empty() {
        facts.diagnostics.push(Diagnostic::warning(
            "http-request-empty",
            &source(page, heading.line),
            "the HTTP request section has no `METHOD /path` line",
        ));
    }
    paths
}

/// `201 Created` and the linked type from "If successful, this method returns a `201 Created`
/// response code and a [x](...) object in the response body."
fn response_prose(page: &Page, ns: &str) -> (Option<u16>, Option<(TypeName, bool)>) {
    let Some((_, blocks)) = section(page, |t| t.eq_ignore_ascii_case("response")) else {
        return (None, None);
    };
    for block in blocks {
        let BlockKind::Paragraph(p) = &block.kind else {
            continue;
        };
        let status = p.text.split('`').skip(1).step_by(2).find_map(|code| {
            let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
            (digits.len() == 3).then(|| digits.parse().ok()).flatten()
        });
        let Some(status) = status else { continue };
        let ty = p
            .links
            .iter()
            .find(|l| !l.dest.contains("http") && !l.text.contains(' '))
            .map(|l| {
                let lower = p.text.to_ascii_lowercase();
                let collection = lower.contains("collection of")
                    || lower.contains(&format!("{} collection", l.text.to_ascii_lowercase()));
                let (namespace, name) = match l.text.rsplit_once('.') {
                    Some((n, s)) => (Some(n.to_string()), s.to_string()),
                    None => (None, l.text.clone()),
                };
                (
                    TypeName {
                        namespace,
                        name,
                        page_namespace: ns.to_string(),
                    },
                    collection,
                )
            });
        return (Some(status), ty);
    }
    (None, None)
}

fn request_body_link(blocks: &[Block], ns: &str) -> Option<TypeName> {
    blocks.iter().find_map(|b| match &b.kind {
        // "supply a JSON representation of the [x](...) object": other links in the section are prose.
        BlockKind::Paragraph(p) if p.text.to_ascii_lowercase().contains("representation") => p
            .links
            .iter()
            .find(|l| l.dest.contains("resources/") || !l.dest.contains('/'))
            .map(|l| TypeName {
                namespace: None,
                name: l.text.trim().to_string(),
                page_namespace: ns.to_string(),
            }),
        _ => None,
    })
}

/// An HTTP example split into its first line, and its JSON body with the body's first line number.
/// An example body for the IR: strict JSON as written (checking it costs less than writing it
/// anew), anything the lenient reader had to forgive as the JSON it understood.
fn example_text(raw: &str, read: &Json) -> JsonText {
    if serde_json::from_str::<serde::de::IgnoredAny>(raw).is_ok() {
        JsonText::new(raw.trim().to_string())
    } else {
        JsonText::new(read.to_json_string())
    }
}

fn split_http(code: &CodeBlock) -> (String, Option<(String, usize)>) {
    let lines: Vec<&str> = code.text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return (String::new(), None);
    };
    let start = lines[first].trim().to_string();
    // Headers never start with `{` or `[`; the body does.
    let body_at = lines[first + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with(['{', '[']))
        .map(|i| first + 1 + i);
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
    (start, body)
}

/// The objects a response body describes: the items of a `{"value": ...}` wrapper, else the body.
fn unwrap_value(body: &Json) -> Vec<&Json> {
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
type ExampleBodies = (ExampleFact, Option<Json>, Option<Json>, usize, usize);

fn examples(page: &Page, facts: &mut PageFacts) -> Vec<ExampleBodies> {
    let mut out = Vec::new();
    let http_section_end = section(page, |t| t.to_ascii_lowercase().starts_with("http request"))
        .map(|(h, _)| h.line)
        .unwrap_or(0);
    let mut pending: Option<(ExampleFact, Option<Json>, usize)> = None;
    for block in &page.blocks {
        let BlockKind::Code(code) = &block.kind else {
            continue;
        };
        if block.line <= http_section_end || !(code.lang == "http" || code.lang.is_empty()) {
            continue;
        }
        let in_syntax = block
            .headings
            .iter()
            .any(|h| h.text.to_ascii_lowercase().starts_with("http request"));
        if in_syntax {
            continue;
        }
        let annotated = code
            .annotation
            .as_ref()
            .and_then(|a| a.block_type())
            .unwrap_or("");
        if annotated == "ignored" {
            continue;
        }
        let (start, body) = split_http(code);
        let json_body = body.and_then(|(text, line)| {
            read_json(page, &text, line, facts).map(|j| {
                let kept = example_text(&text, &j);
                (j, line, kept)
            })
        });
        if let Some((method, url, _)) = split_verb(&start) {
            if let Some((fact, body, line)) = pending.take() {
                out.push((fact, body, None, line, 0));
            }
            let (request_body, body_line, request_text) = match json_body {
                Some((j, l, t)) => (Some(j), l, Some(t)),
                None => (None, 0, None),
            };
            pending = Some((
                ExampleFact {
                    request_method: Some(method),
                    request_url: Some(url.to_string()),
                    request_body: request_text,
                    response_status: None,
                    response_body: None,
                    response_annotation_type: None,
                    source: source(page, block.line),
                },
                request_body,
                body_line,
            ));
        } else if start.to_ascii_uppercase().starts_with("HTTP") {
            let status = start
                .split_whitespace()
                .find_map(|w| (w.len() == 3).then(|| w.parse::<u16>().ok()).flatten());
            if status.is_none() {
                facts.diagnostics.push(Diagnostic::warning(
                    "response-status-unreadable",
                    &source(page, block.line + 1),
                    format!("`{start}` has no status code"),
                ));
            }
            // The reason phrases of RFC 9110 (and 207) for the statuses the docs use.
            let canonical = [
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
            let (protocol, reason) = start
                .split_once(' ')
                .map(|(p, r)| (p, r.trim()))
                .unwrap_or((start.as_str(), ""));
            // Bytes: a multi-byte character may straddle byte 5.
            let versioned =
                protocol.len() > 5 && protocol.as_bytes()[..5].eq_ignore_ascii_case(b"HTTP/");
            if status.is_some()
                && (!versioned || !canonical.iter().any(|c| c.eq_ignore_ascii_case(reason)))
            {
                facts.diagnostics.push(Diagnostic::warning(
                    "response-status-odd",
                    &source(page, block.line + 1),
                    format!("`{start}` is not a canonical status line"),
                ));
            }
            let annotation_type = code
                .annotation
                .as_ref()
                .and_then(|a| a.get_str("@odata.type"))
                .map(str::to_string);
            let (response_body, body_line, response_text) = match json_body {
                Some((j, l, t)) => (Some(j), l, Some(t)),
                None => (None, 0, None),
            };
            let (mut fact, request_body, request_line) = pending.take().unwrap_or_else(|| {
                (
                    ExampleFact {
                        request_method: None,
                        request_url: None,
                        request_body: None,
                        response_status: None,
                        response_body: None,
                        response_annotation_type: None,
                        source: source(page, block.line),
                    },
                    None,
                    0,
                )
            });
            fact.response_status = status;
            fact.response_body = response_text;
            fact.response_annotation_type = annotation_type;
            out.push((fact, request_body, response_body, request_line, body_line));
        }
    }
    if let Some((fact, body, line)) = pending.take() {
        out.push((fact, body, None, line, 0));
    }
    out
}

pub fn extract(page: &Page, version: ApiVersion, facts: &mut PageFacts) {
    let ns = page_namespace(page);
    let permissions = permissions(page, facts);
    let paths = http_paths(page, version, facts);
    let (response_status, response_type) = response_prose(page, &ns);

    // The request body: its table (for create/update) and the type it carries.
    let mut request_type: Option<TypeName> = None;
    let mut body_properties = Vec::new();
    if let Some((_, blocks)) = section(page, |t| t.eq_ignore_ascii_case("request body")) {
        request_type = request_body_link(blocks, &ns);
        for block in blocks {
            let BlockKind::Table(table) = &block.kind else {
                continue;
            };
            if table.header_key().first().map(String::as_str) == Some("parameter") {
                continue; // Action parameters, not a type's properties.
            }
            if let Some(cols) = property_columns(table) {
                body_properties.extend(table_properties(
                    page,
                    table,
                    &cols,
                    Evidence::RequestBodyTable,
                    false,
                    facts,
                ));
            }
        }
    }

    let examples = examples(page, facts);
    // The example request's `@odata.type` names the body type more reliably than prose.
    for (_, request_body, _, _, _) in &examples {
        let named = request_body
            .as_ref()
            .and_then(|b| b.get("@odata.type"))
            .and_then(Json::as_str);
        if let Some((name, false)) = named.and_then(|t| odata_type_name(t, &ns)) {
            if request_type
                .as_ref()
                .is_none_or(|r| r.name.eq_ignore_ascii_case(&name.name))
            {
                request_type = Some(name);
            }
        }
    }
    let has_body = paths.iter().any(|p| {
        matches!(
            p.method,
            HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
        )
    });
    if request_type.is_none() && has_body && !body_properties.is_empty() {
        request_type = response_type
            .as_ref()
            .filter(|(_, c)| !c)
            .map(|(t, _)| t.clone());
    }

    if let Some(rt) = &request_type {
        if !body_properties.is_empty() {
            facts.types.push(TypeFact {
                name: rt.clone(),
                version,
                evidence: Evidence::RequestBodyTable,
                source: body_properties[0].source.clone(),
                description: String::new(),
                properties: body_properties,
                base_type: None,
                key_property: None,
                open_type: false,
                abstract_type: false,
                mention_only: false,
            });
        }
    }

    // Example bodies describe the request and response types. A response of only `value` is a
    // wrapper (a collection page, or Intune's single-entity `{"value": {...}}`): its items are the
    // type's shape, `value` is not a property.
    let response_element = response_type.as_ref().map(|(t, _)| t.clone());
    let mut example_facts = Vec::new();
    for (ex, request_body, response_body, request_line, response_line) in examples {
        let request = request_body
            .iter()
            .map(|b| (b, request_line, request_type.clone()));
        let unwrapped: Vec<&Json> = response_body.as_ref().map(unwrap_value).unwrap_or_default();
        let response = unwrapped
            .into_iter()
            .map(|b| (b, response_line, response_element.clone()));
        for (body, line, fallback) in request.chain(response) {
            let named = body
                .get("@odata.type")
                .and_then(Json::as_str)
                .and_then(|t| odata_type_name(t, &ns));
            let name = match named {
                Some((n, false)) => Some(n),
                _ => fallback,
            };
            if let Some(name) = name {
                if let Some(fact) =
                    infer_object(body, &name, version, Evidence::Example, page, line, facts)
                {
                    facts.types.push(fact);
                }
            }
        }
        example_facts.push(ex);
    }

    if paths.is_empty() {
        return;
    }
    facts.operations.push(OperationFact {
        version,
        title: title(page),
        description: page_description(page),
        source: paths[0].source.clone(),
        paths,
        request_type,
        response_type,
        response_status,
        permissions,
        examples: example_facts,
    });
}
