//! Resource pages: Properties and Relationships tables, the JSON representation, the Methods table.

use super::typeexpr::{inline_enum_members, parse_type_cell};
use super::{
    infer, inheritance, page_namespace, section, source, MethodFact, PageFacts, PropFact, TypeFact,
    TypeName,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ApiVersion, Evidence};
use crate::markdown::json::{self, Json};
use crate::markdown::{Annotation, BlockKind, CodeBlock, Page, Table};

/// Column positions of a property-shaped table.
pub(crate) struct PropertyColumns {
    name: usize,
    ty: usize,
    description: Option<usize>,
    /// A `Required` column (`✓`, `Yes`, `No`): said again in the description as "Required." or
    /// "Optional.".
    required: Option<usize>,
}

/// Recognises a property table by its header shape, not by its heading alone.
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

/// A resource page in named steps: its representation, its name, its tables, what its annotation
/// says, the JSON members, then the Methods table.
pub fn extract(page: &Page, version: ApiVersion, facts: &mut PageFacts) {
    let ns = page_namespace(page);
    let json_block = representation(page, facts);
    let annotation = json_block.and_then(|(c, _)| c.annotation.as_ref());
    let Some((namespace, name)) = resource_name(page, annotation, &ns, facts) else {
        return;
    };
    let (mut properties, saw_properties_table) = property_tables(page, facts);
    let flags = annotation_flags(page, annotation, &ns);
    let inherited_from = inheritance::inherited_from_notes(&properties, &ns);
    let base_type = inheritance::base_type(
        page,
        &name,
        flags.annotated_base,
        &inherited_from,
        &ns,
        facts,
    );
    let type_name = TypeName {
        namespace: Some(namespace),
        name: name.clone(),
        page_namespace: ns.clone(),
    };
    let dictionary = match json_block {
        Some((code, _)) => {
            let tables = saw_properties_table.then_some(properties.as_slice());
            let (members, dictionary) =
                json_members(page, code, &type_name, version, tables, facts);
            properties.extend(members);
            dictionary
        }
        None => {
            facts.diagnostics.push(Diagnostic::new(
                Code::ResourceJsonMissing,
                &source(page, 1),
                format!("{name} has no JSON representation block"),
            ));
            false
        }
    };
    if !saw_properties_table && properties.is_empty() && !dictionary {
        report_no_properties(page, &name, facts);
    }
    facts.types.push(TypeFact {
        name: type_name,
        version,
        evidence: Evidence::ResourceTable,
        source: source(page, 1),
        description: page_description(page),
        properties,
        base_type,
        inherited_from,
        key_property: flags.key_property,
        open_type: flags.open_type,
        abstract_type: flags.abstract_type,
        mention_only: false,
    });
    methods_table(page, facts);
}

/// The JSON representation: the annotated resource block, else the JSON under the heading.
fn representation<'p>(page: &'p Page, facts: &mut PageFacts) -> Option<(&'p CodeBlock, usize)> {
    let resource_blocks: Vec<(&CodeBlock, usize)> = page
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Code(c) if is_resource_json(c) => Some((c, b.line)),
            _ => None,
        })
        .collect();
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
    resource_blocks.first().copied().or_else(|| {
        let (_, blocks) = section(page, |h| h.starts_with("json representation"))?;
        blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) if c.lang == "json" || c.lang.is_empty() => Some((c, b.line)),
            _ => None,
        })
    })
}

/// The type's namespace and name: from the annotation's `@odata.type`, else the page title.
fn resource_name(
    page: &Page,
    annotation: Option<&Annotation>,
    ns: &str,
    facts: &mut PageFacts,
) -> Option<(String, String)> {
    let annotated_type =
        annotation.and_then(|a| a.get_str("@odata.type").or_else(|| a.get_str("@type")));
    match (annotated_type, type_from_title(page)) {
        (Some(t), title) => Some(match infer::odata_type_name(t, ns) {
            Some((name, _)) => (name.namespace.unwrap_or_else(|| ns.to_string()), name.name),
            None => (
                ns.to_string(),
                title.unwrap_or_else(|| t.trim().to_string()),
            ),
        }),
        (None, Some(title)) => Some((ns.to_string(), title)),
        (None, None) => {
            facts.diagnostics.push(
                Diagnostic::new(
                    Code::ResourceNameUnknown,
                    &source(page, 1),
                    "the page names no type: no `blockType: resource` annotation with `@odata.type`, and no `# x resource type` title",
                )
                .with_help("add the resource annotation before the JSON representation"),
            );
            None
        }
    }
}

