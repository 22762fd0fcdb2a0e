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

use graphdoc_codegen::OptionValue;
use graphdoc_codegen::Settings;

/// This machine's usual floor (the README's benchmark table): the absolute 1 s target, read at
/// that machine speed, is `1 s / USUAL_FLOOR` times the floor.
const USUAL_FLOOR: Duration = Duration::from_millis(125);

fn bench(
    label: &str,
    docs: &Path,
    settings: &Settings,
    runs: usize,
    target: Duration,
    floor: Option<&dyn Fn() -> Duration>,
) {
    let mut times = Vec::new();
    let mut ratios = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        // The floor right before each run: the two see the same machine weather.
        let floor_now = floor.map(|f| f());
        let start = Instant::now();
        let expansion = graphdoc_codegen::internals::macro_expand::expand(docs, "docs", settings);
        let text = expansion.tokens.to_string();
        let elapsed = start.elapsed();
        times.push(elapsed);
        if let Some(f) = floor_now {
            ratios.push(elapsed.as_secs_f64() / f.as_secs_f64());
        }
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
    let verdict = |ok: bool| if ok { "ok" } else { "OVER TARGET" };
    println!(
        "{label}: median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs (target {} ms: {}); {summary}",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        target.as_millis(),
        verdict(median <= target),
    );
    if !ratios.is_empty() {
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        let allowed = target.as_secs_f64() / USUAL_FLOOR.as_secs_f64();
        println!(
            "{label}, against the floor measured before each run: median {ratio:.2}x the floor, {:.0} ms at the usual {} ms floor (target {allowed:.1}x, {} ms at that floor: {})",
            ratio * USUAL_FLOOR.as_secs_f64() * 1e3,
            USUAL_FLOOR.as_millis(),
            target.as_millis(),
            verdict(ratio <= allowed),
        );
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    bench(
        "docs/ (all)",
        &root.join("docs"),
        &Settings::default(),
        50,
        Duration::from_millis(100),
        None,
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
    let floor = || {
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
    };
    let best = (0..3).map(|_| floor()).min().unwrap_or_default();
    println!(
        "machine: a serial pulldown-cmark pass over the corpus takes {:.0} ms now (the corpus benchmark's floor; usually about {} ms)",
        best.as_secs_f64() * 1e3,
        USUAL_FLOOR.as_millis()
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
        Some(&floor),
    );
}
