//! `graphdoc serve` on the real docs tree (issue 24), when it is beside the checkout: every example
//! URL routed to the operation it documents (in process), then the release binary started on the
//! whole tree (its startup time printed) and a sample of 200 operations with an example response
//! called through the generated types: a crate generated for just those operations, and a small
//! program that builds each request with the operation's own stub (the example's path values and
//! body), sends it to the server with ureq and reads the answer with the stub.
//!
//! `#[ignore]`d like `corpus.rs`; `.ci/run` runs it in its corpus section with `--ignored`.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use graphdoc_codegen::ir::{Operation, Primitive, PropertyType, RequestBody, TypeRef};
use graphdoc_codegen::mock::Mock;
use graphdoc_codegen::{Docs, Settings};
use serde_json::{json, Value};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAPHDOC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/graph-docs-2021-07/api-reference")
        });
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: the corpus is not at {}", dir.display());
        None
    }
}

/// An example URL as sent to the server: on graph.microsoft.com, without docs placeholders.
fn sendable(op: &Operation, url: &str) -> Option<String> {
    let url = url.trim();
    if url.contains(['{', '<', ' ']) {
        return None;
    }
    match url.strip_prefix("https://graph.microsoft.com") {
        Some(rest) => Some(format!("https://graph.microsoft.com{rest}")),
        None if url.starts_with('/') => Some(format!(
            "https://graph.microsoft.com/{}{url}",
            op.version.as_str()
        )),
        None => None,
    }
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn every_example_url_is_answered_for_the_operation_it_documents() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mock = Mock::from_docs(&dir);
    let coverage = mock.coverage();
    println!("corpus: {coverage}");
    let (mut total, mut routed, mut elsewhere, mut unrouted) = (0, 0, Vec::new(), Vec::new());
    for op in &mock.schema().operations {
        for ex in op.examples.iter().filter(|e| e.gives_response()) {
            let Some(url) = ex.request_url.as_deref().and_then(|u| sendable(op, u)) else {
                continue;
            };
            total += 1;
            match mock.route(op.method.as_str(), &url) {
                Some(r) if r.operation.examples.iter().any(|e| e.source == ex.source) => {
                    routed += 1
                }
                Some(r) => elsewhere.push(format!(
                    "{} {url} ({}) -> {}",
                    op.method.as_str(),
                    ex.source,
                    r.operation.path
                )),
                None => unrouted.push(format!("{} {url} ({})", op.method.as_str(), ex.source)),
            }
        }
    }
    let share = routed as f64 * 100.0 / total.max(1) as f64;
    println!(
        "example URLs (on graph.microsoft.com, no placeholders): {total}; answered for their own operation: {routed} ({share:.1}%); \
         by another operation: {}; by none: {}",
        elsewhere.len(),
        unrouted.len()
    );
    for line in elsewhere.iter().take(8).chain(unrouted.iter().take(8)) {
        println!("    {line}");
    }
    // Most misses are examples whose URL is not the documented path (`path-disagrees-with-example`).
    assert!(
        share >= 90.0,
        "only {share:.1}% of example URLs reach their operation"
    );
}

