//! Selection: the versions asked for, and only the closure of the chosen root types and operations.

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::*;
use crate::settings::Settings;

fn yields(schema: &Schema, version: ApiVersion) -> bool {
    schema.types.iter().any(|t| t.version == version)
        || schema.enums.iter().any(|e| e.version == version)
        || schema.operations.iter().any(|o| o.version == version)
}

/// The versions asked for, then (when roots are given) the closure of the roots.
pub fn apply(mut schema: Schema, settings: &Settings) -> Schema {
    keep_versions(&mut schema, settings);
    if settings.roots.is_empty() {
        return schema;
    }
    let (mut wanted_types, wanted_ops) = roots(&mut schema, settings);
    for &i in &wanted_ops {
        let o = &schema.operations[i];
        wanted_types.extend(o.named_types().map(|q| (o.version, q.clone())));
    }
    let keep = type_closure(&schema, settings, wanted_types);
    schema
        .types
        .retain(|t| keep.get(t.version, &t.namespace, &t.name).is_some());
    schema
        .enums
        .retain(|e| keep.get(e.version, &e.namespace, &e.name).is_some());
    let ops = std::mem::take(&mut schema.operations);
    schema.operations = ops
        .into_iter()
        .enumerate()
        .filter(|(i, _)| wanted_ops.contains(i))
        .map(|(_, o)| o)
        .collect();
    schema
}

/// Drops what other versions hold, and says when a version asked for gives nothing.
fn keep_versions(schema: &mut Schema, settings: &Settings) {
    schema
        .types
        .retain(|t| settings.includes_version(t.version));
    schema
        .enums
        .retain(|e| settings.includes_version(e.version));
    schema
        .operations
        .retain(|o| settings.includes_version(o.version));
    let selected =
        |page: &String| ApiVersion::of_path(page).is_some_and(|v| settings.includes_version(v));
    schema.lost.api_pages.retain(selected);
    schema.lost.resource_pages.retain(selected);
    for &version in &settings.versions {
        if !yields(schema, version) {
            schema.diagnostics.push(
                Diagnostic::new(
                    Code::VersionEmpty,
                    &Source::new(String::new(), 0),
                    format!(
                        "the version `{}` was asked for, but the docs give no types, enums or operations for it",
                        version.as_str()
                    ),
                )
                .with_help(format!(
                    "check that the docs folder holds `{}/` pages, or drop that version from the selection",
                    version.as_str()
                )),
            );
        }
    }
}

/// The types and enums, and the indexes of the operations, the roots name; a root naming nothing
/// is reported with the nearest name.
fn roots(
    schema: &mut Schema,
    settings: &Settings,
) -> (Vec<(ApiVersion, QualifiedName)>, BTreeSet<usize>) {
    let mut wanted_types: Vec<(ApiVersion, QualifiedName)> = Vec::new();
    let mut wanted_ops: BTreeSet<usize> = BTreeSet::new();
    for root in &settings.roots {
        let r = root.trim();
        let names = |name: &str, q: QualifiedName| {
            name.eq_ignore_ascii_case(r) || q.to_string().eq_ignore_ascii_case(r)
        };
        let types = schema
            .types
            .iter()
            .filter(|t| names(&t.name, t.qualified_name()));
        let before = wanted_types.len();
        wanted_types.extend(types.map(|t| (t.version, t.qualified_name())));
        let enums = schema
            .enums
            .iter()
            .filter(|e| names(&e.name, e.qualified_name()));
        wanted_types.extend(enums.map(|e| (e.version, e.qualified_name())));
        let mut found = wanted_types.len() > before;
        for (i, o) in schema.operations.iter().enumerate() {
            let wanted = match r.starts_with('/') {
                true => path_is_under(&o.path, r),
                false => o.name.eq_ignore_ascii_case(r),
            };
            if wanted {
                wanted_ops.insert(i);
                found = true;
            }
        }
        if !found {
            let diagnostic = root_unknown(schema, r);
            schema.diagnostics.push(diagnostic);
        }
    }
    (wanted_types, wanted_ops)
}

