//! A docs tree revised the way real revisions of the Graph docs differ, for the corpus tests of
//! names that last and of drift reports: pages retitled, placeholders respelled, alternate paths
//! added, pages split, merged, removed, added and renamed, paths moved under a new prefix (some on
//! renamed pages), action parameters added, and derived types of the Intune families (one page
//! per type and method, many pages per endpoint) removed and added. Deterministic: the same tree
//! gives the same revision and the same log.

#![allow(dead_code)]

pub mod drift;

use graphdoc_codegen::Docs;

/// What was done to one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Retitled,
    Respelled,
    /// A path line added (the new path).
    AlternatePath(String),
    /// The page's last path moved to a new page (that page).
    Split(String),
    /// The page's paths moved into another page (that page); this page removed.
    MergedInto(String),
    Removed,
    /// A new page (its path) documenting new endpoints.
    Added(String),
    /// Every path of the page moved under `/me/drive/items/{id}` (a path change).
    Prefixed,
    /// An optional parameter added to the action's Request body table.
    ParameterAdded,
    /// The page moved to a new file (that file), its text unchanged.
    Renamed(String),
    /// An Intune derived type's page removed (its resource page and every API page of the type).
    DerivedRemoved,
    /// A new Intune derived type (named `<type>Revised`, deriving from the same base) documented
    /// by a copy of this page (the copy's path).
    DerivedAdded(String),
}

/// One edit and the page it was made on.
#[derive(Clone, Debug)]
pub struct Logged {
    pub page: String,
    pub edit: Edit,
}

/// Which edit an API page gets, by its place among the API pages.
fn edit_for(i: usize) -> Option<u8> {
    match i % 10 {
        9 => None,
        k => Some(k as u8),
    }
}

/// The tree revised, and what was done.
pub fn revise(docs: &Docs) -> (Docs, Vec<Logged>) {
    let mut pages: Vec<(String, String)> = docs
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    pages.sort();
    let mut log = Vec::new();
    let api: Vec<String> = pages
        .iter()
        .filter(|(p, _)| p.contains("/api/"))
        .map(|(p, _)| p.clone())
        .collect();
    derived_types(&mut pages, &mut log);
    let derived: std::collections::BTreeSet<String> = log.iter().map(|l| l.page.clone()).collect();
    let mut previous: Option<String> = None;
    for (i, page) in api.iter().enumerate() {
        let Some(k) = edit_for(i) else { continue };
        if derived.contains(page) {
            continue;
        }
        let Some(at) = pages.iter().position(|(p, _)| p == page) else {
            continue;
        };
        let edit = match k {
            0 => retitle(&mut pages[at].1).then_some(Edit::Retitled),
            1 => respell(&mut pages[at].1).then_some(Edit::Respelled),
            2 => alternate(&mut pages[at].1).map(Edit::AlternatePath),
            3 => split(&mut pages, at),
            4 => merge(&mut pages, at, previous.as_deref()),
            5 => {
                pages.remove(at);
                Some(Edit::Removed)
            }
            6 => add(&mut pages, at),
            7 => prefix(&mut pages[at].1).then_some(Edit::Prefixed),
            _ => add_parameter(&mut pages[at].1).then_some(Edit::ParameterAdded),
        };
        if let Some(edit) = edit {
            log.push(Logged {
                page: page.clone(),
                edit,
            });
        }
        previous = Some(page.clone());
    }
    rename_some(&mut pages, &api, &derived, &mut log);
    (Docs::from_memory(pages), log)
}

/// Renames the pages no other edit touched (each tenth API page), and every other prefixed page:
/// a page renamed and its paths changed must still be paired with its old self.
fn rename_some(
    pages: &mut [(String, String)],
    api: &[String],
    derived: &std::collections::BTreeSet<String>,
    log: &mut Vec<Logged>,
) {
    for (i, page) in api.iter().enumerate() {
        if derived.contains(page) {
            continue;
        }
        let prefixed = edit_for(i) == Some(7) && (i / 10) % 2 == 0;
        if edit_for(i).is_some() && !prefixed {
            continue;
        }
        if prefixed
            && !log
                .iter()
                .any(|l| l.page == *page && l.edit == Edit::Prefixed)
        {
            continue;
        }
        let Some(at) = pages.iter().position(|(p, _)| p == page) else {
            continue;
        };
        let new_path = match page.rsplit_once('/') {
            Some((folder, file)) => format!("{folder}/renamed-{file}"),
            None => continue,
        };
        pages[at].0 = new_path.clone();
        log.push(Logged {
            page: page.clone(),
            edit: Edit::Renamed(new_path),
        });
    }
}

/// An Intune resource page of a derived type: (type name, the file stem its API pages start with).
fn derived_type(path: &str, text: &str) -> Option<(String, String)> {
    let (folder, file) = path.rsplit_once('/')?;
    let stem = file.strip_prefix("intune-")?.strip_suffix(".md")?;
    if !folder.ends_with("/resources") {
        return None;
    }
    let derives = text.lines().any(|l| l.starts_with("Inherits from ["));
    let title = text.lines().find(|l| l.starts_with("# "))?;
    let name = title[2..].split_whitespace().next()?.to_string();
    let last = stem.rsplit('-').next()?;
    (derives && last == name.to_ascii_lowercase()).then(|| (name, format!("intune-{stem}")))
}

