//! Inputs the fuzz targets (`fuzz/`, run by `.ci/fuzz`) found to panic, reduced to their cause, and
//! the same mistake found by reading for it elsewhere. Each must now give a clean result.

use graphdoc_codegen::{generate_crate, parse_docs, Docs, Settings};

/// `page` fuzz target: an `@odata.type` whose 12th byte falls inside a multi-byte character
/// panicked in `odata_type_name` (`v[..11]`, "byte index 11 is not a char boundary").
#[test]
fn odata_type_with_a_multibyte_character_across_byte_11() {
    let (name, _) =
        graphdoc_codegen::extract::infer::odata_type_name("abcdefghijé)", "microsoft.graph")
            .unwrap();
    assert_eq!(name.name, "abcdefghijé)");
    let page = "---\ndoc_type: resourcePageType\n---\n# phone resource type\n\nNamespace: microsoft.graph\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microso\u{fffd}\u{fffd}ft.graph.phone\"\n}-->\n```json\n{\n  \"number\": \"string\"\n}\n```\n";
    let schema = parse_docs(&Docs::from_memory([("beta/resources/phone.md", page)]));
    assert_eq!(schema.types.len(), 1, "{:?}", schema.types);
}

/// The same slice on a response's status line (`protocol[..5]`): `HTTPé/1.1 200 OK`.
#[test]
fn status_line_with_a_multibyte_character_across_byte_5() {
    let page = "---\ndoc_type: apiPageType\n---\n# Get thing\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nGET /things/{id}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code.\n\n## Example\n\n### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_thing\" } -->\n```http\nGET https://graph.microsoft.com/beta/things/1\n```\n\n### Response\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTPé/1.1 200 OK\n```\n";
    let docs = Docs::from_memory([("beta/api/thing-get.md", page)]);
    let generated = generate_crate(&docs, &Settings::default(), "m");
    let odd = generated
        .schema
        .diagnostics
        .iter()
        .find(|d| d.code == "response-status-odd")
        .expect("the status line is diagnosed");
    assert!(odd.message.contains("HTTPé/1.1 200 OK"), "{}", odd.message);
}
