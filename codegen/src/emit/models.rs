//! Structs and forward-compatible enums.

use super::members::{emit_member_impls, Member, Shape};
use super::names::{field_name, Namer};
use super::text::{string_literal, Code};
use super::{Context, SUPPORT};
use crate::ir::*;

/// The Rust type of a primitive.
fn primitive_type(p: Primitive) -> String {
    let lenient = |t: &str| format!("{SUPPORT}::Lenient<{t}>");
    match p {
        Primitive::String => "::std::string::String".to_string(),
        Primitive::Boolean => "bool".to_string(),
        Primitive::Byte => lenient("u8"),
        Primitive::SByte => lenient("i8"),
        Primitive::Int16 => lenient("i16"),
        Primitive::Int32 => lenient("i32"),
        Primitive::Int64 => lenient("i64"),
        Primitive::Single => lenient("f32"),
        Primitive::Double | Primitive::Decimal => lenient("f64"),
        Primitive::DateTimeOffset => format!("{SUPPORT}::DateTimeOffset"),
        Primitive::Date => format!("{SUPPORT}::Date"),
        Primitive::TimeOfDay => format!("{SUPPORT}::TimeOfDay"),
        Primitive::Duration => format!("{SUPPORT}::Duration"),
        Primitive::Guid => format!("{SUPPORT}::Guid"),
        Primitive::Binary => format!("{SUPPORT}::Binary"),
        Primitive::Stream | Primitive::Json => "::serde_json::Value".to_string(),
    }
}

impl Context<'_> {
    /// The Rust type of a property's element type, as seen from `(version, namespace)`.
    pub fn element_type(&self, base: &TypeRef, version: ApiVersion, from_ns: &str) -> String {
        if let Some(path) = self.settings.replacement(base) {
            // Validated when the option was applied.
            return path.trim().to_string();
        }
        match base {
            TypeRef::Primitive(p) => primitive_type(*p),
            TypeRef::Named(q) => match self.rust_name(version, q) {
                Some(name) if q.namespace.eq_ignore_ascii_case(from_ns) => name,
                Some(name) => format!(
                    "super::{}::{name}",
                    super::names::namespace_module(&q.namespace)
                ),
                None => "::serde_json::Value".to_string(),
            },
        }
    }

    pub fn property_type(
        &self,
        ty: &PropertyType,
        version: ApiVersion,
        from_ns: &str,
        boxed: bool,
    ) -> String {
        let element = self.element_type(&ty.base, version, from_ns);
        if ty.collection {
            format!("::std::vec::Vec<{element}>")
        } else if boxed {
            format!("::std::boxed::Box<{element}>")
        } else {
            element
        }
    }
}

/// All properties of a type, its bases' first (a derived type carries its base's properties):
/// worked out once per type by [`Context::properties`], which the emitters ask.
pub(super) fn inherited_properties<'a>(ctx: &Context<'a>, ty: &'a TypeDef) -> Vec<&'a Property> {
    let mut chain = vec![ty];
    let mut current = ty;
    while let Some(base) = current
        .base_type
        .as_ref()
        .and_then(|b| ctx.type_def(ty.version, b))
    {
        // A cycle of base types (broken docs) ends the chain.
        let same = |t: &TypeDef| {
            t.namespace.eq_ignore_ascii_case(&base.namespace)
                && t.name.eq_ignore_ascii_case(&base.name)
        };
        if chain.iter().any(|&t| same(t)) {
            break;
        }
        chain.push(base);
        current = base;
    }
    let mut props: Vec<&Property> = Vec::new();
    // Where each name is in `props`: a derived type of a deep chain has hundreds of properties.
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in chain.into_iter().rev() {
        for p in &t.properties {
            match at.entry(p.name.as_str()) {
                std::collections::hash_map::Entry::Occupied(i) => props[*i.get()] = p,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(props.len());
                    props.push(p);
                }
            }
        }
    }
    props
}

/// The derive list: `builtin` (paths) and the user's extra derives, less those already there.
fn derive_list(ctx: &Context<'_>, builtin: &[&str]) -> Vec<String> {
    let names: Vec<&str> = builtin
        .iter()
        .map(|d| d.rsplit("::").next().unwrap_or(d))
        .collect();
    let extra = ctx.extra_derives(&names);
    builtin.iter().map(|d| d.to_string()).chain(extra).collect()
}

/// A type's properties (its bases' first) with their Rust field names, `@odata.type` aside (every
/// struct has it as `odata_type`). The same for a type and each type derived from it, so a base
/// property has one field name throughout a hierarchy. Worked out once per type by
/// [`Context::fields`], which the emitters ask.
pub(super) fn field_names<'a>(properties: &[&'a Property]) -> Vec<(String, &'a Property)> {
    let mut namer = Namer::default();
    namer.reserve("odata_type");
    namer.reserve("additional_properties");
    properties
        .iter()
        .filter(|p| p.name != "@odata.type")
        .map(|&p| (namer.unique(field_name(&p.name), "_"), p))
        .collect()
}

