// A docs page that is not UTF-8: the error names the file and line.
graphdoc_macros::graph_models!("ui/bad-docs");

fn main() {}
