//! Whether a request body reads as the operation's documented type: each member a property of
//! the type (or of the derived type its `@odata.type` names), each value of the property's kind,
//! each enum value a member, each required action parameter present.
//!
//! Stricter than the docs' own examples, which use placeholders (`"version": "Integer"`) and
//! members no table lists: a finding at a place where a documented example of the operation has
//! one too is not held against a request (see [`Checker::tolerated`]).

use std::collections::HashSet;

use serde_json::Value;

use crate::ir::*;

/// One way a body does not read as its type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Problem {
    /// Where: `actor.type`, `resources[].state` (`[]` for any item), or empty for the body itself.
    pub member: String,
    pub message: String,
    /// The value found wrong, as JSON (empty when the problem is the member itself): a docs
    /// example tolerates its own placeholder (`"Integer"`), not every string in its place.
    pub(crate) sent: String,
}

/// The schema's types and enums by name, for checking bodies.
pub(crate) struct Checker<'s> {
    schema: &'s Schema,
    types: &'s NameIndex<usize>,
    enums: &'s NameIndex<usize>,
}

/// Nesting past this is not checked (serde_json stops at 128 levels anyway).
const MAX_DEPTH: usize = 64;

impl<'s> Checker<'s> {
    pub(crate) fn new(
        schema: &'s Schema,
        types: &'s NameIndex<usize>,
        enums: &'s NameIndex<usize>,
    ) -> Self {
        Checker {
            schema,
            types,
            enums,
        }
    }

    /// Every problem of `body` as the request body of `op`.
    pub(crate) fn check(&self, op: &Operation, body: &Value) -> Vec<Problem> {
        let mut out = Vec::new();
        match &op.request {
            RequestBody::Resource { ty } => {
                if let Some(&t) = self.types.get_q(op.version, ty) {
                    self.object(t, body, "", 0, &mut out)
                }
            }
            RequestBody::Parameters { parameters } => {
                self.parameters(op, parameters, body, &mut out)
            }
            RequestBody::None | RequestBody::Raw => {}
        }
        out
    }

    /// The problems the operation's own documented example requests have: the docs show them
    /// being sent, so a request is not refused for the same problem at the same member.
    pub(crate) fn tolerated(&self, op: &Operation) -> HashSet<Problem> {
        op.examples
            .iter()
            .filter_map(|e| e.request_body.as_ref())
            .flat_map(|b| self.check(op, &b.to_value()))
            .collect()
    }

    fn parameters(
        &self,
        op: &Operation,
        parameters: &[Parameter],
        body: &Value,
        out: &mut Vec<Problem>,
    ) {
        let empty = serde_json::Map::new();
        let members = match body {
            Value::Object(m) => m,
            Value::Null => &empty,
            _ => {
                return out.push(wrong(
                    "",
                    "the body must be a JSON object of the action's parameters",
                    body,
                ));
            }
        };
        // Parameters read off an example (no table) say too little to refuse others by.
        let documented = parameters.iter().any(|p| !p.inferred);
        for (key, value) in members {
            if key.contains('@') {
                continue;
            }
            match parameters.iter().find(|p| p.name.eq_ignore_ascii_case(key)) {
                Some(p) => self.value(&p.ty, op.version, value, key, 0, out),
                None if documented => out.push(problem(
                    key,
                    &format!(
                        "`{key}` is not a parameter of this action (it takes {})",
                        names(parameters)
                    ),
                )),
                None => {}
            }
        }
        for p in parameters.iter().filter(|p| p.required) {
            if !members.keys().any(|k| k.eq_ignore_ascii_case(&p.name)) {
                out.push(problem(
                    &p.name,
                    &format!("the required parameter `{}` is missing", p.name),
                ));
            }
        }
    }

    /// An object of type `t` (or of the derived type its `@odata.type` names).
    fn object(&self, t: usize, value: &Value, at: &str, depth: usize, out: &mut Vec<Problem>) {
        let Value::Object(members) = value else {
            if !value.is_null() {
                let ty = &self.schema.types[t];
                out.push(wrong(
                    at,
                    &format!(
                        "{} is a JSON object of type {}.{}, not {}",
                        shown(at),
                        ty.namespace,
                        ty.name,
                        kind(value)
                    ),
                    value,
                ));
            }
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        let Some(t) = self.odata_type(t, members.get("@odata.type"), at, out) else {
            return;
        };
        let ty = &self.schema.types[t];
        for (key, value) in members {
            if key.contains('@') {
                continue;
            }
            let member = join(at, key);
            match self.property(t, key) {
                Some(p) => self.value(&p.ty, ty.version, value, &member, depth + 1, out),
                None if ty.open_type => {}
                None => out.push(problem(
                    &member,
                    &format!(
                        "`{key}` is not a property of {}.{} (nor of its base types)",
                        ty.namespace, ty.name
                    ),
                )),
            }
        }
    }

    /// The type an object is read as: `t`, or the type its `@odata.type` names when that is `t`
    /// or derives from it.
    fn odata_type(
        &self,
        t: usize,
        annotation: Option<&Value>,
        at: &str,
        out: &mut Vec<Problem>,
    ) -> Option<usize> {
        let Some(annotation) = annotation else {
            return Some(t);
        };
        // The member named is the object's own (its annotation is how it is wrong).
        let member = match at {
            "" => "@odata.type".to_string(),
            _ => at.to_string(),
        };
        let Some(text) = annotation.as_str() else {
            out.push(wrong(
                &member,
                &format!("`@odata.type` must be a string, not {}", kind(annotation)),
                annotation,
            ));
            return None;
        };
        let declared = &self.schema.types[t];
        let named = QualifiedName::parse(text, "microsoft.graph");
        let Some(&n) = self.types.get_q(declared.version, &named) else {
            out.push(wrong(
                &member,
                &format!(
                    "{} names `{text}`, a type the docs do not define",
                    shown(at)
                ),
                annotation,
            ));
            return None;
        };
        if self.derives_from(n, t) {
            return Some(n);
        }
        out.push(wrong(
            &member,
            &format!(
                "{} names `{text}`, which is not {}.{} nor derived from it",
                shown(at),
                declared.namespace,
                declared.name
            ),
            annotation,
        ));
        None
    }

    fn base(&self, t: usize) -> Option<usize> {
        let ty = &self.schema.types[t];
        ty.base_type
            .as_ref()
            .and_then(|b| self.types.get_q(ty.version, b).copied())
    }

    fn derives_from(&self, mut t: usize, ancestor: usize) -> bool {
        for _ in 0..32 {
            if t == ancestor {
                return true;
            }
            match self.base(t) {
                Some(b) => t = b,
                None => return false,
            }
        }
        false
    }

    /// The property `name` of `t` or of its nearest base that has it.
    fn property(&self, mut t: usize, name: &str) -> Option<&'s Property> {
        for _ in 0..32 {
            let ty = &self.schema.types[t];
            if let Some(p) = ty.properties.iter().find(|p| p.name == name) {
                return Some(p);
            }
            t = self.base(t)?;
        }
        None
    }

