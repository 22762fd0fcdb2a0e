//! Operations from API pages: one per documented path, named uniquely and stably, cross-checked with
//! the example request.

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::extract::{MethodFact, OperationFact, TypeName};
use crate::ir::*;

/// Splits a documented path into literal and parameter segments; repeated placeholders get distinct
/// names (`id`, `id2`).
pub fn parse_path(path: &str) -> (Vec<PathSegment>, Vec<PathParameter>) {
    let mut segments = Vec::new();
    let mut params: Vec<PathParameter> = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        literal.push_str(&rest[..open]);
        if !literal.is_empty() {
            segments.push(PathSegment::Literal {
                text: std::mem::take(&mut literal),
            });
        }
        let placeholder = &rest[open..=close];
        // `{id | userPrincipalName}`: the first alternative names the parameter.
        let inner = placeholder[1..placeholder.len() - 1]
            .split('|')
            .next()
            .unwrap_or("")
            .trim();
        let mut base: String = inner
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .trim_matches('_')
            .to_string();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("param{base}");
        }
        let mut name = base.clone();
        let mut n = 2;
        while params.iter().any(|p| p.name == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        params.push(PathParameter {
            name: name.clone(),
            placeholder: placeholder.to_string(),
        });
        segments.push(PathSegment::Parameter {
            name,
            placeholder: placeholder.to_string(),
        });
        rest = &rest[close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        segments.push(PathSegment::Literal { text: literal });
    }
    (segments, params)
}

/// The path of an example URL relative to the version root, with whether the URL was broken.
fn example_path(url: &str) -> (String, bool) {
    let mut u = url.trim();
    if let Some(i) = u.find("://") {
        u = &u[i + 3..];
        u = u.find('/').map(|i| &u[i..]).unwrap_or("/");
    }
    let u = u.split('?').next().unwrap_or(u);
    let mut parts = u.trim_start_matches('/').splitn(2, '/');
    let first = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    if ApiVersion::parse(first).is_some() {
        (format!("/{rest}"), false)
    } else if first.contains('\\') || first == "docs" {
        // `https://graph.microsoft.com/docs\api/deviceManagement/...`: the version is garbled.
        let rest = first
            .split('\\')
            .skip(1)
            .chain(std::iter::once(rest))
            .collect::<Vec<_>>()
            .join("/");
        let rest = rest.trim_start_matches("api/").to_string();
        (format!("/{}", rest.trim_start_matches('/')), true)
    } else {
        (format!("/{}", u.trim_start_matches('/')), false)
    }
}

/// The API version an absolute example URL names (`https://graph.microsoft.com/v1.0/...`).
fn example_version(url: &str) -> Option<ApiVersion> {
    let u = url.trim();
    let after = &u[u.find("://")? + 3..];
    let path = &after[after.find('/')? + 1..];
    ApiVersion::parse(path.split(['/', '?']).next().unwrap_or(""))
}

/// Compares a documented path with an example path; placeholders match any segment.
fn paths_match(doc: &str, example: &str) -> bool {
    let a: Vec<&str> = doc.trim_matches('/').split('/').collect();
    let b: Vec<&str> = example.trim_matches('/').split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.starts_with('{') || x.contains('{') || x.eq_ignore_ascii_case(y))
}

fn pascal(s: &str) -> String {
    crate::case::upper_camel(s)
}

fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("sses") || s.ends_with("xes") {
        s[..s.len() - 2].to_string()
    } else if let Some(stem) = s.strip_suffix('s') {
        stem.to_string()
    } else {
        s.to_string()
    }
}

