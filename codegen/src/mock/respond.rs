//! Answers: the documented example that fits a request best, written as an HTTP response (links
//! pointed back at whoever answers), and Graph error bodies for requests no example answers.

use serde_json::Value;

use crate::ir::{Example, Operation};

/// The service's origin as the docs write it, replaced in links by the answering origin.
const GRAPH_ORIGIN: &str = "https://graph.microsoft.com";

/// Headers the docs write that describe their own transfer, not the answer (a documented
/// `Content-Length` is the docs' body's length, not the one sent).
const NOT_KEPT: [&str; 5] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "date",
];

/// Links that point at the service: answered with the origin the request was sent to.
const LINK_HEADERS: [&str; 3] = ["location", "content-location", "operation-location"];
const LINK_MEMBERS: [&str; 2] = ["@odata.nextLink\"", "@odata.deltaLink\""];

/// A request as the fit of examples sees it: its path after the version, its query and its body.
pub(crate) struct Asked<'a> {
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<&'a Value>,
}

/// The servable example that fits the request best; the first documented among equals.
pub(crate) fn best_example<'o>(op: &'o Operation, asked: &Asked<'_>) -> Option<&'o Example> {
    let mut best: Option<(i64, &Example)> = None;
    for ex in op.examples.iter().filter(|e| e.gives_response()) {
        let score = fit(ex, asked);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, ex));
        }
    }
    best.map(|(_, ex)| ex)
}

/// How well an example fits: the same path, the same query options (and values), the same body
/// members each count for it; options and members on one side only count against it.
fn fit(ex: &Example, asked: &Asked<'_>) -> i64 {
    let mut score = 0;
    let (path, query) = split_url(ex.request_url.as_deref().unwrap_or(""));
    if path.eq_ignore_ascii_case(asked.path) {
        score += 3;
    }
    for (key, value) in &asked.query {
        match query.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some((_, v)) => score += if v == value { 3 } else { 2 },
            None => score -= 1,
        }
    }
    score -= query
        .iter()
        .filter(|(k, _)| !asked.query.iter().any(|(a, _)| a.eq_ignore_ascii_case(k)))
        .count() as i64;
    let documented = ex.request_body.as_ref().map(|b| b.to_value());
    if let (Some(Value::Object(sent)), Some(Value::Object(doc))) = (asked.body, &documented) {
        for (key, value) in sent {
            match doc.get(key) {
                Some(v) => score += if v == value { 2 } else { 1 },
                None => score -= 1,
            }
        }
        score -= doc.keys().filter(|k| !sent.contains_key(*k)).count() as i64;
    }
    score
}

/// An example URL's path after the version (`/users/{id}`) and its query options, decoded.
pub(crate) fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(at) => {
            let after = &url[at + 3..];
            after.find('/').map_or("", |slash| &after[slash..])
        }
        None => url,
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = ["/v1.0", "/beta"]
        .iter()
        .find_map(|v| {
            let head = path.get(..v.len())?;
            let tail = &path[v.len()..];
            (head.eq_ignore_ascii_case(v) && (tail.is_empty() || tail.starts_with('/')))
                .then_some(tail)
        })
        .unwrap_or(path);
    (path.trim_end_matches('/').to_string(), query_pairs(query))
}

/// `a=1&$b=x` as decoded pairs; what does not decode is kept as written.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_lossy(k), decode_lossy(v))
        })
        .collect()
}

