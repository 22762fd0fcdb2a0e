//! The parameters of actions (their body's members) and functions (their call arguments), typed
//! from the page's tables, else from what the docs wrote.

use crate::extract::parameters::{says_optional, says_required};
use crate::extract::typeexpr::TypeExpr;
use crate::extract::{PropFact, TypeName};
use crate::ir::*;

/// Resolves written type names to the names the schema knows.
pub(super) type Resolve<'a> = &'a (dyn Fn(ApiVersion, &TypeName) -> QualifiedName + Sync);

fn string() -> PropertyType {
    PropertyType {
        base: TypeRef::Primitive(Primitive::String),
        collection: false,
    }
}

/// A table row's type; a row without one is free JSON.
fn row_type(row: &PropFact, ns: &str, version: ApiVersion, resolve: Resolve<'_>) -> PropertyType {
    let Some((expr, collection)) = &row.ty else {
        return PropertyType {
            base: TypeRef::Primitive(Primitive::Json),
            collection: false,
        };
    };
    let base = match expr {
        TypeExpr::Primitive(p) => TypeRef::Primitive(*p),
        TypeExpr::Named { namespace, name } => TypeRef::Named(resolve(
            version,
            &TypeName {
                namespace: namespace.clone(),
                name: name.clone(),
                page_namespace: ns.to_string(),
            },
        )),
        TypeExpr::AnonymousEnum => TypeRef::Primitive(Primitive::String),
    };
    PropertyType {
        base,
        collection: *collection,
    }
}

/// An action's parameters from its Request body table rows.
pub(super) fn body_parameters(
    rows: &[PropFact],
    ns: &str,
    version: ApiVersion,
    resolve: Resolve<'_>,
) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::with_capacity(rows.len());
    for row in rows {
        if out.iter().any(|p| p.name == row.name) {
            continue; // A table that repeats a row (two tables of one body) documents it once.
        }
        out.push(Parameter {
            name: row.name.clone(),
            ty: row_type(row, ns, version, resolve),
            description: row.description.clone(),
            required: says_required(&row.description),
            inferred: false,
            source: row.source.clone(),
        });
    }
    out
}

/// The type of a call argument the page's tables do not type, from how the docs wrote it: the
/// enum its literal names (`microsoft.graph.timeZoneStandard'...'`), a boolean, a number, a date,
/// or else a string.
fn argument_type(
    arg: &CallArgument,
    ns: &str,
    version: ApiVersion,
    resolve: Resolve<'_>,
) -> PropertyType {
    let base = if !arg.prefix.is_empty() {
        let (namespace, name) = match arg.prefix.rsplit_once('.') {
            Some((n, s)) => (Some(n.to_string()), s.to_string()),
            None => (None, arg.prefix.clone()),
        };
        TypeRef::Named(resolve(
            version,
            &TypeName {
                namespace,
                name,
                page_namespace: ns.to_string(),
            },
        ))
    } else if arg.quoted || arg.written.starts_with(['{', '<']) {
        TypeRef::Primitive(Primitive::String)
    } else {
        TypeRef::Primitive(bare_literal_type(&arg.written))
    };
    PropertyType {
        base,
        collection: false,
    }
}

/// `true` -> Boolean, `10` -> Int32, `2017-01-01` -> Date, `2017-01-01T00:00:00Z` ->
/// DateTimeOffset; anything else (`n`, `userId-value`) is written as the docs wrote it: a string.
fn bare_literal_type(text: &str) -> Primitive {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let is_date = |s: &str| {
        let parts: Vec<&str> = s.splitn(3, '-').collect();
        parts.len() == 3
            && parts[0].len() == 4
            && parts.iter().all(|p| digits(&p[..p.len().min(2)]))
    };
    match text {
        "true" | "false" => Primitive::Boolean,
        t if digits(t.trim_start_matches('-')) => Primitive::Int32,
        t if t.len() > 10 && is_date(&t[..10]) && t.as_bytes()[10] == b'T' => {
            Primitive::DateTimeOffset
        }
        t if t.len() == 10 && is_date(t) => Primitive::Date,
        _ => Primitive::String,
    }
}

/// A function's parameters: one per call argument of its path, typed by the page's parameter
/// tables where they list it.
pub(super) fn function_parameters(
    arguments: &[CallArgument],
    rows: &[PropFact],
    ns: &str,
    version: ApiVersion,
    resolve: Resolve<'_>,
    at: &Source,
) -> Vec<Parameter> {
    arguments
        .iter()
        .map(|arg| {
            let row = rows.iter().find(|r| {
                r.name.eq_ignore_ascii_case(&arg.parameter)
                    || arg
                        .name
                        .as_deref()
                        .is_some_and(|n| r.name.eq_ignore_ascii_case(n))
            });
            match row {
                // In the path, so required unless the docs say it may be left out.
                Some(row) => Parameter {
                    name: arg.parameter.clone(),
                    ty: row_type(row, ns, version, resolve),
                    description: row.description.clone(),
                    required: !says_optional(&row.description),
                    inferred: false,
                    source: row.source.clone(),
                },
                None => Parameter {
                    name: arg.parameter.clone(),
                    ty: argument_type(arg, ns, version, resolve),
                    description: String::new(),
                    required: true,
                    inferred: true,
                    source: at.clone(),
                },
            }
        })
        .collect()
}

/// An action's parameters read off its example request when no table lists them.
pub(super) fn parameters_from_example(body: &serde_json::Value, at: &Source) -> Vec<Parameter> {
    let Some(members) = body.as_object() else {
        return Vec::new();
    };
    members
        .iter()
        .filter(|(k, _)| !k.starts_with('@'))
        .map(|(name, value)| Parameter {
            name: name.clone(),
            ty: value_type(value),
            description: String::new(),
            required: false,
            inferred: true,
            source: at.clone(),
        })
        .collect()
}

fn value_type(value: &serde_json::Value) -> PropertyType {
    use serde_json::Value;
    let scalar = |v: &Value| match v {
        Value::Bool(_) => Primitive::Boolean,
        Value::Number(n) if n.is_i64() => Primitive::Int32,
        Value::Number(_) => Primitive::Double,
        Value::String(s) => crate::extract::infer::placeholder_type(s)
            .filter(|p| *p != Primitive::Json)
            .unwrap_or(Primitive::String),
        _ => Primitive::Json,
    };
    match value {
        Value::Array(items) => PropertyType {
            base: TypeRef::Primitive(items.first().map_or(Primitive::Json, scalar)),
            collection: true,
        },
        Value::Null => string(),
        v => PropertyType {
            base: TypeRef::Primitive(scalar(v)),
            collection: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_literals() {
        assert_eq!(bare_literal_type("true"), Primitive::Boolean);
        assert_eq!(bare_literal_type("0"), Primitive::Int32);
        assert_eq!(bare_literal_type("2017-09-01"), Primitive::Date);
        assert_eq!(
            bare_literal_type("2017-09-01T00:00:00Z"),
            Primitive::DateTimeOffset
        );
        assert_eq!(bare_literal_type("n"), Primitive::String);
        assert_eq!(bare_literal_type("userId-value"), Primitive::String);
        assert_eq!(bare_literal_type(""), Primitive::String);
    }
}