/// A `graphdoc serve` process on the corpus, ended when dropped.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on the corpus; its address, and how long it took to print it.
fn start(dir: &Path) -> (Serving, String, f64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(["serve", "--addr", "127.0.0.1:0", "--docs"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run graphdoc serve");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(first.starts_with("http://127.0.0.1:"), "{first:?}");
    (Serving(child), first.trim().to_string(), seconds)
}

/// `GET path` on a connection of its own; the status and the body.
fn get(origin: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = origin.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn serve_answers_a_sample_of_200_operations_through_the_generated_types() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let (serving, origin, seconds) = start(&dir);
    println!("graphdoc serve on the corpus: listening after {seconds:.1} s");
    let (status, body) = get(&origin, "/v1.0/users");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"value\""), "{body}");

    let docs = Docs::load(&dir);
    let mock = Mock::new(graphdoc_codegen::Generator::new(&docs, &Settings::default()).schema());
    let sample = sample(&mock, 200);
    let settings = Settings {
        roots: sample.iter().map(|o| o.name.clone()).collect(),
        ..Settings::default()
    };
    let scratch = std::env::temp_dir().join("graphdoc-corpus-serve");
    let _ = std::fs::remove_dir_all(&scratch);
    let generated = graphdoc_codegen::Generator::new(&docs, &settings).crate_files("corpus-models");
    assert!(
        !generated.has_errors(),
        "the sample's crate cannot be generated"
    );
    graphdoc_codegen::internals::output::write_output(&scratch.join("models"), &generated, true)
        .expect("write the models");
    let schema = &generated.schema;
    let cases = cases(&mock, schema, &settings, &sample, &origin);
    write_driver(&scratch, &cases);

    let started = Instant::now();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus-serve");
    let output = Command::new(env!("CARGO"))
        .args(["run", "-q", "--manifest-path"])
        .arg(scratch.join("driver/Cargo.toml"))
        .arg("--")
        .arg(scratch.join("cases.json"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the driver did not build or run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!(
        "the sample's crate and driver built and ran in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    drop(serving);
    report(&String::from_utf8_lossy(&output.stdout), cases.len());
    // Kept when the test fails, to look into; the driver's build stays in target/corpus-serve.
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Every `n`-th operation with an example response, in (version, name) order: the same sample
/// from run to run while the docs stay the same.
fn sample(mock: &Mock, n: usize) -> Vec<Operation> {
    let mut servable: Vec<&Operation> = mock
        .schema()
        .operations
        .iter()
        .filter(|o| o.examples.iter().any(|e| e.gives_response()))
        .collect();
    servable.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
    let step = (servable.len() / n).max(1);
    servable
        .into_iter()
        .step_by(step)
        .take(n)
        .cloned()
        .collect()
}

/// The driver's input for each sampled operation, and the Rust code that builds it.
struct Case {
    data: Value,
    code: String,
}

fn cases(
    mock: &Mock,
    schema: &graphdoc_codegen::Schema,
    settings: &Settings,
    sample: &[Operation],
    origin: &str,
) -> Vec<Case> {
    let ctx = graphdoc_codegen::internals::emit::Context::new(schema, settings);
    let paths = graphdoc_codegen::internals::emit::operations::rust_paths(schema);
    let mut out = Vec::new();
    for op in sample {
        let Some(at) = schema
            .operations
            .iter()
            .position(|o| o.version == op.version && o.name == op.name)
        else {
            continue;
        };
        let (args, fargs, body) = values(mock, op);
        let module = graphdoc_codegen::internals::emit::version_module(op.version);
        let mut call = Vec::new();
        call.extend((0..args.len()).map(|i| format!("case.arg({i})")));
        for (i, p) in op
            .function_parameters
            .iter()
            .filter(|p| p.required)
            .enumerate()
        {
            let ty = ctx.property_type(&p.ty, op.version, "", false);
            let ty = ty
                .replace("super::super::support", "corpus_models::support")
                .replace("super::", &format!("corpus_models::{module}::"));
            call.push(format!("case.farg::<{ty}>({i})?"));
        }
        match op.request {
            RequestBody::None => {}
            RequestBody::Raw => call.push("::std::default::Default::default()".into()),
            _ => call.push("case.body()?".into()),
        }
        let name = format!("{} {}", op.version.as_str(), op.name);
        let code = format!(
            "        {:?} => Ok(run(graph, case, corpus_models::{}::new({}))),\n",
            name,
            paths[at],
            call.join(", ")
        );
        let sources: Vec<String> = op.examples.iter().map(|e| e.source.to_string()).collect();
        let data = json!({
            "name": name,
            "base": format!("{origin}/{}", op.version.as_str()),
            "args": args,
            "fargs": fargs,
            "body": body,
            "sources": sources,
        });
        out.push(Case { data, code });
    }
    out
}

/// The path values, required function arguments (as JSON) and body an example of `op` gives;
/// made-up values of the right type where its URL does not say.
fn values(mock: &Mock, op: &Operation) -> (Vec<String>, Vec<Value>, Option<Value>) {
    let example = op
        .examples
        .iter()
        .find(|e| e.gives_response() && e.request_body.is_some())
        .or_else(|| op.examples.iter().find(|e| e.gives_response()));
    let url = example
        .and_then(|e| e.request_url.as_deref())
        .and_then(|u| sendable(op, u));
    let route = url
        .as_deref()
        .and_then(|u| mock.route(op.method.as_str(), u))
        .filter(|r| r.operation.endpoint == op.endpoint);
    let captured: BTreeMap<String, String> = route
        .map(|r| r.captures.into_iter().collect())
        .unwrap_or_default();
    let args = op
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            captured
                .get(&p.name)
                .cloned()
                .unwrap_or_else(|| format!("x{i}"))
        })
        .collect();
    let written: BTreeMap<String, String> = captured
        .values()
        .filter(|t| t.starts_with('('))
        .flat_map(|t| call_arguments(t))
        .collect();
    let fargs = op
        .function_parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| match written.get(&p.name.to_ascii_lowercase()) {
            Some(text) => literal(text),
            None => made_up(&p.ty),
        })
        .collect();
    let body = example
        .and_then(|e| e.request_body.as_ref())
        .map(|b| b.to_value());
    (args, fargs, body)
}

/// `(a='x',b=2)` as lowercased names and literals.
fn call_arguments(text: &str) -> Vec<(String, String)> {
    let inner = text.trim_start_matches('(').trim_end_matches(')');
    let (mut parts, mut quoted, mut start) = (Vec::new(), false, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter_map(|p| p.split_once('='))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect()
}

/// An OData literal as JSON: `'text'` (after any type prefix) a string, `true`, numbers, else
/// the text as a string (dates, GUIDs).
fn literal(text: &str) -> Value {
    if let Some(open) = text.find('\'') {
        let inner = text[open + 1..].trim_end_matches('\'');
        return Value::String(inner.replace("''", "'"));
    }
    serde_json::from_str::<Value>(text)
        .ok()
        .filter(|v| v.is_number() || v.is_boolean())
        .unwrap_or_else(|| Value::String(text.to_string()))
}

fn made_up(ty: &PropertyType) -> Value {
    let one = match &ty.base {
        TypeRef::Primitive(Primitive::Boolean) => json!(true),
        TypeRef::Primitive(
            Primitive::Byte
            | Primitive::SByte
            | Primitive::Int16
            | Primitive::Int32
            | Primitive::Int64,
        ) => json!(1),
        TypeRef::Primitive(Primitive::Single | Primitive::Double | Primitive::Decimal) => {
            json!(1.5)
        }
        TypeRef::Primitive(Primitive::Date) => json!("2021-07-01"),
        TypeRef::Primitive(Primitive::DateTimeOffset) => json!("2021-07-01T00:00:00Z"),
        TypeRef::Primitive(Primitive::Guid) => json!("00000000-0000-0000-0000-000000000001"),
        TypeRef::Primitive(Primitive::Duration) => json!("PT1H"),
        TypeRef::Primitive(Primitive::TimeOfDay) => json!("10:00:00"),
        _ => json!("x"),
    };
    match ty.collection {
        true => json!([one]),
        false => one,
    }
}

const DRIVER: &str = r#"//! Written by codegen/tests/corpus_serve.rs: builds each case's request with its generated
//! operation, sends it to `graphdoc serve` and reads the answer with the operation.
use corpus_models::support::{Graph, GraphRequest, RetryPolicy};
use serde_json::Value;

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    base: String,
    args: Vec<String>,
    fargs: Vec<Value>,
    body: Option<Value>,
    sources: Vec<String>,
}

impl Case {
    fn arg(&self, i: usize) -> String {
        self.args[i].clone()
    }
    fn farg<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T, String> {
        serde_json::from_value(self.fargs[i].clone()).map_err(|e| format!("argument {i} does not read as its type: {e}"))
    }
    fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        let body = self.body.clone().unwrap_or_else(|| serde_json::json!({}));
        serde_json::from_value(body).map_err(|e| format!("the example body does not read as the generated type: {e}"))
    }
}

