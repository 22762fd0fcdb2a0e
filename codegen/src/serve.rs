//! `graphdoc serve`: the [`Mock`]'s answers over HTTP/1.1, with hyper on tokio's single-threaded
//! runtime (answers are quick lookups; one thread serves many clients at once).
//!
//! Safe to leave running: the CLI binds the loopback address unless told otherwise; only the
//! docs' examples are served (no file is read after startup); and a client cannot stop it or hold
//! it: request heads are bounded in size ([`Options::max_head`]) and time, bodies in size and
//! time, connections in number and lifetime, and a failed accept is logged and retried.

use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::{TokioIo, TokioTimer};

use crate::diagnostics::escape_control;
use crate::mock::{Mock, Outcome};

/// The limits a server keeps to.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The largest request body read (Graph's own limit for most requests is 4 MB).
    pub max_body: usize,
    /// The largest request line and headers (hyper answers `431` past it).
    pub max_head: usize,
    /// How long a client has to send a request's line and headers.
    pub head_timeout: Duration,
    /// How long a client has to send a request's body.
    pub body_timeout: Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long one connection may stay open.
    pub connection_lifetime: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_body: 4 * 1024 * 1024,
            max_head: 64 * 1024,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
            connection_lifetime: Duration::from_secs(300),
        }
    }
}

/// Receives one line per request.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// A bound server, not serving yet.
pub struct Server {
    listener: TcpListener,
    mock: Arc<Mock>,
    options: Options,
}

/// A server serving on its own thread until stopped (or dropped).
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://` and the address.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting and ends every connection.
    pub fn stop(mut self) -> io::Result<()> {
        self.shut()
    }

    fn shut(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the server thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shut();
    }
}

impl Server {
    /// Binds `addr` (port 0 picks a free port).
    pub fn bind(addr: SocketAddr, mock: Mock, options: Options) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        Ok(Server {
            listener,
            mock: Arc::new(mock),
            options,
        })
    }

    /// The address bound (with the port picked, for port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves on this thread until the process ends.
    pub fn run(self, log: Log) -> io::Result<()> {
        self.serve(log, std::future::pending())
    }

    /// Serves on a thread of its own until [`Running::stop`].
    pub fn spawn(self, log: Log) -> io::Result<Running> {
        let addr = self.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("graphdoc-serve".into())
            .spawn(move || {
                self.serve(log, async {
                    let _ = stopped.await;
                })
            })?;
        Ok(Running {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    fn serve(self, log: Log, until: impl std::future::Future<Output = ()>) -> io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            let accepting = tokio::spawn(accept_loop(listener, self.mock, self.options, log));
            until.await;
            // Dropping the runtime then ends every connection's task.
            accepting.abort();
            Ok(())
        })
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    mock: Arc<Mock>,
    options: Options,
    log: Log,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(options.max_connections.max(1)));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, then go on accepting.
                log(&format!("accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let (mock, log) = (mock.clone(), log.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let (mock, log) = (mock.clone(), log.clone());
                async move { Ok::<_, Infallible>(answer(request, &mock, &options, &log).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(options.head_timeout)
                .max_buf_size(options.max_head.max(8192))
                .serve_connection(TokioIo::new(stream), service);
            // A connection error (a malformed request, a timeout) ends that connection only.
            let _ = tokio::time::timeout(options.connection_lifetime, connection).await;
            drop(slot);
        });
    }
}

/// One request: its body read within the limits, answered by the mock, logged.
async fn answer(
    request: hyper::Request<Incoming>,
    mock: &Mock,
    options: &Options,
    log: &Log,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let line = format!("{} {}", parts.method, parts.uri);
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let read = match declared {
        Some(n) if n > options.max_body as u64 => Err(too_large(options)),
        _ => read_body(body, options).await,
    };
    let (response, outcome) = match read {
        Ok(bytes) => {
            let answer = mock.answer(&http::Request::from_parts(parts, bytes));
            (answer.response, answer.outcome)
        }
        Err((status, code, message)) => {
            let response = crate::mock::error_response(status, code, &message);
            (
                response,
                Outcome::Refused {
                    status,
                    reason: message,
                },
            )
        }
    };
    log(&escape_control(&format!(
        "{line} -> {} {outcome}",
        response.status().as_u16()
    )));
    response.map(|b| Full::new(Bytes::from(b)))
}

/// Why a body was not read: the status, the Graph error code and the message.
type Unread = (u16, &'static str, String);

async fn read_body(body: Incoming, options: &Options) -> Result<Vec<u8>, Unread> {
    let collect = Limited::new(body, options.max_body).collect();
    match tokio::time::timeout(options.body_timeout, collect).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes().to_vec()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(too_large(options)),
        Ok(Err(e)) => Err((
            400,
            "BadRequest",
            format!("the body could not be read: {e}"),
        )),
        Err(_) => Err((
            408,
            "RequestTimeout",
            format!(
                "the body did not arrive within {} s",
                options.body_timeout.as_secs_f32()
            ),
        )),
    }
}

fn too_large(options: &Options) -> Unread {
    let message = format!(
        "the body is larger than the server's limit of {} bytes",
        options.max_body
    );
    (413, "RequestEntityTooLarge", message)
}
