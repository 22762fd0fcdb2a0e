//! Case conversion as `heck` does it, with a fast path for the plain camelCase names that make up
//! nearly all of the docs (`auditEvents`, `userPrincipalName`): heck's Unicode-aware word
//! splitting cost more than the rest of operation naming together.

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

/// Whether heck would split `s` exactly before each uppercase letter and change nothing else but
/// case: ASCII letters and digits only, and every uppercase letter after the first character
/// directly follows a lowercase one (no acronyms, no `2G`, no separators).
fn is_plain_camel(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|w| !w[1].is_ascii_uppercase() || w[0].is_ascii_lowercase())
}

/// `auditEvents` -> `AuditEvents` (heck's `UpperCamelCase`).
pub fn upper_camel(s: &str) -> String {
    match is_plain_camel(s) {
        true => first_letter(s, u8::to_ascii_uppercase),
        false => s.to_upper_camel_case(),
    }
}

/// `AuditEvents` -> `auditEvents` (heck's `lowerCamelCase`).
pub fn lower_camel(s: &str) -> String {
    match is_plain_camel(s) {
        true => first_letter(s, u8::to_ascii_lowercase),
        false => s.to_lower_camel_case(),
    }
}

/// A plain camelCase name with its first letter changed: the rest is in heck's case already.
fn first_letter(s: &str, change: fn(&u8) -> u8) -> String {
    let mut out = s.as_bytes().to_vec();
    if let Some(first) = out.first_mut() {
        *first = change(first);
    }
    // Only an ASCII letter changed, so the bytes are still the UTF-8 they were.
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// `userPrincipalName` -> `user_principal_name` (heck's `snake_case`).
pub fn snake(s: &str) -> String {
    if !is_plain_camel(s) {
        return s.to_snake_case();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for (i, b) in s.bytes().enumerate() {
        if b.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(b.to_ascii_lowercase() as char);
        } else {
            out.push(b as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to five characters over an alphabet with both cases, digits, a separator
    /// and a non-ASCII letter: the fast path must agree with heck on all of them.
    #[test]
    fn agrees_with_heck_exhaustively() {
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', 'é', 'É'];
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        words.sort();
        words.dedup();
        assert!(words.len() > 37_000);
        for w in &words {
            assert_eq!(upper_camel(w), w.to_upper_camel_case(), "upper {w:?}");
            assert_eq!(lower_camel(w), w.to_lower_camel_case(), "lower {w:?}");
            assert_eq!(snake(w), w.to_snake_case(), "snake {w:?}");
        }
    }

    #[test]
    fn docs_names() {
        assert_eq!(upper_camel("remoteActionAudit"), "RemoteActionAudit");
        assert_eq!(upper_camel("deviceIMEI"), "DeviceImei");
        assert_eq!(snake("deviceIMEI"), "device_imei");
        assert_eq!(snake("userPrincipalName"), "user_principal_name");
        assert_eq!(lower_camel("GetAuditCategories"), "getAuditCategories");
        assert_eq!(snake("win32LobApp"), "win32_lob_app");
    }
}
