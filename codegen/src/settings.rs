//! Settings shared by the CLI, the build.rs API and the macro: defined once so they cannot drift.
//!
//! The option grammar is [`Settings`]'s documentation.

use crate::ir::ApiVersion;

/// The crates whose types a single-file output can convert the wire strings to (`conversions`);
/// the emitter holds each one's source.
pub const CONVERSIONS: [&str; 3] = ["time", "chrono", "uuid"];

/// The HTTP clients a single-file output can implement the support module's traits for
/// (`clients`).
pub const CLIENTS: [&str; 2] = ["ureq", "reqwest"];

/// What to generate and how, shared by the CLI, the [`crate::Builder`] and the macro.
///
/// The macro's `key = value` arguments and the [`crate::Builder`]'s methods both go through
/// [`Settings::apply_option`], so the two grammars are the same by construction. The keys:
///
/// | key            | value                                   | effect                                      |
/// |----------------|-----------------------------------------|---------------------------------------------|
/// | `version`      | `"beta"` / `"v1.0"`, or a list of them  | only these versions (default: all)          |
/// | `roots`        | `"name"` or `["name", ...]`             | only the closure of these types/operations; `"/path"` is every operation under that path (an API area) |
/// | `derive`       | `"Eq"` or `["Eq", "Hash", ...]`         | extra derives on every struct and enum      |
/// | `doc_comments` | `true` / `false`                        | doc comments from the docs (default: true)  |
/// | `replace`      | `"from=path"` or a list of them         | use your type for a docs type (see below)   |
/// | `conversions`  | `"time"`, `"chrono"`, `"uuid"` or a list | conversions of dates, durations and GUIDs to that crate's types (add the crate to your dependencies) |
/// | `clients`      | `"ureq"`, `"reqwest"` or a list          | `support::Client` for `ureq::Agent`, `support::AsyncClient` for `reqwest::Client` (add the crate to your dependencies) |
/// | `follow_navigation` | `true` / `false`                   | with `roots`, also the targets of navigation properties (default: false) |
///
/// `replace` maps a docs type (`Edm.DateTimeOffset`, `microsoft.graph.remoteAction`) to a Rust path
/// (`my_crate::MyTime`): properties use your type, and the replaced docs type is not generated. Your
/// type must implement `serde::Serialize`, `serde::Deserialize`, `Clone`, `Debug` and `PartialEq`.
///
/// `versions`, `root` and `derives` are accepted as spellings of `version`, `roots` and `derive`.
/// A list value adds to what earlier options set; a bool key takes only a bool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Versions to generate; empty means all.
    pub versions: Vec<ApiVersion>,
    /// Root types and operations (by name, e.g. `remoteActionAudit`, `createAuditEvent`); only their
    /// closure is generated. Empty means everything.
    pub roots: Vec<String>,
    /// Extra derives on every struct and enum (`Eq`, `schemars::JsonSchema`, ...).
    pub extra_derives: Vec<String>,
    /// Doc comments from the docs' descriptions.
    pub doc_comments: bool,
    /// Docs type (`Edm.DateTimeOffset`, `microsoft.graph.remoteAction`, compared case-insensitively)
    /// -> the Rust path used instead.
    pub replacements: Vec<(String, String)>,
    /// Conversions of the wire strings to add to a single-file output (the macro, `build.rs`):
    /// `time`, `chrono`, `uuid` (a generated crate has them all, behind features of those names).
    pub conversions: Vec<String>,
    /// HTTP clients to implement the support module's client traits for, in a single-file output:
    /// `ureq`, `reqwest` (a generated crate has both, behind features of those names).
    pub clients: Vec<String>,
    /// With roots: follow navigation properties (a Relationships table) into their targets too.
    /// Off by default, so a root's closure is its structure: a navigation property whose target is
    /// not in the closure is typed `serde_json::Value`.
    pub follow_navigation: bool,
    /// Severities and suppressions from `graphdoc.toml` ([`crate::config`]), applied to every
    /// schema built with these settings.
    pub config: crate::config::Config,
    /// Operation names an earlier generation gave (its names file), kept by this one.
    pub names: crate::names_file::Pins,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            versions: Vec::new(),
            roots: Vec::new(),
            extra_derives: Vec::new(),
            doc_comments: true,
            replacements: Vec::new(),
            conversions: Vec::new(),
            clients: Vec::new(),
            follow_navigation: false,
            config: crate::config::Config::default(),
            names: crate::names_file::Pins::default(),
        }
    }
}

/// The value of one `key = value` option, as the macro parses it (a string, a list of strings or a
/// bool) or as the [`crate::Builder`] passes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    Str(String),
    List(Vec<String>),
    Bool(bool),
}

impl From<&str> for OptionValue {
    fn from(s: &str) -> Self {
        OptionValue::Str(s.to_string())
    }
}

impl From<String> for OptionValue {
    fn from(s: String) -> Self {
        OptionValue::Str(s)
    }
}

impl From<bool> for OptionValue {
    fn from(b: bool) -> Self {
        OptionValue::Bool(b)
    }
}

