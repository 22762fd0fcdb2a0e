//! Operation names from what the page says it does, stable whatever other pages say.
//!
//! - Actions and functions: the binding type and the action, as the docs title them
//!   (`user: assignLicense` -> `userAssignLicense`, `wipe action` on a managed device ->
//!   `managedDeviceWipe`).
//! - Resource requests: the HTTP verb (`list`, `get`, `create`, `update`, `put`, `delete`) and the
//!   noun of the page's title (`Create remoteActionAudit` -> `createRemoteActionAudit`,
//!   `Delete androidCustomConfiguration` -> `deleteAndroidCustomConfiguration`), prefixed with the
//!   owner when every path reads a navigation of one keyed parent (`List owners` of an
//!   application -> `listApplicationOwners`).
//! - A page with several paths qualifies each by the words that tell its paths apart
//!   (`createAuditActivityForMe`, `createAuditActivityForUser`), or by a function's arguments
//!   (`...WithPeriod`, `...WithDate`).
//!
//! A name depends only on its own page; a number is left for the true clashes, reported by
//! [`super::build`].

use super::paths::singular;
use crate::case;
use crate::extract::title::TitleSays;
use crate::ir::{HttpMethod, OperationKind};

/// One word of a path for naming: a literal segment, or an argument of a function call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Word {
    text: String,
    /// A key placeholder follows it (`users/{id}`): it names one of a set.
    keyed: bool,
    /// That placeholder's name (`size` in `photos/{size}`).
    key: String,
    /// An argument name of a function call (`period` in `f(period='D7')`).
    argument: bool,
}

/// The naming words of a path: literal segments (casts as their type, `root:` as `root`, `$value`
/// as `Content`), keys marked on the segment before them, call arguments after their function.
pub(super) fn path_words(path: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for part in split_top_level(path) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if part.starts_with(['{', '<']) && part.ends_with(['}', '>']) {
            if let Some(last) = words.last_mut() {
                last.keyed = true;
                last.key = part
                    .trim_matches(|c| matches!(c, '{' | '}' | '<' | '>'))
                    .split('|')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
            }
            continue;
        }
        let (name, args) = match part.split_once('(') {
            Some((n, a)) => (n, a.trim_end_matches(')')),
            None => (part, ""),
        };
        let name = name.trim_end_matches(':');
        let name = name.rsplit('.').next().unwrap_or(name);
        let text = match name {
            "$value" => "content".to_string(),
            "$ref" => "ref".to_string(),
            "$count" => "count".to_string(),
            n => n.trim_start_matches('$').to_string(),
        };
        if text.chars().any(|c| c.is_ascii_alphanumeric()) {
            words.push(Word {
                text,
                keyed: false,
                key: String::new(),
                argument: false,
            });
        }
        for arg in args.split(',') {
            let arg_name = arg.split_once('=').map_or("", |(n, _)| n.trim());
            if !arg_name.is_empty() && arg_name.chars().all(|c| c.is_ascii_alphanumeric()) {
                words.push(Word {
                    text: arg_name.to_string(),
                    keyed: false,
                    key: String::new(),
                    argument: true,
                });
            }
        }
    }
    words
}

/// Splits a path at `/` outside braces and call parentheses.
fn split_top_level(path: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                parts.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[start..]);
    parts
}

/// `multi-value` -> `MultiValue`, `remoteActionAudit` -> `RemoteActionAudit`.
fn pascal(word: &str) -> String {
    let clean: String = word
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(case::upper_camel)
        .collect();
    clean
}

/// What naming reads of one page.
pub(super) struct PageNaming<'a> {
    pub kind: OperationKind,
    pub title: &'a TitleSays,
    /// The naming words of each path (in the page's order), with its method.
    pub paths: Vec<(HttpMethod, Vec<Word>)>,
    /// The request or response type's name, for pages whose title names no noun.
    pub subject: Option<&'a str>,
    /// The type the page's file name binds an action to (`intune-mam-windowsinformationprotection-assign`
    /// -> `windowsInformationProtection`), when it names a documented type.
    pub file_binding: Option<&'a str>,
}

