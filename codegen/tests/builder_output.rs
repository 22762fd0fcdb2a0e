//! What the `Builder` prints in a build script: one `cargo:warning` line counting the warnings by
//! code and naming the report file in `OUT_DIR` that holds every finding; each warning with
//! `.verbose(true)`; nothing with `.quiet(true)`; errors returned in full, readable under `Debug`
//! (what `unwrap()`, `expect()` and `?` in `main` print), with help in the Builder's words.
//!
//! The `Builder` prints only inside a build script (`CARGO_MANIFEST_DIR` and `OUT_DIR` set), so
//! these tests run this binary again as a child with those variables and read what it printed.

mod common;

use common::*;
use graphdoc_codegen::internals::front_end::FrontEnd;
use graphdoc_codegen::internals::macro_expand;
use graphdoc_codegen::{Builder, Settings};
use std::path::Path;
use std::process::Command;

/// What the child printed: its `cargo:` lines, and the error's `Debug` text when it failed.
struct Printed {
    lines: Vec<String>,
    error: Option<String>,
}

fn run_builder(dir: &Path, mode: &str) -> Printed {
    let o = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "builder_in_a_build_script", "--nocapture"])
        .env("GRAPHDOC_TEST_BUILDER_CRATE", dir)
        .env("GRAPHDOC_TEST_BUILDER_MODE", mode)
        .env("CARGO_MANIFEST_DIR", dir)
        .env("OUT_DIR", dir.join("out"))
        .output()
        .unwrap();
    let text = stdout(&o).replace(dir.to_str().unwrap(), "[CRATE]");
    let error = text
        .split_once("builder: failed:\n")
        .map(|(_, e)| e.split("\nbuilder: end").next().unwrap().to_string());
    let lines = text
        .lines()
        .filter(|l| l.starts_with("cargo:"))
        .map(str::to_string)
        .collect();
    Printed { lines, error }
}

/// Runs the `Builder` when started by [`run_builder`]; does nothing in a normal test run.
#[test]
fn builder_in_a_build_script() {
    let Ok(mode) = std::env::var("GRAPHDOC_TEST_BUILDER_MODE") else {
        return;
    };
    // The harness has printed the test's name without a newline.
    println!();
    let builder = Builder::new().docs("docs").out_file("graph.rs");
    let builder = match mode.as_str() {
        "verbose" => builder.verbose(true),
        "quiet" => builder.quiet(true),
        _ => builder,
    };
    match builder.generate() {
        Ok(()) => println!("builder: ok"),
        Err(e) => println!("builder: failed:\n{e:?}\nbuilder: end"),
    }
}

fn seeds(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    write_tree(&dir.join("docs"), &seed_pages());
    dir
}

fn warnings(printed: &Printed) -> Vec<&str> {
    printed
        .lines
        .iter()
        .filter_map(|l| l.strip_prefix("cargo:warning="))
        .collect()
}

#[test]
fn one_warning_line_names_the_report_that_holds_every_finding() {
    let dir = seeds("builder-default");
    let printed = run_builder(&dir, "default");
    assert!(printed.error.is_none(), "{:?}", printed.error);
    let lines = warnings(&printed);
    assert_eq!(lines.len(), 1, "{lines:?}");
    insta::assert_snapshot!("default-warning-line", lines[0]);
    let report = std::fs::read_to_string(dir.join("out/graph.report.txt")).unwrap();
    assert_eq!(
        report.matches("\n  --> ").count() + report.matches("\n --> ").count(),
        21
    );
    assert!(
        report.contains("warning[enum-members-lag]") && report.contains("note[include-missing]")
    );
    assert!(dir.join("out/graph.rs").exists());
    // The rerun lines are all there still.
    assert!(printed
        .lines
        .iter()
        .any(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with("docs/beta/api")));
}

