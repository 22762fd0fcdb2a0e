//! The expansion cache of `graph_models!` (`builder::expand_cached`, exactly what the macro calls):
//! unchanged docs are served from it, and any change to a page, the folder, the config, the settings
//! or the generator is seen, by stats and by content, so a stale entry is never used.

use std::path::{Path, PathBuf};
use std::time::Duration;

use graphdoc_codegen::internals::macro_cache::{Cache, Outcome};
use graphdoc_codegen::internals::macro_expand::{expand_cached, expand_in};
use graphdoc_codegen::OptionValue;
use graphdoc_codegen::Settings;

const PAGE: &str = "beta/resources/intune-devices-remoteactionaudit.md";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh folder holding a copy of the seed docs in `docs/`, and a cache beside it.
struct Fixture {
    root: PathBuf,
    cache: Cache,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let root = std::env::temp_dir().join(format!(
            "graphdoc-macro-cache-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        copy_tree(&repo().join("docs"), &root.join("docs"));
        let mut cache = Cache::in_dir(root.join("target").join("graphdoc-macro-cache"));
        // The files were just written: trust their stats at once, as after the usual 2 s.
        cache.racy_margin = Duration::ZERO;
        // A file's ctime comes from a coarse clock: let it fall behind the moment of the next read.
        std::thread::sleep(Duration::from_millis(20));
        Fixture { root, cache }
    }

    fn docs(&self) -> PathBuf {
        self.root.join("docs")
    }

    /// The cached expansion's text and how it was served.
    fn expand_with(&self, settings: &Settings, generator: &str) -> (String, Outcome) {
        let (expansion, outcome) = expand_cached(
            &self.docs(),
            "docs",
            settings,
            Some(&self.root),
            &self.cache,
            generator,
        );
        assert!(expansion.errors.is_none(), "{:?}", expansion.errors);
        assert!(!expansion.files_read.is_empty());
        (expansion.tokens.to_string(), outcome)
    }

    fn expand(&self) -> (String, Outcome) {
        self.expand_with(&Settings::default(), "graphdoc test")
    }

    /// What the macro gives without a cache, for the same docs.
    fn fresh(&self, settings: &Settings) -> String {
        expand_in(&self.docs(), "docs", settings, Some(&self.root))
            .tokens
            .to_string()
    }

    /// Lets the next change land after the entry's read time, then settles its ctime.
    fn later(&self) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn unchanged_docs_are_served_from_the_cache_as_expanded() {
    let f = Fixture::new("unchanged");
    let (first, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Expanded);
    let (second, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Unchanged);
    assert_eq!(first, second);
    assert_eq!(second, f.fresh(&Settings::default()));
    // Written by rename: no temporary file is left beside the entry.
    let names: Vec<String> = std::fs::read_dir(f.cache.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with(".entry"), "{names:?}");
}

#[test]
fn an_edited_page_is_seen_even_with_its_size_and_mtime_kept() {
    let f = Fixture::new("edited");
    let (before, _) = f.expand();
    assert!(before.contains("Intune device name."));
    f.later();
    let page = f.docs().join(PAGE);
    let mtime = std::fs::metadata(&page).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Intune device name.", "Fleet1 device name."),
    )
    .unwrap();
    // Same length, same mtime: only the ctime and the content tell.
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let (after, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Expanded);
    assert!(
        after.contains("Fleet1 device name."),
        "the edit is not in the expansion"
    );
    assert_eq!(after, f.fresh(&Settings::default()));
}

#[test]
fn a_touched_page_is_checked_by_content() {
    let f = Fixture::new("touched");
    let (before, _) = f.expand();
    f.later();
    let page = f.docs().join(PAGE);
    let text = std::fs::read(&page).unwrap();
    std::fs::write(&page, text).unwrap();
    let (after, outcome) = f.expand();
    assert_eq!(outcome, Outcome::SameContent);
    assert_eq!(before, after);
    // The entry now holds the new stats: checked by them again, without reading the pages.
    f.later();
    assert_eq!(f.expand().1, Outcome::Unchanged);
}

#[test]
fn an_added_and_a_removed_page_are_seen() {
    let f = Fixture::new("added");
    let (before, _) = f.expand();
    assert!(!before.contains("KioskAudit"));
    f.later();
    let added = f.docs().join("beta/resources/kioskaudit.md");
    std::fs::write(
        &added,
        "# kioskAudit resource type\n\nA kiosk.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n|kioskName|String|The kiosk.|\n",
    )
    .unwrap();
    let (with_page, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Expanded);
    assert!(
        with_page.contains("KioskAudit"),
        "the added page is not in the expansion"
    );
    assert_eq!(with_page, f.fresh(&Settings::default()));
    f.later();
    std::fs::remove_file(&added).unwrap();
    let (without, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Expanded);
    assert!(
        !without.contains("KioskAudit"),
        "the removed page is still expanded"
    );
    assert_eq!(without, before);
}

#[test]
fn other_settings_and_another_generator_miss_and_keep_their_own_entries() {
    let f = Fixture::new("settings");
    let (all, _) = f.expand();
    let narrow = Settings::from_options([
        ("roots", OptionValue::from(["remoteActionAudit"])),
        ("doc_comments", OptionValue::Bool(false)),
    ])
    .unwrap();
    let (narrowed, outcome) = f.expand_with(&narrow, "graphdoc test");
    assert_eq!(outcome, Outcome::Expanded);
    assert_ne!(all, narrowed);
    assert_eq!(narrowed, f.fresh(&narrow));
    // Each settings has its own entry.
    assert_eq!(f.expand().1, Outcome::Unchanged);
    assert_eq!(
        f.expand_with(&narrow, "graphdoc test").1,
        Outcome::Unchanged
    );
    // Another graphdoc (a new version, or edited sources) never reads this one's entries.
    assert_eq!(
        f.expand_with(&narrow, "graphdoc other").1,
        Outcome::Expanded
    );
}

#[test]
fn an_added_or_edited_config_is_seen() {
    let f = Fixture::new("config");
    assert_eq!(f.expand().1, Outcome::Expanded);
    f.later();
    // Beside the docs folder, where the macro looks for it.
    let config = f.root.join("graphdoc.toml");
    std::fs::write(&config, "[severity]\nenum-members-lag = \"note\"\n").unwrap();
    assert_eq!(f.expand().1, Outcome::Expanded);
    assert_eq!(f.expand().1, Outcome::Unchanged);
    f.later();
    std::fs::write(&config, "[severity]\nenum-members-lag = \"off\"\n").unwrap();
    assert_eq!(f.expand().1, Outcome::Expanded);
}

#[test]
fn an_entry_made_while_files_changed_is_checked_by_content() {
    let mut f = Fixture::new("racy");
    // Files written within the margin of the read: their stats are not trusted.
    f.cache.racy_margin = Duration::from_secs(3600);
    assert_eq!(f.expand().1, Outcome::Expanded);
    assert_eq!(f.expand().1, Outcome::SameContent);
}

#[test]
fn a_damaged_entry_is_no_entry() {
    let f = Fixture::new("damaged");
    let (first, _) = f.expand();
    let entry = std::fs::read_dir(f.cache.dir())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let bytes = std::fs::read(&entry).unwrap();
    std::fs::write(&entry, &bytes[..bytes.len() / 2]).unwrap();
    let (again, outcome) = f.expand();
    assert_eq!(outcome, Outcome::Expanded);
    assert_eq!(first, again);
    std::fs::write(&entry, b"not an entry").unwrap();
    assert_eq!(f.expand().1, Outcome::Expanded);
}

#[test]
fn the_cache_goes_only_in_a_cargo_target_folder() {
    let f = Fixture::new("locate");
    let target = f.root.join("ws").join("target");
    let deps = target.join("debug").join("deps");
    std::fs::create_dir_all(&deps).unwrap();
    let member = f.root.join("ws").join("member");
    std::fs::create_dir_all(&member).unwrap();
    let args = |dir: &Path| {
        vec![
            "rustc".to_string(),
            "--out-dir".to_string(),
            dir.display().to_string(),
        ]
    };
    // Not a target folder until Cargo's tag is there.
    assert!(Cache::locate(&args(&deps), None, Some(&member)).is_none());
    std::fs::write(
        target.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55",
    )
    .unwrap();
    let expected = target.join("graphdoc-macro-cache");
    let found = |c: Option<Cache>| c.map(|c| c.dir().to_path_buf());
    assert_eq!(
        found(Cache::locate(&args(&deps), None, None)),
        Some(expected.clone())
    );
    // Outside rustc (rust-analyzer): CARGO_TARGET_DIR, else a `target/` above the crate.
    assert_eq!(
        found(Cache::locate(&[], Some(&target), None)),
        Some(expected.clone())
    );
    assert_eq!(
        found(Cache::locate(&[], None, Some(&member))),
        Some(expected)
    );
    assert!(Cache::locate(&[], Some(&member), Some(&f.root)).is_none());
}