impl PageNaming<'_> {
    /// The name of the page's `i`th path.
    pub(super) fn name(&self, i: usize) -> String {
        let base = self.base_name(i);
        format!("{base}{}", self.qualifier(i, &base))
    }

    /// The name before any qualifier: what the page does on that path.
    fn base_name(&self, i: usize) -> String {
        let (method, words) = &self.paths[i];
        match self.kind {
            OperationKind::Resource => self.resource_name(*method, words),
            _ => self.operation_name(words),
        }
    }

    /// `userAssignLicense`: the title's binding (else the path's) and the action.
    fn operation_name(&self, words: &[Word]) -> String {
        let segments: Vec<&Word> = words.iter().filter(|w| !w.argument).collect();
        let action = segments.last().map_or("call", |w| w.text.as_str());
        let binding = match (self.title, self.file_binding) {
            (
                TitleSays::Operation {
                    binding: Some(b), ..
                },
                _,
            ) => b.clone(),
            (_, Some(b)) => b.to_string(),
            _ => path_binding(&segments),
        };
        format!("{}{}", case::lower_camel(&pascal(&binding)), pascal(action))
    }

    fn resource_name(&self, method: HttpMethod, words: &[Word]) -> String {
        let segments: Vec<&Word> = words.iter().filter(|w| !w.argument).collect();
        let suffix = match segments.last().map(|w| w.text.as_str()) {
            Some("content") if segments.len() > 1 => "Content",
            Some("ref") if segments.len() > 1 => "Ref",
            Some("count") if segments.len() > 1 => "Count",
            _ => "",
        };
        let nouns = &segments[..segments.len() - usize::from(!suffix.is_empty())];
        let ends_with_key = nouns.last().is_some_and(|w| w.keyed) && suffix.is_empty();
        let title_verb = match self.title {
            TitleSays::Verb { verb, .. } => verb.as_str(),
            _ => "",
        };
        let verb = match method {
            HttpMethod::Get if title_verb == "list" => "list",
            HttpMethod::Get if title_verb == "get" || ends_with_key => "get",
            HttpMethod::Get => "list",
            HttpMethod::Post => "create",
            HttpMethod::Patch => "update",
            HttpMethod::Put => "put",
            HttpMethod::Delete => "delete",
        };
        let noun = match self.title {
            TitleSays::Verb { noun, .. } if !noun.is_empty() => {
                let mut words: Vec<String> = noun.iter().map(|w| pascal(w)).collect();
                if verb != "list" {
                    let last = words.pop().unwrap_or_default();
                    words.push(singular(&last));
                }
                let noun = words.concat();
                match self.owner() {
                    Some(owner)
                        if !noun
                            .to_ascii_lowercase()
                            .starts_with(&owner.to_ascii_lowercase()) =>
                    {
                        format!("{owner}{noun}")
                    }
                    _ => noun,
                }
            }
            _ => {
                let noun = path_noun(verb, nouns, self.subject);
                match self.owner() {
                    Some(owner) if !noun.starts_with(&owner) => {
                        format!("{owner}{noun}")
                    }
                    _ => noun,
                }
            }
        };
        format!("{verb}{noun}{suffix}")
    }

    /// The nearest keyed ancestor every path of the page reads under (`applications/{id}/owners`
    /// -> `Application`, `groups/{id}/planner/plans` -> `Group`), if they share one.
    fn owner(&self) -> Option<String> {
        let mut owners = self.paths.iter().map(|(_, words)| {
            let segments: Vec<&Word> = words.iter().filter(|w| !w.argument).collect();
            let trimmed = match segments.last().map(|w| w.text.as_str()) {
                Some("content" | "ref" | "count") => &segments[..segments.len() - 1],
                _ => &segments[..],
            };
            // The nearest keyed segment above the last one: `groups/{id}/planner/plans` -> Group.
            let above = trimmed.split_last().map_or(&[][..], |(_, rest)| rest);
            above
                .iter()
                .rev()
                .find(|w| w.keyed)
                .map(|w| pascal(&singular(&w.text)))
        });
        let first = owners.next()??;
        owners
            .all(|o| o.is_some_and(|o| o.eq_ignore_ascii_case(&first)))
            .then_some(first)
    }

    /// What tells path `i` apart from the page's other paths of the same base name: `ForMe`,
    /// `ForUser`, `ForMailFolder`, `WithPeriod`; empty when no other path has that name.
    fn qualifier(&self, i: usize, base: &str) -> String {
        let same: Vec<usize> = (0..self.paths.len())
            .filter(|&j| j == i || self.base_name(j) == base)
            .collect();
        if same.len() < 2 {
            return String::new();
        }
        let all: Vec<&[Word]> = same.iter().map(|&j| &self.paths[j].1[..]).collect();
        let at = same.iter().position(|&j| j == i).unwrap_or(0);
        // Sets read as their one member (`users/{id}` -> `ForUser`) unless that makes two paths
        // of the page read alike (`calendar` and `calendars/{id}`); then as written; then with
        // their keys (`photos` and `photos/{size}`).
        for style in [Style::Singular, Style::Written, Style::Keyed] {
            let each: Vec<String> = (0..all.len())
                .map(|k| distinguishing(&all, k, style))
                .collect();
            if (1..each.len()).all(|k| !each[..k].contains(&each[k])) {
                return each[at].clone();
            }
        }
        distinguishing(&all, at, Style::Keyed)
    }
}

