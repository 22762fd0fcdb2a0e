//! Documented paths as segments: literal text, placeholders (path parameters named after what they
//! hold) and function-call argument lists (each argument a function parameter, never the docs'
//! example value).

use crate::ir::*;

/// A path split into segments, with its placeholders and its call arguments as written.
#[derive(Debug, Default)]
pub struct ParsedPath {
    pub segments: Vec<PathSegment>,
    pub parameters: Vec<PathParameter>,
    /// Every call argument, in path order (the parameters the function takes).
    pub arguments: Vec<CallArgument>,
    /// An argument list the docs leave unclosed (`range(address='A1'/entireRow`), closed at the
    /// `/` after it.
    pub unclosed_call: bool,
}

/// `users` -> `user`, `policies` -> `policy`, `addresses` -> `address`, `children` -> `child`.
pub fn singular(s: &str) -> String {
    const IRREGULAR: [(&str, &str); 2] = [("children", "child"), ("people", "person")];
    for (plural, one) in IRREGULAR {
        let start = s.len().saturating_sub(plural.len());
        let tail = s.get(start..).filter(|_| s.len() >= plural.len());
        if tail.is_some_and(|t| t.eq_ignore_ascii_case(plural)) {
            let stem = &s[..start];
            // Keep the word's own capital (`ChildFolders`-style compounds end in lowercase).
            let first_upper = s[stem.len()..].starts_with(|c: char| c.is_ascii_uppercase());
            let one = match first_upper {
                true => crate::case::upper_camel(one),
                false => one.to_string(),
            };
            return format!("{stem}{one}");
        }
    }
    if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("sses") || s.ends_with("xes") || s.ends_with("uses") {
        s[..s.len() - 2].to_string()
    } else if let Some(stem) = s
        .strip_suffix('s')
        .filter(|stem| !stem.ends_with('s') && !stem.ends_with('u') && !stem.ends_with('i'))
    {
        stem.to_string()
    } else {
        s.to_string()
    }
}

/// Whether a segment reads as a set of things (`users`, `children`): what names a `GET` of it
/// `list` rather than `get`.
pub fn reads_plural(s: &str) -> bool {
    singular(s) != s
}

/// A placeholder's text as an identifier: `{id | userPrincipalName}` -> `id`, `{drive-id}` ->
/// `drive_id`, `<address>` -> `address`.
fn placeholder_ident(placeholder: &str) -> String {
    let inner = placeholder
        .trim_matches(|c| matches!(c, '{' | '}' | '<' | '>'))
        .split('|')
        .next()
        .unwrap_or("")
        .trim();
    let ident: String = inner
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    ident.trim_matches('_').to_string()
}

/// The last word of the literal text before a placeholder (`/sites/` -> `sites`,
/// `/directoryRoles/roleTemplateId=` -> `roleTemplateId`, `/microsoft.graph.user/` -> `user`).
fn segment_before(literal: &str) -> String {
    let text = literal.trim_end_matches(['/', '=', ':', '(', ',', '\'']);
    let word = text.rsplit(['/', '(', ',']).next().unwrap_or(text);
    if word.contains(['{', '}', '<', '>']) {
        return String::new(); // A placeholder right before: no segment names this one.
    }
    let word = word.rsplit('.').next().unwrap_or(word);
    word.trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

/// A key placeholder that holds an id, whatever its spelling (`{id}`, `{user-id}`, `{usersId}`,
/// `{id | userPrincipalName}`, `{timeCardID}`), or says nothing of what it holds (`{key}`).
fn holds_an_id(ident: &str) -> bool {
    let lower = ident.to_ascii_lowercase();
    lower.is_empty() || lower == "key" || lower.ends_with("id")
}

/// A name for the placeholder not used yet, from what the path says it holds and never from how
/// the placeholder is spelled: an id is named after its segment (`{id}`, `{chat-id}` and
/// `{chatId}` after `chats` are all `chatId`), another key after its segment and itself
/// (`photos/{size}` -> `photoSize`); numbered when the path repeats a segment.
/// A placeholder's parameter name before any number tells repeats apart (see
/// `parameter_name`).
pub fn parameter_base(placeholder: &str, segment: &str) -> String {
    let own = crate::case::lower_camel(&placeholder_ident(placeholder));
    let one = singular(segment);
    let base = if one.is_empty() || placeholder.to_ascii_lowercase().contains("path") {
        // A path placeholder (`root:/{item-path}:`) is named for itself: its segment is `root`.
        own
    } else if one.to_ascii_lowercase().ends_with("id") {
        // `roleTemplateId={x}`: the segment names the key itself.
        crate::case::lower_camel(&one)
    } else if holds_an_id(&own) {
        format!("{}Id", crate::case::lower_camel(&one))
    } else if own.to_ascii_lowercase().contains(&one.to_ascii_lowercase()) {
        own
    } else {
        format!(
            "{}{}",
            crate::case::lower_camel(&one),
            crate::case::upper_camel(&own)
        )
    };
    match base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        true => format!("param{base}"),
        false => base,
    }
}

