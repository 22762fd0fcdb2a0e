//! API pages: the HTTP request syntax, permissions, request-body table, response and examples.

use super::exchanges::{examples, unwrap_value, ExampleBodies};
use super::infer::{infer_object, odata_type_name};
use super::response::{self, ResponseType, Written};
use super::title::{read_title, TitleSays};
use super::{
    in_request_syntax, page_namespace, parameters, section, sections, source, split_verb,
    ExampleFact, HttpPathFact, OperationFact, PageFacts, PropFact, TypeFact, TypeName,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ApiVersion, Evidence, HttpMethod, OperationKind};
use crate::markdown::json::Json;
use crate::markdown::{Block, BlockKind, Page};

fn title(page: &Page) -> String {
    page.blocks
        .iter()
        .find_map(|b| match &b.kind {
            // A translated title is read from its English anchor: the title names the operation.
            BlockKind::Heading(h) if h.level == 1 => Some(h.english().into_owned()),
            _ => None,
        })
        .or_else(|| page.front_matter.get("title").cloned())
        .unwrap_or_default()
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
                        Diagnostic::new(
                            Code::HttpPathOtherVersion,
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
    // `/beta/teams/{id}/photo`: the version root written into a relative path.
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if ApiVersion::parse(first) == Some(version) && first != path.trim_start_matches('/') {
        changes.push("dropped the version segment");
        path = &path.trim_start_matches('/')[first.len()..];
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
            Diagnostic::new(
                Code::HttpPathNormalized,
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

/// The same `{placeholder}` twice in one path: the docs mean two different keys.
///
/// A note, not a warning: writing `{id}` for every key is the docs' convention (1,675 paths of the
/// 2021 corpus, nearly all correct), and each parameter is named after the segment it keys
/// (`administrativeUnitId`, `memberId`), so the generated code is right and the path readable.
/// As a warning it was a third of all warnings on correct docs, hiding the ones to act on.
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
                Diagnostic::new(
                    Code::PathPlaceholderRepeated,
                    at,
                    format!(
                        "`{placeholder}` stands for several keys in `{path}`; each becomes its own parameter, named after the segment it keys"
                    ),
                )
                .with_help("name each key after its segment (`{deviceConfigurationId}`, `{networkAccessConfigurationId}`)"),
            );
        }
        seen.push(placeholder);
        rest = &rest[open + len + 1..];
    }
}

/// Code blocks before the page's examples that hold request syntax (`GET /sites/root`, not an
/// example's `GET https://...` and not an annotated example request): the requests of a page
/// without an HTTP request section (`site-get.md` gives one section per way to address a site).
fn syntax_blocks_outside_sections(page: &Page) -> Vec<&Block> {
    page.blocks
        .iter()
        .take_while(|b| !matches!(&b.kind, BlockKind::Heading(h) if h.starts_with("example")))
        .filter(|b| match &b.kind {
            BlockKind::Code(code) => {
                let annotated = code.annotation.as_ref().and_then(|a| a.block_type());
                let first = code.text.lines().find(|l| !l.trim().is_empty());
                !matches!(annotated, Some("request" | "response"))
                    && first
                        .and_then(split_verb)
                        .is_some_and(|(_, path, _)| path.starts_with('/'))
            }
            _ => false,
        })
        .collect()
}

