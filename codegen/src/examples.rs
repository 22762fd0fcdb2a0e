//! Checks each example body against the resolved types: placeholder values and unlisted enum members.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::extract::infer::placeholder_type;
use crate::ir::*;

/// Where a value sits in an example body (`auditEvent.actor.type`), spelled out only for a
/// diagnostic: most values never need it.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    Root(&'a str),
    Key(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl std::fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonPath::Root(name) => f.write_str(name),
            JsonPath::Key(parent, key) => match parent {
                JsonPath::Root("") => f.write_str(key),
                _ => write!(f, "{parent}.{key}"),
            },
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

struct Checker<'a> {
    schema: &'a Schema,
    types: NameIndex<usize>,
    enums: NameIndex<usize>,
}

impl Checker<'_> {
    fn find_property<'t>(
        &'t self,
        version: ApiVersion,
        ty: &'t TypeDef,
        name: &str,
    ) -> Option<&'t Property> {
        let mut current = Some(ty);
        let mut depth = 0;
        while let Some(t) = current {
            if let Some(p) = t.properties.iter().find(|p| p.name == name) {
                return Some(p);
            }
            depth += 1;
            current = t
                .base_type
                .as_ref()
                .and_then(|b| self.types.get_q(version, b))
                .map(|&i| &self.schema.types[i])
                .filter(|_| depth < 32);
        }
        None
    }

    fn check_value(
        &self,
        version: ApiVersion,
        ty: &PropertyType,
        value: &Value,
        path: JsonPath<'_>,
        at: &Source,
        out: &mut Vec<Diagnostic>,
    ) {
        if ty.collection {
            if let Value::Array(items) = value {
                let single = PropertyType {
                    base: ty.base.clone(),
                    collection: false,
                };
                for (i, item) in items.iter().enumerate() {
                    self.check_value(version, &single, item, JsonPath::Index(&path, i), at, out);
                }
            }
            return;
        }
        match (&ty.base, value) {
            (TypeRef::Named(q), Value::String(s)) => {
                let Some(&e) = self.enums.get_q(version, q) else {
                    return;
                };
                let def = &self.schema.enums[e];
                if def.members.iter().any(|m| &m.name == s) || def.members.is_empty() {
                    return;
                }
                if placeholder_type(s).is_some() {
                    out.push(
                        Diagnostic::note(
                            "example-placeholder",
                            at,
                            format!(
                                "the example gives the placeholder `\"{s}\"` for `{path}`, not a member of {}; it deserializes into the enum's unlisted-value variant",
                                def.name
                            ),
                        )
                        .with_help(format!("use a real member such as `{}`", def.members[0].name)),
                    );
                } else {
                    out.push(Diagnostic::warning(
                        "example-unknown-member",
                        at,
                        format!("the example gives `\"{s}\"` for `{path}`, which is not a documented member of {}", def.name),
                    ));
                }
            }
            (TypeRef::Named(q), Value::Object(_)) => {
                if let Some(&t) = self.types.get_q(version, q) {
                    self.check_object(version, &self.schema.types[t], value, path, at, out);
                }
            }
            (TypeRef::Primitive(p), Value::String(s))
                if *p != Primitive::String && placeholder_type(s).is_some() =>
            {
                out.push(Diagnostic::note(
                    "example-placeholder",
                    at,
                    format!("the example gives the placeholder `\"{s}\"` for `{path}` ({}); it is kept as an unparsed value", p.edm_name()),
                ));
            }
            _ => {}
        }
    }

    fn check_object(
        &self,
        version: ApiVersion,
        ty: &TypeDef,
        value: &Value,
        path: JsonPath<'_>,
        at: &Source,
        out: &mut Vec<Diagnostic>,
    ) {
        let Value::Object(map) = value else { return };
        for (k, v) in map {
            if k.contains('@') {
                continue;
            }
            if let Some(p) = self.find_property(version, ty, k) {
                self.check_value(version, &p.ty, v, JsonPath::Key(&path, k), at, out);
            }
        }
    }
}

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let checker = Checker {
        schema,
        types: schema.type_index(),
        enums: schema.enum_index(),
    };
    // Operations are independent: check them in parallel, report in operation order.
    let found: Vec<Vec<Diagnostic>> = schema
        .operations
        .par_iter()
        .map(|op| {
            let mut out = Vec::new();
            check_operation(&checker, op, &mut out);
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn check_operation(checker: &Checker<'_>, op: &Operation, out: &mut Vec<Diagnostic>) {
    let schema = checker.schema;
    for ex in &op.examples {
        if let (Some(body), Some(q)) = (&ex.request_body, &op.request_type) {
            if let Some(&t) = checker.types.get_q(op.version, q) {
                let ty = &schema.types[t];
                let body = body.to_value();
                checker.check_object(
                    op.version,
                    ty,
                    &body,
                    JsonPath::Root(&ty.name),
                    &ex.source,
                    out,
                );
            }
        }
        let (Some(body), Some(rt)) = (&ex.response_body, &op.response_type) else {
            continue;
        };
        let TypeRef::Named(q) = &rt.base else {
            continue;
        };
        let Some(&t) = checker.types.get_q(op.version, q) else {
            continue;
        };
        let ty = &schema.types[t];
        let body = &body.to_value();
        // Collections and Intune's single-entity responses wrap the data in `value`.
        let only_value = body.as_object().is_some_and(|m| {
            m.keys()
                .filter(|k| !k.starts_with('@'))
                .eq(std::iter::once(&"value".to_string()))
        });
        let body = if only_value { &body["value"] } else { body };
        if let Value::Array(items) = body {
            for item in items {
                checker.check_object(
                    op.version,
                    ty,
                    item,
                    JsonPath::Root(&ty.name),
                    &ex.source,
                    out,
                );
            }
        } else {
            checker.check_object(
                op.version,
                ty,
                body,
                JsonPath::Root(&ty.name),
                &ex.source,
                out,
            );
        }
    }
}
