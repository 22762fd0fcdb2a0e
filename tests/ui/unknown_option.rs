graphdoc_macros::graph_models!("../docs", version = "beta", colour = "red");

fn main() {}