/// The `METHOD /path` lines of every HTTP request section, in a code block of any language (`http`,
/// `msgraph-interactive`, none).
fn http_paths(page: &Page, version: ApiVersion, facts: &mut PageFacts) -> Vec<HttpPathFact> {
    let found: Vec<_> = sections(page, |h| h.starts_with("http request"))
        .into_iter()
        .filter(|(heading, _)| in_request_syntax(&heading.headings))
        .collect();
    let blocks: Vec<&Block> = match found.first() {
        Some(_) => found.iter().flat_map(|(_, blocks)| blocks.iter()).collect(),
        None => {
            let elsewhere = syntax_blocks_outside_sections(page);
            let message = match elsewhere.first() {
                Some(b) => format!("the API page has no `## HTTP request` section; the request syntax found before its examples (line {}) is read as its requests", b.line),
                None => "the API page has no `## HTTP request` section".to_string(),
            };
            facts.diagnostics.push(
                Diagnostic::new(Code::HttpRequestMissing, &source(page, 1), message)
                    .with_help("put the `METHOD /path` lines under `## HTTP request`"),
            );
            if elsewhere.is_empty() {
                return Vec::new();
            }
            elsewhere
        }
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
                        facts.diagnostics.push(Diagnostic::new(
                            Code::HttpSyntaxOdd,
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
                        facts.diagnostics.push(Diagnostic::new(
                            Code::HttpSyntaxUnreadable,
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
                None => facts.diagnostics.push(Diagnostic::new(
                    Code::HttpSyntaxUnreadable,
                    &source(page, line_no),
                    format!("`{t}` is not `METHOD /path`; the line is skipped"),
                )),
            }
        }
    }
    if let (true, Some((heading, _))) = (paths.is_empty(), found.first()) {
        facts.diagnostics.push(Diagnostic::new(
            Code::HttpRequestEmpty,
            &source(page, heading.line),
            "the HTTP request section has no `METHOD /path` line",
        ));
    }
    paths
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

/// The last `/` segment of a path outside call parentheses and braces, without its arguments or
/// namespace (`microsoft.graph.wipe` -> `wipe`), and whether it was namespace-qualified.
fn last_segment_name(path: &str) -> (&str, bool) {
    let path = path.split('?').next().unwrap_or(path);
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 && i + 1 < path.len() => start = i + 1,
            _ => {}
        }
    }
    let last = path[start..].trim_end_matches('/');
    let bare = last.split('(').next().unwrap_or(last);
    match bare.rsplit_once('.') {
        Some((_, name)) => (name, true),
        None => (bare, false),
    }
}

/// Whether the page documents an action, a function or a resource request: its title
/// (`user: assignLicense`, `wipe action`) naming the path's last segment, a call in that segment, a
/// namespace-qualified segment posted to, or a posted Parameter table.
fn kind_of(says: &TitleSays, paths: &[HttpPathFact], parameter_table: bool) -> OperationKind {
    let Some(first) = paths.first() else {
        return OperationKind::Resource;
    };
    let operation = |method: HttpMethod| match method {
        HttpMethod::Get => OperationKind::Function,
        _ => OperationKind::Action,
    };
    let (last, qualified) = last_segment_name(&first.path);
    if last.starts_with('$') || last.starts_with('{') || last.is_empty() {
        return OperationKind::Resource;
    }
    // `user: assignLicense`, `wipe action`, or a verb title whose verb is the segment (`Archive
    // team` for `POST /teams/{id}/archive`).
    let named = match says {
        TitleSays::Operation { name, .. } => name.eq_ignore_ascii_case(last),
        TitleSays::Verb { .. } => false,
        TitleSays::Other(first_word) => first_word.eq_ignore_ascii_case(last),
    };
    let is_verb_title = matches!(says, TitleSays::Verb { .. });
    let call = first
        .path
        .split('?')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .ends_with(')');
    match first.method {
        HttpMethod::Get | HttpMethod::Post if named => operation(first.method),
        HttpMethod::Get if call && !is_verb_title => OperationKind::Function,
        HttpMethod::Post if qualified || parameter_table => OperationKind::Action,
        _ => OperationKind::Resource,
    }
}

/// The page's description: its first paragraph before any section (the namespace line, notes and
/// the permissions sentence are not), else the front matter's `description`.
fn operation_description(page: &Page) -> String {
    const NOT_DESCRIPTIONS: [&str; 5] = ["Important:", "Note:", "Caution:", "**", "["];
    let intro = page
        .blocks
        .iter()
        .take_while(|b| !matches!(&b.kind, BlockKind::Heading(h) if h.level >= 2))
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => Some(p.text.trim()),
            _ => None,
        })
        // `Namespace: microsoft.graph` runs on into the description when no blank line follows.
        .map(|t| match t.strip_prefix("Namespace:") {
            Some(rest) => rest.split_once('\n').map_or("", |(_, after)| after.trim()),
            None => t,
        })
        .find(|t| !t.is_empty() && !NOT_DESCRIPTIONS.iter().any(|n| t.starts_with(n)));
    match intro {
        Some(text) => text.to_string(),
        // Some front matter carries the permissions sentence as the description.
        None => page
            .front_matter
            .get("description")
            .map(|d| d.trim())
            .filter(|d| !d.starts_with("One of the following permissions"))
            .unwrap_or_default()
            .to_string(),
    }
}

