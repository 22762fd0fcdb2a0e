//! Pass 2, types: every page's facts about one type name merged into its definition (strongest
//! evidence first, disagreements named), then each property's written type resolved to a name.

use rayon::prelude::*;
use std::collections::BTreeMap;

use super::inheritance::Bases;
use super::names::{cmp_ignore_ascii_case, FactIds, NameTable};
use super::{key, Key};
use crate::diagnostics::{Code, Diagnostic};
use crate::extract::typeexpr::TypeExpr;
use crate::extract::{EnumEvidence, PropFact, TypeFact, TypeName};
use crate::ir::*;

fn is_deprecated(description: &str) -> Option<String> {
    // Asked of every property, and most descriptions say neither word (in any case): look for
    // them around their rarer letters before lowercasing a copy.
    let text = description.as_bytes();
    let says = |word: &[u8], at: usize| {
        let (lower, upper) = (word[at], word[at].to_ascii_uppercase());
        memchr::memchr2_iter(lower, upper, text).any(|i| {
            i.checked_sub(at)
                .and_then(|start| text.get(start..start + word.len()))
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        })
    };
    if !says(b"deprecat", 2) && !says(b"obsolete", 1) {
        return None;
    }
    let lower = description.to_ascii_lowercase();
    let flagged = lower.starts_with("[deprecated]")
        || lower.starts_with("\\[deprecated\\]")
        || lower.starts_with("deprecated")
        || lower.contains("is deprecated")
        || lower.contains("has been deprecated")
        || lower.contains("this property is obsolete");
    flagged.then(|| description.trim().to_string())
}

/// An inline member list found on a property, waiting for the property's enum to be known.
pub(super) struct InlineList {
    pub(super) members: Vec<String>,
    pub(super) evidence: EnumEvidence,
    pub(super) source: Source,
}

/// A property while its type is being resolved.
pub(super) struct MergedProperty {
    pub(super) prop: Property,
    /// The type as the strongest page wrote it, before resolution.
    written: Option<(TypeExpr, bool)>,
    written_ns: String,
    pub(super) inline: Vec<InlineList>,
    shown_as_string: bool,
    /// Further members of an `A or B` type, as written.
    union_with: Vec<String>,
}

/// The merged types, in name order, each with its properties still being resolved.
pub(super) struct Merged {
    pub(super) types: Vec<TypeDef>,
    pub(super) props: Vec<Vec<MergedProperty>>,
    /// Per type, the types its property notes say properties are "Inherited from", and where.
    pub(super) notes: Vec<Vec<(QualifiedName, Source)>>,
}

/// One type merged from its facts.
type MergedType = (
    TypeDef,
    Vec<MergedProperty>,
    Vec<(QualifiedName, Source)>,
    Vec<Diagnostic>,
);

/// Groups the facts by the name they define (an enum of the same name wins over mentions) and
/// merges each group, in name order.
pub(super) fn merge_all(
    type_facts: Vec<TypeFact>,
    fact_ids: FactIds,
    names: &NameTable,
    enum_names: &NameIndex<()>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Merged {
    let mut by_id: Vec<Vec<TypeFact>> = Vec::new();
    by_id.resize_with(names.entries.len(), Vec::new);
    let mut slots: Vec<Option<TypeFact>> = type_facts.into_iter().map(Some).collect();
    for i in fact_ids.order {
        let Some(t) = slots[i].take() else {
            continue;
        };
        let (version, q) = &names.entries[fact_ids.ids[i]];
        if t.properties.is_empty() && enum_names.contains(*version, q) {
            continue;
        }
        by_id[fact_ids.ids[i]].push(t);
    }
    // In name order (version, then namespace and name in any case), as a sorted map would give.
    let mut ids: Vec<usize> = (0..by_id.len())
        .filter(|&id| !by_id[id].is_empty())
        .collect();
    ids.sort_by(|&a, &b| {
        let ((va, qa), (vb, qb)) = (&names.entries[a], &names.entries[b]);
        va.cmp(vb)
            .then_with(|| cmp_ignore_ascii_case(&qa.namespace, &qb.namespace))
            .then_with(|| cmp_ignore_ascii_case(&qa.name, &qb.name))
    });
    let groups: Vec<Vec<TypeFact>> = ids
        .into_iter()
        .map(|id| std::mem::take(&mut by_id[id]))
        .collect();

    // Each name's facts merge independently: in parallel, collected in name order.
    let merged: Vec<MergedType> = groups
        .into_par_iter()
        .map(|facts| merge_type(facts, names))
        .collect();
    let mut out = Merged {
        types: Vec::with_capacity(merged.len()),
        props: Vec::with_capacity(merged.len()),
        notes: Vec::with_capacity(merged.len()),
    };
    for (def, props, notes, found) in merged {
        out.types.push(def);
        out.props.push(props);
        out.notes.push(notes);
        diagnostics.extend(found);
    }
    out
}

/// A name a property uses that no page defines: (name, version, where, whether it looks like an
/// enum). Resolved by [`super::inference`].
pub(super) type Mentions = BTreeMap<Key, (QualifiedName, ApiVersion, Source, bool)>;

/// What resolving a property's type looks at.
struct Known<'a> {
    names: &'a NameTable,
    types: NameIndex<()>,
    enums: &'a NameIndex<()>,
    bases: Bases,
}

