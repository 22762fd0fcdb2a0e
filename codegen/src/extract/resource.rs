//! Resource pages: Properties and Relationships tables, the JSON representation, the Methods table.

use super::typeexpr::{inline_enum_members, parse_type_cell};
use super::{
    infer, inheritance, page_namespace, section, source, MethodFact, PageFacts, PropFact, TypeFact,
    TypeName,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ApiVersion, Evidence};
use crate::markdown::json::{self, Json};
use crate::markdown::{BlockKind, CodeBlock, Page, Table};

/// Column positions of a property-shaped table.
pub(crate) struct PropertyColumns {
    name: usize,
    ty: usize,
    description: Option<usize>,
    /// A `Required` column (`✓`, `Yes`, `No`): said again in the description as "Required." or
    /// "Optional.".
    required: Option<usize>,
}

/// Recognises a property table by its header shape (SURVEY B.3), not by its heading alone.
pub(crate) fn property_columns(table: &Table) -> Option<PropertyColumns> {
    let header = table.header_key();
    let name = header.iter().position(|h| {
        matches!(
            h.as_str(),
            "property"
                | "property name"
                | "name"
                | "relationship"
                | "relationship name"
                | "parameter"
                | "parameters"
        )
    })?;
    let ty = header.iter().position(|h| h == "type")?;
    let description = header
        .iter()
        .position(|h| h == "description" || h == "remarks" || h == "notes");
    let required = header
        .iter()
        .position(|h| h == "required" || h == "required?");
    Some(PropertyColumns {
        name,
        ty,
        description,
        required,
    })
}

fn clean_name(text: &str) -> String {
    text.trim()
        .trim_matches(|c| c == '`' || c == '*')
        .trim()
        .to_string()
}

fn is_property_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '@' || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-'))
}

/// Reads the rows of a property table into facts; broken rows are joined back with a diagnostic.
pub(crate) fn table_properties(
    page: &Page,
    table: &Table,
    cols: &PropertyColumns,
    evidence: Evidence,
    relationship: bool,
    facts: &mut PageFacts,
) -> Vec<PropFact> {
    let mut props: Vec<PropFact> = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i);
        let Some(name_cell) = cell(cols.name) else {
            continue;
        };
        let mut name = clean_name(&name_cell.text);
        let mut description = cols
            .description
            .and_then(cell)
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let said = cols
            .required
            .and_then(cell)
            .map(|c| c.text.trim().trim_matches('`').to_ascii_lowercase());
        let word = match said.as_deref() {
            Some("✓" | "yes" | "true" | "required" | "y") => "Required.",
            Some("no" | "false" | "optional" | "n") => "Optional.",
            _ => "",
        };
        if !word.is_empty() {
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(word);
        }
        // `tollFreeNumber (deprecated)`: the note belongs to the description.
        if let Some((bare, note)) = name
            .split_once(" (")
            .filter(|(_, n)| n.to_ascii_lowercase().starts_with("deprecated"))
        {
            description = format!("[{}] {description}", note.trim_end_matches(')'));
            name = bare.trim().to_string();
        }
        let type_cell = cell(cols.ty);
        if !is_property_name(&name) {
            let rest_empty = type_cell.is_none_or(|c| c.text.trim().is_empty());
            if let (Some(prev), true) = (props.last_mut(), rest_empty) {
                prev.description.push(' ');
                prev.description.push_str(&name_cell.text);
                facts.diagnostics.push(
                    Diagnostic::new(
                        Code::BrokenTableRow,
                        &source(page, row.line),
                        format!("this row continues the description of `{}` (a line break split the row)", prev.name),
                    )
                    .with_help("keep each table row on one line"),
                );
            } else if !name.is_empty() {
                facts.diagnostics.push(Diagnostic::new(
                    Code::PropertyNameInvalid,
                    &source(page, row.line),
                    format!(
                        "`{}` is not a property name; the row is skipped",
                        name_cell.text
                    ),
                ));
            }
            continue;
        }
        let parsed = type_cell.and_then(parse_type_cell);
        if parsed.is_none() {
            facts.diagnostics.push(Diagnostic::new(
                Code::PropertyTypeMissing,
                &source(page, row.line),
                format!("`{name}` has an empty Type cell"),
            ));
        }
        if let Some(odd) = parsed.as_ref().and_then(|p| p.oddity.clone()) {
            facts.diagnostics.push(Diagnostic::new(
                Code::PropertyTypeOdd,
                &source(page, row.line),
                odd,
            ));
        }
        props.push(PropFact {
            inline_members: inline_enum_members(&description),
            union_with: parsed
                .as_ref()
                .map(|p| p.union_with.clone())
                .unwrap_or_default(),
            ty: parsed.map(|p| (p.expr, p.collection)),
            name,
            description,
            relationship,
            shown_as_string: false,
            evidence,
            source: source(page, row.line),
        });
    }
    props
}

