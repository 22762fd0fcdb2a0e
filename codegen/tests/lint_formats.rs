//! `graphdoc lint` in its three formats: what it locates on the seeds, SARIF against the official
//! SARIF 2.1.0 schema and what GitHub code scanning needs, `--only`, exit codes, and snapshots on the
//! seeds and on a docs tree built here.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn sarif_validator() -> jsonschema::Validator {
    // The schema's two `language` patterns hold a stray `]` (a literal, harmless in ECMA-262's
    // lenient mode) that the validator's strict check of the schema itself rejects; it is escaped
    // here, in memory. Nothing graphdoc writes has a `language`.
    let text = include_str!("data/sarif-2.1.0-rtm.5.json");
    let stray = "-[a-zA-Z]{2}]?$";
    assert_eq!(text.matches(stray).count(), 2);
    let text = text.replace(stray, "-[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

/// Schema errors, one per line; empty when valid.
fn schema_errors(log: &Value) -> String {
    sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{e} (at {})", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What code scanning needs beyond the schema: a rule for every result, one location with a
/// relative URI that names a file under `cwd` and a start line, a message and a fingerprint.
fn github_problems(log: &Value, cwd: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            if rule[key]["text"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("rule {} lacks {key}.text", rule["id"]));
            }
        }
        if rule["defaultConfiguration"]["level"].as_str().is_none() {
            problems.push(format!("rule {} lacks a default level", rule["id"]));
        }
    }
    for r in run["results"].as_array().unwrap() {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        if rule["id"] != r["ruleId"] {
            problems.push(format!("{} points at rule {}", r["ruleId"], rule["id"]));
        }
        if r["message"]["text"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("{} has no message", r["ruleId"]));
        }
        if r["partialFingerprints"]
            .as_object()
            .is_none_or(|f| f.is_empty())
        {
            problems.push(format!("{} has no fingerprint", r["ruleId"]));
        }
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap_or("");
        let decoded = uri.replace("%20", " ");
        if location["artifactLocation"]["uriBaseId"] != "%SRCROOT%" || !cwd.join(&decoded).is_file()
        {
            problems.push(format!(
                "{} at `{uri}`, not a file relative to the root",
                r["ruleId"]
            ));
        }
        if location["region"]["startLine"]
            .as_u64()
            .is_none_or(|l| l == 0)
        {
            problems.push(format!("{} at {uri} has no start line", r["ruleId"]));
        }
    }
    problems
}

fn lint(args: &[&str], cwd: &Path) -> (Option<i32>, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    let o = graphdoc(&all, cwd);
    (o.status.code(), stdout(&o))
}

/// The absolute folder the SARIF was written in, in its `originalUriBaseIds`, replaced for snapshots.
fn redact_root(sarif: &str, cwd: &Path) -> String {
    let root = format!("file://{}/", cwd.display());
    assert!(sarif.contains(&root), "no %SRCROOT% base {root}");
    sarif.replace(&root, "file:///ROOT/")
}

