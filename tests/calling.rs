//! Calling Graph end to end (issue 23): the runtime's session, paging, delta rounds, `$batch`,
//! throttling retries, long-running operations and large uploads, over real sockets against
//! loopback servers that answer as the docs describe (`fixtures/calling`, see its `SOURCES.txt`),
//! with ureq (blocking) and reqwest (async). Every wait goes through a fake clock: nothing
//! really sleeps, and the waits asked for are checked.

mod loopback;

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use loopback::{Received, Reply, Server};
use serde_json::{json, Value};

// Not every generated item is used here.
#[allow(dead_code)]
mod api {
    graphdoc_macros::graph_models!("fixtures/calling", clients = ["ureq", "reqwest"]);
}

use api::support::{
    self, Batch, CallError, ChunkSize, Client, Clock, Collection, DeltaCursor, Graph, GraphRequest,
    HttpRequest, HttpResponse, JobStatus, RetryPolicy, SleepFuture, Started, UploadSession,
};
use api::v1_0::graph::{DriveItem, User};
use api::v1_0::operations as ops;

const TOKEN: &str = "Bearer test-token";

/// 2021-07-16T10:00:00Z, when every fake clock starts.
fn start_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_626_429_600)
}

/// A clock whose waits only move its time on, and are recorded.
#[derive(Clone)]
struct FakeClock(Arc<Mutex<(SystemTime, Vec<Duration>)>>);

impl FakeClock {
    fn new() -> Self {
        FakeClock(Arc::new(Mutex::new((start_time(), Vec::new()))))
    }

    fn slept(&self) -> Vec<Duration> {
        self.0.lock().unwrap().1.clone()
    }

    fn advance(&self, duration: Duration) {
        let mut state = self.0.lock().unwrap();
        state.0 += duration;
        state.1.push(duration);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> SystemTime {
        self.0.lock().unwrap().0
    }

    fn sleep(&self, duration: Duration) {
        self.advance(duration);
    }

    fn sleep_async(&self, duration: Duration) -> SleepFuture {
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }

    fn random(&self) -> f64 {
        0.5
    }
}

/// The two ready clients.
#[derive(Clone, Copy, Debug)]
enum Via {
    Ureq,
    Reqwest,
}

const BOTH: [Via; 2] = [Via::Ureq, Via::Reqwest];

fn session<C>(client: C, base: &str, clock: &FakeClock) -> Graph<C> {
    Graph::new(client, base)
        .with_bearer("test-token")
        .unwrap()
        .with_clock(clock.clone())
}

fn ureq_session(base: &str, clock: &FakeClock) -> Graph<ureq::Agent> {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    session(agent, base, clock)
}

fn reqwest_session(base: &str, clock: &FakeClock) -> Graph<reqwest::Client> {
    session(reqwest::Client::new(), base, clock)
}

/// Runs a future to its end on a one-thread tokio runtime (reqwest needs tokio's reactor).
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// With `ConsistencyLevel: eventual` on every request (as `$count` and `$search` on users need).
fn eventual<C>(graph: Graph<C>) -> Graph<C> {
    graph.with_header(
        http::HeaderName::from_static("consistencylevel"),
        http::HeaderValue::from_static("eventual"),
    )
}

fn user_json(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.user", "id": id, "displayName": format!("User {id}") })
}

fn graph_error(code: &str, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message, "innerError": {
        "request-id": "6b1d3d0a-7c59-4b9e-8cc3-6b8b24e6e2c4", "date": "2021-07-16T10:00:00" } } })
}

// ---------------------------------------------------------------------------------------------
// Paging.
// ---------------------------------------------------------------------------------------------

/// `GET /users?$top=20`, paged by `$skiptoken` (the first index of the page): 45 users.
fn users_page(got: &Received, origin: &str) -> Reply {
    let from: usize = got
        .url
        .split("$skiptoken=")
        .nth(1)
        .map_or(0, |t| t.parse().unwrap());
    let to = (from + 20).min(45);
    let value: Vec<Value> = (from..to).map(|i| user_json(&format!("u{i}"))).collect();
    let mut body =
        json!({ "@odata.context": format!("{origin}/v1.0/$metadata#users"), "value": value });
    if to < 45 {
        body["@odata.nextLink"] = json!(format!("{origin}/v1.0/users?$top=20&$skiptoken={to}"));
    }
    Reply::json(200, body.to_string())
}

#[test]
fn a_list_reads_45_users_through_three_pages_with_the_authorization_on_each() {
    for via in BOTH {
        let server = Server::handle(3, users_page);
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let mut op = ops::ListUsers::new();
        op.query.top = Some(20);
        let pages: Vec<Collection<User>> = match via {
            Via::Ureq => {
                let graph = eventual(ureq_session(&base, &clock));
                graph.pages(&op).collect::<Result<_, _>>().unwrap()
            }
            Via::Reqwest => block_on(async {
                let graph = eventual(reqwest_session(&base, &clock));
                let mut pages = graph.pages(&op);
                let mut out = Vec::new();
                while let Some(page) = pages.next_page().await {
                    out.push(page.unwrap());
                }
                assert!(pages.is_done());
                out
            }),
        };
        let received = server.finish();
        let sizes: Vec<usize> = pages.iter().map(|p| p.value.len()).collect();
        assert_eq!(sizes, [20, 20, 5], "{via:?}");
        let ids: Vec<String> = pages
            .iter()
            .flat_map(|p| p.value.iter().map(|u| u.id.clone().unwrap()))
            .collect();
        let expected: Vec<String> = (0..45).map(|i| format!("u{i}")).collect();
        assert_eq!(ids, expected, "{via:?}");
        assert_eq!(pages[2].value[4].display_name.as_deref(), Some("User u44"));
        let urls: Vec<&str> = received.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/v1.0/users?$top=20",
                "/v1.0/users?$top=20&$skiptoken=20",
                "/v1.0/users?$top=20&$skiptoken=40"
            ],
            "{via:?}"
        );
        for r in &received {
            assert_eq!(r.method, "GET");
            assert_eq!(r.header("Authorization"), Some(TOKEN), "{via:?} {}", r.url);
            assert_eq!(r.header("ConsistencyLevel"), Some("eventual"), "{via:?}");
        }
        assert!(clock.slept().is_empty());
    }
}

