//! The docs' own examples as a test double: [`Mock`] answers an `http::Request` with the
//! documented example response of the operation it names, in process. `graphdoc serve` answers
//! the same over HTTP, and [`devproxy`] writes the same answers as a Dev Proxy mocks file.
//!
//! A generated crate's `Client` is implemented by any `Fn(HttpRequest) -> Result<HttpResponse, E>`,
//! so a test needs no adapter:
//!
//! ```text
//! let mock = graphdoc_codegen::mock::Mock::from_docs("docs");
//! let graph = support::Graph::new(|r| mock.send(r), "https://graph.microsoft.com/v1.0");
//! ```
//!
//! How a request is answered: its path must start with an API version (`/v1.0`, `/beta`); the
//! operations whose documented path matches it (placeholders and argument lists as wildcards, any
//! case) are tried most specific first; a method no operation documents there is `405`, a path
//! none documents `404` naming the nearest documented paths; a JSON body that does not read as the
//! operation's type is `400` naming the member; then the servable example whose URL, query and
//! body fit the request best answers. Answers added with [`Mock::with_answer`] or
//! [`Mock::with_handler`] come before all of that, the last added first.

mod check;
pub mod devproxy;
mod respond;
mod routes;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Mutex, OnceLock, PoisonError};

use serde_json::Value;

use crate::docs::Docs;
use crate::generate::Generator;
use crate::settings::Settings;

pub use check::Problem;

use crate::ir::{
    ApiVersion, Example, HttpMethod, NameIndex, Operation, RequestBody, Schema, Source,
};
use routes::{Pattern, RequestPath, Routes};

/// A request as the runtime of a generated crate sends it.
pub type HttpRequest = http::Request<Vec<u8>>;
/// A response, its body whole.
pub type HttpResponse = http::Response<Vec<u8>>;

/// A user's answer for requests whose method and path match.
struct Handler {
    method: Option<http::Method>,
    written: String,
    pattern: Pattern,
    respond: Box<dyn Fn(&HttpRequest) -> HttpResponse + Send + Sync>,
}

/// The documented examples of a schema, answering requests.
pub struct Mock {
    schema: Schema,
    routes: Routes,
    types: NameIndex<usize>,
    enums: NameIndex<usize>,
    /// Per operation, the body problems its own examples have (computed when first needed).
    tolerated: Vec<OnceLock<HashSet<Problem>>>,
    handlers: Vec<Handler>,
    /// What [`Mock::send`] received, in order.
    received: Mutex<Vec<HttpRequest>>,
}

/// A response and why it is what it is.
#[derive(Debug)]
pub struct Answer {
    pub response: HttpResponse,
    pub outcome: Outcome,
}

/// What answered a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A documented example of the operation (by its IR name), at this place in the docs.
    Example { operation: String, source: Source },
    /// An answer added to the mock, for the path pattern it was added with.
    Added { pattern: String },
    /// No example: the status sent and why.
    Refused { status: u16, reason: String },
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Example { operation, source } => {
                write!(f, "example of {operation} at {source}")
            }
            Outcome::Added { pattern } => write!(f, "the answer added for {pattern}"),
            Outcome::Refused { reason, .. } => write!(f, "refused: {reason}"),
        }
    }
}

/// How many operations an example can answer for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub operations: usize,
    /// Operations with at least one example whose response the docs give.
    pub servable: usize,
}

impl Coverage {
    pub fn of(schema: &Schema) -> Coverage {
        Coverage {
            operations: schema.operations.len(),
            servable: schema
                .operations
                .iter()
                .filter(|o| o.examples.iter().any(Example::gives_response))
                .count(),
        }
    }
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let share = match self.operations {
            0 => 0.0,
            n => self.servable as f64 * 100.0 / n as f64,
        };
        write!(
            f,
            "{} of {} operations ({share:.1}%) have an example response to serve",
            self.servable, self.operations
        )
    }
}

/// A documented operation a request names, and the text its placeholders and argument lists
/// hold (`("usersId", "48d31887-...")`, `("(period='D7')", ...)`).
#[derive(Debug)]
pub struct Route<'m> {
    pub operation: &'m Operation,
    pub captures: Vec<(String, String)>,
}

impl Mock {
    /// A mock answering from `schema`'s operations.
    pub fn new(schema: Schema) -> Mock {
        let routes = Routes::new(&schema.operations);
        let tolerated = schema.operations.iter().map(|_| OnceLock::new()).collect();
        Mock {
            types: schema.type_index(),
            enums: schema.enum_index(),
            routes,
            tolerated,
            schema,
            handlers: Vec::new(),
            received: Mutex::new(Vec::new()),
        }
    }

