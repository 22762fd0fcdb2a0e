//! What a person sees from `graphdoc`, pinned with insta: quiet `generate` and `check` (errors in
//! full and last, warnings and notes counted by code), why `lint --deny-warnings` failed, findings
//! about no file, `--version` against `--api-version`, and every subcommand's `--help` with its
//! exit codes. Each snapshot holds the exit code, stdout and stderr; the scratch folder's absolute
//! path is replaced by `[TMP]` (no output here carries timings).

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

/// The exit code and both streams, with `dir` masked.
fn shown(o: &Output, dir: &Path) -> String {
    let mask = |s: &[u8]| String::from_utf8_lossy(s).replace(dir.to_str().unwrap(), "[TMP]");
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        mask(&o.stdout),
        mask(&o.stderr)
    )
}

/// A folder with the seed docs under `docs/`.
fn seeds(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    write_tree(&dir.join("docs"), &seed_pages());
    dir
}

#[test]
fn generate_on_the_seeds_prints_a_handful_of_lines() {
    let dir = seeds("out-generate");
    let o = graphdoc(&["generate"], &dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr).lines().count() <= 5,
        "{}",
        shown(&o, &dir)
    );
    insta::assert_snapshot!("generate-seeds", shown(&o, &dir));
    insta::assert_snapshot!("check-seeds", shown(&graphdoc(&["check"], &dir), &dir));
    insta::assert_snapshot!(
        "generate-seeds-quiet",
        shown(&graphdoc(&["generate", "--quiet"], &dir), &dir)
    );
}

#[test]
fn verbose_prints_every_finding_as_lint_does() {
    let dir = seeds("out-verbose");
    let o = graphdoc(&["generate", "--verbose"], &dir);
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let lint = stdout(&graphdoc(&["lint"], &dir));
    let findings = |text: &str| text.lines().filter(|l| l.contains("--> ")).count();
    assert_eq!(findings(&stderr), 21, "{stderr}");
    assert_eq!(findings(&stderr), findings(&lint));
    assert!(!stderr.contains("`graphdoc lint` shows"), "{stderr}");
    let o = graphdoc(&["generate", "--verbose", "--quiet"], &dir);
    assert_eq!(o.status.code(), Some(2), "{}", shown(&o, &dir));
}

