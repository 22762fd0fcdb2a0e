//! Operations from API pages: each page's documented paths, typed (path, function and body
//! parameters, request and response) and cross-checked with its example requests, then merged
//! into one operation per endpoint and named from the endpoint alone.

mod endpoints;
mod naming;
mod parameters;
pub mod paths;

use crate::names_file::Pins;
pub use endpoints::endpoint_key;
pub use naming::BUDGET as NAME_BUDGET;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::response::Written;
use crate::extract::title::TitleSays;
use crate::extract::{ExampleFact, HttpPathFact, MethodFact, OperationFact};
use crate::ir::*;
use parameters::Resolve;
use paths::{example_path, example_version, parse_path, paths_match, ParsedPath};

/// What building an operation looks up.
struct Lookup<'a> {
    resolve: Resolve<'a>,
    known: &'a (dyn Fn(ApiVersion, &QualifiedName) -> bool + Sync),
    /// Each type by its lowercase name (a file name's or title's spelling), `microsoft.graph`'s
    /// first.
    type_names: std::collections::HashMap<(ApiVersion, String), &'a TypeDef>,
}

/// Each type by version and lowercase name, `microsoft.graph`'s when namespaces share one.
fn type_names(schema: &Schema) -> std::collections::HashMap<(ApiVersion, String), &TypeDef> {
    let mut names = std::collections::HashMap::new();
    for t in &schema.types {
        let key = (t.version, t.name.to_ascii_lowercase());
        if t.namespace == "microsoft.graph" || !names.contains_key(&key) {
            names.insert(key, t);
        }
    }
    names
}

/// The type a page's title names (`Update schemaExtension` -> `schemaExtension`), if documented.
fn title_type<'a>(fact: &OperationFact, lookup: &Lookup<'a>) -> Option<&'a TypeDef> {
    let TitleSays::Verb { noun, .. } = &fact.title_says else {
        return None;
    };
    let (last, rest) = noun.split_last()?;
    let name = rest.concat() + &paths::singular(last);
    lookup
        .type_names
        .get(&(fact.version, name.to_ascii_lowercase()))
        .copied()
}

/// What building operations reads besides the pages' facts.
pub struct Inputs<'a> {
    pub schema: &'a Schema,
    pub resolve: Resolve<'a>,
    /// Checks an operation's examples against the types (on each page's operation, before the
    /// pages of one endpoint are merged, so a finding names its page).
    pub check: &'a (dyn Fn(&Operation, &mut Vec<Diagnostic>) + Sync),
}

