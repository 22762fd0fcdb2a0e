//! A page's markdown read into blocks: pulldown-cmark's events through a small state machine
//! ([`Reader`]), one method per kind of element; front matter, annotation comments and fences
//! left open handled on the way.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::json;
use super::{
    anchor_name, trim_in_place, Annotation, Block, BlockKind, CodeBlock, Heading, Inline, Link,
    Page, Row, Table,
};

/// Parses a page. Never fails: odd markdown becomes odd blocks, and the extractors say so.
pub fn parse_page(path: &str, text: &str) -> Page {
    let (front_matter, body_start) = front_matter(text);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut reader = Reader::new(path, text, body_start);
    for (event, range) in Parser::new_ext(&text[body_start..], options).into_offset_iter() {
        reader.event(event, range);
    }
    reader.finish(front_matter)
}

/// A code block being read: its language, text, first content line, source range and whether it
/// is fenced.
struct OpenCode {
    lang: String,
    text: String,
    content_line: usize,
    range: Range<usize>,
    fenced: bool,
}

/// The parser's state between pulldown-cmark's events: the blocks so far, the heading stack above
/// the next block, and the element being read. Each event goes to the method for its kind.
struct Reader<'t> {
    path: &'t str,
    /// The whole page, and where its body starts (after the front matter).
    text: &'t str,
    body_start: usize,
    lines: LineCounter<'t>,
    blocks: Vec<Block>,
    headings: Arc<Vec<Heading>>,
    /// An annotation comment waiting for the block it annotates.
    pending_annotation: Option<Annotation>,
    /// The text of a heading, paragraph, list item or table cell being read.
    inline: Option<Inline>,
    /// Open links: their destination and where their text starts in `inline`.
    link_stack: Vec<(String, usize)>,
    heading_level: Option<(u8, usize)>,
    heading_anchor: Option<Arc<str>>,
    paragraph_line: usize,
    /// How deep in list items: a nested item's paragraphs belong to the outer item.
    in_item: usize,
    table: Option<Table>,
    row: Option<Row>,
    code: Option<OpenCode>,
    /// An HTML block's text and line.
    html: Option<(String, usize)>,
}

impl<'t> Reader<'t> {
    fn new(path: &'t str, text: &'t str, body_start: usize) -> Self {
        Reader {
            path,
            text,
            body_start,
            lines: LineCounter::new(text),
            // About one block per 200 bytes of docs: sized once rather than grown.
            blocks: Vec::with_capacity((text.len() - body_start) / 200),
            headings: Arc::new(Vec::new()),
            pending_annotation: None,
            inline: None,
            link_stack: Vec::new(),
            heading_level: None,
            heading_anchor: None,
            paragraph_line: 0,
            in_item: 0,
            table: None,
            row: None,
            code: None,
            html: None,
        }
    }

