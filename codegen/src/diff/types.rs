//! Types and enums, their properties and members: matched by version and name (any case).

use std::collections::BTreeMap;

use super::{
    compare_fields, home, lone_change, normalized, Change, Class, Field, Kind, Place, Site, Values,
    NOTE_RENAME_CASE,
};
use crate::ir::{
    ApiVersion, EnumDef, EnumMember, Evidence, Property, QualifiedName, Schema, Source, TypeDef,
};

const TYPE_FIELDS: &[Field<TypeDef>] = &[
    Field {
        kind: Kind::BaseType,
        values: Values::One(
            |t| t.base_type.as_ref().map(|b| b.to_string()),
            Class::Breaking,
        ),
        note: Some("the generated struct's inherited fields change with it"),
    },
    Field {
        kind: Kind::Description,
        values: Values::One(|t| Some(normalized(&t.description)), Class::Neutral),
        note: None,
    },
];

/// A property's type is compared on its own (type or collection-ness), before these.
const PROPERTY_FIELDS: &[Field<Property>] = &[
    Field {
        kind: Kind::Description,
        values: Values::One(|p| Some(normalized(&p.description)), Class::Neutral),
        note: None,
    },
    Field {
        kind: Kind::Deprecation,
        values: Values::One(|p| p.deprecated.as_deref().map(normalized), Class::Neutral),
        note: None,
    },
];

const ENUM_FIELDS: &[Field<EnumDef>] = &[
    Field {
        kind: Kind::Flags,
        values: Values::One(|e| Some(e.flags.to_string()), Class::Breaking),
        note: Some("flags enums travel comma-joined"),
    },
    Field {
        kind: Kind::Description,
        values: Values::One(|e| Some(normalized(&e.description)), Class::Neutral),
        note: None,
    },
];

const MEMBER_FIELDS: &[Field<EnumMember>] = &[Field {
    kind: Kind::Description,
    values: Values::One(|m| Some(normalized(&m.description)), Class::Neutral),
    note: None,
}];

type Key = (ApiVersion, String, String);

fn by_name<T>(items: &[T], key: impl Fn(&T) -> Key) -> BTreeMap<Key, &T> {
    items.iter().map(|t| (key(t), t)).collect()
}

/// Items present on one side only, as changes; items on both sides, as pairs.
fn match_items<'a, T>(
    old: &BTreeMap<Key, &'a T>,
    new: &BTreeMap<Key, &'a T>,
    mut lone: impl FnMut(&'a T, bool),
) -> Vec<(&'a T, &'a T)> {
    let mut pairs = Vec::new();
    for (key, item) in new {
        match old.get(key) {
            Some(was) => pairs.push((*was, *item)),
            None => lone(item, true),
        }
    }
    for (key, item) in old {
        if !new.contains_key(key) {
            lone(item, false);
        }
    }
    pairs
}

/// What `diff` compares of a type and of an enum alike: matched by version and name in any case,
/// reported added, removed or renamed, then compared field by field and member by member.
trait Definition: Sized + 'static {
    const KIND: Kind;
    fn fields() -> &'static [Field<Self>];
    fn version(&self) -> ApiVersion;
    fn namespace(&self) -> &str;
    fn name(&self) -> &str;
    fn sources(&self) -> &[Source];
    /// Properties or members.
    fn diff_inner(was: &Self, now: &Self, subject: &str, out: &mut Vec<Change>);

    fn qualified(&self) -> String {
        QualifiedName::new(self.namespace(), self.name()).to_string()
    }
}

impl Definition for TypeDef {
    const KIND: Kind = Kind::Type;
    fn fields() -> &'static [Field<Self>] {
        TYPE_FIELDS
    }
    fn version(&self) -> ApiVersion {
        self.version
    }
    fn namespace(&self) -> &str {
        &self.namespace
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
    fn diff_inner(was: &Self, now: &Self, subject: &str, out: &mut Vec<Change>) {
        diff_properties(was, now, subject, out);
    }
}

impl Definition for EnumDef {
    const KIND: Kind = Kind::Enum;
    fn fields() -> &'static [Field<Self>] {
        ENUM_FIELDS
    }
    fn version(&self) -> ApiVersion {
        self.version
    }
    fn namespace(&self) -> &str {
        &self.namespace
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
    fn diff_inner(was: &Self, now: &Self, subject: &str, out: &mut Vec<Change>) {
        diff_members(was, now, subject, out);
    }
}

pub(super) fn diff_types(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    diff_definitions(&old.types, &new.types, out);
}

