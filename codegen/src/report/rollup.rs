//! `lint --summary-by area|page`: the findings counted per area of the API or per page, the most
//! first, so a docs team sees where to start on a tree with thousands of findings.
//!
//! A page's *area* is where the operations it documents live: the version and the first segment
//! of their paths (`beta /deviceManagement`; `/me` counts as `/users`, whose alias it is), the one
//! most of its operations share (ties: the first by name). A page that documents no operation (a
//! resource or enum page) falls in its folder (`beta/resources/`). Findings about no page (the
//! settings, the docs folder itself) are `(no page)`.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Severity, DOCS_FOLDER};
use crate::ir::Schema;

/// What findings are counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Area,
    Page,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Area => "area",
            By::Page => "page",
        }
    }
}

/// Counts by code, the most frequent first (then by code); serialized as a JSON object in that
/// order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountsByCode(pub Vec<(Code, usize)>);

impl CountsByCode {
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut map: BTreeMap<Code, usize> = BTreeMap::new();
        for d in diagnostics {
            *map.entry(d.code).or_default() += 1;
        }
        let mut list: Vec<(Code, usize)> = map.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        CountsByCode(list)
    }
}

impl Serialize for CountsByCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (code, n) in &self.0 {
            map.serialize_entry(code, n)?;
        }
        map.end()
    }
}

/// One area's or page's findings.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The area (`beta /deviceManagement`, `beta/resources/`) or the page (docs-relative).
    pub name: String,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub by_code: CountsByCode,
}

/// The rows, the most findings first (then by name).
pub fn rollup(diagnostics: &[Diagnostic], schema: &Schema, by: By) -> Vec<Row> {
    let areas = match by {
        By::Area => Areas::new(schema),
        By::Page => Areas::default(),
    };
    let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let name = match (by, d.file.as_str()) {
            (_, "") | (_, DOCS_FOLDER) => "(no page)".to_string(),
            (By::Page, file) => file.to_string(),
            (By::Area, file) => areas.of(file),
        };
        groups.entry(name).or_default().push(d);
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(name, list)| {
            let count = |s: Severity| list.iter().filter(|d| d.severity == s).count();
            Row {
                findings: list.len(),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                notes: count(Severity::Note),
                by_code: CountsByCode::of(list.iter().copied()),
                name,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.name.cmp(&b.name)));
    rows
}

/// At most this many codes are named per row in the human form; the JSON has them all.
const CODES_SHOWN: usize = 3;

/// `findings by area, most first:` and a line per row: its count, name and most frequent codes.
pub fn human(rows: &[Row], by: By) -> String {
    let mut text = format!("findings by {}, most first:", by.as_str());
    for row in rows {
        let mut codes: Vec<String> = row
            .by_code
            .0
            .iter()
            .take(CODES_SHOWN)
            .map(|(code, n)| format!("{n} {code}"))
            .collect();
        match row.by_code.0.len().saturating_sub(CODES_SHOWN) {
            0 => {}
            1 => codes.push("1 more code".to_string()),
            n => codes.push(format!("{n} more codes")),
        }
        text.push_str(&format!(
            "\n  {:>6}  {}: {}",
            row.findings,
            crate::diagnostics::escape_control(&row.name),
            codes.join(", ")
        ));
    }
    text
}

/// Each page's area, from the operations it documents.
#[derive(Default)]
struct Areas {
    /// Page -> area.
    pages: BTreeMap<String, String>,
}

impl Areas {
    fn new(schema: &Schema) -> Self {
        // Per page, how many of its operations fall in each first segment (lowercase), and each
        // segment's spellings across the tree, to show the most used one.
        let mut per_page: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
        for o in &schema.operations {
            let Some(first) = first_segment(&o.path) else {
                continue;
            };
            let key = format!("{} /{}", o.version.as_str(), first.to_ascii_lowercase());
            *spellings
                .entry(key.clone())
                .or_default()
                .entry(first)
                .or_default() += 1;
            let pages = std::iter::once(&o.source).chain(&o.also_documented_at);
            for s in pages {
                *per_page
                    .entry(&s.file)
                    .or_default()
                    .entry(key.clone())
                    .or_default() += 1;
            }
        }
        let shown = |key: &str| -> String {
            let best = spellings.get(key).and_then(|s| {
                s.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(spelling, _)| *spelling)
            });
            match (key.split_once(' '), best) {
                (Some((version, _)), Some(spelling)) => format!("{version} /{spelling}"),
                _ => key.to_string(),
            }
        };
        let pages = per_page
            .into_iter()
            .filter_map(|(page, counts)| {
                let (key, _) = counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
                Some((page.to_string(), shown(key)))
            })
            .collect();
        Areas { pages }
    }

    /// The page's area, else its folder.
    fn of(&self, file: &str) -> String {
        match self.pages.get(file) {
            Some(area) => area.clone(),
            None => match file.rsplit_once('/') {
                Some((folder, _)) => format!("{folder}/"),
                None => "./".to_string(),
            },
        }
    }
}

/// The first segment of a path (`deviceManagement` of `/deviceManagement/...`, `users` for
/// `me`), without a key, call or query.
fn first_segment(path: &str) -> Option<&str> {
    let rest = path.trim_start_matches('/');
    let end = rest.find(['/', '(', '?', '{']).unwrap_or(rest.len());
    match &rest[..end] {
        "" => None,
        s if s.eq_ignore_ascii_case("me") => Some("users"),
        s => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Source;

    #[test]
    fn first_segments_count_me_as_users_and_drop_keys_and_calls() {
        assert_eq!(first_segment("/me/events/{id}"), Some("users"));
        assert_eq!(first_segment("/users/{id}/events"), Some("users"));
        assert_eq!(
            first_segment("/deviceManagement/auditEvents"),
            Some("deviceManagement")
        );
        assert_eq!(
            first_segment("/reports/getEmailActivity(period='D7')"),
            Some("reports")
        );
        assert_eq!(first_segment("/organization"), Some("organization"));
        assert_eq!(first_segment("/"), None);
    }

    #[test]
    fn rows_are_sorted_by_count_then_name() {
        let at = |f: &str, code: Code| Diagnostic::new(code, &Source::new(f, 1), "m");
        let all = vec![
            at("beta/resources/b.md", Code::JsonLenient),
            at("beta/api/a.md", Code::JsonLenient),
            at("beta/api/a.md", Code::StatusDisagrees),
            at("beta/api/a.md", Code::StatusDisagrees),
            at("", Code::ConfigInvalid),
        ];
        let rows = rollup(&all, &Schema::default(), By::Page);
        let names: Vec<(&str, usize)> = rows.iter().map(|r| (&*r.name, r.findings)).collect();
        assert_eq!(
            names,
            [
                ("beta/api/a.md", 3),
                ("(no page)", 1),
                ("beta/resources/b.md", 1)
            ]
        );
        assert_eq!(
            rows[0].by_code,
            CountsByCode(vec![(Code::StatusDisagrees, 2), (Code::JsonLenient, 1)])
        );
        // Without operations, a page's area is its folder.
        let rows = rollup(&all, &Schema::default(), By::Area);
        assert_eq!(rows[0].name, "beta/api/");
    }
}
