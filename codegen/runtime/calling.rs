
// ---------------------------------------------------------------------------------------------
// Calling Microsoft Graph past one request: a session (`Graph`) over any client, with retries of
// throttled answers, paging, delta rounds, `$batch`, long-running operations and large uploads.
// Written by graphdoc after `support.rs`, into the same module. No I/O here: the `Client` (or
// `AsyncClient`) sends and reads, the `Clock` waits. Each protocol is a state machine that asks
// for an exchange or a wait ([`Step`]); one blocking and one async driver run them all.
// ---------------------------------------------------------------------------------------------

/// A request as the operations build it.
pub type HttpRequest = ::http::Request<::std::vec::Vec<u8>>;

/// A response, its body read whole.
pub type HttpResponse = ::http::Response<::std::vec::Vec<u8>>;

/// A blocking HTTP client: sends a request and reads the whole response.
///
/// Every status is a response (a `404` is not an error here); the error is for a response that
/// could not be had (connection, TLS, timeout). Any client fits in a few lines; with ureq 3:
///
/// ```text
/// struct Ureq(ureq::Agent);
///
/// impl support::Client for Ureq {
///     type Error = ureq::Error;
///     fn send(&self, request: support::HttpRequest) -> Result<support::HttpResponse, ureq::Error> {
///         let request = self.0.configure_request(request).http_status_as_error(false).build();
///         let (parts, mut body) = self.0.run(request)?.into_parts();
///         Ok(http::Response::from_parts(parts, body.with_config().limit(u64::MAX).read_to_vec()?))
///     }
/// }
/// ```
pub trait Client {
    /// Why no response was had.
    type Error: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static;

    /// Sends `request` and reads the whole response, whatever its status.
    fn send(&self, request: HttpRequest) -> ::std::result::Result<HttpResponse, Self::Error>;
}

/// A closure is a client: `Graph::new(|request| mock.send(request), url)` sends through a test
/// double (graphdoc's `Mock`, or any function that answers a request) without an adapter type.
impl<F, E> Client for F
where
    F: ::std::ops::Fn(HttpRequest) -> ::std::result::Result<HttpResponse, E>,
    E: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
{
    type Error = E;

    fn send(&self, request: HttpRequest) -> ::std::result::Result<HttpResponse, E> {
        self(request)
    }
}

/// An async HTTP client, with the contract of [`Client`]. The future is `Send`, so calls can run on
/// a multi-threaded executor; no executor is assumed.
pub trait AsyncClient {
    /// Why no response was had.
    type Error: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static;

    /// Sends `request` and reads the whole response, whatever its status.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl ::std::future::Future<Output = ::std::result::Result<HttpResponse, Self::Error>> + ::std::marker::Send;
}

/// A closure returning a future is an async client:
/// `Graph::new(|request| std::future::ready(mock.send(request)), url)`.
impl<F, Fut, E> AsyncClient for F
where
    F: ::std::ops::Fn(HttpRequest) -> Fut,
    Fut: ::std::future::Future<Output = ::std::result::Result<HttpResponse, E>> + ::std::marker::Send,
    E: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
{
    type Error = E;

    fn send(
        &self,
        request: HttpRequest,
    ) -> impl ::std::future::Future<Output = ::std::result::Result<HttpResponse, E>> + ::std::marker::Send {
        self(request)
    }
}

/// Why a call did not give its typed result.
#[derive(Debug)]
pub enum CallError {
    /// The request could not be built.
    Request(RequestError),
    /// The client had no response (connection, TLS, timeout), after the retries allowed.
    Transport(::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>),
    /// The response is an error, or not the documented one (after the retries allowed).
    Response(ResponseError),
    /// The service's answer does not follow the protocol (a batch answer missing an item, an
    /// upload session without its URL, a next link to the page just read).
    Protocol(::std::string::String),
    /// A long-running operation failed: its last status.
    Failed(::std::boxed::Box<JobStatus>),
    /// A long-running operation still ran when the monitor's `max_wait` was reached: its last status.
    StillRunning(::std::boxed::Box<JobStatus>),
    /// The `$batch` request that carried this item failed as a whole.
    Batch(::std::sync::Arc<CallError>),
    /// An upload's source could not be read.
    Source(::std::io::Error),
}

impl CallError {
    /// The Graph error, when the service sent one (inside a batch too).
    pub fn graph_error(&self) -> ::std::option::Option<&GraphError> {
        match self {
            CallError::Response(e) => e.graph_error(),
            CallError::Batch(e) => e.graph_error(),
            _ => ::std::option::Option::None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> ::std::option::Option<u16> {
        match self {
            CallError::Response(e) => ::std::option::Option::Some(e.status()),
            CallError::Batch(e) => e.status(),
            _ => ::std::option::Option::None,
        }
    }
}

impl ::std::fmt::Display for CallError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            CallError::Request(e) => write!(f, "{e}"),
            CallError::Transport(e) => write!(f, "no response from the service: {e}"),
            CallError::Response(e) => write!(f, "{e}"),
            CallError::Protocol(why) => write!(f, "the service's answer breaks the protocol: {why}"),
            CallError::Failed(status) => write!(f, "the long-running operation failed: {}", status.describe()),
            CallError::StillRunning(status) => {
                write!(f, "the long-running operation still runs after the wait allowed: {}", status.describe())
            }
            CallError::Batch(e) => write!(f, "the $batch request carrying this item failed: {e}"),
            CallError::Source(e) => write!(f, "the upload's source could not be read: {e}"),
        }
    }
}

impl ::std::error::Error for CallError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            CallError::Request(e) => ::std::option::Option::Some(e),
            CallError::Transport(e) => ::std::option::Option::Some(&**e),
            CallError::Response(e) => ::std::option::Option::Some(e),
            CallError::Batch(e) => ::std::option::Option::Some(&**e),
            CallError::Source(e) => ::std::option::Option::Some(e),
            CallError::Protocol(_) | CallError::Failed(_) | CallError::StillRunning(_) => ::std::option::Option::None,
        }
    }
}

impl ::std::convert::From<RequestError> for CallError {
    fn from(e: RequestError) -> Self {
        CallError::Request(e)
    }
}

impl ::std::convert::From<ResponseError> for CallError {
    fn from(e: ResponseError) -> Self {
        CallError::Response(e)
    }
}

// ---------------------------------------------------------------------------------------------
// Time: retries wait, and `Retry-After` may be a date. Both go through a `Clock`, so a test runs
// every wait instantly and an async program waits on its own executor's timer.
// ---------------------------------------------------------------------------------------------

/// The boxed future of [`Clock::sleep_async`].
pub type SleepFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = ()> + ::std::marker::Send>>;

/// What the calls ask of time and chance: now, waiting (blocking and async) and the jitter of
/// backoff delays. The defaults are the system's; a test overrides them to run without waiting.
pub trait Clock: ::std::marker::Send + ::std::marker::Sync {
    /// The time now (for a `Retry-After` given as a date, and a monitor's `max_wait`).
    fn now(&self) -> ::std::time::SystemTime {
        ::std::time::SystemTime::now()
    }

    /// Blocks the thread for `duration`.
    fn sleep(&self, duration: ::std::time::Duration) {
        ::std::thread::sleep(duration)
    }

    /// Waits for `duration` without blocking the executor. The default wakes the task from a
    /// short-lived thread, which works on any executor; a program on tokio may rather return
    /// `Box::pin(tokio::time::sleep(duration))`.
    fn sleep_async(&self, duration: ::std::time::Duration) -> SleepFuture {
        ::std::boxed::Box::pin(ThreadSleep { duration, shared: ::std::option::Option::None })
    }

