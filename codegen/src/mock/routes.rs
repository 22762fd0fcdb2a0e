//! Which documented operation a request path names: each operation's path segments as a pattern
//! (literal text, placeholders as wildcards, call argument lists), matched case-insensitively as
//! Graph matches, the most specific pattern first.

use std::collections::HashMap;

use crate::ir::{ApiVersion, HttpMethod, Operation, PathSegment};

/// A request path after percent-decoding: each character, and whether it came encoded (an encoded
/// `/` is part of a key, not a separator).
pub(crate) struct RequestPath {
    chars: Vec<(char, bool)>,
}

/// Why a request path cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl RequestPath {
    /// Decodes a path (no query); a trailing `/` is dropped, as Graph ignores it.
    pub(crate) fn decode(raw: &str) -> Result<RequestPath, PathError> {
        let (mut bytes, mut encoded) = (Vec::with_capacity(raw.len()), Vec::new());
        let mut it = raw.bytes();
        while let Some(b) = it.next() {
            if b != b'%' {
                bytes.push(b);
                encoded.push(false);
                continue;
            }
            let hex = |b: Option<u8>| b.and_then(|b| (b as char).to_digit(16));
            let (Some(hi), Some(lo)) = (hex(it.next()), hex(it.next())) else {
                return Err(PathError::BadEscape);
            };
            bytes.push((hi * 16 + lo) as u8);
            encoded.push(true);
        }
        let text = String::from_utf8(bytes).map_err(|_| PathError::NotUtf8)?;
        let mut chars: Vec<(char, bool)> =
            text.char_indices().map(|(i, c)| (c, encoded[i])).collect();
        while chars.len() > 1 && chars.last() == Some(&('/', false)) {
            chars.pop();
        }
        Ok(RequestPath { chars })
    }

    pub(crate) fn text(&self) -> String {
        self.chars.iter().map(|(c, _)| c).collect()
    }

    fn text_of(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().map(|(c, _)| c).collect()
    }

    /// The path after a version prefix (`/v1.0`, `/beta`, any case), and the version.
    pub(crate) fn split_version(&self) -> Option<(ApiVersion, RequestPath)> {
        for version in ApiVersion::ALL {
            let prefix: Vec<char> = format!("/{}", version.as_str()).chars().collect();
            let n = prefix.len();
            let head = self.chars.get(..n)?;
            let same = head
                .iter()
                .zip(&prefix)
                .all(|((c, _), p)| c.eq_ignore_ascii_case(p));
            let at_boundary = matches!(self.chars.get(n), None | Some(('/', false)));
            if same && at_boundary {
                let mut rest: Vec<(char, bool)> = self.chars[n..].to_vec();
                if rest.is_empty() {
                    rest.push(('/', false));
                }
                return Some((version, RequestPath { chars: rest }));
            }
        }
        None
    }

    /// `/me/...` as `/users/me/...`: Graph's `/me` is the signed-in user, and many pages document
    /// only the `/users/{id}` form.
    pub(crate) fn me_as_user(&self) -> Option<RequestPath> {
        let me: Vec<(char, bool)> = "/me".chars().map(|c| (c, false)).collect();
        let head = self.chars.get(..3)?;
        let whole = matches!(self.chars.get(3), None | Some(('/', false)));
        let same = head
            .iter()
            .zip(&me)
            .all(|((c, _), (m, _))| c.eq_ignore_ascii_case(m));
        (same && whole).then(|| {
            let mut chars: Vec<(char, bool)> = "/users/me".chars().map(|c| (c, false)).collect();
            chars.extend_from_slice(&self.chars[3..]);
            RequestPath { chars }
        })
    }

    /// The segments between unencoded `/`.
    fn segments(&self) -> Vec<String> {
        self.chars
            .split(|&(c, enc)| c == '/' && !enc)
            .filter(|s| !s.is_empty())
            .map(|s| s.iter().map(|(c, _)| c).collect())
            .collect()
    }
}

/// One piece of a pattern.
#[derive(Clone, Debug)]
enum Token {
    /// Literal text, lowercased.
    Lit(Vec<char>),
    /// A key: one or more characters up to the next unencoded `/`.
    Key,
    /// A path placeholder (`root:/{item-path}:`): one or more characters, `/` included.
    PathKey,
    /// A function call's argument list, `(...)`; may be left out when every argument is optional.
    Call { optional: bool },
}

