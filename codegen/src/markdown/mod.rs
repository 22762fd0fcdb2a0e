//! Markdown pages as a flat list of blocks under a heading stack (the docs team's own model).
//!
//! This layer knows CommonMark/GFM and the docs' conventions for front matter, annotations and
//! includes; it knows nothing of types or Rust.

pub mod json;
mod parse;

pub use parse::parse_page;

use std::collections::BTreeMap;
use std::sync::Arc;

/// A heading in the stack above a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// Shared: every block under a heading holds the stack of headings above it.
    pub text: Arc<str>,
    pub line: usize,
    /// The `<a name="...">` (or `id`) anchor in the heading: translated trees keep the English one
    /// (`## <a name="http-request"></a>HTTP 要求`).
    pub anchor: Option<Arc<str>>,
}

impl Heading {
    /// Whether the heading names the section `name` (`"http request"`, any case), by its text or
    /// by its anchor (`http-request`).
    pub fn is(&self, name: &str) -> bool {
        self.names().any(|n| words_eq(n, name))
    }

    /// Whether the heading's text or anchor starts with `name` (`"http request"` for "HTTP request
    /// syntax").
    pub fn starts_with(&self, name: &str) -> bool {
        self.names()
            .any(|n| n.get(..name.len()).is_some_and(|head| words_eq(head, name)))
    }

    /// Whether the heading's text or anchor holds `word` (`"propert"`), in any case.
    pub fn mentions(&self, word: &str) -> bool {
        self.names().any(|n| {
            n.as_bytes()
                .windows(word.len().max(1))
                .any(|w| words_eq_bytes(w, word.as_bytes()))
        })
    }

    /// The heading's text, and its anchor when it has one.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.trim()).chain(self.anchor.as_deref())
    }

    /// The word of the text that an anchor ending in one of `suffixes` names
    /// (`## <a name="agegroup-values"></a>ageGroup の値` with `-values` gives `ageGroup`): the
    /// anchor has lost the name's case, the translated text keeps the name as written.
    pub fn anchored_name(&self, suffixes: &[&str]) -> Option<&str> {
        let anchor = self.anchor.as_deref()?;
        let stem = suffixes.iter().find_map(|s| {
            let cut = anchor.len().checked_sub(s.len())?;
            anchor
                .get(cut..)?
                .eq_ignore_ascii_case(s)
                .then(|| &anchor[..cut])
        })?;
        self.text
            .split(|c: char| c.is_whitespace() || c == '`' || c == '-')
            .find(|word| !word.is_empty() && word.eq_ignore_ascii_case(stem))
    }

    /// The heading's English words: its text, or for a translated heading its anchor's words,
    /// each in the case the text writes it where the text has it (`create-b2xidentityuserflow` in
    /// `b2xIdentityUserFlow を作成する` gives `create b2xIdentityUserFlow`).
    pub fn english(&self) -> std::borrow::Cow<'_, str> {
        let Some(anchor) = self.anchor.as_deref().filter(|_| self.translated()) else {
            return std::borrow::Cow::Borrowed(self.text.trim());
        };
        let written: Vec<&str> = self
            .text
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .collect();
        let words: Vec<&str> = anchor
            .split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                *written
                    .iter()
                    .find(|t| t.eq_ignore_ascii_case(w))
                    .unwrap_or(&w)
            })
            .collect();
        std::borrow::Cow::Owned(words.join(" "))
    }

    /// Named by its anchor only: the text is not the English name the anchor gives (a translated
    /// heading, `HTTP 要求` for `http-request`).
    pub fn translated(&self) -> bool {
        self.anchor
            .as_deref()
            .is_some_and(|a| !words_eq(self.text.trim(), a))
    }
}

/// Section names compared as words: any ASCII case, a hyphen (an anchor's) the same as a space.
fn words_eq(a: &str, b: &str) -> bool {
    words_eq_bytes(a.as_bytes(), b.as_bytes())
}

fn words_eq_bytes(a: &[u8], b: &[u8]) -> bool {
    let fold = |c: u8| match c {
        b'-' => b' ',
        c => c.to_ascii_lowercase(),
    };
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y))
}

/// The name in an `<a name="x">` or `<a id="x">` tag, if `html` is one.
fn anchor_name(html: &str) -> Option<&str> {
    let rest = html.trim_start().strip_prefix("<a")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    ["name=", "id="].iter().find_map(|attr| {
        let at = rest.find(attr)? + attr.len();
        let value = &rest[at..];
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        let name = &value[..value.find(quote)?];
        (!name.trim().is_empty()).then(|| name.trim())
    })
}

/// A link as written: its text (the type name, for type columns) and its destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub dest: String,
}

/// Inline content: plain text (code spans keep their backticks) plus the links in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
}

impl Inline {
    fn with_capacity(bytes: usize) -> Self {
        Inline {
            text: String::with_capacity(bytes),
            links: Vec::new(),
        }
    }
}

/// Trims without a new allocation (table cells are most of the strings a page holds).
fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
}

#[derive(Clone, Debug)]
pub struct Row {
    pub cells: Vec<Inline>,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The header cells lowercased and trimmed, for shape matching.
    pub fn header_key(&self) -> Vec<String> {
        self.header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect()
    }
}

#[derive(Clone, Debug)]
pub struct CodeBlock {
    /// The first word of the info string, lowercased (`http`, `json`, empty).
    pub lang: String,
    pub text: String,
    /// Line of the first content line.
    pub content_line: usize,
    /// The fence was never closed: the block runs to the end of the page.
    pub unclosed: bool,
    /// The `<!-- { ... } -->` annotation right before the block.
    pub annotation: Option<Annotation>,
}

