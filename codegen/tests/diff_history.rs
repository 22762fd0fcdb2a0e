//! `graphdoc diff` over edits the real docs history makes, on real pages (`tests/data/history-2021`,
//! copied from the 2021 corpus): each test edits a copy as a revision did and checks the whole
//! report. A derived-type page of an Intune family removed or added changes no operation; a page
//! renamed pairs with its old self; placeholders respelled change nothing; an optional action
//! parameter added to a page documenting many paths is one additive change; a property that loses
//! its definition but stays in an example is its own kind of change, at its resource page.

use std::path::Path;

use graphdoc_codegen::diff::{self, render};
use graphdoc_codegen::{Docs, Settings};

type Pages = Vec<(String, String)>;

fn fixture() -> Pages {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/history-2021");
    let docs = Docs::load(&root);
    assert!(docs.diagnostics.is_empty() && docs.files.len() == 17);
    docs.files.into_iter().map(|f| (f.path, f.text)).collect()
}

/// The human report from `old` to `new`, as `graphdoc diff --old old --docs new` prints it.
fn report(old: &Pages, new: &Pages) -> String {
    let schema = |pages: &Pages| {
        let docs = Docs::from_memory(pages.iter().cloned());
        graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema()
    };
    let changes = diff::diff(&schema(old), &schema(new));
    let trees = render::Trees {
        old: Path::new("old"),
        new: Path::new("new"),
        old_links: None,
        new_links: None,
    };
    render::human(&changes, &trees)
}

fn without(pages: &Pages, file: &str) -> Pages {
    let kept: Pages = pages.iter().filter(|(p, _)| p != file).cloned().collect();
    assert_eq!(kept.len() + 1, pages.len(), "{file}");
    kept
}

/// `pages` with `edit` applied to the text of `file`, which must change.
fn edited(pages: &Pages, file: &str, edit: impl Fn(&str) -> String) -> Pages {
    let mut out = pages.clone();
    let page = out.iter_mut().find(|(p, _)| p == file).expect(file);
    let text = edit(&page.1);
    assert_ne!(text, page.1, "{file} unchanged");
    page.1 = text;
    out
}

const NOTHING: &str = "graphdoc: no model changes\n";
const PLATFORM_CREATE: &str =
    "v1.0/api/intune-onboarding-deviceenrollmentplatformrestrictionsconfiguration-create.md";
const HELLO_CREATE: &str =
    "v1.0/api/intune-onboarding-deviceenrollmentwindowshelloforbusinessconfiguration-create.md";

#[test]
fn an_intune_derived_type_page_removed_changes_no_operation() {
    let all = fixture();
    assert_eq!(report(&all, &without(&all, PLATFORM_CREATE)), NOTHING);
}

#[test]
fn an_intune_derived_type_page_added_changes_no_operation() {
    let all = fixture();
    assert_eq!(report(&without(&all, HELLO_CREATE), &all), NOTHING);
}