#[test]
fn paging_stops_early_when_no_more_is_asked() {
    for via in BOTH {
        // Two pages are enough for 25 items; the third is never requested.
        let server = Server::handle(2, users_page);
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let mut op = ops::ListUsers::new();
        op.query.top = Some(20);
        let ids: Vec<String> = match via {
            Via::Ureq => {
                let graph = ureq_session(&base, &clock);
                let items = graph.pages(&op).items().take(25);
                items.map(|u| u.unwrap().id.unwrap()).collect()
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(&base, &clock);
                let mut pages = graph.pages(&op);
                let mut ids = Vec::new();
                while ids.len() < 25 {
                    let page = pages.next_page().await.unwrap().unwrap();
                    ids.extend(page.value.into_iter().map(|u| u.id.unwrap()));
                }
                // Where to go on from, had we wanted to: the third page.
                let cursor = pages.cursor().unwrap();
                assert!(cursor.link.ends_with("/v1.0/users?$top=20&$skiptoken=40"));
                ids.truncate(25);
                ids
            }),
        };
        assert_eq!(ids.len(), 25);
        assert_eq!(ids[24], "u24");
        assert_eq!(server.finish().len(), 2, "{via:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Batching.
// ---------------------------------------------------------------------------------------------

/// The `$batch` endpoint as the docs describe it: each request answered on its own, in any
/// order (here reversed); `7` throttled the first time; `/users/missing` not found; a request
/// whose dependency failed in the same batch answered `424`.
fn batch_server() -> Server {
    let mut throttled = false;
    Server::handle(3, move |got, _| {
        assert_eq!(
            (got.method.as_str(), got.url.as_str()),
            ("POST", "/v1.0/$batch")
        );
        let mut failed = HashSet::new();
        let mut responses = Vec::new();
        for request in got.json()["requests"].as_array().unwrap() {
            let id = request["id"].as_str().unwrap().to_string();
            let url = request["url"].as_str().unwrap();
            let depends: Vec<&str> = request["dependsOn"].as_array().map_or(Vec::new(), |d| {
                d.iter().map(|v| v.as_str().unwrap()).collect()
            });
            let answer = if depends.iter().any(|d| failed.contains(*d)) {
                failed.insert(id.clone());
                let error = graph_error("FailedDependency", "a dependency failed");
                json!({ "id": id, "status": 424, "headers": { "Content-Type": "application/json" }, "body": error })
            } else if id == "7" && !throttled {
                throttled = true;
                let error = graph_error("TooManyRequests", "Too many requests");
                json!({ "id": id, "status": 429, "headers": { "Retry-After": "3", "Content-Type": "application/json" }, "body": error })
            } else if url == "/users/missing" {
                failed.insert(id.clone());
                let error = graph_error(
                    "Request_ResourceNotFound",
                    "Resource 'missing' does not exist",
                );
                json!({ "id": id, "status": 404, "headers": { "Content-Type": "application/json" }, "body": error })
            } else {
                let user = user_json(url.trim_start_matches("/users/"));
                json!({ "id": id, "status": 200, "headers": { "Content-Type": "application/json" }, "body": user })
            };
            responses.push(answer);
        }
        responses.reverse();
        Reply::json(200, json!({ "responses": responses }).to_string())
    })
}

#[test]
fn a_batch_of_25_typed_requests_goes_in_two_with_a_throttled_item_retried_and_a_424() {
    for via in BOTH {
        let server = batch_server();
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let mut batch = Batch::new();
        let mut items = Vec::new();
        for i in 1..=25 {
            let user = if i == 12 {
                "missing".to_string()
            } else {
                format!("u{i}")
            };
            // 13 depends on 12 in the same `$batch`; 22 on 12 across batches.
            let depends: &[&str] = match i {
                13 | 22 => &["12"],
                _ => &[],
            };
            let op = ops::GetUser::new(user);
            items.push(batch.add_after(&i.to_string(), op, depends).unwrap());
        }
        assert_eq!(batch.len(), 25);
        let mut answers = match via {
            Via::Ureq => ureq_session(&base, &clock).send_batch(batch),
            Via::Reqwest => block_on(reqwest_session(&base, &clock).send_batch_async(batch)),
        };
        let received = server.finish();

        // Three `$batch` requests: the first 20, the throttled one again, then the rest (22
        // not sent: its dependency failed in the first).
        let sent: Vec<Vec<String>> = received
            .iter()
            .map(|r| {
                let requests = r.json()["requests"].as_array().unwrap().clone();
                requests
                    .iter()
                    .map(|q| q["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        let first: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        assert_eq!(sent[0], first, "{via:?}");
        assert_eq!(sent[1], ["7"], "{via:?}");
        assert_eq!(sent[2], ["21", "23", "24", "25"], "{via:?}");
        for r in &received {
            assert_eq!(r.header("Authorization"), Some(TOKEN));
            assert!(r
                .header("Content-Type")
                .unwrap()
                .starts_with("application/json"));
        }
        let body = received[0].json();
        assert_eq!(
            body["requests"][0],
            json!({ "id": "1", "method": "GET", "url": "/users/u1" })
        );
        assert_eq!(body["requests"][12]["dependsOn"], json!(["12"]));
        assert_eq!(clock.slept(), [Duration::from_secs(3)], "{via:?}");

        // Each typed result in its place.
        for (i, item) in (1..=25).zip(items) {
            let result = answers.take(item);
            match i {
                12 => {
                    let e = result.unwrap_err();
                    assert_eq!(e.status(), Some(404));
                    assert_eq!(e.graph_error().unwrap().code(), "Request_ResourceNotFound");
                }
                13 | 22 => {
                    let e = result.unwrap_err();
                    assert_eq!(e.status(), Some(424), "{via:?} {i}: {e}");
                    assert_eq!(e.graph_error().unwrap().code(), "FailedDependency");
                }
                _ => {
                    let user = result.unwrap_or_else(|e| panic!("{via:?} {i}: {e}"));
                    assert_eq!(user.id, Some(format!("u{i}")));
                }
            }
        }
    }
}

#[test]
fn a_batch_refuses_a_repeated_id_and_an_unknown_dependency() {
    let mut batch = Batch::new();
    batch.add("a", ops::GetMe::new()).unwrap();
    let again = batch.add("a", ops::GetMe::new()).unwrap_err();
    assert!(again.to_string().contains("`a` already"), "{again}");
    let unknown = batch.add_after("b", ops::GetMe::new(), &["c"]).unwrap_err();
    assert!(unknown.to_string().contains("depends on `c`"), "{unknown}");
    assert_eq!(batch.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Throttling.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_throttled_request_is_retried_after_its_retry_after_in_seconds_and_as_a_date() {
    for via in BOTH {
        // 7 s asked in seconds; then, the clock at +7 s, a date at +19 s: 12 s more.
        let server = Server::serve(vec![
            Reply::json(429, graph_error("TooManyRequests", "slow down").to_string())
                .header("Retry-After", "7"),
            Reply::json(503, graph_error("ServiceUnavailable", "busy").to_string())
                .header("Retry-After", "Fri, 16 Jul 2021 10:00:19 GMT"),
            Reply::json(200, user_json("u1").to_string()),
        ]);
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let op = ops::GetUser::new("u1");
        let user = match via {
            Via::Ureq => op.send(&ureq_session(&base, &clock)),
            Via::Reqwest => {
                block_on(async { op.send_async(&reqwest_session(&base, &clock)).await })
            }
        }
        .unwrap();
        assert_eq!(user.id.as_deref(), Some("u1"));
        assert_eq!(
            clock.slept(),
            [Duration::from_secs(7), Duration::from_secs(12)],
            "{via:?}"
        );
        let received = server.finish();
        assert_eq!(received.len(), 3);
        for r in &received {
            assert_eq!(r.url, "/v1.0/users/u1");
            assert_eq!(r.header("Authorization"), Some(TOKEN));
        }
    }
}

#[test]
fn throttling_past_its_budget_gives_the_error_with_request_id_and_date() {
    for via in BOTH {
        let throttled = || {
            Reply::json(
                429,
                graph_error("TooManyRequests", "Too many requests").to_string(),
            )
            .header("Retry-After", "2")
        };
        let server = Server::serve(vec![throttled(), throttled()]);
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let policy = RetryPolicy {
            throttled_retries: 1,
            ..RetryPolicy::default()
        };
        let op = ops::GetUser::new("u1");
        let error = match via {
            Via::Ureq => ureq_session(&base, &clock).with_retry(policy).send(&op),
            Via::Reqwest => block_on(
                reqwest_session(&base, &clock)
                    .with_retry(policy)
                    .send_async(&op),
            ),
        }
        .unwrap_err();
        assert_eq!(server.finish().len(), 2, "{via:?}");
        assert_eq!(clock.slept(), [Duration::from_secs(2)]);
        assert_eq!(error.status(), Some(429));
        assert_eq!(
            error.to_string(),
            "Microsoft Graph error 429 (TooManyRequests): Too many requests \
             [request-id: 6b1d3d0a-7c59-4b9e-8cc3-6b8b24e6e2c4, date: 2021-07-16T10:00:00]"
        );
    }
}

/// A client without sockets: hands out prepared outcomes, records the methods asked.
struct Scripted {
    outcomes: Mutex<VecDeque<Result<HttpResponse, std::io::Error>>>,
    asked: Mutex<Vec<String>>,
    bodies: Mutex<Vec<Vec<u8>>>,
}

impl Scripted {
    fn new(outcomes: Vec<Result<HttpResponse, std::io::Error>>) -> Self {
        Scripted {
            outcomes: Mutex::new(outcomes.into()),
            asked: Mutex::new(Vec::new()),
            bodies: Mutex::new(Vec::new()),
        }
    }
}

impl Client for Scripted {
    type Error = std::io::Error;

    fn send(&self, request: HttpRequest) -> Result<HttpResponse, std::io::Error> {
        self.asked
            .lock()
            .unwrap()
            .push(request.method().to_string());
        self.bodies.lock().unwrap().push(request.body().clone());
        self.outcomes.lock().unwrap().pop_front().unwrap()
    }
}

fn response(status: u16, body: &Value) -> Result<HttpResponse, std::io::Error> {
    let mut r = http::Response::new(serde_json::to_vec(body).unwrap());
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
    Ok(r)
}

fn reset() -> Result<HttpResponse, std::io::Error> {
    Err(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "reset",
    ))
}

#[test]
fn without_retry_after_the_backoff_doubles_with_jitter_and_each_budget_is_its_own() {
    let clock = FakeClock::new();
    // Throttled twice without `Retry-After`: 1 s then 2 s, the upper half jittered (0.5 here).
    let client = Scripted::new(vec![
        response(429, &json!({})),
        response(504, &json!({})),
        response(200, &user_json("u1")),
    ]);
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0").with_clock(clock.clone());
    assert!(graph.send(&ops::GetUser::new("u1")).is_ok());
    assert_eq!(
        clock.slept(),
        [Duration::from_millis(750), Duration::from_millis(1500)]
    );

    // No response twice for a GET: retried (transport budget 2), whatever the throttling budget.
    let clock = FakeClock::new();
    let client = Scripted::new(vec![reset(), reset(), response(200, &user_json("u1"))]);
    let policy = RetryPolicy {
        throttled_retries: 0,
        ..RetryPolicy::default()
    };
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0")
        .with_retry(policy.clone())
        .with_clock(clock.clone());
    assert!(graph.send(&ops::GetUser::new("u1")).is_ok());
    assert_eq!(clock.slept().len(), 2);

    // ... but a 429 is not retried with that policy, nor a POST without a response.
    let client = Scripted::new(vec![response(429, &json!({})), reset()]);
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0")
        .with_retry(policy)
        .with_clock(FakeClock::new());
    let throttled = graph.send(&ops::GetUser::new("u1")).unwrap_err();
    assert_eq!(throttled.status(), Some(429));
    let post = graph
        .send(&ops::MeDriveItemCreateUploadSession::new("x"))
        .unwrap_err();
    assert!(matches!(post, CallError::Transport(_)), "{post}");
    assert_eq!(*graph.client().asked.lock().unwrap(), ["GET", "POST"]);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let at = |text: &str| {
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", http::HeaderValue::from_str(text).unwrap());
        support::retry_after(&headers, start_time())
    };
    assert_eq!(at("120"), Some(Duration::from_secs(120)));
    assert_eq!(
        at("Fri, 16 Jul 2021 10:01:00 GMT"),
        Some(Duration::from_secs(60))
    );
    // A date past is no wait; nonsense is no answer.
    assert_eq!(at("Thu, 15 Jul 2021 10:00:00 GMT"), Some(Duration::ZERO));
    assert_eq!(at("soon"), None);
    assert_eq!(at("Fri, 32 Jul 2021 10:00:00 GMT"), None);
    assert_eq!(
        support::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(UNIX_EPOCH + Duration::from_secs(784_111_777))
    );
}

// ---------------------------------------------------------------------------------------------
// Delta.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_delta_round_is_saved_and_resumed_with_removed_items() {
    for via in BOTH {
        let server = Server::serve(vec![
            Reply::json(
                200,
                json!({
                "value": [user_json("u1"), user_json("u2")],
                "@odata.nextLink": "{origin}/v1.0/users/delta?$skiptoken=page2" })
                .to_string(),
            ),
            Reply::json(
                200,
                json!({
                "value": [user_json("u3")],
                "@odata.deltaLink": "{origin}/v1.0/users/delta?$deltatoken=round1" })
                .to_string(),
            ),
            Reply::json(
                200,
                json!({
                "value": [
                    { "id": "u2", "displayName": "User u2, renamed" },
                    { "id": "u1", "@removed": { "reason": "changed" } },
                    { "id": "u3", "@removed": { "reason": "deleted" } }],
                "@odata.deltaLink": "{origin}/v1.0/users/delta?$deltatoken=round2" })
                .to_string(),
            ),
        ]);
        let base = format!("{}/v1.0", server.origin);
        let clock = FakeClock::new();
        let op = ops::UsersDelta::new();

        // Round 1 from the start, its cursor saved as text.
        let (first, saved) = match via {
            Via::Ureq => {
                let graph = ureq_session(&base, &clock);
                let mut round = graph.delta(&op);
                let items: Vec<_> = round.by_ref().flat_map(|p| p.unwrap().value).collect();
                (
                    items,
                    serde_json::to_string(&round.cursor().unwrap()).unwrap(),
                )
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(&base, &clock);
                let mut round = graph.delta(&op);
                let mut items = Vec::new();
                while let Some(page) = round.next_page().await {
                    items.extend(page.unwrap().value);
                }
                (
                    items,
                    serde_json::to_string(&round.cursor().unwrap()).unwrap(),
                )
            }),
        };
        let ids: Vec<&str> = first
            .iter()
            .map(|c| c.item.id.as_deref().unwrap())
            .collect();
        assert_eq!(ids, ["u1", "u2", "u3"]);
        assert!(first.iter().all(|c| c.removed.is_none()));
        let round1 = format!("{}/v1.0/users/delta?$deltatoken=round1", server.origin);
        assert_eq!(saved, json!({ "link": round1 }).to_string());

        // Later, from the saved text, with a new session: the changes since.
        let cursor: DeltaCursor = serde_json::from_str(&saved).unwrap();
        let (changes, next) = match via {
            Via::Ureq => {
                let graph = ureq_session(&base, &clock);
                let mut round = graph.delta_from(&op, &cursor);
                let items: Vec<_> = round.by_ref().flat_map(|p| p.unwrap().value).collect();
                (items, round.cursor().unwrap())
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(&base, &clock);
                let mut round = graph.delta_from(&op, &cursor);
                let page = round.next_page().await.unwrap().unwrap();
                assert!(round.next_page().await.is_none());
                (page.value, round.cursor().unwrap())
            }),
        };
        assert_eq!(changes.len(), 3);
        assert_eq!(
            changes[0].item.display_name.as_deref(),
            Some("User u2, renamed")
        );
        assert_eq!(changes[0].removed, None);
        let removed: Vec<(&str, bool)> = changes[1..]
            .iter()
            .map(|c| {
                (
                    c.item.id.as_deref().unwrap(),
                    c.removed.as_ref().unwrap().is_deleted(),
                )
            })
            .collect();
        assert_eq!(removed, [("u1", false), ("u3", true)]);
        assert_eq!(changes[1].removed.as_ref().unwrap().reason, "changed");
        assert!(next.link.ends_with("$deltatoken=round2"));

        let received = server.finish();
        let urls: Vec<&str> = received.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/v1.0/users/delta",
                "/v1.0/users/delta?$skiptoken=page2",
                "/v1.0/users/delta?$deltatoken=round1"
            ]
        );
        assert!(received
            .iter()
            .all(|r| r.header("Authorization") == Some(TOKEN)));
    }
}

// ---------------------------------------------------------------------------------------------
// Long-running operations.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_drive_item_copy_is_monitored_from_202_to_completed_without_the_token() {
    for via in BOTH {
        // The monitor is another service (as SharePoint's is): pre-authenticated.
        let monitor = Server::serve(vec![
            Reply::json(
                202,
                r#"{"operation":"itemCopy","percentageComplete":0.0,"status":"notStarted"}"#,
            ),
            Reply::json(
                202,
                r#"{"operation":"itemCopy","percentageComplete":42.5,"status":"inProgress"}"#,
            )
            .header("Retry-After", "5"),
            Reply::json(
                200,
                r#"{"operation":"itemCopy","percentageComplete":100.0,"resourceId":"01NEWITEM","status":"completed"}"#,
            ),
        ]);
        let location = format!("{}/_api/v2.0/monitor/4A3407B5", monitor.origin);
        let graph_server = Server::serve(vec![Reply::empty(202).header("Location", &location)]);
        let base = format!("{}/v1.0", graph_server.origin);
        let clock = FakeClock::new();
        let body = ops::MeDriveItemCopyBody {
            name: Some("copy.txt".to_string()),
            parent_reference: Some(json!({ "driveId": "d1", "id": "folder-1" })),
            ..Default::default()
        };
        let op = ops::MeDriveItemCopy::new("item-1", body);
        let mut seen: Vec<(String, Option<f64>)> = Vec::new();
        let mut progress = |s: &JobStatus| seen.push((s.status.clone(), s.percentage_complete));
        let done = match via {
            Via::Ureq => {
                let graph = ureq_session(&base, &clock);
                let Started::Accepted(m) = graph.start(&op).unwrap() else {
                    panic!("not accepted")
                };
                assert_eq!(m.url, location);
                graph.wait(&m, &mut progress)
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(&base, &clock);
                let Started::Accepted(m) = graph.start_async(&op).await.unwrap() else {
                    panic!("not accepted")
                };
                graph.wait_async(&m, &mut progress).await
            }),
        }
        .unwrap();
        assert_eq!(done.resource_id.as_deref(), Some("01NEWITEM"));
        assert_eq!(
            seen,
            [
                ("notStarted".to_string(), Some(0.0)),
                ("inProgress".to_string(), Some(42.5)),
                ("completed".to_string(), Some(100.0))
            ]
        );
        // The default second between polls, then the 5 s asked.
        assert_eq!(
            clock.slept(),
            [Duration::from_secs(1), Duration::from_secs(5)]
        );

        let copy = graph_server.finish();
        assert_eq!(copy[0].url, "/v1.0/me/drive/items/item-1/copy");
        assert_eq!(copy[0].header("Authorization"), Some(TOKEN));
        assert_eq!(
            copy[0].json(),
            json!({ "name": "copy.txt", "parentReference": { "driveId": "d1", "id": "folder-1" } })
        );
        let polls = monitor.finish();
        assert_eq!(polls.len(), 3);
        for p in &polls {
            assert_eq!(
                (p.method.as_str(), p.url.as_str()),
                ("GET", "/_api/v2.0/monitor/4A3407B5")
            );
            assert_eq!(
                p.header("Authorization"),
                None,
                "{via:?}: the monitor got the token"
            );
        }
    }
}

