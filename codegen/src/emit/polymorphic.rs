//! Polymorphic values: for a type that others derive from, `Any<Type>` holds it or any type
//! derived from it, as `@odata.type` says, and keeps a derived type the docs do not list.

use super::names::{type_name, Namer};
use super::text::{string_literal, Code};
use super::{Context, SUPPORT};
use crate::ir::*;
use std::collections::HashMap;

/// Per type index, the types derived from it at any depth, in schema order.
pub(crate) fn descendants(schema: &Schema, types: &NameIndex<usize>) -> Vec<Vec<usize>> {
    let n = schema.types.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in schema.types.iter().enumerate() {
        let base = t.base_type.as_ref().and_then(|b| types.get_q(t.version, b));
        if let Some(&j) = base.filter(|&&j| j != i) {
            children[j].push(i);
        }
    }
    (0..n)
        .map(|i| {
            let mut seen = vec![false; n];
            let mut stack = children[i].clone();
            let mut found = Vec::new();
            while let Some(j) = stack.pop() {
                if j == i || std::mem::replace(&mut seen[j], true) {
                    continue;
                }
                found.push(j);
                stack.extend(children[j].iter().copied());
            }
            found.sort_unstable();
            found
        })
        .collect()
}

/// One variant of a polymorphic enum: its name, its type and the type's Rust path.
struct Variant<'s> {
    name: String,
    ty: &'s TypeDef,
    path: String,
    /// In a generated crate, the `#[cfg]` of a derived type behind another feature than the base:
    /// without it, its values read as `Other`, as a type the docs do not list.
    cfg: Option<String>,
}

impl Variant<'_> {
    /// Writes the variant's `#[cfg]`, if it has one, before what comes next.
    fn gate(&self, code: &mut Code, indent: usize) {
        if let Some(cfg) = &self.cfg {
            code.line(indent, cfg);
        }
    }
}

fn variants<'s>(ctx: &Context<'s>, t: &'s TypeDef, namer: &mut Namer) -> Vec<Variant<'s>> {
    let own = (!t.abstract_type).then_some(t);
    let derived = ctx
        .descendants(t)
        .iter()
        .map(|&i| &ctx.schema.types[i])
        .filter(|d| !d.abstract_type);
    own.into_iter()
        .chain(derived)
        .map(|ty| Variant {
            name: namer.unique(type_name(&ty.name), ""),
            path: ctx.struct_path(ty, &t.namespace),
            cfg: match ctx.type_gate(ty) {
                Some(gate) if Some(gate) != ctx.type_gate(t) => {
                    Some(format!("#[cfg(feature = {})]", string_literal(gate)))
                }
                _ => None,
            },
            ty,
        })
        .collect()
}

/// `Any<Type>`: the enum, its accessors, conversions and serde impls.
pub fn emit_any(ctx: &Context<'_>, t: &TypeDef) -> String {
    let name = ctx.any_name(t).unwrap_or("Any").to_string();
    let base = ctx.struct_name(t);
    let mut namer = Namer::default();
    namer.reserve("Other");
    let variants = variants(ctx, t, &mut namer);
    let mut code = Code::new();
    let docs_on = ctx.settings.doc_comments;
    code.doc(
        0,
        &format!(
            "`{}`, or any type derived from it: which one, its `@odata.type` says. A derived type the docs do not list is kept whole in `Other`.",
            t.name
        ),
        docs_on,
    );
    code.line(0, "#[derive(Clone, Debug, PartialEq)]");
    code.line_fmt(0, format_args!("pub enum {name} {{"));
    for v in &variants {
        code.line_fmt(
            1,
            format_args!(
                "/// `#{}`.",
                crate::diagnostics::escape_control(&v.ty.qualified_name().to_string())
            ),
        );
        v.gate(&mut code, 1);
        code.line_fmt(1, format_args!("{}({}),", v.name, v.path));
    }
    code.doc(
        1,
        &format!("A type derived from `{}` that the docs do not list (or, for an abstract type, a value without `@odata.type`): every member kept, `@odata.type` included.", t.name),
        docs_on,
    );
    code.line_fmt(1, format_args!("Other({base}),"));
    code.line(0, "}");
    emit_accessors(ctx, &mut code, t, &name, &variants);
    emit_conversions(&mut code, t, &name, &base, &variants);
    emit_serde(&mut code, t, &name, &base, &variants);
    code.finish()
}

