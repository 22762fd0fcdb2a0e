//! What an API page's title says it does: `user: assignLicense`, `wipe action`,
//! `Create remoteActionAudit`, `List owners`.

/// The meaning of an API page's `#` heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TitleSays {
    /// An action or function: `user: assignLicense` (bound to `user`), `assign action`,
    /// `getAuditCategories function` (the binding is left to the path).
    Operation {
        binding: Option<String>,
        name: String,
    },
    /// A verb and the words after it: `Create remoteActionAudit`, `List group owners`,
    /// `Delete a user` (articles dropped).
    Verb { verb: String, noun: Vec<String> },
    /// Anything else (`Archive team`, `Track changes for a drive`), with its first word.
    Other(String),
}

const VERBS: &[&str] = &[
    "list", "get", "create", "update", "delete", "add", "remove", "replace", "upsert", "put",
];

/// The heading without parenthesised asides (`(deprecated)`, `(preview)`) and markup.
fn plain(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '`' | '*' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads a page heading.
pub fn read_title(heading: &str) -> TitleSays {
    let mut text = plain(heading);
    if let Some((binding, name)) = text.split_once(':') {
        let (binding, name) = (binding.trim(), name.trim());
        let binding = binding.rsplit('.').next().unwrap_or(binding);
        if is_word(binding) && is_word(name) {
            return TitleSays::Operation {
                binding: Some(binding.to_string()),
                name: name.to_string(),
            };
        }
        // `servicePrincipal: List createdObjects`: the verb title after the binding.
        if is_word(binding) {
            text = name.to_string();
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // `wipe action`, `Device compliance script assign action`: the word before `action` is its
    // name, any words before that say what it is bound to.
    if let [before @ .., name, kind] = words.as_slice() {
        let kind = kind.to_ascii_lowercase();
        if (kind == "action" || kind == "function") && is_word(name) {
            let described = !before.is_empty()
                && before.iter().all(|w| is_word(w))
                && !VERBS.contains(&before[0].to_ascii_lowercase().as_str());
            let binding =
                described.then(|| before.iter().map(|w| upper_first(w)).collect::<String>());
            return TitleSays::Operation {
                binding,
                name: name.to_string(),
            };
        }
    }
    match words.split_first() {
        Some((verb, rest)) if VERBS.contains(&verb.to_ascii_lowercase().as_str()) => {
            let noun = rest
                .iter()
                .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
                .map(|w| w.to_string())
                .collect();
            TitleSays::Verb {
                verb: verb.to_ascii_lowercase(),
                noun,
            }
        }
        _ => TitleSays::Other(words.first().map_or(String::new(), |w| w.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(binding: Option<&str>, name: &str) -> TitleSays {
        TitleSays::Operation {
            binding: binding.map(str::to_string),
            name: name.to_string(),
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            read_title("user: assignLicense"),
            op(Some("user"), "assignLicense")
        );
        assert_eq!(read_title("Range: clear"), op(Some("Range"), "clear"));
        assert_eq!(
            read_title("accessReviewInstance: pendingAccessReviewInstances (deprecated)"),
            op(Some("accessReviewInstance"), "pendingAccessReviewInstances")
        );
        assert_eq!(
            read_title("microsoft.graph.ediscovery.case: close"),
            op(Some("case"), "close")
        );
        assert_eq!(read_title("assign action"), op(None, "assign"));
        assert_eq!(
            read_title("getAuditCategories function"),
            op(None, "getAuditCategories")
        );
        assert_eq!(
            read_title("Delete a user"),
            TitleSays::Verb {
                verb: "delete".into(),
                noun: vec!["user".into()]
            }
        );
        assert_eq!(
            read_title("List group owners (preview)"),
            TitleSays::Verb {
                verb: "list".into(),
                noun: vec!["group".into(), "owners".into()]
            }
        );
        assert_eq!(
            read_title("Device compliance script assign action"),
            op(Some("DeviceComplianceScript"), "assign")
        );
        assert_eq!(
            read_title("servicePrincipal: List createdObjects"),
            TitleSays::Verb {
                verb: "list".into(),
                noun: vec!["createdObjects".into()]
            }
        );
        assert_eq!(
            read_title("Track changes for a drive"),
            TitleSays::Other("Track".into())
        );
        assert_eq!(read_title(""), TitleSays::Other(String::new()));
        assert_eq!(read_title("a: b c"), TitleSays::Other("b".into()));
    }
}
