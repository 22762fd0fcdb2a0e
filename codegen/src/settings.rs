//! Settings shared by the CLI, the build.rs API and the macro: defined once so they cannot drift.

use crate::ir::ApiVersion;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Versions to generate; empty means all.
    pub versions: Vec<ApiVersion>,
    /// Root types and operations (by name, e.g. `remoteActionAudit`, `createAuditEvent`); only their
    /// closure is generated. Empty means everything.
    pub roots: Vec<String>,
    /// Extra derives on every struct and enum (`Eq`, `schemars::JsonSchema`, ...).
    pub extra_derives: Vec<String>,
    /// Doc comments from the docs' descriptions.
    pub doc_comments: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            versions: Vec::new(),
            roots: Vec::new(),
            extra_derives: Vec::new(),
            doc_comments: true,
        }
    }
}

impl Settings {
    pub fn includes_version(&self, v: ApiVersion) -> bool {
        self.versions.is_empty() || self.versions.contains(&v)
    }
}
