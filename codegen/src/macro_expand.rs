//! What `graph_models!` computes, without the proc-macro plumbing (so benchmarks and tests can call
//! exactly what the macro calls): the items, the files to track, and the errors as
//! `compile_error!` text; through the expansion cache (`macro_cache`) when it has one.

use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Findings};
use crate::docs::{self, Docs};
use crate::front_end::{error_report, FrontEnd};
use crate::generate::Generator;
use crate::ir::Schema;
use crate::macro_cache::{self, Cache, Outcome, Sources};
use crate::settings::Settings;

/// What `graph_models!` computes.
pub struct Expansion {
    /// Every item, as [`Generator::tokens`] gives them; empty when `errors` is set.
    pub tokens: proc_macro2::TokenStream,
    /// Every docs file read (absolute when `docs_dir` is), and the config.
    pub files_read: Vec<PathBuf>,
    /// The files the caller tracks, a subset of `files_read`: the pages the items were made from,
    /// the include files and the config ([`contributing_files`]); every file read when the
    /// expansion has errors (a fix may come from any page).
    pub tracked: Vec<PathBuf>,
    /// Every docs folder walked.
    pub folders: Vec<PathBuf>,
    /// The error report ([`error_report`]) when the docs or settings have errors.
    pub errors: Option<String>,
    /// The schema, with its diagnostics (errors, and the warnings found on the way; the example
    /// checks, which can only warn, are not run).
    pub schema: Schema,
}

/// Loads `docs_dir` and generates its items with `settings`; errors are shown with `display_root` as
/// the docs folder's name. The config is looked up beside the docs folder, then in
/// `CARGO_MANIFEST_DIR`. Never panics.
pub fn expand(docs_dir: &Path, display_root: &str, settings: &Settings) -> Expansion {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    expand_in(docs_dir, display_root, settings, crate_dir.as_deref())
}

/// [`expand`] for the crate in `crate_dir`, where `graphdoc.toml` is looked up when there is none
/// beside the docs folder (and `settings` carry no config).
pub fn expand_in(
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
    crate_dir: Option<&Path>,
) -> Expansion {
    match load(docs_dir, settings, crate_dir) {
        Ok((docs, settings)) => expand_loaded(docs, docs_dir, display_root, &settings),
        Err(expansion) => *expansion,
    }
}

/// The settings with their config, and the docs; a config that cannot be read is the expansion
/// reporting it.
fn load(
    docs_dir: &Path,
    settings: &Settings,
    crate_dir: Option<&Path>,
) -> Result<(Docs, Settings), Box<Expansion>> {
    let mut settings = settings.clone();
    if settings.config.is_empty() {
        match crate::config::find(None, docs_dir, crate_dir) {
            Ok(config) => settings.config = config,
            Err(e) => {
                let mut schema = Schema::default();
                schema.diagnostics.push(e.to_diagnostic());
                return Err(Box::new(Expansion {
                    tokens: proc_macro2::TokenStream::new(),
                    tracked: vec![e.path.clone()],
                    files_read: vec![e.path],
                    folders: Vec::new(),
                    errors: Some(error_report("", &schema.diagnostics)),
                    schema,
                }));
            }
        }
    }
    Ok((Docs::load(docs_dir), settings))
}

/// The expansion of docs already loaded from `docs_dir`, `settings` carrying their config.
fn expand_loaded(
    docs: Docs,
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
) -> Expansion {
    // The macro reports errors only: the checks that can only warn are skipped.
    let (tokens, mut schema) = Generator::new(&docs, settings)
        .findings(Findings::ErrorsOnly)
        .tokens();
    FrontEnd::Macro.speak(&mut schema.diagnostics);
    let errors = diagnostics::has_errors(&schema.diagnostics)
        .then(|| error_report(display_root, &schema.diagnostics));
    let config = settings.config.source.as_deref();
    let tracked = match errors {
        Some(_) => docs
            .read
            .iter()
            .map(PathBuf::clone)
            .chain(config.map(Path::to_path_buf))
            .collect(),
        None => contributing_files(&schema, &docs, docs_dir, config),
    };
    Expansion {
        tokens: if errors.is_some() {
            proc_macro2::TokenStream::new()
        } else {
            tokens
        },
        files_read: docs
            .read
            .into_iter()
            .chain(config.map(Path::to_path_buf))
            .collect(),
        tracked,
        folders: docs.folders,
        errors,
        schema,
    }
}

