//! Structs and forward-compatible enums.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

use super::doc_comments::doc_attrs;
use super::names::{field_name, Namer};
use super::{ident, Context};
use crate::ir::*;

/// The Rust type of a primitive; `support` is the path to the support module.
fn primitive_type(p: Primitive, support: &TokenStream) -> TokenStream {
    match p {
        Primitive::String => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(#support::Lenient<u8>),
        Primitive::SByte => quote!(#support::Lenient<i8>),
        Primitive::Int16 => quote!(#support::Lenient<i16>),
        Primitive::Int32 => quote!(#support::Lenient<i32>),
        Primitive::Int64 => quote!(#support::Lenient<i64>),
        Primitive::Single => quote!(#support::Lenient<f32>),
        Primitive::Double | Primitive::Decimal => quote!(#support::Lenient<f64>),
        Primitive::DateTimeOffset => quote!(#support::DateTimeOffset),
        Primitive::Date => quote!(#support::Date),
        Primitive::TimeOfDay => quote!(#support::TimeOfDay),
        Primitive::Duration => quote!(#support::Duration),
        Primitive::Guid => quote!(#support::Guid),
        Primitive::Binary => quote!(#support::Binary),
        Primitive::Stream | Primitive::Json => quote!(::serde_json::Value),
    }
}

impl Context<'_> {
    /// The Rust type of a property's element type, as seen from `(version, namespace)`.
    pub fn element_type(&self, base: &TypeRef, version: ApiVersion, from_ns: &str) -> TokenStream {
        if let Some(path) = self.settings.replacement(base) {
            // Validated when the option was applied.
            if let Ok(ty) = syn::parse_str::<syn::Type>(path) {
                return quote!(#ty);
            }
        }
        let support = self.support_path();
        match base {
            TypeRef::Primitive(p) => primitive_type(*p, &support),
            TypeRef::Named(q) => match self.rust_name(version, q) {
                Some(name) => {
                    let name = ident(&name);
                    if q.namespace.eq_ignore_ascii_case(from_ns) {
                        quote!(#name)
                    } else {
                        let module = ident(&super::names::namespace_module(&q.namespace));
                        quote!(super::#module::#name)
                    }
                }
                None => quote!(::serde_json::Value),
            },
        }
    }

    pub fn property_type(
        &self,
        ty: &PropertyType,
        version: ApiVersion,
        from_ns: &str,
        boxed: bool,
    ) -> TokenStream {
        let element = self.element_type(&ty.base, version, from_ns);
        if ty.collection {
            quote!(::std::vec::Vec<#element>)
        } else if boxed {
            quote!(::std::boxed::Box<#element>)
        } else {
            element
        }
    }
}

/// All properties of a type, its bases' first (a derived type carries its base's properties).
pub fn all_properties<'s>(ctx: &Context<'s>, ty: &'s TypeDef) -> Vec<&'s Property> {
    let mut chain = vec![ty];
    let mut seen = BTreeSet::new();
    seen.insert(ty.qualified_name().key());
    let mut current = ty;
    while let Some(base) = current
        .base_type
        .as_ref()
        .and_then(|b| ctx.type_def(ty.version, b))
    {
        if !seen.insert(base.qualified_name().key()) {
            break;
        }
        chain.push(base);
        current = base;
    }
    let mut props: Vec<&Property> = Vec::new();
    for t in chain.into_iter().rev() {
        for p in &t.properties {
            if let Some(i) = props.iter().position(|x| x.name == p.name) {
                props[i] = p;
            } else {
                props.push(p);
            }
        }
    }
    props
}

pub fn emit_struct(ctx: &Context<'_>, ty: &TypeDef) -> TokenStream {
    let name = ident(&ctx.struct_name(ty));
    let docs = doc_attrs(&ty.description, ctx.settings.doc_comments);
    let wire_type = format!("#{}", ty.qualified_name());
    let mut namer = Namer::default();
    namer.reserve("odata_type");
    namer.reserve("additional_properties");
    let mut fields = Vec::new();
    let mut wire_names: Vec<&str> = Vec::new();
    for p in all_properties(ctx, ty) {
        if p.name == "@odata.type" {
            continue; // Already the `odata_type` field every struct has.
        }
        wire_names.push(&p.name);
        let fname = namer.unique(field_name(&p.name), "_");
        let fident = ident(&fname);
        let boxed = ctx.is_recursive_edge(ty, p);
        let rust_ty = ctx.property_type(&p.ty, ty.version, &ty.namespace, boxed);
        let wire = &p.name;
        let rename = if fname.trim_start_matches("r#") != wire.as_str() {
            quote!(rename = #wire,)
        } else {
            quote!()
        };
        let docs = doc_attrs(&p.description, ctx.settings.doc_comments);
        let deprecated = match &p.deprecated {
            Some(note) if ctx.settings.doc_comments => quote!(#[deprecated(note = #note)]),
            Some(_) => quote!(#[deprecated]),
            None => quote!(),
        };
        fields.push(quote! {
            #docs
            #deprecated
            #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #fident: ::std::option::Option<#rust_ty>,
        });
    }
    let derives = ctx.extra_derives(&[
        "Clone",
        "Debug",
        "Default",
        "PartialEq",
        "Serialize",
        "Deserialize",
    ]);
    let has_deprecated = all_properties(ctx, ty)
        .iter()
        .any(|p| p.deprecated.is_some());
    let allow = if has_deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let odata_doc = format!(" The `@odata.type` annotation: which type this value is on the wire (`{wire_type}` for this type).");
    let extra_doc = " Members the docs do not list, kept so nothing is lost on a round trip.";
    quote! {
        #docs
        #allow
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize #(, #derives)*)]
        pub struct #name {
            #[doc = #odata_doc]
            #[serde(rename = "@odata.type", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub odata_type: ::std::option::Option<::std::string::String>,
            #(#fields)*
            #[doc = #extra_doc]
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
        impl #name {
            /// The qualified OData type name, as sent in `@odata.type`.
            pub const ODATA_TYPE: &'static str = #wire_type;
            /// The documented properties' wire names (for `$select`), inherited ones included.
            pub const PROPERTIES: &'static [&'static str] = &[#(#wire_names),*];
        }
    }
}

pub fn emit_enum(ctx: &Context<'_>, e: &EnumDef) -> TokenStream {
    let name = ident(&ctx.enum_name(e));
    let docs = doc_attrs(&e.description, ctx.settings.doc_comments);
    let mut namer = Namer::default();
    let variants: Vec<(Ident, &EnumMember)> = e
        .members
        .iter()
        .map(|m| {
            (
                ident(&namer.unique(super::names::type_name(&m.name), "")),
                m,
            )
        })
        .collect();
    let other = ident(&namer.unique("Other".to_string(), ""));
    let variant_defs = variants.iter().map(|(v, m)| {
        let mut text = m.description.clone();
        if m.evolvable {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str("Evolvable: listed after `unknownFutureValue`, so the service sends it only when the request says `Prefer: include-unknown-enum-members`.");
        }
        let d = doc_attrs(&text, ctx.settings.doc_comments);
        quote!(#d #v,)
    });
    let wires: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
    let evolvable: Vec<&str> = e
        .members
        .iter()
        .filter(|m| m.evolvable)
        .map(|m| m.name.as_str())
        .collect();
    let vs: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
    let evolvable_vs: Vec<&Ident> = variants
        .iter()
        .filter(|(_, m)| m.evolvable)
        .map(|(v, _)| v)
        .collect();
    let support = ctx.support_path();
    let other_doc = " A value the docs do not list: kept verbatim, and sent back unchanged.";
    let is_evolvable = if evolvable_vs.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#evolvable_vs)|*))
    };
    let members_const = if vs.is_empty() {
        quote!(&[])
    } else {
        quote!(&[#(Self::#vs),*])
    };
    let derives = ctx.extra_derives(&[
        "Clone",
        "Debug",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ]);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord #(, #derives)*)]
        pub enum #name {
            #(#variant_defs)*
            #[doc = #other_doc]
            #other(::std::string::String),
        }
        impl #name {
            /// Every documented member, in the docs' order.
            pub const MEMBERS: &'static [Self] = #members_const;
            /// Whether the service sends this member only when asked (`Prefer: include-unknown-enum-members`).
            pub fn is_evolvable(&self) -> bool {
                #is_evolvable
            }
            /// Whether the docs list this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }
        impl #support::GraphEnum for #name {
            const WIRE_NAMES: &'static [&'static str] = &[#(#wires),*];
            const EVOLVABLE: &'static [&'static str] = &[#(#evolvable),*];
            fn as_str(&self) -> &str {
                match self {
                    #(Self::#vs => #wires,)*
                    Self::#other(value) => value,
                }
            }
            fn from_wire(value: &str) -> Self {
                match value {
                    #(#wires => Self::#vs,)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#support::GraphEnum::as_str(self))
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                <Self as #support::GraphEnum>::from_wire(value)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(#support::GraphEnum::as_str(self))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #support::deserialize_wire_str(deserializer).map(|s| <Self as #support::GraphEnum>::from_wire(&s))
            }
        }
    }
}
