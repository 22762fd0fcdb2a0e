//! What an API page says its success response holds: the status and the body's type, from the
//! Response section's prose, the response annotation's `@odata.type`, or the example body.

use super::infer::odata_type_name;
use super::typeexpr::primitive;
use super::{section, TypeName};
use crate::ir::Primitive;
use crate::markdown::json::Json;
use crate::markdown::{BlockKind, Inline, Page};

/// A type as a page wrote it: a name, resolved across pages later, or a primitive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    Named(TypeName),
    Primitive(Primitive),
}

/// The response type and whether it is a collection.
pub type ResponseType = (Written, bool);

/// Only success statuses describe the response a call gets: "returns `507 Insufficient Storage`
/// when ..." is an error the prose mentions.
fn is_success(status: u16) -> bool {
    (200..400).contains(&status)
}

/// The first success status in backticks (`200 OK`, `204, No Content`).
fn success_status(text: &str) -> Option<u16> {
    text.split('`').skip(1).step_by(2).find_map(|code| {
        let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
        let status: u16 = (digits.len() == 3).then(|| digits.parse().ok()).flatten()?;
        is_success(status).then_some(status)
    })
}

/// The words the prose uses for primitive results: a narrower list than a Type column's, since
/// prose says "text", "number" and "object" in passing.
fn prose_primitive(word: &str) -> Option<(Primitive, bool)> {
    let lower = word.to_ascii_lowercase();
    let (stem, plural) = match lower.strip_suffix('s') {
        Some(stem) if stem == "string" || stem == "guid" || stem == "boolean" => (stem, true),
        _ => (lower.as_str(), false),
    };
    let p = match stem {
        // Not `binary` or `stream`: prose says "the binary data" of media, which is raw content.
        "string" | "boolean" | "int32" | "int64" | "integer" | "double" | "guid"
        | "datetimeoffset" | "date" => primitive(stem)?,
        _ => return None,
    };
    Some((p, plural))
}

/// A linked type in the prose ("and a [user](...) object"), or a primitive named in words ("and a
/// String collection", "a boolean value", "a collection of strings").
fn prose_type(p: &Inline, ns: &str) -> Option<ResponseType> {
    let lower = p.text.to_ascii_lowercase();
    if let Some(l) = p
        .links
        .iter()
        .find(|l| !l.dest.contains("http") && !l.text.contains(' '))
    {
        let text = l.text.trim().trim_matches('`');
        let collection = lower.contains("collection of")
            || lower.contains(&format!("{} collection", text.to_ascii_lowercase()));
        if let Some((p, _)) = prose_primitive(text) {
            return Some((Written::Primitive(p), collection));
        }
        let (namespace, name) = match text.rsplit_once('.') {
            Some((n, s)) => (Some(n.to_string()), s.to_string()),
            None => (None, text.to_string()),
        };
        let name = TypeName {
            namespace,
            name,
            page_namespace: ns.to_string(),
        };
        return Some((Written::Named(name), collection));
    }
    // Words after "response code and" (or "returns ... and"): the first primitive among the next
    // few words names the result.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let after = words.iter().position(|w| *w == "and" || *w == "with")?;
    let window = &words[after + 1..words.len().min(after + 7)];
    window.iter().enumerate().find_map(|(i, w)| {
        let (p, plural) = prose_primitive(w)?;
        let next = window.get(i + 1).copied().unwrap_or("");
        let collection =
            plural || next == "collection" || next == "array" || window[..i].contains(&"of");
        Some((Written::Primitive(p), collection))
    })
}

/// The success status and the body's type from the Response section's prose.
pub fn from_prose(page: &Page, ns: &str) -> (Option<u16>, Option<ResponseType>) {
    let Some((_, blocks)) = section(page, |h| h.is("response")) else {
        return (None, None);
    };
    // The first success status; the first type said beside one (a page may describe a download
    // first, then its metadata: "... and [profilePhoto](...) object").
    let (mut status, mut ty) = (None, None);
    for block in blocks {
        let BlockKind::Paragraph(p) = &block.kind else {
            continue;
        };
        let Some(said) = success_status(&p.text) else {
            continue;
        };
        status.get_or_insert(said);
        ty = prose_type(p, ns);
        if ty.is_some() {
            break;
        }
    }
    (status, ty)
}

