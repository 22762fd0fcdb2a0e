//! Pass 1, names: every name any page defines, spelled canonically, and how a written name resolves
//! to one of them.

use crate::extract::{EnumFact, TypeFact, TypeName};
use crate::ir::*;

/// The names every page defines or mentions, for resolving bare names. Lookups allocate nothing
/// until they return: they run once per fact and property.
pub(super) struct NameTable {
    /// Every name, spelled canonically; a name's id is its index here.
    pub(super) entries: Vec<(ApiVersion, QualifiedName)>,
    /// Hash of (version, name in any case) -> the ids of the names so called, one per namespace
    /// (the first spelling inserted), ordered by lowercase namespace.
    by_name: HashIndex<Vec<usize>>,
    /// Each namespace (lowercase) and its most used spelling (`termStore` over a stray `termstore`).
    namespaces: Vec<(String, String)>,
}

/// Which name each type fact defines, and the order facts are taken in (strongest first).
pub(super) struct FactIds {
    /// Indices into the type facts, strongest evidence first.
    pub(super) order: Vec<usize>,
    /// Per type fact, the id of the name it defines.
    pub(super) ids: Vec<usize>,
}

/// Orders as the lowercased strings would, without lowercasing them.
pub(super) fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

fn written_namespace(name: &TypeName) -> &str {
    name.namespace.as_deref().unwrap_or(&name.page_namespace)
}

/// Each namespace (lowercase) with its most used spelling across every name written.
fn namespace_spellings<'a>(written: impl Iterator<Item = &'a TypeName>) -> Vec<(String, String)> {
    let mut spellings: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for name in written {
        let ns = written_namespace(name);
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
            None => counts.push((ns.to_string(), 1)),
        }
    }
    spellings
        .into_iter()
        .map(|(lower, counts)| {
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s.clone());
            (lower, best.unwrap_or_default())
        })
        .collect()
}

impl NameTable {
    /// The table of every defined name: enums first, then types in `order` (strongest first), so
    /// the strongest page's spelling is the one kept. Sorts `enum_facts` strongest first.
    pub(super) fn build(type_facts: &[TypeFact], enum_facts: &mut [EnumFact]) -> (Self, FactIds) {
        let written = type_facts.iter().map(|t| &t.name);
        let mut names = NameTable {
            entries: Vec::new(),
            by_name: HashIndex::default(),
            namespaces: namespace_spellings(written.chain(enum_facts.iter().map(|e| &e.name))),
        };
        // Strongest first. The order is sorted, not the facts: they are large, and there are many.
        let mut order: Vec<usize> = (0..type_facts.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&type_facts[a], &type_facts[b]);
            (a.evidence, a.mention_only, &a.source).cmp(&(b.evidence, b.mention_only, &b.source))
        });
        enum_facts.sort_by(|a, b| (a.evidence, &a.source).cmp(&(b.evidence, &b.source)));
        for e in enum_facts.iter() {
            names.insert(e.version, written_namespace(&e.name), &e.name.name);
        }
        // The namespaces pages document types in; an example's `@odata.type` in another one
        // (`#microsoft.outlookServices.openTypeExtension`) names the documented type of that name.
        let mut documented: Vec<String> = Vec::new();
        for t in type_facts
            .iter()
            .filter(|t| t.evidence == Evidence::ResourceTable)
        {
            let ns = written_namespace(&t.name);
            if !documented.iter().any(|d| d.eq_ignore_ascii_case(ns)) {
                documented.push(ns.to_ascii_lowercase());
            }
        }
        // A fact resolves to the name it defines: its id groups it.
        let mut ids = vec![0; type_facts.len()];
        for &i in &order {
            let t = &type_facts[i];
            let ns = written_namespace(&t.name);
            let legacy = t.evidence != Evidence::ResourceTable
                && !documented.iter().any(|d| d.eq_ignore_ascii_case(ns));
            ids[i] = match names.lookup(t.version, &t.name).filter(|_| legacy) {
                Some(id) => id,
                None => names.insert(t.version, ns, &t.name.name),
            };
        }
        (names, FactIds { order, ids })
    }

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
    pub(super) fn resolve(&self, version: ApiVersion, name: &TypeName) -> QualifiedName {
        match self.lookup(version, name) {
            Some(id) => self.entries[id].1.clone(),
            None => self.canonical(QualifiedName::new(written_namespace(name), &name.name)),
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
        in_namespace(written_namespace(name))
            // A legacy or mistyped namespace (`Microsoft.OutlookServices.FileAttachment` in
            // examples) for a name that only exists elsewhere: the documented type is meant.
            .or_else(|| in_namespace("microsoft.graph"))
            .or_else(|| found.next())
    }

    /// The names the enum facts define, as they resolve.
    pub(super) fn enum_names(&self, enum_facts: &[EnumFact]) -> NameIndex<()> {
        let mut index = NameIndex::default();
        for e in enum_facts {
            let q = self.resolve(e.version, &e.name);
            index.insert(e.version, &q.namespace, &q.name, ());
        }
        index
    }
}
