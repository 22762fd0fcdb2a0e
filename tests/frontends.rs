//! The three front ends (CLI crate, build.rs single file, macro tokens) give the same items for the
//! same docs and settings; the macro's errors; the roots selection.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use graphdoc_codegen::internals::{front_end, macro_expand};
use graphdoc_codegen::Builder;
use graphdoc_codegen::OptionValue;
use graphdoc_codegen::{Code, Docs, Settings};
use quote::ToTokens;

fn seed_docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("frontends-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Module path (`beta::graph`) -> the token text of each item in it, `mod` items excluded.
type Items = BTreeMap<String, Vec<String>>;

/// Undoes what prettyplease adds when it wraps a long line, which depends on the module's nesting
/// (a file per module in the crate, inline modules in the single file): `=> { expr }` match arms;
/// and the same braces around a closure's body (`|x| { expr }`).
struct Unwrap;

impl syn::visit_mut::VisitMut for Unwrap {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        // `///` comments parse back as raw strings (`r" text"`); the tokens hold plain ones.
        if let syn::Meta::NameValue(nv) = &mut attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &mut nv.value
            {
                *s = syn::LitStr::new(&s.value(), s.span());
            }
        }
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        syn::visit_mut::visit_expr_closure_mut(self, closure);
        if let syn::Expr::Block(b) = &*closure.body {
            if let (None, [syn::Stmt::Expr(e, None)]) = (&b.label, b.block.stmts.as_slice()) {
                *closure.body = e.clone();
            }
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        syn::visit_mut::visit_arm_mut(self, arm);
        if let syn::Expr::Block(b) = &*arm.body {
            let single = match (&b.label, b.block.stmts.as_slice()) {
                (None, [syn::Stmt::Expr(e, None)]) => Some(e),
                // A `return`, `break`, `continue` or assignment gets its `;` in the braces.
                (None, [syn::Stmt::Expr(e, Some(_))]) if needs_semi(e) => Some(e),
                _ => None,
            };
            if let Some(e) = single {
                *arm.body = e.clone();
                arm.comma.get_or_insert_with(Default::default);
            }
        }
    }
}

/// The expressions prettyplease ends with `;` when it braces a match arm.
fn needs_semi(e: &syn::Expr) -> bool {
    use syn::Expr::*;
    matches!(e, Return(_) | Break(_) | Continue(_) | Assign(_))
}

/// Token text, normalized for formatting: the wrapped match arms and the trailing commas
/// (`Option<Vec<String>,>`) prettyplease adds when it wraps a long line.
fn item_text(item: &syn::Item) -> String {
    let mut item = item.clone();
    syn::visit_mut::VisitMut::visit_item_mut(&mut Unwrap, &mut item);
    let mut text: String = item
        .to_token_stream()
        .to_string()
        .split_whitespace()
        .collect();
    for close in [">", ")", "]", "}"] {
        text = text.replace(&format!(",{close}"), close);
    }
    without_area_gates(&text)
}

/// A crate's item as the single file writes it: without the `#[cfg(feature = "...")]` of its API
/// area or types' group (the single file has no features of its own), and reaching the shared
/// Patch bodies of `operations` by name rather than through `super::` from an area's module.
fn without_area_gates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(feature=\"") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find(")]").map_or(rest.len(), |c| at + c + 2);
        rest = &rest[close..];
    }
    out.push_str(rest);
    let mut plain = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("super::") {
        let after = &rest[at + "super::".len()..];
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        plain.push_str(&rest[..at]);
        if !(word.ends_with("Patch") && word.starts_with(|c: char| c.is_ascii_uppercase())) {
            plain.push_str("super::");
        }
        rest = after;
    }
    plain.push_str(rest);
    plain
}

fn collect_items(prefix: &str, items: &[syn::Item], out: &mut Items) {
    let entry = out.entry(prefix.to_string()).or_default();
    let mut children = Vec::new();
    for item in items {
        match item {
            syn::Item::Mod(m) => children.push(m),
            other => entry.push(item_text(other)),
        }
    }
    for m in children {
        let path = if prefix.is_empty() {
            m.ident.to_string()
        } else {
            format!("{prefix}::{}", m.ident)
        };
        if let Some((_, inner)) = &m.content {
            collect_items(&path, inner, out);
        } else {
            out.entry(path).or_default();
        }
    }
}

/// Items of a single file (inline modules).
fn single_file_items(text: &str) -> Items {
    let file: syn::File = syn::parse_file(text).expect("the single file parses");
    let mut out = Items::new();
    collect_items("", &file.items, &mut out);
    out
}

