//! From the IR to Rust: one module per version and namespace. Structs, enums and endpoint stubs
//! each follow one template and are laid out as text ([`text`]); tokens are made from that text only
//! where a front end needs them (the macro, the `build.rs` single file).
//!
//! This layer knows Rust and the IR, nothing of markdown.

pub mod areas;
pub mod doc_comments;
pub mod members;
pub mod models;
pub mod names;
pub mod operations;
pub mod permissions;
pub mod polymorphic;
pub mod request_bodies;
pub mod text;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

use crate::ir::*;
use crate::settings::{self, Settings};

/// The support module as seen from a module of a version (`version::namespace`,
/// `version::operations`).
pub const SUPPORT: &str = "super::super::support";

/// The support module's source, shipped verbatim into every output: the models' runtime, then the
/// calling layer (session, retries, paging, batching, monitors, uploads) in the same module.
pub const SUPPORT_RS: &str = concat!(
    include_str!("../../runtime/support.rs"),
    include_str!("../../runtime/calling.rs")
);

/// The conversions of the wire strings to other crates' types: (the crate, and feature, name; the
/// source of the support module's submodule that holds them).
/// One for each name [`settings::CONVERSIONS`] accepts, in its order (a unit test checks).
pub const CONVERSIONS: [(&str, &str); settings::CONVERSIONS.len()] = [
    ("time", include_str!("../../runtime/time.rs")),
    ("chrono", include_str!("../../runtime/chrono.rs")),
    ("uuid", include_str!("../../runtime/uuid.rs")),
];

/// The HTTP clients the support module's `Client`/`AsyncClient` traits are implemented for: (the
/// crate, and feature, name; the source of the submodule that holds the impl).
/// One for each name [`settings::CLIENTS`] accepts, in its order.
pub const CLIENTS: [(&str, &str); settings::CLIENTS.len()] = [
    ("ureq", include_str!("../../runtime/ureq.rs")),
    ("reqwest", include_str!("../../runtime/reqwest.rs")),
];

/// The support module: its source, then the conversions and the clients, each behind the feature
/// of its crate's name (`gated`, a generated crate) or, for the ones the settings select, as they
/// are (the macro and `build.rs`, whose features are the user's).
fn support_source(gated: bool, settings: &Settings) -> String {
    let mut out = SUPPORT_RS.to_string();
    let parts = [
        (CONVERSIONS.as_slice(), &settings.conversions, "conversions"),
        (CLIENTS.as_slice(), &settings.clients, "client"),
    ];
    for (table, selected, suffix) in parts {
        for (name, source) in table {
            if gated {
                out.push_str(&format!("\n#[cfg(feature = \"{name}\")]\n"));
            } else if !selected.iter().any(|s| s == name) {
                continue;
            }
            out.push_str(&format!("mod {name}_{suffix} {{\n{source}}}\n"));
        }
    }
    out
}

/// `code` with `#[cfg(feature = "{gate}")]` before each of its items (the lines at column 0 that
/// start one); unchanged without a gate.
pub fn gate_items(code: String, gate: Option<&str>) -> String {
    let Some(gate) = gate else {
        return code;
    };
    const STARTS: [&str; 7] = [
        "pub struct ",
        "pub enum ",
        "impl ",
        "impl<",
        "pub type ",
        "pub const ",
        "pub fn ",
    ];
    let cfg = format!("#[cfg(feature = {})]\n", text::string_literal(gate));
    let mut out = String::with_capacity(code.len() + 4 * cfg.len());
    // Copied in runs between items, not line by line: the models are tens of megabytes.
    let mut copied = 0;
    let line_starts =
        std::iter::once(0).chain(memchr::memchr_iter(b'\n', code.as_bytes()).map(|i| i + 1));
    for start in line_starts {
        if STARTS.iter().any(|s| code[start..].starts_with(s)) {
            out.push_str(&code[copied..start]);
            out.push_str(&cfg);
            copied = start;
        }
    }
    out.push_str(&code[copied..]);
    out
}