#[test]
fn a_renamed_page_pairs_with_its_old_self() {
    let all = fixture();
    // One page renamed as it is; another renamed from an older name while its paths gained the
    // drive item prefix, as the workbook pages did.
    let rename = |pages: &Pages, from: &str, to: &str| -> Pages {
        let mut out = pages.clone();
        out.iter_mut().find(|(p, _)| p == from).expect(from).0 = to.to_string();
        out
    };
    let old = rename(
        &all,
        "v1.0/api/chat-list-members.md",
        "v1.0/api/chat-members-list.md",
    );
    let old = rename(
        &old,
        "v1.0/api/table-get.md",
        "v1.0/api/workbook-table-get.md",
    );
    let old = edited(&old, "v1.0/api/workbook-table-get.md", |t| {
        t.replace("GET /me/drive/items/{id}/workbook/", "GET /workbook/")
    });
    // The first page reports nothing; the second its two moved paths (the `root:` ones stayed).
    let note = "          note: the generated request's fields are named after the parameters (whatever the placeholders' spelling)\n";
    let expected = [
        "breaking  path v1.0 GET /me/drive/items/{id}/workbook/tables/{id|name}: changed: /workbook/tables/{id|name} -> /me/drive/items/{id}/workbook/tables/{id|name}\n",
        "          at old/v1.0/api/workbook-table-get.md:27 -> new/v1.0/api/table-get.md:27\n",
        "breaking  path v1.0 GET /me/drive/items/{id}/workbook/worksheets/{id|name}/tables/{id|name}: changed: /workbook/worksheets/{id|name}/tables/{id|name} -> /me/drive/items/{id}/workbook/worksheets/{id|name}/tables/{id|name}\n",
        "          at old/v1.0/api/workbook-table-get.md:29 -> new/v1.0/api/table-get.md:29\n",
        "breaking  path parameters v1.0 GET /me/drive/items/{id}/workbook/tables/{id|name}: changed: table_id -> item_id, table_id\n",
        "          at old/v1.0/api/workbook-table-get.md:27 -> new/v1.0/api/table-get.md:27\n",
        note,
        "breaking  path parameters v1.0 GET /me/drive/items/{id}/workbook/worksheets/{id|name}/tables/{id|name}: changed: worksheet_id, table_id -> item_id, worksheet_id, table_id\n",
        "          at old/v1.0/api/workbook-table-get.md:29 -> new/v1.0/api/table-get.md:29\n",
        note,
        "graphdoc: 4 breaking changes to code generated by graphdoc (0 additive, 0 neutral)\n",
    ];
    assert_eq!(report(&old, &all), expected.concat());
}

#[test]
fn placeholders_respelled_change_nothing() {
    let all = fixture();
    let old = all
        .iter()
        .map(|(p, t)| {
            let t = match p.contains("/api/chat-") {
                true => t
                    .replace("{chat-id}", "{id}")
                    .replace("{membership-id}", "{id}"),
                false => t.clone(),
            };
            (p.clone(), t)
        })
        .collect::<Pages>();
    assert_ne!(old, all);
    assert_eq!(report(&old, &all), NOTHING);
    // The IR (what `inspect` prints) names the parameters alike, whatever the spelling.
    let parameters = |pages: &Pages| -> Vec<(String, Vec<String>)> {
        let docs = Docs::from_memory(pages.iter().cloned());
        let schema = graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema();
        schema
            .operations
            .iter()
            .filter(|o| o.source.file.contains("/api/chat-"))
            .map(|o| {
                let names = o.parameters.iter().map(|p| p.name.clone()).collect();
                (o.endpoint.clone(), names)
            })
            .collect()
    };
    let before = parameters(&old);
    assert_eq!(before, parameters(&all));
    assert!(
        before
            .iter()
            .any(|(_, names)| names == &["chatId", "memberId"]),
        "{before:?}"
    );
}

