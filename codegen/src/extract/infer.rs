//! Shapes from JSON: the JSON representation and example bodies, read as type hints.
//!
//! Placeholders (`"String (timestamp)"`, `"Integer"`) name types; real sample values
//! (`"2016-12-31T23:59:51.6363086-08:00"`) suggest them; `{"@odata.type": "microsoft.graph.x"}` names a
//! complex type, and any other members describe it.

use super::typeexpr::{primitive, TypeExpr};
use super::{source, PageFacts, PropFact, TypeFact, TypeName};
use crate::diagnostics::Code;
use crate::ir::{ApiVersion, Evidence, Primitive};
use crate::markdown::json::Json;
use crate::markdown::Page;

/// The type a placeholder string names, if it is a placeholder.
pub fn placeholder_type(s: &str) -> Option<Primitive> {
    // Called for every string of every example: lowercase on the stack, and only short strings.
    let trimmed = s.trim().as_bytes();
    let mut buf = [0u8; 40];
    let lower = buf.get_mut(..trimmed.len())?;
    lower.copy_from_slice(trimmed);
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).ok()?;
    let p = match lower {
        "string (timestamp)" | "string (datetime)" | "timestamp" | "string (date-time)" => {
            Primitive::DateTimeOffset
        }
        "string (identifier)" | "string (url)" | "string (uri)" => Primitive::String,
        "string (iso 8601 duration)" | "string (duration)" => Primitive::Duration,
        "string (time of day)" | "string (timeofday)" => Primitive::TimeOfDay,
        "string (date)" => Primitive::Date,
        "string (guid)" => Primitive::Guid,
        "string (binary)" | "string (base64)" => Primitive::Binary,
        "<unknown primitive type edm.stream>" => Primitive::Stream,
        "integer" | "int32" | "int64" | "int" | "double" | "single" | "decimal" | "boolean"
        | "guid" | "string" | "date" | "datetimeoffset" | "duration" | "binary" | "json"
        | "timeofday" | "datetime" => primitive(lower)?,
        _ => return None,
    };
    Some(p)
}

/// Members of an ApiDoctor-style pipe list (`"notStarted | running | completed"`).
pub fn pipe_list_members(s: &str) -> Vec<String> {
    if !s.contains(" | ") {
        return Vec::new();
    }
    let parts: Vec<&str> = s
        .split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "...")
        .collect();
    if parts
        .iter()
        .all(|p| p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        parts.into_iter().map(str::to_string).collect()
    } else {
        Vec::new()
    }
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 16
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
}

/// The type name in an `@odata.type` value (`#microsoft.graph.x`, `Collection(microsoft.graph.x)`).
pub fn odata_type_name(value: &str, page_namespace: &str) -> Option<(TypeName, bool)> {
    let v = value.trim().trim_start_matches('#');
    // Bytes, not `&v[..11]`: the value may hold a multi-byte character across byte 11.
    let is_collection =
        v.len() > 11 && v.as_bytes()[..11].eq_ignore_ascii_case(b"collection(") && v.ends_with(')');
    let (v, collection) = match is_collection.then(|| &v[11..v.len() - 1]) {
        Some(inner) => (inner.trim_start_matches('#'), true),
        None => (v, false),
    };
    if v.is_empty() || v.starts_with("Edm.") || v.contains(' ') {
        return None;
    }
    let (namespace, name) = match v.rsplit_once('.') {
        Some((ns, name)) => (Some(ns.to_string()), name.to_string()),
        None => (None, v.to_string()),
    };
    Some((
        TypeName {
            namespace,
            name,
            page_namespace: page_namespace.to_string(),
        },
        collection,
    ))
}