fn decode_lossy(text: &str) -> String {
    let text = text.replace('+', " ");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The example as a response: its status (else the operation's), its headers, its body with
/// links pointed at `origin` (when given). `last_page` drops the `@odata.nextLink`, so that
/// reading the next page ends a listing instead of repeating it forever.
pub(crate) fn example_response(
    op: &Operation,
    ex: &Example,
    origin: Option<&str>,
    last_page: bool,
) -> http::Response<Vec<u8>> {
    let status = ex.response_status.unwrap_or(op.success_status);
    let mut builder = http::Response::builder().status(status);
    let mut typed = false;
    for (name, value) in &ex.response_headers {
        let lower = name.to_ascii_lowercase();
        if NOT_KEPT.contains(&lower.as_str()) {
            continue;
        }
        typed |= lower == "content-type";
        let value = match (LINK_HEADERS.contains(&lower.as_str()), origin) {
            (true, Some(origin)) => rebase(value, origin),
            _ => value.clone(),
        };
        // A header the docs write that HTTP cannot carry is left out.
        if http::HeaderName::from_bytes(name.as_bytes()).is_ok()
            && http::HeaderValue::from_str(&value).is_ok()
        {
            builder = builder.header(name.as_str(), value);
        }
    }
    let mut body = ex
        .response_body
        .as_ref()
        .map(|b| b.as_str().to_string())
        .unwrap_or_default();
    if let Some(origin) = origin {
        body = rewrite_links(&body, origin);
    }
    if last_page {
        body = drop_member(&body, LINK_MEMBERS[0]);
    }
    if !typed && ex.response_body.is_some() {
        builder = builder.header(http::header::CONTENT_TYPE, "application/json");
    }
    builder
        .body(body.into_bytes())
        .unwrap_or_else(|_| plain(500, "the example's status is not an HTTP status"))
}

/// The `@odata.nextLink` of an example's body, as written.
pub(crate) fn next_link(ex: &Example) -> Option<String> {
    let body = ex.response_body.as_ref()?.to_value();
    let link = body.as_object()?.get("@odata.nextLink")?.as_str()?;
    Some(link.to_string())
}

/// `https://graph.microsoft.com/...` as `{origin}/...`; other URLs as they are.
fn rebase(url: &str, origin: &str) -> String {
    match url.get(..GRAPH_ORIGIN.len()) {
        Some(head) if head.eq_ignore_ascii_case(GRAPH_ORIGIN) => {
            format!(
                "{}{}",
                origin.trim_end_matches('/'),
                &url[GRAPH_ORIGIN.len()..]
            )
        }
        _ => url.to_string(),
    }
}

/// The string value of the member whose key ends with `key_end` (`@odata.nextLink"`) starting at
/// or after `from`: the key's start, and the value's content range.
fn find_link(body: &str, key_end: &str, from: usize) -> Option<(usize, usize, usize)> {
    // Inside a string a `"` is escaped, so `nextLink"` is always the end of a key.
    let at = from + body.get(from..)?.find(key_end)?;
    let key_start = body[..at].rfind('"')?;
    let after_key = at + key_end.len();
    let rest = &body[after_key..];
    let colon = rest
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| rest[i..].starts_with(':'))?;
    let value_rest = &rest[colon + 1..];
    let quote = value_rest
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| value_rest[i..].starts_with('"'))?;
    let start = after_key + colon + 1 + quote + 1;
    let mut escaped = false;
    for (i, c) in body[start..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((key_start, start, start + i)),
            _ => escaped = false,
        }
    }
    None
}

/// Every `...@odata.nextLink` and `...@odata.deltaLink` value rebased onto `origin`.
fn rewrite_links(body: &str, origin: &str) -> String {
    let mut text = body.to_string();
    for key in LINK_MEMBERS {
        let mut from = 0;
        while let Some((_, start, end)) = find_link(&text, key, from) {
            let rebased = rebase(&text[start..end], origin);
            from = start + rebased.len();
            text.replace_range(start..end, &rebased);
        }
    }
    text
}

