//! A local stand-in for Microsoft Graph, answering as the docs describe: 45 users in pages of
//! `$top`, `/me` throttled once, `$batch`, a delta round then its changes, a copy answered `202`
//! with a monitor, and an upload session taking chunks. Only what the example calls.

use std::thread::JoinHandle;

use serde_json::{json, Value};

/// The server, serving on its own thread until dropped.
pub struct LocalGraph {
    /// `http://127.0.0.1:PORT/v1.0`.
    pub base_url: String,
    server: std::sync::Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl LocalGraph {
    pub fn start() -> std::io::Result<LocalGraph> {
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let port = server.server_addr().to_ip().map_or(0, |a| a.port());
        let origin = format!("http://127.0.0.1:{port}");
        let server = std::sync::Arc::new(server);
        let (theirs, base_url) = (server.clone(), format!("{origin}/v1.0"));
        let thread = std::thread::spawn(move || {
            let mut state = State::default();
            for mut request in theirs.incoming_requests() {
                let mut body = Vec::new();
                let _ = request.as_reader().read_to_end(&mut body);
                let url = request.url().to_string();
                let method = request.method().as_str().to_string();
                let range = header(&request, "Content-Range");
                let (status, headers, reply) = state.answer(&origin, &method, &url, range, &body);
                let mut response = tiny_http::Response::from_data(reply).with_status_code(status);
                for (name, value) in headers {
                    if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                    {
                        response = response.with_header(h);
                    }
                }
                let _ = request.respond(response);
            }
        });
        Ok(LocalGraph {
            base_url,
            server,
            thread: Some(thread),
        })
    }
}

impl Drop for LocalGraph {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn header(request: &tiny_http::Request, name: &'static str) -> Option<String> {
    let found = request.headers().iter().find(|h| h.field.equiv(name));
    found.map(|h| h.value.as_str().to_string())
}

/// What the service remembers between requests.
#[derive(Default)]
struct State {
    me_throttled: bool,
    polls: u32,
    uploaded: Vec<u8>,
}

type Answer = (u16, Vec<(String, String)>, Vec<u8>);

fn json_answer(status: u16, body: Value) -> Answer {
    let headers = vec![("Content-Type".to_string(), "application/json".to_string())];
    (status, headers, body.to_string().into_bytes())
}

fn user(id: &str) -> Value {
    json!({ "id": id, "displayName": format!("User {id}") })
}

impl State {
    fn answer(
        &mut self,
        origin: &str,
        method: &str,
        url: &str,
        range: Option<String>,
        body: &[u8],
    ) -> Answer {
        let path = url.split('?').next().unwrap_or("");
        match (method, path) {
            ("GET", "/v1.0/users") => users_page(origin, url),
            ("GET", "/v1.0/me") if !self.me_throttled => {
                self.me_throttled = true;
                let mut answer = json_answer(
                    429,
                    json!({ "error": { "code": "TooManyRequests", "message": "Retry later" } }),
                );
                answer.1.push(("Retry-After".to_string(), "1".to_string()));
                answer
            }
            ("GET", "/v1.0/me") => json_answer(200, user("me")),
            ("POST", "/v1.0/$batch") => batch(body),
            ("GET", "/v1.0/users/delta") => delta(origin, url),
            ("POST", "/v1.0/me/drive/items/item-1/copy") => {
                let location = format!("{origin}/monitor/copy-1");
                (202, vec![("Location".to_string(), location)], Vec::new())
            }
            ("GET", "/monitor/copy-1") => {
                self.polls += 1;
                match self.polls {
                    1 => json_answer(
                        202,
                        json!({ "operation": "itemCopy", "percentageComplete": 50.0, "status": "inProgress" }),
                    ),
                    _ => json_answer(
                        200,
                        json!({ "operation": "itemCopy", "percentageComplete": 100.0, "status": "completed", "resourceId": "01COPY" }),
                    ),
                }
            }
            ("POST", "/v1.0/me/drive/items/parent-1/createUploadSession") => json_answer(
                200,
                json!({
                "uploadUrl": format!("{origin}/upload/session-1"),
                "expirationDateTime": "2030-01-01T00:00:00Z",
                "nextExpectedRanges": ["0-"] }),
            ),
            ("PUT", "/upload/session-1") => self.chunk(range.as_deref().unwrap_or(""), body),
            _ => json_answer(
                404,
                json!({ "error": { "code": "itemNotFound", "message": format!("no {method} {url} here") } }),
            ),
        }
    }