/// A property's type from one JSON value; nested typed objects are recorded as facts of their own.
fn value_type(
    value: &Json,
    version: ApiVersion,
    evidence: Evidence,
    page: &Page,
    base_line: usize,
    ns: &str,
    facts: &mut PageFacts,
) -> (Option<(TypeExpr, bool)>, Vec<String>) {
    match value {
        Json::Null => (None, Vec::new()),
        Json::Bool(_) => (
            Some((TypeExpr::Primitive(Primitive::Boolean), false)),
            Vec::new(),
        ),
        Json::Number(n) => {
            let p = if n.contains(['.', 'e', 'E']) {
                Primitive::Double
            } else if n.parse::<i32>().is_ok() {
                Primitive::Int32
            } else {
                Primitive::Int64
            };
            (Some((TypeExpr::Primitive(p), false)), Vec::new())
        }
        Json::String(s) => {
            let members = pipe_list_members(s);
            if !members.is_empty() {
                return (Some((TypeExpr::AnonymousEnum, false)), members);
            }
            let p = placeholder_type(s).unwrap_or(if looks_like_timestamp(s) {
                Primitive::DateTimeOffset
            } else {
                Primitive::String
            });
            (Some((TypeExpr::Primitive(p), false)), Vec::new())
        }
        Json::Array(items) => {
            let first = items.iter().find(|i| !matches!(i, Json::Null));
            for item in items.iter().skip(1) {
                // Every element of a typed array says something about the element type.
                let _ = value_type(item, version, evidence, page, base_line, ns, facts);
            }
            match first {
                Some(item) => {
                    let (t, members) =
                        value_type(item, version, evidence, page, base_line, ns, facts);
                    (t.map(|(e, _)| (e, true)), members)
                }
                None => (None, Vec::new()),
            }
        }
        Json::Object(members) => {
            // `@data.type` (and other near-misses) for `@odata.type`: read, and said.
            if let Some(m) = members.iter().find(|m| {
                let k = m.key.trim();
                k != "@odata.type" && k.ends_with("data.type") && k.starts_with('@')
            }) {
                facts.diagnostics.push(
                    super::Diagnostic::new(
                        Code::JsonOdataTypeMisspelled,
                        &source(page, base_line + m.line),
                        format!("`{}` is read as `@odata.type`", m.key),
                    )
                    .with_help("spell the annotation `@odata.type`"),
                );
            }
            let named = value
                .get("@odata.type")
                .or_else(|| {
                    members
                        .iter()
                        .rev()
                        .find(|m| m.key.trim().ends_with("data.type") && m.key.starts_with('@'))
                        .map(|m| &m.value)
                })
                .and_then(Json::as_str);
            let named = named.and_then(|t| odata_type_name(t, ns));
            // `microsoft.graph.Json`: untyped JSON, not a type of that name.
            if let Some((n, _)) = &named {
                if primitive(&n.name) == Some(Primitive::Json)
                    && n.namespace
                        .as_deref()
                        .is_none_or(|s| s.eq_ignore_ascii_case("microsoft.graph"))
                {
                    return (
                        Some((TypeExpr::Primitive(Primitive::Json), false)),
                        Vec::new(),
                    );
                }
            }
            match named {
                Some((name, _)) => {
                    if let Some(fact) =
                        infer_object(value, &name, version, evidence, page, base_line, facts)
                    {
                        facts.types.push(fact);
                    }
                    (
                        Some((
                            TypeExpr::Named {
                                namespace: name.namespace,
                                name: name.name,
                            },
                            false,
                        )),
                        Vec::new(),
                    )
                }
                None => (
                    Some((TypeExpr::Primitive(Primitive::Json), false)),
                    Vec::new(),
                ),
            }
        }
    }
}

/// Whether a JSON key can be a property: an OData identifier (a letter or `_`, then letters,
/// digits and `_`; letters of any script), not a GUID, free text (`String-value`), an encoded ID
/// or an `odata.context` annotation written without its `@`: a dictionary's keys and an open
/// type's data are no names the service declares.
pub fn is_member_name(key: &str) -> bool {
    let letter = |c: char| !c.is_ascii() && !c.is_whitespace() && !c.is_control();
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || letter(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || letter(c))
}

