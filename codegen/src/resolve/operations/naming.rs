//! Operation names from the endpoint alone: its method and the structure of its path, never a
//! page's title, headings or file name. Another page, a new alternate path or a retitled page
//! therefore never renames an operation (the page title stays in the doc comment).
//!
//! A name reads the path's words in order, after a verb for resource requests:
//! - `GET /users` -> `listUsers`, `POST /users` -> `createUser`, `GET /users/{id}` -> `getUser`,
//!   `PATCH` -> `update...`, `PUT` -> `put...`, `DELETE` -> `delete...`; `$value` reads `Content`,
//!   `$ref` `Ref`, and `GET .../$count` is `count...`.
//! - A keyed segment reads as one of its set (`users/{id}/messages` -> `UserMessages`); a type
//!   cast after a key names the item by its type (`deviceConfigurations/{id}/microsoft.graph.x`
//!   -> `X`); an alternate key reads `By<Key>` (`applications(appId='{appId}')` ->
//!   `getApplicationByAppId`), a drive path `ItemByPath` (`root:/{item-path}:`).
//! - Actions and functions are their binding and their name, with a function's arguments as
//!   `With...` (`POST /users/{id}/assignLicense` -> `userAssignLicense`,
//!   `reports/getX(period=...)` -> `reportsGetXWithPeriod`).
//! - `/me` reads `Me` (`GET /me/messages` -> `listMeMessages`); a first segment that only
//!   contains others (`deviceManagement`, `education`) is left out when more words follow
//!   (`POST /deviceManagement/remoteActionAudits` -> `createRemoteActionAudit`).
//! - A word that the next one repeats is left out (`applePushNotificationCertificate/
//!   generateApplePushNotificationCertificateSigningRequest`), and over [`BUDGET`] characters
//!   the words farthest from the end are left out; a name that must take them back (two endpoints
//!   meet at one name) shortens the farthest to their first part and initials while it is over
//!   (`WindowsWifiEnterpriseEapConfiguration` -> `WindowsWeec`). A single segment over budget
//!   leaves out its own first words (`userExperienceAnalyticsAppHealth...` -> `Analytics...`).
//!
//! Names are unique per API version. When two endpoints arrive at one name, the simpler path
//! (fewer keys, then fewer words) keeps it and the other takes back the words its name left out;
//! names a previous generation gave ([`Pins`]) are kept before any of this, so an endpoint that
//! appears later never takes a name from one that was there.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::paths::{looks_like_a_key, reads_plural, singular};
use crate::case;
use crate::ir::{ApiVersion, HttpMethod, Operation, OperationKind, PathSegment};
use crate::names_file::Pins;

/// Names longer than this leave out the words farthest from the path's end.
pub const BUDGET: usize = 60;

/// What a path word is, for naming.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Segment,
    /// A type cast (`microsoft.graph.iosVppApp`).
    Cast,
    /// An alternate key (`appId` in `applications(appId='{appId}')`, `roleTemplateId=`).
    AltKey,
    /// A drive item addressed by path (`root:/{item-path}:`).
    ByPath,
    /// A function call's argument names (`period` in `f(period='...')`).
    Arguments(Vec<String>),
    /// `$value`, `$ref`, `$count`.
    Value,
    Ref,
    Count,
}

/// One word of a path.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    role: Role,
    /// A key follows it (`users/{id}`): it names one of a set.
    keyed: bool,
    /// What the key is, when not an id (`Size` in `photos/{size}`): `Id` otherwise.
    key: String,
}

