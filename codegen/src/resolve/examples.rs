//! Checks each example body against the resolved types: placeholder values and unlisted enum members.
//!
//! A body is walked as it is read (serde's `DeserializeSeed`), led by the type expected at each
//! point: no JSON value tree is built, and values no documented property speaks for are skipped
//! unread. Building trees for every example cost more than the rest of the resolver.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::infer::placeholder_type;
use crate::ir::*;

/// Where a value sits in an example body (`auditEvent.actor.type`), spelled out only for a
/// diagnostic: most values never need it.
#[derive(Clone, Copy)]
enum JsonPath<'a> {
    Root(&'a str),
    Key(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root(name) => f.write_str(name),
            JsonPath::Key(JsonPath::Root(""), key) => f.write_str(key),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{key}"),
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Numbers, booleans and nulls carry nothing a check needs: each visitor takes them as they come.
macro_rules! ignore_scalars {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// What a value is checked as.
#[derive(Clone, Copy)]
enum Target {
    /// A named type: the enum and the type of that name, where they exist (a few names are both).
    Named {
        enum_index: Option<usize>,
        type_index: Option<usize>,
    },
    /// A primitive other than a string: a string placeholder in its place is noted.
    Primitive(Primitive),
    Unchecked,
}

#[derive(Clone, Copy)]
struct Expect {
    target: Target,
    collection: bool,
}

/// The types and enums an operation's examples are checked against.
pub(crate) struct Checker<'a> {
    schema: &'a Schema,
    types: NameIndex<usize>,
    enums: NameIndex<usize>,
    /// Each type's base type, by index.
    bases: Vec<Option<usize>>,
    /// Each type's properties (parallel to `properties`): what their values are checked as.
    expects: Vec<Vec<Expect>>,
    /// Each type's properties by name hash: example keys are looked up by the hundred thousand,
    /// and a much-used type has a hundred properties.
    by_name: Vec<HashIndex<Vec<usize>>>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(schema: &'a Schema) -> Self {
        let types = schema.type_index();
        let enums = schema.enum_index();
        let bases = schema
            .types
            .iter()
            .map(|t| {
                let b = t.base_type.as_ref()?;
                types.get_q(t.version, b).copied()
            })
            .collect();
        let expects = schema
            .types
            .iter()
            .map(|t| {
                t.properties
                    .iter()
                    .map(|p| expect_of(&p.ty, t.version, &types, &enums))
                    .collect()
            })
            .collect();
        let by_name = schema
            .types
            .iter()
            .map(|t| {
                let mut index: HashIndex<Vec<usize>> = HashIndex::default();
                for (at, p) in t.properties.iter().enumerate() {
                    index.entry(name_hash(&p.name)).or_default().push(at);
                }
                index
            })
            .collect();
        Checker {
            schema,
            types,
            enums,
            bases,
            expects,
            by_name,
        }
    }

    /// The property `name` of type `t` or of its nearest base that has it.
    fn find_property(&self, t: usize, name: &str) -> Option<Expect> {
        let hash = name_hash(name);
        let mut current = Some(t);
        let mut depth = 0;
        while let Some(i) = current {
            let properties = &self.schema.types[i].properties;
            let found = self.by_name[i]
                .get(&hash)
                .and_then(|slot| slot.iter().copied().find(|&at| properties[at].name == name));
            if let Some(at) = found {
                return Some(self.expects[i][at]);
            }
            depth += 1;
            current = self.bases[i].filter(|_| depth < 32);
        }
        None
    }
}

/// What a value of type `ty` is checked as.
fn expect_of(
    ty: &PropertyType,
    version: ApiVersion,
    types: &NameIndex<usize>,
    enums: &NameIndex<usize>,
) -> Expect {
    let target = match &ty.base {
        TypeRef::Named(q) => Target::Named {
            enum_index: enums.get_q(version, q).copied(),
            type_index: types.get_q(version, q).copied(),
        },
        TypeRef::Primitive(Primitive::String) => Target::Unchecked,
        TypeRef::Primitive(p) => Target::Primitive(*p),
    };
    Expect {
        target,
        collection: ty.collection,
    }
}

/// What one body check needs at every level.
struct Walker<'c, 'o> {
    checker: &'c Checker<'c>,
    at: &'c Source,
    out: &'o mut Vec<Diagnostic>,
}

impl Walker<'_, '_> {
    fn string(&mut self, expect: Expect, s: &str, path: JsonPath<'_>) {
        if expect.collection {
            return;
        }
        match expect.target {
            Target::Named {
                enum_index: Some(e),
                ..
            } => {
                let def = &self.checker.schema.enums[e];
                if def.members.is_empty() || def.members.iter().any(|m| m.name == s) {
                    return;
                }
                if placeholder_type(s).is_some() {
                    self.out.push(
                        Diagnostic::new(
                            Code::ExamplePlaceholder,
                            self.at,
                            format!(
                                "the example gives the placeholder `\"{s}\"` for `{path}`, not a member of {}; it deserializes into the enum's unlisted-value variant",
                                def.name
                            ),
                        )
                        .with_help(format!("use a real member such as `{}`", def.members[0].name)),
                    );
                } else {
                    self.out.push(Diagnostic::new(
                        Code::ExampleUnknownMember,
                        self.at,
                        format!("the example gives `\"{s}\"` for `{path}`, which is not a documented member of {}", def.name),
                    ));
                }
            }
            Target::Primitive(p) if placeholder_type(s).is_some() => {
                self.out.push(Diagnostic::new(
                    Code::ExamplePlaceholder,
                    self.at,
                    format!("the example gives the placeholder `\"{s}\"` for `{path}` ({}); it is kept as an unparsed value", p.edm_name()),
                ));
            }
            _ => {}
        }
    }

    /// The members of an object of type `t`; `@` annotations and undocumented members are skipped.
    fn object<'de, A: MapAccess<'de>>(
        &mut self,
        t: usize,
        path: JsonPath<'_>,
        mut map: A,
    ) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let expect = match key.contains('@') {
                true => None,
                false => self.checker.find_property(t, &key),
            };
            match expect {
                Some(expect) => map.next_value_seed(Value {
                    walker: self,
                    expect,
                    path: JsonPath::Key(&path, &key),
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A map key, borrowed from the body where it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// One value checked against what its place expects.
struct Value<'w, 'c, 'o, 'p> {
    walker: &'w mut Walker<'c, 'o>,
    expect: Expect,
    path: JsonPath<'p>,
}

impl<'de> DeserializeSeed<'de> for Value<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Value<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<(), E> {
        self.walker.string(self.expect, s, self.path);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.expect {
            Expect {
                target:
                    Target::Named {
                        type_index: Some(t),
                        ..
                    },
                collection: false,
            } => self.walker.object(t, self.path, map),
            _ => skip_map(map),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.expect.collection {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let item = Expect {
            collection: false,
            ..self.expect
        };
        let mut i = 0;
        while seq
            .next_element_seed(Value {
                walker: &mut *self.walker,
                expect: item,
                path: JsonPath::Index(&self.path, i),
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    ignore_scalars!(());
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An action's request body: each member checked as the parameter of its name; a member no
/// parameter table lists is reported (unless the parameters were read off the example itself).
struct ParameterBody<'w, 'c, 'o> {
    walker: &'w mut Walker<'c, 'o>,
    parameters: &'c [Parameter],
    version: ApiVersion,
}

impl<'de> DeserializeSeed<'de> for ParameterBody<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ParameterBody<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let checker = self.walker.checker;
        let root = JsonPath::Root("");
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let parameter = self.parameters.iter().find(|p| p.name == *key);
            match parameter {
                Some(p) if !key.starts_with('@') => {
                    let expect = expect_of(&p.ty, self.version, &checker.types, &checker.enums);
                    map.next_value_seed(Value {
                        walker: &mut *self.walker,
                        expect,
                        path: JsonPath::Key(&root, &key),
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    let documented = self.parameters.iter().any(|p| !p.inferred);
                    if parameter.is_none() && documented && !key.starts_with('@') {
                        self.walker.out.push(
                            Diagnostic::new(
                                Code::ExampleParameterUnlisted,
                                self.walker.at,
                                format!("the example request sends `{key}`, which the Request body table does not list; it is not a field of the generated body"),
                            )
                            .with_help(format!("add `{key}` to the Request body table, or drop it from the example")),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    ignore_scalars!(());
}

/// Where a response body's data sits.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// In the body's only member, `value`.
    Wrapped,
    /// The body itself: an object of the type, or a collection of them.
    Data,
    /// An item of a collection.
    Item,
}

/// A response body: each object of the type is checked at the root path (`auditEvent.actor`, not
/// `auditEvent[0].actor`).
struct Response<'w, 'c, 'o> {
    walker: &'w mut Walker<'c, 'o>,
    t: usize,
    layout: Layout,
}

impl<'de> DeserializeSeed<'de> for Response<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Response<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let root = JsonPath::Root(&self.walker.checker.schema.types[self.t].name);
        if self.layout != Layout::Wrapped {
            return self.walker.object(self.t, root, map);
        }
        while let Some(Key(key)) = map.next_key::<Key>()? {
            if key == "value" {
                map.next_value_seed(Response {
                    walker: &mut *self.walker,
                    t: self.t,
                    layout: Layout::Data,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.layout != Layout::Data {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        while seq
            .next_element_seed(Response {
                walker: &mut *self.walker,
                t: self.t,
                layout: Layout::Item,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    ignore_scalars!(());
}

/// Whether a body is an object whose only members besides `@` annotations are `value` (collections
/// and Intune's single-entity responses wrap the data so).
fn only_value(body: &str) -> bool {
    // Without `"value"` in the text, and no escapes that could spell it, no member is `value`:
    // most single-entity bodies need no second reading.
    if !body.contains("\"value\"") && !body.contains('\\') {
        return false;
    }
    struct OnlyValue;
    impl<'de> Visitor<'de> for OnlyValue {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let (mut value, mut other) = (false, false);
            while let Some(Key(key)) = map.next_key::<Key>()? {
                map.next_value::<IgnoredAny>()?;
                match &*key {
                    "value" => value = true,
                    k if k.starts_with('@') => {}
                    _ => other = true,
                }
            }
            Ok(value && !other)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        ignore_scalars!(false);
    }
    let mut de = serde_json::Deserializer::from_str(body);
    de.deserialize_any(OnlyValue).unwrap_or(false)
}

/// Walks a whole body; false when it does not parse (never expected: bodies are JSON the reader
/// wrote).
fn walk<'de>(body: &'de str, seed: impl DeserializeSeed<'de, Value = ()>) -> bool {
    let mut de = serde_json::Deserializer::from_str(body);
    seed.deserialize(&mut de).and_then(|()| de.end()).is_ok()
}

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let checker = Checker::new(schema);
    // Operations are independent: check them in parallel, report in operation order.
    let found: Vec<Vec<Diagnostic>> = schema
        .operations
        .par_iter()
        .map(|op| {
            let mut out = Vec::new();
            check_operation(&checker, op, &mut out);
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// The findings in one operation's example bodies.
pub(crate) fn check_operation(checker: &Checker<'_>, op: &Operation, out: &mut Vec<Diagnostic>) {
    let type_of = |q: &QualifiedName| checker.types.get_q(op.version, q).copied();
    let request_type = op.request.resource().and_then(type_of);
    let parameters = op.request.parameters();
    let response_type = match &op.response_type {
        Some(PropertyType {
            base: TypeRef::Named(q),
            ..
        }) => type_of(q),
        _ => None,
    };
    for ex in &op.examples {
        if let (Some(body), Some(t)) = (&ex.request_body, request_type) {
            check_body(
                out,
                body.as_str(),
                |walker| {
                    let expect = Expect {
                        target: Target::Named {
                            enum_index: None,
                            type_index: Some(t),
                        },
                        collection: false,
                    };
                    let path = JsonPath::Root(&checker.schema.types[t].name);
                    let seed = Value {
                        walker,
                        expect,
                        path,
                    };
                    walk(body.as_str(), seed)
                },
                checker,
                &ex.source,
            );
        }
        if let (Some(body), false) = (&ex.request_body, parameters.is_empty()) {
            check_body(
                out,
                body.as_str(),
                |walker| {
                    let seed = ParameterBody {
                        walker,
                        parameters,
                        version: op.version,
                    };
                    walk(body.as_str(), seed)
                },
                checker,
                &ex.source,
            );
        }
        if let (Some(body), Some(t)) = (&ex.response_body, response_type) {
            let layout = match only_value(body.as_str()) {
                true => Layout::Wrapped,
                false => Layout::Data,
            };
            check_body(
                out,
                body.as_str(),
                |walker| walk(body.as_str(), Response { walker, t, layout }),
                checker,
                &ex.source,
            );
        }
    }
}

/// Runs one body's walk; a body that does not parse leaves no findings, as if it were empty.
fn check_body<'c>(
    out: &mut Vec<Diagnostic>,
    body: &str,
    run: impl FnOnce(&mut Walker<'c, '_>) -> bool,
    checker: &'c Checker<'c>,
    at: &'c Source,
) {
    let mark = out.len();
    let mut walker = Walker { checker, at, out };
    let parsed = run(&mut walker);
    // The walk skips unchecked values without reading them closely (a number out of range, nesting
    // past serde_json's limit); a body with findings must also read as a whole JSON value, or it
    // is one that does not parse. Findings are rare, so this second reading is too.
    let whole = || serde_json::from_str::<serde_json::Value>(body).is_ok();
    if !parsed || (out.len() > mark && !whole()) {
        out.truncate(mark);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Source {
        Source::new("beta/api/x.md", 7)
    }

    fn property(name: &str, base: TypeRef, collection: bool) -> Property {
        Property {
            name: name.into(),
            ty: PropertyType { base, collection },
            nullable: true,
            relationship: false,
            description: String::new(),
            deprecated: None,
            evidence: Evidence::ResourceTable,
            sources: vec![at()],
        }
    }

    fn type_def(name: &str, base: Option<&str>, properties: Vec<Property>) -> TypeDef {
        TypeDef {
            name: name.into(),
            namespace: "microsoft.graph".into(),
            version: ApiVersion::Beta,
            kind: TypeKind::Complex,
            base_type: base.map(|b| QualifiedName::new("microsoft.graph", b)),
            abstract_type: false,
            open_type: false,
            key_property: None,
            description: String::new(),
            properties,
            undocumented: Vec::new(),
            derived_types: Vec::new(),
            evidence: Evidence::ResourceTable,
            sources: vec![at()],
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(QualifiedName::new("microsoft.graph", name))
    }

    /// `auditEvent` (derived from `auditBase`, which has `category`) with an `actor` and a
    /// collection of `resources`; `actionState` is an enum.
    fn schema(request: Option<&str>, response: Option<&str>) -> Schema {
        let member = |name: &str| EnumMember {
            name: name.into(),
            value: None,
            description: String::new(),
            evolvable: false,
            sources: vec![at()],
        };
        let mut schema = Schema {
            types: vec![
                type_def(
                    "auditBase",
                    None,
                    vec![property("category", named("actionState"), false)],
                ),
                type_def(
                    "auditEvent",
                    Some("auditBase"),
                    vec![
                        property("actor", named("auditActor"), false),
                        property("resources", named("auditActor"), true),
                        property(
                            "activityDateTime",
                            TypeRef::Primitive(Primitive::DateTimeOffset),
                            false,
                        ),
                    ],
                ),
                type_def(
                    "auditActor",
                    None,
                    vec![property("state", named("actionState"), false)],
                ),
            ],
            enums: vec![EnumDef {
                name: "actionState".into(),
                namespace: "microsoft.graph".into(),
                version: ApiVersion::Beta,
                description: String::new(),
                flags: false,
                members: vec![member("none"), member("pending")],
                sources: vec![at()],
            }],
            ..Schema::default()
        };
        schema.operations.push(Operation {
            name: "op".into(),
            endpoint: "POST /x".into(),
            title: String::new(),
            kind: OperationKind::Resource,
            version: ApiVersion::Beta,
            method: HttpMethod::Post,
            path: "/x".into(),
            segments: Vec::new(),
            parameters: Vec::new(),
            function_parameters: Vec::new(),
            request: RequestBody::Resource {
                ty: QualifiedName::new("microsoft.graph", "auditEvent"),
            },
            response_type: Some(PropertyType {
                base: named("auditEvent"),
                collection: false,
            }),
            success_status: 200,
            permissions: Vec::new(),
            description: String::new(),
            examples: vec![Example {
                request_url: None,
                request_body: request.map(|b| JsonText::new(b.into())),
                response_status: None,
                response_body: response.map(|b| JsonText::new(b.into())),
                response_headers: Vec::new(),
                source: at(),
            }],
            source: at(),
            also_documented_at: Vec::new(),
            aliases: Vec::new(),
        });
        schema
    }

    fn findings(request: Option<&str>, response: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        check(&schema(request, response), &mut out);
        let mut messages: Vec<String> = out
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        messages.sort();
        messages
    }

    #[test]
    fn unknown_members_and_placeholders_are_found_through_bases_and_collections() {
        let found = findings(
            Some(
                r#"{"category": "bogus", "@odata.type": "x", "actor": {"state": "none"},
                    "resources": [{"state": "pending"}, {"state": "later"}],
                    "activityDateTime": "String (timestamp)", "other": {"state": "nope"}}"#,
            ),
            None,
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("example-placeholder: the example gives the placeholder `\"String (timestamp)\"` for `auditEvent.activityDateTime`"), "{found:#?}");
        assert!(
            found[1].contains("`\"bogus\"` for `auditEvent.category`"),
            "{found:#?}"
        );
        assert!(
            found[2].contains("`\"later\"` for `auditEvent.resources[1].state`"),
            "{found:#?}"
        );
    }

    #[test]
    fn response_collections_are_unwrapped_and_each_item_is_at_the_root() {
        let wrapped = r#"{"@odata.context": "x", "value": [{"category": "a"}, {"category": "b"}]}"#;
        let found = findings(None, Some(wrapped));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].contains("`\"a\"` for `auditEvent.category`"),
            "{found:#?}"
        );
        // A body with members besides `value` is the object itself: `value` is not a property.
        let not_wrapped = r#"{"category": "c", "value": [{"category": "d"}]}"#;
        let found = findings(None, Some(not_wrapped));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`\"c\"`"), "{found:#?}");
        // `value` spelled with an escape is still the wrapper.
        let found = findings(None, Some(r#"{"v\u0061lue": [{"category": "g"}]}"#));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("`\"g\"` for `auditEvent.category`"),
            "{found:#?}"
        );
        // A bare array of objects.
        let found = findings(None, Some(r#"[{"category": "e"}, "f", 3]"#));
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn a_body_that_does_not_parse_leaves_no_findings() {
        assert!(findings(Some(r#"{"category": "bogus", "#), None).is_empty());
        assert!(findings(Some(r#"{"category": "bogus"} trailing"#), None).is_empty());
        // A number out of range, or nesting past serde_json's limit, in a value no check reads
        // still makes the body unreadable as a whole.
        assert!(findings(Some(r#"{"category": "bogus", "@a": 1e400}"#), None).is_empty());
        let deep = format!(
            r#"{{"category": "bogus", "@a": {}{}}}"#,
            "[".repeat(130),
            "]".repeat(130)
        );
        assert!(findings(Some(&deep), None).is_empty());
        // Escaped keys are read as the names they spell.
        let found = findings(Some(r#"{"c\u0061tegory": "bogus"}"#), None);
        assert_eq!(found.len(), 1, "{found:#?}");
    }
}