    /// A number in `[0, 1)`, for the jitter of backoff delays.
    fn random(&self) -> f64 {
        use ::std::hash::BuildHasher;
        // Each `RandomState` is freshly keyed: its hash of anything is a random number, and no
        // dependency is needed for one.
        let bits = ::std::collections::hash_map::RandomState::new().hash_one(0u8);
        (bits >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The system's clock, threads and randomness.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {}

/// The default async wait: a thread sleeps, then wakes the task.
struct ThreadSleep {
    duration: ::std::time::Duration,
    /// Shared with the thread, once it runs.
    shared: ::std::option::Option<WakeState>,
}

/// Whether the wait is over, and the waker to call when it is.
type WakeState = ::std::sync::Arc<::std::sync::Mutex<(bool, ::std::option::Option<::std::task::Waker>)>>;

impl ::std::future::Future for ThreadSleep {
    type Output = ();

    fn poll(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<()> {
        let this = self.get_mut();
        if let ::std::option::Option::Some(shared) = &this.shared {
            let mut state = shared.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
            if state.0 {
                return ::std::task::Poll::Ready(());
            }
            state.1 = ::std::option::Option::Some(cx.waker().clone());
            return ::std::task::Poll::Pending;
        }
        if this.duration.is_zero() {
            return ::std::task::Poll::Ready(());
        }
        let shared: WakeState = ::std::sync::Arc::new(::std::sync::Mutex::new((false, ::std::option::Option::Some(cx.waker().clone()))));
        let (theirs, duration) = (shared.clone(), this.duration);
        let spawned = ::std::thread::Builder::new().name("graph-wait".to_owned()).spawn(move || {
            ::std::thread::sleep(duration);
            let mut state = theirs.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
            state.0 = true;
            if let ::std::option::Option::Some(waker) = state.1.take() {
                waker.wake();
            }
        });
        match spawned {
            ::std::result::Result::Ok(_) => {
                this.shared = ::std::option::Option::Some(shared);
                ::std::task::Poll::Pending
            }
            // No thread to be had: going on without the wait beats never waking.
            ::std::result::Result::Err(_) => ::std::task::Poll::Ready(()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Retries. Throttling (`429`, `503`, `504`) means the service did not do the work, so any method
// is retried, after `Retry-After` when given; a failed exchange (no response) is retried only for
// an idempotent method, since the work may have been done. Each has its own budget.
// ---------------------------------------------------------------------------------------------

/// How often, and how long, a request is retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries of a throttled answer (`429`, `503`, `504`), for any method.
    pub throttled_retries: u32,
    /// Retries when the client had no response (connection reset, timeout), for an idempotent
    /// method only (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`).
    pub transport_retries: u32,
    /// The first backoff delay when the answer has no `Retry-After`; doubled at each retry, up to
    /// `max_delay`, the upper half of it random (jitter, so clients throttled together spread out).
    pub initial_delay: ::std::time::Duration,
    /// The longest backoff delay (a `Retry-After` is honoured as given).
    pub max_delay: ::std::time::Duration,
    /// The longest total wait for one request: a wait that would pass it is not started, and the
    /// last answer is returned.
    pub max_total_wait: ::std::time::Duration,
}

impl ::std::default::Default for RetryPolicy {
    /// 5 throttled retries, 2 transport retries, backoff from 1 s to 60 s, at most 5 minutes of
    /// waiting in all.
    fn default() -> Self {
        RetryPolicy {
            throttled_retries: 5,
            transport_retries: 2,
            initial_delay: ::std::time::Duration::from_secs(1),
            max_delay: ::std::time::Duration::from_secs(60),
            max_total_wait: ::std::time::Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { throttled_retries: 0, transport_retries: 0, ..RetryPolicy::default() }
    }
}

/// Whether an answer is throttling: the service asks to come back later.
pub fn is_throttled(status: ::http::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: seconds (`120`), or an HTTP date (`Wed, 21 Oct 2015
/// 07:28:00 GMT`) counted from `now` (a date past is no wait). `None` when absent or unreadable.
pub fn retry_after(headers: &::http::HeaderMap, now: ::std::time::SystemTime) -> ::std::option::Option<::std::time::Duration> {
    let text = headers.get(::http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let ::std::result::Result::Ok(seconds) = text.parse::<u64>() {
        return ::std::option::Option::Some(::std::time::Duration::from_secs(seconds));
    }
    let at = parse_http_date(text)?;
    ::std::option::Option::Some(at.duration_since(now).unwrap_or_default())
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form HTTP senders must use.
pub fn parse_http_date(text: &str) -> ::std::option::Option<::std::time::SystemTime> {
    let mut parts = text.split_whitespace();
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return ::std::option::Option::None;
    }
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let (day, year) = (day.parse::<i64>().ok()?, year.parse::<i64>().ok()?);
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    let in_range = (1..=31).contains(&day) && (1970..=9999).contains(&year) && h < 24 && m < 60 && s < 61;
    if !in_range || hms.next().is_some() || h < 0 || m < 0 || s < 0 {
        return ::std::option::Option::None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), then seconds.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = u64::try_from(days * 86_400 + h * 3_600 + m * 60 + s).ok()?;
    ::std::time::SystemTime::UNIX_EPOCH.checked_add(::std::time::Duration::from_secs(seconds))
}

/// The retries of one request so far, against its policy.
struct Retrier<'p> {
    policy: &'p RetryPolicy,
    throttled: u32,
    transport: u32,
    waited: ::std::time::Duration,
}

impl<'p> Retrier<'p> {
    fn new(policy: &'p RetryPolicy) -> Self {
        Retrier { policy, throttled: 0, transport: 0, waited: ::std::time::Duration::ZERO }
    }

    /// The wait before sending again after `outcome`, or `None` when the outcome is final.
    fn wait_after<E>(
        &mut self,
        method: &::http::Method,
        outcome: &::std::result::Result<HttpResponse, E>,
        clock: &dyn Clock,
    ) -> ::std::option::Option<::std::time::Duration> {
        match outcome {
            ::std::result::Result::Ok(response) if is_throttled(response.status()) => {
                self.throttled_wait(retry_after(response.headers(), clock.now()), clock)
            }
            ::std::result::Result::Ok(_) => ::std::option::Option::None,
            ::std::result::Result::Err(_) if self.transport < self.policy.transport_retries && is_idempotent(method) => {
                self.transport += 1;
                let delay = self.backoff(clock);
                self.spend(delay)
            }
            ::std::result::Result::Err(_) => ::std::option::Option::None,
        }
    }

    /// The wait before retrying a throttled answer (`asked`: its `Retry-After`), if allowed.
    fn throttled_wait(
        &mut self,
        asked: ::std::option::Option<::std::time::Duration>,
        clock: &dyn Clock,
    ) -> ::std::option::Option<::std::time::Duration> {
        if self.throttled >= self.policy.throttled_retries {
            return ::std::option::Option::None;
        }
        self.throttled += 1;
        let delay = asked.unwrap_or_else(|| self.backoff(clock));
        self.spend(delay)
    }

    /// `initial_delay * 2^(retries - 1)`, capped, its upper half random.
    fn backoff(&self, clock: &dyn Clock) -> ::std::time::Duration {
        let retries = (self.throttled + self.transport).saturating_sub(1).min(30);
        let full = self.policy.initial_delay.saturating_mul(1u32 << retries).min(self.policy.max_delay);
        let random = clock.random();
        let jitter = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
        full / 2 + (full / 2).mul_f64(jitter)
    }

    fn spend(&mut self, delay: ::std::time::Duration) -> ::std::option::Option<::std::time::Duration> {
        let total = self.waited.checked_add(delay)?;
        if total > self.policy.max_total_wait {
            return ::std::option::Option::None;
        }
        self.waited = total;
        ::std::option::Option::Some(delay)
    }
}

fn is_idempotent(method: &::http::Method) -> bool {
    use ::http::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS].contains(method)
}

// ---------------------------------------------------------------------------------------------
// The session.
// ---------------------------------------------------------------------------------------------

/// A client set up for Microsoft Graph: the base URL, the headers every request to it carries
/// (`Authorization`), the retry policy and the clock.
///
/// The headers go only to the service's own origin: a monitor URL or an upload URL of another
/// host is pre-authenticated and must not see the token. For a token that expires, replace it
/// with [`Graph::set_bearer`] between calls.
pub struct Graph<C> {
    client: C,
    base_url: ::std::string::String,
    headers: ::http::HeaderMap,
    retry: RetryPolicy,
    clock: ::std::sync::Arc<dyn Clock>,
}

impl<C> ::std::fmt::Debug for Graph<C> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        // The headers' `Debug` hides the token (it is marked sensitive).
        f.debug_struct("Graph")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<C> Graph<C> {
    /// A session for `base_url` (`https://graph.microsoft.com/v1.0`, a version's
    /// `DEFAULT_BASE_URL`), with the default [`RetryPolicy`] and the system's clock.
    pub fn new(client: C, base_url: &str) -> Self {
        Graph {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            headers: ::http::HeaderMap::new(),
            retry: RetryPolicy::default(),
            clock: ::std::sync::Arc::new(SystemClock),
        }
    }

    /// With `Authorization: Bearer {token}`.
    pub fn with_bearer(mut self, token: &str) -> ::std::result::Result<Self, RequestError> {
        self.set_bearer(token)?;
        ::std::result::Result::Ok(self)
    }

    /// Sets (or replaces) `Authorization: Bearer {token}`, marked sensitive so `Debug` hides it.
    pub fn set_bearer(&mut self, token: &str) -> ::std::result::Result<(), RequestError> {
        let mut value = ::http::HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|e| RequestError::Http(e.into()))?;
        value.set_sensitive(true);
        self.headers.insert(::http::header::AUTHORIZATION, value);
        ::std::result::Result::Ok(())
    }

    /// With a header on every request to the service (`ConsistencyLevel`, `Prefer`, ...); a
    /// request's own header of that name wins.
    pub fn with_header(mut self, name: ::http::HeaderName, value: ::http::HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// With another retry policy ([`RetryPolicy::none`] turns retries off).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// With another clock (a test's, or one that sleeps on your executor's timer).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = ::std::sync::Arc::new(clock);
        self
    }

    /// The client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The headers sent with every request to the service.
    pub fn headers_mut(&mut self) -> &mut ::http::HeaderMap {
        &mut self.headers
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Adds the session's headers a request lacks, when it goes to the service's own origin.
    fn authorize(&self, request: &mut HttpRequest) {
        if !same_origin(request.uri(), &self.base_url) {
            return;
        }
        for name in self.headers.keys() {
            if !request.headers().contains_key(name) {
                for value in self.headers.get_all(name) {
                    request.headers_mut().append(name.clone(), value.clone());
                }
            }
        }
    }
}

/// Whether `uri` has the scheme, host and port of `base_url`.
fn same_origin(uri: &::http::Uri, base_url: &str) -> bool {
    let ::std::result::Result::Ok(base) = base_url.parse::<::http::Uri>() else {
        return false;
    };
    let origin = |u: &::http::Uri| {
        let scheme = u.scheme_str().map(str::to_ascii_lowercase);
        let host = u.host().map(str::to_ascii_lowercase);
        let port = u.port_u16().or(match scheme.as_deref() {
            ::std::option::Option::Some("https") => ::std::option::Option::Some(443),
            ::std::option::Option::Some("http") => ::std::option::Option::Some(80),
            _ => ::std::option::Option::None,
        });
        (scheme, host, port)
    };
    uri.host().is_some() && origin(uri) == origin(&base)
}

impl<C: Client> Graph<C> {
    /// Sends an operation and reads its typed result, retrying as the policy allows.
    pub fn send<R: GraphRequest>(&self, op: &R) -> ::std::result::Result<R::Output, CallError> {
        let response = self.execute(op.to_request(&self.base_url)?)?;
        ::std::result::Result::Ok(op.parse_response(response)?)
    }

    /// Sends a request as built (the session's headers added for the service's origin), retrying
    /// as the policy allows; an error status is a response too.
    pub fn execute(&self, request: HttpRequest) -> ::std::result::Result<HttpResponse, CallError> {
        self.exchange(request, true)
    }

    fn exchange(&self, mut request: HttpRequest, authorize: bool) -> ::std::result::Result<HttpResponse, CallError> {
        if authorize {
            self.authorize(&mut request);
        }
        let mut retrier = Retrier::new(&self.retry);
        loop {
            let outcome = self.client.send(request.clone());
            match retrier.wait_after(request.method(), &outcome, &*self.clock) {
                ::std::option::Option::Some(wait) => self.clock.sleep(wait),
                ::std::option::Option::None => return outcome.map_err(|e| CallError::Transport(::std::boxed::Box::new(e))),
            }
        }
    }

    /// Runs a protocol to its end: each exchange through [`Graph::exchange`], each wait on the clock.
    fn drive<P: Protocol>(&self, mut protocol: P) -> P::Output {
        let mut answer = ::std::option::Option::None;
        loop {
            answer = match protocol.step(answer.take(), &*self.clock) {
                Step::Send(request, authorize) => ::std::option::Option::Some(self.exchange(request, authorize)),
                Step::Wait(duration) => {
                    self.clock.sleep(duration);
                    ::std::option::Option::None
                }
                Step::Done(output) => return output,
            };
        }
    }
}

impl<C: AsyncClient> Graph<C> {
    /// [`Graph::send`] with an async client.
    pub async fn send_async<R: GraphRequest>(&self, op: &R) -> ::std::result::Result<R::Output, CallError> {
        let response = self.execute_async(op.to_request(&self.base_url)?).await?;
        ::std::result::Result::Ok(op.parse_response(response)?)
    }

    /// [`Graph::execute`] with an async client.
    pub async fn execute_async(&self, request: HttpRequest) -> ::std::result::Result<HttpResponse, CallError> {
        self.exchange_async(request, true).await
    }

    async fn exchange_async(&self, mut request: HttpRequest, authorize: bool) -> ::std::result::Result<HttpResponse, CallError> {
        if authorize {
            self.authorize(&mut request);
        }
        let mut retrier = Retrier::new(&self.retry);
        loop {
            let outcome = self.client.send(request.clone()).await;
            match retrier.wait_after(request.method(), &outcome, &*self.clock) {
                ::std::option::Option::Some(wait) => self.clock.sleep_async(wait).await,
                ::std::option::Option::None => return outcome.map_err(|e| CallError::Transport(::std::boxed::Box::new(e))),
            }
        }
    }

    async fn drive_async<P: Protocol>(&self, mut protocol: P) -> P::Output {
        let mut answer = ::std::option::Option::None;
        loop {
            answer = match protocol.step(answer.take(), &*self.clock) {
                Step::Send(request, authorize) => ::std::option::Option::Some(self.exchange_async(request, authorize).await),
                Step::Wait(duration) => {
                    self.clock.sleep_async(duration).await;
                    ::std::option::Option::None
                }
                Step::Done(output) => return output,
            };
        }
    }
}

/// What a protocol asks for next.
// One at a time, moved straight to its use: boxing the request would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Step<T> {
    /// This exchange (with the session's headers when `true`), then `step` again with its answer.
    Send(HttpRequest, bool),
    /// This wait, then `step` again with no answer.
    Wait(::std::time::Duration),
    /// The end.
    Done(T),
}

/// A protocol of several exchanges (a batch, a monitor, an upload), free of I/O so one machine
/// serves the blocking and the async driver.
trait Protocol {
    type Output;
    /// The next step, given the answer to the last `Send` (`None` at the start and after a wait).
    fn step(
        &mut self,
        answer: ::std::option::Option<::std::result::Result<HttpResponse, CallError>>,
        clock: &dyn Clock,
    ) -> Step<Self::Output>;
}

// ---------------------------------------------------------------------------------------------
// Paging and delta: generic over any operation whose output is a `Collection<T>`, so no code is
// emitted per list operation.
// ---------------------------------------------------------------------------------------------

/// The pages of a list operation (or of a delta round), read one request at a time: an
/// `Iterator` with a blocking client, [`Pages::next_page`] with an async one.
///
/// Each next page is the `@odata.nextLink` requested with the first request's method and
/// headers (the session's `Authorization` among them, on the service's origin only). The page
/// size is the operation's `$top` (`op.query.top`); stop early by no longer asking.
pub struct Pages<'g, C, R, T> {
    graph: &'g Graph<C>,
    op: &'g R,
    parse: fn(&R, HttpResponse) -> ::std::result::Result<Collection<T>, ResponseError>,
    /// The request for the next page; `None` after the last page or an error.
    next: ::std::option::Option<::std::result::Result<HttpRequest, CallError>>,
    delta_link: ::std::option::Option<::std::string::String>,
}

impl<'g, C, R, T> Pages<'g, C, R, T> {
    fn new(
        graph: &'g Graph<C>,
        op: &'g R,
        parse: fn(&R, HttpResponse) -> ::std::result::Result<Collection<T>, ResponseError>,
        first: ::std::result::Result<HttpRequest, CallError>,
    ) -> Self {
        let next = ::std::option::Option::Some(first);
        Pages { graph, op, parse, next, delta_link: ::std::option::Option::None }
    }

    /// The request to send next, if any (the error of a request that could not be built is
    /// returned once).
    fn take_next(&mut self) -> ::std::option::Option<::std::result::Result<HttpRequest, CallError>> {
        self.next.take()
    }

    /// Reads the page answered to `sent`: its typed items, and the link to what follows.
    fn read(&mut self, sent: &HttpRequest, response: HttpResponse) -> ::std::result::Result<Collection<T>, CallError> {
        let page = (self.parse)(self.op, response)?;
        if let ::std::option::Option::Some(link) = &page.delta_link {
            self.delta_link = ::std::option::Option::Some(link.clone());
        }
        self.next = page.next_link.as_deref().map(|link| {
            if *sent.uri() == *link {
                // Asking again would read the same page forever.
                return ::std::result::Result::Err(CallError::Protocol(format!("the next link `{link}` is the page just read")));
            }
            next_page_request(sent, link).map_err(CallError::Request)
        });
        ::std::result::Result::Ok(page)
    }

    /// Whether the last page has been read (no next link).
    pub fn is_done(&self) -> bool {
        self.next.is_none()
    }

    /// The `@odata.deltaLink` of a delta round's last page, once read.
    pub fn delta_link(&self) -> ::std::option::Option<&str> {
        self.delta_link.as_deref()
    }

    /// Where to go on from, to save: after a delta round's last page, its delta link (the next
    /// round gets the changes since); before that, the next page's link. `None` after an error.
    pub fn cursor(&self) -> ::std::option::Option<DeltaCursor> {
        let link = match (&self.next, &self.delta_link) {
            (::std::option::Option::Some(::std::result::Result::Ok(next)), _) => next.uri().to_string(),
            (::std::option::Option::None, ::std::option::Option::Some(delta)) => delta.clone(),
            _ => return ::std::option::Option::None,
        };
        ::std::option::Option::Some(DeltaCursor { link })
    }
}

impl<'g, C: Client, R, T> Pages<'g, C, R, T> {
    /// The items of every page, one by one (an error ends them).
    pub fn items(self) -> Items<'g, C, R, T> {
        Items { pages: self, current: ::std::vec::Vec::new().into_iter() }
    }
}

impl<C: Client, R, T> ::std::iter::Iterator for Pages<'_, C, R, T> {
    type Item = ::std::result::Result<Collection<T>, CallError>;

    fn next(&mut self) -> ::std::option::Option<Self::Item> {
        let request = match self.take_next()? {
            ::std::result::Result::Ok(request) => request,
            ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(e)),
        };
        let page = match self.graph.execute(request.clone()) {
            ::std::result::Result::Ok(response) => self.read(&request, response),
            ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
        };
        ::std::option::Option::Some(page)
    }
}

impl<C: AsyncClient, R, T> Pages<'_, C, R, T> {
    /// The next page, `None` after the last: `while let Some(page) = pages.next_page().await`.
    pub async fn next_page(&mut self) -> ::std::option::Option<::std::result::Result<Collection<T>, CallError>> {
        let request = match self.take_next()? {
            ::std::result::Result::Ok(request) => request,
            ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(e)),
        };
        let page = match self.graph.execute_async(request.clone()).await {
            ::std::result::Result::Ok(response) => self.read(&request, response),
            ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
        };
        ::std::option::Option::Some(page)
    }
}

/// The items of every page of a list operation: [`Pages::items`].
pub struct Items<'g, C, R, T> {
    pages: Pages<'g, C, R, T>,
    current: ::std::vec::IntoIter<T>,
}