/// The body without its top-level-or-nested members whose key ends with `key_end`, with the
/// comma that joined them.
fn drop_member(body: &str, key_end: &str) -> String {
    let mut text = body.to_string();
    while let Some((key_start, _, value_end)) = find_link(&text, key_end, 0) {
        let end = value_end + 1;
        let after = &text[end..];
        let next = after.find(|c: char| !c.is_whitespace());
        if next.is_some_and(|i| after[i..].starts_with(',')) {
            // `"k": "v", ` : the comma after it and the space up to the next member go too.
            let comma = end + next.unwrap_or(0);
            let following = text[comma + 1..]
                .find(|c: char| !c.is_whitespace())
                .map_or(text.len(), |i| comma + 1 + i);
            text.replace_range(key_start..following, "");
        } else {
            // The last member: the comma before it goes.
            let before = text[..key_start].trim_end();
            let start = match before.ends_with(',') {
                true => before.len() - 1,
                false => key_start,
            };
            text.replace_range(start..end, "");
        }
    }
    text
}

/// A Graph error answer: `{"error": {"code", "message", "target"?, "innerError": {"date",
/// "request-id"}}}`.
pub(crate) fn graph_error(
    status: u16,
    code: &str,
    message: &str,
    target: Option<&str>,
) -> http::Response<Vec<u8>> {
    let id = request_id();
    let mut error = serde_json::json!({
        "code": code,
        "message": message,
        "innerError": {"date": now_iso8601(), "request-id": id},
    });
    if let (Some(target), Some(map)) = (target, error.as_object_mut()) {
        map.insert("target".into(), Value::String(target.to_string()));
    }
    let body = serde_json::json!({ "error": error }).to_string();
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header("request-id", id)
        .body(body.into_bytes())
        .unwrap_or_else(|_| plain(500, message))
}

fn plain(status: u16, text: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(text.as_bytes().to_vec());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A random id in the shape of Graph's (a GUID).
pub(crate) fn request_id() -> String {
    use std::hash::BuildHasher;
    let r = || std::collections::hash_map::RandomState::new().hash_one(0u8);
    let (a, b) = (r(), r());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// The time now as `2021-07-16T10:00:00` (UTC), as Graph's `innerError.date` writes it.
fn now_iso8601() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_rebased_and_the_last_page_drops_its_next_link() {
        let body = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
  "value": [{"id": "1", "members@odata.nextLink": "https://example.com/a"}]}"#;
        let rebased = rewrite_links(body, "http://127.0.0.1:9");
        assert!(
            rebased.contains(r#""@odata.nextLink": "http://127.0.0.1:9/v1.0/users?$skiptoken=X""#),
            "{rebased}"
        );
        assert!(
            rebased.contains("https://graph.microsoft.com/v1.0/$metadata#users"),
            "{rebased}"
        );
        assert!(rebased.contains("https://example.com/a"), "{rebased}");
        let last = drop_member(&rebased, LINK_MEMBERS[0]);
        let value: Value = serde_json::from_str(&last).expect(&last);
        assert_eq!(value.as_object().map(|m| m.len()), Some(2), "{last}");
        assert!(
            value["value"][0].get("members@odata.nextLink").is_none(),
            "{last}"
        );
        // As the last member, its comma before goes.
        let tail = drop_member(r#"{"a": 1, "@odata.nextLink": "x"}"#, LINK_MEMBERS[0]);
        assert_eq!(tail, r#"{"a": 1}"#);
    }

    #[test]
    fn example_urls_split_into_path_and_query() {
        let (path, query) =
            split_url("https://graph.microsoft.com/v1.0/users/{id}/?$select=a%2Cb&$top=2");
        assert_eq!(path, "/users/{id}");
        assert_eq!(
            query,
            vec![
                ("$select".into(), "a,b".into()),
                ("$top".into(), "2".into())
            ]
        );
        assert_eq!(split_url("GET /beta/me").0, "GET /beta/me");
        assert_eq!(split_url("/BETA/me").0, "/me");
    }

    #[test]
    fn dates_are_civil() {
        let now = now_iso8601();
        assert_eq!(now.len(), 19, "{now}");
        assert!(now.starts_with("20"), "{now}");
        assert_eq!(request_id().len(), 36);
    }
}
