//! API areas as Cargo features of a generated crate: an area is the first segment of the
//! operations' paths (`/users/...` is `users`, `/deviceManagement/...` is `device-management`).
//! Its feature enables the area's operations and exactly the types and enums they reach: request,
//! response and parameter types, then every property's type (navigation included, since a field
//! names its type) and every base type, transitively. A type several areas reach is enabled by any
//! of them; `models` enables every type, those no operation reaches too.
//!
//! Cargo cannot write "any of these features" in one `cfg` cheaply for thousands of items, so each
//! distinct set of areas that reaches some types is a feature of its own (`_types-3`), enabled by
//! the area features of the set and by `models`; an item carries one `#[cfg(feature = "...")]`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::ir::*;

/// The feature that enables every type.
pub const MODELS: &str = "models";

/// The feature that enables every API area.
pub const ALL_AREAS: &str = "all-areas";

/// Features a generated crate has for other reasons: an area never takes one of these names.
const TAKEN: [&str; 10] = [
    "default",
    "beta",
    "v1.0",
    "models",
    "all-areas",
    "time",
    "chrono",
    "uuid",
    "ureq",
    "reqwest",
];

/// The area features of a schema and the gate of every item.
#[derive(Debug, Default)]
pub struct Areas {
    /// Per operation (schema order): its area's feature.
    pub op_area: Vec<String>,
    /// Per type (schema order): the feature that enables it.
    pub type_gate: Vec<String>,
    /// Per enum (schema order): the feature that enables it.
    pub enum_gate: Vec<String>,
    /// Each area feature: its module name, and how many operations and types it enables.
    pub areas: BTreeMap<String, Area>,
    /// Each group feature (`_types-N`) and the area features that enable it.
    pub groups: Vec<(String, BTreeSet<String>)>,
}

#[derive(Debug, Default, Clone)]
pub struct Area {
    /// The module of `operations` that holds its operations (`device_management`).
    pub module: String,
    pub operations: usize,
    pub types: usize,
}

/// The first segment of a path as written (`deviceManagement` in `/deviceManagement/x`).
fn first_segment(op: &Operation) -> &str {
    let text = match op.segments.first() {
        Some(PathSegment::Literal { text }) => text.as_str(),
        _ => "",
    };
    let head = text.trim_start_matches('/');
    let end = head.find(['/', '(', '{', '?', '=']).unwrap_or(head.len());
    &head[..end]
}

/// Each area's feature name, by its first segment in any case: the spelling with the most word
/// breaks (`directoryRoles` over `directoryroles`) in kebab case.
fn feature_names(ops: &[Operation]) -> BTreeMap<String, String> {
    let mut spellings: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for op in ops {
        let first = first_segment(op);
        spellings
            .entry(first.to_ascii_lowercase())
            .or_default()
            .insert(first);
    }
    let breaks = |w: &str| w.chars().filter(char::is_ascii_uppercase).count();
    let mut taken: BTreeSet<String> = TAKEN.iter().map(|t| t.to_string()).collect();
    spellings
        .into_iter()
        .map(|(lower, set)| {
            let best = set
                .into_iter()
                .max_by_key(|w| (breaks(w), std::cmp::Reverse(*w)));
            let name = feature_name(best.unwrap_or(""), &mut taken);
            (lower, name)
        })
        .collect()
}

/// A feature name for an area, unique: kebab case, ASCII letters, digits and `-` only (it also
/// names the area's module and file), starting with a letter.
fn feature_name(segment: &str, taken: &mut BTreeSet<String>) -> String {
    let kebab = heck::ToKebabCase::to_kebab_case(segment);
    let ascii: String = kebab
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect();
    let trimmed = ascii.trim_matches('-');
    let mut name = match trimmed.starts_with(|c: char| c.is_ascii_lowercase()) {
        true => trimmed.to_string(),
        false => format!("area-{trimmed}").trim_end_matches('-').to_string(),
    };
    // A Rust keyword cannot name the module; a taken name cannot name the feature.
    if syn::parse_str::<syn::Ident>(&name.replace('-', "_")).is_err() || taken.contains(&name) {
        name.push_str("-api");
    }
    let base = name.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

impl Areas {
    pub fn new(schema: &Schema) -> Self {
        let features = feature_names(&schema.operations);
        let op_area: Vec<String> = schema
            .operations
            .iter()
            .map(|op| features[&first_segment(op).to_ascii_lowercase()].clone())
            .collect();
        let reach = Reach::of(schema, &op_area);
        // An area's module sits beside the version's namespace modules (which its items reach
        // through `super::`): it never takes one of their names.
        let namespaces: BTreeSet<String> = schema
            .types
            .iter()
            .map(|t| &t.namespace)
            .chain(schema.enums.iter().map(|e| &e.namespace))
            .map(|ns| super::names::namespace_module(ns))
            .collect();
        let mut areas: BTreeMap<String, Area> = BTreeMap::new();
        for a in &op_area {
            let area = areas.entry(a.clone()).or_default();
            area.operations += 1;
            area.module = a.replace('-', "_");
            if namespaces.contains(&area.module) || area.module == "operations" {
                area.module.push_str("_endpoints");
            }
        }
        for set in reach.types.iter() {
            for &a in set {
                match areas.get_mut(a) {
                    Some(area) => area.types += 1,
                    None => areas.entry(a.to_string()).or_default().types += 1,
                }
            }
        }
        // One feature per distinct set of areas, numbered in the sets' order.
        let sets: BTreeSet<&BTreeSet<&str>> = reach
            .types
            .iter()
            .chain(&reach.enums)
            .filter(|s| !s.is_empty())
            .collect();
        let groups: Vec<(String, &BTreeSet<&str>)> = sets
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("_types-{}", i + 1), s))
            .collect();
        let by_set: BTreeMap<&BTreeSet<&str>, &str> =
            groups.iter().map(|(n, s)| (*s, n.as_str())).collect();
        let gate = |set: &BTreeSet<&str>| match by_set.get(set) {
            Some(name) => name.to_string(),
            None => MODELS.to_string(),
        };
        Areas {
            type_gate: reach.types.iter().map(gate).collect(),
            enum_gate: reach.enums.iter().map(gate).collect(),
            areas,
            groups: groups
                .into_iter()
                .map(|(name, set)| (name, set.iter().map(|a| a.to_string()).collect()))
                .collect(),
            op_area,
        }
    }

    /// The group features an area feature enables.
    pub fn groups_of(&self, area: &str) -> Vec<&str> {
        self.groups
            .iter()
            .filter(|(_, set)| set.contains(area))
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

/// Which areas reach each type and enum.
struct Reach<'a> {
    types: Vec<BTreeSet<&'a str>>,
    enums: Vec<BTreeSet<&'a str>>,
}