/// Items of a crate's files (`mod x;` resolved to `src/x.rs` or `src/x/mod.rs`).
fn crate_items(files: &BTreeMap<String, String>) -> Items {
    fn walk(
        files: &BTreeMap<String, String>,
        file: &str,
        dir: &str,
        prefix: &str,
        out: &mut Items,
    ) {
        let text = files
            .get(file)
            .unwrap_or_else(|| panic!("{file} is missing"));
        let parsed: syn::File = syn::parse_file(text).unwrap();
        let entry = out.entry(prefix.to_string()).or_default();
        let mut children = Vec::new();
        let mut areas = Vec::new();
        for item in &parsed.items {
            match item {
                // The crate's conversions of the wire strings and its clients are behind its
                // features; the single file has only those asked for (none here).
                syn::Item::Mod(m) if m.content.is_some() => {
                    let name = m.ident.to_string();
                    assert!(
                        name.ends_with("_conversions") || name.ends_with("_client"),
                        "{name}"
                    );
                }
                // An API area's module (behind its feature) holds items of its parent's.
                syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Inherited) => {
                    areas.push(m.ident.to_string())
                }
                syn::Item::Mod(m) => children.push(m.ident.to_string()),
                syn::Item::Use(_) => {}
                other => entry.push(item_text(other)),
            }
        }
        for name in areas {
            walk(files, &format!("{dir}/{name}.rs"), dir, prefix, out);
        }
        for name in children {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}::{name}")
            };
            let flat = format!("{dir}/{name}.rs");
            let nested = format!("{dir}/{name}/mod.rs");
            let child = if files.contains_key(&flat) {
                flat
            } else {
                nested
            };
            walk(files, &child, &format!("{dir}/{name}"), &path, out);
        }
    }
    let mut out = Items::new();
    walk(files, "src/lib.rs", "src", "", &mut out);
    out
}

fn assert_same(what: &str, a: &Items, b: &Items) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: modules differ"
    );
    for (module, items) in a {
        // Compared as sets: a crate lays a version's operations out by API area.
        let mut items = items.clone();
        let mut other = b[module].clone();
        items.sort();
        other.sort();
        assert_eq!(
            items.len(),
            other.len(),
            "{what}: item count differs in `{module}`"
        );
        for (x, y) in items.iter().zip(&other) {
            if x != y {
                let at = x.bytes().zip(y.bytes()).take_while(|(a, b)| a == b).count();
                let from = at.saturating_sub(200);
                panic!(
                    "{what}: an item differs in `{module}` at byte {at}:\n  {}\n  {}",
                    &x[from..(at + 100).min(x.len())],
                    &y[from..(at + 100).min(y.len())]
                );
            }
        }
    }
}

fn three_front_ends(name: &str, settings: &Settings) -> (Items, Items, Items) {
    let docs_dir = seed_docs();
    let docs = Docs::load(&docs_dir);

    // CLI: the crate's files.
    let generated = graphdoc_codegen::Generator::new(&docs, settings).crate_files("graph-models");
    assert!(!generated.has_errors());
    let cli = crate_items(&generated.files);

    // build.rs: the Builder's output file.
    let out = scratch(name).join("graph.rs");
    Builder::new()
        .docs(&docs_dir)
        .out_file(&out)
        .settings(settings.clone())
        .quiet(true)
        .generate()
        .expect("the builder generates");
    let build = single_file_items(&std::fs::read_to_string(&out).unwrap());

    // Macro: what `graph_models!` expands to (minus the include_bytes! tracking).
    let expansion = macro_expand::expand(&docs_dir, "docs", settings);
    assert!(expansion.errors.is_none(), "{:?}", expansion.errors);
    let formatted =
        graphdoc_codegen::internals::emit::format_file(expansion.tokens.clone()).unwrap();
    let build_text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        build_text
            .strip_prefix(graphdoc_codegen::internals::emit::HEADER)
            .map(str::trim),
        Some(formatted.trim()),
        "the build.rs file is the macro's expansion, formatted"
    );
    let file: syn::File = syn::parse2(expansion.tokens).unwrap();
    let mut mac = Items::new();
    collect_items("", &file.items, &mut mac);
    (cli, build, mac)
}

#[test]
fn cli_build_rs_and_macro_give_the_same_items() {
    let (cli, build, mac) = three_front_ends("all", &Settings::default());
    assert!(cli.contains_key("beta::graph"), "{:?}", cli.keys());
    assert!(cli.contains_key("beta::operations"));
    assert!(!cli["beta::graph"].is_empty());
    assert_same("cli vs build.rs", &cli, &build);
    assert_same("build.rs vs macro", &build, &mac);
}

