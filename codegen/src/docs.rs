//! The docs tree as input: files read from disk at the edge, or given in memory by tests.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Source;

/// One markdown file, its path relative to the docs root with `/` separators.
#[derive(Clone, Debug)]
pub struct DocFile {
    pub path: String,
    pub text: String,
}

/// A docs tree in memory; loading problems are diagnostics, not failures.
#[derive(Clone, Debug, Default)]
pub struct Docs {
    pub files: Vec<DocFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every folder walked (so build scripts can notice added pages).
    pub folders: Vec<PathBuf>,
    /// Every file read, absolute or as given.
    pub read: Vec<PathBuf>,
}

impl Docs {
    /// Builds a tree from `(path, text)` pairs, for tests and embedders.
    pub fn from_memory<P: Into<String>, T: Into<String>>(
        files: impl IntoIterator<Item = (P, T)>,
    ) -> Self {
        let mut files: Vec<DocFile> = files
            .into_iter()
            .map(|(p, t)| DocFile {
                path: p.into(),
                text: t.into(),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Docs {
            files,
            ..Default::default()
        }
    }

    /// Reads every `*.md` under `root`, in parallel. A missing root is an error diagnostic; an
    /// unreadable, non-UTF-8 or oversized file ([`MAX_PAGE_BYTES`]) is an error diagnostic naming
    /// the file, and is skipped. Symbolic links are followed only while they stay inside `root`;
    /// a link out of it, a loop, or a second name for a page already read is a diagnostic.
    pub fn load(root: &Path) -> Docs {
        let mut docs = Docs::default();
        if !root.is_dir() {
            let what = if root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            docs.diagnostics.push(
                Diagnostic::new(Code::DocsMissing, &Source::new(crate::diagnostics::DOCS_FOLDER, 0), format!("the docs folder `{}` {what}", root.display()))
                    .with_help("pass --docs DIR with a folder in the Graph docs layout (beta/resources/*.md, beta/api/*.md)"),
            );
            return docs;
        }
        let pages = match root.canonicalize() {
            Ok(real_root) => Walk::new(root, real_root, &mut docs).pages(),
            Err(e) => {
                docs.diagnostics.push(Diagnostic::new(
                    Code::DocsUnreadable,
                    &Source::new(crate::diagnostics::DOCS_FOLDER, 0),
                    format!("cannot read the folder: {e}"),
                ));
                Vec::new()
            }
        };
        docs.folders.sort();
        let results: Vec<Result<DocFile, Diagnostic>> = pages
            .par_iter()
            .map(|(rel, path)| read_page(rel, path))
            .collect();
        for ((_, path), r) in pages.into_iter().zip(results) {
            docs.read.push(path);
            match r {
                Ok(f) => docs.files.push(f),
                Err(d) => docs.diagnostics.push(d),
            }
        }
        if !docs.files.is_empty() && !docs.files.iter().any(|f| in_version(&f.path)) {
            docs.diagnostics.push(outside_versions(root));
        }
        if docs.files.is_empty() && docs.diagnostics.is_empty() {
            docs.diagnostics.push(
                Diagnostic::new(
                    Code::DocsEmpty,
                    &Source::new(crate::diagnostics::DOCS_FOLDER, 0),
                    "the docs folder holds no `.md` pages",
                )
                .with_help("point --docs at a folder with beta/ or v1.0/ pages"),
            );
        }
        docs
    }
}

/// Whether a page is under a `beta/` or `v1.0/` folder, the pages graphdoc reads.
fn in_version(path: &str) -> bool {
    crate::ir::ApiVersion::of_path(path).is_some()
}

/// The error for a docs folder none of whose pages is under `beta/` or `v1.0/`: `--docs` points
/// into the tree (`docs/v1.0`) or at a flat folder. It names the folder that would work, when the
/// given one is inside a version folder.
fn outside_versions(root: &Path) -> Diagnostic {
    let shown = root.display();
    let message = format!(
        "no page in `{shown}` is under a `beta/` or `v1.0/` folder, so none can be read (each page's API version is the folder it is in)"
    );
    let (message, help) = match folder_above_versions(root) {
        Some(above) => (
            format!("{message}; did you mean `{}`?", above.display()),
            format!(
                "point --docs at `{}`, the folder that holds `beta/` and `v1.0/`",
                above.display()
            ),
        ),
        None => (
            message,
            "point --docs at the folder that holds `beta/` and `v1.0/` (a flat folder of pages needs them moved into `beta/api`, `beta/resources`, ... first)".to_string(),
        ),
    };
    Diagnostic::new(
        Code::DocsOutsideVersions,
        &Source::new(crate::diagnostics::DOCS_FOLDER, 0),
        message,
    )
    .with_help(help)
}

/// The folder above the version folder `root` is in (`docs` for `docs/v1.0` or `docs/v1.0/api`):
/// from the path as given, keeping the user's spelling, else from the real path (`.` inside
/// `v1.0`).
fn folder_above_versions(root: &Path) -> Option<PathBuf> {
    let is_version = |c: &std::path::Component<'_>| {
        c.as_os_str()
            .to_str()
            .and_then(crate::ir::ApiVersion::parse)
            .is_some()
    };
    let parts: Vec<std::path::Component<'_>> = root.components().collect();
    if let Some(i) = parts.iter().rposition(is_version) {
        let above: PathBuf = parts[..i].iter().collect();
        return Some(match above.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => above,
        });
    }
    let real = root.canonicalize().ok()?;
    let below = real.components().rev().position(|c| is_version(&c))?;
    Some(root.join(std::iter::repeat_n("..", below + 1).collect::<PathBuf>()))
}

