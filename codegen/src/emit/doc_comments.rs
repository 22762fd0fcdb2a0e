//! Doc comments from the docs' descriptions, made safe: no doctests, no broken intra-doc links, no
//! stray HTML, no bare URLs.

/// The bytes that may need care in prose: markdown punctuation, and `h` (a URL may start there).
const CAREFUL: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"`[]<>*_#|\\h";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// Rewrites markdown prose so rustdoc renders it as text and never runs it.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let fenced;
    static FENCE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("```"));
    let text = if FENCE.find(text.as_bytes()).is_some() {
        fenced = text.replace("```", "'''");
        fenced.as_str()
    } else {
        text
    };
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Leading indentation would start an indented code block, which rustdoc runs as a test.
        let mut rest = line.trim();
        let mut in_code = false;
        while !rest.is_empty() {
            if in_code {
                // Code spans are copied as they are, through their closing backtick.
                let end = rest.find('`').map_or(rest.len(), |i| i + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                in_code = false;
                continue;
            }
            // Plain text up to the next character that may need care (`http` may start a URL).
            // Bytes, not chars: every such character is ASCII, and no UTF-8 sequence holds one.
            let bytes = rest.as_bytes();
            let plain = bytes
                .iter()
                .enumerate()
                .position(|(i, &b)| {
                    CAREFUL[usize::from(b)] && (b != b'h' || bytes[i..].starts_with(b"http"))
                })
                .unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            let Some(c) = rest.chars().next() else {
                break;
            };
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            match c {
                '`' => {
                    out.push('`');
                    in_code = true;
                }
                '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                '\\' => out.push_str("\\\\"),
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A `#[deprecated(note = ...)]` text from a deprecated property's description: rustdoc renders the
/// note as markdown, so it is made safe as doc comments are, and a leading `[Deprecated]` (which
/// rustdoc would read as a broken intra-doc link, and which the attribute says already) is dropped.
pub fn deprecation_note(description: &str) -> String {
    let text = description.trim();
    let lower = text.to_ascii_lowercase();
    let rest = ["[deprecated]", "\\[deprecated\\]"]
        .iter()
        .find(|marker| lower.starts_with(*marker))
        .map_or(text, |marker| {
            text[marker.len()..].trim_start_matches([' ', '.', ':', '-'])
        });
    match rest.trim() {
        "" => "Deprecated.".to_string(),
        rest => sanitize(rest),
    }
}

/// Length of a URL starting at the beginning of `s`.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let len = s
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '`' | '<' | ']'))
        .unwrap_or(s.len());
    let trimmed = s[..len].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_docs_safe() {
        assert_eq!(
            sanitize("[deprecated] use `a_b`"),
            "\\[deprecated\\] use `a_b`"
        );
        assert_eq!(sanitize("Bearer <token>"), "Bearer \\<token\\>");
        assert_eq!(sanitize("See https://aka.ms/x."), "See <https://aka.ms/x>.");
        assert_eq!(sanitize("    indented code"), "indented code");
        assert_eq!(sanitize("```\nfn main() {}\n```"), "'''\nfn main() {}\n'''");
    }

    #[test]
    fn deprecation_notes_hold_no_link_or_html() {
        assert_eq!(
            deprecation_note("[Deprecated] Use [x] instead."),
            "Use \\[x\\] instead."
        );
        assert_eq!(
            deprecation_note("\\[deprecated\\]: see <token>"),
            "see \\<token\\>"
        );
        assert_eq!(deprecation_note("[DEPRECATED]"), "Deprecated.");
        assert_eq!(
            deprecation_note("This property is deprecated."),
            "This property is deprecated."
        );
    }
}
