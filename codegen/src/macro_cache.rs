//! The expansion cache of `graph_models!`: the macro's output kept under the target folder, so a
//! re-check with unchanged docs lexes a file instead of parsing 11,000 pages unoptimised.
//!
//! An entry is found by its *slot* (the macro's settings, the docs folder, the crate folder and the
//! proc-macro library's identity: one file per macro call) and used only when its *key* matches:
//! a hash of graphdoc's own identity ([`crate::builder::expand_cached`]'s `generator`), the
//! settings, the config file and every docs file's path, length and content (64-bit SipHash-1-3
//! per file), the folders walked and the loading findings. So an edited, added or removed page, a
//! new or edited `graphdoc.toml`, other settings or another graphdoc all miss.
//!
//! Hashing 47 MB unoptimised costs a few tenths of a second, so an entry also records the file
//! system's view of what it was made from: every folder walked, every file read and both places a
//! config may appear, each with its device, inode, size, mtime and ctime (or its absence). When
//! none of them changed, the docs are the ones hashed before without reading them: any write,
//! rename, `touch` or link change updates a ctime, which no tool can set back, and a page added or
//! removed changes its folder's. An entry made while a file was changing (a ctime within
//! [`Cache::racy_margin`] of the moment its files were read, as git treats "racily clean" files) is
//! not trusted this way, and nor is any entry on a system without these stats (not Unix): then
//! the docs are read and hashed, and the entry is used only if the hash matches. Entries are
//! written to a temporary file and renamed into place, so a concurrent reader (another rustc, an
//! IDE) sees a whole entry or none.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::docs::Docs;

/// The folder created in the target folder.
pub const DIR_NAME: &str = "graphdoc-macro-cache";

/// The first line of an entry (its format's version).
const MAGIC: &str = "graphdoc-macro-cache 2";

/// Where entries live: a folder under a Cargo target folder.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
    /// A file whose ctime is this close to the moment its entry's docs were read may have changed
    /// again within the file system's timestamp granularity: such an entry is checked by content.
    pub racy_margin: Duration,
}

/// What a lookup found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Used: no file had changed, by their stats.
    Unchanged,
    /// Used: some stats changed (or could not be trusted) but the content hash matched.
    SameContent,
    /// Not used: expanded afresh (and stored when the expansion succeeded).
    Expanded,
}

/// A cached expansion: the text of the items and the files to track.
pub struct Hit {
    pub text: String,
    /// The files read (pages and config).
    pub files_read: Vec<PathBuf>,
    /// The files the macro tracks with `include_bytes!` ([`Sources::tracked`]).
    pub tracked: Vec<PathBuf>,
    /// The docs folders walked.
    pub folders: Vec<PathBuf>,
    pub outcome: Outcome,
}

impl Cache {
    /// A cache in `dir` (created when an entry is first stored).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            racy_margin: Duration::from_secs(2),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache of the target folder a proc-macro runs for, or `None` (then nothing is cached):
    /// the folder holding Cargo's `CACHEDIR.TAG` above rustc's `--out-dir` (`target/debug/deps`),
    /// else `CARGO_TARGET_DIR` when it holds that tag, else the first `target/` with the tag in
    /// `manifest_dir` or above it (where rust-analyzer, which runs macros outside rustc, finds the
    /// same folder as `cargo check`). Only a folder with Cargo's tag is ever written to, so the
    /// cache goes where `cargo clean` removes it, never anywhere else.
    pub fn locate(
        rustc_args: &[String],
        target_dir_env: Option<&Path>,
        manifest_dir: Option<&Path>,
    ) -> Option<Cache> {
        let is_target = |dir: &Path| dir.join("CACHEDIR.TAG").is_file();
        let out_dir = rustc_args
            .iter()
            .position(|a| a == "--out-dir")
            .and_then(|i| rustc_args.get(i + 1))
            .map(PathBuf::from);
        let from_out_dir = out_dir.and_then(|d| {
            d.ancestors()
                .skip(1)
                .take(4)
                .find(|a| is_target(a))
                .map(Path::to_path_buf)
        });
        let target = from_out_dir
            .or_else(|| {
                target_dir_env
                    .filter(|d| is_target(d))
                    .map(Path::to_path_buf)
            })
            .or_else(|| {
                manifest_dir?
                    .ancestors()
                    .map(|a| a.join("target"))
                    .find(|t| is_target(t))
            })?;
        Some(Cache::in_dir(target.join(DIR_NAME)))
    }

    fn entry_path(&self, slot: &str) -> PathBuf {
        self.dir.join(format!("{slot}.entry"))
    }

