graphdoc_macros::graph_models!("../docs", roots = ["remoteActionAudit", "users"]);

fn main() {}