/// An identifier from a name that [`names`] made valid.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// What the emitters share: the schema, the settings, the Rust name of every type, recursion edges.
pub struct Context<'s> {
    pub schema: &'s Schema,
    pub settings: &'s Settings,
    types: NameIndex<usize>,
    enums: NameIndex<usize>,
    /// The Rust name of each type and enum, by its index in the schema. Kept apart: a few docs
    /// define a type and an enum of one name.
    struct_names: Vec<String>,
    enum_names: Vec<String>,
    /// Per type index, the properties that must be boxed to break a cycle.
    boxed: Vec<Vec<String>>,
    /// Types and enums whose closure (properties, bases' properties, derived types) holds an enum
    /// with members after `unknownFutureValue`: computed once, asked per operation.
    reaches_evolvable: NameIndex<()>,
    /// Per type index, the types derived from it, at any depth, in schema order: a value declared
    /// as the type may be any of them.
    descendants: Vec<Vec<usize>>,
    /// Per type index, the Rust name of its polymorphic enum (`AnyDeviceConfiguration`), for the
    /// types that have descendants.
    any_names: Vec<Option<String>>,
    /// The API area features and each item's gate, for a generated crate (a single file has no
    /// features of its own: the macro's and `build.rs`'s are the user's).
    pub areas: Option<areas::Areas>,
    /// Per type index, its properties (its bases' first) and their field names: asked by the
    /// struct, its patch body, its polymorphic enum and the walks below, so worked out once.
    properties: Vec<Vec<&'s Property>>,
    fields: Vec<Vec<(String, &'s Property)>>,
}

impl<'s> Context<'s> {
    pub fn new(schema: &'s Schema, settings: &'s Settings) -> Self {
        // Rust names per module, in a fixed order: types first, then enums.
        let mut namers: BTreeMap<(ApiVersion, String), names::Namer> = BTreeMap::new();
        let mut unique_name = |version: ApiVersion, namespace: &str, name: &str| {
            namers
                .entry((version, names::namespace_module(namespace)))
                .or_default()
                .unique(names::type_name(name), "")
        };
        let struct_names = schema
            .types
            .iter()
            .map(|t| unique_name(t.version, &t.namespace, &t.name))
            .collect();
        let enum_names = schema
            .enums
            .iter()
            .map(|e| unique_name(e.version, &e.namespace, &e.name))
            .collect();
        let types = schema.type_index();
        let descendants = polymorphic::descendants(schema, &types);
        let any_names = schema
            .types
            .iter()
            .zip(&descendants)
            .map(|(t, d)| {
                let name = format!("Any{}", names::type_name(&t.name));
                (!d.is_empty()).then(|| unique_name(t.version, &t.namespace, &name))
            })
            .collect();
        let mut ctx = Context {
            schema,
            settings,
            types,
            enums: schema.enum_index(),
            struct_names,
            enum_names,
            boxed: Vec::new(),
            reaches_evolvable: NameIndex::default(),
            descendants,
            any_names,
            areas: None,
            properties: Vec::new(),
            fields: Vec::new(),
        };
        ctx.cache_properties();
        (ctx.boxed, ctx.reaches_evolvable) =
            rayon::join(|| ctx.recursive_edges(), || ctx.evolvable_closures());
        ctx
    }

    /// The context for a generated crate: with its API area features (worked out beside the
    /// rest, on another thread).
    pub fn for_crate(schema: &'s Schema, settings: &'s Settings) -> Self {
        let (ctx, areas) = rayon::join(
            || Context::new(schema, settings),
            || areas::Areas::new(schema),
        );
        Context {
            areas: Some(areas),
            ..ctx
        }
    }

    /// The feature a type's items are behind, in a generated crate.
    pub fn type_gate(&self, t: &TypeDef) -> Option<&str> {
        let areas = self.areas.as_ref()?;
        areas
            .type_gate
            .get(self.type_position(t)?)
            .map(String::as_str)
    }

    /// The API area of an operation of the schema, in a generated crate: its feature and module.
    pub fn op_area(&self, op: &Operation) -> Option<(&str, &str)> {
        let areas = self.areas.as_ref()?;
        let ops = &self.schema.operations;
        let (base, at) = (ops.as_ptr() as usize, op as *const Operation as usize);
        let size = std::mem::size_of::<Operation>();
        let offset = at.wrapping_sub(base);
        let i = (at >= base && offset % size == 0 && offset / size < ops.len())
            .then_some(offset / size)?;
        let feature = areas.op_area[i].as_str();
        Some((feature, areas.areas[feature].module.as_str()))
    }

    /// The feature an enum's items are behind, in a generated crate.
    pub fn enum_gate(&self, e: &EnumDef) -> Option<&str> {
        let areas = self.areas.as_ref()?;
        let i = self.enums.get(e.version, &e.namespace, &e.name)?;
        areas.enum_gate.get(*i).map(String::as_str)
    }

