//! Endpoint stubs: one struct per operation that builds the documented `http::Request` and parses
//! the documented response, through the support module's `GraphRequest` trait.

use std::collections::BTreeMap;

use super::names::{field_name, type_name, Namer};
use super::request_bodies::{emit_parameters_body, emit_patch_body};
use super::text::{string_literal, Code};
use super::{Context, Item, SUPPORT};
use crate::ir::*;

/// The default base URL of a version.
pub fn default_base_url(version: ApiVersion) -> String {
    format!("https://graph.microsoft.com/{}", version.as_str())
}

/// The body type an operation's struct holds, named when the items are planned.
#[derive(Clone)]
enum BodyType {
    None,
    /// A resource struct of the models.
    Resource(QualifiedName),
    /// The shared `Patch` body of a resource type.
    Patch(String),
    /// The operation's own parameters body.
    Parameters(String),
    Raw,
}

/// A version's operations as items: those of the `operations` module itself, and in a generated
/// crate those of each API area's module (by feature: the module's name and its items).
pub struct OperationItems<'s> {
    pub shared: Vec<Item<'s>>,
    pub by_area: BTreeMap<String, (String, Vec<Item<'s>>)>,
}

/// The items of a version's `operations` module, emitted on demand (see [`super::Item`]). Names are
/// planned here, in order, so they never depend on which item is emitted first.
pub fn emit_operations<'s>(
    version: ApiVersion,
    ops: &[&'s Operation],
    ctx: &Context<'s>,
) -> OperationItems<'s> {
    let base_url = default_base_url(version);
    let mut by_area: BTreeMap<String, (String, Vec<Item<'s>>)> = BTreeMap::new();
    let mut items: Vec<Item<'s>> = vec![Box::new(move |_: &Context<'s>| {
        format!(
            "/// The default base URL of Microsoft Graph {}.\npub const DEFAULT_BASE_URL: &str = {};\n",
            version.as_str(),
            string_literal(&base_url)
        )
    })];
    // Operation structs are named first so that their names never depend on the bodies.
    let (mut namer, names) = plan_struct_names(ops.iter().copied());
    // Earlier names (from the names file) stay usable, deprecated, unless something now has them.
    let aliases: Vec<Vec<String>> = ops
        .iter()
        .map(|op| {
            let mut kept = Vec::new();
            for alias in op.aliases.iter().map(|a| type_name(a)) {
                if !namer.is_taken(&alias) {
                    namer.reserve(&alias);
                    kept.push(alias);
                }
            }
            kept
        })
        .collect();
    let mut patch_bodies: BTreeMap<(String, String), String> = BTreeMap::new();
    for ((&op, name), aliases) in ops.iter().zip(names).zip(aliases) {
        // An area's module reaches the shared bodies of `operations` through `super::`.
        let area = ctx.op_area(op);
        let shared_prefix = if area.is_some() { "super::" } else { "" };
        // The operation comes first, then the body type it introduces (if any).
        let mut body_item: Option<Item<'s>> = None;
        let body = match (&op.request, op.method) {
            (RequestBody::Resource { ty }, HttpMethod::Patch) => match ctx.type_def(version, ty) {
                Some(t) => {
                    let key = t.qualified_name().key();
                    let body = match patch_bodies.get(&key) {
                        Some(known) => known.clone(),
                        None => {
                            let n = namer.unique(format!("{}Patch", type_name(&t.name)), "");
                            patch_bodies.insert(key, n.clone());
                            let body = n.clone();
                            // Shared by every area that updates the type: behind the type's gate.
                            items.push(Box::new(move |ctx: &Context<'s>| {
                                super::gate_items(emit_patch_body(ctx, t, &body), ctx.type_gate(t))
                            }));
                            n
                        }
                    };
                    BodyType::Patch(format!("{shared_prefix}{body}"))
                }
                None => BodyType::Resource(ty.clone()),
            },
            (RequestBody::Resource { ty }, _) => BodyType::Resource(ty.clone()),
            (RequestBody::Parameters { .. }, _) => {
                let body = namer.unique(format!("{name}Body"), "");
                let (operation, body_name) = (name.clone(), body.clone());
                body_item = Some(Box::new(move |ctx: &Context<'s>| {
                    emit_parameters_body(ctx, op, &operation, &body_name)
                }));
                BodyType::Parameters(body)
            }
            (RequestBody::Raw, _) => BodyType::Raw,
            (RequestBody::None, _) => BodyType::None,
        };
        let destination = match area {
            Some((feature, module)) => {
                &mut by_area
                    .entry(feature.to_string())
                    .or_insert_with(|| (module.to_string(), Vec::new()))
                    .1
            }
            None => &mut items,
        };
        destination.push(Box::new(move |ctx: &Context<'s>| {
            let mut code = emit_operation(ctx, op, &name, &body);
            code.push_str(&emit_aliases(&name, &aliases));
            code
        }));
        destination.extend(body_item);
    }
    OperationItems {
        shared: items,
        by_area,
    }
}

