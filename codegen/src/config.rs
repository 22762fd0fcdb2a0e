//! `graphdoc.toml`: a severity per diagnostic code and suppressions by code and path, read by every
//! front end (the CLI, the `Builder`, the macro) so a finding suppressed for one is suppressed for all.
//!
//! ```toml
//! [severity]
//! enum-members-lag = "error"            # error | warning | note | off
//! type-inferred-from-example = "off"
//!
//! [[suppress]]
//! code = "permissions-todo"
//! path = "beta/api/intune-*.md"         # a glob relative to the docs folder; absent: everywhere
//! reason = "the Intune team owns these scopes"
//! ```
//!
//! Lookup ([`find`]): the path given (`--config`, [`crate::Builder::config`]); else
//! `graphdoc.toml` beside the docs folder (in the folder that holds it); else `graphdoc.toml` in the
//! crate's folder (`CARGO_MANIFEST_DIR` for `build.rs` and the macro, the current folder for the
//! CLI). Unknown keys, codes and values are errors naming the line. Error codes (a missing docs
//! folder, an unreadable page) stop generation and cannot be lowered or suppressed.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Findings, Severity, Source, RETIRED};

/// The config's file name.
pub const FILE_NAME: &str = "graphdoc.toml";

/// A severity a config gives a code, or `off` to drop it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Error,
    Warning,
    Note,
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Note => Some(Severity::Note),
            Level::Off => None,
        }
    }
}

/// Findings of one code, in the files a glob matches, hidden for a stated reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Suppression {
    pub(crate) code: Code,
    /// Matched against the path relative to the docs folder; `None` matches every file.
    pub(crate) path: Option<glob::Pattern>,
    pub(crate) reason: String,
}

impl Suppression {
    fn matches(&self, d: &Diagnostic) -> bool {
        const OPTIONS: glob::MatchOptions = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        d.code == self.code
            && self
                .path
                .as_ref()
                .is_none_or(|p| p.matches_with(&d.file, OPTIONS))
    }
}

/// A read and validated `graphdoc.toml`; the default changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Where it was read from.
    pub(crate) source: Option<PathBuf>,
    pub(crate) severities: BTreeMap<Code, Level>,
    pub(crate) suppressions: Vec<Suppression>,
}

/// A config that cannot be read or is invalid: the file, the line (0 when unknown) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.message),
            line => write!(f, "{}:{line}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The error as a diagnostic (`config-invalid`), for the front ends that report diagnostics.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(
            Code::ConfigInvalid,
            &Source::new(self.path.display().to_string(), self.line),
            self.message.clone(),
        )
        .with_help("fix the config; `graphdoc lint --codes` lists the codes")
    }
}

/// How many findings of each code a config dropped (`off` or suppressed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) hidden: BTreeMap<Code, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<Level>>,
    #[serde(default)]
    suppress: Vec<Spanned<RawSuppression>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    code: Spanned<String>,
    path: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
}

impl Config {
    /// Parses and validates the text of a config read from `source`.
    pub fn parse(text: &str, source: &Path) -> Result<Config, ConfigError> {
        let error = |offset: Option<usize>, message: String| ConfigError {
            path: source.to_path_buf(),
            line: offset.map_or(0, |o| line_of(text, o)),
            message,
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| error(e.span().map(|s| s.start), e.message().trim().to_string()))?;
        let mut config = Config {
            source: Some(source.to_path_buf()),
            ..Config::default()
        };
        for (code, level) in raw.severity {
            let info = known_code(code.get_ref()).map_err(|m| error(Some(code.span().start), m))?;
            if info.is_fatal() && *level.get_ref() != Level::Error {
                return Err(error(Some(level.span().start), fatal_message(info)));
            }
            config.severities.insert(info, level.into_inner());
        }
        for entry in raw.suppress {
            let at = entry.span().start;
            let entry = entry.into_inner();
            let info = known_code(entry.code.get_ref())
                .map_err(|m| error(Some(entry.code.span().start), m))?;
            if info.is_fatal() {
                return Err(error(Some(entry.code.span().start), fatal_message(info)));
            }
            let reason = entry.reason.map(Spanned::into_inner).unwrap_or_default();
            if reason.trim().is_empty() {
                return Err(error(
                    Some(at),
                    format!("the suppression of `{}` needs a `reason`", info),
                ));
            }
            let path = match entry.path {
                None => None,
                Some(glob) => {
                    let written = glob.get_ref().trim().trim_start_matches("./");
                    Some(glob::Pattern::new(written).map_err(|e| {
                        error(
                            Some(glob.span().start),
                            format!("`{}` is not a path glob: {}", glob.get_ref(), e.msg),
                        )
                    })?)
                }
            };
            config.suppressions.push(Suppression {
                code: info,
                path,
                reason: reason.trim().to_string(),
            });
        }
        Ok(config)
    }

