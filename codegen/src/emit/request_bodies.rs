//! Request bodies generated for one operation: an update's `Patch` body (absent, `null` or a
//! value per property) and an action's parameters body.

use super::members::{emit_member_impls, Member, Shape};
use super::names::{field_name, Namer};
use super::text::Code;
use super::{Context, SUPPORT};
use crate::ir::*;

/// Whether the Rust type of `ty` implements `Default` (generated enums, lenient numbers and wire
/// strings do not), so a struct holding it as a plain field can derive it.
fn has_default(ctx: &Context<'_>, ty: &PropertyType, version: ApiVersion) -> bool {
    if ty.collection || ctx.settings.replacement(&ty.base).is_some() {
        return ty.collection;
    }
    match &ty.base {
        TypeRef::Primitive(p) => matches!(
            p,
            Primitive::String | Primitive::Boolean | Primitive::Json | Primitive::Stream
        ),
        TypeRef::Named(q) => {
            ctx.type_def(version, q).is_some() && ctx.enum_def(version, q).is_none()
        }
    }
}

/// An action's body: one field per parameter, required ones plain and optional ones `Option`,
/// plus the members the docs do not list.
pub fn emit_parameters_body(
    ctx: &Context<'_>,
    op: &Operation,
    operation: &str,
    name: &str,
) -> String {
    let docs_on = ctx.settings.doc_comments;
    let parameters = op.request.parameters();
    let mut namer = Namer::default();
    namer.reserve("additional_properties");
    let defaultable = parameters
        .iter()
        .all(|p| !p.required || has_default(ctx, &p.ty, op.version));
    let mut code = Code::new();
    code.doc(
        0,
        &format!("The parameters of `{operation}`, sent as the members of its JSON body."),
        docs_on,
    );
    code.line(
        0,
        if defaultable {
            "#[derive(Clone, Debug, Default, PartialEq)]"
        } else {
            "#[derive(Clone, Debug, PartialEq)]"
        },
    );
    code.line_fmt(0, format_args!("pub struct {name} {{"));
    let mut fields: Vec<(String, &Parameter)> = Vec::new();
    for p in parameters {
        let f = namer.unique(field_name(&p.name), "_");
        let ty = ctx.property_type(&p.ty, op.version, "", false);
        let mut doc = p.description.clone();
        if p.required {
            doc.push_str("\n\nRequired.");
        }
        code.doc(1, &doc, docs_on);
        match p.required {
            true => code.line_fmt(1, format_args!("pub {f}: {ty},")),
            false => code.line_fmt(1, format_args!("pub {f}: ::std::option::Option<{ty}>,")),
        }
        fields.push((f, p));
    }
    code.line(1, "/// Members the docs do not list, sent as they are.");
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
            required: p.required,
        })
        .collect();
    // Without a default for each field a body cannot be read member by member: it is only sent.
    let shape = Shape::Parameters {
        readable: defaultable,
    };
    emit_member_impls(&mut code, name, shape, &members, false);
    code.finish()
}

/// The update body of a type: every property a `Patch`, so absent, `null` and a value differ.
pub fn emit_patch_body(ctx: &Context<'_>, t: &TypeDef, name: &str) -> String {
    let docs_on = ctx.settings.doc_comments;
    let struct_name = name;
    let model = ctx.struct_path(t, "");
    // The model's own field table: a Patch field and the model field it converts from are the same
    // name by construction (two namers once disagreed on an `odataType` beside `@odata.type`).
    let properties = ctx.fields(t);
    let mut code = Code::new();
    code.doc(
        0,
        &format!(
            "The update (PATCH) body of `{}`: `Absent` fields are not sent, `Null` clears a property.",
            t.qualified_name()
        ),
        docs_on,
    );
    code.line(0, "#[derive(Clone, Debug, Default, PartialEq)]");
    code.line_fmt(0, format_args!("pub struct {struct_name} {{"));
    code.line(1, "/// The `@odata.type` annotation.");
    code.line(
        1,
        &format!("pub odata_type: {SUPPORT}::Patch<::std::string::String>,"),
    );
    let mut conversions = vec!["odata_type".to_string()];
    let mut fields: Vec<(String, &str)> = Vec::new();
    for (f, p) in properties.iter() {
        // Boxed where the model boxes it, so the conversion from the model moves the value as is.
        let ty = ctx.property_type(&p.ty, t.version, "", ctx.is_recursive_edge(t, p));
        code.doc(1, &p.description, docs_on);
        code.line_fmt(1, format_args!("pub {f}: {SUPPORT}::Patch<{ty}>,"));
        fields.push((f.clone(), &p.name));
        conversions.push(f.clone());
    }
    code.line(1, "/// Members the docs do not list, sent as they are.");
    code.line(
        1,
        &format!("pub additional_properties: {SUPPORT}::UnknownMembers,"),
    );
    code.line(0, "}");
    let members: Vec<Member<'_>> = fields
        .iter()
        .map(|(field, wire)| Member {
            field,
            wire,
            required: false,
        })
        .collect();
    emit_member_impls(&mut code, struct_name, Shape::Patch, &members, false);
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