fn root_unknown(schema: &Schema, root: &str) -> Diagnostic {
    let help = match nearest_root(schema, root) {
        Some(near) => format!("did you mean `{near}`? (`graphdoc inspect` lists the names)"),
        None => "run `graphdoc inspect` to list the names; an API area is a path's first segment, `/users`".to_string(),
    };
    Diagnostic::new(
        Code::RootUnknown,
        &Source::new(String::new(), 0),
        format!("the root `{root}` is neither a type, an enum, an operation nor the path of one in the docs"),
    )
    .with_help(help)
}

/// Walks base types and the types of structural properties from the roots; navigation
/// properties (a Relationships table) only when asked: `user` alone reaches most of the API
/// through them. A navigation target left out is typed `serde_json::Value` by the emitter, as
/// any reference to a type outside the schema, so what the service sends is still kept. Derived
/// types are not needed: `Any<Type>` keeps a derived type the schema lacks in its `Other` variant.
fn type_closure(
    schema: &Schema,
    settings: &Settings,
    mut wanted_types: Vec<(ApiVersion, QualifiedName)>,
) -> NameIndex<()> {
    let types = schema.type_index();
    let mut keep: NameIndex<()> = NameIndex::default();
    while let Some((version, q)) = wanted_types.pop() {
        if keep.contains(version, &q) {
            continue;
        }
        keep.insert(version, &q.namespace, &q.name, ());
        let Some(&i) = types.get_q(version, &q) else {
            continue;
        };
        let t = &schema.types[i];
        if settings.replacement(&t.qualified_name()).is_some() {
            continue; // The user's own type: its docs closure is not needed.
        }
        if let Some(b) = &t.base_type {
            wanted_types.push((t.version, b.clone()));
        }
        for p in &t.properties {
            if p.relationship && !settings.follow_navigation {
                continue;
            }
            if let TypeRef::Named(q) = &p.ty.base {
                wanted_types.push((t.version, q.clone()));
            }
        }
    }
    keep
}

/// The root the user most likely meant: an API area (`/users` for `users`, `/user` or `usr`), a
/// type, an enum or an operation whose name is a few edits away.
fn nearest_root(schema: &Schema, root: &str) -> Option<String> {
    let areas: std::collections::BTreeSet<String> = schema
        .operations
        .iter()
        .filter_map(|o| {
            let first = o.path.trim_start_matches('/').split(['/', '(']).next()?;
            (!first.is_empty() && !first.starts_with('{')).then(|| format!("/{first}"))
        })
        .collect();
    let bare = root.trim_start_matches('/').to_ascii_lowercase();
    let names = schema
        .types
        .iter()
        .map(|t| t.name.clone())
        .chain(schema.enums.iter().map(|e| e.name.clone()))
        .chain(schema.operations.iter().map(|o| o.name.clone()));
    let candidates = areas.into_iter().chain(names);
    candidates
        .map(|c| {
            let plain = c.trim_start_matches('/').to_ascii_lowercase();
            (crate::diagnostics::edit_distance(&bare, &plain), c)
        })
        .filter(|(d, c)| *d <= c.trim_start_matches('/').len() / 3 + 1)
        .min()
        .map(|(_, c)| c)
}

/// An API area as a root: `path` is `area` or lies under it, compared without case and a whole
/// segment at a time (`/users` holds `/users/{id}/manager` and `/users/delta()`, not `/usersX`).
fn path_is_under(path: &str, area: &str) -> bool {
    let area = area.trim_end_matches('/');
    let Some(head) = path.get(..area.len()) else {
        return false;
    };
    head.eq_ignore_ascii_case(area)
        && matches!(
            path.as_bytes().get(area.len()),
            None | Some(b'/' | b'(' | b'?')
        )
}
