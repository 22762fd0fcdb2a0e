//! Pass 4, enums: enum pages, `### x values` sections and inline "Possible values" lists merged into
//! one member list per enum, in the fullest page's order, with the lagging pages named.

use std::collections::BTreeMap;

use super::names::NameTable;
use super::types::{InlineList, MergedProperty};
use super::{key, Key};
use crate::diagnostics::{Code, Diagnostic};
use crate::extract::{EnumFact, MemberFact, TypeName};
use crate::ir::*;

/// An inline list with the enum its property resolved to.
pub(super) struct InlineFact {
    key: Key,
    name: QualifiedName,
    version: ApiVersion,
    list: InlineList,
}

/// Takes the inline member lists off the properties, each to the enum its property resolved to.
pub(super) fn inline_lists(
    types: &[TypeDef],
    props: &mut [Vec<MergedProperty>],
) -> Vec<InlineFact> {
    let mut inline_facts = Vec::new();
    for (t, props) in types.iter().zip(props.iter_mut()) {
        for mp in props.iter_mut() {
            let TypeRef::Named(q) = &mp.prop.ty.base else {
                continue;
            };
            for list in mp.inline.drain(..) {
                inline_facts.push(InlineFact {
                    key: key(t.version, q),
                    name: q.clone(),
                    version: t.version,
                    list,
                });
            }
        }
    }
    inline_facts
}

/// The keys of the enums inline lists give members to.
pub(super) fn inline_keys(inline: &[InlineFact]) -> std::collections::BTreeSet<Key> {
    inline.iter().map(|f| f.key.clone()).collect()
}

impl InlineFact {
    fn into_enum_fact(self) -> EnumFact {
        let InlineFact {
            name: q,
            version,
            list,
            ..
        } = self;
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
        EnumFact {
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
        }
    }
}