#[test]
fn verbose_prints_each_warning_and_quiet_none() {
    let dir = seeds("builder-verbose");
    let printed = run_builder(&dir, "verbose");
    let lines = warnings(&printed);
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert!(
        lines.iter().all(|l| l.starts_with("[CRATE]/docs/beta/")),
        "{lines:?}"
    );
    assert!(lines.contains(&"[CRATE]/docs/beta/api/intune-devices-remoteactionaudit-create.md:19: the Delegated (work or school account) permissions are a TODO (`TODO: Determine scopes`), not scopes [permissions-todo] (help: ask the API owner for the scopes and write them into the table)"), "{lines:?}");
    let printed = run_builder(&dir, "quiet");
    assert!(printed.error.is_none());
    assert_eq!(warnings(&printed), Vec::<&str>::new());
    assert!(dir.join("out/graph.report.txt").exists());
}

#[test]
fn errors_are_returned_in_full_and_readable_under_debug() {
    let dir = seeds("builder-error");
    std::fs::write(
        dir.join("docs/beta/resources/broken.md"),
        b"# broken\n\nbad \xff byte\n",
    )
    .unwrap();
    let printed = run_builder(&dir, "default");
    assert_eq!(warnings(&printed), Vec::<&str>::new());
    let error = printed.error.expect("the Builder fails");
    insta::assert_snapshot!("error-debug", error);
    assert!(!dir.join("out/graph.rs").exists());
    let report = std::fs::read_to_string(dir.join("out/graph.report.txt")).unwrap();
    assert!(report.contains("error[file-not-utf8]"), "{report}");

    let missing = Builder::new()
        .docs(dir.join("no-such-docs"))
        .out_file(dir.join("x.rs"))
        .generate()
        .unwrap_err();
    let text = format!("{missing:?}");
    assert!(text.contains("error[docs-missing]"), "{text}");
    assert!(
        text.contains("point `Builder::docs(..)` at a folder") && !text.contains("--docs"),
        "{text}"
    );
}

/// A docs folder one level too low (`docs/beta`) fails the Builder and the macro with the error
/// that names the folder that works, in their own words.
#[test]
fn docs_inside_a_version_folder_fail_every_front_end_with_the_folder_that_works() {
    let dir = seeds("builder-docs-beta");
    let error = Builder::new()
        .docs(dir.join("docs/beta"))
        .out_file(dir.join("x.rs"))
        .generate()
        .unwrap_err();
    let text = format!("{error:?}");
    let above = format!("did you mean `{}`?", dir.join("docs").display());
    assert!(text.contains("error[docs-outside-versions]"), "{text}");
    assert!(text.contains(&above), "{text}");
    assert!(
        text.contains("point `Builder::docs(..)`") && !text.contains("--docs"),
        "{text}"
    );
    assert!(!text.contains("page-outside-versions"), "{text}");

    let expansion = macro_expand::expand_in(
        &dir.join("docs/beta"),
        "docs/beta",
        &Settings::default(),
        None,
    );
    let errors = expansion.errors.expect("the macro fails too");
    assert!(
        errors.contains("[docs-outside-versions]") && errors.contains(&above),
        "{errors}"
    );
    assert!(
        errors.contains("graph_models!") && !errors.contains("--docs"),
        "{errors}"
    );
}

#[test]
fn help_texts_speak_each_front_end() {
    let dir = scratch("front-end-help");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let expansion =
        macro_expand::expand_in(&dir.join("empty"), "empty", &Settings::default(), None);
    let errors = expansion.errors.expect("an empty folder is an error");
    assert!(
        errors.contains("(help: point the path given to `graph_models!(\"..\")` at a folder with beta/ or v1.0/ pages")
            && !errors.contains("--docs"),
        "{errors}"
    );
    // Every code whose CLI help names an option gets the front end's words.
    let docs = graphdoc_codegen::Docs::load(&dir.join("nowhere"));
    let mut diagnostics = docs.diagnostics.clone();
    assert!(diagnostics[0].help.as_deref().unwrap().contains("--docs"));
    FrontEnd::Builder.speak(&mut diagnostics);
    assert!(!diagnostics[0].help.as_deref().unwrap().contains("--docs"));
}
