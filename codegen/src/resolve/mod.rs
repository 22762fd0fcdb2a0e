//! Merges the facts of all pages into one [`Schema`]: names resolved across pages and namespaces, one
//! type or enum per name with every page's contribution (and disagreement) recorded, then the
//! operations, checked against their examples.
//!
//! The passes, in order, one module each: [`names`], [`types`], [`inheritance`], [`evidence`],
//! [`enums`], [`inference`], [`operations`] and [`examples`] (the example checks). A version's
//! names never refer to another version's, so each API version runs them on its own, side by side;
//! only operation naming reads both (the whole tree's spelling of each path word).

mod enums;
mod evidence;
pub mod examples;
mod inference;
mod inheritance;
mod names;
pub mod operations;
mod types;

use rayon::prelude::*;
use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Findings};
use crate::extract::{EnumFact, MethodFact, OperationFact, PageFacts, TypeFact, TypeName};
use crate::ir::*;

/// A name's identity in any case: (version, lowercase namespace, lowercase name).
type Key = (ApiVersion, String, String);

fn key(version: ApiVersion, q: &QualifiedName) -> Key {
    let (ns, name) = q.key();
    (version, ns, name)
}

/// `items` in the order `compare` gives, stably, moving each item once: the IR's items are large,
/// and a sort in place moves them many times over.
fn sorted_by<T>(items: Vec<T>, mut compare: impl FnMut(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Every page's facts, gathered by kind, and the model facts by API version.
struct Facts {
    pages: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
    methods: Vec<MethodFact>,
    /// The facts of each version that has any, in version order.
    versions: Vec<VersionFacts>,
}

/// One API version's facts.
struct VersionFacts {
    types: Vec<TypeFact>,
    enums: Vec<EnumFact>,
    operations: Vec<OperationFact>,
}

impl Facts {
    fn gather(mut pages: Vec<PageFacts>) -> Self {
        // `ApiVersion::ALL` is in version order, the order the IR sorts items in.
        let at = |v: ApiVersion| ApiVersion::ALL.iter().position(|&x| x == v).unwrap_or(0);
        // Sized up front: growing vectors of large facts copies them over and over.
        let total = |count: fn(&PageFacts) -> usize| pages.iter().map(count).sum::<usize>();
        let mut sizes = [(0, 0, 0); ApiVersion::ALL.len()];
        for p in &pages {
            p.types.iter().for_each(|t| sizes[at(t.version)].0 += 1);
            p.enums.iter().for_each(|e| sizes[at(e.version)].1 += 1);
            p.operations
                .iter()
                .for_each(|o| sizes[at(o.version)].2 += 1);
        }
        let mut facts = Facts {
            pages: BTreeSet::new(),
            diagnostics: Vec::with_capacity(total(|p| p.diagnostics.len())),
            methods: Vec::with_capacity(total(|p| p.methods.len())),
            versions: sizes
                .iter()
                .map(|&(types, enums, operations)| VersionFacts {
                    types: Vec::with_capacity(types),
                    enums: Vec::with_capacity(enums),
                    operations: Vec::with_capacity(operations),
                })
                .collect(),
        };
        // Bulk-built at the end: a sorted set built from a sorted list costs one pass, and the
        // pages arrive in path order; inserting them one by one compared long shared prefixes.
        let mut page_paths = Vec::with_capacity(pages.len());
        for p in pages.drain(..) {
            page_paths.push(p.page);
            facts.diagnostics.extend(p.diagnostics);
            facts.methods.extend(p.methods);
            for t in p.types {
                facts.versions[at(t.version)].types.push(t);
            }
            for e in p.enums {
                facts.versions[at(e.version)].enums.push(e);
            }
            for o in p.operations {
                facts.versions[at(o.version)].operations.push(o);
            }
        }
        facts.pages = page_paths.into_iter().collect();
        facts
            .versions
            .retain(|v| !(v.types.is_empty() && v.enums.is_empty() && v.operations.is_empty()));
        facts
    }
}

pub fn resolve(
    pages: Vec<PageFacts>,
    findings: Findings,
    pins: &crate::names_file::Pins,
) -> Schema {
    let Facts {
        pages,
        mut diagnostics,
        methods,
        versions,
    } = Facts::gather(pages);
    let operations = versions.iter().flat_map(|v| &v.operations);
    operations::methods_without_operations(operations, &methods, &pages, &mut diagnostics);
    // A version's names never refer to another version's: each is resolved on its own, side by
    // side, and their items follow one another in version order, as the IR sorts them.
    let resolved: Vec<Resolved> = versions
        .into_par_iter()
        .map(|facts| resolve_version(facts, findings))
        .collect();
    let mut schema = Schema::default();
    let mut merged = Vec::new();
    for r in resolved {
        schema.types.extend(r.types);
        schema.enums.extend(r.enums);
        merged.push(r.operations);
        diagnostics.extend(r.diagnostics);
    }
    // Names are per version, but spelled as the whole tree spells each path word.
    schema.operations = operations::name_all(merged, pins, &mut diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    schema.diagnostics = diagnostics;
    schema
}

/// One version resolved: its types and enums in IR order, its operations merged per endpoint (not
/// yet named), and what was found on the way.
struct Resolved {
    types: Vec<TypeDef>,
    enums: Vec<EnumDef>,
    operations: Vec<(Operation, OperationKind)>,
    diagnostics: Vec<Diagnostic>,
}

fn resolve_version(facts: VersionFacts, findings: Findings) -> Resolved {
    let VersionFacts {
        types: type_facts,
        enums: mut enum_facts,
        operations: operation_facts,
    } = facts;
    let mut diagnostics = Vec::new();
    let (names, fact_ids) = names::NameTable::build(&type_facts, &mut enum_facts);
    let enum_names = names.enum_names(&enum_facts);
    let mut merged = types::merge_all(type_facts, fact_ids, &names, &enum_names, &mut diagnostics);
    inheritance::break_cycles(&mut merged.types, &mut diagnostics);
    evidence::keep_page_members(&mut merged, &mut diagnostics);
    inheritance::check_notes(&merged.types, &merged.notes, &mut diagnostics);
    let mentions =
        types::resolve_property_types(&mut merged, &names, &enum_names, &mut diagnostics);
    let inline = enums::inline_lists(&merged.types, &mut merged.props);
    let inline_keys = enums::inline_keys(&inline);
    inference::undefined_names(
        mentions,
        &inline_keys,
        &mut merged,
        &mut enum_facts,
        &mut diagnostics,
    );
    let mut types = merged.types;
    types::finish(&mut types, merged.props);
    let enums = enums::merge_all(enum_facts, inline, &names, &mut diagnostics);
    enums::drop_types_that_are_enums(&mut types, &enums, &mut diagnostics);
    inheritance::link_derived(&mut types);
    inference::example_only_properties(&mut types, &mut diagnostics);
    inheritance::check_redeclared(&types, &mut diagnostics);

    let schema = Schema {
        types: sorted_by(types, |a, b| {
            (a.version, &a.namespace, &a.name).cmp(&(b.version, &b.namespace, &b.name))
        }),
        enums: sorted_by(enums, |a, b| {
            (a.version, &a.namespace, &a.name).cmp(&(b.version, &b.namespace, &b.name))
        }),
        ..Schema::default()
    };
    let resolve_name = |version: ApiVersion, n: &TypeName| names.resolve(version, n);
    // Example bodies are checked against the types (warnings only) when all findings are asked for.
    let checker = (findings == Findings::All).then(|| examples::Checker::new(&schema));
    let check = |op: &Operation, out: &mut Vec<Diagnostic>| {
        if let Some(checker) = &checker {
            examples::check_operation(checker, op, out);
        }
    };
    let operations = operations::build(
        operation_facts,
        operations::Inputs {
            schema: &schema,
            resolve: &resolve_name,
            check: &check,
        },
        &mut diagnostics,
    );
    drop(checker);
    Resolved {
        types: schema.types,
        enums: schema.enums,
        operations,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The versions are resolved apart and their items concatenated in `ApiVersion::ALL` order:
    /// that is the IR's order only if `ALL` is sorted.
    #[test]
    fn versions_are_listed_in_ir_order() {
        assert!(ApiVersion::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