fn run<R: GraphRequest>(graph: &Graph<ureq::Agent>, case: &Case, op: R) -> String {
    let request = match op.to_request(&case.base) {
        Ok(r) => r,
        Err(e) => return format!("unbuilt\t{e}"),
    };
    let response = match graph.execute(request) {
        Ok(r) => r,
        Err(e) => return format!("transport\t{e}"),
    };
    let status = response.status().as_u16();
    let source = response.headers().get("graphdoc-example").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if source.is_empty() {
        let body: String = String::from_utf8_lossy(response.body()).chars().take(400).collect();
        return format!("refused\t{status} {body}");
    }
    if !case.sources.contains(&source) {
        return format!("other\t{source}");
    }
    match op.parse_response(response) {
        Ok(_) => format!("read\t{status} {source}"),
        Err(e) => format!("unread\t{status} {source}: {e}"),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("the cases file");
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(path).expect("read the cases")).expect("cases JSON");
    // Redirects are answers here (a download's `302` is read as its `Location`), not followed.
    let agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let graph = Graph::new(agent, "http://127.0.0.1").with_retry(RetryPolicy::none());
    for case in &cases {
        let line = drive(&graph, case).unwrap_or_else(|e| format!("unbuilt\t{e}"));
        println!("{}\t{}", case.name, line.replace(['\n', '\r'], " "));
    }
}