/// The API pages of a derived type: `<version>/api/<stem>-<verb>.md`.
fn type_pages(pages: &[(String, String)], version: &str, stem: &str) -> Vec<String> {
    let prefix = format!("{version}/api/{stem}-");
    pages
        .iter()
        .filter_map(|(p, _)| {
            let verb = p.strip_prefix(&prefix)?.strip_suffix(".md")?;
            (!verb.contains('-')).then(|| p.clone())
        })
        .collect()
}

/// Among the Intune derived types with API pages (leaves of their families), one in five removed (its resource and API
/// pages) and one in five another added (copies of its pages naming a new type), as the
/// families gain and lose types between revisions. Done first; other edits leave these alone.
fn derived_types(pages: &mut Vec<(String, String)>, log: &mut Vec<Logged>) {
    // Types others derive from are left: a family loses or gains its leaves.
    let bases: std::collections::BTreeSet<String> = pages
        .iter()
        .flat_map(|(_, t)| t.lines())
        .filter_map(|l| l.strip_prefix("Inherits from ["))
        .filter_map(|l| l.split(']').next())
        .map(str::to_string)
        .collect();
    let mut families = Vec::new();
    for (path, text) in pages.iter() {
        let Some((name, stem)) = derived_type(path, text) else {
            continue;
        };
        if bases.contains(&name) {
            continue;
        }
        let version = path.split('/').next().unwrap_or("").to_string();
        let api = type_pages(pages, &version, &stem);
        if !api.is_empty() {
            families.push((path.clone(), name, stem, api));
        }
    }
    for (k, (resource, name, stem, api)) in families.into_iter().enumerate() {
        match k % 5 {
            1 => {
                pages.retain(|(p, _)| *p != resource && !api.contains(p));
                for page in std::iter::once(&resource).chain(&api) {
                    log.push(Logged {
                        page: page.clone(),
                        edit: Edit::DerivedRemoved,
                    });
                }
            }
            3 => {
                let renamed = format!("{name}Revised");
                let copy = |p: &str| p.replace(&stem, &format!("{stem}revised"));
                let texts: Vec<(String, String)> = pages
                    .iter()
                    .filter(|(p, _)| *p == resource || api.contains(p))
                    .map(|(p, t)| (p.clone(), t.replace(&name, &renamed)))
                    .collect();
                for (p, t) in texts {
                    pages.push((copy(&p), t));
                    log.push(Logged {
                        page: p.clone(),
                        edit: Edit::DerivedAdded(copy(&p)),
                    });
                }
            }
            _ => {}
        }
    }
}

/// The lines of the page's HTTP request code block: (first line, end line) of its content.
fn request_block(lines: &[&str]) -> Option<(usize, usize)> {
    let heading = lines
        .iter()
        .position(|l| l.starts_with('#') && l.to_ascii_lowercase().contains("http request"))?;
    let open = heading
        + lines[heading..]
            .iter()
            .position(|l| l.trim_start().starts_with("```"))?;
    let close = open
        + 1
        + lines[open + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with("```"))?;
    Some((open + 1, close))
}

/// Whether a line is a `METHOD /path` syntax line.
fn is_syntax(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or("");
    ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&method)
        && words.next().is_some_and(|p| p.starts_with('/'))
}

/// The syntax lines of a page's request block, with their line indexes.
fn syntax_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some((start, end)) = request_block(&lines) else {
        return Vec::new();
    };
    (start..end)
        .filter(|&i| is_syntax(lines[i]))
        .map(|i| (i, lines[i].to_string()))
        .collect()
}

