//! Pass 3, inheritance: which type derives from which.

use std::collections::BTreeMap;

use super::{key, Key};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::*;

/// Each type's documented base, by the type's key, and each type's canonical spelling.
pub(super) struct Bases {
    bases: BTreeMap<Key, QualifiedName>,
    spelled: BTreeMap<Key, QualifiedName>,
}

impl Bases {
    pub(super) fn of(types: &[TypeDef]) -> Self {
        Bases {
            bases: types
                .iter()
                .filter_map(|t| Some((key(t.version, &t.qualified_name()), t.base_type.clone()?)))
                .collect(),
            spelled: types
                .iter()
                .map(|t| (key(t.version, &t.qualified_name()), t.qualified_name()))
                .collect(),
        }
    }

    /// `q` and its documented base types, nearest first.
    fn ancestors(&self, version: ApiVersion, q: &QualifiedName) -> Vec<Key> {
        let mut chain = vec![key(version, q)];
        while let Some(b) = self.bases.get(chain.last().expect("non-empty")) {
            let k = key(version, b);
            if chain.contains(&k) || chain.len() > 32 {
                break;
            }
            chain.push(k);
        }
        chain
    }

    /// The nearest type that `first` and every one of `others` is or derives from.
    pub(super) fn common_base(
        &self,
        version: ApiVersion,
        first: &QualifiedName,
        others: &[QualifiedName],
    ) -> Option<QualifiedName> {
        let chains: Vec<Vec<Key>> = others.iter().map(|o| self.ancestors(version, o)).collect();
        self.ancestors(version, first)
            .into_iter()
            .find(|k| chains.iter().all(|c| c.contains(k)))
            .and_then(|k| self.spelled.get(&k).cloned())
    }
}

/// Records on each base type the types documented as deriving from it.
pub(super) fn link_derived(types: &mut [TypeDef]) {
    let index = type_positions(types);
    let mut derived: Vec<(usize, QualifiedName)> = Vec::new();
    for t in types.iter() {
        if let Some(i) = base_position(&index, t) {
            derived.push((i, t.qualified_name()));
        }
    }
    for (i, q) in derived {
        types[i].derived_types.push(q);
    }
}

/// Each type's position in `types`, by name.
pub(super) fn type_positions(types: &[TypeDef]) -> NameIndex<usize> {
    let mut index = NameIndex::default();
    for (i, t) in types.iter().enumerate() {
        index.insert(t.version, &t.namespace, &t.name, i);
    }
    index
}

/// The position of `t`'s base type in the list `index` was made from.
pub(super) fn base_position(index: &NameIndex<usize>, t: &TypeDef) -> Option<usize> {
    t.base_type
        .as_ref()
        .and_then(|b| index.get_q(t.version, b).copied())
}

/// A chain of base types that comes back to a type is broken where it closes: the type the walk
/// started from keeps no base, with a warning naming the cycle.
pub(super) fn break_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>) {
    let index = type_positions(types);
    for start in 0..types.len() {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(next) = base_position(&index, &types[current]) {
            if next == start {
                let names: Vec<&str> = chain.iter().map(|&i| types[i].name.as_str()).collect();
                let how = match names.len() {
                    1 => "names itself as its base type".to_string(),
                    _ => format!("inherits from itself through {}", names.join(" -> ")),
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::BaseTypeCycle,
                        &types[start].sources[0],
                        format!(
                            "{} {how}; it is generated without a base type",
                            types[start].name
                        ),
                    )
                    .with_help("fix the `baseType` or the \"Inherits from\" sentence that closes the cycle"),
                );
                types[start].base_type = None;
                break;
            }
            if chain.contains(&next) || chain.len() > 64 {
                break; // A cycle further up: broken when the walk starts there.
            }
            chain.push(next);
            current = next;
        }
    }
}

/// Each type's "Inherited from [x]" notes must name its base or one of the base's ancestors.
pub(super) fn check_notes(
    types: &[TypeDef],
    notes: &[Vec<(QualifiedName, Source)>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let bases = Bases::of(types);
    for (t, notes) in types.iter().zip(notes) {
        let ancestors = bases.ancestors(t.version, &t.qualified_name());
        for (note, at) in notes {
            let k = key(t.version, note);
            // A note that names no documented type ("Inherited from an ancestor item") is prose.
            if !bases.spelled.contains_key(&k) || ancestors.iter().skip(1).any(|a| *a == k) {
                continue;
            }
            let base = t
                .base_type
                .as_ref()
                .map_or("no base type".to_string(), |b| format!("`{}`", b.name));
            diagnostics.push(
                Diagnostic::new(
                    Code::BaseTypeDisagrees,
                    at,
                    format!(
                        "this property is \"Inherited from\" `{}`, but {} has {base}, which is not and does not derive from it",
                        note.name, t.name
                    ),
                )
                .with_help("make the property's note and the type's base type agree"),
            );
        }
    }
}

/// A derived type that lists an inherited property with another type than its ancestor's: the
/// derived type's own table wins in its struct, and `Any<Base>` has no accessor for it.
pub(super) fn check_redeclared(types: &[TypeDef], diagnostics: &mut Vec<Diagnostic>) {
    let index = type_positions(types);
    for t in types {
        let mut seen = vec![t.qualified_name()];
        let mut current = t;
        while let Some(i) = base_position(&index, current) {
            let base = &types[i];
            if seen.contains(&base.qualified_name()) {
                break; // A cycle the walk has been round once.
            }
            seen.push(base.qualified_name());
            for p in &t.properties {
                let Some(q) = base.properties.iter().find(|q| q.name == p.name) else {
                    continue;
                };
                // A property only seen in an example has a guessed type: not a disagreement.
                let documented = p.evidence < Evidence::Example && q.evidence < Evidence::Example;
                if q.ty != p.ty && documented {
                    diagnostics.push(redeclared(t, p, base, q));
                }
            }
            current = base;
        }
    }
}

fn redeclared(t: &TypeDef, p: &Property, base: &TypeDef, q: &Property) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyTypeDiffersFromBase,
        p.sources.first().unwrap_or(&t.sources[0]),
        format!(
            "{}.{} is `{}` here but `{}` in its base type {}; {} is generated with `{}`, and values of the base type have no accessor for it",
            t.name, p.name, p.ty, q.ty, base.name, t.name, p.ty
        ),
    )
    .with_help("a derived type keeps its base's property types: fix the table that is wrong")
}