/// The words of a path, in order. An argument list right after a set is an alternate key
/// (`applications(appId='{appId}')`), unless it ends the path of a function.
fn path_words(segments: &[PathSegment], kind: OperationKind, spell: &Spellings) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // The last literal part ended in `:` (`root:`): a placeholder after it is a drive path.
    let mut colon = false;
    for segment in segments {
        match segment {
            PathSegment::Literal { text } => {
                for part in text.split('/') {
                    colon =
                        literal_word(part.trim(), &mut words, spell) || colon && part.is_empty();
                }
            }
            PathSegment::Parameter { placeholder, .. } => {
                if let Some(last) = words.last_mut() {
                    if colon {
                        last.role = Role::ByPath;
                    }
                    last.keyed = true;
                    last.key = key_label(placeholder);
                }
                colon = false;
            }
            PathSegment::Arguments { arguments } => {
                let names: Vec<String> = arguments
                    .iter()
                    .map(|a| spell.get(a.name.as_deref().unwrap_or(&a.parameter)))
                    .collect();
                let last = std::ptr::eq(segment, segments.last().unwrap_or(segment));
                let after_set = words
                    .last()
                    .is_some_and(|w| w.role == Role::Segment && !w.keyed && reads_plural(&w.text));
                let word = if after_set && !(last && kind == OperationKind::Function) {
                    alternate_key(&mut words, names.concat())
                } else {
                    Word {
                        text: String::new(),
                        role: Role::Arguments(names),
                        keyed: false,
                        key: String::new(),
                    }
                };
                words.push(word);
                colon = false;
            }
        }
    }
    words
}

/// An alternate key of the word before (`appId`): that word now names one of its set.
fn alternate_key(words: &mut [Word], text: String) -> Word {
    if let Some(last) = words.last_mut() {
        last.keyed = true;
    }
    Word {
        text,
        role: Role::AltKey,
        keyed: false,
        key: String::new(),
    }
}

/// `Size` for `{size}`, `PropertyName` for `{property name}`; `Id` for any id.
fn key_label(placeholder: &str) -> String {
    let inner = placeholder
        .trim_matches(|c| matches!(c, '{' | '}' | '<' | '>'))
        .split('|')
        .next()
        .unwrap_or("")
        .trim();
    let lower = inner.to_ascii_lowercase();
    let lower = lower.trim_end_matches(|c: char| c.is_ascii_digit());
    match lower.is_empty() || lower == "key" || lower.ends_with("id") {
        true => "Id".to_string(),
        false => pascal(inner),
    }
}

/// Adds the word a literal path part holds (if any); says whether the part ended in `:`.
fn literal_word(part: &str, words: &mut Vec<Word>, spell: &Spellings) -> bool {
    let colon = part.ends_with(':');
    let part = part.trim_matches(':').trim_end_matches("()");
    if part.is_empty() || part.chars().all(|c| c == '.') {
        return colon;
    }
    if looks_like_a_key(part) {
        if let Some(last) = words.last_mut() {
            last.keyed = true;
        }
        return colon;
    }
    let (text, role) = match part {
        "$value" => (String::new(), Role::Value),
        "$ref" => (String::new(), Role::Ref),
        "$count" => (String::new(), Role::Count),
        p if p.contains('=') => {
            let key = alternate_key(words, spell.get(p.split('=').next().unwrap_or("")));
            words.push(key);
            return colon;
        }
        p if p.contains('.') => (p.rsplit('.').next().unwrap_or("").to_string(), Role::Cast),
        p => (p.trim_start_matches('$').to_string(), Role::Segment),
    };
    let text = spell.get(&text);
    if text.chars().any(|c| c.is_ascii_alphanumeric()) || role != Role::Segment {
        words.push(Word {
            text,
            role,
            keyed: false,
            key: String::new(),
        });
    }
    colon
}

/// `multi-value` -> `MultiValue`, `remoteActionAudit` -> `RemoteActionAudit`.
fn pascal(word: &str) -> String {
    word.split(|c: char| !c.is_ascii_alphanumeric())
        .map(case::upper_camel)
        .collect()
}

/// One word of a name: as one of its set (`User`), as written (`Users`), and with its key
/// (`UserById`, `PhotoBySize`).
#[derive(Clone, Debug)]
struct Token {
    one: String,
    written: String,
    keyed: String,
}

