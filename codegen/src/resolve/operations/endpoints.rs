//! One operation per endpoint: the requests every page documents, grouped by version, method and
//! path template (placeholders, case and query strings aside), and merged into one.
//!
//! The page whose title and path match the endpoint best gives the description, title and
//! permissions; request and response types are the pages' common base type (a list documented per
//! derived type answers the base, read as any of them); examples come from every page.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::title::{read_title, TitleSays};
use crate::ir::*;

use super::paths::singular;

/// `GET /users/{}`: an endpoint's identity in one string (method, then the path template).
pub fn endpoint_key(method: HttpMethod, segments: &[PathSegment]) -> String {
    format!(
        "{} {}",
        method.as_str(),
        super::paths::endpoint_template(segments)
    )
}

/// The operations of every page, one per endpoint, each with the kind its pages give it by
/// majority (what naming reads: a page added or removed rarely changes it).
pub(super) fn merge(
    ops: Vec<Operation>,
    schema: &Schema,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Operation, OperationKind)> {
    let mut groups: BTreeMap<(ApiVersion, String), Vec<Operation>> = BTreeMap::new();
    for op in ops {
        groups
            .entry((op.version, op.endpoint.clone()))
            .or_default()
            .push(op);
    }
    let bases = Bases::new(schema);
    // Each endpoint's pages merge on their own: in parallel, kept in endpoint order.
    let groups: Vec<Vec<Operation>> = groups.into_values().collect();
    let merged: Vec<(Operation, OperationKind, Vec<Diagnostic>)> = groups
        .into_par_iter()
        .map(|group| {
            let kind = majority_kind(&group);
            let mut found = Vec::new();
            let op = merge_group(group, &bases, &mut found);
            (op, kind, found)
        })
        .collect();
    merged
        .into_iter()
        .map(|(op, kind, found)| {
            diagnostics.extend(found);
            (op, kind)
        })
        .collect()
}

/// The kind most of an endpoint's pages give it; on a tie, an action or function over a resource
/// request (a page says so on purpose), then the first.
fn majority_kind(group: &[Operation]) -> OperationKind {
    let count = |k: OperationKind| group.iter().filter(|o| o.kind == k).count();
    let kinds = [
        OperationKind::Action,
        OperationKind::Function,
        OperationKind::Resource,
    ];
    kinds
        .into_iter()
        .max_by_key(|&k| (count(k), std::cmp::Reverse(k as u8)))
        .unwrap_or(OperationKind::Resource)
}

/// How well a page's operation stands for its endpoint: its title names the path's last noun,
/// its types are the path's, it has examples and a description; higher is better.
fn fit(op: &Operation) -> (u8, u8, usize, usize) {
    let last = op
        .segments
        .iter()
        .rev()
        .find_map(|s| match s {
            PathSegment::Literal { text } => text
                .split('/')
                .rev()
                .find(|p| !p.is_empty() && !p.starts_with('$'))
                .map(|p| p.trim_end_matches("()").rsplit('.').next().unwrap_or(p)),
            _ => None,
        })
        .unwrap_or("")
        .to_ascii_lowercase();
    // `/me` is the signed-in user.
    let last = match singular(&last) {
        me if me == "me" => "user".to_string(),
        other => other,
    };
    let title = match read_title(&op.title) {
        TitleSays::Verb { noun, .. } => singular(&noun.concat().to_ascii_lowercase()),
        TitleSays::Operation { name, .. } => name.to_ascii_lowercase(),
        TitleSays::Other(_) => String::new(),
    };
    // A page about the set itself beats one about a derived type (`androidManagedAppRegistration`)
    // or another subject (`List manager` documenting `GET /users?$expand=manager`).
    let title_fit = match title == last {
        true => 2,
        false if !title.is_empty() && (last.contains(&title) || title.contains(&last)) => 1,
        false => 0,
    };
    let named = |q: &QualifiedName| singular(&q.name.to_ascii_lowercase()) == last;
    let response = op.response_type.as_ref().and_then(|r| match &r.base {
        TypeRef::Named(q) => Some(q),
        TypeRef::Primitive(_) => None,
    });
    let type_fit = op.request.resource().or(response).is_some_and(named) as u8;
    // Among equals, the page that documents more: the canonical page over a stub that repeats it.
    (title_fit, type_fit, op.examples.len(), op.description.len())
}

