fn main() {
    // `docs` is relative to this crate's Cargo.toml; the roots keep only remoteActionAudit's closure.
    if let Err(e) = graphdoc_codegen::Builder::new()
        .docs("../../docs")
        .out_file("graph.rs")
        .option("version", "beta")
        .option("roots", ["remoteActionAudit"])
        .quiet(true) // the seed docs have known warnings; `graphdoc check` lists them
        .generate()
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
