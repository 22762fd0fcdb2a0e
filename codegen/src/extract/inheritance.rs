//! What a resource page says about its type's place in the hierarchy: its base type (the
//! annotation's `baseType`, an "Inherits from \[x\]" sentence, the "Inherited from \[x\]" notes of its
//! properties) and whether it is abstract.

use super::{source, PageFacts, PropFact, TypeName};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Source;
use crate::markdown::{BlockKind, Inline, Page};

/// The phrases that name a base type right after them.
const BASE_PHRASES: [&str; 6] = [
    "inherits from",
    "inherit from",
    "derived from",
    "derives from",
    "is derived from",
    "inherited from",
];

/// A written type name (`microsoft.graph.x`, `x`) as the page's namespace reads it.
pub fn written_name(text: &str, ns: &str) -> Option<TypeName> {
    let text = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '`' || c == '#');
    let valid = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    };
    if !valid(text) {
        return None;
    }
    let (namespace, name) = match text.rsplit_once('.') {
        Some((n, s)) => (Some(n.to_string()), s.to_string()),
        None => (None, text.to_string()),
    };
    Some(TypeName {
        namespace,
        name,
        page_namespace: ns.to_string(),
    })
}

/// The type a base phrase in `p` names: the word (or link text, which the paragraph's text holds
/// as is) after the phrase. `this`, `here` and the like name no type; neither does a clause about
/// another type ("..., which will inherit from x").
fn named_after_phrase(p: &Inline, ns: &str) -> Option<TypeName> {
    let lower = p.text.to_ascii_lowercase();
    // "..., which will inherit from x": a clause about another type.
    let about_another = |i: usize| {
        let mut start = i.saturating_sub(16);
        while !lower.is_char_boundary(start) {
            start += 1;
        }
        let before = &lower[start..i];
        before.contains("which") || before.contains("that ")
    };
    let at = BASE_PHRASES
        .iter()
        .filter_map(|phrase| {
            let i = lower.find(phrase)?;
            (!about_another(i)).then_some(i + phrase.len())
        })
        .min()?;
    let mut rest = p.text[at..].trim_start();
    // Articles and adjectives before the name: "from the abstract [x]", "from an [x]".
    for filler in ["the ", "an ", "a ", "abstract ", "base ", "type "] {
        // `get`: the filler's length may end inside a character of the text.
        let head = rest.get(..filler.len());
        if rest.len() > filler.len() && head.is_some_and(|h| h.eq_ignore_ascii_case(filler)) {
            rest = rest[filler.len()..].trim_start();
        }
    }
    let bare = rest.trim_start_matches(['[', '*', '`']);
    // The linked type wins over the words around it ("Inherits from base class [identityUserFlow]");
    // a link of several words (`[Conditional Access Session Control](...)`) names one type.
    let linked =
        linked_in_sentence(rest, p).map(|text| text.split_whitespace().collect::<String>());
    let first_word = || {
        bare.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '('))
            .next()
            .unwrap_or("")
            .trim_end_matches('.')
            .trim_matches(|c: char| matches!(c, '[' | ']' | '*' | '`'))
            .to_string()
    };
    let word = linked.unwrap_or_else(first_word);
    let word = word.as_str();
    let lower_word = word.to_ascii_lowercase();
    if matches!(
        lower_word.as_str(),
        "this" | "here" | "that" | "it" | "descendants" | ""
    ) {
        return None;
    }
    written_name(word, ns)
}

/// The text of the first link in `rest`'s first sentence, as a whole word: the type a base phrase
/// names even when words come between them (`base class [x]`).
fn linked_in_sentence<'p>(rest: &str, p: &'p Inline) -> Option<&'p str> {
    let sentence_end = rest
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | ';') && rest[i + 1..].chars().next().is_none_or(char::is_whitespace)
        })
        .map_or(rest.len(), |(i, _)| i);
    let sentence = &rest[..sentence_end];
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    p.links
        .iter()
        .filter_map(|l| {
            let text = l.text.trim_matches(|c: char| c == '*' || c == '`');
            if text.is_empty() {
                return None;
            }
            // The earliest place the link's text stands as a whole word.
            let at = sentence.match_indices(text).map(|(i, _)| i).find(|&i| {
                !is_word(sentence[..i].chars().next_back())
                    && !is_word(sentence[i + text.len()..].chars().next())
            })?;
            Some((at, text))
        })
        .min_by_key(|&(at, _)| at)
        .map(|(_, text)| text)
}

/// The base type an "Inherits from \[x\]" sentence (any wording in `BASE_PHRASES`, in the page's
/// introduction or its Properties section) names, with its line.
pub fn prose_base(page: &Page, ns: &str) -> Option<(TypeName, usize)> {
    let where_types_are_described = |b: &crate::markdown::Block| match b.heading(2) {
        None => true,
        Some(h) => h.is("properties"),
    };
    page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Paragraph(p) if where_types_are_described(b) => {
            let lower = p.text.to_ascii_lowercase();
            // "types inherit from this type" is about derived types, not this one's base.
            if lower.contains("inherit from this") || lower.contains("inherit from here") {
                return None;
            }
            named_after_phrase(p, ns).map(|n| (n, b.line))
        }
        _ => None,
    })
}

/// Whether the page's own words call the type abstract ("This is an abstract type.", "An abstract
/// class ...", "is an abstract resource").
pub fn says_abstract(page: &Page) -> bool {
    let intro = page
        .blocks
        .iter()
        .take_while(|b| !matches!(&b.kind, BlockKind::Heading(h) if h.level >= 2))
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => Some(p.text.to_ascii_lowercase()),
            _ => None,
        });
    let description = page
        .front_matter
        .get("description")
        .map(|d| d.to_ascii_lowercase());
    intro.chain(description).any(|text| {
        [
            "abstract type",
            "abstract class",
            "abstract base",
            "abstract resource",
        ]
        .iter()
        .any(|p| text.contains(p))
    })
}