/// The type a response annotation claims: `microsoft.graph.user`, `Collection(Edm.String)`,
/// `string`; `is_collection` is its `isCollection` key.
pub fn from_annotation(claimed: &str, is_collection: bool, ns: &str) -> Option<ResponseType> {
    let v = claimed.trim();
    let (inner, collection) =
        // Bytes, not `&v[..11]`: a multi-byte character may straddle byte 11.
        match (v.len() > 11 && v.as_bytes()[..11].eq_ignore_ascii_case(b"collection("))
            && v.ends_with(')')
        {
            true => (&v[11..v.len() - 1], true),
            false => (v, false),
        };
    if let Some(p) = primitive(inner) {
        return Some((Written::Primitive(p), collection || is_collection));
    }
    let (name, collection) = odata_type_name(v, ns)?;
    Some((Written::Named(name), collection || is_collection))
}

/// A primitive result from an example body: `{"value": true}`, `{"value": ["a", "b"]}`.
pub fn from_example(body: &Json) -> Option<ResponseType> {
    let Json::Object(members) = body else {
        return None;
    };
    let mut data = members.iter().filter(|m| !m.key.starts_with('@'));
    let (Some(only), None) = (data.next(), data.next()) else {
        return None;
    };
    if only.key != "value" {
        return None;
    }
    let scalar = |v: &Json| match v {
        Json::Bool(_) => Some(Primitive::Boolean),
        Json::String(_) => Some(Primitive::String),
        _ => None,
    };
    match &only.value {
        Json::Array(items) => {
            let first = scalar(items.first()?)?;
            items
                .iter()
                .all(|i| scalar(i) == Some(first))
                .then_some((Written::Primitive(first), true))
        }
        v => scalar(v).map(|p| (Written::Primitive(p), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(text: &str) -> Inline {
        Inline {
            text: text.to_string(),
            links: Vec::new(),
        }
    }

    fn prim(p: Primitive, c: bool) -> Option<ResponseType> {
        Some((Written::Primitive(p), c))
    }

    #[test]
    fn statuses_are_success_statuses() {
        assert_eq!(success_status("returns `200 OK` and"), Some(200));
        assert_eq!(success_status("returns `204, No Content`"), Some(204));
        assert_eq!(
            success_status("if too large, `507 Insufficient Storage`; else `201 Created`"),
            Some(201)
        );
        assert_eq!(success_status("`507 Insufficient Storage`"), None);
    }

    #[test]
    fn primitives_in_prose() {
        let t = |s: &str| prose_type(&inline(s), "microsoft.graph");
        assert_eq!(
            t("returns a `200 OK` response code and a String collection in the response body."),
            prim(Primitive::String, true)
        );
        assert_eq!(
            t("returns a `200 OK` response and a boolean value that specifies the state"),
            prim(Primitive::Boolean, false)
        );
        assert_eq!(
            t("returns `200 OK` and a collection of strings"),
            prim(Primitive::String, true)
        );
        assert_eq!(t("returns a `200 OK` response code."), None);
        assert_eq!(
            t("returns `200 OK` and also returns all the messages in the channel"),
            None
        );
    }

    #[test]
    fn annotations_and_examples() {
        assert_eq!(
            from_annotation("Collection(Edm.String)", false, "microsoft.graph"),
            prim(Primitive::String, true)
        );
        assert_eq!(
            from_annotation("string", false, "microsoft.graph"),
            prim(Primitive::String, false)
        );
        let user = from_annotation("microsoft.graph.user", true, "microsoft.graph");
        assert!(matches!(user, Some((Written::Named(n), true)) if n.name == "user"));
        let body = |s: &str| crate::markdown::json::parse(s).expect("valid JSON").0;
        assert_eq!(
            from_example(&body(r#"{"@odata.context": "x", "value": ["a", "b"]}"#)),
            prim(Primitive::String, true)
        );
        assert_eq!(
            from_example(&body(r#"{"value": false}"#)),
            prim(Primitive::Boolean, false)
        );
        assert_eq!(from_example(&body(r#"{"value": [{"id": "1"}]}"#)), None);
        assert_eq!(from_example(&body(r#"{"id": "1"}"#)), None);
    }
}
