//! Helpers shared by the tests that run the `graphdoc` binary on docs trees built in temp folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn graphdoc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run graphdoc")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh folder under the target dir, named for the test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("graphdoc-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The seed pages: (path relative to `docs/`, text).
pub fn seed_pages() -> Vec<(String, String)> {
    let root = repo().join("docs");
    let mut pages = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                pages.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    pages.sort();
    pages
}

/// Writes `pages` under `dir`.
pub fn write_tree(dir: &Path, pages: &[(String, String)]) {
    for (rel, text) in pages {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Replaces the one occurrence of `from` in page `file`.
#[track_caller]
pub fn edit(pages: &mut [(String, String)], file: &str, from: &str, to: &str) {
    let page = pages
        .iter_mut()
        .find(|(p, _)| p == file)
        .unwrap_or_else(|| panic!("no page {file}"));
    assert_eq!(page.1.matches(from).count(), 1, "`{from}` in {file}");
    page.1 = page.1.replace(from, to);
}

/// The 1-based line of `file` (relative to `root`) holding `needle`.
#[track_caller]
pub fn line_holding(root: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"))
        + 1
}

/// A fresh folder under the system temp folder, removed when dropped, so test runs leave nothing
/// behind (kept when the test failed, to look at).
pub struct Scratch(PathBuf);

impl Scratch {
    /// `<temp>/<prefix>-<pid>-<name>`, emptied first.
    pub fn new(prefix: &str, name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
