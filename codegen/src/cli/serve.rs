//! `serve`: the documented example responses over HTTP, or as a Dev Proxy mocks file.

use std::io::Write;
use std::net::ToSocketAddrs;
use std::path::Path;

use super::{prepare, ServeArgs, EXIT_FINDINGS, EXIT_IO, EXIT_OK, EXIT_USAGE};
use crate::diagnostics::{Findings, Severity};
use crate::generate::Generator;

/// `serve`: the mocks file when asked, else the server until the process ends.
pub(super) fn serve(args: &ServeArgs) -> u8 {
    let Some(addr) = args.addr.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        eprintln!("error: --addr `{}` is not HOST:PORT (such as 127.0.0.1:8080, or port 0 for a free one)", args.addr);
        return EXIT_USAGE;
    };
    let (settings, docs) = match prepare(&args.common, None) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let schema = Generator::new(&docs, &settings)
        .findings(Findings::ErrorsOnly)
        .schema();
    let coverage = crate::mock::Coverage::of(&schema);
    if schema.operations.is_empty() {
        eprintln!(
            "error: {} documents no operation to serve",
            args.common.docs.display()
        );
        return EXIT_FINDINGS;
    }
    let errors = schema
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("warning: the docs have {errors} error(s) (`graphdoc lint` shows them); serving the operations they do give");
    }
    if let Some(file) = &args.write_devproxy_mocks {
        let text = crate::mock::devproxy::mocks_file(&schema, &args.devproxy_base);
        if let Err(e) = write_atomically(file, &text) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return EXIT_IO;
        }
        eprintln!("graphdoc: wrote {} ({coverage})", file.display());
        return EXIT_OK;
    }
    let options = crate::serve::Options {
        max_body: args.max_body,
        ..Default::default()
    };
    let server = match crate::serve::Server::bind(addr, crate::mock::Mock::new(schema), options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return EXIT_USAGE;
        }
    };
    let bound = server.local_addr().unwrap_or(addr);
    // The first line of stdout, alone: scripts and tests read the address from it.
    println!("http://{bound}");
    let _ = std::io::stdout().flush();
    if !bound.ip().is_loopback() {
        eprintln!("warning: listening on {bound}: reachable from other machines, not only this one (--addr 127.0.0.1:PORT keeps it local)");
    }
    eprintln!(
        "graphdoc: serving {}: {coverage}",
        args.common.docs.display()
    );
    let log: crate::serve::Log = std::sync::Arc::new(|line: &str| eprintln!("{line}"));
    match server.run(log) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            EXIT_IO
        }
    }
}

/// Writes `path` whole or not at all: a file beside it, then renamed over it.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let mut staged = name.to_os_string();
    staged.push(format!(".graphdoc-{}.tmp", std::process::id()));
    let staged = path.with_file_name(staged);
    let written = std::fs::write(&staged, text).and_then(|()| std::fs::rename(&staged, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    written
}