impl Token {
    fn plain(text: String) -> Self {
        Token {
            written: text.clone(),
            keyed: text.clone(),
            one: text,
        }
    }
}

/// A name in parts: what can be left out, and what cannot.
#[derive(Clone, Debug)]
struct Parts {
    verb: &'static str,
    /// A first segment that only contains the rest (`deviceManagement`).
    container: Option<Token>,
    context: Vec<Token>,
    subject: Vec<Token>,
    /// A function's argument names (`WithPeriod`), left out first when over [`BUDGET`].
    arguments: Option<Token>,
    suffix: &'static str,
}

/// How a keyed word is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyed {
    /// As one of its set: `User`.
    One,
    /// The last keyed word with its key (`PhotoBySize`), the others as one of their set.
    LastWithKey,
    /// The last keyed word as written (`Calendars`).
    LastWritten,
    /// Every keyed word with its key.
    WithKey,
}

/// How much of a name's parts to write: the compact form first, then forms that take back what
/// it left out, for the endpoints that meet another at one name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Form {
    /// At most this many words left out for [`BUDGET`]: the arguments, then the context words
    /// farthest from the end.
    max_dropped: usize,
    container: bool,
    /// Leave out a word the next repeats.
    reduce: bool,
    keyed: Keyed,
}

const COMPACT: Form = Form {
    max_dropped: usize::MAX,
    container: false,
    reduce: true,
    keyed: Keyed::One,
};

/// Everything naming reads of one endpoint.
pub(super) struct Endpoint<'a> {
    pub method: HttpMethod,
    pub kind: OperationKind,
    pub segments: &'a [PathSegment],
    /// The response is a collection: a `GET` of a set whose name does not read plural.
    pub collection: bool,
}

/// Turns the words into tokens, with casts and keys applied.
fn tokens(words: &[Word]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let before_keyed = i > 0 && words[i - 1].role == Role::Segment && words[i - 1].keyed;
        let token = match &w.role {
            Role::Segment if w.keyed => Token {
                one: pascal(&singular(&w.text)),
                written: pascal(&w.text),
                keyed: format!("{}By{}", pascal(&singular(&w.text)), w.key),
            },
            Role::Segment => Token::plain(pascal(&w.text)),
            // The cast names the item the key picked, more precisely than its set.
            Role::Cast if before_keyed => {
                out.pop();
                Token::plain(pascal(&w.text))
            }
            Role::Cast => Token::plain(pascal(&w.text)),
            Role::AltKey => Token::plain(format!("By{}", pascal(&w.text))),
            Role::ByPath => Token::plain("ItemByPath".to_string()),
            Role::Arguments(names) if names.is_empty() => continue,
            Role::Arguments(names) => Token::plain(format!(
                "With{}",
                names.iter().map(|n| pascal(n)).collect::<String>()
            )),
            Role::Value => Token::plain("Content".to_string()),
            Role::Ref => Token::plain("Ref".to_string()),
            Role::Count => Token::plain("Count".to_string()),
        };
        out.push(token);
    }
    out
}

/// A segment posted to that reads as an action whatever its page says: not a set, and named with
/// a verb (`createUploadSession`, `restoreVersion`, `unfollow`).
fn reads_as_action(w: &Word) -> bool {
    const VERBS: [&str; 24] = [
        "accept", "add", "approve", "assign", "cancel", "check", "close", "copy", "create",
        "decline", "follow", "get", "invite", "move", "refresh", "remove", "reset", "restore",
        "revoke", "send", "set", "unfollow", "upgrade", "validate",
    ];
    let lower = w.text.to_ascii_lowercase();
    w.role == Role::Segment
        && !w.keyed
        && !reads_plural(&w.text)
        && VERBS.iter().any(|v| {
            lower.starts_with(v)
                && (lower.len() == v.len()
                    || w.text[v.len()..].starts_with(|c: char| c.is_ascii_uppercase()))
        })
}

