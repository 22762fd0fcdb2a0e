//! The README's build.rs section is a crate that compiles: its `Cargo.toml`, `build.rs` and
//! `src/lib.rs` are taken from the README's text (the code block after each
//! `<!-- readme-crate: PATH -->` marker), written to a scratch folder with the seed docs as its
//! `docs/`, and built with cargo. Two changes are made, both needed only because the crate is
//! built here: the path to the user's checkout of graphdoc (`../graphdoc/codegen`) becomes the path
//! to this one, and an empty `[workspace]` table keeps cargo from taking the scratch folder for part
//! of this workspace. The `cargo:warning` line the build prints is the one the README shows, paths
//! aside.
//!
//! The first run compiles graphdoc's dependencies into a target folder of its own (about a minute
//! on two cores); later runs reuse it.

use graphdoc_tests::repo;
use std::path::Path;

const PATH_DEPENDENCY: &str =
    r#"graphdoc-codegen = { path = "../graphdoc/codegen", default-features = false }"#;

/// `(path, text)` of every `<!-- readme-crate: PATH -->` block in `readme`.
fn crate_files(readme: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (at, _) in readme.match_indices("<!-- readme-crate: ") {
        let rest = &readme[at + "<!-- readme-crate: ".len()..];
        let path = rest[..rest.find(" -->").expect("a closed marker")].to_string();
        let fence = rest.find("\n```").expect("a code block after the marker") + 1;
        let body = &rest[fence..];
        let body = &body[body.find('\n').unwrap() + 1..];
        let text = &body[..body.find("\n```").expect("a closed code block") + 1];
        files.push((path, text.to_string()));
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes `text` unless the file holds it already, so a rebuild of an unchanged crate stays fresh.
fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn the_readme_build_rs_crate_compiles() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let files = crate_files(&readme);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["Cargo.toml", "build.rs", "src/lib.rs"]);
    assert!(
        !files.iter().any(|(_, t)| t.contains(".unwrap()")),
        "the README's crate must not unwrap"
    );

    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-build-rs");
    let dir = root.join("my-graph-models");
    for (path, text) in &files {
        let text = if path == "Cargo.toml" {
            assert_eq!(text.matches(PATH_DEPENDENCY).count(), 1, "{text}");
            let local = format!(
                "graphdoc-codegen = {{ path = {:?}, default-features = false }}",
                repo().join("codegen")
            );
            format!("{}\n[workspace]\n", text.replace(PATH_DEPENDENCY, &local))
        } else {
            text.clone()
        };
        write(&dir.join(path), &text);
    }
    let _ = std::fs::remove_dir_all(dir.join("docs"));
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    copy_dir(&repo().join("docs"), &dir.join("docs"));
    // The workspace's versions of every dependency, so the build needs no registry access.
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    write(&dir.join("Cargo.lock"), &lock);

    let o = std::process::Command::new(env!("CARGO"))
        .args(["build", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("GRAPHDOC_MANIFEST_DIR")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "the README's crate does not build:\n{stderr}"
    );
    // The docs were copied afresh, so the build script ran: one warning line naming its report.
    let builder_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: my-graph-models@0.1.0: "))
        .collect();
    assert_eq!(builder_lines.len(), 1, "{stderr}");
    // The line as the README shows it: the paths of this build replaced by the README's.
    let hash_dir = between(builder_lines[0], "/build/my-graph-models-", "/out/");
    let actual = builder_lines[0]
        .replace(&dir.display().to_string(), "/path/to/my-graph-models")
        .replace(
            &root.join("target").display().to_string(),
            "/path/to/target",
        )
        .replace(&hash_dir, "/build/my-graph-models-.../out/");
    let shown = readme
        .lines()
        .find(|l| l.starts_with("warning: my-graph-models@0.1.0: "))
        .expect("the README shows the build script's warning line");
    assert_eq!(actual, shown, "{stderr}");
}

/// The first `start ... end` in `text`, both included.
fn between(text: &str, start: &str, end: &str) -> String {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"));
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("{end} in {text}"));
    text[from..to + end.len()].to_string()
}