/// The operations of one version's pages, merged per endpoint (with the kind naming reads) but
/// not yet named: names take their spellings from every version ([`name_all`]).
pub fn build(
    facts: Vec<OperationFact>,
    inputs: Inputs<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Operation, OperationKind)> {
    let Inputs {
        schema,
        resolve,
        check,
    } = inputs;
    let type_index = schema.type_index();
    let enum_index = schema.enum_index();
    let known =
        |v: ApiVersion, q: &QualifiedName| type_index.contains(v, q) || enum_index.contains(v, q);
    let lookup = Lookup {
        resolve,
        known: &known,
        type_names: type_names(schema),
    };
    let facts = super::sorted_by(facts, |a, b| a.source.cmp(&b.source));
    // Each request block becomes its operations on its own: in parallel, collected in page order
    // (diagnostics are sorted later, so the order they are found in does not show).
    let built: Vec<(Vec<Operation>, Vec<Diagnostic>)> = facts
        .into_par_iter()
        .map(|mut fact| {
            let mut ops = Vec::new();
            let mut diagnostics = Vec::new();
            build_one(&mut fact, &lookup, &mut ops, &mut diagnostics);
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
    endpoints::merge(ops, schema, diagnostics)
}

/// Names every operation from its endpoint (unique per version), keeping pinned names; output in
/// path order, as users read the module. `merged` holds each version's operations ([`build`]), in
/// version order.
pub fn name_all(
    merged: Vec<Vec<(Operation, OperationKind)>>,
    pins: &Pins,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    // Path words are spelled as the whole tree spells them; names are unique per version, so each
    // version is named on its own, side by side.
    let spellings = naming::Spellings::of(merged.iter().flatten().map(|(op, _)| op));
    let named: Vec<(Vec<Operation>, Vec<Diagnostic>)> = merged
        .into_par_iter()
        .map(|ops| name_version(ops, &spellings, pins))
        .collect();
    let mut ops = Vec::with_capacity(named.iter().map(|(o, _)| o.len()).sum());
    for (o, d) in named {
        ops.extend(o);
        diagnostics.extend(d);
    }
    ops
}

/// One version's operations named (see [`name_all`]), with what naming found.
fn name_version(
    merged: Vec<(Operation, OperationKind)>,
    spellings: &naming::Spellings,
    pins: &Pins,
) -> (Vec<Operation>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (mut ops, kinds): (Vec<Operation>, Vec<OperationKind>) = merged.into_iter().unzip();
    ops.par_iter_mut()
        .for_each(|op| naming::respell_parameters(op, spellings));
    let named = {
        let candidates: Vec<naming::Candidate<'_>> = ops
            .iter()
            .zip(&kinds)
            .map(|(op, &kind)| naming::Candidate {
                endpoint: naming::Endpoint {
                    method: op.method,
                    kind,
                    segments: &op.segments,
                    collection: op.response_type.as_ref().is_some_and(|r| r.collection),
                },
                version: op.version,
                key: &op.endpoint,
            })
            .collect();
        naming::Naming { spellings, pins }.name_all(&candidates)
    };
    for (op, named) in ops.iter_mut().zip(named) {
        if named.numbered {
            diagnostics.push(Diagnostic::new(
                Code::OperationNameClash,
                &op.source,
                format!(
                    "every name `{} {}` can take from its path is another endpoint's; it is called `{}`",
                    op.method.as_str(),
                    op.path,
                    named.name
                ),
            ).with_help("keep the name with a names file (`graphdoc generate` writes one), or report the path to graphdoc"));
        }
        if let Some(fresh) = &named.fresh {
            diagnostics.push(Diagnostic::new(
                Code::OperationNamePinned,
                &op.source,
                format!(
                    "`{} {}` keeps the name `{}` from the names file; from the docs alone it would be `{fresh}`",
                    op.method.as_str(),
                    op.path,
                    named.name
                ),
            ).with_help("run `graphdoc generate --rename` to take the new names (the old ones stay as deprecated aliases)"));
        }
        op.aliases = pins.aliases(op.version, &op.endpoint, &named.name);
        op.name = named.name;
    }
    let ops = super::sorted_by(ops, |a, b| {
        (a.version, &a.path, a.method, &a.source).cmp(&(b.version, &b.path, b.method, &b.source))
    });
    (ops, diagnostics)
}

/// A Methods table row whose API page is in the docs but documents no request.
pub fn methods_without_operations<'f>(
    facts: impl IntoIterator<Item = &'f OperationFact>,
    methods: &[MethodFact],
    pages: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let op_pages: std::collections::BTreeSet<&str> =
        facts.into_iter().map(|f| &*f.source.file).collect();
    for m in methods {
        let Some(target) = crate::docs::resolve_relative(&m.source.file, &m.api_page) else {
            continue;
        };
        if pages.contains(&target) && !op_pages.contains(target.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::MethodWithoutOperation,
                    &m.source,
                    format!("the Methods table lists `{}` at {target}, but that page documents no HTTP request", m.title),
                )
                .with_help("give the API page an `## HTTP request` section, or fix the link"),
            );
        }
    }
}