/// `createRemoteActionAudit`, `listAuditEvents`, `getAuditCategories` (a function), ...
fn base_name(method: HttpMethod, segments: &[PathSegment], subject: Option<&str>) -> String {
    // The path's `/` segments, with placeholders in place; a `/` inside a function call's
    // parentheses does not split (`f(x='{a}')`), and a segment that is only a placeholder is a key.
    let mut whole = String::new();
    for s in segments {
        match s {
            PathSegment::Literal { text } => whole.push_str(text),
            PathSegment::Parameter { placeholder, .. } => whole.push_str(placeholder),
        }
    }
    let mut parts: Vec<&str> = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in whole.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                parts.push(&whole[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&whole[start..]);
    let is_key = |p: &&str| p.starts_with('{') && p.ends_with('}') && p.matches('{').count() == 1;
    let ends_with_param = parts
        .iter()
        .rev()
        .find(|p| !p.is_empty())
        .is_some_and(is_key);
    let literals: Vec<&str> = parts
        .iter()
        .filter(|p| !p.is_empty() && !is_key(p))
        .copied()
        .collect();
    let last = literals.last().copied().unwrap_or("root");
    let mut suffix = String::new();
    let mut last_word = last;
    if matches!(last, "$ref" | "$value" | "$count") {
        suffix = match last {
            "$ref" => "Ref",
            "$value" => "Content",
            _ => "Count",
        }
        .to_string();
        last_word = literals.iter().rev().nth(1).copied().unwrap_or("root");
    }
    // Functions and actions: `getAuditCategories()`, `microsoft.graph.wipe`.
    let call = last_word.split('(').next().unwrap_or(last_word);
    let call = call
        .rsplit('.')
        .next()
        .unwrap_or(call)
        .trim_end_matches(':');
    if !ends_with_param && (last_word.contains('(') || last_word.contains('.')) && suffix.is_empty()
    {
        return crate::case::lower_camel(call);
    }
    let verb = match method {
        HttpMethod::Get if ends_with_param => "get",
        HttpMethod::Get => "list",
        HttpMethod::Post => "create",
        HttpMethod::Patch => "update",
        HttpMethod::Put => "put",
        HttpMethod::Delete => "delete",
    };
    let noun = match (method, subject) {
        (HttpMethod::Get, Some(s)) if !ends_with_param && suffix.is_empty() => {
            pascal(call).replace(&pascal(&singular(call)), &pascal(s))
        }
        (_, Some(s)) => pascal(s),
        (_, None) if ends_with_param || method == HttpMethod::Post => pascal(&singular(call)),
        (_, None) => pascal(call),
    };
    format!("{verb}{noun}{suffix}")
}

pub fn build(
    facts: Vec<OperationFact>,
    methods: &[MethodFact],
    pages: &std::collections::BTreeSet<String>,
    schema: &Schema,
    resolve: &(dyn Fn(ApiVersion, &TypeName) -> QualifiedName + Sync),
    check: &(dyn Fn(&Operation, &mut Vec<Diagnostic>) + Sync),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    // A Methods table row whose API page is in the docs but documents no request.
    let op_pages: std::collections::BTreeSet<&str> =
        facts.iter().map(|f| &*f.source.file).collect();
    for m in methods {
        let Some(target) = crate::docs::resolve_relative(&m.source.file, &m.api_page) else {
            continue;
        };
        if pages.contains(&target) && !op_pages.contains(target.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    "method-without-operation",
                    &m.source,
                    format!("the Methods table lists `{}` at {target}, but that page documents no HTTP request", m.title),
                )
                .with_help("give the API page an `## HTTP request` section, or fix the link"),
            );
        }
    }
    let type_index = schema.type_index();
    let enum_index = schema.enum_index();
    let known =
        |v: ApiVersion, q: &QualifiedName| type_index.contains(v, q) || enum_index.contains(v, q);
    let facts = crate::sorted_by(facts, |a, b| a.source.cmp(&b.source));
    // Each request block becomes its operations on its own: in parallel, collected in page order
    // (diagnostics are sorted later, so the order they are found in does not show).
    let built: Vec<(Vec<Operation>, Vec<Diagnostic>)> = facts
        .into_par_iter()
        .map(|mut fact| {
            let mut ops = Vec::new();
            let mut diagnostics = Vec::new();
            build_one(&mut fact, &known, resolve, &mut ops, &mut diagnostics);
            // Checked while the operation's examples are at hand (the checks need only it and the
            // types): one parallel pass instead of two.
            for op in &ops {
                check(op, &mut diagnostics);
            }
            (ops, diagnostics)
        })
        .collect();
    let mut ops: Vec<Operation> = Vec::with_capacity(built.len());
    for (o, d) in built {
        ops.extend(o);
        diagnostics.extend(d);
    }
    // Unique names per version, in a stable order: later duplicates get a numeric suffix.
    let mut ops = crate::sorted_by(ops, |a, b| {
        (a.version, &a.path, a.method, &a.source).cmp(&(b.version, &b.path, b.method, &b.source))
    });
    let mut seen: BTreeMap<(ApiVersion, String), usize> = BTreeMap::new();
    for op in &mut ops {
        let count = seen.entry((op.version, op.name.clone())).or_insert(0);
        *count += 1;
        if *count > 1 {
            op.name = format!("{}{}", op.name, count);
        }
    }
    ops
}

