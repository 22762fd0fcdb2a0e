//! `graphdoc serve` (issue 24) as a user runs it: the address on the first line of stdout, one log
//! line per request, many clients at once, and requests that are malformed, too large or too slow
//! answered with an error or dropped, never a panic or a stuck server. Also the Dev Proxy mocks
//! file, validated against Dev Proxy's published schema (`data/`, see its README).
//!
//! The generated types reading the answers are tested in `tests/serve.rs`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use graphdoc_codegen::mock::Mock;
use graphdoc_codegen::serve::{Options, Server};
use serde_json::Value;

/// A `graphdoc serve` process, ended when dropped.
struct Serving {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
}

impl Serving {
    fn start(args: &[&str]) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
            .arg("serve")
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run graphdoc serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let addr = first
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("the first line is the address: {first:?}"));
        let (send, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Serving { child, addr, log }
    }

    /// The next line on stderr (waiting at most 30 s: a missing line fails, it is not timed).
    fn line(&self) -> String {
        self.log
            .recv_timeout(Duration::from_secs(30))
            .expect("a log line")
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends raw bytes on a new connection and reads until the server closes it or 30 s pass.
fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// One request with `Connection: close`; the answer's status line and body.
fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (String, String) {
    let text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = raw(addr, text.as_bytes());
    let status = answer.lines().next().unwrap_or("").to_string();
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

const AUDIT: &str = "/beta/deviceManagement/remoteActionAudits/1";

#[test]
fn it_prints_its_address_first_and_logs_one_line_per_request() {
    let serving = Serving::start(&["--addr", "127.0.0.1:0"]);
    assert!(serving.addr.ip().is_loopback());
    let coverage = serving.line();
    assert_eq!(
        coverage,
        "graphdoc: serving docs: 5 of 5 operations (100.0%) have an example response to serve"
    );
    let (status, body) = request(serving.addr, "PATCH", AUDIT, r#"{"userName": "Adele"}"#);
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["id"], "477f8d24-8d24-477f-248d-7f47248d7f47");
    let line = serving.line();
    assert!(
        line.starts_with(&format!("PATCH {AUDIT} -> 200 example of updateRemoteActionAudit at beta/api/intune-devices-remoteactionaudit-update.md:")),
        "{line}"
    );
    let (status, _) = request(serving.addr, "GET", "/beta/nothing/here", "");
    assert!(status.starts_with("HTTP/1.1 404"), "{status}");
    let line = serving.line();
    assert!(
        line.starts_with("GET /beta/nothing/here -> 404 refused: no documented beta path matches"),
        "{line}"
    );
}

#[test]
fn it_says_when_it_listens_beyond_this_machine() {
    let serving = Serving::start(&["--addr", "0.0.0.0:0"]);
    let warning = serving.line();
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0:")
            && warning.contains("reachable from other machines"),
        "{warning}"
    );
}

#[test]
fn bad_usage_is_said_and_exits_2() {
    let o = graphdoc(&["serve", "--addr", "nowhere"], &repo());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        all_output(&o).contains("--addr `nowhere` is not HOST:PORT"),
        "{}",
        all_output(&o)
    );
    let dir = scratch("serve-empty");
    let o = graphdoc(
        &[
            "serve",
            "--docs",
            dir.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        all_output(&o).contains("documents no operation to serve"),
        "{}",
        all_output(&o)
    );
}

#[test]
fn malformed_requests_get_errors_and_the_server_goes_on() {
    let serving = Serving::start(&["--addr", "127.0.0.1:0", "--max-body", "1000"]);
    let addr = serving.addr;
    // Not HTTP; a bad request line; a bad percent-escape; bytes that are not UTF-8 once decoded.
    assert!(raw(addr, b"hello\r\n\r\n").starts_with("HTTP/1.1 400"));
    assert!(raw(addr, b"GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 400"));
    let (status, body) = request(addr, "GET", "/beta/x%zz", "");
    assert!(
        status.starts_with("HTTP/1.1 400") && body.contains("two hex digits"),
        "{status} {body}"
    );
    let (status, body) = request(addr, "GET", "/beta/%ff%fe", "");
    assert!(
        status.starts_with("HTTP/1.1 400") && body.contains("UTF-8"),
        "{status} {body}"
    );
    // Headers past the limit.
    let huge = format!(
        "GET {AUDIT} HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    assert!(raw(addr, huge.as_bytes()).starts_with("HTTP/1.1 431"));
    // A body past --max-body, declared or chunked.
    let (status, body) = request(
        addr,
        "PATCH",
        AUDIT,
        &format!(r#"{{"userName": "{}"}}"#, "a".repeat(2000)),
    );
    assert!(
        status.starts_with("HTTP/1.1 413") && body.contains("1000 bytes"),
        "{status} {body}"
    );
    let chunk = "b".repeat(1500);
    let chunked = format!(
        "PATCH {AUDIT} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    assert!(raw(addr, chunked.as_bytes()).starts_with("HTTP/1.1 413"));
    // Not JSON, and JSON of the wrong shape.
    let (status, _) = request(addr, "PATCH", AUDIT, "{\"userName\": ");
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    let (status, body) = request(addr, "PATCH", AUDIT, "[1, 2]");
    assert!(
        status.starts_with("HTTP/1.1 400") && body.contains("remoteActionAudit"),
        "{status} {body}"
    );
    // Still serving.
    let (status, _) = request(addr, "PATCH", AUDIT, "{}");
    assert_eq!(status, "HTTP/1.1 200 OK");
}

#[test]
fn many_clients_are_served_at_once_while_one_stalls() {
    let serving = Serving::start(&["--addr", "127.0.0.1:0"]);
    let addr = serving.addr;
    // A client that sends half a request head and waits.
    let mut stalled = TcpStream::connect(addr).unwrap();
    stalled
        .write_all(b"PATCH /beta/deviceManagement/remoteAc")
        .unwrap();
    let clients: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                (0..4)
                    .map(|_| {
                        request(
                            addr,
                            "PATCH",
                            &format!("/beta/deviceManagement/remoteActionAudits/{i}"),
                            "{}",
                        )
                        .0
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    for client in clients {
        for status in client.join().unwrap() {
            assert_eq!(status, "HTTP/1.1 200 OK");
        }
    }
    drop(stalled);
}

/// A server of the seed docs in process, with short limits (the CLI's are seconds long).
fn quick_server() -> graphdoc_codegen::serve::Running {
    let options = Options {
        head_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        ..Options::default()
    };
    let mock = Mock::from_docs(repo().join("docs"));
    let server = Server::bind("127.0.0.1:0".parse().unwrap(), mock, options).unwrap();
    server.spawn(std::sync::Arc::new(|_: &str| {})).unwrap()
}

#[test]
fn a_client_too_slow_with_its_head_or_body_is_dropped_or_answered_408() {
    let running = quick_server();
    // Half a head, then nothing: the connection is closed (hyper answers 408 or just closes).
    let answer = raw(running.addr(), b"PATCH /beta/deviceManagement/remoteAc");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // A whole head and half the body it declares.
    let slow = format!("PATCH {AUDIT} HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{{\"user");
    let answer = raw(running.addr(), slow.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("RequestTimeout"), "{answer}");
    running.stop().unwrap();
}

fn devproxy_validator() -> jsonschema::Validator {
    let text = include_str!("data/devproxy-mockresponseplugin.mocksfile.schema.json");
    let schema: Value = serde_json::from_str(text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("the Dev Proxy schema compiles")
}

#[test]
fn the_devproxy_mocks_file_of_the_seeds_is_valid_and_holds_their_answers() {
    let dir = scratch("devproxy");
    let docs = repo().join("docs");
    let o = graphdoc(
        &[
            "serve",
            "--docs",
            docs.to_str().unwrap(),
            "--write-devproxy-mocks",
            "mocks.json",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    // Only the file asked for is written (no staging file is left beside it).
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["mocks.json"]);
    let text = std::fs::read_to_string(dir.join("mocks.json")).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = devproxy_validator()
        .iter_errors(&file)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let mocks = file["mocks"].as_array().unwrap();
    assert_eq!(mocks.len(), 5);
    let urls: Vec<&str> = mocks
        .iter()
        .map(|m| m["request"]["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls[0],
        "https://graph.microsoft.com/beta/users/*/dataSecurityAndGovernance/activities/auditActivities",
        "the most specific first"
    );
    assert!(
        urls.contains(&"https://graph.microsoft.com/beta/deviceManagement/remoteActionAudits/*")
    );
    let update = mocks
        .iter()
        .find(|m| m["request"]["method"] == "PATCH")
        .unwrap();
    assert_eq!(update["response"]["statusCode"], 200);
    assert_eq!(
        update["response"]["body"]["id"],
        "477f8d24-8d24-477f-248d-7f47248d7f47"
    );
    assert_eq!(update["response"]["headers"][0]["name"], "Content-Type");

    // A folder in the way is an error, and nothing is written.
    std::fs::create_dir(dir.join("taken")).unwrap();
    let o = graphdoc(
        &[
            "serve",
            "--docs",
            docs.to_str().unwrap(),
            "--write-devproxy-mocks",
            "taken",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(3), "{}", all_output(&o));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}
