fn main() -> Result<(), graphdoc_codegen::Error> {
    // `docs` is relative to this crate's Cargo.toml; the roots keep only remoteActionAudit's closure.
    graphdoc_codegen::Builder::new()
        .docs("../../docs")
        .out_file("graph.rs")
        .option("version", "beta")
        .option("roots", ["remoteActionAudit"])
        // The seed docs' warnings are known (`graphdoc lint` lists them); without this, one
        // `cargo:warning` line would count them on every build of the workspace.
        .quiet(true)
        .generate()
}