/// The endpoint's one operation, from its pages' operations.
fn merge_group(
    group: Vec<Operation>,
    bases: &Bases<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Operation {
    let mut group = group;
    if group.len() == 1 {
        return group.pop().unwrap_or_else(|| unreachable!());
    }
    // The best fit first; among equals, the first page in path order.
    group.sort_by(|a, b| fit(b).cmp(&fit(a)).then_with(|| a.source.cmp(&b.source)));
    let mut rest = group.split_off(1);
    let Some(mut primary) = group.pop() else {
        unreachable!("a group is never empty")
    };
    let version = primary.version;
    // Types come from the pages that fit the endpoint as well as the best one: a page about
    // another subject (the manager it expands) documents its own types, not the endpoint's.
    let best = fit(&primary).0;
    let peers: Vec<Operation> = rest.iter().filter(|o| fit(o).0 == best).cloned().collect();
    let request = common_request(&primary, &peers, bases);
    let response = common_response(&primary, &peers, bases);
    if request.is_none() || response.is_none() {
        diagnostics.push(disagreement(&primary, &peers));
    }
    let own_types = (
        primary.request.resource().cloned(),
        primary.response_type.clone(),
    );
    if let Some(r) = request {
        primary.request = r;
    }
    if let Some(r) = response {
        primary.response_type = r;
    }
    // Pages that each document the endpoint for one derived type, none for the base: no one of
    // them speaks for the endpoint, and which would changes as pages come and go.
    let base = primary.request.resource().cloned().or_else(|| {
        primary.response_type.as_ref().and_then(|t| match &t.base {
            TypeRef::Named(q) => Some(q.clone()),
            TypeRef::Primitive(_) => None,
        })
    });
    let widened = own_types
        != (
            primary.request.resource().cloned(),
            primary.response_type.clone(),
        );
    if best == 0 && !peers.is_empty() && widened {
        if let Some(base) = base {
            primary.description = format!(
                "One endpoint for `{}` and the types derived from it, which the docs document one page each (see below).",
                base.name
            );
        }
    }
    for other in &mut rest {
        primary.examples.append(&mut other.examples);
        primary.also_documented_at.push(other.source.clone());
        primary
            .also_documented_at
            .append(&mut other.also_documented_at);
        for p in other.request.parameters() {
            add_parameter(&mut primary.request, p);
        }
    }
    primary.also_documented_at.sort();
    primary.also_documented_at.dedup();
    debug_assert!(rest.iter().all(|o| o.version == version));
    primary
}

/// An action parameter that another page documents for the same endpoint (added optional).
fn add_parameter(request: &mut RequestBody, parameter: &Parameter) {
    if let RequestBody::Parameters { parameters } = request {
        if !parameters
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&parameter.name))
        {
            parameters.push(parameter.clone());
        }
    }
}

/// The pages give types with no common base: the primary page's are used. Reported at the first
/// page whose types are not (where the docs want fixing), naming the page that gives them.
fn disagreement(primary: &Operation, rest: &[Operation]) -> Diagnostic {
    let describe = |op: &Operation| {
        let request = op.request.resource().map(|q| q.name.clone());
        let response = op.response_type.as_ref().map(|r| r.to_string());
        format!(
            "request {}, response {}",
            request.as_deref().unwrap_or("-"),
            response.as_deref().unwrap_or("-")
        )
    };
    let differs = |op: &&Operation| {
        op.request.resource().map(|q| q.key()) != primary.request.resource().map(|q| q.key())
            || op.response_type != primary.response_type
    };
    let other = rest.iter().find(differs).unwrap_or(primary);
    Diagnostic::new(
        Code::EndpointTypesDisagree,
        &other.source,
        format!(
            "`{} {}` is typed here ({}) and at {}, which fits the endpoint best ({}), with no common base type; the types of {} are used",
            primary.method.as_str(),
            other.path,
            describe(other),
            primary.source,
            describe(primary),
            primary.source.file,
        ),
    )
    .with_help("document the request and response of the endpoint as its own page does, or give the types a common base")
}

/// Each type's base type, for common bases.
struct Bases<'s> {
    schema: &'s Schema,
    index: NameIndex<usize>,
}

impl<'s> Bases<'s> {
    fn new(schema: &'s Schema) -> Self {
        Bases {
            schema,
            index: schema.type_index(),
        }
    }

    /// `q` and its bases, nearest first (cycles were broken by resolution; bounded anyway).
    fn chain(&self, version: ApiVersion, q: &QualifiedName) -> Vec<QualifiedName> {
        let mut out = vec![q.clone()];
        while let Some(&i) = out.last().and_then(|q| self.index.get_q(version, q)) {
            match &self.schema.types[i].base_type {
                Some(b) if out.len() < 64 && !out.iter().any(|x| x.key() == b.key()) => {
                    out.push(b.clone())
                }
                _ => break,
            }
        }
        out
    }

    /// The nearest type every name derives from (or is), if any.
    fn common(&self, version: ApiVersion, names: &[&QualifiedName]) -> Option<QualifiedName> {
        let (first, rest) = names.split_first()?;
        let chains: Vec<Vec<QualifiedName>> = rest.iter().map(|q| self.chain(version, q)).collect();
        self.chain(version, first).into_iter().find(|c| {
            chains
                .iter()
                .all(|ch| ch.iter().any(|x| x.key() == c.key()))
        })
    }
}

/// The request every page sends: `None` when resource types share no base.
fn common_request(
    primary: &Operation,
    rest: &[Operation],
    bases: &Bases<'_>,
) -> Option<RequestBody> {
    let types: Vec<&QualifiedName> = std::iter::once(primary)
        .chain(rest)
        .filter_map(|o| o.request.resource())
        .collect();
    if types.is_empty() {
        // Parameters, raw content or nothing: the primary page's (parameters are merged).
        return Some(primary.request.clone());
    }
    let ty = bases.common(primary.version, &types)?;
    Some(RequestBody::Resource { ty })
}

/// The response every page answers: `None` when named types share no base.
fn common_response(
    primary: &Operation,
    rest: &[Operation],
    bases: &Bases<'_>,
) -> Option<Option<PropertyType>> {
    let all: Vec<&PropertyType> = std::iter::once(primary)
        .chain(rest)
        .filter_map(|o| o.response_type.as_ref())
        .collect();
    let Some(first) = primary.response_type.as_ref().or(all.first().copied()) else {
        return Some(None);
    };
    let named: Vec<&QualifiedName> = all
        .iter()
        .filter(|t| t.collection == first.collection)
        .filter_map(|t| match &t.base {
            TypeRef::Named(q) => Some(q),
            TypeRef::Primitive(_) => None,
        })
        .collect();
    if !matches!(first.base, TypeRef::Named(_)) || named.len() < 2 {
        return Some(Some(first.clone()));
    }
    let base = bases.common(primary.version, &named)?;
    Some(Some(PropertyType {
        base: TypeRef::Named(base),
        collection: first.collection,
    }))
}