/// The verb and parts of an endpoint's name.
fn parts(endpoint: &Endpoint<'_>, words: &[Word]) -> Parts {
    let mut toks = tokens(words);
    let last_role = words.last().map(|w| w.role.clone());
    let calls = matches!(last_role, Some(Role::Arguments(_)));
    // What the path says outright wins over what the pages say: actions are posted and functions
    // read, never to a key, a cast or `$value`.
    let resource_by_path = !matches!(endpoint.method, HttpMethod::Get | HttpMethod::Post)
        || words
            .last()
            .is_some_and(|w| w.keyed || !matches!(w.role, Role::Segment | Role::Arguments(_)));
    let operation = calls
        || (endpoint.kind != OperationKind::Resource && !resource_by_path)
        || (endpoint.method == HttpMethod::Post && words.last().is_some_and(reads_as_action));
    let with_arguments = matches!(&last_role, Some(Role::Arguments(n)) if !n.is_empty());
    let arguments = match with_arguments && toks.len() > 1 {
        true => toks.pop(),
        false => None,
    };
    let (verb, suffix) = match operation {
        true => ("", ""),
        false => resource_verb(endpoint, words, &mut toks),
    };
    let split = toks.len().saturating_sub(1);
    let subject = toks.split_off(split);
    let mut context = toks;
    let binding_only = operation && context.len() == 1;
    let container = match words.first() {
        Some(w)
            if w.role == Role::Segment
                && !w.keyed
                && !w.text.eq_ignore_ascii_case("me")
                && !context.is_empty()
                && !binding_only =>
        {
            Some(context.remove(0))
        }
        _ => None,
    };
    Parts {
        verb,
        container,
        context,
        subject,
        arguments,
        suffix,
    }
}

/// A resource request's verb and suffix (`$value` -> `Content`, `$ref` -> `Ref`); a create names
/// one member of the set it posts to.
fn resource_verb(
    endpoint: &Endpoint<'_>,
    words: &[Word],
    toks: &mut Vec<Token>,
) -> (&'static str, &'static str) {
    let last_role = words.last().map(|w| &w.role);
    let suffix = match last_role {
        Some(Role::Value) => "Content",
        Some(Role::Ref) => "Ref",
        Some(Role::Count) if endpoint.method != HttpMethod::Get => "Count",
        _ => "",
    };
    if matches!(last_role, Some(Role::Value | Role::Ref | Role::Count)) && toks.len() > 1 {
        toks.pop();
    }
    let noun = words
        .iter()
        .rev()
        .find(|w| !matches!(w.role, Role::Value | Role::Ref | Role::Count));
    let set = noun.is_some_and(|w| {
        !w.keyed
            && matches!(w.role, Role::Segment | Role::Cast)
            && (reads_plural(&w.text) || endpoint.collection)
    });
    let verb = match endpoint.method {
        HttpMethod::Get if last_role == Some(&Role::Count) => "Count",
        HttpMethod::Get if set && suffix.is_empty() => "List",
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Create",
        HttpMethod::Patch => "Update",
        HttpMethod::Put => "Put",
        HttpMethod::Delete => "Delete",
    };
    if endpoint.method == HttpMethod::Post && set {
        if let (Some(t), Some(w)) = (toks.last_mut(), noun) {
            *t = Token::plain(pascal(&singular(&w.text)));
        }
    }
    (verb, suffix)
}