    /// Stores a chunk where `Content-Range` says, if it is the next; `202` or `201` with the item.
    fn chunk(&mut self, range: &str, body: &[u8]) -> Answer {
        let parsed = range.strip_prefix("bytes ").and_then(|r| {
            let (first, rest) = r.split_once('-')?;
            let (_, total) = rest.split_once('/')?;
            Some((first.parse::<usize>().ok()?, total.parse::<usize>().ok()?))
        });
        let Some((first, total)) = parsed else {
            return json_answer(
                400,
                json!({ "error": { "code": "invalidRange", "message": range } }),
            );
        };
        if first == self.uploaded.len() {
            self.uploaded.extend_from_slice(body);
        }
        if self.uploaded.len() >= total {
            return json_answer(
                201,
                json!({ "id": "01FILE", "name": "big.bin", "size": total }),
            );
        }
        json_answer(
            202,
            json!({ "nextExpectedRanges": [format!("{}-", self.uploaded.len())] }),
        )
    }
}

/// 45 users, `$top` to a page (20 by default), paged by `$skiptoken`.
fn users_page(origin: &str, url: &str) -> Answer {
    let number = |key: &str| {
        url.split(key)
            .nth(1)
            .and_then(|t| t.split('&').next()?.parse::<usize>().ok())
    };
    let (top, from) = (
        number("$top=").unwrap_or(20).max(1),
        number("$skiptoken=").unwrap_or(0),
    );
    let to = (from + top).min(45);
    let value: Vec<Value> = (from..to).map(|i| user(&format!("u{i}"))).collect();
    let mut body = json!({ "value": value });
    if to < 45 {
        body["@odata.nextLink"] = json!(format!("{origin}/v1.0/users?$top={top}&$skiptoken={to}"));
    }
    json_answer(200, body)
}

/// Each request of the batch answered on its own: a user, or `404` for `missing`.
fn batch(body: &[u8]) -> Answer {
    let requests: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let mut responses = Vec::new();
    for request in requests["requests"].as_array().into_iter().flatten() {
        let (id, url) = (&request["id"], request["url"].as_str().unwrap_or(""));
        let answer = match url.strip_prefix("/users/") {
            Some("missing") | None => {
                json!({ "id": id, "status": 404, "headers": { "Content-Type": "application/json" },
                "body": { "error": { "code": "Request_ResourceNotFound", "message": "Resource 'missing' does not exist" } } })
            }
            Some(user_id) => {
                json!({ "id": id, "status": 200, "headers": { "Content-Type": "application/json" }, "body": user(user_id) })
            }
        };
        responses.push(answer);
    }
    json_answer(200, json!({ "responses": responses }))
}

/// A first round of two pages, then, from its delta link, one change and one removal.
fn delta(origin: &str, url: &str) -> Answer {
    let link = |token: &str| format!("{origin}/v1.0/users/delta?{token}");
    let body = if url.contains("$deltatoken=round1") {
        json!({ "value": [{ "id": "u1", "displayName": "User u1, renamed" }, { "id": "u2", "@removed": { "reason": "deleted" } }],
            "@odata.deltaLink": link("$deltatoken=round2") })
    } else if url.contains("$skiptoken=page2") {
        json!({ "value": [user("u3")], "@odata.deltaLink": link("$deltatoken=round1") })
    } else {
        json!({ "value": [user("u1"), user("u2")], "@odata.nextLink": link("$skiptoken=page2") })
    };
    json_answer(200, body)
}
