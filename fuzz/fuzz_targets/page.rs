//! Any bytes as a docs page: parsed into blocks, then into facts. Nothing may panic, and every
//! block and finding points at a line of the page.
#![no_main]

use graphdoc_codegen::internals::{extract, markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = "beta/resources/fuzzed.md";
    let page = markdown::parse_page(path, &text);
    let lines = text.split('\n').count();
    for block in &page.blocks {
        assert!(
            block.line <= lines,
            "block at line {} of {lines}",
            block.line
        );
    }
    let facts = extract::extract_page(&page);
    for d in &facts.diagnostics {
        assert!(d.line <= lines, "{} at line {} of {lines}", d.code, d.line);
    }
});