#[test]
fn an_optional_parameter_added_under_many_paths_is_one_additive_change_per_page() {
    let all = fixture();
    let row = |t: &str| -> String {
        t.lines()
            .filter(|l| !l.starts_with("|proposedNewTime|"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let old = edited(&all, "v1.0/api/event-decline.md", row);
    let old = edited(&old, "v1.0/api/event-tentativelyaccept.md", row);
    // Each page documents its action under eight paths, each path its own endpoint.
    let entry = |action: &str, page: &str, line: usize| {
        let mut text = format!("additive  request parameter v1.0 POST /me/events/{{id}}/{action} (and 7 more paths): added: proposedNewTime: microsoft.graph.timeSlot\n          at new/v1.0/api/{page}:{line}\n");
        let others = [
            "/users/{id | userPrincipalName}/events/{id}",
            "/me/calendar/events/{id}",
            "/users/{id | userPrincipalName}/calendar/events/{id}",
            "/me/calendars/{id}/events/{id}",
            "/users/{id | userPrincipalName}/calendars/{id}/events/{id}",
            "/me/calendargroups/{id}/calendars/{id}/events/{id}",
            "/users/{id | userPrincipalName}/calendargroups/{id}/calendars/{id}/events/{id}",
        ];
        for path in others {
            text.push_str(&format!("          also POST {path}/{action}\n"));
        }
        text
    };
    let expected = [
        entry("decline", "event-decline.md", 62),
        entry("tentativelyAccept", "event-tentativelyaccept.md", 54),
        "graphdoc: no breaking changes (2 additive, 0 neutral)\n".to_string(),
    ];
    assert_eq!(report(&old, &all), expected.concat());
}

#[test]
fn a_property_gone_from_its_resource_page_but_in_an_example_is_a_lost_definition() {
    let all = fixture();
    let new = edited(&all, "v1.0/resources/user.md", |t| {
        t.lines()
            .filter(|l| !l.contains("jobTitle"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    // Not a description emptied nor properties reordered: the definition, where it was, and the
    // examples that still show it. A type with a resource page takes its fields from that page
    // alone, so the field goes (breaking): the value arrives in `additional_properties`.
    let expected = [
        "breaking  definition v1.0 microsoft.graph.user.jobTitle: removed, still in examples: Edm.String\n",
        "          at old/v1.0/resources/user.md:165\n",
        "          in examples at new/v1.0/api/user-get.md:100, new/v1.0/api/user-get.md:163\n",
        "          note: the generated field goes: a value the service still sends arrives in `additional_properties`; check whether the API still has it\n",
        "graphdoc: 1 breaking change to code generated by graphdoc (0 additive, 0 neutral)\n",
    ];
    assert_eq!(report(&all, &new), expected.concat());
}

#[test]
fn action_parameters_compare_member_by_member() {
    let all = fixture();
    let new = edited(&all, "v1.0/api/event-decline.md", |t| {
        t.replace(
            "|comment|String|Text included in the response. Optional.|",
            "|comment|String|Text included in the response. Required.|",
        )
        .replace(
            "|proposedNewTime|[timeSlot](../resources/timeslot.md)|",
            "|proposedNewTime|String|",
        )
        .lines()
        .filter(|l| !l.starts_with("|sendResponse|"))
        .map(|l| format!("{l}\n"))
        .collect()
    });
    let schema = |pages: &Pages| {
        let docs = Docs::from_memory(pages.iter().cloned());
        graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema()
    };
    let changes = diff::diff(&schema(&all), &schema(&new));
    type Seen<'c> = (
        diff::Class,
        diff::Kind,
        &'c str,
        Option<&'c str>,
        Option<&'c str>,
        usize,
    );
    let seen: Vec<Seen> = changes
        .iter()
        .map(|c| {
            fn value(s: &Option<diff::Side>) -> Option<&str> {
                s.as_ref().and_then(|s| s.value.as_deref())
            }
            (
                c.class,
                c.kind,
                c.change,
                value(&c.old),
                value(&c.new),
                c.paths.len(),
            )
        })
        .collect();
    use diff::{Class::Breaking, Kind::RequestParameter};
    assert_eq!(
        seen,
        [
            (
                Breaking,
                RequestParameter,
                "made required",
                None,
                Some("comment: Edm.String"),
                8
            ),
            (
                Breaking,
                RequestParameter,
                "removed",
                Some("sendResponse: Edm.Boolean"),
                None,
                8
            ),
            (
                Breaking,
                RequestParameter,
                "type changed",
                Some("proposedNewTime: microsoft.graph.timeSlot"),
                Some("proposedNewTime: Edm.String"),
                8
            ),
            (
                diff::Class::Neutral,
                RequestParameter,
                "description changed",
                Some("Text included in the response. Optional."),
                Some("Text included in the response. Required."),
                8
            ),
        ]
    );
    // A required parameter added is breaking too (code building the body must give it).
    let required = edited(&all, "v1.0/api/event-tentativelyaccept.md", |t| {
        t.replace(
            "|comment|String|",
            "|reason|String|Why. Required.|\n|comment|String|",
        )
    });
    let changes = diff::diff(&schema(&all), &schema(&required));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(
        (changes[0].class, changes[0].change, changes[0].paths.len()),
        (Breaking, "added", 8)
    );
    assert!(changes[0].note.unwrap().contains("must now give it"));
}
