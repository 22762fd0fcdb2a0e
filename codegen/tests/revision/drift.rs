//! Each breaking operation change of a diff over a revised tree, checked against the edit log: a
//! change pairs two operations of one page's lineage (the page, what it was split into, merged
//! into or renamed to), or it is a mispairing; and an edit on the operation's pages explains it.

use std::collections::{BTreeMap, BTreeSet};

use graphdoc_codegen::diff::{Change, Class, Kind};
use graphdoc_codegen::ir::{ApiVersion, Operation};
use graphdoc_codegen::Schema;

use super::{Edit, Logged};

/// The figures of one check.
#[derive(Debug, Default)]
pub struct Figures {
    /// Breaking changes to operations in the report (entries, as a reader counts them).
    pub breaking: usize,
    /// Of those, changes between operations of different pages' lineages.
    pub mispaired: Vec<String>,
    /// Of those, changes no edit on the operation's pages explains.
    pub unexplained: Vec<String>,
}

fn is_operation(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Type
            | Kind::Enum
            | Kind::Property
            | Kind::Definition
            | Kind::EnumMember
            | Kind::BaseType
            | Kind::Flags
            | Kind::Order
    ) && kind != Kind::Description
}

fn pages(o: &Operation) -> BTreeSet<String> {
    std::iter::once(&o.source)
        .chain(&o.also_documented_at)
        .map(|s| s.file.to_string())
        .collect()
}

/// The placeholders blanked, lowercase: how an edited path is compared with the old one.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            c if depth == 0 => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

struct Lookup<'s> {
    by_path: BTreeMap<(ApiVersion, String), &'s Operation>,
}

impl<'s> Lookup<'s> {
    fn new(schema: &'s Schema) -> Self {
        let by_path = schema
            .operations
            .iter()
            .map(|o| ((o.version, format!("{} {}", o.method.as_str(), o.path)), o))
            .collect();
        Lookup { by_path }
    }

    fn get(&self, version: ApiVersion, subject: &str) -> Option<&'s Operation> {
        self.by_path.get(&(version, subject.to_string())).copied()
    }
}

/// Old page -> the pages of the new tree it lives on (itself unless removed, its split, its
/// merge target, its new name, its derived-type copy).
fn lineage(log: &[Logged]) -> BTreeMap<&str, Vec<&str>> {
    let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in log {
        let to = map.entry(&l.page).or_default();
        match &l.edit {
            Edit::Split(p) | Edit::Renamed(p) | Edit::MergedInto(p) | Edit::Added(p) => to.push(p),
            Edit::DerivedAdded(p) => to.push(p),
            _ => {}
        }
    }
    map
}

/// The edits made on each page of the old tree.
fn edits(log: &[Logged]) -> BTreeMap<&str, Vec<&Edit>> {
    let mut map: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for l in log {
        map.entry(&l.page).or_default().push(&l.edit);
    }
    map
}

/// The operations (`METHOD path`) a change is to.
fn subjects(c: &Change) -> Vec<&String> {
    if c.paths.is_empty() {
        vec![&c.subject]
    } else {
        c.paths.iter().collect()
    }
}