/// The Request body section: the type it links to, its table rows, whether the table says
/// "Parameter", and where the first table with rows is.
#[derive(Default)]
struct RequestBodySection {
    link: Option<TypeName>,
    rows: Vec<PropFact>,
    parameter_header: bool,
    table_line: Option<usize>,
}

fn request_body_section(page: &Page, ns: &str, facts: &mut PageFacts) -> RequestBodySection {
    let Some((_, blocks)) = section(page, |h| h.is("request body")) else {
        return RequestBodySection::default();
    };
    let table_line = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table(t) if !t.rows.is_empty() => Some(b.line),
        _ => None,
    });
    let parameter_header = blocks.iter().any(|b| {
        matches!(&b.kind, BlockKind::Table(t) if t.header_key().first().is_some_and(|h| h.starts_with("parameter")))
    });
    RequestBodySection {
        link: request_body_link(blocks, ns),
        rows: parameters::table_rows(page, blocks, facts),
        parameter_header,
        table_line,
    }
}

/// The response type from the prose, else (for a response with a body) from the response
/// annotation or a `{"value": ...}` example.
fn response_type(
    prose: Option<ResponseType>,
    status: Option<u16>,
    examples: &[ExampleBodies],
    ns: &str,
) -> Option<ResponseType> {
    if prose.is_some() || status == Some(204) {
        return prose;
    }
    let annotated = examples.iter().find_map(|(ex, ..)| {
        let (claimed, listed) = ex.response_annotation_type.as_ref()?;
        response::from_annotation(claimed, *listed, ns)
    });
    annotated.or_else(|| {
        examples
            .iter()
            .find_map(|(_, _, body, ..)| response::from_example(body.as_ref()?))
    })
}

