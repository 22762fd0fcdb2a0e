//! Markdown pages as a flat list of blocks under a heading stack (the docs team's own model).
//!
//! This layer knows CommonMark/GFM and the docs' conventions for front matter, annotations and
//! includes; it knows nothing of types or Rust.

pub mod json;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
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

/// Line numbers for byte offsets, counted forward as the events arrive (their start offsets never
/// decrease), so a page's newlines are scanned once and no index of them is built.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    /// 1-based line of `offset`.
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// 1-based line of a byte offset.
    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Not expected from pulldown-cmark; recount rather than be wrong.
            self.offset = 0;
            self.line = 1;
        }
        let gap = &self.text[self.offset..offset];
        // Events are dense (a table cell every few bytes): below a cache line, a plain loop beats
        // setting up the vectorised count.
        self.line += if gap.len() < 64 {
            gap.iter().filter(|&&b| b == b'\n').count()
        } else {
            memchr::memchr_iter(b'\n', gap).count()
        };
        self.offset = offset;
        self.line
    }
}

/// Byte offset where a 1-based line starts, if the text has that line.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map(|i| i + 1)
}

/// Splits `---\n...\n---` front matter off; returns (map, body offset).
fn front_matter(text: &str) -> (BTreeMap<String, String>, usize) {
    let mut map = BTreeMap::new();
    let trimmed = text.trim_start_matches('\u{feff}');
    let bom = text.len() - trimmed.len();
    let Some(rest) = trimmed.strip_prefix("---") else {
        return (map, 0);
    };
    let Some(first_nl) = rest.find('\n') else {
        return (map, 0);
    };
    if !rest[..first_nl].trim().is_empty() {
        return (map, 0);
    }
    let body = &rest[first_nl + 1..];
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            for entry in body[..offset - line.len()].lines() {
                if let Some((k, v)) = entry.split_once(':') {
                    let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                    map.insert(k.trim().to_string(), v);
                }
            }
            return (map, bom + 3 + first_nl + 1 + offset);
        }
    }
    (BTreeMap::new(), 0)
}

/// Reads one comment's JSON leniently.
fn annotation_from_comment(html: &str, line: usize) -> Option<Annotation> {
    let inner = html.trim().strip_prefix("<!--")?;
    let inner = inner.trim_end().strip_suffix("-->").unwrap_or(inner);
    let start = inner.find('{')?;
    if !inner[..start].trim().is_empty() {
        return None;
    }
    let body = &inner[start..];
    let leading_lines = inner[..start].matches('\n').count();
    let (json, deviations) = match json::parse(body) {
        Ok((j, d)) => (Some(j), d),
        Err(d) => (None, vec![d]),
    };
    Some(Annotation {
        json,
        deviations,
        line: line + leading_lines,
    })
}