fn parameter_name(placeholder: &str, segment: &str, taken: &[PathParameter]) -> String {
    let base = parameter_base(placeholder, segment);
    let free = |n: &str| !taken.iter().any(|p| p.name.eq_ignore_ascii_case(n));
    let mut name = base.clone();
    let mut n = 2;
    while !free(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Where an unclosed argument list ends: the first `/` after `open` outside quotes and braces,
/// when the list before it holds an argument.
fn unclosed_end(text: &str, open: usize) -> Option<usize> {
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in text[open + 1..].char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => depth = depth.saturating_sub(1),
            '/' if !quoted && depth == 0 => return (i > 0).then_some(open + 1 + i),
            _ => {}
        }
    }
    None
}

/// The index of the `)` closing the `(` at `open`, quotes and braces respected.
fn closing_paren(text: &str, open: usize) -> Option<usize> {
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in text[open..].char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return (c == ')').then_some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits an argument list at top-level commas.
fn split_arguments(list: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut depth) = (Vec::new(), 0, false, 0usize);
    for (i, c) in list.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// One argument as written: `period='{period_value}'`, `count=n`, `<address>`,
/// `TimeZoneStandard=microsoft.graph.timeZoneStandard'{x}'`.
fn read_argument(text: &str, taken: &[CallArgument]) -> CallArgument {
    let (name, value) = match text.split_once('=') {
        Some((n, v)) if !n.contains(['\'', '{', '<']) => (Some(n.trim().to_string()), v.trim()),
        _ => (None, text.trim()),
    };
    let (prefix, rest) = match value.find('\'') {
        Some(q) if q > 0 && value.ends_with('\'') => (value[..q].to_string(), &value[q..]),
        _ => (String::new(), value),
    };
    let quoted = rest.len() >= 2 && rest.starts_with('\'') && rest.ends_with('\'');
    let inner = if quoted {
        &rest[1..rest.len() - 1]
    } else {
        rest
    };
    let from_value = match inner.starts_with(['{', '<']) {
        true => placeholder_ident(inner),
        false => String::new(),
    };
    let mut parameter = name.clone().unwrap_or(from_value);
    if parameter.is_empty() {
        parameter = "value".to_string();
    }
    let base = parameter.clone();
    let mut n = 2;
    while taken.iter().any(|a| a.parameter == parameter) {
        parameter = format!("{base}{n}");
        n += 1;
    }
    CallArgument {
        name,
        parameter,
        prefix,
        quoted,
        written: inner.to_string(),
    }
}

fn push_literal(segments: &mut Vec<PathSegment>, text: &str) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(PathSegment::Literal { text: last }) => last.push_str(text),
        _ => segments.push(PathSegment::Literal {
            text: text.to_string(),
        }),
    }
}