#[test]
fn a_failed_operation_ends_with_its_status_and_a_relative_monitor_keeps_the_token() {
    // A teams operation's `Location` is relative to the version root, on Graph itself.
    let server = Server::serve(vec![
        Reply::empty(202).header("Location", "/teams('t1')/operations('op1')"),
        Reply::json(
            200,
            r#"{"id":"op1","operationType":"cloneTeam","status":"failed","error":{"code":"Conflict","message":"name taken"}}"#,
        ),
    ]);
    let base = format!("{}/v1.0", server.origin);
    let clock = FakeClock::new();
    let graph = ureq_session(&base, &clock);
    let op = ops::MeDriveItemCopy::new("item-1", Default::default());
    let Started::Accepted(monitor) = graph.start(&op).unwrap() else {
        panic!("not accepted")
    };
    assert_eq!(monitor.url, format!("{base}/teams('t1')/operations('op1')"));
    let error = graph.wait(&monitor, |_| {}).unwrap_err();
    let CallError::Failed(status) = &error else {
        panic!("{error}")
    };
    assert_eq!(status.operation.as_deref(), Some("cloneTeam"));
    assert!(error.to_string().contains("name taken"), "{error}");
    let received = server.finish();
    assert_eq!(received[1].header("Authorization"), Some(TOKEN));
}