pub fn check(old: &Schema, new: &Schema, log: &[Logged], changes: &[Change]) -> Figures {
    let (before, after) = (Lookup::new(old), Lookup::new(new));
    let lineage = lineage(log);
    let edits = edits(log);
    let new_pages_of = |page: &str| -> BTreeSet<String> {
        let mut set: BTreeSet<String> = lineage
            .get(page)
            .into_iter()
            .flatten()
            .map(|p| p.to_string())
            .collect();
        let removed = edits.get(page).is_some_and(|e| {
            e.iter().any(|e| {
                matches!(
                    e,
                    Edit::Removed | Edit::DerivedRemoved | Edit::MergedInto(_) | Edit::Renamed(_)
                )
            })
        });
        if !removed {
            set.insert(page.to_string());
        }
        set
    };
    let edited = |o: &Operation, what: &dyn Fn(&Edit) -> bool| {
        pages(o).iter().any(|p| {
            edits
                .get(p.as_str())
                .is_some_and(|e| e.iter().any(|e| what(e)))
        })
    };
    // The new operation of each pair that moved (a path or method change), with its old one.
    let mut moved: BTreeMap<(ApiVersion, String), &Operation> = BTreeMap::new();
    for c in changes
        .iter()
        .filter(|c| matches!(c.kind, Kind::Path | Kind::Method))
    {
        let was = c
            .old
            .as_ref()
            .and_then(|s| s.value.clone())
            .unwrap_or_default();
        for subject in subjects(c) {
            let old_subject = match c.kind {
                Kind::Path => format!("{} {was}", subject.split(' ').next().unwrap_or("")),
                _ => format!("{was} {}", subject.split_once(' ').map_or("", |x| x.1)),
            };
            if let Some(o) = before.get(c.version, &old_subject) {
                moved.insert((c.version, subject.clone()), o);
            }
        }
    }
    let mut figures = Figures::default();
    for c in changes
        .iter()
        .filter(|c| c.class == Class::Breaking && is_operation(c.kind))
    {
        figures.breaking += 1;
        let line = format!(
            "{} {} {}: {} ({:?} -> {:?})",
            c.kind.as_str(),
            c.version.as_str(),
            c.subject,
            c.change,
            c.old.as_ref().and_then(|s| s.value.as_deref()),
            c.new.as_ref().and_then(|s| s.value.as_deref())
        );
        if c.kind == Kind::Operation {
            // Removed: an edit on one of its pages took it away.
            let explained = subjects(c).iter().all(|s| {
                before.get(c.version, s).is_some_and(|o| {
                    edited(o, &|e| {
                        // A merge moves the paths of the page's first request block only.
                        matches!(
                            e,
                            Edit::Removed
                                | Edit::Prefixed
                                | Edit::DerivedRemoved
                                | Edit::MergedInto(_)
                        )
                    })
                })
            });
            if !explained {
                figures.unexplained.push(line);
            }
            continue;
        }
        let mut mispaired = false;
        let mut explained = true;
        for s in subjects(c) {
            let Some(now) = after.get(c.version, s) else {
                explained = false;
                continue;
            };
            let was = match moved.get(&(c.version, s.clone())) {
                Some(o) => *o,
                None => match old
                    .operations
                    .iter()
                    .find(|o| o.version == now.version && o.endpoint == now.endpoint)
                {
                    Some(o) => o,
                    None => {
                        explained = false;
                        continue;
                    }
                },
            };
            if was.endpoint != now.endpoint {
                let lives_on: BTreeSet<String> =
                    pages(was).iter().flat_map(|p| new_pages_of(p)).collect();
                if lives_on.is_disjoint(&pages(now)) {
                    mispaired = true;
                }
            }
            let ok = match c.kind {
                Kind::Path | Kind::PathParameters if was.endpoint != now.endpoint => {
                    edited(was, &|e| *e == Edit::Prefixed)
                        && template(&now.path)
                            == format!("/me/drive/items/{{}}{}", template(&was.path))
                }
                // Names are the endpoints' most compact free form: one taken or freed by an
                // endpoint added or removed renames another.
                Kind::Name => {
                    old.operations
                        .iter()
                        .any(|o| o.version == now.version && o.name == now.name)
                        || new
                            .operations
                            .iter()
                            .any(|o| o.version == was.version && o.name == was.name)
                }
                // The pages documenting the endpoint changed: the types they agree on may too.
                Kind::RequestType
                | Kind::ResponseType
                | Kind::RequestParameter
                | Kind::FunctionParameter => {
                    edited(was, &|e| {
                        !matches!(e, Edit::Retitled | Edit::Respelled | Edit::ParameterAdded)
                    }) || pages(was) != pages(now)
                }
                _ => false,
            };
            explained &= ok;
        }
        if mispaired {
            figures.mispaired.push(line.clone());
        }
        if !explained {
            figures.unexplained.push(line);
        }
    }
    figures
}