    fn body(&self) -> &'t str {
        &self.text[self.body_start..]
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => {
                // Only starts need a line; an end's range starts where its element starts.
                let line = self.lines.line(self.body_start + range.start);
                self.start(tag, range, line);
            }
            Event::End(end) => self.end(end, range),
            Event::Html(t) => {
                if let Some((text, _)) = self.html.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::InlineHtml(t) => self.inline_html(&t),
            Event::Text(t) => {
                if let Some(code) = self.code.as_mut() {
                    code.text.push_str(&t);
                } else if let Some(i) = self.inline.as_mut() {
                    i.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some(i) = self.inline.as_mut() {
                    i.text.push('`');
                    i.text.push_str(&t);
                    i.text.push('`');
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = self.inline.as_mut() {
                    i.text.push(' ');
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, line: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading_level = Some((level as u8, line));
                self.inline = Some(Inline::with_capacity(range.len()));
            }
            Tag::Paragraph if self.in_item == 0 => {
                self.paragraph_line = line;
                self.inline = Some(Inline::with_capacity(range.len()));
            }
            Tag::Item => {
                self.in_item += 1;
                if self.in_item == 1 {
                    self.paragraph_line = line;
                    self.inline = Some(Inline::with_capacity(range.len()));
                }
            }
            Tag::Table(_) => {
                self.table = Some(Table {
                    header: Vec::new(),
                    // Rows are rarely shorter than this: sized once, not grown row by row.
                    rows: Vec::with_capacity(range.len() / 64),
                });
                self.paragraph_line = line;
            }
            Tag::TableHead => {
                self.row = Some(Row {
                    cells: Vec::new(),
                    line,
                });
            }
            Tag::TableRow => {
                let width = self.table.as_ref().map_or(0, |t| t.header.len());
                self.row = Some(Row {
                    cells: Vec::with_capacity(width),
                    line,
                });
            }
            Tag::TableCell => self.inline = Some(Inline::with_capacity(range.len())),
            Tag::Link { dest_url, .. } => {
                if let Some(i) = self.inline.as_ref() {
                    self.link_stack.push((dest_url.to_string(), i.text.len()));
                }
            }
            Tag::CodeBlock(kind) => self.code = Some(open_code(kind, range, line)),
            Tag::HtmlBlock => self.html = Some((String::with_capacity(range.len()), line)),
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph if self.in_item == 0 => self.end_paragraph(),
            TagEnd::Item => {
                self.in_item = self.in_item.saturating_sub(1);
                if self.in_item == 0 {
                    let item = self.inline.take().unwrap_or_default();
                    self.push(BlockKind::ListItem(item), self.paragraph_line);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_pending_annotation();
                    self.push(BlockKind::Table(t), self.paragraph_line);
                }
            }
            TagEnd::TableHead => {
                if let (Some(r), Some(t)) = (self.row.take(), self.table.as_mut()) {
                    t.header = r
                        .cells
                        .into_iter()
                        .map(|c| c.text.trim().to_string())
                        .collect();
                }
            }
            TagEnd::TableRow => {
                if let (Some(r), Some(t)) = (self.row.take(), self.table.as_mut()) {
                    t.rows.push(r);
                }
            }
            TagEnd::TableCell => {
                let mut cell = self.inline.take().unwrap_or_default();
                trim_in_place(&mut cell.text);
                if let Some(r) = self.row.as_mut() {
                    r.cells.push(cell);
                }
            }
            TagEnd::Link => {
                if let (Some((dest, start)), Some(i)) =
                    (self.link_stack.pop(), self.inline.as_mut())
                {
                    let text = i.text.get(start..).unwrap_or("").trim().to_string();
                    i.links.push(Link { text, dest });
                }
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.end_code(code, range);
                }
            }
            TagEnd::HtmlBlock => self.end_html(),
            _ => {}
        }
    }

    fn push(&mut self, kind: BlockKind, line: usize) {
        self.blocks.push(Block {
            kind,
            line,
            headings: self.headings.clone(),
        });
    }

    /// An annotation no block took, kept as a comment block where it was.
    fn push_pending_annotation(&mut self) {
        if let Some(a) = self.pending_annotation.take() {
            let line = a.line;
            self.push(BlockKind::Comment(a), line);
        }
    }

    /// The open headings above a heading of `level`: where a new heading or block nests.
    fn headings_above(&self, level: u8) -> Vec<Heading> {
        self.headings
            .iter()
            .filter(|h| h.level < level)
            .cloned()
            .collect()
    }

    fn end_heading(&mut self) {
        // An end event has no line of its own (see `event`).
        let (level, line) = self.heading_level.take().unwrap_or((1, 0));
        let anchor = self.heading_anchor.take();
        let content = self.inline.take().unwrap_or_default();
        if is_tab(&content) {
            // `# [HTTP](#tab/http)` starts a tab of a code sample, not a section: the blocks after
            // it stay in the section above it.
            return;
        }
        let text = Arc::from(content.text.trim());
        let mut stack = self.headings_above(level);
        let heading = Heading {
            level,
            text,
            line,
            anchor,
        };
        stack.push(heading.clone());
        self.headings = Arc::new(stack);
        self.push(BlockKind::Heading(heading), line);
        self.pending_annotation = None;
    }

    fn end_paragraph(&mut self) {
        let para = self.inline.take().unwrap_or_default();
        let trimmed = para.text.trim_start();
        if trimmed.starts_with("[!INCLUDE") || trimmed.starts_with("[!include") {
            let target = para
                .links
                .first()
                .map(|l| l.dest.clone())
                .unwrap_or_default();
            let annotation = self.pending_annotation.take();
            self.push(
                BlockKind::Include { target, annotation },
                self.paragraph_line,
            );
        } else {
            self.push_pending_annotation();
            self.push(BlockKind::Paragraph(para), self.paragraph_line);
        }
    }

    fn end_html(&mut self) {
        let Some((text, line)) = self.html.take() else {
            return;
        };
        if let Some(a) = annotation_from_comment(&text, line) {
            if let Some(prev) = self.pending_annotation.replace(a) {
                let line = prev.line;
                self.push(BlockKind::Comment(prev), line);
            }
        }
    }

    fn inline_html(&mut self, html: &str) {
        if self.heading_level.is_some() && self.heading_anchor.is_none() {
            self.heading_anchor = anchor_name(html).map(Arc::from);
        }
        // `<br>` and `<li>` inside cells separate values.
        if let Some(i) = self.inline.as_mut() {
            let starts = |prefix: &str| {
                html.get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            };
            if starts("<br") || starts("<li") || starts("</li") {
                i.text.push(' ');
            }
        }
    }

    /// The code block that `range` ends, then the markdown an unclosed fence swallowed.
    fn end_code(&mut self, code: OpenCode, range: Range<usize>) {
        let OpenCode {
            lang,
            mut text,
            content_line,
            range: start_range,
            fenced,
        } = code;
        let body = self.body();
        let raw = &body[start_range.start..range.end.min(body.len())];
        let mut unclosed = fenced && range.end >= body.len() && !closes_fence(raw);
        let swallowed = match fenced {
            true => self.swallowed(&text, raw, content_line, &range),
            false => None,
        };
        let swallowed = match swallowed {
            Some((cut, blocks)) => {
                text = text.lines().take(cut).map(|l| format!("{l}\n")).collect();
                unclosed = true;
                blocks
            }
            None => Vec::new(),
        };
        let annotation = self.pending_annotation.take();
        let fence_line = content_line - usize::from(fenced);
        // A fence opened on the page's last line has no content line: findings about the block
        // point at the fence, never past the end of the page.
        let content_line = if text.is_empty() {
            content_line.min(memchr::memchr_iter(b'\n', self.text.as_bytes()).count() + 1)
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
        self.push(BlockKind::Code(block), fence_line);
        self.nest_swallowed(swallowed);
    }

    /// A fence left open runs into the next fenced block, whose opening line (with its info
    /// string) cannot close it: the markdown between them (a heading, an annotation) and that
    /// block are read as this block's `text`. Where they start in it (its line count to keep),
    /// and the swallowed part parsed as the markdown it is.
    fn swallowed(
        &self,
        text: &str,
        raw: &str,
        content_line: usize,
        range: &Range<usize>,
    ) -> Option<(usize, Vec<Block>)> {
        let cut = swallowed_start(text, raw)?;
        let from_line = content_line + cut;
        let end = (self.body_start + range.end).min(self.text.len());
        let from = line_start(self.text, from_line).filter(|&f| f <= end)?;
        // Blank lines first, so the swallowed blocks keep their lines in the page.
        let mut tail = "\n".repeat(from_line - 1);
        tail.push_str(&self.text[from..end]);
        Some((cut, parse_page(self.path, &tail).blocks))
    }

    /// The swallowed blocks after the code block, their headings nested under the page's
    /// headings above it.
    fn nest_swallowed(&mut self, swallowed: Vec<Block>) {
        for mut b in swallowed {
            let inner = b.headings.first().map_or(u8::MAX, |h| h.level);
            let mut stack = self.headings_above(inner);
            stack.extend(b.headings.iter().cloned());
            b.headings = Arc::new(stack);
            if matches!(b.kind, BlockKind::Heading(_)) {
                self.headings = b.headings.clone();
            }
            self.blocks.push(b);
        }
    }

    fn finish(mut self, front_matter: BTreeMap<String, String>) -> Page {
        self.push_pending_annotation();
        Page {
            path: Arc::from(self.path),
            front_matter,
            blocks: self.blocks,
        }
    }
}

/// The code block a `CodeBlock` start opens; an indented block has no fence line, so its text
/// starts on its first line.
fn open_code(kind: CodeBlockKind<'_>, range: Range<usize>, line: usize) -> OpenCode {
    let fenced = matches!(kind, CodeBlockKind::Fenced(_));
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
        CodeBlockKind::Indented => String::new(),
    };
    OpenCode {
        lang,
        text: String::with_capacity(range.len()),
        content_line: line + usize::from(fenced),
        range,
        fenced,
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