// ---------------------------------------------------------------------------------------------
// Large uploads.
// ---------------------------------------------------------------------------------------------

/// An upload URL as the docs describe it: chunks stored where `Content-Range` says, `202` with
/// the next expected range, `201` with the item once all bytes are in, `GET` for the status.
/// The chunk named by `fail` is refused once with a `500` (its bytes lost).
fn upload_server(total: usize, requests: usize, fail: usize) -> (Server, Arc<Mutex<Vec<u8>>>) {
    let stored = Arc::new(Mutex::new(Vec::new()));
    let (theirs, mut puts) = (stored.clone(), 0);
    let server = Server::handle(requests, move |got, _| {
        let mut bytes = theirs.lock().unwrap();
        let expected = |have: usize| {
            json!({ "expirationDateTime": "2021-07-17T10:00:00Z",
            "nextExpectedRanges": [format!("{have}-{}", total - 1)] })
        };
        if got.method == "GET" {
            return Reply::json(200, expected(bytes.len()).to_string());
        }
        assert_eq!(got.method, "PUT");
        puts += 1;
        let range = got.header("Content-Range").unwrap();
        let (first, rest) = range
            .strip_prefix("bytes ")
            .unwrap()
            .split_once('-')
            .unwrap();
        let (last, size) = rest.split_once('/').unwrap();
        let (first, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
        assert_eq!(size.parse::<usize>().unwrap(), total);
        assert_eq!(got.body.len(), last - first + 1, "{range}");
        if puts == fail {
            return Reply::json(
                500,
                graph_error("generalException", "try again").to_string(),
            );
        }
        assert_eq!(first, bytes.len(), "{range}: not the next expected byte");
        bytes.extend_from_slice(&got.body);
        if bytes.len() == total {
            let item = json!({ "id": "01FILE", "name": "big.bin", "size": total });
            return Reply::json(201, item.to_string());
        }
        Reply::json(202, expected(bytes.len()).to_string())
    });
    (server, stored)
}

#[test]
fn a_1_mib_file_goes_up_in_320_kib_chunks_with_one_chunk_resumed() {
    let data: Vec<u8> = (0..1_048_576u32).map(|i| (i * 31 % 251) as u8).collect();
    for via in BOTH {
        // Four chunks; the second refused once, then the status asked, then sent again.
        let (uploads, stored) = upload_server(data.len(), 6, 2);
        let upload_url = format!("{}/up/fe6987415ace7X4e1eF866337", uploads.origin);
        let graph_server = Server::serve(vec![Reply::json(200, json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.uploadSession",
            "uploadUrl": upload_url,
            "expirationDateTime": "2021-07-17T10:00:00Z",
            "nextExpectedRanges": ["0-"] }).to_string())]);
        let base = format!("{}/v1.0", graph_server.origin);
        let clock = FakeClock::new();
        let op = ops::MeDriveItemCreateUploadSession::new("parent-1");
        let size = ChunkSize::units(1);
        let source = std::io::Cursor::new(data.clone());
        let item: DriveItem = match via {
            Via::Ureq => {
                let graph = ureq_session(&base, &clock);
                let session = UploadSession::from_model(&op.send(&graph).unwrap()).unwrap();
                assert_eq!(session.upload_url, upload_url);
                graph.upload(&session, source, size)
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(&base, &clock);
                let answer = graph.send_async(&op).await.unwrap();
                let session = UploadSession::from_model(&answer).unwrap();
                graph.upload_async(&session, source, size).await
            }),
        }
        .unwrap();
        assert_eq!(item.id.as_deref(), Some("01FILE"));
        assert_eq!(*stored.lock().unwrap(), data, "{via:?}: the bytes stored");

        let create = graph_server.finish();
        assert_eq!(
            create[0].url,
            "/v1.0/me/drive/items/parent-1/createUploadSession"
        );
        assert_eq!(create[0].header("Authorization"), Some(TOKEN));
        let received = uploads.finish();
        let seen: Vec<String> = received
            .iter()
            .map(|r| format!("{} {}", r.method, r.header("Content-Range").unwrap_or("")))
            .collect();
        assert_eq!(
            seen,
            [
                "PUT bytes 0-327679/1048576",
                "PUT bytes 327680-655359/1048576",
                "GET ",
                "PUT bytes 327680-655359/1048576",
                "PUT bytes 655360-983039/1048576",
                "PUT bytes 983040-1048575/1048576"
            ],
            "{via:?}"
        );
        for r in &received {
            assert_eq!(r.url, "/up/fe6987415ace7X4e1eF866337");
            assert_eq!(
                r.header("Authorization"),
                None,
                "{via:?}: the upload URL got the token"
            );
        }
        assert!(clock.slept().is_empty());
    }
}