#[test]
fn sarif_locates_the_seed_pages_real_disagreements() {
    let repo = repo();
    let (code, text) = lint(&["--format", "sarif"], &repo);
    assert_eq!(code, Some(0), "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let found: Vec<(String, String, usize)> = results
        .iter()
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                at["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                at["region"]["startLine"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let create = "docs/beta/api/intune-devices-remoteactionaudit-create.md";
    let update = "docs/beta/api/intune-devices-remoteactionaudit-update.md";
    let activities = "docs/beta/api/activitiescontainer-post-auditactivities.md";
    // Each expected finding: its rule, its file, a text its line holds, and how many lines above
    // that text it is (example findings are on the fence that opens the request).
    let example = "POST https://graph.microsoft.com/";
    let expected = [
        ("enum-members-lag", create, "|action|Enumeration|", 0),
        ("enum-members-lag", update, "|action|[remoteAction]", 0),
        (
            "path-disagrees-with-example",
            create,
            "POST /deviceManagement/remoteActionAudits/$ref",
            0,
        ),
        ("permissions-todo", create, "TODO: Determine scopes", 0),
        (
            "permissions-todo",
            create,
            "TODO: Determine AppOnly scopes",
            0,
        ),
        (
            "example-url-broken",
            create,
            "graph.microsoft.com/docs\\api/",
            1,
        ),
        (
            "example-placeholder",
            create,
            "graph.microsoft.com/docs\\api/",
            1,
        ),
        ("example-placeholder", activities, example, 1),
    ];
    for (rule, file, holding, above) in expected {
        let line = line_holding(&repo, file, holding) - above;
        assert!(
            found.contains(&(rule.to_string(), file.to_string(), line)),
            "no {rule} at {file}:{line} (`{holding}`); found {found:#?}"
        );
    }
    let placeholders = found
        .iter()
        .filter(|f| f.0 == "example-placeholder")
        .count();
    assert_eq!(
        placeholders, 4,
        "two on each page with placeholder examples"
    );
}

#[test]
fn sarif_is_valid_sarif_2_1_0_and_what_code_scanning_needs() {
    let repo = repo();
    let (_, text) = lint(&["--format", "sarif"], &repo);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema_errors(&log), "");
    assert_eq!(github_problems(&log, &repo), Vec::<String>::new());
    assert_eq!(
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", repo.display())
    );

    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "warn".into();
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let errors = schema_errors(&broken);
    assert!(
        errors.contains("warn") && errors.contains("startLine"),
        "{errors}"
    );
}

#[test]
fn json_counts_match_the_findings_and_only_narrows_them() {
    let repo = repo();
    let (_, text) = lint(&["--format", "json"], &repo);
    let v: Value = serde_json::from_str(&text).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let by_code = v["summary"]["byCode"].as_object().unwrap();
    assert_eq!(
        by_code.values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
        findings.len() as u64
    );
    assert_eq!(by_code["enum-members-lag"], 2);
    for f in findings {
        let file = f["file"].as_str().unwrap();
        assert_eq!(file, format!("docs/{}", f["docsPath"].as_str().unwrap()));
        assert!(repo.join(file).is_file(), "{file}");
        assert!(f["line"].as_u64().unwrap() > 0);
    }

    let update = "docs/beta/api/intune-devices-remoteactionaudit-update.md";
    let (code, text) = lint(&["--format", "json", "--only", update], &repo);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&text).unwrap();
    let files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [update, update], "{text}");
    // The same file relative to the docs folder, and its folder, select the same.
    let (_, by_docs_path) = lint(
        &[
            "--format",
            "json",
            "--only",
            "beta/api/intune-devices-remoteactionaudit-update.md",
        ],
        &repo,
    );
    assert_eq!(by_docs_path, text);
    let (_, folder) = lint(
        &["--format", "json", "--only", "docs/beta/resources"],
        &repo,
    );
    let v: Value = serde_json::from_str(&folder).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["docsPath"]
            .as_str()
            .unwrap()
            .starts_with("beta/resources/")));
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn exit_codes() {
    let repo = repo();
    assert_eq!(lint(&["--format", "sarif"], &repo).0, Some(0));
    assert_eq!(
        lint(&["--format", "json", "--deny-warnings"], &repo).0,
        Some(1)
    );
    // Only the resource page: one warning, still a failure with --deny-warnings; the update page
    // alone has a warning too, and a page without findings passes.
    let resources = "docs/beta/resources/intune-devices-remoteactionaudit.md";
    assert_eq!(
        lint(&["--deny-warnings", "--only", resources], &repo).0,
        Some(1)
    );
    let quiet = "docs/beta/api/intune-auditing-auditevent-create.md";
    let (code, text) = lint(
        &["--deny-warnings", "--only", quiet, "--format", "json"],
        &repo,
    );
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(lint(&["--format", "yaml"], &repo).0, Some(2));
    let dir = scratch("lint-missing");
    let (code, text) = lint(&["--format", "sarif", "--docs", "nope"], &dir);
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "docs-missing");
    assert_eq!(schema_errors(&log), "");
}