/// The rows of every property-shaped table under a Properties or Relationships heading, and
/// whether there was one.
fn property_tables(page: &Page, facts: &mut PageFacts) -> (Vec<PropFact>, bool) {
    let mut properties: Vec<PropFact> = Vec::new();
    let mut saw_properties_table = false;
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let (Some(cols), Some(heading)) = (property_columns(table), block.headings.last()) else {
            continue;
        };
        let relationship = heading.mentions("relationship");
        if !heading.mentions("propert") && !relationship {
            // Property-shaped tables under other headings: not this type's shape.
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
    (properties, saw_properties_table)
}

/// What the resource annotation and the page's words say beyond the members.
struct AnnotationFlags {
    key_property: Option<String>,
    annotated_base: Option<(TypeName, usize)>,
    open_type: bool,
    abstract_type: bool,
}

fn annotation_flags(page: &Page, annotation: Option<&Annotation>, ns: &str) -> AnnotationFlags {
    let mut flags = AnnotationFlags {
        key_property: None,
        annotated_base: None,
        open_type: false,
        abstract_type: inheritance::says_abstract(page),
    };
    if let Some(a) = annotation {
        flags.key_property = a.get_str("keyProperty").map(str::to_string);
        flags.annotated_base = a
            .get_str("baseType")
            .and_then(|b| inheritance::written_name(b, ns))
            .map(|b| (b, a.line));
        let truthy = |k: &str| {
            a.json
                .as_ref()
                .and_then(|j| j.get(k))
                .is_some_and(|v| matches!(v, Json::Bool(true)))
        };
        flags.open_type = truthy("openType");
        flags.abstract_type |= truthy("abstract") || truthy("isAbstract");
    }
    flags
}

/// The members of the JSON representation, and whether its keys are a dictionary's
/// (`plannerAssignments`: user IDs), an open type `json-keys-not-names` reports. Members missing
/// from the page's property tables (when it has some) are reported.
fn json_members(
    page: &Page,
    code: &CodeBlock,
    type_name: &TypeName,
    version: ApiVersion,
    tables: Option<&[PropFact]>,
    facts: &mut PageFacts,
) -> (Vec<PropFact>, bool) {
    let Some(value) = read_json(page, &code.text, code.content_line, facts) else {
        return (Vec::new(), false);
    };
    let dictionary = match &value {
        Json::Object(members) => members
            .iter()
            .any(|m| !m.key.contains('@') && !infer::is_member_name(m.key.trim())),
        _ => false,
    };
    let evidence = Evidence::JsonRepresentation;
    let line = code.content_line;
    let Some(mut fact) =
        infer::infer_object(&value, type_name, version, evidence, page, line, facts)
    else {
        return (Vec::new(), dictionary);
    };
    // Table rows and JSON members are compared in resolution; here only shapes are noted.
    for p in &mut fact.properties {
        p.shown_as_string = matches!(value.get(&p.name), Some(Json::String(_)));
    }
    if let Some(tables) = tables {
        for p in &fact.properties {
            if !tables.iter().any(|t| t.name.eq_ignore_ascii_case(&p.name)) {
                facts.diagnostics.push(
                    Diagnostic::new(
                        Code::JsonMemberNotInTable,
                        &p.source,
                        format!("`{}` is in the JSON representation of {} but not in its Properties table", p.name, type_name.name),
                    )
                    .with_help("add the property to the table, or remove it from the JSON"),
                );
            }
        }
    }
    (fact.properties, dictionary)
}

/// A type with no members at all, unless the Properties section says "None." (a documented empty
/// type, often an abstract base).
fn report_no_properties(page: &Page, name: &str, facts: &mut PageFacts) {
    let says_none = section(page, |h| h.is("properties")).is_some_and(|(_, blocks)| {
        blocks.iter().any(|b| matches!(&b.kind, BlockKind::Paragraph(p) if p.text.trim().to_ascii_lowercase().starts_with("none")))
    });
    if !says_none {
        facts.diagnostics.push(Diagnostic::new(
            Code::ResourceNoProperties,
            &source(page, 1),
            format!(
                "{name} has neither a Properties table nor JSON members; it becomes an open type"
            ),
        ));
    }
}

/// The Methods table: which API pages document this type's operations.
fn methods_table(page: &Page, facts: &mut PageFacts) {
    let Some((_, blocks)) = section(page, |h| h.is("methods")) else {
        return;
    };
    for block in blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        if table.header_key().first().map(String::as_str) != Some("method") {
            continue;
        }
        for row in &table.rows {
            let Some(link) = row.cells.first().and_then(|c| c.links.first()) else {
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
