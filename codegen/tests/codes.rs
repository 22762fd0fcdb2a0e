//! Every diagnostic code is emitted somewhere. The type guarantees the rest (a call site names a
//! `Code` variant and gets its severity from the table, whose order and uniqueness a unit test
//! checks); an unused row would be a code the config accepts and SARIF describes that never fires.

use std::path::{Path, PathBuf};

use graphdoc_codegen::Code;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_code_is_emitted_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut text = String::new();
    for file in &files {
        // The table declares every variant; unit tests build findings of their own.
        if file.ends_with("diagnostics/codes.rs") || file.ends_with("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        text.push_str(source.split("#[cfg(test)]\nmod tests").next().unwrap());
    }
    let unused: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| {
            let variant = format!("Code::{c:?}");
            !text.match_indices(&variant).any(|(at, _)| {
                // `Code::Json` must not count as a use of `Code::JsonLenient`'s prefix.
                !text[at + variant.len()..].starts_with(|ch: char| ch.is_alphanumeric())
            })
        })
        .map(|c| c.as_str())
        .collect();
    assert!(
        unused.is_empty(),
        "listed in the table but emitted nowhere: {unused:?}"
    );
}