#[test]
fn a_docs_error_is_printed_last_and_nothing_is_written() {
    let dir = seeds("out-not-utf8");
    std::fs::write(
        dir.join("docs/beta/resources/broken.md"),
        b"# broken\n\nbad \xff byte\n",
    )
    .unwrap();
    let o = graphdoc(&["generate"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.join("generated").exists());
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let error = stderr.find("error[file-not-utf8]").expect("the error");
    assert!(
        !stderr[error..].contains("warning[") && !stderr[..error].contains("note["),
        "{stderr}"
    );
    insta::assert_snapshot!("generate-not-utf8", shown(&o, &dir));
    // `--verbose` prints the warnings and notes too, the error still last.
    let o = graphdoc(&["generate", "--verbose"], &dir);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let error = stderr.find("error[file-not-utf8]").expect("the error");
    assert!(
        stderr[..error].contains("warning[") && !stderr[error..].contains("warning["),
        "{stderr}"
    );
}

#[test]
fn findings_about_the_docs_folder_or_no_file_say_so() {
    let dir = seeds("out-no-file");
    insta::assert_snapshot!(
        "generate-missing-docs",
        shown(&graphdoc(&["generate", "--docs", "nope"], &dir), &dir)
    );
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    insta::assert_snapshot!(
        "check-empty-docs",
        shown(&graphdoc(&["check", "--docs", "empty/"], &dir), &dir)
    );
    insta::assert_snapshot!(
        "generate-unknown-root",
        shown(
            &graphdoc(&["generate", "--quiet", "--root", "noSuchType"], &dir),
            &dir
        )
    );
}

/// `--docs` one level too low (`docs/v1.0`, a tree with only v1.0 pages): one error naming the
/// folder that works, exit 1, and no count of findings about the pages.
#[test]
fn docs_inside_a_version_folder_names_the_folder_that_works() {
    let dir = scratch("out-docs-v1");
    let (_, page) = seed_pages()
        .into_iter()
        .find(|(p, _)| p.ends_with("intune-devices-remoteactionaudit.md"))
        .unwrap();
    write_tree(
        &dir.join("docs"),
        &[(
            "v1.0/resources/intune-devices-remoteactionaudit.md".to_string(),
            page,
        )],
    );
    let o = graphdoc(&["generate", "--docs", "docs/v1.0"], &dir);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("findings about the docs"), "{stderr}");
    assert!(!stderr.contains("page-outside-versions"), "{stderr}");
    insta::assert_snapshot!("generate-docs-v1", shown(&o, &dir));
    // The folder it names works.
    let o = graphdoc(&["generate", "--docs", "docs"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", shown(&o, &dir));
}

/// Pages that give nothing are counted on a line of their own (and in `inspect`'s JSON, by path):
/// an API page without a request, a resource page that names no type.
#[test]
fn pages_that_give_nothing_are_counted() {
    let dir = seeds("out-lost");
    let mut pages = seed_pages();
    pages.push((
        "beta/api/nothing.md".into(),
        "---\ndoc_type: apiPageType\n---\n# Do nothing\n\nNamespace: microsoft.graph\n\nNo request.\n".into(),
    ));
    pages.push((
        "beta/resources/overview.md".into(),
        "---\ndoc_type: resourcePageType\n---\n# An overview\n\nProse only.\n".into(),
    ));
    write_tree(&dir.join("docs"), &pages);
    let o = graphdoc(&["generate"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", shown(&o, &dir));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("graphdoc: 1 API page gave no operation and 1 resource page no type; the findings on each say why\n"),
        "{stderr}"
    );
    let o = graphdoc(&["inspect", "--format", "json"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json["lost"],
        serde_json::json!({"apiPages": ["beta/api/nothing.md"], "resourcePages": ["beta/resources/overview.md"]})
    );
    // The seeds alone lose nothing, and say nothing of it.
    let o = graphdoc(&["generate", "--docs", "docs"], &seeds("out-lost-none"));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("gave no operation"));
}

#[test]
fn lint_says_why_it_failed() {
    let dir = seeds("out-lint");
    let o = graphdoc(&["lint", "--deny-warnings"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("graphdoc: 5 pages"), "{}", stdout(&o));
    insta::assert_snapshot!(
        "lint-deny-warnings-stderr",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = graphdoc(&["lint", "--deny-warnings", "--format", "json"], &dir);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON alone");
    assert_eq!(json["summary"]["warnings"], 9);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: lint failed: 9 warning(s), and --deny-warnings makes warnings fail the run\n"
    );
    let o = graphdoc(&["lint"], &dir);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    let o = graphdoc(&["lint", "--docs", "nope", "--format", "sarif"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: lint failed: the docs have 1 error(s)\n"
    );
}

#[test]
fn version_is_the_program_and_api_version_is_the_docs() {
    let dir = seeds("out-version");
    let mut all = String::new();
    for args in [
        &["--version"][..],
        &["--version", "beta", "generate"],
        &["--version", "generate"],
        &["generate", "--version", "beta"],
        &["generate", "--api-version", "v2"],
    ] {
        let o = graphdoc(args, &dir);
        all.push_str(&format!(
            "$ graphdoc {}\n{}\n",
            args.join(" "),
            shown(&o, &dir)
        ));
    }
    assert!(!dir.join("generated").exists(), "none of these generates");
    insta::assert_snapshot!("version-flags", all);
    let o = graphdoc(&["generate", "--api-version", "beta", "--quiet"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", shown(&o, &dir));
    assert!(dir.join("generated/src/beta").is_dir());
}

#[test]
fn every_subcommand_help_describes_each_option_and_lists_its_exit_codes() {
    let dir = scratch("out-help");
    for command in ["generate", "check", "inspect", "lint", "diff", "serve"] {
        let o = graphdoc(&[command, "--help"], &dir);
        assert_eq!(o.status.code(), Some(0));
        let help = stdout(&o);
        assert!(help.contains("\nExit codes:\n  0  "), "{command}: {help}");
        // Every option is followed by its description, on the next line in long help.
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let option = line.trim_start();
            if option.starts_with("--")
                || option.starts_with("-h,")
                || option.starts_with("-q,")
                || option.starts_with("-v,")
            {
                let next = lines.get(i + 1).map_or("", |l| l.trim());
                assert!(!next.is_empty(), "{command}: `{line}` has no description");
            }
        }
        insta::assert_snapshot!(format!("help-{command}"), help);
    }
    let o = graphdoc(&["--help"], &dir);
    insta::assert_snapshot!("help", stdout(&o));
}