/// The request body's resource type (create, update): the linked type, the example request's
/// `@odata.type`, or the response type when only a table says what is sent.
fn resource_request_type(
    body: &RequestBodySection,
    examples: &[ExampleBodies],
    paths: &[HttpPathFact],
    response: Option<&ResponseType>,
    ns: &str,
) -> Option<TypeName> {
    let mut request_type = body.link.clone();
    // The example request's `@odata.type` names the body type more reliably than prose.
    for (_, request_body, ..) in examples {
        let named = request_body
            .as_ref()
            .and_then(|b| b.get("@odata.type"))
            .and_then(Json::as_str);
        if let Some((name, false)) = named.and_then(|t| odata_type_name(t, ns)) {
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
    if request_type.is_none() && has_body && !body.rows.is_empty() {
        request_type = match response {
            Some((Written::Named(t), false)) => Some(t.clone()),
            _ => None,
        };
    }
    request_type
}

/// Example bodies describe the request and response types. A response of only `value` is a
/// wrapper (a collection page, or Intune's single-entity `{"value": {...}}`): its items are the
/// type's shape, `value` is not a property.
fn infer_from_examples(
    page: &Page,
    version: ApiVersion,
    examples: Vec<ExampleBodies>,
    request_type: Option<&TypeName>,
    response: Option<&ResponseType>,
    facts: &mut PageFacts,
) -> Vec<ExampleFact> {
    let ns = page_namespace(page);
    let response_element = match response {
        Some((Written::Named(t), _)) => Some(t.clone()),
        _ => None,
    };
    let mut example_facts = Vec::new();
    for (ex, request_body, response_body, request_line, response_line) in examples {
        let request = request_body
            .iter()
            .map(|b| (b, request_line, request_type.cloned()));
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
    example_facts
}

/// Raw content goes up to `.../$value` and `.../content`.
fn sends_raw_content(paths: &[HttpPathFact]) -> bool {
    paths.iter().any(|p| {
        matches!(
            p.method,
            HttpMethod::Put | HttpMethod::Post | HttpMethod::Patch
        ) && {
            let (last, _) = last_segment_name(&p.path);
            last == "$value" || last == "content"
        }
    })
}

pub fn extract(page: &Page, version: ApiVersion, facts: &mut PageFacts) {
    let ns = page_namespace(page);
    let permissions = super::permissions::extract(page, facts);
    let paths = http_paths(page, version, facts);
    let heading = title(page);
    let title_says = read_title(&heading);
    let (response_status, prose_type) = response::from_prose(page, &ns);
    let body = request_body_section(page, &ns, facts);
    let kind = kind_of(&title_says, &paths, body.parameter_header);
    let examples = examples(page, facts);
    let response_type = response_type(prose_type, response_status, &examples, &ns);

    let mut request_type = None;
    let mut body_rows = Vec::new();
    let body_table_line = body.table_line;
    if kind == OperationKind::Resource {
        request_type = resource_request_type(&body, &examples, &paths, response_type.as_ref(), &ns);
        if request_type.is_none() {
            body_rows = body.rows;
        } else if let (Some(rt), false) = (&request_type, body.rows.is_empty()) {
            facts.types.push(TypeFact {
                name: rt.clone(),
                version,
                evidence: Evidence::RequestBodyTable,
                source: body.rows[0].source.clone(),
                description: String::new(),
                properties: body.rows,
                base_type: None,
                inherited_from: Vec::new(),
                key_property: None,
                open_type: false,
                abstract_type: false,
                mention_only: false,
            });
        }
    } else {
        body_rows = body.rows;
    }
    let example_facts = infer_from_examples(
        page,
        version,
        examples,
        request_type.as_ref(),
        response_type.as_ref(),
        facts,
    );
    let function_parameters = parameters::function_parameter_rows(page, facts);
    parameter_enums(&function_parameters, version, &ns, facts);
    parameter_enums(&body_rows, version, &ns, facts);

    if paths.is_empty() {
        return;
    }
    facts.operations.push(OperationFact {
        version,
        namespace: ns,
        title: heading,
        title_says,
        file_stem: file_stem(&page.path),
        kind,
        description: operation_description(page),
        source: paths[0].source.clone(),
        raw_request: sends_raw_content(&paths),
        paths,
        request_type,
        body_rows,
        function_parameters,
        body_table_line,
        response_type,
        response_status,
        permissions,
        examples: example_facts,
    });
}

/// A parameter typed by a named type whose description lists its values ("Supported values are:
/// `Windows`, and `Iana`") documents that enum's members, as a property row does.
fn parameter_enums(rows: &[PropFact], version: ApiVersion, ns: &str, facts: &mut PageFacts) {
    use super::typeexpr::TypeExpr;
    for row in rows.iter().filter(|r| !r.inline_members.is_empty()) {
        let Some((TypeExpr::Named { namespace, name }, _)) = &row.ty else {
            continue;
        };
        let members = row
            .inline_members
            .iter()
            .map(|m| super::MemberFact {
                name: m.clone(),
                value: None,
                description: String::new(),
                line: row.source.line,
            })
            .collect();
        facts.enums.push(super::EnumFact {
            name: TypeName {
                namespace: namespace.clone(),
                name: name.clone(),
                page_namespace: ns.to_string(),
            },
            version,
            evidence: super::EnumEvidence::ApiInline,
            members,
            description: String::new(),
            flags: false,
            source: row.source.clone(),
            same_members_as: None,
        });
    }
}

/// `beta/api/user-assignlicense.md` -> `user-assignlicense`.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}