    /// A mock of a docs folder (holding `beta/` and `v1.0/`), read with the default settings.
    /// Reading never fails: a folder that is missing or holds no pages gives a mock that answers
    /// `404` to everything (see [`Mock::coverage`]).
    pub fn from_docs(dir: impl AsRef<std::path::Path>) -> Mock {
        let docs = Docs::load(dir.as_ref());
        Mock::new(Generator::new(&docs, &Settings::default()).schema())
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// How many operations have an example to answer with.
    pub fn coverage(&self) -> Coverage {
        Coverage::of(&self.schema)
    }

    /// Answers `method` and paths matching `path` (`/v1.0/users/{id}`: `{...}` and `*` match one
    /// segment, any case) with `response`, before any documented example.
    pub fn with_answer(self, method: &str, path: &str, response: HttpResponse) -> Mock {
        self.with_handler(method, path, move |_| response.clone())
    }

    /// Answers `method` (`"*"` for any) and paths matching `path` with what `respond` gives for
    /// the request, before any documented example.
    pub fn with_handler(
        mut self,
        method: &str,
        path: &str,
        respond: impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static,
    ) -> Mock {
        self.handlers.push(Handler {
            method: (method != "*")
                .then(|| method.to_ascii_uppercase().parse().ok())
                .flatten(),
            written: format!("{} {path}", method.to_ascii_uppercase()),
            pattern: Pattern::written(path),
            respond: Box::new(respond),
        });
        self
    }

    /// Answers a request, like [`Mock::answer`], and keeps it for [`Mock::received`]. Never an
    /// error: the signature is a `Client`'s, so `|r| mock.send(r)` is one.
    pub fn send(&self, request: HttpRequest) -> Result<HttpResponse, Infallible> {
        let answer = self.answer(&request);
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        Ok(answer.response)
    }

    /// Every request [`Mock::send`] answered, in order.
    pub fn received(&self) -> Vec<HttpRequest> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The documented operation `method` and `url` (a path or an absolute URL) name, with what
    /// their placeholders hold.
    pub fn route(&self, method: &str, url: &str) -> Option<Route<'_>> {
        let method = HttpMethod::parse(method)?;
        let (path, _) = url.split_once('?').unwrap_or((url, ""));
        let path = path.find("://").map_or(path, |at| {
            let after = &path[at + 3..];
            after.find('/').map_or("/", |slash| &after[slash..])
        });
        let (version, rest) = RequestPath::decode(path).ok()?.split_version()?;
        let hit = self
            .hits(version, &rest)
            .into_iter()
            .find(|h| self.schema.operations[h.operation].method == method)?;
        let names = &self.routes.patterns[hit.operation].names;
        let captures = hit
            .captures
            .into_iter()
            .enumerate()
            .map(|(i, text)| (names.get(i).cloned().unwrap_or_default(), text))
            .collect();
        Some(Route {
            operation: &self.schema.operations[hit.operation],
            captures,
        })
    }

    /// The operations matching `path`, most specific first; `/me/...` is read as
    /// `/users/me/...` when no `/me` path is documented for it.
    fn hits(&self, version: ApiVersion, path: &RequestPath) -> Vec<routes::Hit> {
        let hits = self.routes.hits(version, path);
        match (hits.is_empty(), path.me_as_user()) {
            (true, Some(user)) => self.routes.hits(version, &user),
            _ => hits,
        }
    }

    /// The answer to `request`, and what gave it.
    pub fn answer(&self, request: &HttpRequest) -> Answer {
        let path = match RequestPath::decode(request.uri().path()) {
            Ok(path) => path,
            Err(e) => {
                let why = match e {
                    routes::PathError::BadEscape => "a `%` not followed by two hex digits",
                    routes::PathError::NotUtf8 => "percent-escapes that do not decode to UTF-8",
                };
                return refuse(400, "BadRequest", &format!("the path has {why}"), None);
            }
        };
        if let Some(answer) = self.added(request, &path) {
            return answer;
        }
        let Some((version, rest)) = path.split_version() else {
            let message = format!(
                "`{}` does not start with an API version: paths start with /v1.0 or /beta",
                path.text()
            );
            return refuse(404, "ResourceNotFound", &message, None);
        };
        self.documented(request, version, &rest)
    }

    /// The answer a user added for the request, if any (the last added first).
    fn added(&self, request: &HttpRequest, path: &RequestPath) -> Option<Answer> {
        let handler = self.handlers.iter().rev().find(|h| {
            h.method.as_ref().is_none_or(|m| m == request.method())
                && h.pattern.matches(path).is_some()
        })?;
        Some(Answer {
            response: (handler.respond)(request),
            outcome: Outcome::Added {
                pattern: handler.written.clone(),
            },
        })
    }