impl<'a> Reach<'a> {
    fn of(schema: &Schema, op_area: &'a [String]) -> Self {
        let graph = Graph::new(schema);
        let mut starts: BTreeMap<(&'a str, ApiVersion), Vec<Node>> = BTreeMap::new();
        for (op, area) in schema.operations.iter().zip(op_area) {
            let nodes = op.named_types().flat_map(|q| graph.nodes(op.version, q));
            starts
                .entry((area.as_str(), op.version))
                .or_default()
                .extend(nodes);
        }
        // Each area's closure on its own (in parallel), then gathered in area order.
        let closures: Vec<(&'a str, Vec<Node>)> = starts
            .into_par_iter()
            .map(|((area, _), pending)| (area, graph.closure(pending)))
            .collect();
        let mut reach = Reach {
            types: vec![BTreeSet::new(); schema.types.len()],
            enums: vec![BTreeSet::new(); schema.enums.len()],
        };
        for (area, nodes) in closures {
            for node in nodes {
                let set = match node {
                    Node::Type(i) => &mut reach.types[i],
                    Node::Enum(e) => &mut reach.enums[e],
                };
                set.insert(area);
            }
        }
        reach
    }
}

/// A type or an enum, by its schema position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    Type(usize),
    Enum(usize),
}

/// What each type reaches in one step: its base type and its properties' types, by position, so
/// that a closure never looks a name up twice.
struct Graph {
    type_index: NameIndex<usize>,
    enum_index: NameIndex<usize>,
    edges: Vec<Vec<Node>>,
    enum_count: usize,
}

impl Graph {
    fn new(schema: &Schema) -> Self {
        let mut graph = Graph {
            type_index: schema.type_index(),
            enum_index: schema.enum_index(),
            edges: Vec::new(),
            enum_count: schema.enums.len(),
        };
        graph.edges = schema
            .types
            .par_iter()
            .map(|t| {
                let named = t.properties.iter().filter_map(|p| match &p.ty.base {
                    TypeRef::Named(q) => Some(q),
                    TypeRef::Primitive(_) => None,
                });
                let targets = t.base_type.iter().chain(named);
                targets.flat_map(|q| graph.nodes(t.version, q)).collect()
            })
            .collect();
        graph
    }

    /// The enum and the type a name stands for in `version` (either, both or none).
    fn nodes(&self, version: ApiVersion, q: &QualifiedName) -> impl Iterator<Item = Node> {
        let e = self.enum_index.get_q(version, q).map(|&e| Node::Enum(e));
        let t = self.type_index.get_q(version, q).map(|&i| Node::Type(i));
        e.into_iter().chain(t)
    }

    /// Everything reachable from `pending`, each once.
    fn closure(&self, mut pending: Vec<Node>) -> Vec<Node> {
        let mut seen_types = vec![false; self.edges.len()];
        let mut seen_enums = vec![false; self.enum_count];
        let mut out = Vec::new();
        while let Some(node) = pending.pop() {
            let seen = match node {
                Node::Type(i) => &mut seen_types[i],
                Node::Enum(e) => &mut seen_enums[e],
            };
            if std::mem::replace(seen, true) {
                continue;
            }
            out.push(node);
            if let Node::Type(i) = node {
                pending.extend_from_slice(&self.edges[i]);
            }
        }
        out
    }
}
