//! Enum pages (`# x enum type` + `## Members`), `### x values` sections and aggregate `enums*.md` pages.

use super::{page_namespace, source, EnumEvidence, EnumFact, MemberFact, PageFacts, TypeName};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::ApiVersion;
use crate::markdown::{Block, BlockKind, Page, Table};

struct MemberColumns {
    member: usize,
    value: Option<usize>,
    description: Option<usize>,
}

fn member_columns(table: &Table) -> Option<MemberColumns> {
    let header = table.header_key();
    let member = header
        .iter()
        .position(|h| h == "member" || h == "name" || h == "value" || h == "member name")?;
    // `|Member|Member|Description|` puts the numbers in the second "Member" column.
    let value = header
        .iter()
        .enumerate()
        .position(|(i, h)| i != member && (h == "value" || h == "int value" || h == "member"));
    let description = header.iter().position(|h| h == "description");
    Some(MemberColumns {
        member,
        value,
        description,
    })
}

fn is_member_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

fn table_members(
    page: &Page,
    table: &Table,
    cols: &MemberColumns,
    facts: &mut PageFacts,
) -> Vec<MemberFact> {
    let mut members: Vec<MemberFact> = Vec::new();
    for row in &table.rows {
        let Some(cell) = row.cells.get(cols.member) else {
            continue;
        };
        let name = cell
            .text
            .trim()
            .trim_matches(|c| c == '`' || c == '*')
            .trim();
        if name.is_empty() {
            continue;
        }
        if !is_member_name(name) {
            facts.diagnostics.push(Diagnostic::new(
                Code::EnumMemberInvalid,
                &source(page, row.line),
                format!("`{name}` is not a member name; the row is skipped"),
            ));
            continue;
        }
        if members.iter().any(|m| m.name == name) {
            facts.diagnostics.push(Diagnostic::new(
                Code::EnumMemberRepeated,
                &source(page, row.line),
                format!("`{name}` is listed twice"),
            ));
            continue;
        }
        let value = cols
            .value
            .and_then(|i| row.cells.get(i))
            .and_then(|c| c.text.trim().trim_matches('`').parse::<i64>().ok());
        let description = cols
            .description
            .and_then(|i| row.cells.get(i))
            .map(|c| c.text.clone())
            .unwrap_or_default();
        members.push(MemberFact {
            name: name.to_string(),
            value,
            description,
            line: row.line,
        });
    }
    members
}

/// A members table, where it starts, and how its columns are read.
struct MembersTable<'a> {
    line: usize,
    table: &'a Table,
    cols: &'a MemberColumns,
}

fn push_enum(
    page: &Page,
    version: ApiVersion,
    name: &str,
    evidence: EnumEvidence,
    at: MembersTable<'_>,
    facts: &mut PageFacts,
) {
    let members = table_members(page, at.table, at.cols, facts);
    if members.is_empty() {
        facts.diagnostics.push(Diagnostic::new(
            Code::EnumEmpty,
            &source(page, at.line),
            format!("the members table of {name} lists no members"),
        ));
        return;
    }
    let ns = page_namespace(page);
    let (namespace, name) = match name.rsplit_once('.') {
        Some((n, short)) => (Some(n.to_string()), short.to_string()),
        None => (None, name.to_string()),
    };
    facts.enums.push(EnumFact {
        name: TypeName {
            namespace,
            name,
            page_namespace: ns,
        },
        version,
        evidence,
        members,
        description: String::new(),
        flags: false,
        source: source(page, at.line),
        same_members_as: None,
    });
}

/// `remoteAction` from `# remoteAction enum type`.
fn enum_name_from_title(page: &Page) -> Option<String> {
    page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading(h) if h.level == 1 => {
            let lower = h.text.to_ascii_lowercase();
            let Some(end) = lower.find(" enum") else {
                // A translated title keeps its English anchor (`remoteaction-enum-type`).
                return h
                    .anchored_name(&["-enum-type", "-enum"])
                    .map(str::to_string);
            };
            let name = h.text[..end].trim().trim_matches('`');
            (!name.is_empty() && !name.contains(' ')).then(|| name.to_string())
        }
        _ => None,
    })
}

/// The name in `### remoteAction values`.
fn values_heading_name(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(" values")
        .or_else(|| lower.strip_suffix(" enum values"))?;
    let name = text[..stem.len()].trim().trim_matches('`');
    let name = name.strip_suffix(" enum").unwrap_or(name).trim();
    (!name.is_empty() && !name.contains(' ')).then_some(name)
}

pub fn extract_enum_page(page: &Page, version: ApiVersion, facts: &mut PageFacts) {
    let title = enum_name_from_title(page);
    let values_sections = extract_values_sections(page, version, facts);
    if values_sections > 0 {
        return; // An aggregate page: each section is an enum.
    }
    let Some(name) = title else {
        facts.diagnostics.push(Diagnostic::new(
            Code::EnumNameUnknown,
            &source(page, 1),
            "the enum page has neither a `# x enum type` title nor `### x values` sections",
        ));
        return;
    };
    let tables: Vec<(&Block, &Table, MemberColumns)> = page
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Table(t) => member_columns(t).map(|c| (b, t, c)),
            _ => None,
        })
        .collect();
    match tables.first() {
        Some((block, table, cols)) => {
            let at = MembersTable {
                line: block.line,
                table,
                cols,
            };
            push_enum(page, version, &name, EnumEvidence::EnumPage, at, facts)
        }
        None => facts.diagnostics.push(Diagnostic::new(
            Code::EnumTableMissing,
            &source(page, 1),
            format!("the enum page for {name} has no members table"),
        )),
    }
}

/// Reads every `### x values` section with a members table; returns how many it read.
pub fn extract_values_sections(page: &Page, version: ApiVersion, facts: &mut PageFacts) -> usize {
    let first = facts.enums.len();
    let count = read_values_sections(page, version, facts);
    // Two sections with the same members (two or more): note the twin on each.
    let read = first..facts.enums.len();
    for i in read.clone() {
        let twin = read.clone().find(|&j| {
            let (a, b) = (&facts.enums[i], &facts.enums[j]);
            j != i
                && a.members.len() > 1
                && a.name.name != b.name.name
                && a.members.len() == b.members.len()
                && a.members
                    .iter()
                    .zip(&b.members)
                    .all(|(x, y)| x.name == y.name)
        });
        if let Some(j) = twin {
            let t = &facts.enums[j];
            facts.enums[i].same_members_as = Some((t.name.name.clone(), t.source.clone()));
        }
    }
    count
}

fn read_values_sections(page: &Page, version: ApiVersion, facts: &mut PageFacts) -> usize {
    let mut count = 0;
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let Some(heading) = block.headings.last() else {
            continue;
        };
        let Some(name) = values_heading_name(&heading.text)
            .or_else(|| heading.anchored_name(&["-enum-values", "-values"]))
        else {
            continue;
        };
        let Some(cols) = member_columns(table) else {
            continue;
        };
        let at = MembersTable {
            line: block.line,
            table,
            cols: &cols,
        };
        push_enum(page, version, name, EnumEvidence::ValuesSection, at, facts);
        count += 1;
    }
    count
}