    pub fn type_def(&self, version: ApiVersion, q: &QualifiedName) -> Option<&'s TypeDef> {
        self.types.get_q(version, q).map(|&i| &self.schema.types[i])
    }

    /// Whether values of `t` must say which type they are: it derives from a type other than
    /// `entity` (the service needs `@odata.type` to create or update a derived type; a plain type
    /// must not carry one).
    pub fn is_derived(&self, t: &TypeDef) -> bool {
        t.base_type.as_ref().is_some_and(|b| {
            !b.name.eq_ignore_ascii_case("entity") && self.type_def(t.version, b).is_some()
        })
    }

    pub fn enum_def(&self, version: ApiVersion, q: &QualifiedName) -> Option<&'s EnumDef> {
        self.enums.get_q(version, q).map(|&i| &self.schema.enums[i])
    }

    /// The index of a type in the schema. Emitters pass the schema's own definitions, whose
    /// index their address gives (asked per property); any other is looked up by name.
    fn type_position(&self, t: &TypeDef) -> Option<usize> {
        let types = &self.schema.types;
        let (base, at) = (types.as_ptr() as usize, t as *const TypeDef as usize);
        let size = std::mem::size_of::<TypeDef>();
        let offset = at.wrapping_sub(base);
        if at >= base && offset % size == 0 && offset / size < types.len() {
            return Some(offset / size);
        }
        self.types.get(t.version, &t.namespace, &t.name).copied()
    }

    /// The Rust name a reference to `q` uses: the enum when a name is both an enum and a type (the
    /// resolver reports that clash), the polymorphic enum for a type others derive from, else
    /// the struct.
    pub fn rust_name(&self, version: ApiVersion, q: &QualifiedName) -> Option<String> {
        match self.enums.get_q(version, q) {
            Some(&i) => Some(self.enum_names[i].clone()),
            None => self
                .types
                .get_q(version, q)
                .map(|&i| match &self.any_names[i] {
                    Some(any) => any.clone(),
                    None => self.struct_names[i].clone(),
                }),
        }
    }

    /// The types derived from `t` at any depth, in schema order.
    pub fn descendants(&self, t: &TypeDef) -> &[usize] {
        self.type_position(t)
            .map_or(&[][..], |i| self.descendants[i].as_slice())
    }

    /// The name of `t`'s polymorphic enum, when types derive from it.
    pub fn any_name(&self, t: &TypeDef) -> Option<&str> {
        self.type_position(t)
            .and_then(|i| self.any_names[i].as_deref())
    }

    /// Fills the per-type property and field tables (the rest of the context is needed to find
    /// a type's bases).
    fn cache_properties(&mut self) {
        use rayon::prelude::*;
        let types = &self.schema.types;
        let properties: Vec<Vec<&'s Property>> = types
            .par_iter()
            .map(|t| models::inherited_properties(self, t))
            .collect();
        self.fields = properties
            .par_iter()
            .map(|props| models::field_names(props))
            .collect();
        self.properties = properties;
    }

    /// All properties of a type, its bases' first (a derived type carries its base's properties).
    pub fn properties<'a>(&'a self, t: &'a TypeDef) -> std::borrow::Cow<'a, [&'a Property]> {
        match self.type_position(t).and_then(|i| self.properties.get(i)) {
            Some(props) => std::borrow::Cow::Borrowed(props.as_slice()),
            None => std::borrow::Cow::Owned(models::inherited_properties(self, t)),
        }
    }

    /// A type's properties with their Rust field names (see [`models::field_names`]).
    pub fn fields<'a>(&'a self, t: &'a TypeDef) -> std::borrow::Cow<'a, [(String, &'a Property)]> {
        match self.type_position(t).and_then(|i| self.fields.get(i)) {
            Some(fields) => std::borrow::Cow::Borrowed(fields.as_slice()),
            None => std::borrow::Cow::Owned(models::field_names(&self.properties(t))),
        }
    }

    /// Whether a reference to `q` is to a type others derive from (a polymorphic value).
    pub fn is_polymorphic(&self, version: ApiVersion, q: &QualifiedName) -> bool {
        self.enums.get_q(version, q).is_none()
            && self
                .types
                .get_q(version, q)
                .is_some_and(|&i| self.any_names[i].is_some())
    }

    pub fn struct_name(&self, t: &TypeDef) -> String {
        self.type_position(t)
            .map_or_else(|| t.name.clone(), |i| self.struct_names[i].clone())
    }

    /// The path to a struct as seen from `from_ns` (bypassing a same-named enum).
    pub fn struct_path(&self, t: &TypeDef, from_ns: &str) -> String {
        let name = self.struct_name(t);
        if t.namespace.eq_ignore_ascii_case(from_ns) {
            name
        } else {
            format!("super::{}::{name}", names::namespace_module(&t.namespace))
        }
    }

    pub fn enum_name(&self, e: &EnumDef) -> String {
        self.enums
            .get(e.version, &e.namespace, &e.name)
            .map_or_else(|| e.name.clone(), |&i| self.enum_names[i].clone())
    }

    /// The user's extra derives (paths, validated when the option was applied), less those the
    /// item derives already (`derive = ["Eq"]` on an enum that has `Eq` would not compile).
    pub fn extra_derives(&self, already: &[&str]) -> Vec<String> {
        self.settings
            .extra_derives
            .iter()
            .map(|d| d.trim())
            .filter(|d| !already.contains(&d.rsplit("::").next().unwrap_or(d).trim()))
            .map(str::to_string)
            .collect()
    }

    pub fn is_recursive_edge(&self, owner: &TypeDef, p: &Property) -> bool {
        self.type_position(owner)
            .is_some_and(|i| self.boxed[i].contains(&p.name))
    }

    /// Whether a type or enum reaches an evolvable enum (see `reaches_evolvable`).
    pub fn reaches_evolvable_enum(&self, version: ApiVersion, q: &QualifiedName) -> bool {
        self.reaches_evolvable.contains(version, q)
    }

    /// One backwards walk from the evolvable enums over "is used by" edges. A type and an enum of
    /// one name are one node, as a reference to the name cannot tell them apart.
    fn evolvable_closures(&self) -> NameIndex<()> {
        let mut nodes: NameIndex<usize> = NameIndex::default();
        let mut names: Vec<(ApiVersion, &str, &str)> = Vec::new();
        let mut node = |version: ApiVersion, namespace: &'s str, name: &'s str| {
            if let Some(&i) = nodes.get(version, namespace, name) {
                return i;
            }
            nodes.insert(version, namespace, name, names.len());
            names.push((version, namespace, name));
            names.len() - 1
        };
        let mut used_by: Vec<(usize, usize)> = Vec::new();
        for (t, properties) in self.schema.types.iter().zip(&self.properties) {
            let owner = node(t.version, &t.namespace, &t.name);
            for p in properties {
                if let TypeRef::Named(q) = &p.ty.base {
                    used_by.push((node(t.version, &q.namespace, &q.name), owner));
                }
            }
            for d in &t.derived_types {
                used_by.push((node(t.version, &d.namespace, &d.name), owner));
            }
        }
        let mut queue: Vec<usize> = self
            .schema
            .enums
            .iter()
            .filter(|e| e.has_evolvable_members())
            .map(|e| node(e.version, &e.namespace, &e.name))
            .collect();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (used, owner) in used_by {
            users[used].push(owner);
        }
        let mut reached = vec![false; names.len()];
        let mut index = NameIndex::default();
        while let Some(i) = queue.pop() {
            if !std::mem::replace(&mut reached[i], true) {
                let (version, namespace, name) = names[i];
                index.insert(version, namespace, name, ());
                queue.extend(users[i].iter().copied());
            }
        }
        index
    }

    /// Struct fields that close a cycle of by-value containment; `Vec` already breaks cycles.
    fn recursive_edges(&self) -> Vec<Vec<String>> {
        let n = self.schema.types.len();
        let mut edges: Vec<Vec<(usize, String)>> = vec![Vec::new(); n];
        for (i, (t, properties)) in self.schema.types.iter().zip(&self.properties).enumerate() {
            for p in properties {
                if p.ty.collection {
                    continue;
                }
                // A polymorphic value holds its type or any descendant, each by value.
                if let TypeRef::Named(q) = &p.ty.base {
                    if let Some(&j) = self.types.get_q(t.version, q) {
                        edges[i].push((j, p.name.clone()));
                        for &d in &self.descendants[j] {
                            edges[i].push((d, p.name.clone()));
                        }
                    }
                }
            }
        }
        let scc = strongly_connected(&edges);
        let mut boxed = vec![Vec::new(); n];
        for (i, out) in edges.into_iter().enumerate() {
            for (j, name) in out {
                if scc[i] == scc[j] && !boxed[i].contains(&name) {
                    boxed[i].push(name);
                }
            }
        }
        boxed
    }
}