impl Parts {
    /// The name in `form`, how many words [`BUDGET`] left out, and whether it shortened words.
    fn write(&self, form: Form) -> (String, usize, bool) {
        let container = self.container.iter().filter(|_| form.container);
        let tokens: Vec<&Token> = container
            .chain(&self.context)
            .chain(&self.subject)
            .collect();
        let last_keyed = tokens.iter().rposition(|t| t.keyed != t.one);
        let word = |(i, t): (usize, &&Token)| match form.keyed {
            Keyed::One => t.one.clone(),
            Keyed::LastWithKey if Some(i) == last_keyed => t.keyed.clone(),
            Keyed::LastWritten if Some(i) == last_keyed => t.written.clone(),
            Keyed::WithKey => t.keyed.clone(),
            _ => t.one.clone(),
        };
        let mut words: Vec<String> = tokens.iter().enumerate().map(word).collect();
        let subject: String = words.split_off(words.len() - self.subject.len()).concat();
        let mut context = words;
        if form.reduce {
            context = reduced(&context, &subject);
        }
        let arguments = self.arguments.as_ref().map_or("", |t| t.one.as_str());
        let droppable = context.len() + usize::from(!arguments.is_empty());
        let limit = form.max_dropped.min(droppable);
        let mut dropped = 0;
        let mut name = self.assemble(&context, &subject, arguments);
        // Over budget: leave out the arguments, then the context words farthest from the end.
        while name.len() > BUDGET && dropped < limit {
            dropped += 1;
            let from_context = dropped - usize::from(!arguments.is_empty());
            name = self.assemble(&context[from_context..], &subject, "");
        }
        let shortens = name.len() > BUDGET;
        if shortens {
            let arguments_dropped = usize::from(dropped > 0 && !arguments.is_empty());
            let arguments = if arguments_dropped == 1 {
                ""
            } else {
                arguments
            };
            let kept = context.split_off(dropped - arguments_dropped);
            name = self.within_budget(&kept, &subject, arguments);
        }
        (name, dropped, shortens)
    }

    /// The name of these words.
    fn assemble(&self, context: &[String], subject: &str, arguments: &str) -> String {
        let context = context.concat();
        format!("{}{context}{subject}{arguments}{}", self.verb, self.suffix)
    }

    /// A name still over [`BUDGET`] with every word its form may leave out gone (a form that
    /// takes words back for a clash). The kept context words farthest from the end shrink to
    /// their first part and initials, one by one, so that the words telling clashing endpoints
    /// apart stay in, in short; then to their initials alone (`User` -> `U`). A subject still over
    /// on its own (one path segment of 55 characters or more) leaves out its own first words, as
    /// a path does, down to its last two.
    fn within_budget(&self, whole: &[String], subject: &str, arguments: &str) -> String {
        let mut kept = whole.to_vec();
        let mut name = self.assemble(&kept, subject, arguments);
        for shorten in [shortened, initials] {
            for i in 0..kept.len() {
                if name.len() <= BUDGET {
                    return name;
                }
                kept[i] = shorten(&whole[i]);
                name = self.assemble(&kept, subject, arguments);
            }
        }
        // Only at a capital (a name never starts with a digit), and never past its last two parts.
        let capitals: Vec<usize> = subject
            .char_indices()
            .skip(1)
            .filter(|&(_, c)| c.is_ascii_uppercase())
            .map(|(i, _)| i)
            .collect();
        for &at in capitals.iter().take(capitals.len().saturating_sub(1)) {
            if name.len() <= BUDGET {
                break;
            }
            name = self.assemble(&kept, &subject[at..], arguments);
        }
        name
    }

    /// Every form to try, the compact one first: each style of writing, from the compact one
    /// to the fullest, and in each, the words over budget taken back one by one (the last left
    /// out first).
    fn forms(&self) -> Vec<Form> {
        let styles = [
            (false, true, Keyed::One),
            (true, true, Keyed::One),
            (true, false, Keyed::One),
            (true, false, Keyed::LastWithKey),
            (true, false, Keyed::LastWritten),
            (true, false, Keyed::WithKey),
        ];
        let mut forms = Vec::new();
        for (container, reduce, keyed) in styles {
            let style = Form {
                max_dropped: usize::MAX,
                container,
                reduce,
                keyed,
            };
            let (_, dropped, _) = self.write(style);
            forms.extend((0..=dropped).rev().map(|max_dropped| Form {
                max_dropped,
                ..style
            }));
        }
        forms
    }
}

