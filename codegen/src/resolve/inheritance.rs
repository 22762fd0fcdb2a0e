//! Pass 3, inheritance: which type derives from which.

use std::collections::BTreeMap;

use super::{key, Key};
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