/// Tarjan's algorithm, iterative (deep type chains must not overflow the stack). Returns each node's
/// component id.
fn strongly_connected(edges: &[Vec<(usize, String)>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some((w, _)) = edges[v].get(*ei) {
                let w = *w;
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comps;
                        if w == v {
                            break;
                        }
                    }
                    comps += 1;
                }
            }
        }
    }
    comp
}

/// One top-level item, laid out as text ([`text`]) on demand, so the items of a module can be
/// laid out in parallel.
pub type Item<'s> = Box<dyn Fn(&Context<'s>) -> String + Send + Sync + 's>;

/// A module of the output: its items and its child modules.
#[derive(Default)]
pub struct Module<'s> {
    pub doc: String,
    pub items: Vec<Item<'s>>,
    pub children: BTreeMap<String, Module<'s>>,
    /// The feature the module is behind, whose items its parent re-exports (an API area of a
    /// version's `operations`).
    pub feature: Option<String>,
    /// Lines after the module's docs and declarations (`use` of the names its children's items
    /// reach through `super::`).
    pub uses: Vec<String>,
}

pub fn version_module(v: ApiVersion) -> &'static str {
    match v {
        ApiVersion::Beta => "beta",
        ApiVersion::V1 => "v1_0",
    }
}

/// The models' items (structs, enums, polymorphic enums), each in its namespace's module.
fn model_items<'s>(ctx: &Context<'s>) -> Module<'s> {
    let schema = ctx.schema;
    let mut root = Module::default();
    let replaced = |q: QualifiedName| ctx.settings.replacement(&q).is_some();
    for t in schema
        .types
        .iter()
        .filter(|t| !replaced(t.qualified_name()))
    {
        let m = namespace_module_mut(&mut root, t.version, &t.namespace);
        m.items.push(Box::new(move |ctx: &Context<'s>| {
            gate_items(models::emit_struct(ctx, t), ctx.type_gate(t))
        }));
    }
    for e in schema
        .enums
        .iter()
        .filter(|e| !replaced(e.qualified_name()))
    {
        let m = namespace_module_mut(&mut root, e.version, &e.namespace);
        m.items.push(Box::new(move |ctx: &Context<'s>| {
            gate_items(models::emit_enum(ctx, e), ctx.enum_gate(e))
        }));
    }
    for t in schema
        .types
        .iter()
        .filter(|t| !replaced(t.qualified_name()) && ctx.any_name(t).is_some())
    {
        let m = namespace_module_mut(&mut root, t.version, &t.namespace);
        m.items.push(Box::new(move |ctx: &Context<'s>| {
            gate_items(polymorphic::emit_any(ctx, t), ctx.type_gate(t))
        }));
    }
    root
}