/// A compiled path pattern of one operation.
#[derive(Debug)]
pub(crate) struct Pattern {
    tokens: Vec<Token>,
    /// Literal characters: more is more specific.
    literal: usize,
    /// Wildcards: fewer is more specific.
    wild: usize,
    /// What each wildcard (key or argument list) stands for, in order: a placeholder's
    /// parameter name, or the argument list as documented.
    pub(crate) names: Vec<String>,
}

impl Pattern {
    /// The pattern of an operation's segments.
    pub(crate) fn of(op: &Operation) -> Pattern {
        let mut p = Pattern {
            tokens: Vec::new(),
            literal: 0,
            wild: 0,
            names: Vec::new(),
        };
        for s in &op.segments {
            match s {
                PathSegment::Literal { text } => p.literal_text(text),
                PathSegment::Parameter { name, .. } => {
                    let is_path = op.parameters.iter().any(|q| &q.name == name && q.is_path);
                    p.names.push(name.clone());
                    p.tokens
                        .push(if is_path { Token::PathKey } else { Token::Key });
                    p.wild += 1;
                }
                PathSegment::Arguments { arguments } => {
                    let optional = arguments.iter().all(|a| {
                        op.function_parameters
                            .iter()
                            .any(|f| f.name == a.parameter && !f.required)
                    });
                    let written: Vec<String> = arguments
                        .iter()
                        .map(|a| match &a.name {
                            Some(n) => format!("{n}={}", a.written),
                            None => a.written.clone(),
                        })
                        .collect();
                    p.names.push(format!("({})", written.join(",")));
                    p.tokens.push(Token::Call { optional });
                    p.wild += 1;
                }
            }
        }
        p.finish()
    }

    /// A pattern written by a user: `{anything}` and `*` are keys, the rest literal.
    pub(crate) fn written(path: &str) -> Pattern {
        let mut p = Pattern {
            tokens: Vec::new(),
            literal: 0,
            wild: 0,
            names: Vec::new(),
        };
        let mut rest = path;
        while let Some(at) = rest.find(['{', '*']) {
            p.literal_text(&rest[..at]);
            let (name, after) = match rest[at..].starts_with('*') {
                true => ("*".to_string(), &rest[at + 1..]),
                false => match rest[at..].find('}') {
                    Some(end) => (
                        rest[at + 1..at + end].trim().to_string(),
                        &rest[at + end + 1..],
                    ),
                    None => (String::new(), ""),
                },
            };
            p.tokens.push(Token::Key);
            p.names.push(name);
            p.wild += 1;
            rest = after;
        }
        p.literal_text(rest);
        p.finish()
    }

    /// Drops a trailing `/` (request paths lose theirs too).
    fn finish(mut self) -> Pattern {
        if let Some(Token::Lit(chars)) = self.tokens.last_mut() {
            while chars.len() > 1 && chars.last() == Some(&'/') {
                chars.pop();
                self.literal -= 1;
            }
        }
        self
    }

    /// Literal text; a `()` in it (`delta()`) may be left out, as Graph allows.
    fn literal_text(&mut self, text: &str) {
        let mut parts = text.split("()").peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                self.literal += part.chars().count();
                let chars = part.chars().flat_map(char::to_lowercase).collect();
                match self.tokens.last_mut() {
                    Some(Token::Lit(last)) => last.extend::<Vec<char>>(chars),
                    _ => self.tokens.push(Token::Lit(chars)),
                }
            }
            if parts.peek().is_some() {
                self.tokens.push(Token::Call { optional: true });
                self.names.push("()".to_string());
            }
        }
    }

    /// More literal text, then fewer wildcards: the order in which patterns are tried.
    pub(crate) fn specificity(&self) -> (usize, std::cmp::Reverse<usize>) {
        (self.literal, std::cmp::Reverse(self.wild))
    }

    /// The captured text of each placeholder and argument list when `path` matches.
    pub(crate) fn matches(&self, path: &RequestPath) -> Option<Vec<String>> {
        let mut spans = Vec::new();
        match_from(&self.tokens, &path.chars, 0, &mut spans).then(|| {
            spans
                .iter()
                .map(|&(from, to)| path.text_of(from, to))
                .collect()
        })
    }

    /// The first path segment's leading name, lowercased (`users` for `/users/{id}`): the bucket
    /// the pattern is filed under; `None` when the pattern starts with a wildcard.
    fn bucket(&self) -> Option<String> {
        let Some(Token::Lit(chars)) = self.tokens.first() else {
            return None;
        };
        let text: String = chars.iter().collect();
        let rest = text.strip_prefix('/')?;
        let name = leading_name(rest);
        // The literal must hold the whole name: `/a{id}` cannot be filed under `a`.
        let whole = name.len() < rest.len()
            || matches!(self.tokens.get(1), None | Some(Token::Call { .. }));
        (!name.is_empty() && whole).then_some(name)
    }
}

