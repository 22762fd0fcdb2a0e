//! [`super::AsyncClient`] for reqwest's `Client`: `Graph::new(reqwest::Client::new(), url)`,
//! awaited on the executor reqwest runs on (tokio). Every status is a response; redirects follow
//! the client's policy.

impl super::AsyncClient for ::reqwest::Client {
    type Error = ::reqwest::Error;

    fn send(
        &self,
        request: super::HttpRequest,
    ) -> impl ::std::future::Future<Output = ::std::result::Result<super::HttpResponse, ::reqwest::Error>> + ::std::marker::Send {
        let request = ::reqwest::Request::try_from(request);
        async move {
            let response = self.execute(request?).await?;
            let mut out = ::http::Response::new(::std::vec::Vec::new());
            *out.status_mut() = response.status();
            *out.version_mut() = response.version();
            *out.headers_mut() = response.headers().clone();
            *out.body_mut() = response.bytes().await?.to_vec();
            ::std::result::Result::Ok(out)
        }
    }
}