/// The binding of an action from its path: a cast (`microsoft.graph.iosVppApp`), the set a key
/// picks from (`managedEBooks/{id}` -> `managedEBook`), or the segment itself (`me`).
fn path_binding(segments: &[&Word]) -> String {
    match segments {
        [.., before, _] if before.keyed => singular(&before.text),
        [.., before, _] => before.text.clone(),
        _ => "root".to_string(),
    }
}

/// The noun of a page whose title names none: the request or response type, else the path.
fn path_noun(verb: &str, nouns: &[&Word], subject: Option<&str>) -> String {
    let last = nouns.last().map_or("root", |w| w.text.as_str());
    match (verb, subject) {
        ("list", Some(s)) => {
            let plural = pascal(last);
            plural.replace(&pascal(&singular(last)), &pascal(s))
        }
        (_, Some(s)) => pascal(s),
        ("list", None) => pascal(last),
        _ => pascal(&singular(last)),
    }
}

/// The words that tell `paths[at]` apart from the others: the segments left after their common
/// prefix and common suffix, as `For...`, and the call arguments not every path has, as `With...`;
/// the common prefix's last segment when nothing else tells it apart.
/// How a qualifier writes a segment that a key follows.
#[derive(Clone, Copy)]
enum Style {
    /// `users/{id}` -> `User`.
    Singular,
    /// `users/{id}` -> `Users`.
    Written,
    /// `photos/{size}` -> `PhotoBySize`, `users/{id}` -> `User`.
    Keyed,
}