/// The struct name of each operation of one version's module, in order, and the namer holding
/// them (bodies are named after them).
fn plan_struct_names<'a>(ops: impl Iterator<Item = &'a Operation>) -> (Namer, Vec<String>) {
    let mut namer = Namer::default();
    let names = ops
        .map(|op| namer.unique(type_name(&op.name), ""))
        .collect();
    (namer, names)
}

/// The Rust path of every operation of the schema, in schema order
/// (`beta::operations::CreateRemoteActionAudit`), as the generated crate names them.
pub fn rust_paths(schema: &Schema) -> Vec<String> {
    let mut paths = vec![String::new(); schema.operations.len()];
    for version in ApiVersion::ALL {
        let indexes: Vec<usize> = (0..schema.operations.len())
            .filter(|&i| schema.operations[i].version == version)
            .collect();
        let (_, names) = plan_struct_names(indexes.iter().map(|&i| &schema.operations[i]));
        for (i, name) in indexes.into_iter().zip(names) {
            paths[i] = format!("{}::operations::{name}", super::version_module(version));
        }
    }
    paths
}

/// `#[deprecated]` aliases for an operation's earlier names.
fn emit_aliases(name: &str, aliases: &[String]) -> String {
    let mut code = Code::new();
    for alias in aliases {
        code.line_fmt(
            0,
            format_args!("/// The earlier name of [`{name}`], kept by the names file."),
        );
        code.line_fmt(
            0,
            format_args!(
                "#[deprecated(note = {})]",
                string_literal(&format!("renamed `{name}`"))
            ),
        );
        code.line_fmt(0, format_args!("pub type {alias} = {name};"));
    }
    code.finish()
}

/// The pages that document the endpoint, when more than one does (the first few).
fn documented_by(op: &Operation) -> String {
    if op.also_documented_at.is_empty() {
        return String::new();
    }
    const SHOWN: usize = 4;
    let mut pages: Vec<&str> = std::iter::once(&op.source)
        .chain(&op.also_documented_at)
        .map(|s| &*s.file)
        .collect();
    pages.dedup();
    let more = pages.len().saturating_sub(SHOWN);
    let shown: Vec<String> = pages.iter().take(SHOWN).map(|p| format!("`{p}`")).collect();
    let mut text = format!("Documented by {}", shown.join(", "));
    if more > 0 {
        text.push_str(&format!(" and {more} more page(s)"));
    }
    text.push_str(".\n\n");
    text
}

fn method_path(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "::http::Method::GET",
        HttpMethod::Post => "::http::Method::POST",
        HttpMethod::Patch => "::http::Method::PATCH",
        HttpMethod::Put => "::http::Method::PUT",
        HttpMethod::Delete => "::http::Method::DELETE",
    }
}

/// One field of an operation struct, with how `new` takes and sets it.
struct Field {
    doc: String,
    name: String,
    ty: String,
    /// The `new` argument that sets it (`None`: set to its default).
    argument: Option<String>,
    init: String,
}

