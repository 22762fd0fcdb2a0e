//! The `graphdoc` binary's allocator setting (the `fast-alloc` feature): mimalloc, told to keep
//! what a run frees.

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e` of `mimalloc.h`, the same in
/// mimalloc 2 and 3): the Rust bindings name no constant for it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse until the process exits, instead of giving it back to the OS 10 ms
/// after it is freed (mimalloc's default). A run of `generate` frees and allocates hundreds of MiB
/// in turns (pages, then facts, then the schema, then the Rust text), and memory given back is
/// zeroed by the kernel again when it is next touched: a third of a corpus run's time, by `perf`,
/// when runs follow each other in one process. The cost: a process holds its peak until it exits.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator, which any thread may do at any time;
    // -1 is a documented value of this option ("no purging at all").
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}
