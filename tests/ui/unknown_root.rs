graphdoc_macros::graph_models!("../docs", roots = ["remoteActionAudit", "noSuchType"]);

fn main() {}