/// The fields of an operation's struct: path parameters, function parameters, body, query
/// options and the `Prefer` switch. Also says which wire names map to which field.
struct Fields {
    list: Vec<Field>,
    path: BTreeMap<String, String>,
    function: BTreeMap<String, String>,
}

fn plan_fields(ctx: &Context<'_>, op: &Operation, body: &BodyType) -> Fields {
    let mut namer = Namer::default();
    for reserved in ["body", "query", "include_unknown_enum_members"] {
        namer.reserve(reserved);
    }
    let mut fields = Fields {
        list: Vec::new(),
        path: BTreeMap::new(),
        function: BTreeMap::new(),
    };
    let string = "::std::string::String";
    for p in &op.parameters {
        let f = namer.unique(field_name(&p.name), "_");
        let doc = match (p.segment.is_empty(), p.is_path) {
            (true, _) => format!("The `{}` path parameter.", p.placeholder),
            (false, false) => format!(
                "The `{}` path parameter: the key of the `{}` segment.",
                p.placeholder, p.segment
            ),
            (false, true) => format!(
                "The `{}` path parameter: a path after `{}` (its `/` are kept).",
                p.placeholder, p.segment
            ),
        };
        fields.list.push(Field {
            doc,
            argument: Some(format!("{f}: impl ::std::convert::Into<{string}>")),
            init: format!("{f}: {f}.into()"),
            name: f.clone(),
            ty: string.to_string(),
        });
        fields.path.insert(p.name.clone(), f);
    }
    for p in &op.function_parameters {
        let f = namer.unique(field_name(&p.name), "_");
        let ty = ctx.property_type(&p.ty, op.version, "", false);
        let mut doc = format!("The `{}` argument of the function call.", p.name);
        if !p.description.is_empty() {
            doc = format!("{}\n\n{doc}", p.description);
        }
        let field = match p.required {
            true => Field {
                doc,
                argument: Some(format!("{f}: impl ::std::convert::Into<{ty}>")),
                init: format!("{f}: {f}.into()"),
                name: f.clone(),
                ty,
            },
            // Left out of the call when `None`.
            false => Field {
                doc,
                argument: None,
                init: format!("{f}: ::std::option::Option::None"),
                name: f.clone(),
                ty: format!("::std::option::Option<{ty}>"),
            },
        };
        fields.list.push(field);
        fields.function.insert(p.name.clone(), f);
    }
    if let Some((doc, ty)) = body_field(ctx, op, body) {
        fields.list.push(Field {
            doc,
            argument: Some(format!("body: {ty}")),
            init: "body".to_string(),
            name: "body".to_string(),
            ty,
        });
    }
    if op.method == HttpMethod::Get && !is_raw(op) {
        fields.list.push(Field {
            doc: "OData query options (`$select`, `$filter`, `$top`, ...).".to_string(),
            name: "query".to_string(),
            ty: format!("{SUPPORT}::QueryOptions"),
            argument: None,
            init: "query: ::std::default::Default::default()".to_string(),
        });
    }
    if reaches_evolvable(ctx, op) {
        fields.list.push(Field {
            doc: "Send `Prefer: include-unknown-enum-members`, so the service may use enum members listed after `unknownFutureValue`.".to_string(),
            name: "include_unknown_enum_members".to_string(),
            ty: "bool".to_string(),
            argument: None,
            init: "include_unknown_enum_members: false".to_string(),
        });
    }
    fields
}

/// The body field's doc, type and whether the type has a default.
fn body_field(ctx: &Context<'_>, op: &Operation, body: &BodyType) -> Option<(String, String)> {
    let version = op.version;
    Some(match body {
        BodyType::None => return None,
        BodyType::Patch(n) => (
            "The update body: only the fields that are not `Absent` are sent; `Null` clears a property.".to_string(),
            n.clone(),
        ),
        BodyType::Resource(q) => {
            let doc = format!("The request body (`{q}`).");
            // A type others derive from is sent as any of them (`Any<Type>`).
            let ty = match ctx.type_def(version, q) {
                Some(t) if !ctx.is_polymorphic(version, q) => ctx.struct_path(t, ""),
                _ => {
                    let ty = PropertyType {
                        base: TypeRef::Named(q.clone()),
                        collection: false,
                    };
                    ctx.property_type(&ty, version, "", false)
                }
            };
            (doc, ty)
        }
        BodyType::Parameters(n) => (
            "The action's parameters, sent as the request body.".to_string(),
            n.clone(),
        ),
        BodyType::Raw => (
            "The content sent as the request body, with its content type.".to_string(),
            format!("{SUPPORT}::Content"),
        ),
    })
}

