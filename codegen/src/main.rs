#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "fast-alloc")]
    graphdoc_codegen::internals::allocator::keep_freed_memory();
    let cli = graphdoc_codegen::internals::cli::Cli::parse();
    std::process::ExitCode::from(graphdoc_codegen::internals::cli::run(cli))
}
