//! An operation's permissions as the generated code states them: in its doc comment, and as its
//! `PERMISSIONS` constant, least privileged scopes apart from higher privileged ones.

use super::text::{string_literal, Code};
use crate::ir::*;

/// The permissions paragraph of an operation's doc comment.
pub fn doc_text(op: &Operation) -> String {
    if op.permissions.is_empty() {
        return "Permissions: not documented.".to_string();
    }
    let listed = |scopes: &[String]| {
        scopes
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = "Permissions:".to_string();
    for p in &op.permissions {
        let scopes = if p.not_supported {
            "not supported".to_string()
        } else if p.scopes.is_empty() && p.higher_privileged.is_empty() {
            "no scope documented".to_string()
        } else if p.higher_privileged.is_empty() {
            format!("least privileged {}", listed(&p.scopes))
        } else {
            format!(
                "least privileged {}; higher privileged {}",
                listed(&p.scopes),
                listed(&p.higher_privileged)
            )
        };
        text.push_str(&format!("\n- {}: {scopes}", p.kind));
    }
    text
}

/// The `PERMISSIONS` constant: `(kind, least privileged scopes, higher privileged scopes)`.
pub fn emit_constant(code: &mut Code, op: &Operation) {
    code.line(
        1,
        "/// The documented permissions: (kind, least privileged scopes, higher privileged scopes);",
    );
    code.line(
        1,
        "/// no scopes when the kind is not supported or its scopes are not documented.",
    );
    let literals = |scopes: &[String]| {
        scopes
            .iter()
            .map(|s| string_literal(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let perms: Vec<String> = op
        .permissions
        .iter()
        .map(|p| {
            format!(
                "({}, &[{}], &[{}])",
                string_literal(&p.kind),
                literals(&p.scopes),
                literals(&p.higher_privileged)
            )
        })
        .collect();
    code.list(
        1,
        "pub const PERMISSIONS: &'static [(&'static str, &'static [&'static str], &'static [&'static str])] = &[",
        &perms,
        "];",
    );
}
