//! Rust written directly as text: every generated struct, enum and endpoint stub follows one of
//! three templates, so they are laid out here instead of being built as tokens and formatted.
//!
//! The layout follows rustfmt's defaults where it matters to a reader: four-space indents, `///`
//! doc comments, one item per line in a list that does not fit in 100 columns.

use super::doc_comments::sanitize;

/// Where rustfmt would break a line.
const MAX_WIDTH: usize = 100;

/// Source text under construction, one line at a time.
#[derive(Default)]
pub struct Code {
    out: String,
}

impl Code {
    pub fn new() -> Self {
        Code::default()
    }

    /// Room for `bytes` up front: an endpoint stub or a struct is a few KiB, written in small
    /// pieces that would otherwise grow (and copy) the text a dozen times.
    pub fn with_capacity(bytes: usize) -> Self {
        Code {
            out: String::with_capacity(bytes),
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
    }

    /// One line at `indent` levels (empty text gives an empty line).
    pub fn line(&mut self, indent: usize, text: &str) {
        if !text.is_empty() {
            self.indent(indent);
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// [`Code::line`] for formatted text, written in place rather than through a temporary.
    pub fn line_fmt(&mut self, indent: usize, text: std::fmt::Arguments<'_>) {
        use std::fmt::Write;
        let start = self.out.len();
        self.indent(indent);
        let text_start = self.out.len();
        // Writing to a `String` cannot fail.
        let _ = self.out.write_fmt(text);
        if self.out.len() == text_start {
            self.out.truncate(start);
        }
        self.out.push('\n');
    }

    /// A block written as it reads, one line per line of `text`, each at `indent` levels plus its
    /// own leading spaces (for the fixed parts of a template).
    pub fn lines(&mut self, indent: usize, text: &str) {
        for l in text.lines() {
            self.line(indent, l);
        }
    }

    /// `///` lines for a description, made safe as [`sanitize`] does; nothing when empty or off.
    pub fn doc(&mut self, indent: usize, text: &str, enabled: bool) {
        if !enabled || text.trim().is_empty() {
            return;
        }
        // A bare carriage return is an error in a `///` comment, and so is a codepoint that
        // changes the direction of text (rustc denies `text_direction_codepoint_in_comment`).
        // Both are rare: an ASCII text (most of them) is checked for `\r` only.
        let text = match text.contains('\r') || (!text.is_ascii() && text.chars().any(is_bidi)) {
            true => {
                let mut clean = String::with_capacity(text.len() + 8);
                for c in text.chars().filter(|&c| c != '\r') {
                    match is_bidi(c) {
                        true => clean.push_str(&format!("\\u{{{:x}}}", c as u32)),
                        false => clean.push(c),
                    }
                }
                std::borrow::Cow::Owned(clean)
            }
            false => std::borrow::Cow::Borrowed(text),
        };
        for l in sanitize(&text).lines() {
            self.indent(indent);
            self.out.push_str("///");
            if !l.is_empty() {
                self.out.push(' ');
                self.out.push_str(l);
            }
            self.out.push('\n');
        }
    }

    /// `head` + the items separated by `, ` + `tail` on one line when it fits, else `head`, one
    /// item per line (with a trailing comma), and `tail`. `head` ends with the opening delimiter
    /// and `tail` starts with the closing one.
    pub fn list(&mut self, indent: usize, head: &str, items: &[String], tail: &str) {
        self.list_with(indent, head, items, tail, ",");
    }

    /// An attribute's arguments (`#[serde(...)]`), broken like [`Code::list`] but, as rustfmt
    /// writes attributes, without a trailing comma.
    pub fn attribute(&mut self, indent: usize, head: &str, items: &[String], tail: &str) {
        self.list_with(indent, head, items, tail, "");
    }

    fn list_with(&mut self, indent: usize, head: &str, items: &[String], tail: &str, last: &str) {
        // Measured before anything is written: most lists fit, and are written in place.
        let separators = 2 * items.len().saturating_sub(1);
        let one_line: usize =
            head.len() + items.iter().map(String::len).sum::<usize>() + separators + tail.len();
        if indent * 4 + one_line <= MAX_WIDTH {
            if one_line == 0 {
                self.line(indent, "");
                return;
            }
            self.indent(indent);
            self.out.push_str(head);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(item);
            }
            self.out.push_str(tail);
            self.out.push('\n');
            return;
        }
        self.line(indent, head.trim_end());
        for (i, item) in items.iter().enumerate() {
            let sep = if i + 1 == items.len() { last } else { "," };
            if !item.is_empty() || !sep.is_empty() {
                self.indent(indent + 1);
                self.out.push_str(item);
                self.out.push_str(sep);
            }
            self.out.push('\n');
        }
        self.line(indent, tail.trim_start());
    }

    /// A match arm, its value in a block when the arm does not fit on one line (as rustfmt does).
    pub fn arm(&mut self, indent: usize, pattern: &str, value: &str) {
        let one_line = format!("{pattern} => {value},");
        if indent * 4 + one_line.len() <= MAX_WIDTH {
            self.line(indent, &one_line);
        } else {
            self.line_fmt(indent, format_args!("{pattern} => {{"));
            self.line(indent + 1, value);
            self.line(indent, "}");
        }
    }

    /// `matches!(value, A | B)`, one alternative per line when it does not fit.
    pub fn matches(&mut self, indent: usize, value: &str, alternatives: &[String]) {
        let one_line = format!("matches!({value}, {})", alternatives.join(" | "));
        if indent * 4 + one_line.len() <= MAX_WIDTH {
            self.line(indent, &one_line);
            return;
        }
        self.line(indent, "matches!(");
        self.line_fmt(indent + 1, format_args!("{value},"));
        for (i, alternative) in alternatives.iter().enumerate() {
            if i == 0 {
                self.line(indent + 1, alternative);
            } else {
                self.line_fmt(indent + 2, format_args!("| {alternative}"));
            }
        }
        self.line(indent, ")");
    }

    /// `Self { a, b: c }`: on one line while the fields are short (rustfmt's
    /// `struct_lit_width`), else one field per line.
    pub fn struct_literal(&mut self, indent: usize, name: &str, fields: &[String], tail: &str) {
        let inner = fields.join(", ");
        if fields.is_empty() {
            self.line_fmt(indent, format_args!("{name} {{}}{tail}"));
        } else if inner.len() <= 18 {
            self.line_fmt(indent, format_args!("{name} {{ {inner} }}{tail}"));
        } else {
            self.line_fmt(indent, format_args!("{name} {{"));
            for f in fields {
                self.line_fmt(indent + 1, format_args!("{f},"));
            }
            self.line_fmt(indent, format_args!("}}{tail}"));
        }
    }
}

/// A codepoint that changes the direction of text (rustc denies them raw in literals and comments).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A Rust string literal for `s` (non-ASCII text stays as it is: source files are UTF-8).
pub fn string_literal(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Nearly all text needs no escape: copy it whole when so.
    let plain = s
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f && b != 0xc2 && b != 0xe2);
    if plain {
        out.push_str(s);
        out.push('"');
        return out;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Direction-changing codepoints are denied in literals by rustc.
            c if c.is_control() || is_bidi(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_are_lines_of_sanitized_text() {
        let mut code = Code::new();
        code.doc(
            1,
            "First line\r with a stray CR.\r\n\nSee https://x.test/a.",
            true,
        );
        code.doc(1, "   ", true);
        code.doc(1, "off", false);
        assert_eq!(
            code.finish(),
            "    /// First line with a stray CR.\n    ///\n    /// See <https://x.test/a>.\n"
        );
    }

    #[test]
    fn string_literals_round_trip() {
        for s in [
            "plain",
            "say \"hi\"\\",
            "tab\tnew\nline\r",
            "\u{1}\u{7f}",
            "é ✓ 日本",
        ] {
            let lit: syn::LitStr = syn::parse_str(&string_literal(s)).unwrap();
            assert_eq!(lit.value(), s);
        }
    }

    #[test]
    fn lists_break_when_they_do_not_fit() {
        let mut code = Code::new();
        code.list(1, "f(", &["a".into(), "b".into()], ")");
        let long: Vec<String> = (0..12).map(|i| format!("argument_{i}")).collect();
        code.list(1, "f(", &long, ");");
        let text = code.finish();
        assert!(text.starts_with("    f(a, b)\n    f(\n        argument_0,\n"));
        assert!(text.ends_with("        argument_11,\n    );\n"));
    }
}
