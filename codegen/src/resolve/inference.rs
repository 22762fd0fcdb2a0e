//! Pass 5, inference: what the docs only imply. Names used but never defined become enums (when
//! shown as strings or given members) or open types; properties only the examples show are kept,
//! or dropped when a base type holds them.

use std::collections::{BTreeSet, HashSet};

use super::inheritance::{base_position, type_positions};
use super::types::{Mentions, Merged};
use super::Key;
use crate::diagnostics::{Code, Diagnostic};
use crate::extract::{EnumEvidence, EnumFact, TypeName};
use crate::ir::*;

/// Names used but never defined: enums when shown as strings or given members, else open types.
pub(super) fn undefined_names(
    mentions: Mentions,
    inline_keys: &BTreeSet<Key>,
    merged: &mut Merged,
    enum_facts: &mut Vec<EnumFact>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // A mention is a name that neither a type nor an enum defines (see `resolve_property_types`).
    for (k, (q, version, at, as_enum)) in mentions {
        if as_enum || inline_keys.contains(&k) {
            if inline_keys.contains(&k) {
                continue; // The inline list defines the enum.
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::EnumMembersUnknown,
                    &at,
                    format!("{} is an enum no page lists the members of; every value is kept as an unlisted member", q.name),
                )
                .with_help(format!("add the {} enum page to the docs folder", q.name)),
            );
            enum_facts.push(EnumFact {
                name: TypeName {
                    namespace: Some(q.namespace.clone()),
                    name: q.name.clone(),
                    page_namespace: q.namespace.clone(),
                },
                version,
                evidence: EnumEvidence::ApiInline,
                members: Vec::new(),
                description: String::new(),
                flags: false,
                source: at,
                same_members_as: None,
            });
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::TypeUndefined,
                &at,
                format!("{} is used here but no page describes it; it is generated as an open type that keeps every member", q.name),
            )
            .with_help(format!("add the {} resource page to the docs folder", q.name)),
        );
        merged.types.push(open_type(q, version, at));
        merged.props.push(Vec::new());
        merged.notes.push(Vec::new());
    }
}

fn open_type(q: QualifiedName, version: ApiVersion, at: Source) -> TypeDef {
    TypeDef {
        name: q.name,
        namespace: q.namespace,
        version,
        kind: TypeKind::Complex,
        base_type: None,
        abstract_type: false,
        open_type: true,
        key_property: None,
        description: String::new(),
        properties: Vec::new(),
        undocumented: Vec::new(),
        derived_types: Vec::new(),
        evidence: Evidence::Example,
        sources: vec![at],
    }
}

/// Properties only the examples show: inherited ones belong to the base type (examples show the
/// whole object); the rest are gaps in the type's tables.
pub(super) fn example_only_properties(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>) {
    let inherited = inherited_names(types);
    for (t, inherited) in types.iter_mut().zip(inherited) {
        let Some(inherited) = inherited else {
            continue; // Inferred from examples as a whole; said once by `type-inferred-from-example`.
        };
        t.properties.retain(|p| {
            p.evidence != Evidence::Example || !inherited.contains(&p.name.to_ascii_lowercase())
        });
        for p in t
            .properties
            .iter()
            .filter(|p| p.evidence == Evidence::Example)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::PropertyOnlyInExample,
                    &p.sources[0],
                    format!("`{}` appears in an example of {} but in none of its tables; its type is inferred", p.name, t.name),
                )
                .with_help("add the property to the type's Properties table"),
            );
        }
    }
}

/// Per type, the lowercase names of the properties its bases hold; only for the types that have
/// properties from examples (inferred types aside), the only ones that need them.
fn inherited_names(types: &[TypeDef]) -> Vec<Option<BTreeSet<String>>> {
    let index = type_positions(types);
    types
        .iter()
        .map(|t| {
            let needed = t.evidence != Evidence::Example
                && t.properties.iter().any(|p| p.evidence == Evidence::Example);
            if !needed {
                return None;
            }
            let mut names = BTreeSet::new();
            let mut seen = HashSet::new();
            let mut base = base_position(&index, t);
            while let Some(i) = base {
                if !seen.insert(i) {
                    break;
                }
                names.extend(
                    types[i]
                        .properties
                        .iter()
                        .map(|p| p.name.to_ascii_lowercase()),
                );
                base = base_position(&index, &types[i]);
            }
            Some(names)
        })
        .collect()
}