#[test]
fn an_upload_session_resumes_from_its_status_and_is_cancelled() {
    for via in BOTH {
        let total = 700_000;
        let data: Vec<u8> = (0..total).map(|i| (i % 256) as u8).collect();
        // The status (nothing yet), a chunk of 2 units, the rest; the cancel on its own server.
        let (uploads, _) = upload_server(total, 3, 0);
        let cancel = Server::serve(vec![Reply::empty(204)]);
        let session = UploadSession {
            upload_url: format!("{}/up/s1", uploads.origin),
            ..Default::default()
        };
        let clock = FakeClock::new();
        let size = ChunkSize::units(2);
        let cancelled = UploadSession {
            upload_url: format!("{}/up/s1", cancel.origin),
            ..Default::default()
        };
        // The service on the upload URL's origin: the token is left out all the same.
        let base = &format!("{}/v1.0", uploads.origin);
        let item: DriveItem = match via {
            Via::Ureq => {
                let graph = ureq_session(base, &clock);
                let status = graph.upload_status(&session).unwrap();
                assert_eq!(status.next_offset(), Some(0));
                assert_eq!(status.upload_url, session.upload_url);
                let item = graph.upload(&status, std::io::Cursor::new(&data), size);
                graph.cancel_upload(&cancelled).unwrap();
                item
            }
            Via::Reqwest => block_on(async {
                let graph = reqwest_session(base, &clock);
                let status = graph.upload_status_async(&session).await.unwrap();
                assert_eq!(status.next_offset(), Some(0));
                let item = graph
                    .upload_async(&status, std::io::Cursor::new(&data), size)
                    .await;
                graph.cancel_upload_async(&cancelled).await.unwrap();
                item
            }),
        }
        .unwrap();
        assert_eq!(item.id.as_deref(), Some("01FILE"));
        let received = uploads.finish();
        assert!(received.iter().all(|r| r.header("Authorization").is_none()));
        let seen: Vec<String> = received
            .iter()
            .map(|r| format!("{} {}", r.method, r.header("Content-Range").unwrap_or("")))
            .collect();
        assert_eq!(
            seen,
            [
                "GET ",
                "PUT bytes 0-655359/700000",
                "PUT bytes 655360-699999/700000"
            ],
            "{via:?}"
        );
        let cancel = cancel.finish();
        assert_eq!(
            (cancel[0].method.as_str(), cancel[0].url.as_str()),
            ("DELETE", "/up/s1")
        );
        assert_eq!(cancel[0].header("Authorization"), None);
    }
}