impl<C: Client, R, T> ::std::iter::Iterator for Items<'_, C, R, T> {
    type Item = ::std::result::Result<T, CallError>;

    fn next(&mut self) -> ::std::option::Option<Self::Item> {
        loop {
            if let ::std::option::Option::Some(item) = self.current.next() {
                return ::std::option::Option::Some(::std::result::Result::Ok(item));
            }
            match self.pages.next()? {
                ::std::result::Result::Ok(page) => self.current = page.value.into_iter(),
                ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(e)),
            }
        }
    }
}

/// Where a delta round stopped, to save (it serializes as `{"link": "..."}`) and resume with
/// [`Graph::delta_from`]: a delta link (the next round) or a next link (the rest of this one).
/// The link is opaque and carries its own state token.
#[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
pub struct DeltaCursor {
    /// The absolute URL to request next.
    pub link: ::std::string::String,
}

/// An item of a delta page: the item, and `@removed` when it left the set.
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaItem<T> {
    /// The item as sent (a removed one often carries only its `id`).
    pub item: T,
    /// `@removed`, when the item was removed.
    pub removed: ::std::option::Option<Removed>,
}

/// The `@removed` annotation of a delta item.
#[derive(Clone, Debug, Default, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Removed {
    /// `changed` (left the set, may come back: soft-deleted, moved out of scope) or `deleted`
    /// (gone for good).
    #[serde(default)]
    pub reason: ::std::string::String,
}

