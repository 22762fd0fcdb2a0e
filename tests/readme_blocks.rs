//! Every code block of the README is compiled or run by a test, so none of it drifts:
//!
//! - `rust` blocks are doc tests of this crate (`lib.rs` includes the README); a `rust,ignore`
//!   block is allowed only as a file of the `build.rs` crate that `readme_build_rs.rs` builds.
//! - `bash` blocks: each `graphdoc` line (and `cargo run ... --bin graphdoc -- ...`) runs against a
//!   copy of the seeds (`docs/`, `generated/`, and `old-docs/` for `diff`), with the exit code its
//!   comment states (`exits 1`), else 0; `graphdoc serve` must print its address first. Other
//!   `cargo` lines name packages, targets and features that exist (`cargo metadata`).
//! - `text` blocks: `generate`'s output is what `generate` prints on the seeds; a synopsis
//!   (`graphdoc <command> ...`) names only options its `--help` lists; the `build.rs` warning line
//!   is compared by `readme_build_rs.rs`.
//! - `toml` blocks: a `graphdoc.toml` is read by `graphdoc lint` (no error, the codes it turns off
//!   gone); a Cargo fragment is resolved by `cargo metadata` in a scratch crate (paths
//!   `../graphdoc/` pointed at this checkout) without unused keys.
//!
//! Outside blocks: every inline `graphdoc ...` command and every `--option` names something that
//! `--help` lists, every inline `cargo ...` command names real packages and targets, and every
//! repository path and relative link names a file that exists.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use graphdoc_tests::repo;
use serde_json::Value;

/// A fenced code block of the README.
#[derive(Debug)]
struct Block {
    /// The info string (`rust,no_run`, `bash`, ...).
    info: String,
    text: String,
    /// The line of the opening fence, 1-based.
    line: usize,
    /// The `<!-- readme-crate: PATH -->` marker right before it, if any.
    crate_file: Option<String>,
}

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    let mut previous = "";
    for (i, line) in readme.lines().enumerate() {
        if let Some(block) = &mut open {
            if line.starts_with("```") {
                blocks.push(open.take().unwrap());
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
        } else if let Some(info) = line.trim_start().strip_prefix("```") {
            assert!(
                !line.starts_with(' '),
                "README.md:{}: an indented code block; keep blocks at the margin so they are found",
                i + 1
            );
            let crate_file = previous
                .strip_prefix("<!-- readme-crate: ")
                .and_then(|m| m.strip_suffix(" -->"))
                .map(str::to_string);
            open = Some(Block {
                info: info.to_string(),
                text: String::new(),
                line: i + 1,
                crate_file,
            });
        }
        previous = line;
    }
    assert!(open.is_none(), "an unclosed code block in the README");
    blocks
}

/// The `graphdoc` binary of this checkout, built once (the tests of `graphdoc-codegen` build it
/// too, so under `cargo test --workspace` this finds it fresh).
fn graphdoc() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let release = std::env::current_exe()
            .ok()
            .and_then(|p| Some(p.parent()?.parent()?.file_name()? == "release"))
            .unwrap_or(false);
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "-q", "-p", "graphdoc-codegen", "--bin", "graphdoc"]);
        cargo.args(["--message-format", "json"]).current_dir(repo());
        if release {
            cargo.arg("--release");
        }
        let o = cargo.output().expect("cargo runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| m["target"]["name"] == "graphdoc")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo names the graphdoc executable")
    })
}

/// `graphdoc <args> --help`'s text.
fn help(args: &[&str]) -> String {
    let o = Command::new(graphdoc())
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(o.status.success(), "graphdoc {args:?} --help failed");
    String::from_utf8(o.stdout).unwrap()
}

/// The subcommands `graphdoc --help` lists.
fn subcommands() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let text = help(&[]);
        let list = &text[text.find("Commands:").expect("a command list")..];
        list.lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(str::to_string)
            .collect()
    })
}

/// The `--options` a subcommand's `--help` lists.
fn options_of(subcommand: &str) -> BTreeSet<String> {
    options_in(&help(&[subcommand]))
}

fn options_in(text: &str) -> BTreeSet<String> {
    let mut options = BTreeSet::new();
    for (at, _) in text.match_indices("--") {
        let name: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        if !name.is_empty() {
            options.insert(format!("--{name}"));
        }
    }
    options
}