    fn value(
        &self,
        ty: &PropertyType,
        version: ApiVersion,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<Problem>,
    ) {
        if value.is_null() {
            return;
        }
        if ty.collection {
            let Value::Array(items) = value else {
                return out.push(wrong(
                    at,
                    &format!(
                        "{} is a JSON array of {}, not {}",
                        shown(at),
                        ty.base,
                        kind(value)
                    ),
                    value,
                ));
            };
            let item_at = format!("{at}[]");
            let element = PropertyType {
                base: ty.base.clone(),
                collection: false,
            };
            for item in items {
                self.value(&element, version, item, &item_at, depth + 1, out);
            }
            return;
        }
        match &ty.base {
            TypeRef::Primitive(p) => {
                if !primitive_fits(*p, value) {
                    out.push(wrong(
                        at,
                        &format!("{} is {}, not {}", shown(at), p.edm_name(), kind(value)),
                        value,
                    ));
                }
            }
            TypeRef::Named(q) => {
                if let Some(&e) = self.enums.get_q(version, q) {
                    self.enum_value(e, value, at, out);
                } else if let Some(&t) = self.types.get_q(version, q) {
                    self.object(t, value, at, depth, out);
                }
                // A type the docs do not define: anything goes.
            }
        }
    }

    fn enum_value(&self, e: usize, value: &Value, at: &str, out: &mut Vec<Problem>) {
        let def = &self.schema.enums[e];
        let Some(text) = value.as_str() else {
            return out.push(wrong(
                at,
                &format!(
                    "{} is a member of {} as a string, not {}",
                    shown(at),
                    def.name,
                    kind(value)
                ),
                value,
            ));
        };
        if def.members.is_empty() {
            return;
        }
        let parts: Vec<&str> = match def.flags {
            true => text.split(',').map(str::trim).collect(),
            false => vec![text],
        };
        for part in parts {
            if !def
                .members
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case(part))
            {
                let some: Vec<&str> = def
                    .members
                    .iter()
                    .take(4)
                    .map(|m| m.name.as_str())
                    .collect();
                out.push(wrong(
                    at,
                    &format!(
                        "`{part}` is not a member of {} ({}{})",
                        def.name,
                        some.join(", "),
                        if def.members.len() > 4 { ", ..." } else { "" }
                    ),
                    value,
                ));
            }
        }
    }
}

/// Whether a JSON value can be the primitive: strings for text-like types, numbers (or the
/// strings OData allows for them) for numbers, booleans for booleans.
fn primitive_fits(p: Primitive, value: &Value) -> bool {
    use Primitive::*;
    match p {
        String | DateTimeOffset | Date | TimeOfDay | Duration | Guid | Binary => value.is_string(),
        Boolean => value.is_boolean(),
        Byte | SByte | Int16 | Int32 => value.is_i64() || value.is_u64(),
        // IEEE754Compatible=true sends these as strings.
        Int64 | Decimal => {
            value.is_number()
                || value
                    .as_str()
                    .is_some_and(|s| s.trim().parse::<f64>().is_ok())
        }
        Single | Double => {
            value.is_number()
                || value.as_str().is_some_and(|s| {
                    matches!(s, "NaN" | "INF" | "-INF") || s.parse::<f64>().is_ok()
                })
        }
        Stream | Json => true,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn shown(at: &str) -> String {
    match at {
        "" => "the body".to_string(),
        _ => format!("`{at}`"),
    }
}

fn join(at: &str, key: &str) -> String {
    match at {
        "" => key.to_string(),
        _ => format!("{at}.{key}"),
    }
}

fn names(parameters: &[Parameter]) -> String {
    let names: Vec<String> = parameters.iter().map(|p| format!("`{}`", p.name)).collect();
    match names.is_empty() {
        true => "none".to_string(),
        false => names.join(", "),
    }
}

fn problem(member: &str, message: &str) -> Problem {
    Problem {
        member: member.to_string(),
        message: message.to_string(),
        sent: String::new(),
    }
}

/// A problem with a value: the value is part of its identity (see [`Problem::sent`]).
fn wrong(member: &str, message: &str, value: &Value) -> Problem {
    let mut sent = value.to_string();
    if sent.len() > 200 {
        sent = format!("{} values", kind(value));
    }
    Problem {
        sent,
        ..problem(member, message)
    }
}