/// Checks a syntax path against the block's examples (and follows the example when it posts the
/// entity to a `$ref` path); returns the path to use.
fn checked_path(
    fact: &OperationFact,
    hp: &HttpPathFact,
    examples: &[&ExampleFact],
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let version = fact.version;
    let multi = fact.paths.len() > 1;
    let mut path = hp.path.clone();
    for ex in examples {
        let Some(url) = &ex.request_url else { continue };
        let (ex_path, broken) = example_path(url);
        if let Some(other) = example_version(url).filter(|v| *v != version) {
            diagnostics.push(
                Diagnostic::new(
                    Code::ExampleUrlOtherVersion,
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
                Diagnostic::new(
                    Code::ExampleUrlBroken,
                    &ex.source,
                    format!("the example URL `{url}` has no API version; read as `{ex_path}`"),
                )
                .with_help(format!(
                    "write `https://graph.microsoft.com/{}{ex_path}`",
                    version.as_str()
                )),
            );
        }
        if multi || paths_match(&path, &ex_path) {
            continue;
        }
        // The syntax block says `$ref`, the example creates the entity itself (seed 000): follow
        // the example when its body is the entity, not a reference.
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
                Diagnostic::new(
                    Code::PathDisagreesWithExample,
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
        } else if !fact.paths.iter().any(|p| paths_match(&p.path, &ex_path)) {
            diagnostics.push(Diagnostic::new(
                Code::PathDisagreesWithExample,
                &ex.source,
                format!(
                    "the example calls `{ex_path}`, which matches no path in the syntax block (`{}`)",
                    hp.path
                ),
            ));
        }
    }
    path.split('?').next().unwrap_or(&path).trim().to_string()
}

/// The page's response type, resolved; a name no page defines is dropped (the body stays
/// untyped), as is any type for a `204`.
fn response_type(fact: &OperationFact, lookup: &Lookup<'_>) -> Option<(TypeRef, bool)> {
    let version = fact.version;
    match fact.response_type.as_ref()? {
        (Written::Primitive(p), c) => Some((TypeRef::Primitive(*p), *c)),
        (Written::Named(t), c) => {
            let q = (lookup.resolve)(version, t);
            (lookup.known)(version, &q).then_some((TypeRef::Named(q), *c))
        }
    }
}

/// The response of one path: raw content for `$value`, a `302` redirect or a stream; nothing for a
/// `204`; else the page's type, a collection when a resource read ends without a key.
fn path_response(
    fact: &OperationFact,
    method: HttpMethod,
    parsed: &ParsedPath,
    page_type: Option<&(TypeRef, bool)>,
    status: u16,
) -> Option<PropertyType> {
    let raw = PropertyType {
        base: TypeRef::Primitive(Primitive::Stream),
        collection: false,
    };
    let last_literal = match parsed.segments.last() {
        Some(PathSegment::Literal { text }) => text.trim_end_matches('/'),
        _ => "",
    };
    if status == 204 {
        return None;
    }
    if method == HttpMethod::Get && (last_literal.ends_with("/$value") || status == 302) {
        return Some(raw);
    }
    let (base, collection) = page_type?;
    if matches!(base, TypeRef::Primitive(Primitive::Stream)) {
        return Some(raw);
    }
    // A resource read of a set: the title says `List`, or (unless it says `Get`) the path ends
    // in a plural segment without a key (`/me/photos`, not `/me/photo` or `/me/manager`).
    let title_verb = match &fact.title_says {
        TitleSays::Verb { verb, .. } => verb.as_str(),
        _ => "",
    };
    let plural = match parsed.segments.last() {
        Some(PathSegment::Literal { text }) => {
            let last = text.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            paths::singular(last) != last
        }
        _ => false,
    };
    let read_of_set = fact.kind == OperationKind::Resource
        && matches!(base, TypeRef::Named(_))
        && method == HttpMethod::Get
        && (title_verb == "list" || (title_verb != "get" && plural));
    Some(PropertyType {
        base: base.clone(),
        collection: *collection || read_of_set,
    })
}

/// What the request sends: a resource for create and update pages, an action's parameters (its
/// table, else its example request), raw content, or nothing.
fn request_body(
    fact: &OperationFact,
    method: HttpMethod,
    lookup: &Lookup<'_>,
    examples: &[&ExampleFact],
    diagnostics: &mut Vec<Diagnostic>,
) -> RequestBody {
    let version = fact.version;
    let sends = matches!(
        method,
        HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
    );
    if !sends {
        return RequestBody::None;
    }
    if fact.raw_request {
        return RequestBody::Raw;
    }
    if fact.kind == OperationKind::Resource {
        // The linked or example type; else, for a page whose table lists the body's members, the
        // type its title names, or those members themselves.
        let resource = fact
            .request_type
            .as_ref()
            .map(|t| (lookup.resolve)(version, t))
            .filter(|q| (lookup.known)(version, q))
            .or_else(|| {
                let titled = title_type(fact, lookup).filter(|_| !fact.body_rows.is_empty());
                titled.map(TypeDef::qualified_name)
            });
        if let Some(ty) = resource {
            return RequestBody::Resource { ty };
        }
    }
    let mut parameters =
        parameters::body_parameters(&fact.body_rows, &fact.namespace, version, lookup.resolve);
    if parameters.is_empty() && fact.kind != OperationKind::Resource {
        let example = examples
            .iter()
            .find_map(|e| Some((e.request_body.as_ref()?, &e.source)));
        if let Some((body, at)) = example {
            parameters = parameters::parameters_from_example(&body.to_value(), at);
            if !parameters.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ParametersOnlyInExample,
                        at,
                        format!(
                            "the example request sends {} parameter(s) that no Request body table lists; they are typed from the example",
                            parameters.len()
                        ),
                    )
                    .with_help("list the action's parameters in a `Parameter | Type | Description` table under `## Request body`"),
                );
            }
        }
    }
    match parameters.is_empty() {
        true => RequestBody::None,
        false => RequestBody::Parameters { parameters },
    }
}