/// Checks a `graphdoc ...` command (a line, a synopsis or an inline span): its subcommand exists
/// and its help lists every `--option` the command uses.
fn check_graphdoc_command(command: &str, where_: &str) {
    let mut words = command.split_whitespace();
    assert_eq!(words.next(), Some("graphdoc"), "{where_}: {command}");
    let Some(sub) = words.next() else { return };
    if sub.starts_with("--") {
        assert!(
            options_in(&help(&[])).contains(sub),
            "{where_}: `graphdoc {sub}` is not an option of graphdoc"
        );
        return;
    }
    assert!(
        subcommands().contains(sub),
        "{where_}: `graphdoc {sub}` is not a subcommand (graphdoc --help lists {:?})",
        subcommands()
    );
    let listed = options_of(sub);
    for option in options_in(command) {
        assert!(
            listed.contains(&option),
            "{where_}: `graphdoc {sub} {option}`: `graphdoc {sub} --help` lists no {option}"
        );
    }
}

/// The comment of a shell line, and the line without it.
fn split_comment(line: &str) -> (&str, &str) {
    match line.find(" #") {
        Some(at) => (line[..at].trim(), line[at + 2..].trim()),
        None => (line.trim(), ""),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fresh scratch folder under this crate's target temp folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("readme-blocks")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A shell with the `graphdoc` binary first on its `PATH`, in `dir`.
fn shell(dir: &Path, line: &str) -> Command {
    let bin = graphdoc().parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut c = Command::new("bash");
    c.args(["-euo", "pipefail", "-c", line])
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap());
    c
}

const RUN_GRAPHDOC: &str = "cargo run -p graphdoc-codegen --bin graphdoc -- ";

#[test]
fn every_block_is_checked() {
    let lib = std::fs::read_to_string(repo().join("tests/lib.rs")).unwrap();
    assert!(
        lib.contains(r#"#![doc = include_str!("../README.md")]"#),
        "tests/lib.rs must include the README, so its rust blocks are doc tests"
    );
    for b in blocks(&readme()) {
        let at = format!("README.md:{}", b.line);
        let first = b.text.lines().next().unwrap_or("");
        match b.info.split(',').next().unwrap() {
            "rust" => assert!(
                !b.info.contains("ignore") || b.crate_file.is_some(),
                "{at}: a `rust,ignore` block is compiled by no test; make it a doc test"
            ),
            "bash" => {
                for line in b.text.lines() {
                    let (command, _) = split_comment(line);
                    assert!(
                        command.starts_with("graphdoc ")
                            || command.starts_with("cargo ")
                            || command.starts_with("git clone "),
                        "{at}: the README tests do not know how to check `{line}`"
                    );
                }
            }
            "text" => assert!(
                first.starts_with("graphdoc: ")
                    || first.starts_with("graphdoc ")
                    || first.starts_with("warning: my-graph-models@0.1.0: "),
                "{at}: a text block the README tests do not check"
            ),
            "toml" => assert!(
                b.crate_file.is_some()
                    || b.text.contains("[severity]")
                    || b.text.contains("[dependencies]")
                    || b.text.contains("[profile."),
                "{at}: a toml block the README tests do not check"
            ),
            other => {
                panic!("{at}: a `{other}` block; the README tests check rust, bash, text and toml")
            }
        }
    }
}

#[test]
fn shell_lines_run_against_the_seeds() {
    let readme = readme();
    let blocks = blocks(&readme);
    let dir = scratch("shell");
    copy_dir(&repo().join("docs"), &dir.join("docs"));
    copy_dir(&repo().join("docs"), &dir.join("old-docs"));
    copy_dir(&repo().join("generated"), &dir.join("generated"));
    let mut generate_output = None;
    let mut ran = 0;
    for b in blocks.iter().filter(|b| b.info == "bash") {
        for (i, line) in b.text.lines().enumerate() {
            let at = format!("README.md:{}", b.line + 1 + i);
            let (command, comment) = split_comment(line);
            let command = match command.strip_prefix(RUN_GRAPHDOC) {
                Some(rest) => format!("graphdoc {rest}"),
                None => command.to_string(),
            };
            if command.starts_with("cargo ") {
                check_cargo_command(&command, &at);
                continue;
            }
            if let Some(rest) = command.strip_prefix("git clone ") {
                assert!(
                    rest.starts_with('<'),
                    "{at}: graphdoc is not published; its URL is the user's to fill in"
                );
                continue;
            }
            check_graphdoc_command(&command, &at);
            if command.starts_with("graphdoc serve") && !command.contains("--write-devproxy-mocks")
            {
                serve_prints_its_address(&dir, &command, &at);
                ran += 1;
                continue;
            }
            let expected = if comment.contains("exits 1") { 1 } else { 0 };
            let o = shell(&dir, &command).output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
            assert_eq!(
                o.status.code(),
                Some(expected),
                "{at}: `{command}` in a copy of the seeds:\n{stderr}"
            );
            if command == "graphdoc generate" && generate_output.is_none() {
                generate_output = Some(stderr);
            }
            ran += 1;
        }
    }
    assert!(ran >= 8, "only {ran} graphdoc lines ran");

    // The output shown under the quick start is what `generate` prints on the seeds.
    let shown = blocks
        .iter()
        .find(|b| b.info == "text" && b.text.starts_with("graphdoc: "))
        .expect("the quick start shows generate's output");
    assert_eq!(
        generate_output.expect("the quick start runs generate"),
        shown.text,
        "README.md:{}: generate's output on the seeds",
        shown.line
    );
}

/// Starts a `graphdoc serve` line, reads the address it prints first, and stops it.
fn serve_prints_its_address(dir: &Path, command: &str, at: &str) {
    let mut child = shell(dir, &format!("exec {command}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let read = BufReader::new(child.stdout.take().unwrap()).read_line(&mut first);
    let _ = child.kill();
    let _ = child.wait();
    read.unwrap();
    assert!(
        first.starts_with("http://127.0.0.1:"),
        "{at}: `{command}` printed {first:?} first"
    );
}

/// The workspace's packages as `cargo metadata` gives them.
fn metadata() -> &'static Value {
    static METADATA: OnceLock<Value> = OnceLock::new();
    METADATA.get_or_init(|| {
        let o = Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--no-deps",
                "--offline",
                "--format-version",
                "1",
            ])
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    })
}

fn package(name: &str) -> Option<&'static Value> {
    metadata()["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
}

fn has_target(package: &Value, kind: &str, name: &str) -> bool {
    package["targets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == name && t["kind"].as_array().unwrap().iter().any(|k| k == kind))
}

/// Checks a `cargo ...` command of the README: its package, targets and features exist.
fn check_cargo_command(command: &str, at: &str) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let args = match words.iter().position(|w| *w == "--") {
        Some(end) => &words[..end],
        None => &words[..],
    };
    let value = |flag: &str| {
        args.iter().position(|w| *w == flag).map(|i| {
            *args
                .get(i + 1)
                .unwrap_or_else(|| panic!("{at}: {flag} without a value"))
        })
    };
    let member = value("-p").or(value("--package"));
    let pkg = member.map(|name| {
        package(name).unwrap_or_else(|| panic!("{at}: `{command}`: no package `{name}` here"))
    });
    for (flag, kind) in [("--bench", "bench"), ("--test", "test"), ("--bin", "bin")] {
        if let Some(name) = value(flag) {
            let pkg = pkg.unwrap_or_else(|| panic!("{at}: `{command}`: {flag} without -p"));
            assert!(
                has_target(pkg, kind, name),
                "{at}: `{command}`: no {kind} target `{name}`"
            );
        }
    }
    if let (Some(pkg), Some(features)) = (pkg, value("--features")) {
        for f in features.split(',') {
            assert!(
                pkg["features"].get(f).is_some(),
                "{at}: `{command}`: no feature `{f}`"
            );
        }
    }
    if args.get(1) == Some(&"run") {
        if let Some(pkg) = pkg {
            let bins = pkg["targets"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"));
            assert!(
                bins.count() >= 1,
                "{at}: `{command}`: the package has no binary"
            );
        }
    }
    if let Some(path) = value("--path") {
        // A path into the user's checkout of graphdoc: `graphdoc/<folder>`.
        let inside = path
            .split_once("graphdoc/")
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("{at}: `{command}`: a path outside the checkout"));
        let manifest = std::fs::read_to_string(repo().join(inside).join("Cargo.toml"))
            .unwrap_or_else(|_| panic!("{at}: `{command}`: no crate at {inside}"));
        if args.get(1) == Some(&"install") {
            assert!(
                manifest.contains("[[bin]]"),
                "{at}: `{command}`: nothing to install"
            );
        }
    }
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
}

/// The inline code spans of the README (outside code blocks), with their lines.
fn inline_spans(readme: &str) -> Vec<(usize, String)> {
    let mut spans = Vec::new();
    let mut in_block = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        // Spans may continue on the next line (a wrapped paragraph).
        let mut rest = line;
        if let Some((start, mut text)) = pending.take() {
            match rest.find('`') {
                Some(end) => {
                    text.push(' ');
                    text.push_str(&rest[..end]);
                    spans.push((start, text));
                    rest = &rest[end + 1..];
                }
                None => {
                    pending = Some((start, text));
                    continue;
                }
            }
        }
        while let Some(open) = rest.find('`') {
            let after = &rest[open + 1..];
            match after.find('`') {
                Some(close) => {
                    spans.push((i + 1, after[..close].to_string()));
                    rest = &after[close + 1..];
                }
                None => {
                    pending = Some((i + 1, after.to_string()));
                    rest = "";
                }
            }
        }
    }
    spans
}