fn is_raw(op: &Operation) -> bool {
    matches!(
        &op.response_type,
        Some(PropertyType {
            base: TypeRef::Primitive(Primitive::Stream),
            collection: false
        })
    )
}

/// Whether the request or response holds an enum with members after `unknownFutureValue`.
fn reaches_evolvable(ctx: &Context<'_>, op: &Operation) -> bool {
    op.named_types()
        .any(|q| ctx.reaches_evolvable_enum(op.version, q))
}

/// The typed result and the support function that parses it.
fn output(ctx: &Context<'_>, op: &Operation) -> (String, &'static str) {
    let version = op.version;
    match &op.response_type {
        // A read answers with a body even when the docs do not type it.
        None if op.method == HttpMethod::Get && op.success_status != 204 => {
            ("::serde_json::Value".to_string(), "parse_json")
        }
        None => ("()".to_string(), "parse_empty"),
        Some(_) if is_raw(op) => (format!("{SUPPORT}::Content"), "parse_content"),
        Some(ty) if ty.collection => {
            let el = ctx.element_type(&ty.base, version, "");
            (format!("{SUPPORT}::Collection<{el}>"), "parse_json")
        }
        Some(ty) => {
            let el = ctx.element_type(&ty.base, version, "");
            let is_struct = matches!(&ty.base, TypeRef::Named(q) if ctx.type_def(version, q).is_some() && ctx.enum_def(version, q).is_none());
            let parse = match (is_struct, op.kind) {
                (true, OperationKind::Resource) => "parse_json",
                // An action's or function's object result, bare or wrapped in `value`.
                (true, _) => "parse_result",
                (false, _) => "parse_value",
            };
            (el, parse)
        }
    }
}

/// One operation: its struct, its constants and `new`, and its `GraphRequest` impl.
fn emit_operation(ctx: &Context<'_>, op: &Operation, name: &str, body: &BodyType) -> String {
    let docs_on = ctx.settings.doc_comments;
    let fields = plan_fields(ctx, op, body);
    let mut code = Code::with_capacity(4096);
    let mut doc_text = String::new();
    for part in [op.title.trim(), op.description.trim()] {
        // A page whose description repeats its title says it once.
        if !part.is_empty() && !doc_text.trim_end().eq_ignore_ascii_case(part) {
            doc_text.push_str(part);
            doc_text.push_str("\n\n");
        }
    }
    doc_text.push_str(&format!(
        "`{} {}`, answered with `{}` on success.\n\n{}{}",
        op.method.as_str(),
        op.path,
        op.success_status,
        documented_by(op),
        super::permissions::doc_text(op)
    ));
    code.doc(0, &doc_text, docs_on);
    // Built with `new`: no `Default` or `PartialEq`, whose derived bodies cost every user's build
    // more than they serve.
    code.line(0, "#[derive(Clone, Debug)]");
    if fields.list.is_empty() {
        code.line_fmt(0, format_args!("pub struct {name} {{}}"));
    } else {
        code.line_fmt(0, format_args!("pub struct {name} {{"));
        for f in &fields.list {
            code.doc(1, &f.doc, docs_on);
            code.line_fmt(1, format_args!("pub {}: {},", f.name, f.ty));
        }
        code.line(0, "}");
    }
    emit_inherent_impl(ctx, &mut code, op, name, &fields);
    emit_request_impl(ctx, &mut code, op, name, &fields, body);
    code.finish()
}

