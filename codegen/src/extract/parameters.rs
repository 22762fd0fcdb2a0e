//! Parameter tables of API pages: an action's Request body table and a function's
//! Function parameters table (every header spelling the docs use).

use super::resource::{property_columns, table_properties};
use super::{PageFacts, PropFact};
use crate::ir::Evidence;
use crate::markdown::{Block, BlockKind, Heading, Page};

/// Whether a parameter's description says it must be given: "Required." as a sentence, or
/// "required" in its first words ("Required. The ...", "This parameter is required").
pub fn says_required(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    if lower.contains("not required") || lower.starts_with("optional") {
        return false;
    }
    lower.starts_with("required")
        || lower.contains(" required.")
        || lower.contains("(required)")
        || lower.contains("required:")
        || lower.trim_end().ends_with("required")
}

/// Whether a parameter's description says it may be left out ("Optional." as a sentence or its
/// first word).
pub fn says_optional(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    lower.starts_with("optional") || lower.contains(" optional.") || lower.contains("(optional)")
}

/// The rows of every property-shaped table among `blocks`.
pub fn table_rows(page: &Page, blocks: &[Block], facts: &mut PageFacts) -> Vec<PropFact> {
    let mut rows = Vec::new();
    for block in blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        if let Some(cols) = property_columns(table) {
            rows.extend(table_properties(
                page,
                table,
                &cols,
                Evidence::RequestBodyTable,
                false,
                facts,
            ));
        }
    }
    rows
}

/// Whether a section heading names a table of function or path parameters (not query options,
/// headers or the request body).
fn is_parameters_heading(heading: &Heading) -> bool {
    heading.names().any(|name| {
        let lower = name.to_ascii_lowercase().replace('-', " ");
        lower.contains("parameters")
            && !lower.contains("query")
            && !lower.contains("header")
            && !lower.contains("request body")
    })
}

/// The rows of the page's Function parameters (or Parameters, Path parameters) tables.
pub fn function_parameter_rows(page: &Page, facts: &mut PageFacts) -> Vec<PropFact> {
    let mut rows = Vec::new();
    let mut in_section: Option<u8> = None;
    let mut start = 0;
    for (i, block) in page.blocks.iter().enumerate() {
        if let BlockKind::Heading(h) = &block.kind {
            if let Some(level) = in_section.take() {
                if h.level > level {
                    in_section = Some(level);
                    continue;
                }
                rows.extend(table_rows(page, &page.blocks[start..i], facts));
            }
            if is_parameters_heading(h) {
                in_section = Some(h.level);
                start = i + 1;
            }
        }
    }
    if in_section.is_some() {
        rows.extend(table_rows(page, &page.blocks[start..], facts));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_is_read_from_descriptions() {
        for said in [
            "Required. The ID of the folder.",
            "The destination folder ID. Required.",
            "A collection of GUIDs (required)",
            "The user. This parameter is required",
        ] {
            assert!(says_required(said), "{said}");
        }
        for unsaid in [
            "",
            "Optional. The comment.",
            "The folder. Not required.",
            "Whether a reply is required by the sender.",
        ] {
            assert!(!says_required(unsaid), "{unsaid}");
        }
    }

    #[test]
    fn optional_is_read_from_descriptions() {
        assert!(says_optional("Optional. The comment."));
        assert!(says_optional("The end date. Optional."));
        assert!(!says_optional("The end date."));
        assert!(!says_optional("Not optional: required."));
    }

    #[test]
    fn parameter_headings() {
        let heading = |text: &str, anchor: Option<&str>| Heading {
            level: 2,
            text: text.into(),
            line: 1,
            anchor: anchor.map(Into::into),
        };
        assert!(is_parameters_heading(&heading("Function parameters", None)));
        assert!(is_parameters_heading(&heading("Path parameters", None)));
        assert!(!is_parameters_heading(&heading(
            "Optional query parameters",
            None
        )));
        assert!(!is_parameters_heading(&heading("Request headers", None)));
        // A translated heading keeps its English anchor.
        assert!(is_parameters_heading(&heading(
            "関数パラメーター",
            Some("function-parameters")
        )));
        assert!(!is_parameters_heading(&heading(
            "オプションのクエリ パラメーター",
            Some("optional-query-parameters")
        )));
    }
}
