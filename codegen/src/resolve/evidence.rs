//! Pass 2b, evidence: a type its resource page defines takes its members from that page alone
//! (its tables and JSON representation). A member only an example or a request-body table shows is
//! reported and kept out of the type's fields (its value still survives, in
//! `additional_properties`): checked against the service, such members are wrong two times in
//! three (a user's members in a `directoryObject` list, an open extension's custom data, a create
//! body's upload-only parameter). Types no page defines keep what the examples show.

use std::collections::{BTreeSet, HashSet};

use super::inheritance::{base_position, type_positions};
use super::types::Merged;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::*;

/// Whether a member's evidence is its type's own page.
fn from_page(evidence: Evidence) -> bool {
    matches!(
        evidence,
        Evidence::ResourceTable | Evidence::JsonRepresentation
    )
}

/// Drops, with a warning each, the members of resource-page types that only examples and request
/// bodies give; a member a base type's page lists belongs to the base and goes without one.
pub(super) fn keep_page_members(merged: &mut Merged, diagnostics: &mut Vec<Diagnostic>) {
    let index = type_positions(&merged.types);
    for i in 0..merged.types.len() {
        let t = &merged.types[i];
        let weak = |p: &&super::types::MergedProperty| !from_page(p.prop.evidence);
        if t.evidence != Evidence::ResourceTable || !merged.props[i].iter().any(|p| weak(&p)) {
            continue;
        }
        let inherited = base_page_members(merged, &index, i);
        let t = &merged.types[i];
        let mut undocumented = Vec::new();
        for p in merged.props[i].iter().filter(weak) {
            if inherited.contains(&p.prop.name.to_ascii_lowercase()) {
                continue;
            }
            diagnostics.push(weak_member(t, &p.prop));
            undocumented.push(p.prop.clone());
        }
        merged.types[i].undocumented = undocumented;
        merged.props[i].retain(|p| from_page(p.prop.evidence));
    }
}

/// The finding for a member only an example or a request-body table gives.
fn weak_member(t: &TypeDef, p: &Property) -> Diagnostic {
    let at = &p.sources[0];
    let (name, owner) = (&p.name, &t.name);
    let kept = "it is not made a field (its value is kept in `additional_properties`)";
    match p.evidence {
        Evidence::RequestBodyTable => Diagnostic::new(
            Code::PropertyOnlyInRequestBody,
            at,
            format!("`{name}` is in a Request body table for {owner} but not on its resource page; {kept}"),
        )
        .with_help(format!(
            "add the property to {owner}'s Properties table if the service has it, else name the body's own type in the Request body section"
        )),
        _ => Diagnostic::new(
            Code::PropertyOnlyInExample,
            at,
            format!("`{name}` appears in an example of {owner} but not on its resource page; {kept}"),
        )
        .with_help(format!(
            "add the property to {owner}'s Properties table if the service has it, or tag the example value with its own `@odata.type`"
        )),
    }
}

/// The lowercase names of the members the pages of type `i`'s base types give.
fn base_page_members(merged: &Merged, index: &NameIndex<usize>, i: usize) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut seen = HashSet::from([i]);
    let mut base = base_position(index, &merged.types[i]);
    while let Some(b) = base.filter(|b| seen.insert(*b)) {
        names.extend(
            merged.props[b]
                .iter()
                .filter(|p| from_page(p.prop.evidence))
                .map(|p| p.prop.name.to_ascii_lowercase()),
        );
        base = base_position(index, &merged.types[b]);
    }
    names
}