/// A word shortened to its first part and the initials of the others, numbers whole:
/// `WindowsWifiEnterpriseEapConfiguration` -> `WindowsWeec`, `WindowsPhone81VpnConfiguration`
/// -> `WindowsP81vc`.
fn shortened(word: &str) -> String {
    let mut previous = None;
    let second_part = word.char_indices().find(|&(i, c)| {
        let starts = i > 0 && starts_part(previous, c);
        previous = Some(c);
        starts
    });
    match second_part {
        Some((i, _)) => format!("{}{}", &word[..i], initials(&word[i..])),
        None => word.to_string(),
    }
}

/// A word's initials, numbers whole: `DeviceManagementScript` -> `Dms`, `User` -> `U`.
fn initials(word: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in word.chars() {
        if starts_part(previous, c) {
            match out.is_empty() {
                true => out.push(c.to_ascii_uppercase()),
                false => out.push(c.to_ascii_lowercase()),
            }
        }
        previous = Some(c);
    }
    out
}

/// Whether `c` after `previous` starts a part of a word: a capital after a small letter, or a
/// digit (numbers are kept whole).
fn starts_part(previous: Option<char>, c: char) -> bool {
    previous.is_none_or(|p| c.is_ascii_digit() || c.is_ascii_uppercase() && !p.is_ascii_uppercase())
}

/// The context words without those the next word repeats (`ManagementCondition` before
/// `ManagementConditionStatements`, a binding inside its action's name).
fn reduced(context: &[String], subject: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(context.len());
    for (i, word) in context.iter().enumerate() {
        let next = context.get(i + 1).map_or(subject, String::as_str);
        let repeated = next.len() > word.len() && contains_words(next, word);
        if !repeated {
            out.push(word.clone());
        }
    }
    out
}

/// Whether `whole` holds `part` as whole words (`CalendarView` holds `Calendar`, `Messages` does
/// not hold `Me`).
fn contains_words(whole: &str, part: &str) -> bool {
    let starts = |s: &str| -> Vec<usize> {
        s.char_indices()
            .filter(|&(i, c)| i == 0 || c.is_ascii_uppercase())
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect()
    };
    let bounds = starts(whole);
    bounds
        .iter()
        .any(|&start| whole[start..].starts_with(part) && bounds.contains(&(start + part.len())))
}

/// The spelling each path word takes in names, whatever its case on one page: the one with the
/// most word breaks (`seriesAxis` over `seriesaxis`), then the most common, then the first in
/// byte order.
#[derive(Default)]
pub(super) struct Spellings(HashMap<String, String>);

impl Spellings {
    pub(super) fn of<'o>(ops: impl IntoIterator<Item = &'o Operation>) -> Self {
        // Counted as written first (no allocation per occurrence), then grouped in any case.
        let mut written: HashMap<&str, usize> = HashMap::new();
        let mut add = |word: &'o str| {
            if !word.is_empty() {
                *written.entry(word).or_default() += 1;
            }
        };
        for op in ops {
            for segment in &op.segments {
                match segment {
                    PathSegment::Literal { text } => {
                        for part in text.split(['/', '.', '=', ':']) {
                            add(part.trim_end_matches("()"));
                        }
                    }
                    PathSegment::Arguments { arguments } => {
                        for a in arguments {
                            add(a.name.as_deref().unwrap_or(&a.parameter));
                        }
                    }
                    PathSegment::Parameter { .. } => {}
                }
            }
        }
        let mut counts: HashMap<String, BTreeMap<&str, usize>> = HashMap::new();
        for (word, n) in written {
            counts
                .entry(word.to_ascii_lowercase())
                .or_default()
                .insert(word, n);
        }
        // The spelling with the most word breaks wins (`seriesAxis` over `seriesaxis`): it names
        // more, and it stays the choice while any page writes it, however many write the other.
        let breaks = |w: &str| w.chars().skip(1).filter(char::is_ascii_uppercase).count();
        let best = counts
            .into_iter()
            .filter_map(|(lower, spellings)| {
                let best = spellings
                    .into_iter()
                    .max_by(|(a, na), (b, nb)| {
                        (breaks(a), na, std::cmp::Reverse(a)).cmp(&(
                            breaks(b),
                            nb,
                            std::cmp::Reverse(b),
                        ))
                    })?
                    .0;
                Some((lower, best.to_string()))
            })
            .collect();
        Spellings(best)
    }

    fn get(&self, word: &str) -> String {
        self.0
            .get(&word.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| word.to_string())
    }
}

