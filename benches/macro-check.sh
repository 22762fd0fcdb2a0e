#!/usr/bin/env bash
# What `graph_models!` costs a user's `cargo check`, against the same items from build.rs, measured
# in the same run. Two scratch crates (outside the workspace, in the dev profile, so the proc-macro
# and graphdoc-codegen run unoptimised as they do for users) generate the corpus with three roots:
#
#   macro:    graphdoc_macros::graph_models!("<corpus>", roots = [...]);
#   build.rs: graphdoc_codegen::Builder ... + include!(concat!(env!("OUT_DIR"), "/graph.rs"));
#
# and are checked: once to build their dependencies, then
#   first   the macro with its expansion cache cleared / the build script re-run, lib.rs touched
#   recheck lib.rs touched only (the docs unchanged), the median of RUNS
# Prints each time and the macro's ratios to build.rs. Skips (exit 0) when the corpus is absent.
#
#   bash benches/macro-check.sh                 # RUNS=5 by default
#   RUNS=3 OPT=2 bash benches/macro-check.sh    # with the README's override: build-override opt-level 3
#   RUNS=3 OPT=1 bash benches/macro-check.sh    # opt-level 3 for graphdoc-macros and -codegen only
#   ROOTS='"user"' bash benches/macro-check.sh  # other roots (a Rust list body)
#   FOLLOW=1 bash benches/macro-check.sh        # follow_navigation = true
#   CACHE=off bash benches/macro-check.sh       # the macro without its expansion cache
#
# The crates and their target folder live in target/macro-check (GRAPHDOC_BENCH_DIR overrides);
# the first run compiles the dependencies, a few minutes on 2 cores.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${GRAPHDOC_CORPUS:-$ROOT/../shared/corpus/graph-docs-2021-07/api-reference}"
if [ ! -d "$CORPUS" ]; then
    echo "macro-check: skipped, $CORPUS is absent (it lives outside the repository)"
    exit 0
fi
CORPUS="$(cd "$CORPUS" && pwd)"
WORK="${GRAPHDOC_BENCH_DIR:-$ROOT/target/macro-check}"
RUNS="${RUNS:-5}"
ROOTS="${ROOTS:-\"remoteActionAudit\", \"auditEvent\", \"user\"}"
OPT="${OPT:-0}"
FOLLOW="${FOLLOW:-0}"
if [ "${CACHE:-on}" = off ]; then export GRAPHDOC_MACRO_CACHE=off; fi
export CARGO_TARGET_DIR="$WORK/target"

# One crate: $1 name, $2 extra Cargo.toml, $3 lib.rs, $4 build.rs (optional).
make_crate() {
    local dir="$WORK/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml.new" <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["raw_value"] }
http = "1"
$2
EOF
    if [ "$OPT" = 1 ]; then
        cat >>"$dir/Cargo.toml.new" <<EOF

[profile.dev.package.graphdoc-macros]
opt-level = 3
[profile.dev.package.graphdoc-codegen]
opt-level = 3
EOF
    elif [ "$OPT" = 2 ]; then
        cat >>"$dir/Cargo.toml.new" <<EOF

[profile.dev.build-override]
opt-level = 3
EOF
    fi
    # Unchanged files keep their mtime, so a second run reuses the first one's build.
    cmp -s "$dir/Cargo.toml.new" "$dir/Cargo.toml" || mv "$dir/Cargo.toml.new" "$dir/Cargo.toml"
    rm -f "$dir/Cargo.toml.new"
    printf '%s\n' "$3" >"$dir/src/lib.rs"
    if [ -n "${4:-}" ]; then printf '%s\n' "$4" >"$dir/build.rs"; fi
    [ -f "$dir/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
}

follow_opt=""
follow_builder=""
if [ "$FOLLOW" = 1 ]; then
    follow_opt=", follow_navigation = true"
    follow_builder='.option("follow_navigation", true)'
fi
make_crate user-macro "graphdoc-macros = { path = \"$ROOT/macros\" }" \
    "graphdoc_macros::graph_models!(\"$CORPUS\", roots = [$ROOTS]$follow_opt);"
make_crate user-buildrs "[build-dependencies]
graphdoc-codegen = { path = \"$ROOT/codegen\", default-features = false }" \
    'include!(concat!(env!("OUT_DIR"), "/graph.rs"));' \
    "fn main() -> Result<(), graphdoc_codegen::Error> {
    // Re-run on demand (the benchmark's \"first\" run) without touching the read-only docs.
    println!(\"cargo:rerun-if-env-changed=GRAPHDOC_BENCH_NONCE\");
    graphdoc_codegen::Builder::new()
        .docs(\"$CORPUS\")
        .roots([$ROOTS])
        $follow_builder
        .quiet(true)
        .generate()
}"

now() { date +%s.%N; }
# Seconds of one `cargo check` of crate $1.
check() {
    local start end
    start=$(now)
    (cd "$WORK/$1" && cargo check -q 2>"$WORK/$1.stderr") || {
        cat "$WORK/$1.stderr" >&2
        echo "macro-check: cargo check of $1 failed" >&2
        exit 1
    }
    end=$(now)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
touch_lib() { touch "$WORK/$1/src/lib.rs"; }
macro_cache() { echo "$CARGO_TARGET_DIR/graphdoc-macro-cache"; }

echo "macro-check: $CORPUS, roots [$ROOTS], opt override $OPT, follow_navigation $FOLLOW, cache ${CACHE:-on}, $RUNS runs"
echo "macro-check: building the dependencies of both crates (once)"
check user-buildrs >/dev/null
check user-macro >/dev/null

rm -rf "$(macro_cache)"
touch_lib user-macro
macro_first=$(check user-macro)
touch_lib user-buildrs
nonce=$RANDOM$RANDOM
buildrs_first=$(GRAPHDOC_BENCH_NONCE=$nonce check user-buildrs)

macro_times=()
buildrs_times=()
for _ in $(seq "$RUNS"); do
    touch_lib user-buildrs
    buildrs_times+=("$(GRAPHDOC_BENCH_NONCE=$nonce check user-buildrs)")
    touch_lib user-macro
    macro_times+=("$(check user-macro)")
done
macro_recheck=$(printf '%s\n' "${macro_times[@]}" | median)
buildrs_recheck=$(printf '%s\n' "${buildrs_times[@]}" | median)

lines=$(wc -c <"$(ls -t "$CARGO_TARGET_DIR"/debug/build/user-buildrs-*/out/graph.rs | head -1)")
printf 'macro-check: the items: %s KiB of Rust (build.rs output)\n' "$((lines / 1024))"
# What the expansion itself costs: the first check less a check of the same items from build.rs.
printf 'first check:      macro %6.2f s, build.rs %6.2f s (generating unoptimised, then checking)\n' \
    "$macro_first" "$buildrs_first"
printf 'first expansion:  macro first - build.rs re-check = %.2f s (target <= 2 s); build.rs script %.2f s\n' \
    "$(echo "$macro_first - $buildrs_recheck" | bc)" "$(echo "$buildrs_first - $buildrs_recheck" | bc)"
printf 're-check (median): macro %6.2f s, build.rs %6.2f s: macro %+.2f s, %.2fx (target: <= +0.25 s)\n' \
    "$macro_recheck" "$buildrs_recheck" "$(echo "$macro_recheck - $buildrs_recheck" | bc)" \
    "$(echo "$macro_recheck / $buildrs_recheck" | bc -l)"
echo "re-check runs: macro ${macro_times[*]}; build.rs ${buildrs_times[*]}"
