//! Every diagnostic code the library can emit, as the [`Code`] enum: its kebab-case form (the one
//! on the wire: JSON, SARIF, `graphdoc.toml`, `lint --codes`), its severity, what it means and
//! what to do about it, all from one table.
//!
//! A call site names a variant (`Code::EnumMembersLag`), so a code cannot be misspelled or emitted
//! with another severity than its row; the config accepts only these codes, and SARIF describes
//! each as a rule.

use serde::{Serialize, Serializer};

use super::Severity;

/// Declares [`Code`] and its table from one list of rows, `Variant = "kebab-code", Severity,
/// "summary", "fix";`, in the kebab codes' alphabetical order (a test checks, so the enum's order
/// is the codes' order and [`Code::parse`] can search it).
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal, $fix:literal;)*) => {
        /// A diagnostic code. Written in its kebab-case form ([`Code::as_str`]) everywhere outside
        /// the library.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $code, "` (", stringify!($severity), "): ", $summary, ".")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, sorted by its kebab-case form.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case form (`enum-members-lag`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The severity it is emitted with, before a config changes it.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What it reports, in one line.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// What to do about it.
            pub const fn fix(self) -> &'static str {
                match self {
                    $(Code::$variant => $fix,)*
                }
            }
        }
    };
}

codes! {
    AnnotationLenient = "annotation-lenient", Warning, "A `<!-- { ... } -->` annotation is not strict JSON and was read leniently", "Write the annotation as strict JSON";
    AnnotationUnreadable = "annotation-unreadable", Warning, "A `<!-- { ... } -->` annotation is not readable JSON and is ignored", "Fix the JSON inside the annotation comment";
    BaseTypeCycle = "base-type-cycle", Warning, "A chain of base types comes back to a type; it is generated without a base type", "Fix the `baseType` or the \"Inherits from\" sentence that closes the cycle";
    BaseTypeDisagrees = "base-type-disagrees", Warning, "A page's forms of a base type disagree: its annotation, its \"Inherits from\" sentence, or its properties' \"Inherited from\" notes", "Make them name the same type";
    BrokenTableRow = "broken-table-row", Warning, "A table row was split by a line break and continues the previous row's description", "Keep each table row on one line";
    ConfigInvalid = "config-invalid", Error, "The graphdoc.toml config cannot be read or holds an unknown key, code or value", "Fix the config at the line named";
    DocsEmpty = "docs-empty", Error, "The docs folder holds no `.md` pages", "Point the docs folder at a tree with beta/ or v1.0/ pages";
    DocsMissing = "docs-missing", Error, "The docs folder does not exist or is not a folder", "Pass the folder that holds beta/ and v1.0/";
    DocsOutsideVersions = "docs-outside-versions", Error, "No page of the docs folder is under a beta/ or v1.0/ folder (the folder given is inside the tree, or flat)", "Pass the folder that holds beta/ and v1.0/, as the message names it";
    DocsUnreadable = "docs-unreadable", Error, "A folder of the docs tree cannot be read", "Fix the folder's permissions";
    EndpointTypesDisagree = "endpoint-types-disagree", Warning, "Pages that document one endpoint give request or response types with no common base type; the best-fitting page's types are used", "Document the endpoint's types on one page, or give the types a common base";
    EnumEmpty = "enum-empty", Warning, "An enum's members table lists no members", "List the members in the table";
    EnumMemberExtra = "enum-member-extra", Warning, "A page lists an enum member that the fullest member list in the docs lacks", "Add the member to the fullest list, or remove it from this page";
    EnumMemberInvalid = "enum-member-invalid", Warning, "An enum members table row does not hold a member name; the row is skipped", "Write the member's wire name in the first cell";
    EnumMemberRepeated = "enum-member-repeated", Warning, "An enum member is listed twice", "Remove the repeated row";
    EnumMembersCopied = "enum-members-copied", Warning, "A page's member list for an enum is a copy of another enum's list and is ignored", "Give the enum its own members";
    EnumMembersLag = "enum-members-lag", Warning, "A page lists fewer members of an enum than the fullest list in the docs", "Copy the full member list to this page";
    EnumMembersUnknown = "enum-members-unknown", Warning, "An enum is named but no page lists its members; every value is kept as an unlisted member", "Add the enum's page with its members";
    EnumNameSynthesized = "enum-name-synthesized", Warning, "An enumeration's type is named by no page, so graphdoc names it", "Name the enum type in the Type column";
    EnumNameUnknown = "enum-name-unknown", Warning, "An enum page has neither an `# x enum type` title nor `### x values` sections", "Title the page `# x enum type`";
    EnumTableMissing = "enum-table-missing", Warning, "An enum page has no members table", "Add the Members table";
    ExampleParameterUnlisted = "example-parameter-unlisted", Warning, "An action's example request sends a member its Request body table does not list; the generated body has no field for it", "Add the parameter to the Request body table, or drop it from the example";
    ExamplePlaceholder = "example-placeholder", Note, "An example gives a placeholder (`\"String\"`, `\"Integer\"`) where a value belongs", "Use a real value of the property's type";
    ExampleUnknownMember = "example-unknown-member", Warning, "An example gives a value that is not a documented member of the property's enum", "Use a documented member or add it to the enum";
    ExampleUrlBroken = "example-url-broken", Warning, "An example request URL is malformed or has no API version", "Write the full URL with its version";
    ExampleUrlOtherVersion = "example-url-other-version", Warning, "An example on one version's page calls the other version's endpoint", "Call this page's version in the example";
    FileNotRegular = "file-not-regular", Warning, "A page name (`.md`) that is not a regular file (a pipe, socket or device), or a link to one; it is not read", "Replace it with the page it stands for";
    FileNotUtf8 = "file-not-utf8", Error, "A docs page is not valid UTF-8 and is skipped", "Re-save the page as UTF-8";
    FileTooLarge = "file-too-large", Error, "A page is larger than 4 MiB and is not read (the largest real page is about 120 KB)", "Split the page, or remove what is not documentation";
    FileUnreadable = "file-unreadable", Error, "A docs page cannot be read and is skipped", "Fix the file or its permissions";
    HttpPathNormalized = "http-path-normalized", Note, "A syntax path was normalized (version prefix, host or spacing removed)", "Write syntax paths as `/segment/{id}`, relative to the version root";
    HttpPathOtherVersion = "http-path-other-version", Warning, "A syntax path is a URL of the other version on this version's page", "Write the path relative to this page's version";
    HttpRequestEmpty = "http-request-empty", Warning, "The HTTP request section has no `METHOD /path` line", "Add the request line to the section";
    HttpRequestMissing = "http-request-missing", Warning, "An API page has no `## HTTP request` section", "Add the section with its `METHOD /path` lines";
    HttpSyntaxOdd = "http-syntax-odd", Warning, "A request line has no space between the method and the path", "Write `METHOD /path`";
    HttpSyntaxUnreadable = "http-syntax-unreadable", Warning, "A line in the HTTP request block is not `METHOD /path` and is skipped", "Keep only `METHOD /path` lines in the block";
    IncludeMissing = "include-missing", Note, "`[!INCLUDE]` targets are not in the docs folder and are not read", "Copy the docs' includes/ folder beside the pages";
    Internal = "internal", Error, "graphdoc failed on its own account", "Report it with the docs page that caused it";
    JsonKeyWhitespace = "json-key-whitespace", Warning, "A JSON key has surrounding whitespace", "Remove the whitespace around the key";
    JsonKeysNotNames = "json-keys-not-names", Note, "An object's keys are not property names (a dictionary's keys, or annotations); they are not made fields", "Nothing to do if the object is a dictionary; else name the members as identifiers";
    JsonLenient = "json-lenient", Warning, "A JSON block is not valid JSON as written and was read leniently", "Make the block strict JSON";
    JsonMemberNotInTable = "json-member-not-in-table", Warning, "A member of a type's JSON representation is not in its Properties table", "Add the property to the table";
    JsonOdataTypeMisspelled = "json-odata-type-misspelled", Warning, "A JSON key is read as a misspelled `@odata.type`", "Spell the annotation `@odata.type`";
    JsonUnreadable = "json-unreadable", Warning, "A JSON block cannot be read and is ignored", "Fix the JSON";
    MethodWithoutOperation = "method-without-operation", Warning, "A Methods table links a page that documents no HTTP request", "Fix the link or document the request";
    OperationNameClash = "operation-name-clash", Warning, "Every name an endpoint's path gives is another endpoint's already; it is numbered", "Keep the name with the names file `graphdoc generate` writes, or report the path to graphdoc";
    OperationNamePinned = "operation-name-pinned", Note, "An operation keeps the name the names file gives it, where the docs alone would now name it differently", "Run `graphdoc generate --rename` to take the docs' names (the old ones stay as deprecated aliases)";
    OptionInvalid = "option-invalid", Error, "A generator option has an unknown key or a bad value", "Use the keys and values the settings document";
    OutputUnwritable = "output-unwritable", Error, "The output file cannot be written", "Fix the output path or its permissions";
    PageOutsideVersions = "page-outside-versions", Note, "A page is not under a beta/ or v1.0/ folder and is skipped", "Point the docs folder at the folder that holds beta/ and v1.0/";
    ParametersOnlyInExample = "parameters-only-in-example", Warning, "An action's example request sends parameters that no Request body table lists; they are typed from the example", "List the parameters in a `Parameter | Type | Description` table under Request body";
    PathCallUnclosed = "path-call-unclosed", Warning, "A function call in a syntax path has no closing `)`; it is read as closed before the next `/`", "Close the argument list with `)`";
    PathDisagreesWithExample = "path-disagrees-with-example", Warning, "The syntax block's path disagrees with the path the example calls", "Make the syntax block and the example agree";
    PathPlaceholderRepeated = "path-placeholder-repeated", Note, "A placeholder stands for several keys of one path (the docs' `{id}` convention); each parameter is named after the segment it keys", "Give each placeholder its own name to make the path self-explaining";
    PermissionKindOdd = "permission-kind-odd", Warning, "A permission type in the permissions table is misspelled", "Write the permission type as the docs template does";
    PermissionsTodo = "permissions-todo", Warning, "The permissions table holds a TODO instead of scopes", "Write the scopes into the table";
    PermissionsUnresolved = "permissions-unresolved", Note, "The permissions are in an include file that is not in the docs folder", "Copy the docs' includes/ folder beside the pages";
    PropertyNameCase = "property-name-case", Warning, "A property is spelled in different cases on different pages", "Spell the property as its resource page does";
    PropertyNameInvalid = "property-name-invalid", Warning, "A properties table row does not hold a property name; the row is skipped", "Write the property's wire name in the first cell";
    PropertyOnlyInExample = "property-only-in-example", Warning, "A property appears in an example but in none of the type's tables: a type with a resource page does not get it as a field (its value is kept in `additional_properties`), a type without one gets it typed from the example", "Add the property to the type's Properties table, or fix the example";
    PropertyOnlyInRequestBody = "property-only-in-request-body", Warning, "A request body table lists a member that the type's resource page does not; it is not made a field (its value is kept in `additional_properties`)", "Add the property to the type's Properties table, or fix the request body table";
    PropertyTypeDiffersFromBase = "property-type-differs-from-base", Warning, "A derived type lists an inherited property with another type than its base type does", "Fix the table that is wrong: a derived type keeps its base's property types";
    PropertyTypeDisagrees = "property-type-disagrees", Warning, "Pages give a property different types", "Make the pages agree on the type";
    PropertyTypeMissing = "property-type-missing", Warning, "A property's Type cell is empty", "Write the property's type";
    PropertyTypeOdd = "property-type-odd", Warning, "A property's type is written in an unusual spelling", "Write the type as `Edm.X`, a linked type or `X collection`";
    PropertyUnion = "property-union", Warning, "A property is typed as a union of types that share no documented base type", "Give the property one type";
    ProseNotEnglish = "prose-not-english", Note, "Pages have their section headings in another language; what only their prose (or a table with translated column headings) says may be missing", "Generate from the English docs tree";
    RequestBodyUnused = "request-body-unused", Warning, "A Request body table is not used for the request's body, with the reason", "Follow the help: fix the method, the table's columns or the body's type link";
    ResourceAnnotationRepeated = "resource-annotation-repeated", Warning, "Several blocks on a resource page are annotated `blockType: resource`", "Annotate examples as `example`, not `resource`";
    ResourceJsonMissing = "resource-json-missing", Note, "A resource page has no JSON representation block", "Add the JSON representation";
    ResourceNameUnknown = "resource-name-unknown", Warning, "A resource page names no type", "Add the resource annotation before the JSON representation";
    ResourceNoProperties = "resource-no-properties", Warning, "A resource page has neither a Properties table nor JSON members; the type is generated as an open type", "Add the Properties table";
    ResponseStatusOdd = "response-status-odd", Warning, "An example response's status line is not canonical", "Write `HTTP/1.1 200 OK`";
    ResponseStatusUnreadable = "response-status-unreadable", Warning, "An example response's first line has no status code", "Start the response with `HTTP/1.1 <status> <reason>`";
    RootUnknown = "root-unknown", Error, "A root given to the generator is neither a type, an enum, an operation nor the path of one in the docs", "Use a name the docs define, or a path that starts an operation's path";
    StatusDisagrees = "status-disagrees", Warning, "The Response section's status disagrees with the example response", "Make the prose and the example agree";
    SymlinkDuplicate = "symlink-duplicate", Note, "A link leads to a page or folder already read under its own name; it is read once", "Nothing to do; remove the link to silence this";
    SymlinkLoop = "symlink-loop", Warning, "A symbolic link leads to a folder that holds it (a loop); it is not followed", "Remove the link, or point it at a folder beside it";
    SymlinkOutsideDocs = "symlink-outside-docs", Warning, "A symbolic link leads outside the docs folder; it is not followed", "Copy what it points to into the docs folder, or point the link inside it";
    TypeEnumClash = "type-enum-clash", Warning, "A name is documented both as a type with properties and as an enum", "Keep one of the two pages";
    TypeInferredFromExample = "type-inferred-from-example", Note, "A type has no resource page or properties table; its properties were inferred from examples", "Add the type's resource page";
    TypeUndefined = "type-undefined", Warning, "A type is named but no page describes it; it is generated as an open type", "Add the type's resource page";
    UnclosedFence = "unclosed-fence", Warning, "A code fence is not closed before the next fence or the end of the page", "Close the fence with ``` on its own line";
    VersionEmpty = "version-empty", Error, "A selected API version has no pages in the docs folder", "Select a version the docs folder holds, or add its pages";
}

