//! Text from the docs never reaches a terminal raw: control characters and bidirectional overrides
//! in messages, help, file names and excerpts are shown escaped.

use graphdoc_codegen::internals::diagnostics::escape_control;
use graphdoc_codegen::ir::Source;
use graphdoc_codegen::{Code, Diagnostic};

#[test]
fn render_escapes_every_part_taken_from_the_docs() {
    let d = Diagnostic::new(
        Code::JsonLenient,
        &Source::new("beta/\u{1b}]0;title\u{7}.md".to_string(), 3),
        "`\u{1b}[2J` is odd\r\nsecond",
    )
    .with_help("see \u{9b}1m\u{202e}");
    let text = d.render("docs", Some("|\u{1b}[31mred\u{1b}[0m|\tString|\u{7f}|"));
    for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{7f}', '\r'] {
        assert!(!text.contains(raw), "{raw:?} in {text:?}");
    }
    assert!(text.contains("`\\u{1b}[2J` is odd\\r\\nsecond"), "{text}");
    assert!(
        text.contains("--> docs/beta/\\u{1b}]0;title\\u{7}.md:3"),
        "{text}"
    );
    assert!(
        text.contains("3 | |\\u{1b}[31mred\\u{1b}[0m|\tString|\\u{7f}|"),
        "{text}"
    );
    assert!(text.contains("= help: see \\u{9b}1m\\u{202e}"), "{text}");
}

#[test]
fn ordinary_text_is_left_as_it_is() {
    for s in ["plain", "tab\tkept", "ünïcödé → ✓", "", "日本語"] {
        assert!(matches!(escape_control(s), std::borrow::Cow::Borrowed(t) if t == s));
    }
}
