//! The library's modules form layers, each importing only from the layers below it, and no
//! module imports, through others, itself. Read from the sources: every `crate::`, `super::` and
//! `use` path of `codegen/src` outside comments, string literals and unit tests.
//!
//! Between the crate's top modules the rule is [`LAYERS`]; inside a module (`extract/api.rs` and
//! `extract/exchanges.rs`) siblings may use each other in one direction only. A child using its
//! parent's items, or a parent its children's, is the module's own business.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top modules, bottom layer first. A module imports only from the layers below its own;
/// modules of one layer know nothing of each other.
const LAYERS: &[&[&str]] = &[
    // Findings, case conversion and the binary's allocator setting: nothing of the crate.
    &["diagnostics", "case", "allocator"],
    // The IR: what the docs say, neither markdown nor Rust.
    &["ir"],
    // The inputs: the docs tree and its pages, the names file, graphdoc.toml.
    &["docs", "markdown", "names_file", "config"],
    // Pages to facts.
    &["extract"],
    // Facts to one schema.
    &["resolve"],
    // What to generate.
    &["settings"],
    &["select", "emit"],
    // The one entry point: docs and settings to a schema, files or tokens.
    &["generate"],
    // What the front ends build on.
    &[
        "output",
        "report",
        "diff",
        "mock",
        "macro_cache",
        "front_end",
    ],
    // The front ends.
    &["builder", "macro_expand", "serve"],
    &["cli"],
];

/// A module path inside the crate (`["extract", "api"]`); the crate root is empty.
type ModulePath = Vec<String>;

/// One use of another module: where, and the module used.
struct Reference {
    from: ModulePath,
    to: ModulePath,
    at: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `extract/api.rs` is `["extract", "api"]`, `extract/mod.rs` is `["extract"]`.
fn module_path(file: &Path) -> ModulePath {
    let relative = file.strip_prefix(src()).unwrap().with_extension("");
    let mut path: ModulePath = relative
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod" || l == "lib") {
        path.pop();
    }
    path
}

/// Every module of the crate: its file, and its code without comments, strings and unit tests
/// (the binary's `main.rs` is not part of the library).
fn modules() -> BTreeMap<ModulePath, (String, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|f| (module_path(f), f))
        // `#[cfg(test)] mod tests;` files, and inline test modules.
        .filter(|(path, _)| path.last().is_none_or(|l| l != "tests"))
        .map(|(path, file)| {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            let name = file.strip_prefix(src()).unwrap().to_string_lossy();
            (
                path,
                (format!("src/{}", name.replace('\\', "/")), strip(code)),
            )
        })
        .collect()
}

/// `text` with comments, string literals and char literals blanked (their line breaks kept), so
/// that only code is searched: emitted Rust in strings (`"use super::support;"`) is not an import.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    while i < chars.len() {
        let rest = &chars[i..];
        let end = if rest.starts_with(&['/', '/']) {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            2 + rest[2..]
                .windows(2)
                .position(|w| w == ['*', '/'])
                .map_or(rest.len() - 2, |p| p + 2)
        } else if rest[0] == 'r' && (rest.get(1) == Some(&'"') || rest.get(1) == Some(&'#')) {
            raw_string_len(rest)
        } else if rest[0] == '"' {
            string_len(rest)
        } else if rest[0] == '\'' {
            char_literal_len(rest)
        } else {
            0
        };
        if end == 0 {
            out.push(rest[0]);
            i += 1;
        } else {
            blank(&mut out, &rest[..end]);
            i += end;
        }
    }
    out
}

/// The length of the `"..."` at the start of `s`.
fn string_len(s: &[char]) -> usize {
    let mut i = 1;
    while i < s.len() && s[i] != '"' {
        i += if s[i] == '\\' { 2 } else { 1 };
    }
    (i + 1).min(s.len())
}

/// The length of the `r#"..."#` at the start of `s`, or 0 when `r` starts an identifier.
fn raw_string_len(s: &[char]) -> usize {
    let hashes = s[1..].iter().take_while(|&&c| c == '#').count();
    if s.get(1 + hashes) != Some(&'"') {
        return 0;
    }
    let close: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let body = 2 + hashes;
    s[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(s.len(), |p| body + p + close.len())
}

/// The length of the char literal at the start of `s` (`'"'`, `'\''`, `'\u{1b}'`), or 0 for a
/// lifetime (`'a`).
fn char_literal_len(s: &[char]) -> usize {
    if s.get(1) == Some(&'\\') {
        // The escaped character, then anything up to the closing quote (`'\u{1b}'`).
        return s
            .get(3..)
            .and_then(|r| r.iter().position(|&c| c == '\''))
            .map_or(0, |p| p + 4);
    }
    if s.get(2) == Some(&'\'') {
        return 3;
    }
    0
}

/// The identifiers of each path that starts at `crate::`, `super::` or a `use` of either, as
/// written: `crate::ir::Source` is `["crate", "ir", "Source"]`; a group (`crate::{ir, docs::Docs}`)
/// gives one path per member.
fn paths_in(code: &str) -> Vec<(Vec<String>, usize)> {
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            for path in expand(&code[at..]) {
                found.push((path, line));
            }
        }
    }
    found
}

