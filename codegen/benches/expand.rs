//! The `graph_models!` expansion time: exactly what the macro calls (`builder::expand`: load the
//! docs, build the schema, select, emit tokens) plus turning the tokens into text, as the compiler's
//! proc-macro bridge does.
//!
//! ```text
//! cargo bench -p graphdoc-codegen --bench expand
//! ```
//! Targets: under 100 ms on `docs/`, under 1 s on the whole 2021-07 corpus with three roots.

// No allocator override: the macro runs inside rustc with the system allocator, and so does this.

use std::path::Path;
use std::time::{Duration, Instant};

use graphdoc_codegen::settings::OptionValue;
use graphdoc_codegen::Settings;

fn bench(label: &str, docs: &Path, settings: &Settings, runs: usize, target: Duration) {
    let mut times = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let expansion = graphdoc_codegen::builder::expand(docs, "docs", settings);
        let text = expansion.tokens.to_string();
        times.push(start.elapsed());
        if let Some(e) = &expansion.errors {
            eprintln!("{label}: the expansion has errors:\n{e}");
            std::process::exit(1);
        }
        summary = format!(
            "{} files read, {} types, {} enums, {} operations, {} KiB of tokens",
            expansion.files_read.len(),
            expansion.schema.types.len(),
            expansion.schema.enums.len(),
            expansion.schema.operations.len(),
            text.len() / 1024
        );
    }
    times.sort();
    let median = times[times.len() / 2];
    let verdict = if median <= target {
        "ok"
    } else {
        "OVER TARGET"
    };
    println!(
        "{label}: median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs (target {} ms: {verdict}); {summary}",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        target.as_millis(),
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    bench(
        "docs/ (all)",
        &root.join("docs"),
        &Settings::default(),
        50,
        Duration::from_millis(100),
    );
    let corpus = root.join("../shared/corpus/graph-docs-2021-07/api-reference");
    if !corpus.is_dir() {
        println!(
            "corpus: skipped, {} is absent (it lives outside the repository)",
            corpus.display()
        );
        return;
    }
    // How fast the machine is right now: the corpus benchmark's floor (one serial pulldown-cmark
    // pass over the same pages), so a slow run can be told from a slow machine.
    let docs = graphdoc_codegen::Docs::load(&corpus);
    let floor = (0..3)
        .map(|_| {
            let start = Instant::now();
            let events: usize = docs
                .files
                .iter()
                .map(|f| {
                    let mut options = pulldown_cmark::Options::empty();
                    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
                    pulldown_cmark::Parser::new_ext(&f.text, options)
                        .into_offset_iter()
                        .count()
                })
                .sum();
            std::hint::black_box(events);
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    drop(docs);
    println!(
        "machine: a serial pulldown-cmark pass over the corpus takes {:.0} ms now (the corpus benchmark's floor)",
        floor.as_secs_f64() * 1e3
    );
    let settings = Settings::from_options([(
        "roots",
        OptionValue::from(["remoteActionAudit", "auditEvent", "user"]),
    )])
    .expect("valid options");
    bench(
        "corpus, roots remoteActionAudit + auditEvent + user",
        &corpus,
        &settings,
        9,
        Duration::from_secs(1),
    );
}
