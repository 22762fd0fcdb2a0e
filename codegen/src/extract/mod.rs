//! From parsed pages to facts: what each page says about types, enums and operations, with where
//! it says it. Pages are read independently (in parallel); [`crate::resolve`] merges the facts.

pub mod api;
pub mod enums;
pub mod exchanges;
pub mod infer;
pub mod inheritance;
pub mod parameters;
pub mod permissions;
pub mod resource;
pub mod response;
pub mod title;
pub mod typeexpr;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ApiVersion, Evidence, HttpMethod, OperationKind, Permission, Source};
use crate::markdown::{Block, BlockKind, Heading, Page};
use typeexpr::TypeExpr;

/// A type name as a page wrote it, with the namespace the page is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeName {
    pub namespace: Option<String>,
    pub name: String,
    /// The namespace of the page that wrote the name, for resolution.
    pub page_namespace: String,
}

#[derive(Clone, Debug)]
pub struct PropFact {
    pub name: String,
    /// `None`: the page gives no usable type (example `null`, empty cell).
    pub ty: Option<(TypeExpr, bool)>,
    pub description: String,
    pub relationship: bool,
    /// Members listed in the description ("Possible values are ...").
    pub inline_members: Vec<String>,
    /// The JSON representation shows a plain string for it (enums do; complex types do not).
    pub shown_as_string: bool,
    pub union_with: Vec<String>,
    pub evidence: Evidence,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct TypeFact {
    pub name: TypeName,
    pub version: ApiVersion,
    pub evidence: Evidence,
    pub source: Source,
    pub description: String,
    pub properties: Vec<PropFact>,
    pub base_type: Option<TypeName>,
    /// The types the property descriptions say properties are "Inherited from", where: each must be
    /// the base type or one of its ancestors.
    pub inherited_from: Vec<(TypeName, Source)>,
    pub key_property: Option<String>,
    pub open_type: bool,
    pub abstract_type: bool,
    /// Only named (a link target or `{"@odata.type": ...}`), not described.
    pub mention_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumEvidence {
    EnumPage,
    ValuesSection,
    ResourceInline,
    ApiInline,
}

#[derive(Clone, Debug)]
pub struct MemberFact {
    pub name: String,
    pub value: Option<i64>,
    pub description: String,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct EnumFact {
    pub name: TypeName,
    pub version: ApiVersion,
    pub evidence: EnumEvidence,
    pub members: Vec<MemberFact>,
    pub description: String,
    pub flags: bool,
    pub source: Source,
    /// Another section of the same page that lists exactly the same members (`name`, where): one
    /// of the two is likely a copy; resolution decides with the other pages.
    pub same_members_as: Option<(String, Source)>,
}

#[derive(Clone, Debug)]
pub struct ExampleFact {
    pub request_method: Option<HttpMethod>,
    pub request_url: Option<String>,
    pub request_body: Option<crate::ir::JsonText>,
    pub response_status: Option<u16>,
    pub response_body: Option<crate::ir::JsonText>,
    /// The response's headers as written (`Location`, `Content-Type`), in order.
    pub response_headers: Vec<(String, String)>,
    /// The `@odata.type` the response annotation claims, and its `isCollection`.
    pub response_annotation_type: Option<(String, bool)>,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct HttpPathFact {
    pub method: HttpMethod,
    pub path: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct OperationFact {
    pub version: ApiVersion,
    /// The page's namespace, for the names its tables write.
    pub namespace: String,
    /// The page's `#` heading (else its front matter title), and what it says the page does.
    pub title: String,
    pub title_says: title::TitleSays,
    /// The page's file name without `.md` (`user-assignlicense`).
    pub file_stem: String,
    pub kind: OperationKind,
    pub description: String,
    pub paths: Vec<HttpPathFact>,
    /// The resource type the request body carries (create, update).
    pub request_type: Option<TypeName>,
    /// The rows of the Request body table not recorded as a resource type's properties: an
    /// action's parameters, a function's (for a `GET` that documents them there), or the members
    /// of a body whose type the page does not name.
    pub body_rows: Vec<PropFact>,
    /// The rows of the page's Function parameters (Parameters, Path parameters) tables.
    pub function_parameters: Vec<PropFact>,
    /// The line of the Request body section's first table with rows, if it has one.
    pub body_table_line: Option<usize>,
    /// The request sends raw content (`PUT .../$value`, `.../content`).
    pub raw_request: bool,
    pub response_type: Option<response::ResponseType>,
    pub response_status: Option<u16>,
    pub permissions: Vec<Permission>,
    pub examples: Vec<ExampleFact>,
    pub source: Source,
}

/// A resource page's Methods table row: the operation it documents.
#[derive(Clone, Debug)]
pub struct MethodFact {
    pub title: String,
    pub api_page: String,
    pub source: Source,
}

#[derive(Clone, Debug, Default)]
pub struct PageFacts {
    /// The page these facts come from.
    pub page: String,
    pub types: Vec<TypeFact>,
    pub enums: Vec<EnumFact>,
    pub operations: Vec<OperationFact>,
    pub methods: Vec<MethodFact>,
    pub diagnostics: Vec<Diagnostic>,
    /// The page's kind, for pages of a version folder.
    pub kind: Option<PageKind>,
    /// The page's section headings are in another language (found by their English anchors): the
    /// facts its prose alone gives may be missing.
    pub translated: bool,
}

impl PageFacts {
    /// The page gave nothing of what its kind documents: an API page no operation, a resource page
    /// no type and no enum.
    pub fn gave_nothing(&self) -> bool {
        match self.kind {
            Some(PageKind::Api) => self.operations.is_empty(),
            Some(PageKind::Resource) => self.types.is_empty() && self.enums.is_empty(),
            _ => false,
        }
    }
}

/// `Namespace: microsoft.graph` near the top of a page.
pub fn page_namespace(page: &Page) -> String {
    for block in page.blocks.iter().take(12) {
        if let BlockKind::Paragraph(p) = &block.kind {
            if let Some(rest) = p.text.trim().strip_prefix("Namespace:") {
                // The paragraph may run on into the next line's text: the first word is the namespace.
                let ns = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('.');
                let valid = ns.split('.').all(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
                if !ns.is_empty() && valid {
                    return ns.to_string();
                }
            }
        }
    }
    "microsoft.graph".to_string()
}

/// The page's kind, from `doc_type` and, when that is missing or odd, from the folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Resource,
    Api,
    Enum,
    Conceptual,
}

pub fn page_kind(page: &Page) -> PageKind {
    let doc_type = page.doc_type().unwrap_or("").to_ascii_lowercase();
    if doc_type.starts_with("enum") {
        return PageKind::Enum;
    }
    if doc_type.starts_with("conceptual") {
        return PageKind::Conceptual;
    }
    let in_api = page.path.contains("/api/");
    if doc_type.starts_with("apipage") && in_api {
        return PageKind::Api;
    }
    // `# teamsAsyncOperationStatus enum type` under `doc_type: resourcePageType`: the title wins.
    if !in_api && titled_enum(page) {
        return PageKind::Enum;
    }
    if doc_type.starts_with("resourcepage") && !in_api {
        return PageKind::Resource;
    }
    // A doc_type that contradicts the folder: the content decides (an HTTP request section).
    let has_http = page
        .blocks
        .iter()
        .any(|b| matches!(&b.kind, BlockKind::Heading(h) if h.starts_with("http request")));
    if has_http {
        PageKind::Api
    } else {
        PageKind::Resource
    }
}

/// The page's `#` title says it documents an enum (`# x enum type`, or its translated form's
/// anchor `x-enum-type`).
fn titled_enum(page: &Page) -> bool {
    page.blocks.iter().any(|b| {
        matches!(&b.kind, BlockKind::Heading(h) if h.level == 1 && {
            let english = h.english().to_ascii_lowercase();
            english.ends_with(" enum type") || english.ends_with(" enum")
        })
    })
}

pub(crate) fn source(page: &Page, line: usize) -> Source {
    Source::new(page.path.clone(), line)
}

/// The blocks under the first heading that satisfies `pred` (by its text or its anchor: see
/// [`Heading::is`]), up to the next heading at the same or a higher level.
pub(crate) fn section(page: &Page, pred: impl Fn(&Heading) -> bool) -> Option<(&Block, &[Block])> {
    let start = page
        .blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading(h) if pred(h)))?;
    Some(section_at(page, start))
}

/// Every section whose heading satisfies `pred` (a page may document several requests, each under
/// its own `### HTTP request`), with the blocks under it; a matching heading inside a section
/// already taken is part of it, not a section of its own.
pub(crate) fn sections(page: &Page, pred: impl Fn(&Heading) -> bool) -> Vec<(&Block, &[Block])> {
    let mut out = Vec::new();
    let mut next = 0;
    while let Some(i) = page.blocks[next..]
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading(h) if pred(h)))
    {
        let (heading, blocks) = section_at(page, next + i);
        next += i + 1 + blocks.len();
        out.push((heading, blocks));
    }
    out
}

/// Whether a block under `headings` (outermost first) is in a page's HTTP request section: the
/// request syntax, not an example's request (written under `## Example` / `### HTTP request` on
/// some pages).
pub(crate) fn in_request_syntax(headings: &[Heading]) -> bool {
    headings.iter().any(|h| h.starts_with("http request"))
        && !headings.iter().any(|h| h.starts_with("example"))
}

/// `POST /a/b`, `DELETE/identity/x` (no space), with the verb's case forgiven.
pub(crate) fn split_verb(line: &str) -> Option<(HttpMethod, &str, bool)> {
    let trimmed = line.trim();
    let verb_len = trimmed
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let method = HttpMethod::parse(&trimmed[..verb_len])?;
    let rest = &trimmed[verb_len..];
    let spaced = rest.starts_with(char::is_whitespace);
    if !spaced && !rest.starts_with('/') && !rest.starts_with('~') {
        return None;
    }
    Some((method, rest.trim(), !spaced))
}

/// The heading block at `start` and the blocks under it, up to the next heading at its level or
/// higher.
fn section_at(page: &Page, start: usize) -> (&Block, &[Block]) {
    let blocks = &page.blocks;
    let level = match &blocks[start].kind {
        BlockKind::Heading(h) => h.level,
        _ => 0,
    };
    let end = blocks[start + 1..]
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level <= level))
        .map_or(blocks.len(), |i| start + 1 + i);
    (&blocks[start], &blocks[start + 1..end])
}