/// The operations of one request block (one per documented path).
fn build_one(
    fact: &mut OperationFact,
    known: &(dyn Fn(ApiVersion, &QualifiedName) -> bool + Sync),
    resolve: &(dyn Fn(ApiVersion, &TypeName) -> QualifiedName + Sync),
    ops: &mut Vec<Operation>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    {
        let version = fact.version;
        let request_type = fact
            .request_type
            .as_ref()
            .map(|t| resolve(version, t))
            .filter(|q| known(version, q));
        let response_type = fact
            .response_type
            .as_ref()
            .map(|(t, c)| (resolve(version, t), *c));
        let example_status = fact.examples.iter().find_map(|e| e.response_status);
        if let (Some(prose), Some(ex)) = (fact.response_status, example_status) {
            if prose != ex {
                diagnostics.push(Diagnostic::warning(
                    "status-disagrees",
                    &fact.source,
                    format!("the Response section says `{prose}` but the example response is `{ex}`; `{prose}` is used"),
                ));
            }
        }
        let multi = fact.paths.len() > 1;
        // The last path takes the example bodies; earlier paths of the block get copies.
        let mut all_examples = Some(std::mem::take(&mut fact.examples));
        let last = fact.paths.len().saturating_sub(1);
        for (i, hp) in fact.paths.iter().enumerate() {
            let mut path = hp.path.clone();
            // The syntax block says `$ref`, the example creates the entity itself (seed 000): follow the
            // example when its body is the entity, not a reference.
            let examples: Vec<&crate::extract::ExampleFact> = all_examples
                .iter()
                .flatten()
                .filter(|e| e.request_method == Some(hp.method))
                .collect();
            for ex in &examples {
                let Some(url) = &ex.request_url else { continue };
                let (ex_path, broken) = example_path(url);
                if let Some(other) = example_version(url).filter(|v| *v != version) {
                    diagnostics.push(
                        Diagnostic::warning(
                            "example-url-other-version",
                            &ex.source,
                            format!(
                                "this {} page's example calls the {} endpoint (`{url}`); it is kept as an example of `{ex_path}`",
                                version.as_str(),
                                other.as_str()
                            ),
                        )
                        .with_help(format!(
                            "call `https://graph.microsoft.com/{}{ex_path}` in the example",
                            version.as_str()
                        )),
                    );
                }
                if broken {
                    diagnostics.push(
                        Diagnostic::warning(
                            "example-url-broken",
                            &ex.source,
                            format!(
                                "the example URL `{url}` has no API version; read as `{ex_path}`"
                            ),
                        )
                        .with_help(format!(
                            "write `https://graph.microsoft.com/{}{ex_path}`",
                            version.as_str()
                        )),
                    );
                }
                if !multi && !paths_match(&path, &ex_path) {
                    let is_ref = path.trim_end_matches('/').ends_with("/$ref");
                    let body_is_entity = ex.request_body.as_ref().is_some_and(|b| {
                        let b = b.to_value();
                        b.get("@odata.id").is_none() && b.get("@odata.type").is_some()
                    });
                    let unref = path
                        .trim_end_matches('/')
                        .trim_end_matches("/$ref")
                        .to_string();
                    if is_ref && body_is_entity && paths_match(&unref, &ex_path) {
                        diagnostics.push(
                            Diagnostic::warning(
                                "path-disagrees-with-example",
                                &hp.source,
                                format!(
                                    "the syntax block says `{} {}` but the example at {} posts the entity itself to `{}`; the operation uses `{}`",
                                    hp.method.as_str(),
                                    hp.path,
                                    ex.source,
                                    ex_path,
                                    unref
                                ),
                            )
                            .with_help("`$ref` adds a reference to an existing object; drop it from the syntax block"),
                        );
                        path = unref;
                    } else if fact.paths.iter().any(|p| paths_match(&p.path, &ex_path)) {
                        // Matches another documented path of the page.
                    } else {
                        diagnostics.push(Diagnostic::warning(
                            "path-disagrees-with-example",
                            &ex.source,
                            format!("the example calls `{ex_path}`, which matches no path in the syntax block (`{}`)", hp.path),
                        ));
                    }
                }
            }
            let clean = path.split('?').next().unwrap_or(&path).trim().to_string();
            let (segments, parameters) = parse_path(&clean);
            let subject = response_type
                .as_ref()
                .map(|(q, _)| q.name.as_str())
                .or(request_type.as_ref().map(|q| q.name.as_str()));
            let mut name = base_name(hp.method, &segments, subject);
            if multi {
                let first = clean
                    .trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or("");
                name = format!(
                    "{name}For{}",
                    pascal(&singular(first.split('(').next().unwrap_or(first)))
                );
            }
            let success_status =
                fact.response_status
                    .or(example_status)
                    .unwrap_or(match hp.method {
                        HttpMethod::Post => 201,
                        HttpMethod::Delete => 204,
                        _ => 200,
                    });
            let response_type = response_type
                .as_ref()
                .filter(|(q, _)| known(version, q))
                .map(|(q, c)| PropertyType {
                    base: TypeRef::Named(q.clone()),
                    collection: *c
                        || (hp.method == HttpMethod::Get
                            && !matches!(segments.last(), Some(PathSegment::Parameter { .. }))
                            && !clean.contains('(')),
                });
            let ir_examples: Vec<Example> = if i == last {
                let method = hp.method;
                all_examples
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|e| e.request_method == Some(method))
                    .map(Example::from)
                    .collect()
            } else {
                examples.iter().map(|&e| Example::from(e.clone())).collect()
            };
            ops.push(Operation {
                name,
                version,
                method: hp.method,
                path: clean,
                segments,
                parameters,
                request_type: if matches!(
                    hp.method,
                    HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
                ) {
                    request_type.clone()
                } else {
                    None
                },
                response_type: if success_status == 204 {
                    None
                } else {
                    response_type
                },
                success_status,
                permissions: fact.permissions.clone(),
                description: fact.description.clone(),
                examples: ir_examples,
                source: hp.source.clone(),
            });
        }
    }
}

