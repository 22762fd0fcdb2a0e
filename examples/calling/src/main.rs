//! Calling Microsoft Graph through graphdoc's runtime, past one request: pages, a throttled
//! request, a batch, a delta round saved and resumed, a copy followed to its end and an upload in
//! chunks. The operations are those of a few real docs pages (`tests/fixtures/calling`); the
//! service is a local stand-in that answers as the docs describe (`mock.rs`).
//!
//! `cargo run -p graphdoc-example-calling`

mod mock;

// With `clients = ["ureq"]` the macro would implement `support::Client` for `ureq::Agent` itself;
// here it is written out, as for any other client.
graphdoc_macros::graph_models!("../../tests/fixtures/calling");

use std::error::Error;

use support::{Batch, ChunkSize, Client, DeltaCursor, Graph, GraphRequest};
use support::{HttpRequest, HttpResponse, Started, UploadSession};
use v1_0::graph::DriveItem;
use v1_0::operations as ops;

/// ureq 3 as a `support::Client`.
pub struct Ureq(pub ureq::Agent);

impl Client for Ureq {
    type Error = ureq::Error;

    fn send(&self, request: HttpRequest) -> Result<HttpResponse, ureq::Error> {
        // Every status is a response; ureq takes no body on a GET or a DELETE.
        let request = self
            .0
            .configure_request(request)
            .http_status_as_error(false)
            .build();
        let response = match request.body().is_empty() {
            true => self.0.run(request.map(|_| ()))?,
            false => self.0.run(request)?,
        };
        let (parts, mut body) = response.into_parts();
        Ok(http::Response::from_parts(parts, body.read_to_vec()?))
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let local = mock::LocalGraph::start()?;
    let graph = Graph::new(Ureq(ureq::Agent::new_with_defaults()), &local.base_url)
        .with_bearer("<token>")?;
    for line in tour(&graph)? {
        println!("{line}");
    }
    Ok(())
}

/// Each protocol once; what came back, line by line.
pub fn tour<C: Client>(graph: &Graph<C>) -> Result<Vec<String>, Box<dyn Error>> {
    let mut lines = Vec::new();

    // Send: the typed result; a 429, 503 or 504 is sent again after its Retry-After.
    let me = ops::GetMe::new().send(graph)?;
    lines.push(format!("me: {}", me.display_name.unwrap_or_default()));

    // Page: every page of a list ($top is the page size); each next link keeps the headers.
    let mut list = ops::ListUsers::new();
    list.query.top = Some(20);
    let mut sizes = Vec::new();
    for page in graph.pages(&list) {
        sizes.push(page?.value.len());
    }
    lines.push(format!("users, by page: {sizes:?}"));

    // Batch: typed requests by id, 20 to a $batch request; each answer read back in place.
    let mut batch = Batch::new();
    let first = batch.add("1", ops::GetUser::new("u1"))?;
    let missing = batch.add_after("2", ops::GetUser::new("missing"), &["1"])?;
    let mut answers = graph.send_batch(batch);
    let u1 = answers.take(first)?;
    lines.push(format!("batch: {}", u1.display_name.unwrap_or_default()));
    if let Err(e) = answers.take(missing) {
        lines.push(format!("batch: {e}"));
    }

    // Delta: a round to its end, its cursor saved; later, the changes since.
    let delta = ops::UsersDelta::new();
    let mut round = graph.delta(&delta);
    let users = round
        .by_ref()
        .map(|page| page.map(|p| p.value.len()))
        .sum::<Result<usize, _>>()?;
    let saved = serde_json::to_string(&round.cursor().ok_or("no delta link")?)?;
    let cursor: DeltaCursor = serde_json::from_str(&saved)?;
    for page in graph.delta_from(&delta, &cursor) {
        for change in page?.value {
            let id = change.item.id.unwrap_or_default();
            match change.removed {
                Some(removed) => lines.push(format!(
                    "delta after {users} users: {id} removed ({})",
                    removed.reason
                )),
                None => lines.push(format!("delta after {users} users: {id} changed")),
            }
        }
    }

    // A long-running operation: `202 Accepted`, then its monitor polled to the end.
    let body = ops::MeDriveItemCopyBody {
        name: Some("copy.txt".into()),
        ..Default::default()
    };
    if let Started::Accepted(monitor) = graph.start(&ops::MeDriveItemCopy::new("item-1", body))? {
        let done = graph.wait(&monitor, |s| lines.push(format!("copy: {}", s.status)))?;
        lines.push(format!(
            "copy: made {}",
            done.resource_id.unwrap_or_default()
        ));
    }

    // A large upload: chunks of 320 KiB multiples, resumed from what the service says it has.
    let answer = ops::MeDriveItemCreateUploadSession::new("parent-1").send(graph)?;
    let session = UploadSession::from_model(&answer)?;
    let file = std::io::Cursor::new(vec![7u8; 1 << 20]);
    let item: DriveItem = graph.upload(&session, file, ChunkSize::units(1))?;
    lines.push(format!(
        "upload: {} ({})",
        item.name.unwrap_or_default(),
        item.id.unwrap_or_default()
    ));
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Waits without waiting, and remembers how long it was asked to.
    #[derive(Clone, Default)]
    struct NoWait(std::sync::Arc<std::sync::Mutex<Vec<Duration>>>);

    impl support::Clock for NoWait {
        fn sleep(&self, duration: Duration) {
            self.0.lock().unwrap().push(duration);
        }
    }

    #[test]
    fn the_tour_runs_against_the_local_server() {
        let local = mock::LocalGraph::start().unwrap();
        let clock = NoWait::default();
        let graph = Graph::new(Ureq(ureq::Agent::new_with_defaults()), &local.base_url)
            .with_bearer("test")
            .unwrap()
            .with_clock(clock.clone());
        let lines = tour(&graph).unwrap();
        assert_eq!(
            lines,
            [
                "me: User me",
                "users, by page: [20, 20, 5]",
                "batch: User u1",
                "batch: Microsoft Graph error 404 (Request_ResourceNotFound): Resource 'missing' does not exist",
                "delta after 3 users: u1 changed",
                "delta after 3 users: u2 removed (deleted)",
                "copy: inProgress",
                "copy: completed",
                "copy: made 01COPY",
                "upload: big.bin (01FILE)",
            ]
        );
        // The throttled `/me` (Retry-After: 1), then one poll interval (the default second).
        assert_eq!(
            *clock.0.lock().unwrap(),
            [Duration::from_secs(1), Duration::from_secs(1)]
        );
    }
}
