#![doc = include_str!("../README.md")]
//! Shared helpers for graphdoc's integration tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The seed docs as shipped in `docs/`.
pub fn seed_docs() -> graphdoc_codegen::Docs {
    let docs = graphdoc_codegen::Docs::load(&repo().join("docs"));
    assert!(docs.diagnostics.is_empty(), "{:?}", docs.diagnostics);
    docs
}

/// The seed pages' paths under `docs/`.
pub const SEED_PAGES: [&str; 5] = [
    "beta/api/intune-devices-remoteactionaudit-create.md",
    "beta/resources/intune-devices-remoteactionaudit.md",
    "beta/api/intune-devices-remoteactionaudit-update.md",
    "beta/api/intune-auditing-auditevent-create.md",
    "beta/api/activitiescontainer-post-auditactivities.md",
];

/// A version's operations as one text, in the files a generated crate holds them
/// (`src/<version>/operations/mod.rs`, then each API area's file), each under a heading line:
/// what the snapshots of generated operations hold.
pub fn operations_text(
    files: &std::collections::BTreeMap<String, String>,
    version: &str,
) -> String {
    let dir = format!("src/{version}/operations");
    let mut paths: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with(&format!("{dir}/")) || **p == format!("{dir}.rs"))
        .collect();
    // The module first, then its areas in name order.
    paths.sort_by_key(|p| {
        (
            !p.ends_with("mod.rs") && !p.ends_with("operations.rs"),
            p.to_string(),
        )
    });
    let mut out = String::new();
    for path in paths {
        out.push_str(&format!("// ==== {path} ====\n"));
        out.push_str(&files[path]);
    }
    out
}