/// The module tree for a schema: `version::namespace` holding types and enums, and
/// `version::operations` holding the endpoint stubs.
pub fn module_tree<'s>(ctx: &Context<'s>) -> Module<'s> {
    use rayon::prelude::*;
    let schema = ctx.schema;
    // Each version's operations are planned on their own (their names are per version), beside
    // the models' items.
    let (planned, mut root) = rayon::join(
        || {
            ApiVersion::ALL
                .par_iter()
                .map(|&v| {
                    let ops: Vec<&Operation> = schema
                        .operations
                        .iter()
                        .filter(|o| o.version == v)
                        .collect();
                    (!ops.is_empty()).then(|| operations::emit_operations(v, &ops, ctx))
                })
                .collect::<Vec<_>>()
        },
        || model_items(ctx),
    );
    for (v, items) in ApiVersion::ALL.into_iter().zip(planned) {
        let Some(items) = items else {
            continue;
        };
        let version = root
            .children
            .entry(version_module(v).to_string())
            .or_default();
        let mut operations = Module {
            doc: format!(
                "Endpoint stubs for Microsoft Graph {}: one type per documented endpoint.",
                v.as_str()
            ),
            items: items.shared,
            ..Module::default()
        };
        if !items.by_area.is_empty() {
            // Each area in a file of its own, behind its feature, re-exported here: the paths
            // users write stay `operations::Name`. Its items reach the version's modules and
            // the support module through `super::`, as the operations module's own do.
            let namespaces: Vec<String> = version.children.keys().cloned().collect();
            let names = match namespaces.as_slice() {
                [one] => one.clone(),
                many => format!("{{{}}}", many.join(", ")),
            };
            operations
                .uses
                .push(format!("#[allow(unused_imports)]\nuse super::{names};"));
            version
                .uses
                .push("#[allow(unused_imports)]\nuse super::support;".to_string());
            for (feature, (module, area_items)) in items.by_area {
                let area = Module {
                    doc: format!(
                        "The `{feature}` API area's endpoints (feature `{feature}`), re-exported by `operations`."
                    ),
                    items: area_items,
                    feature: Some(feature),
                    ..Module::default()
                };
                operations.children.insert(module, area);
            }
        }
        version
            .children
            .insert("operations".to_string(), operations);
    }
    for v in ApiVersion::ALL {
        if let Some(m) = root.children.get_mut(version_module(v)) {
            m.doc = format!(
                "Microsoft Graph {} models, one module per namespace.",
                v.as_str()
            );
            // Roots that select types only still give an `operations` module, whose docs say
            // why it is empty, rather than a path that does not resolve.
            if !ctx.settings.roots.is_empty() && !m.children.contains_key("operations") {
                m.children.insert(
                    "operations".to_string(),
                    Module {
                        doc: format!(
                            "No endpoint stubs: the roots ({}) select types only. Add an operation's name or an API area (`/users`) to the roots for its stubs.",
                            ctx.settings.roots.join(", ")
                        ),
                        ..Module::default()
                    },
                );
            }
        }
    }
    root
}

