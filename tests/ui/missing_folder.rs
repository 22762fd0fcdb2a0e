graphdoc_macros::graph_models!("no-such-docs");

fn main() {}
