//! Merges the facts of all pages into one [`Schema`]: names resolved across pages, one type or enum per
//! name with every page's contribution (and disagreement) recorded.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::extract::typeexpr::TypeExpr;
use crate::extract::{
    EnumEvidence, EnumFact, MemberFact, OperationFact, PageFacts, PropFact, TypeFact, TypeName,
};
use crate::ir::*;
use crate::operations;

type Key = (ApiVersion, String, String);

fn key(version: ApiVersion, q: &QualifiedName) -> Key {
    let (ns, name) = q.key();
    (version, ns, name)
}

fn has(index: &NameIndex<()>, k: &Key) -> bool {
    index.get(k.0, &k.1, &k.2).is_some()
}

/// The names every page defines or mentions, for resolving bare names. Lookups allocate nothing
/// until they return: they run once per fact and property.
struct NameTable {
    /// Every name, spelled canonically; a name's id is its index here.
    entries: Vec<(ApiVersion, QualifiedName)>,
    /// Hash of (version, name in any case) -> the ids of the names so called, one per namespace
    /// (the first spelling inserted), ordered by lowercase namespace.
    by_name: HashIndex<Vec<usize>>,
    /// Each namespace (lowercase) and its most used spelling (`termStore` over a stray `termstore`).
    namespaces: Vec<(String, String)>,
}

/// Orders as the lowercased strings would, without lowercasing them.
fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

impl NameTable {
    fn name_hash(version: ApiVersion, name: &str) -> u64 {
        case_insensitive_hash(HASH_SEED ^ version as u64, name)
    }

    /// The namespace's most used spelling.
    fn canonical_namespace<'a>(&'a self, namespace: &'a str) -> &'a str {
        // Most names are spelled canonically already: an exact match is cheaper to find.
        if self.namespaces.iter().any(|(_, ns)| ns == namespace) {
            return namespace;
        }
        self.namespaces
            .iter()
            .find(|(lower, _)| lower.eq_ignore_ascii_case(namespace))
            .map_or(namespace, |(_, ns)| ns.as_str())
    }

    fn canonical(&self, q: QualifiedName) -> QualifiedName {
        match self.canonical_namespace(&q.namespace) {
            ns if ns == q.namespace => q,
            ns => QualifiedName::new(ns, q.name),
        }
    }

    /// The ids of the names called `name` in `version`, by lowercase namespace.
    fn called<'a>(
        &'a self,
        version: ApiVersion,
        name: &'a str,
    ) -> impl Iterator<Item = usize> + Clone + 'a {
        self.by_name
            .get(&Self::name_hash(version, name))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&id| {
                let (v, q) = &self.entries[id];
                *v == version && q.name.eq_ignore_ascii_case(name)
            })
    }

    /// Adds a defined name; returns its id (the existing one when the name is known).
    fn insert(&mut self, version: ApiVersion, namespace: &str, name: &str) -> usize {
        let namespace = self.canonical_namespace(namespace);
        let hash = Self::name_hash(version, name);
        let slot = self.by_name.get(&hash).map_or(&[][..], Vec::as_slice);
        let same_name = |id: usize| {
            let (v, q) = &self.entries[id];
            *v == version && q.name.eq_ignore_ascii_case(name)
        };
        if let Some(&id) = slot.iter().find(|&&id| {
            same_name(id) && self.entries[id].1.namespace.eq_ignore_ascii_case(namespace)
        }) {
            return id;
        }
        let at = slot
            .iter()
            .position(|&id| {
                same_name(id)
                    && cmp_ignore_ascii_case(&self.entries[id].1.namespace, namespace).is_gt()
            })
            .unwrap_or(slot.len());
        let id = self.entries.len();
        let entry = (version, QualifiedName::new(namespace, name));
        self.entries.push(entry);
        self.by_name.entry(hash).or_default().insert(at, id);
        id
    }

    /// Resolves a written name: an explicit namespace wins; else the page's namespace, then
    /// `microsoft.graph`, then the only other namespace that has the name.
    fn resolve(&self, version: ApiVersion, name: &TypeName) -> QualifiedName {
        let wanted = name.namespace.as_deref().unwrap_or(&name.page_namespace);
        match self.lookup(version, name) {
            Some(id) => self.entries[id].1.clone(),
            None => self.canonical(QualifiedName::new(wanted, &name.name)),
        }
    }

    /// The id [`NameTable::resolve`] picks, when the name is known.
    fn lookup(&self, version: ApiVersion, name: &TypeName) -> Option<usize> {
        let mut found = self.called(version, &name.name);
        let in_namespace = |ns: &str| {
            found
                .clone()
                .find(|&id| self.entries[id].1.namespace.eq_ignore_ascii_case(ns))
        };
        let wanted = name.namespace.as_deref().unwrap_or(&name.page_namespace);
        in_namespace(wanted)
            // A legacy or mistyped namespace (`Microsoft.OutlookServices.FileAttachment` in
            // examples) for a name that only exists elsewhere: the documented type is meant.
            .or_else(|| in_namespace("microsoft.graph"))
            .or_else(|| found.next())
    }
}

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
struct InlineList {
    members: Vec<String>,
    evidence: EnumEvidence,
    source: Source,
}

