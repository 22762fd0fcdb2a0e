//! Endpoint stubs: one struct per operation that builds the documented `http::Request` and parses
//! the documented response, through the support module's `GraphRequest` trait.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

use super::doc_comments::doc_attrs;
use super::models::all_properties;
use super::names::{field_name, type_name, Namer};
use super::{ident, Context, Item};
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
    let base_doc = format!(
        " The default base URL of Microsoft Graph {}.",
        version.as_str()
    );
    let mut items: Vec<Item<'s>> = vec![Box::new(move |_: &Context<'s>| {
        quote! {
            #[doc = #base_doc]
            pub const DEFAULT_BASE_URL: &str = #base_url;
        }
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

fn method_tokens(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote!(::http::Method::GET),
        HttpMethod::Post => quote!(::http::Method::POST),
        HttpMethod::Patch => quote!(::http::Method::PATCH),
        HttpMethod::Put => quote!(::http::Method::PUT),
        HttpMethod::Delete => quote!(::http::Method::DELETE),
    }
}

fn emit_operation(
    ctx: &Context<'_>,
    version: ApiVersion,
    op: &Operation,
    name: &str,
    patch_body: Option<&str>,
) -> TokenStream {
    let support = ctx.support_path();
    let docs_on = ctx.settings.doc_comments;
    let struct_name = ident(name);
    let method = op.method.as_str();
    let path = &op.path;
    let success = proc_macro2::Literal::u16_unsuffixed(op.success_status);

    // Fields and `new` arguments, named once.
    let mut namer = Namer::default();
    for reserved in ["body", "query", "include_unknown_enum_members"] {
        namer.reserve(reserved);
    }
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut param_idents = BTreeMap::new();
    for p in &op.parameters {
        let f = ident(&namer.unique(field_name(&p.name), "_"));
        let d = doc_attrs(&format!("The `{}` path parameter.", p.placeholder), docs_on);
        fields.push(quote!(#d pub #f: ::std::string::String,));
        args.push(quote!(#f: impl ::std::convert::Into<::std::string::String>));
        inits.push(quote!(#f: #f.into(),));
        param_idents.insert(p.name.clone(), f);
    }

    let has_body = op.request_type.is_some()
        && matches!(
            op.method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
        );
    let mut derives_default = true;
    if let (true, Some(q)) = (has_body, &op.request_type) {
        let body_ty = match patch_body {
            Some(n) => {
                let n = ident(n);
                quote!(#n)
            }
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
        let d = if patch_body.is_some() {
            doc_attrs(
                "The update body: only the fields that are not `Absent` are sent; `Null` clears a property.",
                docs_on,
            )
        } else {
            doc_attrs(&format!("The request body (`{q}`)."), docs_on)
        };
        fields.push(quote!(#d pub body: #body_ty,));
        args.push(quote!(body: #body_ty));
        inits.push(quote!(body,));
    }
    let has_query = op.method == HttpMethod::Get;
    if has_query {
        let d = doc_attrs(
            "OData query options (`$select`, `$filter`, `$top`, ...).",
            docs_on,
        );
        fields.push(quote!(#d pub query: #support::QueryOptions,));
        inits.push(quote!(query: ::std::default::Default::default(),));
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
        let d = doc_attrs(
            "Send `Prefer: include-unknown-enum-members`, so the service may use enum members listed after `unknownFutureValue`.",
            docs_on,
        );
        fields.push(quote!(#d pub include_unknown_enum_members: bool,));
        inits.push(quote!(include_unknown_enum_members: false,));
    }

    // The path, with its parameters percent-encoded, and the query string.
    let mut pieces = Vec::new();
    for s in &op.segments {
        match s {
            PathSegment::Literal { text } => pieces.push(quote!(#text)),
            PathSegment::Parameter { name, .. } => {
                let f = &param_idents[name];
                pieces.push(quote!(#support::percent_encode(&self.#f).as_str()));
            }
        }
    }
    if has_query {
        pieces.push(quote!(self.query.to_query_string().as_str()));
    }
    let path_expr = match pieces.as_slice() {
        [] => quote!("/"),
        [single] if op.parameters.is_empty() && !has_query => quote!(#single),
        _ => quote!(&[#(#pieces),*].concat()),
    };
    let body_expr = if has_body {
        quote!(::std::option::Option::Some(#support::json_body(&self.body)?))
    } else {
        quote!(::std::option::Option::None)
    };
    let prefer = if evolvable {
        quote!(self.include_unknown_enum_members)
    } else {
        quote!(false)
    };
    let method_tokens = method_tokens(op.method);

    // The typed result.
    let (output, parse) = match &op.response_type {
        None => (quote!(()), quote!(#support::parse_empty(response))),
        Some(ty) if ty.collection => {
            let el = ctx.element_type(&ty.base, version, "");
            (
                quote!(#support::Collection<#el>),
                quote!(#support::parse_json(response)),
            )
        }
        Some(ty) => {
            let el = ctx.element_type(&ty.base, version, "");
            let is_struct =
                matches!(&ty.base, TypeRef::Named(q) if ctx.type_def(version, q).is_some());
            if is_struct {
                (el, quote!(#support::parse_json(response)))
            } else {
                (el, quote!(#support::parse_value(response)))
            }
        }
    };

    let mut doc_text = op.description.trim().to_string();
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!(
        "`{method} {path}`, answered with `{}` on success.\n\n{}",
        op.success_status,
        permissions_text(op)
    ));
    let docs = doc_attrs(&doc_text, docs_on);
    let perms = op.permissions.iter().map(|p| {
        let kind = &p.kind;
        let scopes = &p.scopes;
        quote!((#kind, &[#(#scopes),*]))
    });
    let derive = if derives_default {
        quote!(#[derive(Clone, Debug, Default, PartialEq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let new_doc = doc_attrs(
        "The request with its path parameters and body; options at their defaults.",
        docs_on,
    );
    // `$select` checked against the response type's documented properties.
    let selectable = match &op.response_type {
        Some(PropertyType {
            base: TypeRef::Named(q),
            ..
        }) if has_query => ctx.type_def(version, q),
        _ => None,
    };
    let select = match selectable {
        Some(t) => {
            let model = ctx.struct_path(t, "");
            let d = doc_attrs(
                &format!("Adds `$select` properties, checked against the documented properties of `{}`: an unknown name is an error naming it.", t.name),
                docs_on,
            );
            quote! {
                #d
                pub fn select(mut self, properties: &[&str]) -> ::std::result::Result<Self, #support::UnknownProperty> {
                    for property in properties {
                        if !#model::PROPERTIES.contains(property) {
                            return ::std::result::Result::Err(#support::UnknownProperty((*property).to_owned()));
                        }
                        self.query.select.push((*property).to_owned());
                    }
                    ::std::result::Result::Ok(self)
                }
            }
        }
        None => quote!(),
    };
    let op_name = &op.name;
    quote! {
        #docs
        #derive
        pub struct #struct_name {
            #(#fields)*
        }
        impl #struct_name {
            /// The operation's name in the docs' IR.
            pub const NAME: &'static str = #op_name;
            /// The HTTP method.
            pub const METHOD: &'static str = #method;
            /// The path as documented, placeholders included.
            pub const PATH: &'static str = #path;
            /// The documented success status (any 2xx is accepted).
            pub const SUCCESS_STATUS: u16 = #success;
            /// The documented permissions: (kind, scopes least privileged first); no scopes when the
            /// kind is not supported or its scopes are not documented.
            pub const PERMISSIONS: &'static [(&'static str, &'static [&'static str])] = &[#(#perms),*];
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
            #select
        }
        impl #support::GraphRequest for #struct_name {
            type Output = #output;
            fn to_request(
                &self,
                base_url: &str,
            ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, #support::RequestError> {
                #support::build_request(#method_tokens, base_url, #path_expr, #body_expr, #prefer)
            }
            fn parse_response(
                &self,
                response: ::http::Response<::std::vec::Vec<u8>>,
            ) -> ::std::result::Result<Self::Output, #support::ResponseError> {
                #parse
            }
        }
    }
}

/// The update body of a type: every property a `Patch`, so absent, `null` and a value differ.
fn emit_patch_body(ctx: &Context<'_>, t: &TypeDef, name: &str) -> TokenStream {
    let support = ctx.support_path();
    let is_absent = format!("{}::Patch::is_absent", support.to_string().replace(' ', ""));
    let struct_name = ident(name);
    let model = ctx.struct_path(t, "");
    let mut namer = Namer::default();
    namer.reserve("odata_type");
    namer.reserve("additional_properties");
    let mut fields = Vec::new();
    let mut conversions = Vec::new();
    for p in all_properties(ctx, t) {
        let fname = namer.unique(field_name(&p.name), "_");
        let f = ident(&fname);
        // Boxed where the model boxes it, so the conversion from the model moves the value as is.
        let ty = ctx.property_type(&p.ty, t.version, "", ctx.is_recursive_edge(t, p));
        let wire = &p.name;
        let rename = if fname.trim_start_matches("r#") != wire.as_str() {
            quote!(rename = #wire,)
        } else {
            quote!()
        };
        let d = doc_attrs(&p.description, ctx.settings.doc_comments);
        fields.push(quote! {
            #d
            #[serde(#rename default, skip_serializing_if = #is_absent)]
            pub #f: #support::Patch<#ty>,
        });
        // The model's own field name (the same namer order), for the conversion.
        conversions.push(quote!(#f: #support::Patch::from_option(value.#f),));
    }
    let doc = doc_attrs(
        &format!(
            "The update (PATCH) body of `{}`: `Absent` fields are not sent, `Null` clears a property.",
            t.qualified_name()
        ),
        ctx.settings.doc_comments,
    );
    let extra_doc = " Members the docs do not list, sent as they are.";
    let from_doc =
        " Sends every property the value has; `None` properties are left out (not cleared).";
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #struct_name {
            /// The `@odata.type` annotation.
            #[serde(rename = "@odata.type", default, skip_serializing_if = #is_absent)]
            pub odata_type: #support::Patch<::std::string::String>,
            #(#fields)*
            #[doc = #extra_doc]
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
        #[allow(deprecated)]
        impl ::std::convert::From<#model> for #struct_name {
            #[doc = #from_doc]
            fn from(value: #model) -> Self {
                Self {
                    odata_type: #support::Patch::from_option(value.odata_type),
                    #(#conversions)*
                    additional_properties: value.additional_properties,
                }
            }
        }
    }
}