/// The paths a path expression at the start of `text` names (a `{...}` group gives several).
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        segments.push(ident.clone());
        rest = &rest[ident.len()..];
        let Some(after) = rest.strip_prefix("::") else {
            break;
        };
        rest = after.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let close = matching_brace(group);
            return split_top_level(&group[..close])
                .into_iter()
                .flat_map(|member| {
                    expand(member.trim())
                        .into_iter()
                        .map(|tail| segments.iter().cloned().chain(tail).collect())
                        .collect::<Vec<_>>()
                })
                .collect();
        }
    }
    vec![segments]
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The module a written path names from `from`: its longest prefix that is a module (`self`
/// members of a group name the module itself). `None` for the crate root's own items.
fn resolve(
    from: &ModulePath,
    written: &[String],
    known: &BTreeSet<ModulePath>,
) -> Option<ModulePath> {
    let mut base: ModulePath = from.clone();
    let mut segments = written.iter().peekable();
    match segments.next().map(String::as_str) {
        Some("crate") => base.clear(),
        Some("super") => {
            base.pop();
            while segments.peek().is_some_and(|s| *s == "super") {
                segments.next();
                base.pop();
            }
        }
        _ => return None,
    }
    let mut module = base;
    for s in segments {
        if s == "self" {
            break;
        }
        let mut next = module.clone();
        next.push(s.clone());
        if !known.contains(&next) {
            break;
        }
        module = next;
    }
    Some(module)
}

fn references() -> (Vec<Reference>, Vec<String>) {
    let modules = modules();
    let known: BTreeSet<ModulePath> = modules.keys().cloned().collect();
    let (mut references, mut problems) = (Vec::new(), Vec::new());
    for (from, (file, code)) in &modules {
        for (written, line) in paths_in(code) {
            let at = format!("{file}:{line}");
            let Some(to) = resolve(from, &written, &known) else {
                continue;
            };
            if to.is_empty() && written.len() > 1 && written[0] == "crate" {
                problems.push(format!(
                    "{at}: `{}` goes through the crate root: name the module (`crate::docs::Docs`, not `crate::Docs`), so the layers stay visible",
                    written.join("::")
                ));
                continue;
            }
            references.push(Reference {
                from: from.clone(),
                to,
                at,
            });
        }
    }
    (references, problems)
}

/// The two siblings a reference joins, under their common parent; `None` when one module holds
/// the other.
fn siblings(r: &Reference) -> Option<(ModulePath, String, String)> {
    let common = r.from.iter().zip(&r.to).take_while(|(a, b)| a == b).count();
    let (from, to) = (r.from.get(common)?, r.to.get(common)?);
    Some((r.from[..common].to_vec(), from.clone(), to.clone()))
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_top_module_has_a_layer() {
    let tops: BTreeSet<String> = modules()
        .into_keys()
        .filter_map(|p| p.first().cloned())
        .collect();
    let missing: Vec<&String> = tops.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "put these modules in a layer of LAYERS: {missing:?}"
    );
    let listed: Vec<&str> = LAYERS
        .iter()
        .flat_map(|l| l.iter().copied())
        .filter(|m| !tops.contains(*m))
        .collect();
    assert!(listed.is_empty(), "no such modules: {listed:?}");
}

#[test]
fn modules_import_only_from_lower_layers() {
    let (references, mut problems) = references();
    for r in &references {
        let Some((parent, from, to)) = siblings(r) else {
            continue;
        };
        if !parent.is_empty() {
            continue;
        }
        let (Some(a), Some(b)) = (layer_of(&from), layer_of(&to)) else {
            continue;
        };
        if b >= a {
            problems.push(format!(
                "{}: `{from}` (layer {a}) uses `{to}` (layer {b}); a module uses only lower layers",
                r.at
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn no_module_uses_itself_through_others() {
    let (references, _) = references();
    // For each parent (the crate root included), its children and which siblings each uses.
    let mut graphs: BTreeMap<ModulePath, BTreeMap<String, BTreeMap<String, String>>> =
        BTreeMap::new();
    for r in &references {
        if let Some((parent, from, to)) = siblings(r) {
            graphs
                .entry(parent)
                .or_default()
                .entry(from)
                .or_default()
                .entry(to)
                .or_insert_with(|| r.at.clone());
        }
    }
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        if let Some(cycle) = find_cycle(graph) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| format!("{} uses {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
                .collect();
            let place = match parent.is_empty() {
                true => "the crate root".to_string(),
                false => format!("`crate::{}`", parent.join("::")),
            };
            cycles.push(format!("in {place}: {}", steps.join(", ")));
        }
    }
    assert!(cycles.is_empty(), "\n{}", cycles.join("\n"));
}

/// A cycle of `graph` as the nodes walked, the first repeated at the end.
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|n| n.keys()) {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_reader_sees_what_it_should() {
    // Comments, strings and char literals are not code; groups and `super` chains are.
    let code = strip("// crate::a\nlet s = \"crate::b\"; let c = '\"'; use crate::{c, d::{e, f}};\nr#\"crate::g\"#; super::super::h");
    assert!(!["crate::a", "crate::b", "crate::g"]
        .iter()
        .any(|p| code.contains(p)));
    let paths: Vec<String> = paths_in(&code)
        .into_iter()
        .map(|(p, _)| p.join("::"))
        .collect();
    assert_eq!(
        paths,
        ["crate::c", "crate::d::e", "crate::d::f", "super::super::h"]
    );
}