/// Parses a page. Never fails: odd markdown becomes odd blocks, and the extractors say so.
pub fn parse_page(path: &str, text: &str) -> Page {
    let (front_matter, body_start) = front_matter(text);
    let mut lines = LineCounter::new(text);
    let full_text = text;
    let text_total = text.len();
    let body = &text[body_start..];
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(body, options).into_offset_iter();

    // About one block per 200 bytes of docs: sized once rather than grown.
    let mut blocks: Vec<Block> = Vec::with_capacity(body.len() / 200);
    let mut headings: Arc<Vec<Heading>> = Arc::new(Vec::new());
    let mut pending_annotation: Option<Annotation> = None;

    // Inline collection state.
    let mut inline: Option<Inline> = None;
    let mut link_stack: Vec<(String, usize)> = Vec::new();
    let mut heading_level: Option<(u8, usize)> = None;
    let mut heading_anchor: Option<Arc<str>> = None;
    let mut paragraph_line = 0;
    let mut in_item = 0usize;
    // Table state.
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    // An open code block: its language, text, first content line, source range and whether fenced.
    let mut code: Option<(String, String, usize, std::ops::Range<usize>, bool)> = None;
    // HTML block state.
    let mut html: Option<(String, usize)> = None;

    let push =
        |blocks: &mut Vec<Block>, kind: BlockKind, line: usize, headings: &Arc<Vec<Heading>>| {
            blocks.push(Block {
                kind,
                line,
                headings: headings.clone(),
            });
        };

    for (event, range) in parser {
        // Only starts need a line; an end's range starts where its element starts.
        let line = if matches!(event, Event::Start(_)) {
            lines.line(body_start + range.start)
        } else {
            0
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = Some((level as u8, line));
                inline = Some(Inline::with_capacity(range.len()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, hline) = heading_level.take().unwrap_or((1, line));
                let anchor = heading_anchor.take();
                let content = inline.take().unwrap_or_default();
                if is_tab(&content) {
                    // `# [HTTP](#tab/http)` starts a tab of a code sample, not a section: the
                    // blocks after it stay in the section above it.
                    continue;
                }
                let text = Arc::from(content.text.trim());
                let mut stack: Vec<Heading> = headings
                    .iter()
                    .filter(|h| h.level < level)
                    .cloned()
                    .collect();
                let heading = Heading {
                    level,
                    text,
                    line: hline,
                    anchor,
                };
                stack.push(heading.clone());
                headings = Arc::new(stack);
                push(&mut blocks, BlockKind::Heading(heading), hline, &headings);
                pending_annotation = None;
            }
            Event::Start(Tag::Paragraph) if in_item == 0 => {
                paragraph_line = line;
                inline = Some(Inline::with_capacity(range.len()));
            }
            Event::End(TagEnd::Paragraph) if in_item == 0 => {
                let para = inline.take().unwrap_or_default();
                let trimmed = para.text.trim_start();
                if trimmed.starts_with("[!INCLUDE") || trimmed.starts_with("[!include") {
                    let target = para
                        .links
                        .first()
                        .map(|l| l.dest.clone())
                        .unwrap_or_default();
                    let annotation = pending_annotation.take();
                    push(
                        &mut blocks,
                        BlockKind::Include { target, annotation },
                        paragraph_line,
                        &headings,
                    );
                } else {
                    if let Some(a) = pending_annotation.take() {
                        let l = a.line;
                        push(&mut blocks, BlockKind::Comment(a), l, &headings);
                    }
                    push(
                        &mut blocks,
                        BlockKind::Paragraph(para),
                        paragraph_line,
                        &headings,
                    );
                }
            }
            Event::Start(Tag::Item) => {
                in_item += 1;
                if in_item == 1 {
                    paragraph_line = line;
                    inline = Some(Inline::with_capacity(range.len()));
                }
            }
            Event::End(TagEnd::Item) => {
                in_item = in_item.saturating_sub(1);
                if in_item == 0 {
                    let item = inline.take().unwrap_or_default();
                    push(
                        &mut blocks,
                        BlockKind::ListItem(item),
                        paragraph_line,
                        &headings,
                    );
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    header: Vec::new(),
                    // Rows are rarely shorter than this: sized once, not grown row by row.
                    rows: Vec::with_capacity(range.len() / 64),
                });
                paragraph_line = line;
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    if let Some(a) = pending_annotation.take() {
                        let l = a.line;
                        push(&mut blocks, BlockKind::Comment(a), l, &headings);
                    }
                    push(&mut blocks, BlockKind::Table(t), paragraph_line, &headings);
                }
            }
            Event::Start(Tag::TableHead) => {
                row = Some(Row {
                    cells: Vec::new(),
                    line,
                });
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.header = r
                        .cells
                        .into_iter()
                        .map(|c| c.text.trim().to_string())
                        .collect();
                }
            }
            Event::Start(Tag::TableRow) => {
                let width = table.as_ref().map_or(0, |t| t.header.len());
                row = Some(Row {
                    cells: Vec::with_capacity(width),
                    line,
                })
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => inline = Some(Inline::with_capacity(range.len())),
            Event::End(TagEnd::TableCell) => {
                let mut cell = inline.take().unwrap_or_default();
                trim_in_place(&mut cell.text);
                if let Some(r) = row.as_mut() {
                    r.cells.push(cell);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = inline.as_ref() {
                    link_stack.push((dest_url.to_string(), i.text.len()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let (Some((dest, start)), Some(i)) = (link_stack.pop(), inline.as_mut()) {
                    let text = i.text.get(start..).unwrap_or("").trim().to_string();
                    i.links.push(Link { text, dest });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                // An indented block has no fence line: its text starts on its first line.
                let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((
                    lang,
                    String::with_capacity(range.len()),
                    line + usize::from(fenced),
                    range.clone(),
                    fenced,
                ));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, mut text, content_line, start_range, fenced)) = code.take() {
                    let raw = &body[start_range.start..range.end.min(body.len())];
                    let mut unclosed = fenced && range.end >= body.len() && !closes_fence(raw);
                    // A fence left open runs into the next fenced block, whose opening line (with
                    // its info string) cannot close it: the markdown between them (a heading, an
                    // annotation) and that block are read as this block's text (SURVEY B.11 #2).
                    // The swallowed part is cut off and parsed as the markdown it is.
                    let mut swallowed: Vec<Block> = Vec::new();
                    if let Some(cut) = swallowed_start(&text, raw).filter(|_| fenced) {
                        let from_line = content_line + cut;
                        let end = (body_start + range.end).min(text_total);
                        if let Some(from) = line_start(full_text, from_line).filter(|&f| f <= end) {
                            let mut tail = "\n".repeat(from_line - 1);
                            tail.push_str(&full_text[from..end]);
                            swallowed = parse_page(path, &tail).blocks;
                            text = text.lines().take(cut).map(|l| format!("{l}\n")).collect();
                            unclosed = true;
                        }
                    }
                    let annotation = pending_annotation.take();
                    let fence_line = content_line - usize::from(fenced);
                    // A fence opened on the page's last line has no content line: findings about
                    // the block point at the fence, never past the end of the page.
                    let content_line = if text.is_empty() {
                        content_line
                            .min(memchr::memchr_iter(b'\n', full_text.as_bytes()).count() + 1)
                    } else {
                        content_line
                    };
                    let block = CodeBlock {
                        lang,
                        text,
                        content_line,
                        unclosed,
                        annotation,
                    };
                    push(&mut blocks, BlockKind::Code(block), fence_line, &headings);
                    for mut b in swallowed {
                        // The swallowed headings nest under the page's headings above the block.
                        let inner = b.headings.first().map_or(u8::MAX, |h| h.level);
                        let mut stack: Vec<Heading> = headings
                            .iter()
                            .filter(|h| h.level < inner)
                            .cloned()
                            .collect();
                        stack.extend(b.headings.iter().cloned());
                        b.headings = Arc::new(stack);
                        if matches!(b.kind, BlockKind::Heading(_)) {
                            headings = b.headings.clone();
                        }
                        blocks.push(b);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some((String::with_capacity(range.len()), line)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, hline)) = html.take() {
                    if let Some(a) = annotation_from_comment(&text, hline) {
                        if let Some(prev) = pending_annotation.replace(a) {
                            let l = prev.line;
                            push(&mut blocks, BlockKind::Comment(prev), l, &headings);
                        }
                    }
                }
            }
            Event::Html(t) => {
                if let Some((text, _)) = html.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::InlineHtml(t) => {
                if heading_level.is_some() && heading_anchor.is_none() {
                    heading_anchor = anchor_name(&t).map(Arc::from);
                }
                // `<br>` and `<li>` inside cells separate values.
                if let Some(i) = inline.as_mut() {
                    let starts = |prefix: &str| {
                        t.get(..prefix.len())
                            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
                    };
                    if starts("<br") || starts("<li") || starts("</li") {
                        i.text.push(' ');
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, text, _, _, _)) = code.as_mut() {
                    text.push_str(&t);
                } else if let Some(i) = inline.as_mut() {
                    i.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some(i) = inline.as_mut() {
                    i.text.push('`');
                    i.text.push_str(&t);
                    i.text.push('`');
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = inline.as_mut() {
                    i.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if let Some(a) = pending_annotation.take() {
        let l = a.line;
        push(&mut blocks, BlockKind::Comment(a), l, &headings);
    }

    Page {
        path: Arc::from(path),
        front_matter,
        blocks,
    }
}

/// A tab heading of a code sample (`# [HTTP](#tab/http)`): the heading is one link to `#tab/...`.
fn is_tab(content: &Inline) -> bool {
    match content.links.as_slice() {
        [link] => link.dest.starts_with("#tab/") && content.text.trim() == link.text,
        _ => false,
    }
}

/// The 0-based line of `text` (a fenced block's content) where markdown that was swallowed by an
/// unclosed fence starts: the first heading or HTML comment before an inner fence opener with an
/// info string, else the opener itself. `None` when no fence opener is inside.
fn swallowed_start(text: &str, raw: &str) -> Option<usize> {
    let first = raw.trim_start();
    let fence_char = first.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let fence_len = first.chars().take_while(|&c| c == fence_char).count();
    // Nearly every block holds no fence at all: say so before splitting it into lines. (An
    // indented block that starts with one or two backticks has a shorter "fence": no shortcut.)
    if fence_len >= 3 {
        let fence = if fence_char == '`' { b"```" } else { b"~~~" };
        memchr::memmem::find(text.as_bytes(), fence)?;
    }
    let lines: Vec<&str> = text.lines().collect();
    let opener = lines.iter().position(|l| {
        let t = l.trim_start();
        let n = t.chars().take_while(|&c| c == fence_char).count();
        n >= fence_len
            && l.len() - t.len() < 4
            && t[n..]
                .trim()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
    })?;
    let start = lines[..opener]
        .iter()
        .position(|l| {
            let t = l.trim_start();
            let hashes = t.chars().take_while(|&c| c == '#').count();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') || t.starts_with("<!--")
        })
        .unwrap_or(opener);
    Some(start)
}

fn closes_fence(raw: &str) -> bool {
    let first = raw.trim_start();
    let fence_char = first.chars().next().unwrap_or('`');
    let fence_len = first
        .chars()
        .take_while(|&c| c == fence_char)
        .count()
        .max(3);
    let fence: String = std::iter::repeat_n(fence_char, fence_len).collect();
    let mut lines = raw.lines();
    lines.next();
    lines.any(|l| l.trim().starts_with(&fence) && l.trim().chars().all(|c| c == fence_char))
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
