//! One change to an operation documented under many paths is one entry: a page documents
//! `event: decline` under eight paths, each its own endpoint in the IR, and a parameter added to
//! its table is one change to review, not eight.

use std::collections::BTreeMap;

use super::{Change, Class, Kind};
use crate::ir::ApiVersion;

/// What makes two operation changes the same change: all but the subject and the lines.
type Key = (
    Class,
    Kind,
    ApiVersion,
    &'static str,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<&'static str>,
);

/// A change with where its operation is documented (page and line), for page order.
pub(super) type Placed = (Change, (String, usize));

fn key(c: &Change) -> Key {
    let value = |s: &Option<super::Side>| s.as_ref().and_then(|s| s.value.clone());
    let file = |s: &Option<super::Side>| s.as_ref().map(|s| s.file.clone());
    (
        c.class,
        c.kind,
        c.version,
        c.change,
        value(&c.old),
        file(&c.old),
        value(&c.new),
        file(&c.new),
        c.note,
    )
}

/// Operation changes, each with where its operation is documented (page order), that differ
/// only in their operation (and its line) merged into one, which lists every operation's
/// `METHOD path` in [`Change::paths`] in page order and is located at the first line; the subject
/// is the first path.
pub(super) fn by_page(changes: Vec<Placed>) -> Vec<Change> {
    let mut groups: BTreeMap<Key, Vec<Placed>> = BTreeMap::new();
    for (c, at) in changes {
        groups.entry(key(&c)).or_default().push((c, at));
    }
    groups.into_values().map(merge).collect()
}

fn merge(mut group: Vec<Placed>) -> Change {
    if group.len() == 1 {
        return group
            .pop()
            .map(|(c, _)| c)
            .unwrap_or_else(|| unreachable!());
    }
    group.sort_by(|a, b| (&a.1, &a.0.subject).cmp(&(&b.1, &b.0.subject)));
    let mut paths: Vec<String> = Vec::new();
    for (c, _) in &group {
        if !paths.contains(&c.subject) {
            paths.push(c.subject.clone());
        }
    }
    let mut group: Vec<Change> = group.into_iter().map(|(c, _)| c).collect();
    let first_line = |side: fn(&Change) -> Option<usize>| group.iter().filter_map(side).min();
    let old_line = first_line(|c| c.old.as_ref().map(|s| s.line));
    let new_line = first_line(|c| c.new.as_ref().map(|s| s.line));
    let mut merged = group.swap_remove(0);
    if let (Some(side), Some(line)) = (merged.old.as_mut(), old_line) {
        side.line = line;
    }
    if let (Some(side), Some(line)) = (merged.new.as_mut(), new_line) {
        side.line = line;
    }
    merged.subject = paths[0].clone();
    if paths.len() > 1 {
        merged.paths = paths;
    }
    merged
}
