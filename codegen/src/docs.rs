//! The docs tree as input: files read from disk at the edge, or given in memory by tests.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
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
    /// unreadable or non-UTF-8 file is an error diagnostic naming the file, and is skipped.
    pub fn load(root: &Path) -> Docs {
        let mut docs = Docs::default();
        if !root.is_dir() {
            let what = if root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            docs.diagnostics.push(
                Diagnostic::error("docs-missing", &Source::new(crate::diagnostics::DOCS_FOLDER, 0), format!("the docs folder `{}` {what}", root.display()))
                    .with_help("pass --docs DIR with a folder in the Graph docs layout (beta/resources/*.md, beta/api/*.md)"),
            );
            return docs;
        }
        let mut paths = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            docs.folders.push(dir.clone());
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    docs.diagnostics.push(Diagnostic::error(
                        "docs-unreadable",
                        &Source::new(relative(root, &dir), 0),
                        format!("cannot read the folder: {e}"),
                    ));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    stack.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"))
                {
                    paths.push(path);
                }
            }
        }
        // Sorted by the relative path as a string, as `from_memory` sorts (and far cheaper than
        // comparing paths component by component).
        let mut paths: Vec<(String, PathBuf)> =
            paths.into_iter().map(|p| (relative(root, &p), p)).collect();
        paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        docs.folders.sort();
        let results: Vec<Result<DocFile, Diagnostic>> = paths
            .par_iter()
            .map(|(rel, path)| {
                let rel = rel.clone();
                let bytes = std::fs::read(path).map_err(|e| {
                    Diagnostic::error(
                        "file-unreadable",
                        &Source::new(rel.clone(), 0),
                        format!("cannot read the file: {e}"),
                    )
                })?;
                String::from_utf8(bytes)
                    .map(|text| DocFile {
                        path: rel.clone(),
                        text,
                    })
                    .map_err(|e| {
                        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                        Diagnostic::error(
                            "file-not-utf8",
                            &Source::new(rel.clone(), line),
                            format!(
                                "the file is not valid UTF-8 (byte {} is not); it is skipped",
                                e.utf8_error().valid_up_to()
                            ),
                        )
                        .with_help("re-save the page as UTF-8")
                    })
            })
            .collect();
        for ((_, path), r) in paths.into_iter().zip(results) {
            docs.read.push(path);
            match r {
                Ok(f) => docs.files.push(f),
                Err(d) => docs.diagnostics.push(d),
            }
        }
        if docs.files.is_empty() && docs.diagnostics.is_empty() {
            docs.diagnostics.push(
                Diagnostic::error(
                    "docs-empty",
                    &Source::new(crate::diagnostics::DOCS_FOLDER, 0),
                    "the docs folder holds no `.md` pages",
                )
                .with_help("point --docs at a folder with beta/ or v1.0/ pages"),
            );
        }
        docs
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
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