/// Reads a JSON block leniently, reporting deviations at their page lines.
pub(crate) fn read_json(
    page: &Page,
    text: &str,
    first_line: usize,
    facts: &mut PageFacts,
) -> Option<Json> {
    match json::parse(text) {
        Ok((value, deviations)) => {
            if !deviations.is_empty() {
                let kinds: Vec<&str> = deviations.iter().map(|d| d.message.as_str()).collect();
                facts.diagnostics.push(
                    Diagnostic::new(
                        Code::JsonLenient,
                        &source(page, first_line + deviations[0].line),
                        format!(
                            "this JSON is not valid as written ({}); read leniently",
                            kinds.join(", ")
                        ),
                    )
                    .with_help(
                        "make the block strict JSON so tools other than graphdoc can read it",
                    ),
                );
            }
            Some(value)
        }
        Err(d) => {
            facts.diagnostics.push(Diagnostic::new(
                Code::JsonUnreadable,
                &source(page, first_line + d.line),
                format!(
                    "this JSON block cannot be read ({}); it is ignored",
                    d.message
                ),
            ));
            None
        }
    }
}

fn type_from_title(page: &Page) -> Option<String> {
    let heading = page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading(h) if h.level == 1 => Some(h),
        _ => None,
    })?;
    let h1 = &heading.text;
    let lower = h1.to_ascii_lowercase();
    let end = lower
        .find(" resource type")
        .or_else(|| lower.find(" resource"))
        .or_else(|| lower.find(" complex type"));
    let Some(end) = end else {
        // A translated title keeps its English anchor (`user-resource-type`).
        let suffixes = ["-resource-type", "-resource", "-complex-type"];
        return heading.anchored_name(&suffixes).map(str::to_string);
    };
    let name = h1[..end].trim().trim_matches('`');
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_string())
}

pub(crate) fn page_description(page: &Page) -> String {
    // Notices ("Important:", "Note:") and the namespace line are not the page's own description.
    const NOT_DESCRIPTIONS: [&str; 6] =
        ["Namespace:", "Important:", "Note:", "Caution:", "**", "["];
    page.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => Some(p.text.trim()),
            _ => None,
        })
        .find(|t| !t.is_empty() && !NOT_DESCRIPTIONS.iter().any(|n| t.starts_with(n)))
        .unwrap_or("")
        .to_string()
}
fn is_resource_json(block: &CodeBlock) -> bool {
    block.annotation.as_ref().and_then(|a| a.block_type()) == Some("resource")
}