fn namespace_module_mut<'m, 's>(
    root: &'m mut Module<'s>,
    version: ApiVersion,
    namespace: &str,
) -> &'m mut Module<'s> {
    let v = root
        .children
        .entry(version_module(version).to_string())
        .or_default();
    v.children
        .entry(names::namespace_module(namespace))
        .or_insert_with(|| Module {
            doc: format!(
                "Types and enums of the `{}` namespace.",
                crate::diagnostics::escape_control(namespace)
            ),
            ..Default::default()
        })
}

/// Formats tokens as a file; a token stream that is not a valid file is an internal error.
pub fn format_file(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

pub const HEADER: &str = "// @generated by graphdoc from the Microsoft Graph docs. Do not edit: run `graphdoc generate`.\n";

fn module_doc(doc: &str) -> TokenStream {
    if doc.is_empty() {
        return quote!();
    }
    let d = format!(" {doc}");
    quote!(#![doc = #d])
}

fn child_decls(m: &Module) -> Vec<TokenStream> {
    m.children
        .iter()
        .map(|(k, child)| {
            let i = ident(k);
            match &child.feature {
                Some(feature) => quote! {
                    #[cfg(feature = #feature)]
                    mod #i;
                    #[cfg(feature = #feature)]
                    pub use #i::*;
                },
                None => quote!(pub mod #i;),
            }
        })
        .collect()
}

/// Lays out a module's items in parallel after `head`; the output does not depend on the thread
/// count.
fn format_items<'s>(ctx: &Context<'s>, head: String, items: &[Item<'s>]) -> String {
    use rayon::prelude::*;
    let parts: Vec<String> = items.par_iter().map(|item| item(ctx)).collect();
    // One allocation for the file: the operations module alone is tens of megabytes.
    let mut out = head;
    out.reserve(parts.iter().map(String::len).sum());
    for part in &parts {
        out.push_str(part);
    }
    out
}

/// One file per module under `src/`, plus `Cargo.toml`: a complete crate.
pub fn crate_files<'s>(
    ctx: &Context<'s>,
    root: &Module<'s>,
    crate_name: &str,
) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let versions: Vec<ApiVersion> = ApiVersion::ALL
        .into_iter()
        .filter(|v| root.children.contains_key(version_module(*v)))
        .collect();
    // Each version behind its feature: a user of one version does not compile the other.
    let decls = versions.iter().map(|v| {
        let feature = v.as_str();
        let module = ident(version_module(*v));
        quote!(#[cfg(feature = #feature)] pub mod #module;)
    });
    let area_doc: Vec<String> = ctx
        .areas
        .as_ref()
        .map(area_table)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let lib = quote! {
        #![doc = " Typed Microsoft Graph models and endpoint stubs, generated by graphdoc from the API reference docs."]
        #(#![doc = #area_doc])*
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments)]
        pub mod support;
        #(#decls)*
    };
    files.insert(
        "src/lib.rs".to_string(),
        format!("{HEADER}\n{}", format_file(lib)?),
    );
    files.insert(
        "src/support.rs".to_string(),
        format!("{HEADER}\n{}", support_source(true, &Settings::default())),
    );
    /// Each module's path, head and items, in tree order.
    type Pending<'m, 's> = Vec<(String, String, &'m [Item<'s>])>;
    fn walk<'m, 's>(m: &'m Module<'s>, dir: &str, out: &mut Pending<'m, 's>) -> Result<(), String> {
        for (name, child) in &m.children {
            let doc = module_doc(&child.doc);
            let decls = child_decls(child);
            let mut head = format!("{HEADER}\n{}", format_file(quote! { #doc #(#decls)* })?);
            for line in &child.uses {
                head.push_str(line);
                head.push('\n');
            }
            let path = if child.children.is_empty() {
                format!("{dir}/{name}.rs")
            } else {
                format!("{dir}/{name}/mod.rs")
            };
            out.push((path, head, &child.items));
            walk(child, &format!("{dir}/{name}"), out)?;
        }
        Ok(())
    }
    let mut pending = Vec::new();
    walk(root, "src", &mut pending)?;
    // The files are laid out side by side (each also item by item): the four largest, tens of
    // megabytes together, no longer wait on one another to be assembled.
    use rayon::prelude::*;
    let laid_out: Vec<(String, String)> = pending
        .into_par_iter()
        .map(|(path, head, items)| (path, format_items(ctx, head, items)))
        .collect();
    files.extend(laid_out);
    files.insert(
        "Cargo.toml".to_string(),
        cargo_toml(crate_name, &versions, ctx.areas.as_ref()),
    );
    // The crate is laid out already; `cargo fmt` must not reformat it, or `check` drifts.
    files.insert(
        "rustfmt.toml".to_string(),
        format!(
            "{}disable_all_formatting = true\n",
            HEADER.replacen("//", "#", 1)
        ),
    );
    Ok(files)
}

/// The crate docs' list of API area features, with what each enables.
fn area_table(areas: &areas::Areas) -> String {
    let mut doc = String::from(
        "\n # Features\n\n Each API version is a feature (`beta`, `v1.0`), and so is each API area (the first\n segment of its paths): an area enables its endpoints in every enabled version and the\n types they reach. `models` enables every type, `all-areas` every area; a version alone holds\n nothing. All are on by default; with `default-features = false, features = [\"v1.0\",\n \"users\"]` only v1.0's `/users` endpoints and their types are compiled.\n\n | feature | endpoints | types |\n |---|---|---|\n",
    );
    for (name, area) in &areas.areas {
        doc.push_str(&format!(
            " | `{name}` | {} | {} |\n",
            area.operations, area.types
        ));
    }
    doc
}

fn cargo_toml(crate_name: &str, versions: &[ApiVersion], areas: Option<&areas::Areas>) -> String {
    let quote = |name: &str| format!("\"{name}\"");
    let list = |names: &[String]| names.join(", ");
    let mut defaults: Vec<String> = versions.iter().map(|v| quote(v.as_str())).collect();
    let mut area_lines = String::new();
    if let Some(areas) = areas {
        defaults.push(quote(areas::MODELS));
        defaults.push(quote(areas::ALL_AREAS));
        let every: Vec<String> = areas.areas.keys().map(|a| quote(a)).collect();
        area_lines.push_str(&format!(
            "# Every API area: with `models` and a version, all of that version (`default` has them all).\n{} = [{}]\n",
            areas::ALL_AREAS,
            list(&every)
        ));
        let groups: Vec<String> = areas.groups.iter().map(|(g, _)| quote(g)).collect();
        area_lines.push_str(&format!(
            "# Every model type, those no operation reaches too (an area brings only the types it reaches).\n{} = [{}]\n",
            areas::MODELS,
            list(&groups)
        ));
        area_lines.push_str("# The API areas (first path segment): each enables its operations and the types they reach.\n");
        for name in areas.areas.keys() {
            let groups: Vec<String> = areas.groups_of(name).into_iter().map(quote).collect();
            area_lines.push_str(&format!("{} = [{}]\n", quote(name), list(&groups)));
        }
        area_lines.push_str("# Internal: the types each set of areas reaches, enabled by the area features above.\n");
        for (g, _) in &areas.groups {
            area_lines.push_str(&format!("{} = []\n", quote(g)));
        }
    }
    let mut features = format!(
        "# The API versions, each its own module. A version alone holds nothing: add API areas (their\n\
# endpoints and the types they reach), `models` (every type) or `all-areas`. `default-features =\n\
# false` and `features = [\"v1.0\", \"users\"]` compile only v1.0's `/users` endpoints and their\n\
# types; `[\"v1.0\", \"models\", \"all-areas\"]` all of v1.0.\ndefault = [{}]\n",
        list(&defaults)
    );
    for v in versions {
        features.push_str(&format!("{} = []\n", quote(v.as_str())));
    }
    features.push_str(&area_lines);
    format!(
        "# @generated by graphdoc from the Microsoft Graph docs. Do not edit: run `graphdoc generate`.\n\
[package]\n\
name = \"{crate_name}\"\n\
version = \"0.1.0\"\n\
edition = \"2021\"\n\
description = \"Typed Microsoft Graph models and endpoint stubs, generated by graphdoc\"\n\
license = \"MIT OR Apache-2.0\"\n\
publish = false\n\
\n\
[lib]\n\
doctest = false\n\
\n\
[dependencies]\n\
http = \"1\"\n\
serde = {{ version = \"1\", features = [\"derive\"] }}\n\
serde_json = {{ version = \"1\", features = [\"raw_value\"] }}\n\
# Conversions of the wire strings (dates, durations, GUIDs) to these crates' types; off by default.\n\
time = {{ version = \"0.3\", optional = true, features = [\"parsing\"] }}\n\
chrono = {{ version = \"0.4\", optional = true, default-features = false, features = [\"std\"] }}\n\
uuid = {{ version = \"1\", optional = true }}\n\
# `support::Client` for `ureq::Agent` and `support::AsyncClient` for `reqwest::Client`; off by\n\
# default. Without TLS here: the `ureq`/`reqwest` in your own dependencies chooses it.\n\
ureq = {{ version = \"3\", optional = true, default-features = false }}\n\
reqwest = {{ version = \"0.13\", optional = true, default-features = false }}\n\
\n\
[features]\n\
{features}\
time = [\"dep:time\"]\n\
chrono = [\"dep:chrono\"]\n\
uuid = [\"dep:uuid\"]\n\
ureq = [\"dep:ureq\"]\n\
reqwest = [\"dep:reqwest\"]\n"
    )
}

/// Everything in one file, for `include!` from `build.rs` output and for the macro.
pub fn single_file_tokens<'s>(ctx: &Context<'s>, root: &Module<'s>) -> Result<TokenStream, String> {
    // The items are laid out as text in parallel and lexed once: inside rustc that is one call
    // into the compiler's lexer, where building tokens one by one would be a call per token. The
    // layout makes no tokens, so it may run on any thread, even inside a proc-macro.
    single_file_text(ctx, root)?
        .parse()
        .map_err(|e| format!("internal error: generated code does not lex: {e}"))
}

/// Everything in one source text: `mod support`, then the module tree with its items.
fn single_file_text<'s>(ctx: &Context<'s>, root: &Module<'s>) -> Result<String, String> {
    use rayon::prelude::*;
    fn inline<'s>(ctx: &Context<'s>, m: &Module<'s>, out: &mut String) -> Result<(), String> {
        for (name, child) in &m.children {
            out.push_str(&format!("pub mod {name} {{\n"));
            if !child.doc.is_empty() {
                out.push_str(&format!(
                    "#![doc = {}]\n",
                    text::string_literal(&format!(" {}", child.doc))
                ));
            }
            inline(ctx, child, out)?;
            out.push_str("}\n");
        }
        let parts: Vec<String> = m.items.par_iter().map(|item| item(ctx)).collect();
        for part in &parts {
            out.push_str(part);
            out.push('\n');
        }
        Ok(())
    }
    let support = support_source(false, ctx.settings);
    let mut out = format!("pub mod support {{\n{support}\n}}\n");
    inline(ctx, root, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_sources_are_those_of_the_names_the_settings_accept() {
        assert_eq!(CONVERSIONS.map(|(name, _)| name), settings::CONVERSIONS);
        assert_eq!(CLIENTS.map(|(name, _)| name), settings::CLIENTS);
    }
}