    /// The entry of `slot`, if it holds the expansion of the docs as they are: by their stats when
    /// the entry allows it, else by `key`, which is computed (reading every page) only then.
    pub fn lookup(&self, slot: &str, key: &mut dyn FnMut() -> Option<String>) -> Option<Hit> {
        let bytes = std::fs::read(self.entry_path(slot)).ok()?;
        let entry = Entry::parse(&bytes)?;
        let outcome = if entry.stats_trusted && manifest::unchanged(&entry.manifest) {
            Outcome::Unchanged
        } else if key()? == entry.key {
            Outcome::SameContent
        } else {
            return None;
        };
        let (files_read, tracked, folders) = manifest::tracked(&entry.manifest);
        Some(Hit {
            text: entry.text.to_string(),
            files_read,
            tracked,
            folders,
            outcome,
        })
    }

    /// Stores `text` as the expansion of `slot` for `key`. `read_at` is when the docs were read
    /// (before it); `files_read` and `folders` are what was read, `config_places` where a config
    /// was looked for. Errors are ignored: a cache that cannot be written is no cache.
    pub fn store(&self, slot: &str, key: &str, text: &str, sources: &Sources<'_>) {
        let (manifest, newest) = manifest::build(sources);
        let stats_trusted = newest.is_some_and(|newest| {
            sources
                .read_at
                .checked_sub(self.racy_margin)
                .is_some_and(|safe| newest < safe)
        });
        let entry = Entry {
            key: key.to_string(),
            stats_trusted,
            manifest,
            text,
        };
        let _ = self.write_atomically(slot, &entry.to_bytes());
    }

    fn write_atomically(&self, slot: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let temp = self
            .dir
            .join(format!(".{slot}.{}.{nanos}.tmp", std::process::id()));
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, self.entry_path(slot)).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }
}

/// What an expansion was made from, for the stats an entry records.
pub struct Sources<'a> {
    /// When the docs were read: taken before reading them.
    pub read_at: Duration,
    pub files_read: &'a [PathBuf],
    /// The files of `files_read` the expansion was made from, which the macro tracks: every file
    /// read is still checked on lookup, so the entry of a tree with any page changed is not used.
    pub tracked: &'a [PathBuf],
    pub folders: &'a [PathBuf],
    /// Where a config is looked for (an absent one is recorded as absent).
    pub config_places: &'a [PathBuf],
}

/// The time since the Unix epoch, as [`Sources::read_at`] takes it.
pub fn now() -> Duration {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

/// One entry file: a header, the manifest (one line per path, its kind and stats) and the text.
struct Entry<'a> {
    key: String,
    stats_trusted: bool,
    manifest: String,
    text: &'a str,
}

impl<'a> Entry<'a> {
    fn to_bytes(&self) -> Vec<u8> {
        let header = format!(
            "{MAGIC}\nkey {}\nstats {}\nmanifest {}\ntext {}\n",
            self.key,
            if self.stats_trusted {
                "trusted"
            } else {
                "racy"
            },
            self.manifest.len(),
            self.text.len()
        );
        [
            header.as_bytes(),
            self.manifest.as_bytes(),
            self.text.as_bytes(),
        ]
        .concat()
    }

    /// An entry, or `None` for anything else (another format, a truncated file).
    fn parse(bytes: &'a [u8]) -> Option<Entry<'a>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
        let mut field = |name: &str| -> Option<&'a str> {
            let (line, tail) = rest.split_once('\n')?;
            rest = tail;
            line.strip_prefix(name)?.strip_prefix(' ')
        };
        let key = field("key")?.to_string();
        let stats_trusted = field("stats")? == "trusted";
        let manifest_len: usize = field("manifest")?.parse().ok()?;
        let text_len: usize = field("text")?.parse().ok()?;
        // A truncated or padded file is no entry.
        if rest.len() != manifest_len.checked_add(text_len)? || !rest.is_char_boundary(manifest_len)
        {
            return None;
        }
        let (manifest, text) = rest.split_at(manifest_len);
        Some(Entry {
            key,
            stats_trusted,
            manifest: manifest.to_string(),
            text,
        })
    }
}