    /// The answer from the docs to a request for `path` of `version`.
    fn documented(&self, request: &HttpRequest, version: ApiVersion, path: &RequestPath) -> Answer {
        let ops = &self.schema.operations;
        let hits = self.hits(version, path);
        if hits.is_empty() {
            let near = routes::nearest(ops, version, path, 3);
            let message = format!(
                "no documented {} path matches `{}`; the nearest: {}",
                version.as_str(),
                path.text(),
                listed(&near)
            );
            return refuse(404, "ResourceNotFound", &message, None);
        }
        let method = HttpMethod::parse(request.method().as_str());
        let Some(hit) = hits
            .iter()
            .find(|h| Some(ops[h.operation].method) == method)
        else {
            return method_not_allowed(request, path, &routes::methods(ops, &hits));
        };
        let (index, op) = (hit.operation, &ops[hit.operation]);
        let body = match self.read_body(request, index) {
            Ok(body) => body,
            Err(BadBody(message, member)) => {
                return refuse(400, "BadRequest", &message, member.as_deref())
            }
        };
        let text = path.text();
        let asked = respond::Asked {
            path: &text,
            query: respond::query_pairs(request.uri().query().unwrap_or("")),
            body: body.as_ref(),
        };
        let Some(example) = respond::best_example(op, &asked) else {
            let message = format!(
                "`{} {}` is documented at {}, but no example there gives a response",
                op.method.as_str(),
                op.path,
                op.source
            );
            return refuse(501, "NotImplemented", &message, None);
        };
        let last_page = respond::next_link(example).is_some_and(|link| {
            let (link_path, link_query) = respond::split_url(&link);
            link_path.eq_ignore_ascii_case(asked.path)
                && !link_query.is_empty()
                && link_query == asked.query
        });
        let mut response =
            respond::example_response(op, example, origin(request).as_deref(), last_page);
        // Which example answered, for the test or person reading the response.
        let headers = response.headers_mut();
        if let Ok(source) = http::HeaderValue::from_str(&example.source.to_string()) {
            headers.insert("graphdoc-example", source);
        }
        if let Ok(id) = http::HeaderValue::from_str(&respond::request_id()) {
            headers.entry("request-id").or_insert(id);
        }
        Answer {
            response,
            outcome: Outcome::Example {
                operation: op.name.clone(),
                source: example.source.clone(),
            },
        }
    }

    /// The request's JSON body when the operation takes one; `Err` is why it gets `400`: it is
    /// empty where a resource is expected, not JSON, or does not read as the operation's type
    /// (with the member named).
    fn read_body(&self, request: &HttpRequest, index: usize) -> Result<Option<Value>, BadBody> {
        let op = &self.schema.operations[index];
        let blank = request.body().iter().all(u8::is_ascii_whitespace);
        let body: Value = match (&op.request, blank) {
            (RequestBody::None | RequestBody::Raw, _) => return Ok(None),
            (RequestBody::Resource { ty }, true) => {
                let message = format!(
                    "the body is empty; `{} {}` takes a JSON object of type {ty}",
                    op.method.as_str(),
                    op.path
                );
                return Err(BadBody(message, None));
            }
            // No parameters at all: the required ones are missing.
            (RequestBody::Parameters { .. }, true) => Value::Null,
            (_, false) => serde_json::from_slice(request.body())
                .map_err(|e| BadBody(format!("the body is not JSON: {e}"), None))?,
        };
        let checker = check::Checker::new(&self.schema, &self.types, &self.enums);
        let tolerated = self.tolerated[index].get_or_init(|| checker.tolerated(op));
        let problems: Vec<Problem> = checker
            .check(op, &body)
            .into_iter()
            .filter(|p| !tolerated.contains(p))
            .collect();
        let Some(first) = problems.first() else {
            return Ok(Some(body));
        };
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" ({} more problem(s))", n - 1),
        };
        let message = format!(
            "the body does not read as documented at {}: {}{more}",
            op.source, first.message
        );
        Err(BadBody(message, Some(first.member.clone())))
    }
}

/// Why a body gets `400`, and the member to name.
struct BadBody(String, Option<String>);

/// A Graph error answer (`{"error": {"code", "message", "innerError"}}`), as the mock gives.
pub fn error_response(status: u16, code: &str, message: &str) -> HttpResponse {
    respond::graph_error(status, code, message, None)
}

fn refuse(status: u16, code: &str, message: &str, target: Option<&str>) -> Answer {
    Answer {
        response: respond::graph_error(status, code, message, target),
        outcome: Outcome::Refused {
            status,
            reason: message.to_string(),
        },
    }
}

fn method_not_allowed(request: &HttpRequest, path: &RequestPath, allowed: &[HttpMethod]) -> Answer {
    let names: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
    let message = format!(
        "`{}` is documented for {} only, not {}",
        path.text(),
        names.join(", "),
        request.method()
    );
    let mut answer = refuse(405, "MethodNotAllowed", &message, None);
    if let Ok(value) = http::HeaderValue::from_str(&names.join(", ")) {
        answer
            .response
            .headers_mut()
            .insert(http::header::ALLOW, value);
    }
    answer
}

fn listed(paths: &[String]) -> String {
    match paths.is_empty() {
        true => "none (no path of this version is documented)".to_string(),
        false => paths
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Where the request was sent: its absolute URI's origin, else `http://` and its `Host`.
fn origin(request: &HttpRequest) -> Option<String> {
    let uri = request.uri();
    if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
        return Some(format!("{scheme}://{authority}"));
    }
    let host = request.headers().get(http::header::HOST)?.to_str().ok()?;
    Some(format!("http://{host}"))
}