impl Removed {
    /// Whether the item is gone for good.
    pub fn is_deleted(&self) -> bool {
        self.reason == "deleted"
    }
}

impl<'de, T: ::serde::de::DeserializeOwned> ::serde::Deserialize<'de> for DeltaItem<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        use ::serde::de::Error;
        let mut members = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(deserializer)?;
        let removed = match members.remove("@removed") {
            ::std::option::Option::Some(removed) => ::std::option::Option::Some(::serde_json::from_value(removed).map_err(D::Error::custom)?),
            ::std::option::Option::None => ::std::option::Option::None,
        };
        let item = ::serde_json::from_value(::serde_json::Value::Object(members)).map_err(D::Error::custom)?;
        ::std::result::Result::Ok(DeltaItem { item, removed })
    }
}

/// A page's parser for [`Pages`]: the operation's own.
fn parse_page<R: GraphRequest<Output = Collection<T>>, T>(op: &R, response: HttpResponse) -> ::std::result::Result<Collection<T>, ResponseError> {
    op.parse_response(response)
}

/// A delta page's parser: the items with their `@removed`.
fn parse_delta_page<R, T: ::serde::de::DeserializeOwned>(
    _: &R,
    response: HttpResponse,
) -> ::std::result::Result<Collection<DeltaItem<T>>, ResponseError> {
    parse_json(response)
}

impl<C> Graph<C> {
    /// Every page of a list operation (any operation whose output is a `Collection<T>`).
    pub fn pages<'g, R, T>(&'g self, op: &'g R) -> Pages<'g, C, R, T>
    where
        R: GraphRequest<Output = Collection<T>>,
    {
        let first = op.to_request(&self.base_url).map_err(CallError::Request);
        Pages::new(self, op, parse_page::<R, T>, first)
    }

    /// A delta round from the start: the pages of a `delta` function up to its delta link, each
    /// item with its `@removed`. Save [`Pages::cursor`] at the end, and resume with
    /// [`Graph::delta_from`].
    pub fn delta<'g, R, T>(&'g self, op: &'g R) -> Pages<'g, C, R, DeltaItem<T>>
    where
        R: GraphRequest<Output = Collection<T>>,
        T: ::serde::de::DeserializeOwned,
    {
        let first = op.to_request(&self.base_url).map_err(CallError::Request);
        Pages::new(self, op, parse_delta_page::<R, T>, first)
    }

    /// A delta round from a saved cursor: its link, with `op`'s method and headers.
    pub fn delta_from<'g, R, T>(&'g self, op: &'g R, cursor: &DeltaCursor) -> Pages<'g, C, R, DeltaItem<T>>
    where
        R: GraphRequest<Output = Collection<T>>,
        T: ::serde::de::DeserializeOwned,
    {
        let first = op
            .to_request(&self.base_url)
            .and_then(|request| next_page_request(&request, &cursor.link))
            .map_err(CallError::Request);
        Pages::new(self, op, parse_delta_page::<R, T>, first)
    }
}

// ---------------------------------------------------------------------------------------------
// `$batch`: typed requests by id, at most 20 to a `$batch` request, sent one `$batch` after the
// other (so a request may depend on one in an earlier `$batch` too); throttled items retried.
// ---------------------------------------------------------------------------------------------

/// Requests to send together through `POST /$batch`: [`Graph::send_batch`].
///
/// Each is added by id (unique in the batch) and may depend on requests added before it
/// (`dependsOn`: it runs after them, and fails with `424` if one of them failed). Any number may
/// be added: they go 20 to a `$batch` request, in the order added.
#[derive(Debug, Default)]
pub struct Batch {
    entries: ::std::vec::Vec<BatchEntry>,
}

#[derive(Debug)]
struct BatchEntry {
    id: ::std::string::String,
    /// Built for an empty base URL: its URI is the path and query relative to the version root.
    request: HttpRequest,
    depends_on: ::std::vec::Vec<::std::string::String>,
}

/// A request of a [`Batch`]: reads its typed result from the answers ([`BatchAnswers::take`]).
pub struct BatchItem<T> {
    id: ::std::string::String,
    parse: ::std::boxed::Box<dyn ::std::ops::FnOnce(HttpResponse) -> ::std::result::Result<T, ResponseError> + ::std::marker::Send>,
}

impl<T> BatchItem<T> {
    /// The item's id in the batch.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<T> ::std::fmt::Debug for BatchItem<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("BatchItem").field("id", &self.id).finish_non_exhaustive()
    }
}

impl Batch {
    /// The most requests one `$batch` request may carry.
    pub const MAX_REQUESTS: usize = 20;

    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Adds `op` as request `id`.
    pub fn add<R>(&mut self, id: &str, op: R) -> ::std::result::Result<BatchItem<R::Output>, RequestError>
    where
        R: GraphRequest + ::std::marker::Send + 'static,
    {
        self.add_after(id, op, &[])
    }

    /// Adds `op` as request `id`, to run after the requests `depends_on` (added before it).
    pub fn add_after<R>(
        &mut self,
        id: &str,
        op: R,
        depends_on: &[&str],
    ) -> ::std::result::Result<BatchItem<R::Output>, RequestError>
    where
        R: GraphRequest + ::std::marker::Send + 'static,
    {
        if self.entries.iter().any(|e| e.id == id) {
            return ::std::result::Result::Err(RequestError::Invalid(format!("the batch has a request `{id}` already")));
        }
        if let ::std::option::Option::Some(missing) = depends_on.iter().find(|d| !self.entries.iter().any(|e| e.id == **d)) {
            return ::std::result::Result::Err(RequestError::Invalid(format!(
                "batch request `{id}` depends on `{missing}`, which is not in the batch (add it first)"
            )));
        }
        let request = op.to_request("")?;
        let depends_on = depends_on.iter().map(|d| (*d).to_owned()).collect();
        self.entries.push(BatchEntry { id: id.to_owned(), request, depends_on });
        let parse = ::std::boxed::Box::new(move |response| op.parse_response(response));
        ::std::result::Result::Ok(BatchItem { id: id.to_owned(), parse })
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no request.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The answers to a [`Batch`], by id.
#[derive(Debug, Default)]
pub struct BatchAnswers {
    answers: ::std::collections::BTreeMap<::std::string::String, ::std::result::Result<HttpResponse, ::std::sync::Arc<CallError>>>,
}

impl BatchAnswers {
    /// The typed result of `item`: its output, or its error (an error status, `424` when a request
    /// it depends on failed, or the failure of the `$batch` request that carried it).
    pub fn take<T>(&mut self, item: BatchItem<T>) -> ::std::result::Result<T, CallError> {
        match self.answers.remove(&item.id) {
            ::std::option::Option::Some(::std::result::Result::Ok(response)) => {
                (item.parse)(response).map_err(CallError::Response)
            }
            ::std::option::Option::Some(::std::result::Result::Err(e)) => ::std::result::Result::Err(CallError::Batch(e)),
            ::std::option::Option::None => ::std::result::Result::Err(CallError::Protocol(format!(
                "the batch answer has no response for `{}` (or it was taken already)",
                item.id
            ))),
        }
    }

    /// The answer to request `id`, as a response, when it had one.
    pub fn response(&self, id: &str) -> ::std::option::Option<&HttpResponse> {
        self.answers.get(id).and_then(|a| a.as_ref().ok())
    }

    /// The ids answered (and not yet taken).
    pub fn ids(&self) -> impl ::std::iter::Iterator<Item = &str> {
        self.answers.keys().map(::std::string::String::as_str)
    }
}

impl<C: Client> Graph<C> {
    /// Sends a batch, 20 requests to a `$batch` request, one after the other; items answered
    /// `429`/`503`/`504` are sent again (after the longest of their `Retry-After`s) as the retry
    /// policy allows, with the items that failed only because they depended on them.
    pub fn send_batch(&self, batch: Batch) -> BatchAnswers {
        self.drive(BatchRun::new(batch, &self.base_url, &self.retry))
    }
}

impl<C: AsyncClient> Graph<C> {
    /// [`Graph::send_batch`] with an async client.
    pub async fn send_batch_async(&self, batch: Batch) -> BatchAnswers {
        self.drive_async(BatchRun::new(batch, &self.base_url, &self.retry)).await
    }
}

/// A batch on its way: the next entries to send, the answers so far.
struct BatchRun<'p> {
    entries: ::std::vec::Vec<BatchEntry>,
    batch_url: ::std::string::String,
    retry: &'p RetryPolicy,
    /// The first entry not yet sent.
    next: usize,
    /// The entries of the `$batch` request in flight (or about to be sent again).
    round: ::std::vec::Vec<usize>,
    /// The throttling retries of the current group of 20.
    retrier: ::std::option::Option<Retrier<'p>>,
    answers: BatchAnswers,
}

impl<'p> BatchRun<'p> {
    fn new(batch: Batch, base_url: &str, retry: &'p RetryPolicy) -> Self {
        BatchRun {
            entries: batch.entries,
            batch_url: format!("{}/$batch", base_url.trim_end_matches('/')),
            retry,
            next: 0,
            round: ::std::vec::Vec::new(),
            retrier: ::std::option::Option::None,
            answers: BatchAnswers::default(),
        }
    }