/// The content key: a hash of `identity` (the generator and the settings) and everything
/// [`Docs::load`] found, each file by path, length and a hash of its content (hashed in parallel).
/// `config` is the config file found, with its bytes.
pub fn key(identity: &str, docs: &Docs, config: Option<(&Path, &[u8])>) -> String {
    use rayon::prelude::*;
    let file_hashes: Vec<u64> = docs
        .files
        .par_iter()
        .map(|f| {
            let mut h = std::hash::DefaultHasher::new();
            h.write(f.text.as_bytes());
            h.finish()
        })
        .collect();
    // Two hashers over the same summary (small: a line per file) make a 128-bit key.
    let mut summary = format!("{identity}\n");
    for (f, hash) in docs.files.iter().zip(&file_hashes) {
        summary.push_str(&format!("file {:?} {} {hash:016x}\n", f.path, f.text.len()));
    }
    for folder in &docs.folders {
        summary.push_str(&format!("folder {folder:?}\n"));
    }
    for read in &docs.read {
        summary.push_str(&format!("read {read:?}\n"));
    }
    for d in &docs.diagnostics {
        summary.push_str(&format!("finding {d:?}\n"));
    }
    if let Some((path, bytes)) = config {
        let mut h = std::hash::DefaultHasher::new();
        h.write(bytes);
        summary.push_str(&format!(
            "config {path:?} {} {:016x}\n",
            bytes.len(),
            h.finish()
        ));
    }
    let half = |seed: &str| {
        let mut h = std::hash::DefaultHasher::new();
        h.write(seed.as_bytes());
        h.write(summary.as_bytes());
        h.finish()
    };
    format!("{:016x}{:016x}", half("a"), half("b"))
}

/// A short hash naming an entry file.
pub fn slot(identity: &str) -> String {
    let mut h = std::hash::DefaultHasher::new();
    h.write(identity.as_bytes());
    format!("{:016x}", h.finish())
}

/// The manifest: one line per path, `kind\tstats\tpath` (`F` a file read and tracked, `R` a file
/// read and not tracked, `D` a folder walked, `C` a place a config may appear), the stats as the
/// file system gives them now.
mod manifest {
    use super::*;

    /// The manifest of `sources`, and the newest change time in it (`None` when some path has no
    /// usable stats, so the entry is never trusted by them).
    pub fn build(sources: &Sources<'_>) -> (String, Option<Duration>) {
        let mut out = String::new();
        let mut newest = Some(Duration::ZERO);
        let tracked: std::collections::HashSet<&PathBuf> = sources.tracked.iter().collect();
        let kinds = [
            ('F', sources.files_read),
            ('D', sources.folders),
            ('C', sources.config_places),
        ];
        for (kind, paths) in kinds {
            for path in paths {
                let kind = match kind {
                    'F' if !tracked.contains(path) => 'R',
                    k => k,
                };
                let Some(path_text) = path.to_str().filter(|p| !p.contains(['\n', '\t'])) else {
                    newest = None;
                    continue;
                };
                let stats = stats(path);
                match (&stats, kind) {
                    (Some(s), _) => newest = newest.map(|n| n.max(s.changed)),
                    // An absent config is a fact; an absent page or folder is not trusted.
                    (None, 'C') => {}
                    (None, _) => newest = None,
                }
                let shown = stats.map_or_else(|| "absent".to_string(), |s| s.text);
                out.push_str(&format!("{kind}\t{shown}\t{path_text}\n"));
            }
        }
        (out, newest)
    }

    /// Whether every path of `manifest` has the stats it had.
    pub fn unchanged(manifest: &str) -> bool {
        manifest.lines().all(|line| {
            let mut parts = line.splitn(3, '\t');
            let (Some(_), Some(recorded), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                return false;
            };
            let now = stats(Path::new(path));
            match now {
                Some(s) => s.text == recorded,
                None => recorded == "absent",
            }
        })
    }

    /// The files read (`F` and `R` lines: the pages and the config), those tracked (`F`) and the
    /// folders walked.
    pub fn tracked(manifest: &str) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>) {
        let (mut read, mut tracked, mut folders) = (Vec::new(), Vec::new(), Vec::new());
        for line in manifest.lines() {
            let mut parts = line.splitn(3, '\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("F"), Some(_), Some(path)) => {
                    read.push(PathBuf::from(path));
                    tracked.push(PathBuf::from(path));
                }
                (Some("R"), Some(_), Some(path)) => read.push(PathBuf::from(path)),
                (Some("D"), Some(_), Some(path)) => folders.push(PathBuf::from(path)),
                _ => {}
            }
        }
        (read, tracked, folders)
    }

    pub struct Stats {
        pub text: String,
        /// The later of mtime and ctime, since the epoch.
        pub changed: Duration,
    }

    /// Device, inode, size, mtime and ctime (to the nanosecond), following links.
    #[cfg(unix)]
    pub fn stats(path: &Path) -> Option<Stats> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        let time =
            |s: i64, ns: i64| Duration::new(s.max(0) as u64, ns.clamp(0, 999_999_999) as u32);
        let changed = time(m.mtime(), m.mtime_nsec()).max(time(m.ctime(), m.ctime_nsec()));
        Some(Stats {
            text: format!(
                "{} {} {} {}.{} {}.{}",
                m.dev(),
                m.ino(),
                m.size(),
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec()
            ),
            changed,
        })
    }

    /// Without a ctime no stats are trusted: every lookup hashes the docs.
    #[cfg(not(unix))]
    pub fn stats(path: &Path) -> Option<Stats> {
        let _ = path;
        None
    }
}