/// The names of a version's endpoints, given earlier generations' names.
pub(super) struct Naming<'a> {
    pub spellings: &'a Spellings,
    pub pins: &'a Pins,
}

/// Path parameters named with the tree's spelling of their segment (`contactFolderId` for
/// `/me/contactfolders/{id}` when most pages write `contactFolders`), so that a page's casing
/// never changes a field name.
pub(super) fn respell_parameters(op: &mut Operation, spell: &Spellings) {
    let mut renamed: Vec<(String, String)> = Vec::new();
    for p in &mut op.parameters {
        let base = super::paths::parameter_base(&p.placeholder, &spell.get(&p.segment));
        let Some(rest) = p.name.get(base.len()..) else {
            continue;
        };
        let same = p.name[..base.len()].eq_ignore_ascii_case(&base)
            && rest.bytes().all(|b| b.is_ascii_digit());
        if same && p.name[..base.len()] != base {
            let name = format!("{base}{rest}");
            renamed.push((std::mem::replace(&mut p.name, name.clone()), name));
        }
    }
    for segment in &mut op.segments {
        if let PathSegment::Parameter { name, .. } = segment {
            if let Some((_, new)) = renamed.iter().find(|(old, _)| old == name) {
                *name = new.clone();
            }
        }
    }
}

/// One endpoint to name.
pub(super) struct Candidate<'a> {
    pub endpoint: Endpoint<'a>,
    pub version: ApiVersion,
    /// Its identity (`GET /users/{}`), for pins.
    pub key: &'a str,
}

/// What naming decided for one endpoint.
#[derive(Debug)]
pub(super) struct Named {
    pub name: String,
    /// The name the docs alone would give, when a pin kept another.
    pub fresh: Option<String>,
    /// Numbered: every form of its name was taken.
    pub numbered: bool,
}

impl Naming<'_> {
    /// A name for each candidate (lowerCamel), unique per version, in the candidates' order.
    pub(super) fn name_all(&self, candidates: &[Candidate<'_>]) -> Vec<Named> {
        let prepared: Vec<Prepared> = candidates
            .par_iter()
            .map(|c| Prepared::new(c, self.spellings))
            .collect();
        let mut taken = Taken::default();
        let mut chosen: Vec<Option<Named>> = candidates.iter().map(|_| None).collect();
        // Names kept from an earlier generation come first.
        for (i, c) in candidates.iter().enumerate() {
            let pinned = self
                .pins
                .get(c.version, c.key)
                .filter(|_| !self.pins.rename);
            if let Some(pinned) = pinned.filter(|p| taken.claim(c.version, p)) {
                let fresh = &prepared[i].compact;
                chosen[i] = Some(Named {
                    fresh: (!fresh.eq_ignore_ascii_case(pinned)).then(|| fresh.clone()),
                    name: pinned.to_string(),
                    numbered: false,
                });
            }
        }
        // The simplest path first, so that it keeps the compact name its group shares; then
        // the others, each with the first free form that says more than its compact one.
        let mut order: Vec<usize> = (0..candidates.len())
            .filter(|&i| chosen[i].is_none())
            .collect();
        order.sort_by_key(|&i| (prepared[i].simplicity, candidates[i].key));
        let mut rest = Vec::new();
        for i in order {
            match taken.claim(candidates[i].version, &prepared[i].compact) {
                true => chosen[i] = Some(Named::plain(prepared[i].compact.clone())),
                false => rest.push(i),
            }
        }
        // Written side by side, claimed in order.
        let fallbacks: Vec<Vec<String>> =
            rest.par_iter().map(|&i| prepared[i].fallbacks()).collect();
        for (i, fallbacks) in rest.into_iter().zip(fallbacks) {
            chosen[i] = Some(taken.fallback(candidates[i].version, &prepared[i], fallbacks));
        }
        chosen
            .into_iter()
            .map(|n| n.unwrap_or_else(|| Named::plain(String::new())))
            .collect()
    }
}