/// The constants, `new` and `select`.
fn emit_inherent_impl(
    ctx: &Context<'_>,
    code: &mut Code,
    op: &Operation,
    name: &str,
    fields: &Fields,
) {
    let docs_on = ctx.settings.doc_comments;
    code.line_fmt(0, format_args!("impl {name} {{"));
    let constants = [
        (
            "The operation's name in the docs' IR.",
            "NAME",
            "&'static str",
            string_literal(&op.name),
        ),
        (
            "The HTTP method.",
            "METHOD",
            "&'static str",
            string_literal(op.method.as_str()),
        ),
        (
            "The path as documented, placeholders included.",
            "PATH",
            "&'static str",
            string_literal(&op.path),
        ),
        (
            "The documented success status (any 2xx is accepted).",
            "SUCCESS_STATUS",
            "u16",
            op.success_status.to_string(),
        ),
    ];
    for (doc, name, ty, value) in constants {
        code.line_fmt(1, format_args!("/// {doc}"));
        code.line_fmt(1, format_args!("pub const {name}: {ty} = {value};"));
    }
    super::permissions::emit_constant(code, op);
    code.doc(
        1,
        "The request with its parameters and body; options at their defaults.",
        docs_on,
    );
    let args: Vec<String> = fields
        .list
        .iter()
        .filter_map(|f| f.argument.clone())
        .collect();
    let inits: Vec<String> = fields.list.iter().map(|f| f.init.clone()).collect();
    code.list(1, "pub fn new(", &args, ") -> Self {");
    code.struct_literal(2, "Self", &inits, "");
    code.line(1, "}");
    if let Some(t) = selectable(ctx, op, fields) {
        emit_select(ctx, code, t);
    }
    code.line(0, "}");
}

/// The response type whose documented properties `$select` is checked against.
fn selectable<'s>(ctx: &Context<'s>, op: &Operation, fields: &Fields) -> Option<&'s TypeDef> {
    if !fields.list.iter().any(|f| f.name == "query") {
        return None;
    }
    match &op.response_type {
        Some(PropertyType {
            base: TypeRef::Named(q),
            ..
        }) => ctx.type_def(op.version, q),
        _ => None,
    }
}

fn emit_select(ctx: &Context<'_>, code: &mut Code, t: &TypeDef) {
    let model = ctx.struct_path(t, "");
    code.doc(
        1,
        &format!("Adds `$select` properties, checked against the documented properties of `{}`: an unknown name is an error naming it.", t.name),
        ctx.settings.doc_comments,
    );
    code.lines(
        1,
        &format!(
            "\
pub fn select(
    mut self,
    properties: &[&str],
) -> ::std::result::Result<Self, {SUPPORT}::UnknownProperty> {{
    self.query.select_documented(properties, {model}::PROPERTIES)?;
    ::std::result::Result::Ok(self)
}}"
        ),
    );
}

/// The expressions whose concatenation is the path (parameters percent-encoded) and the query
/// string, and the argument lists of its function calls (`argumentsN`, written as OData
/// literals).
fn path_pieces(op: &Operation, fields: &Fields) -> (Vec<String>, Vec<Vec<String>>) {
    let mut pieces = Vec::new();
    let mut calls: Vec<Vec<String>> = Vec::new();
    for s in &op.segments {
        match s {
            PathSegment::Literal { text } => pieces.push(string_literal(text)),
            PathSegment::Parameter { name, .. } => {
                let is_path = op.parameters.iter().any(|p| &p.name == name && p.is_path);
                let encode = if is_path {
                    "percent_encode_path"
                } else {
                    "percent_encode"
                };
                pieces.push(format!(
                    "{SUPPORT}::{encode}(&self.{}).as_str()",
                    fields.path[name]
                ));
            }
            PathSegment::Arguments { arguments } => {
                let each: Vec<String> = arguments
                    .iter()
                    .map(|a| argument_expression(op, a, &fields.function[&a.parameter]))
                    .collect();
                pieces.push(format!("arguments{}.as_str()", calls.len() + 1));
                calls.push(each);
            }
        }
    }
    if fields.list.iter().any(|f| f.name == "query") {
        pieces.push("self.query.to_query_string().as_str()".to_string());
    }
    (pieces, calls)
}

