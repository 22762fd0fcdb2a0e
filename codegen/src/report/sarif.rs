//! `lint --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One rule per diagnostic code ([`Code::ALL`]), with graphdoc's own severity as its
//! default level; each result carries the level the config gave it, the file relative to where the
//! command ran (`uriBaseId` `%SRCROOT%`, which `originalUriBaseIds` sets to that folder: in CI, the
//! repository root, which is where code scanning resolves relative paths from), the line, and a
//! `partialFingerprints` entry that does not change when lines move, so a finding keeps its alert
//! across commits. A test validates the output against the official SARIF 2.1.0 schema.

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::Report;
use crate::diagnostics::{shown_path, slashed};
use crate::diagnostics::{Code, Diagnostic, Severity};

/// The base every relative artifact URI is resolved against: the folder the command ran in.
pub const SOURCE_ROOT: &str = "%SRCROOT%";
/// The `partialFingerprints` key.
pub const FINGERPRINT_KEY: &str = "graphdoc/v1";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    results: Vec<ResultObject>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: RuleConfiguration,
}

#[derive(Serialize)]
struct RuleConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultObject {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The report as a SARIF log. `working_dir` (absolute) is the folder the command ran in, which
/// `%SRCROOT%` stands for; without it the base is left for the consumer to set.
pub fn render(report: &Report, working_dir: Option<&Path>) -> String {
    let rules = Code::ALL
        .iter()
        .map(|c| Rule {
            id: c.as_str(),
            short_description: Text {
                text: c.summary().to_string(),
            },
            full_description: Text {
                text: c.description(),
            },
            help: Text {
                text: format!("{}.", c.fix()),
            },
            default_configuration: RuleConfiguration {
                level: level(c.severity()),
            },
        })
        .collect();
    let fingerprints = fingerprints(report.diagnostics);
    let results = report
        .diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(d, fingerprint)| result(report, d, fingerprint))
        .collect();
    let mut bases = BTreeMap::new();
    if let Some(dir) = working_dir.filter(|d| d.is_absolute()) {
        bases.insert(
            SOURCE_ROOT,
            ArtifactLocation {
                uri: format!("{}/", file_uri(&slashed(dir)).trim_end_matches('/')),
                uri_base_id: None,
            },
        );
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "graphdoc",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: bases,
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn result(report: &Report, d: &Diagnostic, fingerprint: String) -> ResultObject {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    // A finding about no file (an unknown root) is placed on the docs folder itself, as one about
    // the docs folder (a missing one) is: code
    // scanning shows no result without a location.
    let shown = shown_path(report.docs_root, &d.file)
        .unwrap_or_else(|| format!("{}/", slashed(report.docs_root).trim_end_matches('/')));
    let artifact_location = if shown.starts_with('/') {
        ArtifactLocation {
            uri: file_uri(&shown),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(&shown),
            uri_base_id: Some(SOURCE_ROOT),
        }
    };
    ResultObject {
        rule_id: d.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == d.code),
        level: level(d.severity),
        message: Text { text: message },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location,
                region: (d.line > 0).then_some(Region { start_line: d.line }),
            },
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
    }
}

/// One fingerprint per finding, from what stays when lines move: the code, the file and the
/// message with its numbers masked (messages name other places by line), plus the finding's rank
/// among identical ones.
fn fingerprints(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let masked: String = d
                .message
                .split(|c: char| c.is_ascii_digit())
                .collect::<Vec<_>>()
                .join("0");
            let hash = [d.code.as_str(), d.file.as_str(), masked.as_str()]
                .iter()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, part| {
                    part.bytes()
                        .chain([0])
                        .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
                });
            let rank = seen.entry(hash).or_default();
            *rank += 1;
            format!("{hash:016x}:{rank}")
        })
        .collect()
}

/// `file://` URI of an absolute `/`-separated path.
fn file_uri(path: &str) -> String {
    let path = percent_encode(path);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        // A Windows drive path (`C:/x`).
        format!("file:///{path}")
    }
}

/// Percent-encodes everything in a path but unreserved characters, `/` and a drive's `:`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_twins_apart() {
        let at = |line: usize, message: &str| {
            Diagnostic::new(
                Code::EnumMembersLag,
                &Source::new("beta/a.md", line),
                message,
            )
        };
        let before = fingerprints(&[
            at(10, "lists 3 (see b.md:37)"),
            at(12, "lists 3 (see b.md:37)"),
        ]);
        let after = fingerprints(&[
            at(14, "lists 3 (see b.md:41)"),
            at(19, "lists 3 (see b.md:41)"),
        ]);
        assert_eq!(before, after);
        assert_ne!(before[0], before[1]);
        let other = fingerprints(&[at(10, "lists all")]);
        assert_ne!(before[0], other[0]);
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(percent_encode("docs/a b/ä.md"), "docs/a%20b/%C3%A4.md");
        assert_eq!(file_uri("/work/x y"), "file:///work/x%20y");
        assert_eq!(file_uri("C:/work"), "file:///C:/work");
    }
}
