//! Which operation of the old tree is which of the new.
//!
//! First by identity: version and endpoint (method and path template, placeholders and case
//! aside). What is left is paired only within one page's operations: the same path with another
//! method, then the same method with another path (the most similar). A page is the same page
//! when its file is in both trees; a page found in one tree only is matched with one of the other
//! by the title, else the description, of the operations it documents (a page renamed, perhaps
//! retitled or with its paths moved too). So the operations of two pages that are both in both
//! trees are never paired with each other, however their endpoints' pages come and go. Pages
//! matched by title or description must also document the same methods on paths ending alike:
//! a page removed and an unrelated new page often share a title (`List tasks`).

use std::collections::{BTreeMap, BTreeSet};

use super::{blank_placeholders, normalized, Kind};
use crate::ir::{ApiVersion, HttpMethod, Operation, Schema};

/// Two operations found to be one.
#[derive(Clone, Copy, Debug)]
pub struct Pair<'a> {
    pub old: &'a Operation,
    pub new: &'a Operation,
    /// What of its identity changed: `None` (the same endpoint), [`Kind::Method`] or [`Kind::Path`].
    pub moved: Option<Kind>,
}

/// The pairs, and the operations of each side left unpaired (removed and added).
#[derive(Debug, Default)]
pub struct Pairing<'a> {
    pub pairs: Vec<Pair<'a>>,
    pub lost: Vec<&'a Operation>,
    pub found: Vec<&'a Operation>,
}

/// Every page that documents `o`: the best first.
fn pages(o: &Operation) -> impl Iterator<Item = &str> {
    std::iter::once(&*o.source.file).chain(o.also_documented_at.iter().map(|s| &*s.file))
}

pub fn pair_operations<'a>(old: &'a Schema, new: &'a Schema) -> Pairing<'a> {
    let mut pairing = Pairing::default();
    let mut waiting: BTreeMap<(ApiVersion, &str), usize> = old
        .operations
        .iter()
        .enumerate()
        .map(|(i, o)| ((o.version, o.endpoint.as_str()), i))
        .collect();
    for o in &new.operations {
        match waiting.remove(&(o.version, o.endpoint.as_str())) {
            Some(i) => pairing.pairs.push(Pair {
                old: &old.operations[i],
                new: o,
                moved: None,
            }),
            None => pairing.found.push(o),
        }
    }
    // In document order, as the old tree lists them.
    let mut lost: Vec<usize> = waiting.into_values().collect();
    lost.sort_unstable();
    pairing.lost = lost.into_iter().map(|i| &old.operations[i]).collect();
    if pairing.lost.is_empty() || pairing.found.is_empty() {
        return pairing;
    }
    let same_page = SamePage::new(old, new, &pairing.lost, &pairing.found);
    let lower_path = |o: &Operation| blank_placeholders(&o.path).to_ascii_lowercase();
    pair_within_pages(&mut pairing, &same_page, Kind::Method, |a, b| {
        (a.method != b.method && lower_path(a) == lower_path(b)).then_some((0, 0))
    });
    pair_within_pages(&mut pairing, &same_page, Kind::Path, |a, b| {
        (a.method == b.method).then(|| path_likeness(&a.path, &b.path))
    });
    pairing
}

/// How alike two paths are: the segments they end with in common, then those they start with.
fn path_likeness(a: &str, b: &str) -> (usize, usize) {
    let segments = |p: &str| -> Vec<String> {
        blank_placeholders(p)
            .to_ascii_lowercase()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (segments(a), segments(b));
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    (tail, head)
}

/// Pairs lost and found operations that share a page and that `fits` scores, best score first
/// (then in document order), each at most once.
fn pair_within_pages<'a>(
    pairing: &mut Pairing<'a>,
    same_page: &SamePage,
    moved: Kind,
    fits: impl Fn(&Operation, &Operation) -> Option<(usize, usize)>,
) {
    let mut found_on: BTreeMap<(ApiVersion, &str), Vec<usize>> = BTreeMap::new();
    for (j, o) in pairing.found.iter().enumerate() {
        for page in pages(o) {
            found_on.entry((o.version, page)).or_default().push(j);
        }
    }
    let mut candidates = Vec::new();
    for (i, was) in pairing.lost.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for page in pages(was).filter_map(|p| same_page.in_new(p)) {
            for &j in found_on.get(&(was.version, page)).into_iter().flatten() {
                if seen.insert(j) {
                    if let Some(score) = fits(was, pairing.found[j]) {
                        candidates.push((std::cmp::Reverse(score), i, j));
                    }
                }
            }
        }
    }
    candidates.sort();
    let (mut lost_taken, mut found_taken) = (BTreeSet::new(), BTreeSet::new());
    for (_, i, j) in candidates {
        if lost_taken.contains(&i) || found_taken.contains(&j) {
            continue;
        }
        lost_taken.insert(i);
        found_taken.insert(j);
        pairing.pairs.push(Pair {
            old: pairing.lost[i],
            new: pairing.found[j],
            moved: Some(moved),
        });
    }
    let keep = |taken: &BTreeSet<usize>, list: &mut Vec<&'a Operation>| {
        let mut k = 0;
        list.retain(|_| {
            k += 1;
            !taken.contains(&(k - 1))
        });
    };
    keep(&lost_taken, &mut pairing.lost);
    keep(&found_taken, &mut pairing.found);
}

