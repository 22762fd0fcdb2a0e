//! [`super::Client`] for ureq 3's `Agent`: `Graph::new(ureq::Agent::new_with_defaults(), url)`.
//! Every status is read as a response (whatever the agent's `http_status_as_error`), and the
//! whole body is read (past ureq's default 10 MB limit). Redirects follow the agent's settings.

impl super::Client for ::ureq::Agent {
    type Error = ::ureq::Error;

    fn send(&self, request: super::HttpRequest) -> ::std::result::Result<super::HttpResponse, ::ureq::Error> {
        // ureq refuses a body on GET, HEAD, DELETE and OPTIONS; POST, PUT and PATCH keep theirs,
        // even empty, so `Content-Length: 0` is sent (the service asks for it).
        let bodiless = [::http::Method::GET, ::http::Method::HEAD, ::http::Method::DELETE, ::http::Method::OPTIONS];
        let response = if request.body().is_empty() && bodiless.contains(request.method()) {
            let request = self.configure_request(request.map(|_| ())).http_status_as_error(false).build();
            self.run(request)?
        } else {
            let request = self.configure_request(request).http_status_as_error(false).build();
            self.run(request)?
        };
        let (parts, mut body) = response.into_parts();
        let bytes = body.with_config().limit(u64::MAX).read_to_vec()?;
        ::std::result::Result::Ok(::http::Response::from_parts(parts, bytes))
    }
}