struct MergedProperty {
    prop: Property,
    /// The type as the strongest page wrote it, before resolution.
    written: Option<(TypeExpr, bool)>,
    written_ns: String,
    inline: Vec<InlineList>,
    shown_as_string: bool,
    /// Further members of an `A or B` type, as written.
    union_with: Vec<String>,
}

/// `q` and its documented base types, nearest first.
fn ancestors(
    version: ApiVersion,
    q: &QualifiedName,
    bases: &BTreeMap<Key, QualifiedName>,
) -> Vec<Key> {
    let mut chain = vec![key(version, q)];
    while let Some(b) = bases.get(chain.last().expect("non-empty")) {
        let k = key(version, b);
        if chain.contains(&k) || chain.len() > 32 {
            break;
        }
        chain.push(k);
    }
    chain
}

pub fn resolve(mut pages: Vec<PageFacts>, findings: crate::diagnostics::Findings) -> Schema {
    // Sized up front: growing vectors of large facts copies them over and over.
    let total = |count: fn(&PageFacts) -> usize| pages.iter().map(count).sum::<usize>();
    let mut diagnostics: Vec<Diagnostic> = Vec::with_capacity(total(|p| p.diagnostics.len()));
    let mut type_facts: Vec<TypeFact> = Vec::with_capacity(total(|p| p.types.len()));
    let mut enum_facts: Vec<EnumFact> = Vec::with_capacity(total(|p| p.enums.len()));
    let mut op_facts: Vec<OperationFact> = Vec::with_capacity(total(|p| p.operations.len()));
    let mut method_facts = Vec::with_capacity(total(|p| p.methods.len()));
    let mut all_pages: BTreeSet<String> = BTreeSet::new();
    for p in pages.drain(..) {
        all_pages.insert(p.page);
        diagnostics.extend(p.diagnostics);
        type_facts.extend(p.types);
        enum_facts.extend(p.enums);
        op_facts.extend(p.operations);
        method_facts.extend(p.methods);
    }

    // 1. Every name any page defines, strongest spelling first.
    let written_namespace = |name: &TypeName| -> String {
        name.namespace
            .clone()
            .unwrap_or_else(|| name.page_namespace.clone())
    };
    let mut spellings: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    let fact_names = type_facts.iter().map(|t| &t.name);
    for name in fact_names.chain(enum_facts.iter().map(|e| &e.name)) {
        let ns = name.namespace.as_deref().unwrap_or(&name.page_namespace);
        // A handful of namespaces: a list is searched faster than a map is built.
        let at = match spellings
            .iter()
            .position(|(lower, _)| lower.eq_ignore_ascii_case(ns))
        {
            Some(at) => at,
            None => {
                spellings.push((ns.to_ascii_lowercase(), Vec::new()));
                spellings.len() - 1
            }
        };
        let counts = &mut spellings[at].1;
        match counts.iter_mut().find(|(spelling, _)| spelling == ns) {
            Some((_, n)) => *n += 1,
            None => counts.push((written_namespace(name), 1)),
        }
    }
    let namespaces = spellings
        .into_iter()
        .map(|(lower, counts)| {
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s.clone());
            (lower, best.unwrap_or_default())
        })
        .collect();
    let mut names = NameTable {
        entries: Vec::new(),
        by_name: HashIndex::default(),
        namespaces,
    };
    // Strongest first. The order is sorted, not the facts: they are large, and there are many.
    let mut order: Vec<usize> = (0..type_facts.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&type_facts[a], &type_facts[b]);
        (a.evidence, a.mention_only, &a.source).cmp(&(b.evidence, b.mention_only, &b.source))
    });
    enum_facts.sort_by(|a, b| (a.evidence, &a.source).cmp(&(b.evidence, &b.source)));
    for e in &enum_facts {
        let ns = e
            .name
            .namespace
            .as_deref()
            .unwrap_or(&e.name.page_namespace);
        names.insert(e.version, ns, &e.name.name);
    }
    // A fact resolves to the name it defines: its id groups it.
    let mut fact_ids = vec![0; type_facts.len()];
    for &i in &order {
        let t = &type_facts[i];
        let ns = t
            .name
            .namespace
            .as_deref()
            .unwrap_or(&t.name.page_namespace);
        fact_ids[i] = names.insert(t.version, ns, &t.name.name);
    }
    let mut enum_keys: NameIndex<()> = NameIndex::default();
    for e in &enum_facts {
        let q = names.resolve(e.version, &e.name);
        enum_keys.insert(e.version, &q.namespace, &q.name, ());
    }

    // 2. Types: group facts by name; an enum of the same name wins over mentions.
    let mut by_id: Vec<Vec<TypeFact>> = Vec::new();
    by_id.resize_with(names.entries.len(), Vec::new);
    let mut slots: Vec<Option<TypeFact>> = type_facts.into_iter().map(Some).collect();
    for i in order {
        let Some(t) = slots[i].take() else {
            continue;
        };
        let (version, q) = &names.entries[fact_ids[i]];
        if t.properties.is_empty() && enum_keys.contains(*version, q) {
            continue;
        }
        by_id[fact_ids[i]].push(t);
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
    let merged: Vec<(TypeDef, Vec<MergedProperty>, Vec<Diagnostic>)> = groups
        .into_par_iter()
        .map(|facts| merge_type(facts, &names))
        .collect();
    let mut types: Vec<TypeDef> = Vec::with_capacity(merged.len());
    let mut merged_props: Vec<Vec<MergedProperty>> = Vec::with_capacity(merged.len());
    for (def, props, found) in merged {
        types.push(def);
        merged_props.push(props);
        diagnostics.extend(found);
    }

    // 3. Property types resolved against every known type and enum; inline lists become enums.
    let mut known_types: NameIndex<()> = NameIndex::default();
    for t in &types {
        known_types.insert(t.version, &t.namespace, &t.name, ());
    }
    let mut new_mentions: BTreeMap<Key, (QualifiedName, ApiVersion, Source, bool)> =
        BTreeMap::new();
    let bases: BTreeMap<Key, QualifiedName> = types
        .iter()
        .filter_map(|t| Some((key(t.version, &t.qualified_name()), t.base_type.clone()?)))
        .collect();
    let spelled: BTreeMap<Key, QualifiedName> = types
        .iter()
        .map(|t| (key(t.version, &t.qualified_name()), t.qualified_name()))
        .collect();
    for (t, props) in types.iter_mut().zip(merged_props.iter_mut()) {
        for mp in props.iter_mut() {
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
                    let mut q = names.resolve(version, &written);
                    if !mp.union_with.is_empty() {
                        // `A or B`: their nearest common documented base, else A (SURVEY B.11 #10).
                        let others: Vec<QualifiedName> = mp
                            .union_with
                            .iter()
                            .map(|m| {
                                let m = m.trim().trim_matches('`');
                                let (namespace, name) = match m.rsplit_once('.') {
                                    Some((n, s)) => (Some(n.to_string()), s.to_string()),
                                    None => (None, m.to_string()),
                                };
                                names.resolve(
                                    version,
                                    &TypeName {
                                        namespace,
                                        name,
                                        page_namespace: mp.written_ns.clone(),
                                    },
                                )
                            })
                            .collect();
                        let chains: Vec<Vec<Key>> = others
                            .iter()
                            .map(|o| ancestors(version, o, &bases))
                            .collect();
                        let common = ancestors(version, &q, &bases)
                            .into_iter()
                            .find(|k| chains.iter().all(|c| c.contains(k)))
                            .and_then(|k| spelled.get(&k).cloned());
                        match common {
                            Some(base) => q = base,
                            None => {
                                let listed: Vec<String> =
                                    others.iter().map(|o| o.name.clone()).collect();
                                diagnostics.push(
                                    Diagnostic::warning(
                                        "property-union",
                                        &mp.prop.sources[0],
                                        format!(
                                            "`{}.{}` is typed `{} or {}`, which share no documented base type; it is typed {}",
                                            t.name,
                                            mp.prop.name,
                                            q.name,
                                            listed.join(" or "),
                                            q.name
                                        ),
                                    )
                                    .with_help("type the property by the members' common base type and document their `baseType`"),
                                );
                            }
                        }
                    }
                    if !known_types.contains(version, &q) && !enum_keys.contains(version, &q) {
                        let as_enum = !mp.inline.is_empty() || mp.shown_as_string;
                        new_mentions.entry(key(version, &q)).or_insert((
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
                        Diagnostic::warning(
                            "enum-name-synthesized",
                            &mp.prop.sources[0],
                            format!("`{}.{}` is an enumeration whose type no page names; it is called {name}", t.name, mp.prop.name),
                        )
                        .with_help("link the property's Type cell to its enum page"),
                    );
                    let k = key(version, &q);
                    new_mentions.entry(k).or_insert((
                        q.clone(),
                        version,
                        mp.prop.sources[0].clone(),
                        true,
                    ));
                    (TypeRef::Named(q), *c)
                }
            };
            mp.prop.ty = PropertyType { base, collection };
        }
    }

    // Inline member lists go to the enum the property resolved to.
    let mut inline_facts: Vec<(Key, QualifiedName, ApiVersion, InlineList)> = Vec::new();
    for (t, props) in types.iter().zip(merged_props.iter_mut()) {
        for mp in props.iter_mut() {
            let TypeRef::Named(q) = &mp.prop.ty.base else {
                continue;
            };
            for list in mp.inline.drain(..) {
                inline_facts.push((key(t.version, q), q.clone(), t.version, list));
            }
        }
    }
    let inline_keys: BTreeSet<Key> = inline_facts.iter().map(|(k, ..)| k.clone()).collect();

    // Names used but never defined: enums when shown as strings or given members, else open types.
    for (k, (q, version, at, as_enum)) in new_mentions {
        if as_enum || inline_keys.contains(&k) {
            if !inline_keys.contains(&k) && !has(&enum_keys, &k) {
                diagnostics.push(
                    Diagnostic::warning(
                        "enum-members-unknown",
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
            }
        } else if !has(&known_types, &k) {
            known_types.insert(k.0, &k.1, &k.2, ());
            diagnostics.push(
                Diagnostic::warning(
                    "type-undefined",
                    &at,
                    format!("{} is used here but no page describes it; it is generated as an open type that keeps every member", q.name),
                )
                .with_help(format!("add the {} resource page to the docs folder", q.name)),
            );
            types.push(TypeDef {
                name: q.name.clone(),
                namespace: q.namespace.clone(),
                version,
                kind: TypeKind::Complex,
                base_type: None,
                abstract_type: false,
                open_type: true,
                key_property: None,
                description: String::new(),
                properties: Vec::new(),
                derived_types: Vec::new(),
                evidence: Evidence::Example,
                sources: vec![at],
            });
            merged_props.push(Vec::new());
        }
    }
    for (t, props) in types.iter_mut().zip(merged_props) {
        t.properties = props.into_iter().map(|m| m.prop).collect();
    }

    // 4. Enums: every source merged, strongest first; lagging pages are named.
    let mut enum_groups: BTreeMap<Key, (QualifiedName, ApiVersion, Vec<EnumFact>)> =
        BTreeMap::new();
    for e in enum_facts {
        let q = names.resolve(e.version, &e.name);
        let k = key(e.version, &q);
        enum_groups
            .entry(k)
            .or_insert_with(|| (q, e.version, Vec::new()))
            .2
            .push(e);
    }
    for (k, q, version, list) in inline_facts {
        let members = list
            .members
            .iter()
            .map(|m| MemberFact {
                name: m.clone(),
                value: None,
                description: String::new(),
                line: list.source.line,
            })
            .collect();
        enum_groups
            .entry(k)
            .or_insert_with(|| (q.clone(), version, Vec::new()))
            .2
            .push(EnumFact {
                name: TypeName {
                    namespace: Some(q.namespace.clone()),
                    name: q.name.clone(),
                    page_namespace: q.namespace.clone(),
                },
                version,
                evidence: list.evidence,
                members,
                description: String::new(),
                flags: false,
                source: list.source,
                same_members_as: None,
            });
    }
    let mut enums: Vec<EnumDef> = Vec::new();
    for (_, (q, version, mut facts)) in enum_groups {
        // A section identical to its neighbour whose members no other page gives, while other pages
        // give members of their own: the section is the copy, and is not believed.
        let copies: Vec<usize> = (0..facts.len())
            .filter(|&i| {
                let f = &facts[i];
                f.same_members_as.is_some()
                    && !f.members.is_empty()
                    && facts
                        .iter()
                        .enumerate()
                        .any(|(j, o)| j != i && !o.members.is_empty())
                    && facts.iter().enumerate().all(|(j, o)| {
                        j == i
                            || !o
                                .members
                                .iter()
                                .any(|m| f.members.iter().any(|x| x.name == m.name))
                    })
            })
            .collect();
        for &i in copies.iter().rev() {
            let f = facts.remove(i);
            let (twin, at) = f
                .same_members_as
                .clone()
                .unwrap_or_else(|| (String::new(), f.source.clone()));
            let others: Vec<&str> = facts
                .iter()
                .flat_map(|o| o.members.iter().map(|m| m.name.as_str()))
                .take(6)
                .collect();
            diagnostics.push(
                Diagnostic::warning(
                    "enum-members-copied",
                    &f.source,
                    format!(
                        "the members listed for {} here are exactly those of {twin} ({at}), and none of the members other pages give it ({}); they are read as a copy and ignored",
                        q.name,
                        others.join(", ")
                    ),
                )
                .with_help(format!("list the members of {} in its own section", q.name)),
            );
        }
        if facts.is_empty() {
            continue;
        }
        facts.sort_by(|a, b| {
            (a.evidence, std::cmp::Reverse(a.members.len()), &a.source).cmp(&(
                b.evidence,
                std::cmp::Reverse(b.members.len()),
                &b.source,
            ))
        });
        enums.push(merge_enum(q, version, &facts, &mut diagnostics));
    }

    // Types that only enums should be: a type and an enum of one name keep the enum.
    let mut enum_set: NameIndex<()> = NameIndex::default();
    for e in &enums {
        enum_set.insert(e.version, &e.namespace, &e.name, ());
    }
    let is_enum = |t: &TypeDef| enum_set.get(t.version, &t.namespace, &t.name).is_some();
    for t in types
        .iter()
        .filter(|t| !t.properties.is_empty() && is_enum(t))
    {
        diagnostics.push(
            Diagnostic::warning(
                "type-enum-clash",
                &t.sources[0],
                format!("{} is documented both as a type with properties and as an enum; properties typed `{}` use the enum", t.name, t.name),
            )
            .with_help("rename one of them in the docs"),
        );
    }
    types.retain(|t| !(t.properties.is_empty() && is_enum(t)));

    // 5. Derived types.
    let mut index: NameIndex<usize> = NameIndex::default();
    for (i, t) in types.iter().enumerate() {
        index.insert(t.version, &t.namespace, &t.name, i);
    }
    let base_of = |t: &TypeDef| {
        t.base_type
            .as_ref()
            .and_then(|b| index.get_q(t.version, b).copied())
    };
    let mut derived: Vec<(usize, QualifiedName)> = Vec::new();
    for t in &types {
        if let Some(i) = base_of(t) {
            derived.push((i, t.qualified_name()));
        }
    }
    for (i, q) in derived {
        types[i].derived_types.push(q);
    }

    // Properties only the examples show: inherited ones belong to the base type (examples show the
    // whole object); the rest are gaps in the type's tables. Only types with such properties
    // (inferred ones aside) need their inherited names.
    let inherited: Vec<Option<BTreeSet<String>>> = types
        .iter()
        .map(|t| {
            let needed = t.evidence != Evidence::Example
                && t.properties.iter().any(|p| p.evidence == Evidence::Example);
            if !needed {
                return None;
            }
            let mut names = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let mut base = base_of(t);
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
                base = base_of(&types[i]);
            }
            Some(names)
        })
        .collect();
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
                Diagnostic::warning(
                    "property-only-in-example",
                    &p.sources[0],
                    format!("`{}` appears in an example of {} but in none of its tables; its type is inferred", p.name, t.name),
                )
                .with_help("add the property to the type's Properties table"),
            );
        }
    }

    let types = crate::sorted_by(types, |a, b| {
        (a.version, &a.namespace, &a.name).cmp(&(b.version, &b.namespace, &b.name))
    });
    let enums = crate::sorted_by(enums, |a, b| {
        (a.version, &a.namespace, &a.name).cmp(&(b.version, &b.namespace, &b.name))
    });

    let mut schema = Schema {
        types,
        enums,
        operations: Vec::new(),
        diagnostics: Vec::new(),
        files_read: Vec::new(),
    };
    let resolve_name = |version: ApiVersion, n: &TypeName| names.resolve(version, n);
    // Example bodies are checked against the types (warnings only) when all findings are asked for.
    let checker = (findings == crate::diagnostics::Findings::All)
        .then(|| crate::examples::Checker::new(&schema));
    let check = |op: &Operation, out: &mut Vec<Diagnostic>| {
        if let Some(checker) = &checker {
            crate::examples::check_operation(checker, op, out);
        }
    };
    let operations = operations::build(
        op_facts,
        &method_facts,
        &all_pages,
        &schema,
        &resolve_name,
        &check,
        &mut diagnostics,
    );
    drop(checker);
    schema.operations = operations;
    crate::diagnostics::sort(&mut diagnostics);
    schema.diagnostics = diagnostics;
    schema
}