#[test]
fn cli_build_rs_and_macro_agree_with_options() {
    let settings = Settings::from_options([
        ("version", OptionValue::from("beta")),
        (
            "roots",
            OptionValue::from(["remoteActionAudit", "auditEvent"]),
        ),
        ("derive", OptionValue::from(["::std::hash::Hash"])),
        ("doc_comments", OptionValue::from(false)),
    ])
    .unwrap();
    let (cli, build, mac) = three_front_ends("options", &settings);
    assert_same("cli vs build.rs", &cli, &build);
    assert_same("build.rs vs macro", &build, &mac);
    let graph = cli["beta::graph"].join("\n");
    assert!(graph.contains("::std::hash::Hash"));
    assert!(!graph.contains("Eventdisplayname."), "doc comments are off");
    let (all, _, _) = three_front_ends("defaults-again", &Settings::default());
    assert!(all["beta::graph"].join("\n").contains("Eventdisplayname."));
}

#[test]
fn macro_options_and_builder_methods_give_the_same_settings() {
    let from_options = Settings::from_options([
        ("version", OptionValue::from("beta")),
        ("roots", OptionValue::from(["remoteActionAudit"])),
        ("derive", OptionValue::from(["Eq"])),
        ("doc_comments", OptionValue::from(false)),
    ])
    .unwrap();
    let from_methods = Builder::new()
        .version(graphdoc_codegen::ir::ApiVersion::Beta)
        .root("remoteActionAudit")
        .derive("Eq")
        .doc_comments(false);
    let from_builder_options = Builder::new()
        .option("version", "beta")
        .option("roots", ["remoteActionAudit"])
        .option("derive", ["Eq"])
        .option("doc_comments", false);
    assert_eq!(&from_options, from_methods.current_settings());
    assert_eq!(&from_options, from_builder_options.current_settings());

    let errors: Vec<String> = [
        ("color", OptionValue::from("red")),
        ("version", OptionValue::from("v2")),
        ("doc_comments", OptionValue::from("no")),
        ("roots", OptionValue::from(true)),
        ("derive", OptionValue::from(["not a path"])),
    ]
    .into_iter()
    .map(|(k, v)| {
        format!(
            "{k}: {}",
            Settings::default().apply_option(k, v).unwrap_err()
        )
    })
    .collect();
    insta::assert_snapshot!("option_errors", errors.join("\n"));
}

#[test]
fn roots_yield_exactly_their_closure() {
    let docs = Docs::load(&seed_docs());
    let settings = Settings::from_options([("roots", OptionValue::from(["auditEvent"]))]).unwrap();
    let schema = graphdoc_codegen::Generator::new(&docs, &settings).schema();
    let mut names: Vec<String> = schema
        .types
        .iter()
        .map(|t| t.name.clone())
        .chain(schema.enums.iter().map(|e| e.name.clone()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "auditActor",
            "auditEvent",
            "auditProperty",
            "auditResource",
            "roleScopeTagInfo"
        ]
    );
    assert!(schema.operations.is_empty());

    // And the macro's expansion holds exactly those items.
    let expansion = macro_expand::expand(&seed_docs(), "docs", &settings);
    let file: syn::File = syn::parse2(expansion.tokens).unwrap();
    let mut items = Items::new();
    collect_items("", &file.items, &mut items);
    let modules: Vec<&String> = items.keys().collect();
    // The operations module is there, empty, its docs saying the roots select types only.
    assert_eq!(
        modules,
        ["", "beta", "beta::graph", "beta::operations", "support"]
    );
    assert!(items["beta::operations"].is_empty());
    let defined: Vec<&String> = items["beta::graph"]
        .iter()
        .filter(|i| {
            i.starts_with("pubstruct") || i.contains("]pubstruct") || i.contains("]pubenum")
        })
        .collect();
    assert_eq!(defined.len(), 5, "{defined:#?}");

    // An unknown root is an error naming it.
    let bad = Settings::from_options([("roots", OptionValue::from("noSuchType"))]).unwrap();
    let expansion = macro_expand::expand(&seed_docs(), "docs", &bad);
    let errors = expansion.errors.expect("an unknown root is an error");
    assert!(errors.contains("`noSuchType`"), "{errors}");
    assert!(expansion.tokens.is_empty());
}

