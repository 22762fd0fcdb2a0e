//! Names the generator for the expansion cache: graphdoc's version and a hash of the sources that
//! generate the code (this crate's and graphdoc-codegen's, when it sits beside it as in the
//! repository and in a git dependency), so a cache entry written by other code is never read,
//! even when the version number did not change.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn main() {
    let here = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let codegen = here.join("../codegen");
    let mut roots = vec![
        here.join("src"),
        here.join("Cargo.toml"),
        here.join("build.rs"),
    ];
    if codegen.is_dir() {
        roots.extend(["src", "runtime", "Cargo.toml"].map(|p| codegen.join(p)));
    }
    let mut files = Vec::new();
    for root in &roots {
        collect(root, &mut files);
    }
    files.sort();
    let mut hash = std::hash::DefaultHasher::new();
    for file in &files {
        let relative = file.strip_prefix(&here).unwrap_or(file);
        hash.write(relative.to_string_lossy().as_bytes());
        hash.write(&std::fs::read(file).unwrap_or_default());
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!(
        "cargo:rustc-env=GRAPHDOC_GENERATOR={}+{:016x}",
        env!("CARGO_PKG_VERSION"),
        hash.finish()
    );
}

/// Every file under `path` (or `path` itself); each folder is printed for Cargo, so a file added
/// to it reruns this script.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        println!("cargo:rerun-if-changed={}", path.display());
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}