#[allow(deprecated)]
fn drive(graph: &Graph<ureq::Agent>, case: &Case) -> Result<String, String> {
    match case.name.as_str() {
"#;

fn write_driver(scratch: &Path, cases: &[Case]) {
    let driver = scratch.join("driver");
    std::fs::create_dir_all(driver.join("src")).unwrap();
    let manifest = r#"[package]
name = "corpus-serve-driver"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
# The default features: every version and API area the crate has.
corpus-models = { path = "../models", features = ["ureq"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
ureq = { version = "3", default-features = false }
"#;
    std::fs::write(driver.join("Cargo.toml"), manifest).unwrap();
    // The versions the workspace already builds with: nothing new to fetch.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, driver.join("Cargo.lock")).unwrap();
    let mut code = DRIVER.to_string();
    for case in cases {
        code.push_str(&case.code);
    }
    code.push_str("        other => Err(format!(\"no case {other}\")),\n    }\n}\n");
    std::fs::write(driver.join("src/main.rs"), code).unwrap();
    let data: Vec<&Value> = cases.iter().map(|c| &c.data).collect();
    std::fs::write(
        scratch.join("cases.json"),
        serde_json::to_string(&data).unwrap(),
    )
    .unwrap();
}

/// Counts the driver's outcomes, prints them with examples of each miss, and checks the share.
fn report(lines: &str, expected: usize) {
    let mut by_outcome: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in lines.lines() {
        let outcome = line.split('\t').nth(1).unwrap_or("?");
        by_outcome.entry(outcome).or_default().push(line);
    }
    let total: usize = by_outcome.values().map(Vec::len).sum();
    assert_eq!(total, expected, "one line per case:\n{lines}");
    let count = |outcome: &str| by_outcome.get(outcome).map_or(0, Vec::len);
    let share = |n: usize| n as f64 * 100.0 / total as f64;
    // `unread`: the server answered with the operation's example, the stub could not read it.
    let (read, answered) = (count("read"), count("read") + count("unread"));
    println!(
        "sampled operations answered with one of their own examples: {answered} of {total} ({:.1}%); \
         of them read by their generated operation: {read} ({:.1}%)",
        share(answered),
        share(read)
    );
    for (outcome, lines) in by_outcome.iter().filter(|(o, _)| **o != "read") {
        println!("  {outcome}: {}", lines.len());
        for line in lines.iter().take(8) {
            let shown: String = line.chars().take(300).collect();
            println!("      {shown}");
        }
    }
    assert!(
        share(answered) >= 95.0,
        "only {answered} of {total} sampled operations were answered with their example"
    );
    assert!(
        share(read) >= 90.0,
        "only {read} of {total} answers were read by the generated operations"
    );
}
