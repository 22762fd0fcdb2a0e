//! Endpoint stubs: one struct per operation that builds the documented `http::Request` and parses
//! the documented response, through the support module's `GraphRequest` trait.

use std::collections::BTreeMap;

use super::models::all_properties;
use super::names::{field_name, type_name, Namer};
use super::text::{string_literal, Code};
use super::{Context, Item, SUPPORT};
use crate::ir::*;

/// The default base URL of a version.
pub fn default_base_url(version: ApiVersion) -> String {
    format!("https://graph.microsoft.com/{}", version.as_str())
}

/// The items of a version's `operations` module, emitted on demand (see [`super::Item`]). Names are
/// planned here, in order, so they never depend on which item is emitted first.
pub fn emit_operations<'s>(
    version: ApiVersion,
    ops: &[&'s Operation],
    ctx: &Context<'s>,
) -> Vec<Item<'s>> {
    let base_url = default_base_url(version);
    let mut items: Vec<Item<'s>> = vec![Box::new(move |_: &Context<'s>| {
        format!(
            "/// The default base URL of Microsoft Graph {}.\npub const DEFAULT_BASE_URL: &str = {};\n",
            version.as_str(),
            string_literal(&base_url)
        )
    })];
    // Operation structs are named first so that their names never depend on the patch bodies.
    let mut namer = Namer::default();
    let names: Vec<String> = ops
        .iter()
        .map(|op| namer.unique(type_name(&op.name), ""))
        .collect();
    let mut patch_bodies: BTreeMap<(String, String), String> = BTreeMap::new();
    for (&op, name) in ops.iter().zip(names) {
        let patch_type = match (&op.request_type, op.method) {
            (Some(q), HttpMethod::Patch) => ctx.type_def(version, q),
            _ => None,
        };
        let mut patch_name = None;
        if let Some(t) = patch_type {
            let key = t.qualified_name().key();
            match patch_bodies.get(&key) {
                Some(n) => patch_name = Some(n.clone()),
                None => {
                    let n = namer.unique(format!("{}Patch", type_name(&t.name)), "");
                    patch_bodies.insert(key, n.clone());
                    let body = n.clone();
                    items.push(Box::new(move |ctx: &Context<'s>| {
                        emit_operation(ctx, version, op, &name, Some(&n))
                    }));
                    items.push(Box::new(move |ctx: &Context<'s>| {
                        emit_patch_body(ctx, t, &body)
                    }));
                    continue;
                }
            }
        }
        items.push(Box::new(move |ctx: &Context<'s>| {
            emit_operation(ctx, version, op, &name, patch_name.as_deref())
        }));
    }
    items
}