/// A struct for a type: every property optional (the service omits and nulls freely), unknown
/// members kept, and the documented wire names as a constant.
pub fn emit_struct(ctx: &Context<'_>, ty: &TypeDef) -> String {
    let docs_on = ctx.settings.doc_comments;
    let name = ctx.struct_name(ty);
    let wire_type = format!("#{}", ty.qualified_name());
    let fields = ctx.fields(ty);
    let deprecated = fields.iter().any(|(_, p)| p.deprecated.is_some());
    let mut code = Code::with_capacity(4096);
    code.doc(0, &ty.description, docs_on);
    if deprecated {
        code.line(0, "#[allow(deprecated)]");
    }
    let derives = derive_list(ctx, &["Clone", "Debug", "Default", "PartialEq"]);
    code.list(0, "#[derive(", &derives, ")]");
    code.line_fmt(0, format_args!("pub struct {name} {{"));
    code.line(
        1,
        // The name comes from the docs: a line break or a direction codepoint must not reach the comment.
        &format!("/// The `@odata.type` annotation: which type this value is on the wire (`{}` for this type).", crate::diagnostics::escape_control(&wire_type)),
    );
    code.line(
        1,
        "pub odata_type: ::std::option::Option<::std::string::String>,",
    );
    let mut wire_names: Vec<String> = Vec::new();
    for (field, p) in fields.iter() {
        wire_names.push(string_literal(&p.name));
        let boxed = ctx.is_recursive_edge(ty, p);
        let rust_ty = ctx.property_type(&p.ty, ty.version, &ty.namespace, boxed);
        code.doc(1, &p.description, docs_on);
        match &p.deprecated {
            Some(note) if docs_on => code.line(
                1,
                &format!(
                    "#[deprecated(note = {})]",
                    string_literal(&super::doc_comments::deprecation_note(note))
                ),
            ),
            Some(_) => code.line(1, "#[deprecated]"),
            None => {}
        }
        code.line(
            1,
            &format!("pub {field}: ::std::option::Option<{rust_ty}>,"),
        );
    }
    code.line(
        1,
        "/// Members the docs do not list, kept as their JSON text so nothing is lost on a round trip.",
    );
    code.line(
        1,
        &format!("pub additional_properties: {SUPPORT}::UnknownMembers,"),
    );
    code.line(0, "}");
    let members: Vec<Member<'_>> = fields
        .iter()
        .map(|(field, p)| Member {
            field,
            wire: &p.name,
            required: false,
        })
        .collect();
    let derived = ctx.is_derived(ty);
    emit_member_impls(
        &mut code,
        &name,
        Shape::Model { derived },
        &members,
        deprecated,
    );
    code.line_fmt(0, format_args!("impl {name} {{"));
    code.line(
        1,
        "/// The qualified OData type name, as sent in `@odata.type`.",
    );
    code.line(
        1,
        &format!(
            "pub const ODATA_TYPE: &'static str = {};",
            string_literal(&wire_type)
        ),
    );
    code.line(
        1,
        "/// The documented properties' wire names (for `$select`), inherited ones included.",
    );
    code.list(
        1,
        "pub const PROPERTIES: &'static [&'static str] = &[",
        &wire_names,
        "];",
    );
    code.line(0, "}");
    code.line_fmt(0, format_args!("impl {SUPPORT}::ODataType for {name} {{"));
    code.line(1, "const ODATA_TYPE: &'static str = Self::ODATA_TYPE;");
    code.line(0, "}");
    code.finish()
}

/// An enum's Rust names: the type, one variant per documented member, and the catch-all.
struct EnumNames<'e> {
    name: String,
    variants: Vec<(String, &'e EnumMember)>,
    other: String,
}

/// A forward-compatible enum: the documented members, then `Other(String)` for any other value.
pub fn emit_enum(ctx: &Context<'_>, e: &EnumDef) -> String {
    let mut namer = Namer::default();
    let variants: Vec<(String, &EnumMember)> = e
        .members
        .iter()
        .map(|m| (namer.unique(super::names::type_name(&m.name), ""), m))
        .collect();
    let names = EnumNames {
        name: ctx.enum_name(e),
        variants,
        other: namer.unique("Other".to_string(), ""),
    };
    let mut code = Code::new();
    enum_definition(&mut code, ctx, e, &names);
    enum_inherent_impl(&mut code, &names);
    graph_enum_impl(&mut code, &names);
    enum_trait_impls(&mut code, &names.name);
    code.finish()
}