impl From<crate::extract::ExampleFact> for Example {
    fn from(e: crate::extract::ExampleFact) -> Self {
        Example {
            request_url: e.request_url,
            request_body: e.request_body,
            response_status: e.response_status,
            response_body: e.response_body,
            source: e.source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_placeholders_become_distinct_parameters() {
        let (segments, params) = parse_path("/groups/{id}/onenote/notebooks/{id}/sections");
        assert_eq!(
            params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["id", "id2"]
        );
        assert_eq!(segments.len(), 5);
        let (_, params) = parse_path("/users/{id | userPrincipalName}/photo");
        assert_eq!(params[0].name, "id");
        assert_eq!(params[0].placeholder, "{id | userPrincipalName}");
    }

    #[test]
    fn example_urls() {
        assert_eq!(
            example_path("https://graph.microsoft.com/beta/me/x"),
            ("/me/x".to_string(), false)
        );
        assert_eq!(
            example_path(
                "https://graph.microsoft.com/docs\\api/deviceManagement/remoteActionAudits"
            ),
            ("/deviceManagement/remoteActionAudits".to_string(), true)
        );
        assert!(paths_match("/a/{id}/b", "/a/123/b"));
    }

    #[test]
    fn names() {
        let (s, _) = parse_path("/deviceManagement/remoteActionAudits/{remoteActionAuditId}");
        assert_eq!(
            base_name(HttpMethod::Patch, &s, Some("remoteActionAudit")),
            "updateRemoteActionAudit"
        );
        let (s, _) = parse_path("/deviceManagement/auditEvents");
        assert_eq!(
            base_name(HttpMethod::Post, &s, Some("auditEvent")),
            "createAuditEvent"
        );
        assert_eq!(
            base_name(HttpMethod::Get, &s, Some("auditEvent")),
            "listAuditEvents"
        );
        let (s, _) = parse_path("/deviceManagement/auditEvents/getAuditCategories()");
        assert_eq!(base_name(HttpMethod::Get, &s, None), "getAuditCategories");
    }
}
