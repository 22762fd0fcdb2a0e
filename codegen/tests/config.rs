//! `graphdoc.toml` acts alike in every front end: a suppressed code disappears from `lint` (every
//! format), from `generate`'s output, from the `Builder`'s `cargo:warning` lines and from what the
//! macro's expansion reports; a misspelled code is an error naming it, everywhere.
//!
//! The `Builder` prints its lines only inside a build script (`CARGO_MANIFEST_DIR` and `OUT_DIR`
//! set), so its test runs this test binary again as a child with those variables and reads what
//! the child printed.

mod common;

use common::*;
use graphdoc_codegen::internals::macro_expand;
use graphdoc_codegen::{Builder, Code, Settings};
use std::path::Path;
use std::process::Command;

const SUPPRESS_TODO: &str = "[[suppress]]\ncode = \"permissions-todo\"\npath = \"beta/api/*.md\"\nreason = \"the API owners are asked; tracked elsewhere\"\n\n[severity]\ntype-undefined = \"note\"\n";
const MISSPELLED: &str = "[severity]\npermission-todo = \"off\"\n";

/// A crate folder with the seed docs and, when given, a `graphdoc.toml` beside them.
fn project(name: &str, config: Option<&str>) -> std::path::PathBuf {
    let dir = scratch(name);
    write_tree(&dir.join("docs"), &seed_pages());
    if let Some(text) = config {
        std::fs::write(dir.join("graphdoc.toml"), text).unwrap();
    }
    dir
}

/// The `cargo:` lines the `Builder` prints for the crate in `dir`, from a child process.
fn builder_lines(dir: &Path) -> (bool, Vec<String>) {
    let o = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "builder_in_a_build_script",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("GRAPHDOC_TEST_BUILDER_CRATE", dir)
        .env("CARGO_MANIFEST_DIR", dir)
        .env("OUT_DIR", dir.join("out"))
        .output()
        .unwrap();
    let text = stdout(&o);
    let ok = text.contains("builder: ok");
    let lines = text
        .lines()
        .filter(|l| l.starts_with("cargo:"))
        .map(str::to_string)
        .collect();
    (ok, lines)
}

/// Runs the `Builder` when started by [`builder_lines`]; does nothing in a normal test run.
#[test]
fn builder_in_a_build_script() {
    if std::env::var_os("GRAPHDOC_TEST_BUILDER_CRATE").is_none() {
        return;
    }
    // The harness has printed the test's name without a newline.
    println!("\nbuilder: start");
    match Builder::new().docs("docs").out_file("graph.rs").generate() {
        Ok(()) => println!("builder: ok"),
        Err(e) => println!("builder: failed: {e}"),
    }
}

#[test]
fn a_suppressed_code_disappears_from_lint_generate_and_the_builder() {
    let plain = project("config-plain", None);
    let configured = project("config-suppressed", Some(SUPPRESS_TODO));

    // Without the config the finding is everywhere: the test can fail.
    let lint = stdout(&graphdoc(&["lint"], &plain));
    assert!(lint.contains("warning[permissions-todo]") && lint.contains("warning[type-undefined]"));
    let generate = all_output(&graphdoc(&["generate"], &plain));
    assert!(generate.contains(", 2 permissions-todo"), "{generate}");
    let (ok, lines) = builder_lines(&plain);
    assert!(ok, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cargo:warning=") && l.contains(", 2 permissions-todo")),
        "{lines:?}"
    );

    // With it, the code is gone from each, and the lowered one is a note.
    let o = graphdoc(&["lint"], &configured);
    assert_eq!(o.status.code(), Some(0));
    let lint = stdout(&o);
    assert!(!lint.contains("permissions-todo"), "{lint}");
    assert!(lint.contains("note[type-undefined]") && !lint.contains("warning[type-undefined]"));
    assert!(lint.contains("2 findings hidden by the config"), "{lint}");
    let lint_json = |format: &str| -> serde_json::Value {
        serde_json::from_str(&stdout(&graphdoc(
            &["lint", "--format", format],
            &configured,
        )))
        .unwrap()
    };
    let json = lint_json("json");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"enum-members-lag") && !codes.contains(&"permissions-todo"),
        "{codes:?}"
    );
    assert_eq!(json["summary"]["hiddenByConfig"]["permissions-todo"], 2);
    let sarif = lint_json("sarif");
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"enum-members-lag") && !rules.contains(&"permissions-todo"),
        "{rules:?}"
    );
    let generate = all_output(&graphdoc(&["generate"], &configured));
    assert!(
        !generate.contains("permissions-todo") && generate.contains("graphdoc: wrote"),
        "{generate}"
    );
    let (ok, lines) = builder_lines(&configured);
    assert!(ok, "{lines:?}");
    assert!(
        lines.iter().all(|l| !l.contains("permissions-todo")),
        "{lines:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains("type-undefined")),
        "notes are not counted as cargo warnings: {lines:?}"
    );
    let config = configured.join("graphdoc.toml");
    assert!(
        lines.contains(&format!("cargo:rerun-if-changed={}", config.display())),
        "{lines:?}"
    );
    // An explicit --config elsewhere is read too.
    let elsewhere = project("config-explicit", None);
    let lint = stdout(&graphdoc(
        &["lint", "--config", config.to_str().unwrap()],
        &elsewhere,
    ));
    assert!(!lint.contains("permissions-todo"), "{lint}");
}

