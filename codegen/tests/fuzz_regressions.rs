//! Inputs the fuzz targets (`fuzz/`, run by `.ci/fuzz`) found to panic, reduced to their cause, and
//! the same mistake found by reading for it elsewhere. Each must now give a clean result.

use graphdoc_codegen::{Code, Docs, Generator, Settings};

/// `page` fuzz target: an `@odata.type` whose 12th byte falls inside a multi-byte character
/// panicked in `odata_type_name` (`v[..11]`, "byte index 11 is not a char boundary").
#[test]
fn odata_type_with_a_multibyte_character_across_byte_11() {
    let (name, _) = graphdoc_codegen::internals::extract::infer::odata_type_name(
        "abcdefghijé)",
        "microsoft.graph",
    )
    .unwrap();
    assert_eq!(name.name, "abcdefghijé)");
    let page = "---\ndoc_type: resourcePageType\n---\n# phone resource type\n\nNamespace: microsoft.graph\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microso\u{fffd}\u{fffd}ft.graph.phone\"\n}-->\n```json\n{\n  \"number\": \"string\"\n}\n```\n";
    let schema = Generator::new(
        &Docs::from_memory([("beta/resources/phone.md", page)]),
        &Settings::default(),
    )
    .schema();
    assert_eq!(schema.types.len(), 1, "{:?}", schema.types);
}

/// The same slice on a response's status line (`protocol[..5]`): `HTTPé/1.1 200 OK`.
#[test]
fn status_line_with_a_multibyte_character_across_byte_5() {
    let page = "---\ndoc_type: apiPageType\n---\n# Get thing\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nGET /things/{id}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code.\n\n## Example\n\n### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_thing\" } -->\n```http\nGET https://graph.microsoft.com/beta/things/1\n```\n\n### Response\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTPé/1.1 200 OK\n```\n";
    let docs = Docs::from_memory([("beta/api/thing-get.md", page)]);
    let generated = Generator::new(&docs, &Settings::default()).crate_files("m");
    let odd = generated
        .schema
        .diagnostics
        .iter()
        .find(|d| d.code == Code::ResponseStatusOdd)
        .expect("the status line is diagnosed");
    assert!(odd.message.contains("HTTPé/1.1 200 OK"), "{}", odd.message);
}

/// Every generated module parses, and holds no codepoint rustc denies in source.
#[track_caller]
fn assert_crate_is_sound(files: &std::collections::BTreeMap<String, String>) {
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} does not parse ({e}):\n{text}");
        }
        let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(
            !text.contains(bidi),
            "{path} holds a direction codepoint:\n{text}"
        );
    }
}

/// `pipeline` fuzz target: an `@odata.type` annotation holding a raw line break and prose (a
/// table row pasted into it), on a page without a `# x resource type` title. The text became the
/// type's name, and its line break split the `///` comment on `odata_type`, so `graph.rs` did not
/// parse.
#[test]
fn odata_type_annotation_with_a_line_break() {
    let page = "---\ndoc_type: resourcePageType\n---\nNamespace: microsoft.graph\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"filecounts.md) | Get the total number of files. |\n| [Get site counts](../api/x.md) | Stream | [y](../resources/ymicrosoft.graph.windowsUpdates.qualityUpdateReference\"\n}-->\n```json\n{\n  \"number\": \"string\"\n}\n```\n";
    let docs = Docs::from_memory([("beta/resources/fuzzed.md", page)]);
    let generated = Generator::new(&docs, &Settings::default()).crate_files("m");
    assert!(!generated.has_errors());
    assert_crate_is_sound(&generated.files);
}

/// Found by reading after the one above: rustc denies codepoints that change the direction of
/// text in literals and comments (`text_direction_codepoint_in_literal`), so a page holding one in
/// a description, a type name, a property name or its namespace gave a crate that did not build.
#[test]
fn direction_codepoints_never_reach_the_generated_source() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\nNamespace: microsoft.graph.evil\u{202e}ns\n\nA thing \u{202e}reversed\u{2066}.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The \u{202e}id.|\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.evil\u{202e}ns.th\u{202e}ing\"\n}-->\n```json\n{\n  \"id\": \"String\",\n  \"na\u{202e}me\": \"String\"\n}\n```\n";
    let docs = Docs::from_memory([("beta/resources/thing.md", page)]);
    let generated = Generator::new(&docs, &Settings::default()).crate_files("m");
    assert!(!generated.has_errors());
    assert_crate_is_sound(&generated.files);
    let all: String = generated.files.values().cloned().collect();
    assert!(
        all.contains("\"na\\u{202e}me\""),
        "the wire name is kept, escaped"
    );
}

/// `page` fuzz target: a JSON fence opened on the page's last line (no content, no closing fence)
/// gave a `json-unreadable` finding one line past the end of the page; it now points at the fence.
#[test]
fn a_fence_opened_on_the_last_line_is_diagnosed_on_that_line() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\nNamespace: microsoft.graph\n\n## JSON representation\n\n```json";
    let lines = page.split('\n').count();
    let schema = Generator::new(
        &Docs::from_memory([("beta/resources/thing.md", page)]),
        &Settings::default(),
    )
    .schema();
    let unreadable = schema
        .diagnostics
        .iter()
        .find(|d| d.code == Code::JsonUnreadable)
        .expect("the empty block is diagnosed");
    assert_eq!(unreadable.line, lines);
    assert!(
        schema.diagnostics.iter().all(|d| d.line <= lines),
        "{:#?}",
        schema.diagnostics
    );
}

/// `page` fuzz target (a clean-clone CI run): the word after "Inherits from" compared with the
/// filler `abstract ` by slicing its first 9 bytes, which ended inside a 3-byte character.
#[test]
fn base_phrase_followed_by_a_multibyte_character_across_a_filler_length() {
    let page = "---\ndoc_type: resourcePageType\n---\n# widget resource type\n\nNamespace: microsoft.graph\n\nInherits from abstrac\u{20ac} thing.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n";
    let schema = Generator::new(
        &Docs::from_memory([("beta/resources/widget.md", page)]),
        &Settings::default(),
    )
    .schema();
    assert_eq!(schema.types.len(), 1, "{:?}", schema.types);
}

/// `page` fuzz target (a `mktemp` clone's CI run): an indented code block was given the first
/// line after it as its first line, as a fenced block's text starts after its fence, so findings
/// in it were placed a line late (past the page's end for a block that ends the page), and one
/// ending the page was called an unclosed fence.
#[test]
fn an_indented_json_block_is_placed_on_its_own_lines() {
    for tail in ["", "\n"] {
        let text = format!(
            "---\ndoc_type: resourcePageType\n---\n# widget resource type\n\n## JSON representation\n\n    {{\n      \"a\": \"b\",\n      : 1{tail}"
        );
        let lines = text.split('\n').count();
        let page =
            graphdoc_codegen::internals::markdown::parse_page("beta/resources/widget.md", &text);
        let facts = graphdoc_codegen::internals::extract::extract_page(&page);
        let unreadable = facts
            .diagnostics
            .iter()
            .find(|d| d.code == Code::JsonUnreadable)
            .expect("the broken JSON is reported");
        assert_eq!(unreadable.line, 10, "the line of `: 1`");
        for d in &facts.diagnostics {
            assert!(d.line <= lines, "{} at line {} of {lines}", d.code, d.line);
            assert_ne!(
                d.code,
                Code::UnclosedFence,
                "an indented block has no fence"
            );
        }
    }
}