/// Which page of the new tree an old page is: itself when its file is in both trees, else the
/// page of the new tree only that it was renamed to, if one is found.
struct SamePage {
    old_files: BTreeSet<String>,
    new_files: BTreeSet<String>,
    renamed: BTreeMap<String, String>,
}

impl SamePage {
    fn new(old: &Schema, new: &Schema, lost: &[&Operation], found: &[&Operation]) -> Self {
        let files = |s: &Schema, ops: &[Operation]| -> BTreeSet<String> {
            let mut files: BTreeSet<String> = s.files_read.iter().cloned().collect();
            // A schema built without its file list (a library caller's): the pages it cites.
            if files.is_empty() {
                files = ops.iter().flat_map(pages).map(str::to_string).collect();
            }
            files
        };
        let mut same = SamePage {
            old_files: files(old, &old.operations),
            new_files: files(new, &new.operations),
            renamed: BTreeMap::new(),
        };
        // Pages of one tree only, told by what the operations they document best say: their
        // title, then their description; a pair only when each side has one such page.
        let gone = only_pages(lost, &same.new_files);
        let came = only_pages(found, &same.old_files);
        let title = |o: &Operation| normalized(&o.title).to_ascii_lowercase();
        let description = |o: &Operation| normalized(&o.description).to_ascii_lowercase();
        for tell in [&title as &dyn Fn(&Operation) -> String, &description] {
            let a = unique_by(&gone, tell, &same.renamed, true);
            let b = unique_by(&came, tell, &same.renamed, false);
            for (key, page) in a {
                if let Some(to) = b.get(&key) {
                    same.renamed.insert(page, to.clone());
                }
            }
        }
        same
    }

    /// The new tree's name of an old page, if it has one.
    fn in_new<'s>(&'s self, page: &'s str) -> Option<&'s str> {
        if self.new_files.contains(page) {
            return Some(page);
        }
        self.renamed.get(page).map(String::as_str)
    }
}

/// The pages of `ops` that are best pages of one tree only (absent from `other`), each with the
/// operations it documents best.
fn only_pages<'a>(
    ops: &[&'a Operation],
    other: &BTreeSet<String>,
) -> BTreeMap<(ApiVersion, String), Vec<&'a Operation>> {
    let mut map: BTreeMap<(ApiVersion, String), Vec<&'a Operation>> = BTreeMap::new();
    for o in ops {
        let page = &*o.source.file;
        if !other.contains(page) {
            map.entry((o.version, page.to_string()))
                .or_default()
                .push(o);
        }
    }
    map
}

/// How a page of one tree is told from the others: its version, the title or description of the
/// operations it documents best, and what it documents.
type PageKey = (ApiVersion, String, Vec<(HttpMethod, String)>);

/// What a page documents, its paths' placeholders and prefixes aside: each operation's method
/// and the last word of its path.
fn what_it_documents(ops: &[&Operation]) -> Vec<(HttpMethod, String)> {
    let mut list: Vec<(HttpMethod, String)> = ops
        .iter()
        .map(|o| {
            let path = blank_placeholders(&o.path).to_ascii_lowercase();
            let last = path
                .rsplit('/')
                .find(|s| *s != "{}")
                .unwrap_or("")
                .to_string();
            (o.method, last)
        })
        .collect();
    list.sort();
    list.dedup();
    list
}

/// Each key `tell` gives a page's operations (all alike), for the pages whose key no other page
/// has; pages already matched (`renamed`: old pages as keys, new as values) are left out.
fn unique_by(
    pages: &BTreeMap<(ApiVersion, String), Vec<&Operation>>,
    tell: &dyn Fn(&Operation) -> String,
    renamed: &BTreeMap<String, String>,
    old_side: bool,
) -> BTreeMap<PageKey, String> {
    let matched: BTreeSet<&String> = if old_side {
        renamed.keys().collect()
    } else {
        renamed.values().collect()
    };
    let mut keys: BTreeMap<PageKey, Option<String>> = BTreeMap::new();
    for ((version, page), ops) in pages {
        if matched.contains(page) {
            continue;
        }
        let Some(key) = ops.first().map(|o| tell(o)).filter(|k| !k.is_empty()) else {
            continue;
        };
        if ops.iter().any(|o| tell(o) != key) {
            continue;
        }
        keys.entry((*version, key, what_it_documents(ops)))
            .and_modify(|p| *p = None)
            .or_insert_with(|| Some(page.clone()));
    }
    keys.into_iter()
        .filter_map(|(k, page)| Some((k, page?)))
        .collect()
}
