//! The Type column in all its spellings, and inline "Possible values are" lists.

use crate::ir::Primitive;
use crate::markdown::Inline;

/// A type as written, before names are resolved across pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    Primitive(Primitive),
    /// A type name, qualified when the docs qualified it.
    Named {
        namespace: Option<String>,
        name: String,
    },
    /// `Enumeration`, `enum`, `String (enum)`: an enum whose name the cell does not give.
    AnonymousEnum,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedType {
    pub expr: TypeExpr,
    pub collection: bool,
    /// Something odd about the cell, for a diagnostic.
    pub oddity: Option<String>,
    /// Further members of an `A or B` union.
    pub union_with: Vec<String>,
}

/// Folds a primitive spelling (`Edm.Int32`, `int`, `dateTimeOffset`, `string (url)`) to its Edm type.
pub fn primitive(word: &str) -> Option<Primitive> {
    let w = word.trim().trim_matches('`').to_ascii_lowercase();
    let w = w.strip_prefix("edm.").unwrap_or(&w);
    Some(match w {
        "string" | "str" | "url" | "uri" | "text" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "int16" | "short" => Primitive::Int16,
        "int32" | "int" | "integer" | "number" => Primitive::Int32,
        "int64" | "long" => Primitive::Int64,
        "single" | "float" => Primitive::Single,
        "double" => Primitive::Double,
        "decimal" => Primitive::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "timeofday" | "time" => Primitive::TimeOfDay,
        "duration" | "timespan" => Primitive::Duration,
        "guid" | "uuid" => Primitive::Guid,
        "binary" | "base64" | "byte[]" => Primitive::Binary,
        "stream" => Primitive::Stream,
        "json" | "untyped" | "object" | "json object" | "any" => Primitive::Json,
        _ => return None,
    })
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Splits `microsoft.graph.callRecords.clientPlatform` into namespace and name.
fn named(text: &str) -> TypeExpr {
    let text = text.trim().trim_start_matches('#');
    match text.rsplit_once('.') {
        Some((ns, name)) if !ns.is_empty() => TypeExpr::Named {
            namespace: Some(ns.to_string()),
            name: name.to_string(),
        },
        _ => TypeExpr::Named {
            namespace: None,
            name: text.to_string(),
        },
    }
}

/// Reads a Type cell. `None` when the cell names no type at all (empty).
pub fn parse_type_cell(cell: &Inline) -> Option<ParsedType> {
    let raw = cell.text.trim();
    if raw.is_empty() {
        return None;
    }
    let mut text = raw.to_string();
    let mut collection = false;
    let mut oddity = None;

    // `X collection` (sometimes twice: `routingPolicy collection collection`).
    let mut suffixes = 0;
    loop {
        let lower = text.to_ascii_lowercase();
        if let Some(stripped) = lower.strip_suffix(" collection") {
            text.truncate(stripped.len());
            text = text.trim_end().to_string();
            suffixes += 1;
        } else {
            break;
        }
    }
    if suffixes > 0 {
        collection = true;
    }
    if suffixes > 1 {
        oddity = Some(format!("`{raw}` says `collection` {suffixes} times"));
    }
    // `Collection(X)`.
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("collection(") && text.ends_with(')') {
        text = text["collection(".len()..text.len() - 1].to_string();
        collection = true;
    }

    let finish = |expr: TypeExpr, oddity: Option<String>, union_with: Vec<String>| {
        Some(ParsedType {
            expr,
            collection,
            oddity,
            union_with,
        })
    };

    // Links: the link text, not the target, is the type name.
    if !cell.links.is_empty() {
        let first = cell.links[0].text.trim().trim_matches('`');
        let union_with: Vec<String> = if text.contains(" or ") {
            cell.links[1..]
                .iter()
                .map(|l| l.text.trim().to_string())
                .collect()
        } else {
            Vec::new()
        };
        let first = first
            .strip_prefix("Collection(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(first);
        if let Some(p) = primitive(first) {
            return finish(TypeExpr::Primitive(p), oddity, union_with);
        }
        // `[fileHashType](..) enum` names the enum by its link like any other type.
        return finish(named(first), oddity, union_with);
    }

    // Reference links `[x][]` / shortcut `[x]` that had no definition stay as text.
    let mut t = text.trim().to_string();
    if t.starts_with('[') {
        if let Some(end) = t.find(']') {
            t = t[1..end].to_string();
        }
    }
    let t = t.trim().trim_matches('`').trim();
    let lower = t.to_ascii_lowercase();
    if lower == "enumeration"
        || lower == "enum"
        || lower == "string (enum)"
        || lower == "string enum"
    {
        return finish(TypeExpr::AnonymousEnum, oddity, Vec::new());
    }
    if let Some(p) = primitive(t) {
        return finish(TypeExpr::Primitive(p), oddity, Vec::new());
    }
    // `string (url)`, `string, maximum size 20`, `String (enum)`.
    let head = t.split(['(', ',']).next().unwrap_or("").trim();
    if let Some(p) = primitive(head) {
        let qualifier = t[head.len()..].trim();
        if qualifier.to_ascii_lowercase().contains("enum") && p == Primitive::String {
            return finish(TypeExpr::AnonymousEnum, oddity, Vec::new());
        }
        return finish(TypeExpr::Primitive(p), oddity, Vec::new());
    }
    // `[fileHashType](..) enum` without link, `riskLevel`, namespace-qualified names.
    let word = t.strip_suffix(" enum").unwrap_or(t).trim();
    if is_identifier(word) {
        return finish(named(word), oddity, Vec::new());
    }
    if let Some((a, b)) = word.split_once(" or ") {
        if is_identifier(a.trim()) && is_identifier(b.trim()) {
            return finish(named(a.trim()), oddity, vec![b.trim().to_string()]);
        }
    }
    // Free text (`4230 minutes (under 3 days)`): keep the value as JSON and say so.
    Some(ParsedType {
        expr: TypeExpr::Primitive(Primitive::Json),
        collection,
        oddity: Some(format!(
            "the type `{raw}` is not a type name; the property is kept as raw JSON"
        )),
        union_with: Vec::new(),
    })
}

const VALUE_PHRASES: [&str; 11] = [
    "possible values are",
    "possible values include",
    "possible values:",
    "the possible values",
    "valid values are",
    "valid values:",
    "supported values are",
    "supported values:",
    "allowed values are",
    "can be one of",
    "possible values",
];

/// Members of an inline enum ("Possible values are: `a`, `b`, `c`."), in order; empty when the
/// description has no clear list.
pub fn inline_enum_members(description: &str) -> Vec<String> {
    // Every phrase mentions values or "one of"; most descriptions mention neither. Searched with
    // prebuilt finders: `str::contains` builds its searcher on every call, which cost more than
    // the rest of the extraction of a property.
    static FILTERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| ["alue", "ALUE", "one of"].map(memchr::memmem::Finder::new));
    let bytes = description.as_bytes();
    if FILTERS.iter().all(|f| f.find(bytes).is_none()) {
        return Vec::new();
    }
    static PHRASES: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            VALUE_PHRASES
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect()
        });
    let lower = description.to_ascii_lowercase();
    // The earliest phrase, and the longest phrase that starts there.
    let Some((_, start)) = PHRASES
        .iter()
        .filter_map(|f| {
            let i = f.find(lower.as_bytes())?;
            Some((i, std::cmp::Reverse(i + f.needle().len())))
        })
        .min()
        .map(|(i, std::cmp::Reverse(end))| (i, end))
    else {
        return Vec::new();
    };
    let rest = &description[start..];
    let mut members = Vec::new();
    let mut cursor = rest;
    while let Some(open) = cursor.find('`') {
        let between = &cursor[..open];
        if !members.is_empty() || !between.trim().trim_start_matches(':').trim().is_empty() {
            // Separators between members may only be punctuation and `and`/`or`.
            let words: Vec<&str> = between
                .split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == ';')
                .filter(|w| !w.is_empty())
                .collect();
            if !words
                .iter()
                .all(|w| matches!(w.to_ascii_lowercase().as_str(), "and" | "or" | "," | "-"))
            {
                break;
            }
        }
        let after = &cursor[open + 1..];
        let Some(close) = after.find('`') else { break };
        let value = after[..close].trim();
        if is_identifier(value)
            || value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            if !value.is_empty() && !members.iter().any(|m| m == value) {
                members.push(value.to_string());
            }
        } else {
            break;
        }
        cursor = &after[close + 1..];
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Link;

    fn cell(text: &str, links: &[(&str, &str)]) -> Inline {
        Inline {
            text: text.into(),
            links: links
                .iter()
                .map(|(t, d)| Link {
                    text: (*t).into(),
                    dest: (*d).into(),
                })
                .collect(),
        }
    }

    fn parse(text: &str) -> ParsedType {
        parse_type_cell(&cell(text, &[])).unwrap()
    }

    #[test]
    fn primitive_spellings() {
        for (text, p) in [
            ("String", Primitive::String),
            ("string", Primitive::String),
            ("Edm.Binary", Primitive::Binary),
            ("edm.DateTime", Primitive::DateTimeOffset),
            ("GUID", Primitive::Guid),
            ("int", Primitive::Int32),
            ("Integer", Primitive::Int32),
            ("Single", Primitive::Single),
            ("string (url)", Primitive::String),
            ("string, maximum size 20", Primitive::String),
            ("Json", Primitive::Json),
        ] {
            assert_eq!(parse(text).expr, TypeExpr::Primitive(p), "{text}");
        }
    }

    #[test]
    fn collections_links_and_names() {
        let t = parse_type_cell(&cell(
            "keyValuePair collection",
            &[("keyValuePair", "kvp.md")],
        ))
        .unwrap();
        assert!(t.collection);
        assert_eq!(
            t.expr,
            TypeExpr::Named {
                namespace: None,
                name: "keyValuePair".into()
            }
        );
        let t = parse("collection(string)");
        assert!(t.collection);
        assert_eq!(t.expr, TypeExpr::Primitive(Primitive::String));
        let t = parse("microsoft.graph.callRecords.clientPlatform");
        assert_eq!(
            t.expr,
            TypeExpr::Named {
                namespace: Some("microsoft.graph.callRecords".into()),
                name: "clientPlatform".into()
            }
        );
        let t = parse("[identitySet][]");
        assert_eq!(
            t.expr,
            TypeExpr::Named {
                namespace: None,
                name: "identitySet".into()
            }
        );
        let t = parse_type_cell(&cell(
            "DateTimeOffset",
            &[("DateTimeOffset", "timestamp.md")],
        ))
        .unwrap();
        assert_eq!(t.expr, TypeExpr::Primitive(Primitive::DateTimeOffset));
        assert_eq!(parse("Enumeration").expr, TypeExpr::AnonymousEnum);
        assert_eq!(parse("String (enum)").expr, TypeExpr::AnonymousEnum);
        assert!(parse("routingPolicy collection collection")
            .oddity
            .is_some());
        assert!(parse("4230 minutes (under 3 days)").oddity.is_some());
    }

    #[test]
    fn unions() {
        let t = parse_type_cell(&cell(
            "appHostedMediaConfig or serviceHostedMediaConfig",
            &[
                ("appHostedMediaConfig", "a.md"),
                ("serviceHostedMediaConfig", "s.md"),
            ],
        ))
        .unwrap();
        assert_eq!(t.union_with, ["serviceHostedMediaConfig"]);
    }

    #[test]
    fn inline_enums() {
        assert_eq!(
            inline_enum_members(
                "Action state. Possible values are: `none`, `pending`, `canceled`."
            ),
            ["none", "pending", "canceled"]
        );
        assert_eq!(
            inline_enum_members("Valid values are `a` and `b`. See `c` for more."),
            ["a", "b"]
        );
        assert_eq!(
            inline_enum_members("The name. Use `x` here."),
            Vec::<String>::new()
        );
        assert_eq!(
            inline_enum_members("Possible values are: `a`, `b`, or `unknownFutureValue`."),
            ["a", "b", "unknownFutureValue"]
        );
    }
}