/// Every enum, its sources merged strongest first.
pub(super) fn merge_all(
    enum_facts: Vec<EnumFact>,
    inline: Vec<InlineFact>,
    names: &NameTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EnumDef> {
    let mut groups: BTreeMap<Key, (QualifiedName, ApiVersion, Vec<EnumFact>)> = BTreeMap::new();
    for e in enum_facts {
        let q = names.resolve(e.version, &e.name);
        let k = key(e.version, &q);
        groups
            .entry(k)
            .or_insert_with(|| (q, e.version, Vec::new()))
            .2
            .push(e);
    }
    for fact in inline {
        let entry = (fact.name.clone(), fact.version, Vec::new());
        let slot = groups.entry(fact.key.clone()).or_insert(entry);
        slot.2.push(fact.into_enum_fact());
    }
    let mut enums: Vec<EnumDef> = Vec::new();
    for (_, (q, version, mut facts)) in groups {
        drop_copied_sections(&q, &mut facts, diagnostics);
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
        enums.push(merge_enum(q, version, &facts, diagnostics));
    }
    enums
}

/// A section identical to its neighbour whose members no other page gives, while other pages
/// give members of their own: the section is the copy, and is not believed.
fn drop_copied_sections(
    q: &QualifiedName,
    facts: &mut Vec<EnumFact>,
    diagnostics: &mut Vec<Diagnostic>,
) {
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
            Diagnostic::new(
                Code::EnumMembersCopied,
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
}

/// Types that only enums should be: a type and an enum of one name keep the enum.
pub(super) fn drop_types_that_are_enums(
    types: &mut Vec<TypeDef>,
    enums: &[EnumDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut enum_set: NameIndex<()> = NameIndex::default();
    for e in enums {
        enum_set.insert(e.version, &e.namespace, &e.name, ());
    }
    let is_enum = |t: &TypeDef| enum_set.get(t.version, &t.namespace, &t.name).is_some();
    for t in types
        .iter()
        .filter(|t| !t.properties.is_empty() && is_enum(t))
    {
        diagnostics.push(
            Diagnostic::new(
                Code::TypeEnumClash,
                &t.sources[0],
                format!("{} is documented both as a type with properties and as an enum; properties typed `{}` use the enum", t.name, t.name),
            )
            .with_help("rename one of them in the docs"),
        );
    }
    types.retain(|t| !(t.properties.is_empty() && is_enum(t)));
}

fn merge_enum(
    q: QualifiedName,
    version: ApiVersion,
    facts: &[EnumFact],
    diagnostics: &mut Vec<Diagnostic>,
) -> EnumDef {
    let members = merge_members(facts);
    let fullest = fullest_list(facts);
    report_extra_members(&q, &members, &facts[fullest], diagnostics);
    report_lagging_pages(&q, facts, fullest, diagnostics);
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

/// Every member of every page, in the strongest page's order, then each page's own additions.
fn merge_members(facts: &[EnumFact]) -> Vec<EnumMember> {
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
                None => members.push(EnumMember {
                    name: m.name.clone(),
                    value: m.value,
                    description: m.description.clone(),
                    evolvable: false,
                    sources: vec![at],
                }),
            }
        }
    }
    if let Some(sentinel) = members.iter().position(|m| m.name == "unknownFutureValue") {
        for m in &mut members[sentinel + 1..] {
            m.evolvable = true;
        }
    }
    members
}

fn distinct_members(fact: &EnumFact) -> usize {
    let mut names: Vec<&str> = fact.members.iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// The page whose list holds the most members; of equal lists, the strongest evidence (the facts
/// come sorted by it). An enum page is not the fullest list just for being the enum's own page.
fn fullest_list(facts: &[EnumFact]) -> usize {
    let mut best = 0;
    for (i, fact) in facts.iter().enumerate() {
        if distinct_members(fact) > distinct_members(&facts[best]) {
            best = i;
        }
    }
    best
}

/// Members that only pages other than the fullest list give: reported once, where first listed.
fn report_extra_members(
    q: &QualifiedName,
    members: &[EnumMember],
    fullest: &EnumFact,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if fullest.members.is_empty() {
        return;
    }
    for m in members {
        if fullest.members.iter().any(|f| f.name == m.name) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::EnumMemberExtra,
                &m.sources[0],
                format!(
                    "`{}` is a member of {} here but not in the fullest list at {}",
                    m.name, q.name, fullest.source
                ),
            )
            .with_help("add the member to the fullest list, or remove it here if it is not one"),
        );
    }
}

/// Pages that lack members of the fullest list lag behind it; members a page has and the fullest
/// list lacks are [`report_extra_members`]' findings, not a lag.
fn report_lagging_pages(
    q: &QualifiedName,
    facts: &[EnumFact],
    fullest: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let full = &facts[fullest];
    let total = distinct_members(full);
    for (i, fact) in facts.iter().enumerate() {
        if i == fullest || fact.members.is_empty() {
            continue;
        }
        let mut missing: Vec<&str> = Vec::new();
        for m in &full.members {
            if !fact.members.iter().any(|f| f.name == m.name) && !missing.contains(&m.name.as_str())
            {
                missing.push(&m.name);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<&str> = missing.iter().take(8).copied().collect();
        let more = match missing.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        // `High` for `high` is another wire value, so it counts as missing; say so, as it is
        // most likely the same member mistyped.
        let respelled: Vec<&str> = fact
            .members
            .iter()
            .map(|f| f.name.as_str())
            .filter(|f| missing.iter().any(|m| m.eq_ignore_ascii_case(f)))
            .collect();
        let more = match respelled.len() {
            0 => more,
            n => format!(
                "{more}; {n} of them this page spells in another case ({})",
                respelled
                    .iter()
                    .take(8)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::EnumMembersLag,
                &fact.source,
                format!(
                    "this page lists {} of the {total} members of {}; missing: {}{more} (the fullest list is at {})",
                    total - missing.len(),
                    q.name,
                    shown.join(", "),
                    full.source
                ),
            )
            .with_help("copy the full member list to this page"),
        );
    }
}
