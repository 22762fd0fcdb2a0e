//! Helpers the integration tests share.

use std::path::{Path, PathBuf};

/// A fresh folder under the system temp folder, removed when dropped, so test runs leave nothing
/// behind (a failing test's folder is kept, to look at).
pub struct Scratch(PathBuf);

impl Scratch {
    /// `<temp>/<prefix>-<pid>-<name>`, emptied first.
    pub fn new(prefix: &str, name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Kept when the test failed, to look at.
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