#[test]
fn docs_errors_name_the_file_and_line() {
    let dir = scratch("not-utf8");
    let resources = dir.join("beta/resources");
    std::fs::create_dir_all(&resources).unwrap();
    std::fs::copy(
        seed_docs().join("beta/resources/intune-devices-remoteactionaudit.md"),
        resources.join("intune-devices-remoteactionaudit.md"),
    )
    .unwrap();
    std::fs::write(resources.join("broken.md"), b"# broken\n\nbad \xff byte\n").unwrap();

    let expansion = macro_expand::expand(&dir, "my-docs", &Settings::default());
    let errors = expansion.errors.expect("a non-UTF-8 page is an error");
    assert!(
        errors.starts_with("my-docs/beta/resources/broken.md:3: "),
        "{errors}"
    );
    assert!(errors.contains("[file-not-utf8]"), "{errors}");
    // Every file and folder read is reported for tracking, the broken one included.
    assert_eq!(expansion.files_read.len(), 2);
    assert!(expansion.folders.contains(&resources));

    // The Builder returns the same as an error value, never panicking.
    let err = Builder::new()
        .docs(&dir)
        .out_file(dir.join("graph.rs"))
        .quiet(true)
        .generate()
        .unwrap_err();
    let report = front_end::error_report("", &err.diagnostics);
    assert!(
        report.starts_with("beta/resources/broken.md:3: "),
        "{report}"
    );
    assert!(!dir.join("graph.rs").exists());
}

#[test]
fn builder_errors_are_values() {
    let dir = scratch("missing");
    let err = Builder::new()
        .docs(dir.join("no-such-docs"))
        .out_file(dir.join("graph.rs"))
        .generate()
        .unwrap_err();
    assert!(err.diagnostics.iter().any(|d| d.code == Code::DocsMissing));

    let err = Builder::new()
        .docs(seed_docs())
        .out_file(dir.join("graph.rs"))
        .option("colour", "red")
        .generate()
        .unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::OptionInvalid);
    assert!(err.diagnostics[0]
        .message
        .contains("unknown option `colour`"));
}

#[test]
fn ui() {
    // trybuild compiles the cases in a scratch crate: resolve "../docs" against this folder.
    std::env::set_var("GRAPHDOC_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}

/// The macro tracks the pages its items come from (and the config), not every page read: with
/// the root `auditEvent` only its create page, with `remoteActionAudit` its three pages. A cached
/// expansion tracks the same files; an expansion with errors tracks every file read.
#[test]
fn the_macro_tracks_only_the_pages_its_items_come_from() {
    let tracked_pages = |roots: &[&str]| -> Vec<String> {
        let settings = Settings {
            roots: roots.iter().map(|r| r.to_string()).collect(),
            ..Settings::default()
        };
        let expansion = macro_expand::expand(&seed_docs(), "docs", &settings);
        assert!(expansion.errors.is_none(), "{:?}", expansion.errors);
        assert_eq!(expansion.files_read.len(), 5, "every page is read");
        let names = expansion.tracked.iter().map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.to_string()
        });
        names.collect()
    };
    assert_eq!(
        tracked_pages(&["auditEvent"]),
        ["intune-auditing-auditevent-create.md"]
    );
    assert_eq!(
        tracked_pages(&["remoteActionAudit"]),
        [
            "intune-devices-remoteactionaudit-create.md",
            "intune-devices-remoteactionaudit-update.md",
            "intune-devices-remoteactionaudit.md",
        ]
    );
    assert_eq!(
        tracked_pages(&[]).len(),
        5,
        "without roots every page counts"
    );

    // The cache records which files are tracked, and a hit gives them back.
    let dir = scratch("tracked-cache");
    let cache = graphdoc_codegen::internals::macro_cache::Cache::in_dir(dir.join("cache"));
    let mut settings = Settings {
        roots: vec!["auditEvent".into()],
        ..Settings::default()
    };
    let expand =
        || macro_expand::expand_cached(&seed_docs(), "docs", &settings, None, &cache, "test");
    let (fresh, outcome) = expand();
    assert_eq!(
        outcome,
        graphdoc_codegen::internals::macro_cache::Outcome::Expanded
    );
    let (cached, outcome) = expand();
    assert_ne!(
        outcome,
        graphdoc_codegen::internals::macro_cache::Outcome::Expanded
    );
    assert_eq!(cached.tracked, fresh.tracked);
    assert_eq!(cached.files_read, fresh.files_read);

    // With an error, a fix may come from any page: all of them are tracked.
    settings.roots = vec!["noSuchType".into()];
    let expansion = macro_expand::expand(&seed_docs(), "docs", &settings);
    assert!(expansion.errors.is_some());
    assert_eq!(expansion.tracked, expansion.files_read);
}

