//! Operations: paired by [`super::pairing`], then compared field by field and parameter by
//! parameter, as the generated request types see them.

use std::collections::BTreeMap;

use super::pairing::{pair_operations, Pair};
use super::{
    blank_placeholders, compare_fields, group, joined, lone_change, normalized, Change, Class,
    Field, Kind, Site, Values,
};
use crate::emit::names::field_name;
use crate::ir::{Operation, Parameter, RequestBody, Schema};

const NOTE_ANY_2XX: &str = "the generated code accepts any 2xx status";
const NOTE_PERMISSIONS: &str =
    "the generated code shows permissions in doc comments and `PERMISSIONS` only";
const NOTE_PATH_PARAMETERS: &str =
    "the generated request's fields are named after the parameters (whatever the placeholders' spelling)";
const NOTE_REQUIRED_ADDED: &str =
    "a required parameter is a plain field: code that builds the request must now give it";
const NOTE_REQUIRED_CHANGED: &str =
    "required parameters are plain fields, optional ones `Option`: the field's type changes";
const NOTE_RESPELLED: &str =
    "the generated field keeps its name; the request sends the new spelling";

/// The compared fields of an operation; identity (version and endpoint) is matched separately,
/// and parameters member by member ([`compare_parameters`]).
const OPERATION_FIELDS: &[Field<Operation>] = &[
    Field {
        kind: Kind::Name,
        values: Values::One(|o| Some(o.name.clone()), Class::Breaking),
        note: Some("the generated request type is renamed; `graphdoc generate` keeps the old name from its names file, and `--rename` keeps it as a deprecated alias"),
    },
    Field {
        kind: Kind::Path,
        values: Values::One(|o| Some(blank_placeholders(&o.path)), Class::Neutral),
        note: Some("the same path up to letter case; Graph paths are case-insensitive"),
    },
    Field {
        kind: Kind::PathParameters,
        values: Values::One(
            |o| Some(joined(o.parameters.iter().map(|p| field_name(&p.name)))),
            Class::Breaking,
        ),
        note: Some(NOTE_PATH_PARAMETERS),
    },
    Field {
        kind: Kind::RequestType,
        values: Values::One(request_text, Class::Breaking),
        note: None,
    },
    Field {
        kind: Kind::ResponseType,
        values: Values::One(
            |o| o.response_type.as_ref().map(|t| t.to_string()),
            Class::Breaking,
        ),
        note: None,
    },
    Field {
        kind: Kind::SuccessStatus,
        values: Values::One(|o| Some(o.success_status.to_string()), Class::Neutral),
        note: Some(NOTE_ANY_2XX),
    },
    Field {
        kind: Kind::Permissions,
        values: Values::Set(permission_values, Class::Additive, Class::Neutral),
        note: Some(NOTE_PERMISSIONS),
    },
    Field {
        kind: Kind::Description,
        values: Values::One(|o| Some(normalized(&o.description)), Class::Neutral),
        note: None,
    },
];

/// What the request body is: a resource type, an action's parameters (compared one by one), or
/// raw content.
fn request_text(o: &Operation) -> Option<String> {
    match &o.request {
        RequestBody::None => None,
        RequestBody::Resource { ty } => Some(ty.to_string()),
        RequestBody::Parameters { .. } => Some("parameters".to_string()),
        RequestBody::Raw => Some("raw content".to_string()),
    }
}

fn permission_values(o: &Operation) -> Vec<String> {
    let mut values = Vec::new();
    for p in &o.permissions {
        if p.scopes.is_empty() {
            values.push(format!("{}: no scopes", p.kind));
        }
        let scopes = p.scopes.iter().chain(&p.higher_privileged);
        values.extend(scopes.map(|s| format!("{}: {s}", p.kind)));
    }
    values
}

fn operation_subject(o: &Operation) -> String {
    format!("{} {}", o.method.as_str(), o.path)
}

pub(super) fn diff_operations(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    let pairing = pair_operations(old, new);
    // Each change with where its operation is documented, for listing paths in page order.
    let mut changes: Vec<group::Placed> = Vec::new();
    let at = |o: &Operation| (o.source.file.to_string(), o.source.line);
    for pair in &pairing.pairs {
        let mut each = Vec::new();
        compare_operations(pair, &mut each);
        changes.extend(each.into_iter().map(|c| (c, at(pair.new))));
    }
    for (ops, added) in [(&pairing.found, true), (&pairing.lost, false)] {
        for o in ops {
            let subject = operation_subject(o);
            let change = lone_change(
                o.version,
                &subject,
                Some(&o.source),
                added,
                Kind::Operation,
                None,
            );
            changes.push((change, at(o)));
        }
    }
    out.extend(group::by_page(changes));
}