fn distinguishing(paths: &[&[Word]], at: usize, style: Style) -> String {
    let segments: Vec<Vec<&Word>> = paths
        .iter()
        .map(|p| p.iter().filter(|w| !w.argument).collect())
        .collect();
    let views: Vec<&[&Word]> = segments.iter().map(Vec::as_slice).collect();
    let prefix = common_len(&views, |p, k| p.get(k).copied());
    let suffix = common_len(&views, |p, k| {
        p.len().checked_sub(k + 1).and_then(|i| p.get(i)).copied()
    });
    let own = views[at];
    let end = own.len().saturating_sub(suffix).max(prefix.min(own.len()));
    let mut middle: Vec<&Word> = own[prefix.min(end)..end].to_vec();
    let in_all = |w: &Word| {
        paths.iter().all(|p| {
            p.iter()
                .any(|x| x.argument && x.text.eq_ignore_ascii_case(&w.text))
        })
    };
    let args: Vec<&Word> = paths[at]
        .iter()
        .filter(|w| w.argument && !in_all(w))
        .collect();
    if middle.is_empty() && args.is_empty() && prefix > 0 {
        middle.push(own[prefix - 1]);
    }
    let mut out = String::new();
    if !middle.is_empty() {
        out.push_str("For");
        for w in middle {
            let text = match (w.keyed, style) {
                (true, Style::Singular) => singular(&w.text),
                // An id reads as the set's member; another key says what picks it (`BySize`).
                (true, Style::Keyed) if w.key.to_ascii_lowercase().ends_with("id") => {
                    singular(&w.text)
                }
                (true, Style::Keyed) if !w.key.is_empty() => {
                    format!("{}By{}", singular(&w.text), pascal(&w.key))
                }
                (true, Style::Keyed) => singular(&w.text),
                _ => w.text.clone(),
            };
            out.push_str(&pascal(&text));
        }
    }
    if !args.is_empty() {
        out.push_str("With");
        out.push_str(&args.iter().map(|w| pascal(&w.text)).collect::<String>());
    }
    out
}