/// Resolves every property's written type against every known type and enum; returns the names
/// used but never defined.
pub(super) fn resolve_property_types(
    merged: &mut Merged,
    names: &NameTable,
    enum_names: &NameIndex<()>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Mentions {
    let mut known = Known {
        names,
        types: NameIndex::default(),
        enums: enum_names,
        bases: Bases::of(&merged.types),
    };
    for t in &merged.types {
        known.types.insert(t.version, &t.namespace, &t.name, ());
    }
    // Each type's properties on their own, in parallel; a name's first mention (in type order,
    // then property order) is the one kept, as in one pass.
    let found: Vec<(Mentions, Vec<Diagnostic>)> = merged
        .types
        .par_iter()
        .zip(merged.props.par_iter_mut())
        .map(|(t, props)| {
            let (mut mentions, mut found) = (Mentions::new(), Vec::new());
            for mp in props.iter_mut() {
                mp.prop.ty = property_type(t, mp, &known, &mut mentions, &mut found);
            }
            (mentions, found)
        })
        .collect();
    let mut mentions = Mentions::new();
    for (type_mentions, found) in found {
        for (key, mention) in type_mentions {
            mentions.entry(key).or_insert(mention);
        }
        diagnostics.extend(found);
    }
    mentions
}

fn property_type(
    t: &TypeDef,
    mp: &MergedProperty,
    known: &Known<'_>,
    mentions: &mut Mentions,
    diagnostics: &mut Vec<Diagnostic>,
) -> PropertyType {
    let version = t.version;
    let (base, collection) = match &mp.written {
        None => (TypeRef::Primitive(Primitive::Json), false),
        Some((TypeExpr::Primitive(p), c)) => {
            // A `String` with a clear "Possible values" list from a table stays a string: the
            // service may return other values; the list is recorded in the description.
            (TypeRef::Primitive(*p), *c)
        }
        Some((TypeExpr::Named { namespace, name }, c)) => {
            let written = TypeName {
                namespace: namespace.clone(),
                name: name.clone(),
                page_namespace: mp.written_ns.clone(),
            };
            let mut q = known.names.resolve(version, &written);
            if !mp.union_with.is_empty() {
                q = union_type(t, mp, q, known, diagnostics);
            }
            if !known.types.contains(version, &q) && !known.enums.contains(version, &q) {
                let as_enum = !mp.inline.is_empty() || mp.shown_as_string;
                mentions.entry(key(version, &q)).or_insert((
                    q.clone(),
                    version,
                    mp.prop.sources[0].clone(),
                    as_enum,
                ));
            }
            (TypeRef::Named(q), *c)
        }
        Some((TypeExpr::AnonymousEnum, c)) => {
            let name = format!("{}{}", t.name, crate::case::upper_camel(&mp.prop.name));
            let q = QualifiedName::new(&t.namespace, &name);
            diagnostics.push(
                Diagnostic::new(
                    Code::EnumNameSynthesized,
                    &mp.prop.sources[0],
                    format!(
                        "`{}.{}` is an enumeration whose type no page names; it is called {name}",
                        t.name, mp.prop.name
                    ),
                )
                .with_help("link the property's Type cell to its enum page"),
            );
            mentions.entry(key(version, &q)).or_insert((
                q.clone(),
                version,
                mp.prop.sources[0].clone(),
                true,
            ));
            (TypeRef::Named(q), *c)
        }
    };
    PropertyType { base, collection }
}

/// `A or B`: their nearest common documented base, else A.
fn union_type(
    t: &TypeDef,
    mp: &MergedProperty,
    first: QualifiedName,
    known: &Known<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> QualifiedName {
    let version = t.version;
    let others: Vec<QualifiedName> = mp
        .union_with
        .iter()
        .map(|m| {
            let m = m.trim().trim_matches('`');
            let (namespace, name) = match m.rsplit_once('.') {
                Some((n, s)) => (Some(n.to_string()), s.to_string()),
                None => (None, m.to_string()),
            };
            known.names.resolve(
                version,
                &TypeName {
                    namespace,
                    name,
                    page_namespace: mp.written_ns.clone(),
                },
            )
        })
        .collect();
    if let Some(base) = known.bases.common_base(version, &first, &others) {
        return base;
    }
    let listed: Vec<String> = others.iter().map(|o| o.name.clone()).collect();
    diagnostics.push(
        Diagnostic::new(
            Code::PropertyUnion,
            &mp.prop.sources[0],
            format!(
                "`{}.{}` is typed `{} or {}`, which share no documented base type; it is typed {}",
                t.name,
                mp.prop.name,
                first.name,
                listed.join(" or "),
                first.name
            ),
        )
        .with_help(
            "type the property by the members' common base type and document their `baseType`",
        ),
    );
    first
}

/// Moves the resolved properties into their types.
pub(super) fn finish(types: &mut [TypeDef], props: Vec<Vec<MergedProperty>>) {
    for (t, props) in types.iter_mut().zip(props) {
        t.properties = props.into_iter().map(|m| m.prop).collect();
    }
}

/// Merges every fact about one type name, strongest first, into its definition.
fn merge_type(facts: Vec<TypeFact>, names: &NameTable) -> MergedType {
    let mut diagnostics = Vec::new();
    let mut notes: Vec<(QualifiedName, Source)> = Vec::new();
    let best = &facts[0];
    let q = names.resolve(best.version, &best.name);
    let first_source = best.source.clone();
    let fact_count = facts.len();
    let only_mentions = facts.iter().all(|f| f.mention_only);
    let mut def = TypeDef {
        name: q.name.clone(),
        namespace: q.namespace.clone(),
        version: best.version,
        kind: TypeKind::Complex,
        base_type: None,
        abstract_type: false,
        open_type: false,
        key_property: None,
        description: String::new(),
        properties: Vec::new(),
        undocumented: Vec::new(),
        derived_types: Vec::new(),
        evidence: best.evidence,
        sources: Vec::new(),
    };
    let mut props: Vec<MergedProperty> = Vec::new();
    // Hash of the name in any case -> indices in `props`: a much-used type (`user`) gets facts from
    // hundreds of pages, and a linear search per property would be quadratic.
    let mut by_name: HashIndex<Vec<usize>> = HashIndex::default();
    for mut fact in facts {
        if def.description.is_empty() {
            def.description = std::mem::take(&mut fact.description);
        }
        if def.base_type.is_none() {
            def.base_type = fact
                .base_type
                .as_ref()
                .map(|b| names.resolve(fact.version, b));
        }
        for (note, at) in std::mem::take(&mut fact.inherited_from) {
            notes.push((names.resolve(fact.version, &note), at));
        }
        def.key_property = def.key_property.take().or(fact.key_property.take());
        def.open_type |= fact.open_type;
        def.abstract_type |= fact.abstract_type;
        let namespace = &fact.name.page_namespace;
        for pf in std::mem::take(&mut fact.properties) {
            let hash = name_hash(&pf.name);
            let slot = by_name.entry(hash).or_default();
            let existing = slot
                .iter()
                .copied()
                .find(|&i| props[i].prop.name.eq_ignore_ascii_case(&pf.name));
            if existing.is_none() {
                slot.push(props.len());
            }
            merge_property(&mut props, existing, pf, namespace, &def, &mut diagnostics);
        }
        def.sources.push(fact.source);
    }
    def.sources.sort();
    def.sources.dedup();
    if def.key_property.is_some() || props.iter().any(|p| p.prop.name == "id") {
        def.kind = TypeKind::Entity;
    }
    if only_mentions {
        let places: Vec<String> = def.sources.iter().take(3).map(|s| s.to_string()).collect();
        diagnostics.push(
            Diagnostic::new(
                Code::TypeUndefined,
                &def.sources[0],
                format!(
                    "{} is named but never described (no resource page, table or example members; named at {}); it is generated as an open type that keeps every member",
                    def.name,
                    places.join(", ")
                ),
            )
            .with_help(format!("add its resource page to the docs folder ({}.md)", def.name.to_ascii_lowercase())),
        );
    } else if def.evidence == Evidence::Example {
        let (page, line) = (&first_source.file, first_source.line);
        diagnostics.push(
            Diagnostic::new(
                Code::TypeInferredFromExample,
                &first_source,
                format!(
                    "{} has no resource page or properties table in the docs; its {} properties were inferred from example JSON ({}:{} and {} more example(s))",
                    def.name,
                    props.len(),
                    page,
                    line,
                    fact_count - 1
                ),
            )
            .with_help("types inferred from examples may miss properties; they keep unknown members at run time"),
        );
    }
    (def, props, notes, diagnostics)
}

fn is_table(e: Evidence) -> bool {
    matches!(e, Evidence::ResourceTable | Evidence::RequestBodyTable)
}

fn type_compatible(a: &(TypeExpr, bool), b: &(TypeExpr, bool)) -> bool {
    match (&a.0, &b.0) {
        (TypeExpr::AnonymousEnum, _) | (_, TypeExpr::AnonymousEnum) => true,
        (TypeExpr::Named { name: x, .. }, TypeExpr::Named { name: y, .. }) => {
            x.eq_ignore_ascii_case(y) && a.1 == b.1
        }
        (x, y) => x == y && a.1 == b.1,
    }
}

/// A written type as the docs spell it, for messages: `Edm.Int32`, `Collection(microsoft.graph.x)`.
fn spelled((ty, collection): &(TypeExpr, bool)) -> String {
    let base = match ty {
        TypeExpr::Primitive(p) => p.edm_name().to_string(),
        TypeExpr::Named {
            namespace: Some(ns),
            name,
        } => format!("{ns}.{name}"),
        TypeExpr::Named { name, .. } => name.clone(),
        TypeExpr::AnonymousEnum => "an unnamed enum".to_string(),
    };
    if *collection {
        format!("Collection({base})")
    } else {
        base
    }
}

/// Merges one property fact into `props`; `existing` is the index of the property of the same name
/// (any case), if one was merged before.
fn merge_property(
    props: &mut Vec<MergedProperty>,
    existing: Option<usize>,
    mut pf: PropFact,
    page_namespace: &str,
    def: &TypeDef,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let inline = (!pf.inline_members.is_empty()).then(|| InlineList {
        members: std::mem::take(&mut pf.inline_members),
        evidence: match pf.evidence {
            Evidence::ResourceTable => EnumEvidence::ResourceInline,
            _ => EnumEvidence::ApiInline,
        },
        source: pf.source.clone(),
    });
    if let Some(existing) = existing.map(|i| &mut props[i]) {
        if existing.prop.name != pf.name && pf.evidence <= Evidence::RequestBodyTable {
            diagnostics.push(Diagnostic::new(
                Code::PropertyNameCase,
                &pf.source,
                format!(
                    "`{}` is spelled `{}` at {}",
                    pf.name, existing.prop.name, existing.prop.sources[0]
                ),
            ));
        }
        if existing.prop.description.is_empty() {
            existing.prop.description = std::mem::take(&mut pf.description);
        }
        existing.shown_as_string |= pf.shown_as_string;
        match (&existing.written, &pf.ty) {
            (None, Some(_)) => existing.written = pf.ty.take(),
            (Some((TypeExpr::AnonymousEnum, _)), Some((TypeExpr::Named { .. }, _))) => {
                existing.written = pf.ty.take()
            }
            (Some(a), Some(b))
                if is_table(existing.prop.evidence)
                    && is_table(pf.evidence)
                    && !type_compatible(a, b) =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::PropertyTypeDisagrees,
                        &pf.source,
                        format!(
                            "`{}.{}` is typed `{}` here but `{}` at {}; the {}'s `{}` is used",
                            def.name,
                            pf.name,
                            spelled(b),
                            spelled(a),
                            existing.prop.sources[0],
                            if existing.prop.evidence == Evidence::ResourceTable {
                                "resource page"
                            } else {
                                "first page"
                            },
                            spelled(a),
                        ),
                    )
                    .with_help("make the tables agree"),
                );
            }
            _ => {}
        }
        existing.prop.sources.push(pf.source);
        existing.inline.extend(inline);
        return;
    }
    props.push(MergedProperty {
        prop: Property {
            name: pf.name,
            ty: PropertyType {
                base: TypeRef::Primitive(Primitive::Json),
                collection: false,
            },
            nullable: true,
            relationship: pf.relationship,
            deprecated: is_deprecated(&pf.description),
            description: pf.description,
            evidence: pf.evidence,
            sources: vec![pf.source],
        },
        written: pf.ty,
        written_ns: page_namespace.to_string(),
        inline: inline.into_iter().collect(),
        shown_as_string: pf.shown_as_string,
        union_with: pf.union_with,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecation_is_read_in_any_case() {
        for said in [
            "[Deprecated] Use x.",
            "DEprecated. Use x.",
            "This property is deprecated.",
            "It has been DEPRECATED in favour of y.",
            "This property is Obsolete; use z.",
        ] {
            assert_eq!(is_deprecated(said).as_deref(), Some(said), "{said}");
        }
        for unsaid in [
            "",
            "The device's state.",
            "Deprecation dates.",
            "obsolescent",
            "d",
        ] {
            assert_eq!(is_deprecated(unsaid), None, "{unsaid}");
        }
    }
}