fn enum_definition(code: &mut Code, ctx: &Context<'_>, e: &EnumDef, names: &EnumNames<'_>) {
    let docs_on = ctx.settings.doc_comments;
    code.doc(0, &e.description, docs_on);
    let derives = [
        "Clone",
        "Debug",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ];
    code.list(0, "#[derive(", &derive_list(ctx, &derives), ")]");
    code.line_fmt(0, format_args!("pub enum {} {{", names.name));
    for (v, m) in &names.variants {
        let mut text = m.description.clone();
        if m.evolvable {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str("Evolvable: listed after `unknownFutureValue`, so the service sends it only when the request says `Prefer: include-unknown-enum-members`.");
        }
        code.doc(1, &text, docs_on);
        code.line_fmt(1, format_args!("{v},"));
    }
    code.line(
        1,
        "/// A value the docs do not list: kept verbatim, and sent back unchanged.",
    );
    code.line_fmt(1, format_args!("{}(::std::string::String),", names.other));
    code.line(0, "}");
}

/// `MEMBERS`, `is_evolvable` and `is_documented`.
fn enum_inherent_impl(code: &mut Code, names: &EnumNames<'_>) {
    let all: Vec<String> = names
        .variants
        .iter()
        .map(|(v, _)| format!("Self::{v}"))
        .collect();
    let evolvable: Vec<String> = names
        .variants
        .iter()
        .filter(|(_, m)| m.evolvable)
        .map(|(v, _)| format!("Self::{v}"))
        .collect();
    code.line_fmt(0, format_args!("impl {} {{", names.name));
    code.line(1, "/// Every documented member, in the docs' order.");
    code.list(1, "pub const MEMBERS: &'static [Self] = &[", &all, "];");
    code.line(
        1,
        "/// Whether the service sends this member only when asked (`Prefer: include-unknown-enum-members`).",
    );
    code.line(1, "pub fn is_evolvable(&self) -> bool {");
    if evolvable.is_empty() {
        code.line(2, "false");
    } else {
        code.matches(2, "self", &evolvable);
    }
    code.line(1, "}");
    code.line(1, "/// Whether the docs list this value.");
    code.line(1, "pub fn is_documented(&self) -> bool {");
    code.line_fmt(2, format_args!("!matches!(self, Self::{}(_))", names.other));
    code.line(1, "}");
    code.line(0, "}");
}

/// The wire names both ways, as the runtime's `GraphEnum`.
fn graph_enum_impl(code: &mut Code, names: &EnumNames<'_>) {
    let (name, other) = (&names.name, &names.other);
    let wires: Vec<String> = names
        .variants
        .iter()
        .map(|(_, m)| string_literal(&m.name))
        .collect();
    let evolvable_wires: Vec<String> = names
        .variants
        .iter()
        .filter(|(_, m)| m.evolvable)
        .map(|(_, m)| string_literal(&m.name))
        .collect();
    code.line_fmt(0, format_args!("impl {SUPPORT}::GraphEnum for {name} {{"));
    code.list(
        1,
        "const WIRE_NAMES: &'static [&'static str] = &[",
        &wires,
        "];",
    );
    code.list(
        1,
        "const EVOLVABLE: &'static [&'static str] = &[",
        &evolvable_wires,
        "];",
    );
    code.line(1, "fn as_str(&self) -> &str {");
    code.line(2, "match self {");
    for ((v, _), wire) in names.variants.iter().zip(&wires) {
        code.arm(3, &format!("Self::{v}"), wire);
    }
    code.line_fmt(3, format_args!("Self::{other}(value) => value,"));
    code.line(2, "}");
    code.line(1, "}");
    code.line(1, "fn from_wire(value: &str) -> Self {");
    code.line(2, "match value {");
    for ((v, _), wire) in names.variants.iter().zip(&wires) {
        code.arm(3, wire, &format!("Self::{v}"));
    }
    code.line_fmt(3, format_args!("other => Self::{other}(other.to_owned()),"));
    code.line(2, "}");
    code.line(1, "}");
    code.line(0, "}");
}

/// `Display`, `From<&str>` and serde, all through `GraphEnum`.
fn enum_trait_impls(code: &mut Code, name: &str) {
    let support = SUPPORT;
    code.lines(
        0,
        &format!(
            "\
impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str({support}::GraphEnum::as_str(self))
    }}
}}
impl ::std::convert::From<&str> for {name} {{
    fn from(value: &str) -> Self {{
        <Self as {support}::GraphEnum>::from_wire(value)
    }}
}}
impl ::serde::Serialize for {name} {{
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {{
        serializer.serialize_str({support}::GraphEnum::as_str(self))
    }}
}}
impl<'de> ::serde::Deserialize<'de> for {name} {{
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {{
        {support}::deserialize_enum(deserializer)
    }}
}}"
        ),
    );
}