/// A segment's leading name: the characters before any call, key or separator syntax.
fn leading_name(segment: &str) -> String {
    segment
        .chars()
        .take_while(|c| !matches!(c, '/' | '(' | ':' | '=' | '\'' | '{' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `tokens` match `path[at..]` whole; `spans` gets each wildcard's range.
fn match_from(
    tokens: &[Token],
    path: &[(char, bool)],
    at: usize,
    spans: &mut Vec<(usize, usize)>,
) -> bool {
    let Some((token, rest)) = tokens.split_first() else {
        return at == path.len();
    };
    match token {
        Token::Lit(chars) => {
            let end = at + chars.len();
            end <= path.len()
                && path[at..end]
                    .iter()
                    .zip(chars)
                    .all(|(&(c, _), &l)| same_char(c, l))
                && match_from(rest, path, end, spans)
        }
        Token::Key | Token::PathKey => {
            let crosses = matches!(token, Token::PathKey);
            // Each possible end, shortest first; a key never crosses an unencoded `/`.
            let mut end = at;
            while end < path.len() {
                if path[end] == ('/', false) && !crosses {
                    break;
                }
                end += 1;
                if try_span(rest, path, (at, end), spans) {
                    return true;
                }
            }
            false
        }
        Token::Call { optional } => {
            if let Some(end) = call_end(path, at) {
                if try_span(rest, path, (at, end), spans) {
                    return true;
                }
            }
            *optional && try_span(rest, path, (at, at), spans)
        }
    }
}

fn try_span(
    rest: &[Token],
    path: &[(char, bool)],
    span: (usize, usize),
    spans: &mut Vec<(usize, usize)>,
) -> bool {
    spans.push(span);
    if match_from(rest, path, span.1, spans) {
        return true;
    }
    spans.pop();
    false
}

/// The end (after `)`) of an argument list starting at `at`, quotes and nesting respected.
fn call_end(path: &[(char, bool)], at: usize) -> Option<usize> {
    if path.get(at)?.0 != '(' {
        return None;
    }
    let (mut depth, mut quoted) = (0usize, false);
    for (i, &(c, _)) in path.iter().enumerate().skip(at) {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn same_char(c: char, lower: char) -> bool {
    c == lower || c.to_lowercase().eq(std::iter::once(lower))
}

/// Every operation's pattern, filed by version and first segment.
pub(crate) struct Routes {
    pub(crate) patterns: Vec<Pattern>,
    buckets: HashMap<(ApiVersion, String), Vec<usize>>,
    /// Patterns that start with a wildcard, by version: tried for every path.
    unfiled: HashMap<ApiVersion, Vec<usize>>,
}

/// An operation whose pattern matches, with its captures.
pub(crate) struct Hit {
    pub(crate) operation: usize,
    pub(crate) captures: Vec<String>,
}

impl Routes {
    pub(crate) fn new(operations: &[Operation]) -> Routes {
        let patterns: Vec<Pattern> = operations.iter().map(Pattern::of).collect();
        let mut buckets: HashMap<(ApiVersion, String), Vec<usize>> = HashMap::new();
        let mut unfiled: HashMap<ApiVersion, Vec<usize>> = HashMap::new();
        for (i, (p, op)) in patterns.iter().zip(operations).enumerate() {
            match p.bucket() {
                Some(b) => buckets.entry((op.version, b)).or_default().push(i),
                None => unfiled.entry(op.version).or_default().push(i),
            }
        }
        Routes {
            patterns,
            buckets,
            unfiled,
        }
    }

    /// The operations of `version` whose pattern matches `path`, most specific first (schema order
    /// among equals).
    pub(crate) fn hits(&self, version: ApiVersion, path: &RequestPath) -> Vec<Hit> {
        let first = path.segments().into_iter().next().unwrap_or_default();
        let bucket = self.buckets.get(&(version, leading_name(&first)));
        let candidates = bucket
            .into_iter()
            .chain(self.unfiled.get(&version))
            .flatten();
        let mut hits: Vec<Hit> = candidates
            .filter_map(|&i| {
                let captures = self.patterns[i].matches(path)?;
                Some(Hit {
                    operation: i,
                    captures,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            let (pa, pb) = (&self.patterns[a.operation], &self.patterns[b.operation]);
            pb.specificity()
                .cmp(&pa.specificity())
                .then(a.operation.cmp(&b.operation))
        });
        hits
    }
}

/// The documented paths nearest to `path` among `operations` of `version`: the most leading
/// segments in common, then the closest spelling of the first that differs.
pub(crate) fn nearest(
    operations: &[Operation],
    version: ApiVersion,
    path: &RequestPath,
    n: usize,
) -> Vec<String> {
    let wanted = path.segments();
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for op in operations.iter().filter(|o| o.version == version) {
        if !seen.insert(op.path.to_ascii_lowercase()) {
            continue;
        }
        let documented: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
        let common = wanted
            .iter()
            .zip(&documented)
            .take_while(|(w, d)| d.starts_with('{') || w.eq_ignore_ascii_case(d))
            .count();
        let distance = match (wanted.get(common), documented.get(common)) {
            (Some(w), Some(d)) => edit_distance(&w.to_ascii_lowercase(), &d.to_ascii_lowercase()),
            (w, d) => w.map(|s| s.len()).or(d.map(|s| s.len())).unwrap_or(0),
        };
        let extra = documented.len().abs_diff(wanted.len());
        scored.push((usize::MAX - common, distance + extra, &op.path));
    }
    scored.sort();
    scored
        .into_iter()
        .take(n)
        .map(|(_, _, p)| p.to_string())
        .collect()
}

/// Levenshtein distance over characters, capped at 64 characters each (enough to rank).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The methods documented for a path (for `405` and its `Allow` header).
pub(crate) fn methods(operations: &[Operation], hits: &[Hit]) -> Vec<HttpMethod> {
    let mut methods: Vec<HttpMethod> = hits
        .iter()
        .map(|h| operations[h.operation].method)
        .collect();
    methods.sort();
    methods.dedup();
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> RequestPath {
        RequestPath::decode(raw).unwrap()
    }

    fn captures(pattern: &str, raw: &str) -> Option<Vec<String>> {
        Pattern::written(pattern).matches(&path(raw))
    }

    #[test]
    fn placeholders_match_one_segment_in_any_case() {
        assert_eq!(
            captures("/users/{id}", "/Users/abc"),
            Some(vec!["abc".into()])
        );
        assert_eq!(
            captures("/users/{id}", "/users/abc/"),
            Some(vec!["abc".into()])
        );
        assert_eq!(captures("/users/{id}", "/users/a/b"), None);
        assert_eq!(
            captures("/users/{id}", "/users/a%2Fb"),
            Some(vec!["a/b".into()])
        );
        assert_eq!(captures("/users/{id}/x", "/users//x"), None);
    }

    #[test]
    fn bad_escapes_and_bytes_are_errors() {
        assert_eq!(
            RequestPath::decode("/a%zz").err(),
            Some(PathError::BadEscape)
        );
        assert_eq!(
            RequestPath::decode("/a%4").err(),
            Some(PathError::BadEscape)
        );
        assert_eq!(RequestPath::decode("/a%ff").err(), Some(PathError::NotUtf8));
        assert_eq!(path("/caf%C3%A9").text(), "/café");
    }

    #[test]
    fn versions_are_prefixes_of_whole_segments() {
        let (v, rest) = path("/V1.0/users").split_version().unwrap();
        assert_eq!((v, rest.text().as_str()), (ApiVersion::V1, "/users"));
        assert!(path("/v1.0users").split_version().is_none());
        assert!(path("/users").split_version().is_none());
        assert_eq!(path("/beta").split_version().unwrap().1.text(), "/");
    }

    #[test]
    fn empty_calls_may_be_left_out() {
        assert!(captures("/users/delta()", "/users/delta()").is_some());
        assert!(captures("/users/delta()", "/users/delta").is_some());
        assert!(captures("/users/delta()", "/users/deltax").is_none());
    }

    #[test]
    fn the_edit_distance_counts_edits() {
        assert_eq!(edit_distance("users", "user"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