pub(super) fn diff_enums(old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    diff_definitions(&old.enums, &new.enums, out);
}

fn diff_definitions<T: Definition>(old: &[T], new: &[T], out: &mut Vec<Change>) {
    let key = |t: &T| {
        let lower = str::to_ascii_lowercase;
        (t.version(), lower(t.namespace()), lower(t.name()))
    };
    let (a, b) = (by_name(old, key), by_name(new, key));
    let pairs = match_items(&a, &b, |t, added| {
        let subject = t.qualified();
        let at = home(t.sources());
        out.push(lone_change(t.version(), &subject, at, added, T::KIND, None));
    });
    for (was, now) in pairs {
        let subject = now.qualified();
        let site = Site {
            version: now.version(),
            subject: &subject,
            old: home(was.sources()),
            new: home(now.sources()),
        };
        if was.name() != now.name() || was.namespace() != now.namespace() {
            let names = (Some(was.qualified()), Some(subject.clone()));
            let note = Some(NOTE_RENAME_CASE);
            out.push(site.change(Class::Breaking, T::KIND, "renamed", names, note));
        }
        compare_fields(T::fields(), was, now, &site, out);
        T::diff_inner(was, now, &subject, out);
    }
}

/// Defined by its type's resource page (a table or the JSON representation), not only named by
/// an API page's table or an example.
fn defined(p: &Property) -> bool {
    matches!(
        p.evidence,
        Evidence::ResourceTable | Evidence::JsonRepresentation
    )
}

const NOTE_DEFINITION_REMOVED: &str = "the generated field stays, typed from the examples; check whether the API still has it before relying on it";
const NOTE_DEFINITION_LOST: &str = "the generated field goes: a value the service still sends arrives in `additional_properties`; check whether the API still has it";
const NOTE_DEFINITION_ADDED: &str =
    "the generated field stays, now typed and described by its definition";

fn diff_properties(was: &TypeDef, now: &TypeDef, owner: &str, out: &mut Vec<Change>) {
    let key = |p: &Property| p.name.to_ascii_lowercase();
    let old: BTreeMap<String, &Property> = was.properties.iter().map(|p| (key(p), p)).collect();
    let new: BTreeMap<String, &Property> = now.properties.iter().map(|p| (key(p), p)).collect();
    let subject = |p: &Property| format!("{owner}.{}", p.name);
    for (k, p) in &new {
        match old.get(k) {
            Some(o) => compare_property(o, p, now.version, &subject(p), out),
            None => out.push(lone_change(
                now.version,
                &subject(p),
                p.sources.first(),
                true,
                Kind::Property,
                Some(p.ty.to_string()),
            )),
        }
    }
    for (k, p) in &old {
        if new.contains_key(k) {
            continue;
        }
        // Gone from its page but still in examples: the field goes (the value arrives in
        // `additional_properties`), and the examples say where the docs still show it.
        let shown = now
            .undocumented
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(&p.name));
        match shown {
            Some(u) if defined(p) => out.push(definition_lost(p, u, now.version, &subject(p))),
            _ => out.push(lone_change(
                was.version,
                &subject(p),
                p.sources.first(),
                false,
                Kind::Property,
                Some(p.ty.to_string()),
            )),
        }
    }
    // The order the resource page defines; where examples put the others says nothing.
    let order = |props: &[Property], other: &BTreeMap<String, &Property>| -> Vec<String> {
        props
            .iter()
            .filter(|p| defined(p) && other.get(&key(p)).is_some_and(|o| defined(o)))
            .map(key)
            .collect()
    };
    if order(&was.properties, &new) != order(&now.properties, &old) {
        let site = Site {
            version: now.version,
            subject: owner,
            old: home(&was.sources),
            new: home(&now.sources),
        };
        out.push(site.change(
            Class::Neutral,
            Kind::Order,
            "properties reordered",
            (None, None),
            None,
        ));
    }
}

