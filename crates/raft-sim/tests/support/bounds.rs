//! The bounds every fuzzed call is held to, shared by the fuzz targets of
//! raft-sim (`fuzz_parsers.rs`) and raft-app (`fuzz_inputs.rs`, which
//! includes this file by path): a time bound, and a heap bound measured by
//! a counting global allocator.

/// Every fuzzed call must finish within this time (a second when
/// optimized, as `cargo xtask soak` builds; the unoptimized build of `cargo
/// test`, beside other tests on two cores, gets five)...
pub const TIME_BOUND: std::time::Duration =
    std::time::Duration::from_secs(if cfg!(debug_assertions) { 5 } else { 1 });
/// ...and hold at most this much more heap at its peak than before it.
pub const MEMORY_BOUND: usize = 100 << 20;

/// Counts each thread's heap bytes, so a call's peak can be bounded while
/// the other tests run on other threads.
struct Counting;

thread_local! {
    static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
    static PEAK: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

// SAFETY: forwards to the system allocator with the same layout; the
// counters are const-initialized thread-locals without destructors, so
// touching them never allocates.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let p = unsafe { std::alloc::System.alloc(layout) };
        if !p.is_null() {
            let _ = LIVE.try_with(|live| {
                live.set(live.get() + layout.size() as isize);
                let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
            });
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, layout) };
        let _ = LIVE.try_with(|live| live.set(live.get() - layout.size() as isize));
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, failing if it takes longer than [`TIME_BOUND`] or its heap
/// grows more than [`MEMORY_BOUND`] at any point.
pub fn bounded<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let base = LIVE.with(std::cell::Cell::get);
    PEAK.with(|p| p.set(base));
    let started = std::time::Instant::now();
    let out = f();
    let took = started.elapsed();
    let grew = PEAK.with(std::cell::Cell::get) - base;
    assert!(grew as usize <= MEMORY_BOUND, "{what} used {grew} bytes");
    assert!(took <= TIME_BOUND, "{what} took {took:?}");
    out
}