/// How many leading positions (as `at` picks them) every path shares, by word text.
fn common_len<'w>(
    paths: &[&'w [&'w Word]],
    at: impl Fn(&'w [&'w Word], usize) -> Option<&'w Word>,
) -> usize {
    let shortest = paths.iter().map(|p| p.len()).min().unwrap_or(0);
    (0..shortest)
        .take_while(|&k| {
            let first = at(paths[0], k).map(|w| w.text.to_ascii_lowercase());
            paths
                .iter()
                .all(|p| at(p, k).map(|w| w.text.to_ascii_lowercase()) == first)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::title::read_title;

    fn names(title: &str, kind: OperationKind, paths: &[(HttpMethod, &str)]) -> Vec<String> {
        let says = read_title(title);
        let naming = PageNaming {
            kind,
            title: &says,
            paths: paths.iter().map(|(m, p)| (*m, path_words(p))).collect(),
            subject: None,
            file_binding: None,
        };
        (0..paths.len()).map(|i| naming.name(i)).collect()
    }

    use HttpMethod::*;
    use OperationKind::*;

    #[test]
    fn seeds_keep_their_names() {
        assert_eq!(
            names(
                "Add remoteActionAudits",
                Resource,
                &[(Post, "/deviceManagement/remoteActionAudits")]
            ),
            ["createRemoteActionAudit"]
        );
        assert_eq!(
            names(
                "Update remoteActionAudit",
                Resource,
                &[(
                    Patch,
                    "/deviceManagement/remoteActionAudits/{remoteActionAuditId}"
                )]
            ),
            ["updateRemoteActionAudit"]
        );
        assert_eq!(
            names(
                "Create auditActivity",
                Resource,
                &[
                    (
                        Post,
                        "/me/dataSecurityAndGovernance/activities/auditActivities"
                    ),
                    (
                        Post,
                        "/users/{usersId}/dataSecurityAndGovernance/activities/auditActivities"
                    )
                ]
            ),
            ["createAuditActivityForMe", "createAuditActivityForUser"]
        );
    }

    #[test]
    fn actions_are_named_for_their_binding() {
        assert_eq!(
            names(
                "user: assignLicense",
                Action,
                &[(Post, "/users/{id | userPrincipalName}/assignLicense")]
            ),
            ["userAssignLicense"]
        );
        assert_eq!(
            names(
                "message: move",
                Action,
                &[
                    (Post, "/me/messages/{id}/move"),
                    (Post, "/users/{id | userPrincipalName}/messages/{id}/move"),
                    (Post, "/me/mailFolders/{id}/messages/{id}/move"),
                    (
                        Post,
                        "/users/{id | userPrincipalName}/mailFolders/{id}/messages/{id}/move"
                    ),
                ]
            ),
            [
                "messageMoveForMe",
                "messageMoveForUser",
                "messageMoveForMeMailFolder",
                "messageMoveForUserMailFolder"
            ]
        );
        assert_eq!(
            names(
                "assign action",
                Action,
                &[(
                    Post,
                    "/deviceAppManagement/managedEBooks/{managedEBookId}/assign"
                )]
            ),
            ["managedEBookAssign"]
        );
        assert_eq!(
            names(
                "revokeAllLicenses action",
                Action,
                &[(Post, "/deviceAppManagement/mobileApps/{mobileAppId}/microsoft.graph.iosVppApp/revokeAllLicenses")]
            ),
            ["iosVppAppRevokeAllLicenses"]
        );
        assert_eq!(
            names(
                "reportRoot: getEmailActivityUserDetail",
                Function,
                &[
                    (
                        Get,
                        "/reports/getEmailActivityUserDetail(period='{period_value}')"
                    ),
                    (
                        Get,
                        "/reports/getEmailActivityUserDetail(date={date_value})"
                    )
                ]
            ),
            [
                "reportRootGetEmailActivityUserDetailWithPeriod",
                "reportRootGetEmailActivityUserDetailWithDate"
            ]
        );
    }

    #[test]
    fn resources_are_named_for_the_title_and_owner() {
        assert_eq!(
            names(
                "List owners",
                Resource,
                &[(Get, "/applications/{id}/owners")]
            ),
            ["listApplicationOwners"]
        );
        assert_eq!(
            names(
                "List group owners",
                Resource,
                &[(Get, "/groups/{id}/owners")]
            ),
            ["listGroupOwners"]
        );
        assert_eq!(
            names(
                "Delete androidCustomConfiguration",
                Resource,
                &[(
                    Delete,
                    "/deviceManagement/deviceConfigurations/{deviceConfigurationId}"
                )]
            ),
            ["deleteAndroidCustomConfiguration"]
        );
        assert_eq!(names("Get user", Resource, &[(Get, "/me")]), ["getUser"]);
        assert_eq!(
            names(
                "Remove member",
                Resource,
                &[(Delete, "/groups/{id}/members/{directoryObjectId}/$ref")]
            ),
            ["deleteGroupMemberRef"]
        );
        assert_eq!(
            names(
                "List events",
                Resource,
                &[
                    (Get, "/me/events"),
                    (Get, "/me/calendar/events"),
                    (Get, "/users/{id}/events")
                ]
            ),
            [
                "listEventsForMe",
                "listEventsForMeCalendar",
                "listEventsForUser"
            ]
        );
        assert_eq!(
            names(
                "List calendarView",
                Resource,
                &[
                    (Get, "/me/calendar/calendarView"),
                    (Get, "/me/calendars/{id}/calendarView")
                ]
            ),
            [
                "listCalendarViewForCalendar",
                "listCalendarViewForCalendars"
            ]
        );
        assert_eq!(
            names(
                "outlookUser: supportedTimeZones",
                Function,
                &[
                    (Get, "/me/outlook/supportedTimeZones"),
                    (Get, "/users/{id}/outlook/supportedTimeZones"),
                    (Get, "/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{x}')"),
                ]
            ),
            [
                "outlookUserSupportedTimeZonesForMe",
                "outlookUserSupportedTimeZonesForUser",
                "outlookUserSupportedTimeZonesForMeWithTimeZoneStandard"
            ]
        );
        assert_eq!(
            names(
                "List plans",
                Resource,
                &[(Get, "/groups/{group-id}/planner/plans")]
            ),
            ["listGroupPlans"]
        );
    }
}