    /// Reads and validates the config at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read the config: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.severities.is_empty() && self.suppressions.is_empty()
    }

    /// The file it was read from.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// The one place a config acts: gives each finding its configured severity and drops the ones
    /// turned `off` or suppressed. Errors the docs cannot be generated with are never touched.
    pub(crate) fn apply(&self, diagnostics: &mut Vec<Diagnostic>) -> Tally {
        let mut tally = Tally::default();
        if self.is_empty() {
            return tally;
        }
        diagnostics.retain_mut(|d| {
            if d.severity == Severity::Error && d.code.is_fatal() {
                return true;
            }
            let level = self.severities.get(&d.code).copied();
            let severity = match level {
                Some(level) => level.severity(),
                None => Some(d.severity),
            };
            match severity {
                Some(s) if !self.suppressions.iter().any(|x| x.matches(d)) => {
                    d.severity = s;
                    true
                }
                _ => {
                    *tally.hidden.entry(d.code).or_default() += 1;
                    false
                }
            }
        });
        tally
    }

    /// The findings a run must compute: all of them when the config raises a code to an error,
    /// since a front end that asked for errors only would otherwise miss it.
    pub(crate) fn findings(&self, asked: Findings) -> Findings {
        let raises = self
            .severities
            .iter()
            .any(|(code, level)| *level == Level::Error && !code.is_fatal());
        if raises {
            Findings::All
        } else {
            asked
        }
    }
}

fn known_code(code: &str) -> Result<Code, String> {
    if let Some((_, why)) = RETIRED.iter().find(|(c, _)| *c == code) {
        return Err(format!(
            "the code `{code}` is no longer emitted ({why}); remove it from the config"
        ));
    }
    Code::parse(code).ok_or_else(|| {
        let hint = Code::nearest(code)
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        format!("unknown code `{code}`{hint}; `graphdoc lint --codes` lists the codes")
    })
}