/// A Request body table that no operation of the page sends: says why, at the table.
fn unused_body_table(fact: &OperationFact, ops: &[Operation], diagnostics: &mut Vec<Diagnostic>) {
    let Some(line) = fact.body_table_line else {
        return;
    };
    let as_arguments = |o: &Operation| {
        o.function_parameters
            .iter()
            .any(|p| fact.body_rows.iter().any(|r| r.name == p.name))
    };
    if ops
        .iter()
        .any(|o| o.request != RequestBody::None || as_arguments(o))
    {
        return;
    }
    let sends = ops.iter().any(|o| {
        matches!(
            o.method,
            HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
        )
    });
    let (why, help) = if !sends {
        let method = ops.first().map_or("GET", |o| o.method.as_str());
        (
            format!("the Request body table documents a body, but the request is a {method}, which sends none; the table is not used"),
            "document these values as query or function parameters, or fix the method in the syntax block",
        )
    } else if fact.body_rows.is_empty() {
        (
            "the Request body table has no rows graphdoc reads (a Name or Parameter column and a Type column); the request is generated without a body".to_string(),
            "give the table `Parameter | Type | Description` columns",
        )
    } else {
        (
            "the Request body table lists properties of a type the page does not name (no linked type, no `@odata.type` in the example request, no response type); the body is not typed".to_string(),
            "link the body's type in the Request body section (`a JSON representation of the [x](../resources/x.md) object`)",
        )
    };
    let at = Source::new(fact.source.file.clone(), line);
    diagnostics.push(Diagnostic::new(Code::RequestBodyUnused, &at, why).with_help(help));
}