/// Pages larger than this are not read (the largest real page, in 2021, is about 120 KB): a page
/// of many megabytes is not a docs page, and reading it would only cost memory.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads one page: at most [`MAX_PAGE_BYTES`], and UTF-8.
fn read_page(rel: &str, path: &Path) -> Result<DocFile, Diagnostic> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(
            Code::FileUnreadable,
            &Source::new(rel.to_string(), 0),
            format!("cannot read the file: {e}"),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let too_large = |size: u64| {
        Diagnostic::new(
            Code::FileTooLarge,
            &Source::new(rel.to_string(), 0),
            format!(
                "the file is {size} bytes, over the {} MiB a page may have; it is skipped",
                MAX_PAGE_BYTES >> 20
            ),
        )
        .with_help("split the page, or move it out of the docs folder if it is not a docs page")
    };
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_PAGE_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` holds the limit even if the file grows while it is read.
    file.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map(|text| DocFile {
            path: rel.to_string(),
            text,
        })
        .map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            Diagnostic::new(
                Code::FileNotUtf8,
                &Source::new(rel.to_string(), line),
                format!(
                    "the file is not valid UTF-8 (byte {} is not); it is skipped",
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_help("re-save the page as UTF-8")
        })
}

/// A page found by the walk: its path as given, and the file it is once links are resolved.
struct Found {
    path: PathBuf,
    real: Option<PathBuf>,
    through_link: bool,
}

/// The walk over the docs folder: links followed only inside it, each folder read once.
struct Walk<'a> {
    root: &'a Path,
    real_root: PathBuf,
    docs: &'a mut Docs,
    seen_dirs: std::collections::HashSet<PathBuf>,
    found: Vec<Found>,
}

impl<'a> Walk<'a> {
    fn new(root: &'a Path, real_root: PathBuf, docs: &'a mut Docs) -> Self {
        Walk {
            root,
            real_root,
            docs,
            seen_dirs: Default::default(),
            found: Vec::new(),
        }
    }

    /// Where a finding about `path` is: the path relative to the docs root.
    fn at(&self, path: &Path) -> Source {
        Source::new(relative(self.root, path), 0)
    }

    /// Every page, sorted by its relative path; folders reached through links are walked after
    /// the real ones, so a page keeps its own name when a link also leads to it.
    fn pages(mut self) -> Vec<(String, PathBuf)> {
        // (path as given, real path, reached through a link)
        let mut real_dirs = vec![(self.root.to_path_buf(), self.real_root.clone(), false)];
        let mut linked_dirs = Vec::new();
        while let Some((dir, real, through_link)) = real_dirs.pop().or_else(|| linked_dirs.pop()) {
            if !self.seen_dirs.insert(real.clone()) {
                self.docs.diagnostics.push(
                    Diagnostic::new(
                        Code::SymlinkDuplicate,
                        &Source::new(relative(self.root, &dir), 0),
                        "this link leads to a folder that is read under its own name; it is not read twice",
                    ),
                );
                continue;
            }
            self.docs.folders.push(dir.clone());
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.docs.diagnostics.push(Diagnostic::new(
                        Code::DocsUnreadable,
                        &Source::new(relative(self.root, &dir), 0),
                        format!("cannot read the folder: {e}"),
                    ));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_dir() {
                    let next = (path, real.join(entry.file_name()), through_link);
                    if through_link {
                        linked_dirs.push(next);
                    } else {
                        real_dirs.push(next);
                    }
                } else if kind.is_symlink() {
                    if let Some(target) = self.follow(&path, &real) {
                        linked_dirs.push((path, target, true));
                    }
                } else if is_page(&path) {
                    if kind.is_file() {
                        let real = Some(real.join(entry.file_name()));
                        self.found.push(Found {
                            path,
                            real,
                            through_link,
                        });
                    } else {
                        let at = self.at(&path);
                        self.docs.diagnostics.push(
                            Diagnostic::new(
                                Code::FileNotRegular,
                                &at,
                                "this is not a regular file (a pipe, socket or device); it is not read",
                            )
                            .with_help("replace it with the page it stands for"),
                        );
                    }
                }
            }
        }
        self.dedup()
    }

    /// Where a link leads, if it is a folder to walk; a page it leads to is recorded as found.
    fn follow(&mut self, link: &Path, dir_real: &Path) -> Option<PathBuf> {
        let Ok(target) = link.canonicalize() else {
            // A dangling link: reading it reports the error with its name.
            if is_page(link) {
                self.found.push(Found {
                    path: link.to_path_buf(),
                    real: None,
                    through_link: true,
                });
            }
            return None;
        };
        let is_dir = target.is_dir();
        if !is_dir && !is_page(link) {
            return None;
        }
        if !target.starts_with(&self.real_root) {
            let at = self.at(link);
            let message = format!(
                "this is a symbolic link to `{}`, outside the docs folder; it is not followed",
                target.display()
            );
            self.docs.diagnostics.push(
                Diagnostic::new(Code::SymlinkOutsideDocs, &at, message).with_help(
                    "copy what it points to into the docs folder, or point the link inside it",
                ),
            );
            return None;
        }
        if !is_dir && !target.is_file() {
            let at = self.at(link);
            self.docs.diagnostics.push(
                Diagnostic::new(
                    Code::FileNotRegular,
                    &at,
                    "this link leads to something that is not a regular file (a pipe, socket or device); it is not read",
                )
                .with_help("replace it with the page it stands for"),
            );
            return None;
        }
        if !is_dir {
            self.found.push(Found {
                path: link.to_path_buf(),
                real: Some(target),
                through_link: true,
            });
            return None;
        }
        if dir_real.starts_with(&target) {
            let at = self.at(link);
            let message = format!(
                "this is a symbolic link to `{}`, a folder that holds it (a loop); it is not followed",
                relative(&self.real_root, &target)
            );
            self.docs.diagnostics.push(
                Diagnostic::new(Code::SymlinkLoop, &at, message)
                    .with_help("remove the link, or point it at a folder beside it"),
            );
            return None;
        }
        Some(target)
    }

    /// Each file once, under its own name when it has one; sorted by the relative path as a string,
    /// as `from_memory` sorts (and far cheaper than comparing paths component by component).
    fn dedup(mut self) -> Vec<(String, PathBuf)> {
        self.found.sort_by_key(|f| f.through_link);
        let mut seen = std::collections::HashSet::new();
        let mut pages = Vec::with_capacity(self.found.len());
        for f in std::mem::take(&mut self.found) {
            if let Some(real) = &f.real {
                if !seen.insert(real.clone()) {
                    self.docs.diagnostics.push(Diagnostic::new(
                        Code::SymlinkDuplicate,
                        &Source::new(relative(self.root, &f.path), 0),
                        "this link leads to a page that is read under its own name; it is not read twice",
                    ));
                    continue;
                }
            }
            pages.push((relative(self.root, &f.path), f.path));
        }
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        pages
    }
}

fn is_page(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Pages under an `includes/` folder are only read through `[!INCLUDE]`.
pub fn is_include_file(path: &str) -> bool {
    path.split('/').any(|s| s == "includes")
}

/// Resolves `../includes/x.md` against a page path, inside the docs root only.
pub fn resolve_relative(page: &str, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with('/') {
        return None;
    }
    let target = target.split('#').next()?;
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_above_a_version_folder_is_named() {
        let above = |p: &str| folder_above_versions(Path::new(p)).map(|p| p.display().to_string());
        assert_eq!(above("docs/v1.0").as_deref(), Some("docs"));
        assert_eq!(above("docs/beta/api/").as_deref(), Some("docs"));
        assert_eq!(
            above("/x/graph/api-reference/v1.0").as_deref(),
            Some("/x/graph/api-reference")
        );
        assert_eq!(above("v1.0").as_deref(), Some("."));
        assert_eq!(above("no/such/folder"), None);
    }
}