#[test]
fn a_misspelled_code_is_an_error_naming_it_everywhere() {
    let dir = project("config-misspelled", Some(MISSPELLED));
    let expected =
        "graphdoc.toml:2: unknown code `permission-todo` (did you mean `permissions-todo`?)";
    for command in ["lint", "generate", "check", "inspect"] {
        let o = graphdoc(&[command], &dir);
        assert_eq!(o.status.code(), Some(2), "{command}");
        let text = all_output(&o);
        assert!(
            text.contains(&format!("error: {expected}")),
            "{command}: {text}"
        );
    }
    assert!(!dir.join("generated").exists(), "nothing may be written");
    let (ok, lines) = builder_lines(&dir);
    assert!(!ok);
    let o = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "builder_in_a_build_script", "--nocapture"])
        .env("GRAPHDOC_TEST_BUILDER_CRATE", &dir)
        .env("CARGO_MANIFEST_DIR", &dir)
        .env("OUT_DIR", dir.join("out"))
        .output()
        .unwrap();
    let text = all_output(&o);
    assert!(
        text.contains("unknown code `permission-todo`") && text.contains("[config-invalid]"),
        "{text} {lines:?}"
    );
    // The macro's expansion reports it as its error.
    let expansion =
        macro_expand::expand_in(&dir.join("docs"), "docs", &Settings::default(), Some(&dir));
    let errors = expansion.errors.expect("an error");
    assert!(
        errors.contains("unknown code `permission-todo`") && errors.contains("graphdoc.toml:2"),
        "{errors}"
    );
}

#[test]
fn the_macro_applies_the_config_and_a_raised_code_stops_it() {
    let plain = project("config-macro-plain", None);
    let expansion = macro_expand::expand_in(
        &plain.join("docs"),
        "docs",
        &Settings::default(),
        Some(&plain),
    );
    assert!(expansion.errors.is_none());
    assert!(expansion
        .schema
        .diagnostics
        .iter()
        .any(|d| d.code == Code::PermissionsTodo));

    let suppressed = project("config-macro", Some(SUPPRESS_TODO));
    let expansion = macro_expand::expand_in(
        &suppressed.join("docs"),
        "docs",
        &Settings::default(),
        Some(&suppressed),
    );
    assert!(expansion.errors.is_none());
    assert!(expansion
        .schema
        .diagnostics
        .iter()
        .all(|d| d.code != Code::PermissionsTodo));
    assert!(
        expansion
            .files_read
            .contains(&suppressed.join("graphdoc.toml")),
        "the config is tracked"
    );

    // `example-placeholder` comes from the example checks the macro skips; raised to an error it
    // is computed, and stops the expansion as it stops `generate`.
    let raised = "[severity]\nexample-placeholder = \"error\"\n";
    let dir = project("config-macro-raised", Some(raised));
    let expansion =
        macro_expand::expand_in(&dir.join("docs"), "docs", &Settings::default(), Some(&dir));
    let errors = expansion.errors.expect("the raised code is an error");
    assert!(errors.contains("[example-placeholder]"), "{errors}");
    let o = graphdoc(&["generate"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(all_output(&o).contains("error[example-placeholder]"));
    assert_eq!(graphdoc(&["lint"], &dir).status.code(), Some(1));
}