impl Code {
    /// The code written `code` (its kebab-case form), if the library emits it.
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL
            .binary_search_by(|c| c.as_str().cmp(code))
            .ok()
            .map(|i| Code::ALL[i])
    }

    /// The code nearest to `code` in spelling, for "did you mean" hints.
    pub fn nearest(code: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .map(|c| (edit_distance(code, c.as_str()), *c))
            .filter(|(d, c)| *d <= c.as_str().len() / 3 + 1)
            .min()
            .map(|(_, c)| c)
    }

    /// The summary and the fix, as one text (SARIF's full description).
    pub fn description(self) -> String {
        format!("{}. {}.", self.summary(), self.fix())
    }

    /// Errors stop generation, so a config can neither lower nor suppress them.
    pub fn is_fatal(self) -> bool {
        self.severity() == Severity::Error
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so `{:<28}` lines codes up as it does strings.
        f.pad(self.as_str())
    }
}

/// As its kebab-case form, the one JSON and SARIF readers know.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Codes earlier versions emitted and this one no longer does, with why: a config naming one is
/// told so rather than that the code is unknown.
pub const RETIRED: &[(&str, &str)] = &[(
    "operation-documented-twice",
    "an endpoint documented by several pages is one operation now, merged from all of them",
)];

/// Levenshtein distance over bytes (codes and the names suggested are ASCII).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
    fn the_table_is_sorted_unique_and_described() {
        for pair in Code::ALL.windows(2) {
            assert!(
                pair[0].as_str() < pair[1].as_str(),
                "{} before {}",
                pair[0],
                pair[1]
            );
        }
        for c in Code::ALL {
            assert!(!c.summary().is_empty() && !c.fix().is_empty(), "{c}");
            assert!(
                !c.summary().ends_with('.') && !c.fix().ends_with('.'),
                "{c}"
            );
            assert!(!RETIRED.iter().any(|(r, _)| *r == c.as_str()), "{c}");
        }
    }

    #[test]
    fn each_variant_is_named_after_its_code() {
        for c in Code::ALL {
            let camel: String = c
                .as_str()
                .split('-')
                .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
                .collect();
            assert_eq!(format!("{c:?}"), camel);
        }
    }

    #[test]
    fn parse_and_nearest() {
        assert_eq!(Code::parse("enum-members-lag"), Some(Code::EnumMembersLag));
        assert_eq!(Code::EnumMembersLag.severity(), Severity::Warning);
        assert!(Code::parse("enum-member-lag").is_none());
        assert_eq!(Code::nearest("enum-member-lag"), Some(Code::EnumMembersLag));
        assert_eq!(
            Code::nearest("permission-todo"),
            Some(Code::PermissionsTodo)
        );
        assert_eq!(Code::nearest("something-else-entirely"), None);
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
        }
    }
}