/// Reports annotation JSON the reader had to forgive or could not read.
pub(crate) fn annotation_diagnostics(page: &Page, out: &mut Vec<Diagnostic>) {
    for block in &page.blocks {
        let annotation = match &block.kind {
            BlockKind::Code(c) => c.annotation.as_ref(),
            BlockKind::Include { annotation, .. } => annotation.as_ref(),
            BlockKind::Comment(a) => Some(a),
            _ => None,
        };
        let Some(a) = annotation else { continue };
        if a.json.is_none() {
            let why = a
                .deviations
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    Code::AnnotationUnreadable,
                    &source(page, a.line + a.deviations.first().map_or(0, |d| d.line)),
                    format!("the annotation comment is not readable JSON ({why}); it is ignored"),
                )
                .with_help("fix the JSON inside `<!-- { ... } -->`"),
            );
        } else if !a.deviations.is_empty() {
            let kinds: Vec<&str> = a.deviations.iter().map(|d| d.message.as_str()).collect();
            out.push(Diagnostic::new(
                Code::AnnotationLenient,
                &source(page, a.line + a.deviations[0].line),
                format!(
                    "the annotation is not strict JSON ({}); read leniently",
                    kinds.join(", ")
                ),
            ));
        }
    }
}

/// The sections graphdoc reads, by the anchors translated trees keep.
const SECTION_ANCHORS: [&str; 12] = [
    "permissions",
    "prerequisites",
    "http-request",
    "request-body",
    "response",
    "properties",
    "relationships",
    "json-representation",
    "methods",
    "examples",
    "example",
    "path-parameters",
];