/// Merges every fact about one type name, strongest first, into its definition.
fn merge_type(
    facts: Vec<TypeFact>,
    names: &NameTable,
) -> (TypeDef, Vec<MergedProperty>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
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
            Diagnostic::warning(
                "type-undefined",
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
            Diagnostic::note(
                "type-inferred-from-example",
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
    (def, props, diagnostics)
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
            diagnostics.push(Diagnostic::warning(
                "property-name-case",
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
                    Diagnostic::warning(
                        "property-type-disagrees",
                        &pf.source,
                        format!(
                            "`{}.{}` is typed differently here than at {}; the {} wins",
                            def.name,
                            pf.name,
                            existing.prop.sources[0],
                            if existing.prop.evidence == Evidence::ResourceTable {
                                "resource page"
                            } else {
                                "first page"
                            }
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

fn merge_enum(
    q: QualifiedName,
    version: ApiVersion,
    facts: &[EnumFact],
    diagnostics: &mut Vec<Diagnostic>,
) -> EnumDef {
    let canonical = &facts[0];
    let mut members: Vec<EnumMember> = Vec::new();
    for fact in facts {
        for m in &fact.members {
            let at = Source::new(fact.source.file.clone(), m.line);
            match members.iter_mut().find(|x| x.name == m.name) {
                Some(existing) => {
                    existing.sources.push(at);
                    if existing.description.is_empty() {
                        existing.description = m.description.clone();
                    }
                    existing.value = existing.value.or(m.value);
                }
                None => {
                    if !std::ptr::eq(fact, canonical) && !canonical.members.is_empty() {
                        diagnostics.push(
                            Diagnostic::warning(
                                "enum-member-extra",
                                &at,
                                format!(
                                    "`{}` is a member of {} here but not in the fuller list at {}",
                                    m.name, q.name, canonical.source
                                ),
                            )
                            .with_help("add the member to the enum's page"),
                        );
                    }
                    members.push(EnumMember {
                        name: m.name.clone(),
                        value: m.value,
                        description: m.description.clone(),
                        evolvable: false,
                        sources: vec![at],
                    });
                }
            }
        }
    }
    if let Some(sentinel) = members.iter().position(|m| m.name == "unknownFutureValue") {
        for m in &mut members[sentinel + 1..] {
            m.evolvable = true;
        }
    }
    // Pages that list fewer members than the merged enum lag behind it.
    for fact in facts {
        if fact.members.is_empty() {
            continue;
        }
        let missing: Vec<&str> = members
            .iter()
            .filter(|m| !fact.members.iter().any(|f| f.name == m.name))
            .map(|m| m.name.as_str())
            .collect();
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(8).copied().collect();
            diagnostics.push(
                Diagnostic::warning(
                    "enum-members-lag",
                    &fact.source,
                    format!(
                        "this page lists {} of the {} members of {}; missing: {}{} (the fullest list is at {})",
                        fact.members.len(),
                        members.len(),
                        q.name,
                        shown.join(", "),
                        if missing.len() > shown.len() { format!(" and {} more", missing.len() - shown.len()) } else { String::new() },
                        canonical.source
                    ),
                )
                .with_help("copy the full member list to this page"),
            );
        }
    }
    let mut sources: Vec<Source> = facts.iter().map(|f| f.source.clone()).collect();
    sources.sort();
    sources.dedup();
    EnumDef {
        name: q.name,
        namespace: q.namespace,
        version,
        description: facts
            .iter()
            .map(|f| f.description.as_str())
            .find(|d| !d.is_empty())
            .unwrap_or("")
            .to_string(),
        flags: facts.iter().any(|f| f.flags),
        members,
        sources,
    }
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