/// A property on both sides: renamed (case), retyped, its definition lost or gained, its fields.
fn compare_property(
    o: &Property,
    p: &Property,
    version: ApiVersion,
    name: &str,
    out: &mut Vec<Change>,
) {
    let site = Site {
        version,
        subject: name,
        old: o.sources.first(),
        new: p.sources.first(),
    };
    if o.name != p.name {
        let names = (Some(o.name.clone()), Some(p.name.clone()));
        out.push(site.change(
            Class::Breaking,
            Kind::Property,
            "renamed",
            names,
            Some(NOTE_RENAME_CASE),
        ));
    }
    if o.ty != p.ty {
        let change = if o.ty.base == p.ty.base {
            "collection-ness changed"
        } else {
            "type changed"
        };
        let types = (Some(o.ty.to_string()), Some(p.ty.to_string()));
        out.push(site.change(Class::Breaking, Kind::Property, change, types, None));
    }
    match (defined(o), defined(p)) {
        // The description went with the definition (or came with it): one change says both.
        (true, false) => out.push(definition_removed(o, p, version, name)),
        (false, true) => {
            let at = Site { old: None, ..site };
            let ty = Some(p.ty.to_string());
            out.push(at.change(
                Class::Neutral,
                Kind::Definition,
                "added",
                (None, ty),
                Some(NOTE_DEFINITION_ADDED),
            ));
        }
        _ => compare_fields(PROPERTY_FIELDS, o, p, &site, out),
    }
}

/// A property its page no longer lists, which examples still show and so is no field any more:
/// located where it was defined, with the examples that carry it.
fn definition_lost(o: &Property, shown: &Property, version: ApiVersion, name: &str) -> Change {
    let mut change = definition_removed(o, shown, version, name);
    change.class = Class::Breaking;
    change.note = Some(NOTE_DEFINITION_LOST);
    change
}

/// A property gone from its resource page but still in examples: located where it was defined,
/// with the examples that still carry it.
fn definition_removed(o: &Property, p: &Property, version: ApiVersion, name: &str) -> Change {
    let site = Site {
        version,
        subject: name,
        old: o.sources.first(),
        new: None,
    };
    let mut change = site.change(
        Class::Neutral,
        Kind::Definition,
        "removed, still in examples",
        (Some(o.ty.to_string()), None),
        Some(NOTE_DEFINITION_REMOVED),
    );
    change.examples = p.sources.iter().map(Place::of).collect();
    change.examples.sort();
    change.examples.dedup();
    change
}

fn diff_members(was: &EnumDef, now: &EnumDef, owner: &str, out: &mut Vec<Change>) {
    let names = |e: &EnumDef| -> Vec<String> { e.members.iter().map(|m| m.name.clone()).collect() };
    let (old_names, new_names) = (names(was), names(now));
    let removed: Vec<&EnumMember> = was
        .members
        .iter()
        .filter(|m| !new_names.contains(&m.name))
        .collect();
    let mut added: Vec<&EnumMember> = now
        .members
        .iter()
        .filter(|m| !old_names.contains(&m.name))
        .collect();
    for gone in removed {
        let subject = format!("{owner}.{}", gone.name);
        // A member spelled anew in another case is a rename. Other renames read as a removal and
        // an addition: a position in the list says too little to pair them.
        let renamed_to = added
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(&gone.name));
        match renamed_to.map(|i| added.remove(i)) {
            Some(m) => {
                let site = Site {
                    version: now.version,
                    subject: &subject,
                    old: gone.sources.first(),
                    new: m.sources.first(),
                };
                let values = (Some(gone.name.clone()), Some(m.name.clone()));
                out.push(site.change(Class::Breaking, Kind::EnumMember, "renamed", values, None));
            }
            None => out.push(lone_change(
                was.version,
                &subject,
                gone.sources.first(),
                false,
                Kind::EnumMember,
                Some(gone.name.clone()),
            )),
        }
    }
    for m in added {
        let subject = format!("{owner}.{}", m.name);
        out.push(lone_change(
            now.version,
            &subject,
            m.sources.first(),
            true,
            Kind::EnumMember,
            Some(m.name.clone()),
        ));
    }
    for m in &now.members {
        if let Some(o) = was.members.iter().find(|o| o.name == m.name) {
            let subject = format!("{owner}.{}", m.name);
            let site = Site {
                version: now.version,
                subject: &subject,
                old: o.sources.first(),
                new: m.sources.first(),
            };
            compare_fields(MEMBER_FIELDS, o, m, &site, out);
        }
    }
    let common = |list: &[String], other: &[String]| -> Vec<String> {
        list.iter().filter(|n| other.contains(n)).cloned().collect()
    };
    if common(&old_names, &new_names) != common(&new_names, &old_names) {
        let site = Site {
            version: now.version,
            subject: owner,
            old: home(&was.sources),
            new: home(&now.sources),
        };
        out.push(site.change(
            Class::Neutral,
            Kind::Order,
            "members reordered",
            (None, None),
            None,
        ));
    }
}
