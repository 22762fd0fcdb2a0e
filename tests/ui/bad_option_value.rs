graphdoc_macros::graph_models!("../docs", version = "v2.0");

graphdoc_macros::graph_models!("../docs", doc_comments = "no");

fn main() {}
