//! The docs folder as input: links followed only inside it, loops, oversized and odd files, and
//! includes that never reach outside it.

use graphdoc_codegen::internals::docs::MAX_PAGE_BYTES;
use graphdoc_codegen::{Code, Diagnostic, Docs};
use std::path::Path;

mod common;
use common::Scratch;

fn temp_dir(name: &str) -> Scratch {
    Scratch::new("graphdoc-docs", name)
}

const PAGE: &str = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn paths(docs: &Docs) -> Vec<&str> {
    docs.files.iter().map(|f| f.path.as_str()).collect()
}

#[track_caller]
fn diagnostic<'d>(docs: &'d Docs, code: Code, file: &str) -> &'d Diagnostic {
    docs.diagnostics
        .iter()
        .find(|d| d.code == code && d.file == file)
        .unwrap_or_else(|| panic!("no {code} on {file}: {:#?}", docs.diagnostics))
}

#[cfg(unix)]
#[test]
fn links_are_followed_only_inside_the_docs_folder() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("links");
    let docs = dir.join("docs");
    write(&docs.join("beta/resources/thing.md"), PAGE);
    write(&dir.join("secret/page.md"), PAGE);
    write(&docs.join("beta/data/kept.txt"), PAGE);
    symlink(
        dir.join("secret/page.md"),
        docs.join("beta/resources/out.md"),
    )
    .unwrap();
    symlink(dir.join("secret"), docs.join("beta/outdir")).unwrap();
    symlink("../data/kept.txt", docs.join("beta/resources/inside.md")).unwrap();
    symlink("/etc", docs.join("v1.0")).unwrap();

    let loaded = Docs::load(&docs);
    assert_eq!(
        paths(&loaded),
        ["beta/resources/inside.md", "beta/resources/thing.md"]
    );
    for link in ["beta/resources/out.md", "beta/outdir", "v1.0"] {
        let d = diagnostic(&loaded, Code::SymlinkOutsideDocs, link);
        assert!(
            d.message.contains("outside the docs folder") && d.help.is_some(),
            "{d:?}"
        );
    }
    assert!(!loaded
        .read
        .iter()
        .any(|p| p.starts_with(dir.join("secret"))));
}

#[cfg(unix)]
#[test]
fn link_loops_and_second_names_are_read_once() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("loops");
    let docs = dir.join("docs");
    write(&docs.join("beta/resources/thing.md"), PAGE);
    symlink("..", docs.join("beta/resources/up")).unwrap();
    symlink(&docs, docs.join("beta/root")).unwrap();
    symlink("resources", docs.join("beta/alias")).unwrap();
    symlink("thing.md", docs.join("beta/resources/again.md")).unwrap();

    let loaded = Docs::load(&docs);
    assert_eq!(paths(&loaded), ["beta/resources/thing.md"]);
    diagnostic(&loaded, Code::SymlinkLoop, "beta/resources/up");
    diagnostic(&loaded, Code::SymlinkLoop, "beta/root");
    diagnostic(&loaded, Code::SymlinkDuplicate, "beta/alias");
    diagnostic(&loaded, Code::SymlinkDuplicate, "beta/resources/again.md");

    // The docs root itself may be a link.
    symlink(&docs, dir.join("docs-link")).unwrap();
    assert_eq!(
        paths(&Docs::load(&dir.join("docs-link"))),
        ["beta/resources/thing.md"]
    );
}

#[test]
fn a_page_over_the_size_cap_is_skipped_with_an_error() {
    let dir = temp_dir("large");
    let docs = dir.join("docs");
    write(&docs.join("beta/resources/thing.md"), PAGE);
    let mut big = PAGE.to_string();
    while (big.len() as u64) <= MAX_PAGE_BYTES {
        big.push_str("|more|String|Padding that makes the page too large to read.|\n");
    }
    write(&docs.join("beta/resources/huge.md"), &big);
    let at_cap = &big[..MAX_PAGE_BYTES as usize];
    write(&docs.join("beta/resources/at-cap.md"), at_cap);

    let loaded = Docs::load(&docs);
    assert_eq!(
        paths(&loaded),
        ["beta/resources/at-cap.md", "beta/resources/thing.md"]
    );
    let d = diagnostic(&loaded, Code::FileTooLarge, "beta/resources/huge.md");
    assert!(d.message.contains("4 MiB") && d.help.is_some(), "{d:?}");
    assert!(graphdoc_codegen::internals::diagnostics::has_errors(
        &loaded.diagnostics
    ));
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_page_is_not_read() {
    let dir = temp_dir("fifo");
    let docs = dir.join("docs");
    write(&docs.join("beta/resources/thing.md"), PAGE);
    let fifo = docs.join("beta/resources/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("pipe.md", docs.join("beta/resources/to-pipe.md")).unwrap();
    // A read would block forever: the load finishing is the test.
    let loaded = Docs::load(&docs);
    assert_eq!(paths(&loaded), ["beta/resources/thing.md"]);
    diagnostic(&loaded, Code::FileNotRegular, "beta/resources/pipe.md");
    diagnostic(&loaded, Code::FileNotRegular, "beta/resources/to-pipe.md");
}

#[test]
fn includes_never_reach_outside_the_docs_folder() {
    let dir = temp_dir("includes");
    let docs = dir.join("docs");
    let outside =
        "# secret\n\n|Property|Type|Description|\n|:---|:---|:---|\n|leaked|String|Outside.|\n";
    write(&dir.join("outside.md"), outside);
    write(&docs.join("includes/outside.md"), "not this one either\n");
    let page = PAGE.replace(
        "## Properties",
        "[!INCLUDE [x](../../../outside.md)]\n\n[!INCLUDE [y](/etc/passwd)]\n\n## Properties",
    );
    write(&docs.join("beta/resources/thing.md"), &page);
    let loaded = Docs::load(&docs);
    let schema =
        graphdoc_codegen::Generator::new(&loaded, &graphdoc_codegen::Settings::default()).schema();
    let thing = schema.types.iter().find(|t| t.name == "thing").unwrap();
    let names: Vec<&str> = thing.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id"]);
    let d = schema
        .diagnostics
        .iter()
        .find(|d| d.code == Code::IncludeMissing)
        .expect("the missing includes are noted");
    assert!(
        d.message.contains("2 `[!INCLUDE]` targets"),
        "{}",
        d.message
    );
}