pub fn extract(page: &Page, version: ApiVersion, facts: &mut PageFacts) {
    let ns = page_namespace(page);
    let description = page_description(page);

    // The JSON representation: the annotated resource block, else the JSON under the heading.
    let resource_blocks: Vec<(&CodeBlock, usize)> = page
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Code(c) if is_resource_json(c) => Some((c, b.line)),
            _ => None,
        })
        .collect();
    let json_block = resource_blocks.first().copied().or_else(|| {
        let (_, blocks) = section(page, |h| h.starts_with("json representation"))?;
        blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) if c.lang == "json" || c.lang.is_empty() => Some((c, b.line)),
            _ => None,
        })
    });
    if resource_blocks.len() > 1 {
        facts.diagnostics.push(
            Diagnostic::new(
                Code::ResourceAnnotationRepeated,
                &source(page, resource_blocks[1].1),
                format!("{} blocks are annotated `blockType: resource`; the first is the representation", resource_blocks.len()),
            )
            .with_help("annotate examples as `example`, not `resource`"),
        );
    }
    let annotation = json_block.and_then(|(c, _)| c.annotation.as_ref());
    let annotated_type =
        annotation.and_then(|a| a.get_str("@odata.type").or_else(|| a.get_str("@type")));
    let (namespace, name) = match (annotated_type, type_from_title(page)) {
        (Some(t), title) => match super::infer::odata_type_name(t, &ns) {
            Some((name, _)) => (name.namespace.unwrap_or_else(|| ns.clone()), name.name),
            None => match title {
                Some(title) => (ns.clone(), title),
                None => (ns.clone(), t.trim().to_string()),
            },
        },
        (None, Some(title)) => (ns.clone(), title),
        (None, None) => {
            facts.diagnostics.push(
                Diagnostic::new(
                    Code::ResourceNameUnknown,
                    &source(page, 1),
                    "the page names no type: no `blockType: resource` annotation with `@odata.type`, and no `# x resource type` title",
                )
                .with_help("add the resource annotation before the JSON representation"),
            );
            return;
        }
    };

    let mut properties: Vec<PropFact> = Vec::new();
    let mut saw_properties_table = false;
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let Some(cols) = property_columns(table) else {
            continue;
        };
        let Some(heading) = block.headings.last() else {
            continue;
        };
        let relationship = heading.mentions("relationship");
        let is_props = heading.mentions("propert") || relationship;
        if !is_props {
            // Property-shaped tables under other headings (SURVEY B.10): not this type's shape.
            continue;
        }
        saw_properties_table = true;
        let evidence = Evidence::ResourceTable;
        properties.extend(table_properties(
            page,
            table,
            &cols,
            evidence,
            relationship,
            facts,
        ));
    }

    let mut key_property = None;
    let mut annotated_base = None;
    let mut open_type = false;
    let mut abstract_type = inheritance::says_abstract(page);
    if let Some(a) = annotation {
        key_property = a.get_str("keyProperty").map(str::to_string);
        annotated_base = a
            .get_str("baseType")
            .and_then(|b| inheritance::written_name(b, &ns))
            .map(|b| (b, a.line));
        let truthy = |k: &str| {
            a.json
                .as_ref()
                .and_then(|j| j.get(k))
                .is_some_and(|v| matches!(v, Json::Bool(true)))
        };
        open_type = truthy("openType");
        abstract_type |= truthy("abstract") || truthy("isAbstract");
    }
    let inherited_from = inheritance::inherited_from_notes(&properties, &ns);
    let base_type =
        inheritance::base_type(page, &name, annotated_base, &inherited_from, &ns, facts);

    let type_name = TypeName {
        namespace: Some(namespace),
        name: name.clone(),
        page_namespace: ns.clone(),
    };
    // A representation whose keys are a dictionary's (`plannerAssignments`: user IDs) documents
    // an open type, said by `json-keys-not-names`.
    let mut dictionary = false;
    if let Some((code, _)) = json_block {
        let text = code.text.clone();
        if let Some(value) = read_json(page, &text, code.content_line, facts) {
            if let Json::Object(members) = &value {
                dictionary = members
                    .iter()
                    .any(|m| !m.key.contains('@') && !infer::is_member_name(m.key.trim()));
            }
            let fact = infer::infer_object(
                &value,
                &type_name,
                version,
                Evidence::JsonRepresentation,
                page,
                code.content_line,
                facts,
            );
            if let Some(mut fact) = fact {
                // Table rows and JSON members are compared in resolution; here only shapes are noted.
                for p in &mut fact.properties {
                    p.shown_as_string = matches!(value.get(&p.name), Some(Json::String(_)));
                }
                let table_names: Vec<String> = properties
                    .iter()
                    .map(|p| p.name.to_ascii_lowercase())
                    .collect();
                if saw_properties_table {
                    for p in &fact.properties {
                        if !table_names.contains(&p.name.to_ascii_lowercase()) {
                            facts.diagnostics.push(
                                Diagnostic::new(
                                    Code::JsonMemberNotInTable,
                                    &p.source,
                                    format!("`{}` is in the JSON representation of {name} but not in its Properties table", p.name),
                                )
                                .with_help("add the property to the table, or remove it from the JSON"),
                            );
                        }
                    }
                }
                properties.extend(fact.properties);
            }
        }
    } else {
        facts.diagnostics.push(Diagnostic::new(
            Code::ResourceJsonMissing,
            &source(page, 1),
            format!("{name} has no JSON representation block"),
        ));
    }
    if !saw_properties_table && properties.is_empty() && !dictionary {
        // "None." under Properties is a documented empty type (often an abstract base), not a gap.
        let says_none = section(page, |h| h.is("properties")).is_some_and(|(_, blocks)| {
            blocks.iter().any(|b| matches!(&b.kind, BlockKind::Paragraph(p) if p.text.trim().to_ascii_lowercase().starts_with("none")))
        });
        if !says_none {
            facts.diagnostics.push(Diagnostic::new(
                Code::ResourceNoProperties,
                &source(page, 1),
                format!("{name} has neither a Properties table nor JSON members; it becomes an open type"),
            ));
        }
    }

    facts.types.push(TypeFact {
        name: type_name,
        version,
        evidence: Evidence::ResourceTable,
        source: source(page, 1),
        description,
        properties,
        base_type,
        inherited_from,
        key_property,
        open_type,
        abstract_type,
        mention_only: false,
    });

    // The Methods table: which API pages document this type's operations.
    if let Some((_, blocks)) = section(page, |h| h.is("methods")) {
        for block in blocks {
            let BlockKind::Table(table) = &block.kind else {
                continue;
            };
            if table.header_key().first().map(String::as_str) != Some("method") {
                continue;
            }
            for row in &table.rows {
                let Some(first) = row.cells.first() else {
                    continue;
                };
                let Some(link) = first.links.first() else {
                    continue;
                };
                facts.methods.push(MethodFact {
                    title: link.text.clone(),
                    api_page: link.dest.clone(),
                    source: source(page, row.line),
                });
            }
        }
    }
}