/// One argument for `support::call_arguments`: its `name=` and its literal, `None` when an optional
/// parameter is not set.
fn argument_expression(op: &Operation, a: &CallArgument, field: &str) -> String {
    let head = match &a.name {
        Some(n) => string_literal(&format!("{n}=")),
        None => "\"\"".to_string(),
    };
    let (prefix, quoted) = (string_literal(&a.prefix), argument_quoted(op, a));
    let required = op
        .function_parameters
        .iter()
        .find(|p| p.name == a.parameter)
        .is_none_or(|p| p.required);
    let literal = |value: &str| format!("{SUPPORT}::odata_literal({value}, {prefix}, {quoted})");
    match required {
        true => format!(
            "({head}, ::std::option::Option::Some({}))",
            literal(&format!("&self.{field}"))
        ),
        false => format!("({head}, self.{field}.as_ref().map(|v| {}))", literal("v")),
    }
}

/// Whether an argument is written in quotes: strings and enums are (OData literal syntax), other
/// primitives are bare; a string the docs do not type is written as the docs write it.
fn argument_quoted(op: &Operation, a: &CallArgument) -> bool {
    let Some(p) = op
        .function_parameters
        .iter()
        .find(|p| p.name == a.parameter)
    else {
        return a.quoted;
    };
    match &p.ty.base {
        _ if p.ty.collection => false,
        TypeRef::Primitive(Primitive::String) if p.inferred => a.quoted,
        TypeRef::Primitive(Primitive::String) => true,
        TypeRef::Primitive(_) => false,
        // Enums travel as their member name in quotes; other named types as JSON.
        TypeRef::Named(_) => true,
    }
}

/// The `GraphRequest` impl: the request with its path, body and headers; the typed response.
fn emit_request_impl(
    ctx: &Context<'_>,
    code: &mut Code,
    op: &Operation,
    name: &str,
    fields: &Fields,
    body: &BodyType,
) {
    let (output, parse) = output(ctx, op);
    let (pieces, calls) = path_pieces(op, fields);
    let body_expr = match body {
        BodyType::None => "::std::option::Option::None".to_string(),
        BodyType::Raw => {
            format!("::std::option::Option::Some({SUPPORT}::content_body(&self.body))")
        }
        _ => format!("::std::option::Option::Some({SUPPORT}::json_body(&self.body)?)"),
    };
    let prefer = match fields
        .list
        .iter()
        .any(|f| f.name == "include_unknown_enum_members")
    {
        true => "self.include_unknown_enum_members",
        false => "false",
    };
    code.line(0, &format!("impl {SUPPORT}::GraphRequest for {name} {{"));
    code.line_fmt(1, format_args!("type Output = {output};"));
    code.lines(
        1,
        &format!(
            "\
fn to_request(
    &self,
    base_url: &str,
) -> ::std::result::Result<
    ::http::Request<::std::vec::Vec<u8>>,
    {SUPPORT}::RequestError,
> {{"
        ),
    );
    for (i, each) in calls.iter().enumerate() {
        code.list(
            2,
            &format!("let arguments{} = {SUPPORT}::call_arguments(&[", i + 1),
            each,
            "]);",
        );
    }
    code.line_fmt(2, format_args!("{SUPPORT}::build_request("));
    code.line_fmt(3, format_args!("{},", method_path(op.method)));
    code.line(3, "base_url,");
    match pieces.as_slice() {
        [] => code.line(3, "\"/\","),
        [single] if single.starts_with('"') => code.line_fmt(3, format_args!("{single},")),
        _ => code.list(3, "&[", &pieces, "].concat(),"),
    }
    code.line_fmt(3, format_args!("{body_expr},"));
    code.line_fmt(3, format_args!("{prefer},"));
    code.line(2, ")");
    code.line(1, "}");
    code.lines(
        1,
        &format!(
            "\
fn parse_response(
    &self,
    response: ::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<Self::Output, {SUPPORT}::ResponseError> {{
    {SUPPORT}::{parse}(response)
}}"
        ),
    );
    code.line(0, "}");
}
