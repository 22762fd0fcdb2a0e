//! A lenient JSON reader for the docs' JSON blocks.
//!
//! The docs' JSON is often not JSON (trailing commas, comments, single quotes, unquoted
//! keys, NBSP, ellipses). This reader accepts what Newtonsoft accepts and a little more, and records
//! every deviation with its line so the docs can be fixed.

/// A JSON value that keeps member order, duplicate keys and each member's line.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text as written (`1024`, `4.2`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<Member>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub value: Json,
    /// 0-based line within the parsed text.
    pub line: usize,
}

/// Something the reader had to forgive, at a 0-based line of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deviation {
    pub line: usize,
    pub message: String,
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| &m.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Compact JSON text with the meaning a JSON reader gives the value (a duplicate key is written
    /// twice, and reading it back keeps the last value).
    pub fn to_json_string(&self) -> String {
        let mut out = String::new();
        self.write_compact(&mut out);
        out
    }

    fn write_compact(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) if serde_json::from_str::<serde_json::Number>(n).is_ok() => {
                out.push_str(n)
            }
            Json::Number(n) | Json::String(n) => write_json_string(n, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_compact(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(&m.key, out);
                    out.push(':');
                    m.value.write_compact(out);
                }
                out.push('}');
            }
        }
    }
}