fn permissions_text(op: &Operation) -> String {
    if op.permissions.is_empty() {
        return "Permissions: not documented.".to_string();
    }
    let mut text = "Permissions (least privileged first):".to_string();
    for p in &op.permissions {
        let scopes = if p.scopes.is_empty() {
            "no scope documented".to_string()
        } else {
            p.scopes
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        text.push_str(&format!("\n- {}: {scopes}", p.kind));
    }
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

/// One operation: its struct, its constants and `new`, and its `GraphRequest` impl.
fn emit_operation(
    ctx: &Context<'_>,
    version: ApiVersion,
    op: &Operation,
    name: &str,
    patch_body: Option<&str>,
) -> String {
    let docs_on = ctx.settings.doc_comments;
    let struct_name = name;
    let method = op.method.as_str();

    // Fields and `new` arguments, named once: (doc, field name, type).
    let mut namer = Namer::default();
    for reserved in ["body", "query", "include_unknown_enum_members"] {
        namer.reserve(reserved);
    }
    let mut fields: Vec<(String, String, String)> = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut param_fields = BTreeMap::new();
    for p in &op.parameters {
        let f = namer.unique(field_name(&p.name), "_");
        fields.push((
            format!("The `{}` path parameter.", p.placeholder),
            f.clone(),
            "::std::string::String".to_string(),
        ));
        args.push(format!(
            "{f}: impl ::std::convert::Into<::std::string::String>"
        ));
        inits.push(format!("{f}: {f}.into()"));
        param_fields.insert(p.name.clone(), f);
    }

    let has_body = op.request_type.is_some()
        && matches!(
            op.method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
        );
    let mut derives_default = true;
    if let (true, Some(q)) = (has_body, &op.request_type) {
        let body_ty = match patch_body {
            Some(n) => n.to_string(),
            None => match ctx.type_def(version, q) {
                Some(t) => ctx.struct_path(t, ""),
                None => {
                    derives_default = false;
                    let ty = PropertyType {
                        base: TypeRef::Named(q.clone()),
                        collection: false,
                    };
                    ctx.property_type(&ty, version, "", false)
                }
            },
        };
        let doc = if patch_body.is_some() {
            "The update body: only the fields that are not `Absent` are sent; `Null` clears a property.".to_string()
        } else {
            format!("The request body (`{q}`).")
        };
        args.push(format!("body: {body_ty}"));
        fields.push((doc, "body".to_string(), body_ty));
        inits.push("body".to_string());
    }
    let has_query = op.method == HttpMethod::Get;
    if has_query {
        fields.push((
            "OData query options (`$select`, `$filter`, `$top`, ...).".to_string(),
            "query".to_string(),
            format!("{SUPPORT}::QueryOptions"),
        ));
        inits.push("query: ::std::default::Default::default()".to_string());
    }
    let mut roots: Vec<TypeRef> = op
        .request_type
        .clone()
        .map(TypeRef::Named)
        .into_iter()
        .collect();
    if let Some(r) = &op.response_type {
        roots.push(r.base.clone());
    }
    let evolvable = roots
        .iter()
        .any(|r| matches!(r, TypeRef::Named(q) if ctx.reaches_evolvable_enum(version, q)));
    if evolvable {
        fields.push((
            "Send `Prefer: include-unknown-enum-members`, so the service may use enum members listed after `unknownFutureValue`.".to_string(),
            "include_unknown_enum_members".to_string(),
            "bool".to_string(),
        ));
        inits.push("include_unknown_enum_members: false".to_string());
    }

    // The typed result.
    let (output, parse) = match &op.response_type {
        None => ("()".to_string(), "parse_empty"),
        Some(ty) if ty.collection => {
            let el = ctx.element_type(&ty.base, version, "");
            (format!("{SUPPORT}::Collection<{el}>"), "parse_json")
        }
        Some(ty) => {
            let el = ctx.element_type(&ty.base, version, "");
            let is_struct =
                matches!(&ty.base, TypeRef::Named(q) if ctx.type_def(version, q).is_some());
            (
                el,
                if is_struct {
                    "parse_json"
                } else {
                    "parse_value"
                },
            )
        }
    };

    let mut code = Code::new();
    let mut doc_text = op.description.trim().to_string();
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!(
        "`{method} {}`, answered with `{}` on success.\n\n{}",
        op.path,
        op.success_status,
        permissions_text(op)
    ));
    code.doc(0, &doc_text, docs_on);
    code.line(
        0,
        if derives_default {
            "#[derive(Clone, Debug, Default, PartialEq)]"
        } else {
            "#[derive(Clone, Debug, PartialEq)]"
        },
    );
    if fields.is_empty() {
        code.line_fmt(0, format_args!("pub struct {struct_name} {{}}"));
    } else {
        code.line_fmt(0, format_args!("pub struct {struct_name} {{"));
        for (doc, field, ty) in &fields {
            code.doc(1, doc, docs_on);
            code.line_fmt(1, format_args!("pub {field}: {ty},"));
        }
        code.line(0, "}");
    }

    code.line_fmt(0, format_args!("impl {struct_name} {{"));
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
            string_literal(method),
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
    code.line(
        1,
        "/// The documented permissions: (kind, scopes least privileged first); no scopes when the",
    );
    code.line(
        1,
        "/// kind is not supported or its scopes are not documented.",
    );
    let perms: Vec<String> = op
        .permissions
        .iter()
        .map(|p| {
            let scopes: Vec<String> = p.scopes.iter().map(|s| string_literal(s)).collect();
            format!("({}, &[{}])", string_literal(&p.kind), scopes.join(", "))
        })
        .collect();
    code.list(
        1,
        "pub const PERMISSIONS: &'static [(&'static str, &'static [&'static str])] = &[",
        &perms,
        "];",
    );
    code.doc(
        1,
        "The request with its path parameters and body; options at their defaults.",
        docs_on,
    );
    code.list(1, "pub fn new(", &args, ") -> Self {");
    code.struct_literal(2, "Self", &inits, "");
    code.line(1, "}");
    // `$select` checked against the response type's documented properties.
    let selectable = match &op.response_type {
        Some(PropertyType {
            base: TypeRef::Named(q),
            ..
        }) if has_query => ctx.type_def(version, q),
        _ => None,
    };
    if let Some(t) = selectable {
        let model = ctx.struct_path(t, "");
        code.doc(
            1,
            &format!("Adds `$select` properties, checked against the documented properties of `{}`: an unknown name is an error naming it.", t.name),
            docs_on,
        );
        code.lines(
            1,
            &format!(
                "\
pub fn select(
    mut self,
    properties: &[&str],
) -> ::std::result::Result<Self, {SUPPORT}::UnknownProperty> {{
    for property in properties {{
        if !{model}::PROPERTIES.contains(property) {{
            return ::std::result::Result::Err(
                {SUPPORT}::UnknownProperty((*property).to_owned()),
            );
        }}
        self.query.select.push((*property).to_owned());
    }}
    ::std::result::Result::Ok(self)
}}"
            ),
        );
    }
    code.line(0, "}");

    // The path, with its parameters percent-encoded, and the query string.
    let mut pieces = Vec::new();
    for s in &op.segments {
        match s {
            PathSegment::Literal { text } => pieces.push(string_literal(text)),
            PathSegment::Parameter { name, .. } => pieces.push(format!(
                "{SUPPORT}::percent_encode(&self.{}).as_str()",
                param_fields[name]
            )),
        }
    }
    if has_query {
        pieces.push("self.query.to_query_string().as_str()".to_string());
    }
    let body_expr = if has_body {
        format!("::std::option::Option::Some({SUPPORT}::json_body(&self.body)?)")
    } else {
        "::std::option::Option::None".to_string()
    };
    let prefer = if evolvable {
        "self.include_unknown_enum_members"
    } else {
        "false"
    };
    code.line(
        0,
        &format!("impl {SUPPORT}::GraphRequest for {struct_name} {{"),
    );
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
    code.line_fmt(2, format_args!("{SUPPORT}::build_request("));
    code.line_fmt(3, format_args!("{},", method_path(op.method)));
    code.line(3, "base_url,");
    match pieces.as_slice() {
        [] => code.line(3, "\"/\","),
        [single] if op.parameters.is_empty() && !has_query => {
            code.line_fmt(3, format_args!("{single},"))
        }
        _ => {
            code.list(3, "&[", &pieces, "].concat(),");
        }
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
    code.finish()
}

/// The update body of a type: every property a `Patch`, so absent, `null` and a value differ.
fn emit_patch_body(ctx: &Context<'_>, t: &TypeDef, name: &str) -> String {
    let docs_on = ctx.settings.doc_comments;
    let is_absent = string_literal(&format!("{SUPPORT}::Patch::is_absent"));
    let struct_name = name;
    let model = ctx.struct_path(t, "");
    let mut namer = Namer::default();
    namer.reserve("odata_type");
    namer.reserve("additional_properties");
    let mut code = Code::new();
    code.doc(
        0,
        &format!(
            "The update (PATCH) body of `{}`: `Absent` fields are not sent, `Null` clears a property.",
            t.qualified_name()
        ),
        docs_on,
    );
    code.line(
        0,
        "#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]",
    );
    code.line_fmt(0, format_args!("pub struct {struct_name} {{"));
    code.line(1, "/// The `@odata.type` annotation.");
    code.attribute(
        1,
        "#[serde(",
        &[
            "rename = \"@odata.type\"".to_string(),
            "default".to_string(),
            format!("skip_serializing_if = {is_absent}"),
        ],
        ")]",
    );
    code.line(
        1,
        &format!("pub odata_type: {SUPPORT}::Patch<::std::string::String>,"),
    );
    let mut conversions = vec!["odata_type".to_string()];
    for p in all_properties(ctx, t) {
        let f = namer.unique(field_name(&p.name), "_");
        // Boxed where the model boxes it, so the conversion from the model moves the value as is.
        let ty = ctx.property_type(&p.ty, t.version, "", ctx.is_recursive_edge(t, p));
        let mut serde_args = Vec::new();
        if f.trim_start_matches("r#") != p.name.as_str() {
            serde_args.push(format!("rename = {}", string_literal(&p.name)));
        }
        serde_args.push("default".to_string());
        serde_args.push(format!("skip_serializing_if = {is_absent}"));
        code.doc(1, &p.description, docs_on);
        code.attribute(1, "#[serde(", &serde_args, ")]");
        code.line_fmt(1, format_args!("pub {f}: {SUPPORT}::Patch<{ty}>,"));
        // The model's own field name (the same namer order), for the conversion.
        conversions.push(f);
    }
    code.line(1, "/// Members the docs do not list, sent as they are.");
    code.line(1, "#[serde(flatten)]");
    code.line(
        1,
        "pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,",
    );
    code.line(0, "}");
    code.line(0, "#[allow(deprecated)]");
    code.line(
        0,
        &format!("impl ::std::convert::From<{model}> for {struct_name} {{"),
    );
    code.line(
        1,
        "/// Sends every property the value has; `None` properties are left out (not cleared).",
    );
    code.line_fmt(1, format_args!("fn from(value: {model}) -> Self {{"));
    code.line(2, "Self {");
    for f in &conversions {
        code.list(
            3,
            &format!("{f}: {SUPPORT}::Patch::from_option("),
            &[format!("value.{f}")],
            "),",
        );
    }
    code.line(3, "additional_properties: value.additional_properties,");
    code.line(2, "}");
    code.line(1, "}");
    code.line(0, "}");
    code.finish()
}
