//! Rust names for wire names: acronym-aware case, keywords made safe, collisions resolved in order.

use crate::case;
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

fn ascii_ident(s: &str) -> String {
    let usable = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // Nearly every wire name is usable as it is: copy it rather than map it char by char.
    let mut out: String = if s.bytes().all(usable) {
        s.to_string()
    } else {
        s.chars()
            .map(|c| {
                if c.is_ascii() && usable(c as u8) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    if out.trim_matches('_').is_empty() {
        out = "value".to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    out
}

/// An identifier token text that is valid Rust: raw for keywords, `_` suffixed where raw is not allowed.
pub fn safe(ident: String) -> String {
    // Keywords are short and lowercase (or `Self`): most names are neither, and skip the lists.
    let could_be = ident.len() <= 8 && ident.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
    if !could_be {
        ident
    } else if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// `deviceIMEI` -> `device_imei`, `type` -> `r#type`.
pub fn field_name(wire: &str) -> String {
    let snake = case::snake(&ascii_ident(wire.trim_start_matches('@')));
    let snake = if snake.is_empty() {
        "value".to_string()
    } else {
        snake
    };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    };
    safe(snake)
}

/// `remoteActionAudit` -> `RemoteActionAudit`, `keyValuePair_2OfString_String` -> `KeyValuePair2ofStringString`.
pub fn type_name(wire: &str) -> String {
    let camel = case::upper_camel(&ascii_ident(wire));
    let camel = if camel.is_empty() {
        "Value".to_string()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{camel}")
    } else {
        camel
    };
    safe(camel)
}

/// `microsoft.graph` -> `graph`, `microsoft.graph.callRecords` -> `call_records`.
pub fn namespace_module(namespace: &str) -> String {
    let rest = namespace
        .strip_prefix("microsoft.graph.")
        .or_else(|| (namespace == "microsoft.graph").then_some("graph"))
        .unwrap_or(namespace);
    safe(case::snake(&ascii_ident(&rest.replace('.', "_"))))
}

/// Hands out names in order; a name already taken gets `_2`, `_3`, ... (or `2`, `3` for types).
#[derive(Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

/// A name without its raw-identifier prefixes (`r#type` -> `type`).
fn unraw(mut name: &str) -> &str {
    while let Some(rest) = name.strip_prefix("r#") {
        name = rest;
    }
    name
}

impl Namer {
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(unraw(name).to_string());
    }

    pub fn unique(&mut self, name: String, separator: &str) -> String {
        if self.taken.insert(unraw(&name).to_string()) {
            return name;
        }
        let bare = unraw(&name).trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = format!("{bare}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `safe` consults the lists only for names that could be in them.
    #[test]
    fn keywords_are_short_and_alphabetic() {
        for k in KEYWORDS.iter().chain(NOT_RAW) {
            assert!(
                k.len() <= 8 && k.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'),
                "{k}"
            );
        }
    }

    #[test]
    fn fields() {
        assert_eq!(field_name("deviceIMEI"), "device_imei");
        assert_eq!(field_name("bulkDeviceActionId"), "bulk_device_action_id");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("@odata.type"), "odata_type");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("rank "), "rank");
        assert_eq!(field_name("userPrincipalName"), "user_principal_name");
        assert_eq!(field_name("servicePrincipalID"), "service_principal_id");
    }

    #[test]
    fn types_and_modules() {
        assert_eq!(type_name("remoteActionAudit"), "RemoteActionAudit");
        assert_eq!(
            type_name("keyValuePair_2OfString_String"),
            "KeyValuePair2ofStringString"
        );
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(namespace_module("microsoft.graph"), "graph");
        assert_eq!(
            namespace_module("microsoft.graph.callRecords"),
            "call_records"
        );
    }

    #[test]
    fn collisions_are_resolved_in_order() {
        let mut n = Namer::default();
        assert_eq!(
            n.unique(field_name("servicePrincipalID"), "_"),
            "service_principal_id"
        );
        assert_eq!(
            n.unique(field_name("servicePrincipalId"), "_"),
            "service_principal_id_2"
        );
        let mut n = Namer::default();
        n.reserve("Other");
        assert_eq!(n.unique(type_name("other"), ""), "Other2");
    }
}