fn join(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn retitle(text: &mut String) -> bool {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let Some(h) = lines.iter().position(|l| l.starts_with("# ")) else {
        return false;
    };
    lines[h] = format!("# {} (revised)", lines[h][2..].trim());
    for l in &mut lines {
        if let Some(rest) = l.strip_prefix("title:") {
            *l = format!("title: \"{} (revised)\"", rest.trim().trim_matches('"'));
            break;
        }
    }
    *text = join(&lines);
    true
}

fn respell(text: &mut String) -> bool {
    let lines = syntax_lines(text);
    if !lines.iter().any(|(_, l)| l.contains("{id}")) {
        return false;
    }
    let mut all: Vec<String> = text.lines().map(str::to_string).collect();
    for (i, _) in &lines {
        all[*i] = all[*i].replace("{id}", "{the-id}");
    }
    *text = join(&all);
    true
}

/// Adds `/me/...` beside `/users/{id}/...` (and the reverse), or the alternate key of an
/// application; returns the new path.
fn alternate(text: &mut String) -> Option<String> {
    let lines = syntax_lines(text);
    let (at, line) = lines.first()?;
    let (method, path) = line.split_once(' ')?;
    let path = path.trim();
    let new = if let Some(rest) = path.strip_prefix("/me/") {
        format!("/users/{{user-id}}/{rest}")
    } else if let Some(rest) = path.strip_prefix("/users/{") {
        format!("/me/{}", rest.split_once("}/")?.1)
    } else if let Some(rest) = path.strip_prefix("/applications/{id}") {
        format!("/applications(appId='{{appId}}'){rest}")
    } else {
        return None;
    };
    let mut all: Vec<String> = text.lines().map(str::to_string).collect();
    all.insert(at + 1, format!("{method} {new}"));
    *text = join(&all);
    Some(new)
}

/// Moves the page's last path to a page of its own.
fn split(pages: &mut Vec<(String, String)>, at: usize) -> Option<Edit> {
    let lines = syntax_lines(&pages[at].1);
    if lines.len() < 2 {
        return None;
    }
    let (last, line) = lines.last()?.clone();
    let mut all: Vec<String> = pages[at].1.lines().map(str::to_string).collect();
    all.remove(last);
    let kept = join(&all);
    let mut copy: Vec<String> = pages[at].1.lines().map(str::to_string).collect();
    for (i, _) in lines.iter().rev() {
        copy.remove(*i);
    }
    copy.insert(lines[0].0, line);
    let new_path = pages[at].0.replace(".md", "-split.md");
    pages[at].1 = kept;
    pages.push((new_path.clone(), join(&copy)));
    Some(Edit::Split(new_path))
}

/// Moves the page's paths into the previous API page of the same resource (the file name's
/// first word), removing the page.
fn merge(pages: &mut Vec<(String, String)>, at: usize, previous: Option<&str>) -> Option<Edit> {
    let previous = previous?;
    let word = |p: &str| {
        let stem = p.rsplit('/').next().unwrap_or(p);
        stem.split('-').next().unwrap_or(stem).to_string()
    };
    let folder = |p: &str| p.rsplit_once('/').map(|(f, _)| f.to_string());
    // Pages are merged with their like: the same resource, and titles with the same verb
    // (`List ...`), as the docs consolidate them.
    let verb = |p: &str| -> Option<String> {
        let text = &pages.iter().find(|(q, _)| q == p)?.1;
        let title = text.lines().find(|l| l.starts_with("# "))?;
        Some(title[2..].split_whitespace().next()?.to_ascii_lowercase())
    };
    if word(previous) != word(&pages[at].0)
        || folder(previous) != folder(&pages[at].0)
        || verb(previous).is_none()
        || verb(previous) != verb(&pages[at].0)
    {
        return None;
    }
    let into = pages.iter().position(|(p, _)| p == previous)?;
    let moved: Vec<String> = syntax_lines(&pages[at].1)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let target = syntax_lines(&pages[into].1);
    let (last, _) = target.last()?;
    if moved.is_empty() {
        return None;
    }
    let mut all: Vec<String> = pages[into].1.lines().map(str::to_string).collect();
    for (k, line) in moved.into_iter().enumerate() {
        all.insert(last + 1 + k, line);
    }
    pages[into].1 = join(&all);
    pages.remove(at);
    Some(Edit::MergedInto(previous.to_string()))
}

/// A new page beside this one, documenting new endpoints (each path with a new last segment).
fn add(pages: &mut Vec<(String, String)>, at: usize) -> Option<Edit> {
    let lines = syntax_lines(&pages[at].1);
    if lines.is_empty() {
        return None;
    }
    let mut copy: Vec<String> = pages[at].1.lines().map(str::to_string).collect();
    for (i, line) in &lines {
        copy[*i] = format!(
            "{}/revisedThings",
            line.trim_end().split('?').next().unwrap_or(line)
        );
    }
    let new_path = pages[at].0.replace(".md", "-revisedthings.md");
    pages.push((new_path.clone(), join(&copy)));
    Some(Edit::Added(new_path))
}

/// Every path of the page moved under `/me/drive/items/{id}` (as workbook pages gained it).
fn prefix(text: &mut String) -> bool {
    let lines = syntax_lines(text);
    if lines.is_empty() {
        return false;
    }
    let mut all: Vec<String> = text.lines().map(str::to_string).collect();
    for (i, line) in &lines {
        if let Some((method, path)) = line.split_once(' ') {
            all[*i] = format!("{method} /me/drive/items/{{id}}{}", path.trim());
        }
    }
    *text = join(&all);
    true
}

/// An optional parameter added to a Request body table with a Parameter column.
fn add_parameter(text: &mut String) -> bool {
    let mut all: Vec<String> = text.lines().map(str::to_string).collect();
    let Some(h) = all
        .iter()
        .position(|l| l.starts_with('#') && l.to_ascii_lowercase().contains("request body"))
    else {
        return false;
    };
    let header = (h..all.len().min(h + 12)).find(|&i| {
        let l = all[i].to_ascii_lowercase();
        l.starts_with('|') && l.contains("parameter") && l.contains("type")
    });
    let Some(header) = header else { return false };
    let rows_end = (header + 2..all.len())
        .find(|&i| !all[i].trim_start().starts_with('|'))
        .unwrap_or(all.len());
    all.insert(
        rows_end,
        "|revisedOption|Boolean|Optional. Added by a revision.|".to_string(),
    );
    *text = join(&all);
    true
}