/// The files an edit to which changes what `schema` expands to, in `docs.read`'s order: the pages
/// its types, properties, enums, members and operations were read from (their [`crate::Source`]s, after
/// the roots' selection), every include file (a page's included blocks carry the page's source),
/// and the config. The macro tracks only these, so a re-check has rustc read a few pages, not the
/// whole tree; an edit to another page that starts mentioning one of these items is seen when
/// the macro runs again for another reason (the expansion cache checks every page).
pub fn contributing_files(
    schema: &Schema,
    docs: &Docs,
    docs_dir: &Path,
    config: Option<&Path>,
) -> Vec<PathBuf> {
    let types = schema.types.iter().flat_map(|t| {
        let properties = t.properties.iter().flat_map(|p| &p.sources);
        t.sources.iter().chain(properties)
    });
    let enums = schema.enums.iter().flat_map(|e| {
        let members = e.members.iter().flat_map(|m| &m.sources);
        e.sources.iter().chain(members)
    });
    let operations = schema.operations.iter().flat_map(|o| {
        let parameters = o.request.parameters().iter().chain(&o.function_parameters);
        std::iter::once(&o.source)
            .chain(&o.also_documented_at)
            .chain(o.examples.iter().map(|e| &e.source))
            .chain(parameters.map(|p| &p.source))
    });
    let pages: std::collections::HashSet<&str> = types
        .chain(enums)
        .chain(operations)
        .map(|s| &*s.file)
        .collect();
    let relative = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(docs_dir).ok()?;
        let parts: Option<Vec<&str>> = rel.iter().map(|c| c.to_str()).collect();
        Some(parts?.join("/"))
    };
    docs.read
        .iter()
        .filter(|path| {
            relative(path)
                .is_none_or(|rel| pages.contains(rel.as_str()) || docs::is_include_file(&rel))
        })
        .cloned()
        .chain(config.map(Path::to_path_buf))
        .collect()
}

/// [`expand_in`] through the expansion cache (`macro_cache`): the cached items when the
/// docs, the config and the settings are those of the entry, else a fresh expansion, stored when
/// it has no errors. `generator` identifies the code generating (graphdoc's version and a hash of
/// its sources: another graphdoc never reads this one's entries). A cached expansion has an empty
/// `schema`. Never panics; a cache that cannot be read or written only costs the time.
pub fn expand_cached(
    docs_dir: &Path,
    display_root: &str,
    settings: &Settings,
    crate_dir: Option<&Path>,
    cache: &Cache,
    generator: &str,
) -> (Expansion, Outcome) {
    let identity =
        format!("{generator}\n{settings:?}\n{docs_dir:?}\n{display_root:?}\n{crate_dir:?}");
    let slot = macro_cache::slot(&identity);
    // Before anything is read: a file changed after this moment is never trusted by its stats.
    let read_at = macro_cache::now();
    let mut loaded: Option<(Docs, Settings)> = None;
    let mut key: Option<String> = None;
    let hit = cache.lookup(&slot, &mut || {
        let (docs, settings) = load(docs_dir, settings, crate_dir).ok()?;
        let k = content_key(&identity, &docs, &settings)?;
        loaded = Some((docs, settings));
        key = Some(k.clone());
        Some(k)
    });
    if let Some(hit) = hit {
        if let Ok(tokens) = hit.text.parse::<proc_macro2::TokenStream>() {
            if let (Outcome::SameContent, Some((docs, settings)), Some(key)) =
                (hit.outcome, &loaded, &key)
            {
                // The same docs with new stats (a `touch`, a checkout): record them, so the next
                // check is by stats again instead of by reading every page.
                let files_read: Vec<PathBuf> = docs
                    .read
                    .iter()
                    .chain(&settings.config.source)
                    .cloned()
                    .collect();
                let sources = Sources {
                    read_at,
                    files_read: &files_read,
                    tracked: &hit.tracked,
                    folders: &docs.folders,
                    config_places: &crate::config::places(docs_dir, crate_dir),
                };
                cache.store(&slot, key, &hit.text, &sources);
            }
            let expansion = Expansion {
                tokens,
                files_read: hit.files_read,
                tracked: hit.tracked,
                folders: hit.folders,
                errors: None,
                schema: Schema::default(),
            };
            return (expansion, hit.outcome);
        }
    }
    let (docs, settings) = match loaded {
        Some(l) => l,
        None => match load(docs_dir, settings, crate_dir) {
            Ok(l) => l,
            Err(expansion) => return (*expansion, Outcome::Expanded),
        },
    };
    let key = key.or_else(|| content_key(&identity, &docs, &settings));
    let expansion = expand_loaded(docs, docs_dir, display_root, &settings);
    if let (None, Some(key)) = (&expansion.errors, key) {
        let sources = Sources {
            read_at,
            files_read: &expansion.files_read,
            tracked: &expansion.tracked,
            folders: &expansion.folders,
            config_places: &crate::config::places(docs_dir, crate_dir),
        };
        cache.store(&slot, &key, &expansion.tokens.to_string(), &sources);
    }
    (expansion, Outcome::Expanded)
}

/// [`macro_cache::key`] of the docs and the config they are read with (`None` when the config
/// cannot be read again).
fn content_key(identity: &str, docs: &Docs, settings: &Settings) -> Option<String> {
    let config = match &settings.config.source {
        Some(path) => Some((path.as_path(), std::fs::read(path).ok()?)),
        None => None,
    };
    let config = config.as_ref().map(|(p, b)| (*p, b.as_slice()));
    Some(macro_cache::key(identity, docs, config))
}