impl<S: Into<String>> From<Vec<S>> for OptionValue {
    fn from(v: Vec<S>) -> Self {
        OptionValue::List(v.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String> + Clone, const N: usize> From<[S; N]> for OptionValue {
    fn from(v: [S; N]) -> Self {
        OptionValue::List(v.into_iter().map(Into::into).collect())
    }
}

impl OptionValue {
    fn describe(&self) -> &'static str {
        match self {
            OptionValue::Str(_) => "a string",
            OptionValue::List(_) => "a list",
            OptionValue::Bool(_) => "a bool",
        }
    }

    fn bool(self, key: &str) -> Result<bool, String> {
        match self {
            OptionValue::Bool(b) => Ok(b),
            other => Err(format!(
                "`{key}` takes `true` or `false`, not {}",
                other.describe()
            )),
        }
    }

    fn strings(self, key: &str) -> Result<Vec<String>, String> {
        match self {
            OptionValue::Str(s) => Ok(vec![s]),
            OptionValue::List(l) => Ok(l),
            OptionValue::Bool(_) => Err(format!(
                "`{key}` takes a string or a list of strings, not a bool"
            )),
        }
    }
}

impl Settings {
    /// The option keys [`Settings::apply_option`] accepts, in documentation order.
    pub const OPTION_KEYS: &'static [&'static str] = &[
        "version",
        "roots",
        "derive",
        "doc_comments",
        "replace",
        "conversions",
        "clients",
        "follow_navigation",
    ];

    /// The Rust type replacing a docs type (`Edm.Guid`, `microsoft.graph.remoteAction`), if any.
    /// Takes the docs type unformatted: it is only spelled out when there are replacements, since
    /// the emitter asks for every property.
    pub fn replacement(&self, docs_type: &dyn std::fmt::Display) -> Option<&str> {
        if self.replacements.is_empty() {
            return None;
        }
        let docs_type = docs_type.to_string();
        self.replacements
            .iter()
            .find(|(from, _)| from.eq_ignore_ascii_case(&docs_type))
            .map(|(_, to)| to.as_str())
    }

    pub fn includes_version(&self, v: ApiVersion) -> bool {
        self.versions.is_empty() || self.versions.contains(&v)
    }

    /// Applies one `key = value` option (see [`Settings`] for the keys). The error is a message
    /// for the user, naming the key and what it takes.
    pub fn apply_option(&mut self, key: &str, value: OptionValue) -> Result<(), String> {
        match key {
            "version" | "versions" => {
                for v in value.strings(key)? {
                    let parsed = ApiVersion::parse(v.trim()).ok_or_else(|| {
                        format!("unknown version `{v}`: use \"beta\" or \"v1.0\"")
                    })?;
                    if !self.versions.contains(&parsed) {
                        self.versions.push(parsed);
                    }
                }
                Ok(())
            }
            "roots" | "root" => {
                for r in value.strings(key)? {
                    if r.trim().is_empty() {
                        return Err(format!("`{key}` holds an empty name"));
                    }
                    self.roots.push(r.trim().to_string());
                }
                Ok(())
            }
            "derive" | "derives" => {
                for d in value.strings(key)? {
                    let d = d.trim().to_string();
                    if syn::parse_str::<syn::Path>(&d).is_err() {
                        return Err(format!(
                            "`{d}` is not a derive path (such as `Eq` or `schemars::JsonSchema`)"
                        ));
                    }
                    self.extra_derives.push(d);
                }
                Ok(())
            }
            "replace" | "replacements" => {
                for r in value.strings(key)? {
                    let Some((from, to)) = r.split_once('=') else {
                        return Err(format!("`{r}` is not `docs.type=rust::Path`"));
                    };
                    let (from, to) = (from.trim(), to.trim());
                    if from.is_empty() || syn::parse_str::<syn::Type>(to).is_err() {
                        return Err(format!("`{r}` is not `docs.type=rust::Path`"));
                    }
                    self.replacements.push((from.to_string(), to.to_string()));
                }
                Ok(())
            }
            "conversions" => {
                for c in value.strings(key)? {
                    let c = c.trim();
                    if !CONVERSIONS.contains(&c) {
                        return Err(format!(
                            "unknown conversion `{c}`: use \"time\", \"chrono\" or \"uuid\""
                        ));
                    }
                    if !self.conversions.iter().any(|x| x == c) {
                        self.conversions.push(c.to_string());
                    }
                }
                Ok(())
            }
            "clients" => {
                for c in value.strings(key)? {
                    let c = c.trim();
                    if !CLIENTS.contains(&c) {
                        return Err(format!("unknown client `{c}`: use \"ureq\" or \"reqwest\""));
                    }
                    if !self.clients.iter().any(|x| x == c) {
                        self.clients.push(c.to_string());
                    }
                }
                Ok(())
            }
            "doc_comments" => {
                self.doc_comments = value.bool(key)?;
                Ok(())
            }
            "follow_navigation" => {
                self.follow_navigation = value.bool(key)?;
                Ok(())
            }
            _ => Err(format!(
                "unknown option `{key}`: the options are {}",
                Self::OPTION_KEYS
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// [`Settings::apply_option`] over several options, stopping at the first error.
    pub fn from_options<K: AsRef<str>>(
        options: impl IntoIterator<Item = (K, OptionValue)>,
    ) -> Result<Settings, String> {
        let mut s = Settings::default();
        for (k, v) in options {
            s.apply_option(k.as_ref(), v)?;
        }
        Ok(s)
    }
}