#[test]
fn inline_commands_and_options_exist() {
    let readme = readme();
    // Every option of any subcommand, for `--option` spans in the prose.
    let mut every_option = options_in(&help(&[]));
    for sub in subcommands() {
        every_option.extend(options_of(sub));
    }
    let mut checked = 0;
    for (line, span) in inline_spans(&readme) {
        let at = format!("README.md:{line}");
        // Environment variables before a command (`GRAPHDOC_BENCH_ONLY=x cargo bench ...`).
        let span = span
            .split_whitespace()
            .skip_while(|w| w.split_once('=').is_some_and(|(k, _)| is_env_name(k)))
            .collect::<Vec<_>>()
            .join(" ");
        let first = span.split_whitespace().next().unwrap_or("");
        if first == "graphdoc" {
            check_graphdoc_command(&span, &at);
        } else if subcommands().contains(first)
            && span
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| w.starts_with("--"))
        {
            check_graphdoc_command(&format!("graphdoc {span}"), &at);
        } else if first == "cargo" {
            check_cargo_command(&span, &at);
        } else if span.starts_with("--") {
            for option in options_in(&span) {
                assert!(
                    every_option.contains(&option),
                    "{at}: `{span}`: no subcommand lists {option}"
                );
            }
        } else {
            continue;
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} inline commands checked");

    // Synopsis blocks: each line names a subcommand and only options its help lists.
    for b in blocks(&readme) {
        if b.info == "text" && b.text.starts_with("graphdoc ") {
            for (i, line) in b.text.lines().enumerate() {
                check_graphdoc_command(line, &format!("README.md:{}", b.line + 1 + i));
            }
        }
    }
}