/// The changes between two paired operations; the pair's `moved` is the identity part that
/// differs (a method or a path), reported first.
fn compare_operations(pair: &Pair, out: &mut Vec<Change>) {
    let (was, now) = (pair.old, pair.new);
    let subject = operation_subject(now);
    let site = Site {
        version: now.version,
        subject: &subject,
        old: Some(&was.source),
        new: Some(&now.source),
    };
    match pair.moved {
        Some(Kind::Method) => {
            let methods = (
                Some(was.method.as_str().to_string()),
                Some(now.method.as_str().to_string()),
            );
            out.push(site.change(Class::Breaking, Kind::Method, "changed", methods, None));
        }
        Some(_) => {
            let paths = (Some(was.path.clone()), Some(now.path.clone()));
            out.push(site.change(Class::Breaking, Kind::Path, "changed", paths, None));
        }
        None => {}
    }
    // A moved operation's path and name follow from the move, which is reported already.
    let fields = OPERATION_FIELDS
        .iter()
        .filter(|f| pair.moved.is_none() || !matches!(f.kind, Kind::Path | Kind::Name));
    for field in fields {
        compare_fields(std::slice::from_ref(field), was, now, &site, out);
    }
    if let (RequestBody::Parameters { parameters: a }, RequestBody::Parameters { parameters: b }) =
        (&was.request, &now.request)
    {
        compare_parameters(Kind::RequestParameter, a, b, &site, out);
    }
    let (a, b) = (&was.function_parameters, &now.function_parameters);
    compare_parameters(Kind::FunctionParameter, a, b, &site, out);
}

/// `name: type` of a parameter.
fn parameter_text(p: &Parameter) -> String {
    format!("{}: {}", p.name, p.ty)
}

/// Action body or function parameters, member by member as the generated fields are named: an
/// optional one added is additive; a required one added, one removed, retyped, or made required
/// or optional is breaking. Each change is located at the parameter's own row.
fn compare_parameters<'s>(
    kind: Kind,
    old: &'s [Parameter],
    new: &'s [Parameter],
    op: &Site<'s>,
    out: &mut Vec<Change>,
) {
    let by_field = |list: &[Parameter]| -> BTreeMap<String, usize> {
        let mut map = BTreeMap::new();
        for (i, p) in list.iter().enumerate() {
            map.entry(field_name(&p.name)).or_insert(i);
        }
        map
    };
    let (a, b) = (by_field(old), by_field(new));
    fn site<'s>(op: &Site<'s>, o: Option<&'s Parameter>, n: Option<&'s Parameter>) -> Site<'s> {
        Site {
            version: op.version,
            subject: op.subject,
            old: o.map(|p| &p.source),
            new: n.map(|p| &p.source),
        }
    }
    for (field, &j) in &b {
        let p = &new[j];
        let Some(&i) = a.get(field) else {
            let (class, note) = match p.required {
                true => (Class::Breaking, Some(NOTE_REQUIRED_ADDED)),
                false => (Class::Additive, None),
            };
            let value = (None, Some(parameter_text(p)));
            out.push(site(op, None, Some(p)).change(class, kind, "added", value, note));
            continue;
        };
        let o = &old[i];
        let at = site(op, Some(o), Some(p));
        let values = (Some(parameter_text(o)), Some(parameter_text(p)));
        if o.ty != p.ty {
            out.push(at.change(Class::Breaking, kind, "type changed", values.clone(), None));
        }
        if o.required != p.required {
            let change = if p.required {
                "made required"
            } else {
                "made optional"
            };
            let values = (None, Some(parameter_text(p)));
            let note = Some(NOTE_REQUIRED_CHANGED);
            out.push(at.change(Class::Breaking, kind, change, values, note));
        }
        if o.name != p.name {
            let names = (Some(o.name.clone()), Some(p.name.clone()));
            out.push(at.change(
                Class::Neutral,
                kind,
                "respelled",
                names,
                Some(NOTE_RESPELLED),
            ));
        }
        let (d, e) = (normalized(&o.description), normalized(&p.description));
        if d != e {
            let texts = (Some(d), Some(e));
            out.push(at.change(Class::Neutral, kind, "description changed", texts, None));
        }
    }
    for (field, &i) in &a {
        if !b.contains_key(field) {
            let o = &old[i];
            let value = (Some(parameter_text(o)), None);
            out.push(site(op, Some(o), None).change(Class::Breaking, kind, "removed", value, None));
        }
    }
}