/// The shape of one JSON object as a type fact; `None` when `value` is not an object.
pub fn infer_object(
    value: &Json,
    name: &TypeName,
    version: ApiVersion,
    evidence: Evidence,
    page: &Page,
    base_line: usize,
    facts: &mut PageFacts,
) -> Option<TypeFact> {
    let Json::Object(members) = value else {
        return None;
    };
    let ns = name
        .namespace
        .clone()
        .unwrap_or_else(|| name.page_namespace.clone());
    let mut properties = Vec::new();
    let mut not_names: Vec<&str> = Vec::new();
    let mut not_names_line = 0;
    for m in members {
        // `@odata.type`, `@odata.context`, `prop@odata.bind`: annotations, not properties.
        if m.key.contains('@') || m.key.is_empty() {
            continue;
        }
        let key = m.key.trim();
        if !is_member_name(key) {
            // A dictionary's keys (user IDs, category names) or old `odata.x` annotations: kept at
            // run time with every other unlisted member, never a field.
            if not_names.is_empty() {
                not_names_line = base_line + m.line;
            }
            not_names.push(key);
            // The value's own typed objects are still described.
            let _ = value_type(&m.value, version, evidence, page, base_line, &ns, facts);
            continue;
        }
        if key != m.key {
            facts.diagnostics.push(
                super::Diagnostic::new(
                    Code::JsonKeyWhitespace,
                    &source(page, base_line + m.line),
                    format!(
                        "the key `{:?}` has surrounding whitespace; read as `{key}`",
                        m.key
                    ),
                )
                .with_help("remove the spaces inside the quotes"),
            );
        }
        let (ty, inline_members) =
            value_type(&m.value, version, evidence, page, base_line, &ns, facts);
        if properties.iter().any(|p: &PropFact| p.name == key) {
            continue;
        }
        properties.push(PropFact {
            name: key.to_string(),
            ty,
            description: String::new(),
            relationship: false,
            inline_members,
            shown_as_string: matches!(m.value, Json::String(_)),
            union_with: Vec::new(),
            evidence,
            source: source(page, base_line + m.line),
        });
    }
    if !not_names.is_empty() {
        let shown: Vec<String> = not_names
            .iter()
            .take(3)
            .map(|k| format!("`{}`", k.escape_debug()))
            .collect();
        let more = match not_names.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        facts.diagnostics.push(
            super::Diagnostic::new(
                Code::JsonKeysNotNames,
                &source(page, not_names_line),
                format!(
                    "the keys {}{more} of this {} object are not property names (a dictionary's keys, or annotations); they are not made fields",
                    shown.join(", "),
                    name.name
                ),
            )
            .with_help("the values are kept at run time with the object's other unlisted members"),
        );
    }
    let mention_only = properties.is_empty() && not_names.is_empty();
    Some(TypeFact {
        name: name.clone(),
        version,
        evidence,
        source: source(page, base_line),
        description: String::new(),
        properties,
        base_type: None,
        inherited_from: Vec::new(),
        key_property: None,
        open_type: false,
        abstract_type: false,
        mention_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(
            placeholder_type("String (timestamp)"),
            Some(Primitive::DateTimeOffset)
        );
        assert_eq!(placeholder_type("Integer"), Some(Primitive::Int32));
        assert_eq!(placeholder_type("String"), Some(Primitive::String));
        assert_eq!(placeholder_type("Display Name value"), None);
        assert_eq!(
            pipe_list_members("notStarted | running | completed"),
            ["notStarted", "running", "completed"]
        );
        assert!(looks_like_timestamp("2016-12-31T23:59:51.6363086-08:00"));
        for name in ["displayName", "_etag", "userFlowTypeVersion", "x2", "größe"] {
            assert!(is_member_name(name), "{name}");
        }
        for key in [
            "4e98f8f1-bb03-4015-b8e0-19bb370949d8",
            "String-value",
            "odata.context",
            "principalIds[]",
            "2x",
            "",
        ] {
            assert!(!is_member_name(key), "{key}");
        }
    }
}
