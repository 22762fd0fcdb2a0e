//! A small docs tree made from the input, through the whole pipeline to the crate's files. Nothing
//! may panic; a tree without errors gives a crate whose every module parses as Rust and holds no
//! codepoint rustc denies in source.
//!
//! The input is pages separated by NUL bytes; a page whose first line ends in `.md` is stored at
//! that path, the others at fixed paths of the docs layout.
#![no_main]

use graphdoc_codegen::{Docs, Generator, Settings};
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 6] = [
    "beta/resources/fuzzed.md",
    "beta/api/fuzzed-create.md",
    "beta/api/fuzzed-list.md",
    "v1.0/resources/fuzzed.md",
    "beta/includes/fuzzed.md",
    "beta/resources/enums.md",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut pages: Vec<(String, String)> = Vec::new();
    for (i, chunk) in text.split('\0').take(8).enumerate() {
        let (first, rest) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let named = first.ends_with(".md") && !first.contains(' ') && !first.starts_with('/');
        let (path, body) = if named {
            (first.to_string(), rest)
        } else {
            (PATHS[i % PATHS.len()].to_string(), chunk)
        };
        if pages.iter().all(|(p, _)| *p != path) {
            pages.push((path, body.to_string()));
        }
    }
    let docs = Docs::from_memory(pages);
    let generated = Generator::new(&docs, &Settings::default()).crate_files("fuzz-models");
    if generated.has_errors() {
        return;
    }
    for (path, text) in &generated.files {
        if path.ends_with(".rs") && path != "src/support.rs" {
            if let Err(e) = syn::parse_file(text) {
                panic!("{path} does not parse ({e}):\n{text}");
            }
            // rustc denies these raw in literals and comments: they must come escaped.
            let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            assert!(!text.contains(bidi), "{path} holds a direction codepoint");
        }
    }
});
