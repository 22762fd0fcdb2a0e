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