#[test]
fn snapshots_on_the_seeds() {
    let repo = repo();
    let (_, human) = lint(&[], &repo);
    insta::assert_snapshot!("seeds-human", human);
    let (_, json) = lint(&["--format", "json"], &repo);
    insta::assert_snapshot!("seeds-json", json);
    let (_, sarif) = lint(&["--format", "sarif"], &repo);
    insta::assert_snapshot!("seeds-sarif", redact_root(&sarif, &repo));
}

/// The short form a docs team starts from: errors, the codes most frequent first, and the findings
/// rolled up per area (or page), most first.
#[test]
fn summaries_by_count_and_rollups_by_area_and_page() {
    let repo = repo();
    let (code, area) = lint(&["--quiet", "--summary-by", "area"], &repo);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("seeds-quiet-by-area", area);
    let (_, page) = lint(&["--quiet", "--summary-by", "page"], &repo);
    insta::assert_snapshot!("seeds-quiet-by-page", page);
    // Every finding is counted once, in any rollup, and the JSON has the same rows.
    let (_, json) = lint(&["--format", "json", "--summary-by", "area"], &repo);
    let v: Value = serde_json::from_str(&json).unwrap();
    let rows = v["summary"]["byArea"].as_array().unwrap();
    let total: u64 = rows.iter().map(|r| r["findings"].as_u64().unwrap()).sum();
    assert_eq!(total, v["findings"].as_array().unwrap().len() as u64);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["beta /deviceManagement", "beta /users", "beta/resources/"]
    );
    assert!(v["summary"].get("byPage").is_none());
    // byCode lists the most frequent code first (read from the text: a parsed object is sorted).
    let summary = &json[json.find("\"summary\"").unwrap()..];
    let block = &summary[summary.find("\"byCode\": {").unwrap()..];
    let counts: Vec<u64> = block[..block.find('}').unwrap()]
        .lines()
        .filter_map(|l| {
            l.trim()
                .trim_end_matches(',')
                .rsplit(": ")
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(counts.len(), 9, "{block}");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // SARIF has no summary to add it to: a usage error that says so.
    let o = graphdoc(
        &["lint", "--format", "sarif", "--summary-by", "page"],
        &repo,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(all_output(&o).contains("--summary-by is for the human and JSON formats"));
}

/// A small tree in a folder whose name needs percent-encoding in a URI: the update page with a
/// TODO scope and a stray member, beside the resource page.
#[test]
fn snapshots_on_a_built_tree() {
    let dir = scratch("lint-built");
    let mut pages: Vec<(String, String)> = seed_pages()
        .into_iter()
        .filter(|(p, _)| p.contains("remoteactionaudit") && !p.ends_with("-create.md"))
        .collect();
    let update = "beta/api/intune-devices-remoteactionaudit-update.md";
    edit(
        &mut pages,
        update,
        "[!INCLUDE [permissions-table](../includes/permissions/intune-devices-remoteactionaudit-update-permissions.md)]",
        "|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Delegated (work or school account)|**TODO: Determine scopes **|\n|Application|DeviceManagementManagedDevices.ReadWrite.All|",
    );
    edit(
        &mut pages,
        update,
        "`removeCompanyData`, ",
        "`removeCompanyData`, `wipeEverything`, ",
    );
    write_tree(&dir.join("my docs"), &pages);
    let (code, human) = lint(&["--docs", "my docs"], &dir);
    assert_eq!(code, Some(0), "{human}");
    insta::assert_snapshot!("built-human", human);
    let (_, json) = lint(&["--docs", "my docs", "--format", "json"], &dir);
    insta::assert_snapshot!("built-json", json);
    let (_, sarif) = lint(&["--docs", "my docs", "--format", "sarif"], &dir);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(schema_errors(&log), "");
    assert_eq!(github_problems(&log, &dir), Vec::<String>::new());
    insta::assert_snapshot!("built-sarif", redact_root(&sarif, &dir));
}