/// `s` as a JSON string literal.
fn write_json_string(s: &str, out: &mut String) {
    use std::fmt::Write;
    out.reserve(s.len() + 2);
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// Parses `text`; `Err` carries the deviation that made it unreadable.
pub fn parse(text: &str) -> Result<(Json, Vec<Deviation>), Deviation> {
    let mut p = Parser {
        text,
        pos: 0,
        line: 0,
        deviations: Vec::new(),
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.text.len() {
        p.deviate("trailing content after the JSON value");
    }
    Ok((value, p.deviations))
}

/// Reads `text` in place: `pos` is a byte offset, and strings without escapes are copied in one go.
struct Parser<'t> {
    text: &'t str,
    pos: usize,
    line: usize,
    deviations: Vec<Deviation>,
}

const MAX_DEPTH: usize = 128;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        match self.text.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(b as char),
            Some(_) => self.text[self.pos..].chars().next(),
            None => None,
        }
    }

    /// The byte after the current (ASCII) character.
    fn peek_next_byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos + 1).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn deviate(&mut self, message: impl Into<String>) {
        let message = message.into();
        // One report per kind per line is enough.
        if !self
            .deviations
            .iter()
            .any(|d| d.line == self.line && d.message == message)
        {
            self.deviations.push(Deviation {
                line: self.line,
                message,
            });
        }
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Deviation> {
        Err(Deviation {
            line: self.line,
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) {
        loop {
            // Plain ASCII whitespace, a byte at a time; the rest below.
            let bytes = self.text.as_bytes();
            while let Some(&b) = bytes.get(self.pos) {
                match b {
                    b' ' | b'\t' | b'\r' => self.pos += 1,
                    b'\n' => {
                        self.pos += 1;
                        self.line += 1;
                    }
                    _ => break,
                }
            }
            if !self.skip_odd_ws() {
                return;
            }
        }
    }

    /// Skips one non-ASCII whitespace character or one comment; false when there is none.
    fn skip_odd_ws(&mut self) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            self.deviate(format!("non-ASCII whitespace U+{:04X}", c as u32));
            self.bump();
        } else if c == '/' && self.peek_next_byte() == Some(b'/') {
            self.deviate("comment");
            while let Some(c) = self.peek() {
                if c == '\n' {
                    break;
                }
                self.bump();
            }
        } else if c == '/' && self.peek_next_byte() == Some(b'*') {
            self.deviate("comment");
            self.bump();
            self.bump();
            while self.peek().is_some() {
                if self.peek() == Some('*') && self.peek_next_byte() == Some(b'/') {
                    self.bump();
                    self.bump();
                    break;
                }
                self.bump();
            }
        } else {
            return false;
        }
        true
    }

    /// Skips a `...` or `…` placeholder for elided content.
    fn skip_ellipsis(&mut self) -> bool {
        if self.peek() == Some('…') {
            self.deviate("ellipsis in place of content");
            self.bump();
            return true;
        }
        if self.text[self.pos..].starts_with("...") {
            self.deviate("ellipsis in place of content");
            while self.peek() == Some('.') {
                self.bump();
            }
            return true;
        }
        false
    }

    fn value(&mut self, depth: usize) -> Result<Json, Deviation> {
        if depth > MAX_DEPTH {
            return self.fail("JSON nested too deeply");
        }
        match self.peek() {
            None => self.fail("unexpected end of JSON"),
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => Ok(Json::String(self.string('"')?)),
            Some('\'') => {
                self.deviate("single-quoted string");
                Ok(Json::String(self.string('\'')?))
            }
            Some('“') | Some('”') => {
                self.deviate("typographic quotes");
                Ok(Json::String(self.string('”')?))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(self.number()),
            Some(_) => {
                let word = self.bare_word();
                match word.as_str() {
                    "true" => Ok(Json::Bool(true)),
                    "false" => Ok(Json::Bool(false)),
                    "null" => Ok(Json::Null),
                    "" => self.fail(format!(
                        "unexpected character `{}`",
                        self.peek().unwrap_or(' ')
                    )),
                    _ => {
                        self.deviate(format!("unquoted value `{word}`"));
                        Ok(Json::String(word))
                    }
                }
            }
        }
    }

    fn bare_word(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '$' | '@' | '#' | '+') {
                self.bump();
            } else {
                break;
            }
        }
        self.text[start..self.pos].to_string()
    }

    fn number(&mut self) -> Json {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                self.bump();
            } else {
                break;
            }
        }
        let text = self.text[start..self.pos].to_string();
        if serde_json::from_str::<serde_json::Number>(&text).is_err() {
            self.deviate(format!("malformed number `{text}`"));
            // `0000000000` still means zero; anything else stays text.
            let trimmed = text.trim_start_matches('0');
            let fixed = if trimmed.is_empty() {
                "0".to_string()
            } else {
                trimmed.to_string()
            };
            if serde_json::from_str::<serde_json::Number>(&fixed).is_ok() {
                return Json::Number(fixed);
            }
            return Json::String(text);
        }
        Json::Number(text)
    }

    fn string(&mut self, close: char) -> Result<String, Deviation> {
        let open_line = self.line;
        self.bump();
        // Most strings hold no escape and no line break: copy them whole.
        let start = self.pos;
        let plain = if close.is_ascii() {
            let rest = &self.text.as_bytes()[start..];
            memchr::memchr3(close as u8, b'\\', b'\n', rest).filter(|&i| rest[i] == close as u8)
        } else {
            None
        };
        if let Some(len) = plain {
            self.pos = start + len + 1;
            return Ok(self.text[start..start + len].to_string());
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(Deviation {
                    line: open_line,
                    message: "unterminated string".into(),
                });
            };
            if c == close || (close == '”' && c == '“') {
                return Ok(out);
            }
            match c {
                '\\' => {
                    let Some(e) = self.bump() else { continue };
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) => out.push(ch),
                                None => {
                                    self.deviate("invalid \\u escape");
                                    out.push('\u{fffd}');
                                }
                            }
                        }
                        '"' | '\\' | '/' | '\'' => out.push(e),
                        other => {
                            self.deviate(format!("invalid escape `\\{other}`"));
                            out.push(other);
                        }
                    }
                }
                '\n' if self.next_line_starts_member() => {
                    // `"description": "User delete x,` + newline + `"keywords": ""`: the string was
                    // never closed, and its "closing" quote opens the next key. Reading on would
                    // shift every later key and value, so the value is unreadable.
                    return Err(Deviation {
                        line: open_line,
                        message: "unterminated string".into(),
                    });
                }
                '\n' => {
                    self.deviate("raw line break inside a string");
                    out.push('\n');
                }
                _ => out.push(c),
            }
        }
    }

    /// The text after the current position (a line start) is `"name":`, the start of a member.
    fn next_line_starts_member(&self) -> bool {
        let rest = self.text[self.pos..].trim_start_matches([' ', '\t', '\r']);
        let Some(rest) = rest.strip_prefix('"') else {
            return false;
        };
        let name = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '-' | '$')))
            .unwrap_or(rest.len());
        if name == 0 {
            return false;
        }
        let Some(after) = rest[name..].strip_prefix('"') else {
            return false;
        };
        after.trim_start_matches([' ', '\t']).starts_with(':')
    }

    fn key(&mut self) -> Result<String, Deviation> {
        match self.peek() {
            Some('"') => self.string('"'),
            Some('\'') => {
                self.deviate("single-quoted key");
                self.string('\'')
            }
            Some('“') | Some('”') => {
                self.deviate("typographic quotes");
                self.string('”')
            }
            _ => {
                let word = self.bare_word();
                if word.is_empty() {
                    return self.fail(format!(
                        "expected a key, found `{}`",
                        self.peek().unwrap_or(' ')
                    ));
                }
                self.deviate(format!("unquoted key `{word}`"));
                Ok(word)
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, Deviation> {
        self.bump();
        let mut members: Vec<Member> = Vec::new();
        loop {
            self.skip_ws();
            if self.skip_ellipsis() {
                self.skip_ws();
                if self.peek() == Some(',') {
                    self.bump();
                }
                continue;
            }
            match self.peek() {
                None => return self.fail("unterminated object"),
                Some('}') => {
                    self.bump();
                    return Ok(Json::Object(members));
                }
                Some(',') => {
                    self.deviate("stray comma");
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let line = self.line;
            let key = self.key()?;
            self.skip_ws();
            if self.peek() == Some(':') {
                self.bump();
            } else {
                self.deviate(format!("missing colon after key `{key}`"));
            }
            self.skip_ws();
            let value = self.value(depth + 1)?;
            if members.iter().any(|m| m.key == key) {
                self.deviate(format!("duplicate key `{key}`"));
            }
            members.push(Member { key, value, line });
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_ws();
                    if self.peek() == Some('}') {
                        self.deviate("trailing comma");
                    }
                }
                Some('}') => {}
                None => return self.fail("unterminated object"),
                Some(_) => self.deviate("missing comma between members"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, Deviation> {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.skip_ellipsis() {
                self.skip_ws();
                if self.peek() == Some(',') {
                    self.bump();
                }
                continue;
            }
            match self.peek() {
                None => return self.fail("unterminated array"),
                Some(']') => {
                    self.bump();
                    return Ok(Json::Array(items));
                }
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.deviate("trailing comma");
                    }
                }
                Some(']') => {}
                None => return self.fail("unterminated array"),
                Some(_) => self.deviate("missing comma between items"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value as serde_json reads it (a duplicate key keeps its last value): the oracle the
    /// written JSON text is checked against.
    fn to_value(j: &Json) -> serde_json::Value {
        use serde_json::Value;
        match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => serde_json::from_str::<serde_json::Number>(n)
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(n.clone())),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
            Json::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.clone(), to_value(&m.value));
                }
                Value::Object(map)
            }
        }
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text)
            .unwrap()
            .1
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn strict_json_has_no_deviations() {
        let (v, devs) = parse(r#"{"a": [1, 2.5, "x\n"], "b": {"c": null, "d": true}}"#).unwrap();
        assert!(devs.is_empty());
        assert_eq!(
            to_value(&v),
            serde_json::json!({"a": [1, 2.5, "x\n"], "b": {"c": null, "d": true}})
        );
    }

    #[test]
    fn json_text_means_what_the_value_means() {
        let text = "{\"q\": \"say \\\"hi\\\"\\\\ \\u0001\\ttab\\u00e9 ✓\", 'k': [1, -2.5e3, 007, 1.2.3], \"k\": {\"x\": null, \"y\": false}, \"s\": \"multi\nline\"}";
        let (v, devs) = parse(text).unwrap();
        assert!(!devs.is_empty(), "the sample is lenient JSON");
        let written = v.to_json_string();
        let reread: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(reread, to_value(&v));
        assert_eq!(reread["k"], serde_json::json!({"x": null, "y": false}));
        assert_eq!(reread["q"], "say \"hi\"\\ \u{1}\ttab\u{e9} ✓");
    }

    #[test]
    fn forgives_and_reports_each_deviation() {
        assert_eq!(messages("{\"a\": 1,\n}"), ["trailing comma"]);
        assert_eq!(messages("{// hi\n\"a\": 1}"), ["comment"]);
        assert_eq!(
            messages("{'a': 'b'}"),
            ["single-quoted key", "single-quoted string"]
        );
        assert_eq!(messages("{a: 1}"), ["unquoted key `a`"]);
        assert_eq!(
            messages("{\"address\": NAV.PostalAddress}"),
            ["unquoted value `NAV.PostalAddress`"]
        );
        assert_eq!(
            messages("{\u{202f}\"a\": 1}"),
            ["non-ASCII whitespace U+202F"]
        );
        assert_eq!(
            messages("{\"notAfter\": 0000000000}"),
            ["malformed number `0000000000`"]
        );
        assert_eq!(
            messages("{\"a\": 1 \"b\": 2}"),
            ["missing comma between members"]
        );
        assert_eq!(
            messages("{\"a\": [1, ...]}"),
            ["ellipsis in place of content"]
        );
        assert_eq!(messages("{\"a\": 1, \"a\": 2}"), ["duplicate key `a`"]);
    }

    #[test]
    fn keeps_order_and_lines() {
        let (v, _) = parse("{\n\"z\": 1,\n\"a\": 2\n}").unwrap();
        let Json::Object(m) = v else { panic!() };
        assert_eq!((m[0].key.as_str(), m[0].line), ("z", 1));
        assert_eq!((m[1].key.as_str(), m[1].line), ("a", 2));
    }

    #[test]
    fn unreadable_json_is_an_error_not_a_panic() {
        for bad in [
            "{",
            "[1,",
            "{\"a\": \"unterminated",
            "}",
            "",
            "{\"a\" \"b\" \"c\"",
            "\u{0}",
        ] {
            let _ = parse(bad);
        }
        assert!(parse("{\"description\": \"User delete teamsAppInstallations,\n}").is_err());
    }
}