fn fatal_message(info: Code) -> String {
    format!(
        "`{}` is an error that stops generation; it cannot be lowered or suppressed",
        info
    )
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where the config is: `explicit` when given, else the first `graphdoc.toml` that exists beside
/// the docs folder or in `crate_dir`.
pub(crate) fn locate(
    explicit: Option<&Path>,
    docs_dir: &Path,
    crate_dir: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    places(docs_dir, crate_dir)
        .into_iter()
        .find(|p| p.is_file())
}

/// Where a config is looked for without an explicit one, in order: beside the docs folder, then in
/// `crate_dir`.
pub(crate) fn places(docs_dir: &Path, crate_dir: Option<&Path>) -> Vec<PathBuf> {
    let holder = match docs_dir.file_name() {
        Some(_) => docs_dir.parent().unwrap_or(Path::new("")).to_path_buf(),
        // `.`, `..`: the docs folder has no name to step out of.
        None => docs_dir.join(".."),
    };
    [
        Some(holder.join(FILE_NAME)),
        crate_dir.map(|d| d.join(FILE_NAME)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The config: the one at `explicit` when given, else the first `graphdoc.toml` that exists beside
/// the docs folder or in `crate_dir`; read and validated. The empty config when there is none.
pub fn find(
    explicit: Option<&Path>,
    docs_dir: &Path,
    crate_dir: Option<&Path>,
) -> Result<Config, ConfigError> {
    match locate(explicit, docs_dir, crate_dir) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("graphdoc.toml")).map_err(|e| e.to_string())
    }

    fn finding(code: &str, severity: Severity, file: &str) -> Diagnostic {
        Diagnostic {
            severity,
            ..Diagnostic::new(Code::parse(code).unwrap(), &Source::new(file, 3), "m")
        }
    }

    #[test]
    fn severities_and_suppressions_apply() {
        let config = parse(
            "[severity]\nenum-members-lag = \"error\"\njson-lenient = \"off\"\n\n[[suppress]]\ncode = \"permissions-todo\"\npath = \"beta/api/*-create.md\"\nreason = \"owned elsewhere\"\n",
        )
        .unwrap();
        let mut list = vec![
            finding("enum-members-lag", Severity::Warning, "beta/api/a.md"),
            finding("json-lenient", Severity::Warning, "beta/api/a.md"),
            finding(
                "permissions-todo",
                Severity::Warning,
                "beta/api/x-create.md",
            ),
            finding(
                "permissions-todo",
                Severity::Warning,
                "beta/api/x-update.md",
            ),
            finding(
                "permissions-todo",
                Severity::Warning,
                "beta/api/deeper/x-create.md",
            ),
            finding("docs-missing", Severity::Error, ""),
        ];
        let tally = config.apply(&mut list);
        let left: Vec<(&str, Severity, &str)> = list
            .iter()
            .map(|d| (d.code.as_str(), d.severity, d.file.as_str()))
            .collect();
        assert_eq!(
            left,
            [
                ("enum-members-lag", Severity::Error, "beta/api/a.md"),
                (
                    "permissions-todo",
                    Severity::Warning,
                    "beta/api/x-update.md"
                ),
                // `*` does not cross a folder.
                (
                    "permissions-todo",
                    Severity::Warning,
                    "beta/api/deeper/x-create.md"
                ),
                ("docs-missing", Severity::Error, ""),
            ]
        );
        assert_eq!(tally.hidden.values().sum::<usize>(), 2);
        assert_eq!(config.findings(Findings::ErrorsOnly), Findings::All);
    }

    #[test]
    fn mistakes_are_errors_naming_the_line() {
        let e = parse("[severity]\nenum-member-lag = \"error\"\n").unwrap_err();
        assert_eq!(
            e,
            "graphdoc.toml:2: unknown code `enum-member-lag` (did you mean `enum-members-lag`?); `graphdoc lint --codes` lists the codes"
        );
        let e = parse("[severities]\n").unwrap_err();
        assert!(
            e.starts_with("graphdoc.toml:1: unknown field `severities`"),
            "{e}"
        );
        let e = parse("[severity]\njson-lenient = \"warn\"\n").unwrap_err();
        assert!(
            e.starts_with("graphdoc.toml:2: unknown variant `warn`"),
            "{e}"
        );
        let e = parse("[[suppress]]\ncode = \"json-lenient\"\n").unwrap_err();
        assert_eq!(
            e,
            "graphdoc.toml:1: the suppression of `json-lenient` needs a `reason`"
        );
        let e = parse("[[suppress]]\ncode = \"json-lenient\"\npath = \"[x\"\nreason = \"r\"\n")
            .unwrap_err();
        assert!(
            e.starts_with("graphdoc.toml:3: `[x` is not a path glob"),
            "{e}"
        );
        let e = parse("[severity]\ndocs-missing = \"off\"\n").unwrap_err();
        assert!(
            e.contains("`docs-missing` is an error that stops generation"),
            "{e}"
        );
        let e = parse("[[suppress]]\ncode = \"x\"\nreason = \"r\"\nextra = 1\n").unwrap_err();
        assert!(e.contains("unknown field `extra`"), "{e}");
    }

    #[test]
    fn lookup_prefers_the_explicit_path_then_beside_the_docs() {
        let dir = std::env::temp_dir().join(format!("graphdoc-config-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo/docs")).unwrap();
        std::fs::create_dir_all(dir.join("crate")).unwrap();
        let docs = dir.join("repo/docs");
        assert_eq!(locate(None, &docs, Some(&dir.join("crate"))), None);
        std::fs::write(dir.join("crate").join(FILE_NAME), "").unwrap();
        assert_eq!(
            locate(None, &docs, Some(&dir.join("crate"))),
            Some(dir.join("crate").join(FILE_NAME))
        );
        std::fs::write(dir.join("repo").join(FILE_NAME), "").unwrap();
        assert_eq!(
            locate(None, &docs, Some(&dir.join("crate"))),
            Some(dir.join("repo").join(FILE_NAME))
        );
        let own = dir.join("own.toml");
        assert_eq!(locate(Some(&own), &docs, None), Some(own.clone()));
        assert!(find(Some(&own), &docs, None)
            .unwrap_err()
            .to_string()
            .contains("cannot read the config"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