    /// Whether request `id` has its final answer, and it is not a success.
    fn failed(&self, id: &str) -> bool {
        match self.answers.answers.get(id) {
            ::std::option::Option::Some(::std::result::Result::Ok(response)) => !response.status().is_success(),
            ::std::option::Option::Some(::std::result::Result::Err(_)) => true,
            ::std::option::Option::None => false,
        }
    }

    /// The next 20 entries; one that depends on a request that failed in an earlier `$batch` is
    /// answered `424` here, as the service would have.
    fn next_round(&mut self) {
        self.retrier = ::std::option::Option::Some(Retrier::new(self.retry));
        while self.round.len() < Batch::MAX_REQUESTS && self.next < self.entries.len() {
            let index = self.next;
            self.next += 1;
            let entry = &self.entries[index];
            match entry.depends_on.iter().find(|d| self.failed(d)) {
                ::std::option::Option::Some(dependency) => {
                    let answer = failed_dependency(&entry.id, dependency);
                    let id = entry.id.clone();
                    self.answers.answers.insert(id, ::std::result::Result::Ok(answer));
                }
                ::std::option::Option::None => self.round.push(index),
            }
        }
    }

    /// The `$batch` request of the current round.
    fn request(&self) -> ::std::result::Result<HttpRequest, CallError> {
        let ids: ::std::vec::Vec<&str> = self.round.iter().map(|&i| self.entries[i].id.as_str()).collect();
        let requests: ::std::vec::Vec<::serde_json::Value> =
            self.round.iter().map(|&i| batch_request_json(&self.entries[i], &ids)).collect();
        let body = json_body(&::serde_json::json!({ "requests": requests }))?;
        ::std::result::Result::Ok(build_request(
            ::http::Method::POST,
            &self.batch_url,
            "",
            ::std::option::Option::Some(body),
            false,
        )?)
    }

    /// Files the answer to the round's `$batch`; the ids to send again (throttled, or failed only
    /// through a throttled dependency) stay in the round, with the longest `Retry-After` asked.
    fn file(
        &mut self,
        answer: ::std::result::Result<HttpResponse, CallError>,
        now: ::std::time::SystemTime,
    ) -> ::std::option::Option<::std::time::Duration> {
        let items = match answer.and_then(parse_batch_answer) {
            ::std::result::Result::Ok(items) => items,
            ::std::result::Result::Err(e) => {
                let e = ::std::sync::Arc::new(e);
                for index in ::std::mem::take(&mut self.round) {
                    let id = self.entries[index].id.clone();
                    self.answers.answers.insert(id, ::std::result::Result::Err(e.clone()));
                }
                return ::std::option::Option::None;
            }
        };
        let (mut again, mut wait) = (::std::vec::Vec::new(), ::std::option::Option::None);
        let mut items: ::std::collections::BTreeMap<::std::string::String, HttpResponse> = items;
        for index in ::std::mem::take(&mut self.round) {
            let entry = &self.entries[index];
            let ::std::option::Option::Some(response) = items.remove(&entry.id) else {
                let e = CallError::Protocol(format!("the $batch answer has no response for `{}`", entry.id));
                self.answers.answers.insert(entry.id.clone(), ::std::result::Result::Err(::std::sync::Arc::new(e)));
                continue;
            };
            let depends_on_again = entry.depends_on.iter().any(|d| again.iter().any(|&a: &usize| self.entries[a].id == *d));
            if is_throttled(response.status()) || (response.status().as_u16() == 424 && depends_on_again) {
                let asked = retry_after(response.headers(), now);
                wait = wait.max(asked);
                again.push(index);
            }
            self.answers.answers.insert(entry.id.clone(), ::std::result::Result::Ok(response));
        }
        self.round = again;
        wait
    }
}

impl Protocol for BatchRun<'_> {
    type Output = BatchAnswers;

    fn step(
        &mut self,
        answer: ::std::option::Option<::std::result::Result<HttpResponse, CallError>>,
        clock: &dyn Clock,
    ) -> Step<BatchAnswers> {
        if let ::std::option::Option::Some(answer) = answer {
            let asked = self.file(answer, clock.now());
            if !self.round.is_empty() {
                let retrier = self.retrier.get_or_insert_with(|| Retrier::new(self.retry));
                match retrier.throttled_wait(asked, clock) {
                    ::std::option::Option::Some(wait) => return Step::Wait(wait),
                    // Out of retries: the throttled answers stand.
                    ::std::option::Option::None => self.round.clear(),
                }
            }
        }
        if self.round.is_empty() {
            self.next_round();
        }
        if self.round.is_empty() {
            return Step::Done(::std::mem::take(&mut self.answers));
        }
        match self.request() {
            ::std::result::Result::Ok(request) => Step::Send(request, true),
            ::std::result::Result::Err(e) => {
                // A body that does not serialize fails the round, not the whole batch.
                self.file(::std::result::Result::Err(e), clock.now());
                self.step(::std::option::Option::None, clock)
            }
        }
    }
}

/// The `424` an item gets when a request it depends on failed.
fn failed_dependency(id: &str, dependency: &str) -> HttpResponse {
    let body = ::serde_json::json!({ "error": {
        "code": "FailedDependency",
        "message": format!("batch request `{id}` was not run: request `{dependency}`, which it depends on, failed"),
    }});
    let mut response = ::http::Response::new(::serde_json::to_vec(&body).unwrap_or_default());
    *response.status_mut() = ::http::StatusCode::FAILED_DEPENDENCY;
    response
        .headers_mut()
        .insert(::http::header::CONTENT_TYPE, ::http::HeaderValue::from_static("application/json"));
    response
}

/// One request of a `$batch` body: its id, method, URL relative to the version root, headers,
/// body (JSON as JSON, anything else base64) and the dependencies among `in_round`.
fn batch_request_json(entry: &BatchEntry, in_round: &[&str]) -> ::serde_json::Value {
    let request = &entry.request;
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let mut object = ::serde_json::Map::new();
    object.insert("id".to_owned(), entry.id.clone().into());
    object.insert("method".to_owned(), request.method().as_str().into());
    object.insert("url".to_owned(), url.into());
    let mut headers = ::serde_json::Map::new();
    for (name, value) in request.headers() {
        let value = ::std::string::String::from_utf8_lossy(value.as_bytes()).into_owned();
        // `Content-Type` as the docs write it (`http` keeps names lowercase).
        let name = name.as_str().split('-').map(capitalized).collect::<::std::vec::Vec<_>>().join("-");
        if let ::std::option::Option::Some(::serde_json::Value::String(known)) = headers.get_mut(&name) {
            *known = format!("{known}, {value}");
        } else {
            headers.insert(name, value.into());
        }
    }
    if !request.body().is_empty() {
        let json = is_json(request.headers()).then(|| ::serde_json::from_slice::<::serde_json::Value>(request.body()).ok());
        let body = match json.flatten() {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => base64_encode(request.body()).into(),
        };
        object.insert("body".to_owned(), body);
    }
    if !headers.is_empty() {
        object.insert("headers".to_owned(), headers.into());
    }
    let depends_on: ::std::vec::Vec<::serde_json::Value> =
        entry.depends_on.iter().filter(|d| in_round.contains(&d.as_str())).map(|d| d.clone().into()).collect();
    if !depends_on.is_empty() {
        object.insert("dependsOn".to_owned(), depends_on.into());
    }
    object.into()
}

/// `word` with its first letter upper-case.
fn capitalized(word: &str) -> ::std::string::String {
    let mut chars = word.chars();
    match chars.next() {
        ::std::option::Option::Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        ::std::option::Option::None => ::std::string::String::new(),
    }
}