/// A section heading of the page is named by its anchor but not by its text: the page is in
/// another language, or the text is not the section's English name (`# Eigenschaften`).
fn is_translated(page: &Page) -> bool {
    page.blocks.iter().any(|b| {
        matches!(&b.kind, BlockKind::Heading(h) if h.translated()
            && h.anchor.as_deref().is_some_and(|a| SECTION_ANCHORS.iter().any(|s| a.eq_ignore_ascii_case(s))))
    })
}

/// Reads one page into facts. Never panics on any input.
pub fn extract_page(page: &Page) -> PageFacts {
    let mut facts = PageFacts {
        page: page.path.to_string(),
        ..PageFacts::default()
    };
    let Some(version) = ApiVersion::of_path(&page.path) else {
        facts.diagnostics.push(
            Diagnostic::new(
                Code::PageOutsideVersions,
                &source(page, 0),
                "the page is not under a `beta/` or `v1.0/` folder; it is skipped",
            )
            .with_help("point --docs at the folder that holds `beta/` and `v1.0/`"),
        );
        return facts;
    };
    annotation_diagnostics(page, &mut facts.diagnostics);
    facts.translated = is_translated(page);
    for block in &page.blocks {
        if let BlockKind::Code(c) = &block.kind {
            if c.unclosed {
                facts.diagnostics.push(
                    Diagnostic::new(
                        Code::UnclosedFence,
                        &source(page, block.line),
                        "this code fence is not closed before the next fence (or the end of the page); what follows it was read as code",
                    )
                    .with_help("close the fence with ``` on its own line"),
                );
            }
        }
    }
    facts.kind = Some(page_kind(page));
    match page_kind(page) {
        PageKind::Resource => resource::extract(page, version, &mut facts),
        PageKind::Api => api::extract(page, version, &mut facts),
        PageKind::Enum => enums::extract_enum_page(page, version, &mut facts),
        PageKind::Conceptual => {}
    }
    // `### x values` sections can sit on any page.
    if page_kind(page) != PageKind::Enum {
        enums::extract_values_sections(page, version, &mut facts);
    }
    facts
}
