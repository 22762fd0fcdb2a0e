graphdoc_macros::graph_models!();

graphdoc_macros::graph_models!(docs);

fn main() {}
