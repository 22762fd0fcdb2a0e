//! An API page's Permissions section (or Intune's Prerequisites): each permission type with its
//! least privileged and higher privileged scopes, from a table on the page or in an include.

use super::{section, source, PageFacts};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Permission;
use crate::markdown::{BlockKind, Page, Row, Table};

/// Where a permissions table keeps its scopes.
#[derive(Debug, PartialEq, Eq)]
enum Columns {
    /// Today's `Permission type | Least privileged permissions | Higher privileged permissions`.
    Split { least: usize, higher: usize },
    /// The older `Permission type | Permissions (from least to most privileged)`: one list, whose
    /// first scope is the least privileged (`reversed` when it says "from most to least").
    List { reversed: bool },
}

/// The layout of a table whose first column is the permission type; `None` for other tables.
fn columns(table: &Table) -> Option<Columns> {
    let header = table.header_key();
    if !header.first().is_some_and(|h| h.starts_with("permission")) {
        return None;
    }
    let find = |word: &str| {
        header
            .iter()
            .skip(1)
            .position(|h| h.contains(word))
            .map(|i| i + 1)
    };
    if let (Some(least), Some(higher)) = (find("least privileged"), find("higher privileged")) {
        return Some(Columns::Split { least, higher });
    }
    let reversed = header.get(1).is_some_and(|h| h.contains("most to least"));
    Some(Columns::List { reversed })
}

/// The scopes a cell names (`Files.Read, Files.ReadWrite`): words with a dot, without the
/// markdown and punctuation around them.
fn scopes_in(text: &str) -> Vec<String> {
    text.replace('*', "")
        .split([',', ' '])
        .map(|s| s.trim().trim_matches('`').trim_end_matches('.'))
        .filter(|s| !s.is_empty() && s.contains('.'))
        .map(str::to_string)
        .collect()
}

/// "Not supported.", "None.", "Not applicable", "n/a".
fn says_not_supported(text: &str) -> bool {
    let lower = text.replace('*', "").trim().to_ascii_lowercase();
    lower.starts_with("not supported")
        || lower.starts_with("none")
        || lower.starts_with("not applicable")
        || lower == "n/a"
}

/// One row as a permission; a TODO instead of scopes is reported.
fn row_permission(
    page: &Page,
    row: &Row,
    columns: &Columns,
    facts: &mut PageFacts,
) -> Option<Permission> {
    let kind_cell = row.cells.first()?;
    let least_at = match columns {
        Columns::Split { least, .. } => *least,
        Columns::List { .. } => 1,
    };
    let least_text = &row.cells.get(least_at)?.text;
    let higher_text = match columns {
        Columns::Split { higher, .. } => row.cells.get(*higher).map_or("", |c| c.text.as_str()),
        Columns::List { .. } => "",
    };
    let not_supported = says_not_supported(least_text);
    let todo = [least_text.as_str(), higher_text]
        .into_iter()
        .find(|t| t.to_ascii_lowercase().contains("todo"));
    let (scopes, higher_privileged) = if let Some(todo) = todo {
        facts.diagnostics.push(
            Diagnostic::new(
                Code::PermissionsTodo,
                &source(page, row.line),
                format!(
                    "the {} permissions are a TODO (`{}`), not scopes",
                    kind_cell.text.trim(),
                    todo.replace('*', "").trim()
                ),
            )
            .with_help("ask the API owner for the scopes and write them into the table"),
        );
        (Vec::new(), Vec::new())
    } else if not_supported {
        (Vec::new(), Vec::new())
    } else {
        match columns {
            Columns::Split { .. } => (scopes_in(least_text), scopes_in(higher_text)),
            Columns::List { reversed } => {
                let mut list = scopes_in(least_text);
                if *reversed {
                    list.reverse();
                }
                let higher = list.split_off(list.len().min(1));
                (list, higher)
            }
        }
    };
    let mut kind = kind_cell.text.trim().to_string();
    if kind.matches('(').count() > kind.matches(')').count() {
        facts.diagnostics.push(
            Diagnostic::new(
                Code::PermissionKindOdd,
                &source(page, row.line),
                format!("the permission type `{kind}` has no closing `)`; read as `{kind})`"),
            )
            .with_help("close the parenthesis"),
        );
        kind.push(')');
    }
    Some(Permission {
        kind,
        scopes,
        higher_privileged,
        not_supported,
    })
}

/// The permissions the page's Permissions (or Prerequisites) section documents.
pub fn extract(page: &Page, facts: &mut PageFacts) -> Vec<Permission> {
    let Some((heading, blocks)) = section(page, |h| h.is("permissions") || h.is("prerequisites"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut unresolved_include = None;
    let mut other_shape = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Table(table) => {
                let Some(columns) = columns(table) else {
                    other_shape.get_or_insert((table.header.join(" | "), block.line));
                    continue;
                };
                for row in &table.rows {
                    out.extend(row_permission(page, row, &columns, facts));
                }
            }
            BlockKind::Include { target, .. } => {
                unresolved_include = Some((target.clone(), block.line))
            }
            _ => {}
        }
    }
    if out.is_empty() {
        // A table of another shape (`Supported resource | Delegated ... | Application`) is the
        // better explanation than an include beside it.
        let (message, line) = match (other_shape, unresolved_include) {
            (Some((header, line)), _) => (
                format!("the permissions table has a shape graphdoc does not read (`{header}`)"),
                line,
            ),
            (None, Some((target, line))) => (
                format!("the permissions are in `{target}`, which is not in the docs folder"),
                line,
            ),
            (None, None) => (
                "the Permissions section has no permissions table".to_string(),
                heading.line,
            ),
        };
        facts.diagnostics.push(
            Diagnostic::new(Code::PermissionsUnresolved, &source(page, line), message)
                .with_help("the operation is generated without permission data"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_page;

    fn read(table: &str) -> Vec<Permission> {
        let page = parse_page(
            "v1.0/api/x.md",
            &format!("# X\n\n## Permissions\n\n{table}"),
        );
        extract(&page, &mut PageFacts::default())
    }

    #[test]
    fn least_and_higher_privileged_scopes_are_kept_apart() {
        let current = read(
            "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|Application.Read.All|Application.ReadWrite.All, Directory.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|Application.Read.All|Not available.|\n",
        );
        assert_eq!(current[0].scopes, ["Application.Read.All"]);
        assert_eq!(
            current[0].higher_privileged,
            ["Application.ReadWrite.All", "Directory.Read.All"]
        );
        assert!(current[1].not_supported && current[1].scopes.is_empty());
        assert!(current[2].higher_privileged.is_empty());

        let older = read(
            "|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|Files.Read.All, Files.ReadWrite.All, Sites.Read.All|\n",
        );
        assert_eq!(older[0].scopes, ["Files.Read.All"]);
        assert_eq!(
            older[0].higher_privileged,
            ["Files.ReadWrite.All", "Sites.Read.All"]
        );

        let reversed = read(
            "|Permission type|Permissions (from most to least privileged)|\n|:---|:---|\n|Application|User.ReadWrite.All, User.Read.All|\n",
        );
        assert_eq!(reversed[0].scopes, ["User.Read.All"]);
        assert_eq!(reversed[0].higher_privileged, ["User.ReadWrite.All"]);
    }
}