/// Builds `dir` with cargo (offline, in `target`); returns whether the crate `name` was compiled
/// (not fresh).
fn cargo_build(dir: &Path, target: &Path, name: &str) -> bool {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["build", "-v", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("GRAPHDOC_MANIFEST_DIR")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "cargo build failed in {}:\n{stderr}",
        dir.display()
    );
    let compiled = stderr.contains(&format!("Compiling {name} "));
    let fresh = stderr.contains(&format!("Fresh {name} "));
    assert!(compiled != fresh, "{stderr}");
    compiled
}

/// A scratch crate outside the workspace, `mode` "macro" or "build", generating the seed docs
/// (copied afresh into its `docs/`) with the root `remoteActionAudit`. Returns its folder.
fn rebuild_crate(root: &Path, mode: &str) -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap();
    let name = format!("rebuild-{mode}");
    let dir = root.join(&name);
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n\
         [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = {{ version = \"1\", features = [\"raw_value\"] }}\nhttp = \"1\"\n"
    );
    let (lib, build) = if mode == "macro" {
        manifest += &format!(
            "graphdoc-macros = {{ path = {:?} }}\n",
            workspace.join("macros")
        );
        let call = "graphdoc_macros::graph_models!(\"docs\", roots = [\"remoteActionAudit\"]);\n";
        (call, None)
    } else {
        manifest += &format!(
            "\n[build-dependencies]\ngraphdoc-codegen = {{ path = {:?}, default-features = false }}\n",
            workspace.join("codegen")
        );
        let build = "fn main() -> Result<(), graphdoc_codegen::Error> {\n    graphdoc_codegen::Builder::new()\n        .docs(\"docs\")\n        .roots([\"remoteActionAudit\"])\n        .quiet(true)\n        .generate()\n}\n";
        (
            "include!(concat!(env!(\"OUT_DIR\"), \"/graph.rs\"));\n",
            Some(build),
        )
    };
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap();
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("src/lib.rs", lib),
        ("Cargo.lock", &lock),
    ];
    for (file, text) in files.into_iter().chain(build.map(|b| ("build.rs", b))) {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text).unwrap();
        }
    }
    for page in graphdoc_tests::SEED_PAGES {
        let (from, to) = (seed_docs().join(page), dir.join("docs").join(page));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        if std::fs::read(&from).ok() != std::fs::read(&to).ok() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    dir
}

/// Appends `row` to the properties table of `page` (after its last property, `bulkDeviceActionId`).
fn add_property(page: &Path, row: &str) {
    // Past the timestamp granularity of any file system, so the edit is newer than the last build.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let text = std::fs::read_to_string(page).unwrap();
    let last = "|bulkDeviceActionId|String|BulkAction ID|\n";
    assert!(text.contains(last), "{}", page.display());
    std::fs::write(page, text.replace(last, &format!("{last}{row}\n"))).unwrap();
}

/// What a user relies on: editing a docs page recompiles the crate, with the edit in it, in macro
/// and in build.rs mode, and an untouched build stays fresh. In macro mode an edit to a page the
/// items do not come from leaves the crate fresh (the macro tracks only the pages it used; the
/// README says what that gives up). The crates share the README test's target folder (the same
/// dependencies, built once; the first run builds them, about a minute on two cores).
#[test]
fn editing_a_page_rebuilds_either_mode() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-build-rs/target");
    for mode in ["macro", "build"] {
        let dir = rebuild_crate(&root, mode);
        let name = format!("rebuild-{mode}");
        cargo_build(&dir, &target, &name);
        assert!(
            !cargo_build(&dir, &target, &name),
            "{mode}: an untouched build is fresh"
        );

        let unrelated = dir.join("docs/beta/api/intune-auditing-auditevent-create.md");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let text = std::fs::read_to_string(&unrelated).unwrap();
        std::fs::write(&unrelated, format!("{text}\nAn unrelated edit.\n")).unwrap();
        assert_eq!(
            cargo_build(&dir, &target, &name),
            mode == "build",
            "{mode}: an edit to a page the items do not come from rebuilds in build.rs mode only"
        );

        let page = dir.join("docs/beta/resources/intune-devices-remoteactionaudit.md");
        add_property(&page, "|graphdocRebuildProbe|String|Added by the test.|");
        assert!(
            cargo_build(&dir, &target, &name),
            "{mode}: editing a page rebuilds"
        );
        let rlib = target.join(format!("debug/lib{}.rlib", name.replace('-', "_")));
        let rlib = std::fs::read(&rlib).unwrap();
        let field = b"graphdoc_rebuild_probe";
        assert!(
            rlib.windows(field.len()).any(|w| w == field),
            "{mode}: the rebuilt crate has the property added to the page"
        );
        assert!(
            !cargo_build(&dir, &target, &name),
            "{mode}: and then it is fresh again"
        );
    }
}