impl Named {
    fn plain(name: String) -> Self {
        Named {
            name,
            fresh: None,
            numbered: false,
        }
    }
}

/// One endpoint's name parts, compact name and how simple its path is.
struct Prepared {
    parts: Parts,
    compact: String,
    /// Keys, then path parts (junk like `tables/$/add` included): fewer is simpler.
    simplicity: (usize, usize),
}

impl Prepared {
    fn new(c: &Candidate<'_>, spellings: &Spellings) -> Self {
        let words = path_words(c.endpoint.segments, c.endpoint.kind, spellings);
        let keys = words.iter().filter(|w| w.keyed).count();
        let parts = parts(&c.endpoint, &words);
        let compact = case::lower_camel(&parts.write(COMPACT).0);
        Prepared {
            parts,
            compact,
            simplicity: (keys, c.key.matches('/').count()),
        }
    }

    /// Every other form's name, in the order of the forms: first those written whole (longer than
    /// the compact one: a form that leaves out more says less), then those that shortened words
    /// to stay within [`BUDGET`].
    /// Only an endpoint that meets another at its compact name needs them: written on demand.
    fn fallbacks(&self) -> Vec<String> {
        let (mut whole, mut shortened) = (Vec::new(), Vec::new());
        for form in self.parts.forms() {
            let (name, _, shortens) = self.parts.write(form);
            let name = case::lower_camel(&name);
            match shortens {
                true => shortened.push(name),
                false if name.len() > self.compact.len() => whole.push(name),
                false => {}
            }
        }
        let mut seen = std::collections::HashSet::new();
        whole
            .into_iter()
            .chain(shortened)
            .filter(|n| !n.eq_ignore_ascii_case(&self.compact))
            .filter(|n| seen.insert(n.to_ascii_lowercase()))
            .collect()
    }
}

/// The names given so far, per version, in any case.
#[derive(Default)]
struct Taken(std::collections::HashSet<(ApiVersion, String)>);

impl Taken {
    /// Takes `name` if it is free.
    fn claim(&mut self, version: ApiVersion, name: &str) -> bool {
        self.0.insert((version, name.to_ascii_lowercase()))
    }

    /// The first free fallback (of `p`'s [`Prepared::fallbacks`]), else the compact name numbered.
    fn fallback(&mut self, version: ApiVersion, p: &Prepared, fallbacks: Vec<String>) -> Named {
        if let Some(name) = fallbacks.into_iter().find(|n| self.claim(version, n)) {
            return Named::plain(name);
        }
        let name = (2..)
            .map(|k| format!("{}{k}", p.compact))
            .find(|n| self.claim(version, n))
            .unwrap_or_default();
        Named {
            name,
            fresh: None,
            numbered: true,
        }
    }
}

/// The compact name of one endpoint on its own (for tests and tools).
#[cfg(test)]
pub(super) fn name_of(endpoint: &Endpoint<'_>) -> String {
    let words = path_words(endpoint.segments, endpoint.kind, &Spellings::default());
    case::lower_camel(&parts(endpoint, &words).write(COMPACT).0)
}

#[cfg(test)]
mod tests;
