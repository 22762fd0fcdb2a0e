//! Merges the facts of all pages into one [`Schema`]: names resolved across pages and namespaces, one
//! type or enum per name with every page's contribution (and disagreement) recorded, then the
//! operations, checked against their examples.
//!
//! The passes, in order, one module each: [`names`], [`types`], [`inheritance`], [`evidence`],
//! [`enums`], [`inference`], [`operations`] and [`examples`] (the example checks).

mod enums;
mod evidence;
pub mod examples;
mod inference;
mod inheritance;
mod names;
pub mod operations;
mod types;

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

/// Every page's facts, gathered by kind.
struct Facts {
    pages: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
    types: Vec<TypeFact>,
    enums: Vec<EnumFact>,
    operations: Vec<OperationFact>,
    methods: Vec<MethodFact>,
}

impl Facts {
    fn gather(mut pages: Vec<PageFacts>) -> Self {
        // Sized up front: growing vectors of large facts copies them over and over.
        let total = |count: fn(&PageFacts) -> usize| pages.iter().map(count).sum::<usize>();
        let mut facts = Facts {
            pages: BTreeSet::new(),
            diagnostics: Vec::with_capacity(total(|p| p.diagnostics.len())),
            types: Vec::with_capacity(total(|p| p.types.len())),
            enums: Vec::with_capacity(total(|p| p.enums.len())),
            operations: Vec::with_capacity(total(|p| p.operations.len())),
            methods: Vec::with_capacity(total(|p| p.methods.len())),
        };
        // Bulk-built at the end: a sorted set built from a sorted list costs one pass, and the
        // pages arrive in path order; inserting them one by one compared long shared prefixes.
        let mut page_paths = Vec::with_capacity(pages.len());
        for p in pages.drain(..) {
            page_paths.push(p.page);
            facts.diagnostics.extend(p.diagnostics);
            facts.types.extend(p.types);
            facts.enums.extend(p.enums);
            facts.operations.extend(p.operations);
            facts.methods.extend(p.methods);
        }
        facts.pages = page_paths.into_iter().collect();
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
        types: type_facts,
        enums: mut enum_facts,
        operations: operation_facts,
        methods,
    } = Facts::gather(pages);

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

    let mut schema = Schema {
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
            methods: &methods,
            pages: &pages,
            schema: &schema,
            resolve: &resolve_name,
            check: &check,
            pins,
        },
        &mut diagnostics,
    );
    drop(checker);
    schema.operations = operations;
    crate::diagnostics::sort(&mut diagnostics);
    schema.diagnostics = diagnostics;
    schema
}