#[test]
fn chunks_are_multiples_of_320_kib_under_60_mib() {
    assert_eq!(ChunkSize::UNIT, 327_680);
    assert_eq!(ChunkSize::units(0), ChunkSize::units(1));
    assert_eq!(ChunkSize::units(1000), ChunkSize::MAX);
    assert!(ChunkSize::MAX.bytes() < 60 * 1024 * 1024);
    for size in [ChunkSize::MAX, ChunkSize::DEFAULT, ChunkSize::units(7)] {
        assert_eq!(size.bytes() % ChunkSize::UNIT, 0);
    }
    assert_eq!(
        support::chunk_plan(1_048_576, 0, ChunkSize::units(1)),
        [
            (0, 327_679),
            (327_680, 655_359),
            (655_360, 983_039),
            (983_040, 1_048_575)
        ]
    );
    assert_eq!(support::chunk_plan(100, 40, ChunkSize::DEFAULT), [(40, 99)]);
    assert!(support::chunk_plan(100, 100, ChunkSize::DEFAULT).is_empty());
    assert_eq!(support::content_range(0, 25, 128), "bytes 0-25/128");
    // An empty source is refused before any request.
    let graph = Graph::new(
        Scripted::new(Vec::new()),
        "https://graph.microsoft.com/v1.0",
    );
    let session = UploadSession {
        upload_url: "https://up.example/s".to_string(),
        ..Default::default()
    };
    let empty = graph.upload::<Value, _>(
        &session,
        std::io::Cursor::new(Vec::new()),
        ChunkSize::DEFAULT,
    );
    assert!(matches!(empty, Err(CallError::Protocol(_))));
    assert!(UploadSession::from_model(&json!({ "expirationDateTime": "x" })).is_err());
}