/// Whether the `Content-Type` is JSON (`application/json`, `...+json`, with parameters).
fn is_json(headers: &::http::HeaderMap) -> bool {
    let content_type = headers.get(::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The items of a `$batch` answer, as responses by id.
fn parse_batch_answer(
    response: HttpResponse,
) -> ::std::result::Result<::std::collections::BTreeMap<::std::string::String, HttpResponse>, CallError> {
    #[derive(::serde::Deserialize)]
    struct Answer {
        #[serde(default)]
        responses: ::std::vec::Vec<Item>,
    }
    #[derive(::serde::Deserialize)]
    struct Item {
        id: ::std::string::String,
        status: u16,
        #[serde(default)]
        headers: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,
        #[serde(default)]
        body: ::std::option::Option<::serde_json::Value>,
    }
    let answer: Answer = parse_json(response)?;
    let mut out = ::std::collections::BTreeMap::new();
    for item in answer.responses {
        let status = ::http::StatusCode::from_u16(item.status)
            .map_err(|_| CallError::Protocol(format!("batch item `{}` has status {}", item.id, item.status)))?;
        let mut headers = ::http::HeaderMap::new();
        for (name, value) in &item.headers {
            if let (::std::result::Result::Ok(name), ::std::result::Result::Ok(value)) =
                (::http::HeaderName::try_from(name.as_str()), ::http::HeaderValue::try_from(value.as_str()))
            {
                headers.append(name, value);
            }
        }
        let body = match item.body {
            ::std::option::Option::None | ::std::option::Option::Some(::serde_json::Value::Null) => ::std::vec::Vec::new(),
            // Content that is not JSON comes base64-encoded.
            ::std::option::Option::Some(::serde_json::Value::String(text)) if !is_json(&headers) => {
                base64_decode(&text).unwrap_or_else(|| text.into_bytes())
            }
            ::std::option::Option::Some(value) => ::serde_json::to_vec(&value).unwrap_or_default(),
        };
        let mut response = ::http::Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        out.insert(item.id, response);
    }
    ::std::result::Result::Ok(out)
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64, padded.
fn base64_encode(bytes: &[u8]) -> ::std::string::String {
    let mut out = ::std::string::String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional); `None` for anything else.
fn base64_decode(text: &str) -> ::std::option::Option<::std::vec::Vec<u8>> {
    let digits = text.trim_end_matches('=').as_bytes();
    if text.len() - digits.len() > 2 || digits.len() % 4 == 1 {
        return ::std::option::Option::None;
    }
    let mut out = ::std::vec::Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let value = BASE64.iter().position(|&d| d == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    ::std::option::Option::Some(out)
}

// ---------------------------------------------------------------------------------------------
// Long-running operations: an answer `202 Accepted` with a monitor URL, polled to the end.
// ---------------------------------------------------------------------------------------------

/// The status of a long-running operation, as its monitor answers it: an `asyncJobStatus`
/// (driveItem `copy`) or a `teamsAsyncOperation` (team `clone`, `archive`).
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct JobStatus {
    /// `notStarted`, `inProgress`, `completed`, `failed` (`succeeded` for a teams operation).
    #[serde(default)]
    pub status: ::std::string::String,
    /// How far along it is, from 0 to 100, when the monitor says.
    #[serde(rename = "percentageComplete", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub percentage_complete: ::std::option::Option<f64>,
    /// The id of the resource made, once completed (`targetResourceId` for a teams operation).
    #[serde(rename = "resourceId", alias = "targetResourceId", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub resource_id: ::std::option::Option<::std::string::String>,
    /// Where the resource made is, when the monitor says (`targetResourceLocation`, or a redirect).
    #[serde(rename = "resourceLocation", alias = "targetResourceLocation", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub resource_location: ::std::option::Option<::std::string::String>,
    /// What the operation is (`itemCopy`, ...).
    #[serde(alias = "operationType", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub operation: ::std::option::Option<::std::string::String>,
    /// A failure's description, when the monitor gives one.
    #[serde(rename = "statusDescription", default, skip_serializing_if = "::std::option::Option::is_none")]
    pub status_description: ::std::option::Option<::std::string::String>,
    /// A failure's error object, when the monitor gives one.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub error: ::std::option::Option<::serde_json::Value>,
    /// Any other member, kept as sent.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}

impl JobStatus {
    /// Whether the operation finished well (`completed`, `succeeded`).
    pub fn is_completed(&self) -> bool {
        ["completed", "succeeded"].iter().any(|s| self.status.eq_ignore_ascii_case(s))
    }

    /// Whether the operation ended in failure (`failed`, `deleteFailed`, `cancelled`).
    pub fn is_failed(&self) -> bool {
        ["failed", "deleteFailed", "cancelled", "canceled"].iter().any(|s| self.status.eq_ignore_ascii_case(s))
    }

    /// `status failed: the description (the error)`, for messages.
    fn describe(&self) -> ::std::string::String {
        let mut text = format!("status `{}`", self.status);
        if let ::std::option::Option::Some(description) = &self.status_description {
            text.push_str(&format!(": {description}"));
        }
        if let ::std::option::Option::Some(error) = &self.error {
            text.push_str(&format!(" ({error})"));
        }
        text
    }

    /// A finished operation whose monitor redirected to the resource made.
    fn completed_at(location: &str) -> Self {
        let path = location.split(['?', '#']).next().unwrap_or("");
        let id = path.trim_end_matches('/').rsplit('/').next().filter(|s| !s.is_empty());
        JobStatus {
            status: "completed".to_owned(),
            resource_id: id.map(str::to_owned),
            resource_location: ::std::option::Option::Some(location.to_owned()),
            ..JobStatus::default()
        }
    }
}

/// Where to follow a long-running operation, to keep (it serializes) and poll.
#[derive(Clone, Debug, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Monitor {
    /// The absolute URL to poll. The session's headers go with each poll only on the service's
    /// origin: driveItem `copy`'s monitor is on another host, pre-authenticated, and refuses a token.
    pub url: ::std::string::String,
    /// The wait between polls when the monitor gives no `Retry-After`.
    pub interval: ::std::time::Duration,
    /// How long [`Graph::wait`] polls before giving up ([`CallError::StillRunning`]); the
    /// operation goes on, and the monitor can be polled again.
    pub max_wait: ::std::time::Duration,
}

impl Monitor {
    /// One second between polls.
    pub const DEFAULT_INTERVAL: ::std::time::Duration = ::std::time::Duration::from_secs(1);
    /// Half an hour of polling.
    pub const DEFAULT_MAX_WAIT: ::std::time::Duration = ::std::time::Duration::from_secs(1800);

    /// A monitor of `url`, with the default interval and wait.
    pub fn new(url: &str) -> Self {
        Monitor { url: url.to_owned(), interval: Monitor::DEFAULT_INTERVAL, max_wait: Monitor::DEFAULT_MAX_WAIT }
    }

    /// The monitor of an answer `202 Accepted` with `Operation-Location` or `Location` (a URL
    /// relative to the version root is made absolute with `base_url`); its `Retry-After`, in
    /// seconds, is the interval. `None` for any other answer.
    pub fn from_response(response: &HttpResponse, base_url: &str) -> ::std::option::Option<Self> {
        if response.status() != ::http::StatusCode::ACCEPTED {
            return ::std::option::Option::None;
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let location = header("operation-location").or_else(|| header("location")).filter(|l| !l.is_empty())?;
        let url = match location.contains("://") {
            true => location.to_owned(),
            false => format!("{}/{}", base_url.trim_end_matches('/'), location.trim_start_matches('/')),
        };
        let mut monitor = Monitor::new(&url);
        if let ::std::option::Option::Some(seconds) = header("retry-after").and_then(|s| s.parse::<u64>().ok()) {
            monitor.interval = ::std::time::Duration::from_secs(seconds);
        }
        ::std::option::Option::Some(monitor)
    }

    fn request(&self) -> ::std::result::Result<HttpRequest, CallError> {
        ::http::Request::get(self.url.as_str()).body(::std::vec::Vec::new()).map_err(|e| CallError::Request(RequestError::Http(e)))
    }
}

/// What an operation's call gave: its result, or a monitor to follow.
#[derive(Debug)]
pub enum Started<T> {
    /// The service answered with the result.
    Done(T),
    /// The service accepted the work (`202`): follow it with [`Graph::wait`].
    Accepted(Monitor),
}

/// The status a monitor's answer gives: its `asyncJobStatus`; a redirect (`303 See Other`) to the
/// resource made, or that resource itself (a client that followed the redirect), is completion.
fn job_status(response: HttpResponse) -> ::std::result::Result<JobStatus, CallError> {
    if response.status().is_redirection() {
        let location = response.headers().get(::http::header::LOCATION).and_then(|v| v.to_str().ok());
        return match location {
            ::std::option::Option::Some(location) => ::std::result::Result::Ok(JobStatus::completed_at(location)),
            ::std::option::Option::None => ::std::result::Result::Err(CallError::Protocol("the monitor redirects without a Location".to_owned())),
        };
    }
    let accepted = response.status() == ::http::StatusCode::ACCEPTED;
    let body = match response.body().is_empty() && response.status().is_success() {
        true => ::serde_json::Value::Object(::serde_json::Map::new()),
        false => parse_json::<::serde_json::Value>(response)?,
    };
    if body.get("status").is_some() {
        return ::serde_json::from_value(body).map_err(|e| CallError::Protocol(format!("the monitor's status does not read: {e}")));
    }
    if let ::std::option::Option::Some(id) = body.get("id").and_then(::serde_json::Value::as_str) {
        return ::std::result::Result::Ok(JobStatus { status: "completed".to_owned(), resource_id: ::std::option::Option::Some(id.to_owned()), ..JobStatus::default() });
    }
    match accepted {
        true => ::std::result::Result::Ok(JobStatus { status: "inProgress".to_owned(), ..JobStatus::default() }),
        false => ::std::result::Result::Err(CallError::Protocol("the monitor's answer has no status".to_owned())),
    }
}

/// Polls a monitor until the operation ends or `max_wait` has passed.
struct MonitorRun<'m, F> {
    monitor: &'m Monitor,
    on_progress: F,
    started: ::std::option::Option<::std::time::SystemTime>,
    /// The waits so far.
    waited: ::std::time::Duration,
}

impl<F: ::std::ops::FnMut(&JobStatus)> Protocol for MonitorRun<'_, F> {
    type Output = ::std::result::Result<JobStatus, CallError>;

    fn step(
        &mut self,
        answer: ::std::option::Option<::std::result::Result<HttpResponse, CallError>>,
        clock: &dyn Clock,
    ) -> Step<Self::Output> {
        let started = *self.started.get_or_insert_with(|| clock.now());
        let response = match answer {
            ::std::option::Option::None => {
                return match self.monitor.request() {
                    ::std::result::Result::Ok(request) => Step::Send(request, true),
                    ::std::result::Result::Err(e) => Step::Done(::std::result::Result::Err(e)),
                };
            }
            ::std::option::Option::Some(::std::result::Result::Err(e)) => return Step::Done(::std::result::Result::Err(e)),
            ::std::option::Option::Some(::std::result::Result::Ok(response)) => response,
        };
        // At least a tenth of a second between polls, so a monitor can neither be hammered nor
        // polled forever in no time (`max_wait` counts the waits too, for a clock that stands).
        let asked = retry_after(response.headers(), clock.now()).unwrap_or(self.monitor.interval);
        let wait = asked.max(::std::time::Duration::from_millis(100));
        let status = match job_status(response) {
            ::std::result::Result::Ok(status) => status,
            ::std::result::Result::Err(e) => return Step::Done(::std::result::Result::Err(e)),
        };
        (self.on_progress)(&status);
        if status.is_completed() {
            return Step::Done(::std::result::Result::Ok(status));
        }
        if status.is_failed() {
            return Step::Done(::std::result::Result::Err(CallError::Failed(::std::boxed::Box::new(status))));
        }
        let waited = clock.now().duration_since(started).unwrap_or_default().max(self.waited);
        if waited.saturating_add(wait) > self.monitor.max_wait {
            return Step::Done(::std::result::Result::Err(CallError::StillRunning(::std::boxed::Box::new(status))));
        }
        self.waited = self.waited.saturating_add(wait);
        Step::Wait(wait)
    }
}

impl<C: Client> Graph<C> {
    /// Sends an operation that may answer `202 Accepted` with a monitor (driveItem `copy`, team
    /// `clone`): its result, or the monitor to follow.
    pub fn start<R: GraphRequest>(&self, op: &R) -> ::std::result::Result<Started<R::Output>, CallError> {
        let response = self.execute(op.to_request(&self.base_url)?)?;
        ::std::result::Result::Ok(match Monitor::from_response(&response, &self.base_url) {
            ::std::option::Option::Some(monitor) => Started::Accepted(monitor),
            ::std::option::Option::None => Started::Done(op.parse_response(response)?),
        })
    }

    /// Polls the monitor once.
    pub fn poll(&self, monitor: &Monitor) -> ::std::result::Result<JobStatus, CallError> {
        job_status(self.exchange(monitor.request()?, true)?)
    }

    /// Polls the monitor until the operation ends, calling `on_progress` with each status: the
    /// completed status (its `resource_id`), or [`CallError::Failed`] with the failed one.
    pub fn wait(&self, monitor: &Monitor, on_progress: impl ::std::ops::FnMut(&JobStatus)) -> ::std::result::Result<JobStatus, CallError> {
        self.drive(MonitorRun { monitor, on_progress, started: ::std::option::Option::None, waited: ::std::time::Duration::ZERO })
    }
}

impl<C: AsyncClient> Graph<C> {
    /// [`Graph::start`] with an async client.
    pub async fn start_async<R: GraphRequest>(&self, op: &R) -> ::std::result::Result<Started<R::Output>, CallError> {
        let response = self.execute_async(op.to_request(&self.base_url)?).await?;
        ::std::result::Result::Ok(match Monitor::from_response(&response, &self.base_url) {
            ::std::option::Option::Some(monitor) => Started::Accepted(monitor),
            ::std::option::Option::None => Started::Done(op.parse_response(response)?),
        })
    }

    /// [`Graph::poll`] with an async client.
    pub async fn poll_async(&self, monitor: &Monitor) -> ::std::result::Result<JobStatus, CallError> {
        job_status(self.exchange_async(monitor.request()?, true).await?)
    }

    /// [`Graph::wait`] with an async client.
    pub async fn wait_async(
        &self,
        monitor: &Monitor,
        on_progress: impl ::std::ops::FnMut(&JobStatus),
    ) -> ::std::result::Result<JobStatus, CallError> {
        self.drive_async(MonitorRun { monitor, on_progress, started: ::std::option::Option::None, waited: ::std::time::Duration::ZERO }).await
    }
}

// ---------------------------------------------------------------------------------------------
// Large uploads: the chunks of a `createUploadSession`, each a `PUT` to the pre-authenticated
// upload URL (no session headers), resumed from what the service says it has.
// ---------------------------------------------------------------------------------------------

/// An upload session, as `createUploadSession` answers it (and `GET uploadUrl` later).
#[derive(Clone, Debug, Default, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    /// Where the chunks go: pre-authenticated, so no `Authorization` header is sent to it.
    #[serde(default)]
    pub upload_url: ::std::string::String,
    /// When the session expires if no chunk arrives.
    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    pub expiration_date_time: ::std::option::Option<::std::string::String>,
    /// The byte ranges the service still needs (`"0-"`, `"327680-1048575"`).
    #[serde(default)]
    pub next_expected_ranges: ::std::vec::Vec<::std::string::String>,
}

impl UploadSession {
    /// The session from the typed answer of a `createUploadSession` operation (any value that
    /// serializes with `uploadUrl`).
    pub fn from_model<S: ::serde::Serialize>(answer: &S) -> ::std::result::Result<Self, CallError> {
        let session: UploadSession = ::serde_json::to_value(answer)
            .and_then(::serde_json::from_value)
            .map_err(|e| CallError::Protocol(format!("not an upload session: {e}")))?;
        if session.upload_url.is_empty() {
            return ::std::result::Result::Err(CallError::Protocol("the upload session has no uploadUrl".to_owned()));
        }
        ::std::result::Result::Ok(session)
    }

    /// The first byte the service expects next: the start of the first expected range; `None`
    /// when no range is listed (or none reads).
    pub fn next_offset(&self) -> ::std::option::Option<u64> {
        let first = self.next_expected_ranges.first()?;
        first.split('-').next()?.trim().parse().ok()
    }
}

/// The size of an upload's chunks: a multiple of 320 KiB (the service's rule), under 60 MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChunkSize(u64);

impl ChunkSize {
    /// 320 KiB (327,680 bytes): every chunk but the last is a multiple of it.
    pub const UNIT: u64 = 327_680;
    /// 191 units (59.7 MiB), the largest under the 60 MiB one request may carry.
    pub const MAX: ChunkSize = ChunkSize(191 * ChunkSize::UNIT);
    /// 32 units (10 MiB), within the 5 to 10 MiB the docs advise for steady connections.
    pub const DEFAULT: ChunkSize = ChunkSize(32 * ChunkSize::UNIT);

    /// `units` × 320 KiB, held to 1..=191 units.
    pub fn units(units: u32) -> Self {
        ChunkSize(u64::from(units.clamp(1, 191)) * ChunkSize::UNIT)
    }

    /// The size in bytes.
    pub fn bytes(self) -> u64 {
        self.0
    }
}

impl ::std::default::Default for ChunkSize {
    fn default() -> Self {
        ChunkSize::DEFAULT
    }
}

/// The chunks of `total` bytes from byte `from`: `(first, last)` byte positions (inclusive, as
/// `Content-Range` writes them), each `size` long but the last.
pub fn chunk_plan(total: u64, from: u64, size: ChunkSize) -> ::std::vec::Vec<(u64, u64)> {
    let mut chunks = ::std::vec::Vec::new();
    let mut first = from;
    while first < total {
        let last = first.saturating_add(size.bytes()).min(total) - 1;
        chunks.push((first, last));
        first = last + 1;
    }
    chunks
}

/// The `Content-Range` of a chunk: `bytes 0-327679/1048576`.
pub fn content_range(first: u64, last: u64, total: u64) -> ::std::string::String {
    format!("bytes {first}-{last}/{total}")
}

/// Consecutive failed chunks resumed from the session's status before the upload gives up.
const UPLOAD_RESUMES: u32 = 3;

/// Where an upload is.
enum UploadState {
    Start,
    /// The chunk `first..=last` is on its way.
    Chunk(u64, u64),
    /// The session's status is asked, to resume from it.
    Status,
}

/// An upload on its way, chunk by chunk.
struct UploadRun<'s, S> {
    session: &'s UploadSession,
    source: S,
    size: ChunkSize,
    total: u64,
    state: UploadState,
    failures: u32,
}

impl<S: ::std::io::Read + ::std::io::Seek> UploadRun<'_, S> {
    /// The `PUT` of the chunk from `first`, read from the source.
    fn chunk(&mut self, first: u64) -> Step<::std::result::Result<HttpResponse, CallError>> {
        use ::std::io::Read as _;
        if first >= self.total {
            let why = format!("the service expects byte {first} of a {}-byte upload", self.total);
            return Step::Done(::std::result::Result::Err(CallError::Protocol(why)));
        }
        let last = first.saturating_add(self.size.bytes()).min(self.total) - 1;
        let mut bytes = ::std::vec::Vec::new();
        let read = self.source.seek(::std::io::SeekFrom::Start(first)).and_then(|_| {
            (&mut self.source).take(last - first + 1).read_to_end(&mut bytes)
        });
        match read {
            ::std::result::Result::Ok(n) if n as u64 == last - first + 1 => {}
            ::std::result::Result::Ok(_) => {
                let e = ::std::io::Error::new(::std::io::ErrorKind::UnexpectedEof, "the source ended early");
                return Step::Done(::std::result::Result::Err(CallError::Source(e)));
            }
            ::std::result::Result::Err(e) => return Step::Done(::std::result::Result::Err(CallError::Source(e))),
        }
        let request = ::http::Request::put(self.session.upload_url.as_str())
            .header(::http::header::CONTENT_RANGE, content_range(first, last, self.total))
            .body(bytes);
        self.state = UploadState::Chunk(first, last);
        match request {
            ::std::result::Result::Ok(request) => Step::Send(request, false),
            ::std::result::Result::Err(e) => Step::Done(::std::result::Result::Err(CallError::Request(RequestError::Http(e)))),
        }
    }

    /// After a failed chunk: asks the session what it has, unless it failed too often in a row.
    fn resume(&mut self, failure: CallError) -> Step<::std::result::Result<HttpResponse, CallError>> {
        self.failures += 1;
        if self.failures > UPLOAD_RESUMES {
            return Step::Done(::std::result::Result::Err(failure));
        }
        self.state = UploadState::Status;
        match ::http::Request::get(self.session.upload_url.as_str()).body(::std::vec::Vec::new()) {
            ::std::result::Result::Ok(request) => Step::Send(request, false),
            ::std::result::Result::Err(e) => Step::Done(::std::result::Result::Err(CallError::Request(RequestError::Http(e)))),
        }
    }

    fn start(&mut self) -> Step<::std::result::Result<HttpResponse, CallError>> {
        self.total = match self.source.seek(::std::io::SeekFrom::End(0)) {
            ::std::result::Result::Ok(total) => total,
            ::std::result::Result::Err(e) => return Step::Done(::std::result::Result::Err(CallError::Source(e))),
        };
        if self.total == 0 {
            let why = "an upload session takes at least one byte (an empty file is created with a simple PUT)";
            return Step::Done(::std::result::Result::Err(CallError::Protocol(why.to_owned())));
        }
        self.chunk(self.session.next_offset().unwrap_or(0))
    }
}

