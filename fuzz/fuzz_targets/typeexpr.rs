//! Any text as the Type cell of a property table: read as markdown (so links are links), then
//! through the type-expression parser; and the same text as a bare cell and as a description.
#![no_main]

use graphdoc_codegen::internals::extract::typeexpr;
use graphdoc_codegen::internals::markdown::{self, BlockKind, Inline};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cell = text.replace(['\n', '\r'], " ");
    let page = format!("|Property|Type|Description|\n|:---|:---|:---|\n|x|{cell}|d|\n");
    let page = markdown::parse_page("beta/resources/fuzzed.md", &page);
    for block in &page.blocks {
        if let BlockKind::Table(table) = &block.kind {
            for row in &table.rows {
                for cell in &row.cells {
                    let _ = typeexpr::parse_type_cell(cell);
                }
            }
        }
    }
    let bare = Inline {
        text: text.to_string(),
        links: Vec::new(),
    };
    let _ = typeexpr::parse_type_cell(&bare);
    let _ = typeexpr::primitive(&text);
    let _ = typeexpr::inline_enum_members(&text);
});