/// Splits a documented path (no query string) into literal, placeholder and argument-list segments.
pub fn parse_path(path: &str) -> ParsedPath {
    let mut out = ParsedPath::default();
    let mut literal_since_slash = String::new();
    let mut rest = path;
    while let Some(at) = rest.find(['{', '<', '(']) {
        let before = &rest[..at];
        push_literal(&mut out.segments, before);
        literal_since_slash.push_str(before);
        let open = &rest[at..];
        if open.starts_with('(') {
            let close = closing_paren(rest, at).or_else(|| {
                let end = unclosed_end(rest, at)?;
                out.unclosed_call = true;
                Some(end)
            });
            match close {
                Some(close) if close > at + 1 => {
                    let list = &rest[at + 1..close];
                    let mut arguments = Vec::new();
                    for arg in split_arguments(list) {
                        let all: Vec<CallArgument> =
                            out.arguments.iter().chain(&arguments).cloned().collect();
                        arguments.push(read_argument(arg, &all));
                    }
                    out.arguments.extend(arguments.iter().cloned());
                    out.segments.push(PathSegment::Arguments { arguments });
                    // An unclosed list ends at the `/` that follows it, which stays in the path.
                    let after = if rest[close..].starts_with(')') {
                        close + 1
                    } else {
                        close
                    };
                    rest = &rest[after..];
                }
                _ => {
                    // `()` or an unclosed list: literal text.
                    let end = closing_paren(rest, at).map_or(rest.len(), |c| c + 1);
                    push_literal(&mut out.segments, &rest[at..end]);
                    rest = &rest[end..];
                }
            }
            continue;
        }
        let close_char = if open.starts_with('{') { '}' } else { '>' };
        let Some(len) = open.find(close_char) else {
            push_literal(&mut out.segments, open);
            rest = "";
            break;
        };
        let placeholder = &open[..=len];
        let segment = segment_before(&literal_since_slash);
        let name = parameter_name(placeholder, &segment, &out.parameters);
        let after = &open[len + 1..];
        let is_path = (literal_since_slash.ends_with(":/") || literal_since_slash.ends_with(':'))
            && after.starts_with(':')
            || placeholder.to_ascii_lowercase().contains("path");
        out.parameters.push(PathParameter {
            name: name.clone(),
            placeholder: placeholder.to_string(),
            segment,
            is_path,
        });
        out.segments.push(PathSegment::Parameter {
            name,
            placeholder: placeholder.to_string(),
        });
        literal_since_slash.push_str(placeholder);
        rest = after;
    }
    push_literal(&mut out.segments, rest);
    out
}

