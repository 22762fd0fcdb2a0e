//! Messages that say what and why, on trees a user builds: the enum merge with the real enum page
//! beside the seed resource page, and a property typed differently by two tables.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const ENUM_PAGE: &str = "beta/resources/intune-devices-remoteaction.md";
const RESOURCE_PAGE: &str = "beta/resources/intune-devices-remoteactionaudit.md";

/// The seed docs plus `extra` pages (path relative to the docs folder, text), under `dir/docs`.
fn tree(name: &str, extra: &[(&str, String)]) -> PathBuf {
    let dir = scratch(name);
    let mut pages = seed_pages();
    pages.extend(extra.iter().map(|(p, t)| (p.to_string(), t.clone())));
    write_tree(&dir.join("docs"), &pages);
    dir
}

/// `lint --format json`'s findings of `code`.
fn findings(dir: &Path, code: &str) -> Vec<Value> {
    let o = graphdoc(&["lint", "--format", "json"], dir);
    let v: Value = serde_json::from_slice(&o.stdout).expect("lint prints JSON");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .cloned()
        .collect()
}

/// The enum page beside the seed resource page (39 members inline, the enum page 24): the resource
/// page holds the fullest list, so no member is "extra", the enum page is the one page more that
/// lags, and every lag names the resource page as the fullest list.
fn check_enum_merge(dir: &Path) {
    assert!(
        findings(dir, "enum-member-extra").is_empty(),
        "{:#?}",
        findings(dir, "enum-member-extra")
    );
    let lags = findings(dir, "enum-members-lag");
    let fullest = format!("the fullest list is at {RESOURCE_PAGE}:37");
    for lag in &lags {
        let message = lag["message"].as_str().unwrap();
        assert!(message.contains(&fullest), "{message}");
        assert_ne!(
            lag["docsPath"], RESOURCE_PAGE,
            "the fullest list never lags"
        );
    }
    let on_enum_page: Vec<&Value> = lags.iter().filter(|l| l["docsPath"] == ENUM_PAGE).collect();
    assert_eq!(on_enum_page.len(), 1, "{lags:#?}");
    let message = on_enum_page[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "this page lists 24 of the 39 members of remoteAction; missing: deprovision, "
        ),
        "{message}"
    );
    // The two seed request pages lag as before.
    assert_eq!(lags.len(), 3, "{lags:#?}");

    let o = graphdoc(&["inspect", "--format", "json"], dir);
    let ir: Value = serde_json::from_slice(&o.stdout).unwrap();
    let remote_action = ir["enums"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "remoteAction")
        .unwrap();
    assert_eq!(remote_action["members"].as_array().unwrap().len(), 39);
}

/// The committed fixture: the enum page's structure and members, trimmed (no descriptions), so the
/// test runs without the corpus.
#[test]
fn enum_merge_with_the_trimmed_enum_page_names_the_real_fullest_list() {
    let fixture = repo().join("codegen/tests/data/enum-page").join(ENUM_PAGE);
    let page = std::fs::read_to_string(fixture).unwrap();
    let dir = tree("messages-enum-fixture", &[(ENUM_PAGE, page)]);
    check_enum_merge(&dir);
    let lags: Vec<String> = findings(&dir, "enum-members-lag")
        .iter()
        .map(|f| {
            format!(
                "{}:{}: {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("enum-page-lags", lags.join("\n"));
}

/// The real page, copied from the corpus at test time when the corpus is beside the checkout
/// (`../shared/corpus`); skipped, saying so, when it is not.
#[test]
fn enum_merge_with_the_real_enum_page_from_the_corpus() {
    let corpus = repo()
        .join("../shared/corpus/graph-docs-2021-07/api-reference")
        .join(ENUM_PAGE);
    let Ok(page) = std::fs::read_to_string(&corpus) else {
        eprintln!("skipped: {} is not here", corpus.display());
        return;
    };
    let dir = tree("messages-enum-corpus", &[(ENUM_PAGE, page)]);
    check_enum_merge(&dir);
}

/// A request-body table that types a property differently from the resource page: the message
/// names both types and both places, and which one is used.
#[test]
fn property_type_disagrees_names_both_types_and_places() {
    let mut pages = seed_pages();
    let create = "beta/api/intune-devices-remoteactionaudit-create.md";
    edit(
        &mut pages,
        create,
        "|requestDateTime|DateTimeOffset|",
        "|requestDateTime|Int64 collection|",
    );
    let dir = scratch("messages-property-type");
    write_tree(&dir.join("docs"), &pages);
    let found = findings(&dir, "property-type-disagrees");
    assert_eq!(found.len(), 1, "{found:#?}");
    let here = line_holding(&dir.join("docs"), create, "|requestDateTime|");
    let there = line_holding(&dir.join("docs"), RESOURCE_PAGE, "|requestDateTime|");
    assert_eq!(found[0]["file"], format!("docs/{create}"));
    assert_eq!(found[0]["line"], here);
    assert_eq!(
        found[0]["message"],
        format!("`remoteActionAudit.requestDateTime` is typed `Collection(Edm.Int64)` here but `Edm.DateTimeOffset` at {RESOURCE_PAGE}:{there}; the resource page's `Edm.DateTimeOffset` is used")
    );
}

/// A member spelled in another case is another wire value: it lags and is extra, and the lag says
/// the page has it in another case.
#[test]
fn a_member_in_another_case_is_named_as_such() {
    let mut pages = seed_pages();
    let update = "beta/api/intune-devices-remoteactionaudit-update.md";
    edit(
        &mut pages,
        update,
        "Possible values are: `unknown`, ",
        "Possible values are: `Unknown`, ",
    );
    let dir = scratch("messages-enum-case");
    write_tree(&dir.join("docs"), &pages);
    let lag: Vec<Value> = findings(&dir, "enum-members-lag")
        .into_iter()
        .filter(|f| f["docsPath"] == update)
        .collect();
    assert_eq!(lag.len(), 1);
    let message = lag[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "this page lists 30 of the 39 members of remoteAction; missing: unknown, "
        ) && message.contains(
            "; 1 of them this page spells in another case (Unknown) (the fullest list is at"
        ),
        "{message}"
    );
    let extra = findings(&dir, "enum-member-extra");
    assert_eq!(extra.len(), 1);
    assert!(extra[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("`Unknown` is a member of remoteAction here but not in the fullest list at "));
}

/// What a user who mistyped sees: each message in full, with its suggestion (issue 25).
#[test]
fn messages_that_suggest() {
    let dir = tree("suggest", &[]);
    std::fs::create_dir_all(dir.join("myapp/src")).unwrap();
    std::fs::write(dir.join("myapp/src/lib.rs"), "// mine\n").unwrap();
    std::fs::write(dir.join("myapp/src/main.rs"), "// mine\n").unwrap();
    let mut shown = String::new();
    for args in [
        &["generate", "--root", "usr"][..],
        &["generate", "--root", "/user"],
        &["inspect", "--root", "users"],
        &["check", "--out", "not-there"],
        &["generate", "--out", "myapp/src"],
    ] {
        let o = graphdoc(args, &dir);
        let scrubbed = all_output(&o).replace(&dir.display().to_string(), "<dir>");
        shown.push_str(&format!(
            "$ graphdoc {} (exit {})\n{scrubbed}\n",
            args.join(" "),
            o.status.code().unwrap_or(-1)
        ));
    }
    insta::assert_snapshot!("messages-that-suggest", shown);
}
