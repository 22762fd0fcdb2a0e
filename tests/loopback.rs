//! A loopback HTTP server for the endpoint stubs' tests: `tiny_http` on 127.0.0.1, started by each
//! test, and a `ureq` client that runs the stubs' requests.
//!
//! Every server serves a fixed number of exchanges and stops by itself (after the last one, or when
//! no request arrives within a few seconds), then hands back what it received for the test to check.

#![allow(dead_code)]

use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

/// What the server received in one exchange.
#[derive(Debug)]
pub struct Received {
    pub method: String,
    /// The request target as sent: path and query.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// One reply of the server.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }

    /// A reply without a body (`204 No Content`).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The reply with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Raw content with its type.
    pub fn content(status: u16, content_type: &str, body: &[u8]) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.to_vec(),
        }
    }
}

pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    handle: JoinHandle<Vec<Received>>,
}

impl Server {
    /// Serves `replies` in order (status, JSON body), one per request, then stops. `{origin}` in a
    /// reply becomes the server's own `http://127.0.0.1:PORT` (for `@odata.nextLink`).
    pub fn start(replies: Vec<(u16, String)>) -> Server {
        let replies = replies
            .into_iter()
            .map(|(status, body)| Reply::json(status, body))
            .collect();
        Server::serve(replies)
    }

    /// Serves `replies` in order, one per request, then stops.
    pub fn serve(replies: Vec<Reply>) -> Server {
        let count = replies.len();
        let mut replies = replies.into_iter();
        Server::handle(count, move |_, origin| {
            let mut r = replies.next().expect("a reply per request");
            if let Ok(text) = std::str::from_utf8(&r.body) {
                r.body = text.replace("{origin}", origin).into_bytes();
            }
            r
        })
    }

    /// Serves `count` requests, each answered by `handler` from what it received (and the
    /// server's own origin, for links), then stops.
    pub fn handle(
        count: usize,
        mut handler: impl FnMut(&Received, &str) -> Reply + Send + 'static,
    ) -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP listener").port();
        let origin = format!("http://127.0.0.1:{port}");
        let own = origin.clone();
        let handle = std::thread::spawn(move || {
            let mut received = Vec::new();
            for _ in 0..count {
                let Ok(Some(mut request)) = server.recv_timeout(Duration::from_secs(10)) else {
                    break;
                };
                let mut bytes = Vec::new();
                request
                    .as_reader()
                    .read_to_end(&mut bytes)
                    .expect("read the request body");
                let got = Received {
                    method: request.method().as_str().to_string(),
                    url: request.url().to_string(),
                    headers: request
                        .headers()
                        .iter()
                        .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
                        .collect(),
                    body: bytes,
                };
                let reply = handler(&got, &own);
                received.push(got);
                let mut response =
                    tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
                for (name, value) in reply.headers {
                    let header = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                        .expect("a valid header");
                    response = response.with_header(header);
                }
                request.respond(response).expect("send the reply");
            }
            received
        });
        Server { origin, handle }
    }

    pub fn finish(self) -> Vec<Received> {
        self.handle.join().expect("the server thread")
    }
}

/// Sends a request with `ureq` and reads the whole response; HTTP error statuses are responses too.
pub fn send(request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let response = if request.body().is_empty() {
        agent.run(request.map(|_| ()))
    } else {
        agent.run(request)
    }
    .expect("the loopback call");
    let (parts, mut body) = response.into_parts();
    let bytes = body.read_to_vec().expect("read the response body");
    http::Response::from_parts(parts, bytes)
}