/// The next offset an answer `202` or a session status gives.
fn expected_offset(response: HttpResponse) -> ::std::result::Result<::std::option::Option<u64>, CallError> {
    let session: UploadSession = parse_json(response)?;
    ::std::result::Result::Ok(session.next_offset())
}

impl<S: ::std::io::Read + ::std::io::Seek> Protocol for UploadRun<'_, S> {
    type Output = ::std::result::Result<HttpResponse, CallError>;

    fn step(
        &mut self,
        answer: ::std::option::Option<::std::result::Result<HttpResponse, CallError>>,
        _: &dyn Clock,
    ) -> Step<Self::Output> {
        // An upload never waits: no answer is the start.
        let ::std::option::Option::Some(answer) = answer else {
            return self.start();
        };
        match (&self.state, answer) {
            (&UploadState::Chunk(first, last), ::std::result::Result::Ok(response)) => {
                match response.status().as_u16() {
                    200 | 201 => Step::Done(::std::result::Result::Ok(response)),
                    202 => match expected_offset(response) {
                        ::std::result::Result::Ok(offset) => {
                            let next = offset.unwrap_or(last + 1);
                            // A service that keeps asking for what it was sent is not taking it.
                            self.failures = if next > first { 0 } else { self.failures + 1 };
                            if self.failures > UPLOAD_RESUMES {
                                let why = format!("the service keeps asking for byte {next} again");
                                return Step::Done(::std::result::Result::Err(CallError::Protocol(why)));
                            }
                            self.chunk(next)
                        }
                        ::std::result::Result::Err(e) => self.resume(e),
                    },
                    // A range the service will not take, a server error: it may have part of
                    // the chunk; its status says what. (A `409` is a name conflict: final.)
                    416 | 500..=599 => self.resume(CallError::Response(error_response(response))),
                    _ => Step::Done(::std::result::Result::Err(CallError::Response(error_response(response)))),
                }
            }
            (UploadState::Chunk(..), ::std::result::Result::Err(e)) => self.resume(e),
            (_, ::std::result::Result::Ok(response)) if response.status().is_success() => match expected_offset(response) {
                ::std::result::Result::Ok(::std::option::Option::Some(offset)) => self.chunk(offset),
                ::std::result::Result::Ok(::std::option::Option::None) => {
                    let why = "the upload session expects no more bytes but gave no item".to_owned();
                    Step::Done(::std::result::Result::Err(CallError::Protocol(why)))
                }
                ::std::result::Result::Err(e) => Step::Done(::std::result::Result::Err(e)),
            },
            (_, ::std::result::Result::Ok(response)) => {
                Step::Done(::std::result::Result::Err(CallError::Response(error_response(response))))
            }
            (_, ::std::result::Result::Err(e)) => Step::Done(::std::result::Result::Err(e)),
        }
    }
}