/// `odata_type()` and one accessor per property of the base type, so the common properties read
/// without a match.
fn emit_accessors(
    ctx: &Context<'_>,
    code: &mut Code,
    t: &TypeDef,
    name: &str,
    variants: &[Variant<'_>],
) {
    let arms = |body: &dyn Fn(&TypeDef, &str) -> String| -> Vec<(Option<&str>, String, String)> {
        variants
            .iter()
            .map(|v| {
                let pattern = format!("Self::{}(v)", v.name);
                (v.cfg.as_deref(), pattern, body(v.ty, &v.path))
            })
            .chain(std::iter::once((
                None,
                "Self::Other(v)".to_string(),
                body(t, &ctx.struct_name(t)),
            )))
            .collect()
    };
    let arm = |code: &mut Code, (cfg, pattern, value): (Option<&str>, String, String)| {
        if let Some(cfg) = cfg {
            code.line(3, cfg);
        }
        code.arm(3, &pattern, &value);
    };
    code.line(0, "#[allow(deprecated)]");
    code.line_fmt(0, format_args!("impl {name} {{"));
    code.line(
        1,
        "/// The value's `@odata.type`: as sent, else its variant's type.",
    );
    code.line(1, "pub fn odata_type(&self) -> &str {");
    code.line(2, "match self {");
    for each in arms(&|_, path| format!("v.odata_type.as_deref().unwrap_or({path}::ODATA_TYPE)")) {
        arm(code, each);
    }
    code.line(2, "}");
    code.line(1, "}");
    // Each variant's properties by name, found once: a base like `entity` has hundreds of
    // variants and each property's accessor asks all of them.
    let variant_properties: Vec<HashMap<&str, &Property>> = variants
        .iter()
        .map(|v| {
            let props = ctx.properties(v.ty);
            props.iter().map(|&q| (q.name.as_str(), q)).collect()
        })
        .collect();
    for (field, p) in ctx.fields(t).iter() {
        if !same_in_every_variant(ctx, t, p, variants, &variant_properties) {
            continue; // A variant redeclares it with another type (the resolver reports it).
        }
        let ty = ctx.property_type(&p.ty, t.version, &t.namespace, false);
        let doc = format!(
            "`{}`, which every variant has (see the field's doc).",
            p.name
        );
        code.doc(1, &doc, ctx.settings.doc_comments);
        if p.deprecated.is_some() {
            code.line(1, "#[deprecated]");
        }
        code.line_fmt(
            1,
            format_args!("pub fn {field}(&self) -> ::std::option::Option<&{ty}> {{"),
        );
        code.line(2, "match self {");
        for each in arms(&|owner, _| {
            let boxed = ctx.is_recursive_edge(owner, p) && !p.ty.collection;
            let read = if boxed { "as_deref" } else { "as_ref" };
            format!("v.{field}.{read}()")
        }) {
            arm(code, each);
        }
        code.line(2, "}");
        code.line(1, "}");
    }
    code.line(0, "}");
}

/// Whether every variant holds `p` as the base type does (same type, boxed alike), so one
/// accessor can return it.
fn same_in_every_variant(
    ctx: &Context<'_>,
    t: &TypeDef,
    p: &Property,
    variants: &[Variant<'_>],
    variant_properties: &[HashMap<&str, &Property>],
) -> bool {
    let boxed = |owner: &TypeDef, q: &Property| ctx.is_recursive_edge(owner, q) && !q.ty.collection;
    variants.iter().zip(variant_properties).all(|(v, props)| {
        props
            .get(p.name.as_str())
            .is_some_and(|q| q.ty == p.ty && boxed(v.ty, q) == boxed(t, p))
    })
}

/// `From` each variant's type, and `Default` (the base type's default, in its variant).
fn emit_conversions(
    code: &mut Code,
    t: &TypeDef,
    name: &str,
    base: &str,
    variants: &[Variant<'_>],
) {
    for v in variants {
        v.gate(code, 0);
        code.lines(
            0,
            &format!(
                "\
impl ::std::convert::From<{path}> for {name} {{
    fn from(value: {path}) -> Self {{
        Self::{variant}(value)
    }}
}}",
                path = v.path,
                variant = v.name
            ),
        );
    }
    let default_variant = match t.abstract_type {
        true => "Other".to_string(),
        false => variants[0].name.clone(),
    };
    code.lines(
        0,
        &format!(
            "\
impl ::std::default::Default for {name} {{
    fn default() -> Self {{
        Self::{default_variant}({base}::default())
    }}
}}"
        ),
    );
}

/// Serialize as the variant's value (a derived type writes its `@odata.type`); deserialize by the
/// `@odata.type` read first.
fn emit_serde(code: &mut Code, t: &TypeDef, name: &str, base: &str, variants: &[Variant<'_>]) {
    code.lines(
        0,
        &format!(
            "\
impl ::serde::Serialize for {name} {{
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {{
        match self {{"
        ),
    );
    for v in variants {
        v.gate(code, 3);
        code.arm(
            3,
            &format!("Self::{}(v)", v.name),
            "v.serialize(serializer)",
        );
    }
    code.arm(3, "Self::Other(v)", "v.serialize(serializer)");
    code.lines(0, "        }\n    }\n}");
    super::members::emit_deserialize_via(code, name, "deserialize_polymorphic");
    code.lines(
        0,
        &format!(
            "\
impl {SUPPORT}::Polymorphic for {name} {{
    fn from_tagged<'de, D: ::serde::Deserializer<'de>>(
        tag: ::std::option::Option<&str>,
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {{
        use ::serde::Deserialize;
        match tag.map(|t| t.trim_start_matches('#')) {{"
        ),
    );
    for v in variants {
        let tag = string_literal(&v.ty.qualified_name().to_string());
        v.gate(code, 3);
        code.arm(
            3,
            &format!("::std::option::Option::Some({tag})"),
            &format!(
                "{}::deserialize(deserializer).map(Self::{})",
                v.path, v.name
            ),
        );
    }
    let untagged = match t.abstract_type {
        true => "Other".to_string(),
        false => variants[0].name.clone(),
    };
    code.arm(
        3,
        "::std::option::Option::None",
        &format!("{base}::deserialize(deserializer).map(Self::{untagged})"),
    );
    code.arm(
        3,
        "::std::option::Option::Some(_)",
        &format!("{base}::deserialize(deserializer).map(Self::Other)"),
    );
    code.lines(
        0,
        "\
        }
    }
}",
    );
}