/// The types the property descriptions say their properties are "Inherited from".
pub fn inherited_from_notes(properties: &[PropFact], ns: &str) -> Vec<(TypeName, Source)> {
    let mut out: Vec<(TypeName, Source)> = Vec::new();
    for p in properties {
        let lower = p.description.to_ascii_lowercase();
        let Some(at) = lower.find("inherited from") else {
            continue;
        };
        let inline = Inline {
            text: p.description[at..].to_string(),
            links: Vec::new(),
        };
        let Some(name) = named_after_phrase(&inline, ns) else {
            continue;
        };
        if !out
            .iter()
            .any(|(n, _)| n.name.eq_ignore_ascii_case(&name.name))
        {
            out.push((name, p.source.clone()));
        }
    }
    out
}

/// The page's base type (of the type `own`): the annotation's, else the prose's, else the one type
/// the property notes name. Where the annotation and the prose disagree, says so.
pub fn base_type(
    page: &Page,
    own: &str,
    annotated: Option<(TypeName, usize)>,
    notes: &[(TypeName, Source)],
    ns: &str,
    facts: &mut PageFacts,
) -> Option<TypeName> {
    // A sentence naming the type itself ("x inherits from x resource type") says nothing of a base.
    let prose = prose_base(page, ns).filter(|(p, _)| !p.name.eq_ignore_ascii_case(own));
    match (annotated, prose) {
        (Some((a, a_line)), Some((p, p_line))) => {
            if a.name.eq_ignore_ascii_case(&p.name) {
                return Some(a);
            }
            // `entity` is every entity's root: an annotation that says only that is less precise
            // than a sentence naming a type in between.
            let (used, which) = match a.name.eq_ignore_ascii_case("entity") {
                true => (p.clone(), "the sentence's"),
                false => (a.clone(), "the annotation's"),
            };
            facts.diagnostics.push(
                Diagnostic::new(
                    Code::BaseTypeDisagrees,
                    &source(page, p_line),
                    format!(
                        "the page says the type inherits from `{}` here, but its annotation (line {a_line}) says `{}`; {which} is used",
                        p.name, a.name
                    ),
                )
                .with_help("make the sentence and the annotation's `baseType` name the same type"),
            );
            Some(used)
        }
        (Some((a, _)), None) => Some(a),
        (None, Some((p, _))) => Some(p),
        (None, None) => match notes {
            [(only, _)] => Some(only.clone()),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Link;

    fn inline(text: &str, links: &[&str]) -> Inline {
        Inline {
            text: text.to_string(),
            links: links
                .iter()
                .map(|l| Link {
                    text: l.to_string(),
                    dest: format!("{l}.md"),
                })
                .collect(),
        }
    }

    fn base(text: &str, links: &[&str]) -> Option<String> {
        named_after_phrase(&inline(text, links), "microsoft.graph").map(|n| n.name)
    }

    #[test]
    fn base_phrases_in_any_wording() {
        assert_eq!(
            base(
                "Inherits from [deviceConfiguration]",
                &["deviceConfiguration"]
            )
            .as_deref(),
            Some("deviceConfiguration")
        );
        assert_eq!(
            base(
                "Represents an Azure AD user account. Inherits from directoryObject.",
                &[]
            )
            .as_deref(),
            Some("directoryObject")
        );
        assert_eq!(
            base("The **site** resource is derived from [**baseItem**] and inherits properties from that resource.", &["**baseItem**"]).as_deref(),
            Some("baseItem")
        );
        assert_eq!(
            base("mailSearchFolder inherits from mailFolder.", &[]).as_deref(),
            Some("mailFolder")
        );
        assert_eq!(
            base(
                "This type will inherit from [identityProviderBase].",
                &["identityProviderBase"]
            )
            .as_deref(),
            Some("identityProviderBase")
        );
        assert_eq!(base("Other types inherit from this type.", &[]), None);
        assert_eq!(
            base(
                "Inherits from [Conditional Access Session Control].",
                &["Conditional Access Session Control"]
            )
            .as_deref(),
            Some("ConditionalAccessSessionControl")
        );
        assert_eq!(
            base(
                "Inherits from the abstract base type [authenticationListener].",
                &["authenticationListener"]
            )
            .as_deref(),
            Some("authenticationListener")
        );
        assert_eq!(
            base("Represents a [teamsApp] installed. This type inherits from [teamsAppInstallation].", &["teamsApp", "teamsAppInstallation"]).as_deref(),
            Some("teamsAppInstallation")
        );
        assert_eq!(
            base("It is represented using [x] resource type, which will inherit from identityProvider resource type.", &["x"]),
            None
        );
        assert_eq!(base("A plain description.", &[]), None);
        // The link names the type, whatever words come before it (v1.0/resources/b2xidentityuserflow.md).
        assert_eq!(
            base(
                "Inherits from base class [identityUserFlow](../resources/identityuserflow.md).",
                &["identityUserFlow"]
            )
            .as_deref(),
            Some("identityUserFlow")
        );
        // A link in a later sentence does not.
        assert_eq!(
            base("Inherits from directoryObject. See [user].", &["user"]).as_deref(),
            Some("directoryObject")
        );
        assert_eq!(
            base(
                "Key of the entity. Inherited from [deviceConfiguration]",
                &["deviceConfiguration"]
            )
            .as_deref(),
            Some("deviceConfiguration")
        );
    }
}
