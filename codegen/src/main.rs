#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = graphdoc_codegen::internals::cli::Cli::parse();
    std::process::ExitCode::from(graphdoc_codegen::internals::cli::run(cli))
}
