//! Whole-corpus benchmark: graphdoc's parse+IR and full generate against a bare pulldown-cmark pass
//! over the same files (the floor), measured side by side in one run and reported as ratios, with
//! peak memory.
//!
//! Run: `cargo bench -p graphdoc-codegen --bench corpus` (needs `../shared/corpus` beside the checkout;
//! set GRAPHDOC_CORPUS to point elsewhere).

// The same allocator as the `graphdoc` binary, so the figures are the binary's.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use graphdoc_codegen::{Docs, Settings};
use rayon::prelude::*;

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GRAPHDOC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/graph-docs-2021-07/api-reference")
        });
    dir.is_dir().then_some(dir)
}

/// How long one call takes.
fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The floor: every event of every page, as cheaply as pulldown-cmark gives them.
fn floor_pass(docs: &Docs, parallel: bool) -> usize {
    let count = |text: &str| {
        let mut options = pulldown_cmark::Options::empty();
        options.insert(pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::Parser::new_ext(text, options)
            .into_offset_iter()
            .count()
    };
    if parallel {
        docs.files.par_iter().map(|f| count(&f.text)).sum()
    } else {
        docs.files.iter().map(|f| count(&f.text)).sum()
    }
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like args; only time under `cargo bench`.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let Some(dir) = corpus_dir() else {
        println!("corpus benchmark skipped: ../shared/corpus is not beside the checkout (set GRAPHDOC_CORPUS)");
        return;
    };
    let runs: usize = std::env::var("GRAPHDOC_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    // The binary's allocator setting too (`graphdoc` sets it first thing).
    #[cfg(feature = "fast-alloc")]
    graphdoc_codegen::internals::allocator::keep_freed_memory();
    let docs = Docs::load(&dir);
    let bytes: usize = docs.files.iter().map(|f| f.text.len()).sum();
    println!(
        "corpus: {} pages, {:.1} MB, {} threads, best of {runs} interleaved runs",
        docs.files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    let rss_loaded = peak_rss_mib();

    // The phases take turns within each run, so a slow spell on this noisy machine slows the floor
    // and graphdoc alike instead of landing on one phase; each figure is its best run.
    let settings = Settings::default();
    let mut summary = (0, 0, 0);
    let mut files = 0;
    let (mut floor_serial, mut floor_parallel, mut parse_ir, mut generate) =
        (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
    let (mut free, mut free_generated) = (Duration::MAX, Duration::MAX);
    let mut rss_ir = None;
    for run in 0..runs {
        floor_serial = floor_serial.min(time(|| {
            black_box(floor_pass(&docs, false));
        }));
        floor_parallel = floor_parallel.min(time(|| {
            black_box(floor_pass(&docs, true));
        }));
        // Each figure ends when the output is there: freeing it is timed on its own, since the
        // binary exits without freeing it (as rustc does).
        let mut schema = None;
        parse_ir = parse_ir.min(time(|| {
            schema = Some(black_box(
                graphdoc_codegen::Generator::new(&docs, &settings).schema(),
            ));
        }));
        if let Some(schema) = &schema {
            summary = (
                schema.types.len(),
                schema.enums.len(),
                schema.operations.len(),
            );
        }
        free = free.min(time(|| drop(schema)));
        if run == 0 {
            rss_ir = peak_rss_mib();
        }
        let mut generated = None;
        generate = generate.min(time(|| {
            generated = Some(black_box(
                graphdoc_codegen::Generator::new(&docs, &settings).crate_files("bench"),
            ));
        }));
        if let Some(generated) = &generated {
            files = generated.files.values().map(String::len).sum::<usize>();
        }
        free_generated = free_generated.min(time(|| drop(generated)));
    }
    let rss_all = peak_rss_mib();

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |d: Duration, floor: Duration| d.as_secs_f64() / floor.as_secs_f64();
    println!(
        "output: {} types, {} enums, {} operations, {:.1} MB of Rust",
        summary.0,
        summary.1,
        summary.2,
        files as f64 / 1e6
    );
    println!();
    println!(
        "{:<34} {:>10} {:>16} {:>18}",
        "phase", "ms", "x serial floor", "x parallel floor"
    );
    for (name, d) in [
        ("pulldown-cmark floor, 1 thread", floor_serial),
        ("pulldown-cmark floor, all threads", floor_parallel),
        ("graphdoc parse + IR", parse_ir),
        ("graphdoc full generate", generate),
    ] {
        println!(
            "{name:<34} {:>10.1} {:>16.2} {:>18.2}",
            ms(d),
            ratio(d, floor_serial),
            ratio(d, floor_parallel)
        );
    }
    println!(
        "freeing the output (not in the figures; the binary exits without it): schema {:.1} ms, generated crate {:.1} ms",
        ms(free),
        ms(free_generated)
    );
    println!();
    let show = |v: Option<f64>| v.map_or("n/a".to_string(), |m| format!("{m:.0} MiB"));
    println!(
        "peak memory: after loading {}, after parse+IR {}, after generate {}",
        show(rss_loaded),
        show(rss_ir),
        show(rss_all)
    );
    println!(
        "targets: parse+IR <= 1.0x the serial floor: {}; full generate <= 4x: {}; peak < 1 GiB: {}",
        verdict(ratio(parse_ir, floor_serial) <= 1.0),
        verdict(ratio(generate, floor_serial) <= 4.0),
        verdict(rss_all.is_some_and(|m| m < 1024.0)),
    );
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}
