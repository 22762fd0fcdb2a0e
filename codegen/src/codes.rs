//! Every diagnostic code the library can emit: its severity, what it means and what to do about it.
//!
//! The config (`graphdoc.toml`) accepts only these codes, and SARIF output describes each as a rule.
//! A test scans the sources for `Diagnostic::warning("...")` and its like and fails when a code is
//! emitted that this list lacks, or listed with another severity than it is emitted with.

use crate::diagnostics::Severity;

/// One diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable kebab-case code (`enum-members-lag`).
    pub code: &'static str,
    /// The severity it is emitted with, before a config changes it.
    pub severity: Severity,
    /// What it reports, in one line.
    pub summary: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

impl CodeInfo {
    /// The summary and the fix, as one text (SARIF's full description).
    pub fn description(&self) -> String {
        format!("{}. {}.", self.summary, self.fix)
    }

    /// Errors stop generation, so a config can neither lower nor suppress them.
    pub fn is_fatal(&self) -> bool {
        self.severity == Severity::Error
    }
}

const fn code(
    code: &'static str,
    severity: Severity,
    summary: &'static str,
    fix: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        severity,
        summary,
        fix,
    }
}

use Severity::{Error as E, Note as N, Warning as W};

/// Every code, sorted by code.
#[rustfmt::skip]
pub const CODES: &[CodeInfo] = &[
    code("annotation-lenient", W, "A `<!-- { ... } -->` annotation is not strict JSON and was read leniently", "Write the annotation as strict JSON"),
    code("annotation-unreadable", W, "A `<!-- { ... } -->` annotation is not readable JSON and is ignored", "Fix the JSON inside the annotation comment"),
    code("base-type-cycle", W, "A chain of base types comes back to a type; it is generated without a base type", "Fix the `baseType` or the \"Inherits from\" sentence that closes the cycle"),
    code("base-type-disagrees", W, "A page's forms of a base type disagree: its annotation, its \"Inherits from\" sentence, or its properties' \"Inherited from\" notes", "Make them name the same type"),
    code("broken-table-row", W, "A table row was split by a line break and continues the previous row's description", "Keep each table row on one line"),
    code("config-invalid", E, "The graphdoc.toml config cannot be read or holds an unknown key, code or value", "Fix the config at the line named"),
    code("docs-empty", E, "The docs folder holds no `.md` pages", "Point the docs folder at a tree with beta/ or v1.0/ pages"),
    code("docs-missing", E, "The docs folder does not exist or is not a folder", "Pass the folder that holds beta/ and v1.0/"),
    code("docs-outside-versions", E, "No page of the docs folder is under a beta/ or v1.0/ folder (the folder given is inside the tree, or flat)", "Pass the folder that holds beta/ and v1.0/, as the message names it"),
    code("docs-unreadable", E, "A folder of the docs tree cannot be read", "Fix the folder's permissions"),
    code("endpoint-types-disagree", W, "Pages that document one endpoint give request or response types with no common base type; the best-fitting page's types are used", "Document the endpoint's types on one page, or give the types a common base"),
    code("enum-empty", W, "An enum's members table lists no members", "List the members in the table"),
    code("enum-member-extra", W, "A page lists an enum member that the fullest member list in the docs lacks", "Add the member to the fullest list, or remove it from this page"),
    code("enum-member-invalid", W, "An enum members table row does not hold a member name; the row is skipped", "Write the member's wire name in the first cell"),
    code("enum-member-repeated", W, "An enum member is listed twice", "Remove the repeated row"),
    code("enum-members-copied", W, "A page's member list for an enum is a copy of another enum's list and is ignored", "Give the enum its own members"),
    code("enum-members-lag", W, "A page lists fewer members of an enum than the fullest list in the docs", "Copy the full member list to this page"),
    code("enum-members-unknown", W, "An enum is named but no page lists its members; every value is kept as an unlisted member", "Add the enum's page with its members"),
    code("enum-name-synthesized", W, "An enumeration's type is named by no page, so graphdoc names it", "Name the enum type in the Type column"),
    code("enum-name-unknown", W, "An enum page has neither an `# x enum type` title nor `### x values` sections", "Title the page `# x enum type`"),
    code("enum-table-missing", W, "An enum page has no members table", "Add the Members table"),
    code("example-parameter-unlisted", W, "An action's example request sends a member its Request body table does not list; the generated body has no field for it", "Add the parameter to the Request body table, or drop it from the example"),
    code("example-placeholder", N, "An example gives a placeholder (`\"String\"`, `\"Integer\"`) where a value belongs", "Use a real value of the property's type"),
    code("example-unknown-member", W, "An example gives a value that is not a documented member of the property's enum", "Use a documented member or add it to the enum"),
    code("example-url-broken", W, "An example request URL is malformed or has no API version", "Write the full URL with its version"),
    code("example-url-other-version", W, "An example on one version's page calls the other version's endpoint", "Call this page's version in the example"),
    code("file-not-regular", W, "A page name (`.md`) that is not a regular file (a pipe, socket or device), or a link to one; it is not read", "Replace it with the page it stands for"),
    code("file-not-utf8", E, "A docs page is not valid UTF-8 and is skipped", "Re-save the page as UTF-8"),
    code("file-too-large", E, "A page is larger than 4 MiB and is not read (the largest real page is about 120 KB)", "Split the page, or remove what is not documentation"),
    code("file-unreadable", E, "A docs page cannot be read and is skipped", "Fix the file or its permissions"),
    code("http-path-normalized", N, "A syntax path was normalized (version prefix, host or spacing removed)", "Write syntax paths as `/segment/{id}`, relative to the version root"),
    code("http-path-other-version", W, "A syntax path is a URL of the other version on this version's page", "Write the path relative to this page's version"),
    code("http-request-empty", W, "The HTTP request section has no `METHOD /path` line", "Add the request line to the section"),
    code("http-request-missing", W, "An API page has no `## HTTP request` section", "Add the section with its `METHOD /path` lines"),
    code("http-syntax-odd", W, "A request line has no space between the method and the path", "Write `METHOD /path`"),
    code("http-syntax-unreadable", W, "A line in the HTTP request block is not `METHOD /path` and is skipped", "Keep only `METHOD /path` lines in the block"),
    code("include-missing", N, "`[!INCLUDE]` targets are not in the docs folder and are not read", "Copy the docs' includes/ folder beside the pages"),
    code("internal", E, "graphdoc failed on its own account", "Report it with the docs page that caused it"),
    code("json-key-whitespace", W, "A JSON key has surrounding whitespace", "Remove the whitespace around the key"),
    code("json-keys-not-names", N, "An object's keys are not property names (a dictionary's keys, or annotations); they are not made fields", "Nothing to do if the object is a dictionary; else name the members as identifiers"),
    code("json-lenient", W, "A JSON block is not valid JSON as written and was read leniently", "Make the block strict JSON"),
    code("json-member-not-in-table", W, "A member of a type's JSON representation is not in its Properties table", "Add the property to the table"),
    code("json-odata-type-misspelled", W, "A JSON key is read as a misspelled `@odata.type`", "Spell the annotation `@odata.type`"),
    code("json-unreadable", W, "A JSON block cannot be read and is ignored", "Fix the JSON"),
    code("method-without-operation", W, "A Methods table links a page that documents no HTTP request", "Fix the link or document the request"),
    code("operation-name-clash", W, "Every name an endpoint's path gives is another endpoint's already; it is numbered", "Keep the name with the names file `graphdoc generate` writes, or report the path to graphdoc"),
    code("operation-name-pinned", N, "An operation keeps the name the names file gives it, where the docs alone would now name it differently", "Run `graphdoc generate --rename` to take the docs' names (the old ones stay as deprecated aliases)"),
    code("option-invalid", E, "A generator option has an unknown key or a bad value", "Use the keys and values the settings document"),
    code("output-unwritable", E, "The output file cannot be written", "Fix the output path or its permissions"),
    code("page-outside-versions", N, "A page is not under a beta/ or v1.0/ folder and is skipped", "Point the docs folder at the folder that holds beta/ and v1.0/"),
    code("parameters-only-in-example", W, "An action's example request sends parameters that no Request body table lists; they are typed from the example", "List the parameters in a `Parameter | Type | Description` table under Request body"),
    code("path-call-unclosed", W, "A function call in a syntax path has no closing `)`; it is read as closed before the next `/`", "Close the argument list with `)`"),
    code("path-disagrees-with-example", W, "The syntax block's path disagrees with the path the example calls", "Make the syntax block and the example agree"),
    code("path-placeholder-repeated", W, "A placeholder appears more than once in a path", "Give each placeholder its own name"),
    code("permission-kind-odd", W, "A permission type in the permissions table is misspelled", "Write the permission type as the docs template does"),
    code("permissions-todo", W, "The permissions table holds a TODO instead of scopes", "Write the scopes into the table"),
    code("permissions-unresolved", N, "The permissions are in an include file that is not in the docs folder", "Copy the docs' includes/ folder beside the pages"),
    code("property-name-case", W, "A property is spelled in different cases on different pages", "Spell the property as its resource page does"),
    code("property-name-invalid", W, "A properties table row does not hold a property name; the row is skipped", "Write the property's wire name in the first cell"),
    code("property-only-in-example", W, "A property appears in an example but in none of the type's tables: a type with a resource page does not get it as a field (its value is kept in `additional_properties`), a type without one gets it typed from the example", "Add the property to the type's Properties table, or fix the example"),
    code("property-only-in-request-body", W, "A request body table lists a member that the type's resource page does not; it is not made a field (its value is kept in `additional_properties`)", "Add the property to the type's Properties table, or fix the request body table"),
    code("property-type-differs-from-base", W, "A derived type lists an inherited property with another type than its base type does", "Fix the table that is wrong: a derived type keeps its base's property types"),
    code("property-type-disagrees", W, "Pages give a property different types", "Make the pages agree on the type"),
    code("property-type-missing", W, "A property's Type cell is empty", "Write the property's type"),
    code("property-type-odd", W, "A property's type is written in an unusual spelling", "Write the type as `Edm.X`, a linked type or `X collection`"),
    code("property-union", W, "A property is typed as a union of types that share no documented base type", "Give the property one type"),
    code("prose-not-english", N, "Pages have their section headings in another language; what only their prose (or a table with translated column headings) says may be missing", "Generate from the English docs tree"),
    code("request-body-unused", W, "A Request body table is not used for the request's body, with the reason", "Follow the help: fix the method, the table's columns or the body's type link"),
    code("resource-annotation-repeated", W, "Several blocks on a resource page are annotated `blockType: resource`", "Annotate examples as `example`, not `resource`"),
    code("resource-json-missing", N, "A resource page has no JSON representation block", "Add the JSON representation"),
    code("resource-name-unknown", W, "A resource page names no type", "Add the resource annotation before the JSON representation"),
    code("resource-no-properties", W, "A resource page has neither a Properties table nor JSON members; the type is generated as an open type", "Add the Properties table"),
    code("response-status-odd", W, "An example response's status line is not canonical", "Write `HTTP/1.1 200 OK`"),
    code("response-status-unreadable", W, "An example response's first line has no status code", "Start the response with `HTTP/1.1 <status> <reason>`"),
    code("root-unknown", E, "A root given to the generator is neither a type, an enum, an operation nor the path of one in the docs", "Use a name the docs define, or a path that starts an operation's path"),
    code("status-disagrees", W, "The Response section's status disagrees with the example response", "Make the prose and the example agree"),
    code("symlink-duplicate", N, "A link leads to a page or folder already read under its own name; it is read once", "Nothing to do; remove the link to silence this"),
    code("symlink-loop", W, "A symbolic link leads to a folder that holds it (a loop); it is not followed", "Remove the link, or point it at a folder beside it"),
    code("symlink-outside-docs", W, "A symbolic link leads outside the docs folder; it is not followed", "Copy what it points to into the docs folder, or point the link inside it"),
    code("type-enum-clash", W, "A name is documented both as a type with properties and as an enum", "Keep one of the two pages"),
    code("type-inferred-from-example", N, "A type has no resource page or properties table; its properties were inferred from examples", "Add the type's resource page"),
    code("type-undefined", W, "A type is named but no page describes it; it is generated as an open type", "Add the type's resource page"),
    code("unclosed-fence", W, "A code fence is not closed before the next fence or the end of the page", "Close the fence with ``` on its own line"),
    code("version-empty", E, "A selected API version has no pages in the docs folder", "Select a version the docs folder holds, or add its pages"),
];

/// The entry for `code`, if the library emits it.
/// Codes earlier versions emitted and this one no longer does, with why: a config naming one is
/// told so rather than that the code is unknown.
pub const RETIRED: &[(&str, &str)] = &[(
    "operation-documented-twice",
    "an endpoint documented by several pages is one operation now, merged from all of them",
)];

pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &CODES[i])
}

/// The listed code nearest to `code` in spelling, for "did you mean" hints.
pub fn nearest(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .map(|c| (edit_distance(code, c.code), c.code))
        .filter(|(d, c)| *d <= c.len() / 3 + 1)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over bytes (codes are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_described() {
        for pair in CODES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for c in CODES {
            assert!(!c.summary.is_empty() && !c.fix.is_empty(), "{}", c.code);
            assert!(
                !c.summary.ends_with('.') && !c.fix.ends_with('.'),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn lookup_and_nearest() {
        assert_eq!(
            lookup("enum-members-lag").unwrap().severity,
            Severity::Warning
        );
        assert!(lookup("enum-member-lag").is_none());
        assert_eq!(nearest("enum-member-lag"), Some("enum-members-lag"));
        assert_eq!(nearest("permission-todo"), Some("permissions-todo"));
        assert_eq!(nearest("something-else-entirely"), None);
    }
}