#[test]
fn repository_paths_and_links_exist() {
    let readme = readme();
    let tops = [
        "codegen/",
        "macros/",
        "tests/",
        "examples/",
        "benches/",
        "generated/",
        "docs/",
        "fuzz/",
        ".ci/",
        ".github/",
    ];
    for (line, span) in inline_spans(&readme) {
        for word in span.split_whitespace() {
            let path_like = !word.contains('*')
                && !word.contains("...")
                && tops
                    .iter()
                    .any(|t| word.starts_with(t) || word == t.trim_end_matches('/'));
            if path_like {
                assert!(
                    repo().join(word).exists(),
                    "README.md:{line}: `{span}`: {word} is not in the repository"
                );
            }
        }
    }
    for (at, _) in readme.match_indices("](") {
        let target = &readme[at + 2..];
        let target = &target[..target.find(')').unwrap()];
        if !target.contains("://") && !target.starts_with('#') {
            assert!(
                repo().join(target).exists(),
                "README.md: the link to `{target}` names no file"
            );
        }
    }
}

#[test]
fn the_graphdoc_toml_block_is_read_as_written() {
    let readme = readme();
    let block = blocks(&readme)
        .into_iter()
        .find(|b| b.info == "toml" && b.text.contains("[severity]"))
        .expect("the README shows a graphdoc.toml");
    let dir = scratch("config");
    copy_dir(&repo().join("docs"), &dir.join("docs"));
    std::fs::write(dir.join("graphdoc.toml"), &block.text).unwrap();
    let o = shell(&dir, "graphdoc lint --format json").output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(0),
        "README.md:{}: {stderr}",
        block.line
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // What the block turns off is gone; what it leaves is still reported.
    assert!(!codes.contains("type-inferred-from-example"), "{codes:?}");
    assert!(!codes.contains("permissions-todo"), "{codes:?}");
    assert!(codes.contains("enum-members-lag"), "{codes:?}");
    assert!(
        report["summary"]["hiddenByConfig"]
            .as_object()
            .is_some_and(|h| !h.is_empty()),
        "{report:#}"
    );
}

#[test]
fn cargo_fragments_resolve() {
    let readme = readme();
    let fragments: Vec<Block> = blocks(&readme)
        .into_iter()
        .filter(|b| b.info == "toml" && b.crate_file.is_none() && !b.text.contains("[severity]"))
        .collect();
    assert!(fragments.len() >= 3, "{fragments:?}");
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    let checkout = format!("{}/", repo().display());
    for (n, b) in fragments.iter().enumerate() {
        let dir = scratch(&format!("manifest-{n}"));
        let manifest = format!(
            "[package]\nname = \"readme-fragment-{n}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n{}\n[workspace]\n",
            b.text.replace("../graphdoc/", &checkout)
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        std::fs::write(dir.join("Cargo.lock"), &lock).unwrap();
        let o = Command::new(env!("CARGO"))
            .args(["metadata", "--offline", "--format-version", "1"])
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.success() && !stderr.contains("unused manifest key"),
            "README.md:{}: cargo does not take this fragment:\n{stderr}",
            b.line
        );
    }
}
