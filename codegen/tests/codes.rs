//! The list of diagnostic codes (`codes::CODES`) is complete: every `Diagnostic::warning("code", ..)`,
//! `note`, `error` and `new` in the library's sources names a listed code with the listed severity,
//! and every listed code is emitted somewhere. The config accepts only listed codes and SARIF
//! describes each as a rule, so a code missing here could be neither configured nor described.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use graphdoc_codegen::codes::{self, CODES};
use graphdoc_codegen::Severity;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(code, severity, file:line)` of every diagnostic constructed in `text`, or an error naming a
/// construction whose code is not a literal.
fn constructions(path: &Path, text: &str) -> Result<Vec<(String, Severity, String)>, String> {
    let mut found = Vec::new();
    for (severity, call) in [
        (Some(Severity::Warning), "Diagnostic::warning("),
        (Some(Severity::Note), "Diagnostic::note("),
        (Some(Severity::Error), "Diagnostic::error("),
        (None, "Diagnostic::new("),
    ] {
        for (at, _) in text.match_indices(call) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..at].trim_start().starts_with("//") {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            let place = format!("{}:{line}", path.display());
            let args = text[at + call.len()..].trim_start();
            let Some(rest) = args.strip_prefix('"') else {
                return Err(format!("{place}: the code is not a string literal; write it out so this test can see it"));
            };
            let code = rest[..rest.find('"').unwrap()].to_string();
            let severity = match severity {
                Some(s) => s,
                None => {
                    let after = rest[code.len() + 1..].trim_start_matches([',', ' ', '\n']);
                    match after
                        .split(|c: char| !c.is_alphanumeric() && c != ':')
                        .next()
                    {
                        Some("Severity::Warning") => Severity::Warning,
                        Some("Severity::Note") => Severity::Note,
                        Some("Severity::Error") => Severity::Error,
                        other => {
                            return Err(format!("{place}: severity {other:?} is not `Severity::X`"))
                        }
                    }
                }
            };
            found.push((code, severity, place));
        }
    }
    Ok(found)
}

#[test]
fn every_emitted_code_is_listed_with_its_severity_and_every_listed_code_is_emitted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("../macros/src"), &mut files);
    let mut emitted = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        // The constructors themselves forward a `code` parameter.
        if file.ends_with("src/diagnostics.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests build findings of their own; they emit nothing.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        match constructions(file, text) {
            Ok(found) => {
                for (code, severity, place) in found {
                    match codes::lookup(&code) {
                        None => problems.push(format!("{place}: `{code}` is not in codes::CODES: add it with a summary and a fix")),
                        Some(info) if info.severity != severity => problems.push(format!(
                            "{place}: `{code}` is emitted as {} but listed as {}",
                            severity.as_str(),
                            info.severity.as_str()
                        )),
                        Some(_) => {}
                    }
                    emitted.insert(code);
                }
            }
            Err(e) => problems.push(e),
        }
    }
    for c in CODES {
        if !emitted.contains(c.code) {
            problems.push(format!(
                "`{}` is listed in codes::CODES but emitted nowhere",
                c.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        emitted.len() > 50,
        "the scan found only {} codes",
        emitted.len()
    );
}

#[test]
fn the_seed_pipeline_emits_only_listed_codes() {
    let docs = graphdoc_codegen::Docs::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs"));
    let schema = graphdoc_codegen::build_schema(&docs, &graphdoc_codegen::Settings::default());
    assert!(!schema.diagnostics.is_empty());
    for d in &schema.diagnostics {
        let info = codes::lookup(d.code).unwrap_or_else(|| panic!("`{}` is not listed", d.code));
        assert_eq!(info.severity, d.severity, "{}", d.code);
    }
}