#[derive(Clone, Debug)]
pub struct Annotation {
    /// `None` when the comment's JSON could not be read even leniently.
    pub json: Option<json::Json>,
    pub deviations: Vec<json::Deviation>,
    pub line: usize,
}

impl Annotation {
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.json.as_ref()?.get(key)?.as_str()
    }

    pub fn block_type(&self) -> Option<&str> {
        self.get_str("blockType")
    }
}

#[derive(Clone, Debug)]
pub enum BlockKind {
    Heading(Heading),
    Paragraph(Inline),
    Table(Table),
    Code(CodeBlock),
    /// `[!INCLUDE [name](path)]`.
    Include {
        target: String,
        annotation: Option<Annotation>,
    },
    /// An HTML comment that is not followed by a code block or include.
    Comment(Annotation),
    /// A list item's text (enum values are sometimes `<li>` or `-` lists).
    ListItem(Inline),
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub line: usize,
    /// The headings above this block, outermost first.
    pub headings: Arc<Vec<Heading>>,
}

impl Block {
    /// The nearest heading of `level`, if any.
    pub fn heading(&self, level: u8) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.level == level)
    }

    /// The innermost heading's text.
    pub fn section(&self) -> Option<&str> {
        self.headings.last().map(|h| &*h.text)
    }
}

#[derive(Clone, Debug)]
pub struct Page {
    /// Relative to the docs root, `/`-separated; shared with every [`crate::ir::Source`] of the page.
    pub path: Arc<str>,
    pub front_matter: BTreeMap<String, String>,
    pub blocks: Vec<Block>,
}

impl Page {
    pub fn doc_type(&self) -> Option<&str> {
        self.front_matter.get("doc_type").map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_headings_tables_and_annotated_code() {
        let text = "---\ntitle: \"x\"\ndoc_type: resourcePageType\n---\n# T\n\n## Properties\n| Property | Type |\n|:--|:--|\n| id | [entity](entity.md) |\n\n<!-- {\n  \"blockType\": \"resource\"\n} -->\n```json\n{}\n```\n";
        let page = parse_page("beta/resources/t.md", text);
        assert_eq!(page.doc_type(), Some("resourcePageType"));
        let table = page.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Table(t) => Some((t, b)),
            _ => None,
        });
        let (table, block) = table.unwrap();
        assert_eq!(table.header, ["Property", "Type"]);
        assert_eq!(table.rows[0].line, 10);
        assert_eq!(
            table.rows[0].cells[1].links[0],
            Link {
                text: "entity".into(),
                dest: "entity.md".into()
            }
        );
        assert_eq!(block.section(), Some("Properties"));
        let code = page.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) => Some(c),
            _ => None,
        });
        let code = code.unwrap();
        assert_eq!(
            code.annotation.as_ref().unwrap().block_type(),
            Some("resource")
        );
        assert_eq!(code.annotation.as_ref().unwrap().line, 12);
        assert_eq!(code.content_line, 16);
        assert!(!code.unclosed);
    }

    #[test]
    fn tables_without_outer_pipes_and_unclosed_fences() {
        let page = parse_page(
            "x.md",
            "Property | Type\n--- | ---\na | String\n\n```http\nGET /x\n",
        );
        let BlockKind::Table(t) = &page.blocks[0].kind else {
            panic!("{:?}", page.blocks)
        };
        assert_eq!(t.rows[0].cells[0].text, "a");
        let BlockKind::Code(c) = &page.blocks[1].kind else {
            panic!()
        };
        assert!(c.unclosed);
    }

    #[test]
    fn include_with_annotation() {
        let page = parse_page(
            "x.md",
            "<!-- { \"blockType\": \"permissions\" } -->\n[!INCLUDE [permissions-table](../includes/p.md)]\n",
        );
        let BlockKind::Include { target, annotation } = &page.blocks[0].kind else {
            panic!()
        };
        assert_eq!(target, "../includes/p.md");
        assert_eq!(
            annotation.as_ref().unwrap().block_type(),
            Some("permissions")
        );
    }

    #[test]
    fn anchors_name_headings_and_tab_headings_are_not_sections() {
        let page = parse_page(
            "x.md",
            "## <a name=\"http-request\"></a>HTTP 要求\n\n# [HTTP](#tab/http)\n```msgraph-interactive\nGET /me/drive\n```\n# <a name=\"c\"></a>[C#](#tab/csharp)\ntext\n\n---\n\n## <a name=\"delta\">Track changes</a>\n",
        );
        let headings: Vec<&Heading> = page
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading(h) => Some(h),
                _ => None,
            })
            .collect();
        assert_eq!(headings.len(), 2, "{headings:?}");
        let http = headings[0];
        assert_eq!(&*http.text, "HTTP 要求");
        assert_eq!(http.anchor.as_deref(), Some("http-request"));
        assert!(http.is("http request") && http.starts_with("http request") && http.translated());
        assert!(!http.is("response"));
        let delta = headings[1];
        assert_eq!(&*delta.text, "Track changes");
        assert_eq!(delta.anchor.as_deref(), Some("delta"));
        // The code and the text after the tab headings stay in the HTTP request section.
        for b in page.blocks.iter().filter(|b| b.line > 1 && b.line < 12) {
            assert_eq!(b.section(), Some("HTTP 要求"), "{b:?}");
        }
    }
}