/// A request line's path, checked against the examples of its method, then parsed; a function
/// documented with a parameter table and called without arguments takes the table's.
fn parsed_request_path(
    fact: &OperationFact,
    hp: &HttpPathFact,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, ParsedPath) {
    let examples: Vec<&ExampleFact> = fact
        .examples
        .iter()
        .filter(|e| e.request_method == Some(hp.method))
        .collect();
    let clean = checked_path(fact, hp, &examples, diagnostics);
    let mut parsed = parse_path(&clean);
    if parsed.unclosed_call {
        diagnostics.push(
            Diagnostic::new(
                Code::PathCallUnclosed,
                &hp.source,
                format!("the function call in `{}` has no closing `)`; it is read as closed before the next `/`", hp.path),
            )
            .with_help("close the argument list with `)`"),
        );
    }
    let takes_table = hp.method == HttpMethod::Get && fact.kind == OperationKind::Function;
    let ends_in_call = matches!(parsed.segments.last(), Some(PathSegment::Arguments { .. }));
    if takes_table && !ends_in_call && !fact.body_rows.is_empty() {
        paths::call_with(&mut parsed, &fact.body_rows);
    }
    (clean, parsed)
}

/// The operations of one request block (one per documented path).
fn build_one(
    fact: &mut OperationFact,
    lookup: &Lookup<'_>,
    ops: &mut Vec<Operation>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let version = fact.version;
    let first_op = ops.len();
    let example_status = fact.examples.iter().find_map(|e| e.response_status);
    if let (Some(prose), Some(ex)) = (fact.response_status, example_status) {
        if prose != ex {
            diagnostics.push(Diagnostic::new(
                Code::StatusDisagrees,
                &fact.source,
                format!("the Response section says `{prose}` but the example response is `{ex}`; `{prose}` is used"),
            ));
        }
    }
    let page_type = response_type(fact, lookup);
    // Each path, checked against the examples of its method, then parsed.
    let paths: Vec<(String, ParsedPath)> = fact
        .paths
        .iter()
        .map(|hp| parsed_request_path(fact, hp, diagnostics))
        .collect();
    // The last path takes the example bodies; earlier paths of the block get copies.
    let mut all_examples = Some(std::mem::take(&mut fact.examples));
    let last = fact.paths.len().saturating_sub(1);
    for (i, (hp, (clean, parsed))) in fact.paths.iter().zip(paths).enumerate() {
        let examples: Vec<&ExampleFact> = all_examples
            .iter()
            .flatten()
            .filter(|e| e.request_method == Some(hp.method))
            .collect();
        let success_status = fact
            .response_status
            .or(example_status)
            .unwrap_or(match hp.method {
                HttpMethod::Post => 201,
                HttpMethod::Delete => 204,
                _ => 200,
            });
        let request = request_body(fact, hp.method, lookup, &examples, diagnostics);
        let tables: Vec<crate::extract::PropFact> = fact
            .function_parameters
            .iter()
            .chain(&fact.body_rows)
            .cloned()
            .collect();
        let function_parameters = parameters::function_parameters(
            &parsed.arguments,
            &tables,
            &fact.namespace,
            version,
            lookup.resolve,
            &hp.source,
        );
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
            name: String::new(),
            endpoint: endpoint_key(hp.method, &parsed.segments),
            title: fact.title.clone(),
            kind: fact.kind,
            version,
            method: hp.method,
            response_type: path_response(
                fact,
                hp.method,
                &parsed,
                page_type.as_ref(),
                success_status,
            ),
            path: clean,
            segments: parsed.segments,
            parameters: parsed.parameters,
            function_parameters,
            request,
            success_status,
            permissions: fact.permissions.clone(),
            description: fact.description.clone(),
            examples: ir_examples,
            source: hp.source.clone(),
            also_documented_at: Vec::new(),
            aliases: Vec::new(),
        });
    }
    unused_body_table(fact, &ops[first_op..], diagnostics);
}

impl From<crate::extract::ExampleFact> for Example {
    fn from(e: crate::extract::ExampleFact) -> Self {
        Example {
            request_url: e.request_url,
            request_body: e.request_body,
            response_status: e.response_status,
            response_body: e.response_body,
            response_headers: e.response_headers,
            source: e.source,
        }
    }
}