// ---------------------------------------------------------------------------------------------
// The generated crate: the same runtime behind its `ureq` and `reqwest` features.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_generated_crate_sends_with_its_client_features() {
    use graphdoc_models::beta::graph::AuditEvent;
    use graphdoc_models::beta::operations::CreateAuditEvent;
    use graphdoc_models::support::{Graph, GraphRequest};
    let event =
        r##"{"@odata.type":"#microsoft.graph.auditEvent","id":"e1","displayName":"Created"}"##;
    for via in BOTH {
        let server = Server::serve(vec![Reply::json(201, event)]);
        let base = format!("{}/beta", server.origin);
        let op = CreateAuditEvent::new(AuditEvent::default());
        let created = match via {
            Via::Ureq => op.send(&Graph::new(ureq::Agent::new_with_defaults(), &base)),
            Via::Reqwest => block_on(op.send_async(&Graph::new(reqwest::Client::new(), &base))),
        }
        .unwrap();
        assert_eq!(created.id.as_deref(), Some("e1"));
        assert_eq!(server.finish()[0].url, "/beta/deviceManagement/auditEvents");
    }
}

#[test]
fn the_clients_option_takes_ureq_and_reqwest_only() {
    use graphdoc_codegen::{OptionValue, Settings};
    let mut settings = Settings::default();
    let both = OptionValue::List(vec!["ureq".into(), "reqwest".into(), "ureq".into()]);
    settings.apply_option("clients", both).unwrap();
    assert_eq!(settings.clients, ["ureq", "reqwest"]);
    let error = settings.apply_option("clients", "curl".into()).unwrap_err();
    assert_eq!(error, "unknown client `curl`: use \"ureq\" or \"reqwest\"");
}