impl<C: Client> Graph<C> {
    /// Uploads `source`, all of it (its length is where it seeks to at the end), through an
    /// upload session: from the first byte the session expects (so a session read back with
    /// [`Graph::upload_status`] resumes), in chunks of `size`, each a `PUT` without the session's
    /// headers. A chunk that fails is resumed from what the service says it has (up to 3 times in
    /// a row). Returns the item made (`DriveItem`), read as `T`.
    pub fn upload<T, S>(&self, session: &UploadSession, source: S, size: ChunkSize) -> ::std::result::Result<T, CallError>
    where
        T: ::serde::de::DeserializeOwned,
        S: ::std::io::Read + ::std::io::Seek,
    {
        let run = UploadRun { session, source, size, total: 0, state: UploadState::Start, failures: 0 };
        ::std::result::Result::Ok(parse_json(self.drive(run)?)?)
    }

    /// The session as the service has it now (`GET uploadUrl`): its `nextExpectedRanges`.
    pub fn upload_status(&self, session: &UploadSession) -> ::std::result::Result<UploadSession, CallError> {
        let request = ::http::Request::get(session.upload_url.as_str()).body(::std::vec::Vec::new());
        let response = self.exchange(request.map_err(|e| CallError::Request(RequestError::Http(e)))?, false)?;
        upload_session_answer(session, response)
    }

    /// Cancels the upload (`DELETE uploadUrl`): the service drops what it received.
    pub fn cancel_upload(&self, session: &UploadSession) -> ::std::result::Result<(), CallError> {
        let request = ::http::Request::delete(session.upload_url.as_str()).body(::std::vec::Vec::new());
        let response = self.exchange(request.map_err(|e| CallError::Request(RequestError::Http(e)))?, false)?;
        ::std::result::Result::Ok(parse_empty(response)?)
    }
}

impl<C: AsyncClient> Graph<C> {
    /// [`Graph::upload`] with an async client (the source is read in place, blocking).
    pub async fn upload_async<T, S>(&self, session: &UploadSession, source: S, size: ChunkSize) -> ::std::result::Result<T, CallError>
    where
        T: ::serde::de::DeserializeOwned,
        S: ::std::io::Read + ::std::io::Seek,
    {
        let run = UploadRun { session, source, size, total: 0, state: UploadState::Start, failures: 0 };
        ::std::result::Result::Ok(parse_json(self.drive_async(run).await?)?)
    }

    /// [`Graph::upload_status`] with an async client.
    pub async fn upload_status_async(&self, session: &UploadSession) -> ::std::result::Result<UploadSession, CallError> {
        let request = ::http::Request::get(session.upload_url.as_str()).body(::std::vec::Vec::new());
        let response = self.exchange_async(request.map_err(|e| CallError::Request(RequestError::Http(e)))?, false).await?;
        upload_session_answer(session, response)
    }

    /// [`Graph::cancel_upload`] with an async client.
    pub async fn cancel_upload_async(&self, session: &UploadSession) -> ::std::result::Result<(), CallError> {
        let request = ::http::Request::delete(session.upload_url.as_str()).body(::std::vec::Vec::new());
        let response = self.exchange_async(request.map_err(|e| CallError::Request(RequestError::Http(e)))?, false).await?;
        ::std::result::Result::Ok(parse_empty(response)?)
    }
}

/// A session status read back: the answer, keeping the known upload URL when it has none.
fn upload_session_answer(known: &UploadSession, response: HttpResponse) -> ::std::result::Result<UploadSession, CallError> {
    let mut session: UploadSession = parse_json(response)?;
    if session.upload_url.is_empty() {
        session.upload_url = known.upload_url.clone();
    }
    ::std::result::Result::Ok(session)
}
