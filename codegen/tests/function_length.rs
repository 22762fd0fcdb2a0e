//! Functions stay about a screen long (issue 25): none in `codegen/src` over 120 lines, counted
//! from its `fn` line to the closing brace at the same indentation (the sources are rustfmt'd, so
//! the brace is where rustfmt puts it).

use std::path::{Path, PathBuf};

const LIMIT: usize = 120;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("codegen/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The name of the function a line starts, with its indentation, if it starts one with a body.
fn fn_start(line: &str) -> Option<(&str, &str)> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    (!line.trim_end().ends_with(';')).then_some((indent, &name[..end]))
}

/// Every function longer than the limit, as `file:line name (n lines)`.
fn long_functions(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("a source file is readable");
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((indent, name)) = fn_start(line) else {
            continue;
        };
        let close = format!("{indent}}}");
        let Some(end) = lines[i..].iter().position(|l| *l == close) else {
            continue;
        };
        if end + 1 > LIMIT {
            long.push(format!(
                "{}:{} {name} ({} lines)",
                file.display(),
                i + 1,
                end + 1
            ));
        }
    }
    long
}

#[test]
fn no_function_in_codegen_src_is_over_the_limit() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(
        files.len() > 50,
        "the sources were found ({} files)",
        files.len()
    );
    let long: Vec<String> = files.iter().flat_map(|f| long_functions(f)).collect();
    assert!(
        long.is_empty(),
        "functions over {LIMIT} lines; split them into named steps:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_counter_sees_a_long_function() {
    let dir = std::env::temp_dir().join(format!("graphdoc-fnlen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long.rs");
    let body = "    let x = 1;\n".repeat(LIMIT);
    std::fs::write(
        &file,
        format!("pub(crate) fn long() {{\n{body}}}\nfn short() {{}}\n"),
    )
    .unwrap();
    let found = long_functions(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("long (122 lines)"), "{found:?}");
}