/// What identifies an endpoint's path, whatever the docs' spelling: literal text in lowercase,
/// every placeholder as `{}`, a literal segment that is an example key (a GUID or a number the
/// docs left in a syntax block) as `{}` too, and each call by its argument names (positional
/// ones as `_`), sorted: `/chats/{chat-id}/Messages/` and `/chats/{id}/messages` are one.
pub fn endpoint_template(segments: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            PathSegment::Literal { text } => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        out.push('/');
                    }
                    match looks_like_a_key(part) {
                        true => out.push_str("{}"),
                        false => out.push_str(&part.to_ascii_lowercase()),
                    }
                }
            }
            PathSegment::Parameter { .. } => out.push_str("{}"),
            PathSegment::Arguments { arguments } => {
                let mut names: Vec<String> = arguments
                    .iter()
                    .map(|a| a.name.as_deref().unwrap_or("_").to_ascii_lowercase())
                    .collect();
                names.sort();
                out.push('(');
                out.push_str(&names.join(","));
                out.push(')');
            }
        }
    }
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// A literal path segment that is a key value the docs left in a syntax block: a GUID (with or
/// without dashes) or a number.
pub fn looks_like_a_key(part: &str) -> bool {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    let dashed: Vec<&str> = part.split('-').collect();
    let guid = matches!(dashed.as_slice(), [a, b, c, d, e]
        if [a.len(), b.len(), c.len(), d.len(), e.len()] == [8, 4, 4, 4, 12]
            && dashed.iter().all(|p| hex(p)));
    guid || (part.len() == 32 && hex(part))
        || (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A function whose page lists its parameters in a table (under Request body) rather than in its
/// path: the call gets one named argument per row, `f(category='...')`, as OData writes it.
pub fn call_with(parsed: &mut ParsedPath, rows: &[crate::extract::PropFact]) {
    if let Some(PathSegment::Literal { text }) = parsed.segments.last_mut() {
        if let Some(stripped) = text.strip_suffix("()") {
            *text = stripped.to_string();
        }
    }
    let mut arguments: Vec<CallArgument> = Vec::new();
    for row in rows {
        if arguments.iter().any(|a| a.parameter == row.name) {
            continue;
        }
        arguments.push(CallArgument {
            name: Some(row.name.clone()),
            parameter: row.name.clone(),
            prefix: String::new(),
            quoted: true,
            written: String::new(),
        });
    }
    parsed.arguments.extend(arguments.iter().cloned());
    parsed.segments.push(PathSegment::Arguments { arguments });
}

/// The path of an example URL relative to the version root, with whether the URL was broken.
pub fn example_path(url: &str) -> (String, bool) {
    let mut u = url.trim();
    if let Some(i) = u.find("://") {
        u = &u[i + 3..];
        u = u.find('/').map(|i| &u[i..]).unwrap_or("/");
    }
    let u = u.split('?').next().unwrap_or(u);
    let mut parts = u.trim_start_matches('/').splitn(2, '/');
    let first = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    if ApiVersion::parse(first).is_some() {
        (format!("/{rest}"), false)
    } else if first.contains('\\') || first == "docs" {
        // `https://graph.microsoft.com/docs\api/deviceManagement/...`: the version is garbled.
        let rest = first
            .split('\\')
            .skip(1)
            .chain(std::iter::once(rest))
            .collect::<Vec<_>>()
            .join("/");
        let rest = rest.trim_start_matches("api/").to_string();
        (format!("/{}", rest.trim_start_matches('/')), true)
    } else {
        (format!("/{}", u.trim_start_matches('/')), false)
    }
}

/// The API version an absolute example URL names (`https://graph.microsoft.com/v1.0/...`).
pub fn example_version(url: &str) -> Option<ApiVersion> {
    let u = url.trim();
    let after = &u[u.find("://")? + 3..];
    let path = &after[after.find('/')? + 1..];
    ApiVersion::parse(path.split(['/', '?']).next().unwrap_or(""))
}

/// Compares a documented path with an example path; placeholders match any segment.
pub fn paths_match(doc: &str, example: &str) -> bool {
    let a: Vec<&str> = doc.trim_matches('/').split('/').collect();
    let b: Vec<&str> = example.trim_matches('/').split('/').collect();
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            x.starts_with('{') || x.contains('{') || x.contains('(') || x.eq_ignore_ascii_case(y)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &ParsedPath) -> Vec<&str> {
        p.parameters.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn placeholders_are_named_after_what_they_hold() {
        let p = parse_path("/sites/{id}/onenote/resources/{id}/content");
        assert_eq!(names(&p), ["siteId", "resourceId"]);
        assert_eq!(p.parameters[0].segment, "sites");
        let p = parse_path("/groups/{id}/onenote/notebooks/{id}/sections");
        assert_eq!(names(&p), ["groupId", "notebookId"]);
        let p = parse_path("/users/{id | userPrincipalName}/photo");
        assert_eq!(names(&p), ["userId"]);
        assert_eq!(p.parameters[0].placeholder, "{id | userPrincipalName}");
        let p = parse_path("/deviceManagement/remoteActionAudits/{remoteActionAuditId}");
        assert_eq!(names(&p), ["remoteActionAuditId"]);
        let p = parse_path(
            "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/microsoft.graph.windowsDomainJoinConfiguration/networkAccessConfigurations/{deviceConfigurationId}",
        );
        assert_eq!(
            names(&p),
            ["deviceConfigurationId", "networkAccessConfigurationId"]
        );
        // Nothing to name it after: numbered.
        let p = parse_path("/{id}/{id}");
        assert_eq!(names(&p), ["id", "id2"]);
    }

    #[test]
    fn placeholder_spelling_does_not_name_the_parameter() {
        for path in [
            "/chats/{id}/messages/{id}",
            "/chats/{chat-id}/messages/{message-id}",
            "/chats/{chatId}/messages/{chatMessageId}",
            "/chats/{chatsId}/messages/{ID}",
        ] {
            assert_eq!(names(&parse_path(path)), ["chatId", "messageId"], "{path}");
        }
        assert_eq!(names(&parse_path("/me/photos/{size}")), ["photoSize"]);
        assert_eq!(
            names(&parse_path("/organization/{tenant id}/branding")),
            ["organizationId"]
        );
        assert_eq!(
            names(&parse_path(
                "/me/mailFolders/{id}/childFolders/{id}/childFolders/{id}"
            )),
            ["mailFolderId", "childFolderId", "childFolderId2"]
        );
        assert_eq!(
            endpoint_template(&parse_path("/Chats/{chat-id}/messages/{id}/").segments),
            endpoint_template(&parse_path("/chats/{id}/Messages/{messageId}").segments)
        );
        assert_ne!(
            endpoint_template(&parse_path("/reports/f(period='{p}')").segments),
            endpoint_template(&parse_path("/reports/f(date={d})").segments)
        );
        assert_eq!(
            endpoint_template(&parse_path("/reports/f(a='{x}',b={y})").segments),
            "/reports/f(a,b)"
        );
    }

    #[test]
    fn path_placeholders_keep_their_slashes() {
        let p = parse_path("/drives/{drive-id}/root:/{item-path}:/content");
        assert_eq!(names(&p), ["driveId", "itemPath"]);
        assert!(!p.parameters[0].is_path);
        assert!(p.parameters[1].is_path);
    }

    #[test]
    fn call_arguments_are_parameters_not_values() {
        let p = parse_path(
            "/reports/getActivities(startDateTime='2017-01-01',endDateTime=2017-01-02,interval='day')",
        );
        let args: Vec<(&str, bool, &str)> = p
            .arguments
            .iter()
            .map(|a| (a.parameter.as_str(), a.quoted, a.written.as_str()))
            .collect();
        assert_eq!(
            args,
            [
                ("startDateTime", true, "2017-01-01"),
                ("endDateTime", false, "2017-01-02"),
                ("interval", true, "day")
            ]
        );
        assert!(p.parameters.is_empty());
        assert!(
            matches!(&p.segments[0], PathSegment::Literal { text } if text == "/reports/getActivities")
        );
        assert!(
            matches!(&p.segments[1], PathSegment::Arguments { arguments } if arguments.len() == 3)
        );

        let p = parse_path("/drives/{drive-id}/root/search(q='{search-text}')");
        assert_eq!(names(&p), ["driveId"]);
        assert_eq!(p.arguments[0].parameter, "q");
        assert!(p.arguments[0].quoted);

        let p = parse_path(
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(<address>)/format",
        );
        assert_eq!(names(&p), ["itemId", "worksheetId"]);
        assert_eq!(p.arguments[0].name, None);
        assert_eq!(p.arguments[0].parameter, "address");
        assert!(
            matches!(p.segments.last(), Some(PathSegment::Literal { text }) if text == "/format")
        );

        let p = parse_path("/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')");
        assert_eq!(p.arguments[0].prefix, "microsoft.graph.timeZoneStandard");
        assert!(p.arguments[0].quoted);

        let p = parse_path("/me/worksheets/{id}/range(address='<address>'/entireRow");
        assert!(p.unclosed_call);
        assert_eq!(p.arguments[0].parameter, "address");
        assert!(
            matches!(p.segments.last(), Some(PathSegment::Literal { text }) if text == "/entireRow")
        );

        let p = parse_path("/deviceManagement/auditEvents/getAuditCategories()");
        assert!(p.arguments.is_empty());
        assert_eq!(p.segments.len(), 1);
    }

    #[test]
    fn example_urls() {
        assert_eq!(
            example_path("https://graph.microsoft.com/beta/me/x"),
            ("/me/x".to_string(), false)
        );
        assert_eq!(
            example_path(
                "https://graph.microsoft.com/docs\\api/deviceManagement/remoteActionAudits"
            ),
            ("/deviceManagement/remoteActionAudits".to_string(), true)
        );
        assert!(paths_match("/a/{id}/b", "/a/123/b"));
        assert!(paths_match("/a/f(x='{v}')", "/a/f(x='1')"));
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("class"), "class");
        assert_eq!(singular("me"), "me");
    }
}