#[test]
fn a_monitor_gives_up_after_its_max_wait_and_an_upload_that_makes_no_progress_ends() {
    let in_progress = || {
        response(
            202,
            &json!({ "status": "inProgress", "percentageComplete": 10.0 }),
        )
    };
    let clock = FakeClock::new();
    let client = Scripted::new((0..4).map(|_| in_progress()).collect());
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0").with_clock(clock.clone());
    let mut monitor = support::Monitor::new("https://monitor.example/job/1");
    monitor.max_wait = Duration::from_secs(3);
    let error = graph.wait(&monitor, |_| {}).unwrap_err();
    let CallError::StillRunning(last) = &error else {
        panic!("{error}")
    };
    assert_eq!(last.percentage_complete, Some(10.0));
    assert_eq!(graph.client().asked.lock().unwrap().len(), 4);
    assert_eq!(clock.slept(), [Duration::from_secs(1); 3]);

    // The service answers every chunk with "send byte 0 again": four tries, then an error.
    let again = || response(202, &json!({ "nextExpectedRanges": ["0-"] }));
    let client = Scripted::new((0..5).map(|_| again()).collect());
    let graph = Graph::new(client, "https://graph.microsoft.com/v1.0");
    let session = UploadSession {
        upload_url: "https://up.example/s".to_string(),
        ..Default::default()
    };
    let file = std::io::Cursor::new(vec![1u8; 1000]);
    let error = graph
        .upload::<Value, _>(&session, file, ChunkSize::DEFAULT)
        .unwrap_err();
    assert!(
        error.to_string().contains("keeps asking for byte 0"),
        "{error}"
    );
    assert_eq!(graph.client().asked.lock().unwrap().len(), 4);
}

#[test]
fn a_batch_item_with_a_body_carries_it_as_json_with_its_content_type() {
    let answer = json!({ "responses": [{ "id": "c", "status": 202, "headers": { "Location": "https://m.example/1" } }] });
    let graph = Graph::new(
        Scripted::new(vec![response(200, &answer)]),
        "https://graph.microsoft.com/v1.0",
    );
    let body = ops::MeDriveItemCopyBody {
        name: Some("copy.txt".to_string()),
        ..Default::default()
    };
    let mut batch = Batch::new();
    let copy = batch
        .add("c", ops::MeDriveItemCopy::new("i 1", body))
        .unwrap();
    let mut answers = graph.send_batch(batch);
    assert_eq!(
        answers.response("c").unwrap().headers()["location"],
        "https://m.example/1"
    );
    answers.take(copy).unwrap();
    let sent: Value = serde_json::from_slice(&graph.client().bodies.lock().unwrap()[0]).unwrap();
    assert_eq!(
        sent,
        json!({ "requests": [{
            "id": "c", "method": "POST", "url": "/me/drive/items/i%201/copy",
            "headers": { "Content-Type": "application/json" },
            "body": { "name": "copy.txt" } }] })
    );
}

#[test]
fn a_graph_error_names_its_request_id_and_date_from_the_headers_too() {
    let mut r = http::Response::new(
        serde_json::to_vec(
            &json!({ "error": { "code": "Forbidden", "message": "Insufficient privileges" } }),
        )
        .unwrap(),
    );
    *r.status_mut() = http::StatusCode::FORBIDDEN;
    r.headers_mut()
        .insert("request-id", "1f2e".parse().unwrap());
    r.headers_mut()
        .insert("date", "Fri, 16 Jul 2021 10:00:00 GMT".parse().unwrap());
    let error = support::parse_json::<Value>(r).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Microsoft Graph error 403 (Forbidden): Insufficient privileges \
         [request-id: 1f2e, date: Fri, 16 Jul 2021 10:00:00 GMT]"
    );
    let e = error.graph_error().unwrap();
    assert_eq!((e.request_id.as_deref(), e.status), (Some("1f2e"), 403));
}

/// The async calls' futures are `Send` (so they can be spawned on a multi-threaded executor).
#[test]
fn the_async_futures_are_send() {
    fn send<T: Send>(_: T) {}
    let graph = Graph::new(reqwest::Client::new(), "http://127.0.0.1:9/v1.0");
    let (list, me) = (ops::ListUsers::new(), ops::GetMe::new());
    send(graph.send_async(&me));
    send(me.send_async(&graph));
    let mut pages = graph.pages(&list);
    send(pages.next_page());
    send(graph.send_batch_async(Batch::new()));
    let monitor = support::Monitor::new("http://127.0.0.1:9/monitor");
    send(graph.wait_async(&monitor, |_| {}));
    let session = UploadSession::default();
    let file = std::io::Cursor::new(vec![1u8]);
    send(graph.upload_async::<Value, _>(&session, file, ChunkSize::DEFAULT));
}
